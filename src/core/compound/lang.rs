//! The words compound questions are split on (matching data, folded unless said otherwise).

/// Words that join two questions (folded; "còn" only as typed with its mark or without marks).
pub(super) const JOINERS: &[&str] = &["va", "voi", "con"];
/// Words that close a yes/no question when they end a part (folded).
pub(super) const CLOSING: &[&str] = &["khong", "chua", "ko", "k", "hok"];
/// Question words (folded, one space apart): a part holding one asks something of its own.
pub(super) const ASKING: &[&str] =
    &["ai", "gi", "j", "nao", "bao nhieu", "bao gio", "bao lau", "ra sao", "thi sao", "ntn", "may"];
/// "mấy" asks how many; "máy" (a machine) and "mày" do not: typed with marks, only "mấy" asks.
/// After "số" or "thứ" it asks which one, part of a name ("Nghị quyết đó số mấy, ra năm nào?"
/// asks one thing).
pub(super) const WHICH_ONE: &[&str] = &["so", "thu"];
pub(super) const HOW_MANY: &str = "mấy";
/// People "mấy" may make a plural of ("mấy đứa bạn", "mấy chị đồng nghiệp", folded).
pub(super) const PLURAL_PEOPLE: &[&str] =
    &["dua", "ban", "chi", "anh", "co", "thay", "ba", "ong", "chau", "dong", "phu", "nguoi", "em"];
/// Words before "mấy" that count what follows ("có mấy người", "tuyển mấy giáo viên", folded).
pub(super) const COUNTING_VERBS: &[&str] =
    &["co", "duoc", "gom", "tuyen", "can", "thieu", "thua", "la", "them", "bot", "giam", "tang", "con"];
/// Words right after a counted noun that close a how-many question ("mấy bạn ạ", "mấy người vậy").
pub(super) const AFTER_COUNT: &[&str] = &["a", "vay", "the", "nhi", "ha", "khong", "ko", "k", "chua", "nhe"];
/// Phrases that ask for a length of time between two moments (folded).
pub(super) const DURATION: &[&str] = &[
    "bao lau",
    "bao nhieu ngay",
    "may ngay",
    "bao nhieu thang",
    "may thang",
    "bao nhieu nam",
    "may nam",
    "cach nhau",
    "khoang cach",
];
/// Words of a part that only asks whether what precedes is so ("…, kế hoạch 298 có nói vậy không",
/// "…, có đúng không", "… phải thế không ạ"): no question of its own (folded), besides the
/// [`CLOSING`] words.
pub(super) const CONFIRMING: &[&str] = &[
    "ke", "hoach", "kh", "co", "noi", "nhac", "ghi", "de", "cap", "nhu", "vay", "the", "dung", "that", "phai", "chu",
    "a", "ad", "ah", "nhi", "ha", "la",
];
/// The words among [`CONFIRMING`] that point back at the claim or ask its truth (folded).
pub(super) const CONFIRMING_HEADS: &[&str] = &["vay", "the", "dung", "that", "phai"];
/// Words that put two moments side by side besides the joiners: "từ … đến", "… sau …" (folded).
pub(super) const GAP_WORDS: &[&str] = &["den", "sau", "truoc"];
/// Words between the second moment and the duration cue that belong to neither (folded).
pub(super) const GAP_FILLERS: &[&str] = &["la", "thi", "mat", "het", "co", "duoc", "keo", "dai", "tong", "cong"];
/// The word for the site that published the article (folded): "số điện thoại của trang".
pub(super) const PAGE: &str = "trang";
/// Head words that open a conjunct before the topic it names ("… và mức kinh phí cụ thể", "… và
/// các khoản thu", "… và chế độ phụ cấp"), folded, one space apart.
pub(super) const CONJUNCT_HEADS: &[&str] = &["muc", "cac", "nhung", "chuyen", "viec", "che do"];
/// Words opening a question that turns to another matter after a yes/no question ("…, còn …",
/// "… không với lại …", "… không, thêm nữa …"), folded, one space apart, longest first.
pub(super) const CLAUSE_TURNS: &[&str] = &["voi lai", "them nua", "con nua", "ngoai ra", "con", "va", "voi"];
