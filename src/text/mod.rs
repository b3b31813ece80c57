//! Vietnamese text handling shared by the knowledge checks and the answering core: the
//! normalisation pipeline (`normalize`) and the tokenizer (`tokenize`). Pure functions only.

pub mod normalize;
pub mod tokenize;

pub use normalize::{
    canonical_tones, canonical_word, fold_marks, fold_whitespace, has_marks, lowercase, nfc, strip_invisible,
};
pub use tokenize::{Token, tokenize};
