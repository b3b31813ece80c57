//! `hoidap kb draft`: turns a plan's published text into a knowledge-folder draft — source,
//! documents, agencies, sections, one entry per paragraph, facts — every item marked `draft`,
//! with a report of what was found and what looks doubtful. Pure: text in, files out.

mod documents;
mod facts;
mod items;
mod keywords;
pub mod lang;
mod names;
mod page;
mod roles;
mod sections;
mod structure;
mod text;
mod write;

use crate::knowledge::Knowledge;
use crate::knowledge::load::Files;
use documents::names_match;
use facts::FactKind;
use items::{DEntry, DFact, Drafted};
use roles::AgencyBook;
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use structure::Line;
use text::{clauses, shorten, slug};

/// Why a text could not be drafted.
#[derive(Debug, thiserror::Error)]
pub enum DraftError {
    #[error("the source is not UTF-8: invalid byte at offset {offset} (line {line}); save it as UTF-8 and try again")]
    NotUtf8 { offset: usize, line: usize },
    #[error("the source has no text")]
    Empty,
}

/// The source as UTF-8 text (a byte-order mark dropped), or where it stops being UTF-8.
pub fn decode(bytes: &[u8]) -> Result<&str, DraftError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(t) if t.trim().is_empty() => Err(DraftError::Empty),
        Ok(t) => Ok(t),
        Err(e) => {
            let offset = e.valid_up_to();
            let line = bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1;
            Err(DraftError::NotUtf8 { offset, line })
        }
    }
}

/// Most words of a summary.
const SUMMARY_MAX_WORDS: usize = 40;
/// Most words of a duty.
const DUTY_MAX_WORDS: usize = 24;
/// Most words of a section title taken from a numbered line.
const TITLE_MAX_WORDS: usize = 16;
/// A numbered item's title goes into labels when it has at most this many words.
const TITLE_IN_LABEL_MAX_WORDS: usize = 12;
/// How far before an agency (in words) a verb still governs it ("báo cáo Ủy ban …").
const VERB_REACH_WORDS: usize = 16;

/// Something a curator should look at, with the line of the source it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Doubt {
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for Doubt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(l) => write!(f, "line {l}: {}", self.message),
            None => write!(f, "{}", self.message),
        }
    }
}

/// What the drafter found, in numbers, and what looked doubtful.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub paragraphs: usize,
    pub sections: usize,
    pub entries: usize,
    pub documents_reused: Vec<String>,
    pub documents_new: Vec<String>,
    pub agencies_reused: Vec<String>,
    pub agencies_new: Vec<String>,
    pub roles: usize,
    pub facts: usize,
    /// False when no heading or bullet was recognised (one entry per paragraph).
    pub structured: bool,
    pub doubts: Vec<Doubt>,
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "  paragraphs:  {}", self.paragraphs)?;
        writeln!(f, "  sections:    {}", self.sections)?;
        writeln!(f, "  entries:     {}", self.entries)?;
        let list = |v: &[String]| if v.is_empty() { String::new() } else { format!(" ({})", v.join(", ")) };
        writeln!(
            f,
            "  documents:   {} reused{}, {} new{}",
            self.documents_reused.len(),
            list(&self.documents_reused),
            self.documents_new.len(),
            list(&self.documents_new)
        )?;
        writeln!(
            f,
            "  agencies:    {} reused, {} new{}",
            self.agencies_reused.len(),
            self.agencies_new.len(),
            list(&self.agencies_new)
        )?;
        writeln!(f, "  roles:       {}", self.roles)?;
        writeln!(f, "  facts:       {}", self.facts)?;
        if !self.structured {
            writeln!(
                f,
                "  structure:   none recognised (no parts, numbered items or bullets): one entry per paragraph"
            )?;
        }
        if self.doubts.is_empty() {
            writeln!(f, "Nothing looked doubtful; still read every item marked draft.")?;
        } else {
            writeln!(f, "To check ({}):", self.doubts.len())?;
            for d in &self.doubts {
                writeln!(f, "  - {d}")?;
            }
        }
        Ok(())
    }
}

/// A drafted knowledge folder: relative path → contents, and the report.
#[derive(Debug, Clone)]
pub struct Draft {
    pub files: BTreeMap<String, String>,
    pub report: Report,
}

/// What the drafter reads besides the text.
pub struct Reference<'r> {
    /// The knowledge base whose agencies and documents keep their ids.
    pub kb: &'r Knowledge,
    /// Its files: the lexicon and small talk are copied from them.
    pub files: &'r Files,
}

/// The text as read: its lines, their layout and the reference knowledge base.
pub(crate) struct Scan<'a> {
    pub lines: Vec<Line>,
    pub layout: structure::Layout,
    pub kb: &'a Knowledge,
}

impl Scan<'_> {
    /// The body's lines (between the page's header and footer).
    pub fn body(&self) -> &[Line] {
        &self.lines[self.layout.body_start..=self.layout.body_end]
    }
}

/// Drafts a knowledge folder from `text`, the content of the file `file_name`.
pub fn draft(text: &str, file_name: &str, reference: &Reference) -> Draft {
    let mut report = Report::default();
    let d = build(text, file_name, reference.kb, &mut report);
    let files = write::files(&d, reference);
    Draft { files, report }
}

fn build(raw: &str, file_name: &str, kb: &Knowledge, report: &mut Report) -> Drafted {
    let lines = structure::lines(raw);
    let layout = structure::layout(&lines);
    let s = Scan { lines, layout, kb };
    let stem = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    let stem = stem.rsplit_once('.').map(|(s, _)| s).unwrap_or(stem);
    let source_id = slug(stem, 8);
    let mut d = Drafted { text: raw.to_owned(), ..Drafted::default() };
    if !s.layout.body_found {
        report.doubts.push(Doubt {
            line: s.lines.first().map(|l| l.no),
            message: "no paragraph looks like the start of the body (a sentence of 12 words or more); the whole text is taken as the body".to_owned(),
        });
    }
    report.paragraphs = s.body().len();
    let mut book = AgencyBook::new(kb);
    let plan = documents::documents(&s, &source_id, &mut d, &mut book, report);
    let kw = keywords::Keywords::new(s.body().iter().map(|l| l.text.as_str()));
    sections::sections(&s, &plan, &kw, &mut d, &mut book, report);
    roles::roles(&mut d, kb, &mut book, report);
    page::source_and_page(&s, &source_id, &plan, &kw, &mut d, report);
    // Facts.
    let mut fact_ids: HashMap<String, usize> = HashMap::new();
    let entries: Vec<DEntry> = d.entries.iter().chain(d.page_entries.iter()).cloned().collect();
    for (e, t) in entries.iter().flat_map(|e| e.quotes.iter().map(move |q| (e, q))) {
        let refs_here = names::documents(t, kb);
        let skip: Vec<(usize, usize)> =
            refs_here.iter().filter(|r| !r.number.is_empty()).map(|r| (r.start, r.end)).collect();
        for r in refs_here.iter().filter(|r| !r.date.is_empty()) {
            let Some(doc) = d.documents.iter().find(|x| x.quotes.contains(t) && names_match(x, r)) else { continue };
            let span = t[r.start..r.end].to_owned();
            let mut keywords: Vec<String> = lang::DATE_CUES.iter().map(|s| (*s).to_owned()).collect();
            keywords.push(r.date.clone());
            keywords.extend(doc.aliases.iter().take(2).cloned());
            push_fact(&mut d.facts, &mut fact_ids, &doc.id, span.clone(), span, keywords, e.line, FactKind::Date);
        }
        for f in facts::find(t, &skip) {
            let (a, z) = facts::quote_around(t, f.start, f.end);
            let quote = t[a..z].to_owned();
            let statement = clauses(t)
                .into_iter()
                .find(|(s, c)| *s <= f.start && f.end <= s + c.len())
                .map(|(_, c)| shorten(c, SUMMARY_MAX_WORDS))
                .unwrap_or_else(|| quote.clone());
            let mut keywords: Vec<String> = f.kind.cues().iter().map(|s| (*s).to_owned()).collect();
            keywords.push(f.value.clone());
            push_fact(&mut d.facts, &mut fact_ids, &e.id, statement, quote, keywords, e.line, f.kind);
        }
    }
    report.facts = d.facts.len();
    report.sections = d.sections.len();
    report.entries = d.entries.len() + d.page_entries.len();
    for a in &book.list {
        if a.new {
            report.agencies_new.push(a.id.clone());
            report.doubts.push(Doubt {
                line: None,
                message: format!("new agency `{}` ({}): check the name and add aliases", a.id, a.name),
            });
        } else {
            report.agencies_reused.push(a.id.clone());
        }
    }
    for e in d.entries.iter().filter(|e| e.section.is_some_and(|s| d.sections[s].organisation) && e.agencies.is_empty())
    {
        report.doubts.push(Doubt {
            line: Some(e.line),
            message: format!("entry `{}` is in the organisation part but no agency role was found", e.id),
        });
    }
    d.agencies = book.list;
    d
}

#[allow(clippy::too_many_arguments)]
fn push_fact(
    facts: &mut Vec<DFact>,
    ids: &mut HashMap<String, usize>,
    cites: &str,
    statement: String,
    quote: String,
    keywords: Vec<String>,
    line: usize,
    kind: FactKind,
) {
    if facts.iter().any(|f| f.cites == cites && f.quote == quote) {
        return;
    }
    let n = ids.entry(cites.to_owned()).or_default();
    *n += 1;
    let mut k: Vec<String> = Vec::new();
    for w in keywords {
        if !w.trim().is_empty() && !k.contains(&w) {
            k.push(w);
        }
    }
    let statement = if statement.ends_with(['.', '…']) { statement } else { format!("{statement}.") };
    facts.push(DFact {
        id: format!("{cites}-f{n}"),
        cites: cites.to_owned(),
        statement,
        quote,
        keywords: k,
        line,
        kind: kind.name(),
    });
}
