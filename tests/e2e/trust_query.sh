# tests/e2e/trust_query.sh - referat-query's answers hold what they say
# (issue 14): field filters hold for the "not all words" hits too, a
# misspelt field is an error, options are read after the query, and the
# messages and counts agree with the output (--limit 0, a page past the
# end, --docs).
. "$REFERAT_SRCDIR/tests/lib.sh"

# Two bodies: NKSH's steering group, whose name the indexer learns as an
# acronym, and a council whose minutes name NKSH in full.
mkdir -p "$TMP/m"
cat >"$TMP/m/2023-03-08-styringsgruppen-referat.txt" <<'EOF'
Referat

Møtetema: Styringsgruppemøte, Nasjonal kompetansetjeneste for sjeldne hudsykdommer (NKSH)

Dato møte: onsdag 08.03.23 kl. 10:00-12:00

Sak 4/2023 Lysbehandling i kommunene

Bakgrunn:
Flere kommuner ønsker å tilby lysbehandling nær pasientenes bosted. NKSH har laget en veileder for oppfølging av lysbehandling.

Vedtak: Styringsgruppen støtter veilederen.

Sak 5/2023 Kurs for sykepleiere

Bakgrunn:
Kurset for sykepleiere holdes i høst, med vekt på ventetid for henviste pasienter.
EOF
cat >"$TMP/m/2024-05-15-styringsgruppen-referat.txt" <<'EOF'
Referat

Møtetema: Styringsgruppemøte, Nasjonal kompetansetjeneste for sjeldne hudsykdommer (NKSH)

Dato møte: onsdag 15.05.24 kl. 10:00-12:00

Sak 2/2024 Lysbehandling og ventetid

Bakgrunn:
Ventetiden for lysbehandling har økt i to regioner.

Vedtak: NKSH kartlegger ventetiden for lysbehandling.
EOF
cat >"$TMP/m/2023-09-20-fagradet-referat.txt" <<'EOF'
Referat

Møtetema: Fagrådet for hudhelse

Dato møte: onsdag 20.09.23 kl. 13:00-15:00

Sak 9/2023 Tilbud i regionene

Bakgrunn:
Fagrådet drøftet ventetid for lysbehandling. Nasjonal kompetansetjeneste for sjeldne hudsykdommer deltok på møtet.

Sak 10/2023 Budsjett

Bakgrunn:
Budsjettet for neste år ble lagt fram. Ventetid ble ikke drøftet.
EOF
DB="$TMP/db"
"$INDEX" --db "$DB" "$TMP/m" >"$TMP/index.out" 2>&1 || cat "$TMP/index.out"

# bodies ARGS...: the bodies of the hits of a --json query, one a line.
bodies() {
    "$QUERY" --db "$DB" --json "$@" | python3 -c '
import json, sys
for l in sys.stdin:
    r = json.loads(l)
    if "rank" in r:
        print(r["match"], r["body"])'
}

# Finding 4: filters hold for every hit, full or partial.
# only_nksh QUERY: the hits of QUERY, some with only some of its words
# when PARTIAL is set, all from NKSH's meetings.
only_nksh() {
    out=$(bodies -n 50 "$1"); echo "$out"
    [ -n "$out" ] && ! echo "$out" | grep -v "NKSH" &&
        { [ -z "${2:-}" ] || echo "$out" | grep -q "^some "; }
}
check "body: holds for the hits with only some of the words" only_nksh "body:NKSH lysbehandling kurs" partial
check "body: is not widened to the name NKSH stands for" only_nksh "body:NKSH ventetid"
check "year: holds for the hits with only some of the words" sh -c '
    "$1" --db "$2" --json -n 50 "year:2024 lysbehandling kurs" | python3 -c "
import json, sys
rows = [json.loads(l) for l in sys.stdin]
assert rows and all(r[\"year\"] == 2024 for r in rows), [(r[\"year\"], r[\"match\"]) for r in rows]"' _ "$QUERY" "$DB"
check "a filter inside brackets holds for every hit" only_nksh "(body:NKSH OR year:2024) lysbehandling kurs"
check "a misspelt field is an error naming the fields" sh -c '
    "$1" --db "$2" "yaer:2023 lysbehandling" >/dev/null 2>"$3/e"; s=$?; cat "$3/e"
    [ $s -eq 2 ] && [ "$(wc -l <"$3/e")" -eq 1 ] &&
    grep -q "unknown field yaer (fields: year, date, body, lang, case, section)" "$3/e"' _ "$QUERY" "$DB" "$TMP"
check "text with a colon stays words" sh -c '
    for q in "Sak:3 lysbehandling" "https://helse.no lysbehandling" "kl. 10:00 lysbehandling"; do
        "$1" --db "$2" "$q" >/dev/null 2>&1 || { echo "failed: $q"; exit 1; }
    done' _ "$QUERY" "$DB"

# Finding 5: options anywhere; -- ends them.
check "--json after the query gives JSON" sh -c '
    "$1" --db "$2" lysbehandling --json | python3 -c "
import json, sys
rows = [json.loads(l) for l in sys.stdin]
assert rows and all(\"rank\" in r for r in rows)"' _ "$QUERY" "$DB"
check "-n after the query limits, as before it" sh -c '
    a=$("$1" --db "$2" --json -n 1 ventetid); b=$("$1" --db "$2" --json ventetid -n 1)
    [ "$(printf "%s\n" "$b" | wc -l)" -eq 1 ] && [ "$a" = "$b" ]' _ "$QUERY" "$DB"
check "a query word starting with - gets a hint to use --" sh -c '
    "$1" --db "$2" lysbehandling -budsjett >/dev/null 2>"$3/e"; s=$?; cat "$3/e"
    [ $s -eq 2 ] && [ "$(wc -l <"$3/e")" -eq 1 ] &&
    grep -q "unknown option -budsjett (to search for it, put -- before the query)" "$3/e"' _ "$QUERY" "$DB" "$TMP"
check "-drift is no --db, -nedleggelse no --limit" sh -c '
    "$1" --db "$2" ventetid -drift >/dev/null 2>"$3/e"; a=$?
    "$1" --db "$2" ventetid -nedleggelse >/dev/null 2>>"$3/e"; b=$?; cat "$3/e"
    [ $a -eq 2 ] && [ $b -eq 2 ] && [ "$(grep -c "put -- before" "$3/e")" -eq 2 ]' _ "$QUERY" "$DB" "$TMP"
check "after --, a word starting with - is a query word" sh -c '
    out=$("$1" --db "$2" --json -n 50 -- ventetid -budsjett) &&
    [ -n "$out" ] && ! printf "%s\n" "$out" | grep -qi "budsjett"' _ "$QUERY" "$DB"

# Finding 9: messages that agree with the output.
check "--limit 0 with facets prints no 'no passage matches'" sh -c '
    "$1" --db "$2" -n 0 --facets year lysbehandling >"$3/o" 2>"$3/e"; cat "$3/e"
    [ ! -s "$3/e" ] && grep -q "^year" "$3/o"' _ "$QUERY" "$DB" "$TMP"
check "a page past the end says how many match" sh -c '
    "$1" --db "$2" --offset 1000 lysbehandling >/dev/null 2>"$3/e"; cat "$3/e"
    grep -q "no hits on this page: 3 passages match .lysbehandling. (offset 1000)" "$3/e"' _ "$QUERY" "$DB" "$TMP"
check "one match is singular" sh -c '
    "$1" --db "$2" -n 0 kurset >/dev/null 2>"$3/e"; cat "$3/e"
    grep -q "1 passage matches .kurset." "$3/e"' _ "$QUERY" "$DB" "$TMP"
# "ventetid": three passages of two meetings in 2023, one in 2024.
check "--docs facets and timeline count meetings, and say so" sh -c '
    "$1" --db "$2" --json -n 0 --docs --facets year,body --timeline ventetid | python3 -c "
import json, sys
rows = [json.loads(l) for l in sys.stdin]
f = [r for r in rows if \"facets\" in r][0]; t = [r for r in rows if \"timeline\" in r][0]
assert f[\"unit\"] == \"meetings\" and t[\"unit\"] == \"meetings\", rows
assert f[\"facets\"][\"year\"] == {\"2023\": 2, \"2024\": 1}, f
assert [e[\"hits\"] for e in t[\"timeline\"]] == [2, 1], t"
    "$1" --db "$2" -n 0 --docs --timeline ventetid | grep -q "^meetings per year"' _ "$QUERY" "$DB"
check "facets without --docs count passages, and say so" sh -c '
    "$1" --db "$2" --json -n 0 --facets year ventetid | python3 -c "
import json, sys
f = json.loads(sys.stdin.readline())
assert f[\"unit\"] == \"passages\" and f[\"facets\"][\"year\"] == {\"2023\": 3, \"2024\": 1}, f"' _ "$QUERY" "$DB"
check "--docs counts meetings in its message too" sh -c '
    "$1" --db "$2" -n 0 --docs ventetid >/dev/null 2>"$3/e"; cat "$3/e"
    grep -q "3 meetings match .ventetid." "$3/e"' _ "$QUERY" "$DB" "$TMP"

t_done
