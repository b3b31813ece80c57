//! The persistent store shared by every channel: conversation context per user, the record of
//! every turn (for statistics and the unanswered log), feedback, retention and backup.
//!
//! Storage engines implement the small [`Kv`] trait (sled on disk in [`sled_kv`], memory in
//! [`memory`] for tests); [`Store`] holds the domain logic once, over any of them. User ids are
//! stored only as keyed hashes ([`privacy`]); times are Unix seconds passed in by the caller, so
//! tests inject their own clock.
//!
//! The domain operations are grouped by concern, one file each: `context.rs` (conversation
//! context), `turns.rs` (questions and answers, the unanswered log) over the turn log of
//! `turnlog.rs` (in the engine's trees) or `dayfiles.rs` (a file per day beside a sled
//! database), `stats.rs`, `feedback.rs`
//! (verdicts and comments), `retention.rs` (forget me, purge), `backup.rs` (export, import) and
//! `deliveries.rs` (webhook retries, pending deliveries and their claims). This file holds the engine trait, the error
//! type, the tree names and what is left: opening, settings and shared counts.

mod backup;
mod context;
mod dayfiles;
mod deliveries;
mod feedback;
mod locks;
pub mod memory;
pub mod privacy;
pub mod redis_kv;
mod retention;
pub mod sled_kv;
mod stats;
pub mod time;
mod turnlog;
mod turns;

pub use backup::Record;
pub use deliveries::{DELIVERY_TTL, Pending};
pub use feedback::{Comment, Feedback, Verdict};
pub use stats::{Daily, Stats};
pub use turns::{Turn, UnansweredGroup};

use serde::{Deserialize, Serialize};
use std::ops::ControlFlow;
use std::sync::Arc;
use turnlog::{KvTurns, TurnLog};

/// The schema this build writes. A store written by a newer build is refused; older ones are
/// migrated in [`Store::open`].
pub const SCHEMA_VERSION: u32 = 4;

/// A conversation's context is forgotten after this long without a message (seconds).
pub const DEFAULT_CONTEXT_TTL: u64 = 30 * 60;

/// Message text (questions, comments) is kept at most this many days.
pub const DEFAULT_RETENTION_DAYS: u64 = 90;

/// What can go wrong with the store. Messages have no trailing period.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the store at {path} is in use by another hoidap process (stop it, or use another --data-dir)")]
    Locked { path: String },
    #[error(
        "the store at {path} was written by a newer hoidap (schema {found}); this build reads up to schema {supported}"
    )]
    TooNew { path: String, found: u32, supported: u32 },
    #[error("the store at {what} cannot be reached: {why}")]
    Unavailable { what: String, why: String },
    #[error("storage error")]
    Engine(#[source] Box<dyn std::error::Error + Send + Sync>),
    #[error("corrupt record in `{tree}`")]
    Corrupt {
        tree: &'static str,
        #[source]
        source: serde_json::Error,
    },
    #[error("cannot generate a random secret")]
    Random(#[source] getrandom::Error),
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// A storage engine: named trees of ordered byte keys and values.
pub trait Kv: Send + Sync {
    fn get(&self, tree: &str, key: &[u8]) -> Result<Option<Vec<u8>>>;
    fn put(&self, tree: &str, key: &[u8], value: &[u8]) -> Result<()>;
    fn delete(&self, tree: &str, key: &[u8]) -> Result<()>;
    /// Deletes every key of `keys` from `tree` (retention's batches) in few engine calls where
    /// the engine can (one sled batch, one Redis pipeline), else one [`Kv::delete`] each. Not
    /// atomic as a whole: a crash may leave some of the keys, which the next pass deletes.
    fn delete_many(&self, tree: &str, keys: &[Vec<u8>]) -> Result<()> {
        keys.iter().try_for_each(|key| self.delete(tree, key))
    }
    /// Deletes `key` from `tree` only while its value is still `expected`, atomically, so a
    /// record rewritten since it was read is kept (retention's expired contexts); true when
    /// it was deleted.
    fn delete_if(&self, tree: &str, key: &[u8], expected: &[u8]) -> Result<bool>;
    /// At most `limit` pairs of a tree whose keys are `from` or after, in key order. Callers
    /// walk a tree in batches with it (see [`Store::walk`]); nothing reads a whole tree at once.
    fn scan_range(&self, tree: &str, from: &[u8], limit: usize) -> Result<Vec<(Vec<u8>, Vec<u8>)>>;
    /// Makes every write so far durable.
    fn flush(&self) -> Result<()>;
    /// A number never handed out before by this store, even to concurrent callers.
    fn next_id(&self) -> Result<u64>;
    /// Stores `value` under `key` unless the key exists, atomically; true when it was stored.
    fn insert_new(&self, tree: &str, key: &[u8], value: &[u8]) -> Result<bool>;
    /// [`Kv::put`] for a record of no use after `ttl` seconds: an engine that can expire
    /// records does; the others keep it until [`Store::purge`].
    fn put_expiring(&self, tree: &str, key: &[u8], value: &[u8], ttl: u64) -> Result<()> {
        let _ = ttl;
        self.put(tree, key, value)
    }
    /// Whether processes on several machines share this engine (and so its counts).
    fn shared(&self) -> bool {
        false
    }
    /// Counts one event under `key` in a window of `window` seconds, for every process sharing
    /// this store, and returns the count so far; `None` when the engine is not shared between
    /// processes (each keeps its own count).
    fn count(&self, key: &[u8], window: u64) -> Result<Option<u64>> {
        let _ = (key, window);
        Ok(None)
    }
    /// [`Kv::insert_new`] for a record of no use after `ttl` seconds (see [`Kv::put_expiring`]).
    fn insert_new_expiring(&self, tree: &str, key: &[u8], value: &[u8], ttl: u64) -> Result<bool> {
        let _ = ttl;
        self.insert_new(tree, key, value)
    }
    /// Prepares records written by schema 1 for [`Kv::scan_range`] (Redis indexes its keys);
    /// called once, by the migration in [`Store::open`].
    fn index_existing(&self) -> Result<()> {
        Ok(())
    }
    /// The folder where the store keeps its turns as one file per day, for an engine kept in
    /// local files (sled); `None` keeps them in the engine's trees (memory, and Redis, whose
    /// replicas share them).
    fn turn_dir(&self) -> Option<std::path::PathBuf> {
        None
    }
}

/// Pairs read per [`Kv::scan_range`] call: a few hundred kilobytes at most, whatever the size
/// of the tree.
pub const BATCH: usize = 512;

/// What [`walk`] calls on each pair: `Break` stops the walk.
type Visit<'a> = dyn FnMut(&[u8], &[u8]) -> Result<ControlFlow<()>> + 'a;

/// Calls `visit` on the pairs of `tree` from `from` on, in key order, one batch of [`BATCH`]
/// at a time, until it answers `Break` or the tree ends. `visit` may delete or rewrite the pair
/// it is given.
fn walk(kv: &dyn Kv, tree: &str, from: &[u8], visit: &mut Visit<'_>) -> Result<()> {
    let mut from = from.to_vec();
    loop {
        let batch = kv.scan_range(tree, &from, BATCH)?;
        for (key, value) in &batch {
            if visit(key, value)?.is_break() {
                return Ok(());
            }
        }
        match batch.last() {
            Some((last, _)) if batch.len() == BATCH => from = after(last),
            _ => return Ok(()),
        }
    }
}

/// The smallest key after `key`: where the next batch starts.
fn after(key: &[u8]) -> Vec<u8> {
    let mut next = key.to_vec();
    next.push(0);
    next
}

const META: &str = "meta";
const CONTEXTS: &str = "contexts";
const TURNS: &str = "turns";
/// Answer id → the key of its turn in `turns`, for the ids that do not name their turn's key
/// (schema 2 and older, see `turns::answer_time`); a turn of schema 3 is one record.
const ANSWERS: &str = "answers";
const FEEDBACK: &str = "feedback";
const COMMENTS: &str = "comments";
/// Webhook deliveries seen ("channel:message id" → when), so a retried one is answered once.
const DELIVERIES: &str = "deliveries";

/// Deliveries acknowledged but not answered yet ("channel:message id" → when, and the delivery
/// itself), so that another replica, or this one after a crash, can answer them.
const PENDING: &str = "pending";
/// Claims on stale pending deliveries, so that one replica answers each.
const CLAIMS: &str = "claims";
/// Pending deliveries by time ([`time_key`] of when, then the pending key → the pending key),
/// so the recovery sweep reads only the oldest ones.
const PENDING_AT: &str = "pending-at";
/// Every record that belongs to a user, by user: "{user hash}/{kind}/{key}" → nothing, kind
/// being `c` (comment), `f` (verdict), `p` (pending delivery) or `t` (turn). "Forget me" reads
/// only the user's own range.
const BY_USER: &str = "by-user";
/// Anonymous figures per day ("YYYY-MM-DD" → [`Daily`]) of the records retention deleted.
const DAILY: &str = "daily";

/// The store: domain operations over a [`Kv`].
pub struct Store {
    kv: Arc<dyn Kv>,
    /// The turns: day files beside a sled database, else records of `kv`.
    turns: Box<dyn TurnLog>,
    /// The secret of the keyed user hashes.
    salt: Vec<u8>,
    /// Seconds a context lives without a message.
    pub context_ttl: u64,
    /// Days message text is kept.
    pub retention_days: u64,
    /// Why the store is in memory only, when the configured one could not be opened: the bot
    /// answers without remembering anything past a restart.
    pub memory_only: Option<String>,
}

fn json<T: Serialize>(value: &T) -> Vec<u8> {
    serde_json::to_vec(value).expect("records serialize")
}

fn parse<T: for<'de> Deserialize<'de>>(tree: &'static str, bytes: &[u8]) -> Result<T> {
    serde_json::from_slice(bytes).map_err(|source| StoreError::Corrupt { tree, source })
}

fn json_string<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("records serialize")
}

/// A key that sorts by time: big-endian seconds, then a distinguishing suffix.
fn time_key(at: u64, suffix: &str) -> Vec<u8> {
    let mut key = at.to_be_bytes().to_vec();
    key.extend_from_slice(suffix.as_bytes());
    key
}

/// A key of [`BY_USER`].
fn user_key(user: &str, kind: char, key: &[u8]) -> Vec<u8> {
    let mut k = format!("{user}/{kind}/").into_bytes();
    k.extend_from_slice(key);
    k
}

/// The time a [`time_key`] starts with.
fn key_time(key: &[u8]) -> u64 {
    key.get(..8).and_then(|b| b.try_into().ok()).map_or(0, u64::from_be_bytes)
}

impl Store {
    /// Opens the store over `kv`: checks the schema version (migrating older ones), and loads
    /// the user-hash secret — `salt` when given (e.g. from `HOIDAP_ID_SALT`), else the one kept
    /// in the store, generated on first start.
    pub fn open(kv: Box<dyn Kv>, path: &str, salt: Option<&str>) -> Result<Store> {
        let version = kv.get(META, b"schema")?.map(|v| parse::<u32>(META, &v)).transpose()?;
        if let Some(v) = version.filter(|v| *v > SCHEMA_VERSION) {
            return Err(StoreError::TooNew { path: path.to_owned(), found: v, supported: SCHEMA_VERSION });
        }
        let salt = match salt {
            Some(s) => s.as_bytes().to_vec(),
            None => match kv.get(META, b"salt")? {
                Some(s) => s,
                None => {
                    let mut secret = vec![0u8; 32];
                    getrandom::fill(&mut secret).map_err(StoreError::Random)?;
                    kv.put(META, b"salt", &secret)?;
                    kv.flush()?;
                    secret
                }
            },
        };
        let kv: Arc<dyn Kv> = Arc::from(kv);
        let turns: Box<dyn TurnLog> = match kv.turn_dir() {
            Some(dir) => Box::new(dayfiles::DayFiles::open(&dir, kv.clone())?),
            None => Box::new(KvTurns { kv: kv.clone() }),
        };
        let store = Store {
            kv,
            turns,
            salt,
            context_ttl: DEFAULT_CONTEXT_TTL,
            retention_days: DEFAULT_RETENTION_DAYS,
            memory_only: None,
        };
        match version {
            Some(SCHEMA_VERSION) => {}
            // A new store has nothing to migrate.
            None => store.kv.put(META, b"schema", &json(&SCHEMA_VERSION))?,
            // Migrations, oldest first. Schema 2 → 3 rewrites nothing: new answer ids name
            // their turn's key, and the answer index keeps serving the older ones (a build of
            // schema 2 would not find the new ones, hence the version). Schema 3 → 4 moves the
            // turns of a sled store into its day files.
            Some(v) => {
                if v < 2 {
                    store.migrate_from_1()?;
                }
                if v < 4 {
                    store.migrate_from_3()?;
                }
                store.kv.put(META, b"schema", &json(&SCHEMA_VERSION))?;
                store.kv.flush()?;
            }
        }
        Ok(store)
    }

    /// [`walk`] over this store's engine.
    fn walk(
        &self,
        tree: &str,
        from: &[u8],
        mut visit: impl FnMut(&[u8], &[u8]) -> Result<ControlFlow<()>>,
    ) -> Result<()> {
        walk(&*self.kv, tree, from, &mut visit)
    }

    /// [`Store::walk`] over the keys of `tree` that start with `prefix`.
    fn walk_prefix(&self, tree: &str, prefix: &[u8], mut visit: impl FnMut(&[u8], &[u8]) -> Result<()>) -> Result<()> {
        self.walk(tree, prefix, |k, v| {
            if !k.starts_with(prefix) {
                return Ok(ControlFlow::Break(()));
            }
            visit(k, v).map(|()| ControlFlow::Continue(()))
        })
    }

    /// Schema 1 → 2: the per-user index, pending deliveries by time, and delivery ids hashed
    /// (schema 1 kept them as sent, raw user ids in some).
    fn migrate_from_1(&self) -> Result<()> {
        self.kv.index_existing()?;
        self.walk(TURNS, b"", |k, v| {
            let t: Turn = parse(TURNS, v)?;
            self.index_user(&t.user, 't', k)?;
            Ok(ControlFlow::Continue(()))
        })?;
        self.walk(FEEDBACK, b"", |k, v| {
            let f: Feedback = parse(FEEDBACK, v)?;
            self.index_user(&f.user, 'f', k)?;
            Ok(ControlFlow::Continue(()))
        })?;
        self.walk(COMMENTS, b"", |k, v| {
            let c: Comment = parse(COMMENTS, v)?;
            self.index_user(&c.user, 'c', k)?;
            Ok(ControlFlow::Continue(()))
        })?;
        // These two are rewritten under new keys in the same tree: read first (a day of
        // delivery ids and the deliveries waiting, small), then rewritten, so that a walk never
        // meets a key it has just written and hashes it a second time.
        for (k, v) in self.read_tree(DELIVERIES)? {
            let raw = String::from_utf8_lossy(&k);
            self.kv.delete(DELIVERIES, &k)?;
            if let Some((channel, id)) = raw.split_once(':') {
                self.kv.put_expiring(DELIVERIES, &self.delivery_key(channel, id), &v, DELIVERY_TTL)?;
            }
        }
        for (k, v) in self.read_tree(PENDING)? {
            let p: Pending = parse(PENDING, &v)?;
            self.kv.delete(PENDING, &k)?;
            self.pending_put(&p)?;
        }
        Ok(())
    }

    /// Schema 3 → 4: a store with day files ([`Kv::turn_dir`]) moves the turns of its
    /// [`TURNS`] tree into them, a batch at a time: written, made durable, then deleted from
    /// the tree with their per-user entries (a crash in between imports a batch again, kept
    /// once). The answer index keeps its entries: it still locates the old ids.
    fn migrate_from_3(&self) -> Result<()> {
        if self.kv.turn_dir().is_none() {
            return Ok(());
        }
        loop {
            let batch = self.kv.scan_range(TURNS, b"", BATCH)?;
            let mut by_user = Vec::new();
            for (key, value) in &batch {
                let turn: Turn = parse(TURNS, value)?;
                self.turns.import(&turn)?;
                if !turn.user.is_empty() {
                    by_user.push(user_key(&turn.user, 't', key));
                }
            }
            self.turns.flush()?;
            let keys: Vec<Vec<u8>> = batch.iter().map(|(k, _)| k.clone()).collect();
            for (tree, keys) in [(BY_USER, &by_user), (TURNS, &keys)] {
                if !keys.is_empty() {
                    self.kv.delete_many(tree, keys)?;
                }
            }
            if batch.len() < BATCH {
                return Ok(());
            }
        }
    }

    /// Every pair of a small tree, read in batches (the schema migration only).
    fn read_tree(&self, tree: &str) -> Result<Vec<(Vec<u8>, Vec<u8>)>> {
        let mut out = Vec::new();
        self.walk(tree, b"", |k, v| {
            out.push((k.to_vec(), v.to_vec()));
            Ok(ControlFlow::Continue(()))
        })?;
        Ok(out)
    }

    /// Notes that the record `key` of kind `kind` (see [`BY_USER`]) belongs to `user`; nothing
    /// for anonymous records.
    fn index_user(&self, user: &str, kind: char, key: &[u8]) -> Result<()> {
        if user.is_empty() {
            return Ok(());
        }
        self.kv.put(BY_USER, &user_key(user, kind, key), b"")
    }

    fn unindex_user(&self, user: &str, kind: char, key: &[u8]) -> Result<()> {
        if user.is_empty() {
            return Ok(());
        }
        self.kv.delete(BY_USER, &user_key(user, kind, key))
    }

    /// The keyed hash a user key ("telegram:42", "cli:lan") is stored under.
    pub fn user_hash(&self, key: &str) -> String {
        privacy::keyed_hash(&self.salt, key)
    }

    /// Counts a message of a user (a key such as "telegram:42", hashed before it is stored) in
    /// the window of `window` seconds `now` falls in; `None` when the store is not shared
    /// between processes (see [`Kv::count`]).
    pub fn count_message(&self, user_key: &str, now: u64, window: u64) -> Result<Option<u64>> {
        let window = window.max(1);
        let key = format!("{}:{}", self.user_hash(user_key), now / window);
        self.kv.count(key.as_bytes(), window)
    }

    /// Whether processes on other machines share this store (and its counts).
    pub fn shared(&self) -> bool {
        self.kv.shared()
    }

    pub fn flush(&self) -> Result<()> {
        self.turns.flush()?;
        self.kv.flush()
    }

    /// A value a channel keeps between runs (e.g. a rotated Zalo refresh token), by name.
    pub fn setting(&self, name: &str) -> Result<Option<String>> {
        let key = format!("setting:{name}");
        self.kv.get(META, key.as_bytes())?.map(|v| parse(META, &v)).transpose()
    }

    /// Keeps a setting, durably (a lost rotated token cannot be recovered).
    pub fn set_setting(&self, name: &str, value: &str) -> Result<()> {
        self.kv.put(META, format!("setting:{name}").as_bytes(), &json(&value))?;
        self.kv.flush()
    }
}
