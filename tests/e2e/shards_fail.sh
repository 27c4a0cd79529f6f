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

trap 'stop_server; stop_tcpsrv 1; stop_tcpsrv 2; [ -s "$TMP/proxy.pid" ] && kill "$(cat "$TMP/proxy.pid")"; rm -rf "$TMP"' EXIT

P1=$(free_port)
P2=$(free_port)
PX=$(free_port)
tcpsrv 1 "$P1"
tcpsrv 2 "$P2"
# Shard 2 is reached through tests/helpers/cutproxy.py, which drops its
# connection at the search (MSG_QUERY, 8 in Xapian 1.4's remote protocol)
# when told to (a file "cut" in $TMP/ctl), or refuses it ("down").
mkdir "$TMP/ctl"
python3 "$REFERAT_SRCDIR/tests/helpers/cutproxy.py" "$PX" "$P2" "$TMP/ctl" >"$TMP/proxy.out" 2>&1 &
echo $! >"$TMP/proxy.pid"
listening "$PX" || echo "# cutproxy.py on port $PX did not start"
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
stop_server

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

t_done
