//! Splits text into word tokens, each in three forms (as typed, canonical, without marks) with
//! byte offsets back into the text it came from.

use super::normalize::{canonical_word_into, fold_marks_into};
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
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    // Vietnamese letters first: the general Unicode tables are slow.
    super::normalize::is_vietnamese_letter(c) || c.is_alphanumeric() || is_combining_mark(c)
}

/// `char::is_alphanumeric`, without the general Unicode tables for ASCII and Vietnamese letters.
pub fn is_alphanumeric(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    super::normalize::is_vietnamese_letter(c) || c.is_alphanumeric()
}

/// `char::is_uppercase`, without the general Unicode tables for ASCII and Vietnamese lower-case
/// letters.
pub fn is_uppercase(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_uppercase();
    }
    !super::normalize::is_vietnamese_letter(c) && c.is_uppercase()
}

/// Tokenizes `text` (expected NFC, without invisible characters: see `text::normalize`).
/// Letters and digits form words; `%` is a token of its own; everything else separates.
pub fn tokenize(text: &str) -> Vec<Token> {
    // A word between every two spaces: exact for most text, grown only where punctuation alone
    // parts words ("30/12/2024").
    let mut tokens = Vec::with_capacity(text.bytes().filter(|&b| b == b' ').count() + 1);
    let mut buffers = Buffers::default();
    let mut start = None;
    for (i, c) in text.char_indices() {
        if is_word_char(c) {
            start.get_or_insert(i);
            continue;
        }
        if let Some(s) = start.take() {
            tokens.push(buffers.token(text, s, i));
        }
        if c == '%' {
            tokens.push(buffers.token(text, i, i + 1));
        }
    }
    if let Some(s) = start {
        tokens.push(buffers.token(text, s, text.len()));
    }
    tokens
}

/// Scratch space reused from token to token.
#[derive(Default)]
struct Buffers {
    lower: String,
    canonical: String,
    folded: String,
}

/// A word's forms, as [`Buffers::token`] makes them from its text alone.
#[derive(Clone)]
struct Forms {
    text: SmolStr,
    folded: SmolStr,
    accented: bool,
    capitals: bool,
}

/// Words already read with marks, by their text as typed: the same few hundred syllables come
/// back in every question, and placing and folding their marks costs far more than a lookup.
/// Bounded: emptied when full (the forms are a function of the text, so only time is at stake).
const MAX_REMEMBERED: usize = 8192;

/// Longer words (no Vietnamese syllable is) are never remembered: a hostile paste of long
/// unique words keeps the memo within MAX_REMEMBERED × this many bytes of text.
const MAX_REMEMBERED_LEN: usize = 32;

thread_local! {
    static REMEMBERED: std::cell::RefCell<rustc_hash::FxHashMap<Box<str>, Forms>> = Default::default();
}

impl Forms {
    fn token(self, start: usize, end: usize) -> Token {
        Token { text: self.text, folded: self.folded, start, end, accented: self.accented, capitals: self.capitals }
    }
}

impl Buffers {
    fn token(&mut self, text: &str, start: usize, end: usize) -> Token {
        let raw = &text[start..end];
        if raw.is_ascii() {
            return Self::ascii_token(&mut self.lower, raw, start, end);
        }
        if raw.len() > MAX_REMEMBERED_LEN {
            return self.marked_forms(raw).token(start, end);
        }
        let known = REMEMBERED.with(|r| r.borrow().get(raw).cloned());
        let forms = match known {
            Some(forms) => forms,
            None => {
                let forms = self.marked_forms(raw);
                REMEMBERED.with(|r| {
                    let mut r = r.borrow_mut();
                    if r.len() >= MAX_REMEMBERED {
                        r.clear();
                    }
                    r.insert(raw.into(), forms.clone());
                });
                forms
            }
        };
        forms.token(start, end)
    }

    /// The forms of a word that is not all ASCII.
    fn marked_forms(&mut self, raw: &str) -> Forms {
        // Any letter that lower-casing changes (capitals, and titlecase letters like "ǅ").
        let has_upper = raw.chars().any(|c| {
            if c.is_ascii() {
                c.is_ascii_uppercase()
            } else {
                !super::normalize::is_vietnamese_letter(c) && !c.to_lowercase().eq(std::iter::once(c))
            }
        });
        let base = if has_upper {
            self.lower.clear();
            self.lower.extend(raw.chars().flat_map(char::to_lowercase));
            self.lower.as_str()
        } else {
            raw
        };
        self.canonical.clear();
        canonical_word_into(base, &mut self.canonical);
        self.folded.clear();
        fold_marks_into(&self.canonical, &mut self.folded);
        let letters = if has_upper { raw.chars().filter(|c| c.is_alphabetic()).count() } else { 0 };
        let accented = self.canonical != self.folded;
        let text = SmolStr::new(&self.canonical);
        Forms {
            accented,
            capitals: letters >= 2 && !raw.chars().any(char::is_lowercase),
            folded: if accented { SmolStr::new(&self.folded) } else { text.clone() },
            text,
        }
    }

    /// [`Buffers::token`] of an ASCII word: no marks to place or fold, so its forms are one.
    fn ascii_token(lower: &mut String, raw: &str, start: usize, end: usize) -> Token {
        let has_upper = raw.bytes().any(|b| b.is_ascii_uppercase());
        let text = if has_upper {
            lower.clear();
            lower.extend(raw.bytes().map(|b| char::from(b.to_ascii_lowercase())));
            SmolStr::new(&*lower)
        } else {
            SmolStr::new(raw)
        };
        let letters = if has_upper { raw.bytes().filter(u8::is_ascii_alphabetic).count() } else { 0 };
        Token {
            accented: false,
            capitals: letters >= 2 && !raw.bytes().any(|b| b.is_ascii_lowercase()),
            folded: text.clone(),
            text,
            start,
            end,
        }
    }
}

/// Whether the text between two words parts them: a line break or punctuation that ends a
/// clause or a name (not a hyphen or an apostrophe inside a name).
pub fn parts_words(between: &str) -> bool {
    between.chars().any(|c| {
        matches!(c, '\n' | '\r' | '.' | ',' | ';' | ':' | '!' | '?' | '(' | ')' | '"' | '“' | '”' | '…' | '/' | '|')
    })
}

/// How many of `words` (each without spaces) `phrase` spells, one space apart, from the first:
/// `Some(n)` when `phrase` is `words[..n].join(" ")`, without building the join.
pub fn spells(phrase: &str, words: &[&str]) -> Option<usize> {
    spells_from(phrase, words.iter().copied())
}

/// [`spells`] over words given one by one (nothing collected to call it).
#[inline]
pub fn spells_from<'w>(phrase: &str, words: impl IntoIterator<Item = &'w str>) -> Option<usize> {
    let mut rest = phrase;
    for (n, w) in words.into_iter().enumerate() {
        // Most phrases asked about a word do not start with its first letter.
        if n == 0 {
            let first = w.as_bytes().first();
            if first.is_some() && first != phrase.as_bytes().first() {
                return None;
            }
        }
        rest = rest.strip_prefix(w)?;
        if rest.is_empty() {
            return Some(n + 1);
        }
        rest = rest.strip_prefix(' ')?;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<String> {
        tokenize(s).into_iter().map(|t| t.text.to_string()).collect()
    }

    #[test]
    fn splits_words_numbers_and_percent() {
        assert_eq!(texts("Tối thiểu 20% ngân sách!"), ["tối", "thiểu", "20", "%", "ngân", "sách"]);
        assert_eq!(texts("30/12/2024"), ["30", "12", "2024"]);
        assert_eq!(texts("Sở GD&ĐT"), ["sở", "gd", "đt"]);
        assert_eq!(texts("  "), Vec::<String>::new());
    }

    #[test]
    fn keeps_offsets_into_the_text() {
        let text = "Sở Nội vụ làm gì?";
        for t in tokenize(text) {
            assert_eq!(crate::text::lowercase(&text[t.start..t.end]), t.text);
        }
    }

    #[test]
    fn spells_a_phrase_from_the_first_word() {
        assert_eq!(spells("dai hoc", &["dai", "hoc", "y"]), Some(2));
        assert_eq!(spells("dai hoc", &["dai"]), None);
        assert_eq!(spells("dai hoc", &["dai", "ho"]), None);
        assert_eq!(spells("dai", &["da", "i"]), None);
        assert_eq!(spells("dai  hoc", &["dai", "", "hoc"]), Some(3));
        assert_eq!(spells("", &["dai"]), None);
    }

    #[test]
    fn classifies_letters_as_the_unicode_tables_do() {
        for c in "aZ09 .đĐàÀằẰệỆưƯỹỸßǅΣσ中%\u{301}".chars() {
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
            assert_eq!(is_uppercase(c), c.is_uppercase(), "{c:?}");
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
