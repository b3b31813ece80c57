//! The handler tree (`schema()`): plain functions of the update, so tests and the webhook drive
//! it as polling does. Messages of any kind, in private chats and groups, go through the
//! per-sender rate limit, then the conversation service; answers leave as Telegram HTML.

use super::render;
use super::{CHANNEL, Cmd, Tg, buttons, commands};
use crate::app::{Admit, State};
use crate::core::Answer;
use crate::messages;
use std::sync::Arc;
use teloxide::dispatching::UpdateFilterExt;
use teloxide::prelude::*;
use teloxide::types::{InlineKeyboardMarkup, Me};
use teloxide::{ApiError, RequestError};

/// The handler tree: plain functions of the update, so tests can drive it.
pub fn schema() -> teloxide::dispatching::UpdateHandler<RequestError> {
    dptree::entry()
        .branch(
            Update::filter_message()
                .branch(dptree::entry().filter_command::<Cmd>().endpoint(commands::on_command))
                .endpoint(on_message),
        )
        .branch(Update::filter_edited_message().endpoint(on_message))
        .branch(Update::filter_callback_query().endpoint(buttons::on_callback))
}

/// Answers one update (a webhook delivery) through the handler tree polling uses.
pub async fn answer_update(update: Update, bot: &Tg, state: &Arc<State>, me: &Me) {
    let deps = dptree::deps![update, bot.clone(), state.clone(), me.clone()];
    if let std::ops::ControlFlow::Break(Err(e)) = schema().dispatch(deps).await {
        state.metrics.error(CHANNEL, "send");
        tracing::warn!("a Telegram reply failed: {e}");
    }
}

/// The key a Telegram user is counted under (and, hashed, stored under): the sender, so that
/// people in one group have their own context, feedback and erasure.
fn user_key(user: u64) -> String {
    format!("{CHANNEL}:{user}")
}

/// The stored (hashed) form of a Telegram user.
pub(super) fn stored_user(state: &State, user: u64) -> String {
    crate::service::user(&state.store, CHANNEL, &user.to_string())
}

/// Who sent a message: the user, or the chat for posts without a sender (channels).
pub(super) fn sender(msg: &Message) -> u64 {
    msg.from.as_ref().map(|u| u.id.0).unwrap_or(msg.chat.id.0.unsigned_abs())
}

/// Applies the rate limit; false when the message must not be answered (after a single
/// "slow down" reply).
pub(super) async fn admitted(bot: &Tg, state: &Arc<State>, chat: ChatId, user: u64) -> ResponseResult<bool> {
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
pub(super) async fn answer_question(
    bot: &Tg,
    chat: ChatId,
    user: u64,
    state: &Arc<State>,
    question: &str,
) -> ResponseResult<()> {
    match state.answer(CHANNEL, Some(user.to_string()), question.to_owned()).await {
        Ok(answered) => send_answer(bot, chat, &answered.answer, answered.answer_id.as_deref()).await,
        Err(e) => {
            tracing::error!("answering a Telegram message failed: {e}");
            Ok(())
        }
    }
}

/// Sends an answer as HTML messages; the last one carries the buttons.
pub(super) async fn send_answer(
    bot: &Tg,
    chat: ChatId,
    answer: &Answer,
    answer_id: Option<&str>,
) -> ResponseResult<()> {
    let rendered = render::render(answer);
    let keyboard = answer_id.map(|id| buttons::keyboard(answer, id, &rendered));
    let last = rendered.messages.len().saturating_sub(1);
    for (i, html) in rendered.messages.iter().enumerate() {
        let markup = if i == last { keyboard.clone() } else { None };
        send_html(bot, chat, html, markup).await?;
    }
    Ok(())
}

/// Button text: Telegram shows about 64 characters.
pub(super) fn short(text: &str) -> String {
    /// Characters a button shows comfortably.
    const BUTTON_CHARS: usize = 60;
    render::preview(text, BUTTON_CHARS).0
}

/// Sends HTML; when Telegram cannot parse it, the same text again as plain text.
pub(super) async fn send_html(
    bot: &Tg,
    chat: ChatId,
    html: &str,
    markup: Option<InlineKeyboardMarkup>,
) -> ResponseResult<()> {
    match bot.send(chat, html, true, markup.as_ref()).await {
        Err(RequestError::Api(ApiError::CantParseEntities(why))) => {
            tracing::warn!("Telegram refused HTML ({why}); sent as plain text");
            bot.send(chat, &render::to_plain(html), false, markup.as_ref()).await
        }
        sent => sent,
    }
}

/// Sends plain text, split within Telegram's limit.
pub(super) async fn send_plain(bot: &Tg, chat: ChatId, text: &str) -> ResponseResult<()> {
    for piece in crate::split::split(text, render::MAX_MESSAGE, &crate::split::utf16_len) {
        bot.send(chat, &piece, false, None).await?;
    }
    Ok(())
}

/// The reply to a store call for the user; the store's failure is logged (`what` failed) and
/// told politely.
pub(super) fn told(done: crate::store::Result<&'static str>, what: &str) -> &'static str {
    done.unwrap_or_else(|e| {
        tracing::warn!("cannot {what}: {e}");
        messages::TELEGRAM_STORE_UNAVAILABLE
    })
}
