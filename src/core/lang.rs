//! Vietnamese function words and the cue phrases that reveal what a question asks for.
//! Everything here is written without diacritics: cues are matched on the folded form so they
//! work whether or not the user typed marks.

/// Words that carry no topic: question words, pronouns, particles, politeness, connectives.
/// They are left out when scoring topic overlap. Written with diacritics: a token typed with
/// marks must match exactly, one typed without marks matches the folded form.
pub const STOPWORDS: &[&str] = &[
    "à", "ạ", "ad", "ai", "anh", "ấy", "bà", "bác", "bạn", "bao", "bị", "biết", "bot", "các", "cái", "cần", "cho",
    "chị", "chú", "có", "còn", "của", "cũng", "đã", "đang", "đây", "để", "đến", "đều", "đi", "điều", "đó", "được",
    "em", "gì", "giúp", "hả", "hay", "hỏi", "hôm", "khi", "không", "ko", "k", "là", "lại", "làm", "mà", "mình", "muốn",
    "nào", "này", "nè", "nếu", "nhé", "nhỉ", "nhiêu", "như", "những", "nói", "nữa", "ở", "ơi", "ông", "phải", "qua",
    "ra", "rồi", "sao", "sẽ", "tại", "thế", "theo", "thì", "tôi", "trong", "từ", "và", "vậy", "về", "vì", "với", "vs",
    "xin", "ừ", "ok", "oke", "what", "who", "is", "the", "of", "and", "hoặc", "rằng", "trên", "một", "mọi", "tất",
    "cả", "bằng", "họ", "chúng", "ta", "kia", "đâu",
    // The plan and its city are the context of every question, never its topic.
    "kế", "hoạch", "hải", "phòng", "ạh", "ủa", "hử", "nhá", "á", "vầy", "hông", "nhen", "nhở", "vào", "đúng", "chứ",
    "do", "nha", "thưa", "dạ", "vâng", "ơ", "luôn", "thật", "hiện", "mấy", "ờ",
    // "Kế hoạch có nhắc đến X không": asking whether the plan mentions X, never its topic (the
    // source never says "nhắc"; a sample question of one entry does).
    "nhắc",
];

/// Words that frame a question, never its topic though a word alone may be ("trọng tâm"). Matching
/// is folded: an entry written with marks ("quá", "lắm", "rất") also matches it typed without.
#[rustfmt::skip]
pub const FILLER_PHRASES: &[&str] = &["chung quy", "chung quy lai", "noi chung", "tom lai", "noi tom lai", "tom lai la",
    "rot cuoc", "tuu trung", /* degree */ "quá", "lắm", "rất", "tram trong", "nghiem trong", "cuc ky", "vo cung",
    /* the asker's child, pointers */ "con minh", "con toi", "vu nay", "vu do", "chuyen nay", "chuyen do", "viec nay",
    "van de nay", /* an impersonal "they" */ "người ta", /* requests */ "de nghi", "kinh de nghi", "kinh mong", "tran trong", "lam ro", "cung cap thong tin", "trong linh vuc", "tinh toi", "tinh den",
    /* a complaint's frame: "chẳng thấy ai lo", "toàn hô khẩu hiệu" */ "chẳng thấy", "chả thấy",
    "không thấy", "chẳng biết", "chả biết", "hô khẩu hiệu", "khẩu hiệu",
    /* when the asker asked before, asking a bit more */ "hôm trước", "hôm nay", "hôm qua", "thêm tí", "thêm chút",
    /* a time or a degree the plan never states ("sắp tới có …", "… nhiều hơn không") */ "sắp tới",
    "thời gian tới", "nhiều hơn", /* the answer's form */ "ngan gon", "vai dong", "dài dòng", "dài quá", "đọc dài",
    /* what the bot does */ "trả lời",
    /* what rests on what: the noun after it says which ("dựa trên văn bản / bài nào") */ "dua tren", "dua vao",
    "lay theo", "dua theo",
    /* the plan stating what it asks ("Kế hoạch quy định trách nhiệm của Sở X thế nào") */ "ke hoach quy dinh"];

/// Ways of addressing the readers at the end of a message ("… vậy mọi người", "… cả nhà ơi"), and
/// a closing "thôi" ("… vài dòng thôi"): not the topic there, though "mọi người dân" inside a
/// question is. Folded.
pub const VOCATIVE_PHRASES: &[&str] = &["moi nguoi", "ca nha", "cac ban", "anh chi", "anh chi em", "thôi"];

/// Words that state a moment as a condition ("dành quỹ đất … khi quy hoạch khu đô thị mới"): a
/// provision saying one answers "khi nào" though it gives no date. With marks.
pub const CONDITION_WORDS: &[&str] = &["khi"];

/// Words that open the name of a school ("Trường", "Đại học", "Học viện"; "ĐH", "CĐ" for short),
/// with their marks (a word typed without marks matches on its letters: "so" may be "sở", "số"
/// may not).
pub const SCHOOL_HEADS: &[&[&str]] =
    &[&["trường"], &["đại", "học"], &["học", "viện"], &["cao", "đẳng"], &["đh"], &["cđ"]];
/// Words that open the name of a public body or a firm ("Sở", "Bộ", "Chi cục"), with marks; the
/// cased ones only before a capitalised name ("Ban Tuyên giáo", "Phòng Giáo dục", "Hội Khuyến
/// học", "Liên đoàn Lao động"; "ban hành", "hội nghị").
pub const BODY_HEADS: &[&[&str]] =
    &[&["sở"], &["bộ"], &["cục"], &["chi", "cục"], &["viện"], &["bệnh", "viện"], &["công", "ty"], &["tập", "đoàn"]];
pub const CASED_BODY_HEADS: &[&[&str]] =
    &[&["ban"], &["phòng"], &["hội"], &["hiệp", "hội"], &["liên", "đoàn"], &["trung", "tâm"], &["quỹ"]];
/// Words that open the name of a programme or a project ("Chương trình Sữa học đường", "Đề án
/// Ngoại ngữ"), with marks: a name only before a capitalised word, which may follow the head
/// in lower case ("có chương trình Sữa học đường không").
pub const PROGRAMME_HEADS: &[&[&str]] = &[&["chương", "trình"], &["đề", "án"], &["dự", "án"]];
/// Words that, typed with their marks, never go on with a name typed without capitals ("trường
/// thpt lạch tray được giao …"; "y dược" without marks is a name's).
pub const NAME_BREAKS_MARKED: &[&str] = &["được"];
/// Words that open the name of a place below the city ("Quận Lê Chân", "huyện Thủy Nguyên"),
/// with marks: the plan names the districts only together ("các quận, huyện"), never one by
/// name. Typed without marks only "huyen" is read as one ("quan", "xa" are common words).
pub const PLACE_HEADS: &[&[&str]] = &[&["quận"], &["huyện"], &["phường"], &["xã"], &["thị", "xã"], &["thị", "trấn"]];

/// The heads of a district's name, with marks: the plan gives duties to the districts'
/// people's committees together ("các quận, huyện"), the body nearest to one district asked by
/// name.
pub const DISTRICT_HEADS: &[&str] = &["quận", "huyện"];
/// Words saying where something stands ("ở", "tại", "thuộc"), folded: a district after one
/// locates what comes before it.
pub const LOCATIVES: &[&str] = &["o", "tai", "thuoc"];

/// Everyday words written with no mark at all ("con", "lo"): typed so among marked words they are
/// meant as typed, not as a word of the knowledge base with marks left out ("còn", "lộ").
pub const UNMARKED_WORDS: &[&str] = &["con", "lo", "cao", "hay", "sao", "khi"];

/// Particles that close a question spoken or typed in one breath, as typed with their marks
/// ("… ngày nào thế nhỉ tôi nghe ở loa phường …"); typed without marks, `CLOSING_QUESTION_WORDS` are.
pub const SPOKEN_CLOSERS: &[&str] = &["nhỉ", "ạ", "vậy", "thế", "không", "chưa", "hả", "nhé", "nha", "ko", "k"];
/// Strong negations, as typed, that make "ai"/"gì" in their clause mean "nobody"/"nothing": a
/// complaint ("chẳng thấy báo đài nói gì"), not a question.
pub const COMPLAINT_NEGATORS: &[&str] = &["chẳng", "chả", "chang"];

/// Words that open a clause of personal context after the question ("…, mình làm kế toán nên
/// cần biết", "…, vì con tôi sắp vào lớp 1"), as typed (with marks, or without where that is
/// not also another word: "con" is also "còn"), or why the asker asks ("…, để em biết mà liên
/// hệ": "để" only with its mark, unmarked "de" is also "đề").
pub const CONTEXT_OPENERS: &[&str] = &[
    "mình", "minh", "tôi", "toi", "em", "chị", "anh", "con", "cháu", "chau", "nhà", "vì", "vi", "tại", "bởi", "boi",
    "để",
];

/// The words an asker calls themselves by, opening a clause that says who they are ("mình là
/// phụ huynh", "tôi làm kế toán").
pub const ASKER_PRONOUNS: &[&str] = &["mình", "minh", "tôi", "toi", "em", "chị", "anh", "cháu", "chau"];

/// Verbs of asking, with their marks: "cho em hỏi", "hỏi giúp".
pub const ASKING_WORDS: &[&str] = &["hỏi", "hoi"];

/// "thì" ("then"): in a run-on sentence, it may end the asker's context before the question.
pub const THEN_WORD: &str = "thì";
/// Verbs of saying that report a claim, with their marks ("thầy bảo …", "nghe nói …").
pub const REPORTING_WORDS: &[&str] = &["bảo", "nói", "rằng"];

pub mod chat;
mod departments;
mod documents;
mod english;
mod figures;
mod persons;
mod rambling;
pub mod referents;
mod source;
pub mod structure;
pub use chat::{ADDRESSEES, ADDRESSING_AFTER, ADDRESSING_BEFORE, BOT_WORDS, CALLING, CAPABILITY_VERBS, CHAT_MARKED};
pub use departments::*;
pub use documents::{
    ANY_DOCUMENT, BESIDES, COMPARES, DOCUMENT_KINDS, DOCUMENT_SAYS, DOCUMENTS_SIDE_BY_SIDE, LAW, LIST_WORDS,
    NOT_A_LAW_AFTER, NOT_A_LAW_BEFORE, ORIENTATION, WHICH, YEAR_WORDS, YES_NO_ENDINGS, YES_NO_MARKED, YES_NO_OPENING,
};
pub use documents::{DATE_SPAN_BOUNDS, DATED_KINDS, MONTH, YEAR};
pub use english::{ENGLISH_FUNCTION_WORDS, ENGLISH_QUESTION_OPENERS, ENGLISH_WH_WORDS};
pub use figures::*;
pub use persons::*;
pub use rambling::*;
pub use source::{
    ARTICLE_KIND_CUES, AUTHOR_CUES, BYLINE, MENTIONS, NOT_FULL_TEXT, OFFICIAL_CUES, SAYS_ABOUT, SOURCE_CUES,
    WHOLE_TEXT_CUES,
};

/// A question that asks who: "ai", "cơ quan nào", "trách nhiệm"…
pub const RESPONSIBILITY_CUES: &[&str] = &[
    "ai",
    "who",
    "co quan nao",
    // "của cơ quan nhà nước nào": the state body named with its kind.
    "co quan nha nuoc nao",
    "don vi nao",
    "so nao",
    "ben nao",
    "cap nao",
    "noi nao",
    "chiu trach nhiem",
    "trach nhiem thuoc",
    "phu trach",
    "nhung co quan",
    "cac co quan",
    "nhung don vi",
    "dam nhan",
    "dam nhiem",
    "chu tri",
    "giao cho",
    "co quan chuc nang",
    "thuoc ve",
    // "Trang này thuộc cơ quan nào?": whose it is, the relation asked, not a topic.
    "thuoc co quan nao",
    "thuoc so nao",
    "thuoc trach nhiem",
    "ai lo",
    "ai quan ly",
    "do ai",
    // Official phrasing of "who": "cơ quan tham mưu …", "đơn vị đầu mối …", "phân công trách
    // nhiệm triển khai …", "trách nhiệm thực hiện …" (a duty followed by its task, not "của").
    "co quan tham muu",
    "don vi tham muu",
    "co quan dau moi",
    "don vi dau moi",
    "phan cong trach nhiem",
    "trach nhiem trien khai",
    "trach nhiem thuc hien",
    "co quan co trach nhiem",
    "don vi co trach nhiem",
];

/// An agency profile: "Sở Tài chính làm gì?", "nhiệm vụ của…".
pub const PROFILE_CUES: &[&str] = &[
    "lam gi",
    "nhiem vu",
    "vai tro",
    "chuc nang",
    "trach nhiem gi",
    "trach nhiem cua",
    "phai lam",
    "duoc giao",
    "co viec gi",
    "lam nhung gi",
    "cong viec",
    "nhiem vu gi",
    "giao nhiem vu",
    "phan cong",
    "lo gi",
    "lo nhung gi",
    "lo viec gi",
    "lam viec gi",
    "nhung viec gi",
    // "Kế hoạch giao Sở Tài chính việc gì?"
    "viec gi",
    "phu trach gi",
    // "sinh viên Trường ĐH Hải Phòng có được gì từ kế hoạch": what the plan gives the body.
    "duoc gi",
];

/// "ở đâu" (where), folded: typed without marks, its "dau" is still "đâu" after "o".
pub const WHERE: [&str; 2] = ["o", "dau"];

/// A fact: a number, a date, a percentage, a target year.
pub const FACT_CUES: &[&str] = &[
    "bao nhieu",
    "may",
    "ngay nao",
    "ngay bao nhieu",
    "khi nao",
    "bao gio",
    "nam nao",
    "thoi gian",
    "ty le",
    "phan tram",
    "%",
    "toi thieu",
    "it nhat",
    "do tuoi",
    "so hieu",
    "so may",
    "so ky hieu",
    "luc nao",
    "thoi diem",
    "den nam",
    "muc tieu",
    "bao lau",
    "tam nhin",
    // "… sẽ trở thành trường như thế nào", "muốn trở thành trường gì": the kind of school a
    // school aims to become (not "trở thành giáo viên", what a person needs).
    "tro thanh truong",
    // "… muốn thành trường như thế nào", "sẽ thành trường …": the same aim without "trở".
    "muon thanh truong",
    "se thanh truong",
];

/// Words that ask an aim ("mục tiêu", "hướng tới", "đặt ra"), with marks: asked with no topic
/// but the plan's own field and city ("Thành phố hướng tới mục tiêu gì trong giáo dục?"), the
/// aim is the plan's, not a topic's. A word typed without marks matches on its letters.
pub const GOAL_WORDS: &[&str] = &["mục tiêu", "mục", "tiêu", "mục đích", "hướng", "định hướng", "đặt", "đề ra"];

/// The plan as a whole: what it is, its purpose, its main parts.
pub const OVERVIEW_CUES: &[&str] = &[
    "noi dung chinh",
    "tom tat",
    "tong quan",
    "muc dich",
    "muc tieu chung",
    "nham",
    "de lam gi",
    "y nghia",
    "gom nhung gi",
    "co gi",
    "co nhung gi",
    "noi gi",
    "la gi",
    "gioi thieu",
    "cac phan",
    "bo cuc",
    "nhung noi dung",
    "noi dung gi",
    "gom may phan",
    // The plan's layout ("kế hoạch có những phần nào").
    "nhung phan nao",
    "may phan",
    "may noi dung chinh",
    "gom may noi dung chinh",
    "muc tieu gi",
    // The plan's own goal ("Mục tiêu của kế hoạch là gì?"), not one body's.
    "muc tieu cua ke hoach",
    "muc tieu ke hoach",
    // "Kế hoạch hướng tới / phấn đấu mục tiêu gì?" (the lexicon reads both "hướng đến"): the plan's own aim.
    "ke hoach huong den",
    // Asking about a named document: what it is about, where the plan mentions it.
    "van de gi",
    "ve van de gi",
    "ve viec gi",
    "noi ve",
    "lien quan gi",
    "lien quan",
    "nhac den",
    "nhac toi",
    "duoc nhac",
    "ra sao",
    "the nao",
    "nhu the nao",
    "ten day du",
    "cho nao",
    "van ban gi",
    "la van ban gi",
    "de an gi",
    // "Nghị quyết 29 là nghị quyết gì": what the named document is, by its own kind.
    "la nghi quyet gi",
    "la ket luan gi",
    "la ke hoach gi",
    "la chuong trinh gi",
    "la luat gi",
    "co phai",
    "van ban nao cua",
];

/// Kinds of document named by their titles ("Đề án Đổi mới và …"); not "kế hoạch", which
/// people use for the plan itself.
pub const TITLED_KINDS: &[&str] = &["de an", "chuong trinh", "nghi quyet", "ket luan", "luat"];

/// Asking which documents the plan refers to.
pub const DOCUMENT_LIST_CUES: &[&str] = &[
    "nhung van ban",
    "cac van ban",
    "van ban nao",
    "de an nao",
    "nhung de an",
    "cac de an",
    "van ban lien quan",
    "van ban duoc nhac",
    "nghi quyet nao",
    "ket luan nao",
    "can cu vao van ban",
];

/// The portal's contact details.
pub const CONTACT_CUES: &[&str] = &[
    "lien he",
    "dia chi",
    "dien thoai",
    "so dien thoai",
    "sdt",
    "hotline",
    "email",
    "e mail",
    "mail",
    "fax",
    "truong ban bien tap",
    "ban bien tap",
    "co quan chu quan",
    "co quan quan ly trang",
    "quan ly trang",
    "trang thong tin",
    "chu quan",
    "dat o dau",
    "van phong",
];

/// A follow-up that points back: "còn … thì sao", "họ", "nữa", "chi tiết hơn".
/// "còn …" opens a follow-up: typed without marks ("con") it may also be "con" (child), so a
/// marked word must be exactly this.
pub const FOLLOW_UP_WORD: &str = "còn";
/// Pointing back at the agencies of the previous answer.
pub const PRONOUN_CUES: &[&str] = &[
    "họ",
    "co quan do",
    "co quan ay",
    "don vi ay",
    "so ay",
    // A school of the last answer ("đề án của trường đó"): see referents::SCHOOL_POINTERS.
    "truong do",
    "truong nay",
    "truong ay",
    "co quan nay",
    "don vi do",
    "don vi nay",
    "so do",
    "so nay",
    "ben do",
    "cac co quan do",
    "cac don vi do",
    "cac co quan nay",
    "cac don vi nay",
    "nhung co quan do",
    "nhung co quan nay",
    "cac so do",
    "cac so nay",
    "hai so do",
    "hai so nay",
];
/// Asking each of several bodies for its own part ("mỗi bên làm gì?", "each one's role"): the
/// bodies named, or those of the previous answer, each on the topic.
pub const EACH_CUES: &[&str] = &[
    "mỗi bên",
    "từng bên",
    "mỗi cơ quan",
    "từng cơ quan",
    "mỗi đơn vị",
    "từng đơn vị",
    "mỗi sở",
    "từng sở",
    "mỗi nơi",
    "moi ben",
    "tung ben",
    "moi co quan",
    "tung co quan",
    "moi don vi",
    "tung don vi",
    "each one",
    "each of them",
    "each agency",
    "each body",
    "each department",
];
/// Pointing back at the topic or document of the previous answer.
pub const TOPIC_PRONOUN_CUES: &[&str] = &[
    // "cái đó đến năm nào thì xong?": the thing the last answer named.
    "cai do",
    "cai nay",
    "cai ay",
    "viec nay",
    "viec do",
    "van de nay",
    "van de do",
    "noi dung nay",
    "noi dung do",
    "dieu nay",
    "dieu do",
    "nó",
    "van ban do",
    "van ban nay",
    "nghi quyet do",
    "ket luan do",
    "de an do",
    "nhiem vu nay",
    "nhiem vu do",
    // "ai cân đối khoản đó": the sum the last answer named (a budget, a share of it).
    "khoan do",
    "khoan nay",
];
pub const MORE_CUES: &[&str] = &["nữa", "khác", "thêm", "con gi"];
pub const DETAIL_CUES: &[&str] = &[
    "chi tiet hon",
    "cu the hon",
    "ro hon",
    "noi ro",
    "day du",
    "chi tiet",
    "cu the",
    "giai thich them",
    "noi them",
    "xem them",
    "them thong tin",
    "nguyen van",
];

/// Asking who issued or signed a document.
pub const ISSUER_CUES: &[&str] = &[
    "ban hanh",
    "dua ra",
    "ký",
    "cua ai",
    "cua co quan nao",
    "van ban cua",
    "co quan nao ban hanh",
    "ai ban hanh",
    "ra doi",
    "cua bo chinh tri",
    "cua ban chap hanh",
];

/// Every list above: their words are known to the speller, never corrected away.
pub const CUE_LISTS: &[&[&str]] = &[
    STOPWORDS,
    RESPONSIBILITY_CUES,
    PROFILE_CUES,
    FACT_CUES,
    OVERVIEW_CUES,
    CONTACT_CUES,
    SOURCE_CUES,
    PRONOUN_CUES,
    EACH_CUES,
    TOPIC_PRONOUN_CUES,
    MORE_CUES,
    DETAIL_CUES,
    TIME_CUES,
    DEADLINE_CUES,
    QUANTITY_CUES,
    ISSUER_CUES,
    DOCUMENT_KINDS,
    TITLED_KINDS,
    DOCUMENT_LIST_CUES,
    FILLER_PHRASES,
    VOCATIVE_PHRASES,
];
