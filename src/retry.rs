//! Retrying a send that failed for a passing reason (the network, the platform's server), the
//! same way for every channel.
//!
//! Retrying after a dropped connection is at-least-once: if the platform had already taken the
//! message when the connection broke, the user sees it twice. A duplicate is the lesser harm
//! than a question left without its answer.

use std::future::Future;
use std::time::Duration;

/// The pauses between attempts after a transient failure; one more attempt than pauses.
pub const BACKOFF: [Duration; 3] = [Duration::from_millis(500), Duration::from_secs(1), Duration::from_secs(2)];

/// Runs `attempt` until it succeeds or `pause` returns `None` for its error (a final error, or
/// no retries left); otherwise waits the pause returned and tries again. `what` names the call
/// in the log.
pub async fn retrying<T, E, Fut>(
    what: &str,
    mut attempt: impl FnMut() -> Fut,
    mut pause: impl FnMut(&E) -> Option<Duration>,
) -> Result<T, E>
where
    E: std::fmt::Display,
    Fut: Future<Output = Result<T, E>>,
{
    loop {
        let error = match attempt().await {
            Ok(done) => return Ok(done),
            Err(e) => e,
        };
        let Some(wait) = pause(&error) else { return Err(error) };
        tracing::warn!("{what} failed ({error}); trying again in {wait:?}");
        tokio::time::sleep(wait).await;
    }
}

/// The next pause of [`BACKOFF`] for a transient failure, counting `failures`; `None` for a
/// final error or when the pauses are used up.
pub fn backoff(transient: bool, failures: &mut usize) -> Option<Duration> {
    let wait = BACKOFF.get(*failures).copied().filter(|_| transient)?;
    *failures += 1;
    Some(wait)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    /// Runs `retrying` over attempts whose results `outcome` gives by attempt number (from 1);
    /// the result and the number of attempts.
    async fn attempts(transient: bool, outcome: impl Fn(usize) -> Result<u8, String>) -> (Result<u8, String>, usize) {
        let (calls, mut failures) = (Cell::new(0), 0);
        let result = retrying(
            "test",
            || {
                calls.set(calls.get() + 1);
                std::future::ready(outcome(calls.get()))
            },
            |_| backoff(transient, &mut failures),
        )
        .await;
        (result, calls.get())
    }

    #[tokio::test(start_paused = true)]
    async fn transient_failures_are_retried_until_the_pauses_run_out() {
        let (result, calls) = attempts(true, |_| Err("down".into())).await;
        assert_eq!((result, calls), (Err("down".into()), BACKOFF.len() + 1));
        let (result, calls) = attempts(true, |n| if n < 3 { Err("blip".into()) } else { Ok(7) }).await;
        assert_eq!((result, calls), (Ok(7), 3));
    }

    #[tokio::test(start_paused = true)]
    async fn a_final_error_is_not_retried() {
        let (result, calls) = attempts(false, |_| Err("refused".into())).await;
        assert_eq!((result, calls), (Err("refused".into()), 1));
    }
}
