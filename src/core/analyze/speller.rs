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
    /// Folded word → every marked form the vocabulary writes it with, most frequent first
    /// ("ke" → "kế", "kẻ", "kê").
    forms: HashMap<String, Vec<String>>,
    /// Words of the source written without marks ("ban", "kinh"): typed so, they are meant so.
    source: HashSet<String>,
}

/// Pairs of words up to this many bytes are looked up without allocating (see `is_pair`).
const PAIR_BUFFER: usize = 64;

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
        // Forms typed with marks only: the knowledge base's sample questions and cue lists
        // also write words without them ("ke hoach"), which says nothing of their marks.
        let mut forms: HashMap<String, Vec<(String, u32)>> = HashMap::default();
        for &(w, n) in &sorted {
            let folded = text::fold_marks(w);
            if folded != w {
                forms.entry(folded).or_default().push((w.to_owned(), n));
            }
        }
        let forms = forms
            .into_iter()
            .map(|(folded, mut list)| {
                list.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
                (folded, list.into_iter().map(|(w, _)| w).collect())
            })
            .collect();
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
        Speller { known, deletions, pairs, forms, source: HashSet::default() }
    }

    /// Notes the source's own words: those without marks are words as typed, not marks left
    /// out (see [`Speller::fill_marks`]).
    pub fn with_source<'a>(mut self, words: impl IntoIterator<Item = &'a str>) -> Self {
        self.source = words.into_iter().filter(|w| w.is_ascii()).map(str::to_owned).collect();
        self
    }

    /// True when `a b` (folded) stands in the knowledge base.
    pub fn is_pair(&self, a: &str, b: &str) -> bool {
        // The pair is looked up from a buffer on the stack: no string is built per word.
        let mut buf = [0u8; PAIR_BUFFER];
        let n = a.len() + 1 + b.len();
        if n > PAIR_BUFFER {
            return self.pairs.contains(&format!("{a} {b}"));
        }
        buf[..a.len()].copy_from_slice(a.as_bytes());
        buf[a.len()] = b' ';
        buf[a.len() + 1..n].copy_from_slice(b.as_bytes());
        std::str::from_utf8(&buf[..n]).is_ok_and(|pair| self.pairs.contains(pair))
    }

    pub fn is_known(&self, folded: &str) -> bool {
        self.known.contains_key(folded)
    }

    /// For a word typed with some of its marks left out ("kê hoach", "Sơ Nôi vu", "dược"): the
    /// vocabulary's form it stands for. `Fill::Exact` when the vocabulary writes it as typed,
    /// `Fill::One` when one form holds every mark typed (the marks missing are then certain),
    /// `Fill::Several` when more than one does (only the letters are then certain).
    pub fn fill_marks(&self, typed: &str, folded: &str) -> Fill<'_> {
        let Some(forms) = self.forms.get(folded) else {
            return Fill::None;
        };
        if forms.iter().any(|f| f == typed) || (typed == folded && self.source.contains(folded)) {
            return Fill::Exact;
        }
        let mut within = forms.iter().filter(|f| text::marks_within(typed, f));
        match (within.next(), within.next()) {
            (Some(one), None) => Fill::One(one),
            (Some(_), Some(_)) => Fill::Several,
            _ => Fill::None,
        }
    }

    /// The known word one edit away from `folded`: the most frequent, then alphabetical.
    /// The first of [`Speller::candidates`], the distance measured only for a word that would
    /// come before the best so far (neither sorted nor collected).
    pub fn correct(&self, folded: &str) -> Option<&str> {
        let mut best: Option<(&String, u32)> = None;
        for c in self.gathered(folded) {
            let count = self.known[c].1;
            let before = best.is_none_or(|(b, n)| count > n || count == n && c < b);
            if before && c.as_str() != folded && strsim::osa_distance(c, folded) == 1 {
                best = Some((c, count));
            }
        }
        best.map(|(c, _)| self.known[c].0.as_str())
    }

    /// Known words one edit away from `folded`, most frequent first, then alphabetical.
    pub fn candidates(&self, folded: &str) -> Vec<&str> {
        let mut candidates = self.gathered(folded);
        candidates.sort();
        candidates.dedup();
        candidates.retain(|c| c.as_str() != folded && strsim::osa_distance(c, folded) == 1);
        candidates.sort_by(|a, b| self.known[*b].1.cmp(&self.known[*a].1).then_with(|| a.cmp(b)));
        candidates.into_iter().map(|f| self.known[f].0.as_str()).collect()
    }

    /// Known words sharing a deletion with `folded` (maybe more than one edit away, maybe
    /// repeated), or none for a word too short or with digits.
    fn gathered(&self, folded: &str) -> Vec<&String> {
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
        candidates
    }
}

/// See [`Speller::fill_marks`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fill<'s> {
    Exact,
    One(&'s str),
    Several,
    None,
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

    #[test]
    fn fills_marks_left_out() {
        let s = Speller::new(["kế", "kế", "kẻ", "hoạch", "sở", "số", "được", "trí", "trị"], HashSet::default());
        assert_eq!(s.fill_marks("kê", "ke"), Fill::One("kế"));
        assert_eq!(s.fill_marks("kế", "ke"), Fill::Exact);
        assert_eq!(s.fill_marks("hoach", "hoach"), Fill::One("hoạch"));
        assert_eq!(s.fill_marks("sơ", "so"), Fill::One("sở"));
        assert_eq!(s.fill_marks("dược", "duoc"), Fill::One("được"));
        assert_eq!(s.fill_marks("tri", "tri"), Fill::Several);
        // A mark typed that no form has is not a mark left out.
        assert_eq!(s.fill_marks("kè", "ke"), Fill::None);
        assert_eq!(s.fill_marks("bạn", "ban"), Fill::None);
    }
}
