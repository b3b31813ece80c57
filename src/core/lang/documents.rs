//! The verbs that make a named document the one speaking ("Nghị quyết 29 nói gì", "Kết luận 91
//! yêu cầu …"), with their marks, one space apart; the words that ask for a list of documents;
//! the kinds of document.

/// Verbs of saying or requiring after a document's number: the question asks that document's
/// contents, which the source does not give for documents other than the plan. A word typed
/// with marks matches only as marked ("nói", not "nội"; "nêu", not "nếu").
pub const DOCUMENT_SAYS: &[&str] =
    &["nói", "yêu cầu", "quy định", "đề ra", "đề cập", "chỉ đạo", "nêu", "nhấn mạnh", "hướng dẫn", "viết"];

/// Words that ask for a list ("những văn bản", "các đề án"), folded.
pub const LIST_WORDS: &[&str] = &["nhung", "cac"];

/// Kinds of legal document: one followed by a number the knowledge base does not know is
/// another document, which the bot does not cover.
pub const DOCUMENT_KINDS: &[&str] = &[
    "ke hoach",
    "kh",
    "nghi quyet",
    "nq",
    "ket luan",
    "kl",
    "quyet dinh",
    "qd",
    "thong tu",
    "tt",
    "nghi dinh",
    "nd",
    "chi thi",
    "ct",
    "cong van",
    "cv",
    "luat",
    "de an",
];
