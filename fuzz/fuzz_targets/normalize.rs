//! Fuzz target `normalize`: the checks are `checks::normalize` (fuzz/checks.rs), shared with the seed
//! replay in the main test suite (tests/it/fuzz_corpus.rs).

#![no_main]

#[path = "../checks.rs"]
#[allow(dead_code)]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::normalize(data));
