//! The workload: questions drawn from the evaluation set, and the replies the bot must give,
//! computed with the same engine and renderers.

use crate::Channel;
use hoidap::core::{Context, Engine};
use std::path::{Path, PathBuf};

/// One question of a conversation and the messages its reply must consist of.
pub struct Turn {
    pub question: String,
    pub expected: Vec<String>,
}

/// The workload: `updates` questions from `chats` conversations, drawn from the evaluation set,
/// with the replies the bot must give.
pub fn workload(engine: &Engine, pool: &[String], path: Channel, updates: usize, chats: usize) -> Vec<Vec<Turn>> {
    (0..chats)
        .map(|c| {
            let turns = updates / chats + usize::from(c < updates % chats);
            let mut context = Context::default();
            (0..turns)
                .map(|k| {
                    // A fixed, well-spread choice: every run offers the same questions.
                    let question = pool[(c * 7919 + k * 104_729) % pool.len()].clone();
                    let answer = engine.answer(&question, &context);
                    let expected = match path {
                        Channel::Telegram => hoidap::telegram::render::render(&answer).messages,
                        // One message with query buttons when it has buttons and fits; else the
                        // plain text in pieces (as `zalo::reply` sends them).
                        Channel::ZaloOa => {
                            let oa = hoidap::zalo::oa_reply(&answer);
                            if !oa.buttons.is_empty() && oa.text.chars().count() <= hoidap::zalo::MAX_TEXT {
                                vec![oa.text]
                            } else {
                                hoidap::zalo::pieces(&hoidap::zalo::text(&answer))
                            }
                        }
                    };
                    context = answer.context;
                    Turn { question, expected }
                })
                .collect()
        })
        .collect()
}

/// Every `q = "…"` of the evaluation files.
pub fn questions(dir: &Path) -> anyhow::Result<Vec<String>> {
    let mut pool = Vec::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| anyhow::anyhow!("cannot read the questions folder {}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    for file in files {
        let text = std::fs::read_to_string(&file)?;
        let doc: toml::Table = toml::from_str(&text).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
        for case in doc.get("case").and_then(|c| c.as_array()).into_iter().flatten() {
            if let Some(q) = case.get("q").and_then(|q| q.as_str()) {
                pool.push(q.to_owned());
            }
        }
    }
    anyhow::ensure!(!pool.is_empty(), "no questions (`q = …`) in {}", dir.display());
    Ok(pool)
}
