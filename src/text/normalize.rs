//! The normalisation pipeline, one small step per function so each is tested alone:
//! [`nfc`] → [`strip_invisible`] → [`lowercase`] → [`canonical_tones`], and [`fold_marks`] for the
//! form without diacritics. [`fold_whitespace`] is what the knowledge checks compare quotes with.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Unicode NFC: text typed on some phones arrives decomposed (NFD).
pub fn nfc(text: &str) -> String {
    if unicode_normalization::is_nfc_quick(text.chars()) == unicode_normalization::IsNormalized::Yes
    {
        return text.to_owned();
    }
    text.nfc().collect()
}

/// Collapses every run of whitespace to one space and trims the ends.
pub fn fold_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// True for characters that carry no meaning for matching and may hide text: controls,
/// zero-width characters, bidirectional overrides, byte-order marks, variation selectors.
fn is_invisible(c: char) -> bool {
    (c.is_control() && !c.is_whitespace())
        || matches!(c,
            '\u{200B}'..='\u{200F}'   // zero-width space/joiners, LRM, RLM
            | '\u{202A}'..='\u{202E}' // bidi embeddings and overrides
            | '\u{2060}'..='\u{206F}' // word joiner, invisible operators, bidi isolates
            | '\u{FE00}'..='\u{FE0F}' // variation selectors (emoji presentation)
            | '\u{FEFF}'              // byte-order mark
            | '\u{00AD}'              // soft hyphen
        )
}

/// Removes invisible and control characters; other whitespace becomes a plain space.
pub fn strip_invisible(text: &str) -> String {
    text.chars()
        .filter(|&c| !is_invisible(c))
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect()
}

/// Lower case, character by character (Vietnamese has no context-dependent casing).
pub fn lowercase(text: &str) -> String {
    text.chars().flat_map(char::to_lowercase).collect()
}

/// The five Vietnamese tone marks as combining characters.
const TONES: [char; 5] = ['\u{0300}', '\u{0301}', '\u{0303}', '\u{0309}', '\u{0323}'];

fn is_vowel(c: char) -> bool {
    matches!(
        c,
        'a' | 'ă' | 'â' | 'e' | 'ê' | 'i' | 'o' | 'ô' | 'ơ' | 'u' | 'ư' | 'y'
    )
}

/// Vowels whose quality mark (circumflex, breve, horn) attracts the tone mark.
fn is_marked_vowel(c: char) -> bool {
    matches!(c, 'ă' | 'â' | 'ê' | 'ô' | 'ơ' | 'ư')
}

/// Puts the tone mark of one lower-case syllable where the seed text puts it ("hóa", "thủy",
/// "khỏe", "hoạch"), so the old placement ("hoá", "thuỷ", "khoẻ") reads the same.
/// Words that are not a single toned Vietnamese syllable are returned unchanged.
fn retone_syllable(word: &str) -> Option<String> {
    let mut tone = None;
    let mut base = String::with_capacity(word.len());
    for c in word.nfd() {
        if TONES.contains(&c) {
            if tone.replace(c).is_some() {
                return None; // two tone marks: not a syllable we understand
            }
        } else {
            base.push(c);
        }
    }
    let tone = tone?;
    let base: Vec<char> = base.nfc().collect();
    // The vowel nucleus: the first run of vowels, skipping the "u" of "qu" and the "i" of "gi"
    // when another vowel follows.
    let mut start = base.iter().position(|&c| is_vowel(c))?;
    let lower_prev = |i: usize| if i > 0 { Some(base[i - 1]) } else { None };
    if base.get(start + 1).is_some_and(|&c| is_vowel(c))
        && ((base[start] == 'u' && lower_prev(start) == Some('q'))
            || (base[start] == 'i' && lower_prev(start) == Some('g')))
    {
        start += 1;
    }
    let end = start + base[start..].iter().take_while(|&&c| is_vowel(c)).count();
    if base[end..].iter().any(|&c| is_vowel(c)) {
        return None; // vowels after consonants after vowels: not one syllable
    }
    let nucleus = &base[start..end];
    let has_final = end < base.len();
    let offset = if let Some(last_marked) = nucleus.iter().rposition(|&c| is_marked_vowel(c)) {
        last_marked
    } else if nucleus.len() == 1 {
        0
    } else if has_final {
        nucleus.len() - 1
    } else if nucleus.len() == 2 {
        0
    } else {
        1
    };
    let at = start + offset;
    let mut out = String::with_capacity(word.len() + 2);
    for (i, &c) in base.iter().enumerate() {
        out.push(c);
        if i == at {
            out.push(tone);
        }
    }
    Some(out.nfc().collect())
}

/// Canonical tone-mark placement for every word of lower-case NFC text.
pub fn canonical_tones(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        if !word.is_empty() {
            match retone_syllable(word) {
                Some(w) => out.push_str(&w),
                None => out.push_str(word),
            }
            word.clear();
        }
    };
    for c in text.chars() {
        if c.is_alphabetic() {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// Removes every diacritic and maps đ to d: the form of text typed without marks.
pub fn fold_marks(text: &str) -> String {
    text.nfd()
        .filter(|&c| !is_combining_mark(c))
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            _ => c,
        })
        .collect()
}

/// True when the text has at least one Vietnamese diacritic (or đ).
pub fn has_marks(text: &str) -> bool {
    text.chars().any(|c| {
        matches!(c, 'đ' | 'Đ')
            || is_combining_mark(c)
            || (!c.is_ascii() && c.is_alphabetic() && c.nfd().any(is_combining_mark))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nfc_composes_decomposed_input() {
        let nfd: String = "Hải Phòng".nfd().collect();
        assert_ne!(nfd, "Hải Phòng");
        assert_eq!(nfc(&nfd), "Hải Phòng");
        assert_eq!(nfc("đã NFC"), "đã NFC");
    }

    #[test]
    fn whitespace_folds_to_single_spaces() {
        assert_eq!(fold_whitespace("  a \n\n b\t c  "), "a b c");
        assert_eq!(fold_whitespace(""), "");
    }

    #[test]
    fn invisible_characters_are_removed() {
        assert_eq!(strip_invisible("giáo\u{200B}viên\u{202E}"), "giáoviên");
        assert_eq!(strip_invisible("a\u{0}b\tc\u{FEFF}"), "ab c");
        assert_eq!(strip_invisible("mầm\u{00A0}non"), "mầm non");
    }

    #[test]
    fn lowercase_handles_vietnamese_capitals() {
        assert_eq!(lowercase("ĐỔI MỚI CĂN BẢN"), "đổi mới căn bản");
        assert_eq!(lowercase("Ủy Ban"), "ủy ban");
    }

    #[test]
    fn old_and_new_tone_placements_agree() {
        for (old, new) in [
            ("hoà", "hòa"),
            ("thuỷ", "thủy"),
            ("khoẻ", "khỏe"),
            ("hoá", "hóa"),
            ("tuỳ", "tùy"),
            ("uỷ", "ủy"),
            ("quý", "quý"),
            ("già", "già"),
            ("hoạch", "hoạch"),
            ("toán", "toán"),
            ("ngoài", "ngoài"),
            ("người", "người"),
            ("nguyễn", "nguyễn"),
            ("quả", "quả"),
            ("gì", "gì"),
            ("mùa", "mùa"),
        ] {
            assert_eq!(canonical_tones(old), new, "{old}");
            assert_eq!(canonical_tones(new), new, "{new}");
        }
    }

    #[test]
    fn canonical_tones_keeps_other_text() {
        assert_eq!(
            canonical_tones("xã hội hoá, 20% và AI!"),
            "xã hội hóa, 20% và AI!"
        );
        assert_eq!(canonical_tones("hello world"), "hello world");
    }

    #[test]
    fn fold_marks_removes_diacritics_and_d_stroke() {
        assert_eq!(
            fold_marks("Đổi mới giáo dục đào tạo"),
            "Doi moi giao duc dao tao"
        );
        assert_eq!(fold_marks("thể thế"), "the the");
    }

    #[test]
    fn has_marks_detects_diacritics() {
        assert!(has_marks("giáo viên"));
        assert!(has_marks("dđ"));
        assert!(!has_marks("giao vien 20%"));
    }
}
