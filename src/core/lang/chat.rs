//! The words of chat about the bot itself: its names in chat, asking and using it, who made
//! it, whether its answers hold, and the small words of a bare opening ("ad ơi, cho em hỏi chút").
//! Folded; a word typed with the marks of another word than the chat word it folds to ("mấy",
//! "hội", "bản") is not it (`lang::CHAT_MARKED`).

/// Names of the bot ("bot này", "bạn"), folded; with a capability verb they ask what it can do.
/// Each only standing alone (not "máy tính", "ban chỉ đạo"); "may" only as `CHAT_MARKED`, not "mấy".
pub const BOT_WORDS: &[&str] = &["bot", "chatbot", "ban", "tro ly", "tro ly ao", "he thong", "ung dung", "app", "may"];

/// Verbs of what the bot can do ("giúp được gì", "làm được những gì", "hỗ trợ được gì"), folded.
pub const CAPABILITY_VERBS: &[&str] = &["giup", "lam", "ho tro", "tra loi", "biet"];

/// Names of the bot in chat ("bot", "bạn", "mày", "m", "ad").
pub const CHAT_BOT: &[&str] = &[
    "bot",
    "chatbot",
    "ban",
    "tro ly",
    "tro ly ao",
    "he thong",
    "ung dung",
    "app",
    "may",
    "m",
    "mi",
    "ad",
    "admin",
    "ai bot",
    "cau",
];

/// Verbs of asking and using the bot: "hỏi", "tra cứu", "sử dụng".
pub const CHAT_ASK: &[&str] = &["hoi", "hoi dap", "tra cuu", "su dung", "dung", "tim hieu"];

/// What the bot can do: "biết", "làm", "giúp", "hỗ trợ", "trả lời".
pub const CHAT_CAN: &[&str] = &["biet", "lam", "giup", "ho tro", "tra loi"];

/// What the bot does for the asker, asked of it even unnamed ("trả lời được những câu nào").
pub const CHAT_SERVE: &[&str] = &["tra loi", "ho tro", "giup"];

/// Words that ask which or how ("gì", "nào", "thế nào", "cách", "hướng dẫn", "phạm vi").
pub const CHAT_WHICH: &[&str] = &["gi", "nao", "sao", "the nao", "cach", "huong dan", "pham vi", "nhung gi"];

/// Any question word: a message holding one is no bare opening ("cho hỏi ai …").
pub const CHAT_QUESTION: &[&str] = &["gi", "nao", "sao", "ai", "dau", "bao", "may", "khi"];
/// Question words typed with marks that [`CHAT_MARKED`] keeps for another chat word: "mấy"
/// (how many) folds like the bot's "máy" ("kế hoạch có mấy nội dung" asks, it opens nothing).
pub const CHAT_QUESTION_MARKED: &[&str] = &["mấy"];
/// What "mấy" counts when it asks nothing ("cho em hỏi mấy câu", "mấy điều", "mấy vấn đề").
pub const CHAT_FEW: &[&str] = &["cau", "dieu", "van", "chut", "y"];

/// Making the bot: "ai tạo ra bot này", "bot này do ai làm".
pub const CHAT_MAKER: &[&str] = &[
    "tao",
    "tao ra",
    "lam ra",
    "lam",
    "phat trien",
    "lap trinh",
    "xay dung",
    "thiet ke",
    "viet",
    "che tao",
    "so huu",
    "van hanh",
    "dung sau",
];

/// Whether its answers hold: "chính xác", "sai", "bịa", "đáng tin", "có thể tin", "đúng không".
/// "tin" alone is no cue (it ends "thông tin"), nor "đúng" ("nội dung", "có dùng" fold alike).
pub const CHAT_RELIABLE: &[&str] = &[
    "chinh xac",
    "sai",
    "tin duoc",
    "tin cay",
    "dang tin",
    "bia",
    "chuan",
    "nham",
    "sai sot",
    "tin tuong",
    "co the tin",
    "nen tin",
    "tin vao",
    "dung khong",
    // Whether an answer is legal advice or binds ("có phải tư vấn pháp lý", "có giá trị pháp lý").
    "tu van phap ly",
    "tu van phap luat",
    "tu van luat",
    "gia tri phap ly",
];

/// Whether the bot is an official channel: "chính thức", "chính chủ".
pub const CHAT_OFFICIAL: &[&str] = &["chinh thuc", "chinh chu"];

/// Whose it is: "nhà nước", "thành phố", chat words only after "của" ("bot này của cơ quan nào")
/// or beside [`CHAT_OFFICIAL`]; elsewhere they are the topic ("Thành phố có hỗ trợ không bạn?").
pub const CHAT_OWNERS: &[&str] = &["nha nuoc", "chinh quyen", "thanh pho", "ubnd", "uy ban", "co quan"];

/// The words before a [`CHAT_OWNERS`] word that make it the owner asked of ("của", "do", "thuộc":
/// "bot này do thành phố vận hành à", "trang này thuộc nhà nước không"), folded.
pub const OWNER_BEFORE: &[&str] = &["cua", "do", "thuoc"];

/// What the bot is: "tên", "người thật", "robot", "tổng đài viên".
pub const CHAT_IDENTITY: &[&str] =
    &["ten", "nguoi", "nguoi that", "robot", "may", "tong dai vien", "nhan vien", "that", "la ai", "la gi"];

/// Where its answers come from: "lấy", "nguồn", "dữ liệu", "cập nhật".
pub const CHAT_SOURCE: &[&str] = &["lay", "nguon", "du lieu", "cap nhat", "can cu", "dua tren", "dua vao", "tai lieu"];

/// The answers and the information themselves: "câu trả lời", "thông tin".
pub const CHAT_ANSWERS: &[&str] = &["cau tra loi", "thong tin", "du lieu", "tra loi"];

/// Words that call the bot or open a chat: "ơi", "alo", "ê", "hello".
pub const CHAT_CALL: &[&str] = &["oi", "alo", "e", "hi", "hello", "hey", "chao"];

/// The rest of a chat about the bot, carrying nothing asked: "câu", "vấn đề", "chút", "tí",
/// "lần đầu", "có thể", "nên", "hiểu", "gồm", "kiểu", "kênh" and the asker's names ("tui", "tớ", "mik").
pub const CHAT_FRAME: &[&str] = &[
    "co", "cau", "cau hoi", "van de", "noi dung", "linh vuc", "chu de", "loai", "chut", "ti", "xiu", "teo", "cai",
    "lan", "lan dau", "dau", "moi", "bat dau", "co the", "the", "nen", "hieu", "gom", "tui", "to", "mik", "mk", "t",
    "e", "z", "day", "day", "vay", "a", "ha", "duoc", "dc", "dc", "ko", "k", "khong", "cung", "nhi", "ra", "den",
    "hien", "nay", "nay", "kia", "la", "tong", "dai", "vien", "kieu", "dang", "kenh", "cua", "phai", "dua ra",
    "bao gio", "do", "thuoc",
];

/// Chat words whose folded form other words share: typed with marks, only these are them
/// ("máy"/"mày" but not "mấy", "bạn" but not "bản", "hỏi" but not "hội").
pub const CHAT_MARKED: &[&str] = &["máy", "mày", "bạn", "hỏi", "lấy", "tên", "sai", "tin", "câu", "đầu", "đâu"];

/// Whom a formal message is sent to ("Đề nghị Ban biên tập cho biết …", "Kính gửi Quý cơ quan,
/// …"), folded: the addressee, not what is asked.
pub const ADDRESSEES: &[&str] =
    &["quy ban bien tap", "ban bien tap", "quy co quan", "quy trang", "quy so", "quy ban", "quy vi", "quy anh chi"];
/// The last word of what addresses one ("kính gửi", "đề nghị", "nhờ", "xin", "mong", "chào"),
/// folded.
pub const ADDRESSING_BEFORE: &[&str] = &["gui", "nghi", "nho", "xin", "mong", "chao"];
/// What asks the addressee ("cho biết", "làm rõ", "giải đáp", "ơi"), folded.
pub const ADDRESSING_AFTER: &[&str] =
    &["cho biet", "lam ro", "giai dap", "tra loi", "giup", "cho hoi", "cung cap", "thong tin", "oi"];
/// The word that calls the addressee ("Ban biên tập ơi"), folded: dropped with it.
pub const CALLING: &str = "oi";
