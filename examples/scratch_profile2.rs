fn main() {
    let kb0 = hoidap::knowledge::load::embedded_files();
    for _ in 0..30 {
        let (kb, _) = hoidap::knowledge::load::parse(&kb0);
        std::hint::black_box(hoidap::core::Engine::new(kb));
    }
}
