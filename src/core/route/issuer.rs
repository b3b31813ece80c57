//! "Kế hoạch do Sở Giáo dục ban hành phải không?": a yes/no question on who issued a plan named
//! by its kind alone is about the plan the bot explains, whoever the body it names.

use super::super::analyze::opens_with;
use super::super::{Engine, Query, lang};
use crate::text;

/// Whether the question asks, yes or no, whether a body it names issued "the plan": the issuer
/// cue, the plan's kind without a number or a subject of its own ("kế hoạch", "kế hoạch này";
/// not "kế hoạch tuyển dụng"), and no document named.
pub(super) fn kind_issuer_asked(engine: &Engine, q: &Query) -> bool {
    if !q.issuer || !q.documents.is_empty() || q.agencies.is_empty() {
        return false;
    }
    let raw = engine.analyzer.raw_words(&q.question);
    let folded: Vec<&str> = raw.iter().map(|w| w.folded.as_str()).collect();
    let kind = engine.kind_of(engine.plan);
    let names_kind = (0..folded.len())
        .any(|i| text::spells(kind, &folded[i..]).is_some_and(|n| raw.get(i + n).is_none_or(|w| w.stop)));
    let ends =
        |phrase: &str| raw.len().checked_sub(phrase.split(' ').count()).is_some_and(|i| opens_with(&raw[i..], phrase));
    let marked_end = raw.last().is_some_and(|w| w.accented && lang::YES_NO_MARKED.contains(&w.text.as_str()));
    let yes_no = lang::YES_NO_ENDINGS.iter().any(|p| ends(p))
        || marked_end
        || text::spells(lang::YES_NO_OPENING, &folded).is_some();
    names_kind && yes_no
}

/// Whether the question names the plan by a word of its kind and its date or month of issue
/// instead of its number ("văn bản ngày 30/12/2024 do ai ban hành", "kh ban hành tháng 12 năm
/// 2024 là của cơ quan nào") and names no document: that is the plan. A date another document
/// bears ("Kết luận ngày 12/8/2024") is not the plan's, and a question with no number never is.
pub(super) fn kind_dated(engine: &Engine, q: &Query) -> bool {
    if !q.documents.is_empty() || !q.words.iter().any(|w| w.is_number()) {
        return false;
    }
    let plan = &engine.kb.documents[engine.plan];
    let date: Vec<u32> = plan.date.split('/').filter_map(|p| p.parse().ok()).collect();
    let [day, month, year] = date[..] else {
        return false;
    };
    let folded = |i: usize| q.words.get(i).map_or("", |w| w.folded.as_str());
    let number = |i: usize| q.words.get(i).filter(|w| w.is_number()).and_then(|w| w.text.parse::<u32>().ok());
    // The index after `i` skipping the word `unit` ("tháng", "năm") when it stands there.
    let past = |i: usize, unit: &str| if folded(i) == unit { i + 1 } else { i };
    let dated = (0..q.words.len()).any(|i| {
        // "30/12/2024", "ngày 30 tháng 12 năm 2024", "30/12" (a year typed must be the plan's).
        let m = past(i + 1, lang::MONTH);
        let full = number(i) == Some(day)
            && number(m) == Some(month)
            && number(past(m + 1, lang::YEAR)).is_none_or(|y| y == year);
        // "tháng 12 năm 2024", "tháng 12/2024".
        let monthly =
            folded(i) == lang::MONTH && number(i + 1) == Some(month) && number(past(i + 2, lang::YEAR)) == Some(year);
        full || monthly
    });
    if !dated {
        return false;
    }
    q.says_any(&[engine.kind_of(engine.plan)]) || q.says_any(lang::DATED_KINDS)
}
