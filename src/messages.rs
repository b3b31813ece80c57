//! Every piece of user-visible text the code composes, in Vietnamese, in one place.
//! (Curated replies — greetings, help, the out-of-scope reply — live in `knowledge/smalltalk.toml`.)

use crate::knowledge::{Document, Role};

/// How a role reads in an answer.
pub fn role(role: Role) -> &'static str {
    match role {
        Role::ChuTri => "chủ trì",
        Role::ThucHien => "thực hiện",
        Role::PhoiHop => "phối hợp",
        Role::ThamMuu => "tham mưu, đề xuất",
        Role::KiemTra => "kiểm tra, giám sát",
        Role::HuongDan => "hướng dẫn",
        Role::BaoCao => "báo cáo",
        Role::QuyetDinh => "xem xét, quyết định",
        Role::PheDuyet => "phê duyệt",
        Role::BanHanh => "ban hành",
    }
}

/// "Kế hoạch số 298/KH-UBND", or the kind and title for documents without a number.
pub fn document_name(d: &Document) -> String {
    if !d.number.is_empty() {
        format!("{} số {}", d.kind, d.number)
    } else if d.title.to_lowercase().starts_with(&d.kind.to_lowercase()) {
        // "Chương trình giáo dục phổ thông 2018" already says what kind it is.
        d.title.clone()
    } else {
        format!("{} “{}”", d.kind, d.title)
    }
}

pub fn responsibility_intro(plan: &str) -> String {
    format!("Theo {plan}, việc này do các cơ quan sau đảm nhận:")
}

pub fn responsibility_unassigned(plan: &str) -> String {
    format!("{plan} không giao riêng việc này cho một cơ quan cụ thể. Nội dung liên quan:")
}

pub fn agency_intro(agency: &str, plan: &str) -> String {
    format!("Theo {plan}, {agency} có các nhiệm vụ, vai trò sau:")
}

pub fn agency_topic_intro(agency: &str, plan: &str) -> String {
    format!("Theo {plan}, về nội dung này {agency}:")
}

pub fn agency_not_on_topic(agency: &str, plan: &str) -> String {
    format!("{plan} không giao riêng cho {agency} nhiệm vụ về nội dung này. Các nhiệm vụ của {agency} gồm:")
}

pub fn agency_more_intro(agency: &str) -> String {
    format!("Ngoài ra, {agency} còn:")
}

pub fn agency_no_more(agency: &str) -> String {
    format!("Kế hoạch không giao thêm nhiệm vụ nào khác cho {agency} ngoài những nhiệm vụ đã nêu.")
}

pub fn agency_without_duties(agency: &str, note: Option<&str>) -> String {
    match note {
        Some(note) => format!("Kế hoạch không giao nhiệm vụ cụ thể cho {agency}. {note}"),
        None => format!("Kế hoạch không giao nhiệm vụ cụ thể cho {agency}."),
    }
}

/// After an agency's first duty in the list of all agencies.
pub fn more_duties(more: usize) -> String {
    if more == 0 { String::new() } else { format!(" (và {more} nhiệm vụ khác)") }
}

pub fn documents_intro(plan: &str) -> String {
    format!("{plan} nhắc đến các văn bản sau:")
}

pub fn content_intro(plan: &str) -> String {
    format!("Theo {plan}:")
}

pub const ALSO: &str = "Ngoài ra:";

pub fn document_line(name: &str, date: &str, issuer: Option<&str>) -> String {
    let mut s = name.to_owned();
    if !date.is_empty() {
        s.push_str(&format!(" ngày {date}"));
    }
    if let Some(issuer) = issuer {
        s.push_str(&format!(" của {issuer}"));
    }
    s
}

pub fn implements(doc: &str) -> String {
    format!("Văn bản này thực hiện {doc}.")
}

pub fn overview_parts(parts: &[String]) -> String {
    let mut s = String::from("Kế hoạch gồm các phần chính:");
    for p in parts {
        s.push_str("\n• ");
        s.push_str(p);
    }
    s
}

pub fn source_intro(title: &str, publisher: &str, published: &str, author: &str) -> String {
    format!("Thông tin được lấy từ bài viết “{title}” trên {publisher}, đăng lúc {published}, tác giả {author}.")
}

pub const SOURCE_PREVIOUS: &str = "Câu trả lời trước được trích từ:";

pub fn detail_intro(plan: &str) -> String {
    format!("Chi tiết theo {plan}:")
}

pub fn out_of_scope_topic(topic: &str) -> String {
    format!("Kế hoạch không đề cập đến {topic}.")
}

pub const OTHER_DOCUMENT: &str =
    "Tôi chỉ có thông tin về Kế hoạch số 298/KH-UBND và các văn bản được nhắc đến trong đó, không có văn bản bạn hỏi.";
pub const NO_DATE: &str = "Kế hoạch không nêu mốc thời gian cụ thể cho nội dung này.";
pub const NO_FIGURE: &str = "Kế hoạch không nêu con số cụ thể cho nội dung này.";

pub const CITATIONS_HEADING: &str = "Nguồn trích dẫn:";

/// Phones: the heading of a list's next page ("xem thêm").
pub const LIST_CONTINUED: &str = "Tiếp theo:";
/// Telegram: the heading of the folded sources.
pub const SOURCES_FOLDED: &str = "Nguồn";
/// Telegram: the button that continues a long list.
pub fn telegram_more(items: usize) -> String {
    format!("Xem thêm ({items}) ▸")
}
/// Telegram: after the first page of a long list.
pub fn telegram_more_line(items: usize) -> String {
    format!("… còn {items} mục nữa, bấm “Xem thêm”.")
}
/// Zalo: after the first page of a long list.
pub fn zalo_more_line(items: usize) -> String {
    format!("… còn {items} mục nữa, gõ “xem thêm” để xem tiếp.")
}
/// Zalo: the short source labels after the answer.
pub const ZALO_SOURCES: &str = "Nguồn:";
/// Zalo: the last line, when the answer cites something.
pub const ZALO_QUOTES_ON_REQUEST: &str = "Gõ “nguồn” để xem nguyên văn trích dẫn.";
/// Zalo OA: the query buttons' texts the bot understands.
pub const MORE_QUERY: &str = "xem thêm";
pub const ZALO_SOURCES_QUERY: &str = "nguồn";
/// Zalo OA: the buttons' titles.
pub const ZALO_MORE_BUTTON: &str = "Xem thêm";
pub const ZALO_SOURCES_BUTTON: &str = "Xem nguyên văn nguồn";
pub const SUGGESTIONS_HEADING: &str = "Bạn có thể hỏi:";
pub const CLOSE_READINGS_HEADING: &str = "Có thể bạn muốn hỏi:";

/// Terminal chat.
pub const CHAT_WELCOME: &str = "hỏi đáp — Kế hoạch 298/KH-UBND của UBND thành phố Hải Phòng về đổi mới căn bản, toàn diện giáo dục và đào tạo.\nHãy đặt câu hỏi. Lệnh: /tot, /chuatot (đánh giá câu trả lời vừa rồi), /gopy <ý kiến>, /xoadulieu, /thoat (hoặc Ctrl-D).";
pub const CHAT_COMMANDS: &str = "Các lệnh: /tot hoặc /chuatot (đánh giá câu trả lời vừa rồi), /gopy <ý kiến gửi người quản trị>, /xoadulieu (xóa dữ liệu của bạn), /thoat (kết thúc).";
pub const CHAT_NOTHING_TO_RATE: &str = "Chưa có câu trả lời nào để đánh giá.";
pub const CHAT_RATED_UP: &str = "Cảm ơn bạn đã đánh giá 👍.";
pub const CHAT_RATED_DOWN: &str = "Cảm ơn bạn đã đánh giá 👎. Người quản trị sẽ xem lại câu trả lời này.";
pub const CHAT_COMMENT_USAGE: &str = "Hãy gõ ý kiến sau lệnh, ví dụ: /gopy Nên bổ sung thông tin về học phí.";
pub const CHAT_COMMENT_THANKS: &str = "Cảm ơn bạn, ý kiến đã được gửi tới người quản trị.";
pub const CHAT_FORGOTTEN: &str = "Đã xóa toàn bộ dữ liệu hội thoại, đánh giá và góp ý của bạn.";

/// Shown after an answer in the terminal: its id and how to rate it.
pub fn chat_rating_hint(answer_id: &str) -> String {
    format!("(mã câu trả lời {answer_id} — gõ /tot 👍 hoặc /chuatot 👎 để đánh giá)")
}
pub const CHAT_PROMPT: &str = "Bạn: ";
pub const CHAT_BOT: &str = "hỏi đáp: ";
pub const CHAT_BYE: &str = "Tạm biệt!";
pub const CHAT_QUIT_COMMANDS: [&str; 4] = ["/thoat", "/thoát", "/quit", "/exit"];

/// `kb show` and `kb agencies`, for curators.
pub const SHOW_SUMMARY: &str = "Tóm tắt";
pub const SHOW_QUOTES: &str = "Nguyên văn";
pub const SHOW_KEYWORDS: &str = "Từ khóa";
pub const SHOW_QUESTIONS: &str = "Câu hỏi mẫu";
pub const SHOW_AGENCIES: &str = "Cơ quan";
pub const SHOW_SECTION: &str = "Mục";
pub const SHOW_NO_DUTIES: &str = "(không có nhiệm vụ trong kế hoạch)";

/// Telegram: the command menu (command, description).
pub const TELEGRAM_COMMANDS: [(&str, &str); 7] = [
    ("start", "bắt đầu, giới thiệu và câu hỏi mẫu"),
    ("help", "hướng dẫn sử dụng"),
    ("mucluc", "mục lục kế hoạch"),
    ("coquan", "các cơ quan và nhiệm vụ"),
    ("nguon", "nguồn thông tin và cách trích dẫn"),
    ("gopy", "góp ý cho người quản trị: /gopy nội dung"),
    ("xoadulieu", "xóa dữ liệu của bạn"),
];
pub const SLOW_DOWN: &str = "Bạn gửi nhanh quá, xin chờ một chút rồi hỏi tiếp nhé.";
pub const TELEGRAM_EXAMPLES: &str = "Bạn có thể bấm một câu hỏi mẫu dưới đây hoặc gõ câu hỏi của mình.";
pub const TELEGRAM_CONTENTS: &str = "Mục lục Kế hoạch 298/KH-UBND — chọn một mục để xem nội dung:";
pub const TELEGRAM_AGENCIES: &str = "Các cơ quan được giao nhiệm vụ — chọn một cơ quan để xem nhiệm vụ:";
pub const TELEGRAM_STORE_UNAVAILABLE: &str = "Xin lỗi, hiện chưa lưu được yêu cầu này. Bạn vui lòng thử lại sau.";
pub const TELEGRAM_ERASE_CONFIRM: &str = "Bạn có chắc muốn xóa toàn bộ dữ liệu hội thoại, đánh giá và góp ý của mình?";
pub const TELEGRAM_ERASE_YES: &str = "Xóa dữ liệu";
pub const TELEGRAM_ERASE_NO: &str = "Không xóa";
pub const TELEGRAM_ERASE_KEPT: &str = "Dữ liệu của bạn được giữ nguyên.";
pub const TELEGRAM_BUTTON_EXPIRED: &str = "Nút này đã hết hạn. Bạn vui lòng gõ lại câu hỏi.";

/// The button that shows a cut quote in full.
pub fn telegram_full_quote(n: usize) -> String {
    format!("Nguyên văn [{n}]")
}

/// The question an agency button asks.
pub fn agency_question(agency: &str) -> String {
    format!("{agency} có nhiệm vụ gì?")
}

/// `/nguon`: the source and how to cite it.
pub fn telegram_source(title: &str, publisher: &str, published: &str, author: &str) -> String {
    format!(
        "{}\n\nCách trích dẫn: {author}, “{title}”, {publisher}, {published}. Mỗi câu trả lời ghi rõ mục của Kế hoạch 298/KH-UBND được trích.",
        source_intro(title, publisher, published, author)
    )
}
