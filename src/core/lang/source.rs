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

/// Words naming the article or its author (folded word pairs): "của ai" beside them asks the
/// byline, not where the previous answer came from.
pub const BYLINE: &[[&str; 2]] = &[["bai", "viet"], ["bai", "bao"], ["tac", "gia"], ["ai", "viet"], ["viet", "bai"]];
