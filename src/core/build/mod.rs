//! Building the engine from a knowledge base, once: the lexicon, the term indexes, the names
//! found in questions, and what facts and documents are about (one file each).

mod facts;
mod index;
mod lexicon;
mod names;

use super::{Engine, quote};
use crate::knowledge::Knowledge;

impl Engine {
    /// Builds the indexes. Cannot fail: `kb` has been validated by the loader.
    pub fn new(kb: Knowledge) -> Engine {
        let lexicon = lexicon::Lexicon::build(&kb);
        let indexes = index::Indexes::build(&kb, &lexicon);
        let names = names::Names::build(&kb, &lexicon);
        let plan = facts::main_plan(&kb);
        let citations = facts::Citations::build(&kb, plan);
        let topics = facts::FactTopics::build(&kb, &lexicon.analyzer, &names);
        let prepared = kb.entries.iter().map(|e| e.quotes.iter().map(|q| quote::Prepared::new(q)).collect()).collect();
        let analyzer = lexicon.into_analyzer();
        let (source_words, source_capitalised) = source_words(&kb);
        Engine {
            fact_documents: topics.documents,
            fact_named_documents: topics.named_documents,
            fact_vocabulary: topics.vocabulary,
            fact_issuance: topics.issuance,
            document_name_words: topics.document_name_words,
            agency_name_words: topics.agency_name_words,
            fact_agencies: topics.agencies,
            prepared,
            fact_citations: citations.facts,
            fact_with: fact_with(&kb),
            fact_folded: fact_folded(&kb),
            document_citations: citations.documents,
            document_kinds: kb.documents.iter().map(|d| crate::text::fold_marks(&d.kind.to_lowercase())).collect(),
            entries: indexes.entries,
            facts: indexes.facts,
            documents: indexes.documents,
            analyzer,
            agency_names: names.agency_names,
            document_names: names.document_names,
            uncovered: names.uncovered,
            smalltalk: names.smalltalk,
            cues: names.cues,
            plan,
            plans: super::plans::build(&kb),
            document_numbers: names.document_numbers,
            source_phrases: source_phrases(&source_words),
            source_words,
            source_capitalised,
            examples: super::compose::examples(&kb, plan),
            plan_intro: super::compose::plan_intro(&kb, plan),
            agency_duties: agency_duties(&kb),
            office_named: kb.agencies.iter().map(super::compose::named_by_office).collect(),
            kb,
        }
    }
}

/// Every source's words, folded, one space apart, with a space at each end; a `|` where
/// punctuation or a line break parts two words, so that no name is read across a sentence,
/// a list or a heading ("thư viện số⏎Xây dựng" is not "số xây dựng"). Second, the same words
/// as capitalised in the source, with a `|` for every word that is not (see
/// `Engine::source_capitalised`).
fn source_words(kb: &Knowledge) -> (String, String) {
    let mut out = String::from(" ");
    let mut capitalised = String::from(" ");
    for s in &kb.sources {
        let mut last_end = 0;
        for t in crate::text::tokenize(&s.text) {
            if crate::text::parts_words(&s.text[last_end..t.start]) {
                out.push_str("| ");
            }
            out.push_str(&t.folded);
            out.push(' ');
            let upper = s.text[t.start..].chars().next().is_some_and(char::is_uppercase);
            capitalised.push_str(if upper { &t.folded } else { "|" });
            capitalised.push(' ');
            last_end = t.end;
        }
        out.push_str("| ");
        capitalised.push_str("| ");
    }
    (out, capitalised)
}

/// Every run of at most [`super::MAX_SOURCE_PHRASE`] words of `source_words` (`|` marks
/// included), one space apart.
fn source_phrases(source_words: &str) -> rustc_hash::FxHashSet<String> {
    let words: Vec<&str> = source_words.split(' ').filter(|w| !w.is_empty()).collect();
    let mut out = rustc_hash::FxHashSet::default();
    for start in 0..words.len() {
        let mut phrase = String::new();
        for w in words.iter().skip(start).take(super::MAX_SOURCE_PHRASE) {
            if !phrase.is_empty() {
                phrase.push(' ');
            }
            phrase.push_str(w);
            out.insert(phrase.clone());
        }
    }
    out
}

/// Each agency's roles in the entries, as (entry, role) positions: `Knowledge::duties_of` by
/// position, found once.
fn agency_duties(kb: &Knowledge) -> Vec<Vec<(usize, usize)>> {
    let mut out = vec![Vec::new(); kb.agencies.len()];
    for (e, entry) in kb.entries.iter().enumerate() {
        for (r, role) in entry.agencies.iter().enumerate() {
            for (a, agency) in kb.agencies.iter().enumerate() {
                if agency.id == role.agency {
                    out[a].push((e, r));
                }
            }
        }
    }
    out
}

/// Each fact's `with` ids resolved to positions in `kb.facts`, in their order.
fn fact_with(kb: &Knowledge) -> Vec<Vec<usize>> {
    kb.facts
        .iter()
        .map(|f| f.with.iter().filter_map(|id| kb.facts.iter().position(|g| &g.id == id)).collect())
        .collect()
}

/// Each fact's keywords, then its statement, lower case and folded.
fn fact_folded(kb: &Knowledge) -> Vec<Vec<String>> {
    let fold = |k: &String| crate::text::fold_marks(&k.to_lowercase());
    kb.facts.iter().map(|f| f.keywords.iter().chain([&f.statement]).map(fold).collect()).collect()
}
