//! The JSON endpoints beside `/v1/ask` that the chat page (and any API client) uses: `POST
//! /v1/feedback` rates an answer 👍/👎, `POST /v1/forget` erases everything kept about a user.
//! Same contract style as `/v1/ask`: a JSON body with `deny_unknown_fields`, a JSON reply, and
//! `{"error": "..."}` with a 4xx/5xx.

use crate::server::Server;
use crate::server::WebChat;
use crate::store::{Feedback, Verdict};
use axum::Extension;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use std::sync::Arc;

/// The channel the chat page's turns are recorded under (users are `web:<id>`).
pub const WEB_CHANNEL: &str = "web";

/// The channel a JSON client speaks for: `http` (API clients; the default) or `web` (the chat
/// page), or the 400 error's text. A user's key is `<channel>:<user>`, so the two never share a
/// conversation.
pub fn channel(requested: Option<&str>) -> Result<&'static str, &'static str> {
    match requested {
        None | Some("http") => Ok(crate::server::API_CHANNEL),
        Some("web") => Ok(WEB_CHANNEL),
        Some(_) => Err("`channel` must be \"http\" or \"web\""),
    }
}

/// The channel of a request: through the web chat's paths (`chat`), always `web`; else as
/// [`channel`] reads `requested`.
pub fn channel_of(chat: Option<Extension<WebChat>>, requested: Option<&str>) -> Result<&'static str, &'static str> {
    match (chat, requested) {
        (None, requested) => channel(requested),
        (Some(_), None | Some("web")) => Ok(WEB_CHANNEL),
        (Some(_), Some(_)) => Err("the web chat's paths speak for `channel` \"web\" only"),
    }
}

/// A JSON error body, as `/v1/ask` writes them.
fn error(status: StatusCode, message: &str) -> Response {
    (status, axum::Json(serde_json::json!({ "error": message }))).into_response()
}

/// The body of `POST /v1/feedback`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FeedbackRequest {
    /// The `answer_id` of a `/v1/ask` reply.
    answer_id: String,
    verdict: Verdict,
    /// The `user` the question was asked with (none for an anonymous question).
    #[serde(default)]
    user: Option<String>,
    #[serde(default)]
    channel: Option<String>,
}

/// The body of `POST /v1/forget`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ForgetRequest {
    user: String,
    #[serde(default)]
    channel: Option<String>,
}

/// What a store call came to.
enum Outcome<T> {
    Done(T),
    /// No answer with that id was given to this user.
    NoSuchAnswer,
    Failed(String),
}

/// Runs a store call off the async workers.
async fn blocking<T: Send + 'static>(
    server: &Arc<Server>,
    call: impl FnOnce(&Server) -> Outcome<T> + Send + 'static,
) -> Outcome<T> {
    let server = server.clone();
    tokio::task::spawn_blocking(move || call(&server)).await.unwrap_or_else(|e| Outcome::Failed(e.to_string()))
}

/// `POST /v1/feedback`: `{"answer_id", "verdict": "up"|"down", "user"?, "channel"?}` →
/// `{"stored": true}`. Only the user an answer was given to can rate it (404 otherwise); their
/// latest verdict on an answer wins.
pub async fn feedback(State(server): State<Arc<Server>>, chat: Option<Extension<WebChat>>, body: Bytes) -> Response {
    let request: FeedbackRequest = match serde_json::from_slice(&body) {
        Ok(r) => r,
        Err(e) => {
            return error(
                StatusCode::BAD_REQUEST,
                &format!(
                    "the body must be {{\"answer_id\": \"...\", \"verdict\": \"up\" or \"down\", \"user\": \"the id the question was asked with\"}}: {e}"
                ),
            );
        }
    };
    let channel = match channel_of(chat, request.channel.as_deref()) {
        Ok(c) => c,
        Err(refused) => return error(StatusCode::BAD_REQUEST, refused),
    };
    let outcome = blocking(&server, move |server| {
        let store = &server.shared.store;
        let user = match request.user.as_deref().filter(|u| !u.is_empty()) {
            Some(u) => store.user_hash(&format!("{channel}:{u}")),
            None => String::new(),
        };
        let turn = match store.turn(&request.answer_id) {
            Ok(Some(turn)) if turn.user == user => turn,
            Ok(_) => return Outcome::NoSuchAnswer,
            Err(e) => return Outcome::Failed(e.to_string()),
        };
        let feedback = Feedback {
            answer_id: turn.answer_id,
            at: crate::app::now(),
            user,
            verdict: request.verdict,
            question: turn.question,
            intent: turn.intent,
            cited: turn.cited,
        };
        match store.feedback(&feedback) {
            Ok(()) => Outcome::Done(()),
            Err(e) => Outcome::Failed(e.to_string()),
        }
    })
    .await;
    match outcome {
        Outcome::Done(()) => (StatusCode::OK, axum::Json(serde_json::json!({ "stored": true }))).into_response(),
        Outcome::NoSuchAnswer => error(StatusCode::NOT_FOUND, "no answer with this answer_id was given to this user"),
        Outcome::Failed(e) => {
            tracing::warn!("cannot store feedback: {e}");
            server.shared.metrics.error(channel, "store");
            error(StatusCode::SERVICE_UNAVAILABLE, "the feedback could not be stored; try again later")
        }
    }
}

/// `POST /v1/forget`: `{"user", "channel"?}` → `{"erased": N}`, the records that went (context,
/// questions, feedback, comments).
pub async fn forget(State(server): State<Arc<Server>>, chat: Option<Extension<WebChat>>, body: Bytes) -> Response {
    let request = match serde_json::from_slice::<ForgetRequest>(&body) {
        Ok(r) if !r.user.is_empty() => r,
        Ok(_) => return error(StatusCode::BAD_REQUEST, "`user` must not be empty"),
        Err(e) => {
            return error(
                StatusCode::BAD_REQUEST,
                &format!("the body must be {{\"user\": \"the id the questions were asked with\"}}: {e}"),
            );
        }
    };
    let channel = match channel_of(chat, request.channel.as_deref()) {
        Ok(c) => c,
        Err(refused) => return error(StatusCode::BAD_REQUEST, refused),
    };
    let outcome = blocking(&server, move |server| {
        let store = &server.shared.store;
        match store.forget(&store.user_hash(&format!("{channel}:{}", request.user))) {
            Ok(gone) => Outcome::Done(gone),
            Err(e) => Outcome::Failed(e.to_string()),
        }
    })
    .await;
    match outcome {
        Outcome::Done(gone) => (StatusCode::OK, axum::Json(serde_json::json!({ "erased": gone }))).into_response(),
        Outcome::NoSuchAnswer => error(StatusCode::NOT_FOUND, "no such user"),
        Outcome::Failed(e) => {
            tracing::warn!("cannot erase a user's data: {e}");
            server.shared.metrics.error(channel, "store");
            error(StatusCode::SERVICE_UNAVAILABLE, "the data could not be erased; try again later")
        }
    }
}
