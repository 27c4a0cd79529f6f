# tests/e2e/understand.sh - how a query is understood (issue 18): a query
# typed as a sentence or question drops its question and function words,
# a year ranks that year's meetings higher and a decision word the
# decision sections (boosts, never filters; year: still filters), and
# referat-query --explain and /api/search's explain=1 say so: the words
# kept and dropped, each word's query, the boosts, the Xapian query.
#
# The server binds 127.0.0.1 port 0 and is stopped by its PID.
. "$REFERAT_SRCDIR/tests/lib.sh"
. "$REFERAT_SRCDIR/tests/serve-lib.sh"

# Two meetings of one body a year apart, on the same items.  The 2023
# item on waiting times says "ventetid" more often, so it outranks the
# 2022 one on the words alone; the 2023 item on the interpreters says
# "tolketjenesten" more often, but only the 2022 one has a decision.
MIN="$TMP/minutes"
mkdir -p "$MIN"
cat >"$MIN/2022-03-10-horselsutvalget-referat.txt" <<'EOF2'
Referat fra møte i Fagutvalget for hørselshjelpemidler

Dato: 10. mars 2022
Sted: Teams

Sak 3/2022 Ventetid for tilpasning av høreapparat

Bakgrunn:
Audiografene melder at ventetiden for tilpasning av høreapparat har økt til fem måneder. Utvalget drøftet årsakene.

Vedtak:
Fagutvalget ber klinikken om en plan som halverer ventetiden før sommeren.

Sak 4/2022 Fjerntilpasning

Bakgrunn:
Fjerntilpasning over video er prøvd ut på tre kontorer med gode erfaringer hos eldre brukere.

Sak 5/2022 Tolketjenesten

Bakgrunn:
Saken gjelder skrivetolk i møter.

Vedtak:
Fagutvalget slutter seg til at tolketjenesten kan bestilles av brukerne selv.
EOF2
cat >"$MIN/2023-03-09-horselsutvalget-referat.txt" <<'EOF2'
Referat fra møte i Fagutvalget for hørselshjelpemidler

Dato: 9. mars 2023
Sted: Teams

Sak 3/2023 Ventetid for tilpasning av høreapparat

Bakgrunn:
Ventetiden for tilpasning av høreapparat er fortsatt lang. Ventetiden var fire måneder ved årsskiftet, og audiografene melder om lang ventetid også i distriktene.

Vedtak:
Fagutvalget tar orienteringen til etterretning.

Sak 4/2023 Batterier til barn

Bakgrunn:
Foreldre har spurt om gratis batterier til barn med høreapparat. Ordningen med batterier ble forklart i møtet.

Sak 5/2023 Tolketjenesten

Bakgrunn:
Tolketjenesten har fått nye lokaler. Tolketjenesten melder om flere bestillinger av skrivetolk enn før.
EOF2
DB="$TMP/db"
"$INDEX" --db "$DB" "$MIN" >"$TMP/index.out" 2>&1
check "the test minutes index" sh -c 'grep -q " 0 failed" "$1"' _ "$TMP/index.out"

# first FIELD WANT QUERY...: the first hit's FIELD (JSON) is WANT.
first() {
    field=$1; want=$2; shift 2
    "$QUERY" --db "$DB" --json --limit 3 -- "$@" >"$TMP/first.json" 2>&1 || { cat "$TMP/first.json" >&2; return 1; }
    python3 - "$TMP/first.json" "$field" "$want" <<'PY'
import json, sys
hits = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
if not hits:
    sys.exit("no hit")
got = str(hits[0].get(sys.argv[2]))
if got != sys.argv[3]:
    sys.exit("first hit's %s is %s, want %s: %s" % (sys.argv[2], got, sys.argv[3], hits[0]["text"][:120]))
PY
}

# The boosts decide where the words alone rank the other passage first.
check "keywords alone rank the 2023 waiting-time item first" first date 2023-03-09 ventetiden høreapparat
check "'i 2022' ranks the 2022 meeting first (a boost)" \
    first date 2022-03-10 hva var ventetiden for høreapparat i 2022
check "'2022' typed as a keyword still ranks the 2022 meeting first" \
    first date 2022-03-10 ventetid høreapparat 2022
check "keywords alone rank the 2023 interpreter item first" first date 2023-03-09 tolketjenesten
check "'besluttet' ranks the item with a decision first (a boost)" \
    first date 2022-03-10 hva ble besluttet om tolketjenesten
check "a year is a boost, not a filter: the other year's item is still found" sh -c '
    "$1" --db "$2" --json -- hva var ventetiden for høreapparat i 2022 | grep -q "\"date\":\"2023-03-09\""' _ "$QUERY" "$DB"
check "year: still filters" sh -c '
    "$1" --db "$2" --json -- hva var ventetiden year:2022 >"$3" && [ -s "$3" ] && ! grep -q "\"date\":\"2023" "$3"' _ "$QUERY" "$DB" "$TMP/year.json"
# A question's words are not all required: "hvem", "har", "spurt" are
# in no passage with "batterier", yet the item is found, first.
check "a question finds the passage without its question words" \
    first case 4/2023 hvem har spurt om batterier til barn

# A word of a sentence that no passage has is read as the two words it
# compounds: "høreapparattilpasning" for "tilpasning av høreapparat".
check "a sentence's unknown compound finds its parts" sh -c '
    "$1" --db "$2" --json --limit 1 -- hvor lang er ventetiden for høreapparattilpasning | grep -q "\"title\":\"Ventetid for tilpasning"' _ "$QUERY" "$DB"
"$QUERY" --db "$DB" --explain --limit 0 -- hvor lang er ventetiden for høreapparattilpasning >"$TMP/split.txt" 2>&1
check "--explain names the parts of an unknown compound" contains "$TMP/split.txt" \
    "explain: kept: høreapparattilpasning (no passage has it: also høreapparat + tilpasning) = Query("

# --explain, as text.
"$QUERY" --db "$DB" --explain --limit 1 -- 'Hva ble vedtatt om ventetiden i 2022?' >"$TMP/explain.txt" 2>&1
check "--explain reads a question as a sentence" contains "$TMP/explain.txt" "explain: read as: a sentence"
check "--explain names the question words dropped" contains "$TMP/explain.txt" "explain: dropped: Hva (question or function word)"
check "--explain names a year as a boost" contains "$TMP/explain.txt" "explain: boost: meetings of 2022 x"
check "--explain names the decision boost" contains "$TMP/explain.txt" "explain: boost: decision sections x"
check "--explain keeps the decision word as a word too" \
    sh -c 'grep -q "^explain: kept: vedtatt = Query(" "$1"' _ "$TMP/explain.txt"
check "--explain shows a kept word's query with its stems and weights" \
    sh -c 'grep -q "^explain: kept: ventetiden = Query(.*Zventetid" "$1"' _ "$TMP/explain.txt"
check "--explain shows the Xapian query" sh -c 'grep -q "^explain: xapian: Query(" "$1"' _ "$TMP/explain.txt"
check "--explain prints the hits after" sh -c 'grep -q "^1\. " "$1"' _ "$TMP/explain.txt"
"$QUERY" --db "$DB" --explain --limit 1 -- ventetiden høreapparat >"$TMP/keywords.txt" 2>&1
check "--explain reads keywords as keywords, nothing dropped" sh -c '
    grep -q "explain: read as: keywords" "$1" && ! grep -q "explain: dropped" "$1"' _ "$TMP/keywords.txt"
check "--explain --csv is refused" expect_exit 2 "$QUERY" --db "$DB" --explain --csv -- ventetiden

# --explain --json: one line {"explain":...} before the hits.
"$QUERY" --db "$DB" --explain --json --limit 1 -- hvornår blev tolketjenesten besluttet i 2022 >"$TMP/explain.json" 2>&1
check "--explain --json: the explanation, then the hits" python3 - "$TMP/explain.json" <<'PY'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
x = lines[0]["explain"]
assert x["sentence"] is True, x
assert x["kept"] == ["tolketjenesten", "besluttet", "2022"], x["kept"]
assert {d["word"] for d in x["dropped"]} == {"hvornår", "blev", "i"}, x["dropped"]
assert x["split"] == {}, x["split"]
assert x["boosts"]["year"]["value"] == "2022" and x["boosts"]["decision"]["factor"] > 1, x["boosts"]
assert "tolketjenesten" in x["expansions"]["tolketjenesten"], x["expansions"]
assert x["xapian"].startswith("Query("), x["xapian"]
assert "rank" in lines[1], lines[1]
PY

# /api/search explain=1.
check "starts on 127.0.0.1 port 0" start_server --db "$DB" --listen 127.0.0.1:0
get "/api/search?q=hva+ble+om+tolketjenesten+besluttet&explain=1&limit=1"
check "explain=1: the answer says how the query was understood" python3 - "$TMP/status" "$TMP/body" <<'PY'
import json, sys
assert open(sys.argv[1]).read() == "200"
d = json.load(open(sys.argv[2]))
x = d["explain"]
assert x["sentence"] is True and x["kept"] == ["tolketjenesten", "besluttet"], x
assert [w["why"] for w in x["dropped"] if w["word"] == "om"] == ["question or function word"], x
assert "decision" in x["boosts"] and "year" not in x["boosts"], x["boosts"]
assert d["hits"][0]["date"] == "2022-03-10", d["hits"][0]
PY
get "/api/search?q=tolketjenesten&limit=1"
check "without explain=1, no explain" python3 -c '
import json, sys; d = json.load(open(sys.argv[1])); assert "explain" not in d, d' "$TMP/body"
get "/api/search?q=tolketjenesten&explain=yes"
check "explain=yes is a 400" sh -c '[ "$(cat "$1")" = 400 ] && grep -q "explain must be 0 or 1" "$2"' _ "$TMP/status" "$TMP/body"
stop_server

t_done
