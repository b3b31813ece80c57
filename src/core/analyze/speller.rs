//! Spelling correction against the knowledge base's vocabulary, and the shape of a Vietnamese
//! syllable.

use crate::text;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

/// Spelling correction against the knowledge base's vocabulary: one edit (insertion, deletion,
/// substitution or swap of neighbours) on the folded form, found through a deletion index.
#[derive(Debug, Clone, Default)]
pub struct Speller {
    /// Folded word → the most frequent canonical word with that folded form.
    known: HashMap<String, (String, u32)>,
    /// A folded word with one letter deleted → folded words it comes from.
    deletions: HashMap<String, Vec<String>>,
    /// Folded pairs of neighbouring words in the knowledge base ("giao vien").
    pairs: HashSet<String>,
}

/// Words shorter than this (in letters) are not corrected: too many neighbours.
const MIN_CORRECTABLE_CHARS: usize = 3;

impl Speller {
    /// `vocabulary` is every word of the knowledge base, in order, with repeats (frequency
    /// breaks ties); `pairs` the folded neighbouring pairs.
    pub fn new<'a>(vocabulary: impl IntoIterator<Item = &'a str>, pairs: HashSet<String>) -> Self {
        let mut known: HashMap<String, (String, u32)> = HashMap::default();
        let mut counts: HashMap<&str, u32> = HashMap::default();
        for w in vocabulary {
            *counts.entry(w).or_default() += 1;
        }
        let mut sorted: Vec<(&str, u32)> = counts.into_iter().collect();
        sorted.sort();
        for (w, n) in sorted {
            let folded = text::fold_marks(w);
            let slot = known.entry(folded).or_insert_with(|| (w.to_owned(), 0));
            if n > slot.1 {
                *slot = (w.to_owned(), n);
            }
        }
        let mut deletions: HashMap<String, Vec<String>> = HashMap::default();
        let mut folded_words: Vec<&String> = known.keys().collect();
        folded_words.sort();
        for f in folded_words {
            for d in deletes(f) {
                let list = deletions.entry(d).or_default();
                if !list.contains(f) {
                    list.push(f.clone());
                }
            }
        }
        Speller { known, deletions, pairs }
    }

    /// True when `a b` (folded) stands in the knowledge base.
    pub fn is_pair(&self, a: &str, b: &str) -> bool {
        self.pairs.contains(&format!("{a} {b}"))
    }

    pub fn is_known(&self, folded: &str) -> bool {
        self.known.contains_key(folded)
    }

    /// The known word one edit away from `folded`: the most frequent, then alphabetical.
    pub fn correct(&self, folded: &str) -> Option<&str> {
        self.candidates(folded).into_iter().next()
    }

    /// Known words one edit away from `folded`, most frequent first, then alphabetical.
    pub fn candidates(&self, folded: &str) -> Vec<&str> {
        if folded.chars().count() < MIN_CORRECTABLE_CHARS || folded.chars().any(|c| c.is_ascii_digit()) {
            return Vec::new();
        }
        let mut candidates: Vec<&String> = Vec::new();
        let mut consider = |key: &str| {
            if let Some(list) = self.deletions.get(key) {
                candidates.extend(list.iter());
            }
            if self.known.contains_key(key) {
                if let Some((k, _)) = self.known.get_key_value(key) {
                    candidates.push(k);
                }
            }
        };
        consider(folded);
        for d in deletes(folded) {
            consider(&d);
        }
        candidates.sort();
        candidates.dedup();
        candidates.retain(|c| c.as_str() != folded && strsim::osa_distance(c, folded) == 1);
        candidates.sort_by(|a, b| self.known[*b].1.cmp(&self.known[*a].1).then_with(|| a.cmp(b)));
        candidates.into_iter().map(|f| self.known[f].0.as_str()).collect()
    }
}

pub use crate::text::syllable::is_syllable;

fn deletes(word: &str) -> Vec<String> {
    let chars: Vec<char> = word.chars().collect();
    (0..chars.len()).map(|i| chars[..i].iter().chain(&chars[i + 1..]).collect()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speller_fixes_one_edit() {
        let s = Speller::new(["giáo", "viên", "tuyển", "dụng", "ngân", "sách", "sách"], HashSet::default());
        assert_eq!(s.correct("vin"), Some("viên"));
        assert_eq!(s.correct("dugn"), Some("dụng"));
        assert_eq!(s.correct("sack"), Some("sách"));
        assert_eq!(s.correct("xyzw"), None);
        assert_eq!(s.correct("ab"), None);
    }
}
