//! The entity guard's reading of a question asked in English: bodies, schools and places named
//! by an English head or tail ("Hai Phong Medical University", "the Ministry of Health").

use super::caseless;
use crate::core::Engine;
use crate::core::lang::ENGLISH_FUNCTION_WORDS;
use crate::text;

/// English words that end the name of a body, a school or a place ("Hai Phong Medical
/// University", "Le Chan District"), folded. "school" and "office" only in a question with
/// telling capitals ("my kid's school" is no name).
const ENGLISH_NAME_TAILS: &[&str] = &[
    "university",
    "college",
    "academy",
    "institute",
    "hospital",
    "district",
    "province",
    "ministry",
    "department",
    "company",
    "corporation",
    "commune",
    "ward",
];
const ENGLISH_CASED_TAILS: &[&str] = &["school", "office", "agency", "bureau", "center", "centre", "council"];
/// English heads followed by "of" and the name ("Ministry of Health", "Department of Health").
const ENGLISH_OF_HEADS: &[&str] =
    &["ministry", "department", "university", "institute", "academy", "bureau", "office", "school", "college"];
/// Words that join the words of an English name ("Department of Education and Training").
const ENGLISH_NAME_JOINERS: &[&str] = &["and", "&", "of", "for"];

impl Engine {
    /// The first body, school or place an English question names that the source never
    /// mentions ("Hai Phong Medical University", "the Ministry of Health", "Le Chan District"):
    /// the name as typed. A name ends with a tail ("… University", "… District") or opens with
    /// a head and "of" ("Ministry of …"); its other words are capitalised, or in a question
    /// without telling capitals words the English lexicon does not read. It is known when the
    /// English lexicon reads the whole name as a body or document the knowledge base knows
    /// ("Hai Phong University", "Department of Education and Training"). Runs only on a
    /// question holding a head or a tail.
    pub(in crate::core) fn english_unknown_entity(&self, typed: &str) -> Option<String> {
        let tokens = text::tokenize(typed);
        let folded: Vec<&str> = tokens.iter().map(|t| t.folded.as_str()).collect();
        let cased = !caseless(typed);
        let tail = |w: &str| ENGLISH_NAME_TAILS.contains(&w) || (cased && ENGLISH_CASED_TAILS.contains(&w));
        if !folded.iter().any(|w| tail(w) || ENGLISH_OF_HEADS.contains(w)) {
            return None;
        }
        let lexicon: Vec<(Vec<String>, &str)> = self
            .kb
            .english
            .iter()
            .flat_map(|e| {
                e.en.iter()
                    .map(move |en| (text::tokenize(en).iter().map(|t| t.folded.to_string()).collect(), e.vi.as_str()))
            })
            .collect();
        let known_word = |w: &str| lexicon.iter().any(|(words, _)| words.iter().any(|x| x == w));
        // A word of a name: capitalised when capitals tell, else one the lexicon does not read;
        // never a function word ("Does", "the") nor a lone letter (the "s" of "University's").
        let name_word = |k: usize| {
            let t = &tokens[k];
            let w = folded[k];
            w.len() > 1
                && !ENGLISH_FUNCTION_WORDS.contains(&w)
                && (k > 0 || !known_word(w))
                && !tail(w)
                && if cased { typed[t.start..].chars().next().is_some_and(char::is_uppercase) } else { !known_word(w) }
        };
        let joined = |a: usize, b: usize| !text::parts_words(&typed[tokens[a].end..tokens[b].start]);
        for h in 0..tokens.len() {
            let is_tail = tail(folded[h]);
            let of_head = ENGLISH_OF_HEADS.contains(&folded[h]) && folded.get(h + 1) == Some(&"of");
            if !is_tail && !of_head {
                continue;
            }
            let mut start = h;
            while start > 0 && joined(start - 1, start) && name_word(start - 1) {
                start -= 1;
            }
            let mut end = h + 1;
            if of_head {
                end = h + 2;
                while end < tokens.len()
                    && joined(end - 1, end)
                    && (name_word(end)
                        || (ENGLISH_NAME_JOINERS.contains(&folded[end])
                            && end + 1 < tokens.len()
                            && name_word(end + 1)))
                {
                    end += 1;
                }
            }
            // Only the head: "the university", "which department".
            if start == h && end <= h + 2 {
                continue;
            }
            let words: Vec<String> = folded[start..end].iter().map(|w| (*w).to_owned()).collect();
            let known = lexicon.iter().any(|(en, vi)| {
                *en == words && {
                    let vi_folded: Vec<String> = text::tokenize(vi).iter().map(|t| t.folded.to_string()).collect();
                    let vi_folded: Vec<&str> = vi_folded.iter().map(String::as_str).collect();
                    self.knows_name(vi, &vi_folded, false)
                }
            });
            if !known {
                return Some(typed[tokens[start].start..tokens[end - 1].end].to_owned());
            }
        }
        None
    }
}
