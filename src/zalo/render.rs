//! Zalo replies in plain text, made for a phone: the answer first (a long list's first page),
//! short source labels, and one line saying how to see the quotes in full ("nguồn").

use crate::core::{Answer, page};
use crate::messages;

/// The reply to `answer` on Zalo (Bot platform and Official Account). Suggestions are listed
/// only where they are the reply's substance: a declined or a doubtful answer.
pub fn text(answer: &Answer) -> String {
    let page = page::first_page(answer);
    let mut out = page.body.trim().to_owned();
    if page.more > 0 {
        out.push('\n');
        out.push_str(&messages::zalo_more_line(page.more));
    }
    if !page.citations.is_empty() {
        out.push_str("\n\n");
        out.push_str(messages::ZALO_SOURCES);
        for (i, c) in page.citations.iter().enumerate() {
            out.push_str(&format!(" [{}] {}", i + 1, c.label));
            out.push(if i + 1 == page.citations.len() { '.' } else { ';' });
        }
        out.push('\n');
        out.push_str(messages::ZALO_QUOTES_ON_REQUEST);
    }
    if !answer.answered || answer.low_confidence {
        crate::core::render::push_suggestions(&mut out, answer);
    }
    out
}
