//! The persistent store shared by every channel: conversation context per user, the record of
//! every turn (for statistics and the unanswered log), feedback, retention and backup.
//!
//! Storage engines implement the small [`Kv`] trait (sled on disk in [`sled_kv`], memory in
//! [`memory`] for tests); [`Store`] holds the domain logic once, over any of them. User ids are
//! stored only as keyed hashes ([`privacy`]); times are Unix seconds passed in by the caller, so
//! tests inject their own clock.

pub mod memory;
pub mod privacy;
pub mod redis_kv;
pub mod sled_kv;
pub mod time;

use crate::core::Context;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The schema this build writes. A store written by a newer build is refused; older ones are
/// migrated in [`Store::open`].
pub const SCHEMA_VERSION: u32 = 1;

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
    /// Every pair of a tree, in key order.
    fn scan(&self, tree: &str) -> Result<Vec<(Vec<u8>, Vec<u8>)>>;
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
}

const META: &str = "meta";
const CONTEXTS: &str = "contexts";
const TURNS: &str = "turns";
/// Answer id → the key of its turn in `turns`.
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

/// A delivery waiting for its answer, as kept in the store.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pending {
    pub channel: String,
    pub id: String,
    pub at: u64,
    /// The delivery, as the channel serialised it.
    pub payload: String,
}

/// How long a delivery id is remembered: far longer than any platform retries.
pub const DELIVERY_TTL: u64 = time::DAY;

/// One question and what the bot answered, as kept for curators and statistics.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Turn {
    /// Short id the channel shows with 👍/👎 buttons.
    pub answer_id: String,
    pub at: u64,
    /// "telegram", "zalo-bot", "zalo-oa", "cli"…
    pub channel: String,
    /// Keyed hash of the user (never the id itself).
    pub user: String,
    /// The question as typed; erased after the retention period.
    pub question: Option<String>,
    /// The question reduced to its folded words, for grouping.
    pub normalised: String,
    pub intent: String,
    pub answered: bool,
    pub low_confidence: bool,
    pub cited: Vec<String>,
    /// The suggestions offered with the answer (questions of the knowledge base, not user text),
    /// so a button can ask them later.
    #[serde(default)]
    pub suggestions: Vec<String>,
}

/// 👍 or 👎 on an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Up,
    Down,
}

/// A verdict on one answer, with what the answer was.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Feedback {
    pub answer_id: String,
    pub at: u64,
    pub user: String,
    pub verdict: Verdict,
    pub question: Option<String>,
    pub intent: String,
    pub cited: Vec<String>,
}

/// Free text sent to the curators.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comment {
    pub at: u64,
    pub user: String,
    pub channel: String,
    pub text: Option<String>,
}

/// A stored conversation context and when it was last used.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct StoredContext {
    at: u64,
    context: Context,
}

/// Questions the bot could not answer (or answered with low confidence), grouped.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnansweredGroup {
    pub normalised: String,
    pub count: usize,
    pub first_seen: u64,
    pub last_seen: u64,
    /// Up to a few of the questions as typed (those still within retention).
    pub examples: Vec<String>,
    pub channels: Vec<String>,
    /// True when every question of the group was declined (not merely low confidence).
    pub declined: bool,
}

/// Usage figures for `hoidap stats`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Stats {
    pub questions: usize,
    pub answered: usize,
    /// (day "YYYY-MM-DD", channel) → questions.
    pub per_day_channel: BTreeMap<String, BTreeMap<String, usize>>,
    pub intents: Vec<(String, usize)>,
    pub cited: Vec<(String, usize)>,
    pub feedback_up: usize,
    pub feedback_down: usize,
    pub comments: usize,
    /// Questions declined.
    pub unanswered: usize,
    /// Questions answered with low confidence (also in the unanswered log).
    pub low_confidence: usize,
}

impl Stats {
    pub fn answer_rate(&self) -> f64 {
        if self.questions == 0 { 0.0 } else { self.answered as f64 / self.questions as f64 }
    }
}

/// One line of `hoidap export`: every kind of record, tagged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Record {
    Turn(Turn),
    Feedback(Feedback),
    Comment(Comment),
    Context { user: String, at: u64, context: Context },
}

/// The store: domain operations over a [`Kv`].
pub struct Store {
    kv: Box<dyn Kv>,
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

/// A comment's key: its time, then a hash of its content (so an import does not duplicate it).
fn comment_key(c: &Comment) -> Vec<u8> {
    time_key(c.at, &privacy::keyed_hash(b"comment", &json_string(c)))
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

impl Store {
    /// Opens the store over `kv`: checks the schema version (migrating older ones), and loads
    /// the user-hash secret — `salt` when given (e.g. from `HOIDAP_ID_SALT`), else the one kept
    /// in the store, generated on first start.
    pub fn open(kv: Box<dyn Kv>, path: &str, salt: Option<&str>) -> Result<Store> {
        let version = kv.get(META, b"schema")?.map(|v| parse::<u32>(META, &v)).transpose()?;
        match version {
            Some(v) if v > SCHEMA_VERSION => {
                return Err(StoreError::TooNew { path: path.to_owned(), found: v, supported: SCHEMA_VERSION });
            }
            Some(v) if v == SCHEMA_VERSION => {}
            // A new store, or one from an older schema: migrations go here, oldest first.
            _ => kv.put(META, b"schema", &json(&SCHEMA_VERSION))?,
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
        Ok(Store {
            kv,
            salt,
            context_ttl: DEFAULT_CONTEXT_TTL,
            retention_days: DEFAULT_RETENTION_DAYS,
            memory_only: None,
        })
    }

    /// The keyed hash a user key ("telegram:42", "cli:lan") is stored under.
    pub fn user_hash(&self, key: &str) -> String {
        privacy::keyed_hash(&self.salt, key)
    }

    /// The context of a user's conversation, unless it expired.
    pub fn context(&self, user: &str, now: u64) -> Result<Context> {
        let Some(bytes) = self.kv.get(CONTEXTS, user.as_bytes())? else { return Ok(Context::default()) };
        let stored: StoredContext = parse(CONTEXTS, &bytes)?;
        Ok(if now.saturating_sub(stored.at) > self.context_ttl { Context::default() } else { stored.context })
    }

    pub fn set_context(&self, user: &str, context: &Context, now: u64) -> Result<()> {
        let stored = json(&StoredContext { at: now, context: context.clone() });
        self.kv.put_expiring(CONTEXTS, user.as_bytes(), &stored, self.context_ttl)
    }

    /// A new answer id: unique in this store even under concurrent callers, and with a random
    /// part so ids imported from another store do not collide with new ones.
    pub fn next_answer_id(&self) -> Result<String> {
        let n = self.kv.next_id()?;
        let mut salt = [0u8; 3];
        getrandom::fill(&mut salt).map_err(StoreError::Random)?;
        Ok(format!("a{n:x}{}", hex::encode(salt)))
    }

    /// Records a turn. Declined and low-confidence turns are flushed before this returns, so a
    /// curator never loses them (call it before sending the reply).
    pub fn record(&self, turn: &Turn) -> Result<()> {
        let key = time_key(turn.at, &turn.answer_id);
        self.kv.put(TURNS, &key, &json(turn))?;
        self.kv.put(ANSWERS, turn.answer_id.as_bytes(), &key)?;
        if !turn.answered || turn.low_confidence { self.kv.flush() } else { Ok(()) }
    }

    /// The turn an answer id belongs to.
    pub fn turn(&self, answer_id: &str) -> Result<Option<Turn>> {
        let Some(key) = self.kv.get(ANSWERS, answer_id.as_bytes())? else { return Ok(None) };
        self.kv.get(TURNS, &key)?.map(|v| parse(TURNS, &v)).transpose()
    }

    /// Stores a verdict (one per user and answer: the latest wins), flushed.
    pub fn feedback(&self, feedback: &Feedback) -> Result<()> {
        let key = format!("{}:{}", feedback.answer_id, feedback.user);
        self.kv.put(FEEDBACK, key.as_bytes(), &json(feedback))?;
        self.kv.flush()
    }

    /// Stores a comment for the curators, flushed.
    pub fn comment(&self, comment: &Comment) -> Result<()> {
        self.kv.put(COMMENTS, &comment_key(comment), &json(comment))?;
        self.kv.flush()
    }

    fn turns(&self) -> Result<Vec<Turn>> {
        self.kv.scan(TURNS)?.iter().map(|(_, v)| parse(TURNS, v)).collect()
    }

    fn feedbacks(&self) -> Result<Vec<Feedback>> {
        self.kv.scan(FEEDBACK)?.iter().map(|(_, v)| parse(FEEDBACK, v)).collect()
    }

    fn comments(&self) -> Result<Vec<Comment>> {
        self.kv.scan(COMMENTS)?.iter().map(|(_, v)| parse(COMMENTS, v)).collect()
    }

    /// Questions declined or answered with low confidence since `since`, grouped by their
    /// normalised form, most frequent first (ties: most recent first, then alphabetical).
    pub fn unanswered(&self, since: u64) -> Result<Vec<UnansweredGroup>> {
        /// Questions shown per group.
        const EXAMPLES: usize = 3;
        let mut groups: BTreeMap<String, UnansweredGroup> = BTreeMap::new();
        // Turns past retention have no text left to group by.
        let kept = |t: &Turn| !t.normalised.is_empty();
        for t in self.turns()?.into_iter().filter(|t| t.at >= since && (!t.answered || t.low_confidence) && kept(t)) {
            let g = groups.entry(t.normalised.clone()).or_insert_with(|| UnansweredGroup {
                normalised: t.normalised.clone(),
                count: 0,
                first_seen: t.at,
                last_seen: t.at,
                examples: Vec::new(),
                channels: Vec::new(),
                declined: true,
            });
            g.count += 1;
            g.first_seen = g.first_seen.min(t.at);
            g.last_seen = g.last_seen.max(t.at);
            g.declined &= !t.answered;
            if let Some(q) = t.question {
                if g.examples.len() < EXAMPLES && !g.examples.contains(&q) {
                    g.examples.push(q);
                }
            }
            if !g.channels.contains(&t.channel) {
                g.channels.push(t.channel);
            }
        }
        let mut list: Vec<UnansweredGroup> = groups.into_values().collect();
        list.sort_by(|a, b| {
            b.count.cmp(&a.count).then(b.last_seen.cmp(&a.last_seen)).then(a.normalised.cmp(&b.normalised))
        });
        Ok(list)
    }

    /// Usage since `since`.
    pub fn stats(&self, since: u64) -> Result<Stats> {
        /// Intents and entries listed.
        const TOP: usize = 10;
        let mut s = Stats::default();
        let mut intents: BTreeMap<String, usize> = BTreeMap::new();
        let mut cited: BTreeMap<String, usize> = BTreeMap::new();
        for t in self.turns()?.into_iter().filter(|t| t.at >= since) {
            s.questions += 1;
            s.answered += usize::from(t.answered);
            s.unanswered += usize::from(!t.answered);
            s.low_confidence += usize::from(t.answered && t.low_confidence);
            *s.per_day_channel.entry(time::day(t.at)).or_default().entry(t.channel).or_default() += 1;
            *intents.entry(t.intent).or_default() += 1;
            for c in t.cited {
                *cited.entry(c).or_default() += 1;
            }
        }
        for f in self.feedbacks()?.into_iter().filter(|f| f.at >= since) {
            match f.verdict {
                Verdict::Up => s.feedback_up += 1,
                Verdict::Down => s.feedback_down += 1,
            }
        }
        s.comments = self.comments()?.into_iter().filter(|c| c.at >= since).count();
        let top = |m: BTreeMap<String, usize>| {
            let mut v: Vec<(String, usize)> = m.into_iter().collect();
            v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            v.truncate(TOP);
            v
        };
        s.intents = top(intents);
        s.cited = top(cited);
        Ok(s)
    }

    /// Erases everything kept about one user (by hash): context, turns, feedback, comments.
    /// Returns how many records went.
    pub fn forget(&self, user: &str) -> Result<usize> {
        let mut gone = 0;
        if self.kv.get(CONTEXTS, user.as_bytes())?.is_some() {
            self.kv.delete(CONTEXTS, user.as_bytes())?;
            gone += 1;
        }
        for tree in [TURNS, FEEDBACK, COMMENTS] {
            for (k, v) in self.kv.scan(tree)? {
                let value: serde_json::Value = parse(tree, &v)?;
                if value.get("user").and_then(|u| u.as_str()) == Some(user) {
                    if let Some(id) = value.get("answer_id").and_then(|a| a.as_str()).filter(|_| tree == TURNS) {
                        self.kv.delete(ANSWERS, id.as_bytes())?;
                    }
                    self.kv.delete(tree, &k)?;
                    gone += 1;
                }
            }
        }
        self.kv.flush()?;
        Ok(gone)
    }

    /// Applies retention at `now`: message text older than the retention period is erased
    /// (the turn's figures stay for statistics), expired contexts are removed. Returns how many
    /// records changed.
    pub fn purge(&self, now: u64) -> Result<usize> {
        let cutoff = now.saturating_sub(self.retention_days.saturating_mul(time::DAY));
        let mut changed = 0;
        for (k, v) in self.kv.scan(TURNS)? {
            let mut t: Turn = parse(TURNS, &v)?;
            // The question and its normalised form are both its text: both go.
            if t.at < cutoff && (t.question.is_some() || !t.normalised.is_empty()) {
                t.question = None;
                t.normalised.clear();
                self.kv.put(TURNS, &k, &json(&t))?;
                changed += 1;
            }
        }
        for (k, v) in self.kv.scan(FEEDBACK)? {
            let mut f: Feedback = parse(FEEDBACK, &v)?;
            if f.at < cutoff && f.question.is_some() {
                f.question = None;
                self.kv.put(FEEDBACK, &k, &json(&f))?;
                changed += 1;
            }
        }
        for (k, v) in self.kv.scan(COMMENTS)? {
            let c: Comment = parse(COMMENTS, &v)?;
            if c.at < cutoff {
                self.kv.delete(COMMENTS, &k)?;
                changed += 1;
            }
        }
        for (k, v) in self.kv.scan(CONTEXTS)? {
            let c: StoredContext = parse(CONTEXTS, &v)?;
            if now.saturating_sub(c.at) > self.context_ttl {
                self.kv.delete(CONTEXTS, &k)?;
                changed += 1;
            }
        }
        // Engines without expiry keep these until here (Redis expires them itself).
        self.expire(DELIVERIES, now, |v| parse(DELIVERIES, v))?;
        self.expire(PENDING, now, |v| parse::<Pending>(PENDING, v).map(|p| p.at))?;
        self.expire(CLAIMS, now, |v| parse(CLAIMS, v))?;
        self.kv.flush()?;
        Ok(changed)
    }

    /// Deletes the records of `tree` noted (`at` reads when) more than [`DELIVERY_TTL`] before `now`.
    fn expire(&self, tree: &'static str, now: u64, at: impl Fn(&[u8]) -> Result<u64>) -> Result<()> {
        for (k, v) in self.kv.scan(tree)? {
            if now.saturating_sub(at(&v)?) > DELIVERY_TTL {
                self.kv.delete(tree, &k)?;
            }
        }
        Ok(())
    }

    /// Notes a webhook delivery; false when the same message was delivered before (a retry).
    pub fn first_delivery(&self, channel: &str, message_id: &str, now: u64) -> Result<bool> {
        self.kv.insert_new_expiring(DELIVERIES, format!("{channel}:{message_id}").as_bytes(), &json(&now), DELIVERY_TTL)
    }

    /// Keeps a delivery that was acknowledged and is not answered yet (at most a day).
    pub fn pending_put(&self, pending: &Pending) -> Result<()> {
        let key = format!("{}:{}", pending.channel, pending.id);
        self.kv.put_expiring(PENDING, key.as_bytes(), &json(pending), DELIVERY_TTL)
    }

    /// Drops a delivery from the pending ones: it was answered (or found to be a retry).
    pub fn pending_done(&self, channel: &str, id: &str) -> Result<()> {
        self.kv.delete(PENDING, format!("{channel}:{id}").as_bytes())
    }

    /// Pending deliveries acknowledged more than `older_than` seconds before `now` that this
    /// caller claimed (each claim is taken by one caller, for `older_than` seconds): their
    /// replica died, or this process crashed, before answering them.
    pub fn claim_stale(&self, now: u64, older_than: u64) -> Result<Vec<Pending>> {
        let mut claimed = Vec::new();
        for (key, value) in self.kv.scan(PENDING)? {
            let pending: Pending = parse(PENDING, &value)?;
            if now.saturating_sub(pending.at) >= older_than && self.claim(&key, now, older_than)? {
                claimed.push(pending);
            }
        }
        Ok(claimed)
    }

    /// Takes the claim on a pending delivery: a new one (atomic), or one left by a caller that
    /// did not finish within `ttl` seconds (engines without expiry keep claims until purged).
    fn claim(&self, key: &[u8], now: u64, ttl: u64) -> Result<bool> {
        if self.kv.insert_new_expiring(CLAIMS, key, &json(&now), ttl.max(1))? {
            return Ok(true);
        }
        let taken: Option<u64> = self.kv.get(CLAIMS, key)?.map(|v| parse(CLAIMS, &v)).transpose()?;
        if taken.is_some_and(|at| now.saturating_sub(at) >= ttl) {
            self.kv.put_expiring(CLAIMS, key, &json(&now), ttl.max(1))?;
            return Ok(true);
        }
        Ok(false)
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

    /// Every record, for `hoidap export`.
    pub fn export(&self) -> Result<Vec<Record>> {
        let mut out: Vec<Record> = self.turns()?.into_iter().map(Record::Turn).collect();
        out.extend(self.feedbacks()?.into_iter().map(Record::Feedback));
        out.extend(self.comments()?.into_iter().map(Record::Comment));
        for (k, v) in self.kv.scan(CONTEXTS)? {
            let c: StoredContext = parse(CONTEXTS, &v)?;
            out.push(Record::Context { user: String::from_utf8_lossy(&k).into_owned(), at: c.at, context: c.context });
        }
        Ok(out)
    }

    /// Adds one exported record (an import of the same record twice keeps one copy).
    pub fn import(&self, record: &Record) -> Result<()> {
        match record {
            Record::Turn(t) => {
                let key = time_key(t.at, &t.answer_id);
                self.kv.put(TURNS, &key, &json(t))?;
                self.kv.put(ANSWERS, t.answer_id.as_bytes(), &key)
            }
            Record::Feedback(f) => self.kv.put(FEEDBACK, format!("{}:{}", f.answer_id, f.user).as_bytes(), &json(f)),
            Record::Comment(c) => self.kv.put(COMMENTS, &comment_key(c), &json(c)),
            Record::Context { user, at, context } => {
                self.kv.put(CONTEXTS, user.as_bytes(), &json(&StoredContext { at: *at, context: context.clone() }))
            }
        }
    }

    pub fn flush(&self) -> Result<()> {
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
