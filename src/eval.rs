//! The evaluation harness: question files with expectations, run against the engine and scored
//! per category by one strict judge. Used by `hoidap eval`, the test suite and bench-compare.

use crate::core::{Answer, Context, Engine, Intent, render};
use crate::knowledge::Knowledge;
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
    /// The answer's FIRST citation must be one of these ids.
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

/// The figures of one category (or of a whole run).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    /// Questions that met every expectation of the strict judge.
    pub passed: usize,
    pub total: usize,
    /// Questions that must be declined, and how many of them were.
    pub must_decline: usize,
    pub declined: usize,
    /// Quotes shown, and how many of them are verbatim in their source.
    pub quotes: usize,
    pub verbatim: usize,
}

impl Tally {
    pub fn accuracy(&self) -> f64 {
        ratio(self.passed, self.total)
    }
    pub fn abstention_rate(&self) -> f64 {
        ratio(self.declined, self.must_decline)
    }
    pub fn verbatim_rate(&self) -> f64 {
        ratio(self.verbatim, self.quotes)
    }
    fn add(&mut self, other: &Tally) {
        self.passed += other.passed;
        self.total += other.total;
        self.must_decline += other.must_decline;
        self.declined += other.declined;
        self.quotes += other.quotes;
        self.verbatim += other.verbatim;
    }
}

/// The result of a run.
#[derive(Debug, Default)]
pub struct Report {
    /// category → its figures
    pub categories: BTreeMap<String, Tally>,
    /// Every category together.
    pub overall: Tally,
    /// Citations whose quote is not verbatim in the source.
    pub not_verbatim: Vec<String>,
    pub failures: Vec<Failure>,
}

impl Report {
    pub fn accuracy(&self) -> f64 {
        self.overall.accuracy()
    }
    pub fn abstention_rate(&self) -> f64 {
        self.overall.abstention_rate()
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

/// Parses one evaluation file; the error names the file and the problem.
pub fn parse(name: &str, text: &str) -> Result<EvalFile, String> {
    toml::from_str(text).map_err(|e| format!("{name}: {e}"))
}

/// The one strict judge, used by `hoidap eval`, the test suite and bench-compare. A case passes
/// only when the answer abstains exactly when it should, its intent is an accepted one (when the
/// case names intents), its FIRST citation is an accepted id (when the case names ids), every
/// expected agency is among its agencies, every expected string is in the rendered reply, and
/// every quote is verbatim in its source.
pub struct Judge {
    /// Source id → its text, made comparable (so a quote is found whatever its spacing).
    sources: BTreeMap<String, String>,
}

impl Judge {
    pub fn new(knowledge: &Knowledge) -> Judge {
        Judge { sources: knowledge.sources.iter().map(|s| (s.id.clone(), comparable(&s.text))).collect() }
    }

    /// What is wrong with `answer` against `expect` (empty when it passes).
    pub fn problems(&self, knowledge: &Knowledge, expect: &Expect, answer: &Answer) -> Vec<String> {
        let first = answer.citations.first().map(|c| c.id.as_str());
        let mut problems = retrieval_problems(expect, answer.answered, first);
        if let Some(intent) = &expect.intent {
            if !intent.split('|').any(|i| i == answer.intent.name()) {
                problems.push(format!("intent {}, expected {intent}", answer.intent.name()));
            }
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
        for c in &answer.citations {
            if !self.verbatim(knowledge, &c.id, &c.quote) {
                problems.push(format!("quote of {} not verbatim", c.id));
            }
        }
        problems
    }

    /// Whether `quote`, cited as `id`, appears in the source `id` rests on.
    pub fn verbatim(&self, knowledge: &Knowledge, id: &str, quote: &str) -> bool {
        let source = knowledge.citable(id).and_then(|i| self.sources.get(i.source()));
        source.is_some_and(|s| s.contains(&comparable(quote)))
    }
}

/// The part of the strict judge that a bare retriever (one ranked id, no intent, no text) can be
/// held to: it abstains exactly when it should, and its first citation is an accepted id. bench-compare
/// scores its baseline with this, and hoidap with the whole judge.
pub fn retrieval_problems(expect: &Expect, answered: bool, first_citation: Option<&str>) -> Vec<String> {
    let mut problems = Vec::new();
    if answered != expect.answered {
        problems.push(format!("answered = {answered}, expected {}", expect.answered));
    }
    if answered && !expect.cites.is_empty() && !first_citation.is_some_and(|f| expect.cites.iter().any(|c| c == f)) {
        problems.push(format!(
            "first citation {}, expected one of [{}]",
            first_citation.unwrap_or("none"),
            expect.cites.join(", ")
        ));
    }
    problems
}

/// What is wrong with `answer` against `expect` under the strict judge (empty when it passes).
pub fn judge(knowledge: &Knowledge, expect: &Expect, answer: &Answer) -> Vec<String> {
    Judge::new(knowledge).problems(knowledge, expect, answer)
}

/// Runs every file against `engine`.
pub fn run(engine: &Engine, files: &[(String, EvalFile)]) -> Report {
    let knowledge = engine.knowledge();
    let judge = Judge::new(knowledge);
    let mut report = Report::default();
    let mut record = |file: &str, category: &str, expect: &Expect, answer: &Answer| {
        let problems = judge.problems(knowledge, expect, answer);
        let mut one = Tally { total: 1, ..Tally::default() };
        if !expect.answered {
            one.must_decline = 1;
            one.declined = usize::from(!answer.answered);
        }
        for c in &answer.citations {
            one.quotes += 1;
            if judge.verbatim(knowledge, &c.id, &c.quote) {
                one.verbatim += 1;
            } else {
                report.not_verbatim.push(format!("{}: {}", c.id, c.quote));
            }
        }
        if problems.is_empty() {
            one.passed = 1;
        } else {
            report.failures.push(Failure {
                file: file.to_owned(),
                category: category.to_owned(),
                question: expect.q.clone(),
                problems,
                got: format!("{} | {}", answer.intent.name(), render::plain(answer).replace('\n', " ⏎ ")),
            });
        }
        report.categories.entry(category.to_owned()).or_default().add(&one);
        report.overall.add(&one);
    };
    let ask = |expect: &Expect, ctx: &Context| {
        let q = if expect.nfd { expect.q.nfd().collect() } else { expect.q.clone() };
        engine.answer(&q, ctx)
    };
    for (file, eval) in files {
        for case in &eval.case {
            let answer = ask(case, &Context::default());
            record(file, &case.category, case, &answer);
        }
        for dialog in &eval.dialog {
            let mut ctx = Context::default();
            for turn in &dialog.turn {
                let answer = ask(turn, &ctx);
                record(file, &dialog.category, turn, &answer);
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
