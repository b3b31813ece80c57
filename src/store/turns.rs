//! The record of every turn (a question and what the bot answered), looked up by answer id, and
//! the unanswered log built from it.

use super::{Result, Store, StoreError};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

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

/// The first letter of an answer id that starts with the time of its turn (schema 3); ids of
/// schema 2 start with `a` and are found through the answer index.
const TIMED: char = 't';

/// The time an answer id of schema 3 and later names: its turn is kept under
/// `time_key(at, id)` (or in the day file of `at`).
pub(super) fn answer_time(answer_id: &str) -> Option<u64> {
    let hex = answer_id.strip_prefix(TIMED)?.get(..8)?;
    u32::from_str_radix(hex, 16).ok().map(u64::from)
}

/// Whether a turn's id names its key, so that it needs no entry in the answer index.
pub(super) fn locates(turn: &Turn) -> bool {
    answer_time(&turn.answer_id) == Some(turn.at)
}

impl Store {
    /// A new answer id for a turn at `at`: unique in this store even under concurrent callers,
    /// with a random part so ids imported from another store do not collide with new ones, and
    /// starting with `at` so that it locates its turn with no index ([`answer_time`]).
    pub fn next_answer_id(&self, at: u64) -> Result<String> {
        let n = self.kv.next_id()?;
        let mut salt = [0u8; 3];
        getrandom::fill(&mut salt).map_err(StoreError::Random)?;
        Ok(match u32::try_from(at) {
            Ok(at) => format!("{TIMED}{at:08x}{n:x}{}", hex::encode(salt)),
            // Past 2106: an indexed id.
            Err(_) => format!("a{n:x}{}", hex::encode(salt)),
        })
    }

    /// Records a turn. Declined and low-confidence turns are flushed before this returns, so a
    /// curator never loses them (call it before sending the reply).
    pub fn record(&self, turn: &Turn) -> Result<()> {
        self.turns.append(turn, !turn.answered || turn.low_confidence)
    }

    /// The turn an answer id belongs to.
    pub fn turn(&self, answer_id: &str) -> Result<Option<Turn>> {
        self.turns.get(answer_id)
    }

    /// Calls `visit` on every turn from `since` on, oldest first, a batch at a time.
    pub(super) fn each_turn(&self, since: u64, mut visit: impl FnMut(Turn) -> Result<()>) -> Result<()> {
        self.turns.each(since, &mut visit)
    }

    /// Questions declined or answered with low confidence since `since`, grouped by their
    /// normalised form, most frequent first (ties: most recent first, then alphabetical).
    pub fn unanswered(&self, since: u64) -> Result<Vec<UnansweredGroup>> {
        /// Questions shown per group.
        const EXAMPLES: usize = 3;
        let mut groups: BTreeMap<String, UnansweredGroup> = BTreeMap::new();
        // Turns past retention have no text left to group by.
        let kept = |t: &Turn| !t.normalised.is_empty();
        self.each_turn(since, |t| {
            if (t.answered && !t.low_confidence) || !kept(&t) {
                return Ok(());
            }
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
            Ok(())
        })?;
        let mut list: Vec<UnansweredGroup> = groups.into_values().collect();
        list.sort_by(|a, b| {
            b.count.cmp(&a.count).then(b.last_seen.cmp(&a.last_seen)).then(a.normalised.cmp(&b.normalised))
        });
        Ok(list)
    }
}
