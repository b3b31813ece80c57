//! The terminal adapter: the command line (`ask`, `chat`, `eval`, `kb …`, and the store's
//! `unanswered`, `stats`, `forget`, `export`, `import`, `purge`), parsed once into typed
//! options, each command turning standard input into questions and answers into text.

mod channels;
mod chat;
mod draft;
mod evaluate;
mod health;
mod kb;
mod records;
mod storage;

pub use channels::TelegramOptions;
pub use evaluate::read_eval_files;
pub use storage::{StoreOptions, without_password};

use crate::core::{Context, Engine, render};
use crate::knowledge::{Knowledge, load};
use crate::store;
use anyhow::{Context as _, Result};
use clap::{Parser, Subcommand};
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// hoidap — hỏi đáp về Kế hoạch 298/KH-UBND của UBND thành phố Hải Phòng.
#[derive(Debug, Parser)]
#[command(name = "hoidap", version, about)]
pub struct Cli {
    /// Knowledge folder to load instead of the one built into the binary.
    #[arg(long, global = true, env = "HOIDAP_KNOWLEDGE", value_name = "DIR")]
    pub knowledge: Option<PathBuf>,
    #[command(flatten)]
    pub store: StoreOptions,
    /// What the long-running commands log (`info`, `debug`, `info,tower_http=debug`…).
    #[arg(long, global = true, env = "HOIDAP_LOG", default_value = "info", value_name = "FILTER")]
    pub log: String,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Answer one question (or, with no question or "-", one question per line of standard input).
    Ask {
        /// Print one JSON object per answer (the stable contract).
        #[arg(long)]
        json: bool,
        /// Show why each candidate matched.
        #[arg(long)]
        explain: bool,
        /// The question; several words are joined with spaces.
        question: Vec<String>,
    },
    /// Talk with the bot in the terminal; follow-up questions keep their context, across runs
    /// for the same --user (in the store).
    Chat {
        /// Print one JSON object per turn.
        #[arg(long)]
        json: bool,
        /// Whose conversation this is: kept in the store as `cli:NAME`.
        #[arg(long, default_value = "terminal", value_name = "NAME")]
        user: String,
    },
    /// Questions the bot declined or answered with low confidence, grouped, most frequent first.
    Unanswered {
        #[arg(long)]
        json: bool,
        /// Only since this day (YYYY-MM-DD, UTC).
        #[arg(long, value_name = "DATE", value_parser = parse_since)]
        since: Option<u64>,
    },
    /// Usage: questions per day and channel, answer rate, intents, cited entries, feedback.
    Stats {
        #[arg(long)]
        json: bool,
        /// Only since this day (YYYY-MM-DD, UTC).
        #[arg(long, value_name = "DATE", value_parser = parse_since)]
        since: Option<u64>,
    },
    /// Erase everything kept about one user, e.g. `hoidap forget cli:lan` or `telegram:12345`.
    Forget { key: String },
    /// Write every record of the store to standard output, one JSON object per line.
    Export,
    /// Read records written by `export` from standard input into the store.
    Import,
    /// Apply the retention period now (also done whenever a command opens the store).
    Purge,
    /// Run evaluation files (or folders of them) and print accuracy per category and failures.
    Eval {
        /// Evaluation TOML files or folders.
        #[arg(required_unless_present = "sealed", conflicts_with = "sealed")]
        files: Vec<PathBuf>,
        /// Score the sealed set (tests/sealed, read from the current directory: run from the
        /// repository root): figures per category only, never its questions or answers.
        #[arg(long)]
        sealed: bool,
        /// Fail below this overall accuracy (0 to 1); default 0.95 for files, none with --sealed.
        #[arg(long)]
        min_accuracy: Option<f64>,
        /// Fail below this abstention rate on questions the bot must decline (0 to 1); default
        /// 0.95 for files, none with --sealed.
        #[arg(long)]
        min_abstention: Option<f64>,
        /// The knowledge folder whose entry ids the evaluation files name (e.g. `knowledge`, to
        /// measure a draft): expected citations are read as the loaded entries quoting the same
        /// text.
        #[arg(long, value_name = "DIR")]
        ids_from: Option<PathBuf>,
    },
    /// Run the Telegram bot with long polling (or register a webhook with --set-webhook).
    Telegram(TelegramOptions),
    /// Serve HTTP: the JSON API (/v1/ask), /healthz and the webhooks of configured channels.
    Serve(Box<channels::ServeOptions>),
    /// Run the Zalo Bot with long polling (or register its webhook with --set-webhook).
    ZaloBot(channels::ZaloBotCommand),
    /// Ask a running `hoidap serve` for /healthz: exit 0 when healthy (Docker HEALTHCHECK).
    Healthcheck(health::HealthOptions),
    /// Inspect and validate the knowledge base.
    Kb {
        #[command(subcommand)]
        command: KbCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum KbCommand {
    /// Load and validate; print a summary, or every problem with its file, item and field.
    Check {
        /// Also list every item still marked `draft = true` (what a curator has to read).
        #[arg(long)]
        drafts: bool,
    },
    /// Draft a knowledge folder from a plan's published text (every item marked as a draft).
    Draft {
        /// The plan's text as published (UTF-8).
        source: PathBuf,
        /// The folder to write; it must not exist or be empty, unless --force.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Replace an earlier draft in --out.
        #[arg(long)]
        force: bool,
    },
    /// Print one entry, agency, document, section or fact as a curator reads it.
    Show { id: String },
    /// List the agencies and their duties.
    Agencies,
}

/// Runs the command line; `Ok` carries the exit code of a command that ran.
pub fn run() -> Result<ExitCode> {
    let cli = Cli::parse();
    let dir = cli.knowledge.as_deref();
    if matches!(cli.command, Command::Telegram(_) | Command::Serve(_) | Command::ZaloBot(_)) {
        if let Err(line) = crate::logging::init(&cli.log) {
            eprintln!("hoidap: {line}");
            return Ok(ExitCode::from(2));
        }
    }
    match cli.command {
        Command::Kb { command: KbCommand::Check { drafts } } => kb::kb_check(dir, drafts),
        Command::Kb { command: KbCommand::Draft { source, out, force } } => draft::run(&source, &out, force, dir),
        Command::Kb { command: KbCommand::Show { id } } => kb::kb_show(&load_knowledge(dir)?, &id),
        Command::Kb { command: KbCommand::Agencies } => kb::kb_agencies(&load_knowledge(dir)?),
        Command::Ask { json, explain, question } => {
            let engine = Engine::new(load_knowledge(dir)?);
            // No question, or "-": standard input. An empty argument ("") is an empty question.
            let from_stdin = question.is_empty() || question == ["-"];
            let question = question.join(" ");
            if from_stdin {
                ask_lines(&engine, json, explain)
            } else {
                let mut out = std::io::stdout().lock();
                print_answer(&mut out, &engine, &question, &Context::default(), json, explain)?;
                Ok(ExitCode::SUCCESS)
            }
        }
        Command::Chat { json, user } => {
            let engine = Engine::new(load_knowledge(dir)?);
            chat::run(&engine, &cli.store.open()?, &user, json)
        }
        Command::Telegram(options) => channels::run(&options, load_knowledge(dir)?, &cli.store),
        Command::Serve(options) => channels::serve(&options, load_knowledge(dir)?, &cli.store),
        Command::Healthcheck(options) => health::run(&options),
        Command::ZaloBot(options) => channels::zalo_bot(&options, load_knowledge(dir)?, &cli.store),
        Command::Unanswered { json, since } => records::unanswered(&cli.store.open()?, json, since.unwrap_or(0)),
        Command::Stats { json, since } => records::stats(&cli.store.open()?, json, since.unwrap_or(0)),
        Command::Forget { key } => records::forget(&cli.store.open()?, &key),
        Command::Export => records::export(&cli.store.open()?),
        Command::Import => records::import(&cli.store.open()?),
        Command::Purge => records::purge(&cli.store.open_unpurged()?),
        Command::Eval { files, sealed, min_accuracy, min_abstention, ids_from } => {
            let engine = Engine::new(load_knowledge(dir)?);
            if sealed {
                return evaluate::eval_sealed(&engine, min_accuracy.unwrap_or(0.0), min_abstention.unwrap_or(0.0));
            }
            let (min_accuracy, min_abstention) = (min_accuracy.unwrap_or(0.95), min_abstention.unwrap_or(0.95));
            match ids_from {
                None => evaluate::eval_files(&engine, read_eval_files(&files)?, min_accuracy, min_abstention),
                Some(from) => {
                    let mut parsed = read_eval_files(&files)?;
                    draft::translate(&mut parsed, &load::load(Some(&from))?, engine.knowledge());
                    evaluate::eval_files(&engine, parsed, min_accuracy, min_abstention)
                }
            }
        }
    }
}

/// The one clock of the channels and commands.
pub use crate::app::now;

fn parse_since(s: &str) -> std::result::Result<u64, String> {
    store::time::parse_day(s).ok_or_else(|| format!("`{s}` is not a day written YYYY-MM-DD"))
}

fn load_knowledge(dir: Option<&Path>) -> Result<Knowledge> {
    Ok(load::load(dir)?)
}

fn print_answer(
    out: &mut impl Write,
    engine: &Engine,
    question: &str,
    ctx: &Context,
    json: bool,
    explain: bool,
) -> Result<Context> {
    let answer = if explain { engine.answer_explained(question, ctx) } else { engine.answer(question, ctx) };
    if json {
        serde_json::to_writer(&mut *out, &render::JsonReply::new(&answer))?;
        writeln!(out)?;
    } else {
        writeln!(out, "{}", render::plain(&answer))?;
    }
    if let Some(explanation) = &answer.explain {
        writeln!(out, "\n{explanation}")?;
    }
    out.flush()?;
    Ok(answer.context)
}

/// One question per line of standard input, each answered on its own. A line that is not UTF-8
/// is read with its bad bytes replaced (and answered like any other): one bad line in a batch
/// does not cost the answers after it.
fn ask_lines(engine: &Engine, json: bool, explain: bool) -> Result<ExitCode> {
    let mut stdin = std::io::stdin().lock();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut bytes = Vec::new();
    loop {
        bytes.clear();
        if stdin.read_until(b'\n', &mut bytes).context("reading a question from standard input")? == 0 {
            break;
        }
        let text = String::from_utf8_lossy(&bytes);
        let line = text.strip_suffix('\n').map(|l| l.strip_suffix('\r').unwrap_or(l)).unwrap_or(&text);
        print_answer(&mut out, engine, line, &Context::default(), json, explain)?;
        if !json {
            writeln!(out)?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
