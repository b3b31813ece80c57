//! The Vietnamese administrative vocabulary the drafter recognises: kinds of document, heads of
//! agency names, role verbs, headings of the organisation part, footer lines of a portal page,
//! function words, and the question words that go with each kind of fact.

use crate::knowledge::Role;

/// Kinds of document as they open a reference ("Nghị quyết số 29-NQ/TW"), with the short
/// form people type ("NQ 29"). Longer kinds first, so "Nghị định" is not read as "Nghị".
pub const DOCUMENT_KINDS: &[(&str, &str)] = &[
    ("Nghị quyết", "NQ"),
    ("Nghị định", "NĐ"),
    ("Kết luận", "KL"),
    ("Kế hoạch", "KH"),
    ("Quyết định", "QĐ"),
    ("Chỉ thị", "CT"),
    ("Thông tư", "TT"),
    ("Công văn", "CV"),
    ("Thông báo", "TB"),
    ("Hướng dẫn", "HD"),
    ("Pháp lệnh", "PL"),
    ("Đề án", "ĐA"),
    ("Chương trình", "CTr"),
    ("Luật", "Luật"),
];

/// The word between a kind and its number: "Kế hoạch số 298/KH-UBND".
pub const NUMBER_WORD: &str = "số";
/// The word before a date: "ngày 04/11/2013".
pub const DATE_WORD: &str = "ngày";
/// The word before an issuer: "của Bộ Chính trị".
pub const OF_WORD: &str = "của";
/// The words before a document a plan implements: "về thực hiện Kết luận…", "tiếp tục thực hiện".
pub const IMPLEMENTS_WORDS: &str = "thực hiện";
/// The word that joins the last two names of a list: "Sở Nội vụ và Sở Tài chính".
pub const AND_WORD: &str = "và";
/// The verb of the issuer: "Ủy ban nhân dân thành phố ban hành Kế hoạch…".
pub const ISSUE_VERB: &str = "ban hành";
/// The word after a document's number that introduces its subject: "Kế hoạch số … về …".
pub const ABOUT_WORD: &str = "về";

/// Heads of agency names, as written (capitalised): the name goes on with the capitalised
/// words after it ("Sở Xây dựng", "Trường Đại học Y Dược Hải Phòng").
pub const AGENCY_HEADS: &[&str] = &[
    "Ủy ban nhân dân",
    "Uỷ ban nhân dân",
    "UBND",
    "Hội đồng nhân dân",
    "HĐND",
    "Ban Thường vụ",
    "Ban Chấp hành",
    "Bộ Chỉ huy",
    "Bảo hiểm xã hội",
    "Kho bạc Nhà nước",
    "Văn phòng",
    "Thanh tra",
    "Công an",
    "Chi cục",
    "Trung tâm",
    "Liên đoàn",
    "Thành ủy",
    "Tỉnh ủy",
    "Đảng ủy",
    "Sở",
    "Bộ",
    "Ban",
    "Cục",
    "Viện",
    "Trường",
    "Đài",
    "Báo",
    "Hội",
    "Đoàn",
];

/// Words after "Ủy ban nhân dân" that name the level or place it governs.
pub const PLACE_WORDS: &[&str] = &[
    "các quận, huyện, thành phố",
    "quận, huyện, thành phố",
    "các quận, huyện",
    "thành phố",
    "tỉnh",
    "quận",
    "huyện",
    "thị xã",
    "xã",
    "phường",
    "thị trấn",
    "cấp huyện",
    "cấp xã",
    "cấp tỉnh",
];

/// Groups of agencies named together, as the style writes them.
pub const AGENCY_GROUPS: &[&str] = &[
    "các sở, ban, ngành",
    "các sở, ban ngành",
    "các sở, ngành",
    "các cơ quan, đơn vị",
    "các cơ quan liên quan",
    "các sở, ngành liên quan",
];

/// Role verbs, in the order they are looked for; the first found in a clause gives the role.
pub const ROLE_VERBS: &[(&str, Role)] = &[
    ("chủ trì", Role::ChuTri),
    ("phối hợp", Role::PhoiHop),
    ("tham mưu", Role::ThamMuu),
    ("đề xuất", Role::ThamMuu),
    ("hướng dẫn", Role::HuongDan),
    ("chỉ đạo", Role::HuongDan),
    ("kiểm tra", Role::KiemTra),
    ("giám sát", Role::KiemTra),
    ("thanh tra", Role::KiemTra),
    ("báo cáo", Role::BaoCao),
    ("phê duyệt", Role::PheDuyet),
    ("xem xét, quyết định", Role::QuyetDinh),
    ("ban hành", Role::BanHanh),
    ("thực hiện", Role::ThucHien),
    ("triển khai", Role::ThucHien),
    ("tổ chức", Role::ThucHien),
];

/// Verbs whose object receives the report or the request: "báo cáo Ủy ban nhân dân thành phố",
/// "trình Hội đồng nhân dân thành phố".
pub const RECIPIENT_VERBS: &[&str] = &["báo cáo", "trình"];

/// Words of a part heading that assigns duties to agencies ("TỔ CHỨC THỰC HIỆN"), folded.
pub const ORGANISATION_HEADINGS: &[&str] = &["to chuc thuc hien", "trach nhiem", "phan cong", "nhiem vu cua cac"];

/// Lines that end the body of a portal article or of a plan (folded prefixes).
pub const FOOTER_LINES: &[&str] = &[
    "cac tin cu hon",
    "cac tin khac",
    "tin lien quan",
    "tin cung chuyen muc",
    "luot truy cap",
    "ban quyen",
    "noi nhan",
    "chia se",
    "in trang",
];

/// Labels of the metadata lines of a portal page (folded prefixes): "Thời gian: 09/01/2025 09:22".
pub const PUBLISHED_LABELS: &[&str] = &["thoi gian", "ngay dang", "cap nhat", "ngay cap nhat", "dang luc"];

/// The kind of document a portal page is.
pub const PORTAL_KIND: &str = "Trang thông tin";

/// Words that carry no topic of their own (a keyword does not start or end with one).
pub const FUNCTION_WORDS: &[&str] = &[
    "và", "các", "của", "trong", "với", "cho", "là", "theo", "được", "những", "để", "tại", "có", "này", "đó", "từ",
    "đến", "về", "một", "như", "nhất", "trên", "dưới", "khi", "đã", "sẽ", "đang", "thì", "mà", "hoặc", "cũng", "nhằm",
    "tiếp", "tục", "tăng", "cường", "đối", "việc", "gắn", "bảo", "đảm", "đảm", "nâng", "cao", "thực", "hiện", "triển",
    "khai", "giữa", "ở", "vào", "ra", "nhiều", "đủ", "tốt", "hiệu", "quả", "phù", "hợp", "chú", "trọng", "ưu", "tiên",
];

/// What a question about each kind of fact asks.
pub const PERCENT_CUES: &[&str] = &["bao nhiêu phần trăm", "bao nhiêu %", "tỷ lệ", "mức"];
pub const DATE_CUES: &[&str] = &["ngày nào", "khi nào", "bao giờ", "năm nào", "ngày ban hành"];
pub const AGE_CUES: &[&str] = &["mấy tuổi", "bao nhiêu tuổi", "độ tuổi"];
pub const YEAR_CUES: &[&str] = &["năm nào", "khi nào", "đến năm nào", "bao giờ"];
pub const COUNT_CUES: &[&str] = &["bao nhiêu", "số lượng", "mấy"];

/// The words after a number that make it an age, a percentage, a year.
pub const AGE_WORD: &str = "tuổi";
pub const PERCENT_WORDS: &[&str] = &["%", "phần trăm"];
pub const YEAR_WORD: &str = "năm";
/// What joins the numbers of a list or range: "3, 4 tuổi", "từ 3 đến 5 tuổi".
pub const RANGE_JOINERS: &[&str] = &[", ", " đến ", " - ", " và ", "-"];

/// Keywords of the article's title line: what a question about the title says.
pub const TITLE_KEYWORDS: &[&str] = &["tiêu đề", "tên bài viết", "tên kế hoạch"];
/// Keywords of the article's metadata (time, byline): what a question about the article says.
pub const ARTICLE_KEYWORDS: &[&str] = &["bài viết", "ngày đăng", "đăng khi nào", "tác giả", "nguồn"];
/// The kind whose title follows it without quotation marks: "Luật Ngân sách nhà nước".
pub const LAW_KIND: &str = "Luật";
/// Heads of elected councils' names, followed by the place they govern ("Ủy ban nhân dân thành phố").
pub const COUNCIL_HEADS: &[&str] = &["Ủy ban nhân dân", "Uỷ ban nhân dân", "UBND", "Hội đồng nhân dân", "HĐND"];
