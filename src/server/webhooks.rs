//! The channels' webhooks: each authenticates the delivery (a secret header compared in constant
//! time before the body is read, `guard`; or the Official Account's signature over the body, and
//! the event's age), then keeps and queues it
//! (`lanes`) and acknowledges it at once; a lane that cannot take it answers 503.

use super::lanes::Delivery;
use super::{Server, error};
use crate::telegram::Tg;
use crate::zalo::{self, Inbound, Platform};
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use std::sync::Arc;
use teloxide::types::{Me, Update};

/// The header Telegram sends the webhook secret in.
pub const TELEGRAM_SECRET_HEADER: &str = "x-telegram-bot-api-secret-token";

/// The Telegram webhook, when configured.
pub struct TelegramHook {
    pub bot: Tg,
    pub me: Me,
    /// Compared with every delivery's secret header.
    pub secret: String,
}

/// The secret header was checked before the body was read (`guard::telegram_secret`).
pub(super) async fn telegram_webhook(State(server): State<Arc<Server>>, body: Bytes) -> Response {
    if server.channels.telegram.is_none() {
        return StatusCode::NOT_FOUND.into_response();
    }
    // teloxide's parser panics on some well-formed updates (a reaction or poll answer without its
    // actor); such a body is refused like any other it cannot read.
    let update: Update = match std::panic::catch_unwind(|| serde_json::from_slice(&body)) {
        Ok(Ok(u)) => u,
        Ok(Err(e)) => return error(StatusCode::BAD_REQUEST, &format!("not a Telegram update: {e}")),
        Err(_) => return error(StatusCode::BAD_REQUEST, "not a Telegram update this bot can read"),
    };
    let id = update.id.0.to_string();
    if !server.keep_and_queue(id, Delivery::Telegram(Box::new(update))).await {
        return busy();
    }
    StatusCode::OK.into_response()
}

/// The secret header was checked before the body was read (`guard::zalo_bot_secret`).
pub(super) async fn zalo_bot_webhook(State(server): State<Arc<Server>>, body: Bytes) -> Response {
    if server.channels.zalo_bot.is_none() {
        return StatusCode::NOT_FOUND.into_response();
    }
    let update = serde_json::from_slice(&body).ok().as_ref().and_then(zalo::bot::parse_update);
    match update {
        Some(inbound) => acknowledge_zalo(server, Platform::Bot, inbound).await,
        // Authenticated but of a shape this bot does not use: acknowledged, so the platform does
        // not retry it forever; counted.
        None if serde_json::from_slice::<serde_json::Value>(&body).is_ok() => ignored(&server, Platform::Bot),
        None => error(StatusCode::BAD_REQUEST, "not a Zalo Bot update"),
    }
}

pub(super) async fn zalo_oa_webhook(State(server): State<Arc<Server>>, headers: HeaderMap, body: Bytes) -> Response {
    let Some(hook) = server.channels.zalo_oa.as_ref() else { return StatusCode::NOT_FOUND.into_response() };
    let signature = headers.get(zalo::oa::SIGNATURE_HEADER).and_then(|v| v.to_str().ok());
    if !zalo::oa::verify(signature, &hook.app_id, &body, &hook.secret_key) {
        return error(StatusCode::UNAUTHORIZED, "missing or wrong X-ZEvent-Signature");
    }
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(&body) else { return ignored(&server, Platform::Oa) };
    match zalo::oa::parse_event(&value) {
        Some(Inbound::Ignore) | None => ignored(&server, Platform::Oa),
        Some(inbound) => {
            if let Some(window) = hook.max_event_age {
                if !zalo::oa::is_recent(&value, crate::app::now_millis(), window) {
                    // A replay of a captured event (or a clock far off): acknowledged, so Zalo
                    // stops delivering it, and not answered.
                    server.shared.metrics.error(Platform::Oa.channel(), "stale-event");
                    let at = zalo::oa::timestamp(&value).unwrap_or_default();
                    tracing::warn!(
                        "a signed Zalo OA event dated {at} (ms) is more than {window:?} from now: not answered"
                    );
                    return StatusCode::OK.into_response();
                }
            }
            acknowledge_zalo(server, Platform::Oa, inbound).await
        }
    }
}

/// Answers an update `hoidap zalo-bot` polled, in the background, once.
pub async fn deliver_zalo_bot(server: Arc<Server>, inbound: Inbound) {
    acknowledge_zalo(server, Platform::Bot, inbound).await;
}

/// The answer to a delivery its lane cannot take now.
fn busy() -> Response {
    error(StatusCode::SERVICE_UNAVAILABLE, "too many deliveries waiting; deliver again later")
}

/// Acknowledges an authenticated delivery this bot has no use for.
fn ignored(server: &Server, platform: Platform) -> Response {
    server.shared.metrics.error(platform.channel(), "unknown-event");
    tracing::info!("ignored a {} delivery of an unknown shape", platform.channel());
    StatusCode::OK.into_response()
}

/// Acknowledges an authenticated Zalo delivery and answers it in its lane, once.
async fn acknowledge_zalo(server: Arc<Server>, platform: Platform, inbound: Inbound) -> Response {
    let Some(id) = inbound.delivery_id() else { return StatusCode::OK.into_response() };
    if !server.keep_and_queue(id, Delivery::Zalo(platform, inbound)).await {
        return busy();
    }
    StatusCode::OK.into_response()
}
