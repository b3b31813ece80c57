//! The JSON API: `POST /v1/ask` (a question in, the answer and its citations out), `GET /healthz`
//! (liveness), `GET /readyz` (readiness) and `GET /metrics`.

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
    let mut text = server.shared.metrics.render(server.shared.store.memory_only.is_some());
    // Zero once every acknowledged delivery is answered: what tests (and an operator draining a
    // replica) wait for.
    let in_flight = server.in_flight.lock().unwrap_or_else(|p| p.into_inner()).len();
    text.push_str("# HELP hoidap_deliveries_in_flight Webhook deliveries this process has queued or is answering.\n");
    text.push_str("# TYPE hoidap_deliveries_in_flight gauge\n");
    text.push_str(&format!("hoidap_deliveries_in_flight {in_flight}\n"));
    text.push_str("# HELP hoidap_questions_queued Questions (/v1/ask, /chat/ask) queued or being answered.\n");
    text.push_str("# TYPE hoidap_questions_queued gauge\n");
    text.push_str(&format!("hoidap_questions_queued {}\n", server.guard.questions_queued()));
    (headers, text).into_response()
}

/// The store as a load balancer or an operator should read it: no internal error text (that
/// goes to the log).
#[derive(Clone, Copy, PartialEq, Eq)]
enum StoreState {
    Ok,
    /// The store's directory could not be used at start: answering without memory.
    MemoryOnly,
    /// The store does not answer now (Redis down or cut off): answers go out without memory.
    Unreachable,
}

impl StoreState {
    fn name(self) -> &'static str {
        match self {
            StoreState::Ok => "ok",
            StoreState::MemoryOnly => "memory only",
            StoreState::Unreachable => "unreachable",
        }
    }
}

/// How long the health probes wait for the store.
const PROBE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(3);

/// Reads a record off the async workers, within [`PROBE_TIMEOUT`].
async fn probe_store(server: &Server) -> StoreState {
    if server.shared.store.memory_only.is_some() {
        return StoreState::MemoryOnly;
    }
    let shared = server.shared.clone();
    let read = tokio::task::spawn_blocking(move || shared.store.context("healthz", now()).map(|_| ()));
    match tokio::time::timeout(PROBE_TIMEOUT, read).await {
        Ok(Ok(Ok(()))) => StoreState::Ok,
        Ok(Ok(Err(e))) => {
            tracing::warn!("health probe: the store is not available: {e}");
            StoreState::Unreachable
        }
        Ok(Err(e)) => {
            tracing::warn!("health probe: the store call stopped: {e}");
            StoreState::Unreachable
        }
        Err(_) => {
            tracing::warn!("health probe: the store did not answer within {PROBE_TIMEOUT:?}");
            StoreState::Unreachable
        }
    }
}

/// Liveness: 200 whenever the process answers HTTP (answers go out even without the store, so a
/// restart would not help), with the store's state in the body.
pub(super) async fn healthz(State(server): State<Arc<Server>>) -> Response {
    let store = probe_store(&server).await;
    let status = if store == StoreState::Ok { "ok" } else { "degraded" };
    let entries = server.shared.engine.knowledge().entries.len();
    let body = serde_json::json!({ "status": status, "entries": entries, "store": store.name() });
    (StatusCode::OK, axum::Json(body)).into_response()
}

/// Readiness, for a load balancer choosing among replicas: 503 while stopping, or while the
/// store cannot be used (this replica would answer without memory and could answer a retried
/// delivery twice; a replica that reaches the store should take the traffic). See
/// docs/deploy.md for when to check `/healthz` instead.
pub(super) async fn readyz(State(server): State<Arc<Server>>) -> Response {
    if server.stopping.load(std::sync::atomic::Ordering::Relaxed) {
        let body = serde_json::json!({ "ready": false, "reason": "stopping" });
        return (StatusCode::SERVICE_UNAVAILABLE, axum::Json(body)).into_response();
    }
    let store = probe_store(&server).await;
    let ready = store == StoreState::Ok;
    let status = if ready { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
    (status, axum::Json(serde_json::json!({ "ready": ready, "store": store.name() }))).into_response()
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

pub(super) async fn ask(
    State(server): State<Arc<Server>>,
    chat: Option<axum::Extension<super::WebChat>>,
    slot: Option<axum::Extension<super::guard::Slot>>,
    pressed: Option<axum::Extension<super::guard::Pressed>>,
    body: Bytes,
) -> Response {
    let request: AskRequest = match serde_json::from_slice(&body) {
        Ok(r) => r,
        Err(e) => {
            return error(
                StatusCode::BAD_REQUEST,
                &format!("the body must be {{\"question\": \"...\", \"user\": \"optional id\"}}: {e}"),
            );
        }
    };
    let channel = match crate::server::web::api::channel_of(chat, request.channel.as_deref()) {
        Ok(channel) => channel,
        Err(refused) => return error(StatusCode::BAD_REQUEST, refused),
    };
    let user = request.user.filter(|u| !u.is_empty());
    // Cut at the boundary: nothing past the part the core reads is copied or kept.
    let question = crate::core::cut_question(&request.question).to_owned();
    // On the question paths' own low-priority threads, never on the webhooks' blocking pool.
    let shared = server.shared.clone();
    // An anonymous question under pressure is answered without being recorded (no answer id,
    // so no feedback on it): its store writes would compete with the webhooks'.
    let record = user.is_some() || pressed.is_none();
    let answering = move || match record {
        true => shared.answer_now(channel, user.as_deref(), &question),
        false => {
            let started = std::time::Instant::now();
            let answer = shared.engine.answer(&question, &crate::core::Context::default());
            shared.metrics.answer(channel, answer.answered, started.elapsed());
            crate::app::Answered { answer, answer_id: None }
        }
    };
    let Some(answered) = server.guard.answering(slot.map(|s| s.0), answering).await else {
        return error(StatusCode::INTERNAL_SERVER_ERROR, "answering failed");
    };
    let mut json = JsonReply::new(&answered.answer);
    json.answer_id = answered.answer_id.as_deref();
    match serde_json::to_value(&json) {
        Ok(json) => (StatusCode::OK, axum::Json(json)).into_response(),
        Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, &format!("the answer could not be written: {e}")),
    }
}
