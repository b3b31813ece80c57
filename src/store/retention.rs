//! What the store lets go of: everything about one user on request ("forget me"), and on
//! `purge` every record past the retention period (leaving only anonymous daily figures),
//! expired contexts and stale delivery records. Both walk the store a batch at a time, so the
//! bot answers while they run.

use super::context::StoredContext;
use super::stats::Daily;
use super::{
    BY_USER, CLAIMS, COMMENTS, CONTEXTS, Comment, DELIVERIES, DELIVERY_TTL, FEEDBACK, Result, Store, key_time, parse,
    time, user_key,
};
use std::collections::BTreeMap;
use std::ops::ControlFlow;

impl Store {
    /// Erases everything kept about one user (by hash): context, turns, their verdicts and
    /// comments, deliveries of theirs not answered yet, and what others said about their
    /// answers (a verdict carries the question). Returns how many records went.
    pub fn forget(&self, user: &str) -> Result<usize> {
        if user.is_empty() {
            return Ok(0);
        }
        let mut gone = 0;
        for turn in self.turns.forget(user)? {
            gone += 1 + self.drop_feedback_on(&turn.answer_id)?;
        }
        if self.kv.get(CONTEXTS, user.as_bytes())?.is_some() {
            self.kv.delete(CONTEXTS, user.as_bytes())?;
            gone += 1;
        }
        let prefix = format!("{user}/").into_bytes();
        self.walk_prefix(BY_USER, &prefix, |k, _| {
            let (kind, key) = (k.get(prefix.len()).copied(), k.get(prefix.len() + 2..).unwrap_or_default());
            match kind {
                Some(b'c') => gone += usize::from(self.drop_comment(key)?.is_some()),
                Some(b'f') => gone += usize::from(self.drop_feedback(key)?.is_some()),
                Some(b'p') => gone += usize::from(self.drop_pending(key)?),
                // Turns went first, with their entries (kept by an older build, at most).
                _ => {}
            }
            self.kv.delete(BY_USER, k)
        })?;
        self.kv.flush()?;
        Ok(gone)
    }

    /// Deletes every verdict on an answer; how many went.
    fn drop_feedback_on(&self, answer_id: &str) -> Result<usize> {
        let mut gone = 0;
        self.walk_prefix(FEEDBACK, format!("{answer_id}:").as_bytes(), |k, _| {
            gone += usize::from(self.drop_feedback(k)?.is_some());
            Ok(())
        })?;
        Ok(gone)
    }

    /// Applies retention at `now`: turns, verdicts and comments older than the retention period
    /// are deleted (their figures stay, per day, for statistics), expired contexts and delivery
    /// records are removed. Returns how many records went. Records are read a batch at a time
    /// and each batch is deleted with one [`Kv::delete_many`](super::Kv::delete_many) per tree;
    /// expired contexts one [`Kv::delete_if`](super::Kv::delete_if) each, so that one refreshed
    /// since it was read stays.
    pub fn purge(&self, now: u64) -> Result<usize> {
        let cutoff = now.saturating_sub(self.retention_days.saturating_mul(time::DAY));
        let mut gone = 0;
        // Turns and comments are keyed by time: only the expired ones are read.
        gone += self.turns.drop_before(cutoff, &mut |turns| {
            let mut days: BTreeMap<String, Daily> = BTreeMap::new();
            for t in turns {
                days.entry(time::day(t.at)).or_default().add_turn(t);
            }
            self.add_daily(&days)
        })?;
        gone += self.purge_comments(cutoff)?;
        // Verdicts are keyed by answer: every one is read, a batch at a time.
        let mut days: BTreeMap<String, Daily> = BTreeMap::new();
        let mut expired = Vec::new();
        self.each_feedback(|k, f| {
            if f.at < cutoff {
                days.entry(time::day(f.at)).or_default().add_verdict(&f);
                expired.push((k.to_vec(), f.user));
            }
            Ok(())
        })?;
        self.add_daily(&days)?;
        for chunk in expired.chunks(super::BATCH) {
            let mut doomed = Doomed::default();
            for (key, user) in chunk {
                doomed.user(user, 'f', key);
                doomed.records.push(key.clone());
            }
            gone += doomed.delete(self, FEEDBACK)?;
        }
        // An expired context goes only if it is still the one read: one the user refreshed
        // meanwhile (an answer writes it again) is kept.
        self.walk(CONTEXTS, b"", |k, v| {
            let c: StoredContext = parse(CONTEXTS, v)?;
            if now.saturating_sub(c.at) > self.context_ttl {
                gone += usize::from(self.kv.delete_if(CONTEXTS, k, v)?);
            }
            Ok(ControlFlow::Continue(()))
        })?;
        // Engines without expiry keep these until here (Redis expires them itself).
        self.expire(DELIVERIES, now)?;
        self.expire(CLAIMS, now)?;
        self.expire_pending(now)?;
        self.kv.flush()?;
        Ok(gone)
    }

    /// Deletes the comments older than `cutoff`, oldest first, a batch at a time; how many
    /// went. Each batch's figures are added to the daily ones before its records are deleted (a
    /// crash in between counts a batch twice, never loses it).
    fn purge_comments(&self, cutoff: u64) -> Result<usize> {
        let mut gone = 0;
        loop {
            // Each batch starts at the oldest record left: the previous one was deleted.
            let batch = self.kv.scan_range(COMMENTS, b"", super::BATCH)?;
            let expired: Vec<&(Vec<u8>, Vec<u8>)> = batch.iter().take_while(|(k, _)| key_time(k) < cutoff).collect();
            let mut days: BTreeMap<String, Daily> = BTreeMap::new();
            let mut doomed = Doomed::default();
            for (k, v) in &expired {
                let comment: Comment = parse(COMMENTS, v)?;
                days.entry(time::day(key_time(k))).or_default().comments += 1;
                doomed.user(&comment.user, 'c', k);
                doomed.records.push(k.clone());
            }
            self.add_daily(&days)?;
            gone += doomed.delete(self, COMMENTS)?;
            if expired.len() < super::BATCH {
                return Ok(gone);
            }
        }
    }

    /// Deletes the records of `tree` (each holding when it was noted) noted more than
    /// [`DELIVERY_TTL`] before `now`.
    fn expire(&self, tree: &'static str, now: u64) -> Result<()> {
        let mut doomed = Doomed::default();
        self.walk(tree, b"", |k, v| {
            let at: u64 = parse(tree, v)?;
            if now.saturating_sub(at) > DELIVERY_TTL {
                doomed.records.push(k.to_vec());
                if doomed.records.len() >= super::BATCH {
                    std::mem::take(&mut doomed).delete(self, tree)?;
                }
            }
            Ok(ControlFlow::Continue(()))
        })?;
        doomed.delete(self, tree).map(drop)
    }
}

/// One batch of records retention deletes from a tree, with their entries in the per-user
/// index.
#[derive(Default)]
struct Doomed {
    records: Vec<Vec<u8>>,
    by_user: Vec<Vec<u8>>,
}

impl Doomed {
    /// Notes the per-user index entry of the record `key` of kind `kind` (none when anonymous).
    fn user(&mut self, user: &str, kind: char, key: &[u8]) {
        if !user.is_empty() {
            self.by_user.push(user_key(user, kind, key));
        }
    }

    /// Deletes the index entries, then the records of `tree` (so a crash between leaves a
    /// record the next pass deletes, never an index entry pointing nowhere); how many records.
    fn delete(self, store: &Store, tree: &str) -> Result<usize> {
        for (index, keys) in [(BY_USER, &self.by_user), (tree, &self.records)] {
            if !keys.is_empty() {
                store.kv.delete_many(index, keys)?;
            }
        }
        Ok(self.records.len())
    }
}
