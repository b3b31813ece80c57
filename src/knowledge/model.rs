//! The knowledge base's data model: what curators write in `knowledge/*.toml`, as typed values.
//!
//! Every struct denies unknown fields so a misspelt key is reported, never silently ignored.

use serde::Deserialize;

/// A source text: the verbatim document every quote is checked against.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub id: String,
    /// The file it was read from (relative to the knowledge folder), filled in by the loader.
    #[serde(skip)]
    pub origin: String,
    /// Written by `hoidap kb draft` and not yet read by a curator (`kb check --drafts` lists it).
    #[serde(default)]
    pub draft: bool,
    /// File name of the verbatim text, relative to the TOML file's folder.
    pub file: String,
    pub title: String,
    pub publisher: String,
    /// Publication date and time as printed by the source, e.g. "09/01/2025 09:22".
    pub published: String,
    pub author: String,
    /// Where the body starts: the first words of its first paragraph.
    pub body_start: String,
    /// Where the body ends: the first words of its last line (usually the byline).
    pub body_end: String,
    #[serde(default)]
    pub url: Option<String>,
    /// The text itself, filled in by the loader from `file`.
    #[serde(skip)]
    pub text: String,
}

/// A document the knowledge base knows about: the plan itself and the documents it refers to.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    pub id: String,
    /// The file it was read from (relative to the knowledge folder), filled in by the loader.
    #[serde(skip)]
    pub origin: String,
    /// Written by `hoidap kb draft` and not yet read by a curator (`kb check --drafts` lists it).
    #[serde(default)]
    pub draft: bool,
    /// Kind as a person names it: "Kế hoạch", "Kết luận", "Nghị quyết", "Đề án", "Chương trình".
    pub kind: String,
    /// Official number, e.g. "298/KH-UBND"; empty for documents that have none.
    #[serde(default)]
    pub number: String,
    /// Date of issue as printed, e.g. "30/12/2024"; empty when the source does not give it.
    #[serde(default)]
    pub date: String,
    /// Agency id of the issuer, when the source names it.
    #[serde(default)]
    pub issuer: Option<String>,
    /// Full title.
    pub title: String,
    /// Short names people type: "NQ 29", "Nghị quyết 29", "KL 91".
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Id of the document this one implements or continues, if any.
    #[serde(default)]
    pub implements: Option<String>,
    /// What the source says of this document, in plain Vietnamese.
    pub summary: String,
    pub source: String,
    pub label: String,
    pub quotes: Vec<String>,
}

/// A heading of a document, used for the table of contents.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    pub id: String,
    /// The file it was read from (relative to the knowledge folder), filled in by the loader.
    #[serde(skip)]
    pub origin: String,
    /// Written by `hoidap kb draft` and not yet read by a curator (`kb check --drafts` lists it).
    #[serde(default)]
    pub draft: bool,
    pub document: String,
    #[serde(default)]
    pub parent: Option<String>,
    /// The number as printed ("1.", "5." …); empty for unnumbered parts.
    #[serde(default)]
    pub number: String,
    pub title: String,
    pub label: String,
}

/// A provision: one paragraph, bullet or sentence group of a source, the unit of citation.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub id: String,
    /// The file it was read from (relative to the knowledge folder), filled in by the loader.
    #[serde(skip)]
    pub origin: String,
    /// Written by `hoidap kb draft` and not yet read by a curator (`kb check --drafts` lists it).
    #[serde(default)]
    pub draft: bool,
    pub document: String,
    pub source: String,
    #[serde(default)]
    pub section: Option<String>,
    /// The citation as a person would write it.
    pub label: String,
    /// Verbatim text from the source (each a substring after NFC and whitespace folding).
    pub quotes: Vec<String>,
    /// One or two plain Vietnamese sentences saying what the entry means.
    pub summary: String,
    /// Topic words and phrases people use for this entry.
    #[serde(default)]
    pub keywords: Vec<String>,
    /// Questions this entry answers, as people would ask them.
    #[serde(default)]
    pub questions: Vec<String>,
    /// Agencies this entry gives a role to.
    #[serde(default)]
    pub agencies: Vec<AgencyRole>,
}

/// An agency's role in one entry.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgencyRole {
    pub agency: String,
    pub role: Role,
    /// The duty in a short phrase ("tổng hợp dự toán chi thường xuyên…"); defaults to the summary.
    #[serde(default)]
    pub duty: Option<String>,
}

/// What an agency does in an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// Leads: "chủ trì".
    ChuTri,
    /// Carries out: "thực hiện", "triển khai".
    ThucHien,
    /// Coordinates: "phối hợp".
    PhoiHop,
    /// Advises or proposes: "tham mưu", "đề xuất".
    ThamMuu,
    /// Checks, supervises, inspects: "kiểm tra", "giám sát", "thanh tra".
    KiemTra,
    /// Guides: "hướng dẫn", "chỉ đạo".
    HuongDan,
    /// Reports: "báo cáo".
    BaoCao,
    /// Receives reports and decides: "xem xét, quyết định".
    QuyetDinh,
    /// Approves: "phê duyệt".
    PheDuyet,
    /// Issues the document: "ban hành".
    BanHanh,
}

/// A fact: a number, date, percentage or target, stated in one sentence and cited.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fact {
    pub id: String,
    /// The file it was read from (relative to the knowledge folder), filled in by the loader.
    #[serde(skip)]
    pub origin: String,
    /// Written by `hoidap kb draft` and not yet read by a curator (`kb check --drafts` lists it).
    #[serde(default)]
    pub draft: bool,
    /// The entry or document that cites it.
    pub cites: String,
    /// The fact in one plain Vietnamese sentence.
    pub statement: String,
    /// The verbatim words that support it; a substring of the cited item's quotes.
    pub quote: String,
    /// Words a question about this fact uses ("bao nhiêu phần trăm", "ngày nào").
    pub keywords: Vec<String>,
    /// Other facts the statement also states (a second person it names): cited with it, each
    /// with its own quote, so that everything the statement says rests on a quote.
    #[serde(default)]
    pub with: Vec<String>,
    /// The `topic` of an `[[uncovered]]` item this fact is the nearest answer to ("số tiền cụ
    /// thể": the 20 % share of the budget for education), given after that decline, labelled,
    /// when it answers the rest of the question ("thành phố chi bao nhiêu tiền cho giáo dục").
    #[serde(default)]
    pub nearest_for: Option<String>,
}

/// A body the sources name.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Agency {
    pub id: String,
    /// The file it was read from (relative to the knowledge folder), filled in by the loader.
    #[serde(skip)]
    pub origin: String,
    /// Written by `hoidap kb draft` and not yet read by a curator (`kb check --drafts` lists it).
    #[serde(default)]
    pub draft: bool,
    /// Full official name as the source writes it.
    pub name: String,
    /// Abbreviations and informal names people type, with or without diacritics.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// One plain sentence on what the body is, from the source's point of view.
    #[serde(default)]
    pub note: Option<String>,
}

/// A group of words that mean the same in questions: abbreviations, synonyms, paraphrases.
/// The first of `words` is the canonical form the others are read as.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Term {
    /// The file it was read from, filled in by the loader.
    #[serde(skip)]
    pub origin: String,
    pub words: Vec<String>,
}

/// A topic people ask about that the sources do not cover; questions about it are declined.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UncoveredTopic {
    /// The file it was read from, filled in by the loader.
    #[serde(skip)]
    pub origin: String,
    pub topic: String,
    pub words: Vec<String>,
    /// The topic names another entity (a province): a question holding it is about that
    /// entity, declined whole, never answered without the topic's words.
    #[serde(default)]
    pub whole: bool,
}

/// A small-talk reply (greeting, thanks, help…) or a fixed reply the bot needs.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmallTalk {
    pub id: String,
    /// The file it was read from (relative to the knowledge folder), filled in by the loader.
    #[serde(skip)]
    pub origin: String,
    /// Phrases that trigger it; empty for replies the bot uses by id (e.g. "out-of-scope").
    #[serde(default)]
    pub patterns: Vec<String>,
    pub reply: String,
}

/// A chat word or abbreviation people type for other words ("gv" for "giáo viên", "ko" for
/// "không"), read as those words before a question is analysed.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Shorthand {
    /// The file it was read from, filled in by the loader.
    #[serde(skip)]
    pub origin: String,
    /// The forms as typed, lower case ("ko", "k", "hok"); with or without marks ("đc", "dc").
    pub short: Vec<String>,
    /// The words they stand for; empty for a word that only addresses the bot ("ad"), dropped.
    pub means: String,
    /// Where a form stands for `means`; elsewhere it is read as typed.
    #[serde(default)]
    pub at: ShorthandPlace,
    /// Also read as `means` right after one of these words (lower case, without marks): "e"
    /// after "cho" ("cho e hỏi").
    #[serde(default)]
    pub after: Vec<String>,
    /// Also read as `means` right before one of these words (lower case, without marks): "bn"
    /// before "nào" ("bn nào biết": "bạn", elsewhere "bao nhiêu").
    #[serde(default)]
    pub before: Vec<String>,
    /// Also read as `means` when one of these words (lower case, without marks) stands in the
    /// same sentence: "hp" with "giảm" or "miễn" ("hp của con em có được giảm không": "học phí").
    #[serde(default)]
    pub near: Vec<String>,
}

/// Where a shorthand form stands for its meaning.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ShorthandPlace {
    /// Wherever it stands.
    #[default]
    Anywhere,
    /// Only closing a sentence (only other closing words after it): "k" in "… có không k".
    End,
    /// Only opening a sentence (or after a word of `after`): "e" in "e hỏi …".
    Start,
    /// Only after a word of `after`.
    After,
}

/// English words and phrases read as the plan's Vietnamese words, so that an English question
/// is matched against the Vietnamese plan (no translation of the answer).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnglishTerm {
    /// The file it was read from, filled in by the loader.
    #[serde(skip)]
    pub origin: String,
    /// English words or phrases, lower case ("kindergarten", "preschool").
    pub en: Vec<String>,
    /// The Vietnamese words of the plan they are read as ("mầm non").
    pub vi: String,
}
