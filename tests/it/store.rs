//! The store: one suite run against memory and sled, then the CLI over it (follow-ups across
//! processes, the lock, retention, backup) and a crash test with SIGKILL.

use crate::redis::RedisServer;
use crate::support::repo;
use hoidap::core::Context;
use hoidap::store::memory::MemoryKv;
use hoidap::store::redis_kv::RedisKv;
use hoidap::store::sled_kv::SledKv;
use hoidap::store::{Comment, Feedback, Kv, Record, Store, StoreError, Turn, Verdict, time::DAY};
use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

/// A fresh directory under the system's temporary folder, removed on drop.
pub(crate) struct TempDir(PathBuf);

impl TempDir {
    pub(crate) fn new(name: &str) -> TempDir {
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "hoidap-{name}-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        TempDir(dir)
    }
    pub(crate) fn path(&self) -> &std::path::Path {
        &self.0
    }
    pub(crate) fn str(&self) -> &str {
        self.0.to_str().unwrap()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub(crate) const T0: u64 = 1_735_516_800; // 2024-12-30

pub(crate) fn turn(store: &Store, user: &str, at: u64, question: &str, answered: bool) -> Turn {
    Turn {
        answer_id: store.next_answer_id(at).unwrap(),
        at,
        channel: "telegram".into(),
        user: user.into(),
        question: Some(question.into()),
        normalised: hoidap::text::key_form(question),
        intent: if answered { "content".into() } else { "out_of_scope".into() },
        answered,
        low_confidence: false,
        cited: if answered { vec!["nd2-mam-non".into()] } else { vec![] },
        suggestions: vec![],
    }
}

/// The same checks for every storage engine.
fn suite(open: &dyn Fn() -> Store) {
    let store = open();
    pending_suite(&store);
    let lan = store.user_hash("telegram:1");
    let minh = store.user_hash("telegram:2");
    assert_ne!(lan, minh);
    // A keyed hash: fixed-length hex that does not carry the chat id.
    assert_eq!(lan.len(), 32);
    assert!(lan.chars().all(|c| c.is_ascii_hexdigit()), "{lan}");
    assert!(!lan.contains("telegram"));
    assert_eq!(lan, store.user_hash("telegram:1"), "stable within one store");

    // Context, with expiry after 30 minutes of silence.
    assert_eq!(store.context(&lan, T0).unwrap(), Context::default());
    let ctx = Context { agencies: vec!["so-noi-vu".into()], topic: vec!["tuyển".into()], ..Context::default() };
    store.set_context(&lan, &ctx, T0).unwrap();
    assert_eq!(store.context(&lan, T0 + 60).unwrap(), ctx);
    assert_eq!(store.context(&lan, T0 + 31 * 60).unwrap(), Context::default());

    // Turns, grouped into the unanswered log by their normalised form.
    let turns = [
        turn(&store, &lan, T0, "Lương giáo viên bao nhiêu?", false),
        turn(&store, &minh, T0 + 10, "luong giao vien bao nhieu", false),
        turn(&store, &lan, T0 + 20, "Học phí mầm non?", false),
        turn(&store, &lan, T0 + DAY, "Kế hoạch nói gì về mầm non?", true),
    ];
    for t in &turns {
        store.record(t).unwrap();
    }
    let ids: std::collections::HashSet<&str> = turns.iter().map(|t| t.answer_id.as_str()).collect();
    assert_eq!(ids.len(), 4, "answer ids are unique");
    let groups = store.unanswered(0).unwrap();
    assert_eq!(groups.len(), 2);
    assert_eq!(groups[0].normalised, "luong giao vien bao nhieu");
    assert_eq!(groups[0].count, 2);
    assert_eq!(groups[0].examples.len(), 2);
    assert!(groups.iter().all(|g| g.declined));
    assert_eq!(store.unanswered(T0 + 15).unwrap().len(), 1, "--since");
    assert_eq!(store.turn(&turns[3].answer_id).unwrap().as_ref(), Some(&turns[3]));
    assert_eq!(store.turn("a0000000000").unwrap(), None);

    // Webhook deliveries: a retry is recognised; ids are per channel; remembered for a day.
    assert!(store.first_delivery("zalo-oa", "m1", T0).unwrap());
    assert!(!store.first_delivery("zalo-oa", "m1", T0 + 5).unwrap());
    assert!(store.first_delivery("telegram", "m1", T0).unwrap());

    // Feedback and comments.
    let fb = Feedback {
        answer_id: turns[3].answer_id.clone(),
        at: T0 + DAY,
        user: lan.clone(),
        verdict: Verdict::Down,
        question: turns[3].question.clone(),
        intent: "content".into(),
        cited: vec!["nd2-mam-non".into()],
    };
    store.feedback(&fb).unwrap();
    store.feedback(&Feedback { verdict: Verdict::Up, ..fb.clone() }).unwrap();
    store
        .comment(&Comment {
            at: T0 + DAY,
            user: minh.clone(),
            channel: "telegram".into(),
            text: Some("Thêm học phí".into()),
        })
        .unwrap();

    let s = store.stats(0).unwrap();
    assert_eq!((s.questions, s.answered, s.unanswered), (4, 1, 3));
    assert_eq!((s.feedback_up, s.feedback_down, s.comments), (1, 0, 1), "the latest verdict of a user wins");
    assert_eq!(s.per_day_channel["2024-12-30"]["telegram"], 3);
    assert_eq!(s.per_day_channel["2024-12-31"]["telegram"], 1);
    assert_eq!(s.intents[0], ("out_of_scope".to_string(), 3));
    assert_eq!(s.cited[0], ("nd2-mam-non".to_string(), 1));

    // Backup: everything exported comes back in a fresh store, twice imported is once.
    let exported = store.export().unwrap();
    assert_eq!(exported.len(), 4 + 1 + 1 + 1);
    let copy = Store::open(Box::new(MemoryKv::new()), "copy", None).unwrap();
    for r in exported.iter().chain(&exported) {
        copy.import(r).unwrap();
    }
    let mut a: Vec<String> = exported.iter().map(|r| serde_json::to_string(r).unwrap()).collect();
    let mut b: Vec<String> = copy.export().unwrap().iter().map(|r| serde_json::to_string(r).unwrap()).collect();
    a.sort();
    b.sort();
    assert_eq!(a, b);
    assert_eq!(copy.turn(&turns[3].answer_id).unwrap().as_ref(), Some(&turns[3]), "import rebuilds the index");

    // Forget one user: all of theirs, nothing of the other's.
    let gone = store.forget(&lan).unwrap();
    assert_eq!(gone, 1 + 3 + 1, "context, three turns, one verdict");
    let left = store.export().unwrap();
    assert!(left.iter().all(|r| !serde_json::to_string(r).unwrap().contains(&lan)));
    assert_eq!(left.len(), 2);
    assert_eq!(store.turn(&turns[3].answer_id).unwrap(), None, "the answer index forgets too");
    assert!(store.turn(&turns[1].answer_id).unwrap().is_some());

    // Retention with an injected clock: records older than 90 days go, anonymous daily figures
    // stay (and count in the statistics).
    let later = T0 + 92 * DAY;
    let before = store.stats(0).unwrap();
    let changed = store.purge(later).unwrap();
    assert_eq!(changed, 2, "one turn and one comment deleted");
    let after = store.export().unwrap();
    assert_eq!(after.len(), 2, "{after:?}");
    assert!(after.iter().all(|r| matches!(r, Record::Daily { .. })), "{after:?}");
    assert!(!serde_json::to_string(&after).unwrap().contains(&minh), "the daily figures name no user");
    assert_eq!(store.turn(&turns[1].answer_id).unwrap(), None, "the answer index lets go too");
    assert_eq!(store.stats(0).unwrap(), before, "the figures are the same after retention");
    assert_eq!(store.unanswered(0).unwrap(), [], "no text is left to group");
    assert_eq!(store.purge(later).unwrap(), 0, "purge is idempotent");
    assert_eq!(store.stats(0).unwrap(), before);
    assert!(store.first_delivery("zalo-oa", "m1", later).unwrap(), "delivery ids are forgotten after a day");
}

/// Acknowledged deliveries wait in the store until answered; stale ones are claimed once.
fn pending_suite(store: &Store) {
    use hoidap::store::Pending;
    let pending =
        Pending { channel: "zalo-oa".into(), id: "m-9".into(), at: T0, payload: "{}".into(), user: String::new() };
    store.pending_put(&pending).unwrap();
    assert!(store.claim_stale(T0 + 10, 60).unwrap().is_empty(), "not stale yet");
    assert_eq!(store.claim_stale(T0 + 61, 60).unwrap(), std::slice::from_ref(&pending));
    assert!(store.claim_stale(T0 + 62, 60).unwrap().is_empty(), "claimed once");
    // A claim whose taker never finished can be taken again after its time.
    assert_eq!(store.claim_stale(T0 + 200, 60).unwrap(), [pending]);
    store.pending_done("zalo-oa", "m-9").unwrap();
    assert!(store.claim_stale(T0 + 400, 60).unwrap().is_empty(), "answered: gone");
}

#[test]
fn memory_store_passes_the_suite() {
    suite(&|| Store::open(Box::new(MemoryKv::new()), "memory", None).unwrap());
}

#[test]
fn sled_store_passes_the_suite() {
    let dir = TempDir::new("suite");
    suite(&|| Store::open(Box::new(SledKv::open(dir.path()).unwrap()), dir.str(), None).unwrap());
}

#[test]
fn redis_store_passes_the_suite() {
    let Some(redis) = RedisServer::start() else { return };
    let open = || Store::open(Box::new(RedisKv::open(&redis.url(), "suite").unwrap()), "redis", None).unwrap();
    suite(&open);
}

#[test]
fn redis_keeps_expiring_records_with_a_ttl_and_notes_a_delivery_once_across_replicas() {
    let Some(redis) = RedisServer::start() else { return };
    let replicas: Vec<Store> = (0..2)
        .map(|_| Store::open(Box::new(RedisKv::open(&redis.url(), "r").unwrap()), "redis", Some("s")).unwrap())
        .collect();
    // One user, the same hash and the same context on both replicas.
    let user = replicas[0].user_hash("zalo-oa:1");
    assert_eq!(user, replicas[1].user_hash("zalo-oa:1"));
    let ctx = Context { agencies: vec!["so-tai-chinh".into()], ..Context::default() };
    replicas[0].set_context(&user, &ctx, T0).unwrap();
    assert_eq!(replicas[1].context(&user, T0 + 60).unwrap(), ctx);
    // Redis forgets the context by itself (EXPIRE), and a delivery id after a day.
    let mut raw = redis::Client::open(redis.url()).unwrap().get_connection().unwrap();
    let ttl = |pattern: &str, raw: &mut redis::Connection| -> i64 {
        let keys: Vec<String> = redis::cmd("KEYS").arg(pattern).query(raw).unwrap();
        assert_eq!(keys.len(), 1, "{pattern}: {keys:?}");
        redis::cmd("TTL").arg(&keys[0]).query(raw).unwrap()
    };
    assert!((1..=30 * 60).contains(&ttl("r:contexts:*", &mut raw)));
    // A delivery raced by 8 threads over both replicas is noted once (SET NX).
    let firsts = std::thread::scope(|s| {
        let racers: Vec<_> = (0..8)
            .map(|i| {
                let store = &replicas[i % 2];
                s.spawn(move || store.first_delivery("zalo-oa", "m-1", T0).unwrap())
            })
            .collect();
        racers.into_iter().map(|r| r.join().unwrap()).filter(|first| *first).count()
    });
    assert_eq!(firsts, 1);
    assert!((DAY as i64 - 60..=DAY as i64).contains(&ttl("r:deliveries:*", &mut raw)));
}

#[test]
fn losing_redis_costs_the_memory_for_a_while_then_it_reconnects() {
    let Some(mut redis) = RedisServer::start() else { return };
    let store = Store::open(Box::new(RedisKv::open(&redis.url(), "lost").unwrap()), "redis", Some("s")).unwrap();
    let user = store.user_hash("telegram:1");
    store.set_context(&user, &Context::default(), T0).unwrap();
    redis.stop();
    // Calls fail, quickly (no connect timeout per message once Redis is known to be down).
    assert!(store.context(&user, T0).is_err());
    let started = std::time::Instant::now();
    for _ in 0..20 {
        assert!(store.context(&user, T0).is_err());
    }
    assert!(started.elapsed() < std::time::Duration::from_secs(2), "{:?}", started.elapsed());
    // Redis is back (empty): after the pause the store reconnects by itself.
    redis.restart();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    while store.context(&user, T0).is_err() {
        assert!(std::time::Instant::now() < deadline, "never reconnected");
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert!(store.first_delivery("telegram", "1", T0).unwrap());
}

#[test]
fn the_secret_is_kept_or_taken_from_the_environment() {
    let dir = TempDir::new("salt");
    let first = Store::open(Box::new(SledKv::open(dir.path()).unwrap()), dir.str(), None).unwrap().user_hash("cli:lan");
    let again = Store::open(Box::new(SledKv::open(dir.path()).unwrap()), dir.str(), None).unwrap().user_hash("cli:lan");
    assert_eq!(first, again, "the generated secret is kept in the store");
    let given = Store::open(Box::new(SledKv::open(dir.path()).unwrap()), dir.str(), Some("s3cret"))
        .unwrap()
        .user_hash("cli:lan");
    assert_ne!(first, given);
}

#[test]
fn a_store_from_a_newer_version_is_refused() {
    let kv = MemoryKv::new();
    kv.put("meta", b"schema", b"99").unwrap();
    match Store::open(Box::new(kv), "/srv/hoidap", None) {
        Err(e @ StoreError::TooNew { .. }) => {
            assert_eq!(
                e.to_string(),
                "the store at /srv/hoidap was written by a newer hoidap (schema 99); this build reads up to schema 4"
            );
        }
        Err(e) => panic!("{e}"),
        Ok(_) => panic!("opened a newer store"),
    }
}

fn hoidap(dir: &TempDir, args: &[&str], stdin: &str) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_hoidap"))
        .args(args)
        .env("HOIDAP_DATA_DIR", dir.str())
        .env_remove("HOIDAP_ID_SALT")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

fn json_lines(out: &std::process::Output) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

#[test]
fn a_follow_up_resolves_in_a_new_process() {
    let dir = TempDir::new("followup");
    let first = hoidap(&dir, &["chat", "--json", "--user", "lan"], "Sở Khoa học và Công nghệ có nhiệm vụ gì?\n");
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    let second = hoidap(&dir, &["chat", "--json", "--user", "lan"], "họ còn phải làm gì nữa?\n");
    let reply = &json_lines(&second)[0];
    assert_eq!(reply["intent"], "agency", "{reply}");
    assert_eq!(reply["agencies"][0], "Sở Khoa học và Công nghệ");
    // Another user has no such context.
    let other = hoidap(&dir, &["chat", "--json", "--user", "minh"], "họ còn phải làm gì nữa?\n");
    assert_ne!(json_lines(&other)[0]["intent"], "agency");
}

#[test]
fn a_second_process_gets_a_clear_lock_error_at_once() {
    let dir = TempDir::new("lock");
    let mut holder = Command::new(env!("CARGO_BIN_EXE_hoidap"))
        .args(["chat", "--json", "--user", "a"])
        .env("HOIDAP_DATA_DIR", dir.str())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until the holder has the store open: it answers a question.
    let mut stdin = holder.stdin.take().unwrap();
    writeln!(stdin, "xin chào").unwrap();
    let mut line = String::new();
    BufReader::new(holder.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let started = std::time::Instant::now();
    let o = hoidap(&dir, &["stats"], "");
    let waited = started.elapsed();
    drop(stdin);
    holder.wait().unwrap();
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains(&format!("the store at {} is in use by another hoidap process", dir.str())), "{err}");
    assert!(waited < std::time::Duration::from_secs(5), "no hang: {waited:?}");
}

#[test]
fn cli_records_feedback_comments_and_forgets() {
    let dir = TempDir::new("cli");
    let o = hoidap(
        &dir,
        &["chat", "--json", "--user", "lan8842"],
        "lương giáo viên bao nhiêu?\n/chuatot\n/gopy Cần thông tin lương\nSở Nội vụ làm gì?\n/tot\n",
    );
    let lines = json_lines(&o);
    assert_eq!(lines.len(), 5);
    assert!(lines[0]["answer_id"].is_string());
    assert_eq!(lines[1]["command"], "/chuatot");
    let stats: serde_json::Value = serde_json::from_slice(&hoidap(&dir, &["stats", "--json"], "").stdout).unwrap();
    assert_eq!(stats["questions"], 2);
    assert_eq!(stats["feedback_down"], 1);
    assert_eq!(stats["feedback_up"], 1);
    assert_eq!(stats["comments"], 1);
    let unanswered = json_lines(&hoidap(&dir, &["unanswered", "--json"], ""));
    assert_eq!(unanswered.len(), 1);
    assert_eq!(unanswered[0]["normalised"], "luong giao vien bao nhieu");
    assert!(unanswered[0].get("user").is_none(), "the unanswered log carries no user");
    let o = hoidap(&dir, &["unanswered", "--since", "2999-01-01"], "");
    assert!(String::from_utf8_lossy(&o.stdout).contains("No unanswered questions"));
    let o = hoidap(&dir, &["unanswered", "--since", "30/12/2024"], "");
    assert_eq!(o.status.code(), Some(2), "a bad date is a usage error");

    let export = || String::from_utf8(hoidap(&dir, &["export"], "").stdout).unwrap();
    let traces = ["lương giáo viên", "Cần thông tin lương", "Sở Nội vụ làm gì"];
    let before = export();
    assert!(traces.iter().all(|t| before.contains(t)), "{before}");
    let o = hoidap(&dir, &["forget", "cli:lan8842"], "");
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("Erased 6 record(s) of cli:lan8842"),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    let stats: serde_json::Value = serde_json::from_slice(&hoidap(&dir, &["stats", "--json"], "").stdout).unwrap();
    assert_eq!(stats["questions"], 0);
    // `hoidap export` holds nothing of theirs: no question, no comment, no id.
    let after = export();
    for trace in traces.iter().chain(&["lan8842"]) {
        assert!(!after.contains(trace), "the export still holds {trace:?}: {after}");
    }
}

#[test]
fn export_and_import_round_trip_through_the_cli() {
    let from = TempDir::new("export");
    hoidap(&from, &["chat", "--user", "lan"], "Sở Tài chính làm gì?\nhọc phí bao nhiêu\n/gopy thêm học phí\n");
    let exported = hoidap(&from, &["export"], "");
    assert!(exported.status.success());
    let text = String::from_utf8(exported.stdout).unwrap();
    assert_eq!(text.lines().count(), 4, "{text}");
    let to = TempDir::new("import");
    let o = hoidap(&to, &["import"], &text);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mut a: Vec<&str> = text.lines().collect();
    let again = String::from_utf8(hoidap(&to, &["export"], "").stdout).unwrap();
    let mut b: Vec<&str> = again.lines().collect();
    a.sort();
    b.sort();
    assert_eq!(a, b);
    let bad = hoidap(&to, &["import"], "{\"kind\":\"turn\"}\n");
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("standard input, line 1"));
}

/// Declined questions are flushed before their reply is written: kill the process at random
/// moments many times, and every reply seen must be in the store afterwards.
#[test]
fn declined_questions_survive_sigkill() {
    const ROUNDS: usize = 12;
    let dir = TempDir::new("kill");
    let mut acknowledged = 0usize;
    // A small xorshift: the kill moments vary, the test stays reproducible.
    let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
    for round in 0..ROUNDS {
        let mut child = Command::new(env!("CARGO_BIN_EXE_hoidap"))
            .args(["chat", "--json", "--user", "k"])
            .env("HOIDAP_DATA_DIR", dir.str())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let questions = 1 + (seed % 6) as usize;
        for i in 0..questions {
            writeln!(stdin, "giá vàng hôm nay vòng {round} câu {i}").unwrap();
            let mut line = String::new();
            stdout.read_line(&mut line).unwrap();
            assert!(line.contains("\"answered\":false"), "{line}");
            acknowledged += 1;
        }
        // One more question in flight, then SIGKILL somewhere in it.
        let _ = writeln!(stdin, "giá xăng hôm nay vòng {round}");
        std::thread::sleep(std::time::Duration::from_micros(seed % 3000));
        child.kill().unwrap();
        child.wait().unwrap();
        let o = hoidap(&dir, &["stats", "--json"], "");
        assert!(o.status.success(), "the store opens after a kill: {}", String::from_utf8_lossy(&o.stderr));
        let stats: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let declined = stats["unanswered"].as_u64().unwrap() as usize;
        assert!(declined >= acknowledged, "round {round}: {declined} stored, {acknowledged} acknowledged");
        assert!(declined <= acknowledged + round + 1, "round {round}: nothing invented");
    }
    let _ = repo();
}

/// A batch of a Redis range fills up past records that expired while still in the index (an
/// expired record leaves its index member behind until a scan meets it): a short batch means
/// the end of the tree, so a walk in batches ("forget", retention) never stops early.
#[test]
fn redis_batches_fill_up_past_expired_records() {
    let Some(redis) = RedisServer::start() else { return };
    let kv = RedisKv::open(&redis.url(), "gaps").unwrap();
    for key in ["a", "b", "c", "d", "e"] {
        kv.put("t", key.as_bytes(), key.as_bytes()).unwrap();
    }
    // What expiry does: the records of "b" and "c" go, their index members stay.
    let mut raw = redis::Client::open(redis.url()).unwrap().get_connection().unwrap();
    for key in ["b", "c"] {
        let _: () = redis::cmd("DEL").arg(format!("gaps:t:{}", hex::encode(key))).query(&mut raw).unwrap();
    }
    let keys = |from: &str, limit| -> Vec<String> {
        kv.scan_range("t", from.as_bytes(), limit)
            .unwrap()
            .into_iter()
            .map(|(k, _)| String::from_utf8(k).unwrap())
            .collect()
    };
    assert_eq!(keys("", 2), ["a", "d"], "the batch is filled past the expired records");
    assert_eq!(keys("", 10), ["a", "d", "e"]);
    assert_eq!(keys("e", 2), ["e"], "a short batch is the end of the tree");
}
