//! Zalo webhooks through `app()`, with the send endpoints on a local stand-in: payload fixtures
//! from `tests/data/zalo/`, signatures, the exact request shapes, retries answered once, and the
//! 2,000-character limit.

use crate::http_stub::{Seen, Stub};
use crate::server::{call, server};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use hoidap::server::{Channels, Server, ZaloBotHook, ZaloOaHook};
use hoidap::zalo::{self, MAX_TEXT, oa};
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(20);
const APP_ID: &str = "3901234567";
const OA_KEY: &str = "oa-secret-key";
const BOT_SECRET: &str = "bot-secret-token";

fn fixture(name: &str) -> String {
    std::fs::read_to_string(crate::support::repo().join("tests/data/zalo").join(name)).unwrap()
}

fn oa_server(stub: &Stub) -> Arc<Server> {
    server(Channels {
        zalo_oa: Some(ZaloOaHook {
            client: oa::OaClient::new(&stub.url, "oa-access-token"),
            app_id: APP_ID.into(),
            secret_key: OA_KEY.into(),
        }),
        ..Channels::default()
    })
}

fn bot_server(stub: &Stub) -> Arc<Server> {
    server(Channels {
        zalo_bot: Some(ZaloBotHook {
            client: zalo::bot::BotClient::new(&stub.url, "12345:bot-token"),
            secret: BOT_SECRET.into(),
        }),
        ..Channels::default()
    })
}

/// An OA delivery signed with `key` (`None`: no signature header).
fn oa_delivery(body: &str, key: Option<&str>) -> Request<Body> {
    let mut request = Request::post("/webhook/zalo-oa").header("content-type", "application/json");
    if let Some(key) = key {
        let timestamp = oa::timestamp(&serde_json::from_str(body).unwrap()).unwrap();
        let mac = oa::signature(APP_ID, body.as_bytes(), &timestamp, key);
        request = request.header("X-ZEvent-Signature", format!("mac={mac}"));
    }
    request.body(Body::from(body.to_owned())).unwrap()
}

fn bot_delivery(body: &str, secret: Option<&str>) -> Request<Body> {
    let mut request = Request::post("/webhook/zalo-bot").header("content-type", "application/json");
    if let Some(secret) = secret {
        request = request.header("X-Bot-Api-Secret-Token", secret);
    }
    request.body(Body::from(body.to_owned())).unwrap()
}

fn texts(seen: &[Seen], pointer: &str) -> Vec<String> {
    seen.iter().map(|s| s.body.pointer(pointer).and_then(Value::as_str).unwrap_or_default().to_owned()).collect()
}

#[test]
fn official_account_events_are_verified_answered_once_and_sent_in_the_documented_shape() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let stub = Stub::start(json!({"error": 0, "message": "Success"}));
    let s = oa_server(&stub);
    let text = fixture("oa_user_send_text.json");

    // Forged: no signature, a wrong key, a tampered body. Nothing is processed.
    let tampered = text.replace("tuyển dụng", "tuyển sinh");
    let forged = [oa_delivery(&text, None), oa_delivery(&text, Some("wrong key")), {
        let mut r = oa_delivery(&text, Some(OA_KEY));
        *r.body_mut() = Body::from(tampered);
        r
    }];
    for request in forged {
        let (status, reply) = runtime.block_on(call(&s, request));
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert!(reply["error"].as_str().unwrap().contains("X-ZEvent-Signature"));
    }

    // Signed: acknowledged, answered through the customer-service API, in pieces of ≤ 2,000.
    assert_eq!(runtime.block_on(call(&s, oa_delivery(&text, Some(OA_KEY)))).0, StatusCode::OK);
    let answer = s.shared.engine.answer("Ai chịu trách nhiệm tuyển dụng giáo viên?", &Default::default());
    let pieces = zalo::pieces(&hoidap::core::render::plain(&answer)).len();
    assert!(pieces >= 2, "a reply over 2,000 characters is split");
    let seen = stub.wait(pieces, WAIT);
    for request in &seen {
        assert_eq!(request.path, "/v3.0/oa/message/cs");
        assert_eq!(request.headers["access_token"], "oa-access-token");
        assert_eq!(request.body["recipient"], json!({"user_id": "2468013579"}));
    }
    let sent = texts(&seen, "/message/text");
    assert!(sent.iter().all(|t| t.chars().count() <= MAX_TEXT), "{sent:?}");
    assert!(sent[0].contains("Sở Nội vụ") && sent.join("").contains("Nguồn trích dẫn"), "{sent:?}");

    // Zalo retries the same event: acknowledged, not answered again.
    assert_eq!(runtime.block_on(call(&s, oa_delivery(&text, Some(OA_KEY)))).0, StatusCode::OK);
    // A follow, an image, and the account's own echo.
    for name in ["oa_follow.json", "oa_user_send_image.json", "oa_oa_send_text.json"] {
        let body = fixture(name);
        assert_eq!(runtime.block_on(call(&s, oa_delivery(&body, Some(OA_KEY)))).0, StatusCode::OK, "{name}");
    }
    let seen = stub.wait(sent.len() + 2, WAIT);
    std::thread::sleep(Duration::from_millis(300));
    let seen_now = stub.seen();
    assert_eq!(seen_now.len(), seen.len(), "the retry and the echo are not answered: {seen_now:#?}");
    let after: Vec<String> = texts(&seen[sent.len()..], "/message/text");
    let kb = s.shared.engine.knowledge();
    let greeting = kb.smalltalk("greeting").unwrap().reply.clone();
    let not_text = kb.smalltalk("not-text").unwrap().reply.clone();
    assert!(after.contains(&greeting) && after.contains(&not_text), "{after:?}");
    assert_eq!(s.shared.store.stats(0).unwrap().per_day_channel.values().map(|c| c["zalo-oa"]).sum::<usize>(), 1);
}

#[test]
fn zalo_bot_updates_wrapped_or_bare_are_answered_with_send_message() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let stub = Stub::start(json!({"ok": true, "result": {"message_id": "m"}}));
    let s = bot_server(&stub);
    let wrapped = fixture("bot_text_wrapped.json");
    for secret in [None, Some("guess")] {
        let (status, _) = runtime.block_on(call(&s, bot_delivery(&wrapped, secret)));
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{secret:?}");
    }
    assert_eq!(runtime.block_on(call(&s, bot_delivery(&wrapped, Some(BOT_SECRET)))).0, StatusCode::OK);
    let seen = stub.wait(1, WAIT);
    assert_eq!(seen[0].path, "/bot12345:bot-token/sendMessage");
    assert_eq!(seen[0].body["chat_id"], "6ede9afa0bfe4ab5");
    assert!(seen[0].body["text"].as_str().unwrap().contains("Sở Tài chính"));

    // A retry is not answered again; a bare update with a long answer comes in pieces.
    assert_eq!(runtime.block_on(call(&s, bot_delivery(&wrapped, Some(BOT_SECRET)))).0, StatusCode::OK);
    assert_eq!(
        runtime.block_on(call(&s, bot_delivery(&fixture("bot_text_bare.json"), Some(BOT_SECRET)))).0,
        StatusCode::OK
    );
    let long = s.shared.engine.answer("Sở Giáo dục và Đào tạo làm gì?", &Default::default());
    let pieces = zalo::pieces(&hoidap::core::render::plain(&long)).len();
    assert!(pieces >= 3, "a 6,000-character answer is split: {pieces}");
    let seen = stub.wait(1 + pieces, WAIT);
    let to_minh: Vec<&Seen> = seen.iter().filter(|r| r.body["chat_id"] == "9b1c2d3e4f5a6b7c").collect();
    assert_eq!(to_minh.len(), pieces);
    assert!(to_minh.iter().all(|r| r.body["text"].as_str().unwrap().chars().count() <= MAX_TEXT));
    let whole: String = to_minh.iter().map(|r| r.body["text"].as_str().unwrap()).collect::<Vec<_>>().join("\n");
    assert!(whole.contains("Sở Giáo dục và Đào tạo") && whole.contains("Nguồn trích dẫn"));

    // A sticker: the bot reads text.
    let before = stub.seen().len();
    assert_eq!(
        runtime.block_on(call(&s, bot_delivery(&fixture("bot_sticker.json"), Some(BOT_SECRET)))).0,
        StatusCode::OK
    );
    let seen = stub.wait(before + 1, WAIT);
    let not_text = s.shared.engine.knowledge().smalltalk("not-text").unwrap().reply.clone();
    assert_eq!(seen[before].body["text"], not_text.as_str());
    assert_eq!(stub.seen().iter().filter(|r| r.body["chat_id"] == "6ede9afa0bfe4ab5").count(), 2);

    // Not an update at all.
    let (status, _) = runtime.block_on(call(&s, bot_delivery(r#"{"hello": 1}"#, Some(BOT_SECRET))));
    assert_eq!(status, StatusCode::BAD_REQUEST);
}
