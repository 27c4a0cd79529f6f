# tests/e2e/passages.sh - referat-passages writes the passages referat-index
# stores (issue 20): both make them with mnt_passages(), so a file whose
# pasted attachment fills whole passages with base64 gives the same
# passages, numbered the same, with the data blanked and the passages of
# nothing else left out by both.
. "$REFERAT_SRCDIR/tests/lib.sh"

PASSAGES="$REFERAT_BUILDDIR/corpus/referat-passages"
IN="$TMP/in"
mkdir -p "$IN" "$TMP/psg"

cat >"$IN/utvalg.txt" <<'EOF2'
Brukerutvalget for psykisk helsevern i Helse Vestfjord
Referat fra møte 04.06.2024

Sak 11/2024 Samhandling med kommunene

Utvalget drøftet hvordan pasienter som skrives ut fra døgnpost får
oppfølging i kommunen samme uke, og ba om tall for ventetid til første
samtale med kommunal psykisk helsetjeneste.

Sak 12/2024 Vedlegg til årsmeldingen

Sekretæren hadde limt inn årsmeldingens vedlegg som tekst:
EOF2
# About 40 kB of base64: several passages of nothing else.
python3 -c '
import base64, hashlib
data = b"".join(hashlib.sha256(b"arsmelding %d" % i).digest() for i in range(900))
print(base64.encodebytes(data).decode(), end="")' >>"$IN/utvalg.txt"
cat >>"$IN/utvalg.txt" <<'EOF2'
Utvalget ber om at vedlegget sendes som egen fil neste gang.

Sak 13/2024 Eventuelt

Ingen saker var meldt til eventuelt. Neste møte holdes i september.
EOF2

"$INDEX" --db "$TMP/db" "$IN" >/dev/null 2>&1
"$PASSAGES" "$TMP/psg" "$IN/utvalg.txt" 2>"$TMP/psg.err"
status=$?
check "referat-passages: exit 0" [ "$status" -eq 0 ]
# The index's passages, by number, with their text (JSON Lines).
"$QUERY" --db "$TMP/db" --json --limit 100 -- helse OR utvalget OR vedlegg OR eventuelt OR sak \
    >"$TMP/hits.json" 2>&1
check "as many passages as the index stores, numbered 1..N" python3 -c '
import json, os, sys
hits = [json.loads(l) for l in open(sys.argv[1])]
nums = sorted(h["passage"] for h in hits)
files = sorted(int(f.split("__p")[1][:-4]) for f in os.listdir(sys.argv[2]))
if nums != files or nums != list(range(1, len(nums) + 1)):
    sys.exit("index %s, referat-passages %s" % (nums, files))' "$TMP/hits.json" "$TMP/psg"
check "the index stores each passage with the text referat-passages writes" python3 -c '
import json, sys
for l in open(sys.argv[1]):
    h = json.loads(l)
    t = open("%s/utvalg__p%d.txt" % (sys.argv[2], h["passage"]), encoding="utf-8").read()
    if t != h["text"]:
        sys.exit("passage %d differs" % h["passage"])' "$TMP/hits.json" "$TMP/psg"
check "the base64 is in neither" sh -c '! grep -rq "[A-Za-z0-9+/]\{60\}" "$1"' _ "$TMP/psg"
check "the sentence after the block is in a passage" grep -rq "egen fil neste gang" "$TMP/psg"
t_done
