//! Hostile input through the Zalo Bot and Official Account webhooks (`app()`, send endpoints on
//! stand-ins): the battery of `bad_input`'s table, unreadable and forged bodies, replays.

use crate::bad_input::*;
use crate::http_stub::{Seen, Stub};
use crate::serve::WAIT;
use crate::server::call;
use crate::zalo::{APP_ID, BOT_SECRET, OA_KEY, bot_delivery, bot_server, oa_delivery, oa_server};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use hoidap::server::Server;
use hoidap::zalo::{self, MAX_TEXT, oa};
use serde_json::json;
use std::collections::HashMap;
use std::sync::Arc;

// ---------------------------------------------------------------------------------------------
// Zalo, both channels through `app()` with the send endpoints on stand-ins.

#[derive(Clone, Copy, Debug)]
pub(crate) enum Zalo {
    Bot,
    Oa,
}

impl Zalo {
    pub(crate) fn server(self, stub: &Stub) -> Arc<Server> {
        match self {
            Zalo::Bot => bot_server(stub),
            Zalo::Oa => oa_server(stub),
        }
    }

    pub(crate) fn stub(self) -> Stub {
        match self {
            Zalo::Bot => Stub::start(json!({"ok": true, "result": {"message_id": "m"}})),
            Zalo::Oa => Stub::start(json!({"error": 0, "message": "Success"})),
        }
    }

    /// A text message `id` from user `user`.
    pub(crate) fn text(self, id: &str, user: &str, text: &str) -> String {
        match self {
            Zalo::Bot => json!({"event_name": "message.text.received", "message": {"from": {"id": user, "display_name": "x",
                "is_bot": false}, "chat": {"id": user, "chat_type": "PRIVATE"}, "text": text, "message_id": id,
                "date": 1735862400000u64}}),
            Zalo::Oa => json!({"app_id": APP_ID, "event_name": "user_send_text", "timestamp": hoidap::app::now_millis().to_string(),
                "sender": {"id": user}, "recipient": {"id": "579745863508352884"}, "message": {"msg_id": id, "text": text}}),
        }
        .to_string()
    }

    /// An authentic delivery of `body` (JSON with a timestamp, for the Official Account).
    pub(crate) fn signed(self, body: &str) -> Request<Body> {
        match self {
            Zalo::Bot => bot_delivery(body, Some(BOT_SECRET)),
            Zalo::Oa => oa_delivery(body, Some(OA_KEY)),
        }
    }

    /// Any bytes, authenticated as well as they can be: the Bot's secret header, or the Official
    /// Account's signature over the bytes with timestamp "1".
    pub(crate) fn signed_bytes(self, body: &[u8]) -> Request<Body> {
        let request = Request::post(self.path()).header("content-type", "application/json");
        let request = match self {
            Zalo::Bot => request.header("X-Bot-Api-Secret-Token", BOT_SECRET),
            Zalo::Oa => {
                request.header("X-ZEvent-Signature", format!("mac={}", oa::signature(APP_ID, body, "1", OA_KEY)))
            }
        };
        request.body(Body::from(body.to_vec())).unwrap()
    }

    pub(crate) fn path(self) -> &'static str {
        match self {
            Zalo::Bot => "/webhook/zalo-bot",
            Zalo::Oa => "/webhook/zalo-oa",
        }
    }

    /// Deliveries that must be refused as not authentic.
    pub(crate) fn forged(self, body: &str) -> Vec<Request<Body>> {
        let with = |name: &str, value: String| {
            Request::post(self.path()).header(name, value).body(Body::from(body.to_owned())).unwrap()
        };
        match self {
            Zalo::Bot => {
                let mut forged = vec![bot_delivery(body, None)];
                for secret in
                    ["", "guess", &format!("{BOT_SECRET} "), &BOT_SECRET.to_uppercase(), &format!("{BOT_SECRET}x")]
                {
                    forged.push(with("X-Bot-Api-Secret-Token", secret.to_owned()));
                }
                forged.push(with("X-Telegram-Bot-Api-Secret-Token", BOT_SECRET.to_owned()));
                forged
            }
            Zalo::Oa => {
                let timestamp = oa::timestamp(&serde_json::from_str(body).unwrap()).unwrap();
                let other_app = oa::signature("3901234568", body.as_bytes(), &timestamp, OA_KEY);
                let other_body = oa::signature(APP_ID, b"{}", &timestamp, OA_KEY);
                vec![
                    oa_delivery(body, None),
                    oa_delivery(body, Some("wrong key")),
                    with("X-ZEvent-Signature", "mac=".into()),
                    with("X-ZEvent-Signature", format!("mac={}", "0".repeat(64))),
                    with("X-ZEvent-Signature", format!("mac={other_app}")),
                    with("X-ZEvent-Signature", format!("mac={other_body}")),
                    with("X-ZEvent-Signature", "mac=".to_owned() + &"f".repeat(10_000)),
                ]
            }
        }
    }

    /// Authenticated JSON of shapes this bot does not answer: acknowledged, nothing sent.
    pub(crate) fn ignored(self) -> Vec<String> {
        let shapes = match self {
            Zalo::Bot => vec![
                json!({}),
                json!([]),
                json!({"hello": 1}),
                json!({"ok": true, "result": null}),
                json!({"event_name": "message.text.received"}),
                json!({"event_name": "message.text.received", "message": {"from": {"id": "x"}, "text": "a"}}),
                json!({"event_name": "bot.unknown.event", "message": {"from": {"id": "zi1"}, "message_id": "zi1", "text": "a"}}),
                json!({"event_name": "message.text.received", "message": {"from": {"id": "zi2", "is_bot": true},
                    "message_id": "zi2", "text": FOLLOW_UP}}),
            ],
            Zalo::Oa => vec![
                json!({"timestamp": "1"}),
                json!({"timestamp": "2", "event_name": 5}),
                json!({"timestamp": "3", "event_name": "user_seen_message", "sender": {"id": "zi1"}}),
                json!({"timestamp": "4", "event_name": "user_send_text", "sender": {"id": "zi2"}, "message": {"text": "a"}}),
                json!({"timestamp": "5", "event_name": "oa_send_text", "sender": {"id": "oa"}, "message": {"msg_id": "zi3"}}),
                json!({"timestamp": "6", "event_name": "follow"}),
                json!({"timestamp": "7", "event_name": "unknown_event_from_the_future", "sender": {"id": "zi4"}}),
            ],
        };
        shapes.into_iter().map(|s| s.to_string()).collect()
    }

    /// Authenticated messages that are not text, each from its own user: the polite "I read text"
    /// reply (or, for a text event without text, the empty-message reply).
    pub(crate) fn not_text(self) -> Vec<(String, String, String)> {
        let (not_text, empty) = (smalltalk("not-text"), smalltalk("empty"));
        match self {
            Zalo::Bot => vec![
                (json!({"event_name": "message.sticker.received", "message": {"from": {"id": "zn1"}, "message_id": "zn1"}}), not_text.clone()),
                (json!({"event_name": "message.unknown.received", "message": {"from": {"id": "zn2"}, "message_id": "zn2"}}), not_text.clone()),
                (json!({"event_name": "message.text.received", "message": {"from": {"id": "zn3"}, "message_id": "zn3", "text": 5}}), not_text),
            ],
            Zalo::Oa => vec![
                (json!({"timestamp": "8", "event_name": "user_send_sticker", "sender": {"id": "zn1"}, "message": {"msg_id": "zn1"}}), not_text.clone()),
                (json!({"timestamp": "9", "event_name": "user_send_gif", "sender": {"id": "zn2"}}), not_text),
                (json!({"timestamp": "10", "event_name": "user_send_text", "sender": {"id": "zn3"}, "message": {"msg_id": "zn3"}}), empty),
            ],
        }
        .into_iter()
        .enumerate()
        .map(|(i, (body, reply))| (body.to_string(), format!("zn{}", i + 1), reply))
        .collect()
    }

    /// Who a request to the stand-in was sent to, and the text.
    fn sent(self, seen: &Seen) -> (String, String) {
        let (to, text) = match self {
            Zalo::Bot => (&seen.body["chat_id"], &seen.body["text"]),
            Zalo::Oa => (&seen.body["recipient"]["user_id"], &seen.body["message"]["text"]),
        };
        (to.as_str().unwrap_or_default().to_owned(), text.as_str().unwrap_or_default().to_owned())
    }

    /// What a bad body gets: the Bot reads it and says 400; the Official Account cannot check
    /// the signature of a body whose timestamp it cannot read, so it says 401.
    fn unreadable_status(self) -> StatusCode {
        match self {
            Zalo::Bot => StatusCode::BAD_REQUEST,
            Zalo::Oa => StatusCode::UNAUTHORIZED,
        }
    }
}

fn zalo_battery(zalo: Zalo) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let stub = zalo.stub();
    let s = zalo.server(&stub);
    let status = |request: Request<Body>| runtime.block_on(call(&s, request));

    for request in zalo.forged(&zalo.text("forged", "zf", FOLLOW_UP)) {
        let (code, reply) = status(request);
        assert_eq!(code, StatusCode::UNAUTHORIZED, "{zalo:?}: {reply}");
        assert!(reply["error"].is_string(), "{reply}");
    }
    for (name, body) in unreadable_bodies() {
        assert_eq!(status(zalo.signed_bytes(&body)).0, zalo.unreadable_status(), "{zalo:?}: {name}");
    }
    assert_eq!(status(zalo.signed_bytes(&huge_body())).0, StatusCode::PAYLOAD_TOO_LARGE);
    for body in zalo.ignored() {
        assert_eq!(status(zalo.signed(&body)).0, StatusCode::OK, "{zalo:?}: {body}");
    }
    let not_text = zalo.not_text();
    for (body, _, _) in &not_text {
        assert_eq!(status(zalo.signed(body)).0, StatusCode::OK, "{zalo:?}: {body}");
    }

    // The battery, one user per text, the first delivered twice; then a normal question.
    let rows = table();
    let user = |i: usize| format!("zu{i}");
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(
            status(zalo.signed(&zalo.text(&format!("zm{i}"), &user(i), &row.text))).0,
            StatusCode::OK,
            "{}",
            row.name
        );
    }
    assert_eq!(status(zalo.signed(&zalo.text("zm0", &user(0), &rows[0].text))).0, StatusCode::OK);
    let pieces = |text: &str| zalo::pieces(&zalo::text(&answer(text))).len();
    let expected: Vec<usize> = rows.iter().map(|r| pieces(&r.text)).collect();
    let total = expected.iter().sum::<usize>() + not_text.len();
    stub.wait(total, WAIT);
    assert_eq!(status(zalo.signed(&zalo.text("zm-last", "zu-last", FOLLOW_UP))).0, StatusCode::OK);
    let seen = stub.wait(total + pieces(FOLLOW_UP), WAIT);
    // Every acknowledged delivery answered: what was sent is final.
    assert!(runtime.block_on(s.drain(WAIT)));
    assert_eq!(stub.seen().len(), seen.len(), "{zalo:?}: nothing more is sent");

    let mut by_user: HashMap<String, Vec<String>> = HashMap::new();
    for request in &seen {
        let (to, text) = zalo.sent(request);
        assert!(text.chars().count() <= MAX_TEXT, "{zalo:?}: {} characters to {to}", text.chars().count());
        by_user.entry(to).or_default().push(text);
    }
    for (i, row) in rows.iter().enumerate() {
        let mine = by_user.remove(&user(i)).unwrap_or_default();
        assert_eq!(mine.len(), expected[i], "{zalo:?}, {}: exactly one reply (in {} messages)", row.name, expected[i]);
        check_reply(row, &mine.join("\n"), &format!("{zalo:?}"));
    }
    for (body, id, reply) in &not_text {
        assert_eq!(by_user.remove(id), Some(vec![reply.clone()]), "{zalo:?}: {body}");
    }
    let last = by_user.remove("zu-last").unwrap_or_default();
    assert!(last.first().is_some_and(|t| t.contains(FOLLOW_UP_NAMES)), "{zalo:?}: {last:?}");
    assert!(by_user.is_empty(), "{zalo:?}: forged and ignored deliveries are not answered: {by_user:#?}");
}

#[test]
fn the_zalo_bot_webhook_survives_the_battery() {
    zalo_battery(Zalo::Bot);
}

#[test]
fn the_zalo_official_account_webhook_survives_the_battery() {
    zalo_battery(Zalo::Oa);
}
