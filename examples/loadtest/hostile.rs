//! Hostile traffic beside the webhooks (`--hostile`, zalo-oa path): 1 MiB markup bodies to
//! `/v1/ask`, slow connections that never finish their headers, and a flood of small questions,
//! each from a different client (the server trusts `X-Forwarded-For` for the run, as behind a
//! proxy, so the per-client limit does not shield it: a spread-out attack). A fixed number of
//! tasks, stopped with the run.
//!
//! The attacker is a process of its own (this tool again, `--attack ADDR`) at the lowest CPU
//! priority (`nice -n 19`): it stands in for clients on other machines. On this one machine it
//! shares the cores with the server; at the lowest priority it takes only what the server and
//! the load generator leave, so what is measured is the server's cost of the attack, not the
//! attacker's own.

use std::collections::BTreeMap;
use std::io::{BufRead, Read};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::AsyncWriteExt;
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// Tasks posting 1 MiB bodies of `<a<a<a…` (the markup the question is cut from) in a loop.
const MARKUP_SENDERS: usize = 2;
/// Tasks posting small questions in a loop, as fast as they are answered.
const FLOODERS: usize = 8;
/// A slow client writes one more header line this often (the server's header-read timeout is
/// 5 s: it closes them, and they connect again).
const SLOW_STEP: Duration = Duration::from_secs(1);

/// What the hostile clients did.
#[derive(Default)]
pub struct Counts {
    /// Replies to the markup bodies, by HTTP status (0: the connection failed).
    markup: Mutex<BTreeMap<u16, u64>>,
    /// Replies to the flood, by HTTP status.
    flood: Mutex<BTreeMap<u16, u64>>,
    /// Slow connections opened (each held until the server closed it).
    slow_opened: AtomicU64,
}

/// The attacking process; it stops when its standard input closes.
pub struct Hostile {
    child: Child,
}

/// A client address of its own for each request (the first `X-Forwarded-For` hop).
fn client(n: u64) -> String {
    format!("10.{}.{}.{}", (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff)
}

fn count(map: &Mutex<BTreeMap<u16, u64>>, status: u16) {
    *map.lock().unwrap().entry(status).or_default() += 1;
}

/// The line the attacking process prints first, once its clients are started.
const STARTED: &str = "attack started";

/// Starts the attacking process against the server listening on `listen`, at the lowest CPU
/// priority; returns once its clients are started.
pub fn start(listen: &str, slow_connections: usize) -> anyhow::Result<Hostile> {
    let me = std::env::current_exe()?;
    let mut child = Command::new("nice")
        .args(["-n", "19"])
        .arg(me)
        .args(["--attack", listen, "--slow-connections", &slow_connections.to_string()])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| anyhow::anyhow!("cannot start the attacking process under `nice`: {e}"))?;
    let mut first = String::new();
    let stdout = child.stdout.as_mut().expect("piped");
    // One byte at a time up to the newline: the rest of its output is read at the end.
    let mut byte = [0u8];
    while stdout.read(&mut byte)? == 1 && byte[0] != b'\n' {
        first.push(byte[0] as char);
    }
    anyhow::ensure!(first == STARTED, "the attacking process did not start: {first:?}");
    Ok(Hostile { child })
}

/// The attacking process (`--attack ADDR`): hostile clients against `listen` until standard
/// input closes, then one line saying what they did.
pub async fn attack(listen: &str, slow_connections: usize) {
    let (stop, stopped) = watch::channel(false);
    let counts = Arc::new(Counts::default());
    let tasks = clients(listen, slow_connections, stopped, counts.clone());
    println!("{STARTED}");
    // Standard input closes when the load tool is done (or gone).
    let _ = tokio::task::spawn_blocking(|| std::io::stdin().lock().lines().count()).await;
    let _ = stop.send(true);
    for task in tasks {
        // A request in progress is not waited for.
        task.abort();
        let _ = task.await;
    }
    let show = |map: &Mutex<BTreeMap<u16, u64>>| {
        let map = map.lock().unwrap();
        let total: u64 = map.values().sum();
        let each: Vec<String> = map.iter().map(|(status, n)| format!("{n}× {}", status_name(*status))).collect();
        format!("{total} ({})", each.join(", "))
    };
    println!(
        "{MARKUP_SENDERS} senders of 1 MiB markup bodies: {}; {FLOODERS} flooders of /v1/ask: {}; {slow_connections} slow connections held ({} opened in all); the attacker's CPU time {:.1} s (nice 19)",
        show(&counts.markup),
        show(&counts.flood),
        counts.slow_opened.load(Ordering::Relaxed),
        crate::processes::cpu_seconds(std::process::id()),
    );
}

/// An HTTP status, or what became of a request that got none.
fn status_name(status: u16) -> String {
    match status {
        0 => "connection closed without a reply".to_owned(),
        s => s.to_string(),
    }
}

fn clients(
    listen: &str,
    slow_connections: usize,
    stopped: watch::Receiver<bool>,
    counts: Arc<Counts>,
) -> Vec<JoinHandle<()>> {
    let url = format!("http://{listen}/v1/ask");
    let http = reqwest::Client::new();
    let serial = Arc::new(AtomicU64::new(1));
    let mut tasks = Vec::new();
    let markup = {
        // 1 MiB: the server's general body limit (the question paths have a far lower one).
        let question = "<a".repeat((1024 * 1024 - 32) / 2);
        serde_json::json!({ "question": question }).to_string()
    };
    let small = serde_json::json!({ "question": "Sở Tài chính làm gì?" }).to_string();
    for (senders, body, is_markup) in [(MARKUP_SENDERS, markup, true), (FLOODERS, small, false)] {
        for _ in 0..senders {
            let (http, url, body, counts, serial) =
                (http.clone(), url.clone(), body.clone(), counts.clone(), serial.clone());
            let stopped = stopped.clone();
            tasks.push(tokio::spawn(async move {
                while !*stopped.borrow() {
                    let from = client(serial.fetch_add(1, Ordering::Relaxed));
                    let sent = http.post(&url).header("x-forwarded-for", from).body(body.clone()).send().await;
                    let status = match sent {
                        Ok(reply) => {
                            let status = reply.status().as_u16();
                            let _ = reply.bytes().await;
                            status
                        }
                        Err(_) => 0,
                    };
                    count(if is_markup { &counts.markup } else { &counts.flood }, status);
                }
            }));
        }
    }
    let address: std::net::SocketAddr = listen.parse().expect("a listen address");
    for _ in 0..slow_connections {
        let (counts, mut stopped) = (counts.clone(), stopped.clone());
        tasks.push(tokio::spawn(async move {
            while !*stopped.borrow() {
                let Ok(mut stream) = tokio::net::TcpStream::connect(address).await else {
                    tokio::time::sleep(SLOW_STEP).await;
                    continue;
                };
                counts.slow_opened.fetch_add(1, Ordering::Relaxed);
                let mut line = b"POST /v1/ask HTTP/1.1\r\nHost: hoidap\r\n".to_vec();
                // One header line a step, never the blank line that ends them.
                while stream.write_all(&line).await.is_ok() {
                    line = b"X-Slow: still here\r\n".to_vec();
                    tokio::select! {
                        _ = tokio::time::sleep(SLOW_STEP) => {}
                        _ = stopped.changed() => return,
                    }
                }
            }
        }));
    }
    tasks
}

impl Hostile {
    /// Stops the attacking process; the line saying what it did.
    pub async fn stop(self) -> String {
        let mut child = self.child;
        let said = tokio::task::spawn_blocking(move || {
            drop(child.stdin.take());
            let mut said = String::new();
            let _ = child.stdout.take().map(|mut out| out.read_to_string(&mut said));
            let _ = child.wait();
            said
        })
        .await
        .unwrap_or_default();
        said.trim().to_owned()
    }
}
