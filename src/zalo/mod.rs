//! Zalo: the Bot platform (an API shaped like Telegram's) and Official Accounts (signed
//! webhooks). Both reply in plain text within 2,000 characters; this module parses their
//! deliveries into [`Inbound`] events, answers them ([`respond`]) and sends the replies through
//! each platform's client ([`bot::BotClient`], [`oa::OaClient`], sharing one bounded HTTP client).
//! The HTTP server (`src/server/`) authenticates the webhooks and decides when to answer.

pub mod bot;
pub mod oa;
mod render;
mod reply;
mod tokens;

pub use bot::ZaloBotHook;
pub use render::{OA_MAX_BUTTONS, OA_PAYLOAD_CHARS, OA_TITLE_CHARS, OaReply, QueryButton, oa_reply, short_label, text};
pub use reply::{Outlet, respond};
pub use tokens::ZaloOaHook;

use std::time::Duration;

/// Zalo refuses longer texts.
pub const MAX_TEXT: usize = 2000;
/// How long a send to Zalo may take.
const SEND_TIMEOUT: Duration = Duration::from_secs(15);

/// Splits a reply into messages Zalo accepts, at paragraph, sentence or word boundaries.
pub fn pieces(text: &str) -> Vec<String> {
    crate::split::split(text, MAX_TEXT, &crate::split::char_len)
}

/// Which Zalo platform a delivery came from (kept with a pending delivery: the names are
/// part of the stored form).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Platform {
    Bot,
    Oa,
}

impl Platform {
    /// The channel name its turns and metrics are recorded under.
    pub fn channel(self) -> &'static str {
        match self {
            Platform::Bot => bot::CHANNEL,
            Platform::Oa => oa::CHANNEL,
        }
    }
}

/// A delivery, as the bot sees it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Inbound {
    /// A text message.
    Text { message_id: String, user: String, chat: String, text: String },
    /// A sticker, an image, a file…: the bot only reads text.
    NotText { message_id: String, user: String, chat: String },
    /// A user followed the Official Account.
    Follow { user: String, timestamp: String },
    /// Nothing to answer (the account's own messages, other events).
    Ignore,
}

impl Inbound {
    /// The conversation a delivery belongs to ("" for none).
    pub fn chat(&self) -> &str {
        match self {
            Inbound::Text { chat, .. } | Inbound::NotText { chat, .. } => chat,
            Inbound::Follow { user, .. } => user,
            Inbound::Ignore => "",
        }
    }

    /// The id a retried delivery repeats.
    pub fn delivery_id(&self) -> Option<String> {
        match self {
            Inbound::Text { message_id, .. } | Inbound::NotText { message_id, .. } => Some(message_id.clone()),
            Inbound::Follow { user, timestamp } => Some(format!("follow:{user}:{timestamp}")),
            Inbound::Ignore => None,
        }
    }
}

/// Why a send failed.
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    #[error("cannot reach Zalo: {0}")]
    Network(reqwest::Error),
    #[error("Zalo refused the message (error {code}): {message}")]
    Refused { code: i64, message: String },
}

impl From<reqwest::Error> for SendError {
    /// Without the address: a Zalo Bot address carries the bot's token.
    fn from(e: reqwest::Error) -> Self {
        SendError::Network(e.without_url())
    }
}

/// The field at `pointer` as written: a string, or a number as its digits. Zalo documents ids
/// and timestamps as strings; numbers are accepted too.
fn field(value: &serde_json::Value, pointer: &str) -> Option<String> {
    match value.pointer(pointer)? {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The HTTP client every Zalo call uses: at most [`MAX_IN_FLIGHT`] requests at once, so a burst
/// of replies shares a few connections instead of opening one each.
struct Http {
    client: reqwest::Client,
    in_flight: tokio::sync::Semaphore,
}

/// Requests to Zalo at once, at most.
const MAX_IN_FLIGHT: usize = 16;

impl Http {
    fn new() -> Self {
        let client = reqwest::Client::builder().timeout(SEND_TIMEOUT).build().unwrap_or_default();
        Http { client, in_flight: tokio::sync::Semaphore::new(MAX_IN_FLIGHT) }
    }

    /// Sends a request and reads its JSON reply (`null` when the reply is not JSON).
    async fn send(
        &self,
        request: reqwest::RequestBuilder,
    ) -> Result<(reqwest::StatusCode, serde_json::Value), SendError> {
        let _permit = self.in_flight.acquire().await;
        let response = request.send().await?;
        let status = response.status();
        Ok((status, response.json().await.unwrap_or(serde_json::Value::Null)))
    }
}

impl SendError {
    /// Whether another attempt may succeed: the network, or a server error on Zalo's side.
    pub fn transient(&self) -> bool {
        match self {
            SendError::Network(_) => true,
            SendError::Refused { code, .. } => (500..600).contains(code),
        }
    }
}

/// Sends a reply, retried while the failure is transient ([`crate::retry`]).
async fn retried<F: Future<Output = Result<(), SendError>>>(
    what: &str,
    send: impl FnMut() -> F,
) -> Result<(), SendError> {
    let mut failures = 0;
    crate::retry::retrying(what, send, |e: &SendError| crate::retry::backoff(e.transient(), &mut failures)).await
}
