//! The words that find the question in a rambling message (folded unless said otherwise): the
//! words that ask, the lead-ins before the asked words ("sếp bảo tìm xem …"), the words after a
//! closing "không", and when "con" is "còn". Lists with marks live in `lang.rs`.

/// Lead-ins before the asked words inside a clause ("sếp bảo tìm xem kế hoạch giao cho …", "muốn
/// biết là …"), or the asker turning to what they really ask ("…, à mà thôi cái đó tôi tra được,
/// cái tôi cần hỏi thật là …"): the words up to one are dropped when the rest asks (folded, one
/// space apart).
pub const LEAD_INS: &[&str] = &[
    "tim xem",
    "tim hieu xem",
    "xem giup",
    "xem thu",
    "hoi xem",
    "muon biet",
    "can biet",
    "hoi that la",
    "can hoi la",
    "muon hoi la",
];

/// The word opening a frame that names the plan by its number before the question ("theo Kế
/// hoạch số 298/KH-UBND thì …"), folded; the frame's kinds of the plan follow it.
pub const FRAME_WORD: &str = "theo";

/// How a frame names the plan ("kế hoạch", "KH"), folded, one space apart.
pub const FRAME_PLAN_KINDS: &[&str] = &["ke hoach", "kh"];

/// The most words a frame naming the plan holds between "theo" and "thì" ("Kế hoạch số
/// 298/KH-UBND").
pub const MAX_FRAME_WORDS: usize = 6;

/// Words that close a yes/no question (folded): "… có không", "… chưa".
pub const CLOSING_QUESTION_WORDS: &[&str] = &["khong", "chua", "ko", "k", "hok", "ha", "a", "ah", "nhi", "sao"];

/// "ạ" with its mark: a polite ending, never the question's "à" (as typed).
pub const POLITE_CLOSER: &str = "ạ";
/// "cảm ơn" (folded): a sentence thanking closes the message, asking nothing with its last word.
pub const THANKS: [&str; 2] = ["cam", "on"];

/// Question words (folded, one space apart): a sentence holding them asks.
pub const QUESTION_WORDS: &[&str] =
    &["ai", "gi", "nao", "sao", "dau", "bao nhieu", "bao gio", "khi nao", "the nao", "co phai", "may", "ntn", "j"];

/// The asker excusing the question in a clause after it ("…, tôi hỏi thật lòng thôi chứ không có
/// ý gì", "em hỏi cho biết thôi"): its "gì" asks nothing (folded, one space apart).
pub const DISCLAIMERS: &[&str] =
    &["khong co y gi", "hoi that long", "hoi vay thoi", "hoi cho biet thoi", "hoi cho vui", "hoi cho chac"];

/// Words before "hỏi" that make it a compound asking nothing: "đòi hỏi" (demand), "học hỏi",
/// "thăm hỏi", "tra hỏi", "hạch hỏi", and the noun "câu hỏi" ("Em có 2 câu hỏi:" announces the
/// questions after it, asking none) (folded).
pub const NOT_ASKING_BEFORE: &[&str] = &["doi", "hoc", "tham", "tra", "hach", "cau"];

/// Closing words that ask on their own at the very end of a message ("… có thật không"), unlike
/// "ạ", "nhỉ", "hả" that also close a statement (folded).
pub const ASKING_CLOSERS: &[&str] = &["khong", "chua", "ko", "k", "hok", "kg", "hem"];

/// What the asker will do ("mình sẽ đọc lại"), after a pronoun of theirs: no question (folded).
pub const PROMISE_WORD: &str = "se";

/// Words that ask without a question word, in a wish or a request ("em muốn biết …", "nhờ ad
/// tra giúp …", "mong được giải đáp về …") (folded, one space apart). Not "cần biết" ("…, mình
/// làm kế toán nên cần biết") nor "chi giup" ("chị giúp em với").
pub const WISH_CUES: &[&str] = &["muon biet", "giai dap", "tra giup", "xem giup"];

/// "cho biết" asks only as a request: opening its clause, right after a name of the bot ("ad cho
/// biết"), or after a word of [`REQUEST_WORDS`] ("xin cho biết", "kính mong Quý Ban cho biết");
/// else someone reported it ("báo cho biết", "người ta cho biết") (folded).
pub const TELL_CUE: &str = "cho biet";

/// Words that make a request of the reader ("xin", "đề nghị", "mong", "vui lòng", "làm ơn",
/// "nhờ", "hãy") (folded, one space apart).
pub const REQUEST_WORDS: &[&str] = &["xin", "de nghi", "mong", "vui long", "lam on", "nho", "hay"];

/// Verbs of wanting after "sẽ" ("tôi sẽ cần / muốn / xin thông tin về …"), folded: a request,
/// not what the asker will do.
pub const WANTING: &[&str] = &["can", "muon", "xin", "hoi", "nho", "tim"];

/// Whether a word "con" with the word after it is "còn" (opening a follow-up or turning to
/// another matter): as typed with its marks, or typed without them and not "con" (child) before
/// the asker's pronoun ("con tôi học lớp 9").
pub fn turns(text: &str, folded: &str, accented: bool, next: Option<&str>) -> bool {
    folded == "con"
        && (text == super::FOLLOW_UP_WORD || !accented && !next.is_some_and(|n| super::ASKER_PRONOUNS.contains(&n)))
}

/// Words that may follow a closing "không" ("… có không ad", "… k ạ"): a shorthand form read
/// only at the end of a sentence is still at its end before them (folded).
pub const CLOSING_WORDS: &[&str] = &[
    "a", "ah", "ak", "ad", "add", "admin", "nhe", "nha", "nhi", "vay", "v", "z", "voi", "vs", "oi", "ha", "ho", "nhe",
    "nhen", "chu", "ta", "the", "day", "mn", "ban", "e", "c", "em", "chi", "anh", "bot", "ko", "k", "hok", "khong",
    "chua", "u", "ui", "huhu", "hihi", "thanks", "cam", "on", "nhieu",
];

/// The word before the receivers of what a sentence names ("đầu tư … cho những trường nào"):
/// "which schools" after it asks who benefits, which the plan states by kind (folded).
pub const BENEFICIARY_WORD: &str = "cho";

/// What a question opens with after the asker's own context in one unpunctuated sentence ("bên
/// mình muốn tài trợ học bổng … kế hoạch có khuyến khích … không"): the plan or the city
/// (folded words).
pub const QUESTION_SUBJECTS: &[&[&str]] = &[&["ke", "hoach"], &["thanh", "pho"]];

/// Whether folded words at `i` are a [`QUESTION_SUBJECTS`] followed by "có" ("kế hoạch có …"),
/// its number or "này" between ("kế hoạch 298 có …", "kế hoạch này có …").
pub fn opens_yes_no(folded: &[&str], i: usize) -> bool {
    let which = |w: &str| w == "nay" || w.bytes().all(|b| b.is_ascii_digit());
    QUESTION_SUBJECTS.iter().any(|s| {
        let after = i + s.len();
        let after = after + usize::from(folded.get(after).is_some_and(|w| which(w)));
        folded[i..].starts_with(s) && folded.get(after) == Some(&"co")
    })
}

/// The word after a question word that makes it mean every one ("năm nào cũng", "ai cũng"), folded.
pub const EVERY_WORD: &str = "cung";

/// Words after "mấy" and a unit that make a span up to now, no count ("mấy năm nay", "mấy tháng
/// qua"), folded.
pub const SPAN_ENDS: &[&str] = &["nay", "qua"];

/// Whether the question word of `len` words at `i` (of folded words read by `word`) is
/// narrative, asking nothing: every one before "cũng" ("năm nào cũng thiếu cô", "phụ huynh ai
/// cũng lo"); a span up to now ("mấy năm nay"); none after a complaint's negator, itself or
/// through "có" ("chẳng ai quan tâm", "chẳng có gì"), unless a closing question word follows it.
/// `negator` says whether the word at an index is one of [`super::COMPLAINT_NEGATORS`].
pub fn narrative<'w>(
    word: impl Fn(usize) -> Option<&'w str>,
    i: usize,
    len: usize,
    negator: impl Fn(usize) -> bool,
) -> bool {
    let next = word(i + len);
    let every = next == Some(EVERY_WORD);
    let span = word(i) == Some("may") && word(i + 2).is_some_and(|w| SPAN_ENDS.contains(&w));
    let negated = i >= 1 && negator(i - 1) || i >= 2 && word(i - 1) == Some("co") && negator(i - 2);
    every || span || negated && next.is_none_or(|w| !CLOSING_QUESTION_WORDS.contains(&w))
}

/// "về" (about), folded: "kế hoạch có nói gì về <topic>" names the topic after it.
pub const ABOUT_WORD: &str = "ve";

/// The fewest words outside [`super::STOPWORDS`] after "về" that name a topic of its own ("về
/// chuyển đổi số"; not "về việc này").
pub const MIN_ABOUT_WORDS: usize = 2;

/// Kinds of place the asker belongs to, folded: followed by a pronoun of theirs ("trường mình",
/// "truong em", "lớp tôi", "khoa mình") they point at the one the asker named when saying who
/// they are ("em là sv năm 2 đh Hải Phòng … trường mình đến 2030 …"): that introduction stays.
/// Only an introduction that names a place (one of these words, or "ở") is kept so.
pub const OWN_PLACES: &[&str] = &["truong", "lop", "khoa", "so", "xa", "phuong", "quan", "huyen"];

/// Short names of schools that name the asker's place in an introduction ("sv đh Hải Phòng",
/// "gv thcs Kiến An"), folded; and "ở" before a place.
pub const PLACE_NAMERS: &[&str] = &["dh", "cd", "thcs", "thpt", "dai hoc", "cao dang", "o"];

/// A closing sentence that only implies its question, its topic told in the sentence before
/// (folded, one space apart): the situation pointed at ("Cứ thế này thì con cái học ở đâu") or
/// nobody to turn to ("… mà chẳng biết kêu ai": who is responsible for what was told).
pub const IMPLIED_QUESTIONS: &[&str] = &[
    "cu the nay",
    "cu nhu the nay",
    "cu nhu vay",
    "the nay thi",
    "nhu vay thi",
    "nhu the thi",
    "biet keu ai",
    "biet hoi ai",
    "biet nho ai",
    "biet phan anh voi ai",
    "biet keu o dau",
    "biet phan anh o dau",
    "biet trong vao ai",
];

/// The question an implied one asks when the sentence before tells of a duty nobody does
/// ("… mà chẳng chừa đất làm trường. Cứ thế này thì con cái học ở đâu."): who is responsible.
pub const IMPLIED_WHO: &str = "vậy ai chịu trách nhiệm việc này";

/// Words of a complaint before what is lacking or in excess ("thiếu cô", "thừa giáo viên"),
/// folded: in the sentence an implied question leans on, the clauses holding one are its topic,
/// from the word on (a sentence with a complaint's negator, whole: "… mà chẳng chừa đất").
pub const LACKING: &[&str] = &["thieu", "thua"];

/// Words asking to confirm what was said before ("Kế hoạch có nói thế thật không?", "có đúng
/// vậy không"), folded, one space apart: a question holding one leans on the claim reported
/// in an earlier sentence ("cô giáo bảo là …"), however long it is; so does one asking whether
/// it is so ("nghe nói vậy có đúng là trong kế hoạch không", "có phải vậy không").
pub const CONFIRMING: &[&str] = &[
    "the that",
    "vay that",
    "dung the",
    "dung vay",
    "nhu the that",
    "nhu vay that",
    "co dung la",
    "co dung khong",
    "vay co dung",
    "the co dung",
    "co that la",
    "co phai vay",
    "co phai the",
    "co noi vay",
    "co noi the",
    "co noi nhu vay",
    "co noi nhu the",
    "co trong ke hoach",
];

/// Words of a sentence announcing what the next one asks about, before its "về" ("Em muốn hỏi
/// về trường nghề.", "Câu hỏi của tôi là về quỹ đất.", "Em đang thắc mắc về …", "tìm hiểu về …"),
/// as typed (lower-cased).
pub const ANNOUNCING: &[&str] = &["hỏi", "hoi", "mắc", "mac", "hiểu", "hieu"];
