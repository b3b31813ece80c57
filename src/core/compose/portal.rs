//! The portal that published the article: its contact details and the article's own data.

use super::cite::{cite, cite_entry};
use super::{Draft, finish, mention_named};
use crate::core::{Answer, Context, Engine, Intent, MIN_COVERAGE, MIN_FACT_COVERAGE, Query};
use crate::messages;

/// Contact details or the article's own data: entries outside the plan, and their facts.
pub(super) fn portal(engine: &Engine, q: &Query, ctx: &Context, intent: Intent) -> Option<Answer> {
    let kb = &engine.kb;
    let plan_id = &kb.documents[engine.plan].id;
    let facts = engine.fact_scores(q);
    let best_fact = facts.by_coverage().into_iter().find(|&i| {
        intent == Intent::Contact
            && kb.entry(&kb.facts[i].cites).is_some_and(|e| &e.document != plan_id)
            && facts.coverage[i] >= MIN_FACT_COVERAGE
    });
    if let Some(fi) = best_fact {
        let f = &kb.facts[fi];
        let e = kb.entry(&f.cites)?;
        let mut d = Draft { score: facts.coverage[fi], ..Draft::default() };
        let n = cite(&mut d, &engine.fact_citations[fi]);
        d.body = format!("{} [{n}]", f.statement);
        mention_named(engine, &mut d, fi);
        d.document = Some(e.document.clone());
        return Some(finish(engine, q, ctx, intent, true, d));
    }
    let scores = engine.entry_scores(q);
    let best = scores
        .ranked()
        .iter()
        .copied()
        .find(|&i| &kb.entries[i].document != plan_id)
        .or_else(|| kb.entries.iter().position(|e| &e.document != plan_id))?;
    let e = &kb.entries[best];
    let mut d = Draft { score: scores.coverage[best].max(MIN_COVERAGE), ..Draft::default() };
    let source = kb.source(&e.source)?;
    let n = cite_entry(engine, &mut d, e, &q.scoring);
    d.body = match intent {
        Intent::Source => format!(
            "{} [{n}]",
            messages::source_intro(&source.title, &source.publisher, &source.published, &source.author)
        ),
        _ => format!("{} [{n}]", e.summary),
    };
    d.document = Some(e.document.clone());
    Some(finish(engine, q, ctx, intent, true, d))
}
