//! The addressee of a message ("Kính gửi Ban biên tập, …", "Ban biên tập ơi, …"), dropped
//! before its question is read.

use super::{boundary, lang};
use crate::core::analyze::phrases::FoldedPhrases;
use crate::text::Token;
use std::sync::LazyLock;

/// The message without whom it is sent to ("Đề nghị Ban biên tập cho biết …", "Kính gửi Ban
/// biên tập, …", "Ban biên tập ơi, …"): the addressee, opening the message or after the words
/// that address it, and before a request or a comma, is not what is asked.
/// `tokens` are `text::tokenize(typed)`.
pub(super) fn without_addressee(typed: &str, tokens: &[Token]) -> Option<String> {
    let folded: Vec<&str> = tokens.iter().map(|t| t.folded.as_str()).collect();
    for i in 0..tokens.len() {
        // Also the readers called by name ("mọi người ơi, …", "cả nhà cho hỏi …").
        let Some(n) = ADDRESSEES.at(&folded[i..]) else { continue };
        let mut j = i + n;
        let opened = i == 0
            || boundary(typed, tokens[i - 1].end, tokens[i].start)
            || lang::ADDRESSING_BEFORE.contains(&folded[i - 1]);
        let asked = j < tokens.len()
            && (boundary(typed, tokens[j - 1].end, tokens[j].start) || ADDRESSING_AFTER.at(&folded[j..]).is_some());
        if !(opened && asked) {
            continue;
        }
        if folded[j] == lang::CALLING {
            j += 1;
        }
        let rest = if j < tokens.len() { &typed[tokens[j].start..] } else { "" };
        return Some(format!("{} {rest}", &typed[..tokens[i].start]));
    }
    None
}

/// [`lang::ADDRESSEES`], then [`lang::VOCATIVE_PHRASES`], by first word.
static ADDRESSEES: LazyLock<FoldedPhrases> =
    LazyLock::new(|| FoldedPhrases::new(&[lang::ADDRESSEES, lang::VOCATIVE_PHRASES]));

/// [`lang::ADDRESSING_AFTER`], by first word.
static ADDRESSING_AFTER: LazyLock<FoldedPhrases> = LazyLock::new(|| FoldedPhrases::new(&[lang::ADDRESSING_AFTER]));
