#!/bin/sh
# Instructions per answer and at start-up, counted by callgrind (the same count for the same
# binary and input whatever the machine's load; see BENCHMARKS.md, "sixth round: speed").
# Builds the release answer bench, runs it under callgrind answering the evaluation set 0 and 5
# times (`HOIDAP_BENCH_ROUNDS`, benches/answer.rs), and prints start-up instructions (0 rounds)
# and (total with 5 rounds − total with 0) / (5 × questions).
# `HOIDAP_BENCH_QUESTIONS=<file>` is passed on (another build answering the same questions).
set -eu
cd "$(dirname "$0")/.."
ROUNDS=5
bench=$(cargo bench --no-run --bench answer 2>&1 | sed -n 's/^ *Executable .*(\(.*\))$/\1/p' | tail -n 1)
[ -x "$bench" ] || { echo "no bench binary (cargo bench --no-run --bench answer)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Total instructions of one run and the number of questions it answered.
count() {
    HOIDAP_BENCH_ROUNDS=$1 valgrind --tool=callgrind --callgrind-out-file="$work/out" "$bench" \
        >"$work/stdout" 2>"$work/stderr"
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$work/stderr"
}
zero=$(count 0)
many=$(count $ROUNDS)
questions=$(sed -n 's/^answered \([0-9]*\) questions.*/\1/p' "$work/stdout")
echo "bench: $bench"
echo "start-up (0 rounds): $zero instructions"
echo "$ROUNDS rounds of $questions questions: $many instructions"
awk -v a="$many" -v b="$zero" -v n="$((ROUNDS * questions))" \
    'BEGIN { printf "instructions per answer: %.1f k\n", (a - b) / n / 1000 }'
