//! The verbs that make a named document the one speaking ("Nghị quyết 29 nói gì", "Kết luận 91
//! yêu cầu …"), with their marks, one space apart; the words that ask for a list of documents;
//! the kinds of document; the phrase that gives a provision's orientation; the endings that ask
//! yes or no; the word that asks a year.

/// Verbs of saying or requiring after a document's number: the question asks that document's
/// contents, which the source does not give for documents other than the plan. A word typed
/// with marks matches only as marked ("nói", not "nội"; "nêu", not "nếu").
pub const DOCUMENT_SAYS: &[&str] =
    &["nói", "yêu cầu", "quy định", "đề ra", "đề cập", "chỉ đạo", "nêu", "nhấn mạnh", "hướng dẫn", "viết"];

/// Words that ask for a list ("những văn bản", "các đề án"), folded.
pub const LIST_WORDS: &[&str] = &["nhung", "cac"];

/// "Which" after a document's kind ("nghị quyết nào"), folded.
pub const WHICH: &str = "nao";

/// The kind that names any document ("văn bản nào"), folded.
pub const ANY_DOCUMENT: &str = "van ban";

/// Kinds of legal document: one followed by a number the knowledge base does not know is
/// another document, which the bot does not cover.
pub const DOCUMENT_KINDS: &[&str] = &[
    "ke hoach",
    "kh",
    "nghi quyet",
    "nq",
    "ket luan",
    "kl",
    "quyet dinh",
    "qd",
    "thong tu",
    "tt",
    "nghi dinh",
    "nd",
    "chi thi",
    "ct",
    "cong van",
    "cv",
    "luat",
    "de an",
];

/// The kind "luật" (a law), folded: named by its title, not its number ("Luật Giáo dục").
pub const LAW: &str = "luat";
/// Words before "luật" that make it no law's name ("pháp luật"), folded.
pub const NOT_A_LAW_BEFORE: &[&str] = &["phap"];
/// Words after "luật" that make it no law's name ("luật sư", "luật lệ"), folded.
pub const NOT_A_LAW_AFTER: &[&str] = &["su", "le"];

/// "theo hướng" ("along the lines of"): the phrase with which the plan states an orientation
/// ("theo hướng tinh gọn, hiệu lực, hiệu quả"). Its preposition is a topic word there, so that
/// "… theo hướng nào?" finds the passages that state one rather than "hướng dẫn" (guidance).
pub const ORIENTATION: [&str; 2] = ["theo", "hướng"];

/// Endings that ask yes or no ("… phải không?", "… đúng ko"), with their marks, one space apart:
/// a word typed with marks matches only as written ("dụng không" is no "đúng không").
pub const YES_NO_ENDINGS: &[&str] = &["phải không", "phải ko", "phải k", "đúng không", "đúng ko", "có đúng không"];
/// Particles that ask yes or no at the end, with their marks ("… à?", "… hả?"; "ạ" is polite).
pub const YES_NO_MARKED: &[&str] = &["à", "hả"];
/// The opening that asks yes or no ("Có phải … ?"), folded.
pub const YES_NO_OPENING: &str = "co phai";

/// Words that ask for a year or a span of years ("năm bao nhiêu", "mốc … là bao nhiêu", "tầm
/// nhìn bao nhiêu", "giai đoạn nào"), with marks, one space apart: a year answers "bao nhiêu"
/// only beside one (not when a number follows it: "năm 2030" names a year, it does not ask one).
pub const YEAR_WORDS: &[&str] = &["năm", "mốc", "tầm nhìn", "giai đoạn", "thời hạn"];

/// Words that set documents side by side, each asked about ("Kế hoạch 298 và kế hoạch 123"),
/// folded.
pub const DOCUMENTS_SIDE_BY_SIDE: &[&str] = &["va", "hoac", "cung"];

/// Words that ask how documents set side by side compare ("Kết luận 91 và Nghị quyết 45 khác gì
/// nhau", "so sánh … với …"), folded: the question needs each of them.
pub const COMPARES: &[&str] = &["khac", "so sanh", "giong", "khac biet"];

/// "ngoài" (besides), folded: a document named after it is set aside, not asked about ("Ngoài
/// Kết luận 91 thì kế hoạch còn căn cứ vào … không").
pub const BESIDES: &str = "ngoai";

/// Words before "ngày" that make the date a bound of a span ("áp dụng từ ngày 01/01/2025",
/// "thực hiện đến ngày …"), folded: a document named with one is not named by the date it was
/// issued on.
pub const DATE_SPAN_BOUNDS: &[&str] = &["tu", "den"];

/// Words besides the plan's own kind that name it when it is named by its date ("văn bản ngày
/// 30/12/2024", "kh tháng 12/2024"), folded.
pub const DATED_KINDS: &[&str] = &["van ban", "vb", "kh"];

/// "tháng" and "năm" before a month's and a year's number, folded.
pub const MONTH: &str = "thang";
pub const YEAR: &str = "nam";
