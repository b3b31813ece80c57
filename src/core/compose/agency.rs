//! What an agency must do: its duties in the plan, on the question's topic when it has one.

use super::cite::{cite, cite_entry};
use super::{Draft, finish, plan_name};
use crate::core::lang::{self, COOPERATION, DUTIES_ASKED};
use crate::core::{Answer, Context, Engine, Intent, MIN_EVIDENCE, OTHER_READING, Query, RESPONSIBILITY_SHARE};
use crate::knowledge::{Entry, Role};
use crate::messages;
use std::fmt::Write as _;

/// `topical`: the question has a topic of its own; `None` when none of the agencies' duties
/// covers it (the route then answers as content).
pub(super) fn agency(engine: &Engine, q: &Query, ctx: &Context, topical: bool) -> Option<Answer> {
    let kb = &engine.kb;
    let plan = plan_name(engine);
    let scores = engine.entry_scores(q);
    let has_topic = engine.has_topic(q) || q.borrowed_topic;
    let plan_id = &kb.documents[engine.plan].id;
    // A body the plan gives no duty ("Sở Tư pháp liên quan gì tới kế hoạch?") is answered as
    // such, whatever the topic: never with the plan's content about others.
    let any_plan_duty = q.agencies.iter().any(|&a| engine.duties_of(a).any(|(e, _)| &e.document == plan_id));
    if topical && any_plan_duty {
        // An agency's name inside a question about a topic that none of its duties covers
        // ("… Sở Giáo dục có liên thông cơ sở dữ liệu quốc gia không?") is answered as content;
        // a follow-up about the agency ("còn Sở Tài chính thì sao?") is about the agency.
        let best_overall = scores.ranked().first().map(|&i| scores.score[i]).unwrap_or(0.0);
        let best_duty = q
            .agencies
            .iter()
            .flat_map(|&a| engine.duties_of(a))
            .filter_map(|(e, _)| kb.entry_position(&e.id))
            .map(|i| scores.score[i])
            .fold(0.0f32, f32::max);
        if best_overall >= MIN_EVIDENCE && best_duty < OTHER_READING * best_overall {
            return None;
        }
    }
    let exclude: &[String] = if q.more { &ctx.cited } else { &[] };
    let mut d = Draft { score: 1.0, ..Draft::default() };
    let mut paragraphs = Vec::new();
    for &ai in &q.agencies {
        let a = &kb.agencies[ai];
        // Duties come from the plan; a role elsewhere (managing the portal) is not one.
        let duties: Vec<_> = engine.duties_of(ai).filter(|(e, _)| &e.document == plan_id).collect();
        let mut chosen: Vec<_> = duties.iter().filter(|(e, _)| !exclude.contains(&e.id)).collect();
        // "Sở GD&ĐT phối hợp với Sở Tài chính để làm gì?": of bodies asked about together, the
        // duties they share (a provision naming them all), when there are some.
        if q.agencies.len() > 1 && q.says_any(COOPERATION) {
            let shares =
                |e: &Entry| q.agencies.iter().all(|&o| e.agencies.iter().any(|r| r.agency == kb.agencies[o].id));
            if chosen.iter().any(|(e, _)| shares(e)) {
                chosen.retain(|(e, _)| shares(e));
            }
        }
        let mut topical = false;
        if has_topic {
            let index = |e: &Entry| kb.entry_position(&e.id).unwrap_or(0);
            let best = chosen.iter().map(|(e, _)| scores.score[index(e)]).fold(0.0f32, f32::max);
            if best >= MIN_EVIDENCE {
                chosen.retain(|(e, _)| scores.score[index(e)] >= RESPONSIBILITY_SHARE * best);
                topical = true;
                d.score = chosen.iter().map(|(e, _)| scores.coverage[index(e)]).fold(0.0f32, f32::max);
            }
        }
        // Its main duties first: what it leads or carries out, then what it proposes, checks,
        // guides or reports, then where it only cooperates; the plan's order within each.
        chosen.sort_by_key(|(_, r)| main_duty_rank(r.role));
        if duties.is_empty() {
            let mut text = messages::agency_without_duties(&a.name, a.note.as_deref());
            for (i, doc) in
                kb.documents.iter().enumerate().filter(|(_, doc)| doc.issuer.as_deref() == Some(a.id.as_str()))
            {
                let n = cite(&mut d, &engine.document_citations[i]);
                let _ = write!(
                    text,
                    "\n• {} [{n}]",
                    messages::document_line(&messages::document_name(doc), &doc.date, None)
                );
            }
            d.mention(&a.id, &a.name, None);
            paragraphs.push(text);
            continue;
        }
        if chosen.is_empty() {
            // Everything was said already: say so, citing the duties again.
            let mut text = messages::agency_no_more(&a.name);
            for (e, r) in &duties {
                let n = cite_entry(engine, &mut d, e, &q.words);
                d.mention(&a.id, &a.name, Some(messages::role(r.role)));
                let _ = write!(text, " [{n}]");
            }
            paragraphs.push(text);
            continue;
        }
        let mut text = if q.more && !exclude.is_empty() {
            messages::agency_more_intro(&a.name)
        } else if topical {
            messages::agency_topic_intro(&a.name, &plan)
        } else if has_topic {
            messages::agency_not_on_topic(&a.name, &plan)
        } else {
            messages::agency_intro(&a.name, &plan)
        };
        for (i, (e, r)) in chosen.iter().enumerate() {
            let n = cite_entry(engine, &mut d, e, &q.words);
            d.mention(&a.id, &a.name, Some(messages::role(r.role)));
            let _ = write!(
                text,
                "\n{}. {} ({}) [{n}]",
                i + 1,
                r.duty.as_deref().unwrap_or(&e.summary),
                messages::role(r.role)
            );
        }
        paragraphs.push(text);
    }
    d.body = paragraphs.join("\n\n");
    // "Quận Lê Chân phải làm gì?": the plan names no district alone; what it gives every
    // district is said as such.
    // "Sở Y tế và Sở Giáo dục làm gì?": the body the source never mentions is said first.
    match (q.unknown_entity.as_deref(), q.agencies.first()) {
        (Some(place), Some(&a)) if engine.names_place(place) => {
            d.body = format!("{}\n{}", messages::place_in_general(place, &kb.agencies[a].name), d.body);
        }
        // "Phòng giáo dục quận làm gì?": the office is named by none of the source's words; the
        // district committee it was read as is said as such.
        (None, Some(&a)) if q.says_any(lang::DISTRICT_OFFICES) && engine.office_named[a] => {
            d.body = format!("{}\n{}", messages::office_in_general(&kb.agencies[a].name), d.body);
        }
        (Some(other), _) => {
            let plans = crate::core::plans::plan_names(kb);
            d.body = format!("{}\n\n{}", messages::unknown_entity(other, &plans), d.body);
        }
        _ => {}
    }
    // "Sở Tư pháp có nhiệm vụ gì?": duties asked of bodies the plan gives none are declined,
    // with what the source does say of them.
    if !any_plan_duty && q.says_any(DUTIES_ASKED) {
        return Some(finish(engine, q, ctx, Intent::OutOfScope, false, d));
    }
    Some(finish(engine, q, ctx, Intent::Agency, true, d))
}

/// How central a duty is to an agency's own work: 0 for leading or carrying out, 1 for
/// advising, checking, guiding or reporting, 2 for cooperating with the body that leads.
pub(super) fn main_duty_rank(role: Role) -> u8 {
    match role {
        Role::ChuTri | Role::ThucHien => 0,
        Role::PhoiHop => 2,
        _ => 1,
    }
}

/// Whether an agency has a district office among its names ([`lang::DISTRICT_OFFICES`]): read
/// once at start-up (`Engine::office_named`).
pub(in crate::core) fn named_by_office(a: &crate::knowledge::Agency) -> bool {
    a.aliases.iter().any(|n| {
        let folded = crate::text::fold_marks(&crate::text::lowercase(n));
        lang::DISTRICT_OFFICES.iter().any(|o| folded.starts_with(o))
    })
}
