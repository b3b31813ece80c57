//! Who is responsible: the agencies the matching provisions assign, leads first; or every
//! agency with duties.

use super::cite::cite_entry;
use super::out_of_scope::out_of_scope;
use super::{Draft, finish, is_responsible, plan_name};
use crate::core::route::Decline;
use crate::core::{
    ASSIGNED_SHARE, Answer, Context, Engine, Intent, MIN_COVERAGE, MIN_EVIDENCE, OTHER_READING, Query,
    RESPONSIBILITY_SHARE,
};
use crate::knowledge::Role;
use crate::messages;
use std::fmt::Write as _;

/// A provision that names bodies is shown after an unassigned one that matches better when it
/// scores at least this share of it: close enough to be about the same matter ("bố trí quỹ
/// đất" and "dành quỹ đất … khi quy hoạch khu đô thị mới" score 0.76), not a passing word.
const NEAREST_ASSIGNED: f32 = 0.7;
/// Room for a duty's citation mark (" [12]") beside its text, so the line is allocated once.
const DUTY_MARK_ROOM: usize = 8;

pub(super) fn responsibility(engine: &Engine, q: &Query, ctx: &Context) -> Answer {
    let kb = &engine.kb;
    let scores = engine.entry_scores(q);
    let ranked: Vec<usize> = scores
        .ranked()
        .iter()
        .copied()
        .filter(|&i| kb.entries[i].agencies.iter().any(|r| is_responsible(r.role)))
        .collect();
    // "Sở Nội vụ phối hợp với ai?": a question naming bodies is answered from the provisions
    // that name them, when one of those matches about as well as the best.
    let names_asked =
        |i: usize| kb.entries[i].agencies.iter().any(|r| q.agencies.iter().any(|&a| kb.agencies[a].id == r.agency));
    let (ranked, narrowed) = match (ranked.first(), ranked.iter().find(|&&i| names_asked(i))) {
        (Some(&top), Some(&own)) if scores.score[own] >= RESPONSIBILITY_SHARE * scores.score[top] => {
            (ranked.into_iter().filter(|&i| names_asked(i)).collect(), true)
        }
        _ => (ranked, false),
    };
    // Narrowed to the bodies asked about, the best of their provisions is the measure: a
    // better one giving the matter to another body does not make it "given to no one".
    let best_any = if narrowed { ranked.first().copied() } else { scores.ranked().first().copied() };
    // When the provision that matches best gives the matter to no one and matches clearly
    // better than any that does ("trường chất lượng cao"), nobody is named.
    let assigned_is_close =
        |b: usize| best_any.is_none_or(|a| a == b || scores.score[b] >= ASSIGNED_SHARE * scores.score[a]);
    let Some(&best) = ranked
        .first()
        .filter(|&&b| scores.coverage[b] >= MIN_COVERAGE && scores.score[b] >= MIN_EVIDENCE && assigned_is_close(b))
    else {
        // The plan talks about it but gives it to no one in particular.
        if let Some(b) = best_any.filter(|&b| scores.coverage[b] >= MIN_COVERAGE && scores.score[b] >= MIN_EVIDENCE) {
            let mut d = Draft { score: scores.coverage[b], ..Draft::default() };
            let e = &kb.entries[b];
            let n = cite_entry(engine, &mut d, e, &q.words);
            d.body = format!("{}\n• {} [{n}]", messages::responsibility_unassigned(&plan_name(engine)), e.summary);
            // A narrower provision on the same matter that names bodies ("dành quỹ đất … khi quy
            // hoạch khu đô thị mới"), said as such.
            let nearest = ranked.first().copied().filter(|&a| {
                scores.coverage[a] >= MIN_COVERAGE && scores.score[a] >= NEAREST_ASSIGNED * scores.score[b]
            });
            if let Some(a) = nearest {
                let e = &kb.entries[a];
                let n = cite_entry(engine, &mut d, e, &q.words);
                d.body.push('\n');
                d.body.push_str(messages::RESPONSIBILITY_NEAREST);
                for r in e.agencies.iter().filter(|r| is_responsible(r.role)) {
                    let Some(ag) = kb.agency(&r.agency) else {
                        continue;
                    };
                    d.mention(&ag.id, &ag.name, Some(messages::role(r.role)));
                    let duty = r.duty.as_deref().unwrap_or(&e.summary);
                    let _ = write!(d.body, "\n• {} ({}): {duty} [{n}]", ag.name, messages::role(r.role));
                }
            }
            return finish(engine, q, ctx, Intent::Responsibility, true, d);
        }
        return out_of_scope(engine, q, ctx, Decline::Unknown);
    };
    let mut d = Draft { score: scores.coverage[best], ..Draft::default() };
    // (agency id, best role, duty lines)
    let mut lines: Vec<(String, Role, Vec<String>)> = Vec::new();
    for &i in ranked.iter().filter(|&&i| scores.score[i] >= RESPONSIBILITY_SHARE * scores.score[best]).take(4) {
        let e = &kb.entries[i];
        let n = cite_entry(engine, &mut d, e, &q.words);
        for r in e.agencies.iter().filter(|r| is_responsible(r.role)) {
            let Some(a) = kb.agency(&r.agency) else {
                continue;
            };
            d.mention(&a.id, &a.name, Some(messages::role(r.role)));
            let said = r.duty.as_deref().unwrap_or(&e.summary);
            // Sized once: the duty is long, its mark short.
            let mut duty = String::with_capacity(said.len() + DUTY_MARK_ROOM);
            duty.push_str(said);
            let _ = write!(duty, " [{n}]");
            match lines.iter_mut().find(|(id, _, _)| *id == a.id) {
                Some((_, role, duties)) => {
                    *role = (*role).min(r.role);
                    if !duties.contains(&duty) {
                        duties.push(duty);
                    }
                }
                None => lines.push((a.id.clone(), r.role, vec![duty])),
            }
        }
    }
    lines.sort_by_key(|(_, role, _)| *role);
    // Agencies in the order of the answer: leads first (a follow-up "họ" means them).
    d.agencies.sort_by_key(|m| lines.iter().position(|(id, _, _)| *id == m.id).unwrap_or(usize::MAX));
    d.body = messages::responsibility_intro(&plan_name(engine));
    for (id, _, duties) in &lines {
        let mention = d.agencies.iter().find(|a| &a.id == id).expect("mentioned above");
        let _ = write!(d.body, "\n• {} ({}): {}", mention.name, mention.roles.join(", "), duties.join("; "));
    }
    for &i in ranked.iter().filter(|&&i| scores.score[i] < RESPONSIBILITY_SHARE * scores.score[best]) {
        if scores.score[i] >= OTHER_READING * scores.score[best] {
            if let Some(question) = kb.entries[i].questions.first() {
                d.suggest(question);
            }
        }
    }
    finish(engine, q, ctx, Intent::Responsibility, true, d)
}

/// "Những cơ quan nào được giao nhiệm vụ?": every agency with duties, each with its first one.
pub(super) fn all_responsibilities(engine: &Engine, q: &Query, ctx: &Context) -> Answer {
    let kb = &engine.kb;
    let mut d = Draft { score: 1.0, ..Draft::default() };
    d.body = messages::responsibility_intro(&plan_name(engine));
    for (ai, a) in kb.agencies.iter().enumerate() {
        let duties: Vec<_> = engine.duties_of(ai).filter(|(_, r)| is_responsible(r.role)).collect();
        let Some((e, r)) = duties.first() else {
            continue;
        };
        let n = cite_entry(engine, &mut d, e, &q.words);
        for (_, r) in &duties {
            d.mention(&a.id, &a.name, Some(messages::role(r.role)));
        }
        let duty = r.duty.as_deref().unwrap_or(&e.summary);
        let _ = write!(d.body, "\n• {}: {duty} [{n}]{}", a.name, messages::more_duties(duties.len() - 1));
    }
    finish(engine, q, ctx, Intent::Responsibility, true, d)
}
