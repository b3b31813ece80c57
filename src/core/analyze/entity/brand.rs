//! The entity guard's reading of a brand or a firm named with no head word ("Samsung", "LG
//! Display", "VinFast"): capitalised words that are no Vietnamese syllable nor a word the engine
//! knows, in a question typed with marks (so not an English one).

use super::{Engine, Word};
use crate::core::lang;
use crate::text;

impl Engine {
    /// The first run of capitalised words without marks, none a Vietnamese syllable, a stop word,
    /// a number or a word the speller or the source knows, one of them in mixed case ("Samsung",
    /// "LG Display"; "IT", "THPT" alone are abbreviations of a kind): a brand or a firm the source
    /// never names, as typed. Only in a question with a word with marks; also where capitals
    /// tell nothing else ([`Engine::unknown_entity`] asks it then: "Samsung hỗ trợ gì" has one
    /// capital, opening it). Never the asker's own name ("tôi là John", "em tên Linda").
    /// `tokens` and `raw` are word for word (else nothing is read).
    pub(super) fn unknown_brand(&self, typed: &str, tokens: &[text::Token], raw: &[Word]) -> Option<String> {
        if raw.len() != tokens.len() || !tokens.iter().any(|t| t.accented) {
            return None;
        }
        let foreign = |i: usize| {
            let t = &tokens[i];
            let w = &raw[i];
            let word = &typed[t.start..t.end];
            word.len() > 1
                && word.starts_with(|c: char| c.is_ascii_uppercase())
                && word.chars().all(|c| c.is_ascii_alphanumeric())
                && !t.accented
                && !w.stop
                && !w.is_number()
                && !text::syllable::is_syllable(&t.folded)
                && !self.analyzer.is_known(w)
                && !self.source_says(&t.folded)
        };
        // The asker's name: after "là" or "tên" said of the asker ("tên tôi là …").
        let asker = |i: usize| {
            i >= 2
                && matches!(tokens[i - 1].folded.as_str(), "la" | "ten")
                && tokens[i.saturating_sub(3)..i - 1]
                    .iter()
                    .any(|t| lang::ASKER_PRONOUNS.iter().any(|p| text::fold_marks(p) == t.folded))
        };
        let mixed = |i: usize| typed[tokens[i].start..tokens[i].end].chars().any(|c| c.is_ascii_lowercase());
        let mut i = 0;
        while i < tokens.len() {
            if !foreign(i) || asker(i) {
                i += 1;
                continue;
            }
            let mut j = i + 1;
            while j < tokens.len() && foreign(j) && !text::parts_words(&typed[tokens[j - 1].end..tokens[j].start]) {
                j += 1;
            }
            if (i..j).any(mixed) {
                let span = &typed[tokens[i].start..tokens[j - 1].end];
                let folded: Vec<&str> = tokens[i..j].iter().map(|t| t.folded.as_str()).collect();
                if !self.knows_name(span, &folded, false) {
                    return Some(span.to_owned());
                }
            }
            i = j;
        }
        None
    }
}
