# tests/e2e/shards_cost.sh - what a page of hits costs a remote shard
# (issue 17): round trips counted, not timed.  A generated archive in two
# shards behind xapian-tcpsrv, the second reached through
# tests/helpers/cutproxy.py, which logs the type of every message the
# client sends it (Xapian 1.4's remote protocol: one message, one round
# trip).  What a hit shows comes from one document fetch, its term list
# (the wdfs that tell the highlighter the stored text suffices) and its
# file's record, all from its own shard; no position list is read for
# words the stored text shows; a page of 20 hits costs that shard at
# most 4 more messages per hit of its own than a page of 1; a wildcard's
# term frequencies come with its expansion, not one round trip a term.
. "$REFERAT_SRCDIR/tests/lib.sh"
. "$REFERAT_SRCDIR/tests/serve-lib.sh"

if ! command -v xapian-tcpsrv >/dev/null 2>&1 || ! command -v setsid >/dev/null 2>&1; then
    skip "round trips to remote shards" "xapian-tcpsrv (Debian's xapian-tools) or setsid is not installed"
    t_done
    exit 0
fi

# The generated archive's files, every other one in each shard.
"$REFERAT_BUILDDIR/corpus/referat-gen" --mb 1 --seed 17 "$TMP/gen" >/dev/null 2>&1
mkdir -p "$TMP/a" "$TMP/b"
i=0
find "$TMP/gen" -type f | sort | while read -r f; do
    i=$((i + 1))
    if [ $((i % 2)) -eq 0 ]; then cp "$f" "$TMP/a/$i-${f##*/}"; else cp "$f" "$TMP/b/$i-${f##*/}"; fi
done
"$INDEX" --db "$TMP/s1" "$TMP/a" >/dev/null 2>&1
"$INDEX" --db "$TMP/s2" "$TMP/b" >/dev/null 2>&1

P1=$(free_port)
P2=$(free_port)
PX=$(free_port)
tcpsrv 1 "$P1"
tcpsrv 2 "$P2"
cutproxy "$PX" "$P2"
printf 'remote 127.0.0.1:%s\nremote 127.0.0.1:%s\n' "$P1" "$PX" >"$TMP/shards"

# msgs TYPE NAME: the messages of TYPE in $TMP/NAME.log (all: every one).
msgs() {
    if [ "$1" = all ]; then grep -cvx open "$TMP/$2.log"; else grep -cx "$1" "$TMP/$2.log"; fi
}
# own NAME: the hits of $TMP/NAME.json from shard 2 (its files are in b/).
own() {
    sed 's/"rank":/\n&/g' "$TMP/$1.json" | grep -c "\"path\":\"$TMP/b/"
}
# page NAME QUERY: /api/search?q=QUERY, asked twice (the first opens the
# connections); the second's messages to shard 2 in $TMP/NAME.log, its
# body in $TMP/NAME.json.
page() {
    get "/api/search?q=$2"
    : >"$TMP/ctl/log"
    get "/api/search?q=$2"
    cp "$TMP/ctl/log" "$TMP/$1.log"
    cp "$TMP/body" "$TMP/$1.json"
    echo "$2: status $(cat "$TMP/status"), $(own "$1") hits of shard 2," \
        "messages by type: $(grep -vx open "$TMP/$1.log" | sort -n | uniq -c | awk '{ printf "%s:%s ", $2, $1 }')"
}

start_server --listen 127.0.0.1:0 --threads 1 --db "$TMP/shards" || echo "# referat-serve did not start"

# no_positions QUERY...: each page has hits of shard 2 and cost it no
# position list (MSG_POSITIONLIST, 10).
no_positions() {
    for q in "$@"; do
        page p "$q"
        [ "$(cat "$TMP/status")" = 200 ] && [ "$(own p)" -gt 0 ] && [ "$(msgs 10 p)" -eq 0 ] || return 1
    done
}
check "no position list read for words the stored text shows" \
    no_positions ventetid ventetid+pasient 'ventetid+-kreft' 'pasient&limit=20&facets=body,year&timeline=1'

# per_hit QUERY: a page of 20 hits costs shard 2 at most 4 messages more
# per hit of its own than a page of 1, and each of its hits one document
# fetch (MSG_DOCUMENT, 2) and one term list (MSG_TERMLIST, 9) at most
# beyond what the page of 1 cost.
per_hit() {
    page one "$1&limit=1"
    page twenty "$1&limit=20"
    extra=$(($(own twenty) - $(own one)))
    echo "$extra more hits of shard 2: $(($(msgs all twenty) - $(msgs all one))) more messages"
    [ "$extra" -gt 2 ] &&
        [ $(($(msgs all twenty) - $(msgs all one))) -le $((4 * extra)) ] &&
        [ $(($(msgs 2 twenty) - $(msgs 2 one))) -le $((2 * extra)) ] &&
        [ $(($(msgs 9 twenty) - $(msgs 9 one))) -le "$extra" ]
}
check "a page of 20 hits: at most 4 messages per hit of the shard's own" per_hit pasient
check "... a query of two words" per_hit ventetid+pasient
check "... a wildcard" per_hit 'behandl*'

# A wildcard's frequencies come with its expansion (MSG_ALLTERMS, 0): no
# MSG_TERMFREQ (4) per term of it (there were 549 for "behandl*").
check "a wildcard: no round trip per term of its expansion" sh -c '
    [ "$(grep -cx 4 "$1/twenty.log")" -le 2 ] && [ "$(grep -cx 0 "$1/twenty.log")" -ge 1 ]' _ "$TMP"
stop_server

# referat-query: the same bound (its own run opens the connections).
cli_page() {
    : >"$TMP/ctl/log"
    "$QUERY" --db "$TMP/shards" --json --limit "$1" pasient >"$TMP/cli$1.json" || return 1
    cp "$TMP/ctl/log" "$TMP/cli$1.log"
}
cli_bound() {
    cli_page 1 && cli_page 20 || return 1
    extra=$(($(own cli20) - $(own cli1)))
    echo "$extra more hits of shard 2: $(($(msgs all cli20) - $(msgs all cli1))) more messages"
    [ "$extra" -gt 2 ] && [ "$(msgs 10 cli20)" -eq 0 ] &&
        [ $(($(msgs all cli20) - $(msgs all cli1))) -le $((4 * extra)) ]
}
check "referat-query, 20 hits: no position list, at most 4 messages per hit of the shard's own" cli_bound
t_done
