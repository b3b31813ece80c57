//! Sending to Telegram: every message goes through [`Tg::send`], paced to Telegram's limits
//! (unless pacing is off, for a self-hosted Bot API server or a load test) and retried when
//! Telegram asks to wait (429), fails on its side (5xx) or the connection drops
//! ([`crate::retry`]).

use crate::retry;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use teloxide::prelude::*;
use teloxide::types::{InlineKeyboardMarkup, ParseMode};
use teloxide::{ApiError, RequestError};

/// Flood-control answers ("retry after N seconds") waited out before giving up.
const MAX_RETRY_AFTER: usize = 5;

/// Telegram's limits (<https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this>):
/// about 30 messages a second overall, one a second in a chat (short bursts are allowed), 20 a
/// minute in a group.
const OVERALL_INTERVAL: Duration = Duration::from_millis(1000 / 30);
const OVERALL_BURST: u32 = 30;
const CHAT_INTERVAL: Duration = Duration::from_secs(1);
const GROUP_INTERVAL: Duration = Duration::from_secs(3);
/// Messages a chat may receive at once (an answer in two or three parts) before pacing starts.
const CHAT_BURST: u32 = 3;
/// Messages sent at once, at most: enough to keep a link to Telegram busy.
const MAX_IN_FLIGHT: usize = 16;
/// Chats remembered before idle ones are dropped.
const PRUNE_AT: usize = 10_000;

/// The bot as the handlers use it.
#[derive(Clone)]
pub struct Tg {
    bot: Bot,
    pace: Option<Arc<Pace>>,
    /// Requests in flight at once: bounds connections and their buffers under a burst.
    in_flight: Arc<tokio::sync::Semaphore>,
}

impl Tg {
    /// `paced`: keep to Telegram's limits (off only for a self-hosted Bot API server or a load test).
    pub fn new(bot: Bot, paced: bool) -> Self {
        Tg { bot, pace: paced.then(Arc::default), in_flight: Arc::new(tokio::sync::Semaphore::new(MAX_IN_FLIGHT)) }
    }

    /// The plain bot, for calls other than messages.
    pub fn bot(&self) -> &Bot {
        &self.bot
    }

    /// Sends one message (HTML when `html`), paced and retried; the error of the last attempt.
    pub async fn send(
        &self,
        chat: ChatId,
        text: &str,
        html: bool,
        markup: Option<&InlineKeyboardMarkup>,
    ) -> ResponseResult<()> {
        let (mut failures, mut waits) = (0, 0);
        let attempt = || async {
            if let Some(pace) = &self.pace {
                tokio::time::sleep_until(pace.chat(chat.0, Instant::now()).into()).await;
                tokio::time::sleep_until(pace.overall(Instant::now()).into()).await;
            }
            let mut request = self.bot.send_message(chat, text);
            if html {
                request = request.parse_mode(ParseMode::Html);
            }
            if let Some(m) = markup {
                request = request.reply_markup(m.clone());
            }
            let _permit = self.in_flight.acquire().await;
            request.await.map(|_| ())
        };
        let pause = |error: &RequestError| match error {
            RequestError::RetryAfter(seconds) if waits < MAX_RETRY_AFTER => {
                waits += 1;
                Some(seconds.duration())
            }
            e => retry::backoff(transient(e), &mut failures),
        };
        retry::retrying("sending to Telegram", attempt, pause).await
    }
}

/// Whether a failure is worth another attempt: the network, a proxy's error page, or Telegram's
/// own server errors (teloxide has already paused after a 5xx). Refusals of the request itself
/// (blocked bot, bad HTML, unknown chat) are final.
pub fn transient(error: &RequestError) -> bool {
    match error {
        RequestError::Network(_) | RequestError::InvalidJson { .. } | RequestError::Io(_) => true,
        RequestError::Api(ApiError::Unknown(description)) => {
            let d = description.to_ascii_lowercase();
            ["internal server error", "bad gateway", "service unavailable", "gateway timeout"]
                .iter()
                .any(|s| d.contains(s))
        }
        _ => false,
    }
}

/// When messages may go: a generic cell rate (GCRA) per chat and overall. Each call reserves
/// the earliest moment its limit allows and returns it; a message waits for its chat's slot,
/// then for the overall one, so a chat that is held back does not hold back the others.
#[derive(Default)]
pub struct Pace {
    state: Mutex<PaceState>,
}

#[derive(Default)]
struct PaceState {
    /// The theoretical arrival time of the next message overall, and per chat.
    overall: Option<Instant>,
    chats: HashMap<i64, Instant>,
}

/// The earliest moment a message may go under one limit whose next slot is `tat`.
fn allowed(tat: Option<Instant>, interval: Duration, burst: u32, now: Instant) -> Instant {
    match tat {
        Some(tat) => tat.checked_sub(interval * (burst - 1)).map_or(now, |at| at.max(now)),
        None => now,
    }
}

/// Reserves the next slot of one limit whose next theoretical arrival is `tat`.
fn reserve(tat: &mut Option<Instant>, interval: Duration, burst: u32, now: Instant) -> Instant {
    let at = allowed(*tat, interval, burst, now);
    *tat = Some(tat.map_or(at, |t| t.max(at)) + interval);
    at
}

impl Pace {
    /// Reserves the moment a message to `chat` may go by the chat's limit (groups and channels
    /// have negative ids).
    pub fn chat(&self, chat: i64, now: Instant) -> Instant {
        let mut s = self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if s.chats.len() >= PRUNE_AT {
            s.chats.retain(|_, tat| *tat > now);
        }
        let interval = if chat < 0 { GROUP_INTERVAL } else { CHAT_INTERVAL };
        let mut tat = s.chats.get(&chat).copied();
        let at = reserve(&mut tat, interval, CHAT_BURST, now);
        s.chats.insert(chat, tat.unwrap_or(now));
        at
    }

    /// Reserves the moment a message may go by the overall limit.
    pub fn overall(&self, now: Instant) -> Instant {
        let mut s = self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        reserve(&mut s.overall, OVERALL_INTERVAL, OVERALL_BURST, now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chat_gets_a_short_burst_then_one_message_a_second() {
        let pace = Pace::default();
        let t0 = Instant::now();
        let offsets: Vec<Duration> = (0..5).map(|_| pace.chat(7, t0) - t0).collect();
        assert_eq!(offsets[..3], [Duration::ZERO; 3]);
        assert_eq!(offsets[3], Duration::from_secs(1));
        assert_eq!(offsets[4], Duration::from_secs(2));
        // Another chat is not held back by this one.
        assert_eq!(pace.chat(8, t0), t0);
    }

    #[test]
    fn groups_get_a_message_every_three_seconds_after_the_burst() {
        let pace = Pace::default();
        let t0 = Instant::now();
        let last = (0..4).map(|_| pace.chat(-100, t0)).last().unwrap();
        assert_eq!(last - t0, GROUP_INTERVAL);
    }

    #[test]
    fn overall_thirty_at_once_then_thirty_a_second() {
        let pace = Pace::default();
        let t0 = Instant::now();
        let at: Vec<Instant> = (0..60).map(|_| pace.overall(t0)).collect();
        assert!(at[..30].iter().all(|t| *t == t0));
        assert_eq!(at[30] - t0, OVERALL_INTERVAL);
        assert_eq!(at[59] - t0, OVERALL_INTERVAL * 30);
        // After a quiet second the burst is available again.
        let later = t0 + Duration::from_secs(3);
        assert_eq!(pace.overall(later), later);
    }

    #[test]
    fn server_errors_and_dropped_connections_are_retried_refusals_are_not() {
        assert!(transient(&RequestError::Api(ApiError::Unknown("Internal Server Error".into()))));
        assert!(transient(&RequestError::Api(ApiError::Unknown("Bad Gateway".into()))));
        assert!(!transient(&RequestError::Api(ApiError::Unknown("Bad Request: chat not found".into()))));
        assert!(!transient(&RequestError::Api(ApiError::BotBlocked)));
        assert!(!transient(&RequestError::Api(ApiError::CantParseEntities("x".into()))));
        assert!(transient(&RequestError::Io(Arc::new(std::io::Error::other("reset")))));
    }
}
