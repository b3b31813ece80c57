//! Validation of a parsed knowledge base: ids, references, verbatim quotes (on word
//! boundaries), coverage of the source body, and paraphrases (summaries, duties, statements,
//! labels) that state nothing their quotes do not. Every problem names its file, item and field.

use super::{Citable, Kind, Knowledge};
use crate::text::{fold_whitespace, nfc, strip_invisible, tokenize};
use std::collections::{HashMap, HashSet};
use std::fmt;

/// One thing wrong with the knowledge base.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// File relative to the knowledge folder.
    pub file: String,
    /// "entry nd2-mam-non", "agency #3"…
    pub item: Option<String>,
    pub field: Option<String>,
    pub message: String,
}

impl Problem {
    pub fn new(file: &str, item: Option<String>, field: Option<&str>, message: String) -> Self {
        Problem { file: file.to_owned(), item, field: field.map(str::to_owned), message }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(item) = &self.item {
            write!(f, ": {item}")?;
        }
        if let Some(field) = &self.field {
            write!(f, ": field `{field}`")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// The form quotes and sources are compared in: NFC with whitespace folded.
pub fn comparable(text: &str) -> String {
    fold_whitespace(&nfc(text))
}

/// Small-talk replies the code asks for by id.
pub const REQUIRED_SMALLTALK: [&str; 6] = ["greeting", "help", "out-of-scope", "scope", "empty", "not-text"];

struct Checker<'k> {
    kb: &'k Knowledge,
    problems: Vec<Problem>,
}

impl<'k> Checker<'k> {
    fn report(&mut self, file: &str, kind: Kind, id: &str, field: &str, message: String) {
        let item = Some(format!("{} {id}", kind.table()));
        self.problems.push(Problem::new(file, item, Some(field), message));
    }

    fn reference(&mut self, file: &str, kind: Kind, id: &str, field: &str, target: Kind, value: &str) {
        if !self.kb.contains(target, value) {
            self.report(file, kind, id, field, format!("unknown {} `{value}`", target.table()));
        }
    }

    fn required(&mut self, file: &str, kind: Kind, id: &str, field: &str, value: &str) {
        if value.trim().is_empty() {
            self.report(file, kind, id, field, "must not be empty".to_owned());
        }
    }
}

/// Every problem with `kb`, in file order.
pub fn check(kb: &Knowledge) -> Vec<Problem> {
    let mut c = Checker { kb, problems: Vec::new() };
    duplicate_ids(&mut c);
    references(&mut c);
    quotes(&mut c);
    paraphrases(&mut c);
    for id in REQUIRED_SMALLTALK {
        if kb.smalltalk(id).is_none() {
            c.problems.push(Problem::new(
                "smalltalk.toml",
                Some(format!("smalltalk {id}")),
                None,
                "missing: the bot needs this reply".to_owned(),
            ));
        }
    }
    c.problems
}

fn duplicate_ids(c: &mut Checker) {
    let kb = c.kb;
    let lists: [(Kind, Vec<(&str, &str)>); 7] = [
        (Kind::Source, kb.sources.iter().map(|x| (x.id.as_str(), x.origin.as_str())).collect()),
        (Kind::Document, kb.documents.iter().map(|x| (x.id.as_str(), x.origin.as_str())).collect()),
        (Kind::Section, kb.sections.iter().map(|x| (x.id.as_str(), x.origin.as_str())).collect()),
        (Kind::Entry, kb.entries.iter().map(|x| (x.id.as_str(), x.origin.as_str())).collect()),
        (Kind::Fact, kb.facts.iter().map(|x| (x.id.as_str(), x.origin.as_str())).collect()),
        (Kind::Agency, kb.agencies.iter().map(|x| (x.id.as_str(), x.origin.as_str())).collect()),
        (Kind::SmallTalk, kb.smalltalk.iter().map(|x| (x.id.as_str(), x.origin.as_str())).collect()),
    ];
    for (kind, items) in lists {
        let mut seen: HashMap<&str, &str> = HashMap::new();
        for (id, file) in items {
            if id.trim().is_empty() {
                c.problems.push(Problem::new(
                    file,
                    Some(kind.table().to_owned()),
                    Some("id"),
                    "must not be empty".to_owned(),
                ));
            } else if let Some(first) = seen.insert(id, file) {
                c.report(file, kind, id, "id", format!("duplicate id (first defined in {first})"));
            }
        }
    }
    // Entries and documents share one citation id space.
    for d in &kb.documents {
        if kb.entry(&d.id).is_some() {
            c.report(&d.origin, Kind::Document, &d.id, "id", "an entry has the same id".to_owned());
        }
    }
}

fn references(c: &mut Checker) {
    let kb = c.kb;
    for d in &kb.documents {
        let (f, id) = (d.origin.as_str(), d.id.as_str());
        c.required(f, Kind::Document, id, "title", &d.title);
        c.required(f, Kind::Document, id, "summary", &d.summary);
        c.required(f, Kind::Document, id, "label", &d.label);
        c.reference(f, Kind::Document, id, "source", Kind::Source, &d.source);
        if let Some(issuer) = &d.issuer {
            c.reference(f, Kind::Document, id, "issuer", Kind::Agency, issuer);
        }
        if let Some(implements) = &d.implements {
            c.reference(f, Kind::Document, id, "implements", Kind::Document, implements);
        }
    }
    for s in &kb.sections {
        let (f, id) = (s.origin.as_str(), s.id.as_str());
        c.required(f, Kind::Section, id, "title", &s.title);
        c.reference(f, Kind::Section, id, "document", Kind::Document, &s.document);
        if let Some(parent) = &s.parent {
            c.reference(f, Kind::Section, id, "parent", Kind::Section, parent);
        }
    }
    // A section may not be its own ancestor (a cycle would make walks up the tree endless).
    for s in &kb.sections {
        let mut chain = vec![s.id.as_str()];
        let mut cur = s.parent.as_deref();
        while let Some(p) = cur {
            if chain.contains(&p) {
                chain.push(p);
                if p == s.id {
                    c.report(
                        &s.origin,
                        Kind::Section,
                        &s.id,
                        "parent",
                        format!("sections form a cycle: {}", chain.join(" → ")),
                    );
                }
                break;
            }
            chain.push(p);
            cur = kb.section(p).and_then(|x| x.parent.as_deref());
        }
    }
    for e in &kb.entries {
        let (f, id) = (e.origin.as_str(), e.id.as_str());
        c.required(f, Kind::Entry, id, "label", &e.label);
        c.required(f, Kind::Entry, id, "summary", &e.summary);
        c.reference(f, Kind::Entry, id, "document", Kind::Document, &e.document);
        c.reference(f, Kind::Entry, id, "source", Kind::Source, &e.source);
        if let Some(section) = &e.section {
            c.reference(f, Kind::Entry, id, "section", Kind::Section, section);
            if let Some(s) = kb.section(section).filter(|s| s.document != e.document) {
                c.report(
                    f,
                    Kind::Entry,
                    id,
                    "section",
                    format!("section `{}` belongs to document `{}`", s.id, s.document),
                );
            }
        }
        for (i, role) in e.agencies.iter().enumerate() {
            c.reference(f, Kind::Entry, id, &format!("agencies[{i}].agency"), Kind::Agency, &role.agency);
        }
        if e.keywords.iter().any(|k| k.trim().is_empty()) {
            c.report(f, Kind::Entry, id, "keywords", "has an empty keyword".to_owned());
        }
    }
    for a in &kb.agencies {
        c.required(&a.origin, Kind::Agency, &a.id, "name", &a.name);
    }
    for t in &kb.terms {
        if t.words.len() < 2 || t.words.iter().any(|w| w.trim().is_empty()) {
            c.problems.push(Problem::new(
                &t.origin,
                Some(format!("term {}", t.words.first().map(String::as_str).unwrap_or("(empty)"))),
                Some("words"),
                "needs at least two non-empty words".to_owned(),
            ));
        }
    }
    for u in &kb.uncovered {
        if u.topic.trim().is_empty() || u.words.is_empty() || u.words.iter().any(|w| w.trim().is_empty()) {
            c.problems.push(Problem::new(
                &u.origin,
                Some(format!("uncovered {}", u.topic)),
                Some("words"),
                "needs a topic and non-empty words".to_owned(),
            ));
        }
    }
    for s in &kb.smalltalk {
        c.required(&s.origin, Kind::SmallTalk, &s.id, "reply", &s.reply);
    }
}

fn quotes(c: &mut Checker) {
    let kb = c.kb;
    let sources: HashMap<&str, String> = kb.sources.iter().map(|s| (s.id.as_str(), comparable(&s.text))).collect();
    let citables = kb
        .entries
        .iter()
        .map(|e| (Kind::Entry, &e.origin, Citable::Entry(e)))
        .chain(kb.documents.iter().map(|d| (Kind::Document, &d.origin, Citable::Document(d))));
    for (kind, file, item) in citables {
        if item.quotes().is_empty() {
            c.report(file, kind, item.id(), "quotes", "needs at least one quote".to_owned());
        }
        let Some(source) = sources.get(item.source()) else {
            continue;
        };
        for (i, quote) in item.quotes().iter().enumerate() {
            let field = format!("quotes[{i}]");
            let q = comparable(quote);
            if q.is_empty() {
                c.report(file, kind, item.id(), &field, "empty quote".to_owned());
            } else if !source.contains(&q) {
                c.report(
                    file,
                    kind,
                    item.id(),
                    &field,
                    format!("not found word for word in source `{}`: {}", item.source(), excerpt(&q)),
                );
            } else if !on_word_boundaries(source, &q) {
                c.report(file, kind, item.id(), &field, format!("starts or ends inside a word: {}", excerpt(&q)));
            }
        }
    }
    for f in &kb.facts {
        match kb.citable(&f.cites) {
            None => c.report(&f.origin, Kind::Fact, &f.id, "cites", format!("unknown entry or document `{}`", f.cites)),
            Some(item) => {
                let q = comparable(&f.quote);
                if q.is_empty() || !item.quotes().iter().any(|x| comparable(x).contains(&q)) {
                    c.report(
                        &f.origin,
                        Kind::Fact,
                        &f.id,
                        "quote",
                        format!("not found word for word in the quotes of `{}`: {}", f.cites, excerpt(&q)),
                    );
                } else if !item.quotes().iter().any(|x| on_word_boundaries(&comparable(x), &q)) {
                    c.report(
                        &f.origin,
                        Kind::Fact,
                        &f.id,
                        "quote",
                        format!("starts or ends inside a word: {}", excerpt(&q)),
                    );
                }
            }
        }
        c.required(&f.origin, Kind::Fact, &f.id, "statement", &f.statement);
    }
    for s in &kb.sources {
        for p in uncovered_paragraphs(kb, s) {
            c.report(
                &s.origin,
                Kind::Source,
                &s.id,
                "body",
                format!("paragraph not covered by any quote: {}", excerpt(&p)),
            );
        }
    }
}

/// Some occurrence of `fragment` in `text` neither starts nor ends inside a word ("trường
/// họ" cut from "trường học" does).
fn on_word_boundaries(text: &str, fragment: &str) -> bool {
    let inside = |c: Option<char>, d: Option<char>| matches!((c, d), (Some(c), Some(d)) if c.is_alphanumeric() && d.is_alphanumeric());
    text.match_indices(fragment).any(|(at, _)| {
        let end = at + fragment.len();
        !inside(text[..at].chars().next_back(), fragment.chars().next())
            && !inside(fragment.chars().next_back(), text[end..].chars().next())
    })
}

/// Text as a comparison sees it: its words (lower case, canonical tone marks, `%` a word of
/// its own), each lexicon phrase read as its group's first word ("UBND" → "ủy ban nhân dân").
struct Wording {
    /// Lexicon phrases (as words) and the canonical words they stand for, longest first.
    lexicon: Vec<(Vec<String>, Vec<String>)>,
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
        let mut w = Wording { lexicon, agencies: Vec::new() };
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
            match self.lexicon.iter().find(|(from, _)| raw[i..].starts_with(from)) {
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
        for (a, name) in &self.agencies {
            let mut at = 0;
            while at + name.len() <= words.len() {
                if words[at..at + name.len()] == name[..] && !taken[at..at + name.len()].iter().any(|&t| t) {
                    taken[at..at + name.len()].iter_mut().for_each(|t| *t = true);
                    if !found.contains(a) {
                        found.push(*a);
                    }
                    at += name.len();
                } else {
                    at += 1;
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
fn heading<'k>(kb: &'k Knowledge, sources: &HashMap<&str, String>, e: &'k super::Entry) -> Option<String> {
    let s = kb.section(e.section.as_deref()?)?;
    let line = comparable(&format!("{} {}", s.number, s.title));
    sources.get(e.source.as_str()).filter(|text| text.contains(&line)).map(|_| line)
}

/// Every summary, duty, fact statement and label states only figures and agencies its quotes
/// state too, read through the lexicon. An entry rests on its quotes and its section's heading
/// line; a document on its quotes and those of the entries that name it; a fact on the quotes
/// of the item it cites. Naming the main plan or an entry's own document by number identifies
/// it, and is checked where that document's own label and summary are.
fn paraphrases(c: &mut Checker) {
    let kb: &Knowledge = c.kb;
    let wording = Wording::new(kb);
    let sources: HashMap<&str, String> = kb.sources.iter().map(|s| (s.id.as_str(), comparable(&s.text))).collect();
    let entry_context = |e: &super::Entry| -> Vec<String> {
        e.quotes.iter().map(|q| comparable(q)).chain(heading(kb, &sources, e)).collect()
    };
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

fn excerpt(text: &str) -> String {
    const MAX_CHARS: usize = 80;
    if text.chars().count() <= MAX_CHARS {
        format!("«{text}»")
    } else {
        format!("«{}…»", text.chars().take(MAX_CHARS).collect::<String>())
    }
}

/// The body's paragraphs (non-empty lines from `body_start` to `body_end`), comparable form.
pub fn body_paragraphs(source: &super::Source) -> Vec<String> {
    let lines: Vec<String> = source.text.lines().map(comparable).filter(|l| !l.is_empty()).collect();
    let start = lines.iter().position(|l| l.starts_with(&comparable(&source.body_start)));
    let end = lines.iter().rposition(|l| l.starts_with(&comparable(&source.body_end)));
    match (start, end) {
        (Some(s), Some(e)) if s <= e => lines[s..=e].to_vec(),
        _ => lines,
    }
}

/// Paragraphs of the body with a letter or digit that no quote of an item citing `source` covers.
pub fn uncovered_paragraphs(kb: &Knowledge, source: &super::Source) -> Vec<String> {
    let quotes: HashSet<String> = kb
        .entries
        .iter()
        .filter(|e| e.source == source.id)
        .flat_map(|e| e.quotes.iter())
        .chain(kb.documents.iter().filter(|d| d.source == source.id).flat_map(|d| d.quotes.iter()))
        .map(|q| comparable(q))
        .filter(|q| !q.is_empty())
        .collect();
    // The body as one line of paragraphs, each quote's occurrences marked once.
    let paragraphs = body_paragraphs(source);
    let body = paragraphs.join("\n");
    let mut covered = vec![false; body.len()];
    for q in &quotes {
        for (at, _) in body.match_indices(q.as_str()) {
            covered[at..at + q.len()].iter_mut().for_each(|c| *c = true);
        }
    }
    let mut start = 0;
    let mut out = Vec::new();
    for para in paragraphs {
        let end = start + para.len();
        if body[start..end].char_indices().any(|(i, ch)| ch.is_alphanumeric() && !covered[start + i]) {
            out.push(para);
        }
        start = end + 1;
    }
    out
}

/// What `kb check` prints for a valid knowledge base.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub sources: usize,
    pub documents: usize,
    pub sections: usize,
    pub entries: usize,
    pub quotes: usize,
    pub facts: usize,
    pub agencies: usize,
    pub agencies_with_duties: usize,
    pub lexicon_terms: usize,
    pub lexicon_words: usize,
    pub uncovered_topics: usize,
    pub smalltalk: usize,
    pub paragraphs: usize,
    pub paragraphs_covered: usize,
}

impl Summary {
    pub fn of(kb: &Knowledge) -> Summary {
        let (mut paragraphs, mut uncovered) = (0, 0);
        for s in &kb.sources {
            paragraphs += body_paragraphs(s).len();
            uncovered += uncovered_paragraphs(kb, s).len();
        }
        Summary {
            sources: kb.sources.len(),
            documents: kb.documents.len(),
            sections: kb.sections.len(),
            entries: kb.entries.len(),
            quotes: kb.entries.iter().map(|e| e.quotes.len()).sum::<usize>()
                + kb.documents.iter().map(|d| d.quotes.len()).sum::<usize>(),
            facts: kb.facts.len(),
            agencies: kb.agencies.len(),
            agencies_with_duties: kb.agencies.iter().filter(|a| !kb.duties_of(&a.id).is_empty()).count(),
            lexicon_terms: kb.terms.len(),
            lexicon_words: kb.terms.iter().map(|t| t.words.len()).sum(),
            uncovered_topics: kb.uncovered.len(),
            smalltalk: kb.smalltalk.len(),
            paragraphs,
            paragraphs_covered: paragraphs - uncovered,
        }
    }

    /// Coverage of the source bodies in percent.
    pub fn coverage(&self) -> f64 {
        if self.paragraphs == 0 { 100.0 } else { 100.0 * self.paragraphs_covered as f64 / self.paragraphs as f64 }
    }
}

/// An item still marked `draft = true`: written by `hoidap kb draft`, not yet read by a curator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftItem {
    /// File relative to the knowledge folder.
    pub file: String,
    pub kind: Kind,
    pub id: String,
}

impl fmt::Display for DraftItem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {} {}", self.file, self.kind.table(), self.id)
    }
}

/// Every item marked as a draft, file by file in load order.
pub fn drafts(kb: &Knowledge) -> Vec<DraftItem> {
    let item = |file: &str, kind: Kind, id: &str| DraftItem { file: file.to_owned(), kind, id: id.to_owned() };
    let mut out = Vec::new();
    out.extend(kb.sources.iter().filter(|x| x.draft).map(|x| item(&x.origin, Kind::Source, &x.id)));
    out.extend(kb.documents.iter().filter(|x| x.draft).map(|x| item(&x.origin, Kind::Document, &x.id)));
    out.extend(kb.agencies.iter().filter(|x| x.draft).map(|x| item(&x.origin, Kind::Agency, &x.id)));
    out.extend(kb.sections.iter().filter(|x| x.draft).map(|x| item(&x.origin, Kind::Section, &x.id)));
    out.extend(kb.entries.iter().filter(|x| x.draft).map(|x| item(&x.origin, Kind::Entry, &x.id)));
    out.extend(kb.facts.iter().filter(|x| x.draft).map(|x| item(&x.origin, Kind::Fact, &x.id)));
    out.sort_by(|a, b| a.file.cmp(&b.file));
    out
}
