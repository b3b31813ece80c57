//! `hoidap eval`: the evaluation sets read from files, run through the engine, and the
//! figures printed with a verdict against the floors.

use crate::core::Engine;
use crate::eval;
use anyhow::{Context as _, Result, bail};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Evaluation files: each path is a file or a folder of `.toml` files.
pub fn read_eval_files(paths: &[PathBuf]) -> Result<Vec<(String, eval::EvalFile)>> {
    let mut files = Vec::new();
    for path in paths {
        let mut list = Vec::new();
        if path.is_dir() {
            for item in std::fs::read_dir(path).with_context(|| format!("reading {}", path.display()))? {
                let p = item?.path();
                if p.extension().is_some_and(|e| e == "toml") {
                    list.push(p);
                }
            }
            list.sort();
        } else {
            list.push(path.clone());
        }
        for p in list {
            let text = std::fs::read_to_string(&p).with_context(|| format!("reading {}", p.display()))?;
            let parsed = eval::parse(&p.display().to_string(), &text).map_err(anyhow::Error::msg)?;
            files.push((p.display().to_string(), parsed));
        }
    }
    Ok(files)
}

pub(super) fn eval_files(
    engine: &Engine,
    files: Vec<(String, eval::EvalFile)>,
    min_accuracy: f64,
    min_abstention: f64,
) -> Result<ExitCode> {
    let report = eval::run(engine, &files);
    let mut out = std::io::stdout().lock();
    for f in &report.failures {
        writeln!(
            out,
            "FAIL [{}] {}: {}\n     {}\n     got: {}",
            f.category,
            f.file,
            f.question,
            f.problems.join("; "),
            f.got
        )?;
    }
    write_figures(&mut out, &report)?;
    for q in &report.not_verbatim {
        writeln!(out, "NOT VERBATIM: {q}")?;
    }
    Ok(verdict(&report, min_accuracy, min_abstention))
}

/// Where `hoidap eval --sealed` reads the sealed set, relative to the repository root.
pub const SEALED_SET: &str = "tests/sealed";

/// Scores the sealed set and prints its figures only: never a question, an answer or a failure,
/// so running it cannot leak the questions into the engine's tuning.
pub(super) fn eval_sealed(engine: &Engine, min_accuracy: f64, min_abstention: f64) -> Result<ExitCode> {
    let path = PathBuf::from(SEALED_SET);
    if !path.is_dir() {
        bail!("{SEALED_SET} not found: run `hoidap eval --sealed` from the repository root");
    }
    let report = eval::run(engine, &read_eval_files(&[path])?);
    let mut out = std::io::stdout().lock();
    writeln!(out, "sealed set ({SEALED_SET}), strict judge; failing questions are not shown")?;
    write_figures(&mut out, &report)?;
    Ok(verdict(&report, min_accuracy, min_abstention))
}

/// The figures of a run: per category and overall, accuracy, abstention and verbatim quotes.
fn write_figures(out: &mut impl Write, report: &eval::Report) -> Result<()> {
    let row = |name: &str, t: &eval::Tally| {
        let abstention = if t.must_decline == 0 {
            "-".to_owned()
        } else {
            format!("{:.1}% ({}/{})", 100.0 * t.abstention_rate(), t.declined, t.must_decline)
        };
        format!(
            "{name:<18} {:>6.1}% {:>4}/{:<4} {abstention:>16} {:>6.1}% ({}/{})",
            100.0 * t.accuracy(),
            t.passed,
            t.total,
            100.0 * t.verbatim_rate(),
            t.verbatim,
            t.quotes
        )
    };
    writeln!(out, "\n{:<18} {:>17} {:>16} {:>7}", "category", "accuracy", "abstention", "verbatim")?;
    for (cat, tally) in &report.categories {
        writeln!(out, "{}", row(cat, tally))?;
    }
    writeln!(out, "{}", row("overall", &report.overall))?;
    Ok(())
}

fn verdict(report: &eval::Report, min_accuracy: f64, min_abstention: f64) -> ExitCode {
    let ok = report.accuracy() >= min_accuracy
        && report.abstention_rate() >= min_abstention
        && report.not_verbatim.is_empty();
    if ok { ExitCode::SUCCESS } else { ExitCode::from(1) }
}
