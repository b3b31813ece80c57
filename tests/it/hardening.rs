//! The limits that keep the public server responsive: the API token, the per-client and
//! concurrency limits of `/v1/ask`, webhook secrets checked before the body, liveness and
//! readiness, stale Zalo OA events, and the connection limits of the accept loop.

use crate::server::{call, post};
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode, header};
use hoidap::app::State;
use hoidap::knowledge::load;
use hoidap::server::{self, Channels, Connections, Guard, Server};
use hoidap::store::{Store, memory::MemoryKv};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tower::ServiceExt;

fn guarded(guard: Guard) -> Arc<Server> {
    let store = Store::open(Box::new(MemoryKv::new()), "memory", Some("test")).unwrap();
    let state = State::new(load::load(None).unwrap(), store, 30, String::new());
    Arc::new(Server::new(Arc::new(state), Channels::default()).guarded(guard))
}

const QUESTION: &str = r#"{"question": "Sở Tài chính làm gì?"}"#;

fn ask_from(peer: &str, forwarded: Option<&str>) -> Request<Body> {
    let mut request = post("/v1/ask", QUESTION);
    let peer: SocketAddr = peer.parse().unwrap();
    request.extensions_mut().insert(ConnectInfo(peer));
    if let Some(hop) = forwarded {
        request.headers_mut().insert("x-forwarded-for", hop.parse().unwrap());
    }
    request
}

#[tokio::test]
async fn the_api_token_guards_ask_and_metrics_only() {
    let s = guarded(Guard::new(Some("t0ken".into()), 4, 100, false));
    for (path, method) in [("/v1/ask", "POST"), ("/metrics", "GET")] {
        for auth in [None, Some("Bearer wrong"), Some("t0ken"), Some("Bearer t0ke")] {
            let mut request = Request::builder().method(method).uri(path);
            if let Some(auth) = auth {
                request = request.header(header::AUTHORIZATION, auth);
            }
            let (status, reply) = call(&s, request.body(Body::from(QUESTION)).unwrap()).await;
            assert_eq!(status, StatusCode::UNAUTHORIZED, "{path} {auth:?}");
            assert!(reply["error"].as_str().unwrap().contains("HOIDAP_API_TOKEN"), "{reply}");
        }
        let request = Request::builder().method(method).uri(path).header(header::AUTHORIZATION, "Bearer t0ken");
        let (status, _) = call(&s, request.body(Body::from(QUESTION)).unwrap()).await;
        assert_eq!(status, StatusCode::OK, "{path} with the token");
    }
    let (status, _) = call(&s, Request::get("/healthz").body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::OK, "health needs no token");
}

/// An operator who sets `HOIDAP_API_TOKEN` keeps the web chat working: the page asks through its
/// own paths, which need no token, speak for the channel `web` only, refuse other sites'
/// pages, and pass the same per-client limit.
#[tokio::test]
async fn the_web_chat_works_without_the_api_token_within_the_same_limits() {
    let s = guarded(Guard::new(Some("t0ken".into()), 4, 3, false));
    let from = |path: &str, body: &str, site: Option<&str>| {
        let mut request = post(path, body.to_owned());
        request.extensions_mut().insert(ConnectInfo("10.0.0.7:5000".parse::<SocketAddr>().unwrap()));
        if let Some(site) = site {
            request.headers_mut().insert("sec-fetch-site", site.parse().unwrap());
        }
        request
    };
    let ask = r#"{"question": "Sở Tài chính làm gì?", "user": "lan", "channel": "web"}"#;
    let (status, _) = call(&s, from("/v1/ask", ask, None)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "the JSON API keeps its token");
    let (status, answer) = call(&s, from("/chat/ask", ask, Some("same-origin"))).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let answer_id = answer["answer_id"].as_str().unwrap();
    let rate = format!(r#"{{"answer_id": "{answer_id}", "verdict": "up", "user": "lan"}}"#);
    let (status, stored) = call(&s, from("/chat/feedback", &rate, None)).await;
    assert_eq!((status, stored["stored"].as_bool()), (StatusCode::OK, Some(true)), "recorded as the web chat's");
    // Another site's page cannot use a visitor's browser to ask, and no client can speak for
    // the JSON API's channel through the chat's paths.
    for site in ["cross-site", "same-site"] {
        let (status, reply) = call(&s, from("/chat/ask", ask, Some(site))).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{site}: {reply}");
    }
    let as_api = r#"{"question": "Sở Tài chính làm gì?", "channel": "http"}"#;
    let (status, reply) = call(&s, from("/chat/ask", as_api, None)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{reply}");
    // Three requests a minute for this client, counted across the chat's paths.
    let (status, reply) = call(&s, from("/chat/forget", r#"{"user": "lan"}"#, None)).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{reply}");
    let (status, _) = call(&s, Request::get("/metrics").body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "/metrics keeps its token");
}

#[tokio::test]
async fn each_client_is_limited_by_its_address_or_its_first_forwarded_hop_behind_a_trusted_proxy() {
    let s = guarded(Guard::new(None, 4, 2, false));
    for _ in 0..2 {
        assert_eq!(call(&s, ask_from("10.0.0.1:1000", None)).await.0, StatusCode::OK);
    }
    let response = server::app(s.clone()).oneshot(ask_from("10.0.0.1:2000", None)).await.unwrap();
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS, "another port, the same client");
    assert_eq!(response.headers()[header::RETRY_AFTER], "60");
    assert_eq!(call(&s, ask_from("10.0.0.2:1000", None)).await.0, StatusCode::OK, "another client");
    // Without a trusted proxy, X-Forwarded-For names nobody: a client cannot escape its limit.
    assert_eq!(call(&s, ask_from("10.0.0.1:1000", Some("1.2.3.4"))).await.0, StatusCode::TOO_MANY_REQUESTS);

    let s = guarded(Guard::new(None, 4, 1, true));
    assert_eq!(call(&s, ask_from("10.0.0.9:1", Some("1.1.1.1, 10.0.0.7"))).await.0, StatusCode::OK);
    assert_eq!(call(&s, ask_from("10.0.0.9:1", Some("1.1.1.1"))).await.0, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(call(&s, ask_from("10.0.0.9:1", Some("2.2.2.2, 1.1.1.1"))).await.0, StatusCode::OK, "the first hop");
}

/// A question whose body never ends holds its slot (the limit is taken before the body is read):
/// the next one is refused with 503 and Retry-After, and a slot frees when the first ends.
#[tokio::test]
async fn questions_beyond_the_concurrency_limit_get_503_with_retry_after() {
    let s = guarded(Guard::new(None, 1, 1000, false));
    let (tx, rx) = futures_util_channel();
    let held = tokio::spawn({
        let s = s.clone();
        async move { server::app(s).oneshot(post("/v1/ask", Body::from_stream(rx))).await.unwrap().status() }
    });
    let mut refused = None;
    for _ in 0..10_000 {
        tokio::task::yield_now().await;
        let response = server::app(s.clone()).oneshot(post("/v1/ask", QUESTION)).await.unwrap();
        if response.status() == StatusCode::SERVICE_UNAVAILABLE {
            refused = Some(response);
            break;
        }
    }
    let refused = refused.expect("the second question was refused while the first held the slot");
    assert_eq!(refused.headers()[header::RETRY_AFTER], "1");
    let body = axum::body::to_bytes(refused.into_body(), usize::MAX).await.unwrap();
    assert!(String::from_utf8_lossy(&body).contains("too many questions at once"));
    tx.send(Ok(axum::body::Bytes::from(QUESTION))).unwrap();
    drop(tx);
    assert_eq!(held.await.unwrap(), StatusCode::OK);
    assert_eq!(call(&s, post("/v1/ask", QUESTION)).await.0, StatusCode::OK, "the slot is free again");
    let (_, metrics) = call_text(&s, "/metrics").await;
    assert!(metrics.contains(r#"hoidap_errors_total{channel="http",kind="busy"} 1"#), "{metrics}");
}

/// A body stream fed by the test.
fn futures_util_channel() -> (
    tokio::sync::mpsc::UnboundedSender<Result<axum::body::Bytes, std::io::Error>>,
    impl futures_util::Stream<Item = Result<axum::body::Bytes, std::io::Error>>,
) {
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    (tx, futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx)))
}

async fn call_text(s: &Arc<Server>, path: &str) -> (StatusCode, String) {
    let response = server::app(s.clone()).oneshot(Request::get(path).body(Body::empty()).unwrap()).await.unwrap();
    let status = response.status();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
    (status, String::from_utf8_lossy(&bytes).into_owned())
}

/// Markup up to the question paths' body limit is answered like a question: it is cut before
/// anything reads it (what that costs is measured by `cargo bench --bench answer`, "one 1 MiB
/// `<a<a<a…` paste", not timed here).
#[tokio::test]
async fn markup_up_to_the_body_limit_is_answered_and_cut() {
    let s = guarded(Guard::new(None, 4, 100, false));
    let question = "<a".repeat((server::ASK_BODY - 32) / 2);
    let body = serde_json::json!({ "question": question }).to_string();
    assert!(body.len() <= server::ASK_BODY);
    let (status, reply) = call(&s, post("/v1/ask", body)).await;
    assert_eq!(status, StatusCode::OK, "{reply}");
    let kept = s.shared.store.turn(reply["answer_id"].as_str().unwrap()).unwrap().unwrap();
    assert!(kept.question.unwrap().chars().count() <= hoidap::core::MAX_RAW_QUESTION_CHARS + 1);
}

/// A megabyte of markup declared in `Content-Length` is refused with 413 on its headers alone,
/// on both question paths and before the client's limits are spent: its body, which never ends
/// here, is never read (reading it would end in the 408 of the request timeout). A body without
/// a declared length is cut at the limit as it is read.
#[tokio::test]
async fn a_question_body_over_the_limit_is_refused_before_it_is_read() {
    let s = guarded(Guard::new(None, 1, 2, false));
    let never = || Body::from_stream(futures_util::stream::pending::<Result<axum::body::Bytes, std::io::Error>>());
    let megabyte = (1024 * 1024).to_string();
    for path in ["/v1/ask", "/chat/ask"] {
        let request = Request::post(path).header(header::CONTENT_LENGTH, &megabyte).body(never()).unwrap();
        let (status, reply) = call(&s, request).await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{path}: {reply}");
        assert!(reply["error"].as_str().unwrap().contains("16384 bytes"), "{reply}");
    }
    // Just over the limit and sent without a length: read up to the limit, then 413 (it passed
    // the client's limits first, as it could not be measured before).
    let over = format!(r#"{{"question": "{}"}}"#, "a".repeat(server::ASK_BODY));
    let (tx, rx) = futures_util_channel();
    tx.send(Ok(axum::body::Bytes::from(over.clone()))).unwrap();
    drop(tx);
    assert_eq!(call(&s, post("/v1/ask", Body::from_stream(rx))).await.0, StatusCode::PAYLOAD_TOO_LARGE);
    // The refusals on the headers spent nothing of the client's two questions a minute.
    assert_eq!(call(&s, post("/v1/ask", QUESTION)).await.0, StatusCode::OK);
    assert_eq!(call(&s, post("/v1/ask", QUESTION)).await.0, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn liveness_stays_up_and_readiness_follows_the_store_and_shutdown() {
    let s = guarded(Guard::default());
    let (status, health) = call(&s, Request::get("/healthz").body(Body::empty()).unwrap()).await;
    assert_eq!((status, health["status"].as_str(), health["store"].as_str()), (StatusCode::OK, Some("ok"), Some("ok")));
    let (status, ready) = call(&s, Request::get("/readyz").body(Body::empty()).unwrap()).await;
    assert_eq!((status, ready["ready"].as_bool()), (StatusCode::OK, Some(true)));

    // A store in memory only (its directory was unusable): alive, degraded, not ready; the
    // internal reason stays in the log.
    let store = Store::open(Box::new(MemoryKv::new()), "memory", Some("test")).unwrap();
    let mut store = store;
    store.memory_only = Some("cannot open /data: Permission denied (os error 13)".into());
    let state = State::new(load::load(None).unwrap(), store, 30, String::new());
    let degraded = Arc::new(Server::new(Arc::new(state), Channels::default()));
    let (status, health) = call(&degraded, Request::get("/healthz").body(Body::empty()).unwrap()).await;
    assert_eq!((status, health["status"].as_str()), (StatusCode::OK, Some("degraded")));
    assert!(!health.to_string().contains("Permission"), "no internal error text: {health}");
    let (status, ready) = call(&degraded, Request::get("/readyz").body(Body::empty()).unwrap()).await;
    assert_eq!((status, ready["store"].as_str()), (StatusCode::SERVICE_UNAVAILABLE, Some("memory only")));

    s.stop();
    let (status, ready) = call(&s, Request::get("/readyz").body(Body::empty()).unwrap()).await;
    assert_eq!((status, ready["reason"].as_str()), (StatusCode::SERVICE_UNAVAILABLE, Some("stopping")));
    let (status, _) = call(&s, Request::get("/healthz").body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::OK, "still alive while stopping");
}

/// A client that never finishes its headers is cut off after the header-read timeout; at the
/// connection cap, the next client is served only once a connection closes.
#[tokio::test]
async fn slow_headers_are_cut_off_and_open_connections_are_capped() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let s = guarded(Guard::default());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let limits = Connections {
        max_open: 1,
        header_read_timeout: Duration::from_millis(300),
        max_age: Duration::from_secs(30),
        grace: Duration::from_secs(1),
    };
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let serving = tokio::spawn(server::serve(listener, server::app(s), limits, async move {
        let _ = stopped.await;
    }));

    let started = Instant::now();
    let mut slow = tokio::net::TcpStream::connect(address).await.unwrap();
    slow.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n").await.unwrap();
    // The only slot is taken by the slow client: this one is served after it is cut off.
    let mut next = tokio::net::TcpStream::connect(address).await.unwrap();
    next.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").await.unwrap();
    let mut answer = String::new();
    tokio::time::timeout(Duration::from_secs(10), next.read_to_string(&mut answer)).await.unwrap().unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(started.elapsed() >= Duration::from_millis(300), "served only after the slot freed");
    // The slow client's connection was closed by the server.
    let mut rest = Vec::new();
    let closed = tokio::time::timeout(Duration::from_secs(10), slow.read_to_end(&mut rest)).await;
    closed.expect("the server closed the slow connection").ok();
    assert!(!String::from_utf8_lossy(&rest).contains("200 OK"), "the slow request was never served");

    stop.send(()).unwrap();
    tokio::time::timeout(Duration::from_secs(10), serving).await.unwrap().unwrap();
}

/// The store's password shows neither in `--help` (clap would print env values) nor in the error
/// when Redis cannot be reached, which comes after the configured wait.
#[test]
fn the_redis_password_is_never_printed() {
    let url = "redis://:hunter2-secret@127.0.0.1:9/0";
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_hoidap"))
            .args(args)
            .env("HOIDAP_STORE", url)
            .env("HOIDAP_ID_SALT", "salt")
            .env("HOIDAP_API_TOKEN", "api-token-secret")
            .env("HOIDAP_STORE_WAIT", "1")
            .output()
            .unwrap()
    };
    let help = run(&["serve", "--help"]);
    let text = String::from_utf8_lossy(&help.stdout);
    assert!(text.contains("HOIDAP_STORE") && text.contains("HOIDAP_STORE_WAIT"), "{text}");
    assert!(!text.contains("hunter2") && !text.contains("api-token-secret"), "{text}");
    let started = Instant::now();
    let failed = run(&["export"]);
    assert_eq!(failed.status.code(), Some(1));
    let error = String::from_utf8_lossy(&failed.stderr);
    assert!(error.contains("cannot open the store on Redis at redis://…@127.0.0.1:9/0"), "{error}");
    assert!(error.contains("HOIDAP_STORE_WAIT"), "{error}");
    assert!(!error.contains("hunter2"), "{error}");
    assert!(started.elapsed() >= Duration::from_millis(250), "tried again before giving up");
}

/// A forged delivery is refused on its headers: its body, which never ends here, is never read
/// (reading it would end in the 408 of the request timeout).
#[tokio::test(start_paused = true)]
async fn webhook_secrets_are_checked_before_the_body_is_read() {
    use hoidap::zalo::{ZaloBotHook, bot::BotClient};
    let store = Store::open(Box::new(MemoryKv::new()), "memory", Some("test")).unwrap();
    let state = State::new(load::load(None).unwrap(), store, 30, String::new());
    let hook = ZaloBotHook { client: BotClient::new("http://127.0.0.1:9", "1:t"), secret: "zalo-secret".into() };
    let s = Arc::new(Server::new(Arc::new(state), Channels { zalo_bot: Some(hook), ..Channels::default() }));
    let never = || Body::from_stream(futures_util::stream::pending::<Result<axum::body::Bytes, std::io::Error>>());
    let forged = Request::post("/webhook/zalo-bot").header("x-bot-api-secret-token", "guess").body(never()).unwrap();
    let (status, reply) = call(&s, forged).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{reply}");
    let unsigned = Request::post("/webhook/zalo-oa").body(never()).unwrap();
    assert_eq!(call(&s, unsigned).await.0, StatusCode::NOT_FOUND, "the OA webhook is off here");
    // The right secret: the body is read, and this one never ends.
    let signed =
        Request::post("/webhook/zalo-bot").header("x-bot-api-secret-token", "zalo-secret").body(never()).unwrap();
    assert_eq!(call(&s, signed).await.0, StatusCode::REQUEST_TIMEOUT);
}
