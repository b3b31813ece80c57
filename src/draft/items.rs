//! The drafted items — source, documents, sections, entries, facts, agencies — before they
//! are written out as TOML.

use crate::knowledge::{Role, Source};

#[derive(Debug, Clone, Default)]
pub(crate) struct DDocument {
    pub id: String,
    pub kind: String,
    pub number: String,
    pub date: String,
    pub issuer: Option<String>,
    pub title: String,
    pub aliases: Vec<String>,
    pub implements: Option<String>,
    pub summary: String,
    pub label: String,
    pub quotes: Vec<String>,
    pub reused: bool,
    pub line: usize,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct DSection {
    pub id: String,
    pub parent: Option<String>,
    pub number: String,
    pub title: String,
    pub label: String,
    pub line: usize,
    /// Agencies its heading names (the subject of its paragraphs).
    pub agencies: Vec<String>,
    pub organisation: bool,
    pub paragraphs: usize,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct DEntry {
    pub id: String,
    pub document: String,
    pub section: Option<usize>,
    pub label: String,
    pub quotes: Vec<String>,
    pub summary: String,
    pub keywords: Vec<String>,
    pub agencies: Vec<(String, Role, String)>,
    pub line: usize,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct DFact {
    pub id: String,
    pub cites: String,
    pub statement: String,
    pub quote: String,
    pub keywords: Vec<String>,
    pub line: usize,
    pub kind: &'static str,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct DAgency {
    pub id: String,
    pub name: String,
    pub aliases: Vec<String>,
    pub new: bool,
}

/// Everything drafted, before it is written out.
#[derive(Debug, Default)]
pub(crate) struct Drafted {
    pub source: Source,
    pub text: String,
    pub plan: String,
    pub documents: Vec<DDocument>,
    pub sections: Vec<DSection>,
    pub entries: Vec<DEntry>,
    pub facts: Vec<DFact>,
    pub agencies: Vec<DAgency>,
    /// Entries of the portal document (header, byline, footer), written apart.
    pub page_entries: Vec<DEntry>,
}
