# tests/e2e/passages_rank.sh - passages that stay passage-sized and
# structure that ranks (issue 18): a list of links is cut at about 1,500
# characters; a lettered sub-item ("b. Status for ...") is a passage of
# its own titled by its item and itself; an item whose heading names the
# query's topic outranks a passing mention; an agenda list whose entries
# carry lines of their own ("Ansvarlig:", "Tid:") still ranks below the
# items; links beside a paragraph do not bury its words.  Minutes
# invented for this test.
. "$REFERAT_SRCDIR/tests/lib.sh"

PASSAGES="$REFERAT_BUILDDIR/corpus/referat-passages"
IN="$TMP/in"
mkdir -p "$IN/da" "$IN/nb" "$TMP/psg"

cat >"$IN/da/2024-11-14-styregruppe-referat.txt" <<'EOF2'
REFERAT

Møde i Styregruppen for Sjældne Hudsygdomme
Dato: 14. november 2024
Sted: Mødelokale 3, Vestergade 12

Deltagere: Hanne Sørup (formand), Jens Kvist, Mette Bjerre, Ole Dam

Dagsorden
1. Godkendelse af dagsorden
2. Orienteringer fra sekretariatet
a. Mundtlige orienteringer
b. Status for Nationalt Netværk for Epidermolysis Bullosa
c. Opfølgning på høringssvar om specialeplanen
d. Nyt fra de nordiske søsterorganisationer
e. Økonomi og budgetopfølgning
f. Kommende kurser og temadage
3. Fælles kvalitetsdatabase for sjældne hudsygdomme og
opfølgning på registreringspraksis i regionerne
4. Links til arbejdsdokumenter
5. Eventuelt

1) Godkendelse af dagsorden

Dagsordenen blev godkendt uden bemærkninger.

2) Orienteringer fra sekretariatet

a. Mundtlige orienteringer

Sekretariatet orienterede kort om de igangværende forhandlinger om
økonomiaftalen og om to nye medlemmer af styregruppen fra Region Syd.

b. Status for Nationalt Netværk for Epidermolysis Bullosa

Netværket blev etableret i foråret 2022 med deltagere fra de tre
regioner, der varetager funktionen. Der er afholdt fem møder, og
netværket har udarbejdet fælles retningslinjer for sårpleje og
smertebehandling hos børn. Forældrene er inddraget gennem
patientforeningen.

c. Opfølgning på høringssvar om specialeplanen

Høringssvarene er samlet, og sekretariatet udarbejder et notat til
næste møde om de funktioner, der foreslås samlet på færre matrikler.

d. Nyt fra de nordiske søsterorganisationer

Den svenske søsterorganisation har inviteret til et fælles seminar i
Malmö i marts.

e. Økonomi og budgetopfølgning

Forbruget følger budgettet. Der forventes et mindre overskud på
rejsekontoen.

f. Kommende kurser og temadage

Temadagen om kløe og søvn gentages i foråret.

3) Fælles kvalitetsdatabase for sjældne hudsygdomme og opfølgning på registreringspraksis i regionerne

Styregruppen drøftede, hvilke variable databasen skal rumme, og hvordan
regionerne sikrer ens registrering. Databasen skal også omfatte
patienter med epidermolysis bullosa, men variablene aftales senere.
Der nedsættes en arbejdsgruppe med en repræsentant fra hver region,
og den første version af variabellisten forelægges på næste møde.

4) Links til arbejdsdokumenter

Arbejdsdokumenterne til møderne ligger på fællesdrevet:
EOF2
# Twenty links of about 150 characters: 3,000 characters, 160 "words".
for i in $(seq 1 20); do
    echo "- https://region-x.sharepoint.com/sites/Sjaeldne%20hudsygdomme/Delte%20dokumenter/Arbejdsgruppe%202024/Variabelliste%20version%20$i%20til%20kommentering.docx"
done >>"$IN/da/2024-11-14-styregruppe-referat.txt"
cat >>"$IN/da/2024-11-14-styregruppe-referat.txt" <<'EOF2'

5) Eventuelt

Intet at bemærke. Næste møde afholdes 6. marts 2025.
EOF2

cat >"$IN/nb/2024-09-18-fagradet-referat.txt" <<'EOF2'
Referat fra møte i Fagrådet for bevegelsesforstyrrelser
Dato: 18.09.2024
Sted: Møterom Lyngen, Nordbyen sykehus

Til stede: Ragnhild Aasen (leder), Terje Moen, Siri Haldorsen, Håkon Li

Saksliste
Sak 21/2024 Godkjenning av innkalling og referat
Ansvarlig: leder
Vedlegg: Referat fra møtet 12.06.2024
Tid: 10.00-10.05
Sak 22/2024 Hjernestimulering ved Parkinsons sykdom
Ansvarlig: Terje Moen
Vedlegg: Tall fra senteret for 2023
Tid: 10.05-11.00
Sak 23/2024 Budsjett og aktivitet 2025
Ansvarlig: sekretariatet
Vedlegg: Forslag til budsjett
Tid: 11.00-11.30
Sak 24/2024 Eventuelt
Ansvarlig: leder
Vedlegg: ingen
Tid: 11.30-11.45

Sak 21/2024 Godkjenning av innkalling og referat

Innkalling og referat fra forrige møte ble godkjent uten merknader.

Sak 22/2024 Hjernestimulering ved Parkinsons sykdom

Bakgrunn:
Fagrådet har fått en henvendelse fra to helseforetak som ønsker å tilby
behandlingen lokalt. I dag opereres alle pasientene ved ett senter, og
ventetiden fra henvisning til operasjon har økt til over ett år. Rådet
ba i vår om tall for hvor mange pasienter som er vurdert, hvor mange som
er operert, og hvor lang tid oppfølgingen med justering av elektrodene
tar for hver pasient i det første året etter inngrepet. Senteret har
levert tallene, og de viser at kapasiteten på nevrokirurgisk
operasjonsstue og tilgangen på nevrologer med erfaring i programmering
er det som begrenser tilbudet mest. Pasientforeningen har sendt et brev
der de ber om at reiseavstanden for kontrollene blir kortere.

Innspill til saken:
Fagrådet mener at operasjonene bør samles ved ett senter også framover,
men at programmering og kontroller kan flyttes nærmere pasientene.
Senteret bør lage en plan for opplæring av nevrologer ved de andre
helseforetakene, og rådet ønsker en ny status om ett år.

Vedtak:
Fagrådet anbefaler at kontrollene desentraliseres, og at operasjonene
fortsatt samles ved ett senter.

Sak 23/2024 Budsjett og aktivitet 2025

Sekretariatet la fram forslag til budsjett. Reisemidlene økes litt,
mens posten for kurs holdes uendret. Aktiviteten for neste år omfatter
blant annet nettverksmøter om dystoni, essensiell tremor og
hjernestimulering, og en fagdag for fysioterapeuter.

Vedtak: Budsjettet godkjennes.

Sak 24/2024 Eventuelt

Ingen saker.
EOF2

cat >"$IN/nb/2024-05-02-brukerutvalg-referat.txt" <<'EOF2'
Referat fra møte i Brukerutvalget for Helse Vestfjord
Dato: 02.05.2024

Sak 7/2024 Orientering fra sekretariatet

Sekretariatet orienterte om at ordningen for pasientreiser skal evalueres
i løpet av høsten, og at brukerutvalget vil få utkastet til høring.
Utvalget ba om at erfaringene fra pasienter som bor langt fra sykehuset
blir tatt med, og at ventetiden på drosje etter poliklinisk time belyses.
Dokumentene fra arbeidsgruppen ligger her:
EOF2
for i in 1 2 3 4 5 6; do
    echo "https://helse-vestfjord.sharepoint.com/sites/Brukerutvalget/Delte%20dokumenter/Arbeidsgruppe%20reiser/Notat%20nummer%20$i%20om%20ordningen.docx"
done >>"$IN/nb/2024-05-02-brukerutvalg-referat.txt"
cat >>"$IN/nb/2024-05-02-brukerutvalg-referat.txt" <<'EOF2'

Sak 8/2024 Innspill fra brukerne

Et medlem tok opp at ordningen for pasientreiser oppleves som tungvint
for eldre som ikke bruker digitale tjenester, og at skjemaene er vanskelige
å fylle ut. Utvalget ba sekretariatet undersøke om papirskjema fortsatt
kan brukes, og om kommunenes servicetorg kan hjelpe til med søknadene.
EOF2

"$INDEX" --db "$TMP/db" "$IN" >"$TMP/index.out" 2>&1
check "referat-index: exit 0" [ $? -eq 0 ]

# top QUERY PYTHON: runs referat-query --json and evaluates the Python
# assertions over `hits`.
top() {
    "$QUERY" --db "$TMP/db" --json --limit 10 -- "$1" >"$TMP/out.json" 2>"$TMP/err.txt" ||
        { cat "$TMP/err.txt" >&2; return 1; }
    python3 - "$TMP/out.json" "$2" <<'PY'
import json, sys
hits = [h for h in map(json.loads, open(sys.argv[1])) if "rank" in h]
assert hits, "no hits"
exec(sys.argv[2])
PY
}

"$PASSAGES" "$TMP/psg" "$IN/da/2024-11-14-styregruppe-referat.txt" "$IN/nb/2024-09-18-fagradet-referat.txt" \
    2>"$TMP/psg.err"
check "no passage is longer than 1,500 characters" python3 -c '
import os, sys
d = sys.argv[1]
long = [(f, n) for f in sorted(os.listdir(d))
        for n in [len(open(os.path.join(d, f), encoding="utf-8").read())] if n > 1500]
assert len(os.listdir(d)) > 10 and not long, long' "$TMP/psg"
check "the list of links is cut into passages of its own" top "variabelliste kommentering" '
links = [h for h in hits if h["text"].count("https://") >= 5]
assert len(links) >= 2 and all(len(h["text"]) <= 1500 for h in links), [len(h["text"]) for h in links]'

# Two passages that mention pasientreiser once in as many words, one
# followed by six links: the links do not bury the word (a link's words
# count a quarter toward the length; on main it scored 0.60 of the other).
check "links beside a paragraph do not bury its words" top "pasientreiser" '
s = {h["title"]: h["score"] for h in hits}
links, plain = s["Orientering fra sekretariatet"], s["Innspill fra brukerne"]
assert links >= 0.75 * plain, s'

check "a lettered sub-item is a passage of its own" top "netværk epidermolysis bullosa" '
h = hits[0]
assert h["text"].startswith("b. Status for Nationalt Netværk for Epidermolysis Bullosa"), h["text"][:80]
assert "Mundtlige" not in h["text"] and "Høringssvarene" not in h["text"], h["text"]'
check "it carries the item title and its own" top "netværk epidermolysis bullosa" '
t = hits[0]["title"]
assert t == "Orienteringer fra sekretariatet \u2013 b. Status for Nationalt Netværk for Epidermolysis Bullosa", t'
check "a short sub-item answers its own topic first" top "nordiske søsterorganisationer" '
assert hits[0]["text"].startswith("d. Nyt fra de nordiske"), hits[0]["text"][:80]'

check "an item titled by the topic outranks a passing mention" top "hjernestimulering" '
assert hits[0]["title"] == "Hjernestimulering ved Parkinsons sykdom", [(h["title"], h["score"]) for h in hits]
assert hits[0]["text"].startswith("Sak 22/2024 Hjernestimulering"), hits[0]["text"][:60]'
check "an agenda list whose entries carry lines of their own ranks below the item" top "parkinsons sykdom" '
ranks = {h["text"].split("\n")[0]: h["rank"] for h in hits}
assert "Saksliste" in ranks, ranks
assert ranks["Sak 22/2024 Hjernestimulering ved Parkinsons sykdom"] < ranks["Saksliste"], ranks'
check "the Danish agenda list ranks below the sub-item" top "status nationalt netværk" '
ranks = [h["text"].split("\n")[0] for h in hits]
assert ranks[0].startswith("b. Status"), ranks
assert "Dagsorden" in ranks, ranks'

t_done
