//! Words asking when, until when, how many and how much, and what money is for.

/// A question about when: only a fact with a date or a year answers it.
pub const TIME_CUES: &[&str] = &[
    "khi nao",
    "bao gio",
    "ngay nao",
    "nam nao",
    "thang nao",
    "thoi han",
    "han chot",
    "luc nao",
    "thoi diem nao",
    "ngay bao nhieu",
    "den bao gio",
    "tu khi nao",
    // "từ ngày nào", "từ bao giờ" typed without marks: "tu" is "từ" here, never "tự"/"tư".
    "tu ngay nao",
    "tu bao gio",
    "tu luc nao",
    "bat dau tu",
    "bao gio thi",
    "ngay may",
    "thang may",
];

/// A question about a deadline named with the noun ("có mốc thời gian không", "thời gian thực
/// hiện"): a time question whose words are no topic (they would match the article's
/// "Thời gian: 09/01/2025 09:22" line).
pub const DEADLINE_CUES: &[&str] = &[
    "moc thoi gian",
    "thoi gian thuc hien",
    "lo trinh thoi gian",
    // The yes/no "có" before them, typed without marks, is no topic either ("co" ~ "cơ quan").
    "co moc thoi gian",
    "co thoi gian thuc hien",
    "co lo trinh thoi gian",
];

/// What states an end in a quote ("đến năm 2030"), folded.
pub const HORIZON: &str = "den nam";

/// A time question asking an end ("đến năm nào", "đến bao giờ"): the day a document was issued
/// does not answer it, a horizon does.
pub const UNTIL_CUES: &[&str] =
    &["den nam nao", "den bao gio", "den khi nao", "den luc nao", "toi nam nao", "toi bao gio", "den nam bao nhieu"];

/// Words of finishing that ask no topic of their own beside an end asked ("cái đó đến năm nào
/// thì xong?", "bao giờ hoàn thành"), folded syllables.
pub const DONE_WORDS: &[&str] = &["xong", "hoan", "thanh", "ket", "thuc"];

/// "từ", the word an unmarked "tu" is inside a time cue ("tu ngay nao", "tu bao gio").
pub const TIME_FROM: &str = "từ";

/// A question about how many or how much: only a fact with a number answers it.
/// ("mấy" alone is often a plural in speech: "mấy trường đó"; it counts at the end of a question.)
pub const QUANTITY_CUES: &[&str] = &[
    "bao nhieu",
    "may tuoi",
    "khoa may",
    "so may",
    "may phan tram",
    "may %",
    "may nam",
    "nam may",
    "lop may",
    "may lan",
    "ty le bao nhieu",
    "muc bao nhieu",
    "may ty",
    "may trieu",
    "may tram",
    "may nghin",
];

/// Money, as the lexicon reads every word for it ("kinh phí", "tiền", "vốn" → "ngân sách"), folded.
pub const MONEY_WORDS: [&str; 2] = ["ngan", "sach"];
/// After the money word, words that say whose money it is, when or how it is spent, not what
/// for ("ngân sách thành phố dành cho giáo dục", "vốn đầu tư hằng năm cho …"), folded syllables.
pub const MONEY_FRAME: &[&str] = &[
    "thanh", "pho", "tp", "hai", "phong", "hp", "dia", "phuong", "nha", "nuoc", "hang", "moi", "nam", "chi", "danh",
    "dau", "tu", "bo", "tri", "cap", "cua",
];
/// What money is for follows this word when no money word is typed ("chi bao nhiêu cho giáo dục").
pub const MONEY_PURPOSE: &str = "cho";

/// Words that ask a share ("tỷ lệ trẻ em đi học", "bao nhiêu phần trăm học sinh"), folded
/// syllables: the share asked is of what follows them.
pub const SHARE_WORDS: [[&str; 2]; 2] = [["ty", "le"], ["phan", "tram"]];
/// After a share's word, words that say how the share stands, not of what ("tỷ lệ tối thiểu",
/// "phần trăm đạt được"), folded syllables.
pub const SHARE_FRAME: &[&str] = &[
    "dat", "chiem", "toi", "thieu", "da", "duoc", "cua", "tong", "la", "khoang", "muc", "hien", "nay", "bao", "nhieu",
];

/// Events held about a document ("hội nghị quán triệt Kết luận 91", "buổi tập huấn"), folded: a
/// "when" asked of one is not the document's issue date.
pub const DOCUMENT_EVENTS: &[&str] =
    &["hoi nghi", "hoi thao", "cuoc hop", "buoi hop", "tap huan", "so ket", "tong ket", "le ky", "le phat dong"];
