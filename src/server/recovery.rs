//! Taking over deliveries acknowledged long ago and never answered: their replica died, or this
//! process crashed, in between. Each is claimed in the store (one replica wins) and answered in
//! its lane.

use super::lanes::Delivery;
use super::{Server, with_store};
use crate::app::now;
use std::sync::Arc;
use std::time::Duration;

/// The default of [`Server::recovering_after`].
/// Longer than the longest an answer can take (four sends of up to 15 s each, and the pauses).
pub const RECOVER_AFTER: Duration = Duration::from_secs(120);
/// How often the store is searched for deliveries to take over.
const RECOVER_EVERY: Duration = Duration::from_secs(5);

/// Takes over, every few seconds, deliveries acknowledged long ago and never answered. Abort the
/// handle to stop.
pub fn spawn_recovery(server: Arc<Server>) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(RECOVER_EVERY);
        loop {
            every.tick().await;
            let after = server.recover_after.as_secs();
            let claimed = match with_store(&server, move |store| store.claim_stale(now(), after)).await {
                Ok(claimed) => claimed,
                Err(e) => {
                    tracing::warn!("cannot look for unanswered deliveries: {e}");
                    continue;
                }
            };
            for pending in claimed {
                match serde_json::from_str::<Delivery>(&pending.payload) {
                    Ok(delivery) => {
                        tracing::warn!("answering a {} delivery left unanswered for {after} s", pending.channel);
                        server.shared.metrics.error(delivery.channel(), "recovered");
                        server.enqueue(pending.id, delivery, true);
                    }
                    Err(e) => tracing::warn!("an unreadable pending {} delivery was skipped: {e}", pending.channel),
                }
            }
        }
    })
}
