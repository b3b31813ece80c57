//! The web through `app()`, without a socket: the chat page's headers, weight and policy, the
//! JSON endpoints beside `/v1/ask` (`channel: "web"`, `/v1/feedback`, `/v1/forget`), and the
//! dashboard's sign-in, pages and CSV. The same pages in a real browser are in `browser.rs`.

use crate::server::{call, post, server};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use hoidap::server::web::{Config, admin::LOGIN_DELAY};
use hoidap::server::{self, Channels, MAX_BODY, Server};
use hoidap::store::Record;
use std::sync::Arc;
use tower::ServiceExt;

const TOKEN: &str = "test-admin-token-0123456789";

fn with_web(origins: &str, token: Option<&str>) -> Arc<Server> {
    let plain = server(Channels::default());
    let shared = plain.shared.clone();
    drop(plain);
    let config = Config::new(origins, token).unwrap();
    Arc::new(Server::new(shared, Channels::default()).with_web(config))
}

/// The whole response: status, headers, body as text.
async fn fetch(s: &Arc<Server>, request: Request<Body>) -> (StatusCode, axum::http::HeaderMap, String) {
    let response = server::app(s.clone()).oneshot(request).await.unwrap();
    let (parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX).await.unwrap();
    (parts.status, parts.headers, String::from_utf8_lossy(&bytes).into_owned())
}

fn get(path: &str) -> Request<Body> {
    Request::get(path).body(Body::empty()).unwrap()
}

fn header_of(headers: &axum::http::HeaderMap, name: header::HeaderName) -> &str {
    headers.get(name).map(|v| v.to_str().unwrap()).unwrap_or_default()
}

/// The static sources of the chat page and the widget.
fn static_file(name: &str) -> String {
    std::fs::read_to_string(crate::support::repo().join("src/server/web/static").join(name)).unwrap()
}

#[tokio::test]
async fn the_chat_page_is_light_strict_and_cached() {
    let s = with_web("https://portal.example.vn", None);
    let (status, headers, html) = fetch(&s, get("/")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(header_of(&headers, header::CONTENT_TYPE), "text/html; charset=utf-8");
    assert_eq!(header_of(&headers, header::CACHE_CONTROL), "no-cache");
    let csp = header_of(&headers, header::CONTENT_SECURITY_POLICY);
    assert!(csp.starts_with("default-src 'self'"), "{csp}");
    assert!(csp.contains("frame-ancestors 'self' https://portal.example.vn"), "{csp}");
    assert!(!csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"), "{csp}");
    assert_eq!(header_of(&headers, header::X_CONTENT_TYPE_OPTIONS), "nosniff");
    assert!(html.contains(r#"<html lang="vi">"#));

    // Every linked file is served with its type, versioned; the whole page weighs at most 60 KB.
    let mut weight = html.len();
    for (path, kind) in [("/chat.css", "text/css"), ("/chat.js", "text/javascript"), ("/favicon.svg", "image/svg+xml")]
    {
        let link = html.split(&format!("\"{path}?v=")).nth(1).and_then(|r| r.split('"').next());
        let version = link.unwrap_or_else(|| panic!("{path} is linked with a version"));
        let (status, headers, body) = fetch(&s, get(&format!("{path}?v={version}"))).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert!(header_of(&headers, header::CONTENT_TYPE).starts_with(kind), "{path}");
        assert!(header_of(&headers, header::CACHE_CONTROL).contains("max-age="), "{path}");
        weight += body.len();
    }
    assert!(weight <= 60 * 1024, "the chat page weighs {weight} bytes");
    assert_eq!(weight, hoidap::server::web::chat_page_weight());

    // A revalidation costs a 304.
    let etag = header_of(&headers, header::ETAG).to_owned();
    let again = Request::get("/").header(header::IF_NONE_MATCH, &etag).body(Body::empty()).unwrap();
    let (status, _, body) = fetch(&s, again).await;
    assert_eq!((status, body.as_str()), (StatusCode::NOT_MODIFIED, ""));

    // The widget, for portal pages.
    let (status, headers, _) = fetch(&s, get("/widget.js")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(header_of(&headers, header::CONTENT_TYPE), "text/javascript; charset=utf-8");
}

#[tokio::test]
async fn no_inline_script_or_style_and_no_markup_from_text() {
    let html = static_file("index.html");
    assert!(!html.contains("<style") && !html.contains(" style="), "no inline style");
    for script in html.split("<script").skip(1) {
        assert!(script.trim_start().starts_with("src="), "only external scripts: <script{script}");
    }
    for name in ["chat.js", "widget.js"] {
        let js = static_file(name);
        for sink in ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("] {
            assert!(!js.contains(sink), "{name} uses {sink}");
        }
    }
}

#[tokio::test]
async fn the_web_channel_rates_and_forgets() {
    let s = with_web("", None);
    let ask = |body: &'static str| post("/v1/ask", body);
    let (status, reply) =
        call(&s, ask(r#"{"question": "Sở Tài chính làm gì?", "user": "abc", "channel": "web"}"#)).await;
    assert_eq!(status, StatusCode::OK, "{reply}");
    assert!(reply["body"].as_str().unwrap().contains("[1]"), "the body carries the markers: {reply}");
    assert!(!reply["body"].as_str().unwrap().contains(hoidap::messages::CITATIONS_HEADING));
    let id = reply["answer_id"].as_str().unwrap().to_owned();
    let turn = s.shared.store.turn(&id).unwrap().unwrap();
    assert_eq!(turn.channel, "web");
    assert_eq!(turn.user, s.shared.store.user_hash("web:abc"), "the user is web:<id>");
    let (status, _) = call(&s, ask(r#"{"question": "x", "channel": "telegram"}"#)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    // 👍 by the user it was given to; nobody else can rate it.
    let rate = |user: &str, verdict: &str| {
        post(
            "/v1/feedback",
            format!(r#"{{"answer_id": "{id}", "verdict": "{verdict}", "user": "{user}", "channel": "web"}}"#),
        )
    };
    let (status, reply) = call(&s, rate("someone-else", "down")).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{reply}");
    let (status, reply) = call(&s, rate("abc", "up")).await;
    assert_eq!((status, reply["stored"].as_bool()), (StatusCode::OK, Some(true)), "{reply}");
    let feedback: Vec<_> = s
        .shared
        .store
        .export()
        .unwrap()
        .into_iter()
        .filter_map(|r| match r {
            Record::Feedback(f) => Some(f),
            _ => None,
        })
        .collect();
    assert_eq!(feedback.len(), 1);
    assert_eq!((feedback[0].answer_id.as_str(), feedback[0].verdict), (id.as_str(), hoidap::store::Verdict::Up));
    for bad in ["", "{}", r#"{"answer_id": "1", "verdict": "meh"}"#, r#"{"answer_id": "1", "verdict": "up", "x": 1}"#] {
        let (status, reply) = call(&s, post("/v1/feedback", bad)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}: {reply}");
        assert!(reply["error"].is_string());
    }
    let big = format!(r#"{{"answer_id": "{}", "verdict": "up"}}"#, "a".repeat(MAX_BODY + 1));
    assert_eq!(call(&s, post("/v1/feedback", big)).await.0, StatusCode::PAYLOAD_TOO_LARGE, "the body limit applies");

    // The follow-up uses the context; after forget, nothing of the user is left.
    let (_, follow) =
        call(&s, ask(r#"{"question": "họ còn phải làm gì nữa?", "user": "abc", "channel": "web"}"#)).await;
    assert_eq!(follow["answered"], true, "{follow}");
    let (status, reply) = call(&s, post("/v1/forget", r#"{"user": "abc", "channel": "web"}"#)).await;
    assert_eq!(status, StatusCode::OK, "{reply}");
    assert!(reply["erased"].as_u64().unwrap() >= 4, "two turns, the feedback, the context: {reply}");
    let hash = s.shared.store.user_hash("web:abc");
    let left = s.shared.store.export().unwrap();
    assert!(!serde_json::to_string(&left).unwrap().contains(&hash), "nothing of web:abc is left");
    let (_, after) = call(&s, ask(r#"{"question": "họ còn phải làm gì nữa?", "user": "abc", "channel": "web"}"#)).await;
    assert_eq!(after["answered"], false, "the context went too: {after}");
    assert_eq!(call(&s, post("/v1/forget", r#"{"user": ""}"#)).await.0, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_dashboard_is_off_without_a_token() {
    let s = with_web("", None);
    for path in ["/admin", "/admin/unanswered.csv", "/admin/admin.css"] {
        assert_eq!(fetch(&s, get(path)).await.0, StatusCode::NOT_FOUND, "{path}");
    }
    assert_eq!(fetch(&s, post("/admin/login", "token=x")).await.0, StatusCode::NOT_FOUND);
}

fn login(token: &str) -> Request<Body> {
    Request::post("/admin/login")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(format!("token={token}")))
        .unwrap()
}

fn with_cookie(path: &str, cookie: &str) -> Request<Body> {
    Request::get(path).header(header::COOKIE, cookie).body(Body::empty()).unwrap()
}

#[tokio::test]
async fn officials_sign_in_and_see_what_was_declined() {
    let s = with_web("", Some(TOKEN));
    let declined = "Giá vé xe buýt ở Hải Phòng là bao nhiêu?";
    let (_, reply) =
        call(&s, post("/v1/ask", format!(r#"{{"question": "{declined}", "user": "u1", "channel": "web"}}"#))).await;
    assert_eq!(reply["answered"], false, "{reply}");
    let id = reply["answer_id"].as_str().unwrap().to_owned();
    let (status, _) = call(
        &s,
        post("/v1/feedback", format!(r#"{{"answer_id": "{id}", "verdict": "down", "user": "u1", "channel": "web"}}"#)),
    )
    .await;
    assert_eq!(status, StatusCode::OK);

    // Not signed in: the form, never the figures.
    let (status, headers, html) = fetch(&s, get("/admin")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(r#"name="token""#) && !html.contains(declined));
    let csp = header_of(&headers, header::CONTENT_SECURITY_POLICY);
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert_eq!(header_of(&headers, header::CACHE_CONTROL), "no-store");
    assert_eq!(fetch(&s, get("/admin/unanswered.csv")).await.0, StatusCode::UNAUTHORIZED);

    // A wrong token: 401, after the delay.
    let started = std::time::Instant::now();
    let (status, headers, html) = fetch(&s, login("wrong-token-0123456789")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(started.elapsed() >= LOGIN_DELAY);
    assert!(headers.get(header::SET_COOKIE).is_none());
    assert!(html.contains(hoidap::messages::ADMIN_LOGIN_WRONG));

    // The right one: an HttpOnly, SameSite=Strict cookie.
    let (status, headers, _) = fetch(&s, login(TOKEN)).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let set = header_of(&headers, header::SET_COOKIE);
    assert!(set.contains("HttpOnly") && set.contains("SameSite=Strict") && set.contains("Path=/admin"), "{set}");
    assert!(!set.contains(TOKEN), "the cookie is not the token");
    let cookie = set.split(';').next().unwrap().to_owned();

    let (status, _, html) = fetch(&s, with_cookie("/admin?days=7", &cookie)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(declined), "the declined question is listed");
    assert!(html.contains(hoidap::messages::ADMIN_FEEDBACK_HEADING));
    assert!(html.matches("<svg class=\"chart\"").count() == 4, "four charts");
    assert!(!html.contains("<script") && !html.contains(" style="), "no script, no inline style");
    let (status, headers, csv) = fetch(&s, with_cookie("/admin/unanswered.csv?days=7", &cookie)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(header_of(&headers, header::CONTENT_TYPE), "text/csv; charset=utf-8");
    assert!(header_of(&headers, header::CONTENT_DISPOSITION).starts_with("attachment"));
    assert!(csv.lines().nth(1).unwrap().contains(declined), "{csv}");

    // A forged or tampered cookie is a stranger.
    for forged in ["hoidap_admin=99999999999.00", &format!("{cookie}0"), "hoidap_admin="] {
        let (_, _, html) = fetch(&s, with_cookie("/admin", forged)).await;
        assert!(!html.contains(declined), "{forged}");
    }
}

#[test]
fn bad_web_settings_are_refused_at_start() {
    for (name, value, expected) in [
        ("HOIDAP_WEB_ORIGINS", "portal.example.vn", "HOIDAP_WEB_ORIGINS"),
        ("HOIDAP_ADMIN_TOKEN", "tiny-secret", "HOIDAP_ADMIN_TOKEN"),
    ] {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_hoidap"))
            .arg("serve")
            .env("HOIDAP_LISTEN", "127.0.0.1:0")
            .env(name, value)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{name}={value}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(expected) && !err.contains("tiny-secret"), "the token is never printed: {err}");
    }
}
