//! Stated facts: the fact that answers a question, a date for "when", a number for "how many".

use super::cite::cite;
use super::{Draft, finish, is_responsible, mention_named};
use crate::core::route::Wanted;
use crate::core::{Answer, Context, Engine, Intent, MIN_EVIDENCE, MIN_FACT_COVERAGE, Query, STRONG_FACT_COVERAGE};
use crate::knowledge::Citable;
use crate::messages;

/// The fact `wanted`, if one is stated.
pub(super) fn fact(engine: &Engine, q: &Query, ctx: &Context, wanted: Wanted) -> Option<Answer> {
    match wanted {
        Wanted::Any => stated(engine, q, ctx, None),
        Wanted::Date => stated(engine, q, ctx, Some(true)),
        Wanted::Number => stated(engine, q, ctx, Some(false)),
        Wanted::Close => close_fact(engine, q, ctx),
    }
}

/// A fact that matches the question almost word for word answers it even without a cue
/// ("Những ngành mới nào được nêu tên?"), when no entry matches better.
fn close_fact(engine: &Engine, q: &Query, ctx: &Context) -> Option<Answer> {
    let facts = engine.fact_scores(q);
    let &best = facts.by_coverage().first()?;
    let entries = engine.entry_scores(q);
    let best_entry = entries.ranked().first().map(|&i| entries.score[i]).unwrap_or(0.0);
    if facts.coverage[best] >= STRONG_FACT_COVERAGE && facts.score[best] >= best_entry {
        stated(engine, q, ctx, None)
    } else {
        None
    }
}

/// States the fact that best answers the question. `figure`: the question asks when
/// (`Some(true)`: the fact must give a date or a year) or how many (`Some(false)`: a number).
fn stated(engine: &Engine, q: &Query, ctx: &Context, figure: Option<bool>) -> Option<Answer> {
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
        // "Bao nhiêu trường" is answered by a number of schools: a count, not a year or a date,
        // in a fact that speaks of schools; never by the one school the plan names.
        Some(false) => match &q.quantity_unit {
            None => has_number(&kb.facts[i].quote),
            Some(u) => has_count(&kb.facts[i].quote) && engine.fact_vocabulary[i].contains(u),
        },
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

/// A count: a number that is not a year, a date or part of a document's number ("20%",
/// "3, 4 tuổi", but not "2030", "30/12/2024" or "298/KH-UBND").
fn has_count(text: &str) -> bool {
    text.split_whitespace().any(|w| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '%');
        let digits = w.trim_end_matches('%');
        let year = digits.len() == 4 && matches!(digits.as_bytes()[0], b'1' | b'2');
        !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit() || b == b',' || b == b'.') && !year
    })
}

/// A number, digits or Roman ("khóa XI"), in `text`.
fn has_number(text: &str) -> bool {
    text.bytes().any(|b| b.is_ascii_digit())
        || text
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| !w.is_empty() && w.len() <= 4 && w.chars().all(|c| matches!(c, 'I' | 'V' | 'X' | 'L' | 'C')))
}
