# tests/e2e/nordic.sh - the Nordic repairs end to end, on the sample corpus:
# OCR damage, folding, line-end hyphens, compounds, suspended compounds,
# case numbers, acronyms and synonyms.  Each case checks the top hit and
# that the highlighted text is what actually stands in the passage.
. "$REFERAT_SRCDIR/tests/lib.sh"

DB="$TMP/db"
"$INDEX" --db "$DB" "$CORPUS/nb" "$CORPUS/da" >"$TMP/index.out" 2>&1

# hit FILE HIGHLIGHT QUERY...: the first hit comes from FILE and one of
# its highlights covers exactly the text HIGHLIGHT (white space folded),
# and it matched all the query's words.  A damaged word matched through
# the stem of its repair is highlighted from the stem's positions.
hit() {
    file=$1; mark=$2; shift 2
    "$QUERY" --db "$DB" --json --limit 1 "$@" >"$TMP/hit.json" 2>&1 || { cat "$TMP/hit.json" >&2; return 1; }
    python3 - "$TMP/hit.json" "$file" "$mark" <<'PY'
import json, sys
lines = open(sys.argv[1]).read().splitlines()
if not lines:
    sys.exit("no hit")
h = json.loads(lines[0])
text = h["text"].encode("utf-8")
marks = [" ".join(text[a:b].decode("utf-8").split()) for a, b in h["highlights"]]
if not h["path"].endswith("/" + sys.argv[2]):
    sys.exit("top hit from %s: %s" % (h["path"], h["text"][:120]))
if sys.argv[3] not in marks:
    sys.exit("highlights %s lack %r" % (marks, sys.argv[3]))
if h["match"] != "all":
    sys.exit("top hit matches only some words")
PY
}

while IFS='|' read -r kind file mark query; do
    case $kind in ''|\#*) continue ;; esac
    # shellcheck disable=SC2086
    check "$kind: $query" hit "$file" "$mark" $query
done <<'TABLE'
ocr|nb/2023-10-25-fagradet-referat.txt|Okonomi|økonomi underskudd
ocr|nb/2023-10-25-fagradet-referat.txt|@konomi|@konomi
ocr|nb/2023-10-25-fagradet-referat.txt|hereditzer|hereditær spastisk paraparese
ocr|nb/2021-03-17-fagradet-referat.txt|medikamentutprgvingsstudier|medikamentutprøvingsstudier
ocr|nb/2021-03-17-fagradet-referat.txt|registerkoordinator|fagrådet støtter registerkoordinator
ocr|nb/2021-03-17-fagradet-referat.txt|medikamentutprgvingsstudier|medikamentutprøvingsstudien
ocr|nb/2025-01-29-styringsgruppen-referat.txt|gkonomiske|økonomisk
folding|da/2024-12-05-styregruppe-referat.txt|Børnekræft|bornekraeft
folding|da/2024-12-05-styregruppe-referat.txt|Børnekræft|boernekraeft
folding|nb/2023-10-25-fagradet-referat.txt|Okonomi|okonomi
hyphen|da/2023-09-14-neuromodulation-referat.txt|overeks- tremiteterne|overekstremiteterne
hyphen|da/2022-10-24-styregruppe-referat.txt|lavgradige|lavgradige gliomer
hyphen|da/2023-09-14-neuromodulation-referat.txt|ned- bringe|nedbringe
hyphen|nb/2020-11-04-styringsgruppen-referat.txt|helse|helsetjenester
compound|nb/2021-03-17-fagradet-referat.txt|medikamentutprgvingsstudier|utprøving medikament
compound|da/2023-09-14-neuromodulation-referat.txt|batteriskift|batteri
acronym|da/2023-09-14-neuromodulation-referat.txt|DBS|"dyp hjernestimulering"
case|nb/2023-10-25-fagradet-referat.txt|19|Sak 19/2023
TABLE

# Exact spellings outrank folded ones: "årsrapport" puts the clean Danish
# spelling or the OCR'd Norwegian one first, never a folded-only match
# ahead of an exact one within the same file.
check "exact spelling outranks folded" sh -c '
    "$1" --db "$2" --json --limit 3 børnekræft | python3 -c "
import json, sys
hits = [json.loads(l) for l in sys.stdin]
assert hits and all(h[\"match\"] == \"all\" for h in hits)
" && a=$("$1" --db "$2" --json --limit 1 børnekræft | sed -n "s/.*\"score\":\([0-9.]*\).*/\1/p") &&
    b=$("$1" --db "$2" --json --limit 1 bornekraft | sed -n "s/.*\"score\":\([0-9.]*\).*/\1/p") &&
    python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) > float(sys.argv[2]) else 1)" "$a" "$b"' _ "$QUERY" "$DB"

# Parts never turn AND into OR: both words must match (whole or as parts).
check "compound parts keep AND" sh -c '
    "$1" --db "$2" --json --limit 50 rehabilitering opphold | python3 -c "
import json, sys
for l in sys.stdin:
    h = json.loads(l)
    if h[\"match\"] == \"all\":
        t = h[\"text\"].lower()
        assert \"rehabilit\" in t and \"opphold\" in t, t[:100]
"' _ "$QUERY" "$DB"

# A whole-word match outranks a part match.
check "whole word outranks compound part" sh -c '
    "$1" --db "$2" --json --limit 1 opphold | grep -q "\"highlights\":\[\[" &&
    "$1" --db "$2" --json --limit 1 opphold | python3 -c "
import json, sys
h = json.loads(sys.stdin.readline())
t = h[\"text\"].encode()
words = [t[a:b].decode().lower() for a, b in h[\"highlights\"]]
assert \"opphold\" in words, words
"' _ "$QUERY" "$DB"

# Learned acronyms work both ways.
check "learned acronym: NFBO finds its full name" sh -c '
    "$1" --db "$2" --json --limit 1 NFBO | grep -q "Nationalt Forum for Børneonkologi"' _ "$QUERY" "$DB"
check "learned acronym: the full name finds passages that only say NKRS" sh -c '
    "$1" --db "$2" --json --limit 10 "\"Nasjonal kompetansetjeneste for rehabilitering ved sjeldne tilstander\"" |
    python3 -c "
import json, sys
hits = [json.loads(l) for l in sys.stdin]
assert any(\"NKRS\" in h[\"text\"] and \"kompetansetjeneste\" not in h[\"text\"] for h in hits)
"' _ "$QUERY" "$DB"
check "the learned acronyms are stored in the index" sh -c '
    xapian-metadata get "$1" acro:nfbo | grep -qx "nationalt forum for børneonkologi"' _ "$DB"

# A user synonyms file replaces the default.
printf 'ventilasjon = fjernprogrammering\n' >"$TMP/syn.txt"
check "--synonyms FILE is applied" sh -c '
    "$1" --db "$2" --json --limit 1 --synonyms "$3" ventilasjon | grep -q fjernprogrammering' _ "$QUERY" "$DB" "$TMP/syn.txt"
check "an unreadable synonyms file is a one-line error" sh -c '
    "$1" --db "$2" --synonyms "$3/none.txt" x >/dev/null 2>"$3/e"; [ $? -eq 2 ] && [ "$(wc -l <"$3/e")" -eq 1 ]' _ "$QUERY" "$DB" "$TMP"

# Words found nowhere return nothing, even beside real words they only
# get passages marked as partial matches.
check "nonsense word: no hit" sh -c '[ -z "$("$1" --db "$2" --json kvantedatamaskin)" ]' _ "$QUERY" "$DB"
check "nonsense beside a real word: only partial matches" sh -c '
    "$1" --db "$2" --json kvantedatamaskin rehabilitering | python3 -c "
import json, sys
hits = [json.loads(l) for l in sys.stdin]
assert hits and all(h[\"match\"] == \"some\" for h in hits)
"' _ "$QUERY" "$DB"

t_done
