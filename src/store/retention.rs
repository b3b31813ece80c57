//! What the store lets go of: everything about one user on request ("forget me"), and message
//! text past the retention period, expired contexts and stale delivery records on `purge`.

use super::context::StoredContext;
use super::{
    ANSWERS, CLAIMS, COMMENTS, CONTEXTS, Comment, DELIVERIES, DELIVERY_TTL, FEEDBACK, Feedback, PENDING, Pending,
    Result, Store, TURNS, Turn, json, parse, time,
};

impl Store {
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
}
