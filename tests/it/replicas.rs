//! Two `hoidap serve` replicas sharing one Redis store, as behind a load balancer: follow-ups,
//! retried deliveries and a replica lost mid-run. And how a Redis store is configured.

use crate::http_stub::Stub;
use crate::redis::RedisServer;
use crate::serve::{self, WAIT};
use serde_json::json;
use std::process::{Child, Command};

const SECRET: &str = "zalo-bot-secret";
const SALT: &str = "replica-salt";

/// A Zalo Bot text update from `chat`.
fn update(chat: &str, message_id: &str, text: &str) -> String {
    json!({"ok": true, "result": {"event_name": "message.text.received", "message": {
        "from": {"id": chat, "display_name": "Lan", "is_bot": false}, "chat": {"id": chat, "chat_type": "PRIVATE"},
        "text": text, "message_id": message_id, "date": 1_735_862_400_000u64}}})
    .to_string()
}

fn replica(redis: &RedisServer, zalo: &Stub, name: &str) -> (Child, String) {
    replica_with(redis, zalo, name, "30")
}

fn replica_with(redis: &RedisServer, zalo: &Stub, name: &str, rate_limit: &str) -> (Child, String) {
    let data = std::env::temp_dir().join(format!("hoidap-replica-{name}-{}", std::process::id()));
    bot_server(Some(redis), zalo, &data, rate_limit)
}

/// `hoidap serve` with the Zalo Bot channel on `zalo`, on Redis or (without it) sled in `data`;
/// deliveries unanswered for a second are taken over.
fn bot_server(redis: Option<&RedisServer>, zalo: &Stub, data: &std::path::Path, rate_limit: &str) -> (Child, String) {
    let store = redis.map_or("sled".to_owned(), RedisServer::url);
    let env = [
        ("HOIDAP_RECOVER_AFTER", "1".to_owned()),
        ("HOIDAP_RATE_LIMIT", rate_limit.to_owned()),
        ("HOIDAP_STORE", store),
        ("HOIDAP_ID_SALT", SALT.to_owned()),
        ("ZALO_BOT_TOKEN", "1:replica".to_owned()),
        ("ZALO_BOT_API_URL", zalo.url.clone()),
        ("ZALO_BOT_SECRET_TOKEN", SECRET.to_owned()),
    ];
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (child, address, _log, _first) = serve::start_with(&env, data);
    (child, address)
}

fn deliver(address: &str, body: &str) -> u16 {
    serve::post(address, "/webhook/zalo-bot", &[("X-Bot-Api-Secret-Token", SECRET)], body).0
}

/// The texts sent to `chat` so far.
fn sent_to(zalo: &Stub, chat: &str) -> Vec<String> {
    zalo.seen()
        .iter()
        .filter(|r| r.body["chat_id"] == chat)
        .map(|r| r.body["text"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn two_replicas_share_follow_ups_and_deliveries_and_survive_losing_one() {
    let Some(redis) = RedisServer::start() else { return };
    let zalo = Stub::start(json!({"ok": true, "result": {"message_id": "m"}}));
    let (mut a, at_a) = replica(&redis, &zalo, "a");
    let (b, at_b) = replica(&redis, &zalo, "b");

    // A question answered by A, its follow-up by B: B answers it in A's context (without it,
    // "what else must they do?" is declined).
    let (first, follow) = ("Sở Tài chính làm gì?", "họ còn phải làm gì nữa?");
    let engine = crate::support::engine();
    let pieces = |a: &hoidap::core::Answer| hoidap::zalo::pieces(&hoidap::zalo::text(a));
    let asked = engine.answer(first, &Default::default());
    let in_context = engine.answer(follow, &asked.context);
    assert_ne!(
        pieces(&in_context),
        pieces(&engine.answer(follow, &Default::default())),
        "the test needs a real follow-up"
    );
    let expected: Vec<String> = [pieces(&asked), pieces(&in_context)].concat();
    assert_eq!(deliver(&at_a, &update("u1", "m1", first)), 200);
    zalo.wait(pieces(&asked).len(), WAIT);
    assert_eq!(deliver(&at_b, &update("u1", "m2", follow)), 200);
    let deadline = std::time::Instant::now() + WAIT;
    while sent_to(&zalo, "u1").len() < expected.len() {
        assert!(std::time::Instant::now() < deadline, "the follow-up was not answered");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert_eq!(sent_to(&zalo, "u1"), expected, "B answered in A's context");

    // The same delivery retried to the other replica is acknowledged, not answered again.
    assert_eq!(deliver(&at_a, &update("u2", "m3", "Sở Nội vụ làm gì?")), 200);
    assert_eq!(deliver(&at_b, &update("u2", "m3", "Sở Nội vụ làm gì?")), 200);
    serve::wait_answered(&at_a);
    serve::wait_answered(&at_b);
    assert_eq!(sent_to(&zalo, "u2").len(), 1, "answered once");

    // Questions alternate between the replicas; then A dies (SIGKILL) and the load balancer
    // sends everything to B. (A delivery A had acknowledged but not yet answered when it died
    // would be lost: the platforms do not deliver again after a 200. See docs/deploy.md.)
    let question = "Kinh phí cho giáo dục tối thiểu bao nhiêu?";
    let answered = |range: std::ops::Range<usize>| range.clone().all(|i| !sent_to(&zalo, &format!("c{i}")).is_empty());
    let wait_answered = |range: std::ops::Range<usize>| {
        let deadline = std::time::Instant::now() + WAIT;
        while !answered(range.clone()) {
            assert!(std::time::Instant::now() < deadline, "a question was lost: {} sent", zalo.seen().len());
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    };
    for i in 0..5 {
        let address = if i % 2 == 0 { &at_a } else { &at_b };
        assert_eq!(deliver(address, &update(&format!("c{i}"), &format!("q{i}"), question)), 200);
    }
    wait_answered(0..5);
    a.kill().unwrap();
    a.wait().unwrap();
    for i in 5..10 {
        assert_eq!(deliver(&at_b, &update(&format!("c{i}"), &format!("q{i}"), question)), 200);
    }
    // A retry of a delivery A answered, now sent to B: not answered twice.
    assert_eq!(deliver(&at_b, &update("c0", "q0", question)), 200);
    wait_answered(5..10);
    serve::wait_answered(&at_b);
    let budget = pieces(&engine.answer("Kinh phí cho giáo dục tối thiểu bao nhiêu?", &Default::default()));
    for i in 0..10 {
        assert_eq!(sent_to(&zalo, &format!("c{i}")), budget, "c{i} answered once, in full");
    }
    stop(b);
}

#[test]
fn a_delivery_acknowledged_by_a_replica_that_dies_is_answered_by_the_other() {
    let Some(redis) = RedisServer::start() else { return };
    // A's Zalo never answers: A acknowledges, starts sending, and is killed while it waits.
    let stuck = Stub::start(json!({"ok": true, "result": {"message_id": "m"}}));
    stuck.slow("/sendMessage", std::time::Duration::from_secs(60));
    let zalo = Stub::start(json!({"ok": true, "result": {"message_id": "m"}}));
    let (mut a, at_a) = replica(&redis, &stuck, "dies-a");
    let (b, at_b) = replica(&redis, &zalo, "dies-b");
    let question = "Sở Tài chính làm gì?";
    assert_eq!(deliver(&at_a, &update("orphan", "o1", question)), 200);
    // A is sending the reply (its stand-in holds the request, unanswered): kill it now.
    stuck.wait_arrived(1, WAIT);
    a.kill().unwrap();
    a.wait().unwrap();
    // B finds the delivery A left unanswered and answers it, once.
    let answer = crate::support::engine().answer(question, &Default::default());
    let expected = hoidap::zalo::pieces(&hoidap::zalo::text(&answer));
    zalo.wait(expected.len(), WAIT);
    // Answered and dropped from the pending ones: no replica can take it over again.
    serve::wait_answered(&at_b);
    assert_eq!(sent_to(&zalo, "orphan"), expected);
    stop(b);
}

#[test]
fn one_node_answers_after_a_crash_what_it_had_acknowledged() {
    let data = std::env::temp_dir().join(format!("hoidap-crash-after-ack-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    let stuck = Stub::start(json!({"ok": true, "result": {"message_id": "m"}}));
    stuck.slow("/sendMessage", std::time::Duration::from_secs(60));
    let (mut first, address) = bot_server(None, &stuck, &data, "30");
    let question = "Sở Tài chính làm gì?";
    assert_eq!(deliver(&address, &update("crash", "k1", question)), 200);
    // Acknowledged, so kept. A declined question is flushed to disk before its reply, and a
    // flush makes every write before it durable: once that reply is in, the crash can come.
    let (status, declined) = serve::post(&address, "/v1/ask", &[], r#"{"question": "thời tiết mai thế nào"}"#);
    assert_eq!(status, 200, "{declined}");
    assert!(declined.contains("\"answered\":false"), "a declined question (flushed): {declined}");
    first.kill().unwrap();
    first.wait().unwrap();
    let zalo = Stub::start(json!({"ok": true, "result": {"message_id": "m"}}));
    let (again, at_again) = bot_server(None, &zalo, &data, "30");
    let answer = crate::support::engine().answer(question, &Default::default());
    let expected = hoidap::zalo::pieces(&hoidap::zalo::text(&answer));
    zalo.wait(expected.len(), WAIT);
    serve::wait_answered(&at_again);
    assert_eq!(sent_to(&zalo, "crash"), expected, "answered once after the restart");
    stop(again);
    let _ = std::fs::remove_dir_all(&data);
}

#[test]
fn the_rate_limit_holds_across_replicas() {
    let Some(redis) = RedisServer::start() else { return };
    let zalo = Stub::start(json!({"ok": true, "result": {"message_id": "m"}}));
    let (a, at_a) = replica_with(&redis, &zalo, "limit-a", "3");
    let (b, at_b) = replica_with(&redis, &zalo, "limit-b", "3");
    let question = "Sở Tài chính làm gì?";
    let answer = crate::support::engine().answer(question, &Default::default());
    let pieces = hoidap::zalo::pieces(&hoidap::zalo::text(&answer)).len();
    // Six messages in a minute, alternating replicas: three answered, one "slow down", then silence.
    // (The shared count runs in fixed minutes: start well inside one.)
    while hoidap::app::now() % 60 > 50 {
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    for i in 0..6 {
        let address = if i % 2 == 0 { &at_a } else { &at_b };
        assert_eq!(deliver(address, &update("busy", &format!("r{i}"), question)), 200);
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    zalo.wait(3 * pieces + 1, WAIT);
    serve::wait_answered(&at_a);
    serve::wait_answered(&at_b);
    let sent = sent_to(&zalo, "busy");
    assert_eq!(sent.len(), 3 * pieces + 1, "{sent:#?}");
    assert_eq!(sent.last().unwrap(), hoidap::messages::SLOW_DOWN);
    stop(a);
    stop(b);
}

fn stop(child: Child) {
    assert!(Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap().success());
    assert_eq!(serve::wait_exit(child), Some(0));
}

/// The configuration errors of a Redis store, each naming what to fix.
#[test]
fn a_redis_store_needs_a_salt_a_valid_address_and_a_reachable_server() {
    let run = |env: &[(&str, &str)]| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_hoidap"));
        command.arg("stats").env_remove("HOIDAP_ID_SALT");
        for (k, v) in env {
            command.env(k, v);
        }
        let out = command.output().unwrap();
        (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
    };
    let (code, err) = run(&[("HOIDAP_STORE", "redis://127.0.0.1:1/0")]);
    assert_eq!(code, Some(1));
    assert!(err.contains("set HOIDAP_ID_SALT too, the same on every replica"), "{err}");
    let (code, err) = run(&[("HOIDAP_STORE", "postgres://x"), ("HOIDAP_ID_SALT", "s")]);
    assert_eq!(code, Some(1));
    assert!(err.contains("HOIDAP_STORE `postgres://x` is neither `sled` nor"), "{err}");
    // Nothing listens on port 1: a clear error at once, naming the variable, never the password.
    let (code, err) = run(&[
        ("HOIDAP_STORE", "redis://:pw-s3cret@127.0.0.1:1/0"),
        ("HOIDAP_ID_SALT", "s"),
        ("HOIDAP_STORE_WAIT", "0"),
    ]);
    assert_eq!(code, Some(1));
    assert!(err.contains("cannot open the store on Redis at redis://…@127.0.0.1:1/0 (HOIDAP_STORE"), "{err}");
    assert!(err.contains("redis://…@127.0.0.1:1/0") && !err.contains("pw-s3cret"), "{err}");
}

#[test]
fn losing_redis_while_serving_costs_the_memory_not_the_answers() {
    let Some(mut redis) = RedisServer::start() else { return };
    let zalo = Stub::start(json!({"ok": true, "result": {"message_id": "m"}}));
    let (server, address) = replica(&redis, &zalo, "no-redis");
    let ask = r#"{"question": "Sở Tài chính làm gì?", "user": "lan"}"#;
    let (status, with_redis) = serve::post(&address, "/v1/ask", &[], ask);
    assert_eq!(status, 200, "{with_redis}");
    redis.stop();
    // Redis is gone: the same answer, without memory (no answer id), and quickly.
    let started = std::time::Instant::now();
    let (status, without) = serve::post(&address, "/v1/ask", &[], ask);
    assert_eq!(status, 200, "{without}");
    let (with_redis, without): (serde_json::Value, serde_json::Value) =
        (serde_json::from_str(&with_redis).unwrap(), serde_json::from_str(&without).unwrap());
    assert_eq!(without["text"], with_redis["text"]);
    assert!(without["answer_id"].is_null() && with_redis["answer_id"].is_string());
    assert!(started.elapsed() < std::time::Duration::from_secs(5), "{:?}", started.elapsed());
    // Back: the replica reconnects by itself and remembers again.
    redis.restart();
    let deadline = std::time::Instant::now() + WAIT;
    loop {
        let (_, reply) = serve::post(&address, "/v1/ask", &[], ask);
        if serde_json::from_str::<serde_json::Value>(&reply).unwrap()["answer_id"].is_string() {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "never reconnected");
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    stop(server);
}

/// One chat's lane holds a backlog far longer than `HOIDAP_RECOVER_AFTER` (1 s) and than a
/// recovery sweep (every 5 s): the records of the waiting deliveries are stale by age, yet none
/// is taken over, and each delivery is answered exactly once. Checked after the server drained
/// and exited (nothing more can be sent), and with the pending queue empty in the store.
fn a_lane_backlog_answers_each_delivery_once(redis: Option<&RedisServer>, name: &str) {
    const BACKLOG: usize = 10;
    let zalo = Stub::start(json!({"ok": true, "result": {"message_id": "m"}}));
    // Every send takes 0.6 s: the backlog takes over six seconds to answer.
    zalo.slow("/sendMessage", std::time::Duration::from_millis(600));
    let data = std::env::temp_dir().join(format!("hoidap-backlog-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    let (server, address) = bot_server(redis, &zalo, &data, "60");
    let question = "Sở Tài chính làm gì?";
    let answer = crate::support::engine().answer(question, &Default::default());
    let pieces = hoidap::zalo::pieces(&hoidap::zalo::text(&answer));
    let started = std::time::Instant::now();
    for i in 0..BACKLOG {
        assert_eq!(deliver(&address, &update("backlog", &format!("b{i}"), question)), 200);
    }
    zalo.wait(BACKLOG * pieces.len(), std::time::Duration::from_secs(60));
    assert!(started.elapsed() > std::time::Duration::from_secs(6), "the backlog outlived a recovery sweep");
    let (_, metrics) = serve::get(&address, "/metrics");
    assert!(metrics.contains("hoidap_"), "{metrics}");
    assert!(!metrics.contains(r#"kind="recovered""#), "a waiting delivery was taken over: {metrics}");
    stop(server);
    let expected: Vec<String> = (0..BACKLOG).flat_map(|_| pieces.clone()).collect();
    assert_eq!(sent_to(&zalo, "backlog"), expected, "each delivery answered once");
    // Nothing is left pending: answered ones were dropped from the store.
    let kv: Box<dyn hoidap::store::Kv> = match redis {
        Some(redis) => Box::new(hoidap::store::redis_kv::RedisKv::open(&redis.url(), "hoidap").unwrap()),
        None => Box::new(hoidap::store::sled_kv::SledKv::open(&data).unwrap()),
    };
    let store = hoidap::store::Store::open(kv, name, Some(SALT)).unwrap();
    assert_eq!(store.claim_stale(hoidap::app::now() + 1, 0).unwrap(), [], "the pending queue is empty");
    let _ = std::fs::remove_dir_all(&data);
}

#[test]
fn a_lane_backlog_longer_than_the_recovery_delay_answers_each_delivery_once_on_sled() {
    a_lane_backlog_answers_each_delivery_once(None, "sled");
}

#[test]
fn a_lane_backlog_longer_than_the_recovery_delay_answers_each_delivery_once_on_redis() {
    let Some(redis) = RedisServer::start() else { return };
    a_lane_backlog_answers_each_delivery_once(Some(&redis), "redis");
}

/// Zalo's token servers in one stand-in: the message API takes only the newest access token
/// (-216 for any other), and the OAuth server trades each refresh token once.
struct TokenServer {
    url: String,
    state: std::sync::Arc<std::sync::Mutex<TokenState>>,
}

struct TokenState {
    /// The access token the message API takes (none at first: every token has expired).
    access: Option<String>,
    /// The refresh token not yet traded.
    refresh: String,
    /// The refresh tokens offered, in order.
    refreshes: Vec<String>,
    /// Users a message reached, with the access token it came with.
    delivered: Vec<(String, String)>,
}

impl TokenServer {
    fn start() -> TokenServer {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let fresh = TokenState { access: None, refresh: "refresh-1".into(), refreshes: vec![], delivered: vec![] };
        let state = std::sync::Arc::new(std::sync::Mutex::new(fresh));
        let shared = state.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let state = shared.clone();
                std::thread::spawn(move || crate::http_stub::serve_json(stream, |r| TokenServer::answer(&state, r)));
            }
        });
        TokenServer { url, state }
    }

    fn answer(
        state: &std::sync::Mutex<TokenState>,
        request: crate::http_stub::Seen,
    ) -> (&'static str, serde_json::Value) {
        let mut state = state.lock().unwrap();
        if request.path.ends_with("/v4/oa/access_token") {
            let given = request.raw.split('&').find_map(|p| p.strip_prefix("refresh_token=")).unwrap_or("").to_owned();
            state.refreshes.push(given.clone());
            if given != state.refresh {
                return ("200 OK", json!({"error": -14014, "error_description": "Invalid refresh token"}));
            }
            let next = state.refreshes.len() + 1;
            let (access, refresh) = (format!("access-{next}"), format!("refresh-{next}"));
            state.access = Some(access.clone());
            state.refresh = refresh.clone();
            return ("200 OK", json!({"access_token": access, "refresh_token": refresh}));
        }
        let token = request.headers.get("access_token").cloned().unwrap_or_default();
        if state.access.as_ref() != Some(&token) {
            return ("200 OK", json!({"error": -216, "message": "Access token is invalid"}));
        }
        state.delivered.push((request.body["recipient"]["user_id"].as_str().unwrap_or("").to_owned(), token));
        ("200 OK", json!({"error": 0, "message": "Success"}))
    }
}

#[test]
fn replicas_renew_the_official_account_token_once_and_share_it() {
    use hoidap::zalo::oa;
    let Some(redis) = RedisServer::start() else { return };
    let zalo = TokenServer::start();
    // Both replicas start with an access token that has expired (`access-1`; the stand-in takes
    // `access-2` once `refresh-1` is traded for it).
    let (app_id, key) = ("3901234567", "oa-key");
    let oa_replica = |name: &str| {
        let data = std::env::temp_dir().join(format!("hoidap-oa-replica-{name}-{}", std::process::id()));
        let env = [
            ("HOIDAP_STORE", redis.url()),
            ("HOIDAP_ID_SALT", SALT.to_owned()),
            ("ZALO_OA_APP_ID", app_id.to_owned()),
            ("ZALO_OA_SECRET_KEY", key.to_owned()),
            ("ZALO_OA_ACCESS_TOKEN", "access-1".to_owned()),
            ("ZALO_OA_API_URL", zalo.url.clone()),
            ("ZALO_OA_REFRESH_TOKEN", "refresh-1".to_owned()),
            ("ZALO_OA_APP_SECRET", "app-secret".to_owned()),
            ("ZALO_OA_OAUTH_URL", zalo.url.clone()),
        ];
        let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let (child, address, _log, _first) = serve::start_with(&env, &data);
        (child, address)
    };
    let (a, at_a) = oa_replica("a");
    let (b, at_b) = oa_replica("b");
    let follow = |address: &str, user: &str| {
        let event = std::fs::read_to_string(crate::support::repo().join("tests/data/zalo/oa_follow.json"))
            .unwrap()
            .replace("1735862400500", &hoidap::app::now_millis().to_string())
            .replace("2468013579", user);
        let timestamp = oa::timestamp(&serde_json::from_str(&event).unwrap()).unwrap();
        let mac = format!("mac={}", oa::signature(app_id, event.as_bytes(), &timestamp, key));
        serve::post(address, "/webhook/zalo-oa", &[("X-ZEvent-Signature", &mac)], &event).0
    };
    let delivered_to = |users: &[&str]| {
        let deadline = std::time::Instant::now() + WAIT;
        loop {
            let delivered = zalo.state.lock().unwrap().delivered.clone();
            if users.iter().all(|u| delivered.iter().any(|(to, _)| to == u)) {
                return delivered;
            }
            assert!(std::time::Instant::now() < deadline, "not every user was answered: {delivered:?}");
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    };

    // Both replicas meet the expired token at about the same time: one renews, the other waits
    // for its tokens instead of spending the used refresh token.
    let (first_a, first_b) = std::thread::scope(|s| {
        let on_a = s.spawn(|| follow(&at_a, "111"));
        let on_b = s.spawn(|| follow(&at_b, "222"));
        (on_a.join().unwrap(), on_b.join().unwrap())
    });
    assert_eq!((first_a, first_b), (200, 200));
    let delivered = delivered_to(&["111", "222"]);
    assert!(delivered.iter().all(|(_, token)| token == "access-2"), "{delivered:?}");
    // And both keep answering with the shared token.
    assert_eq!(follow(&at_b, "333"), 200);
    assert_eq!(follow(&at_a, "444"), 200);
    delivered_to(&["333", "444"]);
    stop(a);
    stop(b);
    let refreshes = zalo.state.lock().unwrap().refreshes.clone();
    assert_eq!(refreshes, ["refresh-1"], "exactly one renewal, with the configured refresh token");
}

/// `rediss://` connects with TLS, verifying the server's certificate: against a CA the operator
/// names in `SSL_CERT_FILE` (a private Redis), else the system's (a managed one).
#[test]
fn a_rediss_store_connects_with_tls_and_checks_the_certificate() {
    let Some(redis) = crate::redis::TlsRedis::start() else { return };
    let url = format!("rediss://127.0.0.1:{}/0", redis.port);
    let run = |ca: Option<&std::path::Path>| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_hoidap"));
        command.arg("stats").env("HOIDAP_STORE", &url).env("HOIDAP_ID_SALT", SALT).env("HOIDAP_STORE_WAIT", "3");
        command.env_remove("SSL_CERT_FILE").env_remove("SSL_CERT_DIR");
        if let Some(ca) = ca {
            command.env("SSL_CERT_FILE", ca);
        }
        let out = command.output().unwrap();
        (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
    };
    let (code, err) = run(Some(&redis.ca));
    assert_eq!(code, Some(0), "{err}");
    // A certificate no trusted CA signed is refused.
    let (code, err) = run(None);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains(&format!("cannot open the store on Redis at {url}")), "{err}");
}
