//! The entity guard's reading of a rambling message whose asking sentence points at the asker's
//! own school or side ("Con em học Trường Tiểu học Trần Quốc Toản. Cho hỏi trường của con em có
//! được …", "Em ở Quảng Ninh, bên em có phải …"): what it stands for is what the message names
//! before it, which picking the asking part out left behind.

use super::{Engine, Word};
use crate::text;

/// The head of a school's name, folded.
const SCHOOL: &str = "truong";
/// Heads of what the asker calls their own ("trường em", "bên cháu", "tỉnh mình"), folded.
const OWN_HEADS: &[&str] = &["truong", "ben", "tinh"];
/// Words between the head and the asker that say whose it is ("trường của con em"), folded.
const OWNERS: &[&str] = &["cua", "con"];
/// The asker, folded ("trường em", "bên cháu", "trường con tôi").
const ASKERS: &[&str] = &["em", "chau", "minh", "toi"];

/// What an earlier sentence names that the asking part points at: a topic naming another
/// entity (its index among the uncovered topics) and a school the source never mentions.
#[derive(Default)]
pub(in crate::core) struct NamedBefore {
    pub topic: Option<usize>,
    pub entity: Option<String>,
}

impl Engine {
    /// What an earlier sentence of `message` names, when the asking part `picked` out of it
    /// (`tokens`: its words) points at the asker's own school or side ("trường em", "trường của
    /// con em", "bên cháu"): a topic that names another entity ("Quảng Ninh") and a school the
    /// source never mentions. Only then is the whole message read again (its words
    /// made once more).
    pub(in crate::core) fn named_before(&self, message: &str, picked: bool, tokens: &[text::Token]) -> NamedBefore {
        if !picked || !points_at_own(tokens) {
            return NamedBefore::default();
        }
        let all = text::tokenize(message);
        let raw: Vec<Word> = self.analyzer.raw_words_from(super::super::words_from(message, &all));
        let topic = self.uncovered.find_all(&raw).into_iter().find_map(|f| {
            let (u, loose, _) = f.value;
            (self.kb.uncovered[*u].whole && (f.exact || !loose)).then_some(*u)
        });
        // A school, not the asker's office ("tôi là hiệu trưởng một trường …").
        let entity = self
            .unknown_entity(message, &all, &raw)
            .filter(|name| text::fold_marks(&name.to_lowercase()).starts_with(SCHOOL));
        NamedBefore { topic, entity }
    }
}

/// Whether the words hold a head of [`OWN_HEADS`] followed by whose it is: the asker ("trường
/// em", "bên cháu"), or the asker's child ("trường con", "trường của con em").
fn points_at_own(tokens: &[text::Token]) -> bool {
    tokens.iter().enumerate().filter(|(_, t)| OWN_HEADS.contains(&t.folded.as_str())).any(|(i, _)| {
        let mut j = i + 1;
        let mut child = false;
        while j < tokens.len() && OWNERS.contains(&tokens[j].folded.as_str()) {
            child |= tokens[j].folded == "con";
            j += 1;
        }
        child || (j < tokens.len() && ASKERS.contains(&tokens[j].folded.as_str()))
    })
}
