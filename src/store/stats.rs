//! Usage figures for `hoidap stats`, computed from the turns, verdicts and comments kept.

use super::{Result, Store, Verdict, time};
use serde::Serialize;
use std::collections::BTreeMap;

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

impl Store {
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
}
