//! A declined part quoted back with the lexicon's marked words when it was typed without marks,
//! so the reply names the uncovered part as the plan's readers write it ("kinh phí", "lương").

use crate::knowledge::Knowledge;
use crate::text::normalize::fold_marks;

/// `part` as typed when it carries any mark. Typed without marks, each run of syllables that is a
/// marked word of the lexicon (`[[term]]` or `[[uncovered]]`) takes that word's marks. A run is
/// restored only when every lexicon word folding to it is marked alike, and a lone syllable only
/// when it names an uncovered topic ("luong" → "lương"): the part was declined, so that reading
/// is the one the reply can name.
pub(super) fn marked_part(kb: &Knowledge, part: &str) -> String {
    if fold_marks(part) != part {
        return part.to_string();
    }
    let terms = kb.terms.iter().flat_map(|t| t.words.iter()).map(|w| (w, false));
    let uncovered = kb.uncovered.iter().flat_map(|u| u.words.iter()).map(|w| (w, true));
    let lexicon: Vec<(Vec<String>, &str, bool)> = terms
        .chain(uncovered)
        .filter(|(w, _)| !w.chars().any(char::is_uppercase))
        .map(|(w, topic)| (fold_marks(w).split_whitespace().map(str::to_string).collect(), w.as_str(), topic))
        .filter(|(f, w, _): &(Vec<String>, &str, bool)| !f.is_empty() && f.join(" ") != *w)
        .collect();
    let typed: Vec<String> = part.split_whitespace().map(str::to_lowercase).collect();
    let raw: Vec<&str> = part.split_whitespace().collect();
    let mut out: Vec<&str> = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        let best = lexicon
            .iter()
            .filter(|(f, _, topic)| (f.len() > 1 || *topic) && typed.get(i..i + f.len()) == Some(&f[..]))
            .filter(|(f, w, _)| lexicon.iter().all(|(g, v, _)| g != f || v == w))
            .max_by_key(|(f, _, _)| f.len());
        match best {
            Some((f, w, _)) => {
                out.push(w);
                i += f.len();
            }
            None => {
                out.push(raw[i]);
                i += 1;
            }
        }
    }
    out.join(" ")
}
