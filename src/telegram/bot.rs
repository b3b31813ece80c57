//! The Telegram bot on teloxide: long polling, commands, buttons, other message kinds, groups,
//! rate limits. Every text goes through the same conversation service as the other channels;
//! this module only turns Telegram's types into questions and answers into Telegram messages.

use super::render::{self, escape};
use crate::core::{Answer, Context, Engine};
use crate::knowledge::Citable;
use crate::messages;
use crate::service;
use crate::store::{Comment, Feedback, Store, Verdict};
use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use teloxide::dispatching::UpdateFilterExt;
use teloxide::prelude::*;
use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup};
use teloxide::utils::command::BotCommands;
use teloxide::{ApiError, RequestError};

pub use super::send::Tg;

/// The channel name turns from Telegram are recorded under.
pub const CHANNEL: &str = "telegram";

/// The commands (their menu descriptions are in `messages::TELEGRAM_COMMANDS`).
#[derive(BotCommands, Clone, Debug, PartialEq)]
#[command(rename_rule = "lowercase")]
pub enum Cmd {
    Start,
    Help,
    Mucluc,
    Coquan,
    Nguon,
    Gopy(String),
    Xoadulieu,
}

/// Per-user message limit: at most `max` messages in any `window`, counted by this process
/// (see [`State::admit`] for replicas).
pub struct RateLimit {
    max: usize,
    window: Duration,
    seen: Mutex<HashMap<u64, Recent>>,
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
        RateLimit { max, window, seen: Mutex::new(HashMap::new()) }
    }

    /// Counts a message of a user.
    pub fn admit(&self, user: u64, now: Instant) -> Admit {
        let mut seen = self.seen.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if seen.len() >= Self::PRUNE_AT {
            seen.retain(|_, r| r.times.back().is_some_and(|t| now.duration_since(*t) <= self.window));
        }
        let recent = seen.entry(user).or_default();
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

/// What every handler shares.
pub struct State {
    pub engine: Engine,
    pub store: Store,
    pub limit: RateLimit,
    /// What `GET /metrics` reports, for every channel.
    pub metrics: crate::metrics::Metrics,
    /// The bot's @username, to notice mentions in groups.
    pub username: String,
}

impl State {
    /// The shared state of the channels: at most `per_minute` messages a user in any minute.
    pub fn new(knowledge: crate::knowledge::Knowledge, store: Store, per_minute: usize, username: String) -> Self {
        let limit = RateLimit::new(per_minute, Duration::from_secs(60));
        State { engine: Engine::new(knowledge), store, limit, metrics: Default::default(), username }
    }
}

impl State {
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
}

/// What the `n`th message of a window gets when `max` are allowed: answers, then one warning,
/// then silence.
fn by_count(n: u64, max: u64) -> Admit {
    match n.cmp(&(max + 1)) {
        std::cmp::Ordering::Less => Admit::Answer,
        std::cmp::Ordering::Equal => Admit::SlowDown,
        std::cmp::Ordering::Greater => Admit::Ignore,
    }
}

/// Unix seconds now.
pub fn now() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0)
}

/// The handler tree: plain functions of the update, so tests can drive it.
pub fn schema() -> teloxide::dispatching::UpdateHandler<RequestError> {
    dptree::entry()
        .branch(
            Update::filter_message()
                .branch(dptree::entry().filter_command::<Cmd>().endpoint(on_command))
                .endpoint(on_message),
        )
        .branch(Update::filter_edited_message().endpoint(on_message))
        .branch(Update::filter_callback_query().endpoint(on_callback))
}

/// The key a Telegram user is stored under (before hashing): the sender, so that people in
/// one group have their own context, feedback and erasure.
fn user_key(user: u64) -> String {
    format!("{CHANNEL}:{user}")
}

/// Who sent a message: the user, or the chat for posts without a sender (channels).
fn sender(msg: &Message) -> u64 {
    msg.from.as_ref().map(|u| u.id.0).unwrap_or(msg.chat.id.0.unsigned_abs())
}

/// Applies the rate limit; false when the message must not be answered (after a single
/// "slow down" reply).
async fn admitted(bot: &Tg, state: &Arc<State>, chat: ChatId, user: u64) -> ResponseResult<bool> {
    match state.admit(user_key(user)).await {
        Admit::Answer => Ok(true),
        Admit::SlowDown => send_plain(bot, chat, messages::SLOW_DOWN).await.map(|()| false),
        Admit::Ignore => Ok(false),
    }
}

/// Whether the bot should answer this message: always in private chats; in groups only when
/// mentioned or replied to.
fn addressed(msg: &Message, username: &str) -> bool {
    if msg.chat.is_private() {
        return true;
    }
    let mention = format!("@{username}").to_lowercase();
    let text = msg.text().unwrap_or_default().to_lowercase();
    let replied_to_bot = msg
        .reply_to_message()
        .and_then(|r| r.from.as_ref())
        .is_some_and(|u| u.is_bot && u.username.as_deref().is_some_and(|n| n.eq_ignore_ascii_case(username)));
    text.contains(&mention) || replied_to_bot
}

async fn on_message(bot: Tg, msg: Message, state: Arc<State>) -> ResponseResult<()> {
    if !addressed(&msg, &state.username) {
        return Ok(());
    }
    let (chat, user) = (msg.chat.id, sender(&msg));
    if !admitted(&bot, &state, chat, user).await? {
        return Ok(());
    }
    let Some(text) = msg.text() else {
        // Stickers, photos, voice, files, locations…
        let reply = state.engine.knowledge().smalltalk_reply("not-text");
        return send_plain(&bot, chat, &reply).await;
    };
    let question = text.replace(&format!("@{}", state.username), " ");
    answer_question(&bot, chat, user, &state, &question).await
}

/// Answers a user's question in a chat: the service records it, then the reply goes out.
/// The store is written (and flushed for curators) off the async workers.
async fn answer_question(bot: &Tg, chat: ChatId, user: u64, state: &Arc<State>, question: &str) -> ResponseResult<()> {
    let (shared, question) = (state.clone(), question.to_owned());
    let answered = tokio::task::spawn_blocking(move || {
        let state = shared;
        let user = state.store.user_hash(&user_key(user));
        let started = Instant::now();
        match service::answer(&state.engine, &state.store, CHANNEL, &user, &question, now()) {
            Ok(reply) => {
                state.metrics.answer(CHANNEL, reply.answer.answered, started.elapsed());
                (reply.answer, Some(reply.turn.answer_id))
            }
            Err(e) => {
                // Without the store the bot still answers, without memory.
                tracing::warn!("store error, answering without memory: {e}");
                state.metrics.error(CHANNEL, "store");
                let answer = state.engine.answer(&question, &Context::default());
                state.metrics.answer(CHANNEL, answer.answered, started.elapsed());
                (answer, None)
            }
        }
    })
    .await;
    match answered {
        Ok((answer, id)) => send_answer(bot, chat, &answer, id.as_deref()).await,
        Err(e) => {
            tracing::error!("answering a Telegram message failed: {e}");
            Ok(())
        }
    }
}

/// Sends an answer as HTML messages; the last one carries the buttons.
async fn send_answer(bot: &Tg, chat: ChatId, answer: &Answer, answer_id: Option<&str>) -> ResponseResult<()> {
    let rendered = render::render(answer);
    let keyboard = answer_id.map(|id| keyboard(answer, id, &rendered.cut_quotes));
    let last = rendered.messages.len().saturating_sub(1);
    for (i, html) in rendered.messages.iter().enumerate() {
        let markup = if i == last { keyboard.clone() } else { None };
        send_html(bot, chat, html, markup).await?;
    }
    Ok(())
}

/// Buttons under an answer: suggestions, 👍/👎, and "Xem nguyên văn" for cut quotes. Callback
/// data are short ids (at most 64 bytes), never text.
fn keyboard(answer: &Answer, answer_id: &str, cut_quotes: &[usize]) -> InlineKeyboardMarkup {
    let mut rows: Vec<Vec<InlineKeyboardButton>> = answer
        .suggestions
        .iter()
        .enumerate()
        .map(|(i, s)| vec![InlineKeyboardButton::callback(short(s), format!("s:{answer_id}:{i}"))])
        .collect();
    for &n in cut_quotes {
        rows.push(vec![InlineKeyboardButton::callback(messages::telegram_full_quote(n), format!("q:{answer_id}:{n}"))]);
    }
    if answer.intent != crate::core::Intent::Smalltalk {
        rows.push(vec![
            InlineKeyboardButton::callback("👍", format!("f:{answer_id}:u")),
            InlineKeyboardButton::callback("👎", format!("f:{answer_id}:d")),
        ]);
    }
    InlineKeyboardMarkup::new(rows)
}

/// Button text: Telegram shows about 64 characters.
fn short(text: &str) -> String {
    /// Characters a button shows comfortably.
    const BUTTON_CHARS: usize = 60;
    render::preview(text, BUTTON_CHARS).0
}

/// Sends HTML; when Telegram cannot parse it, the same text again as plain text.
async fn send_html(bot: &Tg, chat: ChatId, html: &str, markup: Option<InlineKeyboardMarkup>) -> ResponseResult<()> {
    match bot.send(chat, html, true, markup.as_ref()).await {
        Err(RequestError::Api(ApiError::CantParseEntities(why))) => {
            tracing::warn!("Telegram refused HTML ({why}); sent as plain text");
            bot.send(chat, &render::to_plain(html), false, markup.as_ref()).await
        }
        sent => sent,
    }
}

async fn send_plain(bot: &Tg, chat: ChatId, text: &str) -> ResponseResult<()> {
    for piece in crate::split::split(text, render::MAX_MESSAGE, &crate::split::utf16_len) {
        bot.send(chat, &piece, false, None).await?;
    }
    Ok(())
}

async fn on_command(bot: Tg, msg: Message, cmd: Cmd, state: Arc<State>) -> ResponseResult<()> {
    let (chat, user) = (msg.chat.id, sender(&msg));
    if !admitted(&bot, &state, chat, user).await? {
        return Ok(());
    }
    let kb = state.engine.knowledge();
    match cmd {
        Cmd::Start => {
            let greeting = kb.smalltalk_reply("greeting");
            let examples = state.engine.examples();
            let rows = examples
                .iter()
                .enumerate()
                .map(|(i, q)| vec![InlineKeyboardButton::callback(short(q), format!("e:{i}"))])
                .collect::<Vec<_>>();
            let text = format!("{}\n\n{}", escape(&greeting), escape(messages::TELEGRAM_EXAMPLES));
            send_html(&bot, chat, &text, Some(InlineKeyboardMarkup::new(rows))).await
        }
        Cmd::Help => {
            let help = kb.smalltalk_reply("help");
            let menu: Vec<String> = messages::TELEGRAM_COMMANDS.iter().map(|(c, d)| format!("/{c} — {d}")).collect();
            send_plain(&bot, chat, &format!("{help}\n\n{}", menu.join("\n"))).await
        }
        Cmd::Mucluc => {
            let rows = state
                .engine
                .table_of_contents()
                .into_iter()
                .map(|(i, title)| vec![InlineKeyboardButton::callback(short(&title), format!("m:{i}"))])
                .collect::<Vec<_>>();
            send_html(&bot, chat, &escape(messages::TELEGRAM_CONTENTS), Some(InlineKeyboardMarkup::new(rows))).await
        }
        Cmd::Coquan => {
            let rows = kb
                .agencies
                .iter()
                .enumerate()
                .filter(|(_, a)| !kb.duties_of(&a.id).is_empty())
                .map(|(i, a)| vec![InlineKeyboardButton::callback(short(&a.name), format!("c:{i}"))])
                .collect::<Vec<_>>();
            send_html(&bot, chat, &escape(messages::TELEGRAM_AGENCIES), Some(InlineKeyboardMarkup::new(rows))).await
        }
        Cmd::Nguon => {
            let Some(source) = kb.sources.first() else { return Ok(()) };
            let text = messages::telegram_source(&source.title, &source.publisher, &source.published, &source.author);
            send_plain(&bot, chat, &text).await
        }
        Cmd::Gopy(text) if text.trim().is_empty() => send_plain(&bot, chat, messages::CHAT_COMMENT_USAGE).await,
        Cmd::Gopy(text) => {
            let user = state.store.user_hash(&user_key(user));
            let comment = Comment { at: now(), user, channel: CHANNEL.to_owned(), text: Some(text.trim().to_owned()) };
            let reply = match state.store.comment(&comment) {
                Ok(()) => messages::CHAT_COMMENT_THANKS,
                Err(e) => {
                    tracing::warn!("cannot store a comment: {e}");
                    messages::TELEGRAM_STORE_UNAVAILABLE
                }
            };
            send_plain(&bot, chat, reply).await
        }
        Cmd::Xoadulieu => {
            let rows = vec![vec![
                InlineKeyboardButton::callback(messages::TELEGRAM_ERASE_YES, "x:yes"),
                InlineKeyboardButton::callback(messages::TELEGRAM_ERASE_NO, "x:no"),
            ]];
            send_html(&bot, chat, &escape(messages::TELEGRAM_ERASE_CONFIRM), Some(InlineKeyboardMarkup::new(rows)))
                .await
        }
    }
}

async fn on_callback(bot: Tg, q: CallbackQuery, state: Arc<State>) -> ResponseResult<()> {
    // Every button press is acknowledged, whatever follows; a failed acknowledgement (the press
    // is too old, the network hiccuped) must not cost the user the answer.
    if let Err(e) = bot.bot().answer_callback_query(q.id.clone()).await {
        tracing::warn!("could not acknowledge a button press: {e}");
    }
    let Some(chat) = q.message.as_ref().map(|m| m.chat().id) else { return Ok(()) };
    let user = q.from.id.0;
    if !admitted(&bot, &state, chat, user).await? {
        return Ok(());
    }
    let data = q.data.as_deref().unwrap_or_default();
    let parts: Vec<&str> = data.split(':').collect();
    let kb = state.engine.knowledge();
    match parts.as_slice() {
        ["e", i] => match i.parse::<usize>().ok().and_then(|i| state.engine.examples().into_iter().nth(i)) {
            Some(question) => answer_question(&bot, chat, user, &state, &question).await,
            None => send_plain(&bot, chat, messages::TELEGRAM_BUTTON_EXPIRED).await,
        },
        ["m", i] => match i.parse::<usize>().ok().and_then(|i| state.engine.section_answer(i)) {
            Some(answer) => send_answer(&bot, chat, &answer, None).await,
            None => send_plain(&bot, chat, messages::TELEGRAM_BUTTON_EXPIRED).await,
        },
        ["c", i] => match i.parse::<usize>().ok().and_then(|i| kb.agencies.get(i)) {
            Some(a) => answer_question(&bot, chat, user, &state, &messages::agency_question(&a.name)).await,
            None => send_plain(&bot, chat, messages::TELEGRAM_BUTTON_EXPIRED).await,
        },
        ["s", id, i] => {
            // The suggestions shown are recorded with the turn.
            let turn = state.store.turn(id).ok().flatten();
            let suggestion = turn.and_then(|t| i.parse::<usize>().ok().and_then(|i| t.suggestions.get(i).cloned()));
            match suggestion {
                Some(s) => answer_question(&bot, chat, user, &state, &s).await,
                None => send_plain(&bot, chat, messages::TELEGRAM_BUTTON_EXPIRED).await,
            }
        }
        ["q", id, n] => {
            let turn = state.store.turn(id).ok().flatten();
            let cited =
                turn.and_then(|t| n.parse::<usize>().ok().and_then(|n| t.cited.get(n.wrapping_sub(1)).cloned()));
            match cited.as_deref().and_then(|c| kb.citable(c)) {
                Some(item) => {
                    let full = item.quotes().iter().max_by_key(|q| q.len()).cloned().unwrap_or_default();
                    let label = match item {
                        Citable::Entry(e) => e.label.clone(),
                        Citable::Document(d) => d.label.clone(),
                    };
                    send_html(&bot, chat, &format!("<b>{}</b>\n<i>“{}”</i>", escape(&label), escape(&full)), None).await
                }
                None => send_plain(&bot, chat, messages::TELEGRAM_BUTTON_EXPIRED).await,
            }
        }
        ["f", id, verdict] => {
            let user = state.store.user_hash(&user_key(user));
            let Ok(Some(turn)) = state.store.turn(id) else {
                return send_plain(&bot, chat, messages::TELEGRAM_BUTTON_EXPIRED).await;
            };
            let verdict = if *verdict == "u" { Verdict::Up } else { Verdict::Down };
            let feedback = Feedback {
                answer_id: turn.answer_id,
                at: now(),
                user,
                verdict,
                question: turn.question,
                intent: turn.intent,
                cited: turn.cited,
            };
            let reply = match state.store.feedback(&feedback) {
                Ok(()) if verdict == Verdict::Up => messages::CHAT_RATED_UP,
                Ok(()) => messages::CHAT_RATED_DOWN,
                Err(e) => {
                    tracing::warn!("cannot store feedback: {e}");
                    messages::TELEGRAM_STORE_UNAVAILABLE
                }
            };
            send_plain(&bot, chat, reply).await
        }
        ["x", "yes"] => {
            let user = state.store.user_hash(&user_key(user));
            let reply = match state.store.forget(&user) {
                Ok(_) => messages::CHAT_FORGOTTEN,
                Err(e) => {
                    tracing::warn!("cannot erase a user's data: {e}");
                    messages::TELEGRAM_STORE_UNAVAILABLE
                }
            };
            send_plain(&bot, chat, reply).await
        }
        ["x", "no"] => send_plain(&bot, chat, messages::TELEGRAM_ERASE_KEPT).await,
        _ => send_plain(&bot, chat, messages::TELEGRAM_BUTTON_EXPIRED).await,
    }
}

/// Registers the command menu (Vietnamese descriptions); a failure is logged, not fatal.
pub async fn register_commands(bot: &Tg) {
    let menu = messages::TELEGRAM_COMMANDS.iter().map(|(c, d)| teloxide::types::BotCommand::new(*c, *d));
    if let Err(e) = bot.bot().set_my_commands(menu).await {
        tracing::warn!("could not register the command menu: {e}");
    }
}

/// Resolves on SIGINT (Ctrl-C) or SIGTERM.
pub async fn stop_signal() {
    match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
        Ok(mut term) => {
            tokio::select! {
                _ = term.recv() => {}
                _ = tokio::signal::ctrl_c() => {}
            }
        }
        Err(e) => {
            tracing::warn!("cannot listen for SIGTERM ({e}); stopping on Ctrl-C only");
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}

/// Applies the retention period now and then every [`PURGE_EVERY`] while a long-running command
/// (`who`) runs; abort the handle to stop it.
pub fn spawn_retention(state: Arc<State>, who: &'static str) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(PURGE_EVERY);
        loop {
            every.tick().await;
            let state = state.clone();
            match tokio::task::spawn_blocking(move || state.store.purge(now())).await {
                Ok(Ok(0)) => {}
                Ok(Ok(n)) => tracing::info!(command = who, "retention erased {n} record(s)"),
                Ok(Err(e)) => tracing::warn!(command = who, "retention purge failed: {e}"),
                Err(e) => tracing::warn!(command = who, "retention purge stopped: {e}"),
            }
        }
    })
}

/// How often the running bot applies the retention period.
const PURGE_EVERY: Duration = Duration::from_secs(60 * 60);

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

/// How long replies in flight may take to finish when another instance takes over.
const CONFLICT_GRACE: Duration = Duration::from_secs(3);

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
    let conflict = Arc::new(AtomicBool::new(false));
    let state_for_errors = state.clone();
    let on_reply_error = {
        let state = state.clone();
        Arc::new(move |e: RequestError| {
            state.metrics.error(CHANNEL, "send");
            async move { tracing::warn!("a reply failed: {e}") }
        })
    };
    let mut dispatcher = Dispatcher::builder(bot.bot().clone(), schema())
        .dependencies(dptree::deps![state, bot.clone()])
        .distribution_function(lane)
        .default_handler(|_| async {})
        .error_handler(on_reply_error)
        .build();
    let token = dispatcher.shutdown_token();
    // SIGINT and SIGTERM: stop taking updates, let replies in flight finish.
    {
        let token = token.clone();
        tokio::spawn(async move {
            stop_signal().await;
            tracing::info!("stopping");
            // Before the dispatcher runs (it may still be registering), shutdown is refused:
            // ask again until it is accepted.
            loop {
                match token.shutdown() {
                    Ok(f) => break f.await,
                    Err(_idle) => tokio::time::sleep(Duration::from_millis(50)).await,
                }
            }
        });
    }
    let retention = spawn_retention(state_for_errors.clone(), "telegram");
    let listener = teloxide::update_listeners::Polling::builder(bot.bot().clone())
        .timeout(Duration::from_secs(10))
        .allowed_updates(allowed_updates())
        .delete_webhook()
        .await
        .build();
    let state_for_errors = state_for_errors.clone();
    let on_listener_error = {
        let conflict = conflict.clone();
        let token = token.clone();
        let state = state_for_errors;
        Arc::new(move |e: RequestError| {
            let conflict = conflict.clone();
            let token = token.clone();
            let state = state.clone();
            async move {
                match e {
                    RequestError::Api(ApiError::TerminatedByOtherGetUpdates) => {
                        if conflict.swap(true, Ordering::SeqCst) {
                            // Already stopping; keep the retries of the polling loop slow.
                            tokio::time::sleep(Duration::from_millis(200)).await;
                            return;
                        }
                        tracing::error!(
                            "another instance is polling with this token (TerminatedByOtherGetUpdates); stopping"
                        );
                        // Not awaited here: the dispatcher waits for this handler to return. A
                        // polling loop that keeps failing may not notice the shutdown: after a
                        // grace period the process exits with what is stored flushed.
                        tokio::spawn(async move {
                            if let Ok(f) = token.shutdown() {
                                let _ = tokio::time::timeout(CONFLICT_GRACE, f).await;
                            }
                            tokio::time::sleep(CONFLICT_GRACE).await;
                            let _ = state.store.flush();
                            tracing::warn!("exiting after the conflict");
                            std::process::exit(1);
                        });
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
    dispatcher.dispatch_with_listener(listener, on_listener_error).await;
    retention.abort();
    if conflict.load(Ordering::SeqCst) { Ended::Conflict } else { Ended::Stopped }
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
}
