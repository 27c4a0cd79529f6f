# tests/e2e/serve_page_api.sh - what referat-serve adds for the web page:
# /api/search's "unmatched" words, their "suggestions" and "case_query", /api/item's
# "item_title", "prev_item" and "next_item", and /api/export.csv (the
# hits of a search as CSV, capped).
#
# The server binds 127.0.0.1 port 0, its address is read from its first
# line of output, and it is stopped by its PID (tests/serve-lib.sh).
. "$REFERAT_SRCDIR/tests/lib.sh"
. "$REFERAT_SRCDIR/tests/serve-lib.sh"

# Minutes written for this test: two meetings of an invented council,
# the second citing the first's case 2/2024.
MIN="$TMP/minutes"
mkdir -p "$MIN"
cat >"$MIN/2024-03-06-nyreradet-referat.txt" <<'EOF'
Referat fra møte i Fagrådet for nyresykdommer
Dato: 6. mars 2024

Sak 1/2024 Godkjenning av innkalling
Innkallingen til møtet ble godkjent uten merknader.

Sak 2/2024 Dialysekapasitet i regionen
Fagrådet drøftet dialysekapasiteten ved sykehusene. Ventetiden for hjemmedialyse har økt, og
flere pasienter reiser langt for "behandling i tide".
Vedtak: Fagrådet ber sekretariatet kartlegge dialysekapasiteten ved alle helseforetak.

Sak 3/2024 Oppfølging etter transplantasjon
Oppfølging etter nyretransplantasjon skjer nå ved lokalsykehusene.
Vedtak: Fagrådet tar orienteringen til etterretning.
EOF
cat >"$MIN/2024-06-12-nyreradet-referat.txt" <<'EOF'
Referat fra møte i Fagrådet for nyresykdommer
Dato: 12. juni 2024

Sak 7/2024 Kartlegging av dialysekapasiteten
Sekretariatet la fram kartleggingen av dialysekapasiteten som ble bestilt i sak 2/2024.
Dialysekapasiteten er lavest i nord.
Vedtak: Fagrådet tar kartleggingen av dialysekapasiteten til orientering.
EOF
DB="$TMP/db"
"$INDEX" --db "$DB" "$MIN" >/dev/null 2>&1

check "starts on 127.0.0.1 port 0" start_server --db "$DB" --listen 127.0.0.1:0

# api PATH: the JSON body of GET PATH on stdout (a 200 only).
cat >"$TMP/api.py" <<'EOF'
import json, sys, urllib.request
def api(addr, path):
    with urllib.request.urlopen("http://%s%s" % (addr, path), timeout=10) as r:
        assert r.status == 200, (path, r.status)
        return json.load(r)
EOF

# --- /api/search: unmatched ---
cat >"$TMP/unmatched.py" <<'EOF'
import sys, urllib.parse
sys.path.insert(0, sys.argv[2])
from api import api
addr = sys.argv[1]
cases = [
    ("dialysekapasiteten xqzzyv", ["xqzzyv"]),          # one known, one nonsense
    ("xqzzyv dialysekapasiteten blorfk xqzzyv", ["xqzzyv", "blorfk"]),  # in order, once
    ("m@tet", []),                                       # OCR damage (ø read as @), through folding
    ("Fagradet dialysekapasitet", []),                   # folded å; a stem
    ("dialysekapasiteten ventetiden", []),               # all known
    ("\"dialysekapasiteten xqzzyv\"", ["xqzzyv"]),       # a phrase, word by word
    ("dialysekapasiteten -xqzzyv", []),                  # negated: not why nothing matched
    ("dialysekapasiteten year:1990", []),                # a field is no word
]
for q, want in cases:
    d = api(addr, "/api/search?limit=1&q=" + urllib.parse.quote(q))
    assert d["unmatched"] == want, (q, d["unmatched"], want)
d = api(addr, "/api/search?limit=1&q=" + urllib.parse.quote("dialysekapasiteten xqzzyv"))
assert d["total"] == 0, d
print("ok")
EOF
check "unmatched: the nonsense words only, as typed, in order, once; none for words found through OCR repair, folding or a stem" \
    python3 "$TMP/unmatched.py" "$ADDR" "$TMP"

# --- /api/search: suggestions ---
cat >"$TMP/suggest.py" <<'EOF'
import sys, urllib.parse
sys.path.insert(0, sys.argv[2])
from api import api
addr = sys.argv[1]
for q, want in [
    ("dialysekapasitetn", [{"word": "dialysekapasitetn", "suggestion": "dialysekapasiteten"}]),
    ("xqzzyv", []),                                   # nothing near
    ("dialysekapasiteten", []),                       # matched: nothing to suggest
]:
    d = api(addr, "/api/search?limit=1&q=" + urllib.parse.quote(q))
    assert d.get("suggestions") == want, (q, d.get("suggestions"), want)
print("ok")
EOF
check "suggestions: an unmatched word gets the index's nearest word (dialysekapasitetn: dialysekapasiteten)" \
    python3 "$TMP/suggest.py" "$ADDR" "$TMP"

# --- /api/search: case_query ---
cat >"$TMP/casequery.py" <<'EOF'
import sys, urllib.parse
sys.path.insert(0, sys.argv[2])
from api import api
addr = sys.argv[1]
for q, want in [("sak 2/2024", "2/2024"), ("2/2024", "2/2024"), ("case:2/2024", "2/2024"),
                ("sak nr. 2/2024", "2/2024"), ("Sak 2 /2024", "2/2024"), ("2024-09-14/3", "2024-09-14/3"),
                ("dialysekapasiteten", None), ("sak 2/2024 dialysekapasiteten", None),
                ("\"sak 2/2024\"", None)]:
    d = api(addr, "/api/search?limit=1&q=" + urllib.parse.quote(q))
    assert "case_query" in d and d["case_query"] == want, (q, d.get("case_query"), want)
print("ok")
EOF
check "case_query: the canonical case number for each spelling of a case number alone, null for other queries" \
    python3 "$TMP/casequery.py" "$ADDR" "$TMP"

# --- /api/item: item_title, prev_item, next_item ---
cat >"$TMP/items.py" <<'EOF'
import sys, urllib.parse
sys.path.insert(0, sys.argv[2])
from api import api
addr = sys.argv[1]
d = api(addr, "/api/search?q=innkallingen&limit=1")
fileid = d["hits"][0]["id"].split("-")[0]
start = fileid + "-1"
forward, titles, cur = [], [], start
while cur and len(forward) < 20:
    it = api(addr, "/api/item/" + cur)
    first = it["hits"][0]
    assert first["id"] == cur, (cur, first["id"])        # each link is an item's first passage
    assert it["item_title"] == (first["title"] or None), it["item_title"]
    if not forward:
        assert it["prev_item"] is None, it["prev_item"]   # the first item has none before it
    forward.append(cur)
    titles.append(it["item_title"])
    cur = it["next_item"]
assert cur is None and 3 <= len(forward) < 20, forward   # the last has none after it
assert titles[-1] == "Oppfølging etter transplantasjon", titles
assert "Dialysekapasitet i regionen" in titles and "Godkjenning av innkalling" in titles, titles
backward, cur = [], forward[-1]
while cur and len(backward) < 20:
    backward.append(cur)
    cur = api(addr, "/api/item/" + cur)["prev_item"]
assert backward == forward[::-1], (forward, backward)     # next then prev returns to the start
# From a passage inside an item: the same neighbours as from its first.
mid = api(addr, "/api/search?q=hjemmedialyse&limit=1")["hits"][0]["id"]
a, b = api(addr, "/api/item/" + mid), api(addr, "/api/item/" + api(addr, "/api/item/" + mid)["hits"][0]["id"])
assert (a["prev_item"], a["next_item"], a["item_title"]) == (b["prev_item"], b["next_item"], b["item_title"])
assert a["item_title"] == "Dialysekapasitet i regionen", a["item_title"]
print("ok")
EOF
check "item: next_item walks the file's items to the last (null), prev_item walks back to the first (null); item_title is the item's" \
    python3 "$TMP/items.py" "$ADDR" "$TMP"

# --- /api/export.csv ---
cat >"$TMP/export.py" <<'EOF'
import csv, io, subprocess, sys, urllib.parse, urllib.request
sys.path.insert(0, sys.argv[2])
from api import api
addr, query, db = sys.argv[1], sys.argv[3], sys.argv[4]
COLS = ["body", "date", "case", "item", "section", "page", "text", "path", "link"]
def export(params):
    r = urllib.request.urlopen("http://%s/api/export.csv?%s" % (addr, urllib.parse.urlencode(params)),
                               timeout=10)
    assert r.status == 200
    assert r.headers["Content-Type"] == "text/csv; charset=utf-8", r.headers["Content-Type"]
    assert r.headers["Content-Disposition"] == 'attachment; filename="referat-export.csv"'
    assert r.headers.get("X-Referat-Truncated") is None
    body = r.read()
    assert body.endswith(b"\r\n"), body[-20:]
    rows = list(csv.reader(io.StringIO(body.decode("utf-8"), newline="")))
    assert rows[0] == COLS, rows[0]
    assert all(len(row) == len(COLS) for row in rows), [len(r) for r in rows]
    return body, [dict(zip(COLS, row)) for row in rows[1:]]
n = 0
for params in ({"q": "dialysekapasiteten"}, {"q": "dialysekapasiteten", "sort": "date"},
               {"q": "dialysekapasiteten", "sort": "oldest", "docs": "1"},
               {"q": "fagrådet vedtak"}, {"q": "section:vedtak"}):
    body, rows = export(params)
    d = api(addr, "/api/search?limit=0&" + urllib.parse.urlencode(params))
    assert len(rows) == d["total"] > 0, (params, len(rows), d["total"])
    for row in rows:
        assert row["link"].startswith("/?view=item&id="), row["link"]
        p = api(addr, "/api/passage/" + row["link"][len("/?view=item&id="):])["passage"]
        assert (p["text"], p["path"], p["date"]) == (row["text"], row["path"], row["date"]), row
    dates = [r["date"] for r in rows]
    if params.get("sort") == "date":
        assert dates == sorted(dates, reverse=True), dates
    if params.get("sort") == "oldest":
        assert dates == sorted(dates) and len(set(r["path"] for r in rows)) == len(rows), dates
    n += len(rows)
# The columns are referat-query --csv's, written by the same code.
body, rows = export({"q": "dialysekapasiteten"})
cli = subprocess.run([query, "--db", db, "--csv", "--limit", "10000", "dialysekapasiteten"],
                     capture_output=True, check=True).stdout
assert body.split(b"\r\n")[0] == cli.split(b"\r\n")[0] + b",link"
lines = list(csv.reader(io.StringIO(cli.decode("utf-8"), newline="")))
assert [list(r.values())[:8] for r in rows] == lines[1:], "rows differ from the CLI's"
assert any('"' in r["text"] and "," in r["text"] for r in rows)  # quoting held
print("ok", n)
EOF
check "export: the header, a row per hit (the search's total), CSV a reader reads, the CLI's columns, links that resolve" \
    python3 "$TMP/export.py" "$ADDR" "$TMP" "$QUERY" "$DB"

get "/api/export.csv?q=%22dialyse"
check "export of a malformed query: 400 with the query's message as JSON" sh -c '
    [ "$(cat "$1")" = 400 ] && python3 -c "import json,sys; e=json.load(open(sys.argv[1]))[\"error\"]; assert e.startswith(\"bad query\"), e" "$2"' \
    _ "$TMP/status" "$TMP/body"
get "/api/export.csv?q=dialyse&limit=5"
check "export with a page parameter (limit): 400" sh -c '[ "$(cat "$1")" = 400 ] && grep -q "unknown parameter" "$2"' \
    _ "$TMP/status" "$TMP/body"
get "/api/export.csv?q=dialyse" -X POST
check "POST to the export: 405 naming GET, HEAD" sh -c '[ "$(cat "$1")" = 405 ] && grep -qi "^Allow: GET, HEAD" "$2"' \
    _ "$TMP/status" "$TMP/hdr"
get "/api/export.csv?q=dialysekapasiteten" -I
check "HEAD of the export: 200 with the CSV headers" sh -c '[ "$(cat "$1")" = 200 ] && grep -qi "^Content-Type: text/csv" "$2"' \
    _ "$TMP/status" "$TMP/hdr"
stop_server

# The cap, lowered to 1 row by a test setting (lib/testhook.h), for a
# query that 2 passages match.
cap_holds() {
    REFERAT_EXPORT_CAP=1 start_server --db "$DB" --listen 127.0.0.1:0 || return 1
    get "/api/export.csv?q=dialysekapasiteten"
    grep -q 200 "$TMP/status" && grep -qi '^X-Referat-Truncated: 1' "$TMP/hdr" &&
        [ "$(python3 -c 'import csv,sys; print(len(list(csv.reader(open(sys.argv[1], newline="")))))' "$TMP/body")" = 2 ] ||
        fail_msg "$(cat "$TMP/status") $(cat "$TMP/hdr") $(cat "$TMP/body")"
}
hooked "export beyond its cap: the cap's rows and X-Referat-Truncated: 1" cap_holds
stop_server

# /api/search counts exactly up to a cap (10,000; lowered to 2 here):
# past it "exact" is false and total Xapian's estimate, unless facets or
# a timeline are asked for, which visit every match anyway.
count_cap_holds() {
    REFERAT_COUNT_CAP=2 start_server --db "$DB" --listen 127.0.0.1:0 || return 1
    python3 - "$ADDR" "$TMP" <<'PY'
import sys, urllib.parse
sys.path.insert(0, sys.argv[2])
from api import api
addr = sys.argv[1]
q = "/api/search?q=" + urllib.parse.quote("fagrådet")
past = api(addr, q)
assert past["exact"] is False and past["total"] >= 2, ("past the cap", past["total"], past["exact"])
full = api(addr, q + "&facets=year&timeline=1")
assert full["exact"] is True, ("with facets", full["exact"])
assert sum(full["facets"]["year"].values()) == full["total"], (full["total"], full["facets"]["year"])
assert [h["id"] for h in past["hits"]] == [h["id"] for h in full["hits"]], "the hits changed with the count"
one = api(addr, "/api/search?q=nyretransplantasjon")
assert one["exact"] is True and one["total"] == 1, ("under the cap", one["total"], one["exact"])
# In meetings (docs=1) the same cap: the meetings among the matches
# counted, scaled up, and the same hits as when every match is counted.
docs = api(addr, q + "&docs=1")
assert docs["exact"] is False and docs["unit"] == "meetings" and docs["total"] >= 1, ("docs past the cap", docs["total"], docs["exact"])
docs_full = api(addr, q + "&docs=1&facets=year")
assert docs_full["exact"] is True, ("docs with facets", docs_full["exact"])
assert [h["id"] for h in docs["hits"]] == [h["id"] for h in docs_full["hits"]], "the meetings' hits changed with the count"
one = api(addr, "/api/search?q=nyretransplantasjon&docs=1")
assert one["exact"] is True and one["total"] == 1, ("docs under the cap", one["total"], one["exact"])
PY
}
hooked "/api/search past its count cap: exact false and the estimate (also in meetings); exact with facets; under it exact" count_cap_holds
stop_server
check "no sanitizer report from any server" sh -c '! grep -E "Sanitizer|runtime error" "$1"' _ "$TMP/servers.err"

t_done
