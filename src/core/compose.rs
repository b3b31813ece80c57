//! Choosing the intent and composing the answer for it.

use super::analyze::Word;
use super::{
    AgencyMention, Answer, CLOSE_SCORE, Citation, Context, Engine, Intent, LOW_CONFIDENCE, MAX_CITATIONS,
    MAX_SUGGESTIONS, MIN_COVERAGE, MIN_EVIDENCE, MIN_FACT_COVERAGE, OTHER_READING, Query, RESPONSIBILITY_SHARE,
    STRONG_FACT_COVERAGE, quote,
};
use crate::knowledge::{Citable, Entry, Knowledge, Role};
use crate::messages;

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

pub(super) fn answer(engine: &Engine, mut q: Query, ctx: &Context) -> Answer {
    let kb = &engine.kb;
    if q.words.is_empty() {
        return smalltalk(engine, &q, ctx, "empty");
    }
    if let Some(s) = q.smalltalk {
        // "Cảm ơn, thông tin rất hữu ích": small talk unless the rest is a real question.
        let rest_is_question = q.smalltalk_rest > 1 && {
            let scores = engine.entry_scores(&q);
            scores.ranked().first().is_some_and(|&b| scores.coverage[b] >= MIN_COVERAGE)
        };
        if q.agencies.is_empty() && q.documents.is_empty() && !rest_is_question {
            let id = kb.smalltalk[s].id.clone();
            return smalltalk(engine, &q, ctx, &id);
        }
    }
    if let Some(u) = q.uncovered {
        let topic = messages::out_of_scope_topic(&kb.uncovered[u].topic);
        return out_of_scope(engine, &q, ctx, Some(topic));
    }
    if q.unknown_document && q.documents.is_empty() {
        return out_of_scope(engine, &q, ctx, Some(messages::OTHER_DOCUMENT.to_owned()));
    }

    let own_topic = engine.has_topic(&q);
    if !ctx.is_empty() {
        if q.detail && !own_topic && q.agencies.is_empty() && !ctx.cited.is_empty() {
            return detail(engine, &q, ctx);
        }
        if q.source && !own_topic && !ctx.cited.is_empty() {
            return source_previous(engine, &q, ctx);
        }
        resolve_follow_up(engine, &mut q, ctx, own_topic);
    }

    let non_plan_docs: Vec<usize> = q.documents.iter().copied().filter(|&d| d != engine.plan).collect();
    let topic = engine.has_topic(&q);

    if q.contact && q.agencies.is_empty() {
        if let Some(a) = portal(engine, &q, ctx, Intent::Contact) {
            return a;
        }
    }
    if q.source && q.agencies.is_empty() && !topic && non_plan_docs.iter().all(|&d| engine.is_portal(d)) {
        if let Some(a) = portal(engine, &q, ctx, Intent::Source) {
            return a;
        }
    }
    if (q.time || q.quantity) && (topic || !q.documents.is_empty()) && !q.who {
        // Only a stated figure answers "how many" or "when": never a nearby provision.
        return match fact(engine, &q, ctx, Some(q.time)) {
            Some(a) => a,
            None => {
                // On the plan's topic but no figure stated: say so; off topic: the usual reply.
                let scores = engine.entry_scores(&q);
                let on_topic = scores.ranked().first().is_some_and(|&b| scores.coverage[b] >= MIN_COVERAGE);
                let why = if q.time { messages::NO_DATE } else { messages::NO_FIGURE };
                out_of_scope(engine, &q, ctx, on_topic.then(|| why.to_owned()))
            }
        };
    }
    if q.issuer && non_plan_docs.is_empty() && (!topic || q.documents.contains(&engine.plan)) {
        // "Ai ban hành kế hoạch này?", "KH 298 có phải văn bản của Thành ủy?": the plan itself.
        return document(engine, &q, ctx, engine.plan);
    }
    if q.document_list && q.agencies.is_empty() && !topic {
        return all_documents(engine, &q, ctx);
    }
    let plan_named = q.documents.contains(&engine.plan);
    if q.agencies.is_empty() && non_plan_docs.is_empty() && !topic && (q.overview || plan_named) && !q.who {
        return overview(engine, &q, ctx);
    }
    if q.fact && !q.who {
        if let Some(a) = fact(engine, &q, ctx, None) {
            return a;
        }
    }
    if !q.agencies.is_empty() && (q.profile || non_plan_docs.is_empty()) && !(q.who && topic) {
        return agency(engine, &q, ctx);
    }
    if let Some(&d) = non_plan_docs.first() {
        if !topic || q.issuer {
            return document(engine, &q, ctx, d);
        }
    }
    if !q.who && topic {
        if let Some(a) = strong_fact(engine, &q, ctx) {
            return a;
        }
    }
    if q.who {
        return if topic { responsibility(engine, &q, ctx) } else { all_responsibilities(engine, &q, ctx) };
    }
    content(engine, &q, ctx)
}

/// Applies the previous turn to a question that refers back to it.
fn resolve_follow_up(engine: &Engine, q: &mut Query, ctx: &Context, own_topic: bool) {
    let kb = &engine.kb;
    let ctx_agencies: Vec<usize> =
        ctx.agencies.iter().filter_map(|id| kb.agencies.iter().position(|a| &a.id == id)).collect();
    let ctx_document = ctx.document.as_deref().and_then(|d| kb.documents.iter().position(|x| x.id == d));
    if q.pronoun && q.agencies.is_empty() && !ctx_agencies.is_empty() {
        // "họ còn phải làm gì nữa?": the (leading) agencies of the previous answer.
        q.agencies = ctx_agencies.into_iter().take(super::MAX_PRONOUN_AGENCIES).collect();
        q.profile = true;
        return;
    }
    if q.follow_up && !q.agencies.is_empty() && !own_topic {
        // "còn Sở Nội vụ thì sao?": the same question about another agency.
        if matches!(ctx.intent, Some(Intent::Responsibility | Intent::Content)) {
            borrow_topic(q, ctx);
        }
        return;
    }
    if q.follow_up && own_topic && q.agencies.is_empty() && q.documents.is_empty() {
        // "còn mầm non thì sao?": the same kind of question about another topic.
        match ctx.intent {
            Some(Intent::Responsibility) => q.who = true,
            Some(Intent::Agency) => q.agencies = ctx_agencies,
            _ => {}
        }
        return;
    }
    // "việc đó" after an answer about a topic, unless that answer was about a document
    // ("văn bản đó" then means the document).
    if q.topic_pronoun
        && !ctx.topic.is_empty()
        && q.agencies.is_empty()
        && q.documents.is_empty()
        && ctx.intent != Some(Intent::Document)
    {
        // "ai đảm bảo việc đó?": the topic of the previous question, whatever else is said.
        borrow_topic(q, ctx);
        if ctx.intent == Some(Intent::Fact) && !q.who {
            q.fact = true;
        }
        return;
    }
    if own_topic || !q.agencies.is_empty() || !q.documents.is_empty() {
        return;
    }
    // No topic of its own: "ban hành ngày nào?", "ai chịu trách nhiệm việc này?", "do ai ban hành?".
    if let Some(d) = ctx_document {
        if q.fact || q.time || q.issuer || q.who || q.topic_pronoun || q.follow_up || q.overview {
            q.documents.push(d);
            return;
        }
    }
    if q.fact || q.time || q.quantity || q.who || q.topic_pronoun || q.follow_up || q.more {
        borrow_topic(q, ctx);
    }
}

fn borrow_topic(q: &mut Query, ctx: &Context) {
    q.entry_scores = std::cell::OnceCell::new();
    q.fact_scores = std::cell::OnceCell::new();
    for t in &ctx.topic {
        let mut w = Word::known(t);
        w.accented = crate::text::has_marks(t);
        q.words.push(w.clone());
        q.scoring.push(w.clone());
        q.fact_scoring.push(w);
    }
    q.borrowed_topic = !ctx.topic.is_empty();
}

fn finish(engine: &Engine, q: &Query, ctx: &Context, intent: Intent, answered: bool, d: Draft) -> Answer {
    let topic: Vec<String> =
        if engine.has_topic(q) { q.topic().map(|w| w.text.to_string()).collect() } else { ctx.topic.clone() };
    let context = if !answered || intent == Intent::Smalltalk {
        ctx.clone()
    } else {
        Context {
            intent: Some(intent),
            agencies: d.agencies.iter().map(|a| a.id.clone()).collect(),
            cited: d.citations.iter().map(|c| c.id.clone()).collect(),
            document: d.document.clone(),
            topic,
        }
    };
    Answer {
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

fn smalltalk(engine: &Engine, q: &Query, ctx: &Context, id: &str) -> Answer {
    let reply = engine.kb.smalltalk_reply(id);
    finish(engine, q, ctx, Intent::Smalltalk, true, Draft { body: reply, score: 1.0, ..Draft::default() })
}

/// Suggestions when nothing better is known: the first sample question of the first entries
/// of different sections, in knowledge-base order.
fn default_suggestions(engine: &Engine, d: &mut Draft) {
    for question in examples(engine) {
        d.suggest(&question);
    }
}

/// Sample questions across the plan: the first sample question of the first entry of each
/// section, in knowledge-base order.
pub(super) fn examples(engine: &Engine) -> Vec<String> {
    let mut sections: Vec<Option<&str>> = Vec::new();
    let mut out = Vec::new();
    for e in &engine.kb.entries {
        if e.document != engine.kb.documents[engine.plan].id || sections.contains(&e.section.as_deref()) {
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

/// The bot declines: `reason` says what the plan does not cover, when known.
fn out_of_scope(engine: &Engine, q: &Query, ctx: &Context, reason: Option<String>) -> Answer {
    let kb = &engine.kb;
    let mut d = Draft::default();
    let reply = |id: &str| kb.smalltalk_reply(id);
    // The precise reason when known ("Kế hoạch không đề cập đến học phí."), else the apology;
    // then what the bot covers.
    d.body = reason.unwrap_or_else(|| reply("out-of-scope"));
    d.body.push('\n');
    d.body.push_str(&reply("scope"));
    let scores = engine.entry_scores(q);
    for i in scores.ranked().iter().copied().take(2) {
        if let Some(question) = kb.entries[i].questions.first() {
            d.suggest(question);
        }
    }
    default_suggestions(engine, &mut d);
    let best = scores.ranked().first().map(|&i| scores.coverage[i]).unwrap_or(0.0);
    d.score = best;
    finish(engine, q, ctx, Intent::OutOfScope, false, d)
}

/// The sentence(s) of a quote that answer the question.
fn cite_entry(engine: &Engine, d: &mut Draft, e: &Entry, topic: &[Word]) -> usize {
    let quote = best_quote(engine, e, topic);
    d.cite(&e.id, &e.label, quote)
}

/// The quote of `e` that best matches the topic, trimmed to the sentence(s) that do.
fn best_quote<'k>(engine: &'k Engine, e: &'k Entry, topic: &[Word]) -> &'k str {
    let wanted = quote::wanted(topic);
    let Some(prepared) = engine.kb.entry_position(&e.id).map(|i| &engine.prepared[i]) else {
        return quote::trim(e.quotes.first().map(String::as_str).unwrap_or_default(), topic);
    };
    // The longest quote of an entry is its paragraph; headings are short extra quotes.
    let best = (0..e.quotes.len()).max_by(|&a, &b| {
        let (qa, qb) = (&e.quotes[a], &e.quotes[b]);
        prepared[a].score(&wanted).cmp(&prepared[b].score(&wanted)).then(qa.len().cmp(&qb.len())).then(b.cmp(&a))
    });
    match best {
        Some(i) => quote::trim_prepared(&e.quotes[i], &prepared[i], &wanted),
        None => "",
    }
}

fn plan_name(engine: &Engine) -> String {
    messages::document_name(&engine.kb.documents[engine.plan])
}

fn content(engine: &Engine, q: &Query, ctx: &Context) -> Answer {
    let kb = &engine.kb;
    let scores = engine.entry_scores(q);
    // The plan's provisions; the article's own data (date, contact) is for contact and
    // source questions.
    let plan = &kb.documents[engine.plan].id;
    let ranked: Vec<usize> = scores.ranked().iter().copied().filter(|&i| &kb.entries[i].document == plan).collect();
    let Some(&best) = ranked.first() else {
        return out_of_scope(engine, q, ctx, None);
    };
    if scores.coverage[best] < MIN_COVERAGE || scores.score[best] < MIN_EVIDENCE {
        return out_of_scope(engine, q, ctx, None);
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
            d.body.push_str(&format!("\n• {} [{n}]", e.summary));
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

/// Roles that make an agency responsible for something (issuing the plan does not).
fn is_responsible(role: Role) -> bool {
    role != Role::BanHanh
}

fn responsibility(engine: &Engine, q: &Query, ctx: &Context) -> Answer {
    let kb = &engine.kb;
    let scores = engine.entry_scores(q);
    let ranked: Vec<usize> = scores
        .ranked()
        .iter()
        .copied()
        .filter(|&i| kb.entries[i].agencies.iter().any(|r| is_responsible(r.role)))
        .collect();
    let best_any = scores.ranked().first().copied();
    // When the provision that matches best gives the matter to no one and matches clearly
    // better than any that does ("trường chất lượng cao"), nobody is named.
    let assigned_is_close =
        |b: usize| best_any.is_none_or(|a| a == b || scores.score[b] >= super::ASSIGNED_SHARE * scores.score[a]);
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
            return finish(engine, q, ctx, Intent::Responsibility, true, d);
        }
        return out_of_scope(engine, q, ctx, None);
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
            let duty = format!("{} [{n}]", r.duty.as_deref().unwrap_or(&e.summary));
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
        d.body.push_str(&format!("\n• {} ({}): {}", mention.name, mention.roles.join(", "), duties.join("; ")));
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

/// "Kế hoạch nhắc tới những văn bản nào?": every document the plan refers to, cited where it
/// is mentioned.
fn all_documents(engine: &Engine, q: &Query, ctx: &Context) -> Answer {
    let kb = &engine.kb;
    let mut d = Draft { score: 1.0, ..Draft::default() };
    d.body = messages::documents_intro(&plan_name(engine));
    for (i, doc) in kb.documents.iter().enumerate() {
        let plan = &kb.documents[engine.plan].id;
        let mentioned_in_plan = kb.entry(&engine.document_citations[i].id).is_some_and(|e| &e.document == plan);
        if i == engine.plan || !mentioned_in_plan {
            continue;
        }
        let n = cite(&mut d, &engine.document_citations[i]);
        let issuer = doc.issuer.as_deref().and_then(|a| kb.agency(a)).map(|a| a.name.as_str());
        d.body.push_str(&format!(
            "\n• {} [{n}]",
            messages::document_line(&messages::document_name(doc), &doc.date, issuer)
        ));
    }
    finish(engine, q, ctx, Intent::Document, true, d)
}

/// "Những cơ quan nào được giao nhiệm vụ?": every agency with duties, each with its first one.
fn all_responsibilities(engine: &Engine, q: &Query, ctx: &Context) -> Answer {
    let kb = &engine.kb;
    let mut d = Draft { score: 1.0, ..Draft::default() };
    d.body = messages::responsibility_intro(&plan_name(engine));
    for a in &kb.agencies {
        let duties: Vec<_> = kb.duties_of(&a.id).into_iter().filter(|(_, r)| is_responsible(r.role)).collect();
        let Some((e, r)) = duties.first() else {
            continue;
        };
        let n = cite_entry(engine, &mut d, e, &q.words);
        for (_, r) in &duties {
            d.mention(&a.id, &a.name, Some(messages::role(r.role)));
        }
        let duty = r.duty.as_deref().unwrap_or(&e.summary);
        d.body.push_str(&format!("\n• {}: {duty} [{n}]{}", a.name, messages::more_duties(duties.len() - 1)));
    }
    finish(engine, q, ctx, Intent::Responsibility, true, d)
}

fn agency(engine: &Engine, q: &Query, ctx: &Context) -> Answer {
    let kb = &engine.kb;
    let plan = plan_name(engine);
    let scores = engine.entry_scores(q);
    let has_topic = engine.has_topic(q) || q.borrowed_topic;
    if has_topic && !q.profile && !q.more && !q.follow_up {
        // An agency's name inside a question about a topic that none of its duties covers
        // ("… Sở Giáo dục có liên thông cơ sở dữ liệu quốc gia không?") is answered as content;
        // a follow-up about the agency ("còn Sở Tài chính thì sao?") is about the agency.
        let best_overall = scores.ranked().first().map(|&i| scores.score[i]).unwrap_or(0.0);
        let best_duty = q
            .agencies
            .iter()
            .flat_map(|&a| kb.duties_of(&kb.agencies[a].id))
            .filter_map(|(e, _)| kb.entry_position(&e.id))
            .map(|i| scores.score[i])
            .fold(0.0f32, f32::max);
        if best_overall >= MIN_EVIDENCE && best_duty < OTHER_READING * best_overall {
            return content(engine, q, ctx);
        }
    }
    let exclude: &[String] = if q.more { &ctx.cited } else { &[] };
    let mut d = Draft { score: 1.0, ..Draft::default() };
    let mut paragraphs = Vec::new();
    for &ai in &q.agencies {
        let a = &kb.agencies[ai];
        // Duties come from the plan; a role elsewhere (managing the portal) is not one.
        let plan_id = &kb.documents[engine.plan].id;
        let duties: Vec<_> = kb.duties_of(&a.id).into_iter().filter(|(e, _)| &e.document == plan_id).collect();
        let mut chosen: Vec<_> = duties.iter().filter(|(e, _)| !exclude.contains(&e.id)).collect();
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
        if duties.is_empty() {
            let mut text = messages::agency_without_duties(&a.name, a.note.as_deref());
            for (i, doc) in
                kb.documents.iter().enumerate().filter(|(_, doc)| doc.issuer.as_deref() == Some(a.id.as_str()))
            {
                let n = cite(&mut d, &engine.document_citations[i]);
                text.push_str(&format!(
                    "\n• {} [{n}]",
                    messages::document_line(&messages::document_name(doc), &doc.date, None)
                ));
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
                text.push_str(&format!(" [{n}]"));
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
            text.push_str(&format!(
                "\n{}. {} ({}) [{n}]",
                i + 1,
                r.duty.as_deref().unwrap_or(&e.summary),
                messages::role(r.role)
            ));
        }
        paragraphs.push(text);
    }
    d.body = paragraphs.join("\n\n");
    finish(engine, q, ctx, Intent::Agency, true, d)
}

/// Words for fact scoring: the topic plus the names of documents, also when the document
/// comes from the conversation rather than the question.
pub(super) fn fact_words(engine: &Engine, q: &Query) -> Vec<Word> {
    let mut words = q.fact_scoring.clone();
    for &d in &q.documents {
        words.extend(engine.document_name_words[d].iter().cloned());
    }
    for &a in &q.agencies {
        words.extend(engine.agency_name_words[a].iter().cloned());
    }
    words
}

/// Mentions the agencies a fact's statement names ("… là Sở Tư pháp thành phố Hải Phòng").
fn mention_named(engine: &Engine, d: &mut Draft, fact: usize) {
    for &a in &engine.fact_agencies[fact] {
        let a = &engine.kb.agencies[a];
        d.mention(&a.id, &a.name, None);
    }
}

/// A date ("30/12/2024") or a year ("2030") in `text`.
fn has_date(text: &str) -> bool {
    // Runs of digits and slashes: "30/12/2024" (two slashes) or a year "2030" (four digits
    // from 1000 to 2999); "407-KH/TU" is neither.
    text.split(|c: char| !(c.is_ascii_digit() || c == '/')).any(|run| {
        let parts: Vec<&str> = run.split('/').collect();
        let all_digits = parts.iter().all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
        (parts.len() == 3 && all_digits)
            || (parts.len() == 1 && run.len() == 4 && all_digits && matches!(run.as_bytes()[0], b'1' | b'2'))
    })
}

/// A number, digits or Roman ("khóa XI"), in `text`.
fn has_number(text: &str) -> bool {
    text.bytes().any(|b| b.is_ascii_digit())
        || text
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| !w.is_empty() && w.len() <= 4 && w.chars().all(|c| matches!(c, 'I' | 'V' | 'X' | 'L' | 'C')))
}

/// Where `quote` of `item` stands in the plan: in the entry whose quotes contain it (a
/// document's quotes come from the entries that mention it, the plan's own first), else in
/// `item` itself; the citation carries the sentence(s) holding the quote. Computed once per
/// fact and document when the engine is built.
/// `comparable` holds each entry's quotes in `check::comparable` form.
pub(super) fn locate(
    kb: &Knowledge,
    comparable: &[Vec<String>],
    plan: usize,
    item: Citable<'_>,
    quote: &str,
) -> Citation {
    let needle = crate::knowledge::check::comparable(quote);
    let plan = &kb.documents[plan].id;
    let holder = match item {
        Citable::Entry(e) => Some(e),
        Citable::Document(_) => kb
            .entries
            .iter()
            .zip(comparable)
            .filter(|(_, quotes)| quotes.iter().any(|x| x.contains(&needle)))
            .map(|(e, _)| e)
            .min_by_key(|e| (&e.document != plan, e.quotes.iter().map(String::len).sum::<usize>())),
    };
    let (id, label, quotes) = match holder {
        Some(e) => (e.id.as_str(), e.label.as_str(), e.quotes.as_slice()),
        None => (item.id(), item.label(), item.quotes()),
    };
    Citation { id: id.to_owned(), label: label.to_owned(), quote: sentence_with(quotes, quote).to_owned() }
}

fn cite(d: &mut Draft, c: &Citation) -> usize {
    d.cite(&c.id, &c.label, &c.quote)
}

/// A fact that matches the question almost word for word answers it even without a cue
/// ("Những ngành mới nào được nêu tên?"), when no entry matches better.
fn strong_fact(engine: &Engine, q: &Query, ctx: &Context) -> Option<Answer> {
    let facts = engine.fact_scores(q);
    let &best = facts.by_coverage().first()?;
    let entries = engine.entry_scores(q);
    let best_entry = entries.ranked().first().map(|&i| entries.score[i]).unwrap_or(0.0);
    if facts.coverage[best] >= STRONG_FACT_COVERAGE && facts.score[best] >= best_entry {
        fact(engine, q, ctx, None)
    } else {
        None
    }
}

/// States the fact that best answers the question. `figure`: the question asks when
/// (`Some(true)`: the fact must give a date or a year) or how many (`Some(false)`: a number).
fn fact(engine: &Engine, q: &Query, ctx: &Context, figure: Option<bool>) -> Option<Answer> {
    let kb = &engine.kb;
    let scores = engine.fact_scores(q);
    // A question that names documents is answered by a fact about one of them or about what
    // they implement ("Kế hoạch 298 thực hiện kết luận số mấy?").
    let mut named = q.documents.clone();
    let mut i = 0;
    while i < named.len() {
        let implemented = kb.documents[named[i]].implements.as_deref();
        if let Some(p) = implemented.and_then(|id| kb.documents.iter().position(|d| d.id == id)) {
            if !named.contains(&p) {
                named.push(p);
            }
        }
        i += 1;
    }
    let about_question = |i: usize| {
        (named.is_empty() || engine.fact_documents[i].iter().any(|d| named.contains(d)))
            // "Ban hành năm nào?" asks when it was issued, not its horizon.
            && (!(q.issuer && q.time) || engine.fact_issuance[i])
    };
    let best = scores.by_coverage().into_iter().filter(|&i| about_question(i)).find(|&i| match figure {
        Some(true) => has_date(&kb.facts[i].quote),
        // "Bao nhiêu trường" is answered by a number of schools, not any number.
        Some(false) => {
            has_number(&kb.facts[i].quote)
                && q.quantity_unit.as_ref().is_none_or(|u| engine.fact_vocabulary[i].contains(u))
        }
        None => true,
    })?;
    if scores.coverage[best] < MIN_FACT_COVERAGE || scores.score[best] < MIN_EVIDENCE {
        return None;
    }
    let f = &kb.facts[best];
    let item = kb.citable(&f.cites)?;
    let mut d = Draft { score: scores.coverage[best], ..Draft::default() };
    let n = cite(&mut d, &engine.fact_citations[best]);
    d.body = format!("{} [{n}]", f.statement);
    mention_named(engine, &mut d, best);
    // The document the fact is about, for follow-ups ("do ai ban hành?").
    let document = match item {
        Citable::Document(doc) => kb.documents.iter().position(|d| d.id == doc.id),
        Citable::Entry(_) => engine.fact_documents[best].iter().copied().find(|&d| !engine.is_portal(d)),
    };
    d.document = document.map(|i| kb.documents[i].id.clone());
    if let Citable::Entry(e) = item {
        for r in e.agencies.iter().filter(|r| is_responsible(r.role)) {
            if let Some(a) = kb.agency(&r.agency) {
                d.mention(&a.id, &a.name, Some(messages::role(r.role)));
            }
        }
    }
    let intent = if q.contact {
        Intent::Contact
    } else if q.source {
        Intent::Source
    } else {
        Intent::Fact
    };
    Some(finish(engine, q, ctx, intent, true, d))
}

/// The sentence(s) of `quotes` that contain `needle` (verbatim), or the whole quote.
fn sentence_with<'q>(quotes: &'q [String], needle: &str) -> &'q str {
    let needle = crate::knowledge::check::comparable(needle);
    for q in quotes {
        if !crate::knowledge::check::comparable(q).contains(&needle) {
            continue;
        }
        if q.chars().count() <= quote::WHOLE_QUOTE_CHARS {
            return q;
        }
        for (s, e) in quote::sentences(q) {
            if crate::knowledge::check::comparable(&q[s..e]).contains(&needle) {
                return q[s..e].trim();
            }
        }
        return q;
    }
    quotes.first().map(String::as_str).unwrap_or("")
}

fn document(engine: &Engine, q: &Query, ctx: &Context, di: usize) -> Answer {
    let kb = &engine.kb;
    let doc = &kb.documents[di];
    let mut d = Draft { score: 1.0, ..Draft::default() };
    let issuer = doc.issuer.as_deref().and_then(|i| kb.agency(i)).map(|a| a.name.as_str());
    let n = cite(&mut d, &engine.document_citations[di]);
    d.body =
        format!("{}: {} [{n}]", messages::document_line(&messages::document_name(doc), &doc.date, issuer), doc.summary);
    if let Some(parent) = doc.implements.as_deref().and_then(|p| kb.document(p)) {
        d.body.push(' ');
        d.body.push_str(&messages::implements(&messages::document_name(parent)));
    }
    if let Some(a) = doc.issuer.as_deref().and_then(|i| kb.agency(i)) {
        d.mention(&a.id, &a.name, Some(messages::role(Role::BanHanh)));
    }
    d.document = Some(doc.id.clone());
    finish(engine, q, ctx, Intent::Document, true, d)
}

fn overview(engine: &Engine, q: &Query, ctx: &Context) -> Answer {
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

/// Contact details or the article's own data: entries outside the plan, and their facts.
fn portal(engine: &Engine, q: &Query, ctx: &Context, intent: Intent) -> Option<Answer> {
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

fn detail(engine: &Engine, q: &Query, ctx: &Context) -> Answer {
    let kb = &engine.kb;
    let mut d = Draft { score: 1.0, ..Draft::default() };
    d.body = messages::detail_intro(&plan_name(engine));
    for id in &ctx.cited {
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

fn source_previous(engine: &Engine, q: &Query, ctx: &Context) -> Answer {
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
        let n = cite_entry(engine, &mut d, e, &q.scoring);
        lines.push(format!("• {} [{n}]", e.label));
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
