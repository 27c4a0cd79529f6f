# tests/e2e/serve_search.sh - referat-serve's search routes on the query
# library: /api/search answers every query of eval/queries.tsv with the
# hits referat-query --json prints (ids, order, scores, every field),
# pages, facet counts, sort=date and sort=oldest, docs=1 and the CLI's message for a bad
# query; /api/passage, /api/item, /api/case and /api/source, and 404 for
# unknown or malformed ids.
#
# The server binds 127.0.0.1 port 0, its address is read from its first
# line of output, and it is stopped by its PID.  Every curl has --max-time.
. "$REFERAT_SRCDIR/tests/lib.sh"
. "$REFERAT_SRCDIR/tests/serve-lib.sh"

# expect STATUS PATH: answered with STATUS and a JSON body ({"error"} unless 200).
expect() {
    get "$2"
    got=$(cat "$TMP/status")
    [ "$got" = "$1" ] || fail_msg "status $got, want $1: $(head -c 300 "$TMP/body")" || return 1
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if sys.argv[2]=="200" or isinstance(d.get("error"),str) else 1)' \
        "$TMP/body" "$1" || fail_msg "not a JSON body: $(head -c 300 "$TMP/body")"
}

# The corpus, copied so that a file can go missing, and a minute in HTML.
MIN="$TMP/minutes"
mkdir -p "$MIN"
cp -R "$REFERAT_SRCDIR/corpus/nb" "$REFERAT_SRCDIR/corpus/da" "$MIN/"
cat >"$MIN/nb/2024-05-22-arbeidsutvalget-referat.html" <<'EOF2'
<html><head><title>Referat fra Arbeidsutvalget</title></head><body>
<h1>Referat fra møte i Arbeidsutvalget for tolketjenester</h1>
<p>Dato: 22. mai 2024</p>
<h2>Sak 7/2024 Tolkebruk i poliklinikkene</h2>
<p>Arbeidsutvalget drøftet skjermtolking ved poliklinikkene og ba om en plan.</p>
</body></html>
EOF2
DB="$TMP/db"
"$INDEX" --db "$DB" "$MIN" >/dev/null 2>&1
check "starts on 127.0.0.1 port 0" start_server --db "$DB" --listen 127.0.0.1:0

# The comparisons run in one python3 process: for each query, referat-query
# --json and /api/search, hit for hit.
cat >"$TMP/compare.py" <<'EOF2'
import json, subprocess, sys, urllib.error, urllib.parse, urllib.request
query, db, addr, mode = sys.argv[1:5]

def cli(q, *opts):
    p = subprocess.run([query, "--db", db, "--json", *opts, "--", q], capture_output=True, text=True)
    lines = [json.loads(l) for l in p.stdout.splitlines() if l.strip()]
    hits = [l for l in lines if "rank" in l]
    facets = next((l["facets"] for l in lines if "facets" in l), None)
    return p.returncode, hits, facets, p.stderr.strip()

def api(q, **params):
    url = "http://%s/api/search?%s" % (addr, urllib.parse.urlencode(dict(q=q, **params)))
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, json.load(r)
    except urllib.error.HTTPError as e:
        return e.code, json.load(e)

def same(q, cli_opts, params):
    rc, hits, facets, err = cli(q, *cli_opts)
    st, d = api(q, **params)
    assert rc == 0 and st == 200, (q, rc, st, err, d)
    assert d["hits"] == hits, (q, cli_opts, [h["id"] for h in d["hits"]], [h["id"] for h in hits])
    return d, hits, facets

queries = [l.split("\t")[1] for l in open(sys.argv[5], encoding="utf-8")
           if l.strip() and not l.startswith("#")]
n = 0
if mode == "hits":
    for q in queries:
        d, hits, _ = same(q, [], {})
        n += bool(hits)
    assert len(queries) >= 100 and n >= 100, (len(queries), n)
    # The total is exact: the passages the CLI's summary line counts.
    import re
    checked = 0
    for q in queries[:40]:
        d, _, _ = same(q, [], {})
        out = subprocess.run([query, "--db", db, "--", q], capture_output=True, text=True).stdout
        m = re.search(r"^(\d+) passages? in \d+ meetings? ha(?:s|ve) all the words", out, re.M)
        if m:
            assert d["exact"] and d["total"] == int(m.group(1)), (q, d["total"], m.group(0))
            checked += 1
    assert checked >= 20, checked
elif mode == "paging":
    for q in queries[:30]:
        d, hits, _ = same(q, ["--limit", "20"], {"limit": 20})
        d2, _, _ = same(q, ["--offset", "3", "--limit", "4"], {"offset": 3, "limit": 4})
        strip = lambda h: {k: v for k, v in h.items() if k != "rank"}
        assert [strip(h) for h in d2["hits"]] == [strip(h) for h in hits[3:7]], q
        assert [h["rank"] for h in d2["hits"]] == list(range(4, 4 + len(d2["hits"]))), q
elif mode == "facets":
    for q in queries[:30]:
        for docs in (0, 1):
            opts = ["--limit", "0", "--facets", "year,body,lang"] + (["--docs"] if docs else [])
            d, _, facets = same(q, opts, {"limit": 0, "facets": "year,body,lang", "docs": docs})
            assert d["facets"] == facets, (q, d["facets"], facets)
            assert d["exact"] and sum(d["facets"]["year"].values()) == d["total"], (q, d)
            assert d["unit"] == ("meetings" if docs else "passages"), d
elif mode == "date":
    for q in queries[:30]:
        d, hits, _ = same(q, ["--sort", "date"], {"sort": "date"})
        dates = [h["date"] for h in hits if h["match"] == "all" and h["date"]]
        assert dates == sorted(dates, reverse=True), (q, dates)
elif mode == "oldest":
    for q in queries[:30]:
        d, hits, _ = same(q, ["--sort", "oldest"], {"sort": "oldest"})
        dates = [h["date"] for h in hits if h["match"] == "all" and h["date"]]
        assert dates == sorted(dates), (q, dates)
elif mode == "docs":
    for q in queries[:30]:
        d, hits, _ = same(q, ["--docs"], {"docs": 1})
        paths = [h["path"] for h in hits if h["match"] == "all"]
        assert len(paths) == len(set(paths)), (q, paths)
elif mode == "bad":
    for q in ['"ventetid', '(ventetid', 'year:20x3', 'date:2023-13', 'lang:xx', 'case:abc', 'AND']:
        rc, _, _, err = cli(q)
        if rc != 2:
            continue
        st, d = api(q)
        assert st == 400 and d == {"error": err[len("referat-query: "):]}, (q, st, d, err)
        n += 1
    assert n >= 4, n
print("compared", n)
EOF2
cmp_api() { python3 "$TMP/compare.py" "$QUERY" "$DB" "$ADDR" "$1" "$REFERAT_SRCDIR/eval/queries.tsv" >"$TMP/cmp.out" 2>&1 || fail_msg "$(tail -c 1500 "$TMP/cmp.out")"; }
check "eval/queries.tsv (100+ queries with hits): /api/search's hits are referat-query --json's" cmp_api hits
check "paging: offset=3&limit=4 is hits 4-7 of limit=20, as --offset 3 --limit 4" cmp_api paging
check "facets (and docs=1): the CLI's counts; the years sum to the exact total" cmp_api facets
check "sort=date: referat-query --sort date's hits, newest first" cmp_api date
check "sort=oldest: referat-query --sort oldest's hits, oldest first" cmp_api oldest
check "docs=1: referat-query --docs's hits, one per meeting" cmp_api docs
check "a malformed query: 400 with the CLI's one-line message" cmp_api bad
check "a search with a bad parameter: 400" expect 400 '/api/search?q=ventetid&limit=x'
get "/api/search?q=ventetid&facets=colour"
check "an unknown facet: 400 naming the facets of the field table" sh -c 'grep -q "400" "$1" && grep -q "year, body, section, lang, case" "$2"' _ "$TMP/status" "$TMP/body"

# --- /api/passage, /api/item, /api/case, /api/source ---
# The passage of the search's first hit for a Danish item and a Norwegian case.
cat >"$TMP/lookups.py" <<'EOF2'
import json, subprocess, sys, urllib.error, urllib.request
query, db, addr, mode = sys.argv[1:5]

def api(path):
    try:
        with urllib.request.urlopen("http://%s%s" % (addr, path), timeout=10) as r:
            return r.status, r.headers.get("Content-Type"), r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type"), e.read()

def cli(*args):
    p = subprocess.run([query, "--db", db, "--json", *args], capture_output=True, text=True, check=True)
    return [json.loads(l) for l in p.stdout.splitlines() if l.strip()]

hit = cli("--", "ultralydsbehandling")[0]
hid = hit["id"]
if mode == "passage":
    st, _, body = api("/api/passage/" + hid)
    d = json.loads(body)
    p = d["passage"]
    assert st == 200 and p["id"] == hid, (st, d)
    for k in ("path", "passage", "start", "end", "line", "lang", "text", "date", "year", "body",
              "body_text", "title", "case", "passage_section", "passage_page"):
        assert p[k] == hit[k], (k, p[k], hit[k])
    assert d["prev"] and d["next"], d
    st, _, body = api("/api/passage/" + d["next"])
    n = json.loads(body)
    assert st == 200 and n["prev"] == hid and n["passage"]["passage"] == p["passage"] + 1, n
    # Walk to the first passage: its prev is null.
    cur = d
    while cur["prev"]:
        cur = json.loads(api("/api/passage/" + cur["prev"])[2])
    assert cur["prev"] is None, cur
elif mode == "item":
    st, _, body = api("/api/item/" + hid)
    d = json.loads(body)
    assert st == 200 and d["hits"] == cli("--item", hid), d
    assert hid in [h["id"] for h in d["hits"]] and len(d["hits"]) >= 2, d
    ps = [h["passage"] for h in d["hits"]]
    assert ps == sorted(ps), ps
elif mode == "case":
    for case in ("4/2024", "2023-09-14/3"):
        st, _, body = api("/api/case/" + case)
        d = json.loads(body)
        assert st == 200 and d["hits"] and d["hits"][0]["case"] == case, (case, st, d)
        dates = [h["date"] for h in d["hits"]]
        assert dates == sorted(dates), (case, dates)
elif mode == "source":
    st, ctype, body = api("/api/source/" + hid)
    assert st == 200 and ctype == "text/plain; charset=utf-8", (st, ctype)
    assert body == open(hit["path"], "rb").read()
    html = cli("--", "skjermtolking")[0]
    st, ctype, body = api("/api/source/" + html["id"])
    assert st == 200 and ctype == "text/html; charset=utf-8", (st, ctype)
    assert body == open(html["path"], "rb").read() and html["path"].endswith(".html")
print("ok")
EOF2
lookup() { python3 "$TMP/lookups.py" "$QUERY" "$DB" "$ADDR" "$1" >"$TMP/lk.out" 2>&1 || fail_msg "$(tail -c 1500 "$TMP/lk.out")"; }
check "/api/passage/ID: the hit's fields, and prev/next ids that lead to each other (null at the start)" lookup passage
check "/api/item/ID: referat-query --item ID --json's hits, in order" lookup item
check "/api/case/4/2024 and the Danish /api/case/2023-09-14/3: the item first, then in date order" lookup case
check "/api/source/ID: the file's bytes, as text/plain and text/html by extension" lookup source
get "/api/source/$("$QUERY" --db "$DB" --json -- skjermtolking | sed -n '1s/.*"id":"\([^"]*\)".*/\1/p')"
check "/api/source/ID: sandboxed (Content-Security-Policy: sandbox)" grep -qi '^Content-Security-Policy: sandbox' "$TMP/hdr"
for p in /api/passage/nope /api/passage/0000000000000000-1 /api/passage/ffffffffffffffff-99999 \
    /api/passage/a/b /api/item/nope /api/item/0000000000000000-1 /api/source/nope \
    /api/source/0000000000000000-1 /api/source/x/y \
    /api/case/abc /api/case/99/2099 /api/case/1/2/3; do
    check "$p: 404 as JSON" expect 404 "$p"
done
for p in /api/passage/ '/api/source/..%2f..%2fetc%2fpasswd' /api/source/.. '/api/item/%2e%2e'; do
    check "$p: 400 (url.c refuses empty, '.' and '..' segments)" expect 400 "$p"
done
gone=$("$QUERY" --db "$DB" --json -- skjermtolking | sed -n '1s/.*"id":"\([^"]*\)".*/\1/p')
rm "$MIN/nb/2024-05-22-arbeidsutvalget-referat.html"
check "/api/source/ID of a file gone since indexing: 404" expect 404 "/api/source/$gone"
check "/api/passage/ID?x=1: 400 (no parameters)" expect 400 "/api/passage/$gone?x=1"
check "POST /api/passage/ID: 405" sh -c '[ "$(curl -s --max-time 10 -o /dev/null -w "%{http_code}" -X POST "http://$1/api/passage/$2")" = 405 ]' _ "$ADDR" "$gone"
stop_server
check "no sanitizer report, no 5xx" sh -c '! grep -E "Sanitizer|runtime error| 5[0-9][0-9] " "$1"' _ "$TMP/serve.err"

t_done
