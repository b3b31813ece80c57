#!/bin/sh
# The dependency-caching trick of the Dockerfile's build stage, in one place: the Dockerfile runs
# it, and scripts/check-dockerfile.sh runs its `create` on a copy of the manifests and checks that
# every target they declare then has a file.
#
#   sh scripts/docker-stubs.sh create DIR   stub sources for every target the manifests declare,
#                                           so `cargo build` compiles only the dependencies
#   sh scripts/docker-stubs.sh forget DIR   remove the root crate's stubs and everything cargo built
#                                           from them, so the real sources are compiled afresh
#
# DIR holds Cargo.toml, Cargo.lock and bench-compare/Cargo.toml and nothing else of the project
# (the build stage's WORKDIR). `forget` must run before the real sources are copied in: cargo
# judges freshness by modification times, and copied sources can be older than the stubs, so
# without it the stub binary could be shipped. The bench-compare stub stays: that crate is never
# built in the image, cargo only needs its target to exist to read the workspace.
#
# When a manifest gains a target (a [[bin]], [[bench]], [[test]] or [[example]] with its own
# file), add its stub here; scripts/check-dockerfile.sh fails until then.
set -eu

usage() {
    echo "usage: sh scripts/docker-stubs.sh create|forget DIR" >&2
    exit 2
}

[ $# -eq 2 ] || usage
action=$1
dir=$2
[ -f "$dir/Cargo.toml" ] || { echo "docker-stubs: $dir/Cargo.toml not found" >&2; exit 2; }
# Never touch a real checkout: `forget` deletes src/.
if [ -e "$dir/.git" ]; then
    echo "docker-stubs: $dir is a git checkout; refusing to replace or delete its sources" >&2
    exit 2
fi
cd "$dir"

case "$action" in
create)
    mkdir -p src benches bench-compare/benches
    echo 'fn main() {}' > src/main.rs
    : > src/lib.rs
    echo 'fn main() {}' > build.rs
    echo 'fn main() {}' > benches/answer.rs
    echo 'fn main() {}' > bench-compare/benches/compare.rs
    ;;
forget)
    target=${CARGO_TARGET_DIR:-target}
    rm -rf src benches build.rs \
        "$target"/release/hoidap "$target"/release/hoidap.d \
        "$target"/release/libhoidap.* \
        "$target"/release/deps/hoidap-* "$target"/release/deps/libhoidap-* \
        "$target"/release/build/hoidap-* "$target"/release/.fingerprint/hoidap-*
    ;;
*)
    usage
    ;;
esac
