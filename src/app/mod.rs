//! The state every channel shares (Telegram, Zalo, HTTP): the engine, the store, the per-user
//! rate limit and the metrics, with the clock and the steps each channel takes the same way
//! (count a message against the limit, answer it, keep running until a stop signal).

mod lifecycle;
mod rate_limit;

pub use lifecycle::{spawn_retention, stop_signal};
pub use rate_limit::{Admit, RateLimit, by_count};

use crate::core::{Answer, Context, Engine};
use crate::metrics::Metrics;
use crate::service;
use crate::store::Store;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Unix seconds now: the clock every channel and command records with (the store and the
/// core take the time as an argument, so tests inject theirs).
pub fn now() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0)
}

/// Unix milliseconds now (the Zalo platforms date events in them).
pub fn now_millis() -> u64 {
    let since = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
    since.map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX)).unwrap_or(0)
}

/// What every channel's handlers share.
pub struct State {
    pub engine: Engine,
    pub store: Store,
    pub limit: RateLimit,
    /// What `GET /metrics` reports, for every channel.
    pub metrics: Metrics,
    /// The Telegram bot's @username, to notice mentions in groups ("" elsewhere).
    pub username: String,
}

/// An answer, and the id of the turn it was recorded as (`None` when the store failed and the
/// answer went out without memory).
pub struct Answered {
    pub answer: Answer,
    pub answer_id: Option<String>,
}

impl State {
    /// The shared state of the channels: at most `per_minute` messages a user in any minute.
    pub fn new(knowledge: crate::knowledge::Knowledge, store: Store, per_minute: usize, username: String) -> Self {
        let limit = RateLimit::new(per_minute, Duration::from_secs(60));
        State { engine: Engine::new(knowledge), store, limit, metrics: Default::default(), username }
    }

    /// Counts a message of `user` (e.g. "telegram:42") against the per-user limit. On a store
    /// shared by replicas the count is the store's, in fixed windows, so the limit holds across
    /// replicas; otherwise (or while the shared store cannot be reached) this process counts.
    pub async fn admit(self: &Arc<Self>, user: String) -> Admit {
        if self.store.shared() {
            let (state, key) = (self.clone(), user.clone());
            let window = self.limit.window.as_secs();
            let counted = tokio::task::spawn_blocking(move || state.store.count_message(&key, now(), window)).await;
            match counted {
                Ok(Ok(Some(n))) => return by_count(n, self.limit.max as u64),
                Ok(Err(e)) => tracing::warn!("cannot count a message in the shared store: {e}"),
                _ => {}
            }
        }
        use std::hash::{Hash, Hasher};
        let mut hasher = rustc_hash::FxHasher::default();
        user.hash(&mut hasher);
        self.limit.admit(hasher.finish(), Instant::now())
    }

    /// Runs a store call off the async workers: a store that hangs (Redis cut off) stalls a
    /// blocking thread, never a worker other tasks are waiting on. A panic in `call` is the
    /// store's failure.
    pub async fn with_store<T: Send + 'static>(
        self: &Arc<Self>,
        call: impl FnOnce(&Store) -> crate::store::Result<T> + Send + 'static,
    ) -> crate::store::Result<T> {
        let state = self.clone();
        match tokio::task::spawn_blocking(move || call(&state.store)).await {
            Ok(done) => done,
            Err(e) => Err(crate::store::StoreError::Engine(Box::new(e))),
        }
    }

    /// Answers `question` from the user `id` of `channel` (`None`: an asker outside any
    /// conversation) through the conversation service, off the async workers, and counts it.
    /// When the store fails the answer still goes out, without memory.
    pub async fn answer(
        self: &Arc<Self>,
        channel: &'static str,
        id: Option<String>,
        question: String,
    ) -> Result<Answered, tokio::task::JoinError> {
        let state = self.clone();
        tokio::task::spawn_blocking(move || state.answer_now(channel, id.as_deref(), &question)).await
    }

    /// [`State::answer`] on the calling thread (it writes to the store).
    pub(crate) fn answer_now(&self, channel: &'static str, id: Option<&str>, question: &str) -> Answered {
        let (engine, store, started) = (&self.engine, &self.store, Instant::now());
        let recorded = match id {
            Some(id) => service::answer(engine, store, channel, &service::user(store, channel, id), question, now()),
            None => service::answer_once(engine, store, channel, question, now()),
        };
        let answered = match recorded {
            Ok(reply) => Answered { answer: reply.answer, answer_id: Some(reply.turn.answer_id) },
            Err(e) => {
                tracing::warn!("store error, answering without memory: {e}");
                self.metrics.error(channel, "store");
                Answered { answer: engine.answer(question, &Context::default()), answer_id: None }
            }
        };
        self.metrics.answer(channel, answered.answer.answered, started.elapsed());
        answered
    }
}
