//! Follow-ups on the previous answer: its citations in full, or where they come from.

use super::cite::cite_entry;
use super::{Draft, finish, plan_name};
use crate::core::{Answer, Context, Engine, Intent, Query};
use crate::knowledge::Citable;
use crate::messages;

pub(super) fn detail(engine: &Engine, q: &Query, ctx: &Context) -> Answer {
    let kb = &engine.kb;
    let mut d = Draft { score: 1.0, ..Draft::default() };
    d.body = messages::detail_intro(&plan_name(engine));
    // "nói rõ ý 2": that item alone, when the previous answer cited so many; else all of them.
    let place = q.item.map(|p| if p == usize::MAX { ctx.cited.len().saturating_sub(1) } else { p });
    let pointed = place.and_then(|p| ctx.cited.get(p));
    // "ý 2" after a part's outline (each item cited by its first provision): that item whole.
    if ctx.intent == Some(Intent::Overview) {
        if let Some(item) = pointed.and_then(|id| super::overview::item_of(engine, id)) {
            return super::overview::part_item(engine, q, ctx, item);
        }
    }
    let cited: Vec<&String> = match pointed {
        Some(one) => vec![one],
        None => ctx.cited.iter().collect(),
    };
    for id in cited {
        let Some(item) = kb.citable(id) else { continue };
        // The whole paragraph: the longest quote (the others are headings or its parts).
        let full = item.quotes().iter().max_by_key(|x| x.len()).map(String::as_str).unwrap_or("");
        let n = d.cite(item.id(), item.label(), full);
        let summary = match item {
            Citable::Entry(e) => e.summary.as_str(),
            Citable::Document(doc) => doc.summary.as_str(),
        };
        d.body.push_str(&format!("\n• {summary} [{n}]"));
        if let Citable::Entry(e) = item {
            for r in &e.agencies {
                if let Some(a) = kb.agency(&r.agency) {
                    d.mention(&a.id, &a.name, Some(messages::role(r.role)));
                }
            }
        }
    }
    d.document = ctx.document.clone();
    let intent = ctx.intent.unwrap_or(Intent::Content);
    finish(engine, q, ctx, intent, true, d)
}

pub(super) fn source_previous(engine: &Engine, q: &Query, ctx: &Context) -> Answer {
    let kb = &engine.kb;
    let mut d = Draft { score: 1.0, ..Draft::default() };
    let mut lines = Vec::new();
    for id in &ctx.cited {
        let Some(item) = kb.citable(id) else { continue };
        let n = d.cite(item.id(), item.label(), &item.quotes()[0]);
        lines.push(format!("• {} [{n}]", item.label()));
    }
    // The article itself, when the question names it ("bài viết của ai?").
    let plan = &kb.documents[engine.plan].id;
    let scores = engine.entry_scores(q);
    if let Some(&best) = scores.ranked().iter().find(|&&i| &kb.entries[i].document != plan) {
        let e = &kb.entries[best];
        // Listed once, though the previous answer cited it too ("bài này ai viết?" then "đăng
        // lúc nào?").
        if !ctx.cited.contains(&e.id) {
            let n = cite_entry(engine, &mut d, e, &q.scoring);
            lines.push(format!("• {} [{n}]", e.label));
        }
    }
    let source = ctx.cited.iter().filter_map(|id| kb.citable(id)).find_map(|i| kb.source(i.source()));
    d.body = messages::SOURCE_PREVIOUS.to_owned();
    for l in lines {
        d.body.push('\n');
        d.body.push_str(&l);
    }
    if let Some(s) = source {
        d.body.push('\n');
        d.body.push_str(&messages::source_intro(&s.title, &s.publisher, &s.published, &s.author));
    }
    d.document = ctx.document.clone();
    finish(engine, q, ctx, Intent::Source, true, d)
}
