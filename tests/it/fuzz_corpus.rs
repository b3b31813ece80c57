//! The fuzz targets' seeds, replayed: every file under fuzz/seeds/<target>/ goes through its
//! target's check (fuzz/checks.rs, the same code the fuzz targets run), so the invariants hold
//! under plain `cargo test`, without nightly or cargo-fuzz.

#[path = "../../fuzz/checks.rs"]
mod checks;

use crate::support::repo;

#[test]
fn every_seed_passes_its_target_checks() {
    let seeds = repo().join("fuzz/seeds");
    for (target, check) in checks::TARGETS {
        let dir = seeds.join(target);
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file())
            .collect();
        files.sort();
        assert!(files.len() >= 10, "{}: only {} seeds", dir.display(), files.len());
        for file in files {
            let data = std::fs::read(&file).unwrap();
            assert!(data.len() < 20_000, "{}: seeds stay small", file.display());
            let outcome = std::panic::catch_unwind(|| check(&data));
            assert!(outcome.is_ok(), "{} fails the {target} checks (the panic is printed above)", file.display());
        }
    }
}

/// Every seed directory belongs to a target, and every target has one.
#[test]
fn seed_directories_match_the_targets() {
    let mut dirs: Vec<String> = std::fs::read_dir(repo().join("fuzz/seeds"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    dirs.sort();
    let mut targets: Vec<String> = checks::TARGETS.iter().map(|(t, _)| t.to_string()).collect();
    targets.sort();
    assert_eq!(dirs, targets);
}
