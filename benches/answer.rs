//! Answering speed: start-up (load and index the embedded knowledge base), the evaluation set
//! answered question by question, and the per-answer latency distribution (p50, p99, max).
//! Run with `cargo bench --bench answer`; the figures go into README.md.
//!
//! `HOIDAP_BENCH_QUESTIONS=<file>` answers that file's lines instead of `tests/eval` (so an older
//! build can answer the same questions). `HOIDAP_BENCH_ROUNDS=<n>` skips criterion: it only loads
//! the knowledge base and answers every question n times, for an instruction count under
//! `valgrind --tool=callgrind` (the run with n rounds minus the run with 0, divided by n × questions).

use criterion::{Criterion, criterion_group};
use hoidap::core::{Context, Engine};
use hoidap::knowledge::load;
use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn questions() -> Vec<String> {
    if let Some(path) = std::env::var_os("HOIDAP_BENCH_QUESTIONS") {
        let text = std::fs::read_to_string(&path).expect("questions file");
        return text.lines().filter(|l| !l.trim().is_empty()).map(str::to_string).collect();
    }
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/eval");
    let files = hoidap::cli::read_eval_files(&[dir]).expect("evaluation set");
    files
        .iter()
        .flat_map(|(_, f)| {
            f.case.iter().map(|c| c.q.clone()).chain(f.dialog.iter().flat_map(|d| d.turn.iter().map(|t| t.q.clone())))
        })
        .collect()
}

fn startup(c: &mut Criterion) {
    c.bench_function("startup: load + index embedded knowledge base", |b| {
        b.iter(|| Engine::new(load::load(None).unwrap()))
    });
}

fn answers(c: &mut Criterion) {
    let engine = Engine::new(load::load(None).unwrap());
    let qs = questions();
    let ctx = Context::default();
    let mut group = c.benchmark_group("answer");
    group.throughput(criterion::Throughput::Elements(qs.len() as u64));
    group.bench_function(format!("evaluation set ({} questions)", qs.len()), |b| {
        b.iter(|| {
            for q in &qs {
                black_box(engine.answer(black_box(q), &ctx));
            }
        })
    });
    let long = "giáo viên mầm non ngân sách ".repeat(3_600); // ≈ 100 KB
    group.bench_function(format!("one {} KB paste", long.len() / 1024), |b| {
        b.iter(|| black_box(engine.answer(&long, &ctx)))
    });
    let markup = "<a".repeat(512 * 1024); // 1 MiB of tags that never close: linear, not quadratic
    group.bench_function("one 1 MiB `<a<a<a…` paste", |b| b.iter(|| black_box(engine.answer(&markup, &ctx))));
    group.finish();
}

/// Every question answered `ROUNDS` times, each timed alone: the distribution over all.
fn latency_distribution() {
    const ROUNDS: usize = 50;
    let engine = Engine::new(load::load(None).unwrap());
    let qs = questions();
    let ctx = Context::default();
    let mut times: Vec<Duration> = Vec::with_capacity(qs.len() * ROUNDS);
    for _ in 0..ROUNDS {
        for q in &qs {
            let start = Instant::now();
            black_box(engine.answer(black_box(q), &ctx));
            times.push(start.elapsed());
        }
    }
    times.sort();
    let at = |p: f64| times[((times.len() as f64 * p) as usize).min(times.len() - 1)];
    println!(
        "latency over {} answers ({} questions × {ROUNDS}): p50 {:.1} µs, p90 {:.1} µs, p99 {:.1} µs, max {:.1} µs",
        times.len(),
        qs.len(),
        at(0.50).as_secs_f64() * 1e6,
        at(0.90).as_secs_f64() * 1e6,
        at(0.99).as_secs_f64() * 1e6,
        times.last().unwrap().as_secs_f64() * 1e6
    );
}

criterion_group!(benches, startup, answers);

/// The whole evaluation set answered `rounds` times, untimed: the work to count.
fn answer_rounds(rounds: usize) {
    let engine = Engine::new(load::load(None).unwrap());
    let qs = questions();
    let ctx = Context::default();
    for _ in 0..rounds {
        for q in &qs {
            black_box(engine.answer(black_box(q), &ctx));
        }
    }
    println!("answered {} questions × {rounds}", qs.len());
}

fn main() {
    if let Ok(rounds) = std::env::var("HOIDAP_BENCH_ROUNDS") {
        answer_rounds(rounds.parse().expect("HOIDAP_BENCH_ROUNDS is a number"));
        return;
    }
    benches();
    latency_distribution();
    Criterion::default().configure_from_args().final_summary();
}
