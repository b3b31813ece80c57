//! Load test of the real `hoidap` binary against local stand-ins on 127.0.0.1.
//!
//! ```text
//! cargo run --release --example loadtest -- [--path telegram|zalo-oa|both] [--updates 10000]
//!     [--chats 1000] [--rate 0] [--bin target/release/hoidap] [--hostile]
//! ```
//!
//! * `telegram`: a Bot API stand-in hands updates to `hoidap telegram` (long polling, throttling
//!   off) and receives its `sendMessage` calls.
//! * `zalo-oa`: signed `user_send_text` events are POSTed to `hoidap serve`'s Zalo OA webhook, and
//!   a Zalo Open API stand-in receives the replies.
//!
//! Every chat asks its questions in order. With `--rate 0` (the default) a chat asks its next
//! question as soon as the previous reply has arrived, so the bot is saturated by `--chats`
//! conversations at once; with `--rate R` the questions are offered at R a second whatever the
//! bot does (open loop), which measures latency at that load.
//!
//! The expected replies are computed beforehand with the same engine and renderers, conversation
//! by conversation (follow-ups included), so each message received is checked word for word: a
//! reply is *lost* if it never arrives, *duplicated* if it arrives twice, *wrong* if it differs.
//! Latency runs from the moment a question is offered (queued for getUpdates, or POSTed) to the
//! moment the last message of its reply arrives. Peak memory is the bot's VmHWM.
//! The run fails (exit 1) unless every reply arrived exactly once and as expected.
//!
//! `--hostile` (zalo-oa path) runs hostile traffic at the same time (`hostile.rs`): 1 MiB markup
//! bodies and a flood of questions to `/v1/ask`, and 500 slow connections, from a process of
//! their own at the lowest CPU priority (a stand-in for clients on other machines); compare the
//! webhooks' latency with a run without it.
//!
//! The parts: `stand_in.rs` (the Bot API and Zalo Open API stand-ins, which check each reply),
//! `workload.rs` (the questions and their expected replies), `processes.rs` (the bot, Redis and
//! their memory) and `run.rs` (one run of a path, and its report).

mod hostile;
mod processes;
mod run;
mod stand_in;
mod workload;

use clap::Parser;
use hoidap::core::Engine;
use hoidap::knowledge::load;
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(about = "Load test of the hoidap binary against local stand-ins")]
struct Args {
    /// Which path to load.
    #[arg(long, default_value = "both", value_parser = ["telegram", "zalo-oa", "both"])]
    path: String,
    /// Questions to send in all.
    #[arg(long, default_value_t = 10_000)]
    updates: usize,
    /// Conversations they come from.
    #[arg(long, default_value_t = 1_000)]
    chats: usize,
    /// Questions offered a second (open loop); 0: each chat asks again once answered.
    #[arg(long, default_value_t = 0)]
    rate: u64,
    /// The hoidap binary (default: target/release/hoidap, built first when run through cargo).
    #[arg(long)]
    bin: Option<PathBuf>,
    /// Give up waiting for replies after this many seconds.
    #[arg(long, default_value_t = 300)]
    timeout: u64,
    /// Webhook deliveries in flight at once (Telegram's webhook default is 40 connections, at
    /// most 100); more questions wait their turn, as on the platform.
    #[arg(long, default_value_t = 40)]
    connections: usize,
    /// Run the bot on a Redis store: a `redis-server` (Debian's package) started on a free
    /// loopback port for the run.
    #[arg(long)]
    redis: bool,
    /// `hoidap serve` replicas sharing that Redis store (zalo-oa path; needs --redis): the
    /// webhooks go round-robin, as from a load balancer.
    #[arg(long, default_value_t = 1)]
    replicas: usize,
    /// Hostile traffic while the webhooks are answered (zalo-oa path): 1 MiB markup bodies and a
    /// flood of questions to /v1/ask, each from its own client, and slow connections.
    #[arg(long)]
    hostile: bool,
    /// Slow connections held open during a --hostile run (they never finish their headers).
    #[arg(long, default_value_t = 500)]
    slow_connections: usize,
    /// Internal: be the attacking process of a --hostile run against this address (started by
    /// the tool itself under `nice -n 19`; stops when its standard input closes).
    #[arg(long, hide = true, value_name = "ADDR")]
    attack: Option<String>,
    /// The folder of evaluation questions the workload is drawn from.
    #[arg(long, default_value = "tests/eval")]
    questions: PathBuf,
}

/// Chat ids start here (Telegram private chats are user ids).
const FIRST_CHAT: i64 = 100_000;
/// The Zalo OA app and secret the run signs with.
const OA_APP_ID: &str = "3901234567";
const OA_SECRET_KEY: &str = "load-test-oa-secret-key";

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Channel {
    Telegram,
    ZaloOa,
}

impl Channel {
    pub fn name(self) -> &'static str {
        match self {
            Channel::Telegram => "telegram (long polling)",
            Channel::ZaloOa => "zalo-oa (signed webhooks)",
        }
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> std::process::ExitCode {
    let args = Args::parse();
    if let Some(listen) = &args.attack {
        hostile::attack(listen, args.slow_connections).await;
        return std::process::ExitCode::SUCCESS;
    }
    match try_main(&args).await {
        Ok(true) => std::process::ExitCode::SUCCESS,
        Ok(false) => std::process::ExitCode::FAILURE,
        Err(e) => {
            eprintln!("loadtest: {e:#}");
            std::process::ExitCode::from(2)
        }
    }
}

async fn try_main(args: &Args) -> anyhow::Result<bool> {
    anyhow::ensure!(args.chats > 0 && args.updates > 0, "--updates and --chats must be positive");
    let bin = processes::binary(args.bin.clone())?;
    let engine = Engine::new(load::load(None)?);
    let pool = workload::questions(&args.questions)?;
    let paths = match args.path.as_str() {
        "telegram" => vec![Channel::Telegram],
        "zalo-oa" => vec![Channel::ZaloOa],
        _ => vec![Channel::Telegram, Channel::ZaloOa],
    };
    let mut clean = true;
    for path in paths {
        let o = run::run(args, &bin, &engine, &pool, path).await?;
        clean &= o.replies == o.expected && o.duplicated == 0 && o.wrong == 0;
    }
    Ok(clean)
}
