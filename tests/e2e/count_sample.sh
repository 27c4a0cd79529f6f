# tests/e2e/count_sample.sh - a costly count made over a fixed sample of
# the passages (qry_sample_above, xs_db_count_sample): /api/search's
# total is then an estimate, "exact": false, within a stated bound of the
# exact count; the hits are the same; facets, a timeline and a query with
# a field still count exactly; referat-query's summary says "about".  A
# phrase whose sample holds too few matches to scale is counted exactly
# by the page's own searches (engine.c's plan_count): the same answer.
# REFERAT_SAMPLE_ABOVE=1 (a test hook) makes every count of a generated
# archive of 1,468 passages costly.
. "$REFERAT_SRCDIR/tests/lib.sh"
. "$REFERAT_SRCDIR/tests/serve-lib.sh"

skip_rest "sampled: exact false, total within a quarter" "sampled: the same figures again" \
    "sampled: the same hits" "sampled: meetings within a quarter" \
    "with facets or a timeline: exact" "a field: exact" "a phrase too rare to sample: the same answer" \
    "referat-query's summary says about"

"$REFERAT_BUILDDIR/corpus/referat-gen" --mb 1 --seed 17 "$TMP/gen" >/dev/null 2>&1
"$INDEX" --db "$TMP/db" "$TMP/gen" >/dev/null 2>&1

cat >"$TMP/api.py" <<'EOF'
import json, sys, urllib.request
def api(addr, path):
    with urllib.request.urlopen("http://" + addr + path, timeout=10) as r:
        return json.load(r)
EOF
# The exact figures, from a server that samples nothing.
start_server --db "$TMP/db" --listen 127.0.0.1:0
get "/api/search?q=sak"
cp "$TMP/body" "$TMP/exact.json"
get "/api/search?q=sak&docs=1"
cp "$TMP/body" "$TMP/exact-docs.json"
get "/api/search?q=%22referat%20fra%20m%C3%B8tet%22"
cp "$TMP/body" "$TMP/exact-phrase.json"
stop_server

REFERAT_SAMPLE_ABOVE=1 start_server --db "$TMP/db" --listen 127.0.0.1:0
# sampled CASE PY: runs the Python assertions PY with addr, exact (the
# exact answer to q=sak) and exact_docs (to q=sak&docs=1) at hand.
sampled() {
    check "$1" python3 - "$ADDR" "$TMP" "$2" <<'PY'
import json, sys
sys.path.insert(0, sys.argv[2])
from api import api
addr = sys.argv[1]
exact = json.load(open(sys.argv[2] + "/exact.json"))
exact_docs = json.load(open(sys.argv[2] + "/exact-docs.json"))
exec(sys.argv[3])
PY
}
sampled "sampled: exact false, total within a quarter" '
assert exact["exact"] is True and exact["total"] > 800, exact["total"]
s = api(addr, "/api/search?q=sak")
assert s["exact"] is False, s["exact"]
assert abs(s["total"] - exact["total"]) <= exact["total"] / 4, (s["total"], exact["total"])'
sampled "sampled: the same figures again" '
assert api(addr, "/api/search?q=sak")["total"] == api(addr, "/api/search?q=sak")["total"]'
sampled "sampled: the same hits" '
s = api(addr, "/api/search?q=sak")
assert [h["id"] for h in s["hits"]] == [h["id"] for h in exact["hits"]]'
sampled "sampled: meetings within a quarter" '
s = api(addr, "/api/search?q=sak&docs=1")
assert exact_docs["exact"] is True and s["exact"] is False, (exact_docs["exact"], s["exact"])
assert abs(s["total"] - exact_docs["total"]) <= exact_docs["total"] / 4, (s["total"], exact_docs["total"])'
sampled "with facets or a timeline: exact" '
f = api(addr, "/api/search?q=sak&facets=year")
assert f["exact"] is True and f["total"] == exact["total"], (f["exact"], f["total"])
assert sum(f["facets"]["year"].values()) == f["total"]
t = api(addr, "/api/search?q=sak&timeline=1")
assert t["exact"] is True and sum(t["timeline"].values()) == exact["total"]'
sampled "a field: exact" '
import urllib.parse
y = sorted(api(addr, "/api/search?q=sak&facets=year")["facets"]["year"].items(), key=lambda kv: -kv[1])[0][0]
r = api(addr, "/api/search?q=" + urllib.parse.quote("sak year:" + y))
assert r["exact"] is True, r["exact"]'
sampled "a phrase too rare to sample: the same answer" '
e = json.load(open(sys.argv[2] + "/exact-phrase.json"))
s = api(addr, "/api/search?q=%22referat%20fra%20m%C3%B8tet%22")
t = api(addr, "/api/search?q=%22referat%20fra%20m%C3%B8tet%22&timeline=1")
for d in (e, s):
    d.pop("took_ms")
assert s == e, (s["total"], e["total"])
assert s["exact"] is True and 10 < s["total"] < 8 * 100 and s["total"] == sum(t["timeline"].values()), s["total"]'
stop_server

check "referat-query's summary says about" sh -c '
    REFERAT_SAMPLE_ABOVE=1 "$1" --db "$2" sak | tail -n 1 | grep -qx "about [0-9]* passages in about [0-9]* meetings have all the words; shown: 1-10" &&
    "$1" --db "$2" sak | tail -n 1 | grep -qx "[0-9]* passages in [0-9]* meetings have all the words; shown: 1-10"' _ "$QUERY" "$TMP/db"
t_done
