#!/bin/sh
# scripts/eval.sh - relevance of referat against Xapian Omega on the
# sample minutes, with the judged queries in eval/queries.tsv.
# A measurement, not a test: it prints figures and exits 0 whatever they
# are (non-zero only when something failed to run), unless --check is
# given and referat misses a target in eval/targets (exit 1).
#
#   scripts/eval.sh [-v] [--check] [BUILDDIR [SRCDIR]]   (make eval passes both)
#     -v       also print, per query, the rank of the first relevant hit
#     --check  exit 1 when referat misses a target in eval/targets
#
# One run: a fresh referat index of corpus/nb + corpus/da; the same
# passages exported with corpus/referat-passages and indexed with omindex,
# once per query language (norwegian, danish, english stemmer); every
# query through referat-query --json --limit 10 and through quest twice,
# with quest's own default operator (OR) and with AND (Omega's CGI
# default); then eval/score.py.  See eval/README.md.
# EVAL_KEEP=1 keeps the temporary directory (indexes, passages, raw
# results) and names it, for looking into a figure.
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
verbose=
check=
while [ $# -gt 0 ]; do
    case $1 in
    -v | --verbose) verbose=-v; shift ;;
    --check) check=yes; shift ;;
    -h | --help) sed -n '2,/^set -eu/p' "$0" | sed -n 's/^# \{0,1\}//p'; exit 0 ;;
    --) shift; break ;;
    -*) echo "eval.sh: unknown option $1" >&2; exit 2 ;;
    *) break ;;
    esac
done
build=${1:-"$src/build"}
srcdir=${2:-"$src"}
build=$(cd "$build" 2>/dev/null && pwd) || { echo "eval.sh: no build directory ${1:-$src/build}" >&2; exit 2; }
srcdir=$(cd "$srcdir" 2>/dev/null && pwd) || { echo "eval.sh: no source directory ${2:-$src}" >&2; exit 2; }
queries=$srcdir/eval/queries.tsv

for p in "$build/referat-index" "$build/referat-query" "$build/corpus/referat-passages"; do
    [ -x "$p" ] || { echo "eval.sh: $p is missing; run make first" >&2; exit 2; }
done
for p in omindex quest python3; do
    command -v "$p" >/dev/null 2>&1 || {
        echo "eval.sh: $p not found (install the Debian packages xapian-omega, xapian-tools and python3)" >&2
        exit 2
    }
done
[ -r "$queries" ] || { echo "eval.sh: cannot read $queries" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/referat-eval.XXXXXX")
trap '[ -n "${EVAL_KEEP:-}" ] && echo "eval.sh: kept $work" >&2 || rm -rf "$work"' EXIT
trap 'exit 2' INT TERM HUP

# referat: a fresh index of the sample minutes.
"$build/referat-index" --db "$work/referat" "$srcdir/corpus/nb" "$srcdir/corpus/da" \
    >"$work/index.log" 2>&1 || { cat "$work/index.log" >&2; echo "eval.sh: referat-index failed" >&2; exit 2; }

# The same passages, one file each, for Omega.
mkdir -p "$work/passages/nb" "$work/passages/da"
"$build/corpus/referat-passages" "$work/passages/nb" "$srcdir"/corpus/nb/*.txt
"$build/corpus/referat-passages" "$work/passages/da" "$srcdir"/corpus/da/*.txt

# The judgments must still point at passages that exist.
python3 "$srcdir/eval/score.py" --queries "$queries" --passages "$work/passages" --validate

# Omega: omindex stems at index time with one language, so one index per
# query language, each over all the passages.
stemmer() {
    case $1 in
    nb) echo norwegian ;;
    da) echo danish ;;
    en) echo english ;;
    *) echo "eval.sh: unknown query language '$1'" >&2; return 1 ;;
    esac
}
langs=$(grep -v '^#' "$queries" | awk -F '\t' 'NF >= 3 { print (NF >= 4 && $4 != "" ? $4 : "nb") }' | sort -u)
for l in $langs; do
    s=$(stemmer "$l")
    omindex --db "$work/omega-$l" --url / --stemmer="$s" --overwrite "$work/passages" \
        >"$work/omindex-$l.log" 2>&1 || { cat "$work/omindex-$l.log" >&2; echo "eval.sh: omindex failed" >&2; exit 2; }
done

# Every query through referat and both Omega configurations.  nohit
# queries ask for up to 1000 hits so that all of them are counted.
mkdir -p "$work/results/referat" "$work/results/omega-or" "$work/results/omega-and"
tab=$(printf '\t')
n=0
grep -v '^#' "$queries" | grep -v '^[[:space:]]*$' >"$work/queries"
while IFS=$tab read -r kind query _rel lang; do
    n=$((n + 1))
    lang=${lang:-nb}
    s=$(stemmer "$lang")
    limit=10
    [ "$kind" = nohit ] && limit=1000
    "$build/referat-query" --db "$work/referat" --json --limit "$limit" ${REFERAT_QUERY_OPTS:-} -- "$query" \
        >"$work/results/referat/$n.jsonl" 2>"$work/err" || {
        echo "eval.sh: referat-query failed on query $n '$query':" >&2; cat "$work/err" >&2; exit 2; }
    for op in or and; do
        quest -d "$work/omega-$lang" -s "$s" -o "$op" -m "$limit" -- "$query" \
            >"$work/results/omega-$op/$n.txt" 2>"$work/err" || {
            echo "eval.sh: quest failed on query $n '$query':" >&2; cat "$work/err" >&2; exit 2; }
    done
done <"$work/queries"

set -- --queries "$queries" --passages "$work/passages" --results "$work/results"
[ -n "$verbose" ] && set -- "$@" -v
[ -n "$check" ] && set -- "$@" --check "$srcdir/eval/targets"
rc=0
python3 "$srcdir/eval/score.py" "$@" || rc=$?
exit "$rc"
