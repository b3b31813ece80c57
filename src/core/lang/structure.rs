//! Words that ask how the plan is laid out ("kế hoạch có mấy phần", "phần tổ chức thực hiện gồm
//! mấy mục", "mấy nội dung triển khai chính"): a counting word, then a part's noun. Folded.

/// The counting words a part's noun follows ("mấy", "bao nhiêu" read as one word).
pub const COUNTING: &[&str] = &["may", "bao nhieu"];

/// "bao nhiêu" read as two words.
pub const HOW_MANY: [&str; 2] = ["bao", "nhieu"];

/// The nouns of the plan's parts and their items, as counted: "phần", "mục", "ý", "nội dung".
pub const PART_NOUNS: &[&str] = &["phan", "muc", "y", "noi dung"];

/// Words after such a noun that make it another word: "phần trăm", "mục tiêu", "ý kiến".
pub const NOT_PARTS: &[&str] = &["tram", "tieu", "kien"];
