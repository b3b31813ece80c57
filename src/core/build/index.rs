//! The term indexes the engine scores questions against: entries, facts and documents, each
//! field weighted by what it says about the item.

use super::lexicon::Lexicon;
use crate::core::analyze::Word;
use crate::core::index::TermIndex;
use crate::knowledge::Knowledge;

/// Field weights of an entry's text: curated keywords and sample questions say most about what
/// an entry is for; the verbatim quote says everything but also much else. Labels are not
/// indexed: their words ("mục", "ý thứ") are about the layout, not the topic.
const W_KEYWORDS: f32 = 1.0;
const W_QUESTIONS: f32 = 0.9;
const W_SUMMARY: f32 = 0.8;
const W_DUTY: f32 = 0.8;
const W_QUOTE: f32 = 0.6;
const W_SECTION: f32 = 0.5;

/// An item's weighted fields.
type Fields = Vec<(Vec<Word>, f32)>;

pub(super) struct Indexes {
    pub entries: TermIndex,
    pub facts: TermIndex,
    pub documents: TermIndex,
}

impl Indexes {
    pub fn build(kb: &Knowledge, lexicon: &Lexicon<'_>) -> Indexes {
        let kbw = |s: &str| lexicon.kb_words(s);
        let entry_fields: Vec<Fields> = kb
            .entries
            .iter()
            .map(|e| {
                let mut f = Vec::new();
                f.extend(e.keywords.iter().map(|k| (kbw(k), W_KEYWORDS)));
                f.extend(e.questions.iter().map(|q| (kbw(q), W_QUESTIONS)));
                f.push((kbw(&e.summary), W_SUMMARY));
                f.extend(e.agencies.iter().filter_map(|r| r.duty.as_deref()).map(|d| (kbw(d), W_DUTY)));
                f.extend(e.quotes.iter().map(|q| (kbw(q), W_QUOTE)));
                if let Some(s) = e.section.as_deref().and_then(|s| kb.section(s)) {
                    f.push((kbw(&s.title), W_SECTION));
                }
                f
            })
            .collect();
        let fact_fields: Vec<Fields> = kb
            .facts
            .iter()
            .map(|x| {
                let mut f: Fields = x.keywords.iter().map(|k| (kbw(k), W_KEYWORDS)).collect();
                f.push((kbw(&x.statement), W_SUMMARY));
                f.push((kbw(&x.quote), W_QUOTE));
                f
            })
            .collect();
        let document_fields: Vec<Fields> = kb
            .documents
            .iter()
            .map(|d| {
                let mut f: Fields = d.aliases.iter().map(|k| (kbw(k), W_KEYWORDS)).collect();
                f.push((kbw(&d.title), W_KEYWORDS));
                f.push((kbw(&d.summary), W_SUMMARY));
                f
            })
            .collect();
        Indexes {
            entries: TermIndex::build(&entry_fields),
            facts: TermIndex::build(&fact_fields),
            documents: TermIndex::build(&document_fields),
        }
    }
}
