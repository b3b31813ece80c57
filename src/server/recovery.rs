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

/// Takes over, every few seconds, deliveries acknowledged long ago and never answered, and dates
/// anew the records of those this process holds (so that no replica takes over a delivery
/// waiting in a long lane here). Abort the handle to stop.
pub fn spawn_recovery(server: Arc<Server>) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let after = server.recover_after.as_secs().max(1);
        // Dated anew well before they could be taken for stale.
        let refresh = (server.recover_after / 3).clamp(Duration::from_millis(100), RECOVER_EVERY);
        let mut every = tokio::time::interval(RECOVER_EVERY);
        let mut refreshing = tokio::time::interval(refresh);
        loop {
            tokio::select! {
                _ = refreshing.tick() => keep_fresh(&server, refresh.as_secs()).await,
                _ = every.tick() => {
                    keep_fresh(&server, refresh.as_secs()).await;
                    recover(&server, after).await;
                }
            }
        }
    })
}

/// Writes back the records of the deliveries this process holds, dated now (not those answered
/// in the meantime: [`Server::write_back`]).
async fn keep_fresh(server: &Arc<Server>, older_than: u64) {
    let records = server.refreshed_in_flight(now(), older_than);
    if records.is_empty() {
        return;
    }
    // Written back only while still held: one answered meanwhile stays dropped.
    let held = server.clone();
    let kept = tokio::task::spawn_blocking(move || held.write_back(&records)).await;
    if let Err(e) = kept.map_err(|e| e.to_string()).and_then(|done| done.map_err(|e| e.to_string())) {
        tracing::warn!("cannot date anew the deliveries waiting here: {e}");
    }
}

/// Claims the deliveries left unanswered `after` seconds and queues those this process does not
/// hold (their turn comes, they are read again before answering).
pub(super) async fn recover(server: &Arc<Server>, after: u64) {
    let claimed = match with_store(server, move |store| store.claim_stale(now(), after)).await {
        Ok(claimed) => claimed,
        Err(e) => {
            tracing::warn!("cannot look for unanswered deliveries: {e}");
            return;
        }
    };
    for pending in claimed {
        if server.is_in_flight(&pending.channel, &pending.id) {
            continue; // waiting in a lane here, or being answered
        }
        match serde_json::from_str::<Delivery>(&pending.payload) {
            Ok(delivery) => {
                tracing::warn!("answering a {} delivery left unanswered for {after} s", pending.channel);
                server.shared.metrics.error(delivery.channel(), "recovered");
                server.enqueue(pending, delivery, true);
            }
            Err(e) => tracing::warn!("an unreadable pending {} delivery was skipped: {e}", pending.channel),
        }
    }
}
