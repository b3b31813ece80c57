//! Words that point at one of the agencies the previous answer listed, by its place in the
//! list ("cơ quan thứ hai", "cái đầu tiên", "sở cuối cùng"), with their marks: typed with marks,
//! they match only as written ("số thứ tự" is no "sở thứ tư"); typed without, on their letters.

/// Ordinals and the place (from 0) each names; `usize::MAX` is the last one.
pub const ORDINALS: &[(&str, usize)] = &[
    ("thứ nhất", 0),
    ("đầu tiên", 0),
    ("thứ hai", 1),
    ("thứ 2", 1),
    ("thứ ba", 2),
    ("thứ 3", 2),
    ("thứ tư", 3),
    ("thứ 4", 3),
    ("thứ năm", 4),
    ("thứ 5", 4),
    ("thứ sáu", 5),
    ("thứ 6", 5),
    ("cuối cùng", usize::MAX),
    ("sau cùng", usize::MAX),
];

/// The words an ordinal follows when it points at a listed agency: "cơ quan", "đơn vị", "sở",
/// "cái", "bên", "ngành".
pub const ORDINAL_HEADS: &[&str] = &["cơ quan", "đơn vị", "sở", "cái", "bên", "ngành"];

/// Pronoun cues that point at a school only ("trường đó", "trường này", "trường ấy"), folded:
/// resolved to a school among the last answer's agencies, never to a department.
pub const SCHOOL_POINTERS: &[&str] = &["truong do", "truong nay", "truong ay"];

/// Words that point back after a kind of document ("kết luận ấy", "nghị quyết đó"), folded: the
/// one document of that kind the last answer cited.
pub const DOCUMENT_POINTERS: &[&str] = &["do", "ay", "nay", "kia"];
