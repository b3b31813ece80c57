#!/usr/bin/env bash
# Time-boxed fuzzing of every target in fuzz/ (see fuzz/README.md), for CI.
# Needs a nightly toolchain (`cargo +nightly`); without one it says so and exits 0: the seeds
# are still replayed through the same checks by `cargo test` (tests/it/fuzz_corpus.rs).
# FUZZ_SECONDS (default 20): how long each target runs. FUZZ_TARGETS: a subset, space-separated.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${FUZZ_SECONDS:-20}"
targets="${FUZZ_TARGETS:-normalize answer zalo_payload telegram_payload render_split}"

if ! cargo +nightly --version >/dev/null 2>&1; then
    echo "fuzz: time-boxed runs skipped: no nightly toolchain is installed (cargo +nightly)." \
        "The checked-in seeds are replayed through the same checks by \`cargo test\` (fuzz_corpus)."
    exit 0
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "== cargo install cargo-fuzz"
    cargo install cargo-fuzz --locked
fi

export CARGO_TARGET_DIR="$PWD/fuzz/target"
# Rust code is memory-safe: no sanitizer, libFuzzer still catches every panic, and runs are
# about twice as fast. Debug assertions (overflow checks) stay on.
flags=(--sanitizer none --debug-assertions --fuzz-dir fuzz)

echo "== cargo fuzz build"
cargo +nightly fuzz build "${flags[@]}"

scratch="$CARGO_TARGET_DIR/scratch"
for target in $targets; do
    corpus="$scratch/corpus/$target"
    artifacts="$scratch/artifacts/$target"
    rm -rf "$corpus" "$artifacts"
    mkdir -p "$corpus" "$artifacts"
    cp fuzz/seeds/"$target"/* "$corpus"/
    echo "== fuzz $target (${seconds}s)"
    log="$scratch/$target.log"
    # The scratch corpus comes first: what libFuzzer finds goes there, never into fuzz/seeds.
    if ! cargo +nightly fuzz run "${flags[@]}" "$target" "$corpus" -- \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$artifacts/" >"$log" 2>&1; then
        tail -60 "$log"
        echo "fuzz: $target FAILED; crashing input(s):"
        ls -1 "$artifacts"/* 2>/dev/null || echo "  (none written: see $log)"
        echo "Reproduce: cargo +nightly fuzz run ${flags[*]} $target <input>"
        exit 1
    fi
    grep -E '^#[0-9]+.*DONE|stat::number_of_executed_units|stat::average_exec_per_sec|stat::new_units_added' "$log" || true
done
echo "fuzz: every target ran ${seconds}s without a failure"
