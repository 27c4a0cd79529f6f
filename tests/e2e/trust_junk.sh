# tests/e2e/trust_junk.sh - no prose is lost to the junk check (issue 14,
# finding 1): a Bakgrunn paragraph followed by long SharePoint links is
# indexed, its words and the links' words found; a base64 block pasted
# into a paragraph is the only thing left out, counted in the summary and
# named with --verbose only (finding 11: --quiet prints what needs a
# person).  The property: on the sample corpus and generated minutes, with
# data runs planted in some files, every word of every file is in the
# index except the planted runs' words, and the summary counts the runs.
. "$REFERAT_SRCDIR/tests/lib.sh"

GEN="$REFERAT_BUILDDIR/corpus/referat-gen"
IN="$TMP/in"
mkdir -p "$IN"

# found WORD FILE: referat-query finds WORD in FILE (a hit of all words).
found() {
    "$QUERY" --db "$TMP/db" --json --limit 50 "$1" >"$TMP/found.json" 2>&1 || {
        cat "$TMP/found.json" >&2; return 1; }
    grep -q "\"path\": *\"[^\"]*/$2\"" "$TMP/found.json" || fail_msg "$1: not found in $2"
}

cat >"$IN/fagrad.txt" <<'EOF'
Fagrådet for habilitering og rehabilitering i Helse Nordvest
Referat fra møte 12.03.2024

Sak 7/2024 Ventetider for døgnopphold

Bakgrunn:
Arbeidsgruppen har kartlagt ventetidene for døgnopphold ved lærings- og
mestringssentrene og foreslår felles henvisningsrutiner fra høsten.

https://helse-nordvest.sharepoint.com/sites/Fagraad/Delte%20dokumenter/Rehabilitering%202024/Kartlegging%20av%20ventetider%20ved%20l%C3%A6rings-%20og%20mestringssentrene.docx
https://helse-nordvest.sharepoint.com/sites/Fagraad/Delte%20dokumenter/Rehabilitering%202024/Forslag%20til%20felles%20henvisningsrutiner%20for%20d%C3%B8gnopphold.pdf
https://www.helse-nordvest.no/4c2a91/contentassets/7e3f0b9d1c5a4e2f8b6d0a9c3e7f1b5d/referat-fagrad/referat-20240312.pdf
Innspill sendes kvalitetsradgiver@helse-nordvest.no

Sak 8/2024 Regnskap for 2023

Sekretariatet la fram regnskapsoversikten, som var sendt som innebygd vedlegg:
EOF
# A base64 block in the paragraph, then the paragraph goes on.
python3 -c '
import base64, hashlib
data = b"".join(hashlib.sha256(b"vedlegg %d" % i).digest() for i in range(16))
print(base64.encodebytes(data).decode(), end="")' >>"$IN/fagrad.txt"
cat >>"$IN/fagrad.txt" <<'EOF'
Styret ber sekretariatet sende regnskapsoversikten som egen fil til neste møte.

Vedtak: Fagrådet godkjenner regnskapet.
EOF
blob=$(python3 -c '
import base64, hashlib
data = b"".join(hashlib.sha256(b"vedlegg %d" % i).digest() for i in range(16))
print(len(base64.encodebytes(data)) - 1)')

"$INDEX" --db "$TMP/db" "$IN" >"$TMP/out" 2>"$TMP/err"
status=$?
check "links and a pasted block: exit 0" [ "$status" -eq 0 ]
check "every word of the Bakgrunn paragraph is found" sh -c '
    for w in Arbeidsgruppen har kartlagt ventetidene for døgnopphold ved lærings og \
             mestringssentrene foreslår felles henvisningsrutiner fra høsten; do
        "$1" --db "$2" --json --limit 50 "$w" | grep -q "/fagrad.txt\"" || { echo "$w: not found" >&2; exit 1; }
    done' _ "$QUERY" "$TMP/db"
check "a link's host and path words are found (percent escapes decoded)" sh -c '
    for w in sharepoint helse-nordvest kartlegging "forslag til felles" contentassets docx; do
        "$1" --db "$2" --json --limit 50 "$w" | grep -q "/fagrad.txt\"" || { echo "$w: not found" >&2; exit 1; }
    done' _ "$QUERY" "$TMP/db"
check "a link pasted as the query finds its file" \
    found "https://helse-nordvest.sharepoint.com/sites/Fagraad/Delte%20dokumenter/Rehabilitering%202024" fagrad.txt
check "an e-mail address's words are found" found "kvalitetsradgiver helse-nordvest" fagrad.txt
check "the sentences around the base64 block are found" sh -c '
    for w in innebygd vedlegg regnskapsoversikten "egen fil til neste"; do
        "$1" --db "$2" --json --limit 50 "$w" | grep -q "/fagrad.txt\"" || { echo "$w: not found" >&2; exit 1; }
    done' _ "$QUERY" "$TMP/db"
check "the base64 block itself is left out" sh -c '
    w=$(sed -n "/^Sekretariatet/{n;p;}" "$3" | grep -Eo "[A-Za-z0-9]{8,}" | head -1)
    [ -n "$w" ] && ! "$1" --db "$2" --json "$w" | grep -q fagrad.txt' \
    _ "$QUERY" "$TMP/db" "$IN/fagrad.txt"
check "the summary counts the run and its bytes" \
    contains "$TMP/out" "referat-index: left out 1 run of encoded or binary-looking data ($blob bytes) in 1 file; --verbose names them"
check "no per-file note without --verbose" sh -c '! grep -q "fagrad.txt" "$1" "$2"' _ "$TMP/out" "$TMP/err"
"$INDEX" --db "$TMP/db" --full --quiet "$IN" >"$TMP/qout" 2>"$TMP/qerr"
status=$?
check "--quiet: exit 0 and nothing printed" sh -c '[ "$1" -eq 0 ] && [ ! -s "$2" ] && [ ! -s "$3" ]' \
    _ "$status" "$TMP/qout" "$TMP/qerr"
"$INDEX" --db "$TMP/db" --full --verbose "$IN" >"$TMP/vout" 2>"$TMP/verr"
check "--verbose names the file and its run" \
    contains "$TMP/vout" "$IN/fagrad.txt: 1 run of encoded or binary-looking data left out ($blob bytes)"

# An index of format 5 left such prose out and read links otherwise: it
# is searched as it is (weights normalised, as in format 6), and the next
# run that writes analyses its files again and records format 7.
"$QUERY" --db "$TMP/db" --json regnskapsoversikten >"$TMP/q6" 2>&1
xapian-metadata set "$TMP/db" referat.schema 5
"$QUERY" --db "$TMP/db" --json regnskapsoversikten >"$TMP/q5" 2>&1
check "a format-5 index is read with normalised weights" cmp "$TMP/q5" "$TMP/q6"
"$INDEX" --db "$TMP/db" "$IN" >"$TMP/up" 2>&1
check "the next run analyses a format-5 index's files again and records format 7" sh -c '
    grep -q "0 added, 1 updated, 0 removed, 0 unchanged" "$2" &&
    [ "$(xapian-metadata get "$1" referat.schema)" = 7 ]' _ "$TMP/db" "$TMP/up"

# A block of 40 kB spans several passages and is still one run.
mkdir -p "$TMP/big"
{
    echo "Vedlegg til sak 9/2024: protokollen fra klagenemnda, innebygd i e-posten."
    python3 -c '
import base64, hashlib
data = b"".join(hashlib.sha256(b"protokoll %d" % i).digest() for i in range(940))
print(base64.encodebytes(data).decode(), end="")'
    echo "Nemnda ber om at protokollen heretter sendes som vedlegg."
} >"$TMP/big/klage.txt"
"$INDEX" --db "$TMP/bigdb" "$TMP/big" >"$TMP/bigout" 2>&1
check "a 40 kB block over several passages is one run; the sentences around it are found" sh -c '
    grep -q "^referat-index: left out 1 run of encoded or binary-looking data (4[0-9]* bytes) in 1 file" "$1" &&
    "$2" --db "$3" --json klagenemnda | grep -q klage.txt &&
    "$2" --db "$3" --json heretter | grep -q klage.txt' _ "$TMP/bigout" "$QUERY" "$TMP/bigdb"

# The property, on the sample corpus and 1.5 MB of generated minutes, with
# a base64 run planted in every seventh file.
P="$TMP/prop"
mkdir -p "$P"
cp -R "$CORPUS/nb" "$CORPUS/da" "$P/"
"$GEN" --mb 1.5 --seed 14 "$P/gen" 2>/dev/null
python3 - "$P" "$TMP/blobs" >"$TMP/planted" <<'PY'
import base64, hashlib, os, random, sys
root, out = sys.argv[1], open(sys.argv[2], "w")
rnd = random.Random(14)
files = sorted(os.path.join(d, f) for d, _, fs in os.walk(root) for f in fs)
runs = size = 0
for i, path in enumerate(files):
    if i % 7:
        continue
    data = b"".join(hashlib.sha256(b"%s %d" % (path.encode(), k)).digest() for k in range(rnd.randint(2, 12)))
    blob = base64.b64encode(data).decode()
    raw = open(path, "rb").read()
    lines = raw.split(b"\n")
    at = rnd.randint(len(lines) // 4, len(lines) * 3 // 4)
    lines.insert(at, blob.encode())
    open(path, "wb").write(b"\n".join(lines))
    out.write("%s\t%s\n" % (path, blob))
    runs += 1
    size += len(blob)
print(runs, size)
PY
read runs size <"$TMP/planted"
"$INDEX" --db "$TMP/pdb" "$P" >"$TMP/pout" 2>"$TMP/perr"
status=$?
check "property corpus: exit 0, no message" sh -c '[ "$1" -eq 0 ] && [ ! -s "$2" ]' _ "$status" "$TMP/perr"
check "property corpus: the summary counts exactly the $runs planted runs ($size bytes)" \
    grep -q "^referat-index: left out $runs runs of encoded or binary-looking data ($size bytes) in $runs files" "$TMP/pout"
REFERAT_BULK_MIN_BYTES=1 REFERAT_BULK_SHARD_BYTES=100000 "$INDEX" --db "$TMP/pdb2" "$P" >"$TMP/pout2" 2>&1
hooked "property corpus: a first build in shards counts the same runs" sh -c '
    [ "$(grep "left out" "$1")" = "$(grep "left out" "$2")" ] && grep -q "left out" "$2"' _ "$TMP/pout" "$TMP/pout2"
"$DUMP" "$TMP/pdb" >"$TMP/pdump"
check "property: every word of every file is indexed, no word of a planted run" \
    python3 "$REFERAT_SRCDIR/tests/e2e/words_indexed.py" "$TMP/pdump" "$TMP/blobs" "$P"

t_done
