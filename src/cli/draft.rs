//! `hoidap kb draft`: reads a source file, drafts a knowledge folder from it and writes it under
//! `--out` (never elsewhere, never over an existing folder without `--force`); and the
//! measurement of a knowledge base against evaluation files written for another one
//! (`eval --ids-from`): expected citations translated by the text they quote, and the strict score.

use crate::draft::{self, Reference};
use crate::eval::{EvalFile, Expect};
use crate::knowledge::check::comparable;
use crate::knowledge::{Knowledge, load};
use anyhow::{Context as _, Result, bail};
use std::path::{Component, Path};
use std::process::ExitCode;
use std::time::Instant;

/// The file in a draft folder listing the files the drafter wrote (so `--force` replaces them).
const MARKER: &str = ".hoidap-draft";
/// The report, kept beside the draft.
const REPORT_FILE: &str = "DRAFT-REPORT.md";

/// `hoidap kb draft SOURCE --out DIR [--force]`.
pub fn run(source: &Path, out: &Path, force: bool, reference_dir: Option<&Path>) -> Result<ExitCode> {
    let bytes = std::fs::read(source).with_context(|| format!("cannot read the source {}", source.display()))?;
    let text = draft::decode(&bytes).with_context(|| format!("cannot draft from {}", source.display()))?;
    let (files, origin) = match reference_dir {
        Some(d) => (load::read_dir(d)?, d.display().to_string()),
        None => (load::embedded_files(), "the embedded knowledge base".to_owned()),
    };
    let (kb, problems) = load::parse(&files);
    if !problems.is_empty() {
        bail!(
            "the knowledge base whose ids the draft reuses ({origin}) has {} problem(s); run `hoidap kb check` first",
            problems.len()
        );
    }
    let file_name =
        source.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "source.txt".to_owned());
    // Refuse before any work is written.
    let existing = out.exists() && std::fs::read_dir(out).map(|mut d| d.next().is_some()).unwrap_or(true);
    if existing && !force {
        bail!(
            "{} already exists and is not empty; choose another --out or add --force to replace the draft in it",
            out.display()
        );
    }
    let started = Instant::now();
    let drafted = draft::draft(text, &file_name, &Reference { kb: &kb, files: &files });
    let elapsed = started.elapsed();
    let (_, problems) = load::parse(&drafted.files);

    if existing {
        // Only what an earlier draft wrote is removed.
        if let Ok(list) = std::fs::read_to_string(out.join(MARKER)) {
            for rel in list.lines().filter(|l| safe(l)) {
                let _ = std::fs::remove_file(out.join(rel));
            }
        }
    }
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    let mut written = Vec::new();
    for (rel, content) in &drafted.files {
        if !safe(rel) {
            bail!("internal error: the draft named a file outside the folder: {rel}");
        }
        let path = out.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::write(&path, content).with_context(|| format!("cannot write {}", path.display()))?;
        written.push(rel.clone());
    }
    let report = format!(
        "Drafted {} into {} in {:.1} ms\n{}",
        source.display(),
        out.display(),
        elapsed.as_secs_f64() * 1000.0,
        drafted.report
    );
    written.push(REPORT_FILE.to_owned());
    std::fs::write(out.join(REPORT_FILE), format!("```\n{report}```\n")).context("cannot write the report")?;
    std::fs::write(out.join(MARKER), written.join("\n") + "\n").context("cannot write the list of drafted files")?;
    print!("{report}");
    if problems.is_empty() {
        println!(
            "The draft passes `kb check`. Next: hoidap --knowledge {0} kb check --drafts, then hoidap --knowledge {0} eval …",
            out.display()
        );
        Ok(ExitCode::SUCCESS)
    } else {
        for p in &problems {
            eprintln!("{p}");
        }
        eprintln!("hoidap: the draft has {} problem(s) (written anyway, to be fixed by hand)", problems.len());
        Ok(ExitCode::from(1))
    }
}

/// A relative path with no `..`: it stays inside the folder.
fn safe(rel: &str) -> bool {
    let p = Path::new(rel);
    !rel.is_empty() && p.components().all(|c| matches!(c, Component::Normal(_)))
}

/// The words of an entry's main quotes that another knowledge base's entry must contain (or be
/// contained in) to stand for it: quotes this short are headings, not provisions.
const MIN_QUOTE_WORDS: usize = 6;

/// Rewrites the expected citations of `files`, written for the knowledge base `from`, into the
/// ids of `to`: an entry stands for the entries of `to` that quote the same text (a quote of
/// one inside a quote of the other), a document for the document of `to` with its id.
pub fn translate(files: &mut [(String, EvalFile)], from: &Knowledge, to: &Knowledge) {
    let quoted: Vec<(String, Vec<String>)> =
        to.entries.iter().map(|e| (e.id.clone(), e.quotes.iter().map(|q| comparable(q)).collect())).collect();
    let long = |q: &str| q.split(' ').count() >= MIN_QUOTE_WORDS;
    let map = |id: &str| -> Vec<String> {
        let mut out = Vec::new();
        if to.citable(id).is_some() {
            out.push(id.to_owned());
        }
        if let Some(e) = from.entry(id) {
            let quotes: Vec<String> = e.quotes.iter().map(|q| comparable(q)).collect();
            for (tid, tqs) in &quoted {
                // A long quote inside one of its quotes (or one inside it), or a short one that
                // is its whole first quote (a line of contact details).
                let stands = quotes.iter().any(|q| {
                    tqs.iter().any(|tq| long(q) && long(tq) && (tq.contains(q.as_str()) || q.contains(tq.as_str())))
                        || tqs.first() == Some(q)
                });
                if stands && !out.contains(tid) {
                    out.push(tid.clone());
                }
            }
        }
        out
    };
    let fix = |x: &mut Expect| {
        let mut cites = Vec::new();
        for c in &x.cites {
            for t in map(c) {
                if !cites.contains(&t) {
                    cites.push(t);
                }
            }
        }
        if !x.cites.is_empty() && cites.is_empty() {
            // Nothing stands for it: keep an id that cannot match, so the case fails honestly.
            cites.push(format!("(no counterpart of {})", x.cites.join(", ")));
        }
        x.cites = cites;
    };
    for (_, f) in files.iter_mut() {
        f.case.iter_mut().for_each(fix);
        for d in &mut f.dialog {
            d.turn.iter_mut().for_each(fix);
        }
    }
}
