//! The layout of a published plan: the page's header (publisher, time, title), the body, the
//! byline and footer, and the body's headings (Roman-numeral and capitalised parts, numbered
//! and lettered items) and paragraphs (dash and plus bullets, plain paragraphs).

use super::lang;
use super::text::{date_at, folded_words, is_capitals, word_count};
use crate::text::nfc;

/// One non-empty line of the source.
#[derive(Debug, Clone)]
pub struct Line {
    /// 1-based line number in the source file.
    pub no: usize,
    /// The line, NFC, trimmed.
    pub text: String,
}

/// How a line is marked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mark {
    /// "I. …", "II. …" or a line in capitals: a part.
    Part(String),
    /// "1. …", "2.3. …", "1) …".
    Numbered(String),
    /// "a) …", "b. …".
    Lettered(String),
    /// "- …", "– …", "• …".
    Dash,
    /// "+ …".
    Plus,
    /// No mark.
    Plain,
}

/// The most words a numbered or lettered line has when it is only a heading.
pub const HEADING_MAX_WORDS: usize = 30;
/// The most words of a line in capitals that is a part heading.
pub const PART_MAX_WORDS: usize = 20;
/// The fewest words of the first paragraph of the body (the title and the metadata are shorter
/// or have no sentence end).
pub const BODY_MIN_WORDS: usize = 12;
/// The most words of a byline ("Hà Chi").
pub const BYLINE_MAX_WORDS: usize = 5;

const ROMAN: [&str; 12] = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"];

/// The mark of a line and the byte length of the mark (with the space after it).
pub fn mark(text: &str) -> (Mark, usize) {
    let (head, rest) = text.split_once(' ').unwrap_or((text, ""));
    if !rest.is_empty() {
        if let Some(n) = head.strip_suffix('.').or_else(|| head.strip_suffix(')')) {
            if ROMAN.contains(&n) {
                return (Mark::Part(head.to_owned()), head.len() + 1);
            }
            let numbered = !n.is_empty()
                && n.split('.').all(|p| !p.is_empty() && p.len() <= 2 && p.bytes().all(|b| b.is_ascii_digit()));
            if numbered {
                return (Mark::Numbered(head.to_owned()), head.len() + 1);
            }
            let mut chars = n.chars();
            if let (Some(c), None) = (chars.next(), chars.next()) {
                if c.is_lowercase() && c.is_alphabetic() {
                    return (Mark::Lettered(head.to_owned()), head.len() + 1);
                }
            }
        }
        match head {
            "-" | "–" | "•" | "*" => return (Mark::Dash, head.len() + 1),
            "+" => return (Mark::Plus, head.len() + 1),
            _ => {}
        }
    }
    if is_capitals(text) && word_count(text) <= PART_MAX_WORDS && !text.ends_with('.') {
        return (Mark::Part(String::new()), 0);
    }
    (Mark::Plain, 0)
}

/// The non-empty lines of `text`, NFC and trimmed, with their numbers.
pub fn lines(text: &str) -> Vec<Line> {
    text.lines()
        .enumerate()
        .map(|(i, l)| Line { no: i + 1, text: nfc(l.trim()) })
        .filter(|l| !l.text.is_empty())
        .collect()
}

/// Where the parts of the page are, as indexes into the lines.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    /// The first line of the body.
    pub body_start: usize,
    /// The last line of the body (the byline when there is one), inclusive.
    pub body_end: usize,
    /// The byline, when the last body line is a name.
    pub byline: Option<usize>,
    /// The title line in the header, when found.
    pub title: Option<usize>,
    /// The line giving the publication time, and the time itself.
    pub published: Option<(usize, String)>,
    /// The publisher: the first line of the header, when there is a header.
    pub publisher: Option<usize>,
    /// False when the body start was not recognised and the whole text is taken as the body.
    pub body_found: bool,
}

fn folded_starts(text: &str, prefixes: &[&str]) -> bool {
    let f = folded_words(text);
    prefixes.iter().any(|p| f == *p || f.starts_with(&format!("{p} ")))
}

/// True when the line looks like the body's first paragraph: a sentence of some length.
fn is_body_paragraph(text: &str) -> bool {
    let (m, _) = mark(text);
    m == Mark::Plain
        && word_count(text) >= BODY_MIN_WORDS
        && text.trim_end().ends_with(['.', ';', ':', '”', '"'])
        && !folded_starts(text, lang::PUBLISHED_LABELS)
}

/// A byline: a short name, every word capitalised, no digits or punctuation.
fn is_byline(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    !words.is_empty()
        && words.len() <= BYLINE_MAX_WORDS
        && words.iter().all(|w| w.chars().next().is_some_and(char::is_uppercase) && w.chars().all(char::is_alphabetic))
        && !is_capitals(text)
}

/// The publication time on a metadata line: what follows the label, or a date on the line.
fn published_on(text: &str) -> Option<String> {
    if folded_starts(text, lang::PUBLISHED_LABELS) {
        if let Some((_, v)) = text.split_once(':') {
            return Some(v.trim().to_owned());
        }
    }
    let at = text.char_indices().map(|(i, _)| i).find(|&i| date_at(&text[i..]).is_some())?;
    (word_count(text) <= 6).then(|| text[at..].trim().to_owned())
}

/// Finds the header, body and footer of the page.
pub fn layout(lines: &[Line]) -> Layout {
    let mut l = Layout { body_end: lines.len().saturating_sub(1), ..Layout::default() };
    let start = lines.iter().position(|x| is_body_paragraph(&x.text));
    l.body_found = start.is_some();
    l.body_start = start.unwrap_or(0);
    // The footer: the first footer line after the body start.
    let footer = lines
        .iter()
        .enumerate()
        .skip(l.body_start + 1)
        .find(|(_, x)| folded_starts(&x.text, lang::FOOTER_LINES))
        .map(|(i, _)| i);
    if let Some(f) = footer {
        l.body_end = f.saturating_sub(1).max(l.body_start);
    }
    if l.body_end > l.body_start && is_byline(&lines[l.body_end].text) {
        l.byline = Some(l.body_end);
    }
    let header = &lines[..l.body_start];
    l.published = header.iter().enumerate().find_map(|(i, x)| published_on(&x.text).map(|p| (i, p)));
    // The title: the last header line that is neither the publication time nor in capitals.
    l.title = (0..header.len()).rev().find(|&i| {
        l.published.as_ref().is_none_or(|(p, _)| *p != i)
            && !is_capitals(&header[i].text)
            && word_count(&header[i].text) >= 4
    });
    l.publisher = (!header.is_empty() && l.title != Some(0)).then_some(0);
    l
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks() {
        let cases: &[(&str, Mark)] = &[
            ("I. MỤC ĐÍCH", Mark::Part("I.".into())),
            ("NỘI DUNG TRIỂN KHAI THỰC HIỆN", Mark::Part(String::new())),
            ("1. Sở Nội vụ", Mark::Numbered("1.".into())),
            ("2.1. Mầm non", Mark::Numbered("2.1.".into())),
            ("a) Giáo dục", Mark::Lettered("a)".into())),
            ("- Tiếp tục", Mark::Dash),
            ("+ Rà soát", Mark::Plus),
            ("Ngày 30/12/2024, Ủy ban", Mark::Plain),
            ("30/12/2024 là ngày", Mark::Plain),
        ];
        for (text, want) in cases {
            assert_eq!(&mark(text).0, want, "{text}");
        }
    }
}
