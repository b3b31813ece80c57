//! Follow-ups: a question that refers back to the previous turn ("còn Sở Nội vụ thì sao?",
//! "họ", "việc đó", "ban hành ngày nào?") gets what it leaves out from the context.

use super::analyze::Word;
use super::{Context, Engine, Intent, MAX_PRONOUN_AGENCIES, Query, lang};
use smol_str::SmolStr;

/// Applies the previous turn to a question that refers back to it.
pub(super) fn follow_up(engine: &Engine, q: &mut Query, ctx: &Context, own_topic: bool) {
    let kb = &engine.kb;
    let ctx_agencies: Vec<usize> =
        ctx.agencies.iter().filter_map(|id| kb.agencies.iter().position(|a| &a.id == id)).collect();
    let ctx_document = ctx.document.as_deref().and_then(|d| kb.documents.iter().position(|x| x.id == d));
    if q.agencies.is_empty() && pointed_item(engine, q, ctx) {
        return;
    }
    if q.agencies.is_empty() && !ctx_agencies.is_empty() {
        let found = engine.cues.ordinals.find_all(&q.words).first().map(|f| (f.start, f.len, *f.value));
        if let Some((start, len, place)) = found {
            // "nói rõ hơn về cơ quan thứ hai": that one of the agencies the last answer listed;
            // "cơ quan thứ năm" after three: none, and the answer says so. The ordinal's words
            // point, they are no topic.
            let pointing: Vec<SmolStr> = q.words[start..start + len].iter().map(|w| w.text.clone()).collect();
            q.words[start..start + len].iter_mut().for_each(|w| w.stop = true);
            q.scoring.retain(|w| !pointing.contains(&w.text));
            q.fact_scoring.retain(|w| !pointing.contains(&w.text));
            q.forget_scores();
            let at = if place == usize::MAX { ctx_agencies.len() - 1 } else { place };
            match ctx_agencies.get(at) {
                Some(&agency) => {
                    q.agencies = vec![agency];
                    q.profile = !q.contact && !engine.asks_contact_detail(q);
                }
                None => q.beyond_list = Some(place),
            }
            return;
        }
    }
    if q.agencies.is_empty() && q.documents.is_empty() {
        if let Some(d) = pointed_document(engine, q, ctx) {
            // "kết luận ấy do ai đưa ra?" after a list of documents: that conclusion.
            let pointing = |w: &Word| engine.kind_of(d).split(' ').any(|k| k == w.folded);
            q.words.iter_mut().filter(|w| pointing(w)).for_each(|w| w.stop = true);
            q.scoring.retain(|w| !pointing(w));
            q.fact_scoring.retain(|w| !pointing(w));
            q.forget_scores();
            q.documents.push(d);
            return;
        }
    }
    // "trường đó" points at a school of the previous answer, never at a department.
    let ctx_agencies = if q.says_any(lang::referents::SCHOOL_POINTERS) {
        ctx_agencies.into_iter().filter(|&a| engine.is_school(a)).collect()
    } else {
        ctx_agencies
    };
    if (q.pronoun || q.each) && q.agencies.is_empty() && !ctx_agencies.is_empty() {
        // "họ còn phải làm gì nữa?": the (leading) agencies of the previous answer.
        q.agencies = ctx_agencies.into_iter().take(MAX_PRONOUN_AGENCIES).collect();
        // "cơ quan đó ở đâu?" asks the body's contact details, not its duties.
        q.profile = !q.contact && !engine.asks_contact_detail(q);
        if q.each && !own_topic && matches!(ctx.intent, Some(Intent::Responsibility | Intent::Content)) {
            // "mỗi bên làm gì?" after "ai lo X?": each body's own part in X, not all its duties.
            borrow_topic(q, ctx);
        }
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
            // After "Kế hoạch nói gì về mầm non?": what the plan says about the new topic.
            Some(Intent::Content) => q.overview = true,
            _ => {}
        }
        return;
    }
    // "cái này lấy theo nghị quyết nào?" after an answer resting on a resolution: that one. Only
    // pointing at that answer ("cái này"): "những văn bản nào liên quan?", "còn đề án nào khác?"
    // ask for the list.
    if q.document_list && q.topic_pronoun && q.agencies.is_empty() && q.documents.is_empty() && !own_topic {
        if let Some(d) = ctx_document.filter(|&d| d != engine.plan && asks_kind_of(q, engine.kind_of(d))) {
            q.documents.push(d);
            q.document_list = false;
            return;
        }
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
    if q.follow_up
        && !own_topic
        && q.agencies.is_empty()
        && !q.documents.is_empty()
        && q.documents.iter().all(|&d| d == engine.plan)
    {
        // "còn Kế hoạch 123 thì sao?": the same question asked of this plan (the agencies'
        // duties, the topic's holders or content), not the plan's overview.
        match ctx.intent {
            Some(Intent::Agency) if !ctx_agencies.is_empty() => {
                q.agencies = ctx_agencies;
                q.profile = true;
            }
            Some(Intent::Responsibility) if !ctx.topic.is_empty() => {
                borrow_topic(q, ctx);
                q.who = true;
            }
            Some(Intent::Content | Intent::Fact) => borrow_topic(q, ctx),
            _ => {}
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

/// Whether the question asks which document of `kind` (folded: "nghị quyết nào"), or which document
/// at all ("văn bản nào").
fn asks_kind_of(q: &Query, kind: &str) -> bool {
    says_kind_then(q, kind, &[lang::WHICH]) || says_kind_then(q, lang::ANY_DOCUMENT, &[lang::WHICH])
}

/// Whether the question says the folded `kind` followed by one of `next` ("nghị quyết nào",
/// "kết luận ấy").
fn says_kind_then(q: &Query, kind: &str, next: &[&str]) -> bool {
    let phrases: Vec<String> = next.iter().map(|n| format!("{kind} {n}")).collect();
    q.says_any(&phrases.iter().map(String::as_str).collect::<Vec<_>>())
}

/// The one document of the kind the question points at ("kết luận ấy", "nghị quyết đó") among
/// those the last answer cited (itself or the provision that mentions it); none when two are.
fn pointed_document(engine: &Engine, q: &Query, ctx: &Context) -> Option<usize> {
    let kb = &engine.kb;
    let mut found = None;
    for (d, doc) in kb.documents.iter().enumerate() {
        let cited = ctx.cited.iter().any(|c| *c == doc.id || *c == engine.document_citations[d].id);
        // "kế hoạch này" is the plan itself, whatever other plan the answer cited.
        if d == engine.plan || !cited || engine.kind_of(d) == engine.kind_of(engine.plan) {
            continue;
        }
        if !says_kind_then(q, engine.kind_of(d), lang::referents::DOCUMENT_POINTERS) {
            continue;
        }
        if found.is_some() {
            return None;
        }
        found = Some(d);
    }
    found
}

/// "nói rõ ý 2", "ý đầu tiên là gì", "cái thứ hai nói rõ hơn" (after an answer that listed no
/// agencies): one item of the previous answer, by its place among what it cited, in full. The
/// pointing words are no topic. Whether one was found (and `q.item` set).
fn pointed_item(engine: &Engine, q: &mut Query, ctx: &Context) -> bool {
    if ctx.cited.is_empty() {
        return false;
    }
    let Some((start, len, place)) = engine.cues.items.find_all(&q.words).first().map(|f| (f.start, f.len, *f.value))
    else {
        return false;
    };
    // "cái thứ hai" after a list of agencies is the second agency (the ordinals below).
    let agencies_listed =
        !ctx.agencies.is_empty() && matches!(ctx.intent, Some(Intent::Agency | Intent::Responsibility));
    if agencies_listed && q.words[start].folded == "cai" {
        return false;
    }
    // Anything else topical beside the pointer asks its own question ("ý 2 của Sở Nội vụ").
    let aside = |w: &Word| w.stop || w.is_number() || lang::referents::ITEM_ASIDES.contains(&w.folded.as_str());
    let rest_topical = q.words.iter().enumerate().any(|(i, w)| (i < start || i >= start + len) && !aside(w));
    if rest_topical {
        return false;
    }
    let pointing: Vec<SmolStr> = q.words[start..start + len].iter().map(|w| w.text.clone()).collect();
    q.words[start..start + len].iter_mut().for_each(|w| w.stop = true);
    q.scoring.retain(|w| !pointing.contains(&w.text));
    q.fact_scoring.retain(|w| !pointing.contains(&w.text));
    q.forget_scores();
    q.item = Some(place);
    true
}

fn borrow_topic(q: &mut Query, ctx: &Context) {
    q.forget_scores();
    for t in &ctx.topic {
        let mut w = Word::known(t);
        w.accented = crate::text::has_marks(t);
        q.words.push(w.clone());
        q.scoring.push(w.clone());
        q.fact_scoring.push(w);
    }
    q.borrowed_topic = !ctx.topic.is_empty();
}
