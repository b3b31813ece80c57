//! The names the engine finds in a question: agencies, documents (and the numbers they carry),
//! uncovered topics, small-talk patterns and cue phrases.

use super::lexicon::Lexicon;
use crate::core::analyze::{self, Phrases, Strictness, Word};
use crate::core::cues::Cues;
use crate::knowledge::Knowledge;
use rustc_hash::FxHashMap as HashMap;
use smol_str::SmolStr;

pub(super) struct Names {
    pub agency_names: Phrases<usize>,
    pub document_names: Phrases<usize>,
    /// Uncovered topic words: (topic index, ambiguous when typed without marks, the words as
    /// written).
    pub uncovered: Phrases<(usize, bool, Box<[SmolStr]>)>,
    pub smalltalk: Phrases<usize>,
    pub cues: Cues,
    /// Numbers that appear in the numbers and names of known documents ("298", "91"), each with
    /// the folded kinds of the documents that carry it ("ke hoach").
    pub document_numbers: HashMap<String, Vec<String>>,
}

impl Names {
    pub fn build(kb: &Knowledge, lexicon: &Lexicon<'_>) -> Names {
        let analyzer = &lexicon.analyzer;
        let kbw = |s: &str| lexicon.kb_words(s);
        let stop = &analyzer.stopwords;
        let mut agency_names = Phrases::new(Strictness::Marked);
        for (i, a) in kb.agencies.iter().enumerate() {
            for name in std::iter::once(&a.name).chain(&a.aliases) {
                agency_names.add(&words_text(&kbw(name)), i, stop);
            }
        }
        let mut document_names = Phrases::new(Strictness::Marked);
        for (i, d) in kb.documents.iter().enumerate() {
            for name in d.aliases.iter().chain(std::iter::once(&d.number)).filter(|n| !n.is_empty()) {
                document_names.add(&words_text(&kbw(name)), i, stop);
            }
        }
        let mut uncovered = Phrases::new(Strictness::Marked);
        for (i, u) in kb.uncovered.iter().enumerate() {
            for w in &u.words {
                let ws = analyze::words(&analyze::clean(w));
                let ambiguous = ws.len() == 1 && analyzer.is_known(&ws[0]);
                let written = ws.iter().map(|w| w.text.clone()).collect();
                uncovered.add(w, (i, ambiguous, written), stop);
            }
        }
        let mut smalltalk = Phrases::new(Strictness::Marked);
        for (i, s) in kb.smalltalk.iter().enumerate() {
            for p in &s.patterns {
                smalltalk.add(p, i, stop);
            }
        }
        let mut document_numbers: HashMap<String, Vec<String>> = HashMap::default();
        for d in &kb.documents {
            let kind = crate::text::fold_marks(&crate::text::lowercase(&d.kind));
            for name in d.aliases.iter().chain(std::iter::once(&d.number)) {
                for w in analyze::words(name).into_iter().filter(|w| w.is_number()) {
                    let kinds = document_numbers.entry(w.text.to_string()).or_default();
                    if !kinds.contains(&kind) {
                        kinds.push(kind.clone());
                    }
                }
            }
        }
        Names { agency_names, document_names, uncovered, smalltalk, cues: Cues::build(stop), document_numbers }
    }
}

fn words_text(words: &[Word]) -> String {
    words.iter().map(|w| w.text.as_str()).collect::<Vec<_>>().join(" ")
}
