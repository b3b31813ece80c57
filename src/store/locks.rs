//! Locks shared by every process on one store (replicas on one Redis): a holder takes a lock for
//! a bounded time, so one that dies frees it when the time runs out.

use super::{META, Result, Store};

fn lock_key(name: &str) -> String {
    format!("lock:{name}")
}

impl Store {
    /// Takes the lock `name` for `holder` (a name unique to the process) for at most `ttl`
    /// seconds; false while another process holds it. On a store no other process shares, the
    /// caller's own in-process exclusion is enough: always true.
    pub fn try_lock(&self, name: &str, holder: &str, ttl: u64) -> Result<bool> {
        if !self.kv.shared() {
            return Ok(true);
        }
        self.kv.insert_new_expiring(META, lock_key(name).as_bytes(), holder.as_bytes(), ttl)
    }

    /// Lets go of the lock `name` if `holder` still holds it (its time may have run out and
    /// another process taken it since).
    pub fn unlock(&self, name: &str, holder: &str) -> Result<()> {
        if !self.kv.shared() {
            return Ok(());
        }
        let key = lock_key(name);
        if self.kv.get(META, key.as_bytes())?.as_deref() == Some(holder.as_bytes()) {
            self.kv.delete(META, key.as_bytes())?;
        }
        Ok(())
    }
}
