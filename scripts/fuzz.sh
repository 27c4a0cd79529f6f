#!/bin/sh
# scripts/fuzz.sh - build the libFuzzer harnesses of fuzz/ with clang and
# run each for a while, looking for crashes, sanitizer reports, leaks,
# hangs and broken invariants.
#
#   scripts/fuzz.sh [SECONDS [SRCDIR]]
#
# SECONDS is the time per harness (default 60; 0 only replays the seeds).
# Each harness is compiled straight from the project's sources with
#   clang -g -O1 -fsanitize=fuzzer,address,undefined
# (no configure or make needed) and run on a copy of fuzz/corpus/NAME
# plus the crash reproducers in fuzz/regress/NAME.  Prints one TAP line
# per harness, "ok N - fuzz NAME (X runs, 0 crashes)".  On a crash it
# prints "not ok", the path of the crash file and the report, keeps the
# work directory, and exits 1; replay the file with
#   fuzz/replay-NAME FILE      (in a build directory), or
#   WORK/fuzz-NAME FILE        (the libFuzzer build, with a stack trace),
# and once the bug is fixed, add the file to fuzz/regress/NAME/.
# Exits 77 when clang cannot build a libFuzzer program (Debian 12:
# apt-get install clang libclang-rt-dev; scripts/setup.sh does).
#
# Environment: FUZZ_TARGETS (default "analysis minutes query"), FUZZ_CC
# (default: clang, else clang-14..clang-19), FUZZ_WORKDIR (default: a new
# temporary directory, removed when nothing crashed).
set -u
seconds=${1:-60}
src=${2:-$(cd "$(dirname "$0")/.." && pwd)}
targets=${FUZZ_TARGETS:-analysis minutes query}

case $seconds in
'' | *[!0-9]*)
    echo "usage: $0 [SECONDS [SRCDIR]]" >&2
    exit 2
    ;;
esac
[ -f "$src/fuzz/replay.c" ] || { echo "fuzz.sh: $src is not the referat source tree" >&2; exit 2; }

cc=${FUZZ_CC:-}
if [ -z "$cc" ]; then
    for c in clang clang-14 clang-15 clang-16 clang-17 clang-18 clang-19; do
        if command -v "$c" >/dev/null 2>&1; then
            cc=$c
            break
        fi
    done
fi

if [ -n "${FUZZ_WORKDIR:-}" ]; then
    work=$FUZZ_WORKDIR
    mkdir -p "$work" || exit 1
    keep=1
else
    work=$(mktemp -d "${TMPDIR:-/tmp}/referat-fuzz.XXXXXX") || exit 1
    keep=0
fi
cleanup() { [ "$keep" -eq 1 ] || rm -rf "$work"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

flags="-g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined"

# Can this machine build and run a libFuzzer program at all?
if [ -z "$cc" ]; then
    echo "fuzz.sh: clang not found (Debian 12: apt-get install clang libclang-rt-dev)" >&2
    exit 77
fi
printf '%s\n' '#include <stddef.h>' '#include <stdint.h>' \
    'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }' \
    >"$work/probe.c"
# shellcheck disable=SC2086
if ! "$cc" $flags "$work/probe.c" -o "$work/probe" >"$work/probe.log" 2>&1 ||
   ! "$work/probe" -runs=1 >>"$work/probe.log" 2>&1; then
    sed 's/^/fuzz.sh: /' "$work/probe.log" | tail -5 >&2
    echo "fuzz.sh: $cc cannot build a libFuzzer program (Debian 12: apt-get install clang libclang-rt-dev)" >&2
    exit 77
fi

# sources NAME: the files a harness is built from, and the libraries.
sources() {
    case $1 in
    analysis) echo "$src/fuzz/fuzz_analysis.c $src/lib/analysis/*.c -lstemmer" ;;
    minutes) echo "$src/fuzz/fuzz_minutes.c $src/lib/minutes/*.c $src/lib/passage/*.c -lz" ;;
    query) echo "$src/fuzz/fuzz_query.c $src/lib/query/parse.c $src/lib/query/case.c $src/lib/query/fieldtab.c" ;;
    *) return 1 ;;
    esac
}

n=0
failed=0
for name in $targets; do
    n=$((n + 1))
    bin="$work/fuzz-$name"
    log="$work/$name.log"
    if ! srcs=$(sources "$name"); then
        echo "not ok $n - fuzz $name (no such harness)"
        failed=$((failed + 1))
        continue
    fi
    # The globs and the library flags are meant to be split.
    # shellcheck disable=SC2086
    if ! "$cc" $flags -std=c11 -D_XOPEN_SOURCE=700 -I"$src/lib" $srcs -o "$bin" >"$work/$name.build.log" 2>&1; then
        echo "not ok $n - fuzz $name (build failed)"
        sed 's/^/#   /' "$work/$name.build.log" | head -30
        failed=$((failed + 1))
        keep=1
        continue
    fi
    # A FUZZ_WORKDIR kept from an earlier run keeps its corpus (it grows
    # from run to run) but not its crash files.
    rm -f "$work/$name-"crash-* "$work/$name-"leak-* "$work/$name-"timeout-* "$work/$name-"oom-*
    corpus="$work/$name-corpus"
    mkdir -p "$corpus"
    for f in "$src/fuzz/corpus/$name"/* "$src/fuzz/regress/$name"/*; do
        [ -f "$f" ] || continue
        cp "$f" "$corpus/$(basename "$(dirname "$f")")-$(basename "$f")"
    done
    max_len=65536
    [ "$name" = query ] && max_len=4096
    if [ "$seconds" -eq 0 ]; then
        limit="-runs=0"
    else
        limit="-max_total_time=$seconds"
    fi
    "$bin" "$limit" -max_len=$max_len -rss_limit_mb=2048 -timeout=10 \
        -print_final_stats=1 -artifact_prefix="$work/$name-" "$corpus" >"$log" 2>&1
    status=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    [ -n "$runs" ] || runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$log" | tail -1)
    [ -n "$runs" ] || runs=0
    crashes=""
    for f in "$work/$name-"crash-* "$work/$name-"leak-* "$work/$name-"timeout-* "$work/$name-"oom-*; do
        [ -f "$f" ] && crashes="$crashes $f"
    done
    if [ "$status" -eq 0 ] && [ -z "$crashes" ]; then
        echo "ok $n - fuzz $name ($runs runs, 0 crashes)"
        continue
    fi
    failed=$((failed + 1))
    keep=1
    count=$(echo "$crashes" | wc -w)
    [ "$count" -eq 1 ] && what="1 crash" || what="$count crashes"
    echo "not ok $n - fuzz $name ($runs runs, $what, exit $status)"
    for f in $crashes; do
        echo "# crash file: $f"
    done
    echo "# reproduce: $bin FILE   (log: $log)"
    # The report without libFuzzer's and libc's own frames.
    grep -E 'ERROR|SUMMARY|^ +#[0-9]+ ' "$log" | grep -vE ' in (fuzzer::|__sanitizer|__libc|_start|abort|raise|__pthread)|libc\.so' |
        head -25 | sed 's/^/#   /'
done
echo "1..$n"
[ "$failed" -eq 0 ] || { echo "fuzz.sh: $failed of $n harnesses failed; kept $work" >&2; exit 1; }
