//! English questions side by side ("Who is responsible for … and what is the teacher salary?"):
//! the English reading drops the question words of the second question, so the parts are cut
//! on the English text and each is read, and answered or declined, on its own.

use super::{MAX_PARTS, Split};
use crate::core::lang::{ENGLISH_QUESTION_OPENERS, ENGLISH_WH_WORDS};
use crate::text::{self, Token};

/// A part shorter than this many words is no question of its own ("… and when?").
const MIN_ENGLISH_PART_WORDS: usize = 3;

/// The parts of an English message asking two things: cut before "and" with a question word
/// after it ("… and how many …"), or before a question opener after a comma, a semicolon or a
/// question mark ("…, is there …"). Every part opens a question somewhere.
pub(in crate::core) fn english_parts(text: &str) -> Option<Split> {
    let ws = text::tokenize(text);
    let opens = |t: &Token| ENGLISH_QUESTION_OPENERS.contains(&t.folded.as_str());
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    for i in 1..ws.len() {
        let punct = text[ws[i - 1].end..ws[i].start].contains([',', ';', '?']);
        if ws[i].folded == "and" && ws.get(i + 1).is_some_and(|n| ENGLISH_WH_WORDS.contains(&n.folded.as_str())) {
            cuts.push((i, i + 1));
        } else if punct && opens(&ws[i]) {
            cuts.push((i, i));
        }
    }
    // Parts as (first word, end): a piece too short or asking nothing stays with the next one,
    // and the last one with the part before it.
    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut start = 0;
    for (end, next) in cuts.into_iter().chain([(ws.len(), ws.len())]) {
        if end < start + MIN_ENGLISH_PART_WORDS || !ws[start..end].iter().any(opens) {
            continue;
        }
        out.push((start, end));
        start = next;
    }
    if start < ws.len() {
        out.last_mut()?.1 = ws.len();
    }
    let out: Vec<String> = out.into_iter().map(|(s, e)| text[ws[s].start..ws[e - 1].end].to_owned()).collect();
    (out.len() >= 2 && out.len() <= MAX_PARTS).then_some(Split::Parts(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(q: &str) -> Vec<String> {
        match english_parts(q) {
            Some(Split::Parts(p)) => p,
            _ => Vec::new(),
        }
    }

    #[test]
    fn two_english_questions_are_two_parts() {
        assert_eq!(
            parts("Who is responsible for teacher recruitment and what is the teacher salary?"),
            ["Who is responsible for teacher recruitment", "what is the teacher salary"]
        );
        assert_eq!(
            parts("Which children does universal preschool target, and how many preschool teachers will be hired?"),
            ["Which children does universal preschool target", "how many preschool teachers will be hired"]
        );
    }

    #[test]
    fn one_english_question_stays_whole() {
        assert!(parts("Who is responsible for recruiting and training teachers?").is_empty());
        assert!(parts("Are fields like artificial intelligence among those the plan wants trained?").is_empty());
        assert!(parts("What does the plan say about teachers and schools?").is_empty());
    }
}
