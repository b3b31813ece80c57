//! Hostile traffic beside the webhooks (`--hostile`, zalo-oa path): 1 MiB markup bodies to
//! `/v1/ask`, slow connections that never finish their headers, and a flood of small questions,
//! each from a different client (the server trusts `X-Forwarded-For` for the run, as behind a
//! proxy, so the per-client limit does not shield it: a spread-out attack). A fixed number of
//! tasks, stopped with the run.

use std::collections::BTreeMap;
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

pub struct Hostile {
    stop: watch::Sender<bool>,
    /// The thread the hostile clients run on, with a runtime of their own: they must not slow
    /// the load generator's clock or its stand-ins, only the server.
    thread: std::thread::JoinHandle<()>,
    counts: Arc<Counts>,
    slow_connections: usize,
}

/// A client address of its own for each request (the first `X-Forwarded-For` hop).
fn client(n: u64) -> String {
    format!("10.{}.{}.{}", (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff)
}

fn count(map: &Mutex<BTreeMap<u16, u64>>, status: u16) {
    *map.lock().unwrap().entry(status).or_default() += 1;
}

/// Starts the hostile clients against the server listening on `listen`, on a thread of their own.
pub fn start(listen: &str, slow_connections: usize) -> Hostile {
    let (stop, stopped) = watch::channel(false);
    let counts = Arc::new(Counts::default());
    let (listen, shared) = (listen.to_owned(), counts.clone());
    let thread = std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
        runtime.block_on(async move {
            let mut done = stopped.clone();
            let tasks = clients(&listen, slow_connections, stopped, shared);
            let _ = done.wait_for(|stop| *stop).await;
            for task in tasks {
                // A request in progress is not waited for.
                task.abort();
                let _ = task.await;
            }
        });
    });
    Hostile { stop, thread, counts, slow_connections }
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
        // Just under the 1 MiB body limit, so that the server reads it all.
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
    /// Stops every hostile client; a line saying what they did.
    pub async fn stop(self) -> String {
        let _ = self.stop.send(true);
        let thread = self.thread;
        let _ = tokio::task::spawn_blocking(move || thread.join()).await;
        let show = |map: &Mutex<BTreeMap<u16, u64>>| {
            let map = map.lock().unwrap();
            let total: u64 = map.values().sum();
            let each: Vec<String> = map.iter().map(|(status, n)| format!("{n}× {status}")).collect();
            format!("{total} ({})", each.join(", "))
        };
        format!(
            "{MARKUP_SENDERS} senders of 1 MiB markup bodies: {}; {FLOODERS} flooders of /v1/ask: {}; {} slow connections held ({} opened in all)",
            show(&self.counts.markup),
            show(&self.counts.flood),
            self.slow_connections,
            self.counts.slow_opened.load(Ordering::Relaxed),
        )
    }
}
