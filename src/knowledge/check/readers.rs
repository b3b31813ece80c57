//! Checks of the input readers' lexicons: chat shorthand (`shorthand.toml`) and English
//! (`english.toml`). Each item is named by its first form ("shorthand gv", "english who").

use super::Problem;
use crate::knowledge::{Knowledge, ShorthandPlace};
use std::collections::HashMap;

/// Every problem of the shorthand and English lexicons.
pub(super) fn readers(kb: &Knowledge, problems: &mut Vec<Problem>) {
    shorthand(kb, problems);
    english(kb, problems);
}

/// A form as the readers compare it: lower case, trimmed, one space apart.
fn is_plain(form: &str) -> bool {
    !form.is_empty() && form == form.to_lowercase() && form.split(' ').all(|w| !w.is_empty())
}

/// The item that reads a form in a place: its place in the list and its name.
type Reader = (usize, String);

fn shorthand(kb: &Knowledge, problems: &mut Vec<Problem>) {
    // (form, place, after, before, near) → the item that reads it first: a second one never applies.
    // The lists stay apart: "bn" after "cac" is another place than "bn" before "cac".
    // Items are told apart by their place in the list: two may share their first form.
    let mut seen: HashMap<(String, u8, [Vec<String>; 3]), Reader> = HashMap::new();
    for (k, s) in kb.shorthand.iter().enumerate() {
        let name = format!("shorthand {}", s.short.first().map_or("(no form)", |f| f.as_str()));
        let mut report = |field: &str, message: String| {
            problems.push(Problem::new(&s.origin, Some(name.clone()), Some(field), message));
        };
        if s.short.is_empty() {
            report("short", "must list at least one form".to_owned());
        }
        for (i, form) in s.short.iter().enumerate() {
            if !is_plain(form) {
                report(&format!("short[{i}]"), format!("`{form}`: must be lower case, one space between words"));
            } else if let Some(first) = seen
                .insert(
                    (form.clone(), s.at as u8, [s.after.clone(), s.before.clone(), s.near.clone()]),
                    (k, name.clone()),
                )
                .filter(|(first, _)| *first != k)
                .map(|(_, first)| first)
            {
                report(&format!("short[{i}]"), format!("`{form}` is already read by {first} in the same place"));
            }
        }
        if s.at == ShorthandPlace::After && s.after.is_empty() && s.before.is_empty() && s.near.is_empty() {
            report("after", "`at = \"after\"` needs at least one word".to_owned());
        }
        for (field, words) in [("after", &s.after), ("before", &s.before), ("near", &s.near)] {
            for (i, word) in words.iter().enumerate() {
                if field == "near" && !is_plain(word) {
                    report(&format!("{field}[{i}]"), format!("`{word}`: must be lower case"));
                } else if field != "near" && (!is_plain(word) || crate::text::fold_marks(word) != *word) {
                    report(&format!("{field}[{i}]"), format!("`{word}`: must be lower case, without marks"));
                }
            }
        }
    }
}

fn english(kb: &Knowledge, problems: &mut Vec<Problem>) {
    let mut seen: HashMap<&str, String> = HashMap::new();
    for e in &kb.english {
        let name = format!("english {}", e.en.first().map_or("(no phrase)", |f| f.as_str()));
        let mut report = |field: &str, message: String| {
            problems.push(Problem::new(&e.origin, Some(name.clone()), Some(field), message));
        };
        if e.en.is_empty() {
            report("en", "must list at least one phrase".to_owned());
        }
        if e.vi.trim().is_empty() {
            report("vi", "must not be empty".to_owned());
        }
        for (i, phrase) in e.en.iter().enumerate() {
            if !is_plain(phrase) {
                report(&format!("en[{i}]"), format!("`{phrase}`: must be lower case, one space between words"));
            } else if let Some(first) = seen.insert(phrase, name.clone()).filter(|first| *first != name) {
                report(&format!("en[{i}]"), format!("`{phrase}` is already read by {first}"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::Shorthand;

    fn shorthand(short: &str, means: &str, after: &[&str], before: &[&str]) -> Shorthand {
        Shorthand {
            origin: "shorthand.toml".to_owned(),
            short: vec![short.to_owned()],
            means: means.to_owned(),
            at: ShorthandPlace::After,
            after: after.iter().map(|w| w.to_string()).collect(),
            before: before.iter().map(|w| w.to_string()).collect(),
            near: Vec::new(),
        }
    }

    fn problems(items: Vec<Shorthand>) -> Vec<Problem> {
        let kb = Knowledge { shorthand: items, ..Knowledge::default() };
        let mut problems = Vec::new();
        readers(&kb, &mut problems);
        problems
    }

    #[test]
    fn a_form_read_after_a_word_and_before_it_is_read_in_two_places() {
        let items = vec![shorthand("bn", "bạn", &["cac"], &[]), shorthand("bn", "bao nhiêu", &[], &["cac"])];
        assert!(problems(items).is_empty());
        let items = vec![shorthand("bn", "bạn", &["cac"], &["oi"]), shorthand("bn", "bao nhiêu", &["cac"], &["oi"])];
        assert_eq!(problems(items).len(), 1);
    }
}
