//! The words of a question as the compound split reads them: question words ("ai", "bao
//! nhiêu", "mấy" when it asks), a closing "không", and phrases, over the analysed words or the
//! tokens alike.

use super::lang::{AFTER_COUNT, ASKING, CLOSING, COUNTING_VERBS, DURATION, HOW_MANY, PLURAL_PEOPLE, WHICH_ONE};
use crate::core::analyze::Word;
use crate::core::short_words::ShortWords;
use crate::text::Token;
use std::sync::LazyLock;

/// Each question word of `ASKING` with its first word and its length in words, in the same
/// order: `asking_at` runs at every word of every question, so the phrases are split once.
static ASKING_SPLIT: LazyLock<Vec<(&str, &str, usize)>> =
    LazyLock::new(|| ASKING.iter().map(|f| (f.split(' ').next().unwrap_or(f), *f, f.split(' ').count())).collect());

/// The first words of `ASKING`, sorted and once each: a word that is none of them opens no
/// question word, and the question words are not gone through there.
static ASKING_FIRSTS: LazyLock<ShortWords> =
    LazyLock::new(|| ShortWords::new(ASKING_SPLIT.iter().map(|&(first, _, _)| first)));

/// [`crate::core::lang::COMPLAINT_NEGATORS`] as (folded, as written), folded once.
static NEGATORS: LazyLock<Vec<(String, &str)>> =
    LazyLock::new(|| crate::core::lang::COMPLAINT_NEGATORS.iter().map(|&n| (crate::text::fold_marks(n), n)).collect());

/// The first words of [`DURATION`]: only where one stands is a duration looked for.
static DURATION_FIRSTS: LazyLock<ShortWords> =
    LazyLock::new(|| ShortWords::new(DURATION.iter().filter_map(|d| d.split(' ').next())));

/// Whether a phrase of [`DURATION`] ("bao lâu", "mấy năm", "cách nhau") stands in `ws`: one
/// pass over the words, the phrases read only where one may open.
pub(super) fn says_duration<W: Typed>(ws: &[W]) -> bool {
    (0..ws.len())
        .any(|i| DURATION_FIRSTS.contains(ws[i].folded()) && DURATION.iter().any(|d| spelled_from(&ws[i..], d)))
}

/// The words of a question, as far as splitting is concerned.
pub(super) trait Typed {
    fn folded(&self) -> &str;
    fn capitals(&self) -> bool;
    /// Typed with marks other than `marked`'s.
    fn marked_otherwise(&self, marked: &str) -> bool;
}

/// Analysed words and tokens carry the same fields splitting reads.
macro_rules! typed {
    ($($t:ty),*) => {$(
        impl Typed for $t {
            fn folded(&self) -> &str {
                &self.folded
            }
            fn capitals(&self) -> bool {
                self.capitals
            }
            fn marked_otherwise(&self, marked: &str) -> bool {
                self.accented && self.text != marked
            }
        }
    )*};
}
typed!(Word, Token);

/// The length of the question word at `i`, 0 when none starts there.
pub(super) fn asking_at<W: Typed>(ws: &[W], i: usize) -> usize {
    // Only the question words the word opens (most words open none).
    let Some(word) = ws.get(i).map(Typed::folded) else {
        return 0;
    };
    if !ASKING_FIRSTS.contains(word) {
        return 0;
    }
    for &(_, folded, n) in ASKING_SPLIT.iter().filter(|(first, _, _)| *first == word) {
        let which_one = || i > 0 && WHICH_ONE.contains(&ws[i - 1].folded());
        // Opening a question that asks with another word, "mấy" is "those" ("Mấy trung tâm
        // ngoại ngữ thì ai quản lý?").
        let those = || i == 0 && (1..ws.len()).any(|k| asking_at(ws, k) > 0);
        if i + n > ws.len()
            || ws[i].capitals()
            || folded == "may" && (ws[i].marked_otherwise(HOW_MANY) || which_one() || those() || people(ws, i))
        {
            continue;
        }
        if folded.split(' ').zip(&ws[i..i + n]).all(|(f, w)| w.folded() == f) {
            // "năm nào cũng", "mấy năm nay", "chẳng ai quan tâm": narrative, no question.
            let negator = |j: usize| {
                let w: &W = &ws[j];
                NEGATORS.iter().any(|(folded, n)| w.folded() == folded && !w.marked_otherwise(n))
            };
            if crate::core::lang::narrative(|k| ws.get(k).map(Typed::folded), i, n, negator) {
                return 0;
            }
            return n;
        }
    }
    0
}

/// "mấy" before people, not counted and asked nothing of after ("… mấy đứa bạn cùng làm, vậy sở
/// nào …", "mấy chị đồng nghiệp bảo …"): a plural, no how-many question. "Có mấy người", "tuyển
/// mấy giáo viên" count; so does "mấy bạn" closing a question ("… mấy bạn ạ").
fn people<W: Typed>(ws: &[W], i: usize) -> bool {
    let at = |k: usize| ws.get(k).map(Typed::folded);
    at(i + 1).is_some_and(|w| PLURAL_PEOPLE.contains(&w))
        && !(i > 0 && COUNTING_VERBS.contains(&ws[i - 1].folded()))
        && at(i + 2).is_some()
        && (i + 2..(i + 5).min(ws.len())).all(|k| !AFTER_COUNT.contains(&ws[k].folded()))
}

/// The words ask something: a question word, or a closing "không"/"chưa".
pub(super) fn asks<W: Typed>(ws: &[W]) -> bool {
    let closing = ws.last().is_some_and(|w| CLOSING.contains(&w.folded()));
    closing || (0..ws.len()).any(|i| asking_at(ws, i) > 0)
}

/// The start of `phrase` (folded, one space apart) at or after `from`.
pub(super) fn find<W: Typed>(ws: &[W], from: usize, phrase: &str) -> Option<usize> {
    // The first word alone first: the rest of the phrase is read only where it starts.
    let first = phrase.split(' ').next().unwrap_or(phrase);
    (from..ws.len()).find(|&i| ws[i].folded() == first && spelled_from(&ws[i..], phrase))
}

/// Whether `ws` open with the words of `phrase` (one space apart), each a word of its own.
fn spelled_from<W: Typed>(ws: &[W], phrase: &str) -> bool {
    let mut rest = phrase;
    for w in ws {
        let w = w.folded();
        let Some(after) = rest.strip_prefix(w).filter(|_| !w.contains(' ')) else {
            return false;
        };
        if after.is_empty() {
            return true;
        }
        let Some(next) = after.strip_prefix(' ') else {
            return false;
        };
        rest = next;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::asking_at;
    use crate::text::tokenize;

    #[test]
    fn mays_opening_a_question_asked_with_another_word_is_those() {
        assert_eq!(asking_at(&tokenize("Mấy trung tâm ngoại ngữ thì ai quản lý?"), 0), 0);
        assert_eq!(asking_at(&tokenize("Mấy trường được xây mới?"), 0), 1);
        assert_eq!(asking_at(&tokenize("Trẻ mấy tuổi và bắt đầu năm nào?"), 1), 1);
    }

    #[test]
    fn narrative_question_words_ask_nothing() {
        assert_eq!(asking_at(&tokenize("Trường tôi năm nào cũng thiếu cô"), 3), 0);
        assert_eq!(asking_at(&tokenize("phụ huynh ai cũng lo"), 2), 0);
        assert_eq!(asking_at(&tokenize("Đúng là chẳng ai quan tâm"), 3), 0);
        assert_eq!(asking_at(&tokenize("mấy năm nay trường không có"), 0), 0);
        assert_eq!(asking_at(&tokenize("Có ai lo việc này không"), 1), 1);
    }
}
