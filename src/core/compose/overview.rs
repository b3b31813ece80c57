//! What the plan is about, as a whole: its summary, opening provisions and parts.

use super::cite::cite_entry;
use super::{Draft, finish};
use crate::core::{Answer, Context, Engine, Intent, Query};
use crate::knowledge::{Entry, Knowledge, Role};
use crate::messages;

pub(super) fn overview(engine: &Engine, q: &Query, ctx: &Context) -> Answer {
    if let Some(answer) = part_outline(engine, q, ctx) {
        return answer;
    }
    let kb = &engine.kb;
    let plan = &kb.documents[engine.plan];
    let mut d = Draft { score: 1.0, ..Draft::default() };
    let issuer = plan.issuer.as_deref().and_then(|i| kb.agency(i)).map(|a| a.name.as_str());
    d.body =
        format!("{}: {}", messages::document_line(&messages::document_name(plan), &plan.date, issuer), plan.summary);
    let scores = engine.entry_scores(q);
    let mut ranked: Vec<usize> = engine.plan_intro.clone();
    ranked.sort_by(|&a, &b| scores.score[b].total_cmp(&scores.score[a]).then(a.cmp(&b)));
    let mut numbers = Vec::new();
    for &e in ranked.iter().take(2) {
        numbers.push(cite_entry(engine, &mut d, &kb.entries[e], &q.words));
    }
    let refs: Vec<String> = numbers.iter().map(|n| format!("[{n}]")).collect();
    d.body.push_str(&format!(" {}", refs.join("")));
    let parts: Vec<String> =
        kb.sections.iter().filter(|s| s.document == plan.id && s.parent.is_none()).map(|s| s.title.clone()).collect();
    if !parts.is_empty() {
        d.body.push('\n');
        d.body.push_str(&messages::overview_parts(&parts));
    }
    if let Some(a) = plan.issuer.as_deref().and_then(|i| kb.agency(i)) {
        d.mention(&a.id, &a.name, Some(messages::role(Role::BanHanh)));
    }
    d.document = Some(plan.id.clone());
    finish(engine, q, ctx, Intent::Overview, true, d)
}

/// The plan's opening entries (no section), except the article's headline (an entry whose quotes
/// are all its source's title), in knowledge-base order: found once, when the engine is built.
pub(in crate::core) fn plan_intro(kb: &Knowledge, plan: usize) -> Vec<usize> {
    let plan = &kb.documents[plan];
    let headline = |e: &Entry| {
        kb.source(&e.source).is_some_and(|s| {
            e.quotes
                .iter()
                .all(|x| crate::knowledge::check::comparable(x) == crate::knowledge::check::comparable(&s.title))
        })
    };
    (0..kb.entries.len())
        .filter(|&i| {
            let e = &kb.entries[i];
            e.document == plan.id && e.section.is_none() && !headline(e)
        })
        .collect()
}

/// "Phần tổ chức thực hiện gồm những gì?", "nội dung triển khai thực hiện có những gì?": a part of
/// the plan named by its heading, asked what it holds, with no other topic: its numbered items,
/// each citing its first provision (so that "nói rõ ý 2" then points at the second item).
pub(super) fn part_outline(engine: &Engine, q: &Query, ctx: &Context) -> Option<Answer> {
    let kb = &engine.kb;
    if !q.overview || !q.agencies.is_empty() {
        return None;
    }
    let plan = &kb.documents[engine.plan].id;
    // The question's syllables, folded, and which are topic words.
    let syllables: Vec<(&str, bool)> =
        q.words.iter().flat_map(|w| w.folded.split(' ').map(move |x| (x, !w.stop && !w.is_number()))).collect();
    let part = kb.sections.iter().position(|s| {
        &s.document == plan && s.parent.is_none() && {
            let title = crate::text::fold_marks(&crate::text::lowercase(&s.title));
            let title: Vec<&str> = title.split(' ').collect();
            syllables.windows(title.len()).enumerate().any(|(at, w)| {
                w.iter().map(|x| x.0).eq(title.iter().copied())
                    && syllables.iter().enumerate().all(|(i, (x, topical))| {
                        !topical || (at..at + title.len()).contains(&i) || PART_FRAME.contains(x)
                    })
            })
        }
    })?;
    let s = &kb.sections[part];
    let items: Vec<&crate::knowledge::Section> =
        kb.sections.iter().filter(|c| c.parent.as_deref() == Some(s.id.as_str())).collect();
    if items.is_empty() {
        return None;
    }
    let mut d = Draft { score: 1.0, ..Draft::default() };
    d.body = messages::part_items(&s.title, items.len());
    for c in items {
        let first = kb.entries_in_section(&c.id).into_iter().next();
        let marks = first.map(|e| format!(" [{}]", cite_entry(engine, &mut d, e, &[]))).unwrap_or_default();
        d.body.push_str(&format!("\n{} {}{marks}", c.number, c.title));
    }
    d.document = Some(plan.clone());
    Some(finish(engine, q, ctx, Intent::Overview, true, d))
}

/// Words beside a part's heading that ask no topic of their own ("phần", "mục", "kế hoạch").
const PART_FRAME: &[&str] = &["phan", "muc", "ke", "hoach", "cac", "nhung", "gom", "bao", "chinh", "noi", "dung"];
