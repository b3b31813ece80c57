//! The entity guard's reading: bodies, schools and documents a question names that the
//! knowledge base does not know ("Sở Y tế", "Trường THPT Trần Phú", "Kế hoạch 120/KH-UBND").

use super::Word;
use crate::core::Engine;
use crate::core::lang::{BODY_HEADS, SCHOOL_HEADS};
use crate::text;

/// Words that say a school's level or kind between "Trường" and its proper name ("Trường THPT
/// Trần Phú", "Trường mầm non Hoa Sen"), folded.
const SCHOOL_LEVELS: &[&str] = &[
    "dai", "hoc", "cao", "dang", "trung", "cap", "thpt", "thcs", "th", "mn", "mam", "non", "tieu", "pho", "thong",
    "co", "so", "chuyen", "dh", "cd", "nghe", "pt", "ptth", "ptcs", "vien", "ky", "thuat",
];

impl Engine {
    /// The first body or school the question names by a proper name ("Sở Y tế", "Trường mầm non
    /// Hoa Sen") that the source never mentions and no known agency or document name matches:
    /// the name as typed. Names are found by their capitals, so a name typed all in lower case
    /// is not found (the question is then answered or declined as any other).
    pub(in crate::core) fn unknown_entity(&self, typed: &str) -> Option<String> {
        let tokens = text::tokenize(typed);
        let raw = self.analyzer.raw_words(typed);
        if raw.len() != tokens.len() {
            return None;
        }
        // "Hoa Sen", not "MN" or "PT": abbreviations in capitals say a kind, not a name.
        let initial_capital =
            |i: usize| !tokens[i].capitals && typed[tokens[i].start..].chars().next().is_some_and(char::is_uppercase);
        let folded: Vec<&str> = tokens.iter().map(|t| t.folded.as_str()).collect();
        let mut i = 0;
        while i < tokens.len() {
            let head = |heads: &[&[&str]]| {
                let fits = |h: &[&str]| {
                    h.len() <= tokens.len() - i
                        && h.iter()
                            .zip(&tokens[i..])
                            .all(|(w, t)| if t.accented { t.text == *w } else { t.folded == text::fold_marks(w) })
                };
                heads.iter().filter(|h| fits(h)).map(|h| h.len()).max()
            };
            // A body's or a school's name starts with a capital ("Sở", "Trường"): a lower-case
            // head is a common word ("bố cục", "toàn bộ", "cán bộ").
            if !typed[tokens[i].start..].chars().next().is_some_and(char::is_uppercase) {
                i += 1;
                continue;
            }
            let (school, len) = match (head(SCHOOL_HEADS), head(BODY_HEADS)) {
                (Some(n), _) => (true, n),
                (None, Some(n)) => (false, n),
                (None, None) => {
                    i += 1;
                    continue;
                }
            };
            let mut j = i + len;
            if school {
                while j < tokens.len() && SCHOOL_LEVELS.contains(&folded[j]) {
                    j += 1;
                }
            }
            let name_start = j;
            while j < tokens.len() {
                // A name never runs across punctuation ("… Sở Y tế. Kế hoạch …").
                if text::parts_words(&typed[tokens[j - 1].end..tokens[j].start]) {
                    break;
                }
                // A capitalised word; a word of the name in lower case after one ("Sở Y tế");
                // any word between two capitalised ones ("Hàng hải Việt Nam", "Kế hoạch và Đầu tư").
                let capital = initial_capital(j);
                let after_capital = j > name_start && initial_capital(j - 1);
                let lower_after_capital = after_capital && !raw[j].stop;
                let joining = after_capital && j + 1 < tokens.len() && initial_capital(j + 1);
                if !(capital || lower_after_capital || joining) {
                    break;
                }
                j += 1;
            }
            if j > name_start {
                let span = &typed[tokens[i].start..tokens[j - 1].end];
                if !self.knows_name(span, &folded[i..j]) {
                    return Some(span.to_owned());
                }
            }
            i = j.max(i + 1);
        }
        None
    }

    /// A name the source mentions, or one a known agency's or document's name matches (read
    /// through the lexicon: "Trường ĐH Hải Phòng").
    fn knows_name(&self, span: &str, folded: &[&str]) -> bool {
        let phrase = format!(" {} ", folded.join(" "));
        if self.source_words.contains(&phrase) {
            return true;
        }
        let words: Vec<Word> = self.analyzer.question_words(&self.analyzer.raw_words(span));
        !self.agency_names.find_all(&words).is_empty() || !self.document_names.find_all(&words).is_empty()
    }

    /// Whether the question names a kind of document with a number no known document has
    /// ("Kế hoạch 299", "Quyết định số 12"). The one check of named documents: a knowledge base
    /// that holds more plans extends it here.
    pub(in crate::core) fn unknown_document(&self, raw: &[Word]) -> bool {
        self.cues.document_kinds.find_all(raw).into_iter().any(|f| {
            let mut i = f.start + f.len;
            if raw.get(i).is_some_and(|w| w.folded == "so") {
                i += 1;
            }
            raw.get(i).is_some_and(|w| w.is_number() && !self.document_numbers.contains(w.text.as_str()))
        })
    }
}
