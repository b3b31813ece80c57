//! `hoidap serve`: one HTTP server (axum) for the JSON API and health check (`api`), and the
//! channels' webhooks (`webhooks`: Telegram, Zalo Bot, Zalo Official Account). Webhooks are
//! authenticated, acknowledged at once and answered in the background in ordered lanes
//! (`lanes`); a retried delivery is recognised in the store and answered once, and one whose
//! replica died before answering is taken over (`recovery`).

mod api;
mod asking;
mod guard;
mod lanes;
mod listen;
mod recovery;
pub mod web;
mod webhooks;

pub use api::API_CHANNEL;
pub use guard::{DEFAULT_PER_CLIENT, Guard, WebChat, answering_threads, default_concurrency, default_per_second};
pub use lanes::{LANE_QUEUE, LANES};
pub use listen::{Connections, serve};
pub use recovery::{RECOVER_AFTER, spawn_recovery};
pub use webhooks::{TELEGRAM_SECRET_HEADER, TelegramHook, deliver_zalo_bot};

use crate::app::State;
use crate::zalo::{ZaloBotHook, ZaloOaHook};
use axum::Router;
use axum::extract::{DefaultBodyLimit, MatchedPath, Request};
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use std::sync::Arc;
use std::time::Duration;
use tokio_util::task::TaskTracker;

/// Request bodies larger than this are refused with 413.
pub const MAX_BODY: usize = 1024 * 1024;
/// The body limit of the question paths (`/v1/ask`, `/chat/ask`): a question is cut to
/// [`crate::core::MAX_RAW_QUESTION_CHARS`] characters (at most 12 KB of UTF-8) anyway, so a
/// larger body is refused before a byte of it is read.
pub const ASK_BODY: usize = 16 * 1024;
/// A request that takes longer (a slow client sending its body) is answered with 408.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// The channels whose webhooks are on.
#[derive(Default)]
pub struct Channels {
    pub telegram: Option<TelegramHook>,
    pub zalo_bot: Option<ZaloBotHook>,
    pub zalo_oa: Option<ZaloOaHook>,
}

/// What the handlers share.
pub struct Server {
    /// The engine, the store, the per-user rate limit and the metrics every channel uses.
    pub shared: Arc<State>,
    pub channels: Channels,
    /// Webhook answers still queued or being written (each job holds a token), waited for on
    /// shutdown.
    background: TaskTracker,
    /// The lanes deliveries are answered in, started with the first delivery.
    lanes: std::sync::OnceLock<Vec<tokio::sync::mpsc::Sender<lanes::Job>>>,
    /// A delivery acknowledged this long ago and still not answered is taken over (its replica
    /// died, or this process crashed).
    recover_after: Duration,
    /// The chat page and the dashboard's settings (`src/server/web/`).
    pub(crate) web: crate::server::web::Config,
    /// The limits of the public endpoints.
    guard: Guard,
    /// Deliveries queued or being answered by this process, by "channel:id", as kept in the
    /// store, and whether each was recovered: recovery never takes them over, and the records of
    /// those not recovered are dated anew so that no other replica does either.
    in_flight: std::sync::Mutex<std::collections::HashMap<String, lanes::Held>>,
    /// Taken (write) while records of deliveries held here are dated anew, and (read) from
    /// marking a held delivery done to dropping its record: a record is never written back
    /// after it was dropped, so an answered delivery is never recovered and answered again.
    /// Taken on blocking threads only.
    refreshing: std::sync::RwLock<()>,
    /// Set on shutdown: `/readyz` then answers 503.
    stopping: std::sync::atomic::AtomicBool,
}

impl Server {
    pub fn new(shared: Arc<State>, channels: Channels) -> Self {
        let (background, lanes) = (TaskTracker::new(), Default::default());
        Server {
            shared,
            channels,
            background,
            lanes,
            recover_after: RECOVER_AFTER,
            guard: Guard::default(),
            in_flight: Default::default(),
            refreshing: Default::default(),
            stopping: Default::default(),
            web: Default::default(),
        }
    }

    /// Applies these limits to the public endpoints.
    pub fn guarded(mut self, guard: Guard) -> Self {
        self.guard = guard;
        self
    }

    /// Marks the server as stopping: `/readyz` answers 503 so load balancers send no more.
    pub fn stop(&self) {
        self.stopping.store(true, std::sync::atomic::Ordering::Relaxed);
    }

    /// Takes over deliveries left unanswered this long (`HOIDAP_RECOVER_AFTER`).
    pub fn recovering_after(mut self, after: Duration) -> Self {
        self.recover_after = after;
        self
    }

    /// The webhook routes that are on, for the startup log.
    pub fn webhooks(&self) -> Vec<&'static str> {
        let c = &self.channels;
        [
            (c.telegram.is_some(), "/webhook/telegram"),
            (c.zalo_bot.is_some(), "/webhook/zalo-bot"),
            (c.zalo_oa.is_some(), "/webhook/zalo-oa"),
        ]
        .into_iter()
        .filter_map(|(on, path)| on.then_some(path))
        .collect()
    }

    /// Waits until background answers are written, at most `limit`; false when some were not.
    /// Deliveries taken after this still count, and a later call waits for them too.
    pub async fn drain(&self, limit: Duration) -> bool {
        self.background.close();
        tokio::time::timeout(limit, self.background.wait()).await.is_ok()
    }
}

/// The routes; a channel's webhook exists only when that channel is configured (404 otherwise).
pub fn app(server: Arc<Server>) -> Router {
    let mut router = Router::new()
        .route("/healthz", get(api::healthz))
        .route("/readyz", get(api::readyz))
        .route(
            "/metrics",
            get(api::metrics).route_layer(middleware::from_fn_with_state(server.clone(), guard::metrics_guard)),
        )
        .route(
            "/v1/ask",
            post(api::ask)
                .layer(DefaultBodyLimit::max(ASK_BODY))
                .route_layer(middleware::from_fn_with_state(server.clone(), guard::ask_guard)),
        );
    // Webhook secrets are checked by a layer that sees the headers only, before the body is read.
    if server.channels.telegram.is_some() {
        let route = post(webhooks::telegram_webhook)
            .route_layer(middleware::from_fn_with_state(server.clone(), guard::telegram_secret));
        router = router.route("/webhook/telegram", route);
    }
    if server.channels.zalo_bot.is_some() {
        let route = post(webhooks::zalo_bot_webhook)
            .route_layer(middleware::from_fn_with_state(server.clone(), guard::zalo_bot_secret));
        router = router.route("/webhook/zalo-bot", route);
    }
    if server.channels.zalo_oa.is_some() {
        let route = post(webhooks::zalo_oa_webhook).route_layer(middleware::from_fn(guard::zalo_oa_signature));
        router = router.route("/webhook/zalo-oa", route);
    }
    let timeout = tower_http::timeout::TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, REQUEST_TIMEOUT);
    router
        .merge(crate::server::web::routes(&server))
        .route_layer(middleware::from_fn(declared_size))
        .route_layer(middleware::from_fn_with_state(server.clone(), counted))
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .layer(timeout)
        .layer(middleware::map_response(timeout_as_json))
        .layer(tower_http::trace::TraceLayer::new_for_http().on_failure(failure))
        .with_state(server)
}

/// The body limit of a route.
fn body_limit(path: &str) -> usize {
    if path == "/v1/ask" || path == web::CHAT_ASK { ASK_BODY } else { MAX_BODY }
}

/// A body whose declared length (`Content-Length`) is over its route's limit is refused with 413
/// at once, before any other check and before a byte of it is read (a body sent without a length
/// is cut at the limit as it is read).
async fn declared_size(request: Request, next: Next) -> Response {
    let declared = request.headers().get(axum::http::header::CONTENT_LENGTH);
    let declared = declared.and_then(|v| v.to_str().ok()).and_then(|v| v.trim().parse::<u64>().ok());
    let limit = body_limit(request.uri().path());
    if declared.is_some_and(|length| length > limit as u64) {
        return error(StatusCode::PAYLOAD_TOO_LARGE, &format!("the body is larger than {limit} bytes"));
    }
    next.run(request).await
}

/// Counts requests per route and status.
async fn counted(
    axum::extract::State(server): axum::extract::State<Arc<Server>>,
    request: Request,
    next: Next,
) -> Response {
    let route = request.extensions().get::<MatchedPath>().map(|p| p.as_str().to_owned()).unwrap_or_default();
    let response = next.run(request).await;
    server.shared.metrics.request(&route, response.status().as_u16());
    response
}

/// Logs a request that failed (5xx, or a broken connection), as tower-http does at ERROR,
/// except the 503s of the limits: those are refusals counted in `/metrics`
/// (`hoidap_errors_total`), and a flood of them must not flood the log too (nor cost the async
/// workers a write each).
fn failure(class: tower_http::classify::ServerErrorsFailureClass, latency: Duration, _: &tracing::Span) {
    use tower_http::classify::ServerErrorsFailureClass;
    match class {
        ServerErrorsFailureClass::StatusCode(StatusCode::SERVICE_UNAVAILABLE) => {
            tracing::debug!(?latency, "refused with 503")
        }
        class => tracing::error!(%class, ?latency, "response failed"),
    }
}

/// tower-http's timeout answers with an empty body; every error of this server is JSON. No
/// handler answers 408 itself.
async fn timeout_as_json(response: Response) -> Response {
    match response.status() {
        StatusCode::REQUEST_TIMEOUT => error(StatusCode::REQUEST_TIMEOUT, "the request took too long"),
        _ => response,
    }
}

/// A JSON error body: `{"error": "..."}`.
fn error(status: StatusCode, message: &str) -> Response {
    (status, axum::Json(serde_json::json!({ "error": message }))).into_response()
}

/// Runs a store call off the async workers; its error, or the task's, as a message.
async fn with_store<T: Send + 'static>(
    server: &Server,
    call: impl FnOnce(&crate::store::Store) -> crate::store::Result<T> + Send + 'static,
) -> Result<T, String> {
    let shared = server.shared.clone();
    match tokio::task::spawn_blocking(move || call(&shared.store)).await {
        Ok(done) => done.map_err(|e| e.to_string()),
        Err(e) => Err(e.to_string()),
    }
}
