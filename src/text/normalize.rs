//! The normalisation pipeline, one small step per function so each is tested alone:
//! [`nfc`] → [`strip_invisible`] → [`lowercase`] → [`canonical_tones`], and [`fold_marks`] for the
//! form without diacritics. [`fold_whitespace`] is what the knowledge checks compare quotes with.

use unicode_normalization::{IsNormalized, UnicodeNormalization, char::is_combining_mark, is_nfc_quick};

/// Unicode NFC: text typed on some phones arrives decomposed (NFD); ASCII and lower-case Vietnamese letters are NFC.
pub fn nfc(text: &str) -> String {
    if text.chars().all(|c| c.is_ascii() || is_vietnamese_letter(c)) || is_nfc_quick(text.chars()) == IsNormalized::Yes
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
    let plain = text.chars().all(|c| c == ' ' || c.is_ascii_graphic() || (!is_invisible(c) && !c.is_whitespace()));
    let cleaned = || text.chars().filter(|&c| !is_invisible(c)).map(|c| if c.is_whitespace() { ' ' } else { c });
    if plain { text.to_owned() } else { cleaned().collect() }
}

/// Tags longer than this are not tags but text between angle brackets.
const MAX_TAG_CHARS: usize = 40;

/// Removes HTML-looking tags ("<b>", "</i>", "<a href=…>"): pasted markup is not part of a
/// question. Angle brackets that do not form a tag stay. Linear in the text: a tag's end is
/// looked for within [`MAX_TAG_CHARS`] characters of its start, never to the end of the text.
pub fn strip_markup(text: &str) -> String {
    if !text.contains('<') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let name_start = after.strip_prefix('/').unwrap_or(after);
        let tag_end =
            if name_start.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) { tag_end(after) } else { None };
        match tag_end {
            Some(end) => {
                out.push(' ');
                rest = &after[end + 1..];
            }
            None => {
                out.push('<');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The byte offset of the `>` closing a tag whose text starts `after` its `<`: within
/// [`MAX_TAG_CHARS`] characters and before any other `<`.
fn tag_end(after: &str) -> Option<usize> {
    for (n, (i, c)) in after.char_indices().enumerate() {
        match c {
            '>' => return (n <= MAX_TAG_CHARS).then_some(i),
            '<' => return None,
            _ if n >= MAX_TAG_CHARS => return None,
            _ => {}
        }
    }
    None
}

/// Lower case, character by character (Vietnamese has no context-dependent casing).
pub fn lowercase(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    text.chars().flat_map(char::to_lowercase).collect()
}

/// Each row: a lower-case vowel without a tone mark, then with huyền, sắc, hỏi, ngã, nặng.
const VOWELS: [[char; 6]; 12] = [
    ['a', 'à', 'á', 'ả', 'ã', 'ạ'],
    ['ă', 'ằ', 'ắ', 'ẳ', 'ẵ', 'ặ'],
    ['â', 'ầ', 'ấ', 'ẩ', 'ẫ', 'ậ'],
    ['e', 'è', 'é', 'ẻ', 'ẽ', 'ẹ'],
    ['ê', 'ề', 'ế', 'ể', 'ễ', 'ệ'],
    ['i', 'ì', 'í', 'ỉ', 'ĩ', 'ị'],
    ['o', 'ò', 'ó', 'ỏ', 'õ', 'ọ'],
    ['ô', 'ồ', 'ố', 'ổ', 'ỗ', 'ộ'],
    ['ơ', 'ờ', 'ớ', 'ở', 'ỡ', 'ợ'],
    ['u', 'ù', 'ú', 'ủ', 'ũ', 'ụ'],
    ['ư', 'ừ', 'ứ', 'ử', 'ữ', 'ự'],
    ['y', 'ỳ', 'ý', 'ỷ', 'ỹ', 'ỵ'],
];
/// The letter each row of [`VOWELS`] folds to.
const FOLDED: [char; 12] = ['a', 'a', 'a', 'e', 'e', 'i', 'o', 'o', 'o', 'u', 'u', 'y'];
/// Rows of [`VOWELS`] whose quality mark (breve, circumflex, horn) attracts the tone mark.
const MARKED_ROWS: [usize; 6] = [1, 2, 4, 7, 8, 10];

/// A lower-case Vietnamese letter outside ASCII (a vowel with marks, or đ).
pub fn is_vietnamese_letter(c: char) -> bool {
    c == 'đ' || (!c.is_ascii() && vowel(c).is_some())
}

/// A lower-case Vietnamese vowel as (row in [`VOWELS`], tone 0..=5). A `match` over the 72
/// letters: this runs for every letter of every word.
fn vowel(c: char) -> Option<(usize, usize)> {
    match c {
        'a' => Some((0, 0)),
        'à' => Some((0, 1)),
        'á' => Some((0, 2)),
        'ả' => Some((0, 3)),
        'ã' => Some((0, 4)),
        'ạ' => Some((0, 5)),
        'ă' => Some((1, 0)),
        'ằ' => Some((1, 1)),
        'ắ' => Some((1, 2)),
        'ẳ' => Some((1, 3)),
        'ẵ' => Some((1, 4)),
        'ặ' => Some((1, 5)),
        'â' => Some((2, 0)),
        'ầ' => Some((2, 1)),
        'ấ' => Some((2, 2)),
        'ẩ' => Some((2, 3)),
        'ẫ' => Some((2, 4)),
        'ậ' => Some((2, 5)),
        'e' => Some((3, 0)),
        'è' => Some((3, 1)),
        'é' => Some((3, 2)),
        'ẻ' => Some((3, 3)),
        'ẽ' => Some((3, 4)),
        'ẹ' => Some((3, 5)),
        'ê' => Some((4, 0)),
        'ề' => Some((4, 1)),
        'ế' => Some((4, 2)),
        'ể' => Some((4, 3)),
        'ễ' => Some((4, 4)),
        'ệ' => Some((4, 5)),
        'i' => Some((5, 0)),
        'ì' => Some((5, 1)),
        'í' => Some((5, 2)),
        'ỉ' => Some((5, 3)),
        'ĩ' => Some((5, 4)),
        'ị' => Some((5, 5)),
        'o' => Some((6, 0)),
        'ò' => Some((6, 1)),
        'ó' => Some((6, 2)),
        'ỏ' => Some((6, 3)),
        'õ' => Some((6, 4)),
        'ọ' => Some((6, 5)),
        'ô' => Some((7, 0)),
        'ồ' => Some((7, 1)),
        'ố' => Some((7, 2)),
        'ổ' => Some((7, 3)),
        'ỗ' => Some((7, 4)),
        'ộ' => Some((7, 5)),
        'ơ' => Some((8, 0)),
        'ờ' => Some((8, 1)),
        'ớ' => Some((8, 2)),
        'ở' => Some((8, 3)),
        'ỡ' => Some((8, 4)),
        'ợ' => Some((8, 5)),
        'u' => Some((9, 0)),
        'ù' => Some((9, 1)),
        'ú' => Some((9, 2)),
        'ủ' => Some((9, 3)),
        'ũ' => Some((9, 4)),
        'ụ' => Some((9, 5)),
        'ư' => Some((10, 0)),
        'ừ' => Some((10, 1)),
        'ứ' => Some((10, 2)),
        'ử' => Some((10, 3)),
        'ữ' => Some((10, 4)),
        'ự' => Some((10, 5)),
        'y' => Some((11, 0)),
        'ỳ' => Some((11, 1)),
        'ý' => Some((11, 2)),
        'ỷ' => Some((11, 3)),
        'ỹ' => Some((11, 4)),
        'ỵ' => Some((11, 5)),
        _ => None,
    }
}

/// Puts the tone mark of one lower-case NFC syllable where the seed text puts it ("hóa",
/// "thủy", "khỏe", "hoạch"), so the old placement ("hoá", "thuỷ", "khoẻ") reads the same.
/// Words that are not a single toned Vietnamese syllable are returned unchanged (`None`).
fn retone_syllable(word: &str) -> Option<String> {
    let mut out = String::with_capacity(word.len());
    retone_into(word, &mut out).then_some(out)
}

/// [`retone_syllable`] into `out`; false (and `out` untouched) when the word is left as it is.
fn retone_into(word: &str, out: &mut String) -> bool {
    retone(word, out).is_some()
}

fn retone(word: &str, out: &mut String) -> Option<()> {
    /// No Vietnamese syllable is longer ("nghiêng" has 7 letters).
    const MAX_SYLLABLE: usize = 8;
    let mut chars = ['\0'; MAX_SYLLABLE];
    let mut vowels = [None; MAX_SYLLABLE];
    let mut len = 0;
    for c in word.chars() {
        if len == MAX_SYLLABLE {
            return None;
        }
        chars[len] = c;
        vowels[len] = vowel(c);
        len += 1;
    }
    let (chars, vowels) = (&chars[..len], &vowels[..len]);
    let mut toned = vowels.iter().flatten().filter(|(_, tone)| *tone != 0);
    let (_, tone) = *toned.next()?;
    if toned.next().is_some() {
        return None; // two tone marks: not a syllable we understand
    }
    let is_v = |i: usize| vowels.get(i).is_some_and(Option::is_some);
    // The vowel nucleus: the first run of vowels, skipping the "u" of "qu" and the "i" of "gi"
    // when another vowel follows.
    let mut start = (0..chars.len()).find(|&i| is_v(i))?;
    let prev = |i: usize| i.checked_sub(1).map(|p| chars[p]);
    let row = |i: usize| vowels[i].map(|(r, _)| r);
    if is_v(start + 1)
        && ((row(start) == Some(9) && prev(start) == Some('q')) || (row(start) == Some(5) && prev(start) == Some('g')))
    {
        start += 1;
    }
    let end = (start..chars.len()).find(|&i| !is_v(i)).unwrap_or(chars.len());
    if (end..chars.len()).any(is_v) {
        return None; // vowels after consonants after vowels: not one syllable
    }
    let nucleus = start..end;
    let offset =
        if let Some(last_marked) = nucleus.clone().rev().find(|&i| row(i).is_some_and(|r| MARKED_ROWS.contains(&r))) {
            last_marked - start
        } else if nucleus.len() == 1 {
            0
        } else if end < chars.len() {
            nucleus.len() - 1
        } else if nucleus.len() == 2 {
            0
        } else {
            1
        };
    let at = start + offset;
    out.extend(chars.iter().enumerate().map(|(i, &c)| match vowels[i] {
        Some((r, _)) if i == at => VOWELS[r][tone],
        Some((r, _)) => VOWELS[r][0],
        None => c,
    }));
    Some(())
}

/// Canonical tone-mark placement for one lower-case NFC word (letters and digits only).
pub fn canonical_word(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    canonical_word_into(word, &mut out);
    out
}

/// [`canonical_word`], appended to `out`.
pub fn canonical_word_into(word: &str, out: &mut String) {
    if word.is_ascii() || !retone_into(word, out) {
        out.push_str(word);
    }
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
    if text.is_ascii() {
        return text.to_owned();
    }
    for c in text.chars() {
        if c.is_ascii_alphabetic() || is_vietnamese_letter(c) || (!c.is_ascii() && c.is_alphabetic()) {
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
    let mut out = String::with_capacity(text.len());
    fold_marks_into(text, &mut out);
    out
}

/// [`fold_marks`], appended to `out`.
pub fn fold_marks_into(text: &str, out: &mut String) {
    if text.is_ascii() {
        out.push_str(text);
        return;
    }
    for c in text.chars() {
        match c {
            _ if c.is_ascii() => out.push(c),
            'đ' => out.push('d'),
            'Đ' => out.push('D'),
            _ => match vowel(c) {
                Some((row, _)) => out.push(FOLDED[row]),
                // Capitals and letters of other languages: decompose and drop the marks.
                None => out.extend(c.nfd().filter(|&m| !is_combining_mark(m))),
            },
        }
    }
}

/// True when `typed` is `full` with some of its marks left out (none added or changed): "kê",
/// "ke" and "kế" are within "kế"; "dược" within "được"; "kể" and "bạn" are not within "kế",
/// "ban". Both are lower-case NFC words.
pub fn marks_within(typed: &str, full: &str) -> bool {
    let mut t = typed.chars();
    let mut f = full.chars();
    loop {
        match (t.next(), f.next()) {
            (None, None) => return true,
            (Some(a), Some(b)) if a == b => {}
            (Some('d'), Some('đ')) => {}
            (Some(a), Some(b)) => {
                let (Some((ra, ta)), Some((rb, tb))) = (vowel(a), vowel(b)) else {
                    return false;
                };
                // A row is a vowel with its hat, breve or horn; row FOLDED[r] is the bare one.
                let same_shape = ra == rb || (FOLDED[ra] == FOLDED[rb] && VOWELS[ra][0] == FOLDED[ra]);
                if !same_shape || (ta != 0 && ta != tb) {
                    return false;
                }
            }
            _ => return false,
        }
    }
}

/// True when the text has at least one Vietnamese diacritic (or đ).
pub fn has_marks(text: &str) -> bool {
    !text.is_ascii() && fold_marks(text) != text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_left_out() {
        assert!(marks_within("kê", "kế"));
        assert!(marks_within("ke", "kế"));
        assert!(marks_within("kế", "kế"));
        assert!(marks_within("dược", "được"));
        assert!(marks_within("sơ", "sở"));
        assert!(marks_within("truong", "trường"));
        // A mark typed that the word lacks, or another one, is not a mark left out.
        assert!(!marks_within("kể", "kế"));
        assert!(!marks_within("kè", "kế"));
        assert!(!marks_within("bạn", "ban"));
        assert!(!marks_within("đuoc", "duoc"));
        assert!(!marks_within("kế", "kế hoạch"));
    }

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
    fn vowel_table_and_match_agree() {
        for (row, forms) in VOWELS.iter().enumerate() {
            for (tone, &c) in forms.iter().enumerate() {
                assert_eq!(vowel(c), Some((row, tone)), "{c}");
            }
        }
        assert_eq!(vowel('b'), None);
        assert_eq!(vowel('đ'), None);
    }

    #[test]
    fn markup_tags_are_removed() {
        assert_eq!(strip_markup("<b>ai</b> chịu"), " ai  chịu");
        assert_eq!(strip_markup("a < b và c > d"), "a < b và c > d");
        assert_eq!(strip_markup("<script>x</script><a href=\"u\">y</a>"), " x  y ");
        assert_eq!(strip_markup("<"), "<");
        // A tag of exactly the longest length, and one character more.
        let name = "a".repeat(MAX_TAG_CHARS);
        assert_eq!(strip_markup(&format!("x<{name}>y")), "x y");
        assert_eq!(strip_markup(&format!("x<{name}b>y")), format!("x<{name}b>y"));
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
        assert_eq!(canonical_tones("xã hội hoá, 20% và AI!"), "xã hội hóa, 20% và AI!");
        assert_eq!(canonical_tones("hello world"), "hello world");
    }

    #[test]
    fn fold_marks_removes_diacritics_and_d_stroke() {
        assert_eq!(fold_marks("Đổi mới giáo dục đào tạo"), "Doi moi giao duc dao tao");
        assert_eq!(fold_marks("thể thế"), "the the");
    }

    #[test]
    fn fold_marks_handles_capitals_and_decomposed_text() {
        assert_eq!(fold_marks("ĐỔI MỚI"), "DOI MOI");
        assert_eq!(fold_marks("ñ"), "n");
        let nfd: String = "giáo".nfd().collect();
        assert_eq!(fold_marks(&nfd), "giao");
    }

    #[test]
    fn has_marks_detects_diacritics() {
        assert!(has_marks("giáo viên"));
        assert!(has_marks("dđ"));
        assert!(!has_marks("giao vien 20%"));
    }
}
