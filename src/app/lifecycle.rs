//! What every long-running command does around answering: stop on SIGINT or SIGTERM, and apply
//! the retention period while it runs.

use super::{State, now};
use std::sync::Arc;
use std::time::Duration;

/// Resolves on SIGINT (Ctrl-C) or SIGTERM. Both are listened for from the call on (not from the
/// future's first poll): a signal sent once the command has said it runs always stops it
/// gracefully. Call it inside the runtime.
pub fn stop_signal() -> impl std::future::Future<Output = ()> {
    use tokio::signal::unix::{SignalKind, signal};
    let term = signal(SignalKind::terminate());
    let interrupt = signal(SignalKind::interrupt());
    async move {
        match (term, interrupt) {
            (Ok(mut term), Ok(mut interrupt)) => {
                tokio::select! {
                    _ = term.recv() => {}
                    _ = interrupt.recv() => {}
                }
            }
            (term, interrupt) => {
                let e = term.err().or(interrupt.err()).map(|e| e.to_string()).unwrap_or_default();
                tracing::warn!("cannot listen for SIGTERM or SIGINT ({e}); stopping on Ctrl-C only");
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
}

/// How often a running command applies the retention period.
const PURGE_EVERY: Duration = Duration::from_secs(60 * 60);

/// Applies the retention period now and then every [`PURGE_EVERY`] while a long-running command
/// (`who`) runs; abort the handle to stop it.
pub fn spawn_retention(state: Arc<State>, who: &'static str) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(PURGE_EVERY);
        loop {
            every.tick().await;
            // A thread of its own, not the blocking pool (one thread per core): a long pass
            // (a year of records the first time) leaves every pooled thread to the answers.
            let (done, result) = tokio::sync::oneshot::channel();
            let state = state.clone();
            let started = std::thread::Builder::new().name("retention".into()).spawn(move || {
                let _ = done.send(state.store.purge(now()));
            });
            if let Err(e) = started {
                tracing::warn!(command = who, "cannot start the retention pass: {e}");
                continue;
            }
            match result.await {
                Ok(Ok(0)) => {}
                Ok(Ok(n)) => tracing::info!(command = who, "retention erased {n} record(s)"),
                Ok(Err(e)) => tracing::warn!(command = who, "retention purge failed: {e}"),
                Err(_) => tracing::warn!(command = who, "retention purge stopped (its thread panicked)"),
            }
        }
    })
}
