//! The bot's commands (`/start`, `/help`, `/mucluc`, `/coquan`, `/nguon`, `/gopy`,
//! `/xoadulieu`) and their menu; the menus answer through buttons (`buttons`).

use super::handlers::{admitted, send_html, send_plain, sender, short, stored_user, told};
use super::render::escape;
use super::{CHANNEL, Tg};
use crate::app::{State, now};
use crate::messages;
use crate::service;
use std::sync::Arc;
use teloxide::prelude::*;
use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup};
use teloxide::utils::command::BotCommands;

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

/// Registers the command menu (Vietnamese descriptions); a failure is logged, not fatal.
pub async fn register_commands(bot: &Tg) {
    let menu = messages::TELEGRAM_COMMANDS.iter().map(|(c, d)| teloxide::types::BotCommand::new(*c, *d));
    if let Err(e) = bot.bot().set_my_commands(menu).await {
        tracing::warn!("could not register the command menu: {e}");
    }
}

/// A menu: one button a row.
fn menu(rows: impl Iterator<Item = (String, String)>) -> InlineKeyboardMarkup {
    InlineKeyboardMarkup::new(rows.map(|(text, data)| vec![InlineKeyboardButton::callback(text, data)]))
}

pub(super) async fn on_command(bot: Tg, msg: Message, cmd: Cmd, state: Arc<State>) -> ResponseResult<()> {
    let (chat, user) = (msg.chat.id, sender(&msg));
    if !admitted(&bot, &state, chat, user).await? {
        return Ok(());
    }
    let kb = state.engine.knowledge();
    match cmd {
        Cmd::Start => {
            let greeting = kb.smalltalk_reply("greeting");
            let examples = state.engine.examples();
            let rows = examples.iter().enumerate().map(|(i, q)| (short(q), format!("e:{i}")));
            let text = format!("{}\n\n{}", escape(&greeting), escape(messages::TELEGRAM_EXAMPLES));
            send_html(&bot, chat, &text, Some(menu(rows))).await
        }
        Cmd::Help => {
            let help = kb.smalltalk_reply("help");
            let lines: Vec<String> = messages::TELEGRAM_COMMANDS.iter().map(|(c, d)| format!("/{c} — {d}")).collect();
            send_plain(&bot, chat, &format!("{help}\n\n{}", lines.join("\n"))).await
        }
        Cmd::Mucluc => {
            let sections = state.engine.table_of_contents();
            let rows = sections.into_iter().map(|(i, title)| (short(&title), format!("m:{i}")));
            send_html(&bot, chat, &escape(messages::TELEGRAM_CONTENTS), Some(menu(rows))).await
        }
        Cmd::Coquan => {
            let rows = kb
                .agencies
                .iter()
                .enumerate()
                .filter(|(_, a)| !kb.duties_of(&a.id).is_empty())
                .map(|(i, a)| (short(&a.name), format!("c:{i}")));
            send_html(&bot, chat, &escape(messages::TELEGRAM_AGENCIES), Some(menu(rows))).await
        }
        Cmd::Nguon => {
            let Some(source) = kb.sources.first() else { return Ok(()) };
            let text = messages::telegram_source(&source.title, &source.publisher, &source.published, &source.author);
            send_plain(&bot, chat, &text).await
        }
        Cmd::Gopy(text) => {
            let user = stored_user(&state, user);
            let done = state.with_store(move |store| service::comment(store, CHANNEL, &user, &text, now())).await;
            send_plain(&bot, chat, told(done, "store a comment")).await
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
