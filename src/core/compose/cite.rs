//! Citations, in one place: which quote of an entry answers (trimmed to its sentences),
//! where a fact's or a document's quote stands in the plan, and adding them to a draft.

use super::Draft;
use crate::core::analyze::Word;
use crate::core::{Citation, Engine, quote};
use crate::knowledge::{Citable, Entry, Knowledge};

/// The sentence(s) of a quote that answer the question.
pub(super) fn cite_entry(engine: &Engine, d: &mut Draft, e: &Entry, topic: &[Word]) -> usize {
    let quote = best_quote(engine, e, topic);
    d.cite(&e.id, &e.label, quote)
}

/// The quote of `e` that best matches the topic, trimmed to the sentence(s) that do.
pub(super) fn best_quote<'k>(engine: &'k Engine, e: &'k Entry, topic: &[Word]) -> &'k str {
    let wanted = quote::wanted(topic);
    let Some(prepared) = engine.kb.entry_position(&e.id).map(|i| &engine.prepared[i]) else {
        return quote::trim(e.quotes.first().map(String::as_str).unwrap_or_default(), topic);
    };
    // The longest quote of an entry is its paragraph; headings are short extra quotes.
    let best = (0..e.quotes.len()).max_by(|&a, &b| {
        let (qa, qb) = (&e.quotes[a], &e.quotes[b]);
        prepared[a].score(&wanted).cmp(&prepared[b].score(&wanted)).then(qa.len().cmp(&qb.len())).then(b.cmp(&a))
    });
    match best {
        Some(i) => quote::trim_prepared(&e.quotes[i], &prepared[i], &wanted),
        None => "",
    }
}

/// Where `quote` of `item` stands in the plan: in the entry whose quotes contain it (a
/// document's quotes come from the entries that mention it, the plan's own first), else in
/// `item` itself; the citation carries the sentence(s) holding the quote. Computed once per
/// fact and document when the engine is built.
/// `comparable` holds each entry's quotes in `check::comparable` form.
pub(in crate::core) fn locate(
    kb: &Knowledge,
    comparable: &[Vec<String>],
    plan: usize,
    item: Citable<'_>,
    quote: &str,
) -> Citation {
    let needle = crate::knowledge::check::comparable(quote);
    let plan = &kb.documents[plan].id;
    let holder = match item {
        Citable::Entry(e) => Some(e),
        Citable::Document(_) => kb
            .entries
            .iter()
            .zip(comparable)
            .filter(|(_, quotes)| quotes.iter().any(|x| x.contains(&needle)))
            .map(|(e, _)| e)
            .min_by_key(|e| (&e.document != plan, e.quotes.iter().map(String::len).sum::<usize>())),
    };
    let (id, label, quotes) = match holder {
        Some(e) => (e.id.as_str(), e.label.as_str(), e.quotes.as_slice()),
        None => (item.id(), item.label(), item.quotes()),
    };
    Citation { id: id.to_owned(), label: label.to_owned(), quote: sentence_with(quotes, quote).to_owned() }
}

pub(super) fn cite(d: &mut Draft, c: &Citation) -> usize {
    d.cite(&c.id, &c.label, &c.quote)
}

/// A fact's citation and those of the facts it states `with` it, their numbers as "[1] [2]".
pub(super) fn cite_fact(engine: &Engine, d: &mut Draft, fact: usize) -> String {
    let mut marks = vec![cite(d, &engine.fact_citations[fact])];
    for &i in &engine.fact_with[fact] {
        let n = cite(d, &engine.fact_citations[i]);
        if !marks.contains(&n) {
            marks.push(n);
        }
    }
    marks.iter().map(|n| format!("[{n}]")).collect::<Vec<_>>().join(" ")
}

/// The sentence(s) of `quotes` that contain `needle` (verbatim), or the whole quote.
pub(super) fn sentence_with<'q>(quotes: &'q [String], needle: &str) -> &'q str {
    let needle = crate::knowledge::check::comparable(needle);
    for q in quotes {
        if !crate::knowledge::check::comparable(q).contains(&needle) {
            continue;
        }
        if q.chars().count() <= quote::WHOLE_QUOTE_CHARS {
            return q;
        }
        for (s, e) in quote::sentences(q) {
            if crate::knowledge::check::comparable(&q[s..e]).contains(&needle) {
                return q[s..e].trim();
            }
        }
        return q;
    }
    quotes.first().map(String::as_str).unwrap_or("")
}
