//! Names in a paragraph: references to documents ("Kết luận số 91-KL/TW ngày 12/8/2024 của Bộ
//! Chính trị", "Đề án “…”", "Luật Ngân sách nhà nước") and agencies (known ones by name or
//! alias, new ones by the head of their name: "Sở …", "Ủy ban nhân dân …", "Trường …").

use super::lang;
use super::text::{bounded, date_at, find_all, find_all_nocase, folded_words, is_capitalised};
use crate::knowledge::Knowledge;

/// A reference to a document in a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocRef {
    /// Byte range of the whole reference (kind, number, date, issuer) in the paragraph.
    pub start: usize,
    pub end: usize,
    pub kind: &'static str,
    pub short: &'static str,
    /// As printed ("91- KL/TW"); empty for documents without a number.
    pub number: String,
    pub date: String,
    /// The title for titled documents (Đề án “…”, Luật …), as printed, without quotation marks.
    pub title: String,
    /// Byte range of the issuer's name after "của", when there is one.
    pub issuer: Option<(usize, usize)>,
}

impl DocRef {
    /// What identifies the document across paragraphs: its number without spaces, or its title.
    pub fn key(&self) -> String {
        if self.number.is_empty() {
            format!("{} {}", folded_words(self.kind), folded_words(&self.title))
        } else {
            number_key(&self.number)
        }
    }
}

/// "91- KL/TW" → "91-KL/TW" (upper case, no spaces).
pub fn number_key(number: &str) -> String {
    number.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_uppercase).collect()
}

/// The number after "số ": digits first, then letters, digits, '/', '-' ("91- KL/TW" too).
fn number_at(text: &str) -> Option<usize> {
    let mut end = 0;
    let mut chars = text.char_indices().peekable();
    let first = chars.peek().map(|&(_, c)| c)?;
    if !first.is_ascii_digit() {
        return None;
    }
    let mut seen_separator = false;
    while let Some(&(i, c)) = chars.peek() {
        if c.is_alphanumeric() || c == '/' || c == '-' {
            seen_separator |= c == '/' || c == '-';
            end = i + c.len_utf8();
            chars.next();
        } else if c == ' ' && text[..i].ends_with('-') && text[i + 1..].chars().next().is_some_and(char::is_uppercase) {
            // "91- KL/TW": a space after the dash, before the letters.
            chars.next();
        } else {
            break;
        }
    }
    let n = text[..end].trim_end_matches(['-', '/']);
    (seen_separator || n.bytes().all(|b| b.is_ascii_digit())).then_some(n.len())
}

/// A quoted title right after `at`: “…” or "…" (closing with either mark). Returns the title's
/// byte range and the end of the closing mark.
fn quoted_at(text: &str, at: usize) -> Option<(usize, usize, usize)> {
    let rest = &text[at..];
    let open = ["“", "\""].into_iter().find(|q| rest.starts_with(q))?;
    let from = at + open.len();
    let close = text[from..].find(['”', '"'])?;
    let end_mark = from + close + text[from + close..].chars().next()?.len_utf8();
    Some((from, from + close, end_mark))
}

/// Every document reference in `text`, in order.
pub fn documents(text: &str, kb: &Knowledge) -> Vec<DocRef> {
    let mut out: Vec<DocRef> = Vec::new();
    for &(kind, short) in lang::DOCUMENT_KINDS {
        for at in find_all(text, kind) {
            if out.iter().any(|d| at >= d.start && at < d.end) {
                continue;
            }
            let mut r = DocRef {
                start: at,
                end: at + kind.len(),
                kind,
                short,
                number: String::new(),
                date: String::new(),
                title: String::new(),
                issuer: None,
            };
            let after = &text[r.end..];
            let number_prefix = format!(" {} ", lang::NUMBER_WORD);
            if let Some(rest) = after.strip_prefix(number_prefix.as_str()) {
                let Some(n) = number_at(rest) else { continue };
                let from = r.end + number_prefix.len();
                r.number = text[from..from + n].to_owned();
                r.end = from + n;
            } else if let Some((a, b, end)) = after.strip_prefix(' ').and_then(|_| quoted_at(text, r.end + 1)) {
                r.title = text[a..b].to_owned();
                r.end = end;
            } else if kind == lang::LAW_KIND && after.strip_prefix(' ').is_some_and(is_capitalised) {
                // "Luật Ngân sách nhà nước": the words up to punctuation or a function word.
                let mut end = r.end;
                for (i, w) in word_spans(text, r.end) {
                    let bare = w.trim_end_matches([',', ';', '.', ':']);
                    if lang::FUNCTION_WORDS.contains(&bare) || !bare.chars().all(char::is_alphanumeric) {
                        break;
                    }
                    end = i + bare.len();
                    if bare.len() != w.len() {
                        break;
                    }
                }
                r.title = text[r.end + 1..end].to_owned();
                r.end = end;
            } else {
                continue;
            }
            let date_prefix = format!(" {} ", lang::DATE_WORD);
            if let Some(rest) = text[r.end..].strip_prefix(date_prefix.as_str()) {
                if let Some(n) = date_at(rest) {
                    let from = r.end + date_prefix.len();
                    r.date = text[from..from + n].to_owned();
                    r.end = from + n;
                }
            }
            let of_prefix = format!(" {} ", lang::OF_WORD);
            if let Some(rest) = text[r.end..].strip_prefix(of_prefix.as_str()) {
                let from = r.end + of_prefix.len();
                if let Some(a) = agency_at(rest, kb) {
                    r.issuer = Some((from, from + a.len));
                    r.end = from + a.len;
                }
            }
            out.push(r);
        }
    }
    out.sort_by_key(|d| d.start);
    out
}

/// The words of `text` from `from` on, with their byte offsets.
fn word_spans(text: &str, from: usize) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text[from..].char_indices() {
        let i = from + i;
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                out.push((s, &text[s..i]));
            }
        } else {
            start.get_or_insert(i);
        }
    }
    if let Some(s) = start {
        out.push((s, &text[s..]));
    }
    out
}

/// An agency named at a place in a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgencyMatch {
    pub len: usize,
    /// The id of a known agency, or `None` for a new one.
    pub known: Option<String>,
}

/// The names and aliases of the known agencies, longest first, with the case rule for each:
/// names match in any case, aliases as written (a short lower-case alias is often an ordinary
/// phrase). Aliases of one word are left out.
fn known_names(kb: &Knowledge) -> Vec<(&str, &str, bool)> {
    let mut names: Vec<(&str, &str, bool)> = Vec::new();
    for a in &kb.agencies {
        names.push((a.name.as_str(), a.id.as_str(), true));
        for alias in &a.aliases {
            if alias.split_whitespace().count() >= 2 && alias.chars().any(|c| c.is_alphabetic() && !c.is_ascii()) {
                names.push((alias.as_str(), a.id.as_str(), false));
            }
        }
    }
    names.sort_by_key(|(n, _, _)| std::cmp::Reverse(n.len()));
    names
}

/// The agency whose name starts `text`, if any.
pub fn agency_at(text: &str, kb: &Knowledge) -> Option<AgencyMatch> {
    agencies(text, kb).into_iter().find(|(at, _)| *at == 0).map(|(_, m)| m)
}

/// Every agency named in `text`: (byte offset, match), in order, not overlapping.
pub fn agencies(text: &str, kb: &Knowledge) -> Vec<(usize, AgencyMatch)> {
    let mut found: Vec<(usize, AgencyMatch)> = Vec::new();
    let free = |found: &[(usize, AgencyMatch)], at: usize, len: usize| {
        found.iter().all(|(s, m)| at + len <= *s || at >= s + m.len)
    };
    for (name, id, any_case) in known_names(kb) {
        let hits = if any_case { find_all_nocase(text, name) } else { find_all(text, name) };
        for at in hits {
            if free(&found, at, name.len()) {
                found.push((at, AgencyMatch { len: name.len(), known: Some(id.to_owned()) }));
            }
        }
    }
    for group in lang::AGENCY_GROUPS {
        for at in find_all_nocase(text, group) {
            if free(&found, at, group.len()) {
                found.push((at, AgencyMatch { len: group.len(), known: None }));
            }
        }
    }
    for head in lang::AGENCY_HEADS {
        for at in find_all(text, head) {
            if !free(&found, at, head.len()) {
                continue;
            }
            if let Some(len) = new_agency_len(text, at, head) {
                if free(&found, at, len) {
                    found.push((at, AgencyMatch { len, known: None }));
                }
            }
        }
    }
    found.sort_by_key(|(at, _)| *at);
    found
}

/// The length of a new agency's name starting with `head` at `at`: the head, then for
/// "Ủy ban nhân dân" its place ("thành phố Hải Phòng"), then capitalised words, each with the
/// lower-case words that complete it ("Giáo dục", "Đào tạo"), joined by "và" or "-".
fn new_agency_len(text: &str, at: usize, head: &str) -> Option<usize> {
    let mut end = at + head.len();
    let council = lang::COUNCIL_HEADS.contains(&head);
    if council {
        let rest = text[end..].strip_prefix(' ')?;
        let place = lang::PLACE_WORDS.iter().find(|p| rest.starts_with(**p) && bounded(rest, 0, p.len()))?;
        end += 1 + place.len();
    }
    let mut named = council;
    let mut pending_joiner = None;
    // A capitalised word after a lower-case one (or after the head) opens a two-syllable word
    // that may end in lower case ("Giáo dục"); after two capitalised words ("Hải Phòng") a
    // lower-case word is the sentence going on.
    let (mut previous_capital, mut can_take_lower) = (false, false);
    for (i, w) in word_spans(text, end) {
        let bare = w.trim_end_matches([',', ';', '.', ':', ')', '”', '"']);
        if bare.is_empty() {
            break;
        }
        let punctuated = bare.len() != w.len();
        if is_capitalised(bare) && bare.chars().all(|c| c.is_alphanumeric() || c == '&') {
            named = true;
            can_take_lower = !previous_capital;
            previous_capital = true;
            pending_joiner = None;
            end = i + bare.len();
        } else if named && (bare == lang::AND_WORD || bare == "-") && pending_joiner.is_none() && !punctuated {
            pending_joiner = Some(i);
            previous_capital = false;
            continue;
        } else if named
            && pending_joiner.is_none()
            && can_take_lower
            && bare.chars().all(char::is_alphabetic)
            && !lang::FUNCTION_WORDS.contains(&bare)
        {
            can_take_lower = false;
            previous_capital = false;
            end = i + bare.len();
        } else {
            break;
        }
        if punctuated {
            break;
        }
    }
    (named && end > at + head.len()).then_some(end - at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        assert_eq!(number_at("91- KL/TW tới"), Some(9));
        assert_eq!(number_at("298/KH-UBND về"), Some(11));
        assert_eq!(number_at("abc"), None);
        assert_eq!(number_key("91- KL/TW"), "91-KL/TW");
    }
}
