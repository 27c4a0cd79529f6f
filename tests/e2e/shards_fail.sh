# tests/e2e/shards_fail.sh - a remote shard that goes away and comes
# back (issue 17): referat-serve over two shards behind xapian-tcpsrv.
# A shard killed under the server's open connections gives 503 naming
# it (no hang: curl's 10 s bound), and every next request tries again;
# restarted on the same port, the next search has the hits it had before.
# A shard whose xapian-tcpsrv drops idle connections (--idle-timeout)
# answers the search after a pause longer than that.
. "$REFERAT_SRCDIR/tests/lib.sh"
. "$REFERAT_SRCDIR/tests/serve-lib.sh"

if ! command -v xapian-tcpsrv >/dev/null 2>&1 || ! command -v setsid >/dev/null 2>&1; then
    skip "remote shards that fail" "xapian-tcpsrv (Debian's xapian-tools) or setsid is not installed"
    t_done
    exit 0
fi

# Two shards of invented minutes, each with "ventetid".
mkdir -p "$TMP/m1" "$TMP/m2"
cat >"$TMP/m1/2021-03-04-styremote.txt" <<'MIN'
Møtebok for styret i Helse Fjellvik HF, 4. mars 2021

Sak 12/2021 Ventetid for pasienter til ortopedi
Styret drøftet ventetid for pasienter som venter på kneoperasjon.
Vedtak: Direktøren legger fram en plan for kortere ventetid.
MIN
cat >"$TMP/m2/2022-05-10-bestyrelse.txt" <<'MIN'
Referat af bestyrelsesmøde i Region Østervang, 10. maj 2022

Punkt 7/2022 Ventetid på kræftbehandling
Bestyrelsen drøftede ventetid og kapacitet på kræftafdelingen.
Beslutning: Direktionen fremlægger en plan for kortere ventetid.
MIN
"$INDEX" --db "$TMP/s1" "$TMP/m1" >/dev/null 2>&1
"$INDEX" --db "$TMP/s2" "$TMP/m2" >/dev/null 2>&1


P1=$(free_port)
P2=$(free_port)
PX=$(free_port)
tcpsrv 1 "$P1"
tcpsrv 2 "$P2"
# Shard 2 is reached through tests/helpers/cutproxy.py, which drops its
# connection at the search (MSG_QUERY, 8 in Xapian 1.4's remote protocol)
# when told to (a file "cut" in $TMP/ctl), or refuses it ("down").
cutproxy "$PX" "$P2"
printf 'remote 127.0.0.1:%s\nremote 127.0.0.1:%s\n' "$P1" "$PX" >"$TMP/shards"

# hits FILE: the passage ids of a search's JSON, one a line.
hits() {
    sed 's/"id":"/\n&/g' "$1" | sed -n 's/^"id":"\([^"]*\)".*/\1/p'
}
# search NAME: /api/search?q=ventetid, its status, its ids in $TMP/NAME.
search() {
    get "/api/search?q=ventetid&limit=20"
    hits "$TMP/body" >"$TMP/$1"
    echo "status $(cat "$TMP/status")"
}

# One thread, so that every request meets the same open connections.
start_server --listen 127.0.0.1:0 --threads 1 --db "$TMP/shards" || echo "# referat-serve did not start"
search before >/dev/null
check "two remote shards: both answer" sh -c '[ "$(cat "$1/status")" = 200 ] && [ "$(wc -l <"$1/before")" -eq 2 ]' _ "$TMP"

stop_tcpsrv 1
check "a shard killed: 503 naming it" sh -c '
    get() { curl -s --max-time 10 -o "$1/body" -w "%{http_code}" "http://$2/api/search?q=ventetid" >"$1/status"; }
    get "$1" "$2"; cat "$1/status" "$1/body"; echo
    [ "$(cat "$1/status")" = 503 ] && grep -q "remote 127.0.0.1:$3" "$1/body"' _ "$TMP" "$ADDR" "$P1"
check "... and the next request tries again: 503 again" sh -c '
    curl -s --max-time 10 -o "$1/body" -w "%{http_code}" "http://$2/api/search?q=ventetid" >"$1/status"
    cat "$1/status" "$1/body"; echo
    [ "$(cat "$1/status")" = 503 ] && grep -q "remote 127.0.0.1:$3" "$1/body"' _ "$TMP" "$ADDR" "$P1"

tcpsrv 1 "$P1"
search after >/dev/null
check "restarted on its port: the next search has the same hits" sh -c '
    cat "$1/status"; echo
    [ "$(cat "$1/status")" = 200 ] && cmp "$1/before" "$1/after"' _ "$TMP"

# Idle connections dropped by the server after 300 ms.
stop_tcpsrv 1
tcpsrv 1 "$P1" --idle-timeout 300
search idle1 >/dev/null
sleep 1
search idle2 >/dev/null
check "an idle connection dropped by xapian-tcpsrv: the next search succeeds" sh -c '
    cat "$1/status" "$1/body"; echo
    [ "$(cat "$1/status")" = 200 ] && cmp "$1/before" "$1/idle2"' _ "$TMP"

# The connection to shard 2 dropped after the request began (at the
# search, past the check of the connections that each request begins
# with): the shards are opened again and the search answers.
echo 8 >"$TMP/ctl/cut"
search cut >/dev/null
check "a connection dropped during the search: reopened, the same hits" sh -c '
    cat "$1/status" "$1/body"; echo
    [ ! -e "$1/ctl/cut" ] && [ "$(cat "$1/status")" = 200 ] && cmp "$1/before" "$1/cut"' _ "$TMP"

# Dropped during the search and down: 503 naming the shard, at once;
# back up, the next request answers.
touch "$TMP/ctl/down"
echo 8 >"$TMP/ctl/cut"
search gone >/dev/null
check "a shard down during the search: 503 naming it" sh -c '
    cat "$1/status" "$1/body"; echo
    [ "$(cat "$1/status")" = 503 ] && grep -q "shard .*remote 127.0.0.1:$2" "$1/body"' _ "$TMP" "$PX"
rm -f "$TMP/ctl/down"
search back >/dev/null
check "... back up: the next search has the same hits" sh -c '
    cat "$1/status"; echo
    [ "$(cat "$1/status")" = 200 ] && cmp "$1/before" "$1/back"' _ "$TMP"

# partial=1: a shard that goes down during the search is left out and
# named, and no count claims to be exact; the next request tries it again.
echo '8 down' >"$TMP/ctl/cut"
get "/api/search?q=ventetid&limit=20&partial=1&facets=body,year&timeline=1"
hits "$TMP/body" >"$TMP/partial"
check "partial=1, a shard down during the search: the others' hits, the shard named, exact false" sh -c '
    cat "$1/status" "$1/body"; echo
    [ "$(cat "$1/status")" = 200 ] && [ "$(wc -l <"$1/partial")" -eq 1 ] &&
        grep -q "\"missing_shards\":\[\"[^]]*remote 127.0.0.1:$2\"\]" "$1/body" &&
        grep -q "\"exact\":false" "$1/body"' _ "$TMP" "$PX"
get "/api/search?q=ventetid&limit=20"
check "... without partial=1 the next request gets 503 naming it" sh -c '
    cat "$1/status" "$1/body"; echo
    [ "$(cat "$1/status")" = 503 ] && grep -q "remote 127.0.0.1:$2" "$1/body"' _ "$TMP" "$PX"
rm -f "$TMP/ctl/down"
get "/api/search?q=ventetid&limit=20&partial=1"
hits "$TMP/body" >"$TMP/whole"
check "... back up: every hit again, missing_shards empty, exact true" sh -c '
    cat "$1/status" "$1/body"; echo
    [ "$(cat "$1/status")" = 200 ] && cmp "$1/before" "$1/whole" &&
        grep -q "\"exact\":true,\"unit\":\"[a-z]*\",\"missing_shards\":\[\]" "$1/body"' _ "$TMP"

# A shard committed to twice while the server holds its connection: two
# runs of referat-index on shard 2 (behind the proxy), each adding a file
# with "ventetid".  The revision the connection read is two commits old
# (Glass may have reused its blocks); the next search reopens it on the
# same connection (MSG_REOPEN, 12, and no new connection in the proxy's
# log) and has the new passages.
# (Shard 1 without --idle-timeout again, or its reconnection would open
# shard 2's anew too.)
stop_tcpsrv 1
tcpsrv 1 "$P1"
search held >/dev/null
: >"$TMP/ctl/log"
cat >"$TMP/m2/2023-01-12-bestyrelse.txt" <<'MIN'
Referat af bestyrelsesmøde i Region Østervang, 12. januar 2023

Punkt 2/2023 Ventetid i psykiatrien
Bestyrelsen bad om en opgørelse over ventetid for børn og unge.
MIN
"$INDEX" --db "$TMP/s2" "$TMP/m2" >/dev/null 2>&1
cat >"$TMP/m2/2023-02-09-bestyrelse.txt" <<'MIN'
Referat af bestyrelsesmøde i Region Østervang, 9. februar 2023

Punkt 5/2023 Ventetid og udredningsret
Bestyrelsen tog opgørelsen over ventetid til efterretning.
MIN
"$INDEX" --db "$TMP/s2" "$TMP/m2" >/dev/null 2>&1
search twice >/dev/null
check "a shard committed to twice under an open connection: reopened on it, the new passages found" sh -c '
    cat "$1/status"; [ "$(cat "$1/status")" = 200 ] || cat "$1/body"; echo
    [ "$(wc -l <"$1/held")" -eq 2 ] && [ "$(wc -l <"$1/twice")" -eq 4 ] &&
        grep -qx 12 "$1/ctl/log" && ! grep -qx open "$1/ctl/log"' _ "$TMP"
check "... and referat-query over the same shards has the same hits" sh -c '
    "$1" --db "$2/shards" --json --limit 20 ventetid >"$2/cli.json" || exit 1
    sed "s/\"id\":\"/\n&/g" "$2/cli.json" | sed -n "s/^\"id\":\"\([^\"]*\)\".*/\1/p" >"$2/cli"
    cmp "$2/twice" "$2/cli"' _ "$QUERY" "$TMP"

# partial=1 on the routes besides /api/search, with shard 2 down (cut at
# a search, then refused): a passage of shard 1 ($ID1, case 12/2021)
# answers with shard 2 named in missing_shards; one of shard 2 ($ID2) is
# a 503 naming it, not a 404 (it may be there); the export's rows are
# shard 1's, with X-Referat-Missing-Shards naming shard 2.
get "/api/search?q=ventetid&limit=20"
idof() {
    python3 -c 'import json, sys
print([h["id"] for h in json.load(open(sys.argv[1]))["hits"] if "/" + sys.argv[2] + "/" in h["path"]][0])' "$TMP/body" "$1"
}
ID1=$(idof m1)
ID2=$(idof m2)
echo '8 down' >"$TMP/ctl/cut"
get "/api/search?q=ventetid&partial=1"
named() { grep -q "\"missing_shards\":\[\"[^]]*remote 127.0.0.1:$PX\"\]" "$TMP/body"; }
route_partial() {
    get "$1"
    cat "$TMP/status" "$TMP/body"; echo
    [ "$(cat "$TMP/status")" = 200 ] && grep -q "\"id\":\"$ID1\"" "$TMP/body" && named
}
check "partial=1, shard 2 down: /api/item of shard 1's passage, shard 2 named" route_partial "/api/item/$ID1?partial=1"
check "... /api/passage" route_partial "/api/passage/$ID1?partial=1"
check "... /api/case (its trail)" route_partial "/api/case/12/2021?partial=1"
gone_partial() {
    get "$1"
    cat "$TMP/status" "$TMP/body"; echo
    [ "$(cat "$TMP/status")" = 503 ] && grep -q "in the shards that answered.*remote 127.0.0.1:$PX" "$TMP/body"
}
check "... /api/item of a passage of shard 2: 503 naming it, not a 404" gone_partial "/api/item/$ID2?partial=1"
check "... /api/source of it: the same" gone_partial "/api/source/$ID2?partial=1"
export_partial() {
    get "/api/export.csv?q=ventetid&partial=1"
    cat "$TMP/status"; grep -i '^x-referat' "$TMP/hdr"; cat "$TMP/body"
    [ "$(cat "$TMP/status")" = 200 ] && grep -qi "^X-Referat-Missing-Shards: .*remote 127.0.0.1:$PX" "$TMP/hdr" &&
        grep -q "/m1/" "$TMP/body" && ! grep -q "/m2/" "$TMP/body"
}
check "... /api/export.csv: shard 1's rows, X-Referat-Missing-Shards naming shard 2" export_partial
get "/api/item/$ID1"
check "... without partial=1: 503 naming it" sh -c '
    cat "$1/status" "$1/body"; echo
    [ "$(cat "$1/status")" = 503 ] && grep -q "remote 127.0.0.1:$2" "$1/body"' _ "$TMP" "$PX"
rm -f "$TMP/ctl/down"
get "/api/item/$ID2?partial=1"
check "... back up: /api/item of shard 2's passage, missing_shards empty" sh -c '
    cat "$1/status" "$1/body"; echo
    [ "$(cat "$1/status")" = 200 ] && grep -q "\"id\":\"$2\"" "$1/body" && grep -q "\"missing_shards\":\[\]" "$1/body"' \
    _ "$TMP" "$ID2"

# referat-query --partial: a shard that goes down during the search (after
# the open) is left out and named on one line of standard error.
echo '8 down' >"$TMP/ctl/cut"
check "--partial, a shard down during the search: the others' hits, one line naming it" sh -c '
    "$1" --db "$2/shards" --partial --json ventetid >"$2/out" 2>"$2/err" || exit 1
    cat "$2/err"
    [ ! -e "$2/ctl/cut" ] && grep -q "\"rank\":1" "$2/out" && [ "$(wc -l <"$2/err")" -eq 1 ] &&
        grep -q "remote 127.0.0.1:$3.*not exact" "$2/err"' _ "$QUERY" "$TMP" "$PX"
rm -f "$TMP/ctl/down"
echo '8 down' >"$TMP/ctl/cut"
check "... without --partial: exit 74 and one line naming it" sh -c '
    "$1" --db "$2/shards" ventetid >/dev/null 2>"$2/err"; rc=$?
    cat "$2/err"
    [ $rc -eq 74 ] && [ "$(wc -l <"$2/err")" -eq 1 ] && grep -q "remote 127.0.0.1:$3" "$2/err"' _ "$QUERY" "$TMP" "$PX"
rm -f "$TMP/ctl/down"

# referat-query --partial --item with shard 2 down at the open: shard 1's
# item, shard 2 named on standard error; shard 2's passage exits 74
# naming it (it may be there), not as an unknown id.
touch "$TMP/ctl/down"
check "--partial --item, a shard down: the other's item, the shard named" sh -c '
    "$1" --db "$2/shards" --partial --json --item "$3" >"$2/out" 2>"$2/err" || exit 1
    cat "$2/err"
    grep -q "\"id\":\"$3\"" "$2/out" && grep -q "remote 127.0.0.1:$4" "$2/err"' _ "$QUERY" "$TMP" "$ID1" "$PX"
check "--partial --item of a passage of the down shard: exit 74 naming it" sh -c '
    "$1" --db "$2/shards" --partial --item "$3" >/dev/null 2>"$2/err"; rc=$?
    cat "$2/err"
    [ $rc -eq 74 ] && grep -q "in the shards that answered.*remote 127.0.0.1:$4" "$2/err"' _ "$QUERY" "$TMP" "$ID2" "$PX"
rm -f "$TMP/ctl/down"

t_done
