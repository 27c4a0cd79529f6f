#!/bin/sh
# scripts/bench.sh - `make bench`: speed, memory and index size of referat
# beside Xapian Omega on generated minutes (scripts/bench.py says what is
# measured and how).  A benchmark, not a test: it prints a table and never
# fails on the figures.
#
#   scripts/bench.sh [BUILDDIR [SRCDIR]]     (make bench passes both)
#   BENCH_MB=500 make bench                   (corpus size; default 200 MB)
#   BENCH_ARGS="--skip-omega --queries 400" make bench
#   BENCH_ARGS="--queries-only --repeat 3" make bench   (each query's best of 3)
#   BENCH_ARGS="--shards-only" BENCH_MB=1000 make bench  (one index against 2
#       and 4 remote shards on loopback: scripts/bench_shards.py)
#   BENCH_ARGS="--nightly-only" BENCH_MB=500 make bench  (the nightly run alone:
#       scripts/bench_nightly.py)
#   BENCH_ARGS="--serve-only" BENCH_MB=500 make bench   (referat-serve, quest and
#       Omega's CGI again, on the last run's indexes)
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-"$src/build"}
srcdir=${2:-"$src"}
# shellcheck disable=SC2086
exec python3 "$srcdir/scripts/bench.py" --mb "${BENCH_MB:-200}" ${BENCH_ARGS:-} "$build" "$srcdir"
