# tests/e2e/structure.sh - minutes structure end to end: meeting fields in
# the output, filters, the precedent trail, sorting, one hit per meeting,
# facets and the timeline.
. "$REFERAT_SRCDIR/tests/lib.sh"

DB="$TMP/db"
"$INDEX" --db "$DB" "$CORPUS/nb" "$CORPUS/da" >"$TMP/index.out" 2>&1

# json_check PYTHON QUERY-ARGS...: runs referat-query --json with the
# arguments and evaluates the Python assertions over `hits` (the hit
# objects) and `extra` (the other JSON lines: facets, timeline).
json_check() {
    code=$1; shift
    "$QUERY" --db "$DB" --json "$@" >"$TMP/out.json" 2>"$TMP/err.txt" || { cat "$TMP/err.txt" >&2; return 1; }
    python3 - "$TMP/out.json" "$code" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
hits = [r for r in rows if "rank" in r]
extra = [r for r in rows if "rank" not in r]
exec(sys.argv[2])
PY
}

check "JSON carries the meeting and the item" json_check '
h = hits[0]
assert h["date"] == "2023-10-25" and h["year"] == 2023, h
assert h["date_source"] == "text", h
assert h["body"] and "Fag" in h["body"], h["body"]
assert h["case"] == "17/2023", h["case"]
assert h["title"] and "paraparese" in h["title"].lower(), h["title"]
' --limit 1 "hereditær spastisk paraparese Fjellheim"

check "year: keeps one year" json_check '
assert hits and all(h["year"] == 2022 for h in hits), [h["year"] for h in hits]
' --limit 50 "year:2022 rehabilitering"
check "date: range with an open start" json_check '
assert hits and all(h["date"] <= "2021-06-30" for h in hits), [h["date"] for h in hits]
' --limit 50 "date:..2021-06 rehabilitering"
check "date: closed range" json_check '
assert hits and all("2022-01-01" <= h["date"] <= "2023-12-31" for h in hits)
' --limit 50 "date:2022-01..2023-12 behandling"
check "lang: keeps one language" json_check '
assert hits and all(h["lang"] == "da" for h in hits)
' --limit 50 "lang:da ventetid"
check "body: matches the OCR-damaged spelling of the body" json_check '
paths = {h["path"].rsplit("/", 1)[1] for h in hits}
assert "2021-03-17-fagradet-referat.txt" in paths, paths
assert all("fagradet" in p for p in paths), paths
' --limit 100 "body:\"Fagrådet\" sjeldne"
check "section:vedtak keeps passages with a decision" json_check '
import re
assert hits
for h in hits:
    assert re.search(r"(?im)^\s*(- )?(vedtak|beslutning|referat)\b", h["text"]), h["text"][:200]
' --limit 50 "section:vedtak hospitering"
check "section:vedtak finds a decision through its item title" json_check '
h = hits[0]
assert h["case"] == "17/2023" and "Vedtak" in h["text"], (h["case"], h["text"][:200])
' --limit 1 "section:vedtak paraparese"
check "case: the item first, then passages that refer to it" json_check '
assert hits[0]["case"] == "7/2022", hits[0]["case"]
assert any(h["year"] == 2025 and h["case"] != "7/2022" for h in hits), [(h["year"], h["case"]) for h in hits]
' --limit 30 "case:7/2022"
check "case: accepts other spellings" json_check '
assert hits[0]["case"] == "7/2022"
' --limit 1 "case:\"sak 7 /22\""
check "--sort date: newest first" json_check '
dates = [h["date"] for h in hits]
assert len(dates) > 3 and dates == sorted(dates, reverse=True), dates
' --limit 50 --sort date rehabilitering
check "--docs: one passage per meeting" json_check '
paths = [h["path"] for h in hits]
assert len(paths) > 2 and len(paths) == len(set(paths)), paths
' --limit 50 --docs rehabilitering
check "--facets counts the whole match set" json_check '
f = extra[0]["facets"]
assert set(f) == {"year", "body", "section"}, f
assert sum(f["year"].values()) == len(hits), (f["year"], len(hits))
' --limit 1000 --facets year,body,section rehabilitering
check "--timeline gives hits per year" json_check '
t = extra[0]["timeline"]
years = [r["year"] for r in t]
assert years == list(range(years[0], years[-1] + 1)), years
assert sum(r["hits"] for r in t) == len(hits)
' --limit 1000 --timeline rehabilitering
check "--timeline draws bars on a terminal" sh -c '
    "$1" --db "$2" --limit 1 --timeline rehabilitering | grep -Eq "^20[0-9][0-9] (█+ )?[0-9]+$"' _ "$QUERY" "$DB"
check "bad field values are one-line errors" sh -c '
    for q in "year:20x3 a" "date:2023-13 a" "lang:sv a" "section:foo a" "case:abc a"; do
        "$1" --db "$2" "$q" >/dev/null 2>"$3/e"; [ $? -eq 2 ] && [ "$(wc -l <"$3/e")" -eq 1 ] || exit 1
    done' _ "$QUERY" "$DB" "$TMP"
check "bad --facets and --sort are usage errors" sh -c '
    "$1" --db "$2" --facets color x 2>/dev/null; [ $? -eq 2 ] &&
    { "$1" --db "$2" --sort size x 2>/dev/null; [ $? -eq 2 ]; }' _ "$QUERY" "$DB"

# A file without a date in its text takes the date from its name, marked
# as such; never the time of indexing.
mkdir -p "$TMP/undated"
printf 'Referat\n\nSak 1/2019 Kvalitetsarbeid\nStyret drøftet kvalitetsarbeidet i tjenesten og ba om en plan.\n' \
    >"$TMP/undated/referat-20190506.txt"
printf 'Referat\n\nSak 2/2019 Budsjett\nStyret drøftet budsjettet og ba om en ny plan for innsparing.\n' \
    >"$TMP/undated/notat.txt"
"$INDEX" --db "$TMP/db2" "$TMP/undated" >/dev/null 2>&1
check "a date from the file name is marked as such" sh -c '
    "$1" --db "$2" --json kvalitetsarbeidet | grep -q "\"date\":\"2019-05-06\",\"year\":2019,\"date_source\":\"filename\""' _ "$QUERY" "$TMP/db2"
check "no date anywhere: no date, not the time of indexing" sh -c '
    "$1" --db "$2" --json budsjettet | grep -q "\"date\":null"' _ "$QUERY" "$TMP/db2"

t_done
