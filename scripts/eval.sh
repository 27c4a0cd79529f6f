#!/bin/sh
# scripts/eval.sh - relevance of referat against Xapian Omega and SQLite
# FTS5 on three judged sets:
#   keywords   eval/queries.tsv over the sample minutes (corpus/nb, corpus/da)
#   questions  eval/questions.tsv: natural-language questions over clean
#              prose (eval/prose/nb, eval/prose/da) and the sample minutes
#   heldout    eval/heldout/queries.tsv over damaged minutes no one tunes
#              on (eval/heldout/nb, eval/heldout/da)
# A measurement, not a test: it prints figures and exits 0 whatever they
# are (non-zero only when something failed to run), unless --check is
# given and referat misses a target in eval/targets (exit 1).
#
#   scripts/eval.sh [-v] [--check] [--set NAME]... [BUILDDIR [SRCDIR]]
#     -v          also print, per query, the rank of the first relevant hit
#     --check     exit 1 when referat misses a target in eval/targets
#     --set NAME  run only that set (repeatable); default all three
#
# One run of a set: a fresh referat index of its files; the same passages
# exported with corpus/referat-passages and indexed with omindex, once per
# query language (norwegian, danish, english stemmer), and in an FTS5
# table (eval/fts5.py); every query through referat-query --json --limit
# 10, through quest twice, with quest's own default operator (OR) and
# with AND (Omega's CGI default), and through FTS5 as an OR and an AND of
# its words, ranked by bm25(); then eval/score.py.  See eval/README.md.
# EVAL_KEEP=1 keeps the temporary directory (indexes, passages, raw
# results) and names it, for looking into a figure.
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
verbose=
check=
sets=
while [ $# -gt 0 ]; do
    case $1 in
    -v | --verbose) verbose=-v; shift ;;
    --check) check=yes; shift ;;
    --set)
        case ${2:-} in
        keywords | questions | heldout) sets="$sets $2"; shift 2 ;;
        *) echo "eval.sh: --set takes keywords, questions or heldout" >&2; exit 2 ;;
        esac ;;
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
sets=${sets:-keywords questions heldout}

for p in "$build/referat-index" "$build/referat-query" "$build/corpus/referat-passages"; do
    [ -x "$p" ] || { echo "eval.sh: $p is missing; run make first" >&2; exit 2; }
done
for p in omindex quest python3; do
    command -v "$p" >/dev/null 2>&1 || {
        echo "eval.sh: $p not found (install the Debian packages xapian-omega, xapian-tools and python3)" >&2
        exit 2
    }
done
python3 -c 'import sqlite3; sqlite3.connect(":memory:").execute("CREATE VIRTUAL TABLE t USING fts5(x)")' 2>/dev/null || {
    echo "eval.sh: python3's sqlite3 has no FTS5" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/referat-eval.XXXXXX")
trap '[ -n "${EVAL_KEEP:-}" ] && echo "eval.sh: kept $work" >&2 || rm -rf "$work"' EXIT
trap 'exit 2' INT TERM HUP

stemmer() {
    case $1 in
    nb) echo norwegian ;;
    da) echo danish ;;
    en) echo english ;;
    *) echo "eval.sh: unknown query language '$1'" >&2; return 1 ;;
    esac
}

# run_set NAME QUERIES DIR...: one set, its files in DIR/*.txt (each DIR
# ends in nb or da, which names the language folder its passages go to).
# Prints the set's table; returns score.py's status.  Called with || (so
# set -e is off inside), every step checks its own status.
run_set() {
    name=$1 queries=$2
    shift 2
    [ -r "$queries" ] || { echo "eval.sh: cannot read $queries" >&2; exit 2; }
    w=$work/$name
    mkdir -p "$w"

    # referat: a fresh index of the set's files.
    "$build/referat-index" --db "$w/referat" "$@" \
        >"$w/index.log" 2>&1 || { cat "$w/index.log" >&2; echo "eval.sh: referat-index failed ($name)" >&2; exit 2; }

    # The same passages, one file each, for Omega and FTS5.
    mkdir -p "$w/passages/nb" "$w/passages/da"
    for d in "$@"; do
        "$build/corpus/referat-passages" "$w/passages/${d##*/}" "$d"/*.txt || {
            echo "eval.sh: referat-passages failed on $d" >&2; exit 2; }
    done

    # The judgments must still point at passages that exist.
    python3 "$srcdir/eval/score.py" --queries "$queries" --passages "$w/passages" --validate || exit 2

    # Omega: omindex stems at index time with one language, so one index
    # per query language, each over all the passages.
    langs=$(grep -v '^#' "$queries" | awk -F '\t' 'NF >= 3 { print (NF >= 4 && $4 != "" ? $4 : "nb") }' | sort -u)
    for l in $langs; do
        s=$(stemmer "$l")
        omindex --db "$w/omega-$l" --url / --stemmer="$s" --overwrite "$w/passages" \
            >"$w/omindex-$l.log" 2>&1 || { cat "$w/omindex-$l.log" >&2; echo "eval.sh: omindex failed" >&2; exit 2; }
    done

    # Every query through referat and both Omega configurations.  nohit
    # queries ask for up to 1000 hits so that all of them are counted.
    mkdir -p "$w/results/referat" "$w/results/omega-or" "$w/results/omega-and"
    tab=$(printf '\t')
    n=0
    grep -v '^#' "$queries" | grep -v '^[[:space:]]*$' >"$w/queries"
    while IFS=$tab read -r kind query _rel lang; do
        n=$((n + 1))
        lang=${lang:-nb}
        s=$(stemmer "$lang")
        limit=10
        [ "$kind" = nohit ] && limit=1000
        "$build/referat-query" --db "$w/referat" --json --limit "$limit" ${REFERAT_QUERY_OPTS:-} -- "$query" \
            >"$w/results/referat/$n.jsonl" 2>"$w/err" || {
            echo "eval.sh: referat-query failed on $name query $n '$query':" >&2; cat "$w/err" >&2; exit 2; }
        for op in or and; do
            quest -d "$w/omega-$lang" -s "$s" -o "$op" -m "$limit" -- "$query" \
                >"$w/results/omega-$op/$n.txt" 2>"$w/err" || {
                echo "eval.sh: quest failed on $name query $n '$query':" >&2; cat "$w/err" >&2; exit 2; }
        done
    done <"$w/queries"

    # FTS5: the same passages, every query as an OR and an AND of its words.
    python3 "$srcdir/eval/fts5.py" --passages "$w/passages" --queries "$queries" --out "$w/results" || {
        echo "eval.sh: eval/fts5.py failed ($name)" >&2; exit 2; }

    set -- --set "$name" --queries "$queries" --passages "$w/passages" --results "$w/results"
    [ -n "$verbose" ] && set -- "$@" -v
    [ -n "$check" ] && set -- "$@" --check "$srcdir/eval/targets"
    python3 "$srcdir/eval/score.py" "$@"
}

rc=0
first=yes
for one in $sets; do
    [ -n "$first" ] || echo
    first=
    one_rc=0
    case $one in
    keywords) run_set keywords "$srcdir/eval/queries.tsv" "$srcdir/corpus/nb" "$srcdir/corpus/da" || one_rc=$? ;;
    questions) run_set questions "$srcdir/eval/questions.tsv" "$srcdir/corpus/nb" "$srcdir/corpus/da" \
        "$srcdir/eval/prose/nb" "$srcdir/eval/prose/da" || one_rc=$? ;;
    heldout) run_set heldout "$srcdir/eval/heldout/queries.tsv" "$srcdir/eval/heldout/nb" \
        "$srcdir/eval/heldout/da" || one_rc=$? ;;
    esac
    # score.py: 1 is a missed target, anything else a failure.
    [ "$one_rc" -gt 1 ] && exit "$one_rc"
    [ "$one_rc" -gt "$rc" ] && rc=$one_rc
done
exit "$rc"
