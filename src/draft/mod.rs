//! `hoidap kb draft`: turns a plan's published text into a knowledge-folder draft — source,
//! documents, agencies, sections, one entry per paragraph, facts — every item marked `draft`,
//! with a report of what was found and what looks doubtful. Pure: text in, files out.

mod facts;
mod keywords;
pub mod lang;
mod names;
mod structure;
mod text;
mod write;

use crate::knowledge::check::comparable;
use crate::knowledge::load::Files;
use crate::knowledge::{Knowledge, Role};
use crate::messages;
use facts::FactKind;
use names::{AgencyMatch, DocRef};
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use structure::{Line, Mark};
use text::{clauses, first_sentence, shorten, slug, word_count};

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

// --- The drafted items ----------------------------------------------------------------------

#[derive(Debug, Clone, Default)]
pub(crate) struct DSource {
    pub id: String,
    pub file: String,
    pub title: String,
    pub publisher: String,
    pub published: String,
    pub author: String,
    pub body_start: String,
    pub body_end: String,
}

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
    pub source: DSource,
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

/// Drafts a knowledge folder from `text`, the content of the file `file_name`.
pub fn draft(text: &str, file_name: &str, reference: &Reference) -> Draft {
    let mut report = Report::default();
    let d = build(text, file_name, reference.kb, &mut report);
    let files = write::files(&d, reference);
    Draft { files, report }
}

/// Agencies named in the text, with ids reused from the reference or made up.
struct AgencyBook<'k> {
    kb: &'k Knowledge,
    list: Vec<DAgency>,
    by_name: HashMap<String, usize>,
}

impl<'k> AgencyBook<'k> {
    /// The id of the agency matched at `at` in `text`.
    fn id(&mut self, text: &str, at: usize, m: &AgencyMatch) -> String {
        let name = &text[at..at + m.len];
        if let Some(id) = &m.known {
            if !self.list.iter().any(|a| &a.id == id) {
                let a = self.kb.agency(id).expect("matched agencies come from the reference");
                self.list.push(DAgency {
                    id: id.clone(),
                    name: a.name.clone(),
                    aliases: a.aliases.clone(),
                    new: false,
                });
            }
            return id.clone();
        }
        let key = text::folded_words(name);
        if let Some(&i) = self.by_name.get(&key) {
            return self.list[i].id.clone();
        }
        let base = slug(name, 6);
        let mut id = base.clone();
        let mut n = 2;
        while self.list.iter().any(|a| a.id == id) || self.kb.agency(&id).is_some() {
            id = format!("{base}-{n}");
            n += 1;
        }
        self.by_name.insert(key, self.list.len());
        self.list.push(DAgency { id: id.clone(), name: name.to_owned(), aliases: Vec::new(), new: true });
        id
    }
}

fn build(raw: &str, file_name: &str, kb: &Knowledge, report: &mut Report) -> Drafted {
    let lines = structure::lines(raw);
    let layout = structure::layout(&lines);
    let stem = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    let stem = stem.rsplit_once('.').map(|(s, _)| s).unwrap_or(stem);
    let source_id = slug(stem, 8);
    let mut d = Drafted { text: raw.to_owned(), ..Drafted::default() };
    if !layout.body_found {
        report.doubts.push(Doubt {
            line: lines.first().map(|l| l.no),
            message: "no paragraph looks like the start of the body (a sentence of 12 words or more); the whole text is taken as the body".to_owned(),
        });
    }
    let body: Vec<&Line> = lines[layout.body_start..=layout.body_end].iter().collect();
    report.paragraphs = body.len();
    let mut book = AgencyBook { kb, list: Vec::new(), by_name: HashMap::new() };

    // Documents: every reference in the body, grouped by number or title.
    let mut refs: Vec<(usize, DocRef)> = Vec::new(); // (index in body, reference)
    for (i, l) in body.iter().enumerate() {
        refs.extend(names::documents(&l.text, kb).into_iter().map(|r| (i, r)));
    }
    // The document itself: the first one "ban hành" introduces in the opening paragraphs.
    let own = refs
        .iter()
        .position(|(i, r)| {
            let t = &body[*i].text;
            let clause_start = t[..r.start].rfind([';', '.']).map(|p| p + 1).unwrap_or(0);
            !r.number.is_empty() && *i < 3 && t[clause_start..r.start].contains(lang::ISSUE_VERB)
        })
        .or_else(|| refs.iter().position(|(_, r)| !r.number.is_empty()));
    let mut doc_index: HashMap<String, usize> = HashMap::new();
    let mut ref_doc: Vec<usize> = Vec::with_capacity(refs.len());
    for (k, (i, r)) in refs.iter().enumerate() {
        let key = r.key();
        let di = match doc_index.get(&key) {
            Some(&di) => di,
            None => {
                let di = d.documents.len();
                d.documents.push(new_document(r, &body[*i].text, body[*i].no, kb, &d.documents));
                doc_index.insert(key, di);
                di
            }
        };
        ref_doc.push(di);
        let doc = &mut d.documents[di];
        let quote = body[*i].text.clone();
        if !doc.quotes.contains(&quote) {
            doc.quotes.push(quote);
        }
        if doc.date.is_empty() && !r.date.is_empty() {
            doc.date = r.date.clone();
        }
        if let (None, Some((s, e))) = (&doc.issuer, r.issuer) {
            let t = &body[*i].text;
            if let Some(m) = names::agency_at(&t[s..e], kb) {
                doc.issuer = Some(book.id(&t[s..], 0, &m));
            }
        }
        if own == Some(k) {
            d.plan = d.documents[di].id.clone();
        }
    }
    // "… về thực hiện Kết luận …, tiếp tục thực hiện Nghị quyết …": each implements the next.
    for k in 1..refs.len() {
        let ((i0, r0), (i1, r1)) = (&refs[k - 1], &refs[k]);
        if i0 == i1 && body[*i0].text[r0.end..r1.start].trim_end().ends_with(lang::IMPLEMENTS_WORDS) {
            let target = d.documents[ref_doc[k]].id.clone();
            let doc = &mut d.documents[ref_doc[k - 1]];
            if doc.implements.is_none() && doc.id != target {
                doc.implements = Some(target);
            }
        }
    }
    // The issuer and date of the document itself: "Ngày 30/12/2024, Ủy ban nhân dân … ban hành".
    if let Some(k) = own {
        let (i, r) = &refs[k];
        let t = &body[*i].text;
        let di = ref_doc[k];
        if let Some(verb) = t[..r.start].rfind(lang::ISSUE_VERB) {
            let found = names::agencies(&t[..verb], kb);
            if let Some((at, m)) = found.last() {
                if d.documents[di].issuer.is_none() {
                    d.documents[di].issuer = Some(book.id(t, *at, m));
                }
            }
            if d.documents[di].date.is_empty() {
                if let Some(p) = t[..verb].char_indices().map(|(p, _)| p).find(|&p| text::date_at(&t[p..]).is_some()) {
                    let n = text::date_at(&t[p..]).unwrap_or(0);
                    d.documents[di].date = t[p..p + n].to_owned();
                }
            }
        }
        // Its title: the reference and what it is about, to the end of the sentence.
        let title = first_sentence(&t[r.start..]).trim_end_matches('.').to_owned();
        d.documents[di].title = title;
    }
    let title_line = layout.title.map(|i| &lines[i]);
    if d.plan.is_empty() {
        // No numbered document: the text's own title names it.
        let title = title_line.map(|l| l.text.clone()).unwrap_or_else(|| shorten(&body[0].text, 12));
        let id = slug(&source_id, 6);
        report.doubts.push(Doubt {
            line: title_line.map(|l| l.no),
            message: format!(
                "no document number found for the text itself: drafted as document `{id}` named by its title"
            ),
        });
        d.documents.insert(
            0,
            DDocument {
                id: id.clone(),
                kind: lang::DOCUMENT_KINDS[3].0.to_owned(),
                title: title.clone(),
                summary: shorten(&title, SUMMARY_MAX_WORDS),
                label: title.clone(),
                // Its title line, or the first paragraph, is what names it.
                quotes: vec![title_line.map(|l| l.text.clone()).unwrap_or_else(|| body[0].text.clone())],
                line: title_line.map(|l| l.no).unwrap_or(body[0].no),
                ..DDocument::default()
            },
        );
        d.plan = id;
    }
    for doc in &mut d.documents {
        let issuer = doc.issuer.as_deref().and_then(|id| book.list.iter().find(|a| a.id == id)).map(|a| a.name.clone());
        if doc.label.is_empty() {
            doc.label = if doc.number.is_empty() {
                format!("{} {}", doc.kind, doc.title)
            } else {
                messages::draft_document_label(&doc.kind, &doc.number, &doc.date, issuer.as_deref().unwrap_or(""))
            };
        }
        if doc.reused {
            report.documents_reused.push(doc.id.clone());
        } else {
            report.documents_new.push(doc.id.clone());
        }
        if !doc.reused && doc.number.is_empty() && doc.kind != lang::PORTAL_KIND && doc.id != d.plan {
            report.doubts.push(Doubt {
                line: Some(doc.line),
                message: format!("document `{}` has no number: check its title and kind", doc.id),
            });
        }
    }
    let plan_index = d.documents.iter().position(|x| x.id == d.plan).unwrap_or(0);
    let plan_name = {
        let p = &d.documents[plan_index];
        if p.number.is_empty() { p.title.clone() } else { format!("{} {}", p.kind, text::number_display(&p.number)) }
    };
    let prefix: String = d.plan.chars().filter(|c| *c != '-').collect();

    // Structure: parts, numbered items, lettered points; one entry per paragraph.
    let mut current: [Option<usize>; 3] = [None, None, None];
    let mut pending: Vec<String> = Vec::new();
    let mut expected: HashMap<(Option<usize>, u8), u32> = HashMap::new();
    let mut opening = 0;
    let kw = keywords::Keywords::new(body.iter().map(|l| l.text.as_str()));
    for l in &body {
        if layout.byline.is_some_and(|b| lines[b].no == l.no) {
            continue;
        }
        let (mark, skip) = structure::mark(&l.text);
        let rest = l.text[skip..].trim();
        let level = match &mark {
            Mark::Part(_) => Some(0),
            Mark::Numbered(_) => Some(1),
            Mark::Lettered(_) => Some(2),
            _ => None,
        };
        if let Some(level) = level {
            report.structured = true;
            let parent = (0..level).rev().find_map(|j| current[j]);
            let number = match &mark {
                Mark::Part(n) | Mark::Numbered(n) | Mark::Lettered(n) => n.clone(),
                _ => String::new(),
            };
            check_order(&number, parent, level as u8, l.no, &mut expected, report);
            let head = rest.split([':']).next().unwrap_or(rest);
            let title_text = if level == 0 && text::is_capitals(head) {
                text::sentence_case(head)
            } else {
                first_sentence(head).trim_end_matches('.').to_owned()
            };
            let title = shorten(&title_text, TITLE_MAX_WORDS);
            let parent_label = parent.map(|p| d.sections[p].label.clone()).unwrap_or_else(|| plan_name.clone());
            let label = match &mark {
                Mark::Numbered(n) => messages::draft_item_label(
                    &parent_label,
                    n,
                    (word_count(&title) <= TITLE_IN_LABEL_MAX_WORDS).then_some(title.as_str()),
                ),
                Mark::Lettered(n) => messages::draft_point_label(&parent_label, n),
                _ => messages::draft_part_label(&parent_label, &title),
            };
            let organisation = parent.is_some_and(|p| d.sections[p].organisation)
                || (level == 0 && lang::ORGANISATION_HEADINGS.iter().any(|h| text::folded_words(&title).contains(h)));
            let mut heading_agencies = Vec::new();
            for (at, m) in names::agencies(head, kb) {
                heading_agencies.push(book.id(head, at, &m));
            }
            let path: Vec<String> = current[..level]
                .iter()
                .flatten()
                .map(|&s| d.sections[s].id.rsplit('-').next().unwrap_or("").to_owned())
                .collect();
            let own_part = match &mark {
                Mark::Part(n) if n.is_empty() => {
                    format!("p{}", d.sections.iter().filter(|s| s.parent.is_none()).count() + 1)
                }
                _ => text::slug(&number, 1),
            };
            let mut id = format!(
                "{prefix}-{}",
                path.iter().chain(std::iter::once(&own_part)).cloned().collect::<Vec<_>>().join("-")
            );
            while d.sections.iter().any(|s| s.id == id) {
                id.push('b');
            }
            d.sections.push(DSection {
                id,
                parent: parent.map(|p| d.sections[p].id.clone()),
                number,
                title,
                label,
                line: l.no,
                agencies: heading_agencies,
                organisation,
                paragraphs: 0,
            });
            current[level] = Some(d.sections.len() - 1);
            for c in current.iter_mut().skip(level + 1) {
                *c = None;
            }
            // A line that is a sentence ("a) Bám sát … .") says something of its own.
            let long = word_count(rest) > HEADING_WORDS
                || (rest.contains(". ") && !rest.ends_with(':'))
                || rest.ends_with(['.', ';']);
            if !long {
                pending.push(l.text.clone());
                continue;
            }
        }
        if matches!(mark, Mark::Dash | Mark::Plus) {
            report.structured = true;
        }
        let section = current.iter().rev().flatten().next().copied();
        let (id, label) = match section {
            Some(s) => {
                d.sections[s].paragraphs += 1;
                let n = d.sections[s].paragraphs;
                let sid = d.sections[s].id.trim_start_matches(&format!("{prefix}-")).to_owned();
                (format!("{prefix}-{sid}-d{n}"), messages::draft_paragraph_label(&d.sections[s].label, n))
            }
            None => {
                opening += 1;
                (
                    format!("{prefix}-mo-dau-d{opening}"),
                    messages::draft_paragraph_label(&messages::draft_opening_label(&plan_name), opening),
                )
            }
        };
        let mut quotes = vec![l.text.clone()];
        quotes.append(&mut pending);
        let body_text = l.text[skip..].trim();
        d.entries.push(DEntry {
            id,
            document: d.plan.clone(),
            section,
            label,
            quotes,
            summary: shorten(first_sentence(body_text), SUMMARY_MAX_WORDS),
            keywords: kw.of(&l.text),
            agencies: Vec::new(),
            line: l.no,
        });
    }
    if !pending.is_empty() {
        // Headings at the very end, with no paragraph under them.
        let last = d.entries.last_mut();
        match last {
            Some(e) => e.quotes.append(&mut pending),
            None => {
                report.doubts.push(Doubt { line: None, message: "the body has headings but no paragraph".to_owned() })
            }
        }
    }
    if !report.structured {
        report.doubts.push(Doubt {
            line: body.first().map(|l| l.no),
            message: "no recognisable structure (parts, numbered items, bullets): drafted one entry per paragraph"
                .to_owned(),
        });
    }

    // Agencies and their roles, paragraph by paragraph.
    for e in &mut d.entries {
        let t = e.quotes[0].clone();
        let organisation = e.section.is_some_and(|s| d.sections[s].organisation);
        let heading = e.section.and_then(|s| {
            // The nearest heading that names agencies.
            let mut cur = Some(s);
            while let Some(c) = cur {
                if !d.sections[c].agencies.is_empty() {
                    return Some(d.sections[c].agencies.clone());
                }
                cur = d.sections[c].parent.as_ref().and_then(|p| d.sections.iter().position(|x| &x.id == p));
            }
            None
        });
        let found = names::agencies(&t, kb);
        let refs_here = names::documents(&t, kb);
        let mut roles: Vec<(String, Role, String)> = Vec::new();
        let (_, skip) = structure::mark(&t);
        let opening_agency = found.first().filter(|(at, _)| *at <= skip + 1).cloned();
        let mut previous: Option<(usize, Option<Role>)> = None;
        for (at, m) in &found {
            let id = book.id(&t, *at, m);
            let issuer = refs_here.iter().any(|r| r.issuer.is_some_and(|(s, _)| s == *at));
            let mut role = if issuer { Some(Role::BanHanh) } else { role_of(&t, *at, m.len) };
            // "của A, B, C" and "phối hợp với A, B và C": the list shares the first one's role.
            if let Some((end, Some(r))) = previous {
                if end <= *at && enumerated(&t[end..*at]) && r != Role::BanHanh {
                    role = Some(r);
                }
            }
            previous = Some((at + m.len, role));
            if let Some(role) = role {
                if !roles.iter().any(|(a, _, _)| *a == id) {
                    roles.push((id, role, duty_at(&t, *at)));
                }
            }
        }
        if organisation {
            let subject: Vec<String> = match (&opening_agency, &heading) {
                (Some((at, m)), _) => vec![book.id(&t, *at, m)],
                (None, Some(h)) => h.clone(),
                (None, None) => Vec::new(),
            };
            let (role, duty) = subject_role(&t[skip..]);
            for a in subject {
                if let Some(r) = roles.iter_mut().find(|(x, _, _)| *x == a) {
                    if opening_agency.is_some() {
                        r.1 = role;
                    }
                } else {
                    roles.push((a, role, duty.clone()));
                }
            }
            if let Some(h) = &heading {
                let names: Vec<String> =
                    h.iter().filter_map(|id| book.list.iter().find(|a| &a.id == id)).map(|a| a.name.clone()).collect();
                if opening_agency.is_none() && !names.is_empty() {
                    e.summary = format!("{}: {}", names.join(", "), e.summary);
                }
            }
        }
        report.roles += roles.len();
        e.agencies = roles;
        for (a, _, _) in &e.agencies {
            if let Some(name) = book.list.iter().find(|x| &x.id == a).map(|x| x.name.clone()) {
                if !e.keywords.contains(&name) {
                    e.keywords.push(name);
                }
            }
        }
        for r in &refs_here {
            let short = format!("{} {}", r.kind, text::number_display(&r.number));
            if !r.number.is_empty() && !e.keywords.contains(&short) {
                e.keywords.push(short);
            }
        }
    }

    // The source and the page around the article.
    let comparable_lines: Vec<String> = lines.iter().map(|l| comparable(&l.text)).collect();
    let start_words = unique_prefix(&comparable_lines, layout.body_start, true);
    let end_words = unique_prefix(&comparable_lines, layout.body_end, false);
    let publisher = layout.publisher.map(|p| publisher_name(&lines, p, &layout)).unwrap_or_default();
    let published = layout.published.as_ref().map(|(_, p)| p.clone()).unwrap_or_default();
    let author = layout.byline.map(|b| lines[b].text.clone()).unwrap_or_default();
    let title = title_line.map(|l| l.text.clone()).unwrap_or_else(|| d.documents[plan_index].title.clone());
    for (what, missing) in [
        ("title", title_line.is_none()),
        ("publisher", publisher.is_empty()),
        ("publication time", published.is_empty()),
        ("byline (author)", author.is_empty()),
    ] {
        if missing {
            report.doubts.push(Doubt {
                line: None,
                message: format!("no {what} found in the page: fill it in the [[source]] or leave it empty"),
            });
        }
    }
    d.source = DSource {
        id: source_id.clone(),
        file: format!("{source_id}.txt"),
        title,
        publisher: publisher.clone(),
        published: published.clone(),
        author,
        body_start: start_words,
        body_end: end_words,
    };
    if let Some(l) = title_line {
        let quotes = vec![l.text.clone()];
        d.entries.insert(
            0,
            DEntry {
                id: format!("{prefix}-tieu-de"),
                document: d.plan.clone(),
                section: None,
                label: messages::draft_title_label(&plan_name),
                quotes,
                summary: shorten(&l.text, SUMMARY_MAX_WORDS),
                keywords: kw
                    .of(&l.text)
                    .into_iter()
                    .chain(lang::TITLE_KEYWORDS.iter().map(|k| (*k).to_owned()))
                    .collect(),
                agencies: Vec::new(),
                line: l.no,
            },
        );
    }
    page(&mut d, &lines, &layout, &publisher, &published, kb, &kw, report);
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

/// The most words of a numbered or lettered line that is only a heading.
const HEADING_WORDS: usize = structure::HEADING_MAX_WORDS;

/// Reports a number out of sequence among its siblings ("5." where "7." was expected).
fn check_order(
    number: &str,
    parent: Option<usize>,
    level: u8,
    line: usize,
    expected: &mut HashMap<(Option<usize>, u8), u32>,
    report: &mut Report,
) {
    let value = number_value(number);
    let Some(value) = value else { return };
    let next = expected.entry((parent, level)).or_insert(1);
    if value != *next {
        report.doubts.push(Doubt {
            line: Some(line),
            message: format!(
                "item printed as \"{number}\" where number {next} was expected: kept as printed, check the labels"
            ),
        });
    }
    *next += 1;
}

/// The value of "3.", "IV.", "b)" (the last part of "2.1.").
fn number_value(number: &str) -> Option<u32> {
    let n = number.trim_end_matches(['.', ')']);
    let last = n.rsplit('.').next()?;
    if let Ok(v) = last.parse() {
        return Some(v);
    }
    const ROMAN: [&str; 12] = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"];
    if let Some(p) = ROMAN.iter().position(|r| *r == last) {
        return Some(p as u32 + 1);
    }
    let mut chars = last.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if c.is_ascii_lowercase() => Some(c as u32 - 'a' as u32 + 1),
        _ => None,
    }
}

fn names_match(doc: &DDocument, r: &DocRef) -> bool {
    if r.number.is_empty() {
        text::folded_words(&doc.title).contains(&text::folded_words(&r.title))
    } else {
        names::number_key(&doc.number) == names::number_key(&r.number)
    }
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

/// The document a reference names: its id reused from the reference knowledge base when the
/// number (or the title) matches, otherwise made from the kind and number.
fn new_document(r: &DocRef, paragraph: &str, line: usize, kb: &Knowledge, so_far: &[DDocument]) -> DDocument {
    let key = r.key();
    let known = kb.documents.iter().find(|d| {
        if r.number.is_empty() {
            !d.title.is_empty() && text::folded_words(&d.title) == key
        } else {
            !d.number.is_empty() && names::number_key(&d.number) == key
        }
    });
    let span = paragraph[r.start..r.end].to_owned();
    let title = if r.number.is_empty() { format!("{} {}", r.kind, quoted(&r.title)) } else { span.clone() };
    let id = match known {
        Some(d) => d.id.clone(),
        None => {
            let base = if r.number.is_empty() {
                slug(&format!("{} {}", r.kind, r.title), 6)
            } else {
                let digits: String = r.number.chars().take_while(char::is_ascii_digit).collect();
                format!("{}-{digits}", slug(r.short, 1))
            };
            let mut id = base.clone();
            let mut n = 2;
            while so_far.iter().any(|d| d.id == id)
                || kb.documents.iter().any(|d| d.id == id)
                || kb.entry(&id).is_some()
            {
                id = format!("{base}-{n}");
                n += 1;
            }
            id
        }
    };
    let aliases = if r.number.is_empty() {
        vec![r.title.clone(), text::folded_words(&r.title)]
    } else {
        let display = text::number_display(&r.number);
        let mut a = messages::draft_document_aliases(r.kind, r.short, &display);
        if display != r.number {
            a.push(r.number.clone());
        }
        a
    };
    let sentence = clauses(paragraph)
        .into_iter()
        .find(|(s, c)| *s <= r.start && r.start < s + c.len())
        .map(|(_, c)| c)
        .unwrap_or(paragraph);
    DDocument {
        id,
        kind: r.kind.to_owned(),
        number: if r.number.is_empty() { String::new() } else { text::number_display(&r.number) },
        date: r.date.clone(),
        issuer: None,
        title,
        aliases,
        implements: None,
        summary: shorten(sentence.trim_start_matches(['-', '+', ' ']), SUMMARY_MAX_WORDS),
        label: if r.number.is_empty() { String::new() } else { span },
        quotes: Vec::new(),
        reused: known.is_some(),
        line,
    }
}

fn quoted(title: &str) -> String {
    format!("\u{201c}{title}\u{201d}")
}

/// The role of an agency named at `at` from the verbs around it, when they give one:
/// "<verb> của" right before it (it acts), a verb before it in its clause that sends to it
/// ("báo cáo", "trình": it receives and decides, or approves when "phê duyệt" follows) or
/// "phối hợp với" (a partner), else the verb right after it (it acts).
fn role_of(t: &str, at: usize, len: usize) -> Option<Role> {
    let after = t[at + len..].trim_start_matches([',', ' ']);
    let clause_start = t[..at].rfind([';', '.']).map(|p| p + 1).unwrap_or(0);
    let before = &t[clause_start..at];
    let words: Vec<&str> = before.split_whitespace().collect();
    let window = words[words.len().saturating_sub(VERB_REACH_WORDS)..].join(" ").to_lowercase();
    let of_suffix = format!(" {}", lang::OF_WORD);
    if let Some(w) = window.strip_suffix(of_suffix.as_str()) {
        for (verb, role) in lang::ROLE_VERBS {
            if w.ends_with(verb) {
                return Some(*role);
            }
        }
    }
    // The nearest verb before it in the clause.
    let mut best: Option<(usize, Role, bool)> = None;
    for (verb, role) in lang::ROLE_VERBS {
        if let Some(p) = text::find_all(&window, verb).last() {
            if best.is_none_or(|(b, _, _)| *p > b) {
                best = Some((*p, *role, false));
            }
        }
    }
    for verb in lang::RECIPIENT_VERBS {
        if let Some(p) = text::find_all(&window, verb).last() {
            if best.is_none_or(|(b, _, _)| *p >= b) {
                best = Some((*p, Role::QuyetDinh, true));
            }
        }
    }
    match best {
        Some((_, _, true)) => {
            // "trình Hội đồng nhân dân thành phố phê duyệt": the verb after says what it does.
            let approves = lang::ROLE_VERBS.iter().any(|(v, r)| *r == Role::PheDuyet && text::starts_nocase(after, v));
            return Some(if approves { Role::PheDuyet } else { Role::QuyetDinh });
        }
        Some((_, Role::PhoiHop, _)) => return Some(Role::PhoiHop),
        _ => {}
    }
    lang::ROLE_VERBS.iter().find(|(verb, _)| text::starts_nocase(after, verb)).map(|(_, r)| *r)
}

/// True when the text between two agency names only separates them ("A, B và C").
fn enumerated(between: &str) -> bool {
    let rest = between.trim().trim_matches(',').trim();
    rest.is_empty() || rest == lang::AND_WORD
}

/// True when a verb at `p` (of length `len`) is another body's: "đề xuất của Sở …",
/// "tổng hợp, kiểm tra, đề xuất của …" (a list of verbs ending in "của").
fn attributed(lower: &str, p: usize, len: usize) -> bool {
    const LIST_WORDS: usize = 5;
    let rest = &lower[p + len..];
    let end = rest.find(['.', ';']).unwrap_or(rest.len());
    let words: Vec<&str> = rest[..end].split_whitespace().take(LIST_WORDS).collect();
    match words.iter().position(|w| *w == lang::OF_WORD) {
        // Only verbs and commas before "của".
        Some(i) => words[..i].iter().all(|w| {
            w.ends_with(',') || lang::ROLE_VERBS.iter().any(|(v, _)| v.split(' ').any(|x| x == w.trim_end_matches(',')))
        }),
        None => false,
    }
}

/// The duty of an agency named at `at`: its clause, shortened.
fn duty_at(t: &str, at: usize) -> String {
    let c = clauses(t).into_iter().find(|(s, c)| *s <= at && at < s + c.len()).map(|(_, c)| c).unwrap_or(t);
    shorten(c.trim_start_matches(['-', '+', ' ']).trim_end_matches(['.', ';']), DUTY_MAX_WORDS)
}

/// The role of the agencies a paragraph is about (its heading's) from its first verb that is
/// not someone else's ("đề xuất của Sở …"), and their duty (the first clause).
fn subject_role(t: &str) -> (Role, String) {
    let lower = t.to_lowercase();
    let mut best: Option<(usize, Role)> = None;
    for (verb, role) in lang::ROLE_VERBS {
        for p in text::find_all(&lower, verb) {
            if attributed(&lower, p, verb.len()) {
                continue;
            }
            if best.is_none_or(|(b, _)| p < b) {
                best = Some((p, *role));
            }
            break;
        }
    }
    let first = clauses(t).first().map(|(_, c)| *c).unwrap_or(t);
    (best.map(|(_, r)| r).unwrap_or(Role::ThucHien), shorten(first.trim_end_matches(['.', ';']), DUTY_MAX_WORDS))
}

/// The first words of line `i` that no other line starts with (before it, for the body's start;
/// after it, for its end), in the comparable form the check uses.
fn unique_prefix(lines: &[String], i: usize, start: bool) -> String {
    const MIN_WORDS: usize = 3;
    let words: Vec<&str> = lines[i].split(' ').collect();
    for n in MIN_WORDS.min(words.len())..=words.len() {
        let p = words[..n].join(" ");
        let clash = if start {
            lines[..i].iter().any(|l| l.starts_with(&p))
        } else {
            lines[i + 1..].iter().any(|l| l.starts_with(&p))
        };
        if !clash {
            return p;
        }
    }
    lines[i].clone()
}

/// The publisher: the first header line (in sentence case when in capitals), with a short
/// place line after it ("Thành phố Hải Phòng").
fn publisher_name(lines: &[Line], p: usize, layout: &structure::Layout) -> String {
    let first = &lines[p].text;
    let mut name = if text::is_capitals(first) { text::sentence_case(first) } else { first.clone() };
    let next = p + 1;
    let is_meta = |i: usize| layout.title == Some(i) || layout.published.as_ref().is_some_and(|(x, _)| *x == i);
    if next < layout.body_start && !is_meta(next) && word_count(&lines[next].text) <= 5 {
        let n = &lines[next].text;
        let mut chars = n.chars();
        if let Some(c) = chars.next() {
            name = format!("{name} {}{}", c.to_lowercase(), chars.as_str());
        }
    }
    name
}

/// The portal's document and its entries: the header lines, the byline, the footer lines.
#[allow(clippy::too_many_arguments)]
fn page(
    d: &mut Drafted,
    lines: &[Line],
    layout: &structure::Layout,
    publisher: &str,
    published: &str,
    kb: &Knowledge,
    kw: &keywords::Keywords,
    report: &mut Report,
) {
    let header: Vec<&Line> = lines[..layout.body_start]
        .iter()
        .enumerate()
        .filter(|(i, _)| layout.title != Some(*i))
        .map(|(_, l)| l)
        .collect();
    let footer: Vec<&Line> = lines[layout.body_end + 1..].iter().collect();
    let byline = layout.byline.map(|b| &lines[b]);
    if header.is_empty() && footer.is_empty() && byline.is_none() {
        return;
    }
    if publisher.is_empty() || published.is_empty() {
        // Not a web page (a plan's own header names its issuer, not a portal): the byline, if
        // any, still has to be quoted (it is in the body).
        if let (Some(b), Some(e)) = (byline, d.entries.last_mut()) {
            e.quotes.push(b.text.clone());
        }
        return;
    }
    let folded = text::folded_words(publisher);
    let known = kb.documents.iter().find(|x| {
        let t = text::folded_words(&x.title);
        !t.is_empty() && (folded.starts_with(&t) || t.starts_with(&folded))
    });
    let id = known.map(|x| x.id.clone()).unwrap_or_else(|| slug(publisher, 4));
    let mut quotes: Vec<String> = header.iter().map(|l| l.text.clone()).collect();
    quotes.extend(byline.map(|b| b.text.clone()));
    let doc = DDocument {
        id: id.clone(),
        kind: lang::PORTAL_KIND.to_owned(),
        title: publisher.to_owned(),
        aliases: Vec::new(),
        summary: publisher.to_owned(),
        label: publisher.to_owned(),
        quotes: header.iter().map(|l| l.text.clone()).collect::<Vec<_>>(),
        reused: known.is_some(),
        line: header.first().map(|l| l.no).unwrap_or(1),
        ..DDocument::default()
    };
    if doc.quotes.is_empty() {
        return;
    }
    if doc.reused {
        report.documents_reused.push(id.clone());
    } else {
        report.documents_new.push(id.clone());
    }
    d.documents.push(doc);
    let article_text = quotes.join(" ");
    d.page_entries.push(DEntry {
        id: format!("{id}-bai-viet"),
        document: id.clone(),
        section: None,
        label: messages::draft_article_label(publisher, published),
        quotes,
        summary: shorten(&article_text, SUMMARY_MAX_WORDS),
        keywords: kw
            .of(&article_text)
            .into_iter()
            .chain(lang::ARTICLE_KEYWORDS.iter().map(|k| (*k).to_owned()))
            .collect(),
        agencies: Vec::new(),
        line: header.first().map(|l| l.no).unwrap_or(1),
    });
    // The footer: one entry per line, like the body's paragraphs.
    for (k, l) in footer.iter().enumerate() {
        d.page_entries.push(DEntry {
            id: format!("{id}-trang-d{}", k + 1),
            document: id.clone(),
            section: None,
            label: messages::draft_paragraph_label(&messages::draft_page_label(publisher), k + 1),
            quotes: vec![l.text.clone()],
            summary: l.text.clone(),
            keywords: kw.of(&l.text),
            agencies: Vec::new(),
            line: l.no,
        });
    }
}
