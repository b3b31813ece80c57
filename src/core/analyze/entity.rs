//! The entity guard's reading: bodies, schools and documents a question names that the
//! knowledge base does not know ("Sở Y tế", "Trường THPT Trần Phú", "Kế hoạch 120/KH-UBND").

use super::{Origin, Word};
use crate::core::Engine;
use crate::core::lang;
use crate::core::lang::{
    BODY_HEADS, COMPARES, CONTENTS_ASKED, DEPARTMENT_NAMES, PLACE_HEADS, PROGRAMME_HEADS, SCHOOL_HEADS,
};
use crate::core::short_words::ShortWords;
use crate::text;
use dates::{date_after, same_date};
use std::sync::LazyLock;

mod brand;
mod caseless;
use caseless::caseless;
mod dates;
mod english;
mod own;
mod person;

/// Words that say a school's level or kind between "Trường" and its proper name ("Trường THPT
/// Trần Phú", "Trường mầm non Hoa Sen"), folded.
const SCHOOL_LEVELS: &[&str] = &[
    "dai", "hoc", "cao", "dang", "trung", "cap", "thpt", "thcs", "th", "mn", "mam", "non", "tieu", "pho", "thong",
    "co", "so", "chuyen", "dh", "cd", "nghe", "pt", "ptth", "ptcs", "vien", "ky", "thuat",
];

/// The heads' words without marks, folded once (a question is matched against them word by word).
/// [`COMPARES`] split into their words once.
static COMPARE_WORDS: LazyLock<Vec<Vec<&str>>> =
    LazyLock::new(|| COMPARES.iter().map(|c| c.split(' ').collect()).collect());
static SCHOOL_HEADS_FOLDED: LazyLock<Vec<Vec<String>>> = LazyLock::new(|| fold_heads(SCHOOL_HEADS));
static BODY_HEADS_FOLDED: LazyLock<Vec<Vec<String>>> = LazyLock::new(|| fold_heads(BODY_HEADS));
/// Body heads read only before a capitalised name ("Ban Tuyên giáo Thành ủy"; "ban hành", "ban
/// ngành" are common words): [`BODY_HEADS`] and [`lang::CASED_BODY_HEADS`] (never the
/// "Phòng" of "Hải Phòng", see [`Engine::unknown_entity`]).
static CASED_BODY_HEADS: LazyLock<Vec<&[&str]>> =
    LazyLock::new(|| BODY_HEADS.iter().chain(lang::CASED_BODY_HEADS).copied().collect());
static CASED_BODY_HEADS_FOLDED: LazyLock<Vec<Vec<String>>> = LazyLock::new(|| fold_heads(&CASED_BODY_HEADS));
static PLACE_HEADS_FOLDED: LazyLock<Vec<Vec<String>>> = LazyLock::new(|| fold_heads(PLACE_HEADS));
static PROGRAMME_HEADS_FOLDED: LazyLock<Vec<Vec<String>>> = LazyLock::new(|| fold_heads(PROGRAMME_HEADS));

/// The first words of all the heads above, folded and sorted: a word that is none of them opens
/// no head, and no head is tried there (most words open none).
static HEAD_OPENERS: LazyLock<ShortWords> = LazyLock::new(|| {
    ShortWords::new(
        [&*SCHOOL_HEADS_FOLDED, &*CASED_BODY_HEADS_FOLDED, &*PLACE_HEADS_FOLDED, &*PROGRAMME_HEADS_FOLDED]
            .into_iter()
            .flatten()
            .filter_map(|h| h.first().map(String::as_str)),
    )
});

/// Whether some head's first word is `folded` (see [`HEAD_OPENERS`]).
fn opens_head(folded: &str) -> bool {
    HEAD_OPENERS.contains(folded)
}

fn fold_heads(heads: &[&[&str]]) -> Vec<Vec<String>> {
    heads.iter().map(|h| h.iter().map(|w| text::fold_marks(w)).collect()).collect()
}

/// Bodies named without a head word, folded: a question about one the source never
/// mentions asks about a body the plan gives nothing to.
const UNHEADED_BODIES: &[&str] = &[
    "cong an",
    "quan doi",
    "bo doi",
    "toa an",
    "vien kiem sat",
    "mat tran to quoc",
    "doan thanh nien",
    "hoi phu nu",
    "hoi cuu chien binh",
    "cong doan",
    "bao hiem xa hoi",
    "kho bac",
];

/// The first words of [`UNHEADED_BODIES`] and of [`OFFICES`]: only where one stands is a phrase
/// of the list looked for.
static UNHEADED_OPENERS: LazyLock<ShortWords> = LazyLock::new(|| first_words(UNHEADED_BODIES));
static OFFICE_OPENERS: LazyLock<ShortWords> = LazyLock::new(|| first_words(OFFICES));

fn first_words(phrases: &[&'static str]) -> ShortWords {
    ShortWords::new(phrases.iter().filter_map(|p| p.split(' ').next()))
}

/// The first words of a place's name heads (folded): only they are tried as one.
const PLACE_OPENERS: &[&str] = &["quan", "huyen", "phuong", "xa", "thi"];

/// Offices a person holds, folded: a question about the holder of one the source never
/// mentions asks for a person the source does not name.
const OFFICES: &[&str] = &["chu tich", "bi thu", "hieu truong", "pho giam doc", "truong phong"];

impl Engine {
    /// The first body or school the question names by a proper name ("Sở Y tế", "Trường mầm non
    /// Hoa Sen") that the source never mentions and no known agency or document name matches:
    /// the name as typed. Names are found by their capitals; in a question whose capitals say
    /// nothing (all lower case, all capitals) by [`Engine::caseless_unknown_entity`].
    /// `tokens` are `text::tokenize(typed)` and `raw` the question's raw words made from them,
    /// as [`Engine::analyse`] has them.
    pub(in crate::core) fn unknown_entity(&self, typed: &str, tokens: &[text::Token], raw: &[Word]) -> Option<String> {
        let folded: Vec<&str> = tokens.iter().map(|t| t.folded.as_str()).collect();
        if let Some(office) = self.unnamed_office(typed, tokens, &folded) {
            return Some(office);
        }

        if let Some(document) = self.compared_unknown_document(raw) {
            return Some(document);
        }
        if caseless(typed) {
            // "Samsung hỗ trợ gì": a brand opening the question has the one capital.
            return self
                .caseless_unknown_entity(typed, tokens, &folded)
                .or_else(|| self.unknown_person(typed, tokens, &folded, false))
                .or_else(|| self.unknown_brand(typed, tokens, raw));
        }
        if raw.len() != tokens.len() {
            return None;
        }
        // "Hoa Sen", not "MN" or "PT": abbreviations in capitals say a kind, not a name.
        let initial_capital =
            |i: usize| !tokens[i].capitals && typed[tokens[i].start..].chars().next().is_some_and(char::is_uppercase);
        let mut i = 0;
        while i < tokens.len() {
            if !opens_head(folded[i]) {
                i += 1;
                continue;
            }
            let head =
                |heads: &[&[&str]], folded_heads: &[Vec<String>]| head_at(tokens, i, heads, folded_heads, |_| true);
            // A body's or a school's name starts with a capital ("Sở", "Trường"): a lower-case
            // head is a common word ("bố cục", "toàn bộ", "cán bộ"); a place's head may be in
            // lower case before a capitalised name ("UBND quận Lê Chân").
            // Only a word that opens a place's name is tried as one (most words are not).
            let place = if PLACE_OPENERS.contains(&folded[i]) { head(PLACE_HEADS, &PLACE_HEADS_FOLDED) } else { None };
            // So may a programme's head ("có chương trình Sữa học đường không").
            let programme = head(PROGRAMME_HEADS, &PROGRAMME_HEADS_FOLDED)
                .filter(|&n| folded.get(i + n).is_some_and(|&w| !opens_head(w)));
            // A programme may be named by an abbreviation ("Chương trình OCOP") the lexicon does
            // not read as the source's words.
            let programme_initials = |k: usize| {
                programme.is_some_and(|n| k == i + n)
                    && tokens[k].capitals
                    && tokens[k].text.len() >= 3
                    && !self.reads_as_source(folded[k])
            };
            let place_named = place
                .or(programme)
                .is_some_and(|n| i + n < tokens.len() && (initial_capital(i + n) || programme_initials(i + n)));
            // So may a school's head before its level ("trường THPT Ngô Quyền").
            let school_named = || {
                after_head(head(SCHOOL_HEADS, &SCHOOL_HEADS_FOLDED), None, &folded, i)
                    .is_some_and(|(_, n, k)| k > i + n && k < tokens.len() && initial_capital(k))
            };
            if !place_named
                && !typed[tokens[i].start..].chars().next().is_some_and(char::is_uppercase)
                && !school_named()
            {
                i += 1;
                continue;
            }
            // "Hải Phòng" is the city, no "Phòng …" head.
            if i > 0 && [folded[i - 1], folded[i]] == lang::CITY_WORDS {
                i += 1;
                continue;
            }
            let Some((_, _, mut j)) = after_head(
                head(SCHOOL_HEADS, &SCHOOL_HEADS_FOLDED),
                head(&CASED_BODY_HEADS, &CASED_BODY_HEADS_FOLDED).max(place).max(programme),
                &folded,
                i,
            ) else {
                i += 1;
                continue;
            };
            let name_start = j;
            while j < tokens.len() {
                // A name never runs across punctuation ("… Sở Y tế. Kế hoạch …").
                if text::parts_words(&typed[tokens[j - 1].end..tokens[j].start]) {
                    break;
                }
                // A capitalised word; a word of the name in lower case after one ("Sở Y tế");
                // any word between two capitalised ones ("Hàng hải Việt Nam", "Kế hoạch và Đầu tư").
                let capital = initial_capital(j) || programme_initials(j);
                let after_capital = j > name_start && initial_capital(j - 1);
                // "hải" (a stop word, typed with marks, for the city's name) outside "Hải Phòng"
                // goes on with a name: "Hàng hải", "Duyên hải".
                let [sea_word, city_end] = lang::CITY_WORDS;
                let sea = raw[j].accented && folded[j] == sea_word && folded.get(j + 1).is_none_or(|&w| w != city_end);
                // "Trường mầm non Sao Mai thuộc quận Hải An": a word saying where ends the name.
                let locative = lang::LOCATIVES.contains(&folded[j]);
                let lower_after_capital = after_capital && (!raw[j].stop || sea) && !locative;
                let joining = after_capital && j + 1 < tokens.len() && initial_capital(j + 1);
                // "Sở Xây dựng Sở Nội vụ", "Sở Công Thương và Sở Tài chính": another body's head
                // before a capitalised name opens another name (a word joining them is neither's).
                let other = head_at(tokens, j, BODY_HEADS, &BODY_HEADS_FOLDED, |_| true).is_some_and(|n| {
                    j > name_start && initial_capital(j) && j + n < tokens.len() && initial_capital(j + n)
                });
                if other && j - 1 > name_start && !initial_capital(j - 1) {
                    j -= 1;
                }
                if other || !(capital || lower_after_capital || joining) {
                    break;
                }
                j += 1;
            }
            let j = whole_field(typed, tokens, &folded, name_start, j);
            if j > name_start {
                let span = &typed[tokens[i].start..tokens[j - 1].end];
                // A programme's title is quoted apart from its head in the source ("Đề án “Đổi
                // mới …”": "đề án | đổi mới" in the source's words).
                // A programme named by words the source has together, up to a word that goes on
                // with the question ("Chương trình Chuyển đổi số trong …"), is no programme
                // unknown to it ("Đề án Ngoại ngữ quốc gia" is: the source has no "ngoại ngữ
                // quốc gia").
                let title_end = (name_start + 1..tokens.len())
                    .find(|&k| {
                        raw[k].stop
                            || caseless::NAME_ENDS.contains(&folded[k])
                            || text::parts_words(&typed[tokens[k - 1].end..tokens[k].start])
                    })
                    .unwrap_or(tokens.len())
                    .max(j);
                let programme_known = programme.is_some()
                    && (self.source_says(&format!(
                        "{} | {}",
                        folded[i..name_start].join(" "),
                        folded[name_start..j].join(" ")
                    )) || self.source_says(&folded[name_start..title_end].join(" ")));
                if !programme_known
                    && !self.knows_name(
                        span,
                        &folded[i..j],
                        place.is_some_and(|n| j > i + n && head(&CASED_BODY_HEADS, &CASED_BODY_HEADS_FOLDED).is_none()),
                    )
                {
                    return Some(span.to_owned());
                }
            }
            i = j.max(i + 1);
        }
        self.unknown_person(typed, tokens, &folded, true).or_else(|| self.unknown_brand(typed, tokens, raw))
    }

    /// Whether a name the guard found is a place's ("Quận Lê Chân", "Le Chan District"): its first
    /// word a place's head, or its last an English place's tail.
    pub(in crate::core) fn names_place(&self, name: &str) -> bool {
        let words = text::tokenize(name);
        let heads: &[&str] = &["quan", "huyen", "phuong", "xa", "thi"];
        let tails: &[&str] = &["district", "province", "ward", "commune"];
        words.first().is_some_and(|w| heads.contains(&w.folded.as_str()))
            || words.last().is_some_and(|w| tails.contains(&w.folded.as_str()))
    }

    /// An office held by a person ("chủ tịch", "hiệu trưởng") the source never mentions: who
    /// holds it, or signed as it, the source cannot say. The office as typed; first, a body
    /// known by a common name with no head ("công an", "tòa án") the source never mentions
    /// (read off the same words).
    fn unnamed_office(&self, typed: &str, tokens: &[text::Token], folded: &[&str]) -> Option<String> {
        self.unused_phrase(typed, tokens, folded, UNHEADED_BODIES, &UNHEADED_OPENERS)
            .or_else(|| self.unused_phrase(typed, tokens, folded, OFFICES, &OFFICE_OPENERS))
    }

    /// The first phrase of `list` (folded words, one space apart) that the question's words
    /// (`tokens`, `folded` their folded forms) spell and the source never mentions: the phrase
    /// as typed. Only words of `opens` (the phrases' first words) are looked at further.
    fn unused_phrase(
        &self,
        typed: &str,
        tokens: &[text::Token],
        folded: &[&str],
        list: &[&str],
        opens: &ShortWords,
    ) -> Option<String> {
        (0..tokens.len()).filter(|&i| opens.contains(folded[i])).find_map(|i| {
            list.iter().find_map(|phrase| {
                let end = i + text::spells(phrase, &folded[i..])?;
                (!self.source_says(phrase)).then(|| typed[tokens[i].start..tokens[end - 1].end].to_owned())
            })
        })
    }

    /// A name the source mentions or the lexicon reads as a phrase of it, or one a known agency's
    /// or document's name matches ("Trường ĐH Hải Phòng"). A place (`place`) is known by its own
    /// words, not its head: "Quận Lê Chân" is no "các quận, huyện".
    fn knows_name(&self, span: &str, folded: &[&str], place: bool) -> bool {
        if self.source_says(&folded.join(" ")) {
            return true;
        }
        // A place's own words, after its head ("thị xã" is two words).
        let span = if place {
            let head = if folded.first() == Some(&"thi") { 2 } else { 1 };
            text::tokenize(span).get(head).map_or("", |t| &span[t.start..])
        } else {
            span
        };
        let words: Vec<Word> = self.analyzer.question_words(&self.analyzer.raw_words(span), false);
        // Read by the lexicon as a phrase of the source ("cty FDI" ~ "doanh nghiệp đầu tư …").
        let read: Vec<&str> = words.iter().map(|w| w.folded.as_str()).collect();
        let lexicon = !words.is_empty() && words.iter().all(|w| w.origin == Origin::Lexicon);
        if lexicon && self.source_says(&read.join(" ")) {
            return true;
        }
        // The known body's name opens the name: "Ban Tuyên giáo Thành ủy" is no "Thành ủy".
        self.agency_names.find_all(&words).iter().any(|f| words[..f.start].iter().all(|w| w.stop))
            || !self.document_names.find_all(&words).is_empty()
    }

    /// A plan the question names (`documents`) that the knowledge base holds only by name, with
    /// no sections of its own ("Kế hoạch số 407-KH/TU"), when the question asks what it holds
    /// (`raw` words): "nội dung" and the plan's name, which the source does not give. Not when
    /// the question also names a plan held whole.
    pub(in crate::core) fn unheld_plan_contents(&self, documents: &[usize], raw: &[Word]) -> Option<String> {
        if documents.is_empty() {
            return None;
        }
        let plans = super::super::plans::plan_documents(&self.kb);
        if documents.iter().any(|d| plans.contains(d)) {
            return None;
        }
        let asks = (0..raw.len()).any(|i| {
            CONTENTS_ASKED
                .iter()
                .any(|c| c.split(' ').eq(raw[i..].iter().take(c.split(' ').count()).map(|w| w.folded.as_str())))
        });
        let plan = documents
            .iter()
            .map(|&d| &self.kb.documents[d])
            .find(|d| text::fold_marks(&text::lowercase(&d.kind)) == "ke hoach")?;
        asks.then(|| crate::messages::contents_of(&crate::messages::document_name(plan)))
    }

    /// Whether the question names a kind of document with a number no known document has
    /// ("Kế hoạch 299", "Quyết định số 12"). The one check of named documents: a knowledge base
    /// that holds more plans extends it here.
    /// A kind followed by "năm" and a year no known document was issued in ("Kế hoạch năm 2023")
    /// names another one too.
    pub(in crate::core) fn unknown_document(&self, raw: &[Word]) -> bool {
        self.unknown_document_at(raw).is_some()
    }

    /// Where the first document [`Engine::unknown_document`] finds is named (its kind's start).
    pub(in crate::core) fn unknown_document_at(&self, raw: &[Word]) -> Option<usize> {
        self.cues
            .document_kinds
            .find_all(raw)
            .into_iter()
            .find(|f| {
                let mut i = f.start + f.len;
                if raw.get(i).is_some_and(|w| w.folded == "so") {
                    i += 1;
                }
                if raw[f.start..i].iter().map(|w| w.folded.as_str()).eq([lang::LAW]) {
                    return self.unknown_law(raw, f.start, i);
                }
                if raw.get(i).is_some_and(|w| w.folded == "nam") {
                    return raw.get(i + 1).is_some_and(|w| {
                        w.is_number()
                            && w.text.len() == 4
                            && !self.kb.documents.iter().any(|d| d.date.ends_with(w.text.as_str()))
                    });
                }
                if raw.get(i).is_some_and(|w| !w.is_number()) {
                    // Named by its date, not its number: "Kế hoạch … ban hành ngày 15/3/2025".
                    return date_after(&raw[i..])
                        .is_some_and(|date| !self.kb.documents.iter().any(|d| same_date(&d.date, date)));
                }
                raw.get(i)
                    .is_some_and(|w| w.is_number() && !self.numbers_document_of_kind(&raw[f.start..f.start + f.len], w))
            })
            .map(|f| f.start)
    }

    /// A law named by its title at `start` ("Luật Giáo dục", "luật nhà giáo") whose name opens no
    /// known document's ("Luật Ngân sách nhà nước" does); "pháp luật", "luật sư" name no law.
    fn unknown_law(&self, raw: &[Word], start: usize, title: usize) -> bool {
        let after_law = start > 0 && lang::NOT_A_LAW_BEFORE.contains(&raw[start - 1].folded.as_str());
        raw.get(title).is_some_and(|w| !w.stop && !w.is_number() && !lang::NOT_A_LAW_AFTER.contains(&w.folded.as_str()))
            && !after_law
            && self.document_names.at(raw, start).is_none()
    }

    /// A document the knowledge base does not know, compared with another ("Kết luận 91 và
    /// Nghị quyết 45 khác gì nhau"): the comparison needs it, so it is what the plan cannot
    /// speak of. Its kind and number as typed.
    fn compared_unknown_document(&self, raw: &[Word]) -> Option<String> {
        let compares = (0..raw.len()).any(|i| {
            COMPARE_WORDS
                .iter()
                .any(|c| c.len() <= raw.len() - i && c.iter().zip(&raw[i..]).all(|(w, r)| r.folded.as_str() == *w))
        });
        if !compares {
            return None;
        }
        let u = self.unknown_document_at(raw)?;
        let end = raw[u..].iter().position(Word::is_number).map_or(u + 1, |n| u + n + 1).min(u + 4);
        Some(raw[u..end].iter().map(|w| w.text.as_str()).collect::<Vec<_>>().join(" "))
    }

    /// Whether a known document is named before word `u` (an unknown one): not the plan itself,
    /// the frame of every question ("Kế hoạch 298 có thực hiện Nghị quyết 45 không"), nor one set
    /// aside ("Ngoài Kết luận 91 thì kế hoạch còn căn cứ vào Chỉ thị 12 không").
    pub(in crate::core) fn known_document_before(&self, raw: &[Word], u: usize) -> bool {
        let aside = |i: usize| i > 0 && raw[i - 1].folded == lang::BESIDES;
        (0..u).any(|i| self.document_names.at(raw, i).is_some_and(|f| *f.value != self.plan && !aside(i)))
    }

    /// Whether `number` is the number of a known document of the kind `kind` (its words as typed:
    /// "Kế hoạch", "KH"): "Quyết định 298" and "Chỉ thị 91" name no known document, though a plan
    /// and a conclusion carry those numbers. A kind is typed whole or by its words' initials.
    pub(in crate::core) fn numbers_document_of_kind(&self, kind: &[Word], number: &Word) -> bool {
        let Some(kinds) = self.document_numbers.get(number.text.as_str()) else {
            return false;
        };
        let typed: Vec<&str> = kind.iter().map(|w| w.folded.as_str()).collect();
        kinds.iter().any(|k| {
            k.split(' ').eq(typed.iter().copied()) || {
                let initials: String = k.split(' ').filter_map(|w| w.chars().next()).collect();
                typed.len() == 1 && typed[0] == initials
            }
        })
    }
}
/// Whether `name` (a knowledge-base agency's) opens with a school's head ("Trường", "Đại học").
pub fn names_school(name: &str) -> bool {
    head_at(&text::tokenize(name), 0, SCHOOL_HEADS, &SCHOOL_HEADS_FOLDED, |_| true).is_some()
}

/// Where a name's own words start when a school's or a body's head (`school` or `body` words
/// long) opens at `i`: after the head and, for a school, its level ("Trường THPT …"). Whether it
/// is a school, the head's length and that position; `None` when no head opens here.
/// The length of the longest of `heads` (`folded_heads` their folded forms) typed at word `i`:
/// a word typed with marks as the head's, one without as its folded form; `also(length)` is a
/// further condition on a head that fits.
pub(super) fn head_at(
    tokens: &[text::Token],
    i: usize,
    heads: &[&[&str]],
    folded_heads: &[Vec<String>],
    also: impl Fn(usize) -> bool,
) -> Option<usize> {
    let fits = |h: &[&str], fh: &[String]| {
        h.len() <= tokens.len() - i
            && h.iter()
                .zip(fh)
                .zip(&tokens[i..])
                .all(|((w, fw), t)| if t.accented { t.text == *w } else { t.folded == *fw })
            && also(h.len())
    };
    heads.iter().zip(folded_heads).filter(|(h, fh)| fits(h, fh)).map(|(h, _)| h.len()).max()
}

fn after_head(school: Option<usize>, body: Option<usize>, folded: &[&str], i: usize) -> Option<(bool, usize, usize)> {
    let (school, len) = match (school, body) {
        (Some(n), _) => (true, n),
        (None, Some(n)) => (false, n),
        (None, None) => return None,
    };
    let mut j = i + len;
    if school {
        while j < folded.len() && SCHOOL_LEVELS.contains(&folded[j]) {
            j += 1;
        }
    }
    Some((school, len, j))
}

/// Where a body's name ends when its words from `name_start` spell a whole department's name
/// that runs past `j` ("Sở Giao thông vận tải", "so tai nguyen va moi truong": lower-case words
/// and words that usually end a name), so that the name is said whole; else `j`.
fn whole_field(typed: &str, tokens: &[text::Token], folded: &[&str], name_start: usize, j: usize) -> usize {
    let spells = |name: &str| {
        let end = name_start + text::spells(name, folded.get(name_start..)?)?;
        (end > j && (name_start + 1..end).all(|k| !text::parts_words(&typed[tokens[k - 1].end..tokens[k].start])))
            .then_some(end)
    };
    DEPARTMENT_NAMES.iter().filter_map(|name| spells(name)).max().unwrap_or(j)
}
