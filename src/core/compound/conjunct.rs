//! An uncovered topic's conjunct in a question that joins it to others: the question without
//! it, so that the covered topics are answered and the uncovered one named.

use super::lang::CONJUNCT_HEADS;
use crate::core::lang;
use crate::text;

/// Words that open a question's predicate after its subject ("… do ai phụ trách", "… là gì",
/// "… có không"), folded: an uncovered conjunct of the subject ends before them.
const PREDICATE_OPENERS: &[&str] =
    &["do", "ai", "la", "co", "duoc", "gi", "nao", "bao", "the", "nhu", "ra", "se", "da", "dang", "can", "phai"];

/// An uncovered topic's conjunct runs at most this many words past the topic's own words
/// ("đồng phục học sinh"): further on, a "và" belongs to something else.
const MAX_CONJUNCT_TAIL: usize = 2;

/// A question opening with an uncovered topic keeps what follows its first comma only when
/// that is at least this many words: a question of its own ("còn ai lo cơ sở vật chất").
const MIN_REST_WORDS: usize = 3;

/// A question declined for an uncovered topic joined to others ("kế hoạch có nhắc đến chuyển
/// đổi số và sách giáo khoa không?"): the question without that topic's conjunct, when the
/// topic (`start`, `len`: its words) is joined by "và", "với" or a comma.
pub(in crate::core) fn without_topic(text: &str, start: usize, len: usize) -> Option<String> {
    let ws = text::tokenize(text);
    let end = start + len;
    if end > ws.len() {
        return None;
    }
    let conjunction = |i: usize| matches!(ws[i].folded.as_str(), "va" | "voi");
    // "…, còn <topic> thì sao?": "còn" turns to another matter as "và" does.
    let turning = |i: usize| conjunction(i) || ws[i].folded == "con";
    // "… và mức <topic>": a head word before the topic belongs to its conjunct.
    let start = if start > 2 && CONJUNCT_HEADS.contains(&ws[start - 1].folded.as_str()) && turning(start - 2) {
        start - 1
    } else {
        start
    };
    // "X, <topic>": the comma stands right before the topic's first word.
    let comma_before = start > 0 && text[ws[start - 1].end..ws[start].start].contains(',');
    let (cut_from, cut_to) = if start > 1 && (turning(start - 1) || comma_before) {
        // "… X và <topic> …": the topic's conjunct runs on to the words that close the
        // question or open its predicate ("… và <topic> do ai phụ trách?"), or to punctuation.
        let mut to = end;
        while to < ws.len()
            && !lang::CLOSING_WORDS.contains(&ws[to].folded.as_str())
            && !PREDICATE_OPENERS.contains(&ws[to].folded.as_str())
            && !text::parts_words(&text[ws[to - 1].end..ws[to].start])
        {
            to += 1;
        }
        let from = if turning(start - 1) { start - 1 } else { start };
        (ws[from - 1].end, ws[to - 1].end)
    } else {
        // "… <topic> và X …", "<topic>, X …": the topic's conjunct ("đồng phục học sinh") runs
        // on to the conjunction or comma joining it to the next one; the next one stays.
        // At most two words past the topic, none capitalised: "và" inside a name ("Sở Giáo
        // dục và Đào tạo") joins no conjuncts.
        let mut k = end;
        while k < ws.len()
            && k < end + MAX_CONJUNCT_TAIL
            && !text[ws[k].start..].starts_with(char::is_uppercase)
            && !conjunction(k)
            && !lang::CLOSING_WORDS.contains(&ws[k].folded.as_str())
            && !PREDICATE_OPENERS.contains(&ws[k].folded.as_str())
            && !text::parts_words(&text[ws[k - 1].end..ws[k].start])
        {
            k += 1;
        }
        let comma = |k: usize| k < ws.len() && text[ws[k - 1].end..ws[k].start].contains(',');
        let next = if k + 1 < ws.len() && conjunction(k) {
            k + 1
        } else if comma(k) {
            k
        } else if start == 0 {
            // "Học phí có giảm không, còn ai lo cơ sở vật chất?": a question opening with the
            // topic asks about it up to the first comma; what follows is another question.
            let mut m = k;
            while m < ws.len() && !comma(m) && !text::parts_words(&text[ws[m - 1].end..ws[m].start]) {
                m += 1;
            }
            if !comma(m) || m + MIN_REST_WORDS > ws.len() {
                return None;
            }
            return Some(text[ws[m].start..].to_owned());
        } else {
            return None;
        };
        return Some(format!("{}{}", &text[..ws[start].start], &text[ws[next].start..]));
    };
    Some(format!("{}{}", &text[..cut_from], &text[cut_to..]))
}
