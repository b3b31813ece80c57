//! Usage figures for `hoidap stats`, computed from the turns, verdicts and comments kept and
//! from the anonymous daily figures retention leaves of the records it deleted.

use super::{DAILY, Feedback, Result, Store, Turn, Verdict, json, parse, time};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::ops::ControlFlow;

/// Usage figures for `hoidap stats`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Stats {
    pub questions: usize,
    pub answered: usize,
    /// (day "YYYY-MM-DD", channel) → questions.
    pub per_day_channel: BTreeMap<String, BTreeMap<String, usize>>,
    /// Day "YYYY-MM-DD" → questions answered.
    pub per_day_answered: BTreeMap<String, usize>,
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

/// The figures of one day: what retention keeps of the records it deletes. Nothing in it
/// belongs to a user (no hash, no text): channels, intents and cited entries are the bot's own
/// names.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Daily {
    pub questions: usize,
    pub answered: usize,
    pub unanswered: usize,
    pub low_confidence: usize,
    /// Channel → questions.
    pub channels: BTreeMap<String, usize>,
    pub intents: BTreeMap<String, usize>,
    pub cited: BTreeMap<String, usize>,
    pub feedback_up: usize,
    pub feedback_down: usize,
    pub comments: usize,
}

impl Daily {
    pub(super) fn add_turn(&mut self, t: &Turn) {
        self.questions += 1;
        self.answered += usize::from(t.answered);
        self.unanswered += usize::from(!t.answered);
        self.low_confidence += usize::from(t.answered && t.low_confidence);
        *self.channels.entry(t.channel.clone()).or_default() += 1;
        *self.intents.entry(t.intent.clone()).or_default() += 1;
        for c in &t.cited {
            *self.cited.entry(c.clone()).or_default() += 1;
        }
    }

    pub(super) fn add_verdict(&mut self, f: &Feedback) {
        match f.verdict {
            Verdict::Up => self.feedback_up += 1,
            Verdict::Down => self.feedback_down += 1,
        }
    }

    fn merge(&mut self, other: &Daily) {
        self.questions += other.questions;
        self.answered += other.answered;
        self.unanswered += other.unanswered;
        self.low_confidence += other.low_confidence;
        for (into, from) in [
            (&mut self.channels, &other.channels),
            (&mut self.intents, &other.intents),
            (&mut self.cited, &other.cited),
        ] {
            for (k, n) in from {
                *into.entry(k.clone()).or_default() += n;
            }
        }
        self.feedback_up += other.feedback_up;
        self.feedback_down += other.feedback_down;
        self.comments += other.comments;
    }
}

impl Store {
    /// Adds figures to the kept daily ones (retention calls it before deleting the records
    /// they count).
    pub(super) fn add_daily(&self, days: &BTreeMap<String, Daily>) -> Result<()> {
        for (day, counts) in days {
            let mut kept: Daily =
                self.kv.get(DAILY, day.as_bytes())?.map(|v| parse(DAILY, &v)).transpose()?.unwrap_or_default();
            kept.merge(counts);
            self.kv.put(DAILY, day.as_bytes(), &json(&kept))?;
        }
        Ok(())
    }

    /// Calls `visit` on the daily figures of every day from `since`'s on, oldest first.
    pub(super) fn each_daily(&self, since: u64, mut visit: impl FnMut(String, Daily) -> Result<()>) -> Result<()> {
        self.walk(DAILY, time::day(since).as_bytes(), |k, v| {
            visit(String::from_utf8_lossy(k).into_owned(), parse(DAILY, v)?).map(|()| ControlFlow::Continue(()))
        })
    }

    /// Usage since `since` (figures retention kept count by whole days).
    pub fn stats(&self, since: u64) -> Result<Stats> {
        /// Intents and entries listed.
        const TOP: usize = 10;
        let mut s = Stats::default();
        let mut total = Daily::default();
        self.each_daily(since, |day, d| {
            for (channel, n) in &d.channels {
                *s.per_day_channel.entry(day.clone()).or_default().entry(channel.clone()).or_default() += n;
            }
            if d.questions > 0 {
                *s.per_day_answered.entry(day.clone()).or_default() += d.answered;
            }
            total.merge(&d);
            Ok(())
        })?;
        self.each_turn(since, |t| {
            *s.per_day_channel.entry(time::day(t.at)).or_default().entry(t.channel.clone()).or_default() += 1;
            *s.per_day_answered.entry(time::day(t.at)).or_default() += usize::from(t.answered);
            total.add_turn(&t);
            Ok(())
        })?;
        self.each_feedback(|_, f| {
            if f.at >= since {
                total.add_verdict(&f);
            }
            Ok(())
        })?;
        self.each_comment(since, |_| {
            total.comments += 1;
            Ok(())
        })?;
        let top = |m: BTreeMap<String, usize>| {
            let mut v: Vec<(String, usize)> = m.into_iter().collect();
            v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            v.truncate(TOP);
            v
        };
        s.questions = total.questions;
        s.answered = total.answered;
        s.unanswered = total.unanswered;
        s.low_confidence = total.low_confidence;
        s.feedback_up = total.feedback_up;
        s.feedback_down = total.feedback_down;
        s.comments = total.comments;
        s.intents = top(total.intents);
        s.cited = top(total.cited);
        Ok(s)
    }
}
