//! The words that find the question in a rambling message, folded: the words that ask, and the
//! lead-ins before the asked words ("sếp bảo tìm xem …").

/// Lead-ins before the asked words inside a clause ("sếp bảo tìm xem kế hoạch giao cho …", "muốn
/// biết là …"): the words up to one are dropped when the rest asks (folded, one space apart).
pub const LEAD_INS: &[&str] = &["tim xem", "tim hieu xem", "xem giup", "xem thu", "hoi xem", "muon biet", "can biet"];

/// Words that close a yes/no question (folded): "… có không", "… chưa".
pub const CLOSING_QUESTION_WORDS: &[&str] = &["khong", "chua", "ko", "k", "hok", "ha", "a", "ah", "nhi", "sao"];

/// Question words (folded, one space apart): a sentence holding them asks.
pub const QUESTION_WORDS: &[&str] =
    &["ai", "gi", "nao", "sao", "dau", "bao nhieu", "bao gio", "khi nao", "the nao", "co phai", "may", "ntn", "j"];
