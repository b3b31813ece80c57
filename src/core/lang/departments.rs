//! The names of city departments (sở) and ministries (bộ), folded: the fields they are named
//! for and their whole names, for the entity guard; and the words asking for another plan's
//! contents, which the source never gives.

/// The fields a city department (sở) or a ministry (bộ) is named for, folded, as the
/// Government's decrees on provincial departments and ministries name them: a body named with
/// words the source uses on their own ("sở xây dựng") is still a body when they name a field.
pub const DEPARTMENT_FIELDS: &[&str] = &[
    "noi vu",
    "tu phap",
    "ke hoach va dau tu",
    "tai chinh",
    "cong thuong",
    "nong nghiep",
    "giao thong",
    "xay dung",
    "tai nguyen",
    "thong tin va truyen thong",
    "lao dong",
    "van hoa",
    "khoa hoc va cong nghe",
    "giao duc",
    "y te",
    "ngoai vu",
    "du lich",
    "dan toc",
    "cong an",
    "quoc phong",
    "ngoai giao",
];

/// Departments' whole names after "Sở", folded, where they run past the words that end a name
/// in a question or over lower-case words ("Sở Giao thông vận tải"): a name is said whole.
pub const DEPARTMENT_NAMES: &[&str] = &[
    "giao thong van tai",
    "tai nguyen va moi truong",
    "nong nghiep va phat trien nong thon",
    "lao dong thuong binh va xa hoi",
    "van hoa the thao va du lich",
    "van hoa va the thao",
    "thong tin va truyen thong",
    "khoa hoc va cong nghe",
    "ke hoach va dau tu",
    "giao duc va dao tao",
    "tai chinh",
    "y te",
    "xay dung",
    "cong thuong",
    "ngoai vu",
    "du lich",
];

/// Words asking what a document holds ("Kế hoạch 407-KH/TU gồm những nội dung gì", "giao những
/// nhiệm vụ nào"), folded: of a plan the knowledge base holds only by name, the source gives no
/// contents.
pub const CONTENTS_ASKED: &[&str] =
    &["noi dung", "gom", "noi gi", "noi ve gi", "quy dinh gi", "de ra gi", "nhiem vu", "giai phap", "yeu cau"];

/// Words that ask for a body's duties (folded): for a body the plan gives none ("Sở Tư pháp có
/// nhiệm vụ gì?") the answer declines, while a question about its link to the plan ("liên quan
/// gì", "vai trò") is answered with it.
pub const DUTIES_ASKED: &[&str] = &["nhiem vu", "phai lam", "lam gi", "lam nhung gi", "giao viec", "duoc giao"];

/// Words that ask what bodies do together ("Sở GD&ĐT phối hợp với Sở Tài chính để làm gì"),
/// folded.
pub const COOPERATION: &[&str] = &["phoi hop"];

/// Words asking a duty after a department's bare short name opening the question ("GD&ĐT phải
/// làm gì", "KH&CN có trách nhiệm gì") (folded): then the name is the department's.
pub const BARE_NAME_ASKS: &[&str] = &["lam gi", "nhiem vu", "trach nhiem"];

/// The word a ministry's name opens with: before a department's field ("Bộ Nội vụ") it names
/// the ministry, not the city's department.
pub const MINISTRY_WORD: &str = "bộ";

/// Words before "bộ" that make it a common word ("cán bộ", "toàn bộ", "tiến bộ", "đồng bộ", "sơ
/// bộ", "nội bộ"), with their marks (typed without, on their letters).
pub const NOT_MINISTRY_BEFORE: &[&str] = &["cán", "toàn", "tiến", "đồng", "sơ", "nội"];

/// The verb that assigns a body its duties ("Kế hoạch giao Sở Nội vụ những việc gì?"): right
/// before the body's name it is how the question asks, not a topic of the plan.
pub const ASSIGNS: &str = "giao";

/// The word a city department's name opens with, read before a bare short name.
pub const DEPARTMENT_WORD: &str = "sở";

/// How many bodies ("Có bao nhiêu sở được giao nhiệm vụ?"), folded: asks which bodies have
/// duties, as "những sở nào" does, not a figure the plan states.
pub const BODY_COUNT_CUES: &[&str] =
    &["bao nhieu so", "may so", "bao nhieu co quan", "may co quan", "bao nhieu don vi", "may don vi"];

/// The city's name, folded word by word: its "Phòng" opens no body's name ("Phòng Giáo dục"), and
/// its "Hải" is a stop word only in it ("Hàng hải", "Duyên hải" go on with a name).
pub const CITY_WORDS: [&str; 2] = ["hai", "phong"];

/// An office of a district the source never names as such ("phòng giáo dục quận"), folded: the
/// body answered for it is the district committee, said as such.
pub const DISTRICT_OFFICES: &[&str] = &["phong giao duc"];
