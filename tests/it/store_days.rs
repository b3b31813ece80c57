//! sled's turns in one file per day beside the database: a schema-3 store moves its turns into
//! them when opened, a torn last line is skipped, retention deletes whole days and cuts the
//! boundary day.

use crate::store::{T0, TempDir, turn};
use hoidap::store::sled_kv::SledKv;
use hoidap::store::{BATCH, Kv, Record, Store, Turn, time::DAY};
use std::path::Path;

fn open(dir: &TempDir) -> Store {
    Store::open(Box::new(SledKv::open(dir.path()).unwrap()), dir.str(), Some("s")).unwrap()
}

/// Every line of every file in `dir`, with the file's name: what a copy of the folder holds.
pub(crate) fn dump_files(dir: &Path) -> String {
    let mut out = String::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        out.push_str(&entry.file_name().to_string_lossy());
        out.push('\n');
        out.push_str(&String::from_utf8_lossy(&std::fs::read(entry.path()).unwrap_or_default()));
    }
    out
}

/// The day files of a store, by name, oldest first.
fn day_files(dir: &TempDir) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir.path().join("turns"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

fn exported_turns(store: &Store) -> Vec<Turn> {
    let records = store.export().unwrap();
    records.into_iter().filter_map(|r| if let Record::Turn(t) = r { Some(t) } else { None }).collect()
}

/// A store of schema 3 kept its turns in sled (a record each, per-user entries, an answer
/// index entry for an id that does not name its time): opening it moves every turn into the
/// day files and out of sled; each is found by its id, once, also after another open.
#[test]
fn a_schema_3_store_moves_its_turns_into_day_files() {
    let dir = TempDir::new("schema3");
    let mut old = Vec::new();
    {
        let store = open(&dir);
        let user = store.user_hash("telegram:9");
        for n in 0..BATCH as u64 + 40 {
            let at = T0 + n * 600;
            old.push(turn(&store, if n % 2 == 0 { &user } else { "" }, at, &format!("câu hỏi số {n}"), true));
        }
        // An id of schema 2 (it does not name its time).
        old.push(Turn { answer_id: "a1f00ba2".into(), ..turn(&store, &user, T0 + 7, "Học phí?", false) });
    }
    {
        // As a build of schema 3 wrote them.
        let kv = SledKv::open(dir.path()).unwrap();
        for t in &old {
            let mut key = t.at.to_be_bytes().to_vec();
            key.extend_from_slice(t.answer_id.as_bytes());
            kv.put("turns", &key, &serde_json::to_vec(t).unwrap()).unwrap();
            if !t.user.is_empty() {
                kv.put("by-user", &[format!("{}/t/", t.user).as_bytes(), &key].concat(), b"").unwrap();
            }
            if t.answer_id.starts_with('a') {
                kv.put("answers", t.answer_id.as_bytes(), &key).unwrap();
            }
        }
        kv.put("meta", b"schema", b"3").unwrap();
        kv.flush().unwrap();
    }
    for _ in 0..2 {
        let store = open(&dir);
        for t in &old {
            assert_eq!(store.turn(&t.answer_id).unwrap().as_ref(), Some(t), "{}", t.answer_id);
        }
        assert_eq!(exported_turns(&store).len(), old.len(), "each turn once");
        drop(store);
        let kv = SledKv::open(dir.path()).unwrap();
        assert_eq!(kv.get("meta", b"schema").unwrap().as_deref(), Some(&b"4"[..]));
        assert!(kv.scan_range("turns", b"", BATCH).unwrap().is_empty(), "no turn left in sled");
        assert!(kv.scan_range("by-user", b"", BATCH).unwrap().is_empty(), "nor their per-user entries");
    }
    assert_eq!(day_files(&dir), ["2024-12-30.jsonl", "2024-12-31.jsonl", "2025-01-01.jsonl", "2025-01-02.jsonl"]);
}

/// A crash in the middle of a write leaves a torn last line: it is skipped, and the next turn
/// of that day is written on a line of its own and read back.
#[test]
fn a_torn_last_line_is_skipped_and_the_next_turn_reads() {
    let dir = TempDir::new("torn");
    let store = open(&dir);
    let first = turn(&store, "", T0, "Sở Tài chính làm gì?", false);
    store.record(&first).unwrap();
    drop(store);
    let file = dir.path().join("turns").join("2024-12-30.jsonl");
    let mut f = std::fs::OpenOptions::new().append(true).open(&file).unwrap();
    std::io::Write::write_all(&mut f, br#"{"answer_id":"t6772e1"#).unwrap();
    drop(f);

    let store = open(&dir);
    assert_eq!(exported_turns(&store), std::slice::from_ref(&first));
    let second = turn(&store, "", T0 + 60, "Học phí mầm non?", false);
    store.record(&second).unwrap();
    assert_eq!(store.turn(&second.answer_id).unwrap().as_ref(), Some(&second));
    assert_eq!(exported_turns(&store), [first, second]);
}

/// Retention deletes the files of whole days past the period and rewrites the day the cutoff
/// falls in without its older turns; the daily figures count every turn that went.
#[test]
fn retention_deletes_whole_days_and_cuts_the_boundary_day() {
    let dir = TempDir::new("days");
    let store = open(&dir);
    let user = store.user_hash("telegram:1");
    let at = [T0, T0 + 3_600, T0 + DAY + 10 * 3_600, T0 + DAY + 20 * 3_600, T0 + 3 * DAY];
    let turns: Vec<Turn> = at.iter().map(|&at| turn(&store, &user, at, "Học phí mầm non?", true)).collect();
    for t in &turns {
        store.record(t).unwrap();
    }
    let before = store.stats(0).unwrap().questions;
    assert_eq!(day_files(&dir), ["2024-12-30.jsonl", "2024-12-31.jsonl", "2025-01-02.jsonl"]);

    // The cutoff: 15:00 on the second day.
    let now = T0 + DAY + 15 * 3_600 + store.retention_days * DAY;
    assert_eq!(store.purge(now).unwrap(), 3);
    assert_eq!(day_files(&dir), ["2024-12-31.jsonl", "2025-01-02.jsonl"], "the first day's file went whole");
    assert_eq!(exported_turns(&store), turns[3..]);
    assert_eq!(store.turn(&turns[2].answer_id).unwrap(), None);
    assert_eq!(store.stats(0).unwrap().questions, before, "the daily figures count what went");
    assert_eq!(store.purge(now).unwrap(), 0, "idempotent");
    // "Forget me" empties the user's files.
    assert_eq!(store.forget(&user).unwrap(), 2);
    assert!(day_files(&dir).is_empty());
}
