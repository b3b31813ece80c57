//! Zalo webhooks through `app()`, with the send endpoints on a local stand-in: payload fixtures
//! from `tests/data/zalo/`, signatures, the exact request shapes, retries answered once, and the
//! 2,000-character limit.

use crate::http_stub::{Seen, Stub};
use crate::server::{call, server};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use hoidap::server::{Channels, Server};
use hoidap::zalo::{self, MAX_TEXT, ZaloBotHook, ZaloOaHook, oa};
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::Duration;

pub const WAIT: Duration = Duration::from_secs(20);
pub const APP_ID: &str = "3901234567";
pub const OA_KEY: &str = "oa-secret-key";
pub const BOT_SECRET: &str = "bot-secret-token";

pub fn fixture(name: &str) -> String {
    std::fs::read_to_string(crate::support::repo().join("tests/data/zalo").join(name)).unwrap()
}

pub fn oa_server(stub: &Stub) -> Arc<Server> {
    server(Channels {
        zalo_oa: Some(ZaloOaHook::new(oa::OaClient::new(&stub.url, "oa-access-token"), APP_ID, OA_KEY)),
        ..Channels::default()
    })
}

pub fn bot_server(stub: &Stub) -> Arc<Server> {
    server(Channels {
        zalo_bot: Some(ZaloBotHook {
            client: zalo::bot::BotClient::new(&stub.url, "12345:bot-token"),
            secret: BOT_SECRET.into(),
        }),
        ..Channels::default()
    })
}

/// An OA delivery signed with `key` (`None`: no signature header).
pub fn oa_delivery(body: &str, key: Option<&str>) -> Request<Body> {
    let mut request = Request::post("/webhook/zalo-oa").header("content-type", "application/json");
    if let Some(key) = key {
        let timestamp = oa::timestamp(&serde_json::from_str(body).unwrap()).unwrap();
        let mac = oa::signature(APP_ID, body.as_bytes(), &timestamp, key);
        request = request.header("X-ZEvent-Signature", format!("mac={mac}"));
    }
    request.body(Body::from(body.to_owned())).unwrap()
}

pub fn bot_delivery(body: &str, secret: Option<&str>) -> Request<Body> {
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

    // Signed: acknowledged, answered through the customer-service API, in pieces of ≤ 2,000
    // (the reply is sized for a phone, so it is usually one).
    assert_eq!(runtime.block_on(call(&s, oa_delivery(&text, Some(OA_KEY)))).0, StatusCode::OK);
    let answer = s.shared.engine.answer("Ai chịu trách nhiệm tuyển dụng giáo viên?", &Default::default());
    let pieces = zalo::pieces(&zalo::text(&answer)).len();
    assert!(pieces >= 1, "the reply is sent");
    let seen = stub.wait(pieces, WAIT);
    for request in &seen {
        assert_eq!(request.path, "/v3.0/oa/message/cs");
        assert_eq!(request.headers["access_token"], "oa-access-token");
        assert_eq!(request.body["recipient"], json!({"user_id": "2468013579"}));
    }
    let sent = texts(&seen, "/message/text");
    assert!(sent.iter().all(|t| t.chars().count() <= MAX_TEXT), "{sent:?}");
    assert!(sent[0].contains("Sở Giáo dục và Đào tạo") && sent.join("").contains("Nguồn:"), "{sent:?}");

    // Zalo retries the same event: acknowledged, not answered again.
    assert_eq!(runtime.block_on(call(&s, oa_delivery(&text, Some(OA_KEY)))).0, StatusCode::OK);
    // A follow, an image, and the account's own echo.
    for name in ["oa_follow.json", "oa_user_send_image.json", "oa_oa_send_text.json"] {
        let body = fixture(name);
        assert_eq!(runtime.block_on(call(&s, oa_delivery(&body, Some(OA_KEY)))).0, StatusCode::OK, "{name}");
    }
    let seen = stub.wait(sent.len() + 2, WAIT);
    // Every acknowledged delivery answered (or found to be a retry): nothing more will be sent.
    assert!(runtime.block_on(s.drain(WAIT)));
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
    let pieces = zalo::pieces(&zalo::text(&long)).len();
    // Sized for a phone: the first page of the list and the source labels (issue 15).
    assert!(pieces >= 1, "the long answer is sent: {pieces}");
    let seen = stub.wait(1 + pieces, WAIT);
    let to_minh: Vec<&Seen> = seen.iter().filter(|r| r.body["chat_id"] == "9b1c2d3e4f5a6b7c").collect();
    assert_eq!(to_minh.len(), pieces);
    assert!(to_minh.iter().all(|r| r.body["text"].as_str().unwrap().chars().count() <= MAX_TEXT));
    let whole: String = to_minh.iter().map(|r| r.body["text"].as_str().unwrap()).collect::<Vec<_>>().join("\n");
    assert!(whole.contains("Sở Giáo dục và Đào tạo") && whole.contains("Nguồn"));

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

    // Authenticated JSON of an unknown shape is acknowledged (no endless retries) and counted;
    // a body that is not JSON is a 400.
    let before = stub.seen().len();
    let (status, _) = runtime.block_on(call(&s, bot_delivery(r#"{"hello": 1}"#, Some(BOT_SECRET))));
    assert_eq!(status, StatusCode::OK);
    assert!(
        s.shared.metrics.render(false).contains("hoidap_errors_total{channel=\"zalo-bot\",kind=\"unknown-event\"} 1")
    );
    let (status, _) = runtime.block_on(call(&s, bot_delivery("not json", Some(BOT_SECRET))));
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(runtime.block_on(s.drain(WAIT)));
    assert_eq!(stub.seen().len(), before, "nothing is sent for them");
}

#[test]
fn an_expired_official_account_token_is_renewed_once_and_the_rotated_tokens_are_kept() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let api = Stub::start(json!({"error": 0, "message": "Success"}));
    api.queue("/v3.0/oa/message/cs", json!({"error": -216, "message": "Access token is invalid"}));
    let oauth = Stub::start(json!({"access_token": "access-2", "refresh_token": "refresh-2", "expires_in": "90000"}));
    let refresh =
        || oa::Refresh { oauth_url: oauth.url.clone(), app_id: APP_ID.into(), app_secret: "app-secret".into() };
    let s = server(Channels::default());
    let hook = ZaloOaHook::new(oa::OaClient::new(&api.url, "access-1"), APP_ID, OA_KEY)
        .with_refresh(refresh(), "refresh-1", &s.shared.store)
        .unwrap();
    let s = Arc::new(Server::new(s.shared.clone(), Channels { zalo_oa: Some(hook), ..Channels::default() }));

    let follow = fixture("oa_follow.json");
    assert_eq!(runtime.block_on(call(&s, oa_delivery(&follow, Some(OA_KEY)))).0, StatusCode::OK);
    let sends = api.wait(2, WAIT);
    assert_eq!(sends[0].headers["access_token"], "access-1");
    assert_eq!(sends[1].headers["access_token"], "access-2", "the message is sent again with the new token");
    assert_eq!(sends[0].body, sends[1].body);
    let renewals = oauth.seen();
    assert_eq!(renewals.len(), 1);
    assert_eq!(renewals[0].path, "/v4/oa/access_token");
    assert_eq!(renewals[0].headers["secret_key"], "app-secret");
    assert_eq!(renewals[0].raw, format!("refresh_token=refresh-1&app_id={APP_ID}&grant_type=refresh_token"));

    // After a restart the kept access token is used, and the next renewal uses the rotated
    // refresh token (the configured one is spent).
    let again = ZaloOaHook::new(oa::OaClient::new(&api.url, "access-1"), APP_ID, OA_KEY)
        .with_refresh(refresh(), "refresh-1", &s.shared.store)
        .unwrap();
    assert_eq!(again.client.current_access_token(), "access-2");
    api.queue("/v3.0/oa/message/cs", json!({"error": -216, "message": "Access token is invalid"}));
    let s = Arc::new(Server::new(s.shared.clone(), Channels { zalo_oa: Some(again), ..Channels::default() }));
    let image = fixture("oa_user_send_image.json");
    assert_eq!(runtime.block_on(call(&s, oa_delivery(&image, Some(OA_KEY)))).0, StatusCode::OK);
    api.wait(4, WAIT);
    assert!(oauth.wait(2, WAIT)[1].raw.starts_with("refresh_token=refresh-2&"));

    // A new configured refresh token (the operator renewed it by hand) wins over the kept ones.
    let fresh = ZaloOaHook::new(oa::OaClient::new(&api.url, "access-9"), APP_ID, OA_KEY)
        .with_refresh(refresh(), "refresh-9", &s.shared.store)
        .unwrap();
    assert_eq!(fresh.client.current_access_token(), "access-9");
}

/// Suggestions go as query buttons of the consultation template, within Zalo's limits; an
/// account whose template is refused (a non-zero `error`) gets the plain text instead, once,
/// suggestions written out.
#[test]
fn official_account_buttons_fall_back_to_plain_text_when_refused() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let stub = Stub::start(json!({"error": 0, "message": "Success"}));
    let s = oa_server(&stub);
    let question = "Học phí năm nay bao nhiêu?";
    let answer = s.shared.engine.answer(question, &Default::default());
    assert!(!answer.suggestions.is_empty(), "the case needs suggestions: {answer:?}");
    let event = |id: &str| {
        let mut e: Value = serde_json::from_str(&fixture("oa_user_send_text.json")).unwrap();
        e["message"]["msg_id"] = json!(id);
        e["message"]["text"] = json!(question);
        e.to_string()
    };

    // Accepted: one message, the text with its buttons.
    assert_eq!(runtime.block_on(call(&s, oa_delivery(&event("m1"), Some(OA_KEY)))).0, StatusCode::OK);
    let seen = stub.wait(1, WAIT);
    let message = &seen[0].body["message"];
    assert_eq!(message["attachment"]["type"], "template");
    let buttons = message["attachment"]["payload"]["buttons"].as_array().unwrap().clone();
    assert!(!buttons.is_empty() && buttons.len() <= zalo::OA_MAX_BUTTONS, "{buttons:?}");
    for b in &buttons {
        assert_eq!(b["type"], "oa.query.show");
        assert!(b["title"].as_str().unwrap().chars().count() <= zalo::OA_TITLE_CHARS);
        assert!(b["payload"].as_str().unwrap().chars().count() <= zalo::OA_PAYLOAD_CHARS);
    }
    let payloads: Vec<&str> = buttons.iter().map(|b| b["payload"].as_str().unwrap()).collect();
    for suggestion in &answer.suggestions {
        assert!(payloads.contains(&suggestion.as_str()), "{suggestion} has a button: {payloads:?}");
    }
    let text = message["text"].as_str().unwrap();
    assert!(text.chars().count() <= MAX_TEXT && !text.contains(answer.suggestions[0].as_str()), "{text}");

    // Refused: the plain text follows, once, with every suggestion written out.
    stub.queue("/v3.0/oa/message/cs", json!({"error": -201, "message": "template is not allowed"}));
    assert_eq!(runtime.block_on(call(&s, oa_delivery(&event("m2"), Some(OA_KEY)))).0, StatusCode::OK);
    let plain = zalo::pieces(&zalo::text(&answer));
    // Then a follow in the same conversation (the same lane, answered in order): once its
    // greeting is seen, everything the refused reply caused has been sent.
    let follow = fixture("oa_follow.json");
    assert_eq!(runtime.block_on(call(&s, oa_delivery(&follow, Some(OA_KEY)))).0, StatusCode::OK);
    let greeting = s.shared.engine.knowledge().smalltalk("greeting").unwrap().reply.clone();
    let seen = stub.wait(2 + plain.len() + 1, WAIT);
    let after = &seen[1..];
    assert!(after[0].body["message"]["attachment"].is_object(), "the template was tried first");
    let sent: Vec<String> = after[1..=plain.len()]
        .iter()
        .map(|r| {
            assert!(r.body["message"].get("attachment").is_none(), "the fallback is plain text");
            r.body["message"]["text"].as_str().unwrap().to_owned()
        })
        .collect();
    assert_eq!(sent, plain, "the plain text, once");
    for suggestion in &answer.suggestions {
        assert!(sent.join("\n").contains(suggestion.as_str()), "nothing lost: {suggestion}");
    }
    assert_eq!(after[plain.len() + 1].body["message"]["text"], json!(greeting));
    assert_eq!(stub.seen().len(), 2 + plain.len() + 1, "nothing else was sent");
    assert!(s.shared.metrics.render(false).contains("kind=\"template-refused\"} 1"));
}
