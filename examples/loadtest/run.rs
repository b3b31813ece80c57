//! One run of a path: the stand-ins up, the bot started, the questions offered, the replies
//! tallied and reported.

use crate::processes::{Redis, cpu_seconds, memory_kb, start_bot};
use crate::stand_in::{Chat, Shared, oa_event, stand_in};
use crate::workload::workload;
use crate::{Args, Channel, OA_APP_ID, OA_SECRET_KEY};
use axum::Router;
use hoidap::core::Engine;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::{Notify, mpsc};

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

pub struct Outcome {
    pub replies: usize,
    pub expected: usize,
    pub duplicated: usize,
    pub wrong: usize,
}

pub async fn run(args: &Args, bin: &Path, engine: &Engine, pool: &[String], path: Channel) -> anyhow::Result<Outcome> {
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
        let store = redis.as_ref().map(|r| r.url.as_str());
        bots.push(start_bot(bin, path, &stand_in_url, &listen, store, args.hostile && path == Channel::ZaloOa)?);
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
                let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
                let timestamp = now.as_millis().to_string();
                let body = oa_event(chat, turn, &shared.turns[chat][turn].question, &timestamp).to_string();
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

    let hostile = match args.hostile && path == Channel::ZaloOa {
        true => Some(crate::hostile::start(&listens[0], args.slow_connections)?),
        false => None,
    };
    if hostile.is_some() {
        // The slow connections open and the flood starts before the first question.
        tokio::time::sleep(Duration::from_secs(2)).await;
    }
    let cpu_at_start: Vec<f64> = pids.iter().map(|p| cpu_seconds(*p)).collect();
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
    let cpu: Vec<f64> = pids.iter().zip(&cpu_at_start).map(|(p, start)| cpu_seconds(*p) - start).collect();
    let run_seconds = started.elapsed().as_secs_f64();
    let hostile = match hostile {
        Some(hostile) => Some(hostile.stop().await),
        None => None,
    };
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
    if hostile.is_some() {
        mode.push_str(", under hostile traffic");
    }
    println!("hoidap load test — {}: {} questions from {} chats, {mode}", path.name(), args.updates, args.chats);
    println!(
        "  replies      {replies} of {expected} (lost {}, duplicated {}, wrong {}{})",
        expected - replies,
        tally.duplicated,
        tally.wrong,
        if all_in { "" } else { "; timed out" }
    );
    if let Some(hostile) = &hostile {
        println!("  hostile      {hostile}");
    }
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
    let cpu: Vec<String> = cpu.iter().map(|c| format!("{c:.1}")).collect();
    println!("  cpu          the bot {} s in the {run_seconds:.1} s run", cpu.join(" + "));
    for example in &tally.examples {
        println!("  wrong: {example}");
    }
    Ok(Outcome { replies, expected, duplicated: tally.duplicated, wrong: tally.wrong + rejected })
}
