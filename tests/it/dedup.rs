//! No copies between question sets: the sealed set shares no question (exact or near) with
//! tests/eval, tests/dev or the knowledge base's sample `questions`, and those samples do not
//! repeat tests/eval questions (word for word or nearly).

use crate::support::repo;
use std::path::Path;
use unicode_normalization::UnicodeNormalization;

/// Two questions at least this similar (normalized Levenshtein over their normalized forms)
/// count as near copies: a changed word or two in a sentence of ordinary length.
const NEAR_COPY: f64 = 0.9;

/// Lowercase, marks and đ folded, punctuation as spaces, spaces collapsed.
fn normalize(question: &str) -> String {
    let folded: String = question
        .to_lowercase()
        .nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .map(|c| match c {
            'đ' => 'd',
            c if c.is_alphanumeric() => c,
            _ => ' ',
        })
        .collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether two normalized questions are near copies. Levenshtein distance is at least the
/// difference in length, so pairs of very different lengths are skipped before the costly part.
fn near_copy(a: &str, b: &str) -> Option<f64> {
    let (la, lb) = (a.chars().count(), b.chars().count());
    if (la.abs_diff(lb) as f64) > (1.0 - NEAR_COPY) * la.max(lb) as f64 {
        return None;
    }
    let similarity = strsim::normalized_levenshtein(a, b);
    (similarity >= NEAR_COPY).then_some(similarity)
}

fn set_questions(folder: &str) -> Vec<String> {
    let files = hoidap::cli::read_eval_files(&[repo().join(folder)]).unwrap();
    files
        .into_iter()
        .flat_map(|(_, f)| f.case.into_iter().chain(f.dialog.into_iter().flat_map(|d| d.turn)).map(|c| c.q))
        .collect()
}

/// Every string of every `questions = [...]` array in the knowledge base's TOML files.
fn sample_questions() -> Vec<String> {
    fn collect(value: &toml::Value, out: &mut Vec<String>) {
        match value {
            toml::Value::Table(t) => {
                for (key, v) in t {
                    match (key.as_str(), v) {
                        ("questions", toml::Value::Array(items)) => {
                            out.extend(items.iter().filter_map(|i| i.as_str().map(str::to_owned)))
                        }
                        _ => collect(v, out),
                    }
                }
            }
            toml::Value::Array(items) => items.iter().for_each(|i| collect(i, out)),
            _ => {}
        }
    }
    fn walk(dir: &Path, out: &mut Vec<String>) {
        for item in std::fs::read_dir(dir).unwrap() {
            let path = item.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "toml") {
                let value: toml::Value = toml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
                collect(&value, out);
            }
        }
    }
    let mut out = Vec::new();
    walk(&repo().join("knowledge"), &mut out);
    out
}

#[test]
fn normalization_folds_case_marks_punctuation_and_spaces() {
    assert_eq!(normalize("  Sở Nội vụ  làm GÌ?"), "so noi vu lam gi");
    assert_eq!(normalize("Đề án"), normalize("de an"));
    assert_eq!(normalize(&"Kế hoạch".nfd().collect::<String>()), "ke hoach");
}

#[test]
fn near_copies_are_found_and_different_questions_are_not() {
    assert!(near_copy("so noi vu lam gi", "so noi vu lam gi").is_some());
    assert!(near_copy("ke hoach 298 ban hanh ngay nao", "ke hoach 298 ban hanh ngay nao a").is_some());
    assert!(near_copy("so noi vu lam gi", "so tai chinh lam gi").is_none());
    assert!(near_copy("ai ky ke hoach", "ai ky ke hoach 298 va ke hoach 407 cua thanh uy").is_none());
}

#[test]
fn no_sealed_question_copies_another_set_or_a_sample_question() {
    let mut others: Vec<(String, String)> = Vec::new();
    for folder in ["tests/eval", "tests/dev"] {
        others.extend(set_questions(folder).into_iter().map(|q| (folder.to_owned(), q)));
    }
    others.extend(sample_questions().into_iter().map(|q| ("knowledge sample questions".to_owned(), q)));
    assert!(others.len() > 700, "{} questions to compare with", others.len());
    let others: Vec<(String, String)> = others.into_iter().map(|(from, q)| (from, normalize(&q))).collect();
    let mut copies = Vec::new();
    for sealed in set_questions("tests/sealed") {
        let n = normalize(&sealed);
        for (from, other) in &others {
            if let Some(similarity) = near_copy(&n, other) {
                copies.push(format!("{similarity:.2}: a sealed question ~ {from}: {other}"));
            }
        }
    }
    // The message names no sealed question: it must not leak into anyone's tuning.
    assert!(copies.is_empty(), "{} near copies: {copies:?}", copies.len());
}

#[test]
fn sample_questions_do_not_repeat_evaluation_questions() {
    let eval: Vec<String> = set_questions("tests/eval").iter().map(|q| normalize(q)).collect();
    let mut repeated = Vec::new();
    for sample in sample_questions() {
        let n = normalize(&sample);
        if let Some(e) = eval.iter().find(|e| near_copy(&n, e).is_some()) {
            repeated.push(format!("{sample} ~ {e}"));
        }
    }
    assert!(repeated.is_empty(), "knowledge sample questions that copy tests/eval questions: {repeated:#?}");
}
