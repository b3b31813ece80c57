//! Splits text into word tokens, each in three forms (as typed, canonical, without marks) with
//! byte offsets back into the text it came from.

use super::normalize::{canonical_word, fold_marks, lowercase};
use smol_str::SmolStr;
use unicode_normalization::char::is_combining_mark;

/// One word (syllable, number, abbreviation) or a percent sign.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Lower case, NFC, canonical tone placement: "hóa".
    pub text: SmolStr,
    /// Without diacritics, đ → d: "hoa".
    pub folded: SmolStr,
    /// Byte range in the text given to [`tokenize`].
    pub start: usize,
    pub end: usize,
    /// Typed with at least one diacritic.
    pub accented: bool,
    /// Typed in capitals (at least two letters, all upper case): "AI", "UBND".
    pub capitals: bool,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

/// Tokenizes `text` (expected NFC, without invisible characters: see `text::normalize`).
/// Letters and digits form words; `%` is a token of its own; everything else separates.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut start = None;
    let push = |s: usize, e: usize, tokens: &mut Vec<Token>| {
        let raw = &text[s..e];
        let has_upper = raw.chars().any(char::is_uppercase);
        let canonical = if has_upper {
            canonical_word(&lowercase(raw))
        } else {
            canonical_word(raw)
        };
        let folded = fold_marks(&canonical);
        let letters = if has_upper {
            raw.chars().filter(|c| c.is_alphabetic()).count()
        } else {
            0
        };
        tokens.push(Token {
            accented: canonical != folded,
            capitals: letters >= 2 && !raw.chars().any(char::is_lowercase),
            text: canonical.into(),
            folded: folded.into(),
            start: s,
            end: e,
        });
    };
    for (i, c) in text.char_indices() {
        if is_word_char(c) {
            start.get_or_insert(i);
            continue;
        }
        if let Some(s) = start.take() {
            push(s, i, &mut tokens);
        }
        if c == '%' {
            push(i, i + 1, &mut tokens);
        }
    }
    if let Some(s) = start {
        push(s, text.len(), &mut tokens);
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<String> {
        tokenize(s)
            .into_iter()
            .map(|t| t.text.to_string())
            .collect()
    }

    #[test]
    fn splits_words_numbers_and_percent() {
        assert_eq!(
            texts("Tối thiểu 20% ngân sách!"),
            ["tối", "thiểu", "20", "%", "ngân", "sách"]
        );
        assert_eq!(texts("30/12/2024"), ["30", "12", "2024"]);
        assert_eq!(texts("Sở GD&ĐT"), ["sở", "gd", "đt"]);
        assert_eq!(texts("  "), Vec::<String>::new());
    }

    #[test]
    fn keeps_offsets_into_the_text() {
        let text = "Sở Nội vụ làm gì?";
        for t in tokenize(text) {
            assert_eq!(lowercase(&text[t.start..t.end]), t.text);
        }
    }

    #[test]
    fn records_marks_and_capitals() {
        let t = tokenize("AI hoà Ai");
        assert!(t[0].capitals && !t[0].accented);
        assert_eq!(t[1].text, "hòa");
        assert_eq!(t[1].folded, "hoa");
        assert!(t[1].accented);
        assert!(!t[2].capitals);
    }
}
