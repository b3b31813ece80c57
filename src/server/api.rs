//! The JSON API: `POST /v1/ask` (a question in, the answer and its citations out), `GET /healthz`
//! and `GET /metrics`.

use super::{Server, error};
use crate::app::now;
use crate::core::render::JsonReply;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use std::sync::Arc;

/// The channel name `/v1/ask` turns are recorded under.
pub const API_CHANNEL: &str = "http";

pub(super) async fn metrics(State(server): State<Arc<Server>>) -> Response {
    let headers = [(axum::http::header::CONTENT_TYPE, "text/plain; version=0.0.4")];
    (headers, server.shared.metrics.render(server.shared.store.memory_only.is_some())).into_response()
}

pub(super) async fn healthz(State(server): State<Arc<Server>>) -> Response {
    let shared = server.shared.clone();
    let ready = tokio::task::spawn_blocking(move || shared.store.context("healthz", now()).map(|_| ())).await;
    match ready {
        Ok(Ok(())) => {
            let entries = server.shared.engine.knowledge().entries.len();
            // Answering without memory is degraded, not down: a restart would not fix the
            // directory, and the bot keeps answering.
            let body = match &server.shared.store.memory_only {
                None => serde_json::json!({ "status": "ok", "entries": entries }),
                Some(why) => {
                    serde_json::json!({ "status": "degraded", "entries": entries, "store": format!("memory only: {why}") })
                }
            };
            (StatusCode::OK, axum::Json(body)).into_response()
        }
        Ok(Err(e)) => error(StatusCode::SERVICE_UNAVAILABLE, &format!("the store is not available: {e}")),
        Err(e) => error(StatusCode::SERVICE_UNAVAILABLE, &format!("the health check failed: {e}")),
    }
}

/// The body of `POST /v1/ask`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AskRequest {
    question: String,
    /// Any stable id of the asker: follow-ups then use their context.
    #[serde(default)]
    user: Option<String>,
    /// `http` (the default) or `web` (the chat page): what the turn is recorded under.
    #[serde(default)]
    channel: Option<String>,
}

pub(super) async fn ask(State(server): State<Arc<Server>>, body: Bytes) -> Response {
    let request: AskRequest = match serde_json::from_slice(&body) {
        Ok(r) => r,
        Err(e) => {
            return error(
                StatusCode::BAD_REQUEST,
                &format!("the body must be {{\"question\": \"...\", \"user\": \"optional id\"}}: {e}"),
            );
        }
    };
    let channel = match crate::web::api::channel(request.channel.as_deref()) {
        Ok(channel) => channel,
        Err(refused) => return error(StatusCode::BAD_REQUEST, refused),
    };
    let user = request.user.filter(|u| !u.is_empty());
    let answered = match server.shared.answer(channel, user, request.question).await {
        Ok(answered) => answered,
        Err(e) => return error(StatusCode::INTERNAL_SERVER_ERROR, &format!("answering failed: {e}")),
    };
    let mut json = JsonReply::new(&answered.answer);
    json.answer_id = answered.answer_id.as_deref();
    match serde_json::to_value(&json) {
        Ok(json) => (StatusCode::OK, axum::Json(json)).into_response(),
        Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, &format!("the answer could not be written: {e}")),
    }
}
