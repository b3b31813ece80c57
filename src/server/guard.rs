//! What a request must pass before a handler runs: the bearer token of the JSON API (`/v1/*`)
//! and `/metrics` (when `HOIDAP_API_TOKEN` is set), the per-client rate limit, the global cap
//! a second and the concurrency limit of questions (the JSON API and the web chat's own
//! `/chat/*` paths, which need no token but answer only the chat page), and the webhook
//! secrets, checked on the headers alone before the body is read.

use super::{Server, error};
use crate::app::{Admit, RateLimit};
use crate::secret::same_secret;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Semaphore;

/// The header a client behind a trusted proxy is named in (its first hop).
const FORWARDED_FOR: &str = "x-forwarded-for";
/// Seconds a refused `/v1/ask` is told to wait before asking again.
const RETRY_AFTER_BUSY: u64 = 1;

/// The limits of the public endpoints.
pub struct Guard {
    /// `Authorization: Bearer <token>` required on `/v1/ask` and `/metrics` when set.
    api_token: Option<String>,
    /// `/v1/ask` requests answered at once; more get 503 with Retry-After. An answer holds a
    /// blocking thread: without this, a flood of questions queues ahead of every webhook.
    asking: Arc<Semaphore>,
    /// Of those, the ones being answered: on threads of their own, fewer than the cores, at the
    /// lowest CPU priority (`asking.rs`), never on the blocking pool the webhooks use.
    answering: super::asking::Answerers,
    /// Questions a client (its address) may ask per window.
    per_client: RateLimit,
    /// Questions admitted a second from all clients together: a spread-out attack, which no
    /// per-client limit sees, costs at most this many answers a second.
    pace: Pace,
    /// The client is the first `X-Forwarded-For` hop (set only behind a proxy that writes it:
    /// otherwise any client could name itself anew at every request).
    trusted_proxy: bool,
}

/// The default limits, without a cap a second (`hoidap serve` sets one: [`Guard::paced`]).
impl Default for Guard {
    fn default() -> Self {
        Guard::new(None, default_concurrency(), DEFAULT_PER_CLIENT, false)
    }
}

/// Questions a client may ask per minute by default (`HOIDAP_ASK_PER_MINUTE`).
pub const DEFAULT_PER_CLIENT: usize = 60;

/// Requests to the question paths admitted a second by default, all clients together
/// (`HOIDAP_ASK_PER_SECOND`): 25 a core, far above what the chat page and the API see from
/// people, far below what the answering thread can do (about 600 a second on one core,
/// BENCHMARKS.md), so that a flood leaves the cores and the store to the webhooks.
pub fn default_per_second() -> usize {
    25 * cores()
}

/// A global cap per second, counted in one-second windows.
struct Pace {
    per_second: usize,
    /// When the current window began, and the requests admitted in it.
    window: std::sync::Mutex<(Instant, usize)>,
}

/// Whether a request admitted by the global cap came while it was under pressure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Paced {
    Calm,
    /// More than half the second's budget is spent: anonymous questions are answered without
    /// being recorded (their store writes would compete with the webhooks').
    Pressed,
}

impl Pace {
    fn new(per_second: usize) -> Self {
        Pace { per_second: per_second.max(1), window: std::sync::Mutex::new((Instant::now(), 0)) }
    }

    /// Counts a request; `None` when this second's budget is spent.
    fn admit(&self, now: Instant) -> Option<Paced> {
        let mut window = self.window.lock().unwrap_or_else(|p| p.into_inner());
        if now.saturating_duration_since(window.0) >= Duration::from_secs(1) {
            *window = (now, 0);
        }
        if window.1 >= self.per_second {
            return None;
        }
        window.1 += 1;
        Some(if 2 * window.1 > self.per_second { Paced::Pressed } else { Paced::Calm })
    }
}

/// Marks a question admitted while the server is under pressure (see [`Paced::Pressed`]).
#[derive(Clone, Copy, Debug)]
pub(super) struct Pressed;

/// `/v1/ask` requests admitted at once by default: two a core (answers take a few
/// milliseconds; more only queue).
pub fn default_concurrency() -> usize {
    2 * cores()
}

/// The cores, and so the threads of the blocking pool (`cli::channels::runtime`).
fn cores() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get())
}

/// Questions answered at once: one fewer than the cores (at least one), so that a core is
/// always left to the webhooks.
pub fn answering_threads() -> usize {
    cores().saturating_sub(1).max(1)
}

impl Guard {
    /// At most `concurrent` questions at once and `per_minute` per client, with no cap a second
    /// until [`Guard::paced`]; a blank token is no token.
    pub fn new(api_token: Option<String>, concurrent: usize, per_minute: usize, trusted_proxy: bool) -> Self {
        Guard {
            api_token: api_token.filter(|t| !t.trim().is_empty()),
            asking: Arc::new(Semaphore::new(concurrent.max(1))),
            answering: super::asking::Answerers::new(answering_threads().min(concurrent.max(1))),
            per_client: RateLimit::new(per_minute.max(1), Duration::from_secs(60)),
            pace: Pace::new(usize::MAX),
            trusted_proxy,
        }
    }

    /// At most `per_second` requests to the question paths a second from all clients together
    /// (default [`default_per_second`]); more get 503 with Retry-After before any work.
    pub fn paced(mut self, per_second: usize) -> Self {
        self.pace = Pace::new(per_second);
        self
    }

    /// Runs `work` (a question's answer) on an answering thread, in turn; `None` when it
    /// panicked. The job holds the request's admission `slot` until it is answered or skipped,
    /// so the jobs waiting are bounded by the slots even when their askers have gone.
    pub(super) async fn answering<T: Send + 'static>(
        &self,
        slot: Option<Slot>,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Option<T> {
        self.answering.run(slot.and_then(|s| s.take()), work).await
    }

    /// Questions queued or being answered on the answering threads now.
    pub(super) fn questions_queued(&self) -> usize {
        self.answering.queued()
    }

    /// Whether the request carries the API token (always, when none is configured).
    fn authorized(&self, headers: &HeaderMap) -> bool {
        let Some(expected) = &self.api_token else { return true };
        let given = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).unwrap_or_default();
        let given = given.strip_prefix("Bearer ").unwrap_or_default().trim();
        same_secret(given.as_bytes(), expected.as_bytes())
    }

    /// The client a request counts against: the first `X-Forwarded-For` hop behind a trusted
    /// proxy, else the peer's address (without its port).
    fn client(&self, request: &Request) -> String {
        if self.trusted_proxy {
            let first = request.headers().get(FORWARDED_FOR).and_then(|v| v.to_str().ok());
            if let Some(hop) = first.and_then(|v| v.split(',').next()).map(str::trim).filter(|h| !h.is_empty()) {
                return hop.to_owned();
            }
        }
        match request.extensions().get::<ConnectInfo<SocketAddr>>() {
            Some(ConnectInfo(peer)) => peer.ip().to_string(),
            None => "unknown".to_owned(),
        }
    }
}

/// A refusal with `Retry-After`.
fn retry_after(status: StatusCode, seconds: u64, message: &str) -> Response {
    let mut response = error(status, message);
    response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    response
}

fn unauthorized() -> Response {
    let mut response = error(StatusCode::UNAUTHORIZED, "missing or wrong bearer token (HOIDAP_API_TOKEN)");
    response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    response
}

/// `/metrics`: the API token, when configured.
pub(super) async fn metrics_guard(State(server): State<Arc<Server>>, request: Request, next: Next) -> Response {
    if !server.guard.authorized(request.headers()) {
        return unauthorized();
    }
    next.run(request).await
}

/// `/v1/ask`, `/v1/feedback`, `/v1/forget`: the API token, the client's rate limit, the
/// global cap a second, then a free slot (held until answered).
pub(super) async fn ask_guard(State(server): State<Arc<Server>>, request: Request, next: Next) -> Response {
    if !server.guard.authorized(request.headers()) {
        return unauthorized();
    }
    limited(&server, request, next).await
}

/// Marks a request that came through the web chat's own paths (`/chat/*`): it speaks for the
/// channel `web` only.
#[derive(Clone, Copy, Debug)]
pub struct WebChat;

/// The header browsers name a request's initiator with (`same-origin`, `same-site`,
/// `cross-site`, `none`).
const FETCH_SITE: &str = "sec-fetch-site";

/// The web chat's paths (`/chat/ask`, `/chat/feedback`, `/chat/forget`): the page is public, so
/// they need no API token; they pass the same per-client rate limit and concurrency limit as
/// `/v1/ask`, and refuse a browser calling them from another site (`Sec-Fetch-Site`; without
/// the header, the JSON body already needs a CORS preflight this server never grants).
pub(super) async fn web_chat_guard(State(server): State<Arc<Server>>, mut request: Request, next: Next) -> Response {
    let site = request.headers().get(FETCH_SITE).map(|v| v.as_bytes());
    if site.is_some_and(|s| s != b"same-origin") {
        return error(StatusCode::FORBIDDEN, "the web chat's paths answer only the chat page itself");
    }
    request.extensions_mut().insert(WebChat);
    limited(&server, request, next).await
}

/// The client's rate limit, the global cap a second, then a free slot (held until answered):
/// each refusal (429, 503) comes before the body is read.
async fn limited(server: &Arc<Server>, mut request: Request, next: Next) -> Response {
    let guard = &server.guard;
    let client = guard.client(&request);
    use std::hash::{Hash, Hasher};
    let mut hasher = rustc_hash::FxHasher::default();
    client.hash(&mut hasher);
    if guard.per_client.admit(hasher.finish(), Instant::now()) != Admit::Answer {
        server.shared.metrics.error(super::API_CHANNEL, "rate-limited");
        let window = guard.per_client.window().as_secs();
        return retry_after(
            StatusCode::TOO_MANY_REQUESTS,
            window,
            "too many questions from this client; ask again later",
        );
    }
    let Some(paced) = guard.pace.admit(Instant::now()) else {
        server.shared.metrics.error(super::API_CHANNEL, "over-pace");
        return retry_after(
            StatusCode::SERVICE_UNAVAILABLE,
            RETRY_AFTER_BUSY,
            "the server is answering all the questions it can this second; ask again",
        );
    };
    if paced == Paced::Pressed {
        request.extensions_mut().insert(Pressed);
    }
    let Ok(permit) = guard.asking.clone().try_acquire_owned() else {
        server.shared.metrics.error(super::API_CHANNEL, "busy");
        return retry_after(StatusCode::SERVICE_UNAVAILABLE, RETRY_AFTER_BUSY, "too many questions at once; ask again");
    };
    // Held until the request ends, unless the handler hands it to the job that answers it.
    let slot = Slot(Arc::new(std::sync::Mutex::new(Some(permit))));
    request.extensions_mut().insert(slot.clone());
    next.run(request).await
}

/// A request's admission slot (a permit of the concurrency limit), in its extensions: freed
/// when the request ends, or handed to the job answering it ([`Guard::answering`]), which then
/// holds it until the answer is computed or skipped.
#[derive(Clone)]
pub(super) struct Slot(Arc<std::sync::Mutex<Option<tokio::sync::OwnedSemaphorePermit>>>);

impl Slot {
    fn take(&self) -> Option<tokio::sync::OwnedSemaphorePermit> {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).take()
    }
}

/// A webhook's secret header, compared before the body is read: a forged delivery costs no
/// more than its headers.
pub(super) fn secret_matches(headers: &HeaderMap, name: &str, expected: &str) -> bool {
    let given = headers.get(name).map(|v| v.as_bytes()).unwrap_or_default();
    same_secret(given, expected.as_bytes())
}

/// The Telegram webhook's secret header.
pub(super) async fn telegram_secret(State(server): State<Arc<Server>>, request: Request, next: Next) -> Response {
    let expected = server.channels.telegram.as_ref().map(|h| h.secret.as_str()).unwrap_or_default();
    if !secret_matches(request.headers(), super::TELEGRAM_SECRET_HEADER, expected) {
        return error(StatusCode::UNAUTHORIZED, "missing or wrong X-Telegram-Bot-Api-Secret-Token");
    }
    next.run(request).await
}

/// The Zalo Bot webhook's secret header.
pub(super) async fn zalo_bot_secret(State(server): State<Arc<Server>>, request: Request, next: Next) -> Response {
    let expected = server.channels.zalo_bot.as_ref().map(|h| h.secret.as_str()).unwrap_or_default();
    if !secret_matches(request.headers(), crate::zalo::bot::SECRET_HEADER, expected) {
        return error(StatusCode::UNAUTHORIZED, "missing or wrong X-Bot-Api-Secret-Token");
    }
    next.run(request).await
}

/// The Official Account signs the body, so only the header's presence and shape can be checked
/// before reading it: a request without a signature costs no more than its headers.
pub(super) async fn zalo_oa_signature(request: Request, next: Next) -> Response {
    let signature = request.headers().get(crate::zalo::oa::SIGNATURE_HEADER).and_then(|v| v.to_str().ok());
    let hex = signature.map(|s| s.trim().trim_start_matches("mac=").trim_start_matches("MAC="));
    if !hex.is_some_and(|h| h.len() == 64 && h.bytes().all(|b| b.is_ascii_hexdigit())) {
        return error(StatusCode::UNAUTHORIZED, "missing or wrong X-ZEvent-Signature");
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_global_cap_admits_its_budget_a_second_and_presses_past_half_of_it() {
        let pace = Pace::new(4);
        let t0 = Instant::now();
        let second = |s: u64, ms: u64| t0 + Duration::from_secs(s) + Duration::from_millis(ms);
        let got: Vec<Option<Paced>> = (0..6).map(|n| pace.admit(second(0, n * 100))).collect();
        let (calm, pressed) = (Some(Paced::Calm), Some(Paced::Pressed));
        assert_eq!(got, [calm, calm, pressed, pressed, None, None]);
        // The next second has its budget anew.
        assert_eq!(pace.admit(second(1, 0)), calm);
        // Unpaced (a guard built without `paced`): never refuses.
        let unpaced = Pace::new(usize::MAX);
        assert!((0..10_000).all(|_| unpaced.admit(t0) == Some(Paced::Calm)));
    }
}
