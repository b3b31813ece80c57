//! Composing the answer for a route: one composer per intent in its own file, the draft they
//! fill, and `finish`, which turns a draft into an [`Answer`] and the context for the next turn.

pub(super) mod cite;

mod agency;
mod content;
mod document;
mod fact;
mod followup;
mod out_of_scope;
mod overview;
mod portal;
mod responsibility;
mod smalltalk;

use super::route::{Decline, Route};
use super::{AgencyMention, Answer, Citation, Context, Engine, Intent, LOW_CONFIDENCE, MAX_SUGGESTIONS, Query};
use crate::knowledge::Role;
use crate::messages;
pub(super) use agency::named_by_office;
use cite::cite_entry;
pub(super) use overview::{part_asked_who, part_frame, part_or_item_named, plan_intro};

/// Composes the answer for `route`: the composer it names, or, when a tentative one finds
/// nothing to say, the route it carries for that case.
pub(super) fn compose(engine: &Engine, route: &Route, q: &Query, ctx: &Context) -> Answer {
    match route {
        Route::Empty => smalltalk::reply(engine, q, ctx, "empty"),
        Route::Smalltalk(s) => smalltalk::reply(engine, q, ctx, &engine.kb.smalltalk[*s].id),
        Route::OutOfScope(Decline::Topic(u)) => fact::nearest(engine, q, ctx, *u)
            .unwrap_or_else(|| out_of_scope::out_of_scope(engine, q, ctx, Decline::Topic(*u))),
        Route::OutOfScope(why) => out_of_scope::out_of_scope(engine, q, ctx, *why),
        Route::Detail => followup::detail(engine, q, ctx),
        Route::SourcePrevious => followup::source_previous(engine, q, ctx),
        Route::Portal { intent, otherwise } => {
            portal::portal(engine, q, ctx, *intent).unwrap_or_else(|| compose(engine, otherwise, q, ctx))
        }
        Route::Fact { wanted, otherwise } => fact::fact(engine, q, ctx, *wanted).unwrap_or_else(|| {
            // "UBND quận huyện phải dành quỹ đất khi nào?": no date, but the provision asked
            // about says when as a condition ("khi quy hoạch khu đô thị mới"): it answers.
            if **otherwise == Route::OutOfScope(Decline::NoDate) {
                if let Some(answer) = fact::previous_horizon(engine, q, ctx) {
                    return answer;
                }
            }
            if **otherwise == Route::OutOfScope(Decline::NoDate) && fact::states_condition(engine, q) {
                let content = Box::new(Route::Content);
                let route =
                    if q.agencies.is_empty() { Route::Content } else { Route::Agency { otherwise: Some(content) } };
                return compose(engine, &route, q, ctx);
            }
            compose(engine, otherwise, q, ctx)
        }),
        Route::Plan => document::document(engine, q, ctx, engine.plan),
        // "Sở Tư pháp liên quan gì đến trang này?": a body named beside the portal is one the
        // portal's contact block names (who runs it), when it does.
        Route::Document(d) if engine.is_portal(*d) && !q.agencies.is_empty() => {
            portal::portal(engine, q, ctx, Intent::Contact).unwrap_or_else(|| document::document(engine, q, ctx, *d))
        }
        Route::Document(d) => document::document(engine, q, ctx, *d),
        Route::Documents => document::all_documents(engine, q, ctx),
        Route::Overview => overview::overview(engine, q, ctx),
        Route::Agency { otherwise } => match agency::agency(engine, q, ctx, otherwise.is_some()) {
            Some(answer) => answer,
            None => match otherwise.as_deref().unwrap_or(&Route::Content) {
                // "Đại học Hải Phòng được đầu tư gì": no duty of the body covers the topic; what
                // the plan says on it is looked for with the body's name too.
                Route::Content => content::content(engine, &with_agency_names(engine, q), ctx),
                other => compose(engine, other, q, ctx),
            },
        },
        Route::Responsibility => responsibility::responsibility(engine, q, ctx),
        Route::Responsibilities => responsibility::all_responsibilities(engine, q, ctx),
        Route::Content => content::content(engine, q, ctx),
    }
}

/// The query with the names of the bodies it names among its scored words (scores reset).
fn with_agency_names(engine: &Engine, q: &Query) -> Query {
    let mut named = q.clone();
    for &a in &q.agencies {
        named.scoring.extend(engine.agency_name_words[a].iter().cloned());
    }
    named.entry_scores = Default::default();
    named.fact_scores = Default::default();
    named
}

/// The time between the dates two questions ask (`compound.rs`): each date's fact, cited.
pub(super) fn gap(engine: &Engine, q: &Query, ctx: &Context, moments: [&Query; 2]) -> Option<Answer> {
    fact::gap(engine, q, ctx, moments)
}

/// What a composed answer is made of before it becomes an [`Answer`].
#[derive(Default)]
struct Draft {
    body: String,
    citations: Vec<Citation>,
    agencies: Vec<AgencyMention>,
    suggestions: Vec<String>,
    score: f32,
    document: Option<String>,
}

impl Draft {
    /// Adds a citation (once per id) and returns its number for `[n]`.
    fn cite(&mut self, id: &str, label: &str, quote: &str) -> usize {
        if let Some(i) = self.citations.iter().position(|c| c.id == id) {
            return i + 1;
        }
        self.citations.push(Citation { id: id.to_owned(), label: label.to_owned(), quote: quote.to_owned() });
        self.citations.len()
    }

    fn mention(&mut self, id: &str, name: &str, role: Option<&str>) {
        let i = match self.agencies.iter().position(|a| a.id == id) {
            Some(i) => i,
            None => {
                self.agencies.push(AgencyMention { id: id.to_owned(), name: name.to_owned(), roles: Vec::new() });
                self.agencies.len() - 1
            }
        };
        if let Some(role) = role {
            if !self.agencies[i].roles.iter().any(|r| r == role) {
                self.agencies[i].roles.push(role.to_owned());
            }
        }
    }

    fn suggest(&mut self, question: &str) {
        if self.suggestions.len() < MAX_SUGGESTIONS && !self.suggestions.iter().any(|s| s == question) {
            self.suggestions.push(question.to_owned());
        }
    }
}

fn finish(engine: &Engine, q: &Query, ctx: &Context, intent: Intent, answered: bool, d: Draft) -> Answer {
    let context = if !answered || intent == Intent::Smalltalk {
        ctx.clone()
    } else {
        // The topic is kept only with the answer's context (not for a decline or small talk).
        let topic: Vec<String> =
            if engine.has_topic(q) { q.topic().map(|w| w.text.to_string()).collect() } else { ctx.topic.clone() };
        Context {
            intent: Some(intent),
            agencies: d.agencies.iter().map(|a| a.id.clone()).collect(),
            cited: d.citations.iter().map(|c| c.id.clone()).collect(),
            document: d.document.clone(),
            topic,
            more: None,
            plan: ctx.plan.clone(),
        }
    };
    Answer {
        language: super::answer::Language::Vietnamese,
        question: q.question.clone(),
        answered,
        intent,
        body: d.body,
        citations: d.citations,
        agencies: d.agencies,
        suggestions: d.suggestions,
        score: d.score,
        low_confidence: answered && intent != Intent::Smalltalk && d.score < LOW_CONFIDENCE,
        context,
        explain: None,
    }
}

/// Suggestions when nothing better is known: the first sample question of the first entries
/// of different sections, in knowledge-base order.
fn default_suggestions(engine: &Engine, d: &mut Draft) {
    for question in &engine.examples {
        d.suggest(question);
    }
}

/// Sample questions across the plan: the first sample question of the first entry of each
/// section, in knowledge-base order (gathered once, when the engine is built).
pub(in crate::core) fn examples(kb: &crate::knowledge::Knowledge, plan: usize) -> Vec<String> {
    let mut sections: Vec<Option<&str>> = Vec::new();
    let mut out = Vec::new();
    for e in &kb.entries {
        if e.document != kb.documents[plan].id || sections.contains(&e.section.as_deref()) {
            continue;
        }
        sections.push(e.section.as_deref());
        out.extend(e.questions.first().cloned());
    }
    out
}

/// One section of the plan: each entry's summary, cited (for a table of contents).
pub(super) fn section(engine: &Engine, section: usize) -> Option<Answer> {
    let kb = &engine.kb;
    let s = kb.sections.get(section)?;
    let mut d = Draft { score: 1.0, ..Draft::default() };
    d.body = format!("{}:", s.label);
    for e in kb.entries_in_section(&s.id) {
        let n = cite_entry(engine, &mut d, e, &[]);
        d.body.push_str(&format!("\n• {} [{n}]", e.summary));
    }
    let q = Query { question: s.title.clone(), ..Query::default() };
    Some(finish(engine, &q, &Context::default(), Intent::Content, true, d))
}

fn plan_name(engine: &Engine) -> String {
    messages::document_name(&engine.kb.documents[engine.plan])
}

/// Roles that make an agency responsible for something (issuing the plan does not).
fn is_responsible(role: Role) -> bool {
    role != Role::BanHanh
}

/// Mentions the agencies a fact's statement names ("… là Sở Tư pháp thành phố Hải Phòng").
fn mention_named(engine: &Engine, d: &mut Draft, fact: usize) {
    for &a in &engine.fact_agencies[fact] {
        let a = &engine.kb.agencies[a];
        d.mention(&a.id, &a.name, None);
    }
}
