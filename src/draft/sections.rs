//! The structure of the body — parts, numbered items, lettered points, bullets — as sections,
//! and one entry per paragraph under them.

use super::documents::PlanName;
use super::items::{DEntry, DSection, Drafted};
use super::keywords::Keywords;
use super::names;
use super::roles::AgencyBook;
use super::structure::{self, Mark};
use super::text::{self, first_sentence, shorten, word_count};
use super::{Doubt, Report, SUMMARY_MAX_WORDS, Scan, TITLE_IN_LABEL_MAX_WORDS, TITLE_MAX_WORDS, lang};
use crate::messages;
use std::collections::HashMap;

/// Drafts the sections and the body's entries into `d`.
pub(super) fn sections(
    s: &Scan,
    plan: &PlanName,
    kw: &Keywords,
    d: &mut Drafted,
    book: &mut AgencyBook,
    report: &mut Report,
) {
    let (lines, layout, kb, body) = (&s.lines, &s.layout, s.kb, s.body());
    let (plan_name, prefix) = (&plan.name, &plan.prefix);
    // Structure: parts, numbered items, lettered points; one entry per paragraph.
    let mut current: [Option<usize>; 3] = [None, None, None];
    let mut pending: Vec<String> = Vec::new();
    let mut expected: HashMap<(Option<usize>, u8), u32> = HashMap::new();
    let mut opening = 0;
    for l in body {
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
                    messages::draft_paragraph_label(&messages::draft_opening_label(plan_name), opening),
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
