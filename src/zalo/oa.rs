//! Zalo Official Accounts: webhooks signed with `X-ZEvent-Signature`, replies through the
//! customer-service message API, which answers HTTP 200 even on failure (its `error` field says).

use super::{Inbound, SendError};
use serde_json::Value;
use sha2::{Digest, Sha256};

pub const CHANNEL: &str = "zalo-oa";
/// The Open API's address.
pub const DEFAULT_API_URL: &str = "https://openapi.zalo.me";
/// The header the signature comes in.
pub const SIGNATURE_HEADER: &str = "x-zevent-signature";
/// The error code of an expired access token.
pub const TOKEN_EXPIRED: i64 = -216;

/// The body's `timestamp` field as written (a string or a number), part of the signature.
pub fn timestamp(body: &Value) -> Option<String> {
    super::field(body, "/timestamp")
}

/// Whether an event's `timestamp` (milliseconds, as Zalo writes it) is within `window` of
/// `now_ms`, either way: a signed event captured and replayed later is not answered again.
pub fn is_recent(body: &Value, now_ms: u64, window: std::time::Duration) -> bool {
    let Some(at) = timestamp(body).and_then(|t| t.trim().parse::<u64>().ok()) else { return false };
    let window = u64::try_from(window.as_millis()).unwrap_or(u64::MAX);
    at.abs_diff(now_ms) <= window
}

/// How far from now a signed event's timestamp may be and the event still be answered.
pub const MAX_EVENT_AGE: std::time::Duration = std::time::Duration::from_secs(5 * 60);

/// The expected signature: hex SHA-256 of app id, raw body, timestamp and OA secret key.
pub fn signature(app_id: &str, raw_body: &[u8], timestamp: &str, secret_key: &str) -> String {
    let mut hash = Sha256::new();
    hash.update(app_id.as_bytes());
    hash.update(raw_body);
    hash.update(timestamp.as_bytes());
    hash.update(secret_key.as_bytes());
    hex::encode(hash.finalize())
}

/// Checks a delivery's signature header (`mac=<hex>` or the bare hex) against the raw body.
pub fn verify(header: Option<&str>, app_id: &str, raw_body: &[u8], secret_key: &str) -> bool {
    let Some(given) = header.map(str::trim) else { return false };
    let given = given.to_ascii_lowercase();
    let given = given.strip_prefix("mac=").unwrap_or(&given);
    let Some(timestamp) = serde_json::from_slice::<Value>(raw_body).ok().as_ref().and_then(timestamp) else {
        return false;
    };
    let expected = signature(app_id, raw_body, &timestamp, secret_key);
    crate::secret::same_secret(given.as_bytes(), expected.as_bytes())
}

/// Reads an event; `None` when it is not one.
pub fn parse_event(body: &Value) -> Option<Inbound> {
    let event = body.get("event_name")?.as_str()?;
    let text = |pointer: &str| super::field(body, pointer);
    Some(match event {
        "follow" => Inbound::Follow {
            user: text("/follower/id").or_else(|| text("/sender/id"))?,
            timestamp: timestamp(body).unwrap_or_default(),
        },
        // The account's own messages come back as oa_send_* events.
        _ if event.starts_with("oa_send_") => Inbound::Ignore,
        "user_send_text" => Inbound::Text {
            message_id: text("/message/msg_id")?,
            user: text("/sender/id")?,
            chat: text("/sender/id")?,
            text: text("/message/text").unwrap_or_default(),
        },
        _ if event.starts_with("user_send_") => Inbound::NotText {
            message_id: text("/message/msg_id").unwrap_or_else(|| {
                let sender = text("/sender/id").unwrap_or_default();
                format!("{event}:{sender}:{}", timestamp(body).unwrap_or_default())
            }),
            user: text("/sender/id")?,
            chat: text("/sender/id")?,
        },
        _ => Inbound::Ignore,
    })
}

/// The OAuth server's address (access-token refresh).
pub const DEFAULT_OAUTH_URL: &str = "https://oauth.zaloapp.com";

/// A new pair of tokens; the refresh token is single-use, so the new one must be kept.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Tokens {
    pub access_token: String,
    pub refresh_token: String,
}

/// What refreshing an expired access token needs.
pub struct Refresh {
    pub oauth_url: String,
    pub app_id: String,
    /// The app's secret (not the OA secret key webhooks are signed with).
    pub app_secret: String,
}

/// Calls the Official Account API.
pub struct OaClient {
    base: String,
    access_token: std::sync::RwLock<String>,
    http: super::Http,
}

impl OaClient {
    pub fn new(base: &str, access_token: &str) -> Self {
        OaClient {
            base: base.trim_end_matches('/').to_owned(),
            access_token: std::sync::RwLock::new(access_token.to_owned()),
            http: super::Http::new(),
        }
    }

    /// Uses a new access token from now on.
    pub fn set_access_token(&self, token: &str) {
        *self.access_token.write().unwrap_or_else(|p| p.into_inner()) = token.to_owned();
    }

    pub fn current_access_token(&self) -> String {
        self.access_token.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Trades a refresh token for new tokens (`POST {oauth}/v4/oa/access_token`).
    pub async fn refresh(&self, refresh: &Refresh, refresh_token: &str) -> Result<Tokens, SendError> {
        let url = format!("{}/v4/oa/access_token", refresh.oauth_url.trim_end_matches('/'));
        let form =
            [("refresh_token", refresh_token), ("app_id", refresh.app_id.as_str()), ("grant_type", "refresh_token")];
        let body = form.iter().map(|(k, v)| format!("{k}={}", form_encode(v))).collect::<Vec<_>>().join("&");
        let request = self
            .http
            .client
            .post(url)
            .header("secret_key", &refresh.app_secret)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body);
        let (_, reply) = self.http.send(request).await?;
        let field = |name: &str| reply.get(name).and_then(Value::as_str).filter(|s| !s.is_empty()).map(str::to_owned);
        match (field("access_token"), field("refresh_token")) {
            (Some(access_token), Some(refresh_token)) => Ok(Tokens { access_token, refresh_token }),
            _ => Err(SendError::Refused {
                code: reply.get("error").and_then(Value::as_i64).unwrap_or(0),
                message: field("error_description")
                    .or_else(|| field("message"))
                    .unwrap_or_else(|| "no tokens in the reply".into()),
            }),
        }
    }

    /// A customer-service text message to a user who wrote to the account, retried while the
    /// failure is transient.
    pub async fn send_text(&self, user_id: &str, text: &str) -> Result<(), SendError> {
        self.send_message(user_id, serde_json::json!({ "text": text })).await
    }

    /// A customer-service message with query buttons under its text (the consultation
    /// template: `oa.query.show`, a tap sends the payload as the user's message). Zalo may
    /// refuse it (an account without the feature): the caller falls back on the text alone.
    pub async fn send_with_buttons(
        &self,
        user_id: &str,
        text: &str,
        buttons: &[super::QueryButton],
    ) -> Result<(), SendError> {
        let buttons: Vec<Value> = buttons
            .iter()
            .map(|b| serde_json::json!({ "title": b.title, "type": "oa.query.show", "payload": b.payload }))
            .collect();
        let message = serde_json::json!({
            "text": text,
            "attachment": { "type": "template", "payload": { "buttons": buttons } },
        });
        self.send_message(user_id, message).await
    }

    /// Sends one customer-service message, retried while the failure is transient.
    async fn send_message(&self, user_id: &str, message: Value) -> Result<(), SendError> {
        let url = format!("{}/v3.0/oa/message/cs", self.base);
        let body = serde_json::json!({ "recipient": { "user_id": user_id }, "message": message });
        super::retried("sending to Zalo OA", || async {
            let request = self.http.client.post(&url).header("access_token", self.current_access_token()).json(&body);
            let (status, reply) = self.http.send(request).await?;
            // Success is an HTTP 2xx whose `error` is 0; anything else is a refusal.
            match reply.get("error").and_then(Value::as_i64) {
                Some(0) if status.is_success() => Ok(()),
                code => Err(SendError::Refused {
                    code: code.filter(|_| !status.is_server_error()).unwrap_or_else(|| i64::from(status.as_u16())),
                    message: reply.get("message").and_then(Value::as_str).unwrap_or("no message").to_owned(),
                }),
            }
        })
        .await
    }
}

/// `application/x-www-form-urlencoded` escaping of one value.
pub fn form_encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_are_checked_with_or_without_the_mac_prefix() {
        let body = br#"{"app_id":"123","event_name":"user_send_text","timestamp":"1700000000000"}"#;
        let mac = signature("123", body, "1700000000000", "key");
        assert!(verify(Some(&format!("mac={mac}")), "123", body, "key"));
        assert!(verify(Some(&mac), "123", body, "key"));
        assert!(verify(Some(&mac.to_uppercase()), "123", body, "key"));
        assert!(verify(Some(&format!("MAC={mac}")), "123", body, "key"));
        assert!(!verify(Some(&mac), "123", body, "other key"), "wrong key");
        assert!(!verify(Some(&mac), "124", body, "key"), "wrong app");
        let tampered = br#"{"app_id":"123","event_name":"user_send_text","timestamp":"1700000000001"}"#;
        assert!(!verify(Some(&mac), "123", tampered, "key"), "tampered body");
        assert!(!verify(None, "123", body, "key"), "missing header");
        assert!(!verify(Some(""), "123", body, "key"));
        assert!(!verify(Some(&mac), "123", b"not json", "key"));
    }

    #[test]
    fn events_with_numeric_ids_are_read() {
        let event = serde_json::json!({"event_name": "user_send_text", "timestamp": 1, "sender": {"id": 2468013579u64},
            "message": {"msg_id": 77, "text": "Sở Tài chính làm gì?"}});
        let Some(Inbound::Text { message_id, user, .. }) = parse_event(&event) else { panic!() };
        assert_eq!((message_id.as_str(), user.as_str()), ("77", "2468013579"));
        let sticker = serde_json::json!({"event_name": "user_send_sticker", "timestamp": "5", "sender": {"id": "u1"}});
        assert_eq!(parse_event(&sticker).unwrap().delivery_id().unwrap(), "user_send_sticker:u1:5");
    }

    #[test]
    fn only_events_dated_within_the_window_are_recent() {
        let now = 1_750_000_000_000u64;
        let at = |t: serde_json::Value| serde_json::json!({ "timestamp": t });
        assert!(is_recent(&at(now.to_string().into()), now, MAX_EVENT_AGE));
        assert!(is_recent(&at((now - 299_000).into()), now, MAX_EVENT_AGE));
        assert!(is_recent(&at((now + 299_000).to_string().into()), now, MAX_EVENT_AGE), "a clock slightly ahead");
        assert!(!is_recent(&at((now - 301_000).to_string().into()), now, MAX_EVENT_AGE), "a replay");
        assert!(!is_recent(&at((now + 3_600_000).into()), now, MAX_EVENT_AGE));
        assert!(!is_recent(&serde_json::json!({}), now, MAX_EVENT_AGE), "no timestamp");
        assert!(!is_recent(&at("soon".into()), now, MAX_EVENT_AGE));
    }

    #[test]
    fn form_values_are_escaped() {
        assert_eq!(form_encode("a-b_c.d~e"), "a-b_c.d~e");
        assert_eq!(form_encode("a b+c/=&"), "a%20b%2Bc%2F%3D%26");
    }
}
