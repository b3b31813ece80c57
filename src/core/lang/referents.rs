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

/// The words an ordinal or a number follows when it points at one item of the previous answer
/// (its bullets or numbered duties, in the order it cited them): "ý 2", "mục thứ hai", "điểm
/// đầu tiên", "cái thứ hai" (after an answer that listed no agencies). With marks, as above.
pub const ITEM_HEADS: &[&str] = &["ý", "mục", "điểm", "dòng", "gạch đầu dòng", "nhiệm vụ", "cái"];

/// The word an ordinal or a number follows when it names one of the plan's parts by its place
/// ("phần 2", "phần thứ hai"). With marks, as above.
pub const PART_HEADS: &[&str] = &["phần"];

/// Words after "phần" alone that name the plan's last part ("phần cuối của kế hoạch"). With
/// marks, as above.
pub const PART_LAST: &[(&str, usize)] = &[("cuối", usize::MAX)];

/// The item heads "cuối" alone follows for the last item ("mục cuối", "ý cuối", "đoạn cuối": the
/// article is laid out as the plan, so its last paragraph is the plan's last item). With marks.
pub const ITEM_LAST_HEADS: &[&str] = &["mục", "ý", "đoạn"];

/// How a text is said to end, naming its last item with no head ("bài viết kết thúc bằng nội dung
/// gì"). With marks.
pub const ITEM_LAST_PHRASES: &[&str] = &["kết thúc bằng", "kết thúc với", "khép lại bằng"];

/// Bare numbers after an item head ("ý 2", "mục số 3") and the place (from 0) each names.
pub const ITEM_NUMBERS: &[(&str, usize)] = &[
    ("1", 0),
    ("2", 1),
    ("3", 2),
    ("4", 3),
    ("5", 4),
    ("6", 5),
    ("7", 6),
    ("8", 7),
    ("9", 8),
    ("10", 9),
    ("11", 10),
    ("12", 11),
    ("số 1", 0),
    ("số 2", 1),
    ("số 3", 2),
    ("số 4", 3),
    ("số 5", 4),
    ("số 6", 5),
    ("số 7", 6),
    ("số 8", 7),
    ("số 9", 8),
    ("số 10", 9),
    ("số 11", 10),
    ("số 12", 11),
];

/// Words beside an item pointer that ask no topic of their own ("mục 2 nói rõ hơn", "giải thích
/// kỹ ý 2"), folded.
pub const ITEM_ASIDES: &[&str] = &["hon", "them", "nua", "giai", "thich", "xem", "ky", "lai", "ve"];

/// Pronoun cues that point at a school only ("trường đó", "trường này", "trường ấy"), folded:
/// resolved to a school among the last answer's agencies, never to a department.
pub const SCHOOL_POINTERS: &[&str] = &["truong do", "truong nay", "truong ay"];

/// Words that point back after a kind of document ("kết luận ấy", "nghị quyết đó"), folded: the
/// one document of that kind the last answer cited.
pub const DOCUMENT_POINTERS: &[&str] = &["do", "ay", "nay", "kia"];
