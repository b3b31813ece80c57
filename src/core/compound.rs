//! Compound questions: one message asking several things ("ai lo ngân sách và ai lo đào tạo
//! giáo viên?", "từ ngày ban hành kết luận đến ngày ban hành kế hoạch là bao lâu?", "kế hoạch nói
//! gì về trường nghề và về học phí?") split into parts by general rules (conjunctions, commas,
//! question words asked twice, "về … và về …", "từ … đến … bao lâu"), each part answered by the
//! usual pipeline, and one reply made of the answers, each part with its citations. A part the
//! plan does not cover is named as such; a question no part of which is covered is declined
//! whole, as before.

mod conjunct;
mod english;
mod lang;
mod marked;
mod words;

pub(super) use conjunct::without_topic;
pub(super) use english::english_parts;

use super::analyze::Word;
use super::route::{Decline, Route};
use super::{Answer, Context, Engine, Query};
use crate::messages;
use crate::text::{self, Token};
use lang::{CLOSING, CONFIRMING, CONFIRMING_HEADS, DURATION, GAP_FILLERS, GAP_WORDS, JOINERS};
use words::{asking_at, asks, find, says_duration};

/// How a question splits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Split {
    /// Questions asked side by side, each answered on its own.
    Parts(Vec<String>),
    /// The time between two dates the source gives: each part asks one date.
    Gap([String; 2]),
}

/// At most this many parts are answered one by one: a message listing more ("Sở A làm gì, Sở B
/// làm gì, …" fifty times) is answered whole, so one request never costs fifty answers.
const MAX_PARTS: usize = 4;

/// A part shorter than this many words is no question of its own ("… và ai?").
const MIN_PART_WORDS: usize = 2;

/// Whether a question may split at all, read off its words without allocating: two question
/// words, "về" twice, or a question about a length of time. Most questions stop here.
fn may_split(raw: &[Word]) -> bool {
    // Counted only as far as two: the cheap checks first, the question words last.
    let questions = || (0..raw.len()).filter(|&i| asking_at(raw, i) > 0).take(2).count();
    let about = raw.iter().filter(|w| w.folded == "ve").take(2).count();
    let joined = raw.iter().any(|w| JOINERS.contains(&w.folded.as_str()) || GAP_WORDS.contains(&w.folded.as_str()));
    about >= 2 || (joined && says_duration(raw)) || questions() >= 2 || follows_up(raw)
}

/// Whether a question goes on with a follow-up ("Trường Đại học Hải Phòng có nhiệm vụ gì? Còn
/// Sở Nội vụ?", "… kết luận số mấy? Còn nghị quyết 29 ban hành năm nào?"): a question on one
/// side of its last "còn" at least. A follow-up asking nothing of its own asks the earlier
/// question of what it names.
fn follows_up(raw: &[Word]) -> bool {
    (0..raw.len())
        .rposition(|i| {
            let w = &raw[i];
            super::lang::turns(&w.text, &w.folded, w.accented, raw.get(i + 1).map(|n| n.text.as_str()))
        })
        .is_some_and(|i| i >= MIN_PART_WORDS && (asks(&raw[..i]) || asks(&raw[i + 1..])))
}

/// Whether a question with one question word may still ask two things: it also ends on a
/// closing "không"/"chưa" and joins two clauses ("Ai viết bài này và có link tải không?", "Kế
/// hoạch thực hiện kết luận nào? Lương có tăng không?"). Such a split is kept only when a part
/// is declined on its own (see `answer_parts`): "Ai lo tuyển dụng và đào tạo giáo viên không?"
/// stays one question.
fn may_split_weakly(raw: &[Word], text: &str) -> bool {
    // Most questions stop at their last word. A question mark inside ends a question too
    // ("… có được thí điểm không? Khi nào?"), and so may a comma ("trường nghề được đầu tư gì,
    // học sinh có được miễn học phí không"): `parts` splits there only when both sides ask.
    let inner_mark = || text.trim_end_matches('?').contains(['?', ';', ',']);
    (raw.last().is_some_and(|w| CLOSING.contains(&w.folded.as_str())) || inner_mark())
        && (raw.iter().any(|w| JOINERS.contains(&w.folded.as_str())) || inner_mark())
        && (0..raw.len()).any(|i| asking_at(raw, i) > 0)
}

/// Splits a question (as read: shorthand expanded, keyboard-off typing decoded) into the parts it
/// asks, or `None` when it asks one thing. `tokens` are `text::tokenize(text)`.
pub(super) fn split(raw: &[Word], text: &str, tokens: &[Token]) -> Option<Split> {
    if !may_split(raw) && !may_split_weakly(raw, text) {
        return None;
    }
    gap(tokens, text).or_else(|| parts(tokens, text))
}

/// "Từ <moment> đến <moment> là bao lâu?", "<moment> và <moment> cách nhau bao lâu?",
/// "<moment> sau <moment> bao lâu?".
fn gap(ws: &[Token], text: &str) -> Option<Split> {
    let d = DURATION.iter().filter_map(|p| find(ws, 0, p)).min()?;
    let (first, second) = match (find(ws, 0, "tu"), find(ws, 0, "den")) {
        (Some(i), Some(j)) if i < j && j < d => ((i + 1, j), (j + 1, d)),
        _ => {
            // "<moment> và <moment> cách nhau bao lâu", "<moment> sau <moment> bao lâu".
            let j = ["va", "sau", "truoc"].iter().filter_map(|w| find(ws, 0, w)).filter(|&j| j < d).min()?;
            ((0, j), (j + 1, d))
        }
    };
    let mut end = second.1;
    while end > second.0 && GAP_FILLERS.contains(&ws[end - 1].folded.as_str()) {
        end -= 1;
    }
    if first.1 <= first.0 || end <= second.0 {
        return None;
    }
    let ask = |(s, e): (usize, usize)| text[ws[s].start..ws[e - 1].end].to_owned();
    Some(Split::Gap([ask(first), ask((second.0, end))]))
}

/// Questions side by side: at each joiner or comma, both sides ask something of their own; and
/// "… về X và về Y", where the second part takes the head of the first.
fn parts(ws: &[Token], text: &str) -> Option<Split> {
    // Boundaries as (end of a part, start of the next).
    let mut bounds = Vec::new();
    for i in 1..ws.len() {
        let punct = text[ws[i - 1].end..ws[i].start].contains([',', ';', '?']);
        let next = ws.get(i + 1).map(|n| n.text.as_str());
        let joiner = JOINERS.contains(&ws[i].folded.as_str())
            && (ws[i].folded != "con" || super::lang::turns(&ws[i].text, &ws[i].folded, ws[i].accented, next));
        if joiner {
            bounds.push((i, i + 1));
        } else if punct {
            bounds.push((i, i));
        }
    }
    let span = |s: usize, e: usize| &text[ws[s].start..ws[e - 1].end];
    let mut out = Vec::new();
    let mut start = 0;
    for (k, &(end, next)) in bounds.iter().enumerate() {
        if next >= ws.len() || end < start + MIN_PART_WORDS {
            continue;
        }
        let right_end = bounds.get(k + 1).map_or(ws.len(), |b| b.0).max(next);
        let right = &ws[next..right_end];
        if right.len() < MIN_PART_WORDS || confirms(right) {
            continue;
        }
        // "…? Còn Sở Nội vụ?": the last part follows up on the one before, "còn" and all.
        let follow_up = next == end + 1
            && right_end == ws.len()
            && ws[end].folded == "con"
            && text[ws[end - 1].end..ws[end].start].contains([',', ';', '?', '.'])
            && !asks(right);
        // A question mark closes a question whatever its words ("… kết luận số mấy?").
        let marked = text[ws[end - 1].end..ws[end].start].contains('?');
        if (marked || asks(&ws[start..end])) && (follow_up || asks(right)) {
            out.push(span(start, end).to_owned());
            start = if follow_up { end } else { next };
            if out.len() >= MAX_PARTS {
                return None;
            }
        } else if right[0].folded == "ve" && asks(&ws[start..]) {
            // "… nói gì về trường nghề và về học phí": the second topic under the same head.
            if let Some(p) = (start + 1..end).rev().find(|&p| ws[p].folded == "ve") {
                out.push(span(start, end).to_owned());
                out.push(format!("{} {}", span(start, p), span(next, ws.len())));
                return (out.len() <= MAX_PARTS).then_some(Split::Parts(out));
            }
        }
    }
    if out.is_empty() {
        return None;
    }
    out.push(span(start, ws.len()).to_owned());
    Some(Split::Parts(out))
}

/// Whether a part only asks whether the one before is so ("nghe nói …, kế hoạch có nói vậy không"):
/// its words are all [`CONFIRMING`] or [`CLOSING`] (or the plan's number), one of them a pointer
/// or a truth word.
fn confirms(ws: &[Token]) -> bool {
    ws.iter().all(|w| {
        let f = w.folded.as_str();
        CONFIRMING.contains(&f) || CLOSING.contains(&f) || f.bytes().all(|b| b.is_ascii_digit())
    }) && ws.iter().any(|w| CONFIRMING_HEADS.contains(&w.folded.as_str()))
}

/// Words a part points back with at a body named earlier ("của sở", "trường đó", "họ"), folded.
const POINTING_BACK: &[&str] = &["so", "truong", "ho"];

/// Whether a part points back at a body named in an earlier one.
fn points_back(q: &Query) -> bool {
    q.pronoun || q.words.iter().any(|w| POINTING_BACK.contains(&w.folded.as_str()))
}

/// One part, answered as a question of its own.
struct Part {
    text: String,
    query: Query,
    route: Route,
    answer: Answer,
}

impl Engine {
    /// Answers a compound question, or `None` when answering its parts adds nothing to the
    /// answer of the whole (then the whole is answered as usual).
    pub(super) fn compound(&self, q: &Query, route: &Route, ctx: &Context) -> Option<Answer> {
        match &q.split {
            Some(Split::Gap(moments)) => {
                let a = self.moment(&moments[0]);
                let b = self.moment(&moments[1]);
                super::compose::gap(self, q, ctx, [&a, &b])
            }
            Some(Split::Parts(texts)) => {
                let weak = !may_split(&q.words);
                self.answer_parts(texts, weak, (q, route), ctx)
            }
            None => match (route, &q.without_topic) {
                // Declined for an uncovered topic: perhaps only one of the topics it joins.
                (Route::OutOfScope(Decline::Topic(u)), Some(rest)) => {
                    let (route, query) = self.routed(self.analyse(rest), ctx);
                    let mut answer = super::compose::compose(self, &route, &query, ctx);
                    if !answer.answered {
                        return None;
                    }
                    answer.body.push_str("\n\n");
                    answer.body.push_str(&messages::out_of_scope_topic(&self.kb.uncovered[*u].topic));
                    Some(answer)
                }
                // "Số điện thoại của trang và của Sở Giáo dục": the portal's details, and what
                // the source does not give for the body.
                (Route::OutOfScope(Decline::NoContact), _) if !q.agencies.is_empty() && self.names_portal(q) => {
                    // The portal's part ends with its name: "email của trang, … fax của Sở X".
                    let mut portal = q.clone();
                    portal.agencies.clear();
                    portal.unknown_entity = None;
                    if let Some(page) = portal.words.iter().position(|w| w.folded == lang::PAGE) {
                        let mut before = portal.clone();
                        before.words.truncate(page + 1);
                        if self.asks_contact_detail(&before) {
                            portal = before;
                        }
                    }
                    let (route, query) = self.routed(portal, ctx);
                    let mut answer = super::compose::compose(self, &route, &query, ctx);
                    if !answer.answered || answer.intent != super::Intent::Contact {
                        return None;
                    }
                    answer.body.push_str("\n\n");
                    answer.body.push_str(&messages::no_contact(&self.kb.agencies[q.agencies[0]].name));
                    Some(answer)
                }
                _ => None,
            },
        }
    }

    /// Whether a question names the portal that published the article ("trang", "trang tin").
    fn names_portal(&self, q: &Query) -> bool {
        q.documents.iter().any(|&d| self.is_portal(d)) || q.words.iter().any(|w| w.folded == lang::PAGE)
    }

    /// One moment of a "how long between" question, analysed. A kind of document named
    /// without its number ("ngày ban hành kết luận") is the one document of that kind the
    /// knowledge base has, when it has one.
    fn moment(&self, text: &str) -> Query {
        let mut q = self.analyse(text);
        // Each moment asks when.
        q.time = true;
        let folded = format!(" {} ", text::fold_marks(&text.to_lowercase()));
        let kinds =
            |d: usize| !self.kb.documents[d].number.is_empty() && folded.contains(&format!(" {} ", self.kind_of(d)));
        if q.documents.iter().any(|&d| kinds(d)) {
            return q;
        }
        let mut named = (0..self.kb.documents.len()).filter(|&d| kinds(d)).map(|d| &self.kb.documents[d]);
        match (named.next(), named.next()) {
            (Some(d), None) => {
                let mut q = self.analyse(&format!("{text} {}", messages::document_name(d)));
                q.time = true;
                q
            }
            _ => q,
        }
    }

    /// Every part answered on its own, then one reply. A `weak` split (one question word and a
    /// closing "không") is kept only when some part is declined, or when the whole is answered
    /// and its parts ask a figure and what the plan says, on other provisions.
    fn answer_parts(&self, texts: &[String], weak: bool, whole: (&Query, &Route), ctx: &Context) -> Option<Answer> {
        let mut parts: Vec<Part> = Vec::with_capacity(texts.len());
        for text in texts {
            let mut query = self.analyse(text);
            // "Sở Nội vụ làm gì và số điện thoại của sở là gì?": a later part pointing back at
            // the body of an earlier one ("của sở", "họ") is about that body.
            let earlier = parts.last().map(|p| p.query.agencies.clone()).unwrap_or_default();
            if query.agencies.is_empty() && !earlier.is_empty() && points_back(&query) {
                query.agencies = earlier;
            }
            // A part that names nothing of its own ("…, của cơ quan nào?") leans on the other:
            // the whole is one question. One asking about the plan itself (when it was issued,
            // which documents it carries out) asks something of its own.
            let about_plan = query.document_list || query.issuer && query.time;
            // So does one the source answers or declines by itself: the article, the portal's
            // contact details, a topic it never covers, a body or document it never names.
            let own = query.source
                || query.contact
                || query.uncovered.is_some()
                || query.unknown_entity.is_some()
                || query.unknown_document;
            let lone = query.agencies.is_empty()
                && query.documents.is_empty()
                && !about_plan
                && !own
                && !self.has_topic(&query);
            // "Phổ cập cho trẻ mấy tuổi và bắt đầu từ năm nào?": a later part asking only a
            // date or a figure asks it of the earlier part's answer, as a follow-up would.
            // So does a follow-up ("…? Còn Sở Nội vụ?"), as in a conversation, and a part
            // with words of its own pointing back at the earlier one's topic ("… và ai bảo đảm
            // việc đó?"; "…? Ai lo việc này?" names nothing of its own: the whole is one question).
            let pointing = query.topic_pronoun && query.agencies.is_empty() && !lone;
            let earlier = match parts.last() {
                Some(p)
                    if p.answer.answered && (lone && (query.time || query.quantity) || query.follow_up || pointing) =>
                {
                    Some(p.answer.context.clone())
                }
                _ if lone => return None,
                _ => None,
            };
            let ctx = earlier.as_ref().unwrap_or(ctx);
            let (route, query) = self.routed(query, ctx);
            let answer = super::compose::compose(self, &route, &query, ctx);
            parts.push(Part { text: text.clone(), query, route, answer });
        }
        let answered: Vec<&Part> = parts.iter().filter(|p| p.answer.answered).collect();
        let declined: Vec<&Part> = parts.iter().filter(|p| !p.answer.answered).collect();
        // Parts asked with one question word and a closing "không" are two questions all the
        // same when one asks a figure and another what the plan says, quoting other provisions
        // ("ngân sách cho giáo dục tối thiểu bao nhiêu %, trường em có được xây thêm phòng học ko").
        let ids = |p: &Part| p.answer.citations.iter().map(|c| c.id.clone()).collect::<Vec<_>>();
        let figure = |p: &Part| p.answer.intent == super::Intent::Fact;
        let (figures, said): (Vec<&Part>, Vec<&Part>) = answered.iter().partition(|p| figure(p));
        let apart = || {
            !figures.is_empty()
                && !said.is_empty()
                && answered.iter().all(|p| !p.answer.low_confidence)
                && figures.iter().all(|f| said.iter().all(|p| ids(p).iter().all(|id| !ids(f).contains(id))))
                && super::compose::compose(self, whole.1, whole.0, ctx).answered
        };
        if answered.is_empty() || declined.is_empty() && weak && !apart() {
            return None;
        }
        // Parts answered alike are one question asked twice; so are parts quoting the same
        // provisions on a topic, what they say or who does it ("… thành phố có hỗ trợ gì không,
        // sở nào lo vụ khởi nghiệp"): the whole reads it once. (Facts of one paragraph differ.)
        let topical = |p: &Part| matches!(p.answer.intent, super::Intent::Content | super::Intent::Responsibility);
        let same_provisions = |p: &Part| topical(p) && topical(answered[0]) && ids(p) == ids(answered[0]);
        let alike = |p: &&Part| p.answer.body == answered[0].answer.body || same_provisions(p);
        if declined.is_empty() && answered.iter().all(alike) {
            return None;
        }
        let mut merged = answered[0].answer.clone();
        let headings = answered.len() > 1;
        if headings {
            merged.body = format!("{}\n{}", messages::part_heading(&answered[0].text), merged.body);
        }
        for p in &answered[1..] {
            let body = renumber(&p.answer.body, &p.answer.citations, &mut merged.citations);
            merged.body.push_str(&format!("\n\n{}\n{body}", messages::part_heading(&p.text)));
            for a in &p.answer.agencies {
                if !merged.agencies.iter().any(|m| m.id == a.id) {
                    merged.agencies.push(a.clone());
                }
            }
            merged.score = merged.score.min(p.answer.score);
            merged.low_confidence |= p.answer.low_confidence;
        }
        for p in &declined {
            merged.body.push_str("\n\n");
            merged.body.push_str(&self.not_covered(p));
        }
        merged.context.agencies = merged.agencies.iter().map(|a| a.id.clone()).collect();
        merged.context.cited = merged.citations.iter().map(|c| c.id.clone()).collect();
        Some(merged)
    }

    /// What the plan does not say about a declined part.
    fn not_covered(&self, p: &Part) -> String {
        match p.route {
            Route::OutOfScope(Decline::Topic(u)) => messages::out_of_scope_topic(&self.kb.uncovered[u].topic),
            Route::OutOfScope(Decline::NoContact) if !p.query.agencies.is_empty() => {
                messages::no_contact(&self.kb.agencies[p.query.agencies[0]].name)
            }
            _ => match &p.query.unknown_entity {
                Some(name) => messages::unknown_entity(name, &super::plans::plan_names(&self.kb)),
                None => messages::part_not_covered(&marked::marked_part(&self.kb, &p.text)),
            },
        }
    }
}

/// `body` with its `[n]` markers pointing into `into`, where `citations` are added (once per id).
fn renumber(body: &str, citations: &[super::Citation], into: &mut Vec<super::Citation>) -> String {
    let map: Vec<usize> = citations
        .iter()
        .map(|c| match into.iter().position(|m| m.id == c.id) {
            Some(i) => i + 1,
            None => {
                into.push(c.clone());
                into.len()
            }
        })
        .collect();
    super::answer::map_marks(body, |n| n.checked_sub(1).and_then(|n| map.get(n)).copied())
}

#[cfg(test)]
mod tests;
