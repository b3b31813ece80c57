//! The entity guard's reading of a question typed without telling capitals (all lower case or
//! all capitals, often without marks): heads, levels and the words that end a name.

use super::{
    BODY_HEADS_FOLDED, PLACE_HEADS_FOLDED, PLACE_OPENERS, SCHOOL_HEADS_FOLDED, after_head, head_at, opens_head,
    whole_field,
};
use crate::core::Engine;
use crate::core::lang::{BODY_HEADS, DEPARTMENT_FIELDS, DOCUMENT_KINDS, NAME_BREAKS_MARKED, PLACE_HEADS, SCHOOL_HEADS};
use crate::core::short_words::ShortWords;
use crate::text;
use std::sync::LazyLock;

/// Level words that open a school's proper name when typed without capitals ("trường đh hàng
/// hải", "trường thpt ngô quyền"), folded; "trường học", "trường nghề" and a "có" read as the
/// level "cơ" ("trường nghề có được …") are common nouns and verbs.
const NAMING_LEVELS: &[&str] =
    &["dai", "dh", "cao", "cd", "thpt", "thcs", "th", "mn", "mam", "tieu", "trung", "pt", "ptth", "ptcs", "chuyen"];

/// Words that say what kind a school is, not its name ("trường mầm non tư thục do ai quản lý"),
/// folded.
const SCHOOL_KINDS: &[&str] =
    &["tu thuc", "cong lap", "dan lap", "ngoai cong lap", "quoc te", "nuoc ngoai", "chat luong cao", "tu chu"];

/// Words that say what kind a company or a body is, not its name ("cty fdi hỗ trợ gì", "công
/// ty nước ngoài"), folded: a name opening with one is no name.
const BODY_KINDS: &[&str] = &[
    "fdi",
    "nuoc ngoai",
    "dau tu nuoc ngoai",
    "von dau tu",
    "co von",
    "lien doanh",
    "tu nhan",
    "nha nuoc",
    "trong nuoc",
];

/// Words after "dai hoc", "hoc vien", "cao dang" that go on with the question, not a name,
/// folded.
const NOT_NAMES: &[&str] = &["duoc", "ma", "cung", "chi", "nen", "hay", "hoac", "thi", "voi", "hien", "bay"];

/// Words after which a name opens a clause ("còn đại học y dược thì sao", "cho hỏi đại học …"),
/// folded.
const CLAUSE_OPENERS: &[&str] = &["con", "vay", "the", "hoi", "ma"];

/// Heads that open a name even typed without marks in a question without telling capitals
/// (folded): "sở", "bộ", "cục", "viện" typed bare may be "số", "bố", "cục", "viên"; "dh", "cd"
/// are "ĐH", "CĐ" ("dh y duoc hai phong").
const UNMARKED_HEADS: &[&str] = &[
    "truong",
    "dai hoc",
    "dh",
    "hoc vien",
    "cao dang",
    "cd",
    "chi cuc",
    "benh vien",
    "cong ty",
    "tap doan",
    "so",
    "huyen",
];

/// Words that end a name typed without telling capitals: they go on with the question ("sở y
/// tế có nhiệm vụ gì", "trường … làm gì", "… ở đâu", "công ty muốn …", "công ty tôi …"), folded.
pub(super) const NAME_ENDS: &[&str] = &[
    "co", "la", "lam", "thi", "o", "nam", "trong", "ve", "voi", "va", "cua", "phai", "can", "se", "da", "dang", "gi",
    "nao", "ai", "khong", "ko", "k", "hok", "nhiem", "vai", "trach", "tham", "tai", "dia", "so", "email", "ke", "kh",
    "theo", "cho", "thuoc", "nhu", "the", "sao", "vay", "nhe", "a", "ah", "ad", "oi", "may", "bao", "nhieu", "gio",
    "dau", "j", "ntn", "muon", "toi",
];

/// Words of [`NAME_ENDS`] that open a school's name right after its level when a word of the
/// name follows ("trường mầm non sao mai"; "trường mầm non sao không …" asks why), folded.
const NAME_OPENING_ENDS: &[&str] = &["sao"];

/// Words that also end a place's name typed without capitals ("huyện an lão được giao gì").
const PLACE_NAME_ENDS: &[&str] = &["duoc", "giao", "muon", "can"];

/// "cùng" before a place's head ("trường bên cạnh cùng phường"): the same place, not a name (folded).
const SAME: &str = "cung";

/// At most this many words of a name typed without capitals: past them the words are the
/// question, not the name.
const MAX_CASELESS_NAME: usize = 6;

/// Whether capitals tell nothing of names in `typed`: all in lower case (a capital opening a
/// sentence aside) or all in capitals ("SỞ Y TẾ CÓ NHIỆM VỤ GÌ"). A document's kind or number in
/// capitals ("… trong KH298", "… trong Kế hoạch 298") names a document, not a body or school:
/// its capitals tell nothing of the other words.
pub(super) fn caseless(typed: &str) -> bool {
    // One pass, left as soon as both a lower-case letter and a telling capital are seen.
    let mut lower = false;
    let mut sentence_start = true;
    let mut inner_capital = false;
    let mut word_start = 0;
    for (at, c) in typed.char_indices() {
        // (letter or digit, capital, lower case), each asked once: a Vietnamese letter outside
        // ASCII is a lower-case one (see `text::normalize::is_vietnamese_letter`).
        let (alphanumeric, upper, low) = if c.is_ascii() {
            (c.is_ascii_alphanumeric(), c.is_ascii_uppercase(), c.is_ascii_lowercase())
        } else if text::normalize::is_vietnamese_letter(c) {
            (true, false, true)
        } else {
            (c.is_alphanumeric(), c.is_uppercase(), c.is_lowercase())
        };
        if alphanumeric {
            if upper && !inner_capital && !sentence_start {
                let word = typed[word_start..].split(|c: char| !text::is_alphanumeric(c)).next().unwrap_or("");
                inner_capital = !names_document(word);
            }
            lower |= low;
            if lower && inner_capital {
                return false;
            }
            sentence_start = false;
        } else {
            word_start = at + c.len_utf8();
            if matches!(c, '.' | '!' | '?' | '\n' | ':') {
                sentence_start = true;
            }
        }
    }
    !lower || !inner_capital
}

/// The first words of [`DOCUMENT_KINDS`] ("ke", "kh", "nghi", "nq"), once.
static DOCUMENT_KIND_OPENERS: LazyLock<ShortWords> =
    LazyLock::new(|| ShortWords::new(DOCUMENT_KINDS.iter().filter_map(|k| k.split(' ').next())));

/// Whether a word typed with capitals is a document's kind or number ("KH298", "Kế", "NQ").
fn names_document(word: &str) -> bool {
    word.bytes().any(|b| b.is_ascii_digit())
        || DOCUMENT_KIND_OPENERS.contains(&text::fold_marks(&text::lowercase(word)))
}

impl Engine {
    /// Whether the source gives a school's `name` (folded words) only as another proper name:
    /// never after the school's level word `level`, and capitalised where it says it ("Ngô
    /// Quyền" is a district in the portal's address, no "trường thpt ngô quyền").
    fn names_another(&self, level: &str, name: &[&str]) -> bool {
        if self.source_says(&format!("{level} {}", name.join(" "))) {
            return false;
        }
        self.source_capitalised.contains(&format!(" {} ", name.join(" ")))
    }

    /// Whether `text` opens with a known body's name, as the lexicon reads it.
    fn opens_with_body(&self, text: &str) -> bool {
        let words = self.analyzer.question_words(&self.analyzer.raw_words(text), false);
        self.agency_names.find_all(&words).iter().any(|f| f.start == 0)
    }

    /// Whether a word typed alone is read by the lexicon as words of the source ("hp" → "hải
    /// phòng", "gd" → "giáo dục").
    pub(super) fn reads_as_source(&self, word: &str) -> bool {
        let words = self.analyzer.question_words(&self.analyzer.raw_words(word), false);
        !words.is_empty()
            && words.iter().all(|w| w.origin == crate::core::analyze::Origin::Lexicon)
            && self.source_says(&words.iter().map(|w| w.folded.as_str()).collect::<Vec<_>>().join(" "))
    }

    /// The first body or school named in a question typed without telling capitals ("truong dai
    /// hoc y duoc hai phong", "SỞ Y TẾ"): a head ("trường", "sở"; typed without marks only
    /// where it cannot be a common word), the school's level, then the words up to a word that
    /// goes on with the question (NAME_ENDS), punctuation or a number. A name is new only when it
    /// opens with a word the source never uses and the source has neither its words nor the
    /// head with its first word ("số lượng").
    pub(super) fn caseless_unknown_entity(
        &self,
        typed: &str,
        tokens: &[text::Token],
        folded: &[&str],
    ) -> Option<String> {
        let in_source = |words: &[&str]| self.source_says(&words.join(" "));
        let mut i = 0;
        while i < tokens.len() {
            if !opens_head(folded[i]) {
                i += 1;
                continue;
            }
            // A head typed without marks only where it cannot be a common word.
            let unmarked_head = |n: usize| {
                tokens[i].accented || UNMARKED_HEADS.iter().any(|h| text::spells(h, &folded[i..i + n]) == Some(n))
            };
            let head = |heads: &[&[&str]], folded_heads: &[Vec<String>]| {
                head_at(tokens, i, heads, folded_heads, unmarked_head)
            };
            let (schools, bodies) = (head(SCHOOL_HEADS, &SCHOOL_HEADS_FOLDED), head(BODY_HEADS, &BODY_HEADS_FOLDED));
            // "cùng phường", "cùng xã": the same ward as another, no name after it.
            let same = i > 0 && folded[i - 1] == SAME;
            let places =
                if PLACE_OPENERS.contains(&folded[i]) && !same { head(PLACE_HEADS, &PLACE_HEADS_FOLDED) } else { None };
            let place = schools.is_none() && places.is_some() && places >= bodies;
            let Some((school, len, mut j)) = after_head(schools, bodies.max(places), folded, i) else {
                i += 1;
                continue;
            };
            let name_start = j;
            // A university's, an academy's or a college's head is its level ("dai hoc y duoc").
            // Typed with marks inside a clause ("thi đại học mà muốn …", "giáo dục đại học …"),
            // or before a word that goes on with the question ("dai hoc duoc …"), it is the
            // common noun; opening the question or a clause ("đại học hàng hải có …", "ĐẠI HỌC
            // Y DƯỢC …", "còn đh y dược thì sao") it is the level again.
            let opens_clause = i == 0
                || text::parts_words(&typed[tokens[i - 1].end..tokens[i].start])
                || CLAUSE_OPENERS.contains(&folded[i - 1]);
            let head_level = school
                && folded[i] != "truong"
                && (!tokens[i].accented || opens_clause)
                && folded.get(i + len).is_some_and(|w| !NOT_NAMES.contains(w));
            // Without capitals, a school is named with its level ("trường thpt trần phú", not
            // "trường bên cạnh").
            if school && !head_level && name_start == i + len {
                i = name_start.max(i + 1);
                continue;
            }
            let opens_name = |j: usize| {
                school
                    && j == name_start
                    && name_start > i + len
                    && NAME_OPENING_ENDS.contains(&folded[j])
                    && folded.get(j + 1).is_some_and(|w| !NAME_ENDS.contains(w))
            };
            while j < tokens.len()
                && j - name_start < MAX_CASELESS_NAME
                && !text::parts_words(&typed[tokens[j - 1].end..tokens[j].start])
                && (!NAME_ENDS.contains(&folded[j]) || opens_name(j))
                && (!place || !PLACE_NAME_ENDS.contains(&folded[j]))
                && !NAME_BREAKS_MARKED.contains(&tokens[j].text.as_str())
                && !folded[j].chars().all(|c| c.is_ascii_digit())
            {
                j += 1;
            }
            // A department's whole name may open with a word that ends names ("so tai nguyen va
            // moi truong").
            let j = if school || place { j } else { whole_field(typed, tokens, folded, name_start, j) };
            if j == name_start {
                i = name_start.max(i + 1);
                continue;
            }
            // A name opens with a word the source never uses ("y dược", not "thiếu thiết bị",
            // "điện thoại"), and the source has neither its words nor the head with its first
            // word ("số lượng"). A body may also be named with words the source uses on their
            // own ("sở xây dựng", "so cong thuong"): a field departments are named for, which
            // the source never puts after the head ("cơ sở mầm non", "số điện thoại" are no
            // bodies).
            // An abbreviation the lexicon reads as the source's words is no new word ("trường
            // nghề hp": "hp" is "Hải Phòng").
            let first_new = !self.source_says(folded[name_start]) && !self.reads_as_source(folded[name_start]);
            let field = || {
                let name = folded[name_start..j].join(" ");
                DEPARTMENT_FIELDS.iter().any(|f| name == *f || name.starts_with(&format!("{f} ")))
            };
            // A school with its level is named by words the source never puts together
            // ("trường đh hàng hải"), a place by a word the source never uses ("huyện thủy
            // nguyên"), a body by a field.
            // Named by a field, the name as a whole is checked ("sở giao thông vận tải", though
            // "cơ sở giáo dục" holds "sở giao").
            let by_field = !first_new && !school && !place;
            // After a head the source never uses ("bệnh viện", "công ty") a name is new when the
            // source does not have its words together ("benh vien tre em hai phong", though the
            // source has "trẻ em"; not "công ty nước ngoài").
            let new_head = !school && !place && !in_source(&folded[i..i + len]);
            let kind = || BODY_KINDS.iter().any(|k| text::spells(k, &folded[name_start..]).is_some());
            let named = if new_head || (first_new && !place) {
                !in_source(&folded[name_start..j]) && (school || !kind())
            } else if school {
                // A level that says more than "trường học", "trường nghề" (common words), and
                // a name of two or three words.
                // A kind of school opens no name ("trường mầm non tư thục").
                let levels = &folded[i + len..name_start];
                (head_level || levels.iter().any(|l| NAMING_LEVELS.contains(l)))
                    && levels.last() != Some(&"co")
                    && (2..=3 + usize::from(head_level)).contains(&(j - name_start))
                    && (!in_source(&folded[name_start..j])
                        || self.names_another(folded[name_start - 1], &folded[name_start..j]))
                    && !SCHOOL_KINDS.iter().any(|k| text::spells(k, &folded[name_start..]).is_some())
            } else if place {
                // A district's name is two words ("thủy nguyên", "lê chân"), then the question.
                j - name_start == 2 && !in_source(&folded[name_start..j])
            } else {
                !school && field() && !in_source(&folded[i..j])
            };
            if named && (by_field || !in_source(&folded[name_start - 1..name_start + 1])) {
                let span = &typed[tokens[i].start..tokens[j - 1].end];
                // A known body's name may run on past a word that ends names ("sở tt và tt làm gì":
                // "sở thông tin và truyền thông").
                let known_body = || !school && !place && self.opens_with_body(&typed[tokens[i].start..]);
                if !self.knows_name(span, &folded[i..j], place) && !known_body() {
                    return Some(span.to_owned());
                }
            }
            i = j.max(i + 1);
        }
        None
    }
}
