//! Every piece of user-visible text the code composes, in Vietnamese, in one place.
//! (Curated replies — greetings, help, the out-of-scope reply — live in `knowledge/smalltalk.toml`.)

use crate::knowledge::{Document, Role};

mod admin;
pub use admin::*;
mod conversation;
pub use conversation::*;
mod english;
pub use english::*;
mod structure;
pub use structure::*;

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

/// After "the plan gives this to no one in particular": a narrower provision on the same
/// matter that does name bodies.
pub const RESPONSIBILITY_NEAREST: &str = "Ở một nội dung gần với câu hỏi, kế hoạch có giao cho cơ quan cụ thể:";

/// An agency's name inside a sentence: a name that is a generic plural ("Các sở, ban ngành …")
/// loses its capital ("Ngoài ra, các sở, ban ngành … còn:"); proper names keep theirs.
fn inside(agency: &str) -> std::borrow::Cow<'_, str> {
    match agency.strip_prefix("Các ") {
        Some(rest) => format!("các {rest}").into(),
        None => agency.into(),
    }
}

/// A district asked by name, answered with the duties the plan gives every district.
pub fn place_in_general(place: &str, agency: &str) -> String {
    let agency = inside(agency);
    format!("Kế hoạch không nêu riêng {place}; dưới đây là các nhiệm vụ kế hoạch giao chung cho {agency}.")
}

pub fn agency_intro(agency: &str, plan: &str) -> String {
    let agency = inside(agency);
    format!("Theo {plan}, {agency} có các nhiệm vụ, vai trò sau:")
}

pub fn agency_topic_intro(agency: &str, plan: &str) -> String {
    let agency = inside(agency);
    format!("Theo {plan}, về nội dung này {agency}:")
}

pub fn agency_not_on_topic(agency: &str, plan: &str) -> String {
    let agency = inside(agency);
    format!("{plan} không giao riêng cho {agency} nhiệm vụ về nội dung này. Các nhiệm vụ của {agency} gồm:")
}

pub fn agency_more_intro(agency: &str) -> String {
    let agency = inside(agency);
    format!("Ngoài ra, {agency} còn:")
}

pub fn agency_no_more(agency: &str) -> String {
    let agency = inside(agency);
    format!("Kế hoạch không giao thêm nhiệm vụ nào khác cho {agency} ngoài những nhiệm vụ đã nêu.")
}

pub fn agency_without_duties(agency: &str, note: Option<&str>) -> String {
    let agency = inside(agency);
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

/// The opening of a part's items: "Phần “Tổ chức thực hiện” của kế hoạch gồm 8 mục:".
pub fn part_items(title: &str, count: usize) -> String {
    format!("Phần “{title}” của kế hoạch gồm {count} mục:")
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

/// A decline, then the fact the plan states about the nearest thing, labelled as such.
pub fn nearest_fact(topic: &str, stated: &str) -> String {
    format!("Kế hoạch không đề cập đến {topic}. Nội dung gần nhất mà kế hoạch nêu: {stated}")
}

/// The heading of one part of a compound question's answer ("ai lo ngân sách").
pub fn part_heading(part: &str) -> String {
    format!("Về “{}”:", echoed(part))
}

/// A part of a compound question the plan does not cover.
pub fn part_not_covered(part: &str) -> String {
    format!("Về “{}”: kế hoạch không đề cập đến nội dung này.", echoed(part))
}

/// A part of the user's question quoted back: without its closing mark, and with square brackets
/// made round, so a typed "[2]" is never read as a citation mark.
fn echoed(part: &str) -> String {
    part.trim_end_matches(['?', '.', ' ']).replace('[', "(").replace(']', ")")
}

/// The time between two dates the source gives: each date's fact with its citation, then the
/// days between them and the same in years, months and days.
pub fn date_gap(
    first: (&str, usize),
    second: (&str, usize),
    dates: (&str, &str),
    days: i64,
    (years, months, rest): (i64, i64, i64),
) -> String {
    let mut span = Vec::new();
    if years > 0 {
        span.push(format!("{years} năm"));
    }
    if months > 0 {
        span.push(format!("{months} tháng"));
    }
    if rest > 0 && !span.is_empty() {
        span.push(format!("{rest} ngày"));
    }
    let span = if span.is_empty() { String::new() } else { format!(" ({})", span.join(" ")) };
    format!(
        "{} [{}]\n{} [{}]\nNhư vậy, từ ngày {} đến ngày {} là {days} ngày{span}.",
        first.0, first.1, second.0, second.1, dates.0, dates.1
    )
}

/// The plans the bot knows, in one phrase: "Kế hoạch số 298/KH-UBND" or "Kế hoạch số
/// 298/KH-UBND và Kế hoạch số 123/KH-UBND".
pub fn plans_phrase(plans: &[String]) -> String {
    match plans {
        [] => "kế hoạch".to_owned(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} và {last}", rest.join(", ")),
    }
}

/// The contents of a plan the source only names ("nội dung Kế hoạch số 407-KH/TU"), declined as
/// an unknown entity.
pub fn contents_of(plan: &str) -> String {
    format!("nội dung {plan}")
}

/// A body or school the source never mentions ("Sở Y tế", "Trường THPT Trần Phú"); `plans`
/// are the plans the bot knows.
pub fn unknown_entity(name: &str, plans: &[String]) -> String {
    let plans = plans_phrase(plans);
    let articles = if plans.contains(" và ") {
        "các bài viết giới thiệu"
    } else {
        "bài viết giới thiệu kế hoạch"
    };
    format!("{plans} và {articles} không nhắc đến {name}, nên tôi không có thông tin về {name}.")
}

/// After declining a body the plan does not cover: the nearest one it does, clearly labelled
/// as another body.
pub fn nearest_entity(name: &str, body: &str) -> String {
    format!("Để tham khảo, về một cơ quan khác là {name} (không phải cơ quan bạn hỏi), kế hoạch giao: {body}")
}

/// A named body's contact details, which the source does not give.
pub fn no_contact(name: &str) -> String {
    format!(
        "Nguồn tin không ghi địa chỉ, số điện thoại hay email của {name}, nên tôi không có thông tin liên hệ của cơ quan này."
    )
}

/// After declining a body's contact details: the only ones the source gives, those of the
/// portal the body runs, clearly labelled.
pub fn nearest_contact(portal: &str, body: &str) -> String {
    format!("Nguồn chỉ ghi thông tin liên hệ của {portal} (không phải của riêng cơ quan bạn hỏi): {body}")
}

/// A body's contact asked for when the body runs the portal: the contact block the source gives
/// for that portal, labelled as the page's.
pub fn managed_portal_contact(agency: &str, portal: &str, body: &str) -> String {
    format!(
        "Thông tin liên hệ nguồn tin ghi là của {portal}, trang do {agency} quản lý (nguồn tin không ghi liên hệ nào khác của cơ quan này): {body}"
    )
}

/// A document of a known kind by a number none has; `plans` are the plans the bot knows.
pub fn other_document(plans: &[String]) -> String {
    format!(
        "Tôi chỉ có thông tin về {} và các văn bản được nhắc đến trong đó, không có văn bản bạn hỏi.",
        plans_phrase(plans)
    )
}
/// What another document says on a topic: the source names it, without its contents.
pub fn document_contents(name: &str) -> String {
    format!("Nguồn chỉ nhắc đến {name} (tên, ngày ban hành), không nêu nội dung của văn bản này về điều bạn hỏi.")
}
/// [`other_document`], naming the document asked for as typed.
pub fn other_document_named(name: &str, plans: &[String]) -> String {
    format!(
        "Tôi chỉ có thông tin về {} và các văn bản được nhắc đến trong đó, không có thông tin về {name}.",
        plans_phrase(plans)
    )
}
/// A document of a known kind by a number no plan has, with several plans: which ones the bot knows.
pub fn unknown_plan(plans: &[String]) -> String {
    format!("Tôi chưa có văn bản bạn hỏi. Tôi có thông tin về: {}.", plans.join("; "))
}

/// A suggestion after an unknown plan: ask about one the bot knows.
pub fn about_plan(plan: &str) -> String {
    format!("{plan} nói về gì?")
}

/// One plan's part of an answer drawn from several plans.
pub fn plan_part(plan: &str, body: &str) -> String {
    format!("Theo {plan}:\n{body}")
}

/// A plan's row in the table of contents.
pub fn contents_plan(plan: &Document) -> String {
    let name = document_name(plan);
    if plan.title.is_empty() { name } else { format!("{name}: {}", plan.title) }
}

pub const NO_DATE: &str = "Kế hoạch không nêu mốc thời gian cụ thể cho nội dung này.";
pub const NO_FIGURE: &str = "Kế hoạch không nêu con số cụ thể cho nội dung này.";
/// "How many" asked of the article or its page, which state no such figure.
pub const ARTICLE_NO_FIGURE: &str = "Bài viết và trang đăng bài không nêu con số này.";
/// Which body the article's author works for: the source names the author alone.
pub const AUTHOR_BODY_NOT_GIVEN: &str =
    "Nguồn tin chỉ ghi tên tác giả ở cuối bài viết, không ghi tác giả công tác ở cơ quan, đơn vị nào.";
/// A contact detail asked of a person or part of the article: the page gives only its own.
pub const NO_DETAIL_GIVEN: &str = "Nguồn tin không ghi địa chỉ, số điện thoại hay email cho nội dung này: thông tin liên hệ duy nhất được ghi là của trang thông tin đăng bài viết.";

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
/// Zalo: how a short source label names a plan ("KH 298, …").
pub const ZALO_PLAN_SHORT: &str = "KH ";
/// Zalo short labels: how a plan's label begins ("Kế hoạch 298/KH-UBND, …").
pub const PLAN_LABEL_START: &str = "Kế hoạch ";
/// Zalo short labels: what follows the agencies a section is about, when the label goes on to a
/// paragraph or a sentence ("… – Sở Tài chính, câu 1 (…)").
pub const LABEL_PARAGRAPH_MARKS: [&str; 2] = [", đoạn ", ", câu "];
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

// ---------------------------------------------------------------------------------------------
// `hoidap kb draft`: the labels and names of drafted items (the curator reads and corrects them).

/// A document's citation: "Kế hoạch số 298/KH-UBND ngày 30/12/2024 của Ủy ban nhân dân …".
pub fn draft_document_label(kind: &str, number: &str, date: &str, issuer: &str) -> String {
    let mut s = if number.is_empty() { kind.to_owned() } else { format!("{kind} số {number}") };
    if !date.is_empty() {
        s.push_str(&format!(" ngày {date}"));
    }
    if !issuer.is_empty() {
        s.push_str(&format!(" của {issuer}"));
    }
    s
}

/// Names people type for a numbered document: "KH 298", "Kế hoạch 298", "kế hoạch số 298" …
pub fn draft_document_aliases(kind: &str, short: &str, number: &str) -> Vec<String> {
    let n: String = number.chars().take_while(char::is_ascii_digit).collect();
    if n.is_empty() {
        return vec![number.to_owned()];
    }
    let kind_lower = crate::text::lowercase(kind);
    let folded = crate::text::fold_marks(&kind_lower);
    let short_lower = crate::text::lowercase(short);
    vec![
        format!("{short} {n}"),
        format!("{short}{n}"),
        format!("{kind} {n}"),
        format!("{kind_lower} số {n}"),
        number.to_owned(),
        format!("{kind} {number}"),
        format!("{short_lower} {n}"),
        format!("{folded} {n}"),
        format!("{folded} so {n}"),
    ]
}

/// A part, item or point of a document: "Kế hoạch 298/KH-UBND, Tổ chức thực hiện".
pub fn draft_part_label(parent: &str, title: &str) -> String {
    format!("{parent}, {title}")
}

/// A numbered item: "…, mục 2 – Sở Nội vụ" (the title only when short).
pub fn draft_item_label(parent: &str, number: &str, title: Option<&str>) -> String {
    let n = number.trim_end_matches(['.', ')']);
    match title {
        Some(t) => format!("{parent}, mục {n} – {t}"),
        None => format!("{parent}, mục {n}"),
    }
}

/// A lettered point: "…, điểm a".
pub fn draft_point_label(parent: &str, letter: &str) -> String {
    format!("{parent}, điểm {}", letter.trim_end_matches(['.', ')']))
}

/// A paragraph: "…, đoạn 2".
pub fn draft_paragraph_label(parent: &str, n: usize) -> String {
    format!("{parent}, đoạn {n}")
}

/// The paragraphs before the first heading: "…, phần mở đầu".
pub fn draft_opening_label(document: &str) -> String {
    format!("{document}, phần mở đầu")
}

/// The article's title line.
pub fn draft_title_label(document: &str) -> String {
    format!("{document}, tiêu đề bài viết")
}

/// The article on the portal (its time, byline).
pub fn draft_article_label(publisher: &str, published: &str) -> String {
    if published.is_empty() {
        format!("Bài viết trên {publisher}")
    } else {
        format!("Bài viết trên {publisher} ({published})")
    }
}

/// The lines of the portal's page after the article (contact details).
pub fn draft_page_label(publisher: &str) -> String {
    format!("{publisher}, thông tin trên trang")
}
