//! The store at a year's size: writes 1,000,000 turns (a year of a busy city bot) into a store
//! on disk (sled, and the turns' day files beside it), then, each in a fresh process, measures opening it, the resident memory while
//! answering, and one retention pass while answers keep flowing, then opening it again after
//! that restart (BENCHMARKS.md). Local disk only, no network.
//!
//! `cargo run --release --example storebench [-- TURNS] [SLED SETTINGS]` (`-- --help` lists them)

use hoidap::core::Engine;
use hoidap::knowledge::load;
use hoidap::service;
use hoidap::store::sled_kv::{SledKv, SledTuning};
use hoidap::store::{Comment, Feedback, Record, Store, Turn, Verdict, time::DAY};
use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// The benchmark's "now": the end of the year of turns.
const NOW: u64 = 1_767_225_600; // 2026-01-01
/// Distinct users over the year.
const USERS: u64 = 50_000;
/// Questions answered to measure memory while serving.
const SERVED: usize = 2_000;
const QUESTIONS: [&str; 6] = [
    "Sở Tài chính làm gì?",
    "Học phí mầm non bao nhiêu?",
    "Kế hoạch nói gì về giáo viên?",
    "Ai chịu trách nhiệm tuyển dụng?",
    "Lương giáo viên bao nhiêu?",
    "Thời hạn thực hiện kế hoạch là khi nào?",
];

const HELP: &str = "\
storebench [TURNS] [--cache-mb N] [--high-throughput] [--segment-kb N]

Writes TURNS turns (default 1000000) over a year into a sled store in the temporary folder,
then measures in fresh processes: opening it, RSS while answering, one retention pass while a
thread keeps answering; then opening it again after that restart.

  --cache-mb N        sled cache_capacity in MiB (default: the store's, 4)
  --high-throughput   sled Mode::HighThroughput (default: Mode::LowSpace)
  --segment-kb N      sled segment_size in KiB (default: sled's, 512)";

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--help" || a == "-h") {
        println!("{HELP}");
        return;
    }
    let mut tuning = SledTuning::default();
    // The settings as given, passed on to the measuring processes.
    let mut settings = Vec::new();
    let mut rest = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut number = || -> u64 {
            let n = it.next().unwrap_or_else(|| panic!("{a} takes a number"));
            settings.extend([a.clone(), n.clone()]);
            n.parse().unwrap_or_else(|_| panic!("{a} takes a number"))
        };
        match a.as_str() {
            "--cache-mb" => tuning.cache_bytes = number() * 1024 * 1024,
            "--segment-kb" => tuning.segment_bytes = Some(number() as usize * 1024),
            "--high-throughput" => {
                tuning.high_throughput = true;
                settings.push(a.clone());
            }
            _ => rest.push(a.clone()),
        }
    }
    match rest.first().map(String::as_str) {
        Some("measure") => measure(Path::new(&rest[1]), tuning),
        Some("reopen") => reopen(Path::new(&rest[1]), tuning),
        other => {
            let turns = other.map_or(1_000_000, |n| n.parse().expect("TURNS is a number"));
            println!("sled settings: {tuning:?}");
            let dir = std::env::temp_dir().join(format!("hoidap-storebench-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            generate(&dir, turns, tuning);
            for step in ["measure", "reopen"] {
                let status = Command::new(std::env::current_exe().unwrap())
                    .arg(step)
                    .arg(&dir)
                    .args(&settings)
                    .status()
                    .expect("the measuring process starts");
                assert!(status.success(), "the {step} process failed");
            }
            let _ = std::fs::remove_dir_all(&dir);
        }
    }
}

fn open(dir: &Path, tuning: SledTuning) -> Store {
    Store::open(Box::new(SledKv::open_tuned(dir, tuning).unwrap()), &dir.display().to_string(), Some("bench")).unwrap()
}

/// Writes `turns` turns spread evenly over the year before [`NOW`], with a verdict on one in
/// fifty and a comment for one in two hundred.
fn generate(dir: &Path, turns: u64, tuning: SledTuning) {
    let started = Instant::now();
    let store = open(dir, tuning);
    let step = (365 * DAY) as f64 / turns as f64;
    for n in 0..turns {
        let at = NOW - 365 * DAY + (n as f64 * step) as u64;
        let user = store.user_hash(&format!("telegram:{}", n % USERS));
        let question = QUESTIONS[(n % QUESTIONS.len() as u64) as usize];
        let turn = Turn {
            answer_id: store.next_answer_id(at).unwrap(),
            at,
            channel: if n % 3 == 0 { "zalo-oa".into() } else { "telegram".into() },
            user: user.clone(),
            question: Some(question.into()),
            normalised: hoidap::text::key_form(question),
            intent: "content".into(),
            answered: n % 7 != 0,
            low_confidence: n % 11 == 0,
            cited: vec!["nd2-mam-non".into()],
            suggestions: vec![],
        };
        store.import(&Record::Turn(turn.clone())).unwrap();
        if n % 50 == 0 {
            let f = Feedback {
                answer_id: turn.answer_id.clone(),
                at: at + 30,
                user: user.clone(),
                verdict: if n % 100 == 0 { Verdict::Up } else { Verdict::Down },
                question: turn.question.clone(),
                intent: turn.intent.clone(),
                cited: turn.cited.clone(),
            };
            store.import(&Record::Feedback(f)).unwrap();
        }
        if n % 200 == 0 {
            let c = Comment { at: at + 60, user, channel: turn.channel.clone(), text: Some("Thêm học phí".into()) };
            store.import(&Record::Comment(c)).unwrap();
        }
    }
    store.flush().unwrap();
    println!(
        "generated: {turns} turns in {:.1} s, {} MB on disk ({} MB of it the turns' day files)",
        started.elapsed().as_secs_f64(),
        disk_mb(dir),
        disk_mb(&dir.join("turns"))
    );
}

/// Opens the store in this fresh process, answers questions, then runs retention while a
/// thread keeps answering.
fn measure(dir: &Path, tuning: SledTuning) {
    let (engine, store) = start(dir, tuning, "first open after the year of writes");
    serve(&engine, &store, NOW);
    // "Forget me" of one user of the year: every day's file is searched for the user's hash.
    let began = Instant::now();
    let gone = store.forget(&store.user_hash("telegram:7")).unwrap();
    println!("forget (one user): {gone} records deleted in {:.1} ms", ms(began.elapsed()));

    // One retention pass (90 days) over the year: the 275 oldest days go.
    let done = AtomicBool::new(false);
    let (pass, mut during) = std::thread::scope(|s| {
        let answering = s.spawn(|| {
            let mut lat = Vec::new();
            let mut n = 0u64;
            while !done.load(Ordering::SeqCst) {
                let user = store.user_hash(&format!("zalo-oa:{}", n % USERS));
                let began = Instant::now();
                service::answer(&engine, &store, "zalo-oa", &user, QUESTIONS[(n % 6) as usize], NOW + 3_000).unwrap();
                lat.push(began.elapsed());
                n += 1;
            }
            lat
        });
        let began = Instant::now();
        let gone = store.purge(NOW + 3_600).unwrap();
        let took = began.elapsed();
        done.store(true, Ordering::SeqCst);
        ((gone, took), answering.join().unwrap())
    });
    println!(
        "retention (first pass, 275 days due): {} records deleted in {:.1} s; meanwhile {} answers, p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms; RSS {} MB",
        pass.0,
        pass.1.as_secs_f64(),
        during.len(),
        ms(percentile(&mut during, 50)),
        ms(percentile(&mut during, 99)),
        ms(during.iter().max().copied().unwrap_or_default()),
        rss_kb() / 1024
    );
    let began = Instant::now();
    let gone = store.purge(NOW + 7_200).unwrap();
    println!("retention (hourly pass): {gone} records deleted in {:.1} ms", began.elapsed().as_secs_f64() * 1e3);
    let stats = store.stats(0).unwrap();
    println!("stats after retention: {} questions counted (daily figures and kept turns)", stats.questions);
    store.flush().unwrap();
    println!("peak RSS {} MB; {} MB on disk", peak_rss_kb() / 1024, disk_mb(dir));
}

/// Loads the knowledge base, then opens the store, saying how long each took.
fn start(dir: &Path, tuning: SledTuning, what: &str) -> (Engine, Store) {
    let loading = Instant::now();
    let engine = Engine::new(load::load(None).unwrap());
    let loaded = loading.elapsed();
    let rss_engine = rss_kb();
    let started = Instant::now();
    let store = open(dir, tuning);
    println!(
        "start-up ({what}): store opened in {:.1} ms (the knowledge base loaded before it in {:.1} ms; RSS then {} MB)",
        ms(started.elapsed()),
        ms(loaded),
        rss_engine / 1024
    );
    (engine, store)
}

/// Answers [`SERVED`] questions of signed-in users, then prints their latency and the RSS.
fn serve(engine: &Engine, store: &Store, now: u64) {
    let mut latencies = Vec::with_capacity(SERVED);
    for n in 0..SERVED {
        let user = store.user_hash(&format!("telegram:{}", n as u64 % USERS));
        let began = Instant::now();
        service::answer(engine, store, "telegram", &user, QUESTIONS[n % QUESTIONS.len()], now + n as u64).unwrap();
        latencies.push(began.elapsed());
    }
    println!(
        "serving: {SERVED} answers, p50 {:.2} ms, p99 {:.2} ms; RSS {} MB",
        ms(percentile(&mut latencies, 50)),
        ms(percentile(&mut latencies, 99)),
        rss_kb() / 1024
    );
}

/// Opens the store again after the measuring process (a restart of the server), and serves.
fn reopen(dir: &Path, tuning: SledTuning) {
    let (engine, store) = start(dir, tuning, "after a restart");
    serve(&engine, &store, NOW + 7_200);
    println!("peak RSS {} MB", peak_rss_kb() / 1024);
}

fn percentile(v: &mut [Duration], p: usize) -> Duration {
    if v.is_empty() {
        return Duration::ZERO;
    }
    v.sort_unstable();
    v[(v.len() * p / 100).min(v.len() - 1)]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn status_kb(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

fn rss_kb() -> u64 {
    status_kb("VmRSS:")
}

fn peak_rss_kb() -> u64 {
    status_kb("VmHWM:")
}

fn disk_mb(dir: &Path) -> u64 {
    fn size(p: &Path) -> u64 {
        match std::fs::read_dir(p) {
            Ok(entries) => entries.flatten().map(|e| size(&e.path())).sum(),
            Err(_) => std::fs::metadata(p).map(|m| m.len()).unwrap_or(0),
        }
    }
    size(dir) / (1024 * 1024)
}
