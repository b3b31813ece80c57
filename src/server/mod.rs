//! `hoidap serve`: one HTTP server (axum) for the JSON API, the health check and the channels'
//! webhooks. Webhooks are acknowledged at once and answered in the background; a retried
//! delivery is recognised in the store and answered once.

use crate::core::render::JsonReply;
use crate::service;
use crate::telegram::bot::{self, State as BotState, Tg};
use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use teloxide::types::{Me, Update};

/// Request bodies larger than this are refused with 413.
pub const MAX_BODY: usize = 1024 * 1024;
/// A request that takes longer (a slow client sending its body) is answered with 408.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// The channel name `/v1/ask` turns are recorded under.
pub const API_CHANNEL: &str = "http";
/// The header Telegram sends the webhook secret in.
pub const TELEGRAM_SECRET_HEADER: &str = "x-telegram-bot-api-secret-token";

/// The Telegram webhook, when configured.
pub struct TelegramHook {
    pub bot: Tg,
    pub me: Me,
    /// Compared with every delivery's secret header.
    pub secret: String,
}

/// What the handlers share.
pub struct Server {
    /// The engine, the store and the per-user rate limit, as the Telegram handlers use them.
    pub shared: Arc<BotState>,
    pub telegram: Option<TelegramHook>,
    /// Webhook answers still being written, waited for on shutdown.
    in_flight: Arc<AtomicUsize>,
}

impl Server {
    pub fn new(shared: Arc<BotState>, telegram: Option<TelegramHook>) -> Self {
        Server { shared, telegram, in_flight: Arc::new(AtomicUsize::new(0)) }
    }

    /// The webhook routes that are on, for the startup log.
    pub fn webhooks(&self) -> Vec<&'static str> {
        self.telegram.iter().map(|_| "/webhook/telegram").collect()
    }

    /// Waits until background answers are written, at most `limit`.
    pub async fn drain(&self, limit: Duration) -> bool {
        let deadline = tokio::time::Instant::now() + limit;
        while self.in_flight.load(Ordering::SeqCst) > 0 {
            if tokio::time::Instant::now() >= deadline {
                return false;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        true
    }
}

/// The routes; a channel's webhook exists only when that channel is configured (404 otherwise).
pub fn app(server: Arc<Server>) -> Router {
    let mut router = Router::new().route("/healthz", get(healthz)).route("/v1/ask", post(ask));
    if server.telegram.is_some() {
        router = router.route("/webhook/telegram", post(telegram_webhook));
    }
    router.layer(DefaultBodyLimit::max(MAX_BODY)).layer(middleware::from_fn(with_timeout)).with_state(server)
}

async fn with_timeout(request: Request, next: Next) -> Response {
    match tokio::time::timeout(REQUEST_TIMEOUT, next.run(request)).await {
        Ok(response) => response,
        Err(_) => error(StatusCode::REQUEST_TIMEOUT, "the request took too long"),
    }
}

/// A JSON error body: `{"error": "..."}`.
fn error(status: StatusCode, message: &str) -> Response {
    (status, axum::Json(serde_json::json!({ "error": message }))).into_response()
}

async fn healthz(State(server): State<Arc<Server>>) -> Response {
    let shared = server.shared.clone();
    let ready = tokio::task::spawn_blocking(move || shared.store.context("healthz", bot::now()).map(|_| ())).await;
    match ready {
        Ok(Ok(())) => {
            let entries = server.shared.engine.knowledge().entries.len();
            (StatusCode::OK, axum::Json(serde_json::json!({ "status": "ok", "entries": entries }))).into_response()
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
}

async fn ask(State(server): State<Arc<Server>>, body: Bytes) -> Response {
    let request: AskRequest = match serde_json::from_slice(&body) {
        Ok(r) => r,
        Err(e) => {
            return error(
                StatusCode::BAD_REQUEST,
                &format!("the body must be {{\"question\": \"...\", \"user\": \"optional id\"}}: {e}"),
            );
        }
    };
    let shared = server.shared.clone();
    let answered = tokio::task::spawn_blocking(move || {
        let (engine, store, now) = (&shared.engine, &shared.store, bot::now());
        let reply = match request.user.as_deref().filter(|u| !u.is_empty()) {
            Some(user) => {
                let user = store.user_hash(&format!("{API_CHANNEL}:{user}"));
                service::answer(engine, store, API_CHANNEL, &user, &request.question, now)
            }
            None => service::answer_once(engine, store, API_CHANNEL, &request.question, now),
        };
        match reply {
            Ok(reply) => {
                let mut json = JsonReply::new(&reply.answer);
                json.answer_id = Some(&reply.turn.answer_id);
                serde_json::to_value(&json)
            }
            Err(e) => {
                // Without the store the answer still goes out, without memory.
                eprintln!("hoidap serve: store error, answering without memory: {e}");
                let answer = engine.answer(&request.question, &crate::core::Context::default());
                serde_json::to_value(JsonReply::new(&answer))
            }
        }
    })
    .await;
    match answered {
        Ok(Ok(json)) => (StatusCode::OK, axum::Json(json)).into_response(),
        Ok(Err(e)) => error(StatusCode::INTERNAL_SERVER_ERROR, &format!("the answer could not be written: {e}")),
        Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, &format!("answering failed: {e}")),
    }
}

/// Compares secrets in time independent of where they differ.
pub fn same_secret(given: &[u8], expected: &[u8]) -> bool {
    given.len() == expected.len() && given.iter().zip(expected).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
}

async fn telegram_webhook(State(server): State<Arc<Server>>, headers: HeaderMap, body: Bytes) -> Response {
    let Some(hook) = server.telegram.as_ref() else { return StatusCode::NOT_FOUND.into_response() };
    let given = headers.get(TELEGRAM_SECRET_HEADER).map(|v| v.as_bytes()).unwrap_or_default();
    if !same_secret(given, hook.secret.as_bytes()) {
        return error(StatusCode::UNAUTHORIZED, "missing or wrong X-Telegram-Bot-Api-Secret-Token");
    }
    let update: Update = match serde_json::from_slice(&body) {
        Ok(u) => u,
        Err(e) => return error(StatusCode::BAD_REQUEST, &format!("not a Telegram update: {e}")),
    };
    let shared = server.shared.clone();
    let id = update.id.0.to_string();
    let first = tokio::task::spawn_blocking(move || shared.store.first_delivery(bot::CHANNEL, &id, bot::now())).await;
    match first {
        Ok(Ok(false)) => return StatusCode::OK.into_response(),
        Ok(Ok(true)) => {}
        // Better to risk answering a retry twice than to never answer.
        Ok(Err(e)) => eprintln!("hoidap serve: cannot note a Telegram delivery: {e}"),
        Err(e) => eprintln!("hoidap serve: cannot note a Telegram delivery: {e}"),
    }
    let (bot, me, shared) = (hook.bot.clone(), hook.me.clone(), server.shared.clone());
    let in_flight = InFlight::start(&server.in_flight);
    tokio::spawn(async move {
        let _in_flight = in_flight;
        let handled = bot::schema().dispatch(teloxide::dptree::deps![update, bot, shared, me]).await;
        if let std::ops::ControlFlow::Break(Err(e)) = handled {
            eprintln!("hoidap serve: a Telegram reply failed: {e}");
        }
    });
    StatusCode::OK.into_response()
}

/// Counts a background answer while it runs.
struct InFlight(Arc<AtomicUsize>);

impl InFlight {
    fn start(counter: &Arc<AtomicUsize>) -> Self {
        counter.fetch_add(1, Ordering::SeqCst);
        InFlight(counter.clone())
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

#[cfg(test)]
mod tests {
    use super::same_secret;

    #[test]
    fn secrets_match_only_when_equal() {
        assert!(same_secret(b"s3cret", b"s3cret"));
        assert!(!same_secret(b"s3cres", b"s3cret"));
        assert!(!same_secret(b"s3cre", b"s3cret"));
        assert!(!same_secret(b"", b"s3cret"));
    }
}
