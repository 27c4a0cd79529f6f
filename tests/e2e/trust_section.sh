# tests/e2e/trust_section.sh - a hit shows the section and page of its
# matched words, not those where its passage starts, and a section:
# query's snippet comes from that section (issue 14, finding 8).
. "$REFERAT_SRCDIR/tests/lib.sh"

IN="$TMP/in"
mkdir -p "$IN"
# A short item is one passage: heading, Bakgrunn and Vedtak together.  A
# second item's passage runs from Fremlegg through Innspill to Vedtak.
cat >"$IN/2024-02-14-fagradet-referat.txt" <<'EOF'
Referat fra møte i Fagrådet for hjerterehabilitering
Dato: 14.02.2024

Sak 3/2024 Ventetid for hjerterehabilitering
Bakgrunn: Pasienter venter lenge på plass i gruppetrening etter hjerteinfarkt. Sykehuset melder om kapasitetsproblemer i fysioterapitjenesten og mangel på egnede lokaler.
Vedtak: Fagrådet anbefaler at kommunene tilbyr gruppetrening i nærmiljøet, og at ventelistene rapporteres til fagrådet hvert kvartal.

Sak 4/2024 Digital oppfølging etter utskrivning
Fremlegg v/Ingrid Solheim: Ingrid Solheim la fram erfaringer fra et prosjekt med videokonsultasjoner for pasienter i distriktene.
Innspill til saken: Brukerrepresentanten etterlyste bedre opplæring av pårørende i bruk av nettbrettet.
Vedtak: Prosjektet videreføres i ett år til og evalueres av fagrådet.
EOF
MKPDF="python3 $REFERAT_SRCDIR/tests/make-pdf.py"
# One item across a page break: its Vedtak goes on on page 2.
printf 'Referat fra møte i Fagrådet for hjerterehabilitering\nSak 7/2024 Brannvern i treningssalen\nBakgrunn: Fagrådet drøftet rømningsveiene fra\ntreningssalen i kjelleren.\nVedtak: Fagrådet ber driftsavdelingen om\n' >"$TMP/p1.txt"
printf 'en plan for halvårlige brannøvelser med alle\nansatte og frivillige.\n' >"$TMP/p2.txt"
$MKPDF "$IN/2024-05-22-referat.pdf" "$TMP/p1.txt" "$TMP/p2.txt"
# The same across a form feed in a text file.
printf 'Referat fra møte i Fagrådet for hjerterehabilitering\nDato: 18.09.2024\n\nSak 9/2024 Kosthold etter hjerteinfarkt\nBakgrunn: Ernæringsfysiologen presenterte nye kostråd for pasientgruppen.\n\fVedtak: Kostrådene tas inn i pasientbrosjyren fra neste år.\n' \
    >"$IN/2024-09-18-fagradet-referat.txt"

"$INDEX" --db "$TMP/db" "$IN" >"$TMP/index.out" 2>&1 || { cat "$TMP/index.out" >&2; exit 1; }

# hit FIELD QUERY...: FIELD of the top hit of referat-query --json.
hit() {
    h_field=$1; shift
    "$QUERY" --db "$TMP/db" --json --limit 1 "$@" |
        python3 -c 'import json, sys; print(json.loads(sys.stdin.readline())[sys.argv[1]])' "$h_field"
}
# is EXPECTED FIELD QUERY...: the top hit's FIELD is EXPECTED.
is() {
    i_want=$1; shift
    i_got=$(hit "$@") || return 1
    [ "$i_got" = "$i_want" ] || fail_msg "$* -> '$i_got', expected '$i_want'"
}

check "the items are one passage each" sh -c '
    [ "$("$1" --db "$2" --json --limit 1 kapasitetsproblemer kvartal | grep -c "\"match\":\"all\"")" -eq 1 ]' \
    _ "$QUERY" "$TMP/db"
check "section:vedtak: the hit is labelled vedtak" is vedtak section "section:vedtak gruppetrening"
check "section:vedtak: the snippet comes from the Vedtak" sh -c '
    s=$("$1" --db "$2" --json --limit 1 "section:vedtak gruppetrening" | python3 -c "
import json, sys; print(json.loads(sys.stdin.readline())[\"snippet\"])")
    case $s in *"Fagrådet anbefaler"*) ;; *) echo "snippet: $s" >&2; exit 1 ;; esac
    case $s in *"Pasienter venter"*|*"kapasitetsproblemer"*) echo "snippet: $s" >&2; exit 1 ;; esac' \
    _ "$QUERY" "$TMP/db"
check "section:vedtak: the text output names vedtak and shows the decision" sh -c '
    "$1" --db "$2" --color never --limit 1 "section:vedtak gruppetrening" >"$3/t.out" &&
    grep -q "Sak 3/2024 Ventetid for hjerterehabilitering · vedtak\$" "$3/t.out" &&
    grep -q "Vedtak: Fagrådet anbefaler" "$3/t.out" && ! grep -q "Pasienter venter" "$3/t.out"' \
    _ "$QUERY" "$TMP/db" "$TMP"
check "section:bakgrunn: the snippet comes from the Bakgrunn" sh -c '
    "$1" --db "$2" --color never --limit 1 "section:bakgrunn gruppetrening" >"$3/b.out" &&
    grep -q "· bakgrunn\$" "$3/b.out" && grep -q "Pasienter venter" "$3/b.out" &&
    ! grep -q "Fagrådet anbefaler" "$3/b.out"' _ "$QUERY" "$TMP/db" "$TMP"
check "a word only in the Vedtak is labelled vedtak" is vedtak section kvartal
check "a word only in the Bakgrunn is labelled bakgrunn" is bakgrunn section kapasitetsproblemer
check "a word only in the Innspill is labelled innspill" is innspill section nettbrettet
check "the passage's own section stays in passage_section" is fremlegg passage_section nettbrettet
check "a word on the heading line is in no section" is None section videokonsultasjoner digital

check "PDF: a word on page 2 of a passage from page 1 says page 2" is 2 page brannøvelser
check "PDF: the passage starts on page 1 (passage_page)" is 1 passage_page brannøvelser
check "PDF: a word on page 1 says page 1" is 1 page rømningsveiene
check "PDF: the text output says page 2" sh -c '
    "$1" --db "$2" --color never --limit 1 brannøvelser | grep -q "(page 2, passage"' _ "$QUERY" "$TMP/db"
check "form feed: a word after it says page 2, labelled vedtak" sh -c '
    [ "$("$1" --db "$2" --color never --limit 1 pasientbrosjyren | grep -c "(page 2, passage\|· vedtak\$")" -eq 2 ]' \
    _ "$QUERY" "$TMP/db"
check "form feed: a word before it says page 1" is 1 page ernæringsfysiologen

t_done
