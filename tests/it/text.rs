//! Text normalisation as a whole: properties over arbitrary input, and old/new tone placement
//! over generated syllables.

use hoidap::text::{self, canonical_tones, fold_marks, fold_whitespace, lowercase, nfc, strip_invisible, tokenize};
use proptest::prelude::*;
use unicode_normalization::UnicodeNormalization;

/// Letters of Vietnamese with every mark, as NFC.
const VIETNAMESE: &str = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ";

fn has_vietnamese_marks(s: &str) -> bool {
    s.chars().any(|c| !c.is_ascii() && VIETNAMESE.contains(c) || c == 'Đ')
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn steps_are_idempotent(s in "\\PC{0,80}") {
        let n = nfc(&s);
        prop_assert_eq!(nfc(&n), n.clone());
        let clean = strip_invisible(&n);
        prop_assert_eq!(strip_invisible(&clean), clean.clone());
        let lower = lowercase(&clean);
        let canonical = canonical_tones(&lower);
        prop_assert_eq!(canonical_tones(&canonical), canonical.clone());
        let folded = fold_marks(&canonical);
        prop_assert_eq!(fold_marks(&folded), folded.clone());
        prop_assert_eq!(fold_whitespace(&fold_whitespace(&s)), fold_whitespace(&s));
    }

    #[test]
    fn folding_removes_every_vietnamese_mark(s in "[a-zA-Z0-9 àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđĐÀÁẢÃẠĂÂÊÔƠƯ]{0,60}") {
        prop_assert!(!has_vietnamese_marks(&fold_marks(&s)));
        // NFD input folds to the same.
        let nfd: String = s.nfd().collect();
        prop_assert_eq!(fold_marks(&nfd), fold_marks(&s));
    }

    #[test]
    fn tokens_point_back_into_the_text(s in "\\PC{0,80}") {
        let clean = strip_invisible(&nfc(&s));
        let mut last = 0;
        for t in tokenize(&clean) {
            prop_assert!(t.start >= last && t.start < t.end && t.end <= clean.len());
            prop_assert!(clean.is_char_boundary(t.start) && clean.is_char_boundary(t.end));
            prop_assert_eq!(t.text.as_str(), text::canonical_word(&lowercase(&clean[t.start..t.end])));
            last = t.end;
        }
    }

    /// "hoà" and "hòa", "thuỷ" and "thủy", "khoẻ" and "khỏe": every open syllable with such a
    /// nucleus reads the same whichever vowel carries the tone, in capitals too.
    #[test]
    fn old_and_new_tone_placement_agree(
        initial in prop::sample::select(vec!["", "h", "th", "kh", "t", "l", "x", "ch", "ng", "s"]),
        nucleus in prop::sample::select(vec![("o", "a"), ("o", "e"), ("u", "y")]),
        tone in prop::sample::select(vec!['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}']),
        capitals in any::<bool>(),
    ) {
        let (first, second) = nucleus;
        let new: String = format!("{initial}{first}{tone}{second}").nfc().collect();
        let old: String = format!("{initial}{first}{second}{tone}").nfc().collect();
        let (new, old) = if capitals { (new.to_uppercase(), old.to_uppercase()) } else { (new, old) };
        let read = |w: &str| tokenize(&nfc(w)).pop().map(|t| t.text.to_string());
        prop_assert_eq!(read(&old), read(&new));
        prop_assert_eq!(read(&new).unwrap(), lowercase(&new));
    }
}
