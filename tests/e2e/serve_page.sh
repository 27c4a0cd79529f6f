# tests/e2e/serve_page.sh - referat-serve serves the page: every file of
# web/ that server/Makefile.mk lists, embedded at build time, byte for
# byte at /NAME (index.html at / and at /?anything), with its
# Content-Type, an ETag honoured by If-None-Match (304), Cache-Control:
# no-cache and the server's Content-Security-Policy; HEAD without a body;
# any other path outside /api/ a 404 (traversals refused, never the file).
# And the page's sources keep to what that policy allows: no inline
# script or style, no data inserted as HTML.
. "$REFERAT_SRCDIR/tests/lib.sh"
. "$REFERAT_SRCDIR/tests/serve-lib.sh"

WEB="$REFERAT_SRCDIR/web"
# The one list of the page's files (WEB_FILES, continuation lines joined).
FILES=$(awk '/^WEB_FILES *=/ { on = 1; sub(/^WEB_FILES *= */, "") }
    on { c = sub(/\\$/, ""); gsub(/[ \t]+/, " "); printf " %s ", $0; if (!c) exit }' "$REFERAT_SRCDIR/server/Makefile.mk")
CSP="Content-Security-Policy: default-src 'self'; object-src 'none'; frame-ancestors 'none'"

MIN="$TMP/minutes"
mkdir -p "$MIN"
cat >"$MIN/2024-03-06-styret-referat.txt" <<'EOF2'
Referat fra møte i Styret for pasientreiser
Dato: 6. mars 2024

Sak 7/2024 Egenandel for pasientreiser
Styret drøftet egenandelen for reiser til behandling på sykehus.
Vedtak: Styret ber om en vurdering av egenandelen før sommeren.
EOF2
DB="$TMP/db"
"$INDEX" --db "$DB" "$MIN" >/dev/null 2>&1
check "starts on 127.0.0.1 port 0" start_server --db "$DB" --listen 127.0.0.1:0

# header NAME: the value of header NAME in $TMP/hdr (the last, CR removed).
header() {
    tr -d '\r' <"$TMP/hdr" | sed -n "s/^$1: //Ip" | tail -n 1
}

# type_of NAME: the Content-Type a file of web/ is served with.
type_of() {
    case $1 in
    *.html) echo 'text/html; charset=utf-8' ;;
    *.css) echo 'text/css; charset=utf-8' ;;
    *.js) echo 'text/javascript; charset=utf-8' ;;
    *.svg) echo 'image/svg+xml' ;;
    *) echo 'application/octet-stream' ;;
    esac
}

# served PATH FILE TYPE: PATH was answered 200 with FILE's bytes, TYPE,
# an ETag, Cache-Control: no-cache and the policy, and not sandboxed.
served() {
    [ "$(cat "$TMP/status")" = 200 ] || fail_msg "$1: status $(cat "$TMP/status")" || return 1
    cmp -s "$TMP/body" "$2" || fail_msg "$1: not the bytes of $2" || return 1
    [ "$(header Content-Type)" = "$3" ] || fail_msg "$1: Content-Type $(header Content-Type), want $3" || return 1
    header ETag | grep -Eq '^"[0-9]+-[0-9]+"$' || fail_msg "$1: ETag '$(header ETag)'" || return 1
    [ "$(header Cache-Control)" = no-cache ] || fail_msg "$1: Cache-Control $(header Cache-Control)" || return 1
    tr -d '\r' <"$TMP/hdr" >"$TMP/hdr.lf"
    contains "$TMP/hdr.lf" "$CSP" && contains "$TMP/hdr.lf" "X-Content-Type-Options: nosniff" &&
        { ! grep -qi '^Content-Security-Policy: sandbox' "$TMP/hdr.lf" || fail_msg "$1: sandboxed"; }
}

check "server/Makefile.mk lists the page's files, index.html, app.css and app.js among them" sh -c \
    'for f in web/index.html web/app.css web/app.js; do case " $1" in *" $f "*) ;; *) exit 1 ;; esac; done' _ "$FILES"
check "every file in web/ is in the list (a file left out would not be served)" sh -c '
    for f in "$1"/*; do case " $2" in *" web/${f##*/} "*) ;; *) echo "not listed: $f"; exit 1 ;; esac; done' _ "$WEB" "$FILES"

# head_ok PATH: HEAD PATH answered 200 with ETag ETAG and no body.
head_ok() {
    python3 -c '
import http.client, sys
c = http.client.HTTPConnection(sys.argv[1], timeout=10)
c.request("HEAD", sys.argv[2])
r = c.getresponse()
assert r.status == 200 and r.read() == b"", r.status
assert r.getheader("ETag") == sys.argv[3] and r.getheader("Cache-Control") == "no-cache", r.getheaders()
' "$ADDR" "$1" "$2"
}

for f in $FILES; do
    base=${f##*/}
    get "/$base"
    check "GET /$base: its bytes, $(type_of "$base"), ETag, no-cache, the policy" served "/$base" "$WEB/$base" "$(type_of "$base")"
    etag=$(header ETag)
    get "/$base" -H "If-None-Match: $etag"
    check "GET /$base with If-None-Match: its ETag: 304, no body" sh -c \
        '[ "$(cat "$1/status")" = 304 ] && [ ! -s "$1/body" ]' _ "$TMP"
    check "HEAD /$base: 200, the headers, no body" head_ok "/$base" "$etag"
done

html='text/html; charset=utf-8'
get /
check "GET /: index.html" served / "$WEB/index.html" "$html"
etag=$(header ETag)
get '/?q=sak+7%2F2024&f=year:2024&f=body:Styret&sort=date&page=2'
check "GET /?q=...&f=...&f=...: index.html (the page's state is not the server's to read)" served /?q "$WEB/index.html" "$html"
get '/?q=%zz&page=-3&view=nonsense&%c0%af=%00'
check "GET /? with bad escapes and nonsense: index.html (the page reports them)" served /?bad "$WEB/index.html" "$html"
for inm in "$etag" "W/$etag" "\"1-1\", $etag" '*'; do
    get / -H "If-None-Match: $inm"
    check "GET / with If-None-Match: $inm: 304" sh -c '[ "$(cat "$1/status")" = 304 ]' _ "$TMP"
done
get / -H 'If-None-Match: "1-1"'
check "GET / with another ETag in If-None-Match: 200 and the page" served / "$WEB/index.html" "$html"
check "HEAD /: 200, the headers, no body" head_ok / "$etag"
for m in POST PUT DELETE; do
    get / -X $m
    check "$m /: 405 naming GET, HEAD" sh -c \
        '[ "$(cat "$1/status")" = 405 ] && tr -d "\r" <"$1/hdr" | grep -qx "Allow: GET, HEAD"' _ "$TMP"
done

# refused PATH STATUS: PATH answered STATUS as a JSON error, none of the
# page's bytes.
refused() {
    get "$1"
    [ "$(cat "$TMP/status")" = "$2" ] || fail_msg "$1: status $(cat "$TMP/status"), want $2" || return 1
    grep -q '^{"error":' "$TMP/body" || fail_msg "$1: not a JSON error: $(head -c 200 "$TMP/body")"
}
for p in /nothing.js /app.mjs /index.htm /APP.JS /web/index.html /web/app.js /app.js/x \
    /index.html/app.js /server/embed.sh /Makefile.am /README.md /srv.h /assets.c '/app.js;' \
    '/app.js%20' /.app.js /favicon.ico /api/app.js /api/index.html; do
    check "GET $p: 404" refused "$p" 404
done
for p in /../web/index.html /../../web/app.js /%2e%2e/web/app.js /%2e%2e%2fweb%2fapp.js \
    /./app.js /.%2fapp.js //app.js /api/../app.js /x/../app.js /app.js/.. '/app.js%00' \
    '/%c0%ae%c0%ae/web/app.js' /web/../app.css /app.js/; do
    check "GET $p: 400, never the file" refused "$p" 400
done
get /api/health
check "the API is still not cached (Cache-Control: no-store) and carries no ETag" sh -c \
    '[ "$(cat "$1/status")" = 200 ] && tr -d "\r" <"$1/hdr" | grep -qx "Cache-Control: no-store" && ! grep -qi "^ETag" "$1/hdr"' _ "$TMP"

# --- the sources keep to the policy ---
check "index.html: no inline script, no style element or attribute, no event attribute" sh -c '
    ! grep -Ein "<script( [^>]*)?>[^<]|<script(>| type=\"module\">)|<style|style=|[[:space:]]on[a-z]+=" "$1"' _ "$WEB/index.html"
check "index.html loads the entry module from the page's files (<script type=module src=/app.js>)" \
    contains "$WEB/index.html" '<script type="module" src="/app.js"></script>'
check "web/*.js: innerHTML/outerHTML/insertAdjacentHTML/document.write never used with data" sh -c '
    ! grep -En "innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function" "$1"/*.js | grep -Ev "\.innerHTML = '"''"';"' _ "$WEB"

stop_server
check "the server stopped cleanly on SIGTERM" sh -c '[ "$1" = 0 ]' _ "$STOPPED"
check "no sanitizer report from the server" sh -c '! grep -E "Sanitizer|runtime error" "$1"' _ "$TMP/servers.err"
t_done
