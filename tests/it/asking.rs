//! The question paths' own threads under load: a question's admission slot stays with its job
//! (askers who give up cannot queue more jobs than there are slots), and the webhooks are
//! answered while every question slot is held by questions that cannot end; the global cap a
//! second, past half of which anonymous questions are not recorded.

use crate::server::{call, post};
use axum::http::{StatusCode, header};
use hoidap::app::State;
use hoidap::knowledge::load;
use hoidap::server::{self, Channels, Guard, Server};
use hoidap::store::{Store, memory::MemoryKv};
use std::sync::Arc;
use std::time::Duration;
use tower::ServiceExt;

const QUESTION: &str = r#"{"question": "Sở Tài chính làm gì?"}"#;

async fn call_text(s: &Arc<Server>, path: &str) -> (StatusCode, String) {
    let request = axum::http::Request::get(path).body(axum::body::Body::empty()).unwrap();
    let response = server::app(s.clone()).oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
    (status, String::from_utf8_lossy(&bytes).into_owned())
}

/// An engine whose calls from the question threads (`hoidap-ask-*`) wait while its gate is
/// shut: a stand-in for questions stuck in a slow store, holding every answering thread, while
/// the webhooks' own threads pass.
struct GatedKv {
    inner: MemoryKv,
    gate: Arc<Gate>,
}

#[derive(Default)]
struct Gate {
    shut: std::sync::Mutex<bool>,
    opened: std::sync::Condvar,
    /// Question threads waiting at the gate now.
    held: std::sync::atomic::AtomicUsize,
}

impl Gate {
    fn set(&self, shut: bool) {
        *self.shut.lock().unwrap() = shut;
        self.opened.notify_all();
    }

    fn pass(&self) {
        let asking = std::thread::current().name().is_some_and(|n| n.starts_with("hoidap-ask-"));
        if !asking {
            return;
        }
        use std::sync::atomic::Ordering::SeqCst;
        self.held.fetch_add(1, SeqCst);
        let shut = self.shut.lock().unwrap();
        drop(self.opened.wait_while(shut, |shut| *shut).unwrap());
        self.held.fetch_sub(1, SeqCst);
    }
}

impl hoidap::store::Kv for GatedKv {
    fn get(&self, tree: &str, key: &[u8]) -> hoidap::store::Result<Option<Vec<u8>>> {
        self.gate.pass();
        self.inner.get(tree, key)
    }
    fn put(&self, tree: &str, key: &[u8], value: &[u8]) -> hoidap::store::Result<()> {
        self.gate.pass();
        self.inner.put(tree, key, value)
    }
    fn delete(&self, tree: &str, key: &[u8]) -> hoidap::store::Result<()> {
        self.inner.delete(tree, key)
    }
    fn delete_if(&self, tree: &str, key: &[u8], expected: &[u8]) -> hoidap::store::Result<bool> {
        self.inner.delete_if(tree, key, expected)
    }
    fn scan_range(&self, tree: &str, from: &[u8], limit: usize) -> hoidap::store::Result<Vec<(Vec<u8>, Vec<u8>)>> {
        self.inner.scan_range(tree, from, limit)
    }
    fn flush(&self) -> hoidap::store::Result<()> {
        self.inner.flush()
    }
    fn next_id(&self) -> hoidap::store::Result<u64> {
        self.gate.pass();
        self.inner.next_id()
    }
    fn insert_new(&self, tree: &str, key: &[u8], value: &[u8]) -> hoidap::store::Result<bool> {
        self.gate.pass();
        self.inner.insert_new(tree, key, value)
    }
}

fn gated(guard: Guard, channels: Channels) -> (Arc<Server>, Arc<Gate>) {
    let gate = Arc::new(Gate::default());
    let kv = GatedKv { inner: MemoryKv::new(), gate: gate.clone() };
    let store = Store::open(Box::new(kv), "gated", Some("test")).unwrap();
    let state = State::new(load::load(None).unwrap(), store, 30, String::new());
    (Arc::new(Server::new(Arc::new(state), channels).guarded(guard)), gate)
}

/// The question jobs queued or being answered, as `/metrics` reports them.
async fn questions_queued(s: &Arc<Server>) -> usize {
    let (_, metrics) = call_text(s, "/metrics").await;
    let line = metrics.lines().find_map(|l| l.strip_prefix("hoidap_questions_queued "));
    line.expect("the gauge is reported").trim().parse().unwrap()
}

/// Waits (polling `/metrics`) until the question jobs number `n`; a failing run ends after
/// [`crate::zalo::WAIT`].
async fn until_queued(s: &Arc<Server>, n: usize) {
    let reached = async {
        while questions_queued(s).await != n {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    };
    let waited = tokio::time::timeout(crate::zalo::WAIT, reached).await;
    waited.unwrap_or_else(|_| panic!("the question jobs never numbered {n}"));
}

/// Askers who give up (disconnect, time out) while their question waits for an answering
/// thread free no slot: the job keeps it until it is answered or skipped, so however many give
/// up, the jobs waiting never outnumber the slots, and later askers get 503 at once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn askers_who_give_up_cannot_queue_more_questions_than_the_slots() {
    const ASKERS: usize = 20;
    // Every answering thread held by a question that cannot end, and two slots more.
    let threads = server::answering_threads();
    let slots = threads + 2;
    let (s, gate) = gated(Guard::new(None, slots, 1000, false), Channels::default());
    gate.set(true);
    let stuck: Vec<_> =
        (0..threads).map(|_| tokio::spawn(server::app(s.clone()).oneshot(post("/v1/ask", QUESTION)))).collect();
    let held = async {
        while gate.held.load(std::sync::atomic::Ordering::SeqCst) < threads {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    };
    tokio::time::timeout(crate::zalo::WAIT, held).await.expect("every answering thread is stuck at the gate");
    let mut refused = 0;
    for _ in 0..ASKERS {
        let before = questions_queued(&s).await;
        let asked = tokio::spawn(server::app(s.clone()).oneshot(post("/v1/ask", QUESTION)));
        // Either refused, or its job is queued: then the asker gives up.
        let settled = async {
            loop {
                if asked.is_finished() {
                    return true;
                }
                if questions_queued(&s).await > before {
                    asked.abort();
                    return false;
                }
                tokio::task::yield_now().await;
            }
        };
        if tokio::time::timeout(crate::zalo::WAIT, settled).await.expect("the question was queued or refused") {
            let response = asked.await.unwrap().unwrap();
            assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
            assert_eq!(response.headers()[header::RETRY_AFTER], "1");
            refused += 1;
        }
        assert!(questions_queued(&s).await <= slots, "no more jobs than slots, though their askers left");
    }
    assert_eq!(questions_queued(&s).await, slots);
    assert_eq!(refused, ASKERS - 2, "two askers got the two free slots; their leaving freed neither");
    // The stuck questions are answered, the abandoned ones skipped, and the slots come back.
    gate.set(false);
    for asked in stuck {
        assert_eq!(asked.await.unwrap().unwrap().status(), StatusCode::OK);
    }
    until_queued(&s, 0).await;
    assert_eq!(call(&s, post("/v1/ask", QUESTION)).await.0, StatusCode::OK, "the slots are free again");
}

/// With every question slot held by questions stuck on their threads, a webhook delivery is
/// still answered: the webhooks have threads of their own.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webhooks_are_answered_while_every_question_slot_is_held() {
    use crate::zalo::{BOT_SECRET, WAIT, bot_delivery, fixture};
    let stub = crate::http_stub::Stub::start(serde_json::json!({"ok": true, "result": {"message_id": 1}}));
    let hook = hoidap::zalo::ZaloBotHook {
        client: hoidap::zalo::bot::BotClient::new(&stub.url, "1:t"),
        secret: BOT_SECRET.into(),
    };
    let channels = Channels { zalo_bot: Some(hook), ..Channels::default() };
    let (s, gate) = gated(Guard::new(None, 2, 1000, false), channels);
    gate.set(true);
    // Questions until one is refused: then every slot is held by a question that cannot end.
    let mut asking = Vec::new();
    loop {
        let asked = tokio::spawn(server::app(s.clone()).oneshot(post("/v1/ask", QUESTION)));
        let queued = asking.len() + 1;
        let settled = async {
            while !asked.is_finished() && questions_queued(&s).await < queued {
                tokio::task::yield_now().await;
            }
        };
        tokio::time::timeout(WAIT, settled).await.expect("the question was queued or refused");
        if asked.is_finished() {
            let response = asked.await.unwrap().unwrap();
            assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE, "refused once the slots are held");
            break;
        }
        asking.push(asked);
    }
    assert_eq!(asking.len(), 2);
    let stuck = async {
        while gate.held.load(std::sync::atomic::Ordering::SeqCst) == 0 {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    };
    tokio::time::timeout(WAIT, stuck).await.expect("a question thread is stuck at the gate");

    let (status, _) = call(&s, bot_delivery(&fixture("bot_text_wrapped.json"), Some(BOT_SECRET))).await;
    assert_eq!(status, StatusCode::OK);
    let sent = stub.wait_async(1, WAIT).await;
    assert!(sent[0].body["text"].as_str().unwrap().contains("Sở Tài chính"), "{:?}", sent[0].body);
    assert_eq!(questions_queued(&s).await, 2, "the questions were still stuck meanwhile");

    gate.set(false);
    for asked in asking {
        assert_eq!(asked.await.unwrap().unwrap().status(), StatusCode::OK);
    }
}

/// Asks until the question is admitted (a question refused by the cap a second is asked again
/// once that second is over); its reply.
async fn admitted(s: &Arc<Server>, body: &'static str) -> serde_json::Value {
    for _ in 0..200 {
        let (status, reply) = call(s, post("/v1/ask", body)).await;
        if status == StatusCode::OK {
            return reply;
        }
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{reply}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("never admitted in 200 tries");
}

/// With a cap of one question a second, every question admitted is past half the budget: an
/// anonymous one is answered without being recorded (no answer id), a named one is recorded;
/// the next in the same second is refused with 503 and Retry-After before any work.
#[tokio::test]
async fn past_half_the_global_cap_anonymous_questions_are_not_recorded_and_beyond_it_refused() {
    let (s, _) = gated(Guard::new(None, 4, 1000, false).paced(1), Channels::default());
    let anonymous = admitted(&s, QUESTION).await;
    assert!(anonymous["text"].as_str().unwrap().contains("Sở Tài chính"), "{anonymous}");
    assert!(anonymous["answer_id"].is_null(), "not recorded under pressure: {anonymous}");
    let named = admitted(&s, r#"{"question": "Sở Tài chính làm gì?", "user": "lan"}"#).await;
    let id = named["answer_id"].as_str().expect("a named asker's turn is recorded");
    assert!(s.shared.store.turn(id).unwrap().is_some());
    // Questions back to back: at most one a second is admitted, so one is soon refused.
    let mut refusal = None;
    for _ in 0..200 {
        let response = server::app(s.clone()).oneshot(post("/v1/ask", QUESTION)).await.unwrap();
        if response.status() != StatusCode::OK {
            refusal = Some(response);
            break;
        }
    }
    let refusal = refusal.expect("a question past the second's budget was refused");
    assert_eq!(refusal.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(refusal.headers()[header::RETRY_AFTER], "1");
    let body = axum::body::to_bytes(refusal.into_body(), usize::MAX).await.unwrap();
    assert!(String::from_utf8_lossy(&body).contains("all the questions it can this second"));
    let (_, metrics) = call_text(&s, "/metrics").await;
    assert!(metrics.contains(r#"hoidap_errors_total{channel="http",kind="over-pace"}"#), "{metrics}");
}
