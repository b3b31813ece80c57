//! The shape of a Vietnamese syllable — onset, rhyme (vowels and a final), at most one tone
//! mark — and the splitting of syllables typed without the space between them ("kếhoạch" →
//! "kế hoạch", "vềtrường" → "về trường").

use super::fold_marks;
use unicode_normalization::char::decompose_canonical;

/// Onsets, longest first so that "ngh" is tried before "ng" and "n".
const ONSETS: [&str; 27] = [
    "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr", "b", "c", "d", "g", "h", "k", "l", "m", "n",
    "p", "r", "s", "t", "v", "x", "",
];
/// Finals of a rhyme.
const FINALS: [&str; 9] = ["", "c", "ch", "m", "n", "ng", "nh", "p", "t"];
/// A rhyme has one to three vowels ("a", "oa", "uyê").
const MAX_RHYME_VOWELS: usize = 3;
/// A glued word is split into at most this many syllables.
const MAX_GLUED_SYLLABLES: usize = 6;

/// True when `folded` (lower case, no marks) has the shape of a syllable: an onset, one to
/// three vowels and a final.
pub fn is_syllable(folded: &str) -> bool {
    let vowel = |c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
    ONSETS.iter().filter_map(|i| folded.strip_prefix(i)).any(|rest| {
        let n = rest.chars().take_while(|&c| vowel(c)).count();
        (1..=MAX_RHYME_VOWELS).contains(&n) && FINALS.contains(&&rest[n..])
    })
}

/// How many tone marks (huyền, sắc, hỏi, ngã, nặng) `word` carries.
pub fn tone_marks(word: &str) -> usize {
    let mut n = 0;
    for c in word.chars() {
        decompose_canonical(c, |d| {
            if matches!(d, '\u{300}' | '\u{301}' | '\u{309}' | '\u{303}' | '\u{323}') {
                n += 1;
            }
        });
    }
    n
}

/// The tone mark (huyền, sắc, hỏi, ngã, nặng) `word` carries first, as a combining mark; `None`
/// for the level tone.
pub fn tone(word: &str) -> Option<char> {
    let mut tone = None;
    for c in word.chars() {
        decompose_canonical(c, |d| {
            if tone.is_none() && matches!(d, '\u{300}' | '\u{301}' | '\u{309}' | '\u{303}' | '\u{323}') {
                tone = Some(d);
            }
        });
    }
    tone
}

/// Splits a lower-case word made of syllables typed without spaces into those syllables: each
/// part has a syllable's shape, at most one tone mark, and is a word `known` accepts (given the
/// part as typed: `Some(true)` when known with exactly these marks, `Some(false)` when known by
/// its letters only, `None` when unknown). The split with the fewest parts wins, then the one
/// with the most parts known exactly ("cónói" is "có nói", not "cón ói"), then longer first
/// parts. `None` when the word is one syllable or cannot be split so.
pub fn split_glued(word: &str, known: impl Fn(&str) -> Option<bool>) -> Option<Vec<String>> {
    let chars: Vec<char> = word.chars().collect();
    if chars.len() < 2 || chars.len() > MAX_GLUED_SYLLABLES * 7 {
        return None;
    }
    // Some(inexact) for a part that may stand alone: 0 when known with its marks, 1 otherwise.
    let part_cost = |p: &str| {
        if !is_syllable(&fold_marks(p)) || tone_marks(p) > 1 {
            return None;
        }
        known(p).map(|exact| usize::from(!exact))
    };
    // best[i]: the (fewest parts, fewest parts known by letters only) covering chars[i..], with
    // the length of the first part.
    let n = chars.len();
    let mut best: Vec<Option<((usize, usize), usize)>> = vec![None; n + 1];
    best[n] = Some(((0, 0), 0));
    for i in (0..n).rev() {
        for end in (i + 1..=n).rev() {
            let Some(((rest, rest_inexact), _)) = best[end] else {
                continue;
            };
            let part: String = chars[i..end].iter().collect();
            let Some(inexact) = part_cost(&part) else {
                continue;
            };
            let cost = (rest + 1, rest_inexact + inexact);
            if best[i].is_none_or(|(c, _)| cost < c) {
                best[i] = Some((cost, end - i));
            }
        }
    }
    let ((parts, _), _) = best[0]?;
    if !(2..=MAX_GLUED_SYLLABLES).contains(&parts) {
        return None;
    }
    let mut out = Vec::with_capacity(parts);
    let mut i = 0;
    while i < n {
        let (_, len) = best[i]?;
        out.push(chars[i..i + len].iter().collect());
        i += len;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const KNOWN: [&str; 12] = ["ke", "hoach", "noi", "gi", "ve", "truong", "nghe", "giao", "vien", "mam", "non", "ai"];

    fn split(w: &str) -> Option<Vec<String>> {
        split_glued(w, |p| KNOWN.contains(&fold_marks(p).as_str()).then_some(false))
    }

    #[test]
    fn syllable_shapes() {
        for w in ["nau", "banh", "nghieng", "quy", "gi", "giao", "vien", "truong", "a", "khuyen"] {
            assert!(is_syllable(w), "{w}");
        }
        for w in ["dugn", "sack", "wifi", "xyz", "tramk", "kehoach", "ubnd"] {
            assert!(!is_syllable(w), "{w}");
        }
    }

    #[test]
    fn counts_tone_marks() {
        assert_eq!(tone_marks("kếhoạch"), 2);
        assert_eq!(tone_marks("trường"), 1);
        assert_eq!(tone_marks("ưu"), 0);
    }

    #[test]
    fn splits_glued_syllables() {
        assert_eq!(split("kếhoạch").unwrap(), ["kế", "hoạch"]);
        assert_eq!(split("nóigì").unwrap(), ["nói", "gì"]);
        assert_eq!(split("vềtrường").unwrap(), ["về", "trường"]);
        assert_eq!(split("giáoviên").unwrap(), ["giáo", "viên"]);
    }

    #[test]
    fn prefers_parts_known_with_their_marks() {
        // "cón ói" and "có nói" both have two parts; only the second's parts are words as typed.
        let exact = ["có", "nói"];
        let known = |p: &str| {
            let f = fold_marks(p);
            ["co", "con", "noi", "oi"].contains(&f.as_str()).then(|| exact.contains(&p))
        };
        assert_eq!(split_glued("cónói", known).unwrap(), ["có", "nói"]);
    }

    #[test]
    fn leaves_what_is_not_glued() {
        assert_eq!(split("trường"), None);
        assert_eq!(split("ubnd"), None);
        // Two tone marks cannot be one syllable, and an unknown part is not split off.
        assert_eq!(split("kếxyz"), None);
        assert_eq!(split(""), None);
    }
}
