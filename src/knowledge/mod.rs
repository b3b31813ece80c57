//! The knowledge base: the plan's provisions, agencies, documents, facts, lexicon and small talk,
//! loaded from TOML (`load`), validated (`check`) and indexed by id. Read-only once built.

pub mod check;
pub mod load;
pub mod model;

pub use check::{DraftItem, Problem, Summary};
pub use load::LoadError;
pub use model::*;

use rustc_hash::FxHashMap as HashMap;

/// The whole knowledge base, validated and indexed.
#[derive(Debug, Default)]
pub struct Knowledge {
    pub sources: Vec<Source>,
    pub documents: Vec<Document>,
    pub sections: Vec<Section>,
    pub entries: Vec<Entry>,
    pub facts: Vec<Fact>,
    pub agencies: Vec<Agency>,
    pub terms: Vec<Term>,
    pub uncovered: Vec<UncoveredTopic>,
    pub smalltalk: Vec<SmallTalk>,
    /// Chat words and abbreviations (`knowledge/shorthand.toml`).
    pub shorthand: Vec<Shorthand>,
    /// English words read as the plan's Vietnamese words (`knowledge/english.toml`).
    pub english: Vec<EnglishTerm>,
    index: HashMap<Kind, HashMap<String, usize>>,
}

/// The kinds of item that have ids, each in its own id space.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Source,
    Document,
    Section,
    Entry,
    Fact,
    Agency,
    SmallTalk,
}

impl Kind {
    /// The table name curators write (`[[entry]]`), used in messages.
    pub fn table(self) -> &'static str {
        match self {
            Kind::Source => "source",
            Kind::Document => "document",
            Kind::Section => "section",
            Kind::Entry => "entry",
            Kind::Fact => "fact",
            Kind::Agency => "agency",
            Kind::SmallTalk => "smalltalk",
        }
    }
}

/// Something that can be cited: an entry or a document, both with a label and verbatim quotes.
#[derive(Debug, Clone, Copy)]
pub enum Citable<'k> {
    Entry(&'k Entry),
    Document(&'k Document),
}

impl<'k> Citable<'k> {
    pub fn id(&self) -> &'k str {
        match self {
            Citable::Entry(e) => &e.id,
            Citable::Document(d) => &d.id,
        }
    }
    pub fn label(&self) -> &'k str {
        match self {
            Citable::Entry(e) => &e.label,
            Citable::Document(d) => &d.label,
        }
    }
    pub fn quotes(&self) -> &'k [String] {
        match self {
            Citable::Entry(e) => &e.quotes,
            Citable::Document(d) => &d.quotes,
        }
    }
    pub fn source(&self) -> &'k str {
        match self {
            Citable::Entry(e) => &e.source,
            Citable::Document(d) => &d.source,
        }
    }
}

impl Knowledge {
    /// Builds the id index; the first item wins when ids repeat (`check` reports the repeat).
    pub(crate) fn reindex(&mut self) {
        let mut index: HashMap<Kind, HashMap<String, usize>> = HashMap::default();
        let mut add = |kind: Kind, ids: Vec<&String>| {
            let map = index.entry(kind).or_default();
            for (i, id) in ids.into_iter().enumerate() {
                map.entry(id.clone()).or_insert(i);
            }
        };
        add(Kind::Source, self.sources.iter().map(|x| &x.id).collect());
        add(Kind::Document, self.documents.iter().map(|x| &x.id).collect());
        add(Kind::Section, self.sections.iter().map(|x| &x.id).collect());
        add(Kind::Entry, self.entries.iter().map(|x| &x.id).collect());
        add(Kind::Fact, self.facts.iter().map(|x| &x.id).collect());
        add(Kind::Agency, self.agencies.iter().map(|x| &x.id).collect());
        add(Kind::SmallTalk, self.smalltalk.iter().map(|x| &x.id).collect());
        self.index = index;
    }

    fn position(&self, kind: Kind, id: &str) -> Option<usize> {
        self.index.get(&kind)?.get(id).copied()
    }

    pub fn contains(&self, kind: Kind, id: &str) -> bool {
        self.position(kind, id).is_some()
    }

    pub fn source(&self, id: &str) -> Option<&Source> {
        self.position(Kind::Source, id).map(|i| &self.sources[i])
    }
    pub fn document(&self, id: &str) -> Option<&Document> {
        self.position(Kind::Document, id).map(|i| &self.documents[i])
    }
    pub fn section(&self, id: &str) -> Option<&Section> {
        self.position(Kind::Section, id).map(|i| &self.sections[i])
    }
    pub fn entry(&self, id: &str) -> Option<&Entry> {
        self.position(Kind::Entry, id).map(|i| &self.entries[i])
    }
    /// The position of an entry in [`Knowledge::entries`].
    pub fn entry_position(&self, id: &str) -> Option<usize> {
        self.position(Kind::Entry, id)
    }
    pub fn agency(&self, id: &str) -> Option<&Agency> {
        self.position(Kind::Agency, id).map(|i| &self.agencies[i])
    }
    pub fn smalltalk(&self, id: &str) -> Option<&SmallTalk> {
        self.position(Kind::SmallTalk, id).map(|i| &self.smalltalk[i])
    }

    /// The reply of a small-talk entry ("" when absent; `kb check` requires the ones the
    /// channels use).
    pub fn smalltalk_reply(&self, id: &str) -> String {
        self.smalltalk(id).map(|s| s.reply.clone()).unwrap_or_default()
    }

    /// An entry or a document by id.
    pub fn citable(&self, id: &str) -> Option<Citable<'_>> {
        self.entry(id).map(Citable::Entry).or_else(|| self.document(id).map(Citable::Document))
    }

    /// Every entry that gives `agency` a role, in knowledge-base order, with that role.
    pub fn duties_of<'k>(&'k self, agency: &str) -> Vec<(&'k Entry, &'k AgencyRole)> {
        self.entries
            .iter()
            .flat_map(|e| e.agencies.iter().filter(|r| r.agency == agency).map(move |r| (e, r)))
            .collect()
    }

    /// Entries of a section and of its subsections, in order.
    pub fn entries_in_section<'k>(&'k self, section: &str) -> Vec<&'k Entry> {
        self.entries
            .iter()
            .filter(|e| {
                // At most as many steps as there are sections, cycles or not.
                let mut cur = e.section.as_deref();
                for _ in 0..=self.sections.len() {
                    match cur {
                        Some(id) if id == section => return true,
                        Some(id) => cur = self.section(id).and_then(|s| s.parent.as_deref()),
                        None => return false,
                    }
                }
                false
            })
            .collect()
    }
}
