//! The evaluation harness: question files with expectations, run against the engine, scored
//! per category. Used by `hoidap eval FILE` and by the test suite.

use crate::core::{Answer, Context, Engine, Intent, render};
use crate::knowledge::check::comparable;
use serde::Deserialize;
use std::collections::BTreeMap;
use unicode_normalization::UnicodeNormalization;

/// One evaluation file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvalFile {
    #[serde(default)]
    pub case: Vec<Expect>,
    #[serde(default)]
    pub dialog: Vec<Dialog>,
}

/// A question and what its answer must show.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    pub q: String,
    /// The category it is counted under (cases only; a dialog's turns take the dialog's).
    #[serde(default)]
    pub category: String,
    /// Expected intent name (`responsibility`, `fact`…); `a|b` accepts either where both
    /// shapes answer the question (an agency's duties on a topic answer "who does X").
    #[serde(default)]
    pub intent: Option<String>,
    /// At least one citation must be one of these ids.
    #[serde(default)]
    pub cites: Vec<String>,
    /// Every one of these agency ids must be among the answer's agencies.
    #[serde(default)]
    pub agencies: Vec<String>,
    /// Every one of these strings must appear in the rendered reply.
    #[serde(default)]
    pub contains: Vec<String>,
    /// False when the bot must abstain.
    #[serde(default = "yes")]
    pub answered: bool,
    /// Ask the question in Unicode NFD.
    #[serde(default)]
    pub nfd: bool,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dialog {
    pub category: String,
    pub turn: Vec<Expect>,
}

/// One failed expectation.
#[derive(Debug, Clone)]
pub struct Failure {
    pub file: String,
    pub category: String,
    pub question: String,
    pub problems: Vec<String>,
    pub got: String,
}

/// The result of a run.
#[derive(Debug, Default)]
pub struct Report {
    /// category → (passed, total)
    pub categories: BTreeMap<String, (usize, usize)>,
    pub passed: usize,
    pub total: usize,
    /// Questions that must be declined: (declined, total).
    pub abstention: (usize, usize),
    /// Citations whose quote is not verbatim in the source.
    pub not_verbatim: Vec<String>,
    pub failures: Vec<Failure>,
}

impl Report {
    pub fn accuracy(&self) -> f64 {
        ratio(self.passed, self.total)
    }
    pub fn abstention_rate(&self) -> f64 {
        ratio(self.abstention.0, self.abstention.1)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

/// Parses one evaluation file; the error names the file and the problem.
pub fn parse(name: &str, text: &str) -> Result<EvalFile, String> {
    toml::from_str(text).map_err(|e| format!("{name}: {e}"))
}

/// What is wrong with `answer` against `expect` (empty when it passes).
pub fn judge(expect: &Expect, answer: &Answer) -> Vec<String> {
    let mut problems = Vec::new();
    if answer.answered != expect.answered {
        problems.push(format!("answered = {}, expected {}", answer.answered, expect.answered));
    }
    if let Some(intent) = &expect.intent {
        if !intent.split('|').any(|i| i == answer.intent.name()) {
            problems.push(format!("intent {}, expected {intent}", answer.intent.name()));
        }
    }
    if !expect.cites.is_empty() && !answer.citations.iter().any(|c| expect.cites.contains(&c.id)) {
        let got: Vec<&str> = answer.citations.iter().map(|c| c.id.as_str()).collect();
        problems.push(format!("cites [{}], expected one of [{}]", got.join(", "), expect.cites.join(", ")));
    }
    for a in &expect.agencies {
        if !answer.agencies.iter().any(|m| &m.id == a) {
            problems.push(format!("agency {a} missing"));
        }
    }
    let text = render::plain(answer);
    for s in &expect.contains {
        if !text.contains(s.as_str()) {
            problems.push(format!("text lacks {s:?}"));
        }
    }
    problems
}

/// Runs every file against `engine`.
pub fn run(engine: &Engine, files: &[(String, EvalFile)]) -> Report {
    let sources: BTreeMap<&str, String> =
        engine.knowledge().sources.iter().map(|s| (s.id.as_str(), comparable(&s.text))).collect();
    let mut report = Report::default();
    let record = |report: &mut Report, file: &str, category: &str, expect: &Expect, answer: &Answer| {
        let problems = judge(expect, answer);
        let slot = report.categories.entry(category.to_owned()).or_default();
        slot.1 += 1;
        report.total += 1;
        if !expect.answered {
            report.abstention.1 += 1;
            if !answer.answered {
                report.abstention.0 += 1;
            }
        }
        for c in &answer.citations {
            let source = engine.knowledge().citable(&c.id).and_then(|i| sources.get(i.source()));
            if !source.is_some_and(|s| s.contains(&comparable(&c.quote))) {
                report.not_verbatim.push(format!("{}: {}", c.id, c.quote));
            }
        }
        if problems.is_empty() {
            slot.0 += 1;
            report.passed += 1;
        } else {
            report.failures.push(Failure {
                file: file.to_owned(),
                category: category.to_owned(),
                question: expect.q.clone(),
                problems,
                got: format!("{} | {}", answer.intent.name(), render::plain(answer).replace('\n', " ⏎ ")),
            });
        }
    };
    let ask = |expect: &Expect, ctx: &Context| {
        let q = if expect.nfd { expect.q.nfd().collect() } else { expect.q.clone() };
        engine.answer(&q, ctx)
    };
    for (file, eval) in files {
        for case in &eval.case {
            let answer = ask(case, &Context::default());
            record(&mut report, file, &case.category, case, &answer);
        }
        for dialog in &eval.dialog {
            let mut ctx = Context::default();
            for turn in &dialog.turn {
                let answer = ask(turn, &ctx);
                record(&mut report, file, &dialog.category, turn, &answer);
                ctx = answer.context.clone();
            }
        }
    }
    report
}

/// Intent names accepted in evaluation files.
pub fn intent_names() -> [&'static str; 10] {
    [
        Intent::Responsibility,
        Intent::Agency,
        Intent::Content,
        Intent::Fact,
        Intent::Document,
        Intent::Overview,
        Intent::Contact,
        Intent::Source,
        Intent::Smalltalk,
        Intent::OutOfScope,
    ]
    .map(Intent::name)
}
