//! The question sets under the one strict judge: tests/eval (tuned on) and tests/dev (the
//! development set) above their floors with every citation verbatim; tests/sealed well formed and
//! scored by `hoidap eval --sealed` without showing a question.

use crate::support::{engine, repo};
use hoidap::eval;
use std::collections::BTreeSet;
use std::process::Command;

/// Overall share of tests/eval questions the strict judge passes (97.4 % on 2026-11-29; 89.1 %
/// when the strict judge replaced the lenient one in issue 13), rounded down; raise it as the
/// engine improves, never lower the judge.
const MIN_ACCURACY: f64 = 0.97;
/// Share of must-decline questions declined.
const MIN_ABSTENTION: f64 = 0.95;

fn failures(report: &eval::Report) -> String {
    let lines: Vec<String> =
        report.failures.iter().map(|f| format!("[{}] {}: {}", f.category, f.question, f.problems.join("; "))).collect();
    lines.join("\n")
}

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
        }
    }
    let report = eval::run(engine(), &files);
    assert!(report.not_verbatim.is_empty(), "quotes not verbatim: {:#?}", report.not_verbatim);
    assert!(
        report.accuracy() >= MIN_ACCURACY,
        "accuracy {:.3} < {MIN_ACCURACY}; failures:\n{}",
        report.accuracy(),
        failures(&report)
    );
    assert!(
        report.abstention_rate() >= MIN_ABSTENTION,
        "abstention {:.3} < {MIN_ABSTENTION}; failures:\n{}",
        report.abstention_rate(),
        failures(&report)
    );
}

/// The development set (tests/dev, formerly tests/holdout) under the strict judge: the honest
/// figure (98.1 % on 2026-11-29, after issue 13's third round), rounded down. It was tuned on,
/// so it guards against regressions, not against over-fitting (tests/sealed does that).
const MIN_DEV: f64 = 0.97;
/// Share of the development set's must-decline questions declined.
const MIN_DEV_ABSTENTION: f64 = 0.95;

#[test]
fn development_set_stays_above_its_floor() {
    let files = hoidap::cli::read_eval_files(&[repo().join("tests/dev")]).unwrap();
    let report = eval::run(engine(), &files);
    assert!(report.overall.total >= 150, "{} questions", report.overall.total);
    assert!(report.not_verbatim.is_empty(), "{:#?}", report.not_verbatim);
    assert!(report.accuracy() >= MIN_DEV, "accuracy {:.3}\n{}", report.accuracy(), failures(&report));
    assert!(
        report.abstention_rate() >= MIN_DEV_ABSTENTION,
        "abstention {:.3}\n{}",
        report.abstention_rate(),
        failures(&report)
    );
}

/// Every question file: categories named, intents known, cited ids and agencies that exist.
#[test]
fn every_question_set_names_known_intents_ids_and_agencies() {
    let kb = engine().knowledge();
    let agencies: BTreeSet<&str> = kb.agencies.iter().map(|a| a.id.as_str()).collect();
    for set in ["tests/eval", "tests/dev", "tests/sealed"] {
        for (name, f) in hoidap::cli::read_eval_files(&[repo().join(set)]).unwrap() {
            let turns = f.dialog.iter().flat_map(|d| &d.turn);
            for c in f.case.iter().chain(turns) {
                if let Some(i) = &c.intent {
                    for i in i.split('|') {
                        assert!(eval::intent_names().contains(&i), "{name}: unknown intent {i}");
                    }
                }
                for id in &c.cites {
                    assert!(kb.citable(id).is_some(), "{name}: {} cites unknown id {id}", c.q);
                }
                for a in &c.agencies {
                    assert!(agencies.contains(a.as_str()), "{name}: {} names unknown agency {a}", c.q);
                }
            }
        }
    }
}

/// The sealed set's classes (issue 13), each with enough questions to give a figure.
const SEALED_CATEGORIES: [&str; 15] = [
    "formal",
    "no-marks",
    "telex-vni",
    "glued-half-marked",
    "shorthand",
    "rambling",
    "entity",
    "unstated",
    "dialog",
    "compound",
    "meta",
    "partial",
    "english",
    "caps-nfd",
    "abstain",
];

#[test]
fn sealed_set_covers_every_class() {
    let files = hoidap::cli::read_eval_files(&[repo().join("tests/sealed")]).unwrap();
    let mut count = std::collections::BTreeMap::<String, usize>::new();
    for (_, f) in &files {
        for c in &f.case {
            *count.entry(c.category.clone()).or_default() += 1;
        }
        for d in &f.dialog {
            *count.entry(d.category.clone()).or_default() += d.turn.len();
        }
    }
    let total: usize = count.values().sum();
    assert!(total >= 250, "only {total} sealed questions");
    let names: BTreeSet<&str> = count.keys().map(String::as_str).collect();
    assert_eq!(names, SEALED_CATEGORIES.into_iter().collect(), "sealed categories");
    for (cat, n) in &count {
        assert!(*n >= 10, "sealed category {cat} has only {n} questions");
    }
}

#[test]
fn eval_sealed_prints_figures_per_category_and_no_question() {
    let out =
        Command::new(env!("CARGO_BIN_EXE_hoidap")).args(["eval", "--sealed"]).current_dir(repo()).output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    for cat in SEALED_CATEGORIES {
        assert!(stdout.lines().any(|l| l.starts_with(&format!("{cat} "))), "no figures for {cat}:\n{stdout}");
    }
    assert!(stdout.lines().any(|l| l.starts_with("overall ")), "{stdout}");
    for (_, f) in hoidap::cli::read_eval_files(&[repo().join("tests/sealed")]).unwrap() {
        for c in f.case.iter().chain(f.dialog.iter().flat_map(|d| &d.turn)) {
            assert!(!stdout.contains(c.q.as_str()), "a sealed question was printed");
        }
    }
    assert!(!stdout.contains("FAIL"), "{stdout}");
}

#[test]
fn eval_sealed_outside_the_repository_says_where_to_run_it() {
    let dir = std::env::temp_dir();
    let out = Command::new(env!("CARGO_BIN_EXE_hoidap")).args(["eval", "--sealed"]).current_dir(dir).output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("repository root"));
}

#[test]
fn a_wrong_first_citation_fails_the_judge() {
    let expect = eval::Expect {
        q: "Sở Tài chính có nhiệm vụ gì?".into(),
        intent: Some("agency".into()),
        cites: vec!["tc2-bien-che".into()],
        answered: true,
        ..Default::default()
    };
    let answer = engine().answer(&expect.q, &Default::default());
    let problems = eval::judge(engine().knowledge(), &expect, &answer);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].starts_with("first citation"), "{problems:?}");
}

#[test]
fn an_accepted_id_cited_second_fails_the_judge() {
    let question = "Sở Tài chính có nhiệm vụ gì?";
    let answer = engine().answer(question, &Default::default());
    assert!(answer.citations.len() >= 2, "{:?}", answer.citations);
    let expect = eval::Expect {
        q: question.into(),
        cites: vec![answer.citations[1].id.clone()],
        answered: true,
        ..Default::default()
    };
    let problems = eval::judge(engine().knowledge(), &expect, &answer);
    assert!(problems.iter().any(|p| p.starts_with("first citation")), "{problems:?}");
}

#[test]
fn a_wrong_intent_fails_the_judge() {
    let expect = eval::Expect {
        q: "Sở Tài chính có nhiệm vụ gì?".into(),
        intent: Some("fact|document".into()),
        answered: true,
        ..Default::default()
    };
    let answer = engine().answer(&expect.q, &Default::default());
    let problems = eval::judge(engine().knowledge(), &expect, &answer);
    assert!(problems.iter().any(|p| p.starts_with("intent")), "{problems:?}");
}

#[test]
fn a_quote_not_in_the_source_fails_the_judge() {
    let expect =
        eval::Expect { q: "Sở Tài chính có nhiệm vụ gì?".into(), answered: true, ..Default::default() };
    let mut answer = engine().answer(&expect.q, &Default::default());
    assert!(eval::judge(engine().knowledge(), &expect, &answer).is_empty());
    answer.citations[0].quote.push_str(" và không có câu này");
    let problems = eval::judge(engine().knowledge(), &expect, &answer);
    assert!(problems.iter().any(|p| p.contains("not verbatim")), "{problems:?}");
}
