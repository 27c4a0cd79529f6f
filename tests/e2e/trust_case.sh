# tests/e2e/trust_case.sh - case numbers typed as text find what case:
# finds, in every spelling the minutes use (lib/casenum.h); a malformed
# case: value is an error; Danish numbered items are named by their
# meeting and can be looked up (issue 14, finding 7).
. "$REFERAT_SRCDIR/tests/lib.sh"

ARCH="$TMP/arkiv"
mkdir -p "$ARCH/nb" "$ARCH/da"

# The item 17/2023 is long enough for its Vedtak to be a passage of its
# own, which names no case number: only the item's C term leads there.
cat >"$ARCH/nb/2023-05-10-lungeradet.txt" <<'EOF'
Referat fra møte i Fagrådet for lungesykdommer
Dato: 10.05.2023

Sak 16/2023 Godkjenning av innkalling og budsjett
Innkallingen og budsjettet for andre halvår ble godkjent uten merknader.

Sak 17/2023 Ny rutine for hjemmerespirator
Bakgrunn:
Flere sykehus har meldt at pasienter som bruker respirator hjemme, venter lenge på service
og utskifting av utstyr. Leverandøren har endret avtalen, og kommunene er usikre på hvem som
har ansvaret når utstyret svikter om natten eller i helgene. Arbeidsgruppen har kartlagt
rutinene ved seks sykehus og funnet store forskjeller i hvordan opplæring av pårørende blir
gitt, hvordan reservemateriell blir lagret, og hvordan avvik blir meldt videre. Noen steder
har pårørende fått en telefonliste, andre steder har de fått et skriftlig opplegg med faste
kontrollpunkter. Fagrådet drøftet om det bør lages en felles nasjonal rutine, og om
kompetansetjenesten skal ha ansvaret for å holde den oppdatert. Det ble også pekt på at
pasienter som flytter mellom helseregioner, ofte mister oppfølgingen i overgangen, og at
fastlegene sjelden kjenner til utstyret. Arbeidsgruppen foreslo derfor en sjekkliste som kan
brukes ved utskrivning, og en årlig gjennomgang av avvikene.

Vedtak:
Fagrådet ber arbeidsgruppen utarbeide en felles sjekkliste for utskrivning med respirator,
og ber om at et pustehjelpsutvalg med representanter fra alle regioner følger opp avvikene
årlig. Rutinen legges fram for godkjenning på neste møte, sammen med et forslag til
opplæringsmateriell for pårørende og fastleger.

Sak 18/2023 Eventuelt
Ingen saker ble meldt.
EOF

# A later meeting cites the case in the spellings minutes use, and has a
# heading spelt with a dash.
cat >"$ARCH/nb/2023-11-22-lungeradet.txt" <<'EOF'
Referat fra møte i Fagrådet for lungesykdommer
Dato: 22.11.2023

Sak 30/2023 Oppfølging av sjekklisten
Bakgrunn:
Som vedtatt i sak 17-2023 har arbeidsgruppen prøvd ut sjekklisten ved to sykehus.

Sak 31/2023 Opplæringsmateriell
Bakgrunn:
Materiellet er laget etter saksnr. 2023/17 og sendes på høring til regionene.

Sak 5-2024 Budsjett for neste år
Budsjettet ble lagt fram og godkjent.
EOF

cat >"$ARCH/da/2023-09-14-udvalg.txt" <<'EOF'
Referat af møde i Udvalget for Lungesygdomme
Dato: 14. september 2023

Dagsorden
1) Godkendelse af dagsorden
2) Orientering fra formanden
3) Kapacitet og ventetid for søvnudredning

1) Godkendelse af dagsorden
Dagsordenen blev godkendt.

2) Orientering fra formanden
Formanden orienterede om det nye sekretariat.

3) Kapacitet og ventetid for søvnudredning
Sagsfremstilling
Ventetiden til søvnudredning er steget til ni måneder, fordi der mangler teknikere.
Beslutning
Udvalget anbefaler, at regionerne deler kapaciteten på tværs.
EOF

DB="$TMP/db"
"$INDEX" --db "$DB" "$ARCH" >"$TMP/index.out" 2>&1 || cat "$TMP/index.out"

# hits_of QUERY: "path:passage" of each hit, one a line.
hits_of() {
    "$QUERY" --db "$DB" --json --limit 50 -- "$1" | python3 -c '
import json, sys
for l in sys.stdin:
    h = json.loads(l)
    if "rank" in h:
        print("%s:%s:%s" % (h["path"].rsplit("/", 1)[1], h["passage"], h["match"]))'
}

# json_check PYTHON QUERY: the Python assertions over `hits`.
json_check() {
    "$QUERY" --db "$DB" --json --limit 50 -- "$2" >"$TMP/out.json" 2>"$TMP/err.txt" ||
        { cat "$TMP/err.txt" >&2; return 1; }
    python3 - "$TMP/out.json" "$1" <<'PY'
import json, sys
hits = [h for h in map(json.loads, open(sys.argv[1])) if "rank" in h]
exec(sys.argv[2])
PY
}

hits_of "case:17/2023" >"$TMP/want"
check "case:17/2023 finds the item and the passages citing it" sh -c '
    [ "$(grep -c "lungeradet" "$1")" -ge 4 ]' _ "$TMP/want"

# Every spelling finds what case: finds, in the same order.
for q in "sak 17/2023" "Sak 17/23" "sak 17-2023" "sak 17 /2023" "17 /2023" "sak17/2023" \
    "sak nr. 17/2023" "Saksnr. 17/2023" "sak 17 2023" "sak 2023/17" "case:2023/17" \
    'case:"Sak nr. 17 2023"'; do
    check "'$q' finds what case:17/2023 finds" sh -c '
        hits_of() { "$1" --db "$2" --json --limit 50 -- "$3" | python3 -c "
import json, sys
for l in sys.stdin:
    h = json.loads(l)
    if \"rank\" in h:
        print(\"%s:%s:%s\" % (h[\"path\"].rsplit(\"/\", 1)[1], h[\"passage\"], h[\"match\"]))"; }
        hits_of "$1" "$2" "$3" >"$4.got" && diff "$4" "$4.got"' _ "$QUERY" "$DB" "$q" "$TMP/want"
done

check "sak 17/2023 finds the item's Vedtak passage, which names no case number" json_check '
v = [h for h in hits if h["section"] == "vedtak" and "pustehjelpsutvalg" in h["text"]]
assert v and v[0]["case"] == "17/2023" and v[0]["match"] == "all", hits
' "sak 17/2023"
check "sak 17/2023: the item's own passages first, then the passages citing it" json_check '
cases = [h["case"] for h in hits]
own = [c == "17/2023" for c in cases]
assert own == sorted(own, reverse=True), cases
cited = {h["case"] for h in hits if h["match"] == "all"}
assert {"30/2023", "31/2023"} <= cited, hits
' "sak 17/2023"
check "sak 17/2023 with another word: the case, and the word, in every hit" json_check '
assert hits and all(h["match"] == "all" for h in hits), hits
assert "pustehjelpsutvalg" in hits[0]["text"] and hits[0]["case"] == "17/2023", hits[0]
' "sak 17/2023 pustehjelpsutvalg"
check "a heading spelt Sak 5-2024 is the item 5/2024" json_check '
assert hits and hits[0]["case"] == "5/2024" and "Budsjett" in hits[0]["title"], hits
' "sak 5/2024"

# A malformed case: value is an error, not 0 hits.
for v in abc 17/ 99999/2023x; do
    check "case:$v is a malformed case number: one line, exit 2" sh -c '
        "$1" --db "$2" "case:$3" >"$4/m.out" 2>"$4/m.err"; [ $? -eq 2 ] &&
        [ "$(grep -c "" "$4/m.err")" -eq 1 ] && [ ! -s "$4/m.out" ] &&
        grep -qF "malformed case number '"'"'$3'"'"' (e.g. case:17/2023)" "$4/m.err"' _ \
        "$QUERY" "$DB" "$v" "$TMP"
done

# A Danish numbered item is named by its meeting's date and its number;
# the name shown is the name typed back.
check "a Danish numbered item shows its name in the case field" json_check '
assert hits and hits[0]["case"] == "2023-09-14/3", hits[0]
' "søvnudredning"
check "case:2023-09-14/3 finds that item's passages, the Beslutning too, nothing else" json_check '
assert hits and all(h["case"] == "2023-09-14/3" for h in hits), hits
assert any("regionerne deler kapaciteten" in h["text"] for h in hits), hits
' "case:2023-09-14/3"
check "the name typed as text, or after punkt, finds the same" sh -c '
    [ "$("$1" --db "$2" --json -- "2023-09-14/3")" = "$("$1" --db "$2" --json -- "case:2023-09-14/3")" ] &&
    [ "$("$1" --db "$2" --json -- "punkt 2023-09-14/3")" = "$("$1" --db "$2" --json -- "case:2023-09-14/3")" ]' \
    _ "$QUERY" "$DB"
check "the terminal shows the name: Punkt 2023-09-14/3" sh -c '
    "$1" --db "$2" --color never -n 1 søvnudredning | grep -qF "Punkt 2023-09-14/3 Kapacitet og ventetid"' \
    _ "$QUERY" "$DB"

# An index of format 5 holds no names: the next run analyses every file
# again and records format 7.
cp -R "$DB" "$TMP/v5"
xapian-metadata set "$TMP/v5" referat.schema 5
check "an index of format 5 is read, and the next run upgrades it to format 7" sh -c '
    "$1" --db "$3" --json -n 1 søvnudredning | grep -q "\"rank\":1" &&
    "$2" --db "$3" "$4" >"$5/v5.out" 2>&1 && grep -q "3 updated" "$5/v5.out" &&
    [ "$(xapian-metadata get "$3" referat.schema)" = 7 ]' _ "$QUERY" "$INDEX" "$TMP/v5" "$ARCH" "$TMP"

t_done
