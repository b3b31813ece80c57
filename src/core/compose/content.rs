//! What the plan says about a topic: the entries that match best, cited, with other readings
//! offered as suggestions.

use super::cite::cite_entry;
use super::out_of_scope::out_of_scope;
use super::{Draft, finish, plan_name};
use crate::core::route::Decline;
use crate::core::{
    Answer, CLOSE_SCORE, Context, Engine, Intent, MAX_CITATIONS, MIN_COVERAGE, MIN_EVIDENCE, OTHER_READING, Query,
};
use crate::messages;
use std::fmt::Write as _;

pub(super) fn content(engine: &Engine, q: &Query, ctx: &Context) -> Answer {
    if let Some(answer) = super::overview::part_outline(engine, q, ctx) {
        return answer;
    }
    let kb = &engine.kb;
    let scores = engine.entry_scores(q);
    // The plan's provisions; the article's own data (date, contact) is for contact and
    // source questions.
    let plan = &kb.documents[engine.plan].id;
    let ranked: Vec<usize> = scores.ranked().iter().copied().filter(|&i| &kb.entries[i].document == plan).collect();
    let Some(&best) = ranked.first() else {
        return out_of_scope(engine, q, ctx, Decline::Unknown);
    };
    if scores.coverage[best] < MIN_COVERAGE || scores.score[best] < MIN_EVIDENCE {
        return out_of_scope(engine, q, ctx, Decline::Unknown);
    }
    let mut d = Draft { score: scores.coverage[best], ..Draft::default() };
    let topic = &q.words;
    let doc = kb.document(&kb.entries[best].document).map(messages::document_name).unwrap_or_else(|| plan_name(engine));
    d.body = messages::content_intro(&doc);
    let mut cited = 0;
    for &i in &ranked {
        let e = &kb.entries[i];
        if cited < MAX_CITATIONS && scores.score[i] >= CLOSE_SCORE * scores.score[best] {
            let n = cite_entry(engine, &mut d, e, topic);
            if cited == 1 {
                d.body.push('\n');
                d.body.push_str(messages::ALSO);
            }
            let _ = write!(d.body, "\n• {} [{n}]", e.summary);
            for r in &e.agencies {
                if let Some(a) = kb.agency(&r.agency) {
                    d.mention(&a.id, &a.name, Some(messages::role(r.role)));
                }
            }
            cited += 1;
        } else if scores.score[i] >= OTHER_READING * scores.score[best] {
            if let Some(question) = e.questions.first() {
                d.suggest(question);
            }
        }
    }
    finish(engine, q, ctx, Intent::Content, true, d)
}
