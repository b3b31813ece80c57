//! Telegram rendering: every message parses as Telegram HTML and fits its 4096-unit limit,
//! whatever the answer holds.

use crate::support::{engine, repo};
use hoidap::core::{Answer, Citation, Context, Intent};
use hoidap::split::utf16_len;
use hoidap::telegram::render::{MAX_MESSAGE, is_valid_html, render, to_plain};
use proptest::prelude::*;

fn check(answer: &Answer) {
    let r = render(answer);
    assert!(!r.messages.is_empty());
    for m in &r.messages {
        assert!(is_valid_html(m), "invalid HTML:\n{m}");
        assert!(utf16_len(m) <= MAX_MESSAGE, "{} units", utf16_len(m));
        assert!(!m.trim().is_empty());
    }
}

fn answer(body: String, citations: Vec<Citation>, suggestions: Vec<String>) -> Answer {
    Answer {
        question: String::new(),
        language: hoidap::core::Language::Vietnamese,
        answered: true,
        intent: Intent::Content,
        body,
        citations,
        agencies: vec![],
        suggestions,
        score: 1.0,
        low_confidence: false,
        context: Context::default(),
        explain: None,
    }
}

#[test]
fn every_answer_of_the_evaluation_set_renders_valid_html() {
    let files = hoidap::cli::read_eval_files(&[repo().join("tests/eval"), repo().join("tests/dev")]).unwrap();
    let mut n = 0;
    for (_, f) in &files {
        for c in &f.case {
            check(&engine().answer(&c.q, &Context::default()));
            n += 1;
        }
    }
    assert!(n > 500);
}

#[test]
fn hostile_text_is_escaped() {
    let a = engine().answer("<b>ai</b> chịu trách nhiệm </i> tuyển dụng & <script>", &Context::default());
    check(&a);
    let html = render(&a).messages.join("\n");
    assert!(html.contains("Sở Giáo dục và Đào tạo"));
}

#[test]
fn a_long_reply_is_split_at_boundaries_and_loses_nothing() {
    let sentence = "Sở GD&ĐT phối hợp với Ủy ban nhân dân các quận, huyện <thành phố> bảo đảm đội ngũ nhà giáo. ";
    let body = sentence.repeat(80); // about 7,500 characters
    let a = answer(body.clone(), vec![], vec![]);
    let r = render(&a);
    assert!(r.messages.len() >= 2, "{} messages", r.messages.len());
    for m in &r.messages {
        assert!(is_valid_html(m) && utf16_len(m) <= MAX_MESSAGE);
        assert!(m.ends_with('.'), "cut inside a sentence: …{}", &m[m.len().saturating_sub(40)..]);
    }
    let back: String = r.messages.iter().map(|m| to_plain(m)).collect::<Vec<_>>().join(" ");
    assert_eq!(back.split_whitespace().collect::<Vec<_>>(), body.split_whitespace().collect::<Vec<_>>());
}

#[test]
fn long_quotes_are_cut_and_reported() {
    let quote = "Trên cơ sở đề xuất của Sở Giáo dục và Đào tạo, ".repeat(20);
    let a = answer("Trả lời.".into(), vec![Citation { id: "x".into(), label: "Nhãn & mục".into(), quote }], vec![]);
    let r = render(&a);
    assert_eq!(r.quote_buttons, [(1, 1)]);
    assert!(r.messages[0].contains("…”</blockquote>"));
    assert!(r.messages[0].contains("<b>Nhãn &amp; mục</b>"));
}

#[test]
fn rendered_reply() {
    let a = engine().answer("Sở Nội vụ làm gì?", &Context::default());
    insta::assert_snapshot!("telegram_agency", render(&a).messages.join("\n---\n"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn escaping_round_trips_and_its_length_is_known_without_escaping(text in "[a-zà&<>\"'😀 ]{0,200}") {
        let escaped = hoidap::telegram::render::escape(&text);
        prop_assert_eq!(hoidap::telegram::render::escaped_utf16_len(&text), utf16_len(&escaped));
        prop_assert_eq!(to_plain(&escaped), text);
    }

    #[test]
    fn any_answer_renders_within_the_limits(
        body in "[a-zA-Zàáảãạđêôơư0-9 <>&;\"/.\n!?😀]{0,6000}",
        labels in prop::collection::vec("[a-zà&<> ]{0,40}", 0..5),
        quotes in prop::collection::vec("[a-zà&<>. ]{0,900}", 0..5),
        suggestions in prop::collection::vec("[a-zà&<>? ]{0,60}", 0..3),
    ) {
        let citations = labels
            .iter()
            .zip(&quotes)
            .map(|(l, q)| Citation { id: "x".into(), label: l.clone(), quote: q.clone() })
            .collect();
        let a = answer(body, citations, suggestions);
        let r = render(&a);
        for m in &r.messages {
            prop_assert!(is_valid_html(m), "{}", m);
            prop_assert!(utf16_len(m) <= MAX_MESSAGE);
        }
    }
}
