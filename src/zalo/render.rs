//! Zalo replies in plain text, made for a phone: the answer first (a long list's first page),
//! short source labels, and one line saying how to see the quotes in full ("nguồn"); on an
//! Official Account, the same text with the suggestions, "Xem thêm" and "nguồn" as query
//! buttons of the consultation template.

use crate::core::{Answer, page};
use crate::messages;

/// Buttons one template message carries, at most: the five of Zalo's documented example of the
/// consultation message with buttons (the documentation we found names no higher count).
pub const OA_MAX_BUTTONS: usize = 5;
/// Characters of a button's title, at most: Zalo accepts 100; a phone shows about one line.
pub const OA_TITLE_CHARS: usize = 60;
/// Characters of a query button's payload (the text sent back as the user's message), at most:
/// Zalo's limit.
pub const OA_PAYLOAD_CHARS: usize = 1000;

/// The reply to `answer` on Zalo (Bot platform and Official Account). Suggestions are listed
/// only where they are the reply's substance: a declined or a doubtful answer.
pub fn text(answer: &Answer) -> String {
    let mut out = answer_text(&page::first_page(answer));
    if !answer.answered || answer.low_confidence {
        crate::core::render::push_suggestions(&mut out, answer);
    }
    out
}

/// The answer's first page, what continues it and the short source labels.
fn answer_text(page: &page::Page) -> String {
    let mut out = page.body.trim().to_owned();
    if page.more > 0 {
        out.push('\n');
        out.push_str(&messages::zalo_more_line(page.more));
    }
    if !page.citations.is_empty() {
        out.push_str("\n\n");
        out.push_str(messages::ZALO_SOURCES);
        for (i, c) in page.citations.iter().enumerate() {
            out.push_str(&format!(" [{}] {}", i + 1, short_label(&c.label)));
            out.push(if i + 1 == page.citations.len() { '.' } else { ';' });
        }
        out.push('\n');
        out.push_str(messages::ZALO_QUOTES_ON_REQUEST);
    }
    out
}

/// A query button (`oa.query.show`): a tap sends `payload` as the user's message, shown in
/// the chat.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryButton {
    pub title: String,
    pub payload: String,
}

/// An Official Account's reply: the text, and the buttons under it (none: send the text alone).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OaReply {
    pub text: String,
    pub buttons: Vec<QueryButton>,
}

/// The reply to `answer` on an Official Account: [`text`]'s answer and sources, with "Xem
/// thêm", the quotes ("nguồn") and the suggestions as query buttons, within Zalo's limits.
/// Suggestions that do not fit a button stay in the text, so nothing is lost.
pub fn oa_reply(answer: &Answer) -> OaReply {
    let page = page::first_page(answer);
    let mut text = answer_text(&page);
    let mut buttons = Vec::new();
    if page.more > 0 {
        buttons.push(QueryButton { title: messages::ZALO_MORE_BUTTON.into(), payload: messages::MORE_QUERY.into() });
    }
    if !page.citations.is_empty() {
        let sources =
            QueryButton { title: messages::ZALO_SOURCES_BUTTON.into(), payload: messages::ZALO_SOURCES_QUERY.into() };
        buttons.push(sources);
    }
    if !answer.answered && !answer.suggestions.is_empty() {
        text.push_str("\n\n");
        text.push_str(messages::SUGGESTIONS_HEADING);
    }
    let mut left = Vec::new();
    for s in &answer.suggestions {
        if buttons.len() < OA_MAX_BUTTONS && s.chars().count() <= OA_PAYLOAD_CHARS {
            buttons.push(QueryButton { title: title(s), payload: s.clone() });
        } else {
            left.push(s.as_str());
        }
    }
    if !left.is_empty() {
        if answer.answered {
            text.push_str("\n\n");
            text.push_str(messages::CLOSE_READINGS_HEADING);
        }
        for s in left {
            text.push_str("\n• ");
            text.push_str(s);
        }
    }
    OaReply { text, buttons }
}

/// A suggestion as a button title: its beginning, cut at a word, within [`OA_TITLE_CHARS`].
fn title(suggestion: &str) -> String {
    if suggestion.chars().count() <= OA_TITLE_CHARS {
        return suggestion.to_owned();
    }
    let cut: String = suggestion.chars().take(OA_TITLE_CHARS - 1).collect();
    let at_word = cut.rfind(' ').filter(|&i| i > cut.len() / 2).unwrap_or(cut.len());
    format!("{}…", cut[..at_word].trim_end())
}

/// A source label short enough for a phone: "Kế hoạch 298/KH-UBND, …" becomes "KH 298, …", and
/// the agencies a section of "Tổ chức thực hiện" is about are left out when a paragraph or
/// sentence number follows them (the quote names them; "nguồn" shows it). Other labels are kept.
pub fn short_label(label: &str) -> String {
    let mut out = label.to_owned();
    if let Some((plan, rest)) = label.strip_prefix(messages::PLAN_LABEL_START).and_then(|l| l.split_once(", ")) {
        let number = plan.split('/').next().unwrap_or(plan);
        if !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()) {
            out = format!("{}{number}, {rest}", messages::ZALO_PLAN_SHORT);
        }
    }
    if let Some((head, agencies)) = out.split_once(" – ") {
        let at = messages::LABEL_PARAGRAPH_MARKS.iter().filter_map(|p| agencies.find(p)).min();
        if let Some(at) = at {
            out = format!("{head}{}", &agencies[at..]);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::{Citation, Context, Intent, Language};

    fn answer(answered: bool, suggestions: &[String]) -> Answer {
        Answer {
            question: String::new(),
            answered,
            intent: Intent::Content,
            body: "Câu trả lời [1]".into(),
            citations: vec![Citation { id: "e1".into(), label: "Mục 1".into(), quote: "Câu 1.".into() }],
            agencies: vec![],
            suggestions: suggestions.to_vec(),
            score: 1.0,
            low_confidence: false,
            context: Context::default(),
            explain: None,
            language: Language::Vietnamese,
        }
    }

    #[test]
    fn oa_buttons_stay_within_zalo_limits_and_what_does_not_fit_stays_in_the_text() {
        let long = "Kế hoạch nói gì ".repeat(10);
        let too_long = "x".repeat(OA_PAYLOAD_CHARS + 1);
        let mut suggestions: Vec<String> = (1..=5).map(|i| format!("Câu hỏi {i}?")).collect();
        suggestions.insert(0, long.clone());
        suggestions.insert(1, too_long.clone());
        let reply = oa_reply(&answer(true, &suggestions));
        assert_eq!(reply.buttons.len(), OA_MAX_BUTTONS);
        assert_eq!(reply.buttons[0].payload, messages::ZALO_SOURCES_QUERY);
        assert_eq!(reply.buttons[1].payload, long, "a long suggestion keeps its whole text as payload");
        assert!(reply.buttons.iter().all(|b| b.title.chars().count() <= OA_TITLE_CHARS));
        assert!(reply.buttons.iter().all(|b| b.payload.chars().count() <= OA_PAYLOAD_CHARS));
        for s in &suggestions {
            let on_button = reply.buttons.iter().any(|b| &b.payload == s);
            assert!(on_button != reply.text.contains(s.as_str()), "{s:.20}: on a button or in the text, once");
        }
        assert!(reply.text.contains(messages::CLOSE_READINGS_HEADING));
    }

    #[test]
    fn a_declined_answer_keeps_its_heading_and_the_bot_text_is_unchanged() {
        let suggestions = vec!["Sở Tài chính làm gì?".to_owned()];
        let declined = answer(false, &suggestions);
        let reply = oa_reply(&declined);
        assert!(reply.text.ends_with(messages::SUGGESTIONS_HEADING), "{}", reply.text);
        assert_eq!(reply.buttons.last().unwrap().payload, suggestions[0]);
        assert!(text(&declined).ends_with("• Sở Tài chính làm gì?"), "the Bot platform lists them");
        assert!(oa_reply(&answer(true, &[])).buttons.len() == 1, "only the quotes' button");
    }

    #[test]
    fn labels_are_shortened_without_losing_where_the_quote_stands() {
        for (label, short) in [
            (
                "Kế hoạch 298/KH-UBND, Tổ chức thực hiện, mục 1 – Sở Giáo dục và Đào tạo, Sở Lao động - Thương binh và Xã hội, đoạn 7 (Đề án giáo dục nghề nghiệp đến năm 2030)",
                "KH 298, Tổ chức thực hiện, mục 1, đoạn 7 (Đề án giáo dục nghề nghiệp đến năm 2030)",
            ),
            (
                "Kế hoạch 298/KH-UBND, Tổ chức thực hiện, mục 6 – Ủy ban nhân dân các quận, huyện, thành phố, đoạn 1, câu 2 (quỹ đất)",
                "KH 298, Tổ chức thực hiện, mục 6, đoạn 1, câu 2 (quỹ đất)",
            ),
            // The agency is all the section is about: kept.
            (
                "Kế hoạch 298/KH-UBND, Tổ chức thực hiện, mục 4 – Sở Thông tin và Truyền thông",
                "KH 298, Tổ chức thực hiện, mục 4 – Sở Thông tin và Truyền thông",
            ),
            ("Nghị quyết số 29-NQ/TW ngày 04/11/2013", "Nghị quyết số 29-NQ/TW ngày 04/11/2013"),
            ("Kế hoạch năm học, mục 1", "Kế hoạch năm học, mục 1"),
        ] {
            assert_eq!(short_label(label), short, "{label}");
        }
    }
}
