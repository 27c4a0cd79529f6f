# tests/e2e/querycost.sh - costly and odd queries are bounded: each is
# answered (exit 0) or refused (exit 2, one line naming the problem) within
# a second, never a crash or a hang.  Wildcard expansion is capped, and
# nesting, length and the number of words are limited (lib/query/qry_private.h).
. "$REFERAT_SRCDIR/tests/lib.sh"

ARCH="$TMP/archive"
for copy in 1 2 3 4 5 6; do
    mkdir -p "$ARCH/c$copy"
    cp "$CORPUS"/nb/*.txt "$CORPUS"/da/*.txt "$ARCH/c$copy/"
done
DB="$TMP/db"
"$INDEX" --db "$DB" "$ARCH" >/dev/null 2>&1

# The sanitizer build runs several times slower; its bound is wider.
limit_ms=1000
grep -q -- "--enable-sanitizers" "$REFERAT_BUILDDIR/config.log" 2>/dev/null && limit_ms=4000

# bounded NAME WANT QUERY...: exit WANT (0 answered, 2 refused) within
# the limit; a refusal is one line on stderr.
bounded() {
    name=$1; want=$2; shift 2
    t0=$(date +%s%N)
    "$QUERY" --db "$DB" --limit 10 "$@" >"$TMP/q.out" 2>"$TMP/q.err"
    got=$?
    t1=$(date +%s%N)
    ms=$(( (t1 - t0) / 1000000 ))
    ok=0
    [ "$got" -eq "$want" ] || { echo "exit $got, want $want"; cat "$TMP/q.err"; ok=1; }
    [ "$ms" -lt "$limit_ms" ] || { echo "took $ms ms (limit $limit_ms)"; ok=1; }
    if [ "$want" -eq 2 ] && [ "$(wc -l <"$TMP/q.err")" -ne 1 ]; then
        echo "refusal is not one line:"; cat "$TMP/q.err"; ok=1
    fi
    t_report "$name ($ms ms)" $ok
}

many() { python3 -c 'import sys; print(sys.argv[2].join([sys.argv[1]] * int(sys.argv[3])))' "$@"; }

bounded "two-letter wildcard: expansion capped" 0 "sa*"
bounded "many wildcards at once" 0 "$(many 'ar* be* de* fo* he* ko* me* pa* re* sa* st* ti* ve*' ' OR ' 4)"
bounded "wildcards inside a phrase-free AND" 0 "st* AND (sa* OR ve*) AND NOT ko*"
bounded "one-letter wildcard refused" 2 "s*"
bounded "200 words OR'd" 0 "$(many 'rehabilitering' ' OR ' 200)"
bounded "too many words refused" 2 "$(many 'møte' ' ' 300)"
bounded "a 40-word phrase" 0 "\"$(many 'styret vedtok' ' ' 20)\""
bounded "nesting at the limit" 0 "$(many '(' '' 30)møte$(many ')' '' 30)"
bounded "nesting past the limit refused" 2 "$(many '(' '' 40)møte$(many ')' '' 40)"
bounded "unbalanced parentheses refused" 2 "((møte"
bounded "a query over 4096 bytes refused" 2 "$(many 'x' '' 5000)"
bounded "a 4000-byte word" 0 "$(many 'ø' '' 1990)"
bounded "only a negation" 2 "NOT møte"
bounded "empty query refused" 2 ""
bounded "only punctuation" 2 "!!! ??? ..."
bounded "invalid UTF-8 in the query refused" 2 "$(printf 'm\377te')"
bounded "control characters" 0 "$(printf 'møte\001\002 vedtak')"
bounded "a wide year range" 0 "year:1000..2999 vedtak"
bounded "a year range that is no year refused" 2 "year:0..99999 vedtak"
bounded "an impossible date range" 0 "date:2030-01-01..2031-01-01 møte"
bounded "unknown field: searched as words" 0 "colour:red"
bounded "facets over everything" 0 --facets year "year:1900..2100"
bounded "deep offset" 0 --offset 100000 "møte"
bounded "the largest limit" 0 --limit 10000 "sa*"
bounded "a limit past the largest refused" 2 --limit 100000 "sa*"

t_done
