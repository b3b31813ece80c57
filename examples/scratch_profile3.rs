use std::collections::BTreeMap;
use std::time::Instant;
fn main() {
    let engine = hoidap::core::Engine::new(hoidap::knowledge::load::load(None).unwrap());
    let files = hoidap::cli::read_eval_files(&["tests/eval".into()]).unwrap();
    let qs: Vec<String> = files
        .iter()
        .flat_map(|(_, f)| f.case.iter().map(|c| c.q.clone()))
        .collect();
    let ctx = hoidap::core::Context::default();
    let mut by: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    for _ in 0..30 {
        for q in &qs {
            let t = Instant::now();
            let a = engine.answer(q, &ctx);
            let e = t.elapsed().as_secs_f64() * 1e6;
            by.entry(a.intent.name()).or_default().push(e);
        }
    }
    for (k, mut v) in by {
        v.sort_by(|a, b| a.partial_cmp(b).unwrap());
        println!(
            "{k:15} n={:5} p50 {:6.1} p90 {:6.1}",
            v.len() / 30,
            v[v.len() / 2],
            v[v.len() * 9 / 10]
        );
    }
}
