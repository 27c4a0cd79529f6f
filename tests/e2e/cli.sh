# tests/e2e/cli.sh - referat-index and referat-query from the outside:
# options, exit codes, bad input, reindexing, JSON output, locking.
. "$REFERAT_SRCDIR/tests/lib.sh"

DB="$TMP/db"
IN="$TMP/in"
mkdir -p "$IN/sub"

cat >"$IN/nb.txt" <<'TXT'
Referat fra møte i Fagrådet for lungesykdommer

Sak 4/2022 Ventelister for lungerehabilitering
Bakgrunn: Ventetiden for lungerehabilitering har økt gjennom hele året, og
fagrådet ba derfor helseforetakene om en oversikt over hvor mange pasienter
som venter og hvor lenge de har ventet. Oversikten viser at ventetiden er
lengst i nord, og at mange pasienter ikke får tilbud før etter et halvt år.

Vedtak: Fagrådet ber om at ventetiden følges opp hvert kvartal, og at
helseforetakene melder tilbake hvilke tiltak som er satt i verk.
TXT
cat >"$IN/sub/da.txt" <<'TXT'
Referat af mødet i Udvalget for hjertesygdomme

3) Behandlingen af hjertesvigt i kommunerne
Udvalget drøftede, hvordan opfølgningen af patienter med hjertesvigt kan
styrkes, når patienterne er udskrevet fra hospitalet. Der var enighed om, at
kommunerne skal have bedre adgang til de nyeste retningslinjer, og at
samarbejdet mellem almen praksis og hospitalerne bør beskrives nærmere.
Beslutning: Sekretariatet udarbejder et oplæg til næste møde.
TXT
: >"$IN/empty.txt"
printf 'Referat\000binary\n' >"$IN/binary.txt"
printf 'M\370te i Fagr\345det om \370konomien i kj\370kkenet (Latin-1)\n' >"$IN/latin1.txt"
python3 -c 'import sys; open(sys.argv[1], "wb").write("Møte i rådet om brannøvelser i kjelleren.\n".encode("utf-16"))' "$IN/utf16.txt"
printf 'PK fake spreadsheet' >"$IN/budget.xlsx"
ln -s .. "$IN/sub/loop"

check "usage: --db is required" expect_exit 2 "$INDEX" "$IN"
check "usage: a path is required" expect_exit 2 "$INDEX" --db "$DB"
check "usage: query needs --db" expect_exit 2 "$QUERY" rehabilitering
check "usage: bad --limit" expect_exit 2 "$QUERY" --db "$DB" --limit abc x
check "--help exits 0" expect_exit 0 "$INDEX" --help

check "query without an index: exit 1, one line naming it" sh -c '
    "$1" --db "$2/none" ord >/dev/null 2>"$2/err"; [ $? -eq 1 ] || exit 1
    [ "$(wc -l <"$2/err")" -eq 1 ] && grep -q "no index at $2/none" "$2/err"' _ "$QUERY" "$TMP"

"$INDEX" --db "$DB" "$IN" >"$TMP/index.out" 2>"$TMP/index.err"
status=$?
check "bad files make the exit status 1" test "$status" -eq 1
check "summary line: added, updated, removed, unchanged, failed, skipped, copied, passages, MB, seconds" \
    grep -Eq '^referat-index: 4 added, 0 updated, 0 removed, 0 unchanged, 1 failed, [0-9]+ skipped, 0 copied; [0-9]+ passages, [0-9.]+ MB, [0-9.]+ s$' "$TMP/index.out"
check "empty file is named as skipped" contains "$TMP/index.err" "skipping $IN/empty.txt: empty file"
check "binary file is named with the reason" contains "$TMP/index.err" "$IN/binary.txt: binary content (NUL byte at offset 7)"
check "Latin-1 text is converted and found, offsets into the file on disk" sh -c '
    "$1" --db "$2" --json kjøkkenet | python3 -c "
import json, sys
h = json.loads(sys.stdin.readline())
assert h[\"path\"].endswith(\"latin1.txt\"), h[\"path\"]
raw = open(h[\"path\"], \"rb\").read()[h[\"start\"]:h[\"end\"]]
assert raw.decode(\"cp1252\").split() == h[\"text\"].split(), (raw, h[\"text\"])
"' _ "$QUERY" "$DB"
check "UTF-16 text is converted and found, offsets into the file on disk" sh -c '
    "$1" --db "$2" --json brannøvelser | python3 -c "
import json, sys
h = json.loads(sys.stdin.readline())
raw = open(h[\"path\"], \"rb\").read()[h[\"start\"]:h[\"end\"]]
assert raw.decode(\"utf-16-le\").split() == h[\"text\"].split(), (raw, h[\"text\"])
"' _ "$QUERY" "$DB"
check "unsupported type is named" contains "$TMP/index.err" "skipping $IN/budget.xlsx: unsupported file type"
check "symlink is not followed" contains "$TMP/index.err" "skipping $IN/sub/loop: symbolic link"
check "every stderr line names a file" sh -c '! grep -v "^referat-index: .*$1" "$2"' _ "$IN" "$TMP/index.err"

check "Norwegian query finds the Norwegian passage" sh -c '
    "$1" --db "$2" --json ventetiden | grep -q "\"path\":\"$3/nb.txt\""' _ "$QUERY" "$DB" "$IN"
check "inflected Danish query finds the Danish passage" sh -c '
    "$1" --db "$2" --json hjertesvigtet | grep -q "\"path\":\"$3/sub/da.txt\""' _ "$QUERY" "$DB" "$IN"

# JSON: fields, validity, offsets into the source, highlights.
"$QUERY" --db "$DB" --json lungerehabilitering >"$TMP/hits.json" 2>"$TMP/q.err"
check "JSON lines parse and carry every field" python3 -c '
import json, sys
hits = [json.loads(l) for l in open(sys.argv[1])]
assert hits, "no hits"
for h in hits:
    for k in ("rank", "score", "path", "passage", "start", "end", "lang", "text", "snippet", "line", "page", "highlights"):
        assert k in h, k
assert hits[0]["rank"] == 1 and hits[0]["lang"] == "nb", hits[0]
' "$TMP/hits.json"
check "start/end are byte offsets of the passage in the source" python3 -c '
import json, sys
h = json.loads(open(sys.argv[1]).readline())
src = open(h["path"], "rb").read()
piece = src[h["start"]:h["end"]].decode("utf-8")
assert piece.split() == h["text"].split(), (piece[:80], h["text"][:80])
' "$TMP/hits.json"
check "highlights cover the matched words in the text" python3 -c '
import json, sys
h = json.loads(open(sys.argv[1]).readline())
t = h["text"].encode("utf-8")
words = {t[a:b].decode("utf-8").lower() for a, b in h["highlights"]}
assert words == {"lungerehabilitering"}, words
' "$TMP/hits.json"

check "terminal output is plain when piped" sh -c '
    "$1" --db "$2" ventetiden >"$3/plain.out"; ! grep -q "$(printf "\033")" "$3/plain.out" &&
    grep -qi "ventetiden" "$3/plain.out"' _ "$QUERY" "$DB" "$TMP"
check "--color always makes highlights bold" sh -c '
    "$1" --db "$2" --color always ventetiden | grep -q "$(printf "\033")\[1mVentetiden"' _ "$QUERY" "$DB"
check "no match: exit 0 and a note" sh -c '
    out=$("$1" --db "$2" xyzzyplugh 2>&1); [ $? -eq 0 ] && echo "$out" | grep -q "no passage matches"' _ "$QUERY" "$DB"
check "no match: the note names the words no passage has, and only those" sh -c '
    "$1" --db "$2" "\"ventetiden xyzzyplugh\"" >/dev/null 2>"$3/nm" &&
        "$1" --db "$2" -- xyzzyplugh -ventetiden >/dev/null 2>>"$3/nm" &&
        "$1" --db "$2" ventetiden year:1990 >/dev/null 2>>"$3/nm"; cat "$3/nm"
    [ "$(sed -n 1p "$3/nm")" = "referat-query: no passage matches '"'"'\"ventetiden xyzzyplugh\"'"'"' (no passage has the word xyzzyplugh)" ] &&
    [ "$(sed -n 2p "$3/nm")" = "referat-query: no passage matches '"'"'xyzzyplugh -ventetiden'"'"' (no passage has the word xyzzyplugh)" ] &&
    [ "$(sed -n 3p "$3/nm")" = "referat-query: no passage matches '"'"'ventetiden year:1990'"'"'" ]' _ "$QUERY" "$DB" "$TMP"
check "malformed query: exit 2 and one line" sh -c '
    "$1" --db "$2" "\"unclosed" >/dev/null 2>"$3/e"; [ $? -eq 2 ] && [ "$(wc -l <"$3/e")" -eq 1 ] &&
    grep -q "unterminated quote" "$3/e"' _ "$QUERY" "$DB" "$TMP"
check "one-letter wildcard is refused" expect_exit 2 "$QUERY" --db "$DB" "v*"
check "only negated words is refused" expect_exit 2 "$QUERY" --db "$DB" -- "-ventetiden"
check "punctuation-only query is refused" expect_exit 2 "$QUERY" --db "$DB" "!!! ..."
check "prefix wildcard matches" sh -c '"$1" --db "$2" --json "lungereh*" | grep -q nb.txt' _ "$QUERY" "$DB"
check "NOT removes passages" sh -c '! "$1" --db "$2" --json ventetiden NOT fagrådet | grep -q nb.txt' _ "$QUERY" "$DB"
check "OR joins both languages" sh -c '
    out=$("$1" --db "$2" --json ventetiden OR hjertesvigt); echo "$out" | grep -q nb.txt && echo "$out" | grep -q da.txt' _ "$QUERY" "$DB"
check "phrase needs the words in order" sh -c '
    "$1" --db "$2" --json "\"hele året\"" | grep -q nb.txt && ! "$1" --db "$2" --json "\"året hele\"" | grep -q nb.txt' _ "$QUERY" "$DB"
check "--limit and --offset page through hits" sh -c '
    a=$("$1" --db "$2" --json --limit 1 --offset 1 ventetiden OR hjertesvigt | wc -l)
    b=$("$1" --db "$2" --json --limit 1 --offset 5 ventetiden OR hjertesvigt | wc -l)
    [ "$a" -eq 1 ] && [ "$b" -eq 0 ]' _ "$QUERY" "$DB"

# Reindexing replaces a file's passages instead of adding to them.
count_docs() { xapian-delve "$1" 2>/dev/null | sed -n 's/^number of documents = //p'; }
before=$(count_docs "$DB")
"$INDEX" --db "$DB" --full "$IN/nb.txt" "$IN/sub/da.txt" >/dev/null 2>&1
check "reindexing keeps the passage count" sh -c '[ -n "$1" ] && [ "$1" -gt 0 ] && [ "$1" = "$2" ]' _ "$before" "$(count_docs "$DB")"
sed -i 's/lungerehabilitering/hjemmerehabilitering/g' "$IN/nb.txt"
"$INDEX" --db "$DB" "$IN/nb.txt" >/dev/null 2>&1
check "a changed file's old words are gone" sh -c '! "$1" --db "$2" --json lungerehabilitering | grep -q nb.txt' _ "$QUERY" "$DB"
check "a changed file's new words are found" sh -c '"$1" --db "$2" --json hjemmerehabilitering | grep -q nb.txt' _ "$QUERY" "$DB"
check "the index passes xapian-check" sh -c 'xapian-check "$1" >/dev/null' _ "$DB"

# A second writer is turned away at once with exit 75; the index is intact.
HOLD="$REFERAT_BUILDDIR/tests/helpers/hold-lock"
"$HOLD" "$DB" 120 >"$TMP/hold.out" 2>&1 &
holder=$!
i=0
while [ $i -lt 600 ] && ! grep -q ready "$TMP/hold.out" 2>/dev/null; do sleep 0.1; i=$((i + 1)); done
check "locked index: exit 75 with a message" sh -c '
    "$1" --db "$2" "$3/sub/da.txt" >/dev/null 2>"$4/lock.err"; [ $? -eq 75 ] &&
    grep -q "being written by another process" "$4/lock.err"' _ "$INDEX" "$DB" "$IN" "$TMP"
check "readers still work while a writer holds the lock" sh -c '"$1" --db "$2" --json ventetiden | grep -q nb.txt' _ "$QUERY" "$DB"
kill "$holder" 2>/dev/null
wait "$holder" 2>/dev/null

# --wait: the second indexer waits for the first instead of exiting 75.
"$HOLD" "$DB" 2 >"$TMP/hold2.out" 2>&1 &
holder=$!
i=0
while [ $i -lt 600 ] && ! grep -q ready "$TMP/hold2.out" 2>/dev/null; do sleep 0.1; i=$((i + 1)); done
check "--wait waits for the lock" expect_exit 0 "$INDEX" --db "$DB" --wait 30 "$IN/sub/da.txt"
wait "$holder" 2>/dev/null
check "a new index directory is private (0700)" sh -c '
    umask 022; "$1" --db "$2/private" "$3/sub/da.txt" >/dev/null 2>&1; [ "$(stat -c %a "$2/private")" = 700 ]' _ "$INDEX" "$TMP" "$IN"

# On a terminal (script(1) gives one) a progress line counts files and
# MB against totals; piped, or with --quiet, there is none.
if command -v script >/dev/null 2>&1; then
    check "progress line on a terminal: files done/total, MB, MB/s" sh -c '
        script -qec "\"$1\" --db \"$2/tty-db\" \"$3\"" /dev/null >"$2/tty.out" 2>&1
        grep -aq "files, [0-9.]*/[0-9.]* MB, [0-9.]* MB/s" "$2/tty.out" &&
        grep -aEq "([1-9][0-9]*)/\1 files" "$2/tty.out"' _ "$INDEX" "$TMP" "$IN"
    check "no progress line with --quiet on a terminal" sh -c '
        script -qec "\"$1\" --quiet --full --db \"$2/tty-db\" \"$3\"" /dev/null >"$2/tty2.out" 2>&1;
        ! grep -aq "files, " "$2/tty2.out"' _ "$INDEX" "$TMP" "$IN"
else
    t_report "progress line on a terminal # SKIP script(1) missing" 0
    t_report "no progress line with --quiet # SKIP script(1) missing" 0
fi
check "no progress line when standard error is not a terminal" sh -c '
    "$1" --full --db "$2/tty-db" "$3" >"$2/pipe.out" 2>&1; ! grep -q "files, " "$2/pipe.out" &&
    ! grep -q "$(printf "\r")" "$2/pipe.out"' _ "$INDEX" "$TMP" "$IN"

# Format versions (lib/schema.h): an index of an older format (2-6) is
# read, and the next run that writes analyses every file again (format 5
# normalises weights when a passage is written, format 6 marks sections
# and pages in the passage, records each body's identity and reads more
# case numbers, format 7 keeps each passage's record in a value) and
# records format 7 once every passage is of it; an unknown format is
# refused by both programs with one line, and left as it was.
"$INDEX" --db "$TMP/v2" "$IN/nb.txt" >/dev/null 2>&1
xapian-metadata set "$TMP/v2" referat.schema 2
check "a format-2 index is read" sh -c '
    "$1" --db "$2" --json --limit 1 ventetiden | grep -q "\"rank\":1"' _ "$QUERY" "$TMP/v2"
"$INDEX" --db "$TMP/v2" "$IN/nb.txt" "$IN/sub/da.txt" >"$TMP/v2.out" 2>&1
check "a run that writes analyses unchanged files again and upgrades it to format 7" sh -c '
    grep -q "1 added, 1 updated, 0 removed, 0 unchanged" "$2" &&
    [ "$(xapian-metadata get "$1" referat.schema)" = 7 ]' _ "$TMP/v2" "$TMP/v2.out"
for t in Tnorm Tf7; do
    check "format 7: every passage carries $t" sh -c '
        [ "$(xapian-delve -t "$2" "$1" | sed -n "s/.*termfreq \([0-9]*\).*/\1/p")" = \
          "$(xapian-delve "$1" | sed -n "s/^number of documents = //p")" ]' _ "$TMP/v2" "$t"
done
check "format 7: --bm25 may change K1 only" sh -c '
    "$1" --db "$2" --bm25 1.5,0.75 ventetiden >/dev/null &&
    ! "$1" --db "$2" --bm25 1.2,0.5 ventetiden >/dev/null 2>"$3/bm25.err" &&
    [ "$(grep -c "" "$3/bm25.err")" -eq 1 ] && grep -q "only K1" "$3/bm25.err"' _ "$QUERY" "$TMP/v2" "$TMP"

# A real format-3 index (tests/fixtures/format3-index.tgz: one Danish
# file of corpus/da, written by the last format-3 referat, compacted):
# its passages keep what a hit shows in value slots, format 4 in the
# document data.  Both are read, before and after an upgrade.
tar xzf "$REFERAT_SRCDIR/tests/fixtures/format3-index.tgz" -C "$TMP"
# shows_v3 DB: the fixture's top hit for "registeret" shows its fields.
shows_v3() {
    "$QUERY" --db "$1" --json --limit 1 registeret | python3 -c '
import json, sys
h = json.loads(sys.stdin.readline())
want = {"path": "/tmp/fxsrc/2024-12-05-styregruppe-referat.txt", "passage": 5, "start": 1049,
        "end": 1907, "line": 32, "page": 1, "lang": "da", "date": "2024-12-05", "year": 2024,
        "date_source": "text", "body": "Styregruppen for Nationalt Forum for Børneonkologi (NFBO)",
        "title": "Årsrapport 2023 fra Dansk Register for Børnekræft (DRBK)", "case": None,
        "section": "sagsfremstilling", "match": "all"}
got = {k: h.get(k) for k in want}
assert got == want, got
assert h["text"].startswith("2) Årsrapport 2023 fra Dansk Register"), h["text"][:80]
'
}
check "a format-3 index is read: a hit shows its values" shows_v3 "$TMP/format3"
# Its file is not among the paths given: its passages stay of format 3,
# and so does the index, with a note.
"$INDEX" --db "$TMP/format3" "$IN/nb.txt" >/dev/null 2>"$TMP/format3.err"
check "a run that writes leaves format 3 while a file outside its paths is of it, and says so" sh -c '
    [ "$(xapian-metadata get "$1" referat.schema)" = 3 ] && [ "$(grep -c "" "$2")" -eq 1 ] &&
    grep -q "passages in .* are of the older format; index their files too" "$2"' _ \
    "$TMP/format3" "$TMP/format3.err"
check "after the run, the old passages still show their values" shows_v3 "$TMP/format3"
check "after the run, the new passages show their record" sh -c '
    "$1" --db "$2" --json --limit 1 ventetiden | python3 -c "
import json, sys
h = json.loads(sys.stdin.readline())
assert h[\"path\"].endswith(\"/nb.txt\") and h[\"passage\"] >= 1 and h[\"line\"] >= 1, h
assert h[\"lang\"] == \"nb\" and h[\"end\"] > h[\"start\"], h
"' _ "$QUERY" "$TMP/format3"
# A real format-5 index (tests/fixtures/format5-index.tgz: one short item,
# Bakgrunn and Vedtak in one passage, written by the last format-5
# referat, compacted): its records have no section or page marks, so a
# hit shows the passage's first section and page, as format 5 did; its
# weights were normalised when written.  A run that writes to it keeps
# format 5 while the fixture's own passages (of a file outside its paths)
# are of it; they keep their labels until their file is indexed again.
tar xzf "$REFERAT_SRCDIR/tests/fixtures/format5-index.tgz" -C "$TMP"
# shows_v5 DB: the fixture's top hit for "kvartal" (a Vedtak word) shows
# the passage's labels.
shows_v5() {
    "$QUERY" --db "$1" --json --limit 1 kvartal | python3 -c '
import json, sys
h = json.loads(sys.stdin.readline())
want = {"path": "/tmp/fx5src/2024-02-14-fagradet-referat.txt", "passage": 2, "line": 4, "page": 1,
        "section": "bakgrunn", "passage_section": "bakgrunn", "passage_page": 1, "case": "3/2024"}
got = {k: h.get(k) for k in want}
assert got == want, got
assert "kvartal" in h["snippet"], h["snippet"]
'
}
check "a format-5 index is read: a hit shows its passage's labels" shows_v5 "$TMP/format5"
check "a format-5 index: --bm25 may change K1 only" sh -c '
    "$1" --db "$2" --bm25 1.5,0.75 kvartal >/dev/null &&
    ! "$1" --db "$2" --bm25 1.2,0.5 kvartal >/dev/null 2>/dev/null' _ "$QUERY" "$TMP/format5"
"$INDEX" --db "$TMP/format5" "$IN/nb.txt" >/dev/null 2>"$TMP/format5.err"
check "a run that writes to a format-5 index keeps format 5 while passages of another file are of it" sh -c '
    [ "$(xapian-metadata get "$1" referat.schema)" = 5 ] &&
    grep -q "passages in .* are of the older format; index their files too" "$2"' _ "$TMP/format5" "$TMP/format5.err"
check "after the run, the format-5 passages still show their labels" shows_v5 "$TMP/format5"

xapian-metadata set "$TMP/v2" referat.schema 99
check "an unknown format: referat-query refuses in one line" sh -c '
    "$1" --db "$2" ventetiden >/dev/null 2>"$3/v.err"; [ $? -ne 0 ] && [ "$(grep -c "" "$3/v.err")" -eq 1 ] &&
    grep -q "99" "$3/v.err"' _ "$QUERY" "$TMP/v2" "$TMP"
check "an unknown format: referat-index refuses and leaves it" sh -c '
    "$1" --db "$2" --full "$3/nb.txt" >/dev/null 2>"$4/w.err"; [ $? -ne 0 ] &&
    [ "$(grep -c "" "$4/w.err")" -eq 1 ] && [ "$(xapian-metadata get "$2" referat.schema)" = 99 ]' _ \
    "$INDEX" "$TMP/v2" "$IN" "$TMP"

# A damaged index gives an error, not a crash.
cp -r "$DB" "$TMP/bad"
for f in "$TMP"/bad/*.glass; do head -c 4096 /dev/zero >"$f"; done
check "corrupt index: exit 1 with a message" sh -c '
    "$1" --db "$2" ventetiden >/dev/null 2>"$3/c.err"; s=$?; [ $s -eq 1 ] && [ -s "$3/c.err" ]' _ "$QUERY" "$TMP/bad" "$TMP"

t_done
