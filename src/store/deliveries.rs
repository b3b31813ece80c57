//! Webhook deliveries: ids seen (so a retried delivery is answered once), deliveries
//! acknowledged but not answered yet, and the claims by which one replica answers each of those
//! left behind by a replica that died. Delivery ids are kept only as keyed hashes: some carry a
//! user's id (a Zalo follow event's id names the follower).

use super::{BY_USER, CLAIMS, DELIVERIES, PENDING, PENDING_AT, Result, Store, json, key_time, parse, time, time_key};
use serde::{Deserialize, Serialize};
use std::ops::ControlFlow;

/// How long a delivery id is remembered: far longer than any platform retries.
pub const DELIVERY_TTL: u64 = time::DAY;

/// A delivery waiting for its answer, as kept in the store.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pending {
    pub channel: String,
    pub id: String,
    pub at: u64,
    /// The delivery, as the channel serialised it.
    pub payload: String,
    /// The keyed hash of the sender ([`Store::user_hash`]), so that "forget me" drops what
    /// they sent before it was answered; empty when the delivery has no sender.
    #[serde(default)]
    pub user: String,
}

impl Store {
    /// The key a delivery is kept under: the channel, then a keyed hash of its id.
    pub(super) fn delivery_key(&self, channel: &str, id: &str) -> Vec<u8> {
        format!("{channel}:{}", self.user_hash(&format!("delivery:{channel}:{id}"))).into_bytes()
    }

    /// Notes a webhook delivery; false when the same message was delivered before (a retry).
    pub fn first_delivery(&self, channel: &str, message_id: &str, now: u64) -> Result<bool> {
        self.kv.insert_new_expiring(DELIVERIES, &self.delivery_key(channel, message_id), &json(&now), DELIVERY_TTL)
    }

    /// Keeps a delivery that was acknowledged and is not answered yet (at most a day).
    pub fn pending_put(&self, pending: &Pending) -> Result<()> {
        let key = self.delivery_key(&pending.channel, &pending.id);
        // Dated anew (a lane holding it for long): its entry under the old date goes.
        if let Some(old) = self.kv.get(PENDING, &key)? {
            let old: Pending = parse(PENDING, &old)?;
            if old.at != pending.at {
                self.kv.delete(PENDING_AT, &time_key_bytes(old.at, &key))?;
            }
        }
        self.kv.put_expiring(PENDING, &key, &json(pending), DELIVERY_TTL)?;
        self.kv.put_expiring(PENDING_AT, &time_key_bytes(pending.at, &key), &key, DELIVERY_TTL)?;
        if !pending.user.is_empty() {
            self.kv.put_expiring(BY_USER, &super::user_key(&pending.user, 'p', &key), b"", DELIVERY_TTL)?;
        }
        Ok(())
    }

    /// A pending delivery as kept now; `None` once answered.
    pub fn pending_get(&self, channel: &str, id: &str) -> Result<Option<Pending>> {
        let value = self.kv.get(PENDING, &self.delivery_key(channel, id))?;
        value.map(|v| parse(PENDING, &v)).transpose()
    }

    /// Drops a delivery from the pending ones: it was answered (or found to be a retry).
    pub fn pending_done(&self, channel: &str, id: &str) -> Result<()> {
        self.drop_pending(&self.delivery_key(channel, id)).map(|_| ())
    }

    /// Deletes the pending delivery kept under `key` and its index entries; true when there
    /// was one.
    pub(super) fn drop_pending(&self, key: &[u8]) -> Result<bool> {
        let Some(value) = self.kv.get(PENDING, key)? else { return Ok(false) };
        let pending: Pending = parse(PENDING, &value)?;
        self.kv.delete(PENDING_AT, &time_key_bytes(pending.at, key))?;
        self.unindex_user(&pending.user, 'p', key)?;
        self.kv.delete(PENDING, key)?;
        Ok(true)
    }

    /// Pending deliveries acknowledged more than `older_than` seconds before `now` that this
    /// caller claimed (each claim is taken by one caller, for `older_than` seconds): their
    /// replica died, or this process crashed, before answering them. Reads the pending ones
    /// oldest first and stops at the first that is not stale.
    pub fn claim_stale(&self, now: u64, older_than: u64) -> Result<Vec<Pending>> {
        let mut claimed = Vec::new();
        self.walk(PENDING_AT, b"", |at_key, key| {
            if now.saturating_sub(key_time(at_key)) < older_than {
                return Ok(ControlFlow::Break(()));
            }
            match self.kv.get(PENDING, key)? {
                Some(value) => {
                    let pending: Pending = parse(PENDING, &value)?;
                    if pending.at != key_time(at_key) {
                        // Dated anew since: an entry left behind by a crash between two writes.
                        self.kv.delete(PENDING_AT, at_key)?;
                    } else if self.claim(key, now, older_than)? {
                        claimed.push(pending);
                    }
                }
                // Answered between the two reads, or an index entry left by a crash.
                None => self.kv.delete(PENDING_AT, at_key)?,
            }
            Ok(ControlFlow::Continue(()))
        })?;
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

    /// Deletes pending deliveries kept more than [`DELIVERY_TTL`] before `now` (engines without
    /// expiry), oldest first; how many went.
    pub(super) fn expire_pending(&self, now: u64) -> Result<usize> {
        let mut gone = 0;
        self.walk(PENDING_AT, b"", |at_key, key| {
            if now.saturating_sub(key_time(at_key)) <= DELIVERY_TTL {
                return Ok(ControlFlow::Break(()));
            }
            let kept: Option<Pending> = self.kv.get(PENDING, key)?.map(|v| parse(PENDING, &v)).transpose()?;
            // A record dated anew since is not due: only this stale entry goes.
            if kept.is_some_and(|p| p.at == key_time(at_key)) {
                gone += usize::from(self.drop_pending(key)?);
            }
            self.kv.delete(PENDING_AT, at_key)?;
            Ok(ControlFlow::Continue(()))
        })?;
        Ok(gone)
    }
}

/// A [`time_key`] over a byte suffix.
fn time_key_bytes(at: u64, suffix: &[u8]) -> Vec<u8> {
    let mut key = time_key(at, "");
    key.extend_from_slice(suffix);
    key
}
