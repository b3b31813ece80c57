//! Telegram replies: the answer first as HTML (every dynamic string escaped: agency names
//! contain "&"; a long list shows its first page), the sources folded in an expandable block
//! quotation (label in bold, the sentence that matters), split into messages Telegram accepts: at most 4096 UTF-16 code units each, cut only
//! between balanced blocks or at paragraph, sentence and word boundaries.

use crate::core::Answer;
use crate::messages;
use crate::split::{split, utf16_len};

/// Telegram's limit on one message's text.
pub const MAX_MESSAGE: usize = 4096;
/// Quotes longer than this (characters) are shown cut, with the whole text behind a button.
pub const QUOTE_PREVIEW_CHARS: usize = 280;

/// The entity that stands for a character Telegram's HTML mode reserves.
fn entity(b: u8) -> Option<&'static str> {
    match b {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        b'"' => Some("&quot;"),
        _ => None,
    }
}

/// Escapes text for Telegram's HTML parse mode. The reserved characters are ASCII, so the text
/// is copied in runs between them, byte-wise.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        if let Some(e) = entity(b) {
            out.push_str(&text[start..i]);
            out.push_str(e);
            start = i + 1;
        }
    }
    out.push_str(&text[start..]);
    out
}

/// `utf16_len(&escape(text))`, without building the escaped text.
pub fn escaped_utf16_len(text: &str) -> usize {
    let entities: usize = text.bytes().filter_map(entity).map(|e| e.len() - 1).sum();
    utf16_len(text) + entities
}

/// The beginning of `text` up to `max` characters, cut at a word boundary, with "…".
pub fn preview(text: &str, max: usize) -> (String, bool) {
    // One pass over the first `max + 1` characters, however long the text.
    let Some((end, next)) = text.char_indices().nth(max) else { return (text.to_owned(), false) };
    let cut = &text[..end];
    // Back up to the last space unless the cut already falls before one (never below half).
    let next_is_space = next.is_whitespace();
    let at_word = if next_is_space {
        cut.len()
    } else {
        cut.rfind(char::is_whitespace).filter(|&i| i > cut.len() / 2).unwrap_or(cut.len())
    };
    (format!("{}…", cut[..at_word].trim_end()), true)
}

/// An answer rendered for Telegram.
#[derive(Debug, Clone, PartialEq)]
pub struct Rendered {
    /// The messages to send, in order, each valid HTML within [`MAX_MESSAGE`].
    pub messages: Vec<String>,
    /// "Nguyên văn" buttons: (the number shown, the 1-based position in `answer.citations`).
    pub quote_buttons: Vec<(usize, usize)>,
    /// List items a "Xem thêm" button continues with (0: none).
    pub more: usize,
}

/// Characters of a citation's quote shown in the folded sources (its sentence that matters).
pub const FOLDED_QUOTE_CHARS: usize = 200;

/// Renders an answer for a phone: the answer first (its first page when it is a long list),
/// then the sources folded in an expandable block quotation, one short line each. Suggestions
/// and whole quotes are buttons ([`Rendered::quote_buttons`]).
pub fn render(answer: &Answer) -> Rendered {
    let page = crate::core::page::first_page(answer);
    let mut blocks: Vec<String> = Vec::new();
    for paragraph in page.body.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
        // Split the plain text first, then escape each piece: a cut never falls inside "&amp;".
        blocks.extend(split(paragraph, MAX_MESSAGE, &escaped_utf16_len).iter().map(|p| escape(p)));
    }
    if page.more > 0 {
        blocks.push(format!("<i>{}</i>", escape(&messages::telegram_more_line(page.more))));
    }
    if !answer.answered && !answer.suggestions.is_empty() {
        blocks.push(format!("<i>{}</i>", escape(messages::SUGGESTIONS_HEADING)));
    }
    let mut quote_buttons = Vec::new();
    let lines: Vec<String> = page
        .citations
        .iter()
        .enumerate()
        .map(|(i, c)| {
            if let Some(full) = answer.citations.iter().position(|a| a.id == c.id) {
                quote_buttons.push((i + 1, full + 1));
            }
            let (quote, _) = preview(&c.quote, FOLDED_QUOTE_CHARS);
            format!("[{}] <b>{}</b>: “{}”", i + 1, escape(&c.label), escape(&quote))
        })
        .collect();
    // The folded sources: one block quotation, or several when they do not fit one message.
    let mut folded = String::new();
    for line in lines {
        let heading = format!("<b>{}</b>", escape(messages::SOURCES_FOLDED));
        let open = if folded.is_empty() { heading } else { std::mem::take(&mut folded) };
        let candidate = format!("{open}\n{line}");
        if utf16_len(&candidate) + 40 > MAX_MESSAGE {
            blocks.push(format!("<blockquote expandable>{open}</blockquote>"));
            folded = line;
        } else {
            folded = candidate;
        }
    }
    if !folded.is_empty() {
        blocks.push(format!("<blockquote expandable>{folded}</blockquote>"));
    }
    Rendered { messages: pack(&blocks), quote_buttons, more: page.more }
}

/// Packs balanced blocks into messages within the limit, in order.
fn pack(blocks: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    for block in blocks {
        let sep = if current.is_empty() {
            ""
        } else if block.starts_with("<b>") || block.starts_with("<blockquote") {
            "\n\n"
        } else {
            "\n"
        };
        if !current.is_empty() && utf16_len(&current) + utf16_len(sep) + utf16_len(block) > MAX_MESSAGE {
            out.push(std::mem::take(&mut current));
            current.push_str(block);
        } else {
            current.push_str(sep);
            current.push_str(block);
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Plain text for a fallback when Telegram refuses the HTML: the same messages, tags removed
/// and entities decoded.
pub fn to_plain(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(c) = rest.chars().next() {
        if c == '<' {
            match rest.find('>') {
                Some(end) => rest = &rest[end + 1..],
                None => {
                    out.push_str(rest);
                    break;
                }
            }
            continue;
        }
        if c == '&' {
            let entity = ["&amp;", "&lt;", "&gt;", "&quot;"].into_iter().find(|e| rest.starts_with(e));
            if let Some(e) = entity {
                out.push(match e {
                    "&amp;" => '&',
                    "&lt;" => '<',
                    "&gt;" => '>',
                    _ => '"',
                });
                rest = &rest[e.len()..];
                continue;
            }
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// Whether Telegram's HTML parse mode accepts `html`: only its tags, properly nested, and
/// every `&` starting a known entity.
pub fn is_valid_html(html: &str) -> bool {
    const TAGS: [&str; 8] = ["b", "i", "u", "s", "code", "pre", "blockquote", "tg-spoiler"];
    let mut open: Vec<&str> = Vec::new();
    let mut rest = html;
    while let Some(c) = rest.chars().next() {
        match c {
            '<' => {
                let Some(end) = rest.find('>') else { return false };
                let tag = &rest[1..end];
                if let Some(name) = tag.strip_prefix('/') {
                    if open.pop() != Some(name) {
                        return false;
                    }
                } else if TAGS.contains(&tag) {
                    open.push(tag);
                } else if tag == "blockquote expandable" {
                    open.push("blockquote");
                } else {
                    return false;
                }
                rest = &rest[end + 1..];
            }
            '>' => return false,
            '&' => {
                let Some(end) = rest.find(';') else { return false };
                let name = &rest[1..end];
                let known = matches!(name, "amp" | "lt" | "gt" | "quot")
                    || name.strip_prefix('#').is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
                if !known {
                    return false;
                }
                rest = &rest[end + 1..];
            }
            _ => rest = &rest[c.len_utf8()..],
        }
    }
    open.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_covers_html_specials() {
        assert_eq!(escape("Sở GD&ĐT <b>"), "Sở GD&amp;ĐT &lt;b&gt;");
        assert!(is_valid_html(&escape("a & b </i> <script> \"x\"")));
    }

    #[test]
    fn the_validator_refuses_what_telegram_refuses() {
        for bad in ["<b>x", "x</i>", "<b><i>x</b></i>", "<script>", "a & b", "&nbsp;", "a > b", "<a href=x>y</a>"] {
            assert!(!is_valid_html(bad), "{bad}");
        }
        for good in ["<b>x</b>", "<b><i>x</i></b>", "&amp;&lt;&#128512;", "plain"] {
            assert!(is_valid_html(good), "{good}");
        }
    }

    #[test]
    fn preview_cuts_at_a_word() {
        let (p, cut) = preview("một hai ba bốn năm", 10);
        assert!(cut);
        assert_eq!(p, "một hai ba…");
        assert_eq!(preview("ngắn", 10), ("ngắn".to_owned(), false));
    }

    #[test]
    fn plain_fallback_drops_tags_and_decodes() {
        assert_eq!(to_plain("<b>Sở GD&amp;ĐT</b> &lt;3"), "Sở GD&ĐT <3");
    }
}
