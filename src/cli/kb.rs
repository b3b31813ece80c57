//! `hoidap kb check`, `kb show`, `kb agencies`: the curator's view of a knowledge folder.

use crate::knowledge::{self, Knowledge, Summary, load};
use crate::messages;
use anyhow::{Result, bail};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

pub(super) fn kb_check(dir: Option<&Path>, list_drafts: bool) -> Result<ExitCode> {
    let (files, origin) = match dir {
        Some(d) => (load::read_dir(d)?, d.display().to_string()),
        None => (load::embedded_files(), "embedded knowledge base".to_owned()),
    };
    let (kb, problems) = load::parse(&files);
    if !problems.is_empty() {
        for p in &problems {
            eprintln!("{p}");
        }
        eprintln!("hoidap: {} problem(s) in the {origin}", problems.len());
        return Ok(ExitCode::from(1));
    }
    let s = Summary::of(&kb);
    let mut out = std::io::stdout().lock();
    writeln!(out, "Knowledge base OK ({origin})")?;
    writeln!(out, "  sources:         {}", s.sources)?;
    writeln!(out, "  documents:       {}", s.documents)?;
    writeln!(out, "  sections:        {}", s.sections)?;
    writeln!(out, "  entries:         {} ({} quotes)", s.entries, s.quotes)?;
    writeln!(out, "  facts:           {}", s.facts)?;
    writeln!(out, "  agencies:        {} ({} with duties)", s.agencies, s.agencies_with_duties)?;
    writeln!(out, "  lexicon:         {} groups, {} words", s.lexicon_terms, s.lexicon_words)?;
    writeln!(out, "  uncovered:       {} topics", s.uncovered_topics)?;
    writeln!(out, "  small talk:      {}", s.smalltalk)?;
    writeln!(out, "  coverage:        {}/{} paragraphs ({:.0}%)", s.paragraphs_covered, s.paragraphs, s.coverage())?;
    // Warnings, not problems: a plan added beside the shipped one may state what it does not.
    for p in knowledge::check::uncovered_in_sources(&kb) {
        eprintln!("warning: {p}");
    }
    let drafts = knowledge::check::drafts(&kb);
    if !drafts.is_empty() {
        writeln!(out, "  drafts:          {} item(s) still marked draft", drafts.len())?;
        if list_drafts {
            writeln!(out, "\nStill to read (delete `draft = true` once read):")?;
            for d in &drafts {
                writeln!(out, "  {d}")?;
            }
        } else {
            writeln!(out, "  (hoidap kb check --drafts lists them)")?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub(super) fn kb_show(kb: &Knowledge, id: &str) -> Result<ExitCode> {
    let mut out = String::new();
    if let Some(e) = kb.entry(id) {
        out.push_str(&format!("{} — {}\n", e.id, e.label));
        if let Some(s) = e.section.as_deref().and_then(|s| kb.section(s)) {
            out.push_str(&format!("{}: {}\n", messages::SHOW_SECTION, s.label));
        }
        out.push_str(&format!("\n{}: {}\n", messages::SHOW_SUMMARY, e.summary));
        out.push_str(&format!("\n{}:\n", messages::SHOW_QUOTES));
        for q in &e.quotes {
            out.push_str(&format!("  “{q}”\n"));
        }
        if !e.agencies.is_empty() {
            out.push_str(&format!("\n{}:\n", messages::SHOW_AGENCIES));
            for r in &e.agencies {
                let name = kb.agency(&r.agency).map(|a| a.name.as_str()).unwrap_or(&r.agency);
                let duty = r.duty.as_deref().map(|d| format!(": {d}")).unwrap_or_default();
                out.push_str(&format!("  • {name} ({}){duty}\n", messages::role(r.role)));
            }
        }
        out.push_str(&format!("\n{}: {}\n", messages::SHOW_KEYWORDS, e.keywords.join(", ")));
        if !e.questions.is_empty() {
            out.push_str(&format!("{}:\n", messages::SHOW_QUESTIONS));
            for q in &e.questions {
                out.push_str(&format!("  – {q}\n"));
            }
        }
    } else if let Some(a) = kb.agency(id) {
        out.push_str(&agency_text(kb, a));
    } else if let Some(d) = kb.document(id) {
        out.push_str(&format!(
            "{} — {}\n{}\n\n{}: {}\n",
            d.id,
            messages::document_name(d),
            d.title,
            messages::SHOW_SUMMARY,
            d.summary
        ));
        for q in &d.quotes {
            out.push_str(&format!("  “{q}”\n"));
        }
    } else if let Some(s) = kb.section(id) {
        out.push_str(&format!("{} — {}\n", s.id, s.label));
        for e in kb.entries_in_section(&s.id) {
            out.push_str(&format!("  • {}: {}\n", e.id, e.summary));
        }
    } else if let Some(f) = kb.facts.iter().find(|f| f.id == id) {
        out.push_str(&format!("{} — {}\n  “{}” ({})\n", f.id, f.statement, f.quote, f.cites));
    } else {
        bail!("no entry, agency, document, section or fact has the id `{id}` (try `hoidap kb agencies`)");
    }
    std::io::stdout().lock().write_all(out.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

fn agency_text(kb: &Knowledge, a: &knowledge::Agency) -> String {
    let mut out = format!("{} — {}\n", a.id, a.name);
    if !a.aliases.is_empty() {
        out.push_str(&format!("  ({})\n", a.aliases.join(", ")));
    }
    let duties = kb.duties_of(&a.id);
    if duties.is_empty() {
        out.push_str(&format!("  {}\n", messages::SHOW_NO_DUTIES));
    }
    for (e, r) in duties {
        let duty = r.duty.as_deref().unwrap_or(&e.summary);
        out.push_str(&format!("  • [{}] {} ({}) — {}\n", e.id, duty, messages::role(r.role), e.label));
    }
    out
}

pub(super) fn kb_agencies(kb: &Knowledge) -> Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    for a in &kb.agencies {
        writeln!(out, "{}", agency_text(kb, a))?;
    }
    Ok(ExitCode::SUCCESS)
}
