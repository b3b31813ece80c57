//! The HTTP server through `app()`, without a socket: the JSON API, health, limits, and webhook
//! authentication. The webhook's answers over a real socket are in `serve.rs`.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use hoidap::app::State;
use hoidap::knowledge::load;
use hoidap::server::{self, Channels, MAX_BODY, Server, TelegramHook};
use hoidap::store::{Store, memory::MemoryKv};
use serde_json::Value;
use std::sync::Arc;
use teloxide::prelude::*;
use tower::ServiceExt;

pub fn server(channels: Channels) -> Arc<Server> {
    let store = Store::open(Box::new(MemoryKv::new()), "memory", Some("test")).unwrap();
    let state = State::new(load::load(None).unwrap(), store, 30, "hoidap_test_bot".into());
    Arc::new(Server::new(Arc::new(state), channels))
}

pub async fn call(server: &Arc<Server>, request: Request<Body>) -> (StatusCode, Value) {
    let response = server::app(server.clone()).oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
    (status, serde_json::from_slice(&bytes).unwrap_or(Value::Null))
}

pub fn post(path: &str, body: impl Into<Body>) -> Request<Body> {
    Request::post(path).header("content-type", "application/json").body(body.into()).unwrap()
}

#[tokio::test]
async fn ask_answers_in_the_json_contract_and_remembers_a_named_user() {
    let s = server(Channels::default());
    let (status, reply) =
        call(&s, post("/v1/ask", r#"{"question": "ai chiu trach nhiem tuyen dung giao vien", "user": "lan"}"#)).await;
    assert_eq!(status, StatusCode::OK, "{reply}");
    assert_eq!(reply["answered"], true);
    assert_eq!(reply["intent"], "responsibility");
    assert!(reply["agencies"].as_array().unwrap().iter().any(|a| a == "Sở Nội vụ"), "{reply}");
    assert!(reply["citations"].as_array().unwrap().len() >= 2);
    let id = reply["answer_id"].as_str().unwrap();
    assert!(s.shared.store.turn(id).unwrap().is_some(), "the turn is recorded");

    // The same user's follow-up uses their context; an anonymous one does not.
    let (_, follow) = call(&s, post("/v1/ask", r#"{"question": "còn Sở Tài chính thì sao?", "user": "lan"}"#)).await;
    assert!(follow["text"].as_str().unwrap().contains("Sở Tài chính"));
    let (_, mine) = call(&s, post("/v1/ask", r#"{"question": "họ còn phải làm gì nữa?", "user": "lan"}"#)).await;
    assert_eq!(mine["answered"], true, "{mine}");
    let (_, anonymous) = call(&s, post("/v1/ask", r#"{"question": "họ còn phải làm gì nữa?"}"#)).await;
    assert_eq!(anonymous["answered"], false, "{anonymous}");
}

/// tower-http's timeout layer: a client that never finishes its body gets 408, in JSON like
/// every other error (the clock is paused: no real wait).
#[tokio::test(start_paused = true)]
async fn a_body_that_never_ends_is_answered_408_in_json() {
    let s = server(Channels::default());
    let never = futures_util::stream::pending::<Result<axum::body::Bytes, std::io::Error>>();
    let (status, reply) = call(&s, post("/v1/ask", Body::from_stream(never))).await;
    assert_eq!(status, StatusCode::REQUEST_TIMEOUT, "{reply}");
    assert_eq!(reply["error"], "the request took too long");
}

#[tokio::test]
async fn bad_bodies_get_a_json_error() {
    let s = server(Channels::default());
    for body in ["", "not json", r#"{"question": 5}"#, r#"{"q": "x"}"#, r#"{"question": "x", "extra": 1}"#] {
        let (status, reply) = call(&s, post("/v1/ask", body)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert!(reply["error"].as_str().unwrap().contains("question"), "{body}: {reply}");
    }
    let big = format!(r#"{{"question": "{}"}}"#, "a".repeat(MAX_BODY + 1));
    let (status, _) = call(&s, post("/v1/ask", big)).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    // A long paste below the limit is answered.
    let paste = format!(r#"{{"question": "{}"}}"#, "Sở Tài chính làm gì? ".repeat(250));
    let (status, reply) = call(&s, post("/v1/ask", paste)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(reply["text"].as_str().unwrap().contains("Sở Tài chính"));
}

#[tokio::test]
async fn health_and_unconfigured_webhooks() {
    let s = server(Channels::default());
    let (status, reply) = call(&s, Request::get("/healthz").body(Body::empty()).unwrap()).await;
    assert_eq!((status, reply["status"].as_str()), (StatusCode::OK, Some("ok")));
    assert!(reply["entries"].as_u64().unwrap() > 10);
    for path in ["/webhook/telegram", "/webhook/zalo-bot", "/webhook/zalo-oa"] {
        let (status, _) = call(&s, post(path, "{}")).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path} is off when not configured");
    }
    assert!(s.webhooks().is_empty());
}

#[tokio::test]
async fn the_telegram_webhook_refuses_forged_deliveries() {
    // Any call to this address would fail: a forged delivery must not reach Telegram at all.
    let bot =
        hoidap::telegram::send::Tg::new(Bot::new("123:TEST").set_api_url("http://127.0.0.1:9".parse().unwrap()), true);
    let me: teloxide::types::Me = serde_json::from_value(serde_json::json!({
        "id": 123, "is_bot": true, "first_name": "hoidap", "username": "hoidap_test_bot",
        "can_join_groups": true, "can_read_all_group_messages": false, "supports_inline_queries": false,
        "can_connect_to_business": false, "has_main_web_app": false
    }))
    .unwrap();
    let s =
        server(Channels { telegram: Some(TelegramHook { bot, me, secret: "s3cret".into() }), ..Channels::default() });
    assert_eq!(s.webhooks(), ["/webhook/telegram"]);
    let update = r#"{"update_id": 1, "message": {"message_id": 1, "date": 0,
        "chat": {"id": 42, "type": "private", "first_name": "Lan"}, "from": {"id": 42, "is_bot": false, "first_name": "Lan"},
        "text": "Sở Tài chính làm gì?"}}"#;
    for secret in [None, Some("wrong"), Some("s3cre"), Some("s3cret ")] {
        let mut request = Request::post("/webhook/telegram");
        if let Some(secret) = secret {
            request = request.header(server::TELEGRAM_SECRET_HEADER, secret);
        }
        let (status, reply) = call(&s, request.body(Body::from(update)).unwrap()).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{secret:?}");
        assert!(reply["error"].as_str().unwrap().contains("Secret-Token"));
    }
    // Nothing was processed: the delivery was never noted (and nothing recorded).
    assert!(s.shared.store.first_delivery("telegram", "1", 0).unwrap(), "the forged update id was not noted");
    assert_eq!(s.shared.store.stats(0).unwrap().questions, 0);
    // With the secret, a body that is not an update is a 400.
    let request = Request::post("/webhook/telegram").header(server::TELEGRAM_SECRET_HEADER, "s3cret");
    let (status, _) = call(&s, request.body(Body::from("[1, 2]")).unwrap()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn metrics_count_requests_answers_and_abstentions() {
    let s = server(Channels::default());
    call(&s, post("/v1/ask", r#"{"question": "Sở Tài chính làm gì?"}"#)).await;
    call(&s, post("/v1/ask", r#"{"question": "Giá vàng hôm nay bao nhiêu?"}"#)).await;
    call(&s, post("/v1/ask", "not json")).await;
    let response = server::app(s.clone()).oneshot(Request::get("/metrics").body(Body::empty()).unwrap()).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/plain"));
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
    let text = String::from_utf8(bytes.to_vec()).unwrap();
    for line in [
        "hoidap_http_requests_total{route=\"/v1/ask\",status=\"200\"} 2",
        "hoidap_http_requests_total{route=\"/v1/ask\",status=\"400\"} 1",
        "hoidap_answers_total{channel=\"http\",outcome=\"answered\"} 1",
        "hoidap_answers_total{channel=\"http\",outcome=\"declined\"} 1",
        "hoidap_answer_seconds_count 2",
    ] {
        assert!(text.lines().any(|l| l == line), "{line} in:\n{text}");
    }
}
