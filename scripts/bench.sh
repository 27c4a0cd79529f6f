#!/bin/sh
# scripts/bench.sh - indexing and query speed, and index size, on a
# synthetic archive made of many renamed copies of the sample minutes.
# A benchmark, not a test: it prints figures and never fails on them.
#
#   scripts/bench.sh [BUILDDIR [SRCDIR]]     (make bench passes both)
#   COPIES=200 scripts/bench.sh               (archive size; default 100)
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-"$src/build"}
srcdir=${2:-"$src"}
copies=${COPIES:-100}
work=$(mktemp -d "${TMPDIR:-/tmp}/referat-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

i=0
while [ "$i" -lt "$copies" ]; do
    d="$work/archive/$i"
    mkdir -p "$d"
    for f in "$srcdir"/corpus/nb/*.txt "$srcdir"/corpus/da/*.txt; do
        # Vary each copy a little so that no two files are identical.
        sed "s/^/ /; 1s/\$/ kopi $i/" "$f" >"$d/$(basename "$f")"
    done
    i=$((i + 1))
done
raw=$(du -sk "$work/archive" | cut -f1)

t0=$(date +%s.%N)
"$build/referat-index" --db "$work/db" "$work/archive"
t1=$(date +%s.%N)
idx=$(du -sk "$work/db" | cut -f1)

queries="rehabilitering|ventetid for ultralydsbehandling|\"audit ved dødsfald\"|hospitering*|MRg-FUS OR MRgFUS|årsrapport -budsjett"
n=0
t2=$(date +%s.%N)
old_ifs=$IFS; IFS='|'
for q in $queries; do
    IFS=$old_ifs
    r=0
    while [ "$r" -lt 20 ]; do
        "$build/referat-query" --db "$work/db" --json --limit 10 "$q" >/dev/null
        r=$((r + 1)); n=$((n + 1))
    done
    IFS='|'
done
IFS=$old_ifs
t3=$(date +%s.%N)

awk -v c="$copies" -v raw="$raw" -v idx="$idx" -v t0="$t0" -v t1="$t1" -v t2="$t2" -v t3="$t3" -v n="$n" 'BEGIN {
    printf "archive: %d copies of the samples, %d KiB of text\n", c, raw
    printf "index:   %d KiB (%.2fx the text), built in %.2f s (%.1f MB/s)\n", idx, idx / raw, t1 - t0, raw / 1024 / (t1 - t0)
    printf "queries: %d runs of referat-query, %.1f ms each (process start included)\n", n, (t3 - t2) * 1000 / n
}'
