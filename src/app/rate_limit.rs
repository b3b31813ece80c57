//! The per-user message limit every channel applies: at most `max` messages in any window,
//! counted by this process; [`by_count`] reads a count kept by a store shared by replicas.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Per-user message limit: at most `max` messages in any `window`, counted by this process
/// (see [`super::State::admit`] for replicas).
pub struct RateLimit {
    pub(super) max: usize,
    pub(super) window: Duration,
    seen: Mutex<Seen>,
}

/// The users tracked, and how many there may be before idle ones are dropped.
struct Seen {
    users: HashMap<u64, Recent>,
    /// Twice the users left by the last pruning (at least [`RateLimit::PRUNE_AT`]): a pruning
    /// costs one pass over the map, so it comes only after as many new users as it kept, never
    /// at every message (with more users active in a window than `PRUNE_AT`, a pass at every
    /// message made each cost the whole map: quadratic under a spread-out flood).
    prune_at: usize,
}

/// One user's recent messages.
#[derive(Default)]
struct Recent {
    times: VecDeque<Instant>,
    /// Whether the user was already told to slow down since their last answered message.
    warned: bool,
}

/// What to do with a message, by the rate limit.
#[derive(Debug, PartialEq, Eq)]
pub enum Admit {
    Answer,
    /// Over the limit for the first time in a row: say so once.
    SlowDown,
    /// Over the limit again: stay silent rather than flood the chat with warnings.
    Ignore,
}

impl RateLimit {
    /// Users tracked before idle ones are dropped from memory.
    const PRUNE_AT: usize = 10_000;

    pub fn new(max: usize, window: Duration) -> Self {
        RateLimit { max, window, seen: Mutex::new(Seen { users: HashMap::new(), prune_at: Self::PRUNE_AT }) }
    }

    /// The window messages are counted in.
    pub fn window(&self) -> Duration {
        self.window
    }

    /// Counts a message of a user.
    pub fn admit(&self, user: u64, now: Instant) -> Admit {
        let mut seen = self.seen.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if seen.users.len() >= seen.prune_at {
            seen.users.retain(|_, r| r.times.back().is_some_and(|t| now.duration_since(*t) <= self.window));
            seen.prune_at = (2 * seen.users.len()).max(Self::PRUNE_AT);
        }
        let recent = seen.users.entry(user).or_default();
        while recent.times.front().is_some_and(|t| now.duration_since(*t) > self.window) {
            recent.times.pop_front();
        }
        if recent.times.len() < self.max {
            recent.times.push_back(now);
            recent.warned = false;
            Admit::Answer
        } else if recent.warned {
            Admit::Ignore
        } else {
            recent.warned = true;
            Admit::SlowDown
        }
    }
}

/// What the `n`th message of a window gets when `max` are allowed: answers, then one warning,
/// then silence.
pub fn by_count(n: u64, max: u64) -> Admit {
    match n.cmp(&(max + 1)) {
        std::cmp::Ordering::Less => Admit::Answer,
        std::cmp::Ordering::Equal => Admit::SlowDown,
        std::cmp::Ordering::Greater => Admit::Ignore,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shared_count_answers_up_to_the_limit_then_warns_once() {
        let got: Vec<Admit> = (1..=5).map(|n| by_count(n, 3)).collect();
        assert_eq!(got, [Admit::Answer, Admit::Answer, Admit::Answer, Admit::SlowDown, Admit::Ignore]);
    }

    #[test]
    fn the_rate_limit_warns_once_then_stays_silent_until_the_window_passes() {
        let limit = RateLimit::new(2, Duration::from_secs(60));
        let t0 = Instant::now();
        let at = |s: u64| t0 + Duration::from_secs(s);
        assert_eq!(limit.admit(1, at(0)), Admit::Answer);
        assert_eq!(limit.admit(1, at(1)), Admit::Answer);
        assert_eq!(limit.admit(1, at(2)), Admit::SlowDown);
        assert_eq!(limit.admit(1, at(3)), Admit::Ignore);
        assert_eq!(limit.admit(1, at(4)), Admit::Ignore);
        // Another user is not affected.
        assert_eq!(limit.admit(2, at(4)), Admit::Answer);
        // The first message left the window: one more is answered, and the next refusal warns again.
        assert_eq!(limit.admit(1, at(61)), Admit::Answer);
        assert_eq!(limit.admit(1, at(61)), Admit::SlowDown);
    }

    /// More users active in one window than the pruning threshold: the map is pruned once as
    /// many new users came as it kept, not at every message (which cost a pass over every user
    /// at every message), and idle users are still dropped.
    #[test]
    fn pruning_comes_after_as_many_new_users_as_it_kept() {
        let limit = RateLimit::new(2, Duration::from_secs(60));
        let t0 = Instant::now();
        let users = |limit: &RateLimit| limit.seen.lock().unwrap().users.len();
        let prune_at = |limit: &RateLimit| limit.seen.lock().unwrap().prune_at;
        for user in 0..RateLimit::PRUNE_AT as u64 {
            limit.admit(user, t0);
        }
        // All active: the pass keeps them all and the next comes at twice as many.
        limit.admit(u64::MAX, t0);
        assert_eq!((users(&limit), prune_at(&limit)), (RateLimit::PRUNE_AT + 1, 2 * RateLimit::PRUNE_AT));
        for user in 0..(RateLimit::PRUNE_AT as u64 - 1) {
            limit.admit(1_000_000 + user, t0 + Duration::from_secs(1));
        }
        assert_eq!(users(&limit), 2 * RateLimit::PRUNE_AT, "no pass before the threshold");
        // A window later the pass drops the idle users.
        limit.admit(7, t0 + Duration::from_secs(120));
        assert_eq!((users(&limit), prune_at(&limit)), (1, RateLimit::PRUNE_AT));
    }
}
