//! Small text helpers of the drafter: word-bounded search, sentences and clauses, slugs, and
//! cutting a text to a few words. Every slice they return is a verbatim part of their input.

use crate::text::{fold_marks, lowercase};

/// True when `c` is part of a word.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// True when `text[at..at + len]` starts and ends at word boundaries.
pub fn bounded(text: &str, at: usize, len: usize) -> bool {
    let before = text[..at].chars().next_back().is_none_or(|c| !is_word_char(c));
    let after = text[at + len..].chars().next().is_none_or(|c| !is_word_char(c));
    before && after
}

/// Every word-bounded occurrence of `needle` in `text`, case-sensitive.
pub fn find_all(text: &str, needle: &str) -> Vec<usize> {
    if needle.is_empty() {
        return Vec::new();
    }
    text.match_indices(needle).map(|(i, _)| i).filter(|&i| bounded(text, i, needle.len())).collect()
}

/// Every word-bounded occurrence of `needle` in `text`, ignoring case (when lower-casing keeps
/// the byte offsets, as it does for Vietnamese; otherwise case-sensitive).
pub fn find_all_nocase(text: &str, needle: &str) -> Vec<usize> {
    let (lower, n) = (lowercase(text), lowercase(needle));
    if lower.len() != text.len() || n.len() != needle.len() {
        return find_all(text, needle);
    }
    find_all(&lower, &n)
}

/// True when `text` starts with `prefix`, ignoring case.
pub fn starts_nocase(text: &str, prefix: &str) -> bool {
    let (t, p) = (lowercase(text), lowercase(prefix));
    t.starts_with(&p) && (t.len() == p.len() || bounded(&t, 0, p.len()))
}

/// Lower case without marks, for comparing names: "Sở GD&ĐT" → "so gd dt".
pub fn folded_words(text: &str) -> String {
    let folded = fold_marks(&lowercase(text));
    folded.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

/// An id from a name: folded words joined by dashes, at most `max_words` of them.
pub fn slug(text: &str, max_words: usize) -> String {
    let words = folded_words(text);
    let s: Vec<&str> = words.split(' ').filter(|w| !w.is_empty()).take(max_words).collect();
    if s.is_empty() { "x".to_owned() } else { s.join("-") }
}

/// A document number as it is usually written: "91- KL/TW" → "91-KL/TW".
pub fn number_display(number: &str) -> String {
    number.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The words of `text` (split at whitespace).
pub fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

/// The first sentence: up to the first ". " (or the end), the period kept.
pub fn first_sentence(text: &str) -> &str {
    let bytes = text.as_bytes();
    for (i, _) in text.match_indices(". ") {
        // "Kết luận số 91-KL/TW. " ends a sentence; "TP. Hải Phòng" (a capital before) does not.
        let prev_upper_abbrev = i >= 2 && bytes[i - 1].is_ascii_uppercase() && bytes[i - 2] == b' ';
        if !prev_upper_abbrev {
            return &text[..i + 1];
        }
    }
    text
}

/// The clauses of a sentence: split after ';' and '.', trimmed, non-empty, with byte offsets.
pub fn clauses(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if c == ';' || (c == '.' && text[i + 1..].starts_with(' ')) {
            push_trimmed(text, start, i + 1, &mut out);
            start = i + 1;
        }
    }
    push_trimmed(text, start, text.len(), &mut out);
    out
}

fn push_trimmed<'t>(text: &'t str, start: usize, end: usize, out: &mut Vec<(usize, &'t str)>) {
    let part = &text[start..end];
    let lead = part.len() - part.trim_start().len();
    let t = part.trim();
    if t.chars().any(char::is_alphanumeric) {
        out.push((start + lead, t));
    }
}

/// `text` cut to at most `max` words, at a comma or semicolon when one is near the limit, with
/// "…" when cut; a trailing ',' or ';' is dropped.
pub fn shorten(text: &str, max: usize) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() <= max {
        return text.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    let mut cut = max;
    // Prefer ending at a punctuation mark in the last third.
    for i in (max * 2 / 3..max).rev() {
        if words[i].ends_with(',') || words[i].ends_with(';') {
            cut = i + 1;
            break;
        }
    }
    let s = words[..cut].join(" ");
    format!("{}…", s.trim_end_matches([',', ';', ':']))
}

/// Upper-case letters only (and at least two letters): "TỔ CHỨC THỰC HIỆN".
pub fn is_capitals(text: &str) -> bool {
    let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 2 && letters.iter().all(|c| !c.is_lowercase())
}

/// "TỔ CHỨC THỰC HIỆN" → "Tổ chức thực hiện".
pub fn sentence_case(text: &str) -> String {
    let lower = lowercase(text);
    let mut chars = lower.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// True when the word starts with an upper-case letter or a digit.
pub fn is_capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// A date written d/m/yyyy at the start of `text`: its length in bytes.
pub fn date_at(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    let digits = |from: usize, min: usize, max: usize| {
        let n = b[from..].iter().take_while(|c| c.is_ascii_digit()).count();
        (n >= min && n <= max).then_some(from + n)
    };
    let i = digits(0, 1, 2)?;
    if b.get(i) != Some(&b'/') {
        return None;
    }
    let j = digits(i + 1, 1, 2)?;
    if b.get(j) != Some(&b'/') {
        return None;
    }
    let k = digits(j + 1, 4, 4)?;
    text[k..].chars().next().is_none_or(|c| !c.is_alphanumeric()).then_some(k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helpers() {
        assert_eq!(find_all("Sở Nội vụ, Sở Nội vụ", "Sở Nội vụ"), [0, 17]);
        assert!(find_all("Sởi", "Sở").is_empty());
        assert_eq!(slug("Sở Giáo dục và Đào tạo", 6), "so-giao-duc-va-dao-tao");
        assert_eq!(first_sentence("Một câu. Hai câu."), "Một câu.");
        assert_eq!(date_at("12/8/2024 của"), Some(9));
        assert_eq!(date_at("12/8/20245"), None);
        assert_eq!(sentence_case("TỔ CHỨC THỰC HIỆN"), "Tổ chức thực hiện");
        assert_eq!(clauses("a b; c d. e").len(), 3);
        assert!(shorten("một hai ba bốn năm", 3).ends_with('…'));
    }
}
