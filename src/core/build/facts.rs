//! What the engine knows about facts and documents beyond their text: the main plan, where
//! each fact and document is cited, and what each fact is about (documents, agencies, words,
//! whether it tells when something was issued).

use super::names::Names;
use crate::core::Citation;
use crate::core::analyze::{self, Analyzer, Word};
use crate::core::compose::cite::locate;
use crate::core::cues::Cue;
use crate::knowledge::{Citable, Knowledge};
use rustc_hash::FxHashSet as HashSet;
use smol_str::SmolStr;

/// The main plan: the document most entries belong to (the first of those on a tie).
pub(super) fn main_plan(kb: &Knowledge) -> usize {
    (0..kb.documents.len())
        .max_by_key(|&i| (kb.entries.iter().filter(|e| e.document == kb.documents[i].id).count(), std::cmp::Reverse(i)))
        .unwrap_or(0)
}

/// Citations located once, when the engine is built.
pub(super) struct Citations {
    /// Each fact's citation, located in the plan.
    pub facts: Vec<Citation>,
    /// Each document's citation: where the plan mentions it.
    pub documents: Vec<Citation>,
}

impl Citations {
    pub fn build(kb: &Knowledge, plan: usize) -> Citations {
        let comparable: Vec<Vec<String>> = kb
            .entries
            .iter()
            .map(|e| e.quotes.iter().map(|q| crate::knowledge::check::comparable(q)).collect())
            .collect();
        let facts = kb
            .facts
            .iter()
            .map(|f| match kb.citable(&f.cites) {
                Some(item) => locate(kb, &comparable, plan, item, &f.quote),
                None => Citation { id: f.cites.clone(), label: String::new(), quote: f.quote.clone() },
            })
            .collect();
        let documents = kb
            .documents
            .iter()
            .map(|d| {
                let first = d.quotes.first().map(String::as_str).unwrap_or_default();
                locate(kb, &comparable, plan, Citable::Document(d), first)
            })
            .collect();
        Citations { facts, documents }
    }
}

/// What facts are about, and the name words fact scoring adds for a named document or agency.
pub(super) struct FactTopics {
    /// Words of each document's short name and each agency's name, for fact scoring.
    pub document_name_words: Vec<Vec<Word>>,
    pub agency_name_words: Vec<Vec<Word>>,
    /// Agencies each fact's statement names.
    pub agencies: Vec<Vec<usize>>,
    /// Documents each fact is about (named in it, or the document of what it cites).
    pub documents: Vec<Vec<usize>>,
    /// Documents each fact names or cites as a whole (not the document of a cited provision).
    pub named_documents: Vec<Vec<usize>>,
    /// Folded words of each fact's statement, keywords and quote.
    pub vocabulary: Vec<HashSet<SmolStr>>,
    /// Whether each fact tells when something was issued ("ban hành", "ký").
    pub issuance: Vec<bool>,
}

impl FactTopics {
    pub fn build(kb: &Knowledge, analyzer: &Analyzer, names: &Names) -> FactTopics {
        let document_name_words =
            kb.documents.iter().map(|d| analyzer.kb_words(d.aliases.first().unwrap_or(&d.number))).collect();
        let agency_name_words = kb.agencies.iter().map(|a| analyzer.kb_words(&a.name)).collect();
        let agencies = kb
            .facts
            .iter()
            .map(|f| names.agency_names.find_all(&analyzer.kb_words(&f.statement)).iter().map(|x| *x.value).collect())
            .collect();
        // What each fact is about: the documents it concerns, its words, whether it tells when
        // something was issued. A question that names a document, asks "how many X" or asks
        // when something was issued is answered only by a fact about that.
        let doc_position = |id: &str| kb.documents.iter().position(|d| d.id == id);
        let mut fact_documents = Vec::with_capacity(kb.facts.len());
        let mut fact_named_documents = Vec::with_capacity(kb.facts.len());
        let mut fact_vocabulary = Vec::with_capacity(kb.facts.len());
        let mut fact_issuance = Vec::with_capacity(kb.facts.len());
        for f in &kb.facts {
            let statement = analyzer.kb_words(&f.statement);
            let mut documents: Vec<usize> =
                (0..statement.len()).filter_map(|i| names.document_names.at(&statement, i)).map(|x| *x.value).collect();
            let mut named = documents.clone();
            match kb.citable(&f.cites) {
                Some(Citable::Document(d)) => {
                    named.extend(doc_position(&d.id));
                    documents.extend(doc_position(&d.id));
                }
                Some(Citable::Entry(e)) => documents.extend(doc_position(&e.document)),
                None => {}
            }
            for list in [&mut documents, &mut named] {
                list.sort_unstable();
                list.dedup();
            }
            fact_named_documents.push(named);
            let texts = std::iter::once(&f.statement).chain(&f.keywords).chain(std::iter::once(&f.quote));
            let mut vocabulary = HashSet::default();
            let mut issuance = false;
            for t in texts {
                let raw = analyze::words(&analyze::clean(t));
                let read = analyzer.kb_words_from(raw.clone());
                for ws in [&raw, &read] {
                    vocabulary.extend(ws.iter().map(|w| w.folded.clone()));
                    for i in 0..ws.len() {
                        names.cues.all.each_at(ws, i, |_, &cue| issuance |= cue == Cue::Issuer);
                    }
                }
            }
            fact_documents.push(documents);
            fact_vocabulary.push(vocabulary);
            fact_issuance.push(issuance);
        }
        FactTopics {
            document_name_words,
            agency_name_words,
            agencies,
            documents: fact_documents,
            named_documents: fact_named_documents,
            vocabulary: fact_vocabulary,
            issuance: fact_issuance,
        }
    }
}
