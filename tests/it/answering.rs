//! The answering core through its public API: rendered replies (snapshots), follow-ups,
//! hostile input, determinism, and regressions named after what they reproduce.

use crate::support::engine;
use hoidap::core::{Answer, Context, Intent, render};
use proptest::prelude::*;

fn ask(question: &str) -> Answer {
    engine().answer(question, &Context::default())
}

/// One conversation: each answer's context goes with the next question.
fn dialog(questions: &[&str]) -> Vec<Answer> {
    let mut ctx = Context::default();
    questions
        .iter()
        .map(|q| {
            let a = engine().answer(q, &ctx);
            ctx = a.context.clone();
            a
        })
        .collect()
}

/// The data-driven check: the question, the intent, and ids that must be cited.
fn check(question: &str, intent: Intent, cited: &[&str]) {
    let a = ask(question);
    assert_eq!(a.intent, intent, "{question}\n{}", render::plain(&a));
    let ids: Vec<&str> = a.citations.iter().map(|c| c.id.as_str()).collect();
    for id in cited {
        assert!(ids.contains(id), "{question}: cites {ids:?}, expected {id}\n{}", render::plain(&a));
    }
}

#[test]
fn intents_and_citations() {
    check("Ai chịu trách nhiệm tuyển dụng giáo viên?", Intent::Responsibility, &["tc2-thanh-tra-tuyen-dung"]);
    check("ai chiu trach nhiem tuyen dung giao vien", Intent::Responsibility, &["tc2-thanh-tra-tuyen-dung"]);
    check("Sở Tài chính làm gì?", Intent::Agency, &["tc3-du-toan", "tc3-can-doi-kinh-phi"]);
    check("Ngân sách cho giáo dục tối thiểu bao nhiêu phần trăm?", Intent::Fact, &["nd2-ngan-sach-20"]);
    check("Nghị quyết 29 là gì?", Intent::Document, &["kh298-ban-hanh"]);
    check("Kế hoạch 298 có nội dung chính gì?", Intent::Overview, &["kh298-ban-hanh"]);
    check("Số điện thoại liên hệ của trang thông tin?", Intent::Contact, &["lien-he-trang-tin"]);
    check("xin chào", Intent::Smalltalk, &[]);
    check("Giá vàng hôm nay bao nhiêu?", Intent::OutOfScope, &[]);
    check("Lương giáo viên có tăng không?", Intent::OutOfScope, &[]);
}

#[test]
fn rendered_replies() {
    for (name, question) in [
        ("responsibility", "Ai chịu trách nhiệm tuyển dụng giáo viên?"),
        ("agency", "Sở Nội vụ làm gì?"),
        ("fact", "Kế hoạch 298 ban hành ngày nào?"),
        ("out_of_scope", "Học phí mầm non năm nay là bao nhiêu?"),
        ("smalltalk", "cảm ơn nhé"),
    ] {
        insta::assert_snapshot!(name, render::plain(&ask(question)));
    }
}

#[test]
fn follow_up_about_another_agency_keeps_the_topic() {
    // In context the topic (recruiting teachers) carries over: Sở Nội vụ's inspection duty, not
    // its whole profile.
    let alone = ask("còn Sở Nội vụ thì sao?");
    let answers = dialog(&["Ai chịu trách nhiệm tuyển dụng giáo viên?", "còn Sở Nội vụ thì sao?"]);
    assert_eq!(answers[1].intent, Intent::Agency);
    assert_eq!(answers[1].agencies[0].id, "so-noi-vu");
    assert!(answers[1].citations.len() < alone.citations.len(), "{}", render::plain(&answers[1]));
    assert!(answers[1].citations.iter().any(|c| c.id == "tc2-thanh-tra-tuyen-dung"));
}

#[test]
fn follow_up_date_of_the_document_in_focus() {
    let answers = dialog(&["Kết luận 91 là gì?", "ban hành ngày nào?"]);
    assert!(render::plain(&answers[1]).contains("12/8/2024"), "{}", render::plain(&answers[1]));
}

#[test]
fn follow_up_pronoun_means_the_same_agencies() {
    // Alone, "họ" (they) refers to nobody.
    assert!(ask("họ còn phải làm gì nữa?").agencies.is_empty());
    let answers = dialog(&["Sở Khoa học và Công nghệ có nhiệm vụ gì?", "họ còn phải làm gì nữa?"]);
    assert_eq!(answers[1].intent, Intent::Agency);
    assert!(!answers[1].agencies.is_empty());
    assert!(answers[1].agencies.iter().all(|a| a.id == "so-khcn"), "{:?}", answers[1].agencies);
}

#[test]
fn follow_up_pronoun_means_the_leading_agencies_of_a_list() {
    let answers = dialog(&["Ai chịu trách nhiệm tuyển dụng giáo viên?", "họ còn phải làm gì nữa?"]);
    let ids: Vec<&str> = answers[1].agencies.iter().map(|a| a.id.as_str()).collect();
    assert!(!ids.is_empty() && ids.len() <= hoidap::core::MAX_PRONOUN_AGENCIES, "{ids:?}");
}

#[test]
fn a_fresh_topic_resets_the_context() {
    let answers = dialog(&["Sở Nội vụ có nhiệm vụ gì?", "Kế hoạch nói gì về chuyển đổi số?"]);
    assert_eq!(answers[1].intent, Intent::Content);
    assert!(answers[1].citations.iter().any(|c| c.id == "nd2-chuyen-doi-so"));
}

#[test]
fn source_of_the_previous_answer() {
    let answers = dialog(&["Sở Nội vụ làm gì?", "nguồn ở đâu?"]);
    assert_eq!(answers[1].intent, Intent::Source);
    assert!(answers[1].citations.iter().any(|c| c.id.starts_with("tc2-")));
}

#[test]
fn the_source_of_an_answer_about_the_article_lists_it_once() {
    let answers = dialog(&["bài này ai viết", "đăng lúc nào"]);
    assert_eq!(answers[1].intent, Intent::Source);
    let body = &answers[1].body;
    let lines: Vec<&str> = body.lines().filter(|l| l.starts_with('•')).collect();
    let mut unique = lines.clone();
    unique.dedup();
    assert!(!lines.is_empty() && lines == unique, "{body}");
}

#[test]
fn hostile_inputs_get_an_answer() {
    let long = "giáo viên ".repeat(10_000);
    let inputs = [
        "",
        "   \n\t ",
        "😀😀😀",
        "\u{200B}\u{200C}\u{FEFF}",
        "\u{202E}nêiv oáig\u{202C}",
        "<b>ai</b> chịu trách nhiệm</i> & <script>",
        "**Sở Tài chính** _làm gì_?",
        "\0\0ai\0",
        long.as_str(),
    ];
    for input in inputs {
        let a = ask(input);
        assert!(!render::plain(&a).is_empty(), "{input:?}");
    }
    assert_eq!(ask("").intent, Intent::Smalltalk);
    assert_eq!(ask("😀😀😀").intent, Intent::Smalltalk);
}

#[test]
fn answers_are_deterministic() {
    for q in ["Ai lo quỹ đất xây trường?", "ke hoach noi gi ve mam non", "AI CHỊU TRÁCH NHIỆM?"] {
        assert_eq!(ask(q), ask(q));
    }
}

#[test]
fn regression_ai_as_who_is_not_artificial_intelligence() {
    assert_eq!(ask("ai chịu trách nhiệm đảm bảo ngân sách?").intent, Intent::Responsibility);
    let a = ask("Kế hoạch nói gì về AI?");
    assert!(a.citations.iter().any(|c| c.id == "nd2-chuyen-doi-so" || c.id == "nd2-dau-tu-chieu-sau"));
}

#[test]
fn regression_ban_hanh_without_marks_is_not_ban_friend() {
    let a = ask("ke hoach 298 ban hanh ngay nao");
    assert!(render::plain(&a).contains("30/12/2024"), "{}", render::plain(&a));
}

#[test]
fn regression_old_and_new_tone_marks_answer_alike() {
    let old = ask("xã hội hoá giáo dục là gì");
    let new = ask("xã hội hóa giáo dục là gì");
    assert!(!new.citations.is_empty());
    assert_eq!(old.citations, new.citations);
}

#[test]
fn regression_when_questions_need_a_date() {
    let a = ask("Khi nào bắt đầu thí điểm chương trình giáo dục mầm non mới?");
    assert!(!a.answered, "{}", render::plain(&a));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn answer_never_panics(s in "\\PC{0,200}") {
        let a = ask(&s);
        prop_assert!(!a.body.is_empty());
    }

    #[test]
    fn answer_never_panics_on_vietnamese_like_text(s in "[a-zA-Zàáảãạăắằẳẵặâấầẩẫậđèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ &%/0-9?.,-]{0,120}") {
        let a = ask(&s);
        for c in &a.citations {
            prop_assert!(!c.quote.is_empty());
        }
    }
}

#[test]
fn regression_follow_up_about_an_agency_without_duties_on_the_topic() {
    let answers = dialog(&["ai chịu trách nhiệm tuyển dụng giáo viên?", "còn Sở Tài chính thì sao?"]);
    assert_eq!(answers[1].intent, Intent::Agency);
    assert_eq!(answers[1].agencies[0].id, "so-tai-chinh");
    assert!(answers[1].body.contains("không giao riêng"), "{}", answers[1].body);
}
