//! The store's commands for curators and operators: `unanswered`, `stats`, `forget`, `export`,
//! `import` and `purge`. Output is for operators, in English; `--json` where a program reads it.

use super::now;
use crate::store::{Record, Store, time};
use anyhow::{Context as _, Result, bail};
use std::io::{BufRead, Write};
use std::process::ExitCode;

pub fn unanswered(store: &Store, json: bool, since: u64) -> Result<ExitCode> {
    let groups = store.unanswered(since)?;
    let mut out = std::io::stdout().lock();
    if json {
        for g in &groups {
            serde_json::to_writer(&mut out, g)?;
            writeln!(out)?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    if groups.is_empty() {
        writeln!(out, "No unanswered questions.")?;
    }
    for g in &groups {
        let kind = if g.declined { "declined" } else { "low confidence" };
        writeln!(
            out,
            "{:>4}×  {}  ({kind}; last {}; {})",
            g.count,
            g.normalised,
            time::day(g.last_seen),
            g.channels.join(", ")
        )?;
        for q in &g.examples {
            writeln!(out, "       “{q}”")?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn stats(store: &Store, json: bool, since: u64) -> Result<ExitCode> {
    let s = store.stats(since)?;
    let mut out = std::io::stdout().lock();
    if json {
        let mut value = serde_json::to_value(&s)?;
        value["answer_rate"] = serde_json::json!(s.answer_rate());
        serde_json::to_writer(&mut out, &value)?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(out, "questions:        {}", s.questions)?;
    writeln!(out, "answered:         {} ({:.1}%)", s.answered, 100.0 * s.answer_rate())?;
    writeln!(out, "declined:         {}", s.unanswered)?;
    writeln!(out, "low confidence:   {}", s.low_confidence)?;
    writeln!(out, "feedback:         {} 👍, {} 👎, {} comments", s.feedback_up, s.feedback_down, s.comments)?;
    writeln!(out, "per day and channel:")?;
    for (day, channels) in &s.per_day_channel {
        let list: Vec<String> = channels.iter().map(|(c, n)| format!("{c} {n}")).collect();
        writeln!(out, "  {day}  {}", list.join(", "))?;
    }
    writeln!(out, "top intents:")?;
    for (intent, n) in &s.intents {
        writeln!(out, "  {n:>5}  {intent}")?;
    }
    writeln!(out, "top cited entries:")?;
    for (id, n) in &s.cited {
        writeln!(out, "  {n:>5}  {id}")?;
    }
    Ok(ExitCode::SUCCESS)
}

pub fn forget(store: &Store, key: &str) -> Result<ExitCode> {
    if !key.contains(':') {
        bail!("`{key}` is not a user key: write CHANNEL:ID, e.g. cli:lan or telegram:12345");
    }
    let gone = store.forget(&store.user_hash(key))?;
    writeln!(std::io::stdout().lock(), "Erased {gone} record(s) of {key}.")?;
    Ok(ExitCode::SUCCESS)
}

pub fn export(store: &Store) -> Result<ExitCode> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut failed: Option<std::io::Error> = None;
    store.export_each(|record| {
        if failed.is_none() {
            let line = serde_json::to_string(&record).expect("records serialize");
            failed = writeln!(out, "{line}").err();
        }
        Ok(())
    })?;
    if let Some(e) = failed {
        return Err(e.into());
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

pub fn import(store: &Store) -> Result<ExitCode> {
    let mut count = 0;
    for (n, line) in std::io::stdin().lock().lines().enumerate() {
        let line = line.context("reading standard input")?;
        if line.trim().is_empty() {
            continue;
        }
        let record: Record = serde_json::from_str(&line)
            .with_context(|| format!("standard input, line {}: not a record written by `hoidap export`", n + 1))?;
        store.import(&record)?;
        count += 1;
    }
    store.flush()?;
    eprintln!("Imported {count} record(s).");
    Ok(ExitCode::SUCCESS)
}

pub fn purge(store: &Store) -> Result<ExitCode> {
    let changed = store.purge(now())?;
    writeln!(
        std::io::stdout().lock(),
        "Retention applied ({} days): {changed} record(s) changed.",
        store.retention_days
    )?;
    Ok(ExitCode::SUCCESS)
}
