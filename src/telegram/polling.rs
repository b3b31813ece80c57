//! `hoidap telegram`: long polling until SIGINT/SIGTERM, or until another instance polls with
//! the same token (Telegram answers 409 Conflict): then polling ends and the command exits
//! non-zero; nothing here ends the process. Updates are answered in ordered lanes by chat.

use super::{CHANNEL, Tg, register_commands, schema};
use crate::app::{State, spawn_retention, stop_signal};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use teloxide::prelude::*;
use teloxide::{ApiError, RequestError};
use tokio::sync::Notify;

/// The kinds of update the bot asks Telegram for (polling and webhook): the ones it answers.
/// Other kinds are never sent, which also keeps away updates teloxide 0.17 cannot read
/// (a `message_reaction` or `poll_answer` without its actor makes its parser panic).
pub fn allowed_updates() -> Vec<teloxide::types::AllowedUpdate> {
    use teloxide::types::AllowedUpdate;
    vec![AllowedUpdate::Message, AllowedUpdate::EditedMessage, AllowedUpdate::CallbackQuery]
}

/// The ordered lanes updates are answered in: one chat always takes the same lane, so its
/// messages are answered in order, while the number of workers (and their queues) stays bounded
/// however many chats write at once. teloxide's default, a worker per chat, held 1,000 queues
/// and doubled the peak memory under the load test (BENCHMARKS.md).
pub const LANES: i64 = 32;

fn lane(update: &Update) -> Option<i64> {
    update.chat().map(|c| c.id.0.rem_euclid(LANES))
}

/// How long replies in flight may take to finish when another instance takes over; then
/// polling is dropped unfinished.
const CONFLICT_GRACE: Duration = Duration::from_secs(5);

/// How polling ended.
#[derive(Debug, PartialEq, Eq)]
pub enum Ended {
    /// SIGINT or SIGTERM: replies in flight finished.
    Stopped,
    /// Another instance polls with the same token.
    Conflict,
}

/// Runs the bot with long polling until SIGINT/SIGTERM, or until another instance takes over.
pub async fn run(bot: Tg, state: Arc<State>) -> Ended {
    register_commands(&bot).await;
    let on_reply_error = {
        let state = state.clone();
        Arc::new(move |e: RequestError| {
            state.metrics.error(CHANNEL, "send");
            async move { tracing::warn!("a reply failed: {e}") }
        })
    };
    let mut dispatcher = Dispatcher::builder(bot.bot().clone(), schema())
        .dependencies(dptree::deps![state.clone(), bot.clone()])
        .distribution_function(lane)
        .default_handler(|_| async {})
        .error_handler(on_reply_error)
        .build();
    let token = dispatcher.shutdown_token();
    // SIGINT and SIGTERM: stop taking updates, let replies in flight finish.
    let stopping = {
        let token = token.clone();
        let stop = stop_signal();
        tokio::spawn(async move {
            stop.await;
            tracing::info!("stopping");
            // Before the dispatcher runs (it may still be registering), shutdown is refused:
            // ask again until it is accepted.
            loop {
                match token.shutdown() {
                    Ok(f) => break f.await,
                    Err(_idle) => tokio::time::sleep(Duration::from_millis(50)).await,
                }
            }
        })
    };
    let retention = spawn_retention(state.clone(), "telegram");
    let listener = teloxide::update_listeners::Polling::builder(bot.bot().clone())
        .timeout(Duration::from_secs(10))
        .allowed_updates(allowed_updates())
        .delete_webhook()
        .await
        .build();
    let (conflict, conflicted) = (Arc::new(AtomicBool::new(false)), Arc::new(Notify::new()));
    let on_listener_error = {
        let (conflict, conflicted) = (conflict.clone(), conflicted.clone());
        Arc::new(move |e: RequestError| {
            let (conflict, conflicted) = (conflict.clone(), conflicted.clone());
            async move {
                match e {
                    RequestError::Api(ApiError::TerminatedByOtherGetUpdates) => {
                        if conflict.swap(true, Ordering::SeqCst) {
                            // Already stopping; keep the retries of the polling loop slow.
                            tokio::time::sleep(Duration::from_millis(200)).await;
                            return;
                        }
                        tracing::error!("Telegram answered 409 Conflict to getUpdates; stopping polling");
                        conflicted.notify_one();
                    }
                    // Network errors: the polling loop retries with teloxide's exponential backoff
                    // (this pause adds a floor); the bot never crashes. Sends are retried by
                    // `Tg::send`.
                    other => {
                        tracing::warn!("polling error, retrying: {other}");
                        tokio::time::sleep(Duration::from_secs(1)).await;
                    }
                }
            }
        })
    };
    let polling = dispatcher.dispatch_with_listener(listener, on_listener_error);
    tokio::pin!(polling);
    tokio::select! {
        () = &mut polling => {}
        () = conflicted.notified() => {
            // Stop taking updates; replies in flight get a grace period, then polling (and
            // whatever it still runs) is dropped here: the caller flushes the store and exits.
            let _ = token.shutdown();
            if tokio::time::timeout(CONFLICT_GRACE, &mut polling).await.is_err() {
                tracing::warn!("replies still in flight after {CONFLICT_GRACE:?} were dropped");
            }
        }
    }
    stopping.abort();
    retention.abort();
    if conflict.load(Ordering::SeqCst) { Ended::Conflict } else { Ended::Stopped }
}
