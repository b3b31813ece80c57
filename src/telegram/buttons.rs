//! The buttons under answers and menus, and what a press does. Callback data are short ids (at
//! most 64 bytes), never text: `e:` an example question, `m:` a section of the table of
//! contents, `c:` an agency, `p` the next page of a long list, `s:`/`q:` a suggestion or a full quote of a recorded answer,
//! `f:` 👍/👎 on it, `x:` the answer to "erase my data?".

use super::Tg;
use super::handlers::{admitted, answer_question, send_answer, send_html, send_plain, stored_user, told};
use super::render::{self, escape};
use crate::app::{State, now};
use crate::core::{Answer, Intent};
use crate::knowledge::Citable;
use crate::messages;
use crate::service;
use crate::store::Verdict;
use std::sync::Arc;
use teloxide::prelude::*;
use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup};

/// Buttons per row: several sources, two suggestions; never a column of single buttons.
const QUOTES_PER_ROW: usize = 4;
const SUGGESTIONS_PER_ROW: usize = 2;
/// Characters of a suggestion a half-width button shows.
const SUGGESTION_CHARS: usize = 30;

/// Buttons under an answer: suggestions two to a row, "Nguyên văn [n]" several to a row, and
/// "Xem thêm" with 👍/👎 on one row.
pub(super) fn keyboard(answer: &Answer, answer_id: &str, rendered: &super::render::Rendered) -> InlineKeyboardMarkup {
    let suggestions: Vec<InlineKeyboardButton> = answer
        .suggestions
        .iter()
        .enumerate()
        .map(|(i, s)| {
            InlineKeyboardButton::callback(render::preview(s, SUGGESTION_CHARS).0, format!("s:{answer_id}:{i}"))
        })
        .collect();
    let quotes: Vec<InlineKeyboardButton> = rendered
        .quote_buttons
        .iter()
        .map(|&(shown, full)| {
            InlineKeyboardButton::callback(messages::telegram_full_quote(shown), format!("q:{answer_id}:{full}"))
        })
        .collect();
    let mut rows: Vec<Vec<InlineKeyboardButton>> = Vec::new();
    rows.extend(suggestions.chunks(SUGGESTIONS_PER_ROW).map(<[_]>::to_vec));
    rows.extend(quotes.chunks(QUOTES_PER_ROW).map(<[_]>::to_vec));
    let mut last = Vec::new();
    if rendered.more > 0 {
        last.push(InlineKeyboardButton::callback(messages::telegram_more(rendered.more), "p".to_owned()));
    }
    if answer.intent != Intent::Smalltalk {
        last.push(InlineKeyboardButton::callback("👍", format!("f:{answer_id}:u")));
        last.push(InlineKeyboardButton::callback("👎", format!("f:{answer_id}:d")));
    }
    if !last.is_empty() {
        rows.push(last);
    }
    InlineKeyboardMarkup::new(rows)
}

pub(super) async fn on_callback(bot: Tg, q: CallbackQuery, state: Arc<State>) -> ResponseResult<()> {
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
    let expired = messages::TELEGRAM_BUTTON_EXPIRED;
    match parts.as_slice() {
        ["p"] => answer_question(&bot, chat, user, &state, messages::MORE_QUERY).await,
        ["e", i] => match i.parse::<usize>().ok().and_then(|i| state.engine.examples().into_iter().nth(i)) {
            Some(question) => answer_question(&bot, chat, user, &state, &question).await,
            None => send_plain(&bot, chat, expired).await,
        },
        ["m", i] => match section_answer(&state, i).await {
            Some(answer) => send_answer(&bot, chat, &answer, None).await,
            None => send_plain(&bot, chat, expired).await,
        },
        ["c", i] => match i.parse::<usize>().ok().and_then(|i| kb.agencies.get(i)) {
            Some(a) => answer_question(&bot, chat, user, &state, &messages::agency_question(&a.name)).await,
            None => send_plain(&bot, chat, expired).await,
        },
        ["s", id, i] => {
            // The suggestions shown are recorded with the turn.
            let turn = recorded(&state, id).await;
            let suggestion = turn.and_then(|t| i.parse::<usize>().ok().and_then(|i| t.suggestions.get(i).cloned()));
            match suggestion {
                Some(s) => answer_question(&bot, chat, user, &state, &s).await,
                None => send_plain(&bot, chat, expired).await,
            }
        }
        ["q", id, n] => {
            let turn = recorded(&state, id).await;
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
                None => send_plain(&bot, chat, expired).await,
            }
        }
        ["f", id, verdict] => {
            let Some(turn) = recorded(&state, id).await else { return send_plain(&bot, chat, expired).await };
            let verdict = if *verdict == "u" { Verdict::Up } else { Verdict::Down };
            let user = stored_user(&state, user);
            let done = state.with_store(move |store| service::feedback(store, &user, &turn, verdict, now())).await;
            send_plain(&bot, chat, told(done, "store feedback")).await
        }
        ["x", "yes"] => {
            let user = stored_user(&state, user);
            let done = state.with_store(move |store| service::forget(store, &user)).await;
            send_plain(&bot, chat, told(done, "erase a user's data")).await
        }
        ["x", "no"] => send_plain(&bot, chat, messages::TELEGRAM_ERASE_KEPT).await,
        _ => send_plain(&bot, chat, expired).await,
    }
}

/// The answer listing a section of the table of contents, composed on the blocking pool like
/// every other answer (never on an async worker); `None` for an index that names no section.
async fn section_answer(state: &Arc<State>, index: &str) -> Option<Answer> {
    let index = index.parse::<usize>().ok()?;
    let state = state.clone();
    tokio::task::spawn_blocking(move || state.engine.section_answer(index)).await.ok().flatten()
}

/// The turn a button refers to, read off the async workers; `None` when it is gone or the store
/// cannot be read (the button is then told expired).
async fn recorded(state: &Arc<State>, id: &str) -> Option<crate::store::Turn> {
    let id = id.to_owned();
    state.with_store(move |store| store.turn(&id)).await.ok().flatten()
}
