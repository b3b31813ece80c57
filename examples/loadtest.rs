//! Load test of the real `hoidap` binary against local stand-ins on 127.0.0.1.
//!
//! ```text
//! cargo run --release --example loadtest -- [--path telegram|zalo-oa|both] [--updates 10000]
//!     [--chats 1000] [--rate 0] [--bin target/release/hoidap]
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

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::Uri;
use axum::response::{IntoResponse, Response};
use clap::Parser;
use hoidap::core::{Context, Engine};
use hoidap::knowledge::load;
use serde_json::{Value, json};
use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::{Notify, mpsc};

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
enum Channel {
    Telegram,
    ZaloOa,
}

impl Channel {
    fn name(self) -> &'static str {
        match self {
            Channel::Telegram => "telegram (long polling)",
            Channel::ZaloOa => "zalo-oa (signed webhooks)",
        }
    }
}

/// One question of a conversation and the messages its reply must consist of.
struct Turn {
    question: String,
    expected: Vec<String>,
}

/// Where a conversation stands.
#[derive(Default)]
struct Chat {
    /// The turn whose reply is awaited next.
    turn: usize,
    /// Messages of that reply received so far.
    part: usize,
    /// When each turn was offered.
    offered: Vec<Option<Instant>>,
}

#[derive(Default)]
struct Tally {
    latencies: Vec<Duration>,
    duplicated: usize,
    wrong: usize,
    /// The first few wrong messages, to show.
    examples: Vec<String>,
    first_offer: Option<Instant>,
    last_reply: Option<Instant>,
}

/// The stand-ins' shared state.
struct Shared {
    path: Channel,
    closed_loop: bool,
    turns: Vec<Vec<Turn>>,
    chats: Mutex<Vec<Chat>>,
    tally: Mutex<Tally>,
    /// Telegram updates not yet handed out: (update_id, update).
    updates: Mutex<(i64, VecDeque<(i64, Value)>)>,
    new_updates: Notify,
    /// Replies all in.
    done: Notify,
    /// Set once getUpdates was called: the bot is up.
    polling: Notify,
    /// Zalo: chats whose next question is due.
    due: mpsc::UnboundedSender<usize>,
    sent_messages: Mutex<i64>,
}

impl Shared {
    fn expected_replies(&self) -> usize {
        self.turns.iter().map(Vec::len).sum()
    }

    /// Offers turn `turn` of chat `chat` now.
    fn offer(&self, chat: usize, turn: usize) {
        let now = Instant::now();
        {
            let mut chats = self.chats.lock().unwrap();
            chats[chat].offered[turn] = Some(now);
            let mut tally = self.tally.lock().unwrap();
            tally.first_offer.get_or_insert(now);
        }
        match self.path {
            Channel::Telegram => {
                let mut updates = self.updates.lock().unwrap();
                updates.0 += 1;
                let id = updates.0;
                let update = telegram_update(id, FIRST_CHAT + chat as i64, &self.turns[chat][turn].question);
                updates.1.push_back((id, update));
                drop(updates);
                self.new_updates.notify_waiters();
            }
            Channel::ZaloOa => {
                let _ = self.due.send(chat);
            }
        }
    }

    /// A message from the bot arrived for `chat`.
    fn received(&self, chat: usize, text: &str) {
        let now = Instant::now();
        let mut chats = self.chats.lock().unwrap();
        let mut tally = self.tally.lock().unwrap();
        let Some(state) = chats.get_mut(chat) else {
            tally.wrong += 1;
            return;
        };
        let Some(turn) = self.turns[chat].get(state.turn) else {
            tally.duplicated += 1;
            return;
        };
        if turn.expected.get(state.part).map(String::as_str) != Some(text) {
            tally.wrong += 1;
            if tally.examples.len() < 3 {
                tally.examples.push(format!(
                    "chat {chat}, question {:?}: got {:?}, expected {:?}",
                    turn.question,
                    preview(text),
                    turn.expected.get(state.part).map(|e| preview(e))
                ));
            }
        }
        state.part += 1;
        if state.part < turn.expected.len() {
            return;
        }
        let offered = state.offered[state.turn].unwrap_or(now);
        tally.latencies.push(now.duration_since(offered));
        tally.last_reply = Some(now);
        state.part = 0;
        state.turn += 1;
        let next = state.turn;
        let all_in = tally.latencies.len() == self.expected_replies();
        drop(tally);
        drop(chats);
        if self.closed_loop && next < self.turns[chat].len() {
            self.offer(chat, next);
        }
        if all_in {
            self.done.notify_one();
        }
    }
}

fn preview(text: &str) -> String {
    text.chars().take(80).collect()
}

fn telegram_update(id: i64, chat: i64, text: &str) -> Value {
    json!({"update_id": id, "message": {"message_id": id, "date": 1_700_000_000,
        "chat": {"id": chat, "type": "private", "first_name": "Lan"},
        "from": {"id": chat, "is_bot": false, "first_name": "Lan"}, "text": text}})
}

fn oa_event(chat: usize, turn: usize, text: &str) -> Value {
    json!({"app_id": OA_APP_ID, "user_id_by_app": "1", "event_name": "user_send_text",
        "timestamp": (1_735_862_400_000u64 + turn as u64).to_string(),
        "sender": {"id": format!("{}", FIRST_CHAT + chat as i64)}, "recipient": {"id": "579745863508352884"},
        "message": {"msg_id": format!("load-{chat}-{turn}"), "text": text}})
}

/// The stand-ins for the Bot API and the Zalo Open API, on one address.
async fn stand_in(State(shared): State<Arc<Shared>>, uri: Uri, body: Bytes) -> Response {
    let path = uri.path();
    let method = path.rsplit('/').next().unwrap_or("").to_ascii_lowercase();
    let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    if path.ends_with("/v3.0/oa/message/cs") {
        let user = body["recipient"]["user_id"].as_str().and_then(|u| u.parse::<i64>().ok()).unwrap_or(-1);
        let text = body["message"]["text"].as_str().unwrap_or_default();
        shared.received((user - FIRST_CHAT) as usize, text);
        return axum::Json(json!({"error": 0, "message": "Success", "data": {"message_id": "m"}})).into_response();
    }
    let reply = match method.as_str() {
        "getme" => json!({"ok": true, "result": {
            "id": 1, "is_bot": true, "first_name": "hoidap", "username": "hoidap_load_bot",
            "can_join_groups": true, "can_read_all_group_messages": false, "supports_inline_queries": false,
            "can_connect_to_business": false, "has_main_web_app": false}}),
        "getupdates" => {
            shared.polling.notify_one();
            let offset = body["offset"].as_i64().unwrap_or(0);
            let limit = body["limit"].as_u64().unwrap_or(100) as usize;
            let wait = Duration::from_secs(body["timeout"].as_u64().unwrap_or(0).min(1));
            let deadline = tokio::time::Instant::now() + wait;
            loop {
                let notified = shared.new_updates.notified();
                let batch: Vec<Value> = {
                    let mut updates = shared.updates.lock().unwrap();
                    while updates.1.front().is_some_and(|(id, _)| *id < offset) {
                        updates.1.pop_front();
                    }
                    updates.1.iter().take(limit).map(|(_, u)| u.clone()).collect()
                };
                if !batch.is_empty() || tokio::time::Instant::now() >= deadline {
                    break json!({"ok": true, "result": batch});
                }
                let _ = tokio::time::timeout_at(deadline, notified).await;
            }
        }
        "sendmessage" => {
            let chat = body["chat_id"].as_i64().unwrap_or(-1);
            let text = body["text"].as_str().unwrap_or_default();
            shared.received((chat - FIRST_CHAT) as usize, text);
            let id = {
                let mut n = shared.sent_messages.lock().unwrap();
                *n += 1;
                *n
            };
            json!({"ok": true, "result": {"message_id": id, "date": 1_700_000_000,
                "chat": {"id": chat, "type": "private", "first_name": "Lan"}, "text": text}})
        }
        _ => json!({"ok": true, "result": true}),
    };
    axum::Json(reply).into_response()
}

/// The workload: `updates` questions from `chats` conversations, drawn from the evaluation set,
/// with the replies the bot must give.
fn workload(engine: &Engine, pool: &[String], path: Channel, updates: usize, chats: usize) -> Vec<Vec<Turn>> {
    (0..chats)
        .map(|c| {
            let turns = updates / chats + usize::from(c < updates % chats);
            let mut context = Context::default();
            (0..turns)
                .map(|k| {
                    // A fixed, well-spread choice: every run offers the same questions.
                    let question = pool[(c * 7919 + k * 104_729) % pool.len()].clone();
                    let answer = engine.answer(&question, &context);
                    let expected = match path {
                        Channel::Telegram => hoidap::telegram::render::render(&answer).messages,
                        Channel::ZaloOa => hoidap::zalo::pieces(&hoidap::core::render::plain(&answer)),
                    };
                    context = answer.context;
                    Turn { question, expected }
                })
                .collect()
        })
        .collect()
}

/// Every `q = "…"` of the evaluation files.
fn questions(dir: &Path) -> anyhow::Result<Vec<String>> {
    let mut pool = Vec::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| anyhow::anyhow!("cannot read the questions folder {}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    for file in files {
        let text = std::fs::read_to_string(&file)?;
        let doc: toml::Table = toml::from_str(&text).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
        for case in doc.get("case").and_then(|c| c.as_array()).into_iter().flatten() {
            if let Some(q) = case.get("q").and_then(|q| q.as_str()) {
                pool.push(q.to_owned());
            }
        }
    }
    anyhow::ensure!(!pool.is_empty(), "no questions (`q = …`) in {}", dir.display());
    Ok(pool)
}

/// The bot's resident memory now and at its peak, in kB.
fn memory_kb(pid: u32) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

/// The bot under test, stopped (SIGTERM) when dropped.
struct Bot {
    child: Child,
    data: PathBuf,
}

impl Drop for Bot {
    fn drop(&mut self) {
        let _ = Command::new("kill").arg("-TERM").arg(self.child.id().to_string()).status();
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.data);
    }
}

/// A `redis-server` for the run, stopped when dropped.
struct Redis {
    child: Child,
    url: String,
}

impl Redis {
    fn start() -> anyhow::Result<Redis> {
        let port = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let child = Command::new("redis-server")
            .args(["--port", &port.to_string(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
            .stdout(Stdio::null())
            .spawn()
            .map_err(|e| anyhow::anyhow!("--redis: cannot start redis-server ({e}); install Debian's redis-server"))?;
        let deadline = Instant::now() + Duration::from_secs(10);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            anyhow::ensure!(Instant::now() < deadline, "redis-server did not start on port {port}");
            std::thread::sleep(Duration::from_millis(20));
        }
        Ok(Redis { child, url: format!("redis://127.0.0.1:{port}/0") })
    }
}

impl Drop for Redis {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_bot(bin: &Path, path: Channel, stand_in: &str, listen: &str, store: Option<&str>) -> anyhow::Result<Bot> {
    let data = std::env::temp_dir().join(format!("hoidap-load-{}-{}", std::process::id(), listen.replace(':', "-")));
    let _ = std::fs::remove_dir_all(&data);
    let mut command = Command::new(bin);
    command
        .env_clear()
        .env("HOIDAP_DATA_DIR", &data)
        .env("HOIDAP_ID_SALT", "load-test-salt")
        .env("HOIDAP_LOG", "warn")
        // Every message is answered: the limiter still runs on every message.
        .env("HOIDAP_RATE_LIMIT", "1000000")
        .stdout(Stdio::null())
        .stderr(Stdio::inherit());
    if let Some(url) = store {
        command.env("HOIDAP_STORE", url);
    }
    match path {
        Channel::Telegram => {
            command
                .arg("telegram")
                .env("TELOXIDE_TOKEN", "123456:load-test")
                .env("TELOXIDE_API_URL", format!("{stand_in}/"))
                .env("HOIDAP_THROTTLE", "off");
        }
        Channel::ZaloOa => {
            command
                .arg("serve")
                .env("HOIDAP_LISTEN", listen)
                .env("ZALO_OA_APP_ID", OA_APP_ID)
                .env("ZALO_OA_SECRET_KEY", OA_SECRET_KEY)
                .env("ZALO_OA_ACCESS_TOKEN", "load-test-access-token")
                .env("ZALO_OA_API_URL", stand_in);
        }
    }
    let child = command.spawn().map_err(|e| anyhow::anyhow!("cannot start {}: {e}", bin.display()))?;
    Ok(Bot { child, data })
}

/// The hoidap binary: given, or built in release mode next to this example.
fn binary(given: Option<PathBuf>) -> anyhow::Result<PathBuf> {
    if let Some(bin) = given {
        anyhow::ensure!(bin.is_file(), "--bin {}: no such file", bin.display());
        return Ok(bin);
    }
    if let Ok(cargo) = std::env::var("CARGO") {
        let status = Command::new(cargo).args(["build", "--release", "--locked", "--bin", "hoidap"]).status()?;
        anyhow::ensure!(status.success(), "building hoidap failed");
    }
    let bin = PathBuf::from("target/release/hoidap");
    anyhow::ensure!(bin.is_file(), "{} not found: run `cargo build --release` or pass --bin", bin.display());
    Ok(bin)
}

struct Outcome {
    replies: usize,
    expected: usize,
    duplicated: usize,
    wrong: usize,
}

async fn run(args: &Args, bin: &Path, engine: &Engine, pool: &[String], path: Channel) -> anyhow::Result<Outcome> {
    let built = Instant::now();
    let turns = workload(engine, pool, path, args.updates, args.chats);
    let messages: usize = turns.iter().flatten().map(|t| t.expected.len()).sum();
    eprintln!(
        "workload: {} questions, {messages} messages expected (computed in {:.1?})",
        args.updates,
        built.elapsed()
    );
    let (due_tx, mut due_rx) = mpsc::unbounded_channel();
    let shared = Arc::new(Shared {
        path,
        closed_loop: args.rate == 0,
        chats: Mutex::new(turns.iter().map(|t| Chat { offered: vec![None; t.len()], ..Chat::default() }).collect()),
        turns,
        tally: Mutex::default(),
        updates: Mutex::default(),
        new_updates: Notify::new(),
        done: Notify::new(),
        polling: Notify::new(),
        due: due_tx,
        sent_messages: Mutex::new(0),
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let stand_in_url = format!("http://{}", listener.local_addr()?);
    let app = Router::new().fallback(stand_in).with_state(shared.clone());
    tokio::spawn(async move { axum::serve(listener, app).await });

    let redis = if args.redis { Some(Redis::start()?) } else { None };
    let replicas = if path == Channel::ZaloOa { args.replicas.max(1) } else { 1 };
    let mut listens = Vec::new();
    let mut bots = Vec::new();
    for _ in 0..replicas {
        let listen = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.to_string();
        bots.push(start_bot(bin, path, &stand_in_url, &listen, redis.as_ref().map(|r| r.url.as_str()))?);
        listens.push(listen);
    }
    let pids: Vec<u32> = bots.iter().map(|b| b.child.id()).collect();
    let http = reqwest::Client::new();
    // Ready: polling started, or every server answers /healthz.
    let ready = async {
        match path {
            Channel::Telegram => shared.polling.notified().await,
            Channel::ZaloOa => {
                for listen in &listens {
                    loop {
                        let health = http.get(format!("http://{listen}/healthz")).send().await;
                        if health.is_ok_and(|r| r.status().is_success()) {
                            break;
                        }
                        tokio::time::sleep(Duration::from_millis(50)).await;
                    }
                }
            }
        }
    };
    tokio::time::timeout(Duration::from_secs(30), ready)
        .await
        .map_err(|_| anyhow::anyhow!("the bot did not start within 30 s"))?;
    let idle_kb: Vec<u64> = pids.iter().map(|p| memory_kb(*p).0).collect();

    // Zalo: a poster sends each due question as a signed webhook.
    let rejected = Arc::new(Mutex::new(0usize));
    if path == Channel::ZaloOa {
        let (shared, http, rejected) = (shared.clone(), http.clone(), rejected.clone());
        let urls: Vec<String> = listens.iter().map(|l| format!("http://{l}/webhook/zalo-oa")).collect();
        let connections = Arc::new(tokio::sync::Semaphore::new(args.connections.max(1)));
        tokio::spawn(async move {
            let mut next_turn = vec![0usize; shared.turns.len()];
            let mut sent = 0usize;
            while let Some(chat) = due_rx.recv().await {
                // Round-robin over the replicas, as a load balancer that knows nothing of chats.
                let url = &urls[sent % urls.len()];
                sent += 1;
                let turn = next_turn[chat];
                next_turn[chat] += 1;
                let body = oa_event(chat, turn, &shared.turns[chat][turn].question).to_string();
                let timestamp = (1_735_862_400_000u64 + turn as u64).to_string();
                let mac = hoidap::zalo::oa::signature(OA_APP_ID, body.as_bytes(), &timestamp, OA_SECRET_KEY);
                let request = http.post(url).header("X-ZEvent-Signature", format!("mac={mac}")).body(body);
                let rejected = rejected.clone();
                let connections = connections.clone();
                tokio::spawn(async move {
                    let _connection = connections.acquire().await;
                    match request.send().await {
                        Ok(r) if r.status().is_success() => {}
                        Ok(r) => *rejected.lock().unwrap() += usize::from(!r.status().is_success()),
                        Err(_) => *rejected.lock().unwrap() += 1,
                    }
                });
            }
        });
    }

    let started = Instant::now();
    let per_chat_max = shared.turns.iter().map(Vec::len).max().unwrap_or(0);
    if args.rate == 0 {
        for chat in 0..shared.turns.len() {
            if !shared.turns[chat].is_empty() {
                shared.offer(chat, 0);
            }
        }
    } else {
        // Open loop: round after round over the chats, at the offered rate.
        let shared = shared.clone();
        let interval = Duration::from_secs_f64(1.0 / args.rate as f64);
        tokio::spawn(async move {
            let mut n = 0u32;
            for turn in 0..per_chat_max {
                for chat in 0..shared.turns.len() {
                    if turn < shared.turns[chat].len() {
                        tokio::time::sleep_until((started + interval * n).into()).await;
                        shared.offer(chat, turn);
                        n += 1;
                    }
                }
            }
        });
    }
    let all_in = tokio::time::timeout(Duration::from_secs(args.timeout), shared.done.notified()).await.is_ok();
    // Late or doubled messages get a moment to show up.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let peak_kb: Vec<u64> = pids.iter().map(|p| memory_kb(*p).1).collect();
    // Stopped off the runtime: the stand-ins must keep answering while the bot winds down.
    tokio::task::spawn_blocking(move || drop((bots, redis))).await?;

    let mut tally = std::mem::take(&mut *shared.tally.lock().unwrap());
    tally.latencies.sort();
    let expected = shared.expected_replies();
    let replies = tally.latencies.len();
    let elapsed = match (tally.first_offer, tally.last_reply) {
        (Some(a), Some(b)) => b.duration_since(a),
        _ => started.elapsed(),
    };
    let mut mode = if args.rate == 0 {
        format!("closed loop, {} chats at once", args.chats)
    } else {
        format!("open loop at {} questions/s", args.rate)
    };
    if path == Channel::ZaloOa {
        mode.push_str(&format!(", {} connections", args.connections));
    }
    if args.redis {
        mode.push_str(&format!(", Redis store, {replicas} replica(s)"));
    }
    println!("hoidap load test — {}: {} questions from {} chats, {mode}", path.name(), args.updates, args.chats);
    println!(
        "  replies      {replies} of {expected} (lost {}, duplicated {}, wrong {}{})",
        expected - replies,
        tally.duplicated,
        tally.wrong,
        if all_in { "" } else { "; timed out" }
    );
    let rejected = *rejected.lock().unwrap();
    if rejected > 0 {
        println!("  webhooks     {rejected} refused");
    }
    println!(
        "  throughput   {:.0} replies/s ({replies} in {:.2} s; {messages} messages)",
        replies as f64 / elapsed.as_secs_f64(),
        elapsed.as_secs_f64()
    );
    let l = &tally.latencies;
    println!(
        "  latency      p50 {}  p90 {}  p99 {}  max {}",
        ms(percentile(l, 50.0)),
        ms(percentile(l, 90.0)),
        ms(percentile(l, 99.0)),
        ms(percentile(l, 100.0))
    );
    let mb = |kb: &[u64]| kb.iter().map(|k| format!("{:.1}", *k as f64 / 1024.0)).collect::<Vec<_>>().join(" + ");
    println!("  memory       peak RSS {} MB (after start-up {} MB)", mb(&peak_kb), mb(&idle_kb));
    for example in &tally.examples {
        println!("  wrong: {example}");
    }
    Ok(Outcome { replies, expected, duplicated: tally.duplicated, wrong: tally.wrong + rejected })
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> std::process::ExitCode {
    let args = Args::parse();
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
    let bin = binary(args.bin.clone())?;
    let engine = Engine::new(load::load(None)?);
    let pool = questions(&args.questions)?;
    let paths = match args.path.as_str() {
        "telegram" => vec![Channel::Telegram],
        "zalo-oa" => vec![Channel::ZaloOa],
        _ => vec![Channel::Telegram, Channel::ZaloOa],
    };
    let mut clean = true;
    for path in paths {
        let o = run(args, &bin, &engine, &pool, path).await?;
        clean &= o.replies == o.expected && o.duplicated == 0 && o.wrong == 0;
    }
    Ok(clean)
}
