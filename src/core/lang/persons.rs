//! Words that say a person is named ("ông Nguyễn Văn Tùng", "cô Lan", "đồng chí Trần Hùng"):
//! the plan names no official, so a person asked about by name is one the plan says nothing of.

/// Titles put before a person's name, with their marks: typed with marks they match only as
/// written ("có" is no "cô").
pub const PERSON_TITLES: &[&str] = &["ông", "bà", "thầy", "cô", "anh", "chị", "đồng chí"];

/// Titles that still say a person when typed without marks ("ong nguyen van tung"), folded:
/// "co", "anh", "chi" are common words there ("có", "ảnh", "chỉ").
pub const UNMARKED_PERSON_TITLES: &[&str] = &["ong", "ba", "thay", "dong chi"];

/// Vietnamese family names, folded: a name after a title opens with one.
pub const SURNAMES: &[&str] = &[
    "nguyen", "tran", "le", "pham", "hoang", "huynh", "phan", "vu", "vo", "dang", "bui", "do", "ho", "ngo", "duong",
    "ly", "dinh", "dao", "mai", "trinh", "luong", "cao", "vuong", "ta", "ha", "lam", "doan", "chu", "to", "quach",
    "luu", "trieu", "thai", "kieu", "khuc", "nghiem", "tong", "giang", "la", "mac", "phung", "dam", "lai",
];

/// Middle names that tell a person's name typed without marks or capitals ("nguyen van tung"),
/// folded.
pub const MIDDLE_NAMES: &[&str] = &[
    "van", "thi", "duc", "minh", "thanh", "quoc", "huu", "ngoc", "xuan", "hong", "kim", "cong", "dinh", "the", "tuan",
];

/// Words that end a person's name typed without capitals besides those that end any name
/// ("ông nguyễn văn tùng phụ trách gì"), folded.
pub const PERSON_NAME_ENDS: &[&str] = &["phu", "chiu", "dam", "giu", "duoc", "noi", "ky", "chi", "de", "hien", "hoi"];

/// Verbs after a name that make it the one asking ("Bác Nguyễn Văn Hải hỏi …", "cô Lan xin
/// hỏi"), folded.
pub const ASKER_VERBS: &[&str] = &["hoi", "xin", "thac"];

/// Words before a title that make the person the one a claim was heard from ("nghe ông tổ
/// trưởng nói …", "nghe chị hàng xóm bảo …"): the teller, not whom the plan is asked about,
/// folded.
pub const HEARING_WORDS: &[&str] = &["nghe"];

/// People paid a wage, folded: an ambiguous word of an uncovered topic typed without marks right
/// before one reads as that topic's word ("luong gv" is "lương giáo viên", "chat luong giao vien"
/// the source's "chất lượng").
pub const WAGE_EARNERS: &[&str] = &[
    "giao vien",
    "giang vien",
    "nha giao",
    "co giao",
    "thay giao",
    "can bo",
    "cong chuc",
    "vien chuc",
    "nhan vien",
    "bao mau",
];
