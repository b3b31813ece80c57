//! `hoidap chat`: one conversation over standard input, remembered in the store per user, with
//! the terminal's commands for feedback (/tot, /chuatot), comments (/gopy) and erasure
//! (/xoadulieu).

use crate::app::now;
use crate::core::{Engine, render};
use crate::messages;
use crate::service;
use crate::store::{Store, Turn, Verdict};
use anyhow::{Context as _, Result};
use std::io::{BufRead, IsTerminal, Write};
use std::process::ExitCode;

/// The channel name turns from the terminal are recorded under.
const CHANNEL: &str = "cli";

pub fn run(engine: &Engine, store: &Store, user: &str, json: bool) -> Result<ExitCode> {
    let user = service::user(store, CHANNEL, user);
    let interactive = std::io::stdin().is_terminal() && !json;
    let mut out = std::io::stdout().lock();
    if interactive {
        writeln!(out, "{}\n", messages::CHAT_WELCOME)?;
    }
    let mut last: Option<Turn> = None;
    let mut lines = std::io::stdin().lock().lines();
    loop {
        if interactive {
            write!(out, "{}", messages::CHAT_PROMPT)?;
            out.flush()?;
        }
        let Some(line) = lines.next() else { break };
        let line = line.context("reading standard input")?;
        let trimmed = line.trim();
        if messages::CHAT_QUIT_COMMANDS.contains(&trimmed) {
            break;
        }
        if let Some(reply) = command(store, &user, trimmed, &mut last)? {
            if json {
                serde_json::to_writer(&mut out, &serde_json::json!({ "command": trimmed, "text": reply }))?;
                writeln!(out)?;
            } else {
                writeln!(out, "{}{}\n", if interactive { messages::CHAT_BOT } else { "" }, reply)?;
            }
            continue;
        }
        // Recorded (and flushed when it matters) before the reply is shown.
        let service::Reply { answer, turn } = service::answer(engine, store, CHANNEL, &user, &line, now())?;
        if json {
            let mut reply = render::JsonReply::new(&answer);
            reply.answer_id = Some(&turn.answer_id);
            serde_json::to_writer(&mut out, &reply)?;
            writeln!(out)?;
        } else {
            if interactive {
                write!(out, "\n{}", messages::CHAT_BOT)?;
            }
            writeln!(out, "{}", render::plain(&answer))?;
            if interactive && answer.intent != crate::core::Intent::Smalltalk {
                writeln!(out, "{}", messages::chat_rating_hint(&turn.answer_id))?;
            }
            writeln!(out)?;
        }
        out.flush()?;
        last = Some(turn);
    }
    if interactive {
        writeln!(out, "\n{}", messages::CHAT_BYE)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Handles a chat command; `None` when the line is a question.
fn command(store: &Store, user: &str, line: &str, last: &mut Option<Turn>) -> Result<Option<&'static str>> {
    let (name, rest) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
    let verdict = match name {
        "/tot" => Some(Verdict::Up),
        "/chuatot" => Some(Verdict::Down),
        _ => None,
    };
    if let Some(verdict) = verdict {
        let Some(turn) = last.as_ref() else { return Ok(Some(messages::CHAT_NOTHING_TO_RATE)) };
        return Ok(Some(service::feedback(store, user, turn, verdict, now())?));
    }
    match name {
        "/gopy" => Ok(Some(service::comment(store, CHANNEL, user, rest, now())?)),
        "/xoadulieu" => {
            let reply = service::forget(store, user)?;
            *last = None;
            Ok(Some(reply))
        }
        _ if name.starts_with('/') && name.len() > 1 && !name[1..].contains('/') => Ok(Some(messages::CHAT_COMMANDS)),
        _ => Ok(None),
    }
}
