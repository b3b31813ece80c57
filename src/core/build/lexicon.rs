//! The analyzer the engine reads text with: the lexicon, and the vocabulary the speller corrects
//! towards (every word of the knowledge base and of the cue lists).

use crate::core::analyze::{self, Analyzer, Word};
use crate::core::lang;
use crate::knowledge::Knowledge;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

/// The analyzer, with every text of the knowledge base tokenized once.
pub(super) struct Lexicon<'k> {
    pub analyzer: Analyzer,
    tokenized: HashMap<&'k str, Vec<Word>>,
}

impl<'k> Lexicon<'k> {
    pub fn build(kb: &'k Knowledge) -> Lexicon<'k> {
        let analyzer = Analyzer::new(kb);
        // The vocabulary the speller corrects towards: every word of the knowledge base and of
        // the cue lists.
        let mut texts: Vec<&str> = Vec::new();
        for e in &kb.entries {
            texts.extend(e.quotes.iter().map(String::as_str));
            texts.extend(e.keywords.iter().map(String::as_str));
            texts.extend(e.questions.iter().map(String::as_str));
            texts.push(&e.summary);
        }
        for a in &kb.agencies {
            texts.push(&a.name);
            texts.extend(a.aliases.iter().map(String::as_str));
        }
        for d in &kb.documents {
            texts.push(&d.title);
            texts.push(&d.summary);
            texts.extend(d.aliases.iter().map(String::as_str));
        }
        for f in &kb.facts {
            texts.extend(f.keywords.iter().map(String::as_str));
        }
        for t in &kb.terms {
            texts.extend(t.words.iter().map(String::as_str));
        }
        for s in &kb.smalltalk {
            texts.extend(s.patterns.iter().map(String::as_str));
        }
        for e in &kb.entries {
            texts.extend(e.agencies.iter().filter_map(|r| r.duty.as_deref()));
        }
        texts.extend(kb.sections.iter().map(|s| s.title.as_str()));
        texts.extend(kb.facts.iter().flat_map(|f| [f.statement.as_str(), f.quote.as_str()]));
        // Every text is tokenized once.
        let tokenized: HashMap<&str, Vec<Word>> =
            texts.iter().map(|&t| (t, analyze::words(&analyze::clean(t)))).collect();
        let mut vocabulary: Vec<&str> = Vec::new();
        let mut pairs = HashSet::default();
        for ws in tokenized.values() {
            for p in ws.windows(2) {
                pairs.insert(format!("{} {}", p[0].folded, p[1].folded));
                // The pair as marked too: a slip's mend must be a phrase the source spells so.
                if p[0].text != p[0].folded || p[1].text != p[1].folded {
                    pairs.insert(format!("{} {}", p[0].text, p[1].text));
                }
            }
            vocabulary.extend(ws.iter().map(|w| w.text.as_str()));
        }
        vocabulary.sort_unstable();
        // The source's own words (quotes are verbatim, so their marks are right): a function
        // word typed without marks is ambiguous when one of these folds to it.
        let source_words: Vec<&str> = kb
            .entries
            .iter()
            .flat_map(|e| e.quotes.iter())
            .flat_map(|q| tokenized[q.as_str()].iter().map(|w| w.text.as_str()))
            .collect();
        let cue_words: Vec<String> = lang::CUE_LISTS
            .iter()
            .flat_map(|list| list.iter())
            .flat_map(|cue| analyze::words(cue).into_iter().map(|w| w.text.to_string()))
            .collect();
        let analyzer = analyzer.with_vocabulary(
            vocabulary.iter().copied().chain(cue_words.iter().map(String::as_str)),
            source_words,
            pairs,
        );
        Lexicon { analyzer, tokenized }
    }

    /// A text of the knowledge base read as words (tokenized once above when it is one of them).
    pub fn kb_words(&self, s: &str) -> Vec<Word> {
        match self.tokenized.get(s) {
            Some(ws) => self.analyzer.kb_words_from(ws.clone()),
            None => self.analyzer.kb_words(s),
        }
    }

    /// The analyzer alone, once the knowledge base's texts are read.
    pub fn into_analyzer(self) -> Analyzer {
        self.analyzer
    }
}
