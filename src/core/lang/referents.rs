//! Words that point at one of the agencies the previous answer listed, by its place in the
//! list ("cơ quan thứ hai", "cái đầu tiên", "sở cuối cùng"), folded.

/// Ordinals and the place (from 0) each names; `usize::MAX` is the last one.
pub const ORDINALS: &[(&str, usize)] = &[
    ("thu nhat", 0),
    ("dau tien", 0),
    ("thu hai", 1),
    ("thu 2", 1),
    ("thu ba", 2),
    ("thu 3", 2),
    ("thu tu", 3),
    ("thu 4", 3),
    ("thu nam", 4),
    ("thu 5", 4),
    ("cuoi cung", usize::MAX),
    ("sau cung", usize::MAX),
];

/// The words an ordinal follows when it points at a listed agency: "cơ quan", "đơn vị", "sở",
/// "cái", "bên", folded (the last syllable).
pub const ORDINAL_HEADS: &[&str] = &["quan", "vi", "so", "cai", "ben", "nganh"];
