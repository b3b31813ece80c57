//! The paraphrase check: every summary, duty, fact statement and label states only figures
//! and agencies its quotes state too, read through the lexicon.

use super::{Checker, comparable};
use crate::knowledge::{Citable, Entry, Kind, Knowledge};
use crate::text::{nfc, strip_invisible, tokenize};
use std::collections::HashMap;

/// Text as a comparison sees it: its words (lower case, canonical tone marks, `%` a word of
/// its own), each lexicon phrase read as its group's first word ("UBND" → "ủy ban nhân dân").
struct Wording {
    /// Lexicon phrases (as words) and the canonical words they stand for, longest first.
    lexicon: Vec<(Vec<String>, Vec<String>)>,
    /// The positions in `lexicon` of the phrases opening with each word, in order: only they
    /// are tried at a word (not every phrase at every word of every quote).
    opening: HashMap<String, Vec<usize>>,
    /// Each agency's names and aliases, read through the lexicon; longest first overall.
    agencies: Vec<(usize, Vec<String>)>,
}

impl Wording {
    fn new(kb: &Knowledge) -> Wording {
        let raw = |text: &str| -> Vec<String> {
            tokenize(&strip_invisible(&nfc(text))).into_iter().map(|t| t.text.to_string()).collect()
        };
        let mut lexicon = Vec::new();
        for t in &kb.terms {
            let Some(first) = t.words.first() else { continue };
            let canonical = raw(first);
            for w in &t.words[1..] {
                let words = raw(w);
                if !words.is_empty() {
                    lexicon.push((words, canonical.clone()));
                }
            }
        }
        lexicon.sort_by_key(|t| std::cmp::Reverse(t.0.len()));
        let mut opening: HashMap<String, Vec<usize>> = HashMap::new();
        for (k, (from, _)) in lexicon.iter().enumerate() {
            opening.entry(from[0].clone()).or_default().push(k);
        }
        let mut w = Wording { lexicon, opening, agencies: Vec::new() };
        let mut agencies = Vec::new();
        for (i, a) in kb.agencies.iter().enumerate() {
            for name in std::iter::once(&a.name).chain(&a.aliases) {
                let words = w.words(name);
                if !words.is_empty() {
                    agencies.push((i, words));
                }
            }
        }
        agencies.sort_by_key(|n| std::cmp::Reverse(n.1.len()));
        w.agencies = agencies;
        w
    }

    fn words(&self, text: &str) -> Vec<String> {
        let raw: Vec<String> = tokenize(&strip_invisible(&nfc(text))).into_iter().map(|t| t.text.to_string()).collect();
        let mut out = Vec::with_capacity(raw.len());
        let mut i = 0;
        while i < raw.len() {
            let opening = self.opening.get(&raw[i]).map_or(&[][..], Vec::as_slice);
            match opening.iter().map(|&k| &self.lexicon[k]).find(|(from, _)| raw[i..].starts_with(from)) {
                Some((from, to)) => {
                    out.extend(to.iter().cloned());
                    i += from.len();
                }
                None => {
                    out.push(raw[i].clone());
                    i += 1;
                }
            }
        }
        out
    }

    /// The agencies `words` name, each once, longest names first so "Ủy ban nhân dân quận"
    /// is not also read as "Ủy ban nhân dân".
    fn agencies_in(&self, words: &[String]) -> Vec<usize> {
        let mut taken = vec![false; words.len()];
        let mut found = Vec::new();
        // Where each word stands, in order: a name is tried only where its first word does.
        let mut at_word: HashMap<&str, Vec<usize>> = HashMap::new();
        for (k, w) in words.iter().enumerate() {
            at_word.entry(w.as_str()).or_default().push(k);
        }
        for (a, name) in &self.agencies {
            // Past a match, the next one starts after it.
            let mut next = 0;
            for &at in at_word.get(name[0].as_str()).map_or(&[][..], Vec::as_slice) {
                if at < next || at + name.len() > words.len() {
                    continue;
                }
                if words[at..at + name.len()] == name[..] && !taken[at..at + name.len()].iter().any(|&t| t) {
                    taken[at..at + name.len()].iter_mut().for_each(|t| *t = true);
                    if !found.contains(a) {
                        found.push(*a);
                    }
                    next = at + name.len();
                }
            }
        }
        found
    }
}

/// The numbers a text states (figures, percentages, dates, document numbers), each as the
/// words it reads as: "20%" → ["20", "%"], "298/KH-UBND" → ["298", "kh", "ubnd"].
fn figures(text: &str) -> Vec<(String, Vec<String>)> {
    let joins = |c: char| c.is_alphanumeric() || matches!(c, '/' | '-' | '.' | ',' | '%');
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        let starts_word = i == 0 || !chars[i - 1].1.is_alphanumeric();
        if !(c.is_ascii_digit() && starts_word) {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < chars.len()
            && (joins(chars[j].1) || (chars[j].1 == ' ' && chars.get(j + 1).is_some_and(|n| n.1 == '%')))
        {
            j += 1;
        }
        // Trailing punctuation ends the sentence, not the figure.
        while j > i && matches!(chars[j - 1].1, '.' | ',' | '-' | '/') {
            j -= 1;
        }
        let end = chars.get(j).map_or(text.len(), |x| x.0);
        let span = &text[at..end];
        let words = tokenize(&nfc(span)).into_iter().map(|t| t.text.to_string()).collect();
        out.push((span.to_owned(), words));
        i = j.max(i + 1);
    }
    out
}

fn contains_words(haystack: &[String], needle: &[String]) -> bool {
    needle.is_empty() || haystack.windows(needle.len()).any(|w| w == needle)
}

/// A paraphrase and the quotes it rests on.
struct Claim<'k> {
    file: &'k str,
    kind: Kind,
    id: &'k str,
    field: String,
    text: &'k str,
    /// The quotes (comparable form) it rests on.
    quotes: Vec<String>,
    /// Document numbers it may name without its quotes (as words).
    identifies: Vec<Vec<String>>,
}

/// The heading line of an entry's section ("2. Sở Nội vụ"), when it stands in the source: the
/// paragraphs under it rest on it too (it names the agency their sentences leave unsaid).
fn heading<'k>(kb: &'k Knowledge, sources: &HashMap<&str, String>, e: &'k Entry) -> Option<String> {
    let s = kb.section(e.section.as_deref()?)?;
    let line = comparable(&format!("{} {}", s.number, s.title));
    sources.get(e.source.as_str()).filter(|text| text.contains(&line)).map(|_| line)
}

/// Every summary, duty, fact statement and label states only figures and agencies its quotes
/// state too, read through the lexicon. An entry rests on its quotes and its section's heading
/// line; a document on its quotes and those of the entries that name it; a fact on the quotes
/// of the item it cites. Naming the main plan or an entry's own document by number identifies
/// it, and is checked where that document's own label and summary are.
pub(super) fn paraphrases(c: &mut Checker) {
    let kb: &Knowledge = c.kb;
    let wording = Wording::new(kb);
    let sources: HashMap<&str, String> = kb.sources.iter().map(|s| (s.id.as_str(), comparable(&s.text))).collect();
    let entry_context =
        |e: &Entry| -> Vec<String> { e.quotes.iter().map(|q| comparable(q)).chain(heading(kb, &sources, e)).collect() };
    let plan = main_plan(kb);
    let number_of = |id: &str| kb.document(id).map(|d| wording.words(&d.number)).filter(|w| !w.is_empty());
    let mut claims: Vec<Claim> = Vec::new();
    for e in &kb.entries {
        let quotes = entry_context(e);
        let own: Vec<Vec<String>> = number_of(&e.document).into_iter().chain(plan.and_then(number_of)).collect();
        let claim = |field: String, text| Claim {
            file: &e.origin,
            kind: Kind::Entry,
            id: &e.id,
            field,
            text,
            quotes: quotes.clone(),
            identifies: own.clone(),
        };
        claims.push(claim("summary".to_owned(), e.summary.as_str()));
        // A label locates the entry ("…, mục 2, ý thứ 1") and may end by saying what it is
        // about, in brackets: only that part paraphrases the quotes.
        if let Some(at) = e.label.rfind('(').filter(|_| e.label.ends_with(')')) {
            claims.push(claim("label".to_owned(), &e.label[at..]));
        }
        for (i, role) in e.agencies.iter().enumerate() {
            if let Some(duty) = &role.duty {
                claims.push(claim(format!("agencies[{i}].duty"), duty.as_str()));
            }
        }
    }
    for d in &kb.documents {
        let names: Vec<Vec<String>> = [&d.number, &d.title]
            .into_iter()
            .chain(&d.aliases)
            .map(|n| wording.words(n))
            .filter(|w| w.len() >= 2)
            .collect();
        let mut quotes: Vec<String> = d.quotes.iter().map(|q| comparable(q)).collect();
        for e in &kb.entries {
            let words: Vec<String> = e.quotes.iter().flat_map(|q| wording.words(q)).collect();
            if names.iter().any(|n| contains_words(&words, n)) {
                quotes.extend(entry_context(e));
            }
        }
        let identifies: Vec<Vec<String>> = plan.filter(|p| *p != d.id).and_then(number_of).into_iter().collect();
        for (field, text) in [("summary", &d.summary), ("label", &d.label)] {
            let (file, kind, id) = (d.origin.as_str(), Kind::Document, d.id.as_str());
            let (quotes, identifies) = (quotes.clone(), identifies.clone());
            claims.push(Claim { file, kind, id, field: field.to_owned(), text, quotes, identifies });
        }
    }
    for f in &kb.facts {
        let quotes = match kb.citable(&f.cites) {
            Some(Citable::Entry(e)) => entry_context(e),
            Some(Citable::Document(d)) => d.quotes.iter().map(|q| comparable(q)).collect(),
            None => continue,
        };
        let identifies: Vec<Vec<String>> = plan.and_then(number_of).into_iter().collect();
        let (file, kind, id, text) = (f.origin.as_str(), Kind::Fact, f.id.as_str(), f.statement.as_str());
        claims.push(Claim { file, kind, id, field: "statement".to_owned(), text, quotes, identifies });
    }
    for claim in claims {
        // Each quote is searched on its own: words running across two quotes are no statement.
        let per_quote: Vec<Vec<String>> = claim.quotes.iter().map(|q| wording.words(q)).collect();
        for (shown, words) in figures(claim.text) {
            let words = wording.words(&words.join(" "));
            if !claim.identifies.contains(&words) && !per_quote.iter().any(|q| contains_words(q, &words)) {
                c.report(
                    claim.file,
                    claim.kind,
                    claim.id,
                    &claim.field,
                    format!("states «{shown}», which its quotes do not"),
                );
            }
        }
        let in_quotes: Vec<usize> = per_quote.iter().flat_map(|q| wording.agencies_in(q)).collect();
        for a in wording.agencies_in(&wording.words(claim.text)) {
            if !in_quotes.contains(&a) {
                let name = &kb.agencies[a].name;
                c.report(
                    claim.file,
                    claim.kind,
                    claim.id,
                    &claim.field,
                    format!("names {name}, which its quotes do not"),
                );
            }
        }
    }
}

/// The main plan: the document most entries belong to (the first of those on a tie).
fn main_plan(kb: &Knowledge) -> Option<&str> {
    let mut best: Option<(&str, usize)> = None;
    for d in &kb.documents {
        let n = kb.entries.iter().filter(|e| e.document == d.id).count();
        if n > 0 && best.is_none_or(|(_, m)| n > m) {
            best = Some((&d.id, n));
        }
    }
    best.map(|(id, _)| id)
}
