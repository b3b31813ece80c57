//! An uncovered topic's conjunct in a question that joins it to others: the question without
//! it, so that the covered topics are answered and the uncovered one named.

use super::lang::{CLAUSE_TURNS, CLOSING, CONJUNCT_HEADS};
use super::words::{asks, find};
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
    // "… và mức <topic>", "… và chế độ <topic>": a head before the topic belongs to its conjunct.
    let head = CONJUNCT_HEADS.iter().map(|h| h.split(' ').collect::<Vec<_>>()).find_map(|h| {
        let n = h.len();
        (start > n + 1 && h.iter().zip(&ws[start - n..start]).all(|(w, t)| t.folded == *w) && turning(start - n - 1))
            .then_some(n)
    });
    let start = start - head.unwrap_or(0);
    // "X, <topic>": the comma stands right before the topic's first word.
    let comma_before = start > 0 && text[ws[start - 1].end..ws[start].start].contains(',');
    let (cut_from, cut_to) = if start > 1 && (turning(start - 1) || comma_before) {
        // "… X và <topic> …": the topic's conjunct runs on to the words that close the
        // question or open its predicate ("… và <topic> do ai phụ trách?"), or to punctuation.
        // When what comes before already asks a question of its own ("Trường … hướng tới điều
        // gì và <topic> là bao nhiêu?"), the predicate after the topic is the topic's: the
        // conjunct runs on to the end of the clause.
        let from = if turning(start - 1) { start - 1 } else { start };
        let own_question = asks(&ws[..from]);
        let mut to = end;
        while to < ws.len()
            && (own_question
                || !lang::CLOSING_WORDS.contains(&ws[to].folded.as_str())
                    && !PREDICATE_OPENERS.contains(&ws[to].folded.as_str()))
            && !text::parts_words(&text[ws[to - 1].end..ws[to].start])
        {
            to += 1;
        }
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
        // "nghe nói thành phố sẽ phát <topic>, kế hoạch có nói vậy không": the words after the
        // comma only ask whether the claim holding the topic is so; the whole is declined.
        if comma(k) && super::confirms(&ws[k..]) {
            return None;
        }
        let next = if k + 1 < ws.len() && conjunction(k) {
            k + 1
        } else if comma(k) {
            k
        } else if let Some(rest) = after_topic_question(text, &ws, start, k) {
            return Some(rest);
        } else if start == 0 {
            return None;
        } else if let Some(c) = closed_question_before(text, &ws, start) {
            // "kế hoạch có nói về giáo dục nghề nghiệp không, học nghề có được miễn học phí
            // không": the topic's clause comes after a question closed by its "không".
            return Some(text[..ws[c - 1].end].to_owned());
        } else {
            return None;
        };
        return Some(format!("{}{}", &text[..ws[start].start], &text[ws[next].start..]));
    };
    // "the con hoc phi thi sao" ("thế còn học phí thì sao") without its topic's conjunct is
    // "the": an opener asks nothing, and in a conversation would be read as a question of its own.
    let left = ws.iter().filter(|t| t.end <= cut_from || t.start >= cut_to).count();
    (left >= super::MIN_PART_WORDS).then(|| format!("{}{}", &text[..cut_from], &text[cut_to..]))
}

/// The question after the first one when that one asks about the topic (at `start`, its
/// conjunct running to `k`): "Học phí có giảm không, còn ai lo cơ sở vật chất?" (opening with the
/// topic, up to the first comma), "có xe đưa đón học sinh không với lại Sở Nội vụ làm gì", "Trường
/// có dạy bơi không? Còn Sở X có trách nhiệm gì?" (a yes/no question holding the topic, closed by
/// "không" and a comma, a question mark or a word turning to another matter). The turning words
/// go; what follows, at least [`MIN_REST_WORDS`] words, is asked on its own.
fn after_topic_question(text: &str, ws: &[text::Token], start: usize, k: usize) -> Option<String> {
    let parted = |i: usize| text::parts_words(&text[ws[i - 1].end..ws[i].start]);
    let comma = |i: usize| text[ws[i - 1].end..ws[i].start].contains(',');
    // The topic is in the first clause.
    if (1..=start).any(parted) {
        return None;
    }
    let closed = |m: usize| CLOSING.contains(&ws[m - 1].folded.as_str());
    let turn_at = |m: usize| {
        CLAUSE_TURNS.iter().find_map(|t| find(&ws[m..], 0, t).filter(|&i| i == 0).map(|_| t.split(' ').count()))
    };
    let m = (k.max(1)..ws.len()).find(|&m| comma(m) || parted(m) || closed(m) && turn_at(m).is_some())?;
    if start > 0 && !closed(m) || start == 0 && !comma(m) && !closed(m) {
        return None;
    }
    let from = m + turn_at(m).unwrap_or(0);
    (from + MIN_REST_WORDS <= ws.len()).then(|| text[ws[from].start..].to_owned())
}

/// Where the last clause of a question opens when it holds the topic (at `start`) and follows a
/// question of its own, closed by "không" or "chưa" and a comma ("… có không, <clause with the
/// topic> …"), with at least [`MIN_REST_WORDS`] words before it.
fn closed_question_before(text: &str, ws: &[text::Token], start: usize) -> Option<usize> {
    let parted = |i: usize| text[ws[i - 1].end..ws[i].start].contains([',', ';', '?']);
    if (start + 1..ws.len()).any(parted) {
        return None;
    }
    let c = (1..=start).rev().find(|&i| parted(i))?;
    (c >= MIN_REST_WORDS && CLOSING.contains(&ws[c - 1].folded.as_str())).then_some(c)
}

#[cfg(test)]
mod tests {
    use super::without_topic;

    #[test]
    fn a_two_word_head_goes_with_the_uncovered_conjunct() {
        let q = "Đề nghị làm rõ vai trò của Ủy ban nhân dân các quận, huyện và chế độ phụ cấp cho giáo viên.";
        assert_eq!(without_topic(q, 17, 2).unwrap(), "Đề nghị làm rõ vai trò của Ủy ban nhân dân các quận, huyện.");
    }

    #[test]
    fn after_a_question_of_its_own_the_predicate_goes_with_the_conjunct() {
        let q = "Trường Đại học Hải Phòng hướng tới điều gì và học phí của trường là bao nhiêu?";
        assert_eq!(without_topic(q, 10, 2).unwrap(), "Trường Đại học Hải Phòng hướng tới điều gì?");
    }

    #[test]
    fn a_clause_after_a_closed_question_is_left_out() {
        let q = "ke hoach co noi ve giao duc nghe nghiep khong, hoc nghe co duoc mien hoc phi khong";
        assert_eq!(without_topic(q, 15, 2).unwrap(), "ke hoach co noi ve giao duc nghe nghiep khong");
    }

    #[test]
    fn a_yes_no_question_on_the_topic_leaves_the_question_after_it() {
        let q = "có xe đưa đón học sinh không với lại ubnd quận huyện có nhiệm vụ gì";
        assert_eq!(without_topic(q, 1, 3).unwrap(), "ubnd quận huyện có nhiệm vụ gì");
        let q = "Trường có dạy bơi cho học sinh không? Còn Sở Nội vụ làm gì?";
        assert_eq!(without_topic(q, 2, 2).unwrap(), "Sở Nội vụ làm gì?");
        let q = "Học phí có giảm không, còn ai lo cơ sở vật chất?";
        assert_eq!(without_topic(q, 0, 2).unwrap(), "ai lo cơ sở vật chất?");
    }
}
