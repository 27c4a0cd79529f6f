# tests/e2e/shards.sh - several indexes searched as one (issue 17):
# corpus/nb, corpus/da and a generated archive indexed once as one index
# and once as three shards (one per directory); referat-query with --db
# repeated and with a shard list file, and referat-serve with --db
# repeated, must give the one index's answers: the same passages in the
# same order with the same highlights, facets, timeline, totals and
# agenda items, and the same scores to the last digit (wildcards
# included: tests/helpers/same-hits.py compares exactly).  A shard
# that cannot be reached fails with one line naming it (exit 74), or is
# left out with --partial and named; a shard of another format is
# refused by name.
. "$REFERAT_SRCDIR/tests/lib.sh"
. "$REFERAT_SRCDIR/tests/serve-lib.sh"

SAME="python3 $REFERAT_SRCDIR/tests/helpers/same-hits.py"
"$REFERAT_BUILDDIR/corpus/referat-gen" --mb 1 --seed 17 "$TMP/gen" >/dev/null 2>&1
"$INDEX" --db "$TMP/one" "$CORPUS/nb" "$CORPUS/da" "$TMP/gen" >/dev/null 2>&1
"$INDEX" --db "$TMP/s1" "$CORPUS/nb" >/dev/null 2>&1
"$INDEX" --db "$TMP/s2" "$CORPUS/da" >/dev/null 2>&1
"$INDEX" --db "$TMP/s3" "$TMP/gen" >/dev/null 2>&1
# A shard list: one line a shard, relative to the list's directory.
printf '# two of the three shards\ns1\n\nauto s2\n' >"$TMP/list"

grep -v '^#' "$REFERAT_SRCDIR/eval/queries.tsv" | cut -f2 | grep -v '^$' >"$TMP/queries"
# Case trails and fields the eval queries lack.
printf '%s\n' 'case:19/2023' 'lang:da ventetid' 'year:2004..2010 pasient' 'body:fagrådet' \
    '"nasjonal tjeneste"' 'ventetid -kreft' >>"$TMP/queries"
# Wildcards: SYNONYMs of many terms, whose weights over shards differed
# by up to 1 % before referat gave Xapian their tree (lib/xs/xs_query.cc).
printf '%s\n' 'behandl*' 'regist*' 'fag* støtter' 'tjenest*' 'sam*' 'vent*' >>"$TMP/queries"
# A shorter list for the option series: every fourth query (each kind of
# eval/queries.tsv: plain, phrase, case, OCR, folding, hyphen, compound,
# acronym, cross-language, no hit) and the wildcards.
{ head -n -6 "$TMP/queries" | awk 'NR % 4 == 1'; tail -n 6 "$TMP/queries"; } >"$TMP/some"

# same_all QUERIES: compares the pairs $TMP/cmp/N.a and N.b that a
# loop over QUERIES left, in one call of $SAME (one Python start for
# the series), and names the query of the first pair that differs.
same_all() {
    pairs=$(i=1; while [ -f "$TMP/cmp/$i.a" ]; do printf '%s ' "$TMP/cmp/$i.a" "$TMP/cmp/$i.b"; i=$((i + 1)); done)
    [ -n "$pairs" ] || { echo "no answers to compare"; return 1; }
    # shellcheck disable=SC2086 # $pairs is a list of paths without blanks
    $SAME $pairs 2>"$TMP/cmp.err" && return 0
    cat "$TMP/cmp.err"
    n=$(sed -n 's|^[^ ]*/cmp/\([0-9]*\)\.a against .*|\1|p' "$TMP/cmp.err")
    [ -n "$n" ] && echo "query: $(sed -n "${n}p" "$1")"
    return 1
}

# compare FILE OPTIONS...: every query of FILE with OPTIONS, one index
# ($ONE) against the three shards ($SHARDS: --db options); the number of
# runs in $TMP/runs.
ONE="$TMP/one"
SHARDS="--db $TMP/list --db $TMP/s3"
compare() {
    n=0
    queries=$1; shift
    rm -rf "$TMP/cmp"; mkdir "$TMP/cmp"
    while IFS= read -r q; do
        n=$((n + 1))
        "$QUERY" --db "$ONE" --json --limit 20 "$@" -- "$q" >"$TMP/cmp/$n.a" 2>&1
        # shellcheck disable=SC2086 # $SHARDS is several words
        "$QUERY" $SHARDS --json --limit 20 "$@" -- "$q" >"$TMP/cmp/$n.b" 2>&1
    done <"$queries"
    same_all "$queries" || { echo "options: $*"; return 1; }
    echo $n >>"$TMP/runs"
}
: >"$TMP/runs"
check "one index and three local shards: the same answers, scores included" compare "$TMP/queries"
check "... with facets and the timeline" compare "$TMP/some" --facets body,year,lang --timeline
check "... the best passage per meeting (--docs)" compare "$TMP/some" --docs --facets body,year
check "... newest first" compare "$TMP/some" --sort date
check "... oldest first (a precedent trail)" compare "$TMP/some" --sort oldest --offset 3
check "at least 250 queries compared" sh -c '
    runs=$(awk "{ s += \$1 } END { print s }" "$1/runs")
    echo "$runs queries"
    [ "$runs" -ge 250 ]' _ "$TMP"

# --item: a whole agenda item by the stable passage id, from any shard.
"$QUERY" --db "$TMP/one" --json --limit 40 ventetid | sed -n 's/.*"id":"\([^"]*\)".*/\1/p' >"$TMP/ids"
check "--item gives the same agenda item from the shards" sh -c '
    while read -r id; do
        "$1" --db "$2/one" --json --item "$id" >"$2/ia" 2>&1
        "$1" --db "$2/list" --db "$2/s3" --json --item "$id" >"$2/ib" 2>&1
        cmp -s "$2/ia" "$2/ib" || { echo "item $id differs"; exit 1; }
    done <"$2/ids"
    [ -s "$2/ids" ]' _ "$QUERY" "$TMP"

# The server with --db repeated answers as the server on one index.
serve_compare() {
    start_server --listen 127.0.0.1:0 --db "$TMP/one" || return 1
    for q in ventetid 'nasjonal+tjeneste' 'omprogrammering' 'kreft&sort=oldest' 'pasient&facets=body,year&timeline=1'; do
        get "/api/search?q=$q&limit=20"; cp "$TMP/body" "$TMP/one.$q.json"
    done
    id=$(head -n 1 "$TMP/ids")
    for p in "/api/passage/$id" "/api/item/$id"; do
        get "$p"; cp "$TMP/body" "$TMP/one.$(echo "$p" | tr / _)"
    done
    stop_server
    start_server --listen 127.0.0.1:0 --db "$TMP/s1" --db "$TMP/s2" --db "$TMP/s3" || return 1
    for q in ventetid 'nasjonal+tjeneste' 'omprogrammering' 'kreft&sort=oldest' 'pasient&facets=body,year&timeline=1'; do
        get "/api/search?q=$q&limit=20"
        [ "$(cat "$TMP/status")" = 200 ] || { echo "$q: $(cat "$TMP/status")"; return 1; }
        $SAME "$TMP/one.$q.json" "$TMP/body" >/dev/null || { echo "/api/search?q=$q"; return 1; }
    done
    for p in "/api/passage/$id" "/api/item/$id"; do
        get "$p"
        cmp -s "$TMP/body" "$TMP/one.$(echo "$p" | tr / _)" || { echo "$p differs"; return 1; }
    done
    stop_server
}
check "referat-serve with --db repeated answers as on one index" serve_compare

# The three shards behind xapian-tcpsrv on loopback, and a mixture of
# local and remote: the same answers again.  Xapian reads no synonym
# table over its remote protocol; referat reads a remote shard's from
# the copy its writer keeps in metadata (lib/xs/xs_db.cc).  Facets in
# meetings cannot use referat's own match spy there (xs_search.cc).
if command -v xapian-tcpsrv >/dev/null 2>&1 && command -v setsid >/dev/null 2>&1; then
    : >"$TMP/remote"
    for i in 1 2 3; do
        port=$(free_port)
        tcpsrv "$i" "$port"
        printf 'remote 127.0.0.1:%s\n' "$port" >>"$TMP/remote"
    done
    sed -n 1p "$TMP/remote" >"$TMP/remote1"
    sed -n 2,3p "$TMP/remote" >"$TMP/remote23"
    SHARDS="--db $TMP/remote"
    check "one index and three remote shards (xapian-tcpsrv): the same answers" compare "$TMP/queries"
    check "... with facets and the timeline" compare "$TMP/some" --facets body,year,lang --timeline
    check "... facets and the timeline in meetings (--docs)" compare "$TMP/some" --docs --facets body,year,section,lang --timeline
    check "... newest first" compare "$TMP/some" --sort date
    check "... oldest first (a precedent trail)" compare "$TMP/some" --sort oldest --offset 3
    SHARDS="--db $TMP/s1 --db $TMP/remote23"
    # The mixtures and the synonyms' copy below take the shorter list:
    # every query has met the local and the remote paths above, and each
    # run of referat-query costs (about 0.1 s in the sanitizer build,
    # where this test was the longest at 4.6 minutes).
    check "one local and two remote shards: the same answers" compare "$TMP/some"
    SHARDS="--db $TMP/remote1 --db $TMP/s2 --db $TMP/s3"
    check "one remote and two local shards, with facets: the same answers" compare "$TMP/some" --facets body,year,lang --timeline
    stop_tcpsrv 1; stop_tcpsrv 2; stop_tcpsrv 3

    # An index written before referat kept a copy of its synonyms in
    # metadata (s2 without the copy and its mark): behind xapian-tcpsrv
    # it is refused, naming it, rather than searched without its
    # spellings and OCR expansions.  The next run of referat-index (no
    # file changed) writes the copy at its commit, and the shard then
    # answers as the local one.
    cp -r "$TMP/s2" "$TMP/s4"
    xapian-metadata list "$TMP/s4" syn: | while read -r key; do xapian-metadata set "$TMP/s4" "$key" ''; done
    xapian-metadata set "$TMP/s4" referat.synonyms ''
    port=$(free_port)
    tcpsrv 4 "$port"
    printf 'remote 127.0.0.1:%s\n' "$port" >"$TMP/remote4"
    check "a remote shard without the copy of its synonyms is refused, naming it" sh -c '
        "$1" --db "$2/remote4" ventetid >/dev/null 2>"$2/err"; rc=$?
        cat "$2/err"
        [ $rc -eq 1 ] && [ "$(wc -l <"$2/err")" -eq 1 ] &&
            grep -q "shard .*remote 127.0.0.1:$3.*run referat-index --db on it once" "$2/err"' _ "$QUERY" "$TMP" "$port"
    "$INDEX" --db "$TMP/s4" "$CORPUS/da" >/dev/null 2>&1
    synonyms_back() (
        [ "$(xapian-metadata get "$TMP/s4" referat.synonyms)" = 1 ] || exit 1
        ONE="$TMP/s2"
        SHARDS="--db $TMP/remote4"
        compare "$TMP/some"
    )
    check "... after a run of referat-index it has the copy and answers as the local shard" synonyms_back
    stop_tcpsrv 4
else
    skip "remote shards" "xapian-tcpsrv (Debian's xapian-tools) or setsid is not installed"
fi

# A remote shard that is down: one line naming it, exit 74, no hang.
port=$(free_port)
printf 's1\nremote 127.0.0.1:%s\n' "$port" >"$TMP/down"
check "a shard down: exit 74 and one line naming it" sh -c '
    "$1" --db "$2/down" ventetid >/dev/null 2>"$2/err"; rc=$?
    cat "$2/err"
    [ $rc -eq 74 ] && [ "$(wc -l <"$2/err")" -eq 1 ] && grep -q "remote 127.0.0.1:$3" "$2/err"' \
    _ "$QUERY" "$TMP" "$port"
check "--partial answers from the others and names the missing shard" sh -c '
    "$1" --db "$2/down" --partial --json pasient >"$2/out" 2>"$2/err" || exit 1
    cat "$2/err"
    grep -q "\"rank\":1" "$2/out" && grep -q "remote 127.0.0.1:$3" "$2/err" && grep -q "not exact" "$2/err"' \
    _ "$QUERY" "$TMP" "$port"

# Shards of two formats are refused, naming the odd one.
cp -r "$TMP/s2" "$TMP/old"
xapian-metadata set "$TMP/old" referat.schema 5
check "a shard of another format is refused by name" sh -c '
    "$1" --db "$2/s1" --db "$2/old" ventetid >/dev/null 2>"$2/err"; rc=$?
    cat "$2/err"
    [ $rc -ne 0 ] && grep -q "shard $2/old is an index of format .5." "$2/err"' _ "$QUERY" "$TMP"

# A local shard that lost its positions would read as one without them,
# its phrases silently finding nothing: refused by name, or with
# --partial left out and named.
cp -r "$TMP/s2" "$TMP/broken"
rm "$TMP/broken/position.glass"
check "a shard missing a table is refused, naming the shard and the table" sh -c '
    "$1" --db "$2/s1" --db "$2/broken" ventetid >/dev/null 2>"$2/err"; rc=$?
    cat "$2/err"
    [ $rc -eq 1 ] && [ "$(wc -l <"$2/err")" -eq 1 ] &&
    grep -qF "shard $2/broken: its index is damaged: its table position.glass is missing" "$2/err"' _ "$QUERY" "$TMP"
check "... with --partial, answered from the others and named as missing" sh -c '
    "$1" --db "$2/s1" --db "$2/broken" --partial --json pasient >"$2/out" 2>"$2/err" || exit 1
    cat "$2/err"
    grep -q "\"rank\":1" "$2/out" && grep -qF "$2/broken" "$2/err"' _ "$QUERY" "$TMP"

t_done
