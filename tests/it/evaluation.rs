//! The project's evaluation set (tests/eval): overall accuracy and out-of-scope abstention of
//! at least 95 %, and every citation verbatim in its source.

use crate::support::{engine, repo};
use hoidap::eval;

/// Overall share of expectations met.
const MIN_ACCURACY: f64 = 0.95;
/// Share of must-decline questions declined.
const MIN_ABSTENTION: f64 = 0.95;

#[test]
fn evaluation_set_meets_the_thresholds() {
    let files = hoidap::cli::read_eval_files(&[repo().join("tests/eval")]).unwrap();
    let cases: usize =
        files.iter().map(|(_, f)| f.case.len() + f.dialog.iter().map(|d| d.turn.len()).sum::<usize>()).sum();
    let declines: usize = files.iter().flat_map(|(_, f)| &f.case).filter(|c| !c.answered).count();
    assert!(cases >= 300, "only {cases} questions");
    assert!(declines >= 50, "only {declines} out-of-scope questions");
    for (name, f) in &files {
        for c in &f.case {
            assert!(!c.category.is_empty(), "{name}: {} has no category", c.q);
            if let Some(i) = &c.intent {
                for i in i.split('|') {
                    assert!(eval::intent_names().contains(&i), "{name}: unknown intent {i}");
                }
            }
        }
    }
    let report = eval::run(engine(), &files);
    let failures: Vec<String> =
        report.failures.iter().map(|f| format!("[{}] {}: {}", f.category, f.question, f.problems.join("; "))).collect();
    assert!(report.not_verbatim.is_empty(), "quotes not verbatim: {:#?}", report.not_verbatim);
    assert!(
        report.accuracy() >= MIN_ACCURACY,
        "accuracy {:.3} < {MIN_ACCURACY}; failures:\n{}",
        report.accuracy(),
        failures.join("\n")
    );
    assert!(
        report.abstention_rate() >= MIN_ABSTENTION,
        "abstention {:.3} < {MIN_ABSTENTION}; failures:\n{}",
        report.abstention_rate(),
        failures.join("\n")
    );
}

/// The held-out set (tests/holdout) was written apart from the engine; it was 94 % on its first
/// run. It guards against tuning the engine to tests/eval alone.
const MIN_HOLDOUT: f64 = 0.9;

#[test]
fn held_out_set_stays_above_its_floor() {
    let files = hoidap::cli::read_eval_files(&[repo().join("tests/holdout")]).unwrap();
    let report = eval::run(engine(), &files);
    let failures: Vec<String> =
        report.failures.iter().map(|f| format!("[{}] {}: {}", f.category, f.question, f.problems.join("; "))).collect();
    assert!(report.total >= 150, "{} questions", report.total);
    assert!(report.not_verbatim.is_empty(), "{:#?}", report.not_verbatim);
    assert!(report.accuracy() >= MIN_HOLDOUT, "accuracy {:.3}\n{}", report.accuracy(), failures.join("\n"));
    assert!(
        report.abstention_rate() >= MIN_HOLDOUT,
        "abstention {:.3}\n{}",
        report.abstention_rate(),
        failures.join("\n")
    );
}

#[test]
fn a_wrong_expectation_fails_the_judge() {
    let expect = eval::Expect {
        q: "Sở Tài chính có nhiệm vụ gì?".into(),
        intent: Some("agency".into()),
        cites: vec!["tc2-bien-che".into()],
        answered: true,
        ..Default::default()
    };
    let answer = engine().answer(&expect.q, &Default::default());
    let problems = eval::judge(&expect, &answer);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].starts_with("cites"), "{problems:?}");
}
