//! Where the information comes from: the article, its author and date, the portal, and whether
//! it is official. Folded.

/// Where the information comes from: the article, its author and date.
pub const SOURCE_CUES: &[&str] = &[
    "nguon",
    "trich tu",
    "trich dan",
    "lay tu",
    "bai viet",
    "bai bao",
    "tac gia",
    "ai viet",
    "dang ngay",
    "dang luc",
    "dang khi nao",
    "dang o dau",
    "dang tren trang nao",
    "trang nao dang",
    "trang web nao",
    "website nao",
    "link",
    "duong dan",
    "van ban goc",
    "can cu vao dau",
    "thong tin tu dau",
    "o dau ra",
    "bai nay",
    "cua bai", // "nội dung chính của bài": the article's, whatever follows
    // "bài" alone opening what is asked of it ("bài có nhắc tên ai không", "trong bài có số
    // điện thoại không"): the article, as "bài viết" is.
    "bai co",
    "trong bai",
    "thong tin nay",
    "lay thong tin",
    "thong tin o dau",
    "trang nao",
    "viet bai", // who wrote it: "viết bài", never "người Việt"
    "but danh",
    // Who posted it ("ai đăng bài này"): the article's data, not a duty of the plan.
    "ai dang bai",
    "ai dang tin",
    "dang tai",
    "nguoi dang bai",
    "nguoi dang tin",
    // "Có phải văn bản chính thức không?": what the answers rest on.
    "van ban chinh thuc",
    "ban chinh thuc",
    "nguon chinh thuc",
    "thong tin chinh thuc",
    "trang chinh thuc",
    "tin chinh thong",
    "tin chinh thuc",
    "chinh thong",
    "chap but", // "ai chấp bút": who wrote it
    "nguon goc thong tin",
    "nguon goc",
    "thong tin bot",
    "thong tin cua bot",
    "thong tin ban dua",
    "dang tin cay",
    "co dang tin",
    "lay du lieu",
    "du lieu tu dau",
];

/// Words naming the article or its author (folded): "của ai" beside them asks the byline, not
/// where the previous answer came from.
pub const BYLINE: &[&str] = &["bai viet", "bai bao", "tac gia", "ai viet", "viet bai"];

/// The article's author named as a person ("tác giả", "phóng viên"), folded.
pub const AUTHOR_CUES: &[&str] = &["tac gia", "nguoi viet", "phong vien", "nguoi dua tin"];

/// What kind of text the article is ("bài này là tin tức hay văn bản gốc?"): asked beside a
/// source cue, the article's own data answer it, whatever plan words ("văn bản pháp luật",
/// "bản gốc") the alternatives carry.
pub const ARTICLE_KIND_CUES: &[&str] = &["tin tuc", "ban tin", "loai van ban", "the loai"];

/// Whether what it says is official ("có chính thống không"): the page's owner and manager
/// answer it beside where it comes from.
pub const OFFICIAL_CUES: &[&str] = &["chinh thong", "chinh thuc", "tin cay"];

/// Whether the article carries the whole plan ("bài viết có đầy đủ nội dung kế hoạch không",
/// "bài này có đăng toàn bộ kế hoạch không", "chỉ là tóm tắt à"): answered by what kind of text
/// the article is (the fact that says it is a summary, not the full text).
pub const WHOLE_TEXT_CUES: &[&str] = &["day du", "toan bo", "toan van", "tom tat", "dang het", "nguyen ven"];

/// What the fact saying the article is a summary, not the plan's full text, says (folded).
pub const NOT_FULL_TEXT: &str = "toan van";

/// What a text says about something ("bài viết nói gì về ngân sách", "bài viết viết gì về giáo
/// viên"), folded: with a topic after it, the topic is asked, the article only names where.
pub const SAYS_ABOUT: &[&str] = &[
    "noi gi ve",
    "viet gi ve",
    "de cap gi ve",
    "nhac gi ve",
    "noi the nao ve",
    "viet the nao ve",
    "noi nhu the nao ve",
    "viet nhu the nao ve",
];

/// Whether a text names something ("Bài viết có nhắc đến ngành bán dẫn không?", "… có đề cập
/// tới học phí không"), folded: with a topic after it, the topic is asked, as after
/// [`SAYS_ABOUT`]; the verb's words ("đề cập") are no topic.
pub const MENTIONS: &[&str] = &["nhac den", "nhac toi", "de cap den", "de cap toi"];
