//! Validation of a parsed knowledge base: ids, references, verbatim quotes (on word
//! boundaries), coverage of the source body, and paraphrases (summaries, duties, statements,
//! labels) that state nothing their quotes do not. Every problem names its file, item and field.

mod paraphrase;
mod readers;

use crate::knowledge::{Citable, Kind, Knowledge};
use crate::text::{fold_whitespace, nfc};
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
    paraphrase::paraphrases(&mut c);
    readers::readers(kb, &mut c.problems);
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
        for w in &f.with {
            if w == &f.id || !kb.facts.iter().any(|g| &g.id == w) {
                c.report(&f.origin, Kind::Fact, &f.id, "with", format!("not another fact: `{w}`"));
            }
        }
        if let Some(t) = f.nearest_for.as_deref().filter(|t| !kb.uncovered.iter().any(|u| u.topic == *t)) {
            c.report(&f.origin, Kind::Fact, &f.id, "nearest_for", format!("no [[uncovered]] topic `{t}`"));
        }
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

/// The `[[uncovered]]` words a source itself contains: such a word declines questions on what
/// the source says ("phòng ban" is in "… Hải Phòng ban hành …", "hiệu lực" in "tinh gọn, hiệu
/// lực, hiệu quả") and needs a longer phrase only the uncovered topic uses. Not part of
/// [`check`]: the topics are written for the shipped plan, and a plan added beside it may state
/// what that plan does not (a test holds the shipped knowledge base to it).
pub fn uncovered_in_sources(kb: &Knowledge) -> Vec<Problem> {
    let sources: Vec<(&str, String)> =
        kb.sources.iter().map(|s| (s.id.as_str(), comparable(&s.text).to_lowercase())).collect();
    let mut problems = Vec::new();
    for u in &kb.uncovered {
        for w in &u.words {
            let word = comparable(w).to_lowercase();
            if let Some((id, _)) = sources.iter().find(|(_, text)| !word.is_empty() && on_word_boundaries(text, &word))
            {
                problems.push(Problem::new(
                    &u.origin,
                    Some(format!("uncovered {}", u.topic)),
                    Some("words"),
                    format!("`{w}` is in source `{id}`: questions on what it says there would be declined; write a longer phrase"),
                ));
            }
        }
    }
    problems
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
