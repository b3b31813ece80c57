//! The ordered lanes acknowledged deliveries are answered in. A delivery is kept in the store
//! before it is queued (so another replica can answer it if this one dies), noted by id when its
//! turn comes (a retried delivery is answered once), answered through its channel, then dropped
//! from the pending ones.

use super::{Server, with_store};
use crate::app::now;
use crate::telegram;
use crate::zalo::{self, Inbound, Outlet, Platform};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use teloxide::types::Update;
use tokio::sync::mpsc;
use tokio_util::task::task_tracker::TaskTrackerToken;

/// Deliveries are answered in this many ordered lanes. A conversation always takes the same
/// lane, so its messages are answered one after another (a follow-up sees the context of the
/// question before it; replies do not interleave), while the work in progress, and its memory,
/// stays bounded however many deliveries arrive at once (BENCHMARKS.md).
pub const LANES: usize = 32;
/// Deliveries a lane holds before new ones are refused with 503 (the platform delivers them
/// again later).
pub const LANE_QUEUE: usize = 256;

/// An acknowledged delivery waiting in its lane.
pub(super) struct Job {
    delivery: Delivery,
    /// The delivery id, noted in the store before answering (a retry is answered once).
    id: String,
    /// Taken over from a replica that died (or a crash): answered though its id was noted.
    recovered: bool,
    /// Counts the job as background work until it is answered ([`Server::drain`]).
    _in_flight: TaskTrackerToken,
}

/// A delivery this process has queued or is answering.
pub(super) struct Held {
    /// Its record as kept in the store.
    pub(super) pending: crate::store::Pending,
    /// Taken over by recovery: its record keeps the date it was claimed with.
    recovered: bool,
    /// Answered (or found to be a retry, or failed): its record is dropped and must never be
    /// written back.
    done: bool,
}

/// A delivery as it is kept in the store until answered.
#[derive(Serialize, Deserialize)]
pub(super) enum Delivery {
    Telegram(Box<Update>),
    Zalo(Platform, Inbound),
}

impl Delivery {
    pub(super) fn channel(&self) -> &'static str {
        match self {
            Delivery::Telegram(_) => telegram::CHANNEL,
            Delivery::Zalo(platform, _) => platform.channel(),
        }
    }

    /// Who sent it (the channel's own id), so that "forget me" can drop it while it waits.
    fn sender(&self) -> Option<String> {
        match self {
            Delivery::Telegram(update) => update
                .from()
                .map(|u| u.id.0)
                .or_else(|| update.chat().map(|c| c.id.0.unsigned_abs()))
                .map(|id| id.to_string()),
            Delivery::Zalo(
                _,
                Inbound::Text { user, .. } | Inbound::NotText { user, .. } | Inbound::Follow { user, .. },
            ) => Some(user.clone()),
            Delivery::Zalo(_, Inbound::Ignore) => None,
        }
    }

    /// The conversation, which picks the lane.
    fn chat(&self) -> String {
        match self {
            Delivery::Telegram(update) => update.chat().map(|c| c.id.0.to_string()).unwrap_or_default(),
            Delivery::Zalo(_, inbound) => inbound.chat().to_owned(),
        }
    }
}

impl Server {
    /// Keeps an authenticated delivery in the store, then queues it in the lane of its
    /// conversation; false when that lane is full (the platform delivers it again later).
    /// Kept first, so that if this process dies before answering, another replica (or this one,
    /// restarted) answers it.
    pub(super) async fn keep_and_queue(self: &Arc<Self>, id: String, delivery: Delivery) -> bool {
        let channel = delivery.channel();
        let payload = serde_json::to_string(&delivery).expect("deliveries serialize");
        // The sender's keyed hash, so that "forget me" drops it while it waits (no I/O).
        let user = delivery.sender().map(|s| crate::service::user(&self.shared.store, channel, &s)).unwrap_or_default();
        let pending = crate::store::Pending { channel: channel.to_owned(), id: id.clone(), at: now(), payload, user };
        let kept = pending.clone();
        if let Err(e) = with_store(self, move |store| store.pending_put(&kept)).await {
            // Answering matters more: it is answered now, just not recoverable.
            tracing::warn!("cannot keep a {channel} delivery until it is answered: {e}");
        }
        if self.enqueue(pending, delivery, false) {
            return true;
        }
        let _ = with_store(self, move |store| store.pending_done(channel, &id)).await;
        false
    }

    /// Queues a delivery in the lane of its conversation; false when that lane is full. A
    /// delivery already queued or being answered here is not queued again (true: it will be
    /// answered).
    pub(super) fn enqueue(
        self: &Arc<Self>,
        pending: crate::store::Pending,
        delivery: Delivery,
        recovered: bool,
    ) -> bool {
        let lanes = self.lanes.get_or_init(|| (0..LANES).map(|_| lane(self.clone())).collect());
        let (channel, chat) = (delivery.channel(), delivery.chat());
        let key = in_flight_key(channel, &pending.id);
        let id = pending.id.clone();
        {
            let mut in_flight = self.in_flight.lock().unwrap_or_else(|p| p.into_inner());
            if in_flight.contains_key(&key) {
                return true;
            }
            in_flight.insert(key.clone(), Held { pending, recovered, done: false });
        }
        let job = Job { delivery, id, recovered, _in_flight: self.background.token() };
        match lanes[lane_of(channel, &chat)].try_send(job) {
            Ok(()) => true,
            Err(_) => {
                self.in_flight.lock().unwrap_or_else(|p| p.into_inner()).remove(&key);
                self.shared.metrics.error(channel, "queue-full");
                tracing::warn!("the {channel} queue is full: a delivery was refused with 503");
                false
            }
        }
    }

    /// Whether this process has the delivery queued or is answering it.
    pub(super) fn is_in_flight(&self, channel: &str, id: &str) -> bool {
        self.in_flight.lock().unwrap_or_else(|p| p.into_inner()).contains_key(&in_flight_key(channel, id))
    }

    /// The records of the deliveries this process holds that were kept more than `older_than`
    /// seconds before `now`, dated `now` (to be written back: no replica takes them over).
    pub(super) fn refreshed_in_flight(&self, now: u64, older_than: u64) -> Vec<crate::store::Pending> {
        let mut in_flight = self.in_flight.lock().unwrap_or_else(|p| p.into_inner());
        // Recovered ones keep the date they were claimed with: answering reads it again.
        let stale = in_flight
            .values_mut()
            .filter(|held| !held.recovered && !held.done && now.saturating_sub(held.pending.at) >= older_than);
        stale
            .map(|held| {
                held.pending.at = now;
                held.pending.clone()
            })
            .collect()
    }

    /// Writes back `records` (from [`Server::refreshed_in_flight`]) except those whose delivery
    /// was answered since: between reading them and writing them, a lane may have answered one
    /// and dropped its record, which must not come back (it would be recovered, and answered
    /// twice). On a blocking thread.
    pub(super) fn write_back(&self, records: &[crate::store::Pending]) -> crate::store::Result<()> {
        let _writing = self.refreshing.write().unwrap_or_else(|p| p.into_inner());
        for record in records {
            let held = {
                let in_flight = self.in_flight.lock().unwrap_or_else(|p| p.into_inner());
                in_flight.get(&in_flight_key(&record.channel, &record.id)).is_some_and(|h| !h.done)
            };
            if held {
                self.shared.store.pending_put(record)?;
            }
        }
        Ok(())
    }

    /// Marks a delivery held here done, then drops its record from the pending ones; with
    /// [`Server::write_back`], no record is written back once dropped. On a blocking thread.
    pub(super) fn finish_pending(&self, channel: &str, id: &str) -> crate::store::Result<()> {
        let _dropping = self.refreshing.read().unwrap_or_else(|p| p.into_inner());
        if let Some(held) =
            self.in_flight.lock().unwrap_or_else(|p| p.into_inner()).get_mut(&in_flight_key(channel, id))
        {
            held.done = true;
        }
        self.shared.store.pending_done(channel, id)
    }
}

fn in_flight_key(channel: &str, id: &str) -> String {
    format!("{channel}:{id}")
}

/// The lane of a conversation.
fn lane_of(channel: &str, chat: &str) -> usize {
    use std::hash::{Hash, Hasher};
    let mut hasher = rustc_hash::FxHasher::default();
    (channel, chat).hash(&mut hasher);
    (hasher.finish() % LANES as u64) as usize
}

/// Starts a lane: one task answering its deliveries in order, for as long as the server lives.
/// Nothing can cancel an answer between noting the delivery and sending the reply. Each
/// delivery is answered in a task of its own, awaited: a panic while answering one is logged
/// and counted, and the lane goes on with the next.
fn lane(server: Arc<Server>) -> mpsc::Sender<Job> {
    lane_answering(server, |server, job| async move { answer_job(&server, job).await })
}

/// [`lane`], answering each job with `answer`.
fn lane_answering<F, Fut>(server: Arc<Server>, answer: F) -> mpsc::Sender<Job>
where
    F: Fn(Arc<Server>, Job) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let (tx, mut rx) = mpsc::channel::<Job>(LANE_QUEUE);
    let weak = Arc::downgrade(&server);
    drop(server);
    tokio::spawn(async move {
        while let Some(job) = rx.recv().await {
            let Some(server) = weak.upgrade() else { break };
            let (channel, id) = (job.delivery.channel(), job.id.clone());
            let answering = tokio::spawn(answer(server.clone(), job));
            if let Err(e) = answering.await {
                server.shared.metrics.error(channel, "panic");
                tracing::error!("answering a {channel} delivery failed ({e}); the lane goes on");
                // It would fail again: dropped from the pending ones, not retried forever.
                if let Err(e) = finish(&server, channel, id.clone()).await {
                    tracing::warn!("cannot drop a failed {channel} delivery from the pending ones: {e}");
                }
            }
            server.in_flight.lock().unwrap_or_else(|p| p.into_inner()).remove(&in_flight_key(channel, &id));
        }
    });
    tx
}

/// Answers one delivery, unless it was answered before, then drops it from the pending ones. A
/// recovered one is first read again from the store: answered meanwhile (gone) or dated anew by
/// the replica that holds it (alive after all), it is left alone.
async fn answer_job(server: &Arc<Server>, job: Job) {
    let channel = job.delivery.channel();
    if job.recovered {
        let claimed = server
            .in_flight
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&in_flight_key(channel, &job.id))
            .map(|held| held.pending.at);
        let id = job.id.clone();
        match with_store(server, move |store| store.pending_get(channel, &id)).await {
            Ok(Some(pending)) if Some(pending.at) == claimed => {}
            // Answered meanwhile (gone), or its replica is alive and keeps it fresh.
            Ok(_) => return,
            Err(e) => {
                tracing::warn!("cannot read a recovered {channel} delivery again; left for later: {e}");
                return;
            }
        }
    }
    if job.recovered || first_delivery(server, channel, job.id.clone()).await {
        respond_to(server, job.delivery).await;
    }
    if let Err(e) = finish(server, channel, job.id).await {
        tracing::warn!("cannot drop an answered {channel} delivery from the pending ones: {e}");
    }
}

/// [`Server::finish_pending`] off the async workers.
async fn finish(server: &Arc<Server>, channel: &'static str, id: String) -> Result<(), String> {
    let server = server.clone();
    match tokio::task::spawn_blocking(move || server.finish_pending(channel, &id)).await {
        Ok(done) => done.map_err(|e| e.to_string()),
        Err(e) => Err(e.to_string()),
    }
}

/// Notes a delivery in the store; false when it was delivered before (a retry).
async fn first_delivery(server: &Arc<Server>, channel: &'static str, id: String) -> bool {
    match with_store(server, move |store| store.first_delivery(channel, &id, now())).await {
        Ok(first) => first,
        // Better to risk answering a retry twice than to never answer.
        Err(e) => {
            tracing::warn!("cannot note a {channel} delivery: {e}");
            true
        }
    }
}

/// Answers a delivery through its channel (one this server has configured).
async fn respond_to(server: &Arc<Server>, delivery: Delivery) {
    let channels = &server.channels;
    match delivery {
        Delivery::Telegram(update) => {
            let Some(hook) = channels.telegram.as_ref() else { return };
            telegram::answer_update(*update, &hook.bot, &server.shared, &hook.me).await;
        }
        Delivery::Zalo(platform, inbound) => {
            let outlet = match (platform, &channels.zalo_bot, &channels.zalo_oa) {
                (Platform::Bot, Some(hook), _) => Outlet::Bot(hook),
                (Platform::Oa, _, Some(hook)) => Outlet::Oa(hook),
                _ => return,
            };
            zalo::respond(&server.shared, outlet, inbound).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server() -> Arc<Server> {
        let kv = Box::new(crate::store::memory::MemoryKv::new());
        let store = crate::store::Store::open(kv, "memory", Some("test")).unwrap();
        let state = crate::app::State::new(crate::knowledge::load::load(None).unwrap(), store, 30, String::new());
        Arc::new(Server::new(Arc::new(state), Default::default()))
    }

    fn job(server: &Server, id: &str) -> Job {
        let inbound = Inbound::Text { message_id: id.into(), user: "u".into(), chat: "c".into(), text: "?".into() };
        Job {
            delivery: Delivery::Zalo(Platform::Oa, inbound),
            id: id.into(),
            recovered: false,
            _in_flight: server.background.token(),
        }
    }

    #[tokio::test]
    async fn a_panic_while_answering_one_delivery_leaves_its_lane_answering_the_next() {
        let server = server();
        let answered = Arc::new(std::sync::Mutex::new(Vec::new()));
        let seen = answered.clone();
        let lane = lane_answering(server.clone(), move |_, job| {
            let seen = seen.clone();
            async move {
                assert_ne!(job.id, "boom", "a bug while answering");
                seen.lock().unwrap().push(job.id);
            }
        });
        for id in ["first", "boom", "after"] {
            lane.send(job(&server, id)).await.unwrap();
        }
        // Every job holds a token of the background tracker until its lane is done with it. The
        // bound only ends a failing run: printing the panic's backtrace (RUST_BACKTRACE=1) in a
        // debug build on a loaded machine has taken over 10 s.
        assert!(server.drain(std::time::Duration::from_secs(60)).await, "the lane went on");
        assert_eq!(*answered.lock().unwrap(), ["first", "after"]);
        let metrics = server.shared.metrics.render(false);
        assert!(metrics.contains(r#"hoidap_errors_total{channel="zalo-oa",kind="panic"} 1"#), "{metrics}");
    }

    /// A lane backlog older than the recovery delay: recovery finds every delivery pending and
    /// stale in the store, yet takes over none of those this process holds, and their records
    /// are dated anew for other replicas.
    #[tokio::test]
    async fn deliveries_waiting_in_a_long_lane_are_never_taken_over() {
        let server = server();
        let (release, gate) = tokio::sync::watch::channel(false);
        let answered = Arc::new(std::sync::Mutex::new(Vec::new()));
        let seen = answered.clone();
        let lane = lane_answering(server.clone(), move |_, job| {
            let (seen, mut gate) = (seen.clone(), gate.clone());
            async move {
                let _ = gate.wait_for(|open| *open).await;
                seen.lock().unwrap().push(job.id);
            }
        });
        let long_ago = now() - 3600;
        for n in 0..5 {
            let id = format!("m{n}");
            let pending = crate::store::Pending {
                channel: "zalo-oa".into(),
                id: id.clone(),
                at: long_ago,
                payload: "{}".into(),
                user: String::new(),
            };
            server.shared.store.pending_put(&pending).unwrap();
            let held = Held { pending, recovered: false, done: false };
            server.in_flight.lock().unwrap().insert(in_flight_key("zalo-oa", &id), held);
            lane.send(job(&server, &id)).await.unwrap();
        }
        // Recovery runs while they wait: all five are stale in the store, none is taken over.
        super::super::recovery::recover(&server, 60).await;
        for n in 0..5 {
            assert!(server.is_in_flight("zalo-oa", &format!("m{n}")), "held here: recovery skips it");
        }
        let fresh = server.refreshed_in_flight(now(), 60);
        assert_eq!(fresh.len(), 5, "all dated anew");
        assert!(fresh.iter().all(|p| p.at >= now() - 1));
        let _ = release.send(true);
        assert!(server.drain(std::time::Duration::from_secs(10)).await);
        let mut got = answered.lock().unwrap().clone();
        got.sort();
        assert_eq!(got, ["m0", "m1", "m2", "m3", "m4"], "each answered once");
        assert!(!server.is_in_flight("zalo-oa", "m0"), "released once answered");
    }

    /// Recovery reads the records to date anew, a lane answers one of those deliveries and drops
    /// its record, then recovery writes them back: the answered one must stay gone (else it is
    /// taken for stale later and answered a second time), the others are dated anew.
    #[test]
    fn a_record_answered_while_being_dated_anew_is_not_written_back() {
        let server = server();
        let store = &server.shared.store;
        let long_ago = now() - 3600;
        for id in ["answered", "waiting"] {
            let pending = crate::store::Pending {
                channel: "zalo-oa".into(),
                id: id.into(),
                at: long_ago,
                payload: "{}".into(),
                user: String::new(),
            };
            store.pending_put(&pending).unwrap();
            let held = Held { pending, recovered: false, done: false };
            server.in_flight.lock().unwrap().insert(in_flight_key("zalo-oa", id), held);
        }
        let records = server.refreshed_in_flight(now(), 60);
        assert_eq!(records.len(), 2);
        server.finish_pending("zalo-oa", "answered").unwrap();
        server.write_back(&records).unwrap();
        assert_eq!(store.pending_get("zalo-oa", "answered").unwrap(), None, "an answered record came back");
        let waiting = store.pending_get("zalo-oa", "waiting").unwrap().expect("still pending");
        assert!(waiting.at >= now() - 1, "dated anew");
        assert!(store.claim_stale(now(), 60).unwrap().is_empty(), "nothing for recovery to take over");
        // Once released by its lane, a delivery's record is no longer written back either.
        server.in_flight.lock().unwrap().remove(&in_flight_key("zalo-oa", "waiting"));
        server.finish_pending("zalo-oa", "waiting").unwrap();
        server.write_back(&records).unwrap();
        assert_eq!(store.pending_get("zalo-oa", "waiting").unwrap(), None);
    }

    #[test]
    fn a_pending_delivery_reads_back_as_it_was_kept() {
        let update = r#"{"update_id": 7, "message": {"message_id": 1, "date": 0,
            "chat": {"id": 42, "type": "private", "first_name": "Lan"}, "from": {"id": 42, "is_bot": false, "first_name": "Lan"},
            "text": "Sở Tài chính làm gì?"}}"#;
        let kept = serde_json::to_string(&Delivery::Telegram(Box::new(serde_json::from_str(update).unwrap()))).unwrap();
        let Ok(Delivery::Telegram(back)) = serde_json::from_str::<Delivery>(&kept) else { panic!("{kept}") };
        assert_eq!((back.id.0, back.chat().map(|c| c.id.0)), (7, Some(42)));
        let inbound =
            Inbound::Text {
                message_id: "m".into(), user: "u".into(), chat: "c".into(), text: "Sở Nội vụ?".into()
            };
        let kept = serde_json::to_string(&Delivery::Zalo(Platform::Oa, inbound.clone())).unwrap();
        // The stored form a running version wrote before the Zalo code moved still reads back.
        assert!(kept.starts_with(r#"{"Zalo":["Oa",{"Text":"#), "{kept}");
        let Ok(Delivery::Zalo(Platform::Oa, back)) = serde_json::from_str::<Delivery>(&kept) else { panic!("{kept}") };
        assert_eq!(back, inbound);
    }
}
