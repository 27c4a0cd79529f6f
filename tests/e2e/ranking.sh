# tests/e2e/ranking.sh - index the sample corpus and check which passage
# ranks first for queries in both languages (targets from corpus/README.md).
# Each line of the table: file the top hit must come from | text the top
# passage must contain | the query.
. "$REFERAT_SRCDIR/tests/lib.sh"

DB="$TMP/db"
"$INDEX" --db "$DB" "$CORPUS/nb" "$CORPUS/da" >"$TMP/index.out" 2>&1
check "the sample corpus indexes cleanly" sh -c 'grep -q " 0 failed, 0 skipped, 0 copied;" "$1"' _ "$TMP/index.out"

# top FILE TEXT QUERY...: the first hit comes from FILE and contains TEXT.
top() {
    file=$1; text=$2; shift 2
    "$QUERY" --db "$DB" --json --limit 1 "$@" >"$TMP/top.json" 2>&1 || { cat "$TMP/top.json" >&2; return 1; }
    python3 - "$TMP/top.json" "$file" "$text" <<'PY'
import json, sys
lines = open(sys.argv[1]).read().splitlines()
if not lines:
    sys.exit("no hit")
h = json.loads(lines[0])
ok_file = h["path"].endswith("/" + sys.argv[2])
ok_text = sys.argv[3] in h["text"]
if not (ok_file and ok_text):
    sys.exit("top hit: %s passage %d: %s" % (h["path"], h["passage"], h["text"][:160]))
PY
}

while IFS='|' read -r file text query; do
    case $file in ''|\#*) continue ;; esac
    # shellcheck disable=SC2086
    check "top hit for: $query" top "$file" "$text" $query
done <<'TABLE'
# Norwegian, clean files
nb/2020-11-04-styringsgruppen-referat.txt|gruppeopphold|digitale gruppeopphold
nb/2020-11-04-styringsgruppen-referat.txt|effektiviseringskrav|effektiviseringskrav
nb/2020-11-04-styringsgruppen-referat.txt|vararepresentant|personlig vararepresentant mandat
nb/2022-06-08-styringsgruppen-referat.txt|hospiteringsordning|ny hospiteringsordning
nb/2022-06-08-styringsgruppen-referat.txt|Goal Attainment Scaling|"Goal Attainment Scaling"
nb/2022-06-08-styringsgruppen-referat.txt|cross-border|cross-border referral
# Norwegian, OCR-damaged files, words that survived
nb/2021-03-17-fagradet-referat.txt|registerkoordinator|registerkoordinator
nb/2021-03-17-fagradet-referat.txt|studiesjukepleiar|studiesjukepleiar
nb/2023-10-25-fagradet-referat.txt|transisjonspoliklinikk|transisjonspoliklinikk
nb/2025-01-29-styringsgruppen-referat.txt|strategiplan|strategiplan
# Inflected forms find each other through the stems
nb/2025-01-29-styringsgruppen-referat.txt|konsultasjonsteam|konsultasjonsteamet
# Danish
da/2023-09-14-neuromodulation-referat.txt|ultralydsbehandling|ventetid for ultralydsbehandling
da/2023-09-14-neuromodulation-referat.txt|fjernprogrammering|fjernprogrammering
da/2022-10-24-styregruppe-referat.txt|dødsfald|audit ved dødsfald
da/2024-12-05-styregruppe-referat.txt|rejsepulje|rejsepulje
da/2024-12-05-styregruppe-referat.txt|visitationsskema|protonterapi visitationsskema
da/2021-04-28-udvalg-referat.txt|ORPHA-koding|ORPHA-koding
da/2021-04-28-udvalg-referat.txt|ERN-koordinator|ERN-koordinator
# Case numbers and hyphenated units are single tokens
nb/2022-06-08-styringsgruppen-referat.txt|7/2022|"Sak 7/2022"
TABLE

# A Norwegian query finds Danish text and the reverse.
check "Norwegian 'ventetid' finds the Danish waiting-time passage" sh -c '
    "$1" --db "$2" --json ventetid | grep -q "da/2023-09-14-neuromodulation-referat.txt"' _ "$QUERY" "$DB"
check "'årsrapport' finds Danish minutes" sh -c '
    "$1" --db "$2" --json --limit 20 årsrapport | grep -q "\"path\":\"[^\"]*/da/"' _ "$QUERY" "$DB"
check "a word found nowhere returns nothing" sh -c '
    [ -z "$("$1" --db "$2" --json kvantekromodynamikk 2>/dev/null)" ]' _ "$QUERY" "$DB"

# Phrases pass over the gap words the index keeps no positions for
# ("til", "fra", docs/index-format.md), in order, within the tokens' span.
check "a phrase with gap words finds its passage" top \
    nb/2022-06-08-styringsgruppen-referat.txt "Rapporten tas til orientering" '"rapporten tas til orientering"'
check "a phrase's words must keep their order" sh -c '
    [ -z "$("$1" --db "$2" --json "\"orientering til tas rapporten\"" 2>/dev/null)" ]' _ "$QUERY" "$DB"
check "a phrase's gap still needs its other words adjacent enough" sh -c '
    [ -z "$("$1" --db "$2" --json "\"rapporten til orientering\"" 2>/dev/null)" ]' _ "$QUERY" "$DB"
check "a gap word must be in the passage" sh -c '
    "$1" --db "$2" --json --limit 50 "\"referat fra forrige\"" | python3 -c "
import json, sys
hits = [json.loads(l) for l in sys.stdin]
assert hits and all(\" fra \" in \" \" + h[\"text\"].lower().replace(chr(10), \" \") + \" \" for h in hits), len(hits)
"' _ "$QUERY" "$DB"

# Agenda lists rank at half their score (lib/query/agenda.c): for the first
# pages the lists and the other passages are searched apart and merged;
# past 1000 hits one query scales them.  Both must give one order.
same_order() {
    "$QUERY" --db "$DB" --json --limit 10 "$@" >"$TMP/split.json" &&
    "$QUERY" --db "$DB" --json --limit 1001 "$@" | head -n 10 >"$TMP/single.json" &&
    python3 - "$TMP/split.json" "$TMP/single.json" <<'PY'
import json, sys
a, b = ([(h["path"], h["passage"], round(h["score"], 9)) for h in map(json.loads, open(f))]
        for f in sys.argv[1:3])
if len(a) < 10 or a != b:
    sys.exit("split %s\nsingle %s" % (a, b))
PY
}
for q in godkjenning dagsorden "godkjenning referat" "sak 2023"; do
    # shellcheck disable=SC2086
    check "agenda lists merged in the order of one query: $q" same_order $q
done
check "an agenda list ranks below the items for 'dagsorden'" sh -c '
    "$1" --db "$2" --json --limit 20 dagsorden | python3 -c "
import json, sys
hits = [json.loads(l) for l in sys.stdin]
first_list = min(i for i, h in enumerate(hits) if h[\"text\"].lstrip().lower().startswith(\"dagsorden\"))
assert first_list > 0, first_list
"' _ "$QUERY" "$DB"

# The word as typed is one of its stems' terms too ("rehabilitering" is
# its own Norwegian stem); the query reads its posting list once
# (lib/query/build.c, group_split), weighted so that a passage with only the
# word, or only another form of it, scores as with the list read twice
# (REFERAT_NO_SPLIT=1), and one with both forms counts each.
SPLIT="$TMP/split"
mkdir -p "$SPLIT"
printf 'Rehabilitering av barn ble drøftet av styret.\n' >"$SPLIT/a.txt"
printf 'Rehabiliteringen av barn ble drøftet av styret.\n' >"$SPLIT/b.txt"
printf 'Rehabilitering og rehabiliteringen ble drøftet av styret.\n' >"$SPLIT/c.txt"
printf 'Budsjettet for %s ble drøftet av styret.\n' 2024 2025 2026 >"$SPLIT/d.txt"
printf 'Styret vedtok planen for %s.\n' neste kommende >"$SPLIT/e.txt"
"$INDEX" --quiet --db "$TMP/split-db" "$SPLIT" >/dev/null 2>&1
hooked "one list read for the word and its stems: the same scores, both forms count each" sh -c '
    REFERAT_NO_SPLIT=1 "$1" --db "$2" --json rehabilitering >"$3/twice.json" &&
    "$1" --db "$2" --json rehabilitering >"$3/once.json" &&
    python3 - "$3/twice.json" "$3/once.json" <<PY
import json, sys
twice, once = ({h["path"].rsplit("/", 1)[1]: h["score"] for h in map(json.loads, open(f))}
               for f in sys.argv[1:3])
assert sorted(twice) == sorted(once) == ["a.txt", "b.txt", "c.txt"], (twice, once)
for f in "a.txt", "b.txt":
    assert abs(once[f] - twice[f]) <= 0.01 * twice[f], (f, twice, once)
assert once["c.txt"] > 1.05 * twice["c.txt"], (twice, once)
PY' _ "$QUERY" "$TMP/split-db" "$TMP"

t_done
