//! The page around the article: the `[[source]]` (title, publisher, date, byline, where the body
//! starts and ends), the title's entry, and the portal's document with its header and footer.

use super::documents::PlanName;
use super::items::{DDocument, DEntry, Drafted};
use super::keywords::Keywords;
use super::structure::{self, Line};
use super::text::{self, shorten, slug, word_count};
use super::{Doubt, Report, SUMMARY_MAX_WORDS, Scan, lang};
use crate::knowledge::check::comparable;
use crate::knowledge::{Knowledge, Source};
use crate::messages;

/// Drafts the source, the title's entry and the page's entries into `d`.
pub(super) fn source_and_page(
    s: &Scan,
    source_id: &str,
    plan: &PlanName,
    kw: &Keywords,
    d: &mut Drafted,
    report: &mut Report,
) {
    let (lines, layout, kb) = (&s.lines, &s.layout, s.kb);
    let (plan_index, plan_name, prefix) = (plan.index, &plan.name, &plan.prefix);
    let title_line = layout.title.map(|i| &lines[i]);
    // The source and the page around the article.
    let comparable_lines: Vec<String> = lines.iter().map(|l| comparable(&l.text)).collect();
    let start_words = unique_prefix(&comparable_lines, layout.body_start, true);
    let end_words = unique_prefix(&comparable_lines, layout.body_end, false);
    let publisher = layout.publisher.map(|p| publisher_name(lines, p, layout)).unwrap_or_default();
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
    d.source = Source {
        id: source_id.to_owned(),
        file: format!("{source_id}.txt"),
        title,
        publisher: publisher.clone(),
        published: published.clone(),
        author,
        body_start: start_words,
        body_end: end_words,
        ..Source::default()
    };
    if let Some(l) = title_line {
        let quotes = vec![l.text.clone()];
        d.entries.insert(
            0,
            DEntry {
                id: format!("{prefix}-tieu-de"),
                document: d.plan.clone(),
                section: None,
                label: messages::draft_title_label(plan_name),
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
    page(d, lines, layout, &publisher, &published, kb, kw, report);
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
    kw: &Keywords,
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
