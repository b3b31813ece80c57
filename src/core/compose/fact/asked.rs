//! What a figure is asked of: the money asked is for something, a share is of something, and a
//! fact that never speaks of that thing states another figure.

use crate::core::{Engine, Query, lang};

/// How many syllables of what a figure is of are looked for in a fact: both of two ("giáo viên"
/// is no "giáo dục", "đề án" no "đã đề ra").
const OF_SYLLABLES: usize = 2;

/// The question's syllables, each with whether it is passed over when looking for what a figure
/// is of (a function word or a number).
pub(super) fn syllables(q: &Query) -> Vec<(&str, bool)> {
    q.words.iter().flat_map(|w| w.folded.split(' ').map(move |s| (s, w.stop || w.is_number()))).collect()
}

/// Whether fact `i` never speaks of `of` (every syllable of it): it states another figure. `of`
/// empty: nothing asked of, no other figure. "Kinh phí tuyên truyền là bao nhiêu": the money
/// asked is that of what follows the money word ([`money_for`]), so the 20 % share of the budget
/// for education answers "kinh phí cho giáo dục", not the cost of a campaign or a project; "tỷ lệ
/// trẻ em đi học mẫu giáo" asks a share of what follows the share's word ([`share_of`]), which
/// the 20 % of the budget is not.
pub(super) fn states_another(engine: &Engine, of: &[&str], i: usize) -> bool {
    !of.iter().all(|s| engine.fact_vocabulary[i].contains(*s))
}

/// What follows `start` (a word's last syllable): the first syllables that are neither passed
/// over nor words of `frame`, up to [`OF_SYLLABLES`]; empty with nothing after.
fn what_follows<'q>(syllables: &[(&'q str, bool)], start: usize, frame: &[&str]) -> Vec<&'q str> {
    let Some(of) = (start + 1..syllables.len()).find(|&m| !syllables[m].1 && !frame.contains(&syllables[m].0)) else {
        return Vec::new();
    };
    syllables[of..]
        .iter()
        .take(OF_SYLLABLES)
        .take_while(|&&(s, passed)| !passed && !frame.contains(&s))
        .map(|&(s, _)| s)
        .collect()
}

/// Where the two-syllable word `pair` ends in the question's syllables.
fn word_end(syllables: &[(&str, bool)], [first, last]: [&str; 2]) -> Option<usize> {
    (1..syllables.len()).find(|&k| syllables[k - 1].0 == first && syllables[k].0 == last)
}

/// What the money asked is for: what follows the money word (or, with none typed, "cho": "chi
/// bao nhiêu cho giáo dục") past function words, numbers and words saying whose the money is or
/// how it is spent ("kinh phí thành phố dành cho tuyên truyền" → "tuyen truyen"); empty without
/// either, or with nothing after.
pub(super) fn money_for<'q>(syllables: &[(&'q str, bool)]) -> Vec<&'q str> {
    let start = word_end(syllables, lang::MONEY_WORDS)
        .or_else(|| syllables.iter().position(|&(s, _)| s == lang::MONEY_PURPOSE));
    start.map(|k| what_follows(syllables, k, lang::MONEY_FRAME)).unwrap_or_default()
}

/// Whether the question says the money word ("ngân sách", or a word the lexicon reads so).
pub(super) fn asks_money(syllables: &[(&str, bool)]) -> bool {
    word_end(syllables, lang::MONEY_WORDS).is_some()
}

/// What a share asked is of: what follows the share's word; empty without a share's word or
/// with nothing after it.
pub(super) fn share_of<'q>(syllables: &[(&'q str, bool)]) -> Vec<&'q str> {
    let start = lang::SHARE_WORDS.iter().find_map(|&pair| word_end(syllables, pair));
    start.map(|k| what_follows(syllables, k, lang::SHARE_FRAME)).unwrap_or_default()
}
