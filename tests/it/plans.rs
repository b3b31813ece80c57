//! Several plans in one bot: Plan 298 beside the fictional test Plan 123/KH-UBND
//! (tests/fixtures/plans/kh-123, drafted with `kb draft` and curated), loaded together.

use crate::support::{engine, repo};
use hoidap::core::{Context, Engine};
use hoidap::eval;
use hoidap::knowledge::load;
use std::sync::OnceLock;

/// The shipped knowledge folder with the fixture plan's folder inside it: the files of both,
/// the fixture's under a prefix of their own (its `documents.toml` beside the shipped one).
fn two_plans() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let mut files = load::read_dir(&repo().join("knowledge")).unwrap();
        for (path, text) in load::read_dir(&repo().join("tests/fixtures/plans/kh-123")).unwrap() {
            files.insert(format!("fixture-kh-123/{path}"), text);
        }
        let (kb, problems) = load::parse(&files);
        assert!(problems.is_empty(), "the fixture plan loads beside Plan 298: {problems:?}");
        Engine::new(kb)
    })
}

fn failures(report: &eval::Report) -> String {
    report.failures.iter().map(|f| format!("{}\n  {}\n  {}", f.question, f.problems.join("; "), f.got)).collect()
}

#[test]
fn the_evaluation_set_scores_the_same_with_a_second_plan_loaded() {
    let files = hoidap::cli::read_eval_files(&[repo().join("tests/eval")]).unwrap();
    let alone = eval::run(engine(), &files);
    let beside = eval::run(two_plans(), &files);
    assert_eq!(
        beside.overall.passed,
        alone.overall.passed,
        "tests/eval with Plan 123 loaded: {:.1} % against {:.1} % alone\n{}",
        100.0 * beside.accuracy(),
        100.0 * alone.accuracy(),
        failures(&beside)
    );
}

#[test]
fn questions_about_either_plan_and_both_pass() {
    let files = hoidap::cli::read_eval_files(&[repo().join("tests/fixtures/plans/eval.toml")]).unwrap();
    let report = eval::run(two_plans(), &files);
    assert!(report.overall.total >= 15, "the two-plan question set is there");
    assert!(report.failures.is_empty(), "{}", failures(&report));
}

#[test]
fn the_table_of_contents_lists_the_plans_first() {
    let contents = two_plans().table_of_contents();
    let first: Vec<&str> = contents.iter().take(2).map(|(_, t)| t.as_str()).collect();
    assert!(first[0].starts_with("Kế hoạch số 298/KH-UBND"), "{first:?}");
    assert!(first[1].starts_with("Kế hoạch số 123/KH-UBND"), "{first:?}");
    assert!(contents[2..].iter().all(|(_, t)| !t.starts_with("Kế hoạch số")), "then the sections: {contents:?}");
    // A plan's row says what the plan is about; a section's row what the section says.
    let (plan_row, _) = contents[1];
    let about = two_plans().section_answer(plan_row).unwrap();
    assert!(about.body.contains("thư viện trường học"), "{}", about.body);
    assert_eq!(about.context.plan.as_deref(), Some("kh-123"));
    let (section_row, _) = contents[2];
    assert!(two_plans().section_answer(section_row).unwrap().answered);
    // One plan: its sections only, as before.
    assert!(engine().table_of_contents().iter().all(|(_, t)| !t.starts_with("Kế hoạch số 298")));
}

#[test]
fn the_plan_being_discussed_is_kept_in_the_context() {
    let first = two_plans().answer("Theo kế hoạch số 123/KH-UBND, Sở Tài chính phải làm gì?", &Context::default());
    assert_eq!(first.context.plan.as_deref(), Some("kh-123"));
    let next = two_plans().answer("Kế hoạch giao Sở Giáo dục và Đào tạo làm gì?", &first.context);
    assert!(next.citations.iter().all(|c| c.id.starts_with("kh123-")), "{:?}", next.citations);
    assert_eq!(next.context.plan.as_deref(), Some("kh-123"));
    // Small talk in between does not forget it.
    let thanks = two_plans().answer("cảm ơn", &next.context);
    assert_eq!(thanks.context.plan.as_deref(), Some("kh-123"));
}

#[test]
fn a_context_stored_before_plans_were_kept_still_reads() {
    let old = r#"{"intent":"agency","agencies":["so-tai-chinh"],"cited":["tc3-du-toan"],"document":null,"topic":[]}"#;
    let context: Context = serde_json::from_str(old).unwrap();
    assert_eq!(context.plan, None);
    // And a context without a plan is written as before.
    assert!(!serde_json::to_string(&Context::default()).unwrap().contains("plan"));
}

#[test]
fn an_answer_from_both_plans_numbers_its_citations_on() {
    let answer = two_plans().answer("Sở Tài chính có nhiệm vụ gì?", &Context::default());
    let n = answer.citations.len();
    assert!(answer.citations.iter().any(|c| c.id.starts_with("kh123-")), "{:?}", answer.citations);
    assert!(answer.citations.iter().any(|c| c.id.starts_with("tc")), "{:?}", answer.citations);
    for i in 1..=n {
        assert!(answer.body.contains(&format!("[{i}]")), "[{i}] is in the body: {}", answer.body);
    }
    assert!(!answer.body.contains(&format!("[{}]", n + 1)), "{}", answer.body);
}

/// A reply from both plans is one reply: answered when either plan answers (a plan that
/// declines adds nothing), and on a phone every citation of both parts is on its first page or
/// one "xem thêm" away.
#[test]
fn an_answer_from_both_plans_is_whole_on_a_phone() {
    let both = two_plans().answer("Kế hoạch 298 và kế hoạch 123 nói gì về ngày hội đọc sách?", &Context::default());
    assert!(both.answered, "{}", both.body);
    for question in ["Sở Giáo dục và Đào tạo có nhiệm vụ gì?", "Sở Tài chính có nhiệm vụ gì?"]
    {
        crate::phone::assert_one_step_away(two_plans(), &two_plans().answer(question, &Context::default()));
    }
}

/// An English question both plans answer: the note that the plans are in Vietnamese is said
/// once, above both parts, and each part keeps its plan's name.
#[test]
fn an_english_answer_from_both_plans_opens_once() {
    let answer = two_plans().answer("What are the Department of Finance's duties?", &Context::default());
    let opening = hoidap::messages::ENGLISH_OPENING;
    assert_eq!(answer.body.matches(opening).count(), 1, "{}", answer.body);
    assert!(answer.body.starts_with(opening), "{}", answer.body);
    assert!(answer.body.contains("Kế hoạch số 298/KH-UBND") && answer.body.contains("Kế hoạch số 123/KH-UBND"));
}

/// After an unknown plan, the suggestions ask about each plan the bot knows.
#[test]
fn an_unknown_plan_suggests_every_known_plan() {
    let answer = two_plans().answer("Kế hoạch 999 nói về gì?", &Context::default());
    assert!(!answer.answered);
    for plan in ["Kế hoạch số 298/KH-UBND", "Kế hoạch số 123/KH-UBND"] {
        assert!(answer.suggestions.iter().any(|s| s.contains(plan)), "{plan}: {:?}", answer.suggestions);
    }
}

/// An English question no plan answers: the English decline names every plan the bot knows,
/// as the Vietnamese declines do, and with one plan only that plan.
#[test]
fn an_english_decline_names_the_known_plans() {
    let question = "How much is the school fee at a private kindergarten?";
    let both = two_plans().answer(question, &Context::default());
    assert!(!both.answered, "{}", both.body);
    assert!(both.body.contains("Plan 298/KH-UBND and Plan 123/KH-UBND"), "{}", both.body);
    let one = engine().answer(question, &Context::default());
    assert!(!one.answered, "{}", one.body);
    assert!(one.body.contains("Plan 298/KH-UBND") && !one.body.contains("123"), "{}", one.body);
}
