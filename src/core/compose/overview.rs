//! What the plan is about, as a whole: its summary, opening provisions and parts.

use super::cite::cite_entry;
use super::{Draft, finish};
use crate::core::{Answer, Context, Engine, Intent, Query};
use crate::knowledge::{Entry, Role};
use crate::messages;

pub(super) fn overview(engine: &Engine, q: &Query, ctx: &Context) -> Answer {
    let kb = &engine.kb;
    let plan = &kb.documents[engine.plan];
    let mut d = Draft { score: 1.0, ..Draft::default() };
    let issuer = plan.issuer.as_deref().and_then(|i| kb.agency(i)).map(|a| a.name.as_str());
    d.body =
        format!("{}: {}", messages::document_line(&messages::document_name(plan), &plan.date, issuer), plan.summary);
    // The plan's opening entries, except the article's headline.
    let headline = |e: &Entry| {
        kb.source(&e.source).is_some_and(|s| {
            e.quotes
                .iter()
                .all(|x| crate::knowledge::check::comparable(x) == crate::knowledge::check::comparable(&s.title))
        })
    };
    let intro: Vec<&Entry> =
        kb.entries.iter().filter(|e| e.document == plan.id && e.section.is_none() && !headline(e)).collect();
    let scores = engine.entry_scores(q);
    let mut ranked: Vec<&Entry> = intro.clone();
    let index = |e: &Entry| kb.entries.iter().position(|x| x.id == e.id).unwrap_or(0);
    ranked.sort_by(|a, b| scores.score[index(b)].total_cmp(&scores.score[index(a)]).then(index(a).cmp(&index(b))));
    let mut numbers = Vec::new();
    for e in ranked.iter().take(2) {
        numbers.push(cite_entry(engine, &mut d, e, &q.words));
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
