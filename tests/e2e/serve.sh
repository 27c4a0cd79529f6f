# tests/e2e/serve.sh - referat-serve: startup and the address line,
# /api/health, errors as JSON with their statuses, the headers every
# response carries, the Host check, hostile requests, a commit seen by the
# next request, a clean stop on SIGTERM, and bad options.
#
# Every server binds 127.0.0.1 port 0 (or 0.0.0.0:0 where that is the
# point), its address is read from its first line of output, and it is
# stopped by its PID (never by name).  Every curl has --max-time.
. "$REFERAT_SRCDIR/tests/lib.sh"
. "$REFERAT_SRCDIR/tests/serve-lib.sh"

RAW="python3 $REFERAT_SRCDIR/tests/helpers/http-raw.py"

# A request's answer is STATUS with a JSON body (an {"error"} unless 200),
# the headers every response carries and no CORS header, and nothing from
# outside the index.
answered() {
    want=$1
    got=$(cat "$TMP/status")
    [ "$got" = "$want" ] || fail_msg "status $got, want $want: $(cat "$TMP/body" 2>/dev/null)" || return 1
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if sys.argv[2]=="200" or isinstance(d.get("error"),str) else 1)' \
        "$TMP/body" "$want" || fail_msg "not a JSON body: $(cat "$TMP/body")" || return 1
    headers_ok || return 1
    ! grep -q 'root:' "$TMP/body" || fail_msg "served something outside the index"
}

headers_ok() {
    tr -d '\r' <"$TMP/hdr" >"$TMP/hdr.lf"
    contains "$TMP/hdr.lf" "Content-Security-Policy: default-src 'self'; object-src 'none'; frame-ancestors 'none'" &&
        contains "$TMP/hdr.lf" "X-Content-Type-Options: nosniff" &&
        contains "$TMP/hdr.lf" "Referrer-Policy: no-referrer" &&
        contains "$TMP/hdr.lf" "Content-Type: application/json; charset=utf-8" &&
        { ! grep -qi '^Access-Control-' "$TMP/hdr.lf" || fail_msg "a CORS header"; }
}

# expect STATUS PATH [CURL-ARGS...]: a request answered with STATUS.
expect() {
    want=$1; shift
    get "$@"
    answered "$want"
}

# Minutes written for this test (two meetings of an invented council).
MIN="$TMP/minutes"
mkdir -p "$MIN"
cat >"$MIN/2024-02-07-fagradet-referat.txt" <<'EOF'
Referat fra møte i Fagrådet for habilitering
Dato: 7. februar 2024

Sak 4/2024 Ventetid for habilitering av barn
Fagrådet drøftet ventetiden for utredning av barn med sammensatte behov.
Vedtak: Fagrådet ber sekretariatet kartlegge ventetiden ved alle helseforetak.

Sak 5/2024 Hospitering mellom sykehusene
Ordningen med hospitering videreføres i 2024.
EOF
cat >"$MIN/2024-04-10-fagradet-referat.txt" <<'EOF'
Referat fra møte i Fagrådet for habilitering
Dato: 10. april 2024

Sak 9/2024 Kartlegging av ventetid
Sekretariatet la fram kartleggingen av ventetid for utredning av barn.
Vedtak: Fagrådet tar kartleggingen til orientering.
EOF
DB="$TMP/db"
"$INDEX" --db "$DB" "$MIN" >/dev/null 2>&1
doccount() { xapian-delve "$DB" 2>/dev/null | sed -n 's/^number of documents = //p'; }

# --- startup and /api/health ---
check "starts on 127.0.0.1 port 0 and names the port bound on its first line" start_server --db "$DB" --listen 127.0.0.1:0
check "the address line is the first line, with a port other than 0" sh -c \
    'head -n 1 "$1" | grep -Eq "^referat-serve: listening on http://127\.0\.0\.1:[1-9][0-9]*/$"' _ "$TMP/serve.out"

get /api/health
check "/api/health: 200 with a JSON body and the security headers" answered 200
check "/api/health: the index path, format 6, files, passages, the last run" python3 -c '
import json, re, sys
d = json.load(open(sys.argv[1]))
assert d["index"] == sys.argv[2], d
assert d["format"] == "7", d
assert d["files"] == 2, d
assert d["passages"] == int(sys.argv[3]) and d["passages"] > 0, d
assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", d["last_run"]), d
' "$TMP/body" "$(cd "$DB" && pwd -P)" "$(doccount)"
check "HEAD /api/health: 200, the headers, no body" python3 -c '
import http.client, sys
c = http.client.HTTPConnection(sys.argv[1], timeout=10)
c.request("HEAD", "/api/health")
r = c.getresponse()
assert r.status == 200 and r.read() == b"" and r.getheader("X-Content-Type-Options") == "nosniff", r.status
' "$ADDR"
check "two requests on one kept-alive connection both answered" sh -c \
    '[ "$(curl -s --max-time 10 -o /dev/null -o /dev/null -w "%{http_code}%{num_connects}," "http://$1/api/health" "http://$1/api/health")" = "2001,2000," ]' _ "$ADDR"

# --- errors: JSON with their statuses ---
check "an unknown route: 404" expect 404 /api/nothing
check "/api/search without q: 400" expect 400 '/api/search'
check "parameters /api/health does not take: 400" expect 400 '/api/health?limit=5'
for m in POST PUT DELETE PATCH OPTIONS; do
    check "$m /api/health: 405" expect 405 /api/health -X $m
done
get /api/health -X DELETE
check "405 names the methods allowed (Allow: GET, HEAD)" sh -c 'tr -d "\r" <"$1" | grep -qx "Allow: GET, HEAD"' _ "$TMP/hdr"
head -c 10485760 /dev/zero >"$TMP/10mb"
check "a 10 MB body: 413" expect 413 /api/health -X POST --data-binary "@$TMP/10mb"
check "a GET with a 2 KB body: 413" expect 413 /api/health -X GET \
    --data-binary "$(head -c 2048 /dev/zero | tr '\0' x)"
long=$(python3 -c 'print("/api/health?q=" + "a" * 102400)')
check "a 100 KB URL: 414" expect 414 "$long"
check "a URL of 8193 bytes: 414" expect 414 "$(python3 -c 'print("/api/health?q=" + "a" * 8179)')"
check "a URL of 8192 bytes is read (400 for the parameter)" expect 400 "$(python3 -c 'print("/api/health?q=" + "a" * 8178)')"

# --- Host check (DNS rebinding) ---
port=${ADDR##*:}
check "Host: localhost with the port: 200" expect 200 /api/health -H "Host: localhost:$port"
check "Host: [::1] with the port: 200" expect 200 /api/health -H "Host: [::1]:$port"
check "a wrong Host: 421" expect 421 /api/health -H "Host: evil.example:$port"
check "a wrong port in Host: 421" expect 421 /api/health -H "Host: 127.0.0.1:1"
check "Host without the port: 421" expect 421 /api/health -H "Host: localhost"

# --- hostile requests: each gets its 4xx, nothing outside the index ---
# hostile PATH: answered with a 4xx, as JSON with the headers.
hostile() {
    get "$1"
    case $(cat "$TMP/status") in 4??) ;; *) fail_msg "status $(cat "$TMP/status")"; return 1 ;; esac
    answered "$(cat "$TMP/status")"
}
for p in '/../etc/passwd' '/../../../../etc/passwd' '/%2e%2e/%2e%2e/etc/passwd' \
    '/%2e%2e%2fetc%2fpasswd' '/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd' '//etc/passwd' \
    '/api/health/../../etc/passwd' '/api/health/%2e%2e/%2e%2e/etc/passwd' \
    '/api/health%2f..%2f..%2fetc%2fpasswd' '/..%2f..%2fetc/passwd' '/.%2e/etc/passwd' \
    '/api/../api/health' '/api/./health' '/api/health/' '/api/source/../../../etc/passwd' \
    '/api/health;/../../etc/passwd' '/file:///etc/passwd' \
    '/api/health%00' '/api/health%00.json' '/%00' '/etc/passwd%00' \
    '/%c0%af' '/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd' '/%e0%80%af' '/%ff%fe' '/%ed%a0%80' \
    '/api/health?q=%00' '/api/health?%c0%af=1' '/api/health?x=%zz' '/%' '/%4' \
    '/etc/passwd' '/proc/self/environ' '/%5c..%5c..%5cetc%5cpasswd' '/%252e%252e/etc/passwd' \
    '/api' '/index.htm' '/app.js/x' '/api/health.json' '/API/HEALTH'; do
    check "hostile path $p: a 4xx as JSON" hostile "$p"
done
host="Host: $ADDR"
check "raw: a Content-Length of 10 MB with no body sent: 413" $RAW "$ADDR" "GET /api/health HTTP/1.1\r\n$host\r\nContent-Length: 10485760\r\n\r\n" 413
check "raw: a NUL byte in the request line: 4xx, the target ends at it" $RAW "$ADDR" "GET /nothing\x00/../../etc/passwd HTTP/1.1\r\n$host\r\n\r\n" 404
check "raw: no Host header (HTTP/1.0): 400" $RAW "$ADDR" "GET /api/health HTTP/1.0\r\n\r\n" 400
check "raw: no Host header (HTTP/1.1): 400" $RAW "$ADDR" "GET /api/health HTTP/1.1\r\n\r\n" 400
check "raw: an absolute URL naming another host: 4xx" $RAW "$ADDR" "GET http://evil.example/etc/passwd HTTP/1.1\r\n$host\r\n\r\n" 4xx
check "raw: OPTIONS *: 4xx" $RAW "$ADDR" "OPTIONS * HTTP/1.1\r\n$host\r\n\r\n" 4xx
check "raw: a request line of garbage: 4xx" $RAW "$ADDR" "\x01\x02\x03 \xff\xfe\r\n\r\n" 4xx
{ printf 'GET /'; head -c 1048576 /dev/zero | tr '\0' a; printf ' HTTP/1.1\r\n%s\r\n\r\n' "$host"; } >"$TMP/1mb-url"
check "raw: a 1 MB URL: 4xx (libmicrohttpd's own 414)" $RAW "$ADDR" "@$TMP/1mb-url" 4xx
{ printf 'GET /api/health HTTP/1.1\r\n%s\r\nX-A: ' "$host"; head -c 307200 /dev/zero | tr '\0' a; printf '\r\n\r\n'; } >"$TMP/300kb-headers"
check "raw: 300 KB of headers: 4xx" $RAW "$ADDR" "@$TMP/300kb-headers" 4xx
check "raw: a chunked body: 411" $RAW "$ADDR" "POST /api/health HTTP/1.1\r\n$host\r\nTransfer-Encoding: chunked\r\n\r\n4000\r\n$(head -c 16384 /dev/zero | tr '\0' a)\r\n0\r\n\r\n" 411
check "raw: a chunked GET: 411" $RAW "$ADDR" "GET /api/health HTTP/1.1\r\n$host\r\nTransfer-Encoding: chunked\r\n\r\n1\r\na\r\n0\r\n\r\n" 411
check "raw: headers cut short are dropped when the timeout passes (--timeout 2)" $RAW "$ADDR" "GET /api/health HTTP/1.1\r\n$host\r\nX-Slow: " closed 10
check "the server answers after every hostile request: /api/health 200" expect 200 /api/health
check "no request was answered with a 5xx" sh -c '! grep -q " 5[0-9][0-9] " "$1"' _ "$TMP/serve.err"

# --- a commit while the server runs ---
before=$(doccount)
cat >"$MIN/2024-06-12-fagradet-referat.txt" <<'EOF'
Referat fra møte i Fagrådet for habilitering
Dato: 12. juni 2024

Sak 12/2024 Oppfølging av ventetid
Fagrådet fikk en orientering om tiltak mot lange ventetider for barn.
Vedtak: Saken tas opp igjen i høstens første møte.
EOF
"$INDEX" --db "$DB" "$MIN" >/dev/null 2>&1
get /api/health
check "a commit by referat-index is seen by the next request (files 2 -> 3, passages $before -> $(doccount))" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["files"] == 3 and d["passages"] == int(sys.argv[2]) and d["passages"] > int(sys.argv[3]), d
' "$TMP/body" "$(doccount)" "$before"

# Clients while referat-index rewrites every file, committing after each:
# every answer is a 200 with a whole body.
(REFERAT_COMMIT_EVERY=1 "$INDEX" --db "$DB" --full "$MIN" >/dev/null 2>&1; touch "$TMP/writer.done") &
writer=$!
clients=""
for c in 1 2 3 4; do
    (
        i=0
        while [ $i -lt 25 ] || [ ! -e "$TMP/writer.done" ] && [ $i -lt 2000 ]; do
            curl -s --max-time 10 -w 'status %{http_code}\n' "http://$ADDR/api/health" >>"$TMP/load.$c"
            i=$((i + 1))
        done
    ) &
    clients="$clients $!"
done
wait "$writer"
for c in $clients; do wait "$c"; done
check "clients during commits: every answer a 200 with the health fields" python3 -c '
import json, sys
n = 0
for f in sys.argv[1:]:
    body = ""
    for line in open(f).read().split("\n"):
        if not line.startswith("status "):
            body = line
            continue
        d = json.loads(body)
        assert line == "status 200" and d["files"] == 3 and d["passages"] > 0, (line, body)
        body = ""
        n += 1
assert n >= 100, n
' "$TMP/load.1" "$TMP/load.2" "$TMP/load.3" "$TMP/load.4"

stop_server TERM
check "SIGTERM: exits 0" sh -c '[ "$1" = 0 ]' _ "$STOPPED"
check "SIGTERM: nothing on standard error without --verbose" sh -c '[ ! -s "$1" ]' _ "$TMP/serve.err"

# --- --verbose, SIGINT ---
check "starts with --verbose" start_server --db "$DB" --listen 127.0.0.1:0 --verbose --threads 2
get /api/health
get /api/nothing
stop_server INT
check "SIGINT: exits 0" sh -c '[ "$1" = 0 ]' _ "$STOPPED"
check "--verbose: a line per request (method, path, status, ms)" sh -c \
    'grep -q "^referat-serve: GET /api/health 200 [0-9.]* ms$" "$1" && grep -q "^referat-serve: GET /api/nothing 404 " "$1"' _ "$TMP/serve.err"

# --- a wildcard address is served only when named, and takes any Host ---
check "--listen 0.0.0.0:0 named: starts" start_server --db "$DB" --listen 0.0.0.0:0
check "--listen 0.0.0.0:0: the address line names 0.0.0.0" grep -q '^referat-serve: listening on http://0\.0\.0\.0:[1-9]' "$TMP/serve.out"
ADDR=127.0.0.1:${ADDR##*:}
check "--listen 0.0.0.0:0: any Host is answered" expect 200 /api/health -H "Host: referat.example.org"
stop_server TERM
check "--listen 0.0.0.0:0: SIGTERM exits 0" sh -c '[ "$1" = 0 ]' _ "$STOPPED"

# --- bad options: one line, exit 2 (usage) or 1 (index, address) ---
# one_line WANT ARGS...: referat-serve ARGS exits WANT with one line on stderr.
one_line() {
    want=$1; shift
    expect_exit "$want" "$SERVE" "$@" || return 1
    [ "$(wc -l <"$TMP/expect.err")" -eq 1 ] || fail_msg "not one line: $(cat "$TMP/expect.err")" || return 1
    [ ! -s "$TMP/expect.out" ] || fail_msg "standard output: $(cat "$TMP/expect.out")"
}
for l in nonsense 127.0.0.1 127.0.0.1:99999 127.0.0.1:http '[::1:80' ':8080' '127.0.0.1:-1' 'no.such.host.invalid:80'; do
    check "--listen '$l': one line, exit 2" one_line 2 --db "$DB" --listen "$l"
done
check "--db missing: one line, exit 2" one_line 2 --listen 127.0.0.1:0
check "--db of no index: one line, exit 1" one_line 1 --db "$TMP/none" --listen 127.0.0.1:0
check "--db of a file: one line, exit 1" one_line 1 --db "$MIN/2024-02-07-fagradet-referat.txt" --listen 127.0.0.1:0
check "--threads 0: one line, exit 2" one_line 2 --db "$DB" --threads 0
check "--timeout x: one line, exit 2" one_line 2 --db "$DB" --timeout x
check "an unknown option: one line, exit 2" one_line 2 --db "$DB" --colour
check "--help: usage, exit 0" sh -c '"$1" --help | grep -q "^usage: referat-serve --db DIR"' _ "$SERVE"
start_server --db "$DB" --listen 127.0.0.1:0
check "a port in use: one line, exit 1" one_line 1 --db "$DB" --listen "$ADDR"
stop_server TERM
check "no sanitizer report from any server" sh -c '! grep -E "Sanitizer|runtime error" "$1"' _ "$TMP/servers.err"

t_done
