//! The Zalo Bot platform: updates shaped like Telegram's, `{base}/bot{token}/{method}` calls, and
//! a webhook secret in `X-Bot-Api-Secret-Token`.

use super::{Inbound, SendError};
use serde_json::Value;

pub const CHANNEL: &str = "zalo-bot";
/// The platform's API address.
pub const DEFAULT_API_URL: &str = "https://bot-api.zaloplatforms.com";
/// The header the webhook secret comes in.
pub const SECRET_HEADER: &str = "x-bot-api-secret-token";

/// Reads an update, wrapped as `{"ok": true, "result": {...}}` or bare; `None` when it is not one.
pub fn parse_update(body: &Value) -> Option<Inbound> {
    let update = match body.get("result") {
        Some(inner) if body.get("ok").is_some() => inner,
        _ => body,
    };
    let event = update.get("event_name")?.as_str()?;
    let message = update.get("message")?;
    let message_id = super::field(message, "/message_id")?;
    let user = super::field(message, "/from/id")?;
    let chat = super::field(message, "/chat/id").unwrap_or_else(|| user.clone());
    if message.pointer("/from/is_bot").and_then(Value::as_bool) == Some(true) {
        return Some(Inbound::Ignore);
    }
    Some(match (event, message.get("text").and_then(Value::as_str)) {
        ("message.text.received", Some(text)) => Inbound::Text { message_id, user, chat, text: text.to_owned() },
        _ if event.starts_with("message.") => Inbound::NotText { message_id, user, chat },
        _ => Inbound::Ignore,
    })
}

/// The Zalo Bot channel, when configured: its client, and the webhook's secret.
pub struct ZaloBotHook {
    pub client: BotClient,
    /// Compared with every delivery's `X-Bot-Api-Secret-Token` ("" under `hoidap zalo-bot`,
    /// which polls: an empty secret matches nothing).
    pub secret: String,
}

/// Calls the Bot platform.
pub struct BotClient {
    base: String,
    token: String,
    http: super::Http,
}

impl BotClient {
    pub fn new(base: &str, token: &str) -> Self {
        BotClient { base: base.trim_end_matches('/').to_owned(), token: token.to_owned(), http: super::Http::new() }
    }

    /// `POST {base}/bot{token}/{method}` with a JSON body; the `result` when `ok`.
    pub async fn call(&self, method: &str, body: &Value) -> Result<Value, SendError> {
        let url = format!("{}/bot{}/{method}", self.base, self.token);
        let (status, reply) = self.http.send(self.http.client.post(url).json(body)).await?;
        if reply.get("ok").and_then(Value::as_bool) == Some(true) {
            Ok(reply.get("result").cloned().unwrap_or(Value::Null))
        } else {
            Err(SendError::Refused {
                code: reply.get("error_code").and_then(Value::as_i64).unwrap_or(i64::from(status.as_u16())),
                message: reply.get("description").and_then(Value::as_str).unwrap_or("no description").to_owned(),
            })
        }
    }

    /// Waits up to `timeout_secs` for updates (an object or a list of them; none on timeout).
    pub async fn get_updates(&self, timeout_secs: u64) -> Result<Vec<Inbound>, SendError> {
        let result = self.call("getUpdates", &serde_json::json!({ "timeout": timeout_secs.to_string() })).await?;
        let updates = match result {
            Value::Array(list) => list,
            Value::Null => vec![],
            one => vec![one],
        };
        Ok(updates.iter().filter_map(parse_update).collect())
    }

    /// Registers the webhook address and the secret token Zalo sends back with every delivery.
    pub async fn set_webhook(&self, url: &str, secret_token: &str) -> Result<(), SendError> {
        self.call("setWebhook", &serde_json::json!({ "url": url, "secret_token": secret_token })).await.map(|_| ())
    }

    /// Sends a text, retried while the failure is transient.
    pub async fn send_message(&self, chat_id: &str, text: &str) -> Result<(), SendError> {
        let body = serde_json::json!({ "chat_id": chat_id, "text": text });
        super::retried("sending to Zalo Bot", || async { self.call("sendMessage", &body).await.map(|_| ()) }).await
    }
}
