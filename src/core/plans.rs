//! Several plans in one bot: which plan a question is about (the one it names, the one being
//! discussed, or every one it fits about equally), each answered by an engine over that plan
//! alone, and answers from several plans put together, each labelled with its plan.
//!
//! Documents are equals: a knowledge base with one plan is answered by the engine over the
//! whole (nothing here runs); with several, every plan gets its own engine built once, over
//! its own document, sections, entries and facts beside the shared agencies, lexicon and small
//! talk, and no plan is preferred except by knowledge-base order when two fit exactly as well.

use super::route::{Decline, Route};
use super::{Answer, Context, Engine, Language};
use crate::knowledge::{Document, Knowledge};
use crate::messages;
use rustc_hash::FxHashSet as HashSet;

/// Another plan is answered beside the best one when its provisions cover the question at least
/// this share as well as the best plan's: the question fits both about equally (one matched word
/// more or less in a short question moves coverage by about a quarter, while a question about
/// one plan only covers the other by half or less), and a citizen on a phone would rather read
/// both short answers, each labelled, than be asked back which plan was meant.
pub const EQUAL_FIT: f32 = 0.75;

/// One plan of a knowledge base with several: its document and an engine over it alone.
#[derive(Debug)]
pub struct Plan {
    /// The plan's document, as an index in the whole knowledge base.
    pub document: usize,
    engine: Engine,
}

/// The plans of a knowledge base: its documents with sections of their own, in knowledge-base
/// order (the portal that published an article has entries but no sections).
pub fn plan_documents(kb: &Knowledge) -> Vec<usize> {
    kb.documents
        .iter()
        .enumerate()
        .filter(|(_, d)| kb.sections.iter().any(|s| s.document == d.id))
        .map(|(i, _)| i)
        .collect()
}

/// The names of the plans the knowledge base holds ("Kế hoạch số 298/KH-UBND"), in order.
pub fn plan_names(kb: &Knowledge) -> Vec<String> {
    plan_documents(kb).into_iter().map(|d| messages::document_name(&kb.documents[d])).collect()
}

/// An engine over each plan alone when the knowledge base has several plans; none when it has
/// one (the engine over the whole answers as it always did).
pub(super) fn build(kb: &Knowledge) -> Vec<Plan> {
    let plans = plan_documents(kb);
    if plans.len() < 2 {
        return Vec::new();
    }
    plans.iter().map(|&d| Plan { document: d, engine: Engine::new(alone(kb, d, &plans)) }).collect()
}

/// The knowledge base of one plan: its document, sections, entries and facts, the documents and
/// portal entries of its own source or of no other plan's, and everything shared.
fn alone(kb: &Knowledge, plan: usize, plans: &[usize]) -> Knowledge {
    let own = &kb.documents[plan];
    let others: Vec<&Document> = plans.iter().filter(|&&p| p != plan).map(|&p| &kb.documents[p]).collect();
    let other_ids: HashSet<&str> = others.iter().map(|d| d.id.as_str()).collect();
    let other_sources: HashSet<&str> = others.iter().map(|d| d.source.as_str()).filter(|&s| s != own.source).collect();
    let mine = |document: &str, source: &str| {
        document == own.id || (!other_ids.contains(document) && !other_sources.contains(source))
    };
    let mut out = Knowledge::default();
    out.sources = kb.sources.clone();
    out.documents = kb.documents.iter().filter(|d| mine(&d.id, &d.source)).cloned().collect();
    out.sections = kb
        .sections
        .iter()
        .filter(|s| s.document == own.id || !other_ids.contains(s.document.as_str()))
        .cloned()
        .collect();
    out.entries = kb.entries.iter().filter(|e| mine(&e.document, &e.source)).cloned().collect();
    out.agencies = kb.agencies.clone();
    out.terms = kb.terms.clone();
    out.uncovered = kb.uncovered.clone();
    out.smalltalk = kb.smalltalk.clone();
    out.shorthand = kb.shorthand.clone();
    out.english = kb.english.clone();
    out.reindex();
    out.facts = kb.facts.iter().filter(|f| out.citable(&f.cites).is_some()).cloned().collect();
    out.reindex();
    out
}

/// The answer of a knowledge base with several plans; `None` when it has one. An English
/// decline names every plan the bot knows, as the Vietnamese ones do (an engine over one plan
/// knows only its own).
pub(super) fn answer(engine: &Engine, question: &str, context: &Context, explain: bool) -> Option<Answer> {
    let mut answer = answer_from_plans(engine, question, context, explain)?;
    if answer.language == Language::English && !answer.answered {
        let names: Vec<String> =
            engine.plans.iter().map(|p| messages::english_plan_name(&engine.kb.documents[p.document])).collect();
        answer.body = messages::english_abstention(&names);
    }
    Some(answer)
}

fn answer_from_plans(engine: &Engine, question: &str, context: &Context, explain: bool) -> Option<Answer> {
    if engine.plans.is_empty() {
        return None;
    }
    let q = engine.analyse(question);
    let named: Vec<usize> =
        (0..engine.plans.len()).filter(|&k| q.documents.contains(&engine.plans[k].document)).collect();
    let says_plan = q.words.windows(2).any(|w| w[0].folded == "ke" && w[1].folded == "hoach");
    let current = context.plan.as_deref().and_then(|id| (0..engine.plans.len()).find(|&k| plan_id(engine, k) == id));
    let (route, _) = engine.routed(q, context);
    if named.is_empty() && !plan_specific(&route) {
        // Small talk, topics no plan covers, the portal's contact details: the whole answers,
        // and the plan being discussed stays so.
        let mut answer = engine.respond_whole(question, context, explain);
        if route == Route::OutOfScope(Decline::OtherDocument) {
            let names: Vec<String> =
                engine.plans.iter().map(|p| messages::document_name(&engine.kb.documents[p.document])).collect();
            answer.body = messages::unknown_plan(&names);
            // What to ask instead: about each plan the bot knows, not one plan's sample questions.
            answer.suggestions = names.iter().map(|n| messages::about_plan(n)).collect();
        }
        answer.context.plan = context.plan.clone();
        return Some(answer);
    }
    let ask = |k: usize| {
        let carried = if Some(k) == current { context.clone() } else { carried(context) };
        let mut answer = engine.plans[k].engine.respond_whole(question, &carried, explain);
        answer.context.plan = Some(plan_id(engine, k).to_owned());
        (k, answer)
    };
    if !named.is_empty() {
        return Some(together(engine, named.into_iter().map(ask).collect()));
    }
    let answers: Vec<(usize, Answer)> = (0..engine.plans.len()).map(ask).collect();
    if let Some(k) = current {
        // "Kế hoạch" without a number in a conversation: the plan being discussed.
        if says_plan {
            return Some(answers[k].1.clone());
        }
    }
    // A plan silent on a body the question names cannot answer that part: the plans giving a
    // duty to the most of the named bodies compete, on how well they cover the question.
    let shares: Vec<f32> = engine.plans.iter().map(|p| assigned_share(&p.engine, question)).collect();
    let top_share = shares.iter().copied().fold(0.0, f32::max);
    let fits: Vec<f32> = (0..engine.plans.len())
        .map(|k| if shares[k] < top_share { 0.0 } else { fit(&engine.plans[k].engine, question) })
        .collect();
    let best = fits.iter().copied().fold(0.0, f32::max);
    let cites = |a: &Answer| a.answered && !a.citations.is_empty();
    if let Some(k) = current {
        // The plan being discussed keeps the conversation unless another fits clearly better.
        if fits[k] >= EQUAL_FIT * best && cites(&answers[k].1) {
            return Some(answers[k].1.clone());
        }
    }
    let fitting: Vec<usize> = (0..answers.len()).filter(|&k| fits[k] >= EQUAL_FIT * best).collect();
    let answering: Vec<(usize, Answer)> =
        fitting.iter().filter(|&&k| cites(&answers[k].1)).map(|&k| answers[k].clone()).collect();
    if answering.is_empty() {
        // No plan that fits says anything: the best fit's own answer (it declines, or says
        // the plan assigns nothing), the plan being discussed first.
        let k = current
            .filter(|k| fitting.contains(k))
            .unwrap_or_else(|| (0..fits.len()).fold(0, |b, k| if fits[k] > fits[b] { k } else { b }));
        return Some(answers[k].1.clone());
    }
    // Equal fits in knowledge-base order: the same plans always read in the same order.
    Some(together(engine, answering))
}

/// How well a plan's provisions cover a question as asked: its best entry's coverage.
fn fit(engine: &Engine, question: &str) -> f32 {
    let q = engine.analyse(question);
    let scores = engine.entry_scores(&q);
    scores.ranked().first().map_or(0.0, |&b| scores.coverage[b])
}

/// The share of the bodies a question names that a plan gives a duty to (1 when it names none).
fn assigned_share(engine: &Engine, question: &str) -> f32 {
    let q = engine.analyse(question);
    if q.agencies.is_empty() {
        return 1.0;
    }
    let assigned = q.agencies.iter().filter(|&&a| !engine.kb.duties_of(&engine.kb.agencies[a].id).is_empty()).count();
    assigned as f32 / q.agencies.len() as f32
}

/// What plan `k` is about (a row of the table of contents): its engine asked the plan's name.
pub(super) fn overview(engine: &Engine, k: usize) -> Option<Answer> {
    let plan = engine.plans.get(k)?;
    let mut answer =
        plan.engine.answer(&messages::document_name(&engine.kb.documents[plan.document]), &Context::default());
    answer.context.plan = Some(plan_id(engine, k).to_owned());
    Some(answer)
}

/// The routes every plan answers alike (or none does): they need no plan chosen.
fn plan_specific(route: &Route) -> bool {
    !matches!(
        route,
        Route::Empty
            | Route::Smalltalk(_)
            | Route::OutOfScope(
                Decline::Topic(_)
                    | Decline::OtherDocument
                    | Decline::DocumentContents(_)
                    | Decline::UnknownEntity
                    | Decline::NoContact
            )
            | Route::Portal { .. }
    )
}

fn plan_id(engine: &Engine, k: usize) -> &str {
    &engine.kb.documents[engine.plans[k].document].id
}

/// The context of another plan's conversation as far as it carries over to this plan: the
/// intent, the agencies and the topic (“còn Kế hoạch 123 thì sao?”), not what was cited.
fn carried(context: &Context) -> Context {
    Context {
        intent: context.intent,
        agencies: context.agencies.clone(),
        topic: context.topic.clone(),
        ..Context::default()
    }
}

/// One answer, or the answers of several plans in one: each part under its plan's name, the
/// citations numbered on across parts, the agencies merged; the conversation goes on with the
/// first plan.
fn together(engine: &Engine, mut answers: Vec<(usize, Answer)>) -> Answer {
    // A plan that declines adds nothing beside one that answers (and must not make the whole
    // reply count as declined).
    if answers.iter().any(|(_, a)| a.answered) {
        answers.retain(|(_, a)| a.answered);
    }
    if answers.len() == 1 {
        return answers.remove(0).1;
    }
    // An opening every part shares (the English reader's note that the plans are in Vietnamese)
    // is said once, above the parts.
    let shared = shared_opening(answers.iter().map(|(_, a)| a.body.as_str()));
    if let Some(opening) = &shared {
        for (_, a) in &mut answers {
            a.body = a.body[opening.len()..].trim_start_matches('\n').to_owned();
        }
    }
    let mut parts = Vec::new();
    let mut out = answers[0].1.clone();
    out.citations.clear();
    out.agencies.clear();
    for (k, answer) in &answers {
        let name = messages::document_name(&engine.kb.documents[engine.plans[*k].document]);
        let body = renumber(&answer.body, out.citations.len());
        // A body that already opens with its plan ("Theo Kế hoạch số 298/KH-UBND, …") needs no label.
        parts.push(if body.contains(&name) && body.lines().next().is_some_and(|l| l.contains(&name)) {
            body
        } else {
            messages::plan_part(&name, &body)
        });
        out.citations.extend(answer.citations.iter().cloned());
        for mention in &answer.agencies {
            match out.agencies.iter_mut().find(|m| m.id == mention.id) {
                Some(m) => {
                    for role in &mention.roles {
                        if !m.roles.contains(role) {
                            m.roles.push(role.clone());
                        }
                    }
                }
                None => out.agencies.push(mention.clone()),
            }
        }
        out.score = out.score.max(answer.score);
        out.low_confidence |= answer.low_confidence;
    }
    out.body = parts.join("\n\n");
    if let Some(opening) = shared {
        out.body = format!("{opening}\n\n{}", out.body);
    }
    // A phone shows the first page of the whole reply: the rest of every part stays one
    // "xem thêm" away.
    out.context.more = super::page::rest(&out);
    out
}

/// The first paragraph of every body when it is the same in all and names no citation (a
/// plan's own opening line differs from another plan's; a note to the reader does not).
fn shared_opening<'a>(mut bodies: impl Iterator<Item = &'a str>) -> Option<String> {
    let first = bodies.next()?.split("\n\n").next()?;
    let same = bodies.all(|b| b.split("\n\n").next() == Some(first));
    (same && !first.contains('[') && !first.is_empty()).then(|| first.to_owned())
}

/// `body` with every citation mark `[n]` moved on by `offset`.
fn renumber(body: &str, offset: usize) -> String {
    if offset == 0 {
        return body.to_owned();
    }
    super::answer::map_marks(body, |n| Some(n + offset))
}

#[cfg(test)]
mod tests {
    use super::renumber;

    #[test]
    fn citation_marks_move_on_and_other_brackets_stay() {
        assert_eq!(renumber("A [1], B [2].", 3), "A [4], B [5].");
        assert_eq!(renumber("[x] [] [12", 2), "[x] [] [12");
        assert_eq!(renumber("Không đổi [1]", 0), "Không đổi [1]");
    }
}
