//! Webhook deliveries: ids seen (so a retried delivery is answered once), deliveries
//! acknowledged but not answered yet, and the claims by which one replica answers each of those
//! left behind by a replica that died.

use super::{CLAIMS, DELIVERIES, PENDING, Result, Store, json, parse, time};
use serde::{Deserialize, Serialize};

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
}

impl Store {
    /// Notes a webhook delivery; false when the same message was delivered before (a retry).
    pub fn first_delivery(&self, channel: &str, message_id: &str, now: u64) -> Result<bool> {
        self.kv.insert_new_expiring(DELIVERIES, format!("{channel}:{message_id}").as_bytes(), &json(&now), DELIVERY_TTL)
    }

    /// Keeps a delivery that was acknowledged and is not answered yet (at most a day).
    pub fn pending_put(&self, pending: &Pending) -> Result<()> {
        let key = format!("{}:{}", pending.channel, pending.id);
        self.kv.put_expiring(PENDING, key.as_bytes(), &json(pending), DELIVERY_TTL)
    }

    /// A pending delivery as kept now; `None` once answered.
    pub fn pending_get(&self, channel: &str, id: &str) -> Result<Option<Pending>> {
        let value = self.kv.get(PENDING, format!("{channel}:{id}").as_bytes())?;
        value.map(|v| parse(PENDING, &v)).transpose()
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
}
