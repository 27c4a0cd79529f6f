#!/bin/sh
# same-answers.sh - shows that one referat index and the same passages
# split into shards (a shard list file, e.g. scripts/seal-years.cc's
# sealed year shards) give the same answers: the bench queries
# (scripts/bench.py make_queries, seed 1) drawn from CORPUS, each with
# --json and with --json --docs --facets year,body,section,lang,case, compared
# by tests/helpers/same-hits.py (hits, order, scores, facets).
#
#   sh scripts/same-answers.sh BUILD DB SHARDS CORPUS [N]
#
# Prints "N runs, N differ" and the first differences; exit 1 when any
# differ.  (Issue 19, docs/performance.md "Index size".)
set -eu
build=${1:?usage: same-answers.sh BUILD DB SHARDS CORPUS [N]}
db=${2:?}
shards=${3:?}
corpus=${4:?}
n=${5:-240}
src=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$src/scripts" "$corpus" "$n" > "$work/queries" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
import bench
for kind, q, plain in bench.make_queries(sys.argv[2], int(sys.argv[3]), 1):
    print(q)
PY
runs=0 differ=0
while IFS= read -r q; do
    for opts in "--json" "--json --docs --facets year,body,section,lang,case"; do
        # shellcheck disable=SC2086
        "$build/referat-query" --db "$db" $opts -- "$q" > "$work/a" 2>&1 || true
        # shellcheck disable=SC2086
        "$build/referat-query" --db "$shards" $opts -- "$q" > "$work/b" 2>&1 || true
        runs=$((runs + 1))
        if ! python3 "$src/tests/helpers/same-hits.py" "$work/a" "$work/b" > "$work/why" 2>&1; then
            differ=$((differ + 1))
            [ "$differ" -le 5 ] && echo "differs: $q ($opts): $(head -c 300 "$work/why")"
        fi
    done
done < "$work/queries"
echo "$runs runs, $differ differ"
[ "$differ" -eq 0 ]
