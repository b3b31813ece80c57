//! The verbs that make a named document the one speaking ("Nghị quyết 29 nói gì", "Kết luận 91
//! yêu cầu …"), folded, one space apart.

/// Verbs of saying or requiring after a document's number: the question asks that document's
/// contents, which the source does not give for documents other than the plan.
pub const DOCUMENT_SAYS: &[&str] =
    &["noi", "yeu cau", "quy dinh", "de ra", "de cap", "chi dao", "neu", "nhan manh", "huong dan", "viet"];
