use std::time::Instant;
fn main() {
    let t = Instant::now();
    let files = hoidap::knowledge::load::embedded_files();
    let t1 = t.elapsed();
    let (kb, p) = hoidap::knowledge::load::parse(&files);
    let t2 = t.elapsed();
    let e = hoidap::core::Engine::new(kb);
    let t4 = t.elapsed();
    println!(
        "files {:?} parse+check {:?} engine {:?} {}",
        t1,
        t2 - t1,
        t4 - t2,
        p.len()
    );
    let _ = e;
}
