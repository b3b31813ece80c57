//! Storage faults: a data directory that cannot be used at start, and a disk that fills while
//! running. Either way the error is clear and the bot keeps answering, without memory.

use crate::http_stub::Stub;
use crate::serve;
use crate::server::{call, post};
use crate::zalo::{BOT_SECRET, WAIT, bot_delivery, fixture};
use axum::http::StatusCode;
use hoidap::app::State;
use hoidap::knowledge::load;
use hoidap::server::{Channels, Server};
use hoidap::store::memory::MemoryKv;
use hoidap::store::{Kv, Result, Store, StoreError};
use hoidap::zalo::ZaloBotHook;
use std::io::{Read, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// An engine whose disk fills up on demand: reads work, every write fails with ENOSPC.
struct FillingKv {
    inner: MemoryKv,
    full: Arc<AtomicBool>,
}

impl FillingKv {
    fn check(&self) -> Result<()> {
        if self.full.load(Ordering::SeqCst) {
            let full = std::io::Error::from_raw_os_error(28); // ENOSPC
            return Err(StoreError::Engine(Box::new(full)));
        }
        Ok(())
    }
}

impl Kv for FillingKv {
    fn get(&self, tree: &str, key: &[u8]) -> Result<Option<Vec<u8>>> {
        self.inner.get(tree, key)
    }
    fn put(&self, tree: &str, key: &[u8], value: &[u8]) -> Result<()> {
        self.check()?;
        self.inner.put(tree, key, value)
    }
    fn delete(&self, tree: &str, key: &[u8]) -> Result<()> {
        self.check()?;
        self.inner.delete(tree, key)
    }
    fn delete_if(&self, tree: &str, key: &[u8], expected: &[u8]) -> Result<bool> {
        self.check()?;
        self.inner.delete_if(tree, key, expected)
    }
    fn scan_range(&self, tree: &str, from: &[u8], limit: usize) -> Result<Vec<(Vec<u8>, Vec<u8>)>> {
        self.inner.scan_range(tree, from, limit)
    }
    fn flush(&self) -> Result<()> {
        self.check()
    }
    fn next_id(&self) -> Result<u64> {
        self.check()?;
        self.inner.next_id()
    }
    fn insert_new(&self, tree: &str, key: &[u8], value: &[u8]) -> Result<bool> {
        self.check()?;
        self.inner.insert_new(tree, key, value)
    }
}

fn filling_server(channels: Channels) -> (Arc<Server>, Arc<AtomicBool>) {
    let full = Arc::new(AtomicBool::new(false));
    let kv = FillingKv { inner: MemoryKv::new(), full: full.clone() };
    let store = Store::open(Box::new(kv), "filling", Some("test")).unwrap();
    let state = State::new(load::load(None).unwrap(), store, 30, "hoidap_test_bot".into());
    (Arc::new(Server::new(Arc::new(state), channels)), full)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_disk_costs_the_memory_not_the_answers() {
    let stub = Stub::start(serde_json::json!({"ok": true, "result": {"message_id": 1}}));
    let hook = ZaloBotHook { client: hoidap::zalo::bot::BotClient::new(&stub.url, "1:t"), secret: BOT_SECRET.into() };
    let (s, full) = filling_server(Channels { zalo_bot: Some(hook), ..Channels::default() });
    let ask = r#"{"question": "Ai chịu trách nhiệm tuyển dụng giáo viên?", "user": "lan"}"#;
    let (status, before) = call(&s, post("/v1/ask", ask)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(before["answer_id"].is_string(), "recorded while the disk has room: {before}");

    full.store(true, Ordering::SeqCst);
    // The JSON API: the same answer, without an id (nothing could be recorded).
    let (status, after) = call(&s, post("/v1/ask", ask)).await;
    assert_eq!(status, StatusCode::OK, "{after}");
    assert_eq!(after["text"], before["text"]);
    assert!(after["answer_id"].is_null(), "{after}");
    // A webhook: acknowledged and answered, though the delivery cannot be noted either.
    let (status, _) = call(&s, bot_delivery(&fixture("bot_text_wrapped.json"), Some(BOT_SECRET))).await;
    assert_eq!(status, StatusCode::OK);
    let sent = stub.wait_async(1, WAIT).await;
    assert!(sent[0].body["text"].as_str().unwrap().contains("Sở Tài chính"), "{:?}", sent[0].body);
    // Operators see it.
    let metrics = s.shared.metrics.render(false);
    assert!(metrics.contains("hoidap_errors_total{channel=\"http\",kind=\"store\"} 1"), "{metrics}");
    assert!(metrics.contains("hoidap_errors_total{channel=\"zalo-bot\",kind=\"store\"} 1"), "{metrics}");

    // Room again: the bot remembers again.
    full.store(false, Ordering::SeqCst);
    let (_, again) = call(&s, post("/v1/ask", ask)).await;
    assert!(again["answer_id"].is_string(), "{again}");
}

fn get(address: &str, path: &str) -> String {
    let mut stream = std::net::TcpStream::connect(address).unwrap();
    write!(stream, "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").unwrap();
    let mut reply = String::new();
    stream.read_to_string(&mut reply).unwrap();
    reply
}

#[test]
fn an_unusable_data_directory_is_named_and_the_bot_answers_without_memory() {
    // Below a regular file: no directory can be made there, whoever runs the test (root too).
    let file = std::env::temp_dir().join(format!("hoidap-not-a-dir-{}", std::process::id()));
    std::fs::write(&file, "not a directory").unwrap();
    let data = file.join("store");
    let (child, address, log, first) = serve::start_with(&[("ZALO_BOT_TOKEN", "")], &data);
    assert!(first.contains(&format!("cannot open the store in `{}` (HOIDAP_DATA_DIR)", data.display())), "{first}");
    assert!(first.contains("WITHOUT MEMORY"), "{first}");

    let health = get(&address, "/healthz");
    assert!(health.starts_with("HTTP/1.1 200"), "{health}");
    assert!(health.contains("\"status\":\"degraded\"") && health.contains("memory only"), "{health}");
    assert!(get(&address, "/metrics").contains("hoidap_store_memory_only 1"));
    // Answers, follow-ups included (the context lives in memory until a restart).
    let (status, reply) = serve::post(&address, "/v1/ask", &[], r#"{"question": "Sở Tài chính làm gì?", "user": "a"}"#);
    assert_eq!(status, 200, "{reply}");
    let (_, follow) = serve::post(&address, "/v1/ask", &[], r#"{"question": "còn Sở Nội vụ thì sao?", "user": "a"}"#);
    assert!(follow.contains("Sở Nội vụ"), "{follow}");

    assert!(std::process::Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap().success());
    assert_eq!(serve::wait_exit(child), Some(0));
    drop(log);
    let _ = std::fs::remove_file(&file);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn zalo_sends_that_fail_on_the_way_are_retried_and_delivered_once() {
    use crate::http_stub::DROP;
    use crate::zalo::{OA_KEY, bot_server, oa_delivery, oa_server};
    // Zalo Bot: the connection drops, then a 502 from a proxy, then the message goes through.
    let stub = Stub::start(serde_json::json!({"ok": true, "result": {"message_id": 1}}));
    stub.fail_next("/sendMessage", DROP);
    stub.fail_next("/sendMessage", "502 Bad Gateway");
    let s = bot_server(&stub);
    let (status, _) = call(&s, bot_delivery(&fixture("bot_text_wrapped.json"), Some(BOT_SECRET))).await;
    assert_eq!(status, StatusCode::OK);
    stub.wait_async(3, WAIT).await;
    // Answered, retries and all: nothing more will be sent.
    assert!(s.drain(WAIT).await);
    let sent = stub.seen();
    assert_eq!(sent.len(), 3, "two failures, then one delivery: {sent:?}");
    assert!(sent.iter().all(|r| r.body["text"] == sent[0].body["text"]), "the same message each time");

    // Zalo OA: a 500 without a body, then success; a refusal of the message itself is final.
    let stub = Stub::start(serde_json::json!({"error": 0, "message": "Success"}));
    stub.fail_next("/message/cs", "500 Internal Server Error");
    let s = oa_server(&stub);
    let question = "Ai chịu trách nhiệm tuyển dụng giáo viên?";
    let answer = crate::support::engine().answer(question, &Default::default());
    // The reply goes as one message with query buttons ("Xem thêm", "nguồn").
    assert!(!hoidap::zalo::oa_reply(&answer).buttons.is_empty());
    let (status, _) = call(&s, oa_delivery(&fixture("oa_user_send_text.json"), Some(OA_KEY))).await;
    assert_eq!(status, StatusCode::OK);
    stub.wait_async(2, WAIT).await;
    // Refused: the buttons are dropped and the plain text tried once; its refusal is final.
    let refusal = serde_json::json!({"error": -213, "message": "user has not interacted"});
    stub.queue("/message/cs", refusal.clone());
    stub.queue("/message/cs", refusal);
    let again = fixture("oa_user_send_text.json").replace("b2f1c9d0e3a74c1f8d", "another-message-id");
    let (status, _) = call(&s, oa_delivery(&again, Some(OA_KEY))).await;
    assert_eq!(status, StatusCode::OK);
    stub.wait_async(4, WAIT).await;
    assert!(s.drain(WAIT).await);
    let sent = stub.seen();
    assert_eq!(sent.len(), 4, "the refused message is not sent again");
    assert_eq!(sent[0].body, sent[1].body, "the failed message, then the same message");
    assert!(sent[2].body["message"]["attachment"].is_object() && sent[3].body["message"]["attachment"].is_null());
    let metrics = s.shared.metrics.render(false);
    assert!(metrics.contains("hoidap_errors_total{channel=\"zalo-oa\",kind=\"send\"} 1"), "{metrics}");
    assert!(metrics.contains("hoidap_errors_total{channel=\"zalo-oa\",kind=\"template-refused\"} 1"), "{metrics}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_lane_refuses_with_503_and_the_platform_delivers_again_later() {
    use crate::zalo::bot_server;
    use hoidap::server::LANE_QUEUE;
    // Zalo is slow to take replies: the conversation's lane fills up.
    let stub = Stub::start(serde_json::json!({"ok": true, "result": {"message_id": 1}}));
    stub.slow("/sendMessage", std::time::Duration::from_secs(3));
    let s = bot_server(&stub);
    let delivery = |n: usize| {
        let body = fixture("bot_text_wrapped.json").replace("2d7a3b6f1e0c4d9a8b7c", &format!("m{n}"));
        bot_delivery(&body, Some(BOT_SECRET))
    };
    let mut statuses = Vec::new();
    for n in 0..LANE_QUEUE + 3 {
        statuses.push(call(&s, delivery(n)).await.0);
    }
    // One delivery is being answered, LANE_QUEUE wait; the rest are refused, not dropped.
    let refused = statuses.iter().filter(|s| **s == StatusCode::SERVICE_UNAVAILABLE).count();
    assert!((1..=2).contains(&refused), "{refused} refused");
    assert!(statuses[..LANE_QUEUE].iter().all(|s| *s == StatusCode::OK));
    assert!(s.shared.metrics.render(false).contains("kind=\"queue-full\""));
    // A refused delivery sent again later is taken (its id was never noted).
    stub.slow("/sendMessage", std::time::Duration::ZERO);
    let last = LANE_QUEUE + 2;
    assert_eq!(statuses[last], StatusCode::SERVICE_UNAVAILABLE);
    let deadline = std::time::Instant::now() + WAIT;
    loop {
        if call(&s, delivery(last)).await.0 == StatusCode::OK {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "the lane never drained");
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
}

/// Shutdown waits for the answers still queued in the lanes, however slow the platform: when
/// `Server::drain` returns true, every reply went out.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_waits_for_the_answers_still_queued() {
    use crate::zalo::bot_server;
    let stub = Stub::start(serde_json::json!({"ok": true, "result": {"message_id": 1}}));
    stub.slow("/sendMessage", std::time::Duration::from_millis(200));
    let s = bot_server(&stub);
    let answer = crate::support::engine().answer("Sở Tài chính làm gì?", &Default::default());
    let pieces = hoidap::zalo::pieces(&hoidap::zalo::text(&answer)).len();
    for n in 0..3 {
        let body = fixture("bot_text_wrapped.json").replace("2d7a3b6f1e0c4d9a8b7c", &format!("m{n}"));
        assert_eq!(call(&s, bot_delivery(&body, Some(BOT_SECRET))).await.0, StatusCode::OK);
    }
    assert!(s.drain(WAIT).await, "the queued answers were not sent within {WAIT:?}");
    assert_eq!(stub.seen().len(), 3 * pieces, "drain returned before every reply was sent");
}
