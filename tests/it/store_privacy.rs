//! What the store lets go of, on sled, Redis and memory: "forget me" leaves nothing derived
//! from the user (export and every raw record), retention deletes whole records in batches while
//! answers go on, a schema-1 store is migrated to the per-user index and hashed delivery ids, and
//! a schema-2 store keeps its answer ids while new turns are one record each.

use crate::redis::RedisServer;
use crate::store::{T0, TempDir, turn};
use hoidap::core::Context;
use hoidap::store::memory::MemoryKv;
use hoidap::store::redis_kv::RedisKv;
use hoidap::store::sled_kv::SledKv;
use hoidap::store::{BATCH, Comment, Feedback, Kv, Record, Store, StoreError, Turn, Verdict, time::DAY};
use std::sync::atomic::{AtomicUsize, Ordering};

/// A storage engine shared between a store and the test reading every raw record of it.
struct Shared(std::sync::Arc<dyn Kv>);

impl Kv for Shared {
    fn get(&self, tree: &str, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        self.0.get(tree, key)
    }
    fn put(&self, tree: &str, key: &[u8], value: &[u8]) -> Result<(), StoreError> {
        self.0.put(tree, key, value)
    }
    fn delete(&self, tree: &str, key: &[u8]) -> Result<(), StoreError> {
        self.0.delete(tree, key)
    }
    fn delete_many(&self, tree: &str, keys: &[Vec<u8>]) -> Result<(), StoreError> {
        self.0.delete_many(tree, keys)
    }
    fn delete_if(&self, tree: &str, key: &[u8], expected: &[u8]) -> Result<bool, StoreError> {
        self.0.delete_if(tree, key, expected)
    }
    fn scan_range(&self, tree: &str, from: &[u8], limit: usize) -> Result<Vec<(Vec<u8>, Vec<u8>)>, StoreError> {
        self.0.scan_range(tree, from, limit)
    }
    fn flush(&self) -> Result<(), StoreError> {
        self.0.flush()
    }
    fn next_id(&self) -> Result<u64, StoreError> {
        self.0.next_id()
    }
    fn insert_new(&self, tree: &str, key: &[u8], value: &[u8]) -> Result<bool, StoreError> {
        self.0.insert_new(tree, key, value)
    }
    fn put_expiring(&self, tree: &str, key: &[u8], value: &[u8], ttl: u64) -> Result<(), StoreError> {
        self.0.put_expiring(tree, key, value, ttl)
    }
    fn insert_new_expiring(&self, tree: &str, key: &[u8], value: &[u8], ttl: u64) -> Result<bool, StoreError> {
        self.0.insert_new_expiring(tree, key, value, ttl)
    }
    fn turn_dir(&self) -> Option<std::path::PathBuf> {
        self.0.turn_dir()
    }
}

/// Every tree the store writes.
const TREES: [&str; 12] = [
    "meta",
    "contexts",
    "turns",
    "answers",
    "feedback",
    "comments",
    "deliveries",
    "pending",
    "pending-at",
    "claims",
    "by-user",
    "daily",
];

/// Every key and value of every tree, as text (raw bytes read lossily, and in hex).
fn dump(kv: &dyn Kv) -> String {
    let mut out = String::new();
    for tree in TREES {
        for (k, v) in kv.scan_range(tree, b"", 1_000_000).unwrap() {
            for bytes in [&k, &v] {
                out.push_str(&String::from_utf8_lossy(bytes));
                out.push(' ');
                out.push_str(&hex::encode(bytes));
                out.push('\n');
            }
        }
    }
    out
}

/// "Forget me" leaves nothing derived from the user: not in the export, not in any key or
/// value of the store — their turns, others' verdicts on their answers (which carry the
/// question), their comments, a delivery of theirs not answered yet, the delivery ids.
fn forget_suite(kv: std::sync::Arc<dyn Kv>, engine_dump: Option<&dyn Fn() -> String>) {
    use hoidap::store::Pending;
    const RAW_ID: &str = "8842117730551";
    const QUESTION: &str = "Nhà tôi ở ngõ 17 phố Cầm Xuân, con tôi học trường nào?";
    let store = Store::open(Box::new(Shared(kv.clone())), "forget", None).unwrap();
    let user = store.user_hash(&format!("zalo-oa:{RAW_ID}"));
    let other = store.user_hash("telegram:2");
    let mine = turn(&store, &user, T0, QUESTION, true);
    store.record(&mine).unwrap();
    store.set_context(&user, &Context { topic: vec!["trường".into()], ..Context::default() }, T0).unwrap();
    let theirs = turn(&store, &other, T0 + 5, "Học phí mầm non?", true);
    store.record(&theirs).unwrap();
    let verdict = |by: &str, on: &Turn| Feedback {
        answer_id: on.answer_id.clone(),
        at: T0 + 10,
        user: by.into(),
        verdict: Verdict::Down,
        question: on.question.clone(),
        intent: on.intent.clone(),
        cited: on.cited.clone(),
    };
    store.feedback(&verdict(&other, &mine)).unwrap();
    store.feedback(&verdict(&user, &theirs)).unwrap();
    let note = Comment { at: T0 + 20, user: user.clone(), channel: "zalo-oa".into(), text: Some(QUESTION.into()) };
    store.comment(&note).unwrap();
    // A delivery of theirs acknowledged but not answered yet, and the ids of their deliveries.
    let follow = format!("follow:{RAW_ID}:1735516800");
    assert!(store.first_delivery("zalo-oa", &follow, T0).unwrap());
    assert!(store.first_delivery("zalo-oa", "msg-1", T0).unwrap());
    let payload = serde_json::json!({ "sender": RAW_ID, "text": QUESTION }).to_string();
    let waiting = Pending { channel: "zalo-oa".into(), id: "msg-2".into(), at: T0 + 30, payload, user: user.clone() };
    store.pending_put(&waiting).unwrap();
    let export = || serde_json::to_string(&store.export().unwrap()).unwrap();
    // The checks below can fail: before "forget" the store holds all of it.
    let before = dump(&*kv) + &engine_dump.map(|d| d()).unwrap_or_default();
    assert!(before.contains(QUESTION) && before.contains(RAW_ID) && export().contains(QUESTION));
    assert!(!before.contains(&follow), "delivery ids are kept hashed");

    let gone = store.forget(&user).unwrap();
    assert_eq!(gone, 1 + 1 + 1 + 1 + 1 + 1, "context, turn, others' verdict, own verdict, comment, pending");
    let (exported, raw) = (export(), dump(&*kv) + &engine_dump.map(|d| d()).unwrap_or_default());
    for trace in [RAW_ID, QUESTION, &user, &mine.answer_id] {
        assert!(!exported.contains(trace), "the export still holds {trace:?}: {exported}");
        assert!(!raw.contains(trace), "the store still holds {trace:?}: {raw}");
    }
    // The other user's records stay; the delivery ids still recognise a retry.
    assert_eq!(store.turn(&theirs.answer_id).unwrap().as_ref(), Some(&theirs));
    assert!(exported.contains("Học phí mầm non?"));
    assert!(!store.first_delivery("zalo-oa", &follow, T0 + 60).unwrap());
    assert!(store.claim_stale(T0 + 10_000, 60).unwrap().is_empty(), "the pending delivery is gone");
}

#[test]
fn forgetting_leaves_nothing_of_the_user_in_memory() {
    forget_suite(std::sync::Arc::new(MemoryKv::new()), None);
}

#[test]
fn forgetting_leaves_nothing_of_the_user_in_sled() {
    let dir = TempDir::new("forget");
    // Beyond the trees: every line of the turns' day files.
    let files = || crate::store_days::dump_files(&dir.path().join("turns"));
    forget_suite(std::sync::Arc::new(SledKv::open(dir.path()).unwrap()), Some(&files));
}

#[test]
fn forgetting_leaves_nothing_of_the_user_in_redis() {
    let Some(redis) = RedisServer::start() else { return };
    // Beyond the trees: every Redis key, string and sorted-set member under the prefix.
    let raw = || redis_dump(&redis.url(), "forget");
    forget_suite(std::sync::Arc::new(RedisKv::open(&redis.url(), "forget").unwrap()), Some(&raw));
}

/// A schema-1 store (no per-user index, delivery ids as sent) is migrated when opened: "forget
/// me" finds the user's old records, and the delivery ids are hashed but still recognised.
#[test]
fn a_schema_1_store_is_migrated_when_opened() {
    let kv = std::sync::Arc::new(MemoryKv::new());
    kv.put("meta", b"schema", b"1").unwrap();
    let store = Store::open(Box::new(Shared(kv.clone())), "old", Some("s")).unwrap();
    let user = store.user_hash("zalo-oa:77001");
    let old = turn(&store, &user, T0, "Câu hỏi cũ của tôi?", true);
    drop(store);
    let mut key = T0.to_be_bytes().to_vec();
    key.extend_from_slice(old.answer_id.as_bytes());
    kv.put("meta", b"schema", b"1").unwrap();
    kv.put("turns", &key, &serde_json::to_vec(&old).unwrap()).unwrap();
    kv.put("answers", old.answer_id.as_bytes(), &key).unwrap();
    kv.put("deliveries", b"zalo-oa:follow:77001:1735516800", T0.to_string().as_bytes()).unwrap();

    let store = Store::open(Box::new(Shared(kv.clone())), "old", Some("s")).unwrap();
    assert_eq!(kv.get("meta", b"schema").unwrap().as_deref(), Some(&b"4"[..]));
    assert!(!dump(&*kv).contains("77001"), "delivery ids are hashed");
    assert!(!store.first_delivery("zalo-oa", "follow:77001:1735516800", T0 + 5).unwrap(), "still a retry");
    assert_eq!(store.forget(&user).unwrap(), 1);
    assert!(!dump(&*kv).contains("Câu hỏi cũ"));
}

/// A schema-2 store (every turn indexed by answer id) opens as schema 3: its turns are still
/// found by their ids, a new turn is one record (no answer-index entry, and no per-user entry
/// when anonymous), and retention deletes the old turns' index entries with them.
#[test]
fn a_schema_2_store_keeps_its_answer_ids_and_new_turns_are_one_record() {
    let kv = std::sync::Arc::new(MemoryKv::new());
    let store = Store::open(Box::new(Shared(kv.clone())), "old", Some("s")).unwrap();
    let user = store.user_hash("telegram:42");
    drop(store);
    // A turn as schema 2 wrote it: an id that does not name its key, and the index entry.
    let old = Turn { answer_id: "a1f00ba2".into(), ..turn_of(&user, T0) };
    let mut key = T0.to_be_bytes().to_vec();
    key.extend_from_slice(old.answer_id.as_bytes());
    kv.put("turns", &key, &serde_json::to_vec(&old).unwrap()).unwrap();
    kv.put("answers", old.answer_id.as_bytes(), &key).unwrap();
    kv.put("meta", b"schema", b"2").unwrap();

    let store = Store::open(Box::new(Shared(kv.clone())), "old", Some("s")).unwrap();
    assert_eq!(kv.get("meta", b"schema").unwrap().as_deref(), Some(&b"4"[..]));
    assert_eq!(store.turn(&old.answer_id).unwrap().as_ref(), Some(&old), "found through the answer index");

    let engine = crate::support::engine();
    let later = T0 + 10;
    let anonymous = hoidap::service::answer_once(engine, &store, "api", "Sở Tài chính làm gì?", later).unwrap().turn;
    assert_eq!(store.turn(&anonymous.answer_id).unwrap().as_ref(), Some(&anonymous), "found by its id alone");
    let count = |tree: &str| kv.scan_range(tree, b"", BATCH).unwrap().len();
    assert_eq!((count("turns"), count("answers"), count("by-user")), (2, 1, 0), "one record for the new turn");
    let signed_in = Turn { answer_id: store.next_answer_id(later).unwrap(), ..turn_of(&user, later) };
    store.record(&signed_in).unwrap();
    assert_eq!((count("turns"), count("answers"), count("by-user")), (3, 1, 1), "and its per-user entry");
    // An id that does not name its time (made for another) is indexed, so it is still found.
    let odd = Turn { answer_id: store.next_answer_id(later + 5).unwrap(), ..turn_of(&user, later) };
    store.record(&odd).unwrap();
    assert_eq!(store.turn(&odd.answer_id).unwrap().as_ref(), Some(&odd));
    assert_eq!(count("answers"), 2);

    assert_eq!(store.purge(T0 + 91 * DAY).unwrap(), 4);
    assert_eq!((count("turns"), count("answers"), count("by-user")), (0, 0, 0), "whole records went");
    assert_eq!(store.turn(&old.answer_id).unwrap(), None);
}

/// A turn of `user` at `at` (its id set by the caller).
fn turn_of(user: &str, at: u64) -> Turn {
    Turn {
        answer_id: String::new(),
        at,
        channel: "telegram".into(),
        user: user.into(),
        question: Some("Học phí mầm non?".into()),
        normalised: "hoc phi mam non".into(),
        intent: "content".into(),
        answered: true,
        low_confidence: false,
        cited: vec![],
        suggestions: vec![],
    }
}

/// A [`Kv`] that checks how it is read and written: no range read asks for more than [`BATCH`]
/// pairs, deletes are counted (one by one and in batches), and, once armed, the first range
/// read of `turns` waits (telling the test) until released.
struct Watched {
    inner: std::sync::Arc<dyn Kv>,
    widest: AtomicUsize,
    /// Calls of [`Kv::delete`], and of [`Kv::delete_many`].
    deletes: AtomicUsize,
    batches: AtomicUsize,
    pause: std::sync::Mutex<Option<(std::sync::mpsc::Sender<()>, std::sync::mpsc::Receiver<()>)>>,
}

impl Watched {
    fn new(inner: std::sync::Arc<dyn Kv>) -> std::sync::Arc<Watched> {
        std::sync::Arc::new(Watched {
            inner,
            widest: AtomicUsize::new(0),
            deletes: AtomicUsize::new(0),
            batches: AtomicUsize::new(0),
            pause: Default::default(),
        })
    }
}

struct ByWatched(std::sync::Arc<Watched>);

impl Kv for ByWatched {
    fn get(&self, tree: &str, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        self.0.inner.get(tree, key)
    }
    fn put(&self, tree: &str, key: &[u8], value: &[u8]) -> Result<(), StoreError> {
        self.0.inner.put(tree, key, value)
    }
    fn delete(&self, tree: &str, key: &[u8]) -> Result<(), StoreError> {
        self.0.deletes.fetch_add(1, Ordering::SeqCst);
        self.0.inner.delete(tree, key)
    }
    fn delete_many(&self, tree: &str, keys: &[Vec<u8>]) -> Result<(), StoreError> {
        assert!(keys.len() <= BATCH, "a batch of {} deletes", keys.len());
        self.0.batches.fetch_add(1, Ordering::SeqCst);
        self.0.inner.delete_many(tree, keys)
    }
    fn delete_if(&self, tree: &str, key: &[u8], expected: &[u8]) -> Result<bool, StoreError> {
        self.0.inner.delete_if(tree, key, expected)
    }
    fn scan_range(&self, tree: &str, from: &[u8], limit: usize) -> Result<Vec<(Vec<u8>, Vec<u8>)>, StoreError> {
        self.0.widest.fetch_max(limit, Ordering::SeqCst);
        if tree == "turns" {
            let armed = self.0.pause.lock().unwrap().take();
            if let Some((paused, release)) = armed {
                paused.send(()).unwrap();
                release.recv_timeout(std::time::Duration::from_secs(60)).expect("the test releases the pass");
            }
        }
        self.0.inner.scan_range(tree, from, limit)
    }
    fn flush(&self) -> Result<(), StoreError> {
        self.0.inner.flush()
    }
    fn next_id(&self) -> Result<u64, StoreError> {
        self.0.inner.next_id()
    }
    fn insert_new(&self, tree: &str, key: &[u8], value: &[u8]) -> Result<bool, StoreError> {
        self.0.inner.insert_new(tree, key, value)
    }
    fn put_expiring(&self, tree: &str, key: &[u8], value: &[u8], ttl: u64) -> Result<(), StoreError> {
        self.0.inner.put_expiring(tree, key, value, ttl)
    }
    fn insert_new_expiring(&self, tree: &str, key: &[u8], value: &[u8], ttl: u64) -> Result<bool, StoreError> {
        self.0.inner.insert_new_expiring(tree, key, value, ttl)
    }
}

/// Retention over more records than one batch: whole records past the period go — signed-in
/// users' turns, anonymous `/v1/ask` turns (with their answer-index entries), verdicts,
/// comments, stale pending deliveries — the daily figures keep the statistics, and no read of
/// the store asks for more than one batch. While the pass is paused in the middle, a question
/// is answered and recorded in full (the pass holds nothing that answers wait for).
fn retention_suite(kv: std::sync::Arc<dyn Kv>) {
    use hoidap::store::Pending;
    const OLD: usize = BATCH * 2 + 100;
    let watched = Watched::new(kv);
    let store = Store::open(Box::new(ByWatched(watched.clone())), "retention", None).unwrap();
    let engine = crate::support::engine();
    let lan = store.user_hash("telegram:1");
    let mut anonymous = Vec::new();
    for n in 0..OLD {
        let at = T0 + n as u64;
        if n % 2 == 0 {
            store.record(&turn(&store, &lan, at, &format!("câu hỏi cũ số {n}"), n % 4 == 0)).unwrap();
        } else {
            // The anonymous API's turns: no user, nothing indexed by user.
            let reply = hoidap::service::answer_once(engine, &store, "api", "Sở Tài chính làm gì?", at).unwrap();
            anonymous.push(reply.turn);
        }
    }
    let old_verdict = Feedback {
        answer_id: anonymous[0].answer_id.clone(),
        at: T0 + 50,
        user: lan.clone(),
        verdict: Verdict::Up,
        question: anonymous[0].question.clone(),
        intent: "content".into(),
        cited: vec![],
    };
    store.feedback(&old_verdict).unwrap();
    for n in 0..3 {
        let text = Some(format!("góp ý cũ {n}"));
        store.comment(&Comment { at: T0 + n, user: lan.clone(), channel: "telegram".into(), text }).unwrap();
    }
    let stale =
        Pending { channel: "zalo-oa".into(), id: "old".into(), at: T0, payload: "{}".into(), user: lan.clone() };
    store.pending_put(&stale).unwrap();
    let later = T0 + 91 * DAY;
    let recent = turn(&store, &lan, later - DAY, "Học phí mầm non?", true);
    store.record(&recent).unwrap();

    // Reading more than a batch: every turn is counted and grouped.
    let before = store.stats(0).unwrap();
    assert_eq!(before.questions, OLD + 1);
    let declined: usize = store.unanswered(0).unwrap().iter().map(|g| g.count).sum();
    // Declined: the signed-in user's turns whose number is 2 modulo 4.
    assert_eq!(declined, (0..OLD).filter(|n| n % 4 == 2).count(), "every declined turn, across batches");

    // The pass pauses at its first batch of turns; meanwhile a question is answered in full.
    let (paused, wait_paused) = std::sync::mpsc::channel();
    let (release, released) = std::sync::mpsc::channel();
    *watched.pause.lock().unwrap() = Some((paused, released));
    let deletes_before = watched.deletes.load(Ordering::SeqCst);
    std::thread::scope(|s| {
        let pass = s.spawn(|| store.purge(later).unwrap());
        wait_paused.recv_timeout(std::time::Duration::from_secs(60)).expect("the pass reads the turns");
        let (done, answered) = std::sync::mpsc::channel();
        let store = &store;
        s.spawn(move || {
            let reply = hoidap::service::answer_once(engine, store, "api", "Sở Nội vụ làm gì?", later).unwrap();
            let kept = store.turn(&reply.turn.answer_id).unwrap();
            done.send(kept == Some(reply.turn)).unwrap();
        });
        let kept = answered.recv_timeout(std::time::Duration::from_secs(60)).expect("answered during the pass");
        assert!(kept, "the answer's turn is recorded while the pass waits");
        release.send(()).unwrap();
        let gone = pass.join().unwrap();
        assert_eq!(gone, OLD + 1 + 3, "every old turn, the verdict and the comments");
    });
    let widest = watched.widest.load(Ordering::SeqCst);
    assert!(widest <= BATCH, "a read asked for {widest} pairs");
    // Whole batches: only the one stale pending delivery goes key by key (its record, its two
    // time entries, its per-user entry); the answer meanwhile deletes nothing.
    let single = watched.deletes.load(Ordering::SeqCst) - deletes_before;
    assert!(single <= 4, "{single} records deleted one by one");
    // Per batch of turns: the turns and the per-user entries (anonymous turns have neither an
    // answer-index nor a per-user entry); three batches of turns, one of comments, one of
    // verdicts, and the stale pending delivery.
    let batches = watched.batches.load(Ordering::SeqCst);
    assert!((5..=20).contains(&batches), "{batches} batches of deletes");

    let left = store.export().unwrap();
    let turns: Vec<&Turn> = left.iter().filter_map(|r| if let Record::Turn(t) = r { Some(t) } else { None }).collect();
    assert_eq!(turns.len(), 2, "the recent turn and the one answered during the pass");
    assert!(left.iter().all(|r| matches!(r, Record::Turn(_) | Record::Daily { .. })), "{left:?}");
    let text = serde_json::to_string(&left).unwrap();
    assert!(!text.contains("câu hỏi cũ") && !text.contains("góp ý cũ"), "no text past the period");
    for t in &anonymous {
        assert_eq!(store.turn(&t.answer_id).unwrap(), None, "the answer index lets go of anonymous turns");
    }
    let after = store.stats(0).unwrap();
    assert_eq!(after.questions, before.questions + 1, "the daily figures count what went");
    assert_eq!((after.feedback_up, after.comments), (before.feedback_up, before.comments));
    assert!(store.claim_stale(later, 60).unwrap().is_empty(), "the stale pending delivery went");
    assert_eq!(store.purge(later).unwrap(), 0, "idempotent");
}

#[test]
fn retention_deletes_whole_records_in_batches_on_sled() {
    let dir = TempDir::new("retention");
    retention_suite(std::sync::Arc::new(SledKv::open(dir.path()).unwrap()));
}

#[test]
fn retention_deletes_whole_records_in_batches_on_redis() {
    let Some(redis) = RedisServer::start() else { return };
    let mut c = redis::Client::open(redis.url()).unwrap().get_connection().unwrap();
    let _: () = redis::cmd("CONFIG").arg("RESETSTAT").query(&mut c).unwrap();
    retention_suite(std::sync::Arc::new(RedisKv::open(&redis.url(), "retention").unwrap()));
    // Ranges, the recovery sweep and retention read sorted sets: no keyspace scan at all.
    let stats: String = redis::cmd("INFO").arg("commandstats").query(&mut c).unwrap();
    assert!(stats.contains("cmdstat_zrangebylex"), "{stats}");
    assert!(!stats.contains("cmdstat_scan:") && !stats.contains("cmdstat_keys:"), "{stats}");
}

/// Every key and value Redis holds under `prefix`, as text (strings, and the members of the
/// sorted sets), hex keys decoded too: what a copy of the Redis data would show.
fn redis_dump(url: &str, prefix: &str) -> String {
    let mut c = redis::Client::open(url).unwrap().get_connection().unwrap();
    let keys: Vec<String> = redis::cmd("KEYS").arg(format!("{prefix}:*")).query(&mut c).unwrap();
    let mut out = String::new();
    for key in keys {
        out.push_str(&key);
        out.push('\n');
        if let Some(hex) = key.rsplit(':').next() {
            out.push_str(&String::from_utf8_lossy(&hex::decode(hex).unwrap_or_default()));
            out.push('\n');
        }
        let kind: String = redis::cmd("TYPE").arg(&key).query(&mut c).unwrap();
        let values: Vec<Vec<u8>> = match kind.as_str() {
            "string" => vec![redis::cmd("GET").arg(&key).query(&mut c).unwrap()],
            "zset" => redis::cmd("ZRANGE").arg(&key).arg(0).arg(-1).query(&mut c).unwrap(),
            other => panic!("an unexpected Redis type {other} at {key}"),
        };
        for v in values {
            out.push_str(&String::from_utf8_lossy(&v));
            out.push('\n');
            out.push_str(&String::from_utf8_lossy(&hex::decode(&v).unwrap_or_default()));
            out.push('\n');
        }
    }
    out
}
