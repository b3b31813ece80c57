//! Declining: what the plan does not cover, what the bot does cover, and questions to try.

use super::cite::cite_entry;
use super::{Draft, default_suggestions, finish};
use crate::core::plans::plan_names;
use crate::core::route::Decline;
use crate::core::{Answer, Context, Engine, Intent, MIN_COVERAGE, Query, lang};
use crate::knowledge::Agency;
use crate::messages;
use crate::text;

/// A known agency is the nearest to a name the plan never mentions when its name has the same
/// head ("Trường", "Sở") and at least this share of its words stand in the name asked for:
/// "Trường Đại học Y Dược Hải Phòng" holds every word of "Trường Đại học Hải Phòng", while
/// "Trường Cao đẳng Du lịch Hải Phòng" holds three of its five and is another kind of school.
const NEAREST_SHARE: f32 = 0.99;

/// The bot declines: `why` says what the plan does not cover, when known.
pub(super) fn out_of_scope(engine: &Engine, q: &Query, ctx: &Context, why: Decline) -> Answer {
    if why == Decline::NoContact {
        if let Some(answer) = managed_portal_contact(engine, q, ctx) {
            return answer;
        }
    }
    let kb = &engine.kb;
    let scores = engine.entry_scores(q);
    let best = scores.ranked().first().map(|&i| scores.coverage[i]).unwrap_or(0.0);
    // "When" or "how many" on the plan's topic with no figure stated: say so; off topic: the
    // usual reply.
    let on_topic = best >= MIN_COVERAGE;
    let reason = match why {
        Decline::Unknown => None,
        Decline::Topic(u) => Some(messages::out_of_scope_topic(&kb.uncovered[u].topic)),
        Decline::OtherDocument => Some(match other_document_named(engine, &q.question) {
            Some(name) => messages::other_document_named(&name, &plan_names(&engine.kb)),
            None => messages::other_document(&plan_names(&engine.kb)),
        }),
        Decline::DocumentContents(i) => Some(messages::document_contents(&messages::document_name(&kb.documents[i]))),
        Decline::UnknownEntity => {
            q.unknown_entity.as_deref().map(|n| messages::unknown_entity(n, &plan_names(&engine.kb)))
        }
        Decline::NoContact => q.agencies.first().map(|&a| messages::no_contact(&kb.agencies[a].name)),
        Decline::NoDate => on_topic.then(|| messages::NO_DATE.to_owned()),
        Decline::NoFigure => on_topic.then(|| messages::NO_FIGURE.to_owned()),
        Decline::BeyondList => q.beyond_list.map(|place| {
            let listed: Vec<&str> = ctx
                .agencies
                .iter()
                .filter_map(|id| kb.agencies.iter().find(|a| &a.id == id))
                .map(|a| a.name.as_str())
                .collect();
            messages::beyond_list(place + 1, &listed)
        }),
    };
    let mut d = Draft::default();
    let reply = |id: &str| kb.smalltalk_reply(id);
    // The precise reason when known ("Kế hoạch không đề cập đến học phí."), else the apology;
    // then what the bot covers.
    d.body = reason.unwrap_or_else(|| reply("out-of-scope"));
    match why {
        Decline::UnknownEntity => nearest_entity(engine, q, &mut d),
        Decline::NoContact => nearest_contact(engine, q, &mut d),
        _ => {}
    }
    d.body.push('\n');
    d.body.push_str(&reply("scope"));
    for i in scores.ranked().iter().copied().take(2) {
        if let Some(question) = kb.entries[i].questions.first() {
            d.suggest(question);
        }
    }
    default_suggestions(engine, &mut d);
    d.score = best;
    finish(engine, q, ctx, Intent::OutOfScope, false, d)
}

/// After "the plan does not mention Trường Đại học Y Dược Hải Phòng": what it says of the
/// nearest body it does mention (same head, nearly every word of its name), labelled as such.
fn nearest_entity(engine: &Engine, q: &Query, d: &mut Draft) {
    let kb = &engine.kb;
    let Some(asked) = q.unknown_entity.as_deref() else { return };
    let asked: Vec<String> = text::tokenize(asked).into_iter().map(|t| t.folded.to_string()).collect();
    // A district named alone ("Quận Lê Chân"): the body the plan names for every district.
    let place = asked.first().and_then(|w| lang::DISTRICT_HEADS.iter().find(|h| text::fold_marks(h) == *w)).copied();
    let share = |a: &Agency| {
        let tokens = text::tokenize(&a.name);
        if let Some(head) = place {
            return if tokens.iter().any(|t| t.text == head) { 1.0 } else { 0.0 };
        }
        let words: Vec<String> = tokens.into_iter().map(|t| t.folded.to_string()).collect();
        if words.first() != asked.first() || words.len() < 2 {
            return 0.0;
        }
        words.iter().filter(|w| asked.contains(w)).count() as f32 / words.len() as f32
    };
    let plan = &kb.documents[engine.plan].id;
    let nearest = kb
        .agencies
        .iter()
        .filter(|a| share(a) >= NEAREST_SHARE)
        .max_by(|a, b| share(a).total_cmp(&share(b)).then(b.name.len().cmp(&a.name.len())));
    let Some(a) = nearest else { return };
    let duty = kb
        .duties_of(&a.id)
        .into_iter()
        .filter(|(e, r)| &e.document == plan && r.duty.is_some())
        .min_by_key(|(_, r)| super::agency::main_duty_rank(r.role))
        .and_then(|(e, r)| Some((e, r.duty.clone()?)));
    let Some((e, duty)) = duty else { return };
    let n = cite_entry(engine, d, e, &q.scoring);
    d.body.push('\n');
    d.body.push_str(&messages::nearest_entity(&a.name, &format!("{duty} [{n}]")));
}

/// "Sở Tư pháp ở đâu?": the source gives no contact of a body's own, but when the body runs the
/// portal that published the article, the portal's contact block is that of its page: answered
/// with it, labelled as the page's (any other body's contact stays declined).
fn managed_portal_contact(engine: &Engine, q: &Query, ctx: &Context) -> Option<Answer> {
    let kb = &engine.kb;
    let [a] = q.agencies.as_slice() else { return None };
    let agency = &kb.agencies[*a];
    let e = portal_entry_of(engine, *a)?;
    let portal = kb.document(&e.document)?;
    let mut d = Draft { score: 1.0, ..Draft::default() };
    let n = cite_entry(engine, &mut d, e, &q.scoring);
    d.body = messages::managed_portal_contact(&agency.name, &portal.title, &format!("{} [{n}]", e.summary));
    d.document = Some(e.document.clone());
    Some(finish(engine, q, ctx, Intent::Contact, true, d))
}

/// After "the source gives no contact details of Sở X" when several bodies are asked and one
/// runs the portal: the portal's details (the only ones the source gives), labelled as the
/// portal's.
fn nearest_contact(engine: &Engine, q: &Query, d: &mut Draft) {
    let kb = &engine.kb;
    let Some(e) = q.agencies.iter().find_map(|&a| portal_entry_of(engine, a)) else { return };
    let Some(portal) = kb.document(&e.document) else { return };
    let n = cite_entry(engine, d, e, &q.scoring);
    d.body.push('\n');
    d.body.push_str(&messages::nearest_contact(&portal.title, &format!("{} [{n}]", e.summary)));
}

/// The entry of a portal (a document with entries but no sections: not a plan) that names
/// agency `a` as running it.
fn portal_entry_of(engine: &Engine, a: usize) -> Option<&crate::knowledge::Entry> {
    let kb = &engine.kb;
    let plan = &kb.documents[engine.plan].id;
    let id = &kb.agencies[a].id;
    kb.entries.iter().find(|e| {
        &e.document != plan
            && !kb.sections.iter().any(|s| s.document == e.document)
            && e.agencies.iter().any(|r| &r.agency == id)
    })
}

/// The document asked for by a number the knowledge base does not know, as typed: its kind,
/// "số" and the number with what is glued to it ("Kết luận 92-KL/TW", "ke hoach so 299").
fn other_document_named(engine: &Engine, question: &str) -> Option<String> {
    let tokens = text::tokenize(question);
    let raw = engine.analyzer.raw_words(question);
    if raw.len() != tokens.len() {
        return None;
    }
    engine.cues.document_kinds.find_all(&raw).into_iter().find_map(|f| {
        let mut i = f.start + f.len;
        if raw.get(i).is_some_and(|w| w.folded == "so") {
            i += 1;
        }
        raw.get(i).filter(|w| w.is_number() && !engine.numbers_document_of_kind(&raw[f.start..f.start + f.len], w))?;
        // The number runs on to the next space ("299/KH-UBND").
        let end = question[tokens[i].start..].find(char::is_whitespace).map_or(question.len(), |n| tokens[i].start + n);
        let name = question[tokens[f.start].start..end].trim_end_matches(|c: char| !c.is_alphanumeric());
        Some(name.to_owned())
    })
}
