//! Words that ask how the plan is laid out ("kế hoạch có mấy phần", "phần tổ chức thực hiện gồm
//! mấy mục", "mấy nội dung triển khai chính"): a counting word, then a part's noun. Folded.

/// The counting words a part's noun follows ("mấy", "bao nhiêu" read as one word).
pub const COUNTING: &[&str] = &["may", "bao nhieu"];

/// "bao nhiêu" read as two words.
pub const HOW_MANY: [&str; 2] = ["bao", "nhieu"];

/// The nouns of the plan's parts and their items, as counted: "phần", "mục", "ý", "nội dung".
pub const PART_NOUNS: &[&str] = &["phan", "muc", "y", "noi dung"];

/// Words after such a noun that make it another word: "phần trăm", "mục tiêu", "ý kiến", "mục
/// đích", "y bác sĩ", "y tế".
pub const NOT_PARTS: &[&str] = &["tram", "tieu", "kien", "dich", "bac", "te", "si"];

/// The noun that also counts a share ("chiếm mấy phần tổng chi", "bao nhiêu phần học phí"):
/// counted, it names the plan's parts only at the end or before a word that asks no topic
/// ("mấy phần chính", "mấy phần vậy").
pub const SHARE_NOUN: &str = "phan";

/// Topic words that may follow [`SHARE_NOUN`] when the plan's parts are counted ("mấy phần chính").
pub const PART_CLOSERS: &[&str] = &["chinh", "lon"];

/// The verb of a share: "chiếm bao nhiêu phần" counts a share, not the plan's parts.
pub const SHARE_VERB: &str = "chiem";

/// Plural words before a part's noun that list the plan's parts when a question word follows the
/// noun ("gồm những phần nào", "có các mục gì"), folded.
pub const LISTING: &[&str] = &["nhung", "cac"];

/// The nouns [`LISTING`] lists as the plan's parts ("những nội dung nào" asks a topic's provisions).
pub const LISTED_NOUNS: &[&str] = &["phan", "muc"];

/// The question words after a listed part's noun ("những phần nào", "các phần gì"), folded.
pub const LISTING_ASKS: &[&str] = &["nao", "gi"];
