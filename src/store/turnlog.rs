//! Where the turns are kept: the [`TurnLog`] trait, and its implementation over a [`Kv`] (memory
//! and Redis, whose replicas share their turns; see `dayfiles.rs` for sled's day files).

use super::turns::locates;
use super::{ANSWERS, BATCH, BY_USER, Kv, Result, TURNS, Turn, json, key_time, parse, time_key, user_key, walk};
use std::ops::ControlFlow;
use std::sync::Arc;

/// The record of every turn: an append-only log, read by answer id or in time order, that
/// forgets a user and lets go of what is past retention.
pub(super) trait TurnLog: Send + Sync {
    /// Keeps a turn; when `durable`, on disk before this returns.
    fn append(&self, turn: &Turn, durable: bool) -> Result<()>;
    /// [`TurnLog::append`] for a turn from `hoidap import` (or a migration): one already kept
    /// under its answer id is not added twice.
    fn import(&self, turn: &Turn) -> Result<()>;
    /// The turn of an answer id.
    fn get(&self, answer_id: &str) -> Result<Option<Turn>>;
    /// Calls `visit` on every turn from `since` on, oldest first (ties by answer id).
    fn each(&self, since: u64, visit: &mut dyn FnMut(Turn) -> Result<()>) -> Result<()>;
    /// Deletes every turn of `user` (a hash); the turns deleted.
    fn forget(&self, user: &str) -> Result<Vec<Turn>>;
    /// Deletes the turns before `cutoff`, handing each batch to `count` first (a crash between
    /// counts a batch twice, never loses it); how many went.
    fn drop_before(&self, cutoff: u64, count: &mut dyn FnMut(&[Turn]) -> Result<()>) -> Result<usize>;
    /// Makes every turn appended so far durable.
    fn flush(&self) -> Result<()>;
}

/// Turns as records of the [`TURNS`] tree, under [`time_key`]`(at, answer id)`, indexed by
/// user (for "forget me") and, when the id does not name its time, by answer id.
pub(super) struct KvTurns {
    pub(super) kv: Arc<dyn Kv>,
}

impl KvTurns {
    fn put(&self, turn: &Turn) -> Result<()> {
        let key = time_key(turn.at, &turn.answer_id);
        self.kv.put(TURNS, &key, &json(turn))?;
        if !locates(turn) {
            self.kv.put(ANSWERS, turn.answer_id.as_bytes(), &key)?;
        }
        if !turn.user.is_empty() {
            self.kv.put(BY_USER, &user_key(&turn.user, 't', &key), b"")?;
        }
        Ok(())
    }
}

impl TurnLog for KvTurns {
    fn append(&self, turn: &Turn, durable: bool) -> Result<()> {
        self.put(turn)?;
        if durable { self.kv.flush() } else { Ok(()) }
    }

    /// A record is kept once under its key: writing it again changes nothing.
    fn import(&self, turn: &Turn) -> Result<()> {
        self.put(turn)
    }

    /// Read at the key its id names, else (ids that do not name it) through the answer index.
    fn get(&self, answer_id: &str) -> Result<Option<Turn>> {
        if let Some(at) = super::turns::answer_time(answer_id) {
            if let Some(v) = self.kv.get(TURNS, &time_key(at, answer_id))? {
                return parse(TURNS, &v).map(Some);
            }
        }
        let Some(key) = self.kv.get(ANSWERS, answer_id.as_bytes())? else { return Ok(None) };
        self.kv.get(TURNS, &key)?.map(|v| parse(TURNS, &v)).transpose()
    }

    fn each(&self, since: u64, visit: &mut dyn FnMut(Turn) -> Result<()>) -> Result<()> {
        walk(&*self.kv, TURNS, &time_key(since, ""), &mut |_, v| {
            visit(parse(TURNS, v)?).map(|()| ControlFlow::Continue(()))
        })
    }

    /// Reads only the user's range of the per-user index.
    fn forget(&self, user: &str) -> Result<Vec<Turn>> {
        let prefix = format!("{user}/t/").into_bytes();
        let mut gone = Vec::new();
        walk(&*self.kv, BY_USER, &prefix, &mut |k, _| {
            if !k.starts_with(&prefix) {
                return Ok(ControlFlow::Break(()));
            }
            let key = &k[prefix.len()..];
            if let Some(value) = self.kv.get(TURNS, key)? {
                let turn: Turn = parse(TURNS, &value)?;
                if !locates(&turn) {
                    self.kv.delete(ANSWERS, turn.answer_id.as_bytes())?;
                }
                self.kv.delete(TURNS, key)?;
                gone.push(turn);
            }
            self.kv.delete(BY_USER, k).map(|()| ControlFlow::Continue(()))
        })?;
        Ok(gone)
    }

    /// Oldest first, a batch at a time: each batch is deleted with one
    /// [`Kv::delete_many`] per tree, index entries first (a crash between leaves a record the
    /// next pass deletes, never an index entry pointing nowhere).
    fn drop_before(&self, cutoff: u64, count: &mut dyn FnMut(&[Turn]) -> Result<()>) -> Result<usize> {
        let mut gone = 0;
        loop {
            // Each batch starts at the oldest record left: the previous one was deleted.
            let batch = self.kv.scan_range(TURNS, b"", BATCH)?;
            let expired: Vec<&(Vec<u8>, Vec<u8>)> = batch.iter().take_while(|(k, _)| key_time(k) < cutoff).collect();
            let turns = expired.iter().map(|(_, v)| parse(TURNS, v)).collect::<Result<Vec<Turn>>>()?;
            count(&turns)?;
            let (mut by_user, mut answers) = (Vec::new(), Vec::new());
            for ((key, _), turn) in expired.iter().zip(&turns) {
                if !turn.user.is_empty() {
                    by_user.push(user_key(&turn.user, 't', key));
                }
                if !locates(turn) {
                    answers.push(turn.answer_id.clone().into_bytes());
                }
            }
            let records: Vec<Vec<u8>> = expired.iter().map(|(k, _)| k.clone()).collect();
            for (tree, keys) in [(BY_USER, &by_user), (ANSWERS, &answers), (TURNS, &records)] {
                if !keys.is_empty() {
                    self.kv.delete_many(tree, keys)?;
                }
            }
            gone += records.len();
            if expired.len() < BATCH {
                return Ok(gone);
            }
        }
    }

    fn flush(&self) -> Result<()> {
        self.kv.flush()
    }
}
