//! `hoidap serve`: one HTTP server (axum) for the JSON API, the health check and the channels'
//! webhooks (Telegram, Zalo Bot, Zalo Official Account). Webhooks are authenticated, acknowledged
//! at once and answered in the background; a retried delivery is recognised in the store and
//! answered once.

use crate::core::render::JsonReply;
use crate::service;
use crate::telegram::bot::{self, Admit, State as BotState, Tg};
use crate::zalo::{self, Inbound};
use crate::{core::render, messages};
use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, MatchedPath, Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use teloxide::types::{Me, Update};
use tokio::sync::mpsc;

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

/// The Zalo Bot webhook, when configured.
pub struct ZaloBotHook {
    pub client: zalo::bot::BotClient,
    /// Compared with every delivery's `X-Bot-Api-Secret-Token`.
    pub secret: String,
}

/// The Zalo Official Account webhook, when configured.
pub struct ZaloOaHook {
    pub client: zalo::oa::OaClient,
    pub app_id: String,
    /// The OA secret key deliveries are signed with.
    pub secret_key: String,
    /// How to renew an expired access token, with the configured refresh token.
    refresh: Option<(zalo::oa::Refresh, String)>,
    /// One refresh at a time: a refresh token is single-use. Holds the tokens of the last
    /// renewal, which win over the store's copy (should keeping them there fail).
    refreshing: tokio::sync::Mutex<Option<zalo::oa::Tokens>>,
}

/// The store setting that keeps the tokens of the last refresh.
const OA_TOKENS: &str = "zalo-oa-tokens";

/// Tokens from a refresh, and which configured refresh token (as a keyed hash) they descend from:
/// when the operator configures a new one, the kept tokens are stale.
#[derive(serde::Serialize, Deserialize)]
struct KeptTokens {
    from: String,
    tokens: zalo::oa::Tokens,
}

impl ZaloOaHook {
    pub fn new(client: zalo::oa::OaClient, app_id: &str, secret_key: &str) -> Self {
        let (app_id, secret_key) = (app_id.to_owned(), secret_key.to_owned());
        ZaloOaHook { client, app_id, secret_key, refresh: None, refreshing: Default::default() }
    }

    /// Renews the access token on error -216 with this refresh token, keeping rotated tokens in
    /// `store` (whose kept access token, if it descends from `refresh_token`, is used at once).
    pub fn with_refresh(
        mut self,
        refresh: zalo::oa::Refresh,
        refresh_token: &str,
        store: &crate::store::Store,
    ) -> crate::store::Result<Self> {
        if let Some(kept) = Self::kept(store, refresh_token)? {
            self.client.set_access_token(&kept.access_token);
        }
        self.refresh = Some((refresh, refresh_token.to_owned()));
        Ok(self)
    }

    fn kept(store: &crate::store::Store, configured: &str) -> crate::store::Result<Option<zalo::oa::Tokens>> {
        let Some(text) = store.setting(OA_TOKENS)? else { return Ok(None) };
        let kept: Option<KeptTokens> = serde_json::from_str(&text).ok();
        Ok(kept.filter(|k| k.from == store.user_hash(configured)).map(|k| k.tokens))
    }

    /// Renews the access token after `failed` was refused as expired; true when sending may be
    /// tried again.
    async fn renew(&self, store: &crate::store::Store, failed: &str) -> bool {
        let Some((refresh, configured)) = &self.refresh else { return false };
        let mut latest = self.refreshing.lock().await;
        if self.client.current_access_token() != failed {
            return true; // another send renewed it meanwhile
        }
        let current = match (latest.as_ref(), Self::kept(store, configured)) {
            (Some(tokens), _) => tokens.refresh_token.clone(),
            (None, Ok(kept)) => kept.map(|t| t.refresh_token).unwrap_or_else(|| configured.clone()),
            (None, Err(e)) => {
                tracing::warn!("cannot read the kept Zalo OA tokens: {e}");
                configured.clone()
            }
        };
        match self.client.refresh(refresh, &current).await {
            Ok(tokens) => {
                let kept = KeptTokens { from: store.user_hash(configured), tokens };
                let text = serde_json::to_string(&kept).unwrap_or_default();
                if let Err(e) = store.set_setting(OA_TOKENS, &text) {
                    tracing::error!("the Zalo OA refresh token rotated but could not be stored (kept in memory): {e}");
                }
                self.client.set_access_token(&kept.tokens.access_token);
                *latest = Some(kept.tokens);
                tracing::info!("the Zalo OA access token was renewed");
                true
            }
            Err(e) => {
                tracing::error!("renewing the Zalo OA access token failed: {e}");
                false
            }
        }
    }
}

/// The channels whose webhooks are on.
#[derive(Default)]
pub struct Channels {
    pub telegram: Option<TelegramHook>,
    pub zalo_bot: Option<ZaloBotHook>,
    pub zalo_oa: Option<ZaloOaHook>,
}

/// What the handlers share.
pub struct Server {
    /// The engine, the store and the per-user rate limit, as the Telegram handlers use them.
    pub shared: Arc<BotState>,
    pub channels: Channels,
    /// Webhook answers still queued or being written, waited for on shutdown.
    in_flight: Arc<AtomicUsize>,
    /// The lanes deliveries are answered in, started with the first delivery.
    lanes: std::sync::OnceLock<Vec<mpsc::Sender<Job>>>,
    /// A delivery acknowledged this long ago and still not answered is taken over (its replica
    /// died, or this process crashed).
    recover_after: Duration,
    /// The chat page and the dashboard's settings (`src/web/`).
    pub(crate) web: crate::web::Config,
}

/// The default of [`Server::recovering_after`].
/// Longer than the longest an answer can take (four sends of up to 15 s each, and the pauses).
pub const RECOVER_AFTER: Duration = Duration::from_secs(120);
/// How often the store is searched for deliveries to take over.
const RECOVER_EVERY: Duration = Duration::from_secs(5);

/// Deliveries are answered in this many ordered lanes. A conversation always takes the same
/// lane, so its messages are answered one after another (a follow-up sees the context of the
/// question before it; replies do not interleave), while the work in progress, and its memory,
/// stays bounded however many deliveries arrive at once (BENCHMARKS.md).
pub const LANES: usize = 32;
/// Deliveries a lane holds before new ones are refused with 503 (the platform delivers them
/// again later).
pub const LANE_QUEUE: usize = 256;

/// An acknowledged delivery waiting in its lane.
struct Job {
    delivery: Delivery,
    /// The delivery id, noted in the store before answering (a retry is answered once).
    id: String,
    /// Taken over from a replica that died (or a crash): answered though its id was noted.
    recovered: bool,
    _in_flight: InFlight,
}

#[derive(serde::Serialize, Deserialize)]
enum Delivery {
    Telegram(Box<Update>),
    Zalo(Zalo, Inbound),
}

impl Delivery {
    fn channel(&self) -> &'static str {
        match self {
            Delivery::Telegram(_) => bot::CHANNEL,
            Delivery::Zalo(zalo, _) => zalo.channel(),
        }
    }

    /// The conversation, which picks the lane.
    fn chat(&self) -> String {
        match self {
            Delivery::Telegram(update) => update.chat().map(|c| c.id.0.to_string()).unwrap_or_default(),
            Delivery::Zalo(_, inbound) => inbound.chat().to_owned(),
        }
    }
}

impl Server {
    pub fn new(shared: Arc<BotState>, channels: Channels) -> Self {
        let in_flight = Arc::new(AtomicUsize::new(0));
        Server {
            shared,
            channels,
            in_flight,
            lanes: Default::default(),
            recover_after: RECOVER_AFTER,
            web: Default::default(),
        }
    }

    /// Takes over deliveries left unanswered this long (`HOIDAP_RECOVER_AFTER`).
    pub fn recovering_after(mut self, after: Duration) -> Self {
        self.recover_after = after;
        self
    }

    /// Keeps an authenticated delivery in the store, then queues it in the lane of its
    /// conversation; false when that lane is full (the platform delivers it again later).
    /// Kept first, so that if this process dies before answering, another replica (or this one,
    /// restarted) answers it.
    async fn accept(self: &Arc<Self>, id: String, delivery: Delivery) -> bool {
        let channel = delivery.channel();
        let payload = serde_json::to_string(&delivery).expect("deliveries serialize");
        let pending = crate::store::Pending { channel: channel.to_owned(), id: id.clone(), at: bot::now(), payload };
        if let Err(e) = with_store(self, move |store| store.pending_put(&pending)).await {
            // Answering matters more: it is answered now, just not recoverable.
            tracing::warn!("cannot keep a {channel} delivery until it is answered: {e}");
        }
        if self.enqueue(id.clone(), delivery, false) {
            return true;
        }
        let _ = with_store(self, move |store| store.pending_done(channel, &id)).await;
        false
    }

    /// Queues a delivery in the lane of its conversation; false when that lane is full.
    fn enqueue(self: &Arc<Self>, id: String, delivery: Delivery, recovered: bool) -> bool {
        let lanes = self.lanes.get_or_init(|| (0..LANES).map(|_| lane(self.clone())).collect());
        let (channel, chat) = (delivery.channel(), delivery.chat());
        let job = Job { delivery, id, recovered, _in_flight: InFlight::start(&self.in_flight) };
        match lanes[lane_of(channel, &chat)].try_send(job) {
            Ok(()) => true,
            Err(_) => {
                self.shared.metrics.error(channel, "queue-full");
                tracing::warn!("the {channel} queue is full: a delivery was refused with 503");
                false
            }
        }
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
    let mut router =
        Router::new().route("/healthz", get(healthz)).route("/metrics", get(metrics)).route("/v1/ask", post(ask));
    if server.channels.telegram.is_some() {
        router = router.route("/webhook/telegram", post(telegram_webhook));
    }
    if server.channels.zalo_bot.is_some() {
        router = router.route("/webhook/zalo-bot", post(zalo_bot_webhook));
    }
    if server.channels.zalo_oa.is_some() {
        router = router.route("/webhook/zalo-oa", post(zalo_oa_webhook));
    }
    router
        .merge(crate::web::routes(&server))
        .route_layer(middleware::from_fn_with_state(server.clone(), counted))
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .layer(middleware::from_fn(with_timeout))
        .layer(tower_http::trace::TraceLayer::new_for_http())
        .with_state(server)
}

/// Counts requests per route and status.
async fn counted(State(server): State<Arc<Server>>, request: Request, next: Next) -> Response {
    let route = request.extensions().get::<MatchedPath>().map(|p| p.as_str().to_owned()).unwrap_or_default();
    let response = next.run(request).await;
    server.shared.metrics.request(&route, response.status().as_u16());
    response
}

async fn metrics(State(server): State<Arc<Server>>) -> Response {
    let headers = [(axum::http::header::CONTENT_TYPE, "text/plain; version=0.0.4")];
    (headers, server.shared.metrics.render(server.shared.store.memory_only.is_some())).into_response()
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
    let channel = match crate::web::api::channel(request.channel.as_deref()) {
        Ok(channel) => channel,
        Err(refused) => return error(StatusCode::BAD_REQUEST, refused),
    };
    let shared = server.shared.clone();
    let answered = tokio::task::spawn_blocking(move || {
        let (engine, store, now) = (&shared.engine, &shared.store, bot::now());
        let started = std::time::Instant::now();
        let reply = match request.user.as_deref().filter(|u| !u.is_empty()) {
            Some(user) => {
                let user = store.user_hash(&format!("{channel}:{user}"));
                service::answer(engine, store, channel, &user, &request.question, now)
            }
            None => service::answer_once(engine, store, channel, &request.question, now),
        };
        match reply {
            Ok(reply) => {
                shared.metrics.answer(channel, reply.answer.answered, started.elapsed());
                let mut json = JsonReply::new(&reply.answer);
                json.answer_id = Some(&reply.turn.answer_id);
                serde_json::to_value(&json)
            }
            Err(e) => {
                // Without the store the answer still goes out, without memory.
                tracing::warn!("store error, answering without memory: {e}");
                shared.metrics.error(channel, "store");
                let answer = engine.answer(&request.question, &crate::core::Context::default());
                shared.metrics.answer(channel, answer.answered, started.elapsed());
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

/// Compares secrets in time independent of where they differ; an empty secret matches nothing.
pub fn same_secret(given: &[u8], expected: &[u8]) -> bool {
    !expected.is_empty()
        && given.len() == expected.len()
        && given.iter().zip(expected).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
}

async fn telegram_webhook(State(server): State<Arc<Server>>, headers: HeaderMap, body: Bytes) -> Response {
    let Some(hook) = server.channels.telegram.as_ref() else { return StatusCode::NOT_FOUND.into_response() };
    let given = headers.get(TELEGRAM_SECRET_HEADER).map(|v| v.as_bytes()).unwrap_or_default();
    if !same_secret(given, hook.secret.as_bytes()) {
        return error(StatusCode::UNAUTHORIZED, "missing or wrong X-Telegram-Bot-Api-Secret-Token");
    }
    // teloxide's parser panics on some well-formed updates (a reaction or poll answer without its
    // actor); such a body is refused like any other it cannot read.
    let update: Update = match std::panic::catch_unwind(|| serde_json::from_slice(&body)) {
        Ok(Ok(u)) => u,
        Ok(Err(e)) => return error(StatusCode::BAD_REQUEST, &format!("not a Telegram update: {e}")),
        Err(_) => return error(StatusCode::BAD_REQUEST, "not a Telegram update this bot can read"),
    };
    let id = update.id.0.to_string();
    if !server.accept(id, Delivery::Telegram(Box::new(update))).await {
        return busy();
    }
    StatusCode::OK.into_response()
}

/// The lane of a conversation.
fn lane_of(channel: &str, chat: &str) -> usize {
    use std::hash::{Hash, Hasher};
    let mut hasher = rustc_hash::FxHasher::default();
    (channel, chat).hash(&mut hasher);
    (hasher.finish() % LANES as u64) as usize
}

/// Starts a lane: one task answering its deliveries in order, for as long as the server lives.
/// Nothing can cancel an answer between noting the delivery and sending the reply.
fn lane(server: Arc<Server>) -> mpsc::Sender<Job> {
    let (tx, mut rx) = mpsc::channel::<Job>(LANE_QUEUE);
    let weak = Arc::downgrade(&server);
    drop(server);
    tokio::spawn(async move {
        while let Some(job) = rx.recv().await {
            let Some(server) = weak.upgrade() else { break };
            answer(&server, job).await;
        }
    });
    tx
}

/// Answers one delivery, unless it was answered before, then drops it from the pending ones.
async fn answer(server: &Arc<Server>, job: Job) {
    let channel = job.delivery.channel();
    if job.recovered || first_delivery(server, channel, job.id.clone()).await {
        respond_to(server, job.delivery).await;
    }
    let id = job.id;
    if let Err(e) = with_store(server, move |store| store.pending_done(channel, &id)).await {
        tracing::warn!("cannot drop an answered {channel} delivery from the pending ones: {e}");
    }
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

/// Takes over, every few seconds, deliveries acknowledged long ago and never answered: their
/// replica died, or this process crashed, in between. Abort the handle to stop.
pub fn spawn_recovery(server: Arc<Server>) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(RECOVER_EVERY);
        loop {
            every.tick().await;
            let after = server.recover_after.as_secs();
            let claimed = match with_store(&server, move |store| store.claim_stale(bot::now(), after)).await {
                Ok(claimed) => claimed,
                Err(e) => {
                    tracing::warn!("cannot look for unanswered deliveries: {e}");
                    continue;
                }
            };
            for pending in claimed {
                match serde_json::from_str::<Delivery>(&pending.payload) {
                    Ok(delivery) => {
                        tracing::warn!("answering a {} delivery left unanswered for {after} s", pending.channel);
                        server.shared.metrics.error(delivery.channel(), "recovered");
                        server.enqueue(pending.id, delivery, true);
                    }
                    Err(e) => tracing::warn!("an unreadable pending {} delivery was skipped: {e}", pending.channel),
                }
            }
        }
    })
}

/// Answers a delivery through its channel.
async fn respond_to(server: &Arc<Server>, delivery: Delivery) {
    match delivery {
        Delivery::Zalo(zalo, inbound) => respond(server, zalo, inbound).await,
        Delivery::Telegram(update) => {
            let Some(hook) = server.channels.telegram.as_ref() else { return };
            let deps = teloxide::dptree::deps![*update, hook.bot.clone(), server.shared.clone(), hook.me.clone()];
            if let std::ops::ControlFlow::Break(Err(e)) = bot::schema().dispatch(deps).await {
                server.shared.metrics.error(bot::CHANNEL, "send");
                tracing::warn!("a Telegram reply failed: {e}");
            }
        }
    }
}

/// The answer to a delivery its lane cannot take now.
fn busy() -> Response {
    error(StatusCode::SERVICE_UNAVAILABLE, "too many deliveries waiting; deliver again later")
}

/// Notes a delivery in the store; false when it was delivered before (a retry).
async fn first_delivery(server: &Arc<Server>, channel: &'static str, id: String) -> bool {
    match with_store(server, move |store| store.first_delivery(channel, &id, bot::now())).await {
        Ok(first) => first,
        // Better to risk answering a retry twice than to never answer.
        Err(e) => {
            tracing::warn!("cannot note a {channel} delivery: {e}");
            true
        }
    }
}

/// Which Zalo channel a delivery came from.
#[derive(Clone, Copy, serde::Serialize, Deserialize)]
enum Zalo {
    Bot,
    Oa,
}

impl Zalo {
    fn channel(self) -> &'static str {
        match self {
            Zalo::Bot => zalo::bot::CHANNEL,
            Zalo::Oa => zalo::oa::CHANNEL,
        }
    }
}

async fn zalo_bot_webhook(State(server): State<Arc<Server>>, headers: HeaderMap, body: Bytes) -> Response {
    let Some(hook) = server.channels.zalo_bot.as_ref() else { return StatusCode::NOT_FOUND.into_response() };
    let given = headers.get(zalo::bot::SECRET_HEADER).map(|v| v.as_bytes()).unwrap_or_default();
    if !same_secret(given, hook.secret.as_bytes()) {
        return error(StatusCode::UNAUTHORIZED, "missing or wrong X-Bot-Api-Secret-Token");
    }
    let update = serde_json::from_slice(&body).ok().as_ref().and_then(zalo::bot::parse_update);
    match update {
        Some(inbound) => accept(server, Zalo::Bot, inbound).await,
        // Authenticated but of a shape this bot does not use: acknowledged, so the platform does
        // not retry it forever; counted.
        None if serde_json::from_slice::<serde_json::Value>(&body).is_ok() => ignored(&server, Zalo::Bot),
        None => error(StatusCode::BAD_REQUEST, "not a Zalo Bot update"),
    }
}

async fn zalo_oa_webhook(State(server): State<Arc<Server>>, headers: HeaderMap, body: Bytes) -> Response {
    let Some(hook) = server.channels.zalo_oa.as_ref() else { return StatusCode::NOT_FOUND.into_response() };
    let signature = headers.get(zalo::oa::SIGNATURE_HEADER).and_then(|v| v.to_str().ok());
    if !zalo::oa::verify(signature, &hook.app_id, &body, &hook.secret_key) {
        return error(StatusCode::UNAUTHORIZED, "missing or wrong X-ZEvent-Signature");
    }
    let event = serde_json::from_slice(&body).ok().as_ref().and_then(zalo::oa::parse_event);
    match event {
        Some(inbound) => accept(server, Zalo::Oa, inbound).await,
        None => ignored(&server, Zalo::Oa),
    }
}

/// Answers an update `hoidap zalo-bot` polled, in the background, once.
pub async fn deliver_zalo_bot(server: Arc<Server>, inbound: Inbound) {
    accept(server, Zalo::Bot, inbound).await;
}

/// Acknowledges an authenticated delivery this bot has no use for.
fn ignored(server: &Server, zalo: Zalo) -> Response {
    server.shared.metrics.error(zalo.channel(), "unknown-event");
    tracing::info!("ignored a {} delivery of an unknown shape", zalo.channel());
    StatusCode::OK.into_response()
}

/// Acknowledges an authenticated Zalo delivery and answers it in its lane, once.
async fn accept(server: Arc<Server>, zalo: Zalo, inbound: Inbound) -> Response {
    let Some(id) = inbound.delivery_id() else { return StatusCode::OK.into_response() };
    if !server.accept(id, Delivery::Zalo(zalo, inbound)).await {
        return busy();
    }
    StatusCode::OK.into_response()
}

/// Answers a Zalo delivery: the reply in plain text, split within Zalo's limit.
async fn respond(server: &Arc<Server>, zalo: Zalo, inbound: Inbound) {
    let channel = zalo.channel();
    let smalltalk = |id: &str| server.shared.engine.knowledge().smalltalk_reply(id);
    // Every kind of message counts against the sender's limit (sticker floods too).
    if let Inbound::Text { user, chat, .. } | Inbound::NotText { user, chat, .. } = &inbound {
        match server.shared.admit(format!("{channel}:{user}")).await {
            Admit::Answer => {}
            Admit::SlowDown => return send(server, zalo, chat, messages::SLOW_DOWN).await,
            Admit::Ignore => return,
        }
    }
    let (to, reply) = match inbound {
        Inbound::Text { user, chat, text, .. } => {
            let shared = server.shared.clone();
            let answered = tokio::task::spawn_blocking(move || {
                let user = shared.store.user_hash(&format!("{channel}:{user}"));
                let started = std::time::Instant::now();
                let answer = match service::answer(&shared.engine, &shared.store, channel, &user, &text, bot::now()) {
                    Ok(reply) => reply.answer,
                    Err(e) => {
                        tracing::warn!("store error, answering without memory: {e}");
                        shared.metrics.error(channel, "store");
                        shared.engine.answer(&text, &crate::core::Context::default())
                    }
                };
                shared.metrics.answer(channel, answer.answered, started.elapsed());
                render::plain(&answer)
            })
            .await;
            match answered {
                Ok(text) => (chat, text),
                Err(e) => return tracing::warn!("answering a {channel} message failed: {e}"),
            }
        }
        Inbound::NotText { chat, .. } => (chat, smalltalk("not-text")),
        Inbound::Follow { user, .. } => (user, smalltalk("greeting")),
        Inbound::Ignore => return,
    };
    send(server, zalo, &to, &reply).await;
}

/// Sends a reply in pieces Zalo accepts, in order; a failure is logged and stops the rest.
async fn send(server: &Arc<Server>, zalo: Zalo, to: &str, text: &str) {
    for piece in zalo::pieces(text) {
        let sent = match (zalo, &server.channels.zalo_bot, &server.channels.zalo_oa) {
            (Zalo::Bot, Some(hook), _) => hook.client.send_message(to, &piece).await,
            (Zalo::Oa, _, Some(hook)) => {
                let token = hook.client.current_access_token();
                match hook.client.send_text(to, &piece).await {
                    Err(zalo::SendError::Refused { code: zalo::oa::TOKEN_EXPIRED, .. })
                        if hook.renew(&server.shared.store, &token).await =>
                    {
                        hook.client.send_text(to, &piece).await
                    }
                    other => other,
                }
            }
            _ => return,
        };
        if let Err(e) = sent {
            server.shared.metrics.error(zalo.channel(), "send");
            tracing::warn!("a {} reply failed: {e}", zalo.channel());
            return;
        }
    }
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
    fn a_pending_delivery_reads_back_as_it_was_kept() {
        use super::{Delivery, Zalo};
        let update = r#"{"update_id": 7, "message": {"message_id": 1, "date": 0,
            "chat": {"id": 42, "type": "private", "first_name": "Lan"}, "from": {"id": 42, "is_bot": false, "first_name": "Lan"},
            "text": "Sở Tài chính làm gì?"}}"#;
        let kept = serde_json::to_string(&Delivery::Telegram(Box::new(serde_json::from_str(update).unwrap()))).unwrap();
        let Ok(Delivery::Telegram(back)) = serde_json::from_str::<Delivery>(&kept) else { panic!("{kept}") };
        assert_eq!((back.id.0, back.chat().map(|c| c.id.0)), (7, Some(42)));
        let inbound = crate::zalo::Inbound::Text {
            message_id: "m".into(),
            user: "u".into(),
            chat: "c".into(),
            text: "Sở Nội vụ?".into(),
        };
        let kept = serde_json::to_string(&Delivery::Zalo(Zalo::Oa, inbound.clone())).unwrap();
        let Ok(Delivery::Zalo(Zalo::Oa, back)) = serde_json::from_str::<Delivery>(&kept) else { panic!("{kept}") };
        assert_eq!(back, inbound);
    }

    #[test]
    fn secrets_match_only_when_equal() {
        assert!(same_secret(b"s3cret", b"s3cret"));
        assert!(!same_secret(b"s3cres", b"s3cret"));
        assert!(!same_secret(b"s3cre", b"s3cret"));
        assert!(!same_secret(b"", b"s3cret"));
        assert!(!same_secret(b"", b""), "an empty secret authenticates nothing");
    }
}
