//! Conversation context per user: kept between messages, forgotten after `context_ttl` seconds
//! of silence.

use super::{CONTEXTS, Result, Store, json, parse};
use crate::core::Context;
use serde::{Deserialize, Serialize};

/// A stored conversation context and when it was last used.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(super) struct StoredContext {
    pub(super) at: u64,
    pub(super) context: Context,
}

impl Store {
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
}
