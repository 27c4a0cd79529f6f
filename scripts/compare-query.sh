#!/bin/sh
# compare-query.sh - shows that two builds' referat-query print the same:
# stdout, stderr and exit status, byte for byte, for the judged queries
# of eval/queries.tsv over an index of corpus/nb and corpus/da, and for
# the bench queries (scripts/bench.py make_queries) over a generated
# corpus, each under several option sets.  For refactors that must not
# change the output (issue 15: the query pipeline as a library).
#
#   sh scripts/compare-query.sh OLD_BUILD NEW_BUILD [SRCDIR]
#
# Environment: COMPARE_MB (generated corpus, default 20; 0 skips it),
# COMPARE_QUERIES (bench queries, default 240), COMPARE_WORK (kept work
# directory; the indexes in it are reused).  Prints one line per corpus
# and option set, then "N runs, N differ"; exit 1 when any differ.
set -eu

old=${1:?usage: compare-query.sh OLD_BUILD NEW_BUILD [SRCDIR]}
new=${2:?usage: compare-query.sh OLD_BUILD NEW_BUILD [SRCDIR]}
src=${3:-$(dirname "$0")/..}
# Absolute: the bench-query step runs from another directory.
src=$(cd "$src" && pwd)
old=$(cd "$old" && pwd)
new=$(cd "$new" && pwd)
mb=${COMPARE_MB:-20}
nq=${COMPARE_QUERIES:-240}
work=${COMPARE_WORK:-}
if [ -z "$work" ]; then
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
fi
mkdir -p "$work"

# The option sets, one per line; each query is run with each.
sets='
--json
--docs
--sort date
--facets year,body,section,lang,case
--timeline
-n 3 --offset 2
--json --docs --facets year
--csv
--color always'

export REFERAT_SYNONYMS="$src/data/synonyms.txt"
runs=0
differ=0

# compare NAME DB QUERIES-FILE: every query of the file (one a line) with
# every option set, through both builds.
compare() {
    name=$1 db=$2 qfile=$3
    printf '%s\n' "$sets" | while IFS= read -r opts; do
        n=0 d=0
        while IFS= read -r q; do
            n=$((n + 1))
            # The option words are meant to be split.
            # shellcheck disable=SC2086
            oc=0; "$old/referat-query" --db "$db" $opts -- "$q" >"$work/o.out" 2>"$work/o.err" || oc=$?
            # shellcheck disable=SC2086
            nc=0; "$new/referat-query" --db "$db" $opts -- "$q" >"$work/n.out" 2>"$work/n.err" || nc=$?
            if [ "$oc" != "$nc" ] || ! cmp -s "$work/o.out" "$work/n.out" || ! cmp -s "$work/o.err" "$work/n.err"; then
                d=$((d + 1))
                [ "$d" -le 3 ] && echo "#   differs: ${opts:-(default)} -- $q (exit $oc/$nc)"
            fi
        done <"$qfile"
        echo "$name ${opts:-(default)}: $n queries, $d differ"
        echo "$n $d" >>"$work/counts"
    done
}

: >"$work/counts"
if [ ! -d "$work/sample" ]; then
    "$old/referat-index" --db "$work/sample" "$src/corpus/nb" "$src/corpus/da" >"$work/sample.log" 2>&1
fi
grep -v '^#' "$src/eval/queries.tsv" | awk -F'\t' 'NF >= 2 && $2 != "" { print $2 }' >"$work/eval.q"
cd "$work"
[ -n "${COMPARE_SKIP_SAMPLE:-}" ] || compare sample "$work/sample" "$work/eval.q"

# Usage, errors and edge cases: whole argument lists, $DB standing for the
# index (eval'd, so quotes group words).
edges='--help
--db $DB --facets yaer sak
--db $DB --facets "" --json sak
--db $DB -n 0 rehabilitering
--db $DB -n 0 --facets year rehabilitering
--db $DB --offset 1000 rehabilitering
--db $DB --docs --offset 1000 rehabilitering
--db $DB --bm25 1.0,0.5 sak
--db $DB --bm25 1.5,0.75 sak
--db $DB --bm25 x sak
--db $DB --sort size sak
--db $DB "yaer:2023 sak"
--db $DB "year:20x3"
--db $DB "date:2023-13"
--db $DB "lang:xx sak"
--db $DB "case:abc"
--db $DB "section:foo"
--db $DB "body:\"\""
--db $DB "(sak"
--db $DB "NOT sak"
--db $DB -budsjett
--db $DB zzzzqqqq
--db $DB --synonyms /nonexistent sak
--db /nonexistent sak
--db /nonexistent "(sak"
--db $DB/postlist.glass sak
--db $DB
sak
--db $DB --limit
--db $DB --color sometimes sak
--db $DB "sak 14/2020" --json --timeline --facets case,section'
n=0 d=0
DB="$work/sample"
printf '%s\n' "$edges" | while IFS= read -r args; do
    n=$((n + 1))
    oc=0; eval "\"\$old/referat-query\" $args" >"$work/o.out" 2>"$work/o.err" || oc=$?
    nc=0; eval "\"\$new/referat-query\" $args" >"$work/n.out" 2>"$work/n.err" || nc=$?
    if [ "$oc" != "$nc" ] || ! cmp -s "$work/o.out" "$work/n.out" || ! cmp -s "$work/o.err" "$work/n.err"; then
        d=$((d + 1))
        echo "#   differs: $args (exit $oc/$nc)"
    fi
    echo "$n $d" >"$work/edge-counts"
done
read -r n d <"$work/edge-counts"
echo "edge cases: $n argument lists, $d differ"
echo "$n $d" >>"$work/counts"

if [ "$mb" != 0 ]; then
    if [ ! -d "$work/gen" ]; then
        "$old/corpus/referat-gen" --mb "$mb" --seed 1 "$work/gen-corpus" >/dev/null
        "$old/referat-index" --db "$work/gen" "$work/gen-corpus" >"$work/gen.log" 2>&1
    fi
    python3 -c '
import sys
sys.path.insert(0, sys.argv[1] + "/scripts")
import bench
for kind, q, plain in bench.make_queries(sys.argv[2], int(sys.argv[3]), 1):
    print(q)' "$src" "$work/gen-corpus" "$nq" >"$work/bench.q"
    compare "${mb}MB" "$work/gen" "$work/bench.q"
fi

runs=$(awk '{ n += $1 } END { print n + 0 }' "$work/counts")
differ=$(awk '{ d += $2 } END { print d + 0 }' "$work/counts")
echo "$runs runs, $differ differ"
[ "$differ" = 0 ]
