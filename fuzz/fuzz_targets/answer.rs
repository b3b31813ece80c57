//! Fuzz target `answer`: the checks are `checks::answer` (fuzz/checks.rs), shared with the seed
//! replay in the main test suite (tests/it/fuzz_corpus.rs).

#![no_main]

#[path = "../checks.rs"]
#[allow(dead_code)]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::answer(data));
