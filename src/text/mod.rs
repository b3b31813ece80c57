//! Vietnamese text handling shared by the knowledge checks and the answering core: the
//! normalisation pipeline (`normalize`), the tokenizer (`tokenize`), the syllable grammar and
//! glued-syllable splitter (`syllable`) and Telex/VNI decoding (`ime`). Pure functions only.

pub mod ime;
pub mod normalize;
pub mod syllable;
pub mod tokenize;

pub use normalize::{
    canonical_tones, canonical_word, fold_marks, fold_whitespace, has_marks, lowercase, marks_within, nfc,
    strip_invisible, strip_markup,
};
pub use tokenize::{Token, is_alphanumeric, is_uppercase, parts_words, spells, spells_from, tokenize};

/// A text reduced to its words without marks, lower case, one space apart: the form questions
/// are grouped by ("Lương giáo viên?" and "luong giao vien" are one question).
pub fn key_form(text: &str) -> String {
    tokenize(&strip_invisible(&nfc(text))).iter().map(|t| t.folded.as_str()).collect::<Vec<_>>().join(" ")
}
