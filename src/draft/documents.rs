//! The documents a text cites and the document it is: ids reused from the reference knowledge
//! base, numbers, dates, issuers, what implements what, and the plan's own name.

use super::items::{DDocument, Drafted};
use super::names::{self, DocRef};
use super::roles::AgencyBook;
use super::text::{self, clauses, first_sentence, shorten, slug};
use super::{Doubt, Report, SUMMARY_MAX_WORDS, Scan, lang};
use crate::knowledge::Knowledge;
use crate::messages;
use std::collections::HashMap;

/// How the drafted plan is named: its place among the documents, its short name ("Kế hoạch
/// 298/KH-UBND") and the prefix of its entries' ids.
pub(super) struct PlanName {
    pub index: usize,
    pub name: String,
    pub prefix: String,
}

/// Finds every document the body cites and the one it is, and records them in `d`.
pub(super) fn documents(
    s: &Scan,
    source_id: &str,
    d: &mut Drafted,
    book: &mut AgencyBook,
    report: &mut Report,
) -> PlanName {
    let (lines, layout, kb, body) = (&s.lines, &s.layout, s.kb, s.body());
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
        let id = slug(source_id, 6);
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
    let index = d.documents.iter().position(|x| x.id == d.plan).unwrap_or(0);
    let name = {
        let p = &d.documents[index];
        if p.number.is_empty() { p.title.clone() } else { format!("{} {}", p.kind, text::number_display(&p.number)) }
    };
    let prefix: String = d.plan.chars().filter(|c| *c != '-').collect();
    PlanName { index, name, prefix }
}

pub(super) fn names_match(doc: &DDocument, r: &DocRef) -> bool {
    if r.number.is_empty() {
        text::folded_words(&doc.title).contains(&text::folded_words(&r.title))
    } else {
        names::number_key(&doc.number) == names::number_key(&r.number)
    }
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
