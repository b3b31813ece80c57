//! The terminal adapter: the command line (`ask`, `chat`, `eval`, `kb …`, and the store's
//! `unanswered`, `stats`, `forget`, `export`, `import`, `purge`), parsed once into typed
//! options, each command turning standard input into questions and answers into text.

mod channels;
mod chat;
mod draft;
mod health;
mod records;

pub use channels::TelegramOptions;

use crate::core::{Context, Engine, render};
use crate::eval;
use crate::knowledge::{self, Knowledge, Summary, load};
use crate::messages;
use crate::store::{self, Store, StoreError};
use anyhow::{Context as _, Result, bail};
use clap::{Parser, Subcommand};
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

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
        Command::Kb { command: KbCommand::Check { drafts } } => kb_check(dir, drafts),
        Command::Kb { command: KbCommand::Draft { source, out, force } } => draft::run(&source, &out, force, dir),
        Command::Kb { command: KbCommand::Show { id } } => kb_show(&load_knowledge(dir)?, &id),
        Command::Kb { command: KbCommand::Agencies } => kb_agencies(&load_knowledge(dir)?),
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
                return eval_sealed(&engine, min_accuracy.unwrap_or(0.0), min_abstention.unwrap_or(0.0));
            }
            let (min_accuracy, min_abstention) = (min_accuracy.unwrap_or(0.95), min_abstention.unwrap_or(0.95));
            match ids_from {
                None => eval_files(&engine, read_eval_files(&files)?, min_accuracy, min_abstention),
                Some(from) => {
                    let mut parsed = read_eval_files(&files)?;
                    draft::translate(&mut parsed, &load::load(Some(&from))?, engine.knowledge());
                    eval_files(&engine, parsed, min_accuracy, min_abstention)
                }
            }
        }
    }
}

/// What every key of a Redis store starts with.
const REDIS_PREFIX: &str = "hoidap";

/// Where and how the store is kept (flags with environment fallbacks).
#[derive(Debug, clap::Args)]
pub struct StoreOptions {
    /// The store's directory.
    #[arg(long, global = true, env = "HOIDAP_DATA_DIR", default_value = "./data", value_name = "DIR")]
    pub data_dir: PathBuf,
    /// The store: `sled` (embedded, in the data directory) or `redis://host:port/db`
    /// (`rediss://` for TLS), shared by several `serve` replicas. May hold a password: never shown.
    #[arg(
        long = "store",
        global = true,
        env = "HOIDAP_STORE",
        hide_env_values = true,
        default_value = "sled",
        value_name = "sled|redis://…"
    )]
    pub engine: String,
    /// Seconds a Redis store that does not answer at start is tried again (with growing pauses)
    /// before giving up: a compose file may start Redis and hoidap together.
    #[arg(long, global = true, env = "HOIDAP_STORE_WAIT", default_value_t = 30, value_name = "SECONDS")]
    pub store_wait: u64,
    /// Secret for hashing user ids (kept in the store, generated on first start, when unset).
    #[arg(long, global = true, env = "HOIDAP_ID_SALT", hide_env_values = true, value_name = "SECRET")]
    pub id_salt: Option<String>,
    /// Days message text is kept.
    #[arg(long, global = true, env = "HOIDAP_RETENTION_DAYS", default_value_t = store::DEFAULT_RETENTION_DAYS, value_name = "DAYS")]
    pub retention_days: u64,
    /// Minutes of silence after which a conversation's context is forgotten.
    #[arg(long, global = true, env = "HOIDAP_CONTEXT_MINUTES", default_value_t = store::DEFAULT_CONTEXT_TTL / 60, value_name = "MINUTES")]
    pub context_minutes: u64,
}

impl StoreOptions {
    /// Opens the configured store (sled or Redis) and applies retention.
    pub fn open(&self) -> Result<Store> {
        let store = self.open_unpurged()?;
        store.purge(now())?;
        Ok(store)
    }

    /// Opens the store as it is.
    pub fn open_unpurged(&self) -> Result<Store> {
        let store = match self.redis()? {
            Some(url) => {
                let shown = without_password(url);
                let opened = open_redis_waiting(url, Duration::from_secs(self.store_wait))
                    .and_then(|kv| Store::open(Box::new(kv), &shown, self.id_salt.as_deref()));
                opened.with_context(|| {
                    format!("cannot open the store on Redis at {shown} (HOIDAP_STORE, waited up to {} s: HOIDAP_STORE_WAIT)", self.store_wait)
                })?
            }
            None => {
                let path = self.data_dir.display().to_string();
                let opened = store::sled_kv::SledKv::open(&self.data_dir)
                    .and_then(|kv| Store::open(Box::new(kv), &path, self.id_salt.as_deref()));
                opened.with_context(|| format!("cannot open the store in `{path}` (HOIDAP_DATA_DIR)"))?
            }
        };
        Ok(self.configured(store))
    }

    /// The Redis address when the store is on Redis; `None` for sled. Replicas hash user ids
    /// alike only with one secret, so Redis needs `HOIDAP_ID_SALT`.
    fn redis(&self) -> Result<Option<&str>> {
        match self.engine.as_str() {
            "sled" | "" => Ok(None),
            url if url.starts_with("redis://") || url.starts_with("rediss://") => {
                if self.id_salt.as_deref().is_none_or(|s| s.trim().is_empty()) {
                    bail!(
                        "HOIDAP_STORE is a Redis store: set HOIDAP_ID_SALT too, the same on every replica \
                         (user ids are hashed under it)"
                    );
                }
                Ok(Some(url))
            }
            other => bail!(
                "HOIDAP_STORE `{}` is neither `sled` nor a `redis://host:port/db` (or `rediss://`) address",
                without_password(other)
            ),
        }
    }

    fn configured(&self, mut store: Store) -> Store {
        store.retention_days = self.retention_days;
        store.context_ttl = self.context_minutes.saturating_mul(60);
        store
    }

    /// Opens the store for a long-running command. When its directory cannot be used (missing,
    /// read-only, full, damaged) the error is logged and the bot answers from a store in memory:
    /// answering matters more than remembering. Another process holding the store, or a store
    /// from a newer hoidap, still stop the command.
    pub fn open_or_memory(&self) -> Result<Store> {
        let error = match self.open() {
            Ok(store) => return Ok(store),
            Err(e) => e,
        };
        // Replicas on Redis must share what they remember: a replica without it would answer
        // follow-ups wrongly and answer retried deliveries twice. Another process holding a
        // sled store, or a store from a newer hoidap, is no accident either.
        if self.redis()?.is_some()
            || matches!(error.downcast_ref::<StoreError>(), Some(StoreError::Locked { .. } | StoreError::TooNew { .. }))
        {
            return Err(error);
        }
        tracing::error!(
            "{error:#}; answering WITHOUT MEMORY: follow-ups, feedback and records are lost at the next \
             restart. Fix the directory and restart."
        );
        let kv = Box::new(store::memory::MemoryKv::new());
        let mut store = self.configured(Store::open(kv, "memory", self.id_salt.as_deref())?);
        store.memory_only = Some(format!("{error:#}"));
        Ok(store)
    }
}

/// Opens the Redis store, trying again with growing pauses while Redis does not answer, for at
/// most `wait`. A refusal that waiting cannot fix (a bad address) ends at once.
fn open_redis_waiting(url: &str, wait: Duration) -> store::Result<store::redis_kv::RedisKv> {
    let started = std::time::Instant::now();
    let mut pause = Duration::from_millis(250);
    loop {
        match store::redis_kv::RedisKv::open(url, REDIS_PREFIX) {
            Ok(kv) => return Ok(kv),
            Err(e @ StoreError::Unavailable { .. }) if started.elapsed() + pause < wait => {
                tracing::warn!("the Redis store does not answer yet ({e}); trying again in {pause:?}");
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_secs(5));
            }
            Err(e) => return Err(e),
        }
    }
}

/// A store address as it may be shown: the password (and user) replaced by `…`.
pub fn without_password(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => format!("{}://…@{}", &url[..scheme], &url[at + 1..]),
        _ => url.to_owned(),
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

fn kb_check(dir: Option<&Path>, list_drafts: bool) -> Result<ExitCode> {
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

fn kb_show(kb: &Knowledge, id: &str) -> Result<ExitCode> {
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

fn kb_agencies(kb: &Knowledge) -> Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    for a in &kb.agencies {
        writeln!(out, "{}", agency_text(kb, a))?;
    }
    Ok(ExitCode::SUCCESS)
}

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

fn eval_files(
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
fn eval_sealed(engine: &Engine, min_accuracy: f64, min_abstention: f64) -> Result<ExitCode> {
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
