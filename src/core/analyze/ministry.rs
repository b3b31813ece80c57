//! Ministries named in a question: "Bộ" before a city department's name or field ("Bộ Tài
//! chính", "bo noi vu", "Bộ KH&CN") names the ministry, which the source never mentions, not the
//! city's department.

use super::Word;
use crate::core::{Engine, lang};

impl Engine {
    /// The ministry a city department's name (`start`, `len` in `words`) names when "Bộ" stands
    /// right before it: its name as typed, capitalised.
    pub(in crate::core) fn ministry_named(
        &self,
        words: &[Word],
        start: usize,
        len: usize,
        agency: usize,
    ) -> Option<String> {
        // "Bộ" first: it stands before few names, and the department check folds a name.
        let department = || {
            crate::text::fold_marks(&crate::text::lowercase(&self.kb.agencies[agency].name))
                .starts_with(&crate::text::fold_marks(lang::DEPARTMENT_WORD))
        };
        (ministry_word(words, start.checked_sub(1)?) && department()).then(|| name_of(&words[start - 1..start + len]))
    }
}

/// "Bộ" at `i` in `words` opening a name ("giao Bộ Tài chính", "và Bộ Nội vụ"), not ending a
/// common word ("cán bộ", "tiến bộ", "đồng bộ", "sơ bộ"; nor after a word the lexicon put there:
/// "tien bo", whose "tien" it read as "tiền").
fn ministry_word(words: &[Word], i: usize) -> bool {
    let common =
        |w: &Word| lang::NOT_MINISTRY_BEFORE.iter().any(|p| w.is(p)) || !w.stop && w.origin == super::Origin::Lexicon;
    words[i].is(lang::MINISTRY_WORD) && !(i > 0 && common(&words[i - 1]))
}

/// A ministry named by "Bộ" and a department's field ("bo tai chinh", "Bộ KH&CN" read as "bộ
/// khoa học và công nghệ"), which the source never mentions: its name, capitalised.
pub(in crate::core) fn ministry_field(words: &[Word]) -> Option<String> {
    let folded: Vec<&str> = words.iter().map(|w| w.folded.as_str()).collect();
    (0..words.len()).filter(|&i| ministry_word(words, i)).find_map(|i| {
        let len = lang::DEPARTMENT_FIELDS.iter().find_map(|f| crate::text::spells(f, &folded[i + 1..]))?;
        Some(name_of(&words[i..i + 1 + len]))
    })
}

/// Words as a name: their text, the first letter capitalised.
fn name_of(words: &[Word]) -> String {
    let name = words.iter().map(|w| w.text.as_str()).collect::<Vec<_>>().join(" ");
    let mut chars = name.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}
