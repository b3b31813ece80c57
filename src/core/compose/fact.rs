//! Stated facts: the fact that answers a question, a date for "when", a number for "how many".

use super::cite::{cite, cite_fact};
use super::{Draft, finish, is_responsible, mention_named};
use crate::core::analyze::opens_with;
use crate::core::route::Wanted;
use crate::core::{
    Answer, Context, Engine, Intent, MIN_EVIDENCE, MIN_FACT_COVERAGE, Query, STRONG_FACT_COVERAGE, lang,
};
use crate::knowledge::Citable;
use crate::messages;
use crate::text;

mod asked;

use asked::{asks_money, money_for, share_of, states_another, syllables};

/// The fact `wanted`, if one is stated.
pub(super) fn fact(engine: &Engine, q: &Query, ctx: &Context, wanted: Wanted) -> Option<Answer> {
    match wanted {
        Wanted::Any => stated(engine, q, ctx, None),
        Wanted::Date => stated(engine, q, ctx, Some(true)),
        Wanted::Number => stated(engine, q, ctx, Some(false)),
        Wanted::Close => close_fact(engine, q, ctx),
    }
}

/// Whether the provision that covers a "when" question whole states its moment as a condition
/// ("… khi quy hoạch khu đô thị mới"): the question's best entry, fully covered, has a word of
/// [`lang::CONDITION_WORDS`] in a quote.
pub(super) fn states_condition(engine: &Engine, q: &Query) -> bool {
    let scores = engine.entry_scores(q);
    scores.ranked().first().is_some_and(|&b| {
        scores.coverage[b] >= STRONG_ENTRY_COVERAGE
            && engine.kb.entries[b]
                .quotes
                .iter()
                .any(|quote| text::tokenize(quote).iter().any(|t| lang::CONDITION_WORDS.contains(&t.text.as_str())))
    })
}

/// An entry covering at least this share of a question covers it whole.
const STRONG_ENTRY_COVERAGE: f32 = 0.9;

/// A fact that matches the question almost word for word answers it even without a cue
/// ("Những ngành mới nào được nêu tên?"), when no entry matches better.
fn close_fact(engine: &Engine, q: &Query, ctx: &Context) -> Option<Answer> {
    let facts = engine.fact_scores(q);
    let &best = facts.by_coverage().first()?;
    let entries = engine.entry_scores(q);
    let (best_entry, entry_coverage) =
        entries.ranked().first().map(|&i| (entries.score[i], entries.coverage[i])).unwrap_or((0.0, 0.0));
    // A fact about a body the question does not name ("Mục tiêu đến năm 2030: Trường Đại học
    // Hải Phòng …" for "Kế hoạch nói gì về đại học?") must match better than every entry; a tie
    // is the entries' general words, not that body. So must a fact for a question asking what
    // the plan says about a topic that a passage covers as fully ("Kế hoạch nói gì về giáo dục
    // phổ thông?"): the passages on it answer that, not the one figure that ties with them.
    let foreign = engine.fact_agencies[best].iter().any(|a| !q.agencies.contains(a));
    let tie_lost = foreign || (q.overview && entry_coverage >= facts.coverage[best]);
    let beats = facts.score[best] > best_entry || (facts.score[best] >= best_entry && !tie_lost);
    if facts.coverage[best] >= STRONG_FACT_COVERAGE && beats { stated(engine, q, ctx, None) } else { None }
}

/// "cái đó đến năm nào thì xong?" after an answer citing a provision with a horizon of its own
/// ("… đến năm 2030"), when the question names nothing but the end asked: that horizon, from
/// the first provision cited that states one (or names a document that does).
pub(super) fn previous_horizon(engine: &Engine, q: &Query, ctx: &Context) -> Option<Answer> {
    let kb = &engine.kb;
    // Words taken from the previous question are that answer's topic, not the question's own.
    let own_topic = !q.borrowed_topic && topic_syllables(q).any(|x| !lang::DONE_WORDS.contains(&x));
    if ctx.cited.is_empty() || own_topic || !q.agencies.is_empty() || !q.says_any(lang::UNTIL_CUES) {
        return None;
    }
    // A document the cited provision names ("triển khai Đề án … đến năm 2030") has its own
    // horizon; else the provision's.
    let horizon = |id: &str| (0..kb.facts.len()).find(|&i| kb.facts[i].cites == id && states_horizon(engine, i, &[]));
    let fi = ctx.cited.iter().find_map(|c| {
        let named = (0..kb.documents.len()).filter(|&d| &engine.document_citations[d].id == c);
        named.filter_map(|d| horizon(&kb.documents[d].id)).next().or_else(|| horizon(c))
    })?;
    let mut d = Draft { score: 1.0, ..Draft::default() };
    let marks = cite_fact(engine, &mut d, fi);
    d.body = format!("{} {marks}", kb.facts[fi].statement);
    mention_named(engine, &mut d, fi);
    d.document = ctx.document.clone();
    Some(finish(engine, q, ctx, Intent::Fact, true, d))
}

/// The syllables of the question's topic words (no function words, no numbers), folded.
fn topic_syllables(q: &Query) -> impl Iterator<Item = &str> {
    q.words.iter().filter(|w| !w.stop && !w.is_number()).flat_map(|w| w.folded.split(' '))
}

/// "Bao giờ thì hoàn thành?", nothing named nor pointed at: the question's only topic is
/// finishing, of nothing it names. Its "thành" is no "thành phố" (the plan's issuer): no stated
/// date answers it. ("Cái này đến năm nào hoàn thành?" points at the previous answer's topic.)
fn asks_only_finishing(q: &Query) -> bool {
    let mut topic = topic_syllables(q).peekable();
    q.documents.is_empty()
        && q.agencies.is_empty()
        && !(q.pronoun || q.topic_pronoun || q.follow_up || q.borrowed_topic)
        && topic.peek().is_some()
        && topic.all(|x| lang::DONE_WORDS.contains(&x))
}

/// Whether fact `i` states a horizon ("đến năm 2030") and names one of the `named` documents
/// (any, when none is named).
fn states_horizon(engine: &Engine, i: usize, named: &[usize]) -> bool {
    let f = &engine.kb.facts[i];
    text::fold_marks(&f.quote.to_lowercase()).contains(lang::HORIZON)
        && (named.is_empty() || engine.fact_named_documents[i].iter().any(|d| named.contains(d)))
}

/// The fact that best answers the question, if it answers well enough. `figure`: the question
/// asks when (`Some(true)`: the fact must give a date or a year) or how many (`Some(false)`: a
/// number).
fn best(engine: &Engine, q: &Query, figure: Option<bool>) -> Option<usize> {
    let kb = &engine.kb;
    if figure == Some(true) && asks_only_finishing(q) {
        return None;
    }
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
    let until = q.time && q.says_any(lang::UNTIL_CUES);
    // "Kế hoạch thực hiện đến bao giờ?": the plan asked by its kind alone is the one named.
    let plan_alone = [engine.plan];
    let horizon_of: &[usize] =
        if until && named.is_empty() && q.says_any(&[engine.kind_of(engine.plan)]) { &plan_alone } else { &named };
    // What the money or the share asked is for: the question's, whichever fact is weighed. The
    // budget asked with nothing after it ("Nghị quyết 29 quy định ngân sách bao nhiêu") is money
    // all the same: a fact that never speaks of it (the resolution's date) states no amount.
    let syllables = syllables(q);
    let mut money = money_for(&syllables);
    if money.is_empty() && asks_money(&syllables) {
        money.push(lang::MONEY_WORDS[1]);
    }
    let share = share_of(&syllables);
    let about_question = |i: usize| {
        (named.is_empty() || engine.fact_documents[i].iter().any(|d| named.contains(d)))
            // "Ban hành năm nào?" asks when it was issued, not its horizon.
            && (!(q.issuer && q.time) || engine.fact_issuance[i])
            // "Thời gian thực hiện kế hoạch đến năm nào?" asks an end: a horizon ("đến năm
            // 2030") stated of the document asked about, never its issue date.
            && (!until || (!engine.fact_issuance[i] && states_horizon(engine, i, horizon_of)))
            // "Hội nghị quán triệt Kết luận 91 tổ chức ngày nào": an event's moment, not the
            // document's issue date.
            && (!engine.fact_issuance[i] || q.issuer || !q.says_any(lang::DOCUMENT_EVENTS))
    };
    let best = scores.by_coverage().into_iter().filter(|&i| about_question(i)).find(|&i| match figure {
        Some(true) => has_date(&kb.facts[i].quote),
        // "Bao nhiêu trường" is answered by a number of schools: a count, not a year or a date,
        // in a fact that speaks of schools; never by the one school the plan names.
        Some(false) => match &q.quantity_unit {
            // "Kinh phí cho đề án là bao nhiêu?" is not answered by the year it runs to.
            // "Đến năm bao nhiêu?" is.
            None => {
                has_number(&kb.facts[i].quote)
                    && (!only_dates(&kb.facts[i].quote) || asks_year(q))
                    && !states_another(engine, &money, i)
                    && !states_another(engine, &share, i)
            }
            Some(u) => {
                has_count(&kb.facts[i].quote, u)
                    && engine.fact_vocabulary[i].contains(u)
                    && !states_another(engine, &share, i)
            }
        },
        // "Tỷ lệ giáo viên đạt chuẩn": a share asked without "bao nhiêu" is still of its own.
        None => !states_another(engine, &share, i),
    })?;
    if scores.coverage[best] < MIN_FACT_COVERAGE || scores.score[best] < MIN_EVIDENCE {
        return None;
    }
    Some(best)
}

/// "Thành phố chi bao nhiêu tiền cho giáo dục": the plan does not cover the topic asked (no sum
/// of money), and says so; then the fact its curator names as the nearest (the 20 % share), when
/// that fact answers the rest of the question, speaks of what the money asked is for, and
/// states a figure the asker has not already given ("20 % … tương đương bao nhiêu tỷ").
pub(super) fn nearest(engine: &Engine, q: &Query, ctx: &Context, u: usize) -> Option<Answer> {
    let kb = &engine.kb;
    let topic = &kb.uncovered[u];
    let f = kb.facts.iter().position(|f| f.nearest_for.as_ref() == Some(&topic.topic))?;
    let coverage = engine.fact_scores(q).coverage[f];
    let vocabulary = &engine.fact_vocabulary[f];
    let money = money_for(&syllables(q));
    let for_what = !money.is_empty() && money.iter().all(|s| vocabulary.contains(*s));
    let known = q.words.iter().any(|w| w.is_number() && vocabulary.contains(&w.folded));
    // A date the plan gives (its issue) is the nearest to a time it does not give ("kế hoạch áp
    // dụng đến khi nào"), when asked of the plan alone; an amount, when it answers the rest.
    let dated = has_date(&kb.facts[f].quote);
    let nearest = if dated {
        q.documents.iter().all(|&d| d == engine.plan)
    } else {
        coverage >= MIN_FACT_COVERAGE && for_what && !known
    };
    if !nearest {
        return None;
    }
    let mut d = Draft { score: if dated { 1.0 } else { coverage }, ..Draft::default() };
    let marks = cite_fact(engine, &mut d, f);
    d.body = messages::nearest_fact(&topic.topic, &format!("{} {marks}", kb.facts[f].statement));
    // A time the plan does not give ("áp dụng đến khi nào") is declined: the issue date beside
    // it is context, not the answer. An amount near the one asked answers part of it.
    if dated {
        return Some(finish(engine, q, ctx, Intent::OutOfScope, false, d));
    }
    Some(finish(engine, q, ctx, Intent::Fact, true, d))
}

/// States the fact that best answers the question (see [`best`]).
fn stated(engine: &Engine, q: &Query, ctx: &Context, figure: Option<bool>) -> Option<Answer> {
    let kb = &engine.kb;
    let scores = engine.fact_scores(q);
    let best = best(engine, q, figure)?;
    let f = &kb.facts[best];
    let item = kb.citable(&f.cites)?;
    let mut d = Draft { score: scores.coverage[best], ..Draft::default() };
    let marks = cite_fact(engine, &mut d, best);
    d.body = format!("{} {marks}", f.statement);
    mention_named(engine, &mut d, best);
    // The document the fact is about, for follow-ups ("do ai ban hành?"): one it names or cites
    // whole. The plan a cited provision belongs to is not what a fact about the university's
    // goal is about ("năm nào?" then asks the goal's year, not the plan's).
    let document = match item {
        Citable::Document(doc) => kb.documents.iter().position(|d| d.id == doc.id),
        Citable::Entry(_) => engine.fact_named_documents[best].iter().copied().find(|&d| !engine.is_portal(d)),
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

/// The time between two dates the source gives: each moment's stated fact, its date quoted
/// word for word, and the days, months and years between them. `None` unless both moments
/// are facts quoting exactly one full date each, and different facts.
pub(super) fn gap(engine: &Engine, q: &Query, ctx: &Context, moments: [&Query; 2]) -> Option<Answer> {
    let kb = &engine.kb;
    let mut found = Vec::with_capacity(2);
    for m in moments {
        let f = best(engine, m, Some(true))?;
        let date = quoted_date(&kb.facts[f].quote)?;
        found.push((f, date, engine.fact_scores(m).coverage[f]));
    }
    if found[0].0 == found[1].0 {
        return None;
    }
    found.sort_by_key(|(_, date, _)| date.day_number());
    let (from, to) = (&found[0], &found[1]);
    let mut d = Draft { score: from.2.min(to.2), ..Draft::default() };
    let n1 = cite(&mut d, &engine.fact_citations[from.0]);
    let n2 = cite(&mut d, &engine.fact_citations[to.0]);
    let span = from.1.until(&to.1);
    d.body = messages::date_gap(
        (&kb.facts[from.0].statement, n1),
        (&kb.facts[to.0].statement, n2),
        (&from.1.text, &to.1.text),
        to.1.day_number() - from.1.day_number(),
        span,
    );
    mention_named(engine, &mut d, from.0);
    mention_named(engine, &mut d, to.0);
    Some(finish(engine, q, ctx, Intent::Fact, true, d))
}

/// A calendar date quoted from the source ("12/8/2024").
struct QuotedDate {
    text: String,
    year: i64,
    month: i64,
    day: i64,
}

impl QuotedDate {
    /// Days since 1970-01-01 (proleptic Gregorian calendar).
    fn day_number(&self) -> i64 {
        day_number(self.year, self.month, self.day)
    }

    /// Whole years, months and the days left from `self` to a later `to`.
    fn until(&self, to: &QuotedDate) -> (i64, i64, i64) {
        let mut months = (to.year - self.year) * 12 + (to.month - self.month);
        if to.day < self.day {
            months -= 1;
        }
        let index = self.year * 12 + self.month - 1 + months;
        let (year, month) = (index.div_euclid(12), index.rem_euclid(12) + 1);
        let anchor = day_number(year, month, self.day.min(days_in_month(year, month)));
        (months / 12, months % 12, to.day_number() - anchor)
    }
}

/// Days since 1970-01-01 of a date of the proleptic Gregorian calendar (H. Hinnant's
/// `days_from_civil`).
fn day_number(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The one full date ("d/m/yyyy") `quote` states, if it states exactly one.
fn quoted_date(quote: &str) -> Option<QuotedDate> {
    let mut dates = quote.split(|c: char| !(c.is_ascii_digit() || c == '/')).filter_map(|run| {
        let parts: Vec<i64> = run.split('/').map(|p| p.parse().ok()).collect::<Option<_>>()?;
        match parts[..] {
            [day, month, year] if (1..=12).contains(&month) && year >= 1000 => (day >= 1
                && day <= days_in_month(year, month))
            .then(|| QuotedDate { text: run.to_owned(), year, month, day }),
            _ => None,
        }
    });
    let first = dates.next()?;
    dates.next().is_none().then_some(first)
}

/// A date ("30/12/2024") or a year ("2030") in `text`.
fn has_date(text: &str) -> bool {
    number_runs(text).any(is_date)
}

/// Every number in `text` is a year or a date ("đến năm 2030, tầm nhìn đến năm 2045"); a
/// document's number ("91-KL/TW") or a Roman one ("khóa XI") is not.
fn only_dates(text: &str) -> bool {
    !has_roman(text) && number_runs(text).all(is_date)
}

/// The runs of digits and slashes in `text` that hold a digit.
fn number_runs(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_ascii_digit() || c == '/')).filter(|run| run.bytes().any(|b| b.is_ascii_digit()))
}

/// A run of digits and slashes that is a date: "30/12/2024" (two slashes) or a year "2030"
/// (four digits from 1000 to 2999); "407-KH/TU" is neither.
fn is_date(run: &str) -> bool {
    let parts: Vec<&str> = run.split('/').collect();
    let all_digits = parts.iter().all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    all_digits && (parts.len() == 3 || parts.len() == 1 && run.len() == 4 && matches!(run.as_bytes()[0], b'1' | b'2'))
}

/// A count: a number that is not a year, a date or part of a document's number ("20%",
/// "3, 4 tuổi", but not "2030", "30/12/2024" or "298/KH-UBND").
fn has_count(text: &str, unit: &str) -> bool {
    let words: Vec<&str> =
        text.split_whitespace().map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '%')).collect();
    let count = |w: &str| {
        let digits = w.trim_end_matches('%');
        let year = digits.len() == 4 && matches!(digits.as_bytes()[0], b'1' | b'2');
        !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit() || b == b',' || b == b'.') && !year
    };
    (0..words.len()).any(|i| {
        // "trẻ em 3, 4 tuổi": a number of years of age measures, it counts no one ("bao nhiêu
        // trẻ em" is not answered by an age); only "bao nhiêu tuổi" is.
        // The word after the number is read only after a number.
        count(words[i]) && {
            let next = words[i..].iter().find(|w| !count(w)).map(|w| text::fold_marks(&w.to_lowercase()));
            next.as_deref() != Some(AGE) || unit == AGE
        }
    })
}

/// The word after a number that makes it an age (folded).
const AGE: &str = "tuoi";

/// The number asked is a year: a word of [`lang::YEAR_WORDS`] not followed by a number ("đến
/// năm bao nhiêu", "mốc thời gian là bao nhiêu"; not "đến năm 2030 … kinh phí bao nhiêu").
fn asks_year(q: &Query) -> bool {
    let w = &q.words;
    lang::YEAR_WORDS.iter().any(|phrase| {
        let n = phrase.split(' ').count();
        (0..w.len()).any(|i| opens_with(&w[i..], phrase) && !w.get(i + n).is_some_and(|x| x.is_number()))
    })
}

/// A number, digits or Roman ("khóa XI"), in `text`.
fn has_number(text: &str) -> bool {
    text.bytes().any(|b| b.is_ascii_digit()) || has_roman(text)
}

/// A Roman number ("khóa XI") in `text`.
fn has_roman(text: &str) -> bool {
    text.split(|c: char| !c.is_alphanumeric())
        .any(|w| !w.is_empty() && w.len() <= 4 && w.chars().all(|c| matches!(c, 'I' | 'V' | 'X' | 'L' | 'C')))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_time_between_two_quoted_dates() {
        let from = quoted_date("Kết luận số 91-KL/TW ngày 12/8/2024 của Bộ Chính trị").unwrap();
        let to = quoted_date("Ngày 30/12/2024, Ủy ban nhân dân thành phố ban hành").unwrap();
        assert_eq!(to.day_number() - from.day_number(), 140);
        assert_eq!(from.until(&to), (0, 4, 18));
        let earlier = quoted_date("Nghị quyết số 29-NQ/TW ngày 04/11/2013").unwrap();
        assert_eq!(earlier.until(&from), (10, 9, 8));
        assert_eq!(day_number(1970, 1, 1), 0);
        assert_eq!(day_number(2024, 3, 1) - day_number(2024, 2, 28), 2);
    }

    #[test]
    fn dates_and_years_are_no_amount() {
        assert!(only_dates("đến năm 2030, tầm nhìn đến năm 2045; ngày 30/12/2024"));
        assert!(!only_dates("Kế hoạch số 298/KH-UBND"));
        assert!(!only_dates("tối thiểu 20% tổng chi"));
        assert!(!only_dates("Ban Chấp hành Trung ương Đảng khóa XI"));
    }

    #[test]
    fn only_one_full_date_is_a_quoted_date() {
        assert!(quoted_date("Ngày 30/12/2024 … Kết luận ngày 12/8/2024").is_none());
        assert!(quoted_date("đến năm 2030").is_none());
        assert!(quoted_date("298/KH-UBND").is_none());
        assert!(quoted_date("31/2/2024").is_none());
    }
}
