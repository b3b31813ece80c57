//! The entity guard's reading of a person named by a title and a name ("Ông Nguyễn Văn Tùng",
//! "cô Lan", "ong nguyen van tung"): the plan names no official, so a person the source never
//! mentions is one the plan says nothing of (the source's byline and editor are known).

use super::caseless::NAME_ENDS;
use super::opens_head;
use crate::core::Engine;
use crate::core::lang::{self, MIDDLE_NAMES, PERSON_NAME_ENDS, PERSON_TITLES, SURNAMES, UNMARKED_PERSON_TITLES};
use crate::core::short_words::ShortWords;
use crate::text;
use std::sync::LazyLock;

/// The first words of all titles, folded: a word that is none of them opens no title, and no
/// title is tried there (most words open none).
static TITLE_OPENERS: LazyLock<ShortWords> = LazyLock::new(|| {
    let firsts: Vec<String> = PERSON_TITLES
        .iter()
        .chain(UNMARKED_PERSON_TITLES)
        .filter_map(|t| t.split(' ').next())
        .map(text::fold_marks)
        .collect();
    ShortWords::new(firsts.iter().map(String::as_str))
});

/// The family names, looked up at every word of a question with capitals.
static SURNAME_SET: LazyLock<ShortWords> = LazyLock::new(|| ShortWords::new(SURNAMES.iter().copied()));

/// [`PERSON_TITLES`] split into their words once, not at every word that may open one.
static TITLE_WORDS: LazyLock<Vec<Vec<&'static str>>> =
    LazyLock::new(|| PERSON_TITLES.iter().map(|t| t.split(' ').collect()).collect());

/// At most this many words of a person's name.
const MAX_NAME: usize = 4;

/// How many words of a title open at word `i`: typed with marks as written, without marks only
/// one of [`UNMARKED_PERSON_TITLES`] in a question typed without marks (`marked` false), or a
/// title without marks ("anh") in one typed with them.
fn title_at(tokens: &[text::Token], folded: &[&str], i: usize, marked: bool) -> Option<usize> {
    if !TITLE_OPENERS.contains(folded[i]) {
        return None;
    }
    if !marked {
        // Every title typed without marks is one of these, folded.
        return UNMARKED_PERSON_TITLES.iter().find_map(|title| text::spells(title, &folded[i..]));
    }
    TITLE_WORDS.iter().find_map(|title| {
        let n = title.len();
        let typed = tokens.get(i..i + n)?;
        typed.iter().zip(title).all(|(t, w)| t.text == *w).then_some(n)
    })
}

impl Engine {
    /// The first person named in the question that the source never mentions: a title, then a
    /// name: capitalised words where capitals tell names (`cased`); else a family name and the
    /// words up to one that goes on with the question (typed without marks, a middle name
    /// too: "ong nguyen van tung"). Where capitals tell names, three capitalised words opening
    /// with a family name are a person's name without a title ("Nguyễn Văn Tùng"). The title
    /// and name as typed.
    pub(super) fn unknown_person(
        &self,
        typed: &str,
        tokens: &[text::Token],
        folded: &[&str],
        cased: bool,
    ) -> Option<String> {
        // A question typed in Title Case ("Thầy Cô Giáo Được Gì Từ Kế Hoạch") tells no names by
        // its capitals.
        let cased = cased && !title_case(typed, tokens);
        let marked = tokens.iter().any(|t| t.accented);
        let initial_capital =
            |i: usize| !tokens[i].capitals && typed[tokens[i].start..].chars().next().is_some_and(char::is_uppercase);
        let joined = |i: usize| i > 0 && !text::parts_words(&typed[tokens[i - 1].end..tokens[i].start]);
        let sentence_start = |i: usize| i == 0 || !joined(i);
        // The one asking ("Bác Nguyễn Văn Hải hỏi …", "cô Lan hỏi: …") and a place named with
        // its city ("Lê Chân Hải Phòng có …") are no person the plan is asked about.
        let asker = |end: usize| folded.get(end).is_some_and(|w| lang::ASKER_VERBS.contains(w));
        let city = |name: usize, end: usize| folded[name..end].windows(2).any(|w| w == lang::CITY_WORDS);
        // The one a claim was heard from ("nghe ông tổ trưởng nói …") is no one asked about either.
        let teller = |start: usize| start > 0 && lang::HEARING_WORDS.contains(&folded[start - 1]);
        let unknown = |start: usize, name: usize, end: usize| {
            (!self.source_says(&folded[name..end].join(" ")) && !asker(end) && !city(name, end) && !teller(start))
                .then(|| typed[tokens[start].start..tokens[end - 1].end].to_owned())
        };
        for i in 0..tokens.len() {
            let title = title_at(tokens, folded, i, marked);
            if let Some(n) = title {
                let name = i + n;
                // A title mid-sentence is in lower case: "tiếng Anh" names no one.
                let title_cased = !cased || sentence_start(i) || !initial_capital(i);
                let city = folded.get(name..name + 2).is_some_and(|w| w == lang::CITY_WORDS);
                if name >= tokens.len() || !title_cased || city || opens_head(folded[name]) || !joined(name) {
                    continue;
                }
                let mut end = name;
                if cased {
                    while end < tokens.len() && end - name < MAX_NAME && joined(end) && initial_capital(end) {
                        end += 1;
                    }
                } else if SURNAME_SET.contains(folded[name])
                    && (marked || folded.get(name + 1).is_some_and(|w| MIDDLE_NAMES.contains(w)))
                {
                    end = name + 1;
                    while end < tokens.len()
                        && end - name < MAX_NAME
                        && joined(end)
                        && !NAME_ENDS.contains(&folded[end])
                        && !PERSON_NAME_ENDS.contains(&folded[end])
                        && !folded[end].chars().all(|c| c.is_ascii_digit())
                    {
                        end += 1;
                    }
                    // Without capitals, a family name alone is no name ("cô tô có …").
                    let least = if marked { 2 } else { 3 };
                    if end - name < least {
                        end = name;
                    }
                }
                if end > name {
                    if let Some(person) = unknown(i, name, end) {
                        return Some(person);
                    }
                }
            } else if cased
                && SURNAME_SET.contains(folded[i])
                && initial_capital(i)
                && (i == 0 || !opens_head(folded[i - 1]))
                && (i + 1..i + 3).all(|k| k < tokens.len() && joined(k) && initial_capital(k))
            {
                let mut end = i + 3;
                while end < tokens.len() && end - i < MAX_NAME && joined(end) && initial_capital(end) {
                    end += 1;
                }
                if let Some(person) = unknown(i, i, end) {
                    return Some(person);
                }
            }
        }
        None
    }
}

/// Whether every word of a question of four words or more opens with a capital.
fn title_case(typed: &str, tokens: &[text::Token]) -> bool {
    let mut words = tokens.iter().filter(|t| t.text.chars().any(char::is_alphabetic)).peekable();
    words.peek().is_some()
        && tokens.len() >= 4
        && words.all(|t| typed[t.start..].chars().next().is_some_and(char::is_uppercase))
}
