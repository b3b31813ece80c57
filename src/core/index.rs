//! A weighted term index over a handful of items (entries, facts, documents): unigrams and
//! bigrams of canonical words, in marked and folded forms, with idf weights.

use super::analyze::Word;
use rustc_hash::FxHashMap as HashMap;

/// Weight of a bigram match relative to a unigram match of the same idf: word order is strong
/// evidence ("giáo viên" vs "viên … giáo").
pub const BIGRAM_WEIGHT: f32 = 0.5;
/// A question word typed with marks that matches only after folding (thể ~ thế) counts half.
pub const FOLDED_FACTOR: f32 = 0.5;
/// A question syllable whose neighbours form a word with it, matched in an item only on its own
/// (the item has "quán triệt", the question "quán phở"), is weaker evidence.
pub const UNSUPPORTED_FACTOR: f32 = 0.5;
/// An unknown word weighs this share of the rarest known word's idf in a question: enough to
/// sink a question about something else, not so much that chatter around a real question
/// ("con em gửi ở nhóm trẻ nhà bên cạnh…") drowns it.
pub const UNKNOWN_WEIGHT: f32 = 0.8;
/// A word the speller corrected is less certain than a word typed right.
pub const CORRECTED_FACTOR: f32 = 0.8;

/// One posting: item number and field weight (0..=1).
type Postings = Vec<(u16, f32)>;

/// A term's postings and its idf.
#[derive(Debug, Clone, Default)]
struct Term {
    idf: f32,
    postings: Postings,
}

#[derive(Debug, Clone, Default)]
struct Terms {
    map: HashMap<String, Term>,
}

impl Terms {
    fn add(&mut self, key: &str, item: u16, weight: f32) {
        let Some(term) = self.map.get_mut(key) else {
            let term = Term { idf: 0.0, postings: vec![(item, weight)] };
            self.map.insert(key.to_owned(), term);
            return;
        };
        match term.postings.iter_mut().find(|(i, _)| *i == item) {
            Some((_, w)) => *w = w.max(weight),
            None => term.postings.push((item, weight)),
        }
    }

    fn finish(&mut self, items: usize) {
        let n = items as f32;
        for term in self.map.values_mut() {
            term.idf = ((n + 1.0) / (term.postings.len() as f32 + 0.5)).ln();
        }
    }

    fn get(&self, key: &str) -> Option<&Term> {
        self.map.get(key)
    }
}

/// A question term's postings in one index (see [`TermIndex::find`]).
struct Found<'t> {
    marked: Option<&'t Term>,
    folded: Option<&'t Term>,
    strict: bool,
}

/// The index. Items are numbered in the order they were given.
#[derive(Debug, Clone, Default)]
pub struct TermIndex {
    marked: Terms,
    folded: Terms,
    items: usize,
}

/// How well a question matches each item.
#[derive(Debug, Clone)]
pub struct Scores {
    /// Raw evidence per item: idf-weighted matched unigrams and bigrams.
    pub score: Vec<f32>,
    /// Share of the question's unigram idf mass that each item matches, 0..=1.
    pub coverage: Vec<f32>,
    /// The question's unigram idf mass (known and unknown words).
    pub mass: f32,
    /// Matched terms per item, for explanations.
    pub matched: Vec<Vec<String>>,
    /// Items by descending score (see [`Scores::ranked`]).
    order: Vec<usize>,
}

impl Scores {
    /// Items with any score, by descending score; ties by item order (deterministic).
    pub fn ranked(&self) -> &[usize] {
        &self.order
    }

    /// Items with any score by descending coverage, then score, then item order: for facts,
    /// where the share of the question a fact answers matters more than how much it repeats.
    pub fn by_coverage(&self) -> Vec<usize> {
        let mut order = self.order.clone();
        order.sort_by(|&a, &b| {
            self.coverage[b].total_cmp(&self.coverage[a]).then(self.score[b].total_cmp(&self.score[a])).then(a.cmp(&b))
        });
        order
    }

    fn rank(&mut self) {
        // Each item with a score as one integer key ordering as (score descending, item
        // ascending): a score above 0 orders as its bits do, so sorting the keys sorts as
        // comparing scores would, without reading them back item by item.
        let mut keys: Vec<u64> = Vec::with_capacity(self.score.len());
        keys.extend(
            self.score
                .iter()
                .enumerate()
                .filter(|&(_, &s)| s > 0.0)
                .map(|(i, s)| (u64::from(!s.to_bits()) << 32) | i as u64),
        );
        keys.sort_unstable();
        self.order = keys.into_iter().map(|k| (k & u64::from(u32::MAX)) as usize).collect();
    }
}

fn content(words: &[Word]) -> impl Iterator<Item = (usize, &Word)> {
    words.iter().enumerate().filter(|(_, w)| !w.stop)
}

/// One term's match per item, dense, with the items it matches (each once, in no order): a
/// question word matches a few items of hundreds, so only those are read and reset.
struct Matches {
    value: Vec<f32>,
    items: Vec<u16>,
}

impl Matches {
    fn clear(&mut self) {
        for &i in &self.items {
            self.value[i as usize] = 0.0;
        }
        self.items.clear();
    }

    /// Raises an item's match to `v` (matches are never below 0).
    fn raise(&mut self, item: u16, v: f32) {
        let slot = &mut self.value[item as usize];
        if *slot == 0.0 && v > 0.0 {
            self.items.push(item);
        }
        *slot = slot.max(v);
    }

    /// Items with a match above 0, with their match.
    fn matched(&self) -> impl Iterator<Item = (usize, f32)> + '_ {
        self.items.iter().map(|&i| (i as usize, self.value[i as usize]))
    }
}

/// Bigrams of neighbouring topic words.
fn bigrams(words: &[Word]) -> impl Iterator<Item = (&Word, &Word)> {
    words.windows(2).filter(|p| !p[0].stop && !p[1].stop).map(|p| (&p[0], &p[1]))
}

impl TermIndex {
    /// `items[i]` is a list of (words of one field, field weight 0..=1).
    pub fn build(items: &[Vec<(Vec<Word>, f32)>]) -> Self {
        let mut index = TermIndex { items: items.len(), ..Default::default() };
        for (i, fields) in items.iter().enumerate() {
            let i = u16::try_from(i).expect("fewer than 65536 items");
            for (words, weight) in fields {
                for (_, w) in content(words) {
                    index.marked.add(&w.text, i, *weight);
                    index.folded.add(&w.folded, i, *weight);
                }
                let mut key = String::new();
                for (a, b) in bigrams(words) {
                    for (terms, x, y) in
                        [(&mut index.marked, &a.text, &b.text), (&mut index.folded, &a.folded, &b.folded)]
                    {
                        key.clear();
                        key.push_str(x);
                        key.push(' ');
                        key.push_str(y);
                        terms.add(&key, i, *weight);
                    }
                }
            }
        }
        index.marked.finish(items.len());
        index.folded.finish(items.len());
        index
    }

    /// The idf an unknown word gets: as informative as the rarest known word.
    pub fn unknown_idf(&self) -> f32 {
        UNKNOWN_WEIGHT * ((self.items as f32 + 1.0) / 0.5).ln()
    }

    /// Whether a question word was typed with marks and, so spelled, is a word of the items:
    /// then it means that word, not another one folding the same ("người viết" is not "người
    /// Việt"). A word the speller corrected is a guess, and matches folded as before.
    fn spelled_known(&self, w: &Word) -> bool {
        w.origin == super::analyze::Origin::Typed && w.text != w.folded && self.marked.get(&w.text).is_some()
    }

    /// The idf of a question word, or `None` when no item has it.
    pub fn idf(&self, w: &Word) -> Option<f32> {
        if w.accented {
            if let Some(t) = self.marked.get(&w.text) {
                return Some(t.idf);
            }
        }
        self.folded.get(&w.folded).map(|t| t.idf)
    }

    /// A question term's postings here: its marked form's when typed with marks, its folded
    /// form's unless `strict` (spelled with marks as a word the knowledge base has, so it never
    /// matches a differently marked word: "viết" is not "Việt").
    fn find(&self, (marked_key, folded_key): (&str, &str), accented: bool, strict: bool) -> Found<'_> {
        Found {
            marked: if accented { self.marked.get(marked_key) } else { None },
            folded: if strict { None } else { self.folded.get(folded_key) },
            strict,
        }
    }

    /// The idf `global` gives a term found here as `found` (`None` when no item has it):
    /// `found`'s own when `global` is this index, so the lookups are not made twice.
    fn global_idf(&self, global: &TermIndex, found: &Found, keys: (&str, &str), accented: bool) -> Option<f32> {
        if !std::ptr::eq(self, global) {
            return accented
                .then(|| global.marked.get(keys.0))
                .flatten()
                .or_else(|| global.folded.get(keys.1))
                .map(|t| t.idf);
        }
        let folded = || if found.strict { self.folded.get(keys.1) } else { found.folded };
        found.marked.or_else(folded).map(|t| t.idf)
    }

    /// Sets `acc` to how well each item matches one term found as `found` (0 when it does
    /// not), each item getting its best way of matching; returns the term's idf when any item
    /// has it.
    fn term(found: &Found, accented: bool, factor: f32, acc: &mut Matches) -> Option<f32> {
        acc.clear();
        let mut idf = None;
        if let Some(t) = found.marked {
            idf = Some(t.idf);
            for &(item, w) in &t.postings {
                acc.raise(item, w * factor);
            }
        }
        if let Some(t) = found.folded {
            let folded_factor = if accented { FOLDED_FACTOR } else { 1.0 } * factor;
            idf.get_or_insert(t.idf);
            for &(item, w) in &t.postings {
                acc.raise(item, w * folded_factor);
            }
        }
        idf
    }

    /// Scores every item against the topic words of a question.
    pub fn score(&self, words: &[Word], explain: bool) -> Scores {
        self.score_using(words, self, explain)
    }

    /// Scores with the informativeness (idf) of words taken from `global`: a small index
    /// (facts) would otherwise find a common word rare.
    pub fn score_using(&self, words: &[Word], global: &TermIndex, explain: bool) -> Scores {
        let n = self.items;
        let mut scores = Scores {
            score: vec![0.0; n],
            coverage: vec![0.0; n],
            mass: 0.0,
            matched: vec![Vec::new(); if explain { n } else { 0 }],
            order: Vec::new(),
        };
        let Scratch { mut value, mut items, mut pair_ranges, mut pair_items, mut spelled, mut paired_with, mut keys } =
            SCRATCH.with(|s| std::mem::take(&mut *s.borrow_mut()));
        // The words alone's evidence per item gathers in `coverage`, made a share at the end.
        // A term matches each item once at most: `items` never outgrows `n`.
        value.clear();
        value.resize(n, 0.0);
        items.clear();
        let mut acc = Matches { value, items };
        // Pairs first: which items each pair of neighbouring question words matches, by the
        // pair's first word (`None` where no pair starts: a stop word on either side), as a
        // range of `pair_items`, where every pair's items follow one another.
        pair_ranges.clear();
        pair_ranges.resize(words.len(), None);
        pair_items.clear();
        // Once per word: the pairs and the words alone below both ask it.
        spelled.clear();
        spelled.extend(words.iter().map(|w| !w.stop && global.spelled_known(w)));
        let (marked, folded) = (&mut keys.0, &mut keys.1);
        for i in 0..words.len().saturating_sub(1) {
            let (a, b) = (&words[i], &words[i + 1]);
            if a.stop || b.stop {
                continue;
            }
            marked.clear();
            marked.push_str(&a.text);
            marked.push(' ');
            marked.push_str(&b.text);
            folded.clear();
            folded.push_str(&a.folded);
            folded.push(' ');
            folded.push_str(&b.folded);
            let strict = spelled[i] && spelled[i + 1];
            let accented = a.accented && b.accented;
            let terms = self.find((marked.as_str(), folded.as_str()), accented, strict);
            let found = Self::term(&terms, accented, 1.0, &mut acc).is_some();
            // Unknown pairs count as the rarest.
            let idf = self
                .global_idf(global, &terms, (marked.as_str(), folded.as_str()), accented)
                .unwrap_or_else(|| global.unknown_idf());
            for (item, m) in acc.matched() {
                scores.score[item] += BIGRAM_WEIGHT * idf * m;
                if explain {
                    scores.matched[item].push(marked.clone());
                }
            }
            let from = pair_items.len();
            if found {
                pair_items.extend(acc.matched().map(|(i, _)| i as u16));
            }
            pair_ranges[i] = Some((from, pair_items.len()));
        }
        // Which items the pairs around the word being read match: stamped with the word's
        // number + 1 (a look-up per item, not a search of the pairs' items).
        paired_with.clear();
        paired_with.resize(if pair_items.is_empty() { 0 } else { n }, 0);
        for (i, w) in content(words) {
            let factor = match w.origin {
                super::analyze::Origin::Corrected | super::analyze::Origin::Filled => CORRECTED_FACTOR,
                _ => 1.0,
            };
            let terms = self.find((&w.text, &w.folded), w.accented, spelled[i]);
            let found = Self::term(&terms, w.accented, factor, &mut acc);
            let known = self.global_idf(global, &terms, (&w.text, &w.folded), w.accented);
            let idf = found.map(|_| known.unwrap_or_else(|| global.unknown_idf())).unwrap_or(0.0);
            // A corrected word weighs in the question as an unknown word would: a correction
            // adds evidence but never makes a question look better covered than it was typed.
            let corrected = w.origin == super::analyze::Origin::Corrected;
            scores.mass += match known {
                Some(g) if !corrected => g,
                _ => global.unknown_idf(),
            };
            // The pairs the word is part of: the one it ends and the one it starts.
            let items_of = |p: usize| pair_ranges[p].map(|(from, to)| &pair_items[from..to]);
            let pairs = [i.checked_sub(1).and_then(items_of), items_of(i)];
            let paired = pairs.iter().any(Option::is_some);
            let stamp = i as u32 + 1;
            for &item in pairs.iter().flatten().copied().flatten() {
                paired_with[item as usize] = stamp;
            }
            for (item, m) in acc.matched() {
                // A syllable that belongs to a word of the question ("quán phở") but matches
                // only inside another word of the item ("quán triệt") counts for less.
                let supported = !paired || paired_with.get(item) == Some(&stamp);
                let support = if supported { 1.0 } else { UNSUPPORTED_FACTOR };
                scores.coverage[item] += idf * m * support;
                if explain {
                    scores.matched[item].push(w.text.to_string());
                }
            }
        }
        for (score, coverage) in scores.score.iter_mut().zip(&mut scores.coverage) {
            let u = *coverage;
            *score += u;
            *coverage = if scores.mass > 0.0 { (u / scores.mass).min(1.0) } else { 0.0 };
        }
        scores.rank();
        let (value, items) = (acc.value, acc.items);
        SCRATCH.with(|s| {
            *s.borrow_mut() = Scratch { value, items, pair_ranges, pair_items, spelled, paired_with, keys };
        });
        scores
    }
}

/// The buffers [`TermIndex::score_using`] fills on every call, kept from call to call (each
/// question is scored against entries and facts, and allocating them anew cost about as much as
/// a word's postings): taken at the start of a call and put back at its end.
#[derive(Default)]
struct Scratch {
    value: Vec<f32>,
    items: Vec<u16>,
    pair_ranges: Vec<Option<(usize, usize)>>,
    pair_items: Vec<u16>,
    spelled: Vec<bool>,
    paired_with: Vec<u32>,
    /// A pair's marked and folded keys ("giáo dục", "giao duc").
    keys: (String, String),
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}
