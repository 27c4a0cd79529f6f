# tests/e2e/badinput.sh - the bad-input matrix: every kind of bad file
# beside good ones, in one run.  Each bad file is named with its reason
# (or, for text that can be decoded, indexed and found), every good file
# is indexed, the exit status is 1, and memory stays bounded.
. "$REFERAT_SRCDIR/tests/lib.sh"

IN="$TMP/in"
mkdir -p "$IN/sub"
MKPDF="python3 $REFERAT_SRCDIR/tests/make-pdf.py"

# Good files.
cp "$CORPUS/nb/2022-06-08-styringsgruppen-referat.txt" "$IN/good-nb.txt"
cp "$CORPUS/da/2024-12-05-styregruppe-referat.txt" "$IN/good-da.txt"
printf 'Sak 4/2024 Beredskap\nFagrådet ber om en plan for brannøvelser i kjelleren.\n' >"$TMP/p1.txt"
$MKPDF "$IN/good.pdf" "$TMP/p1.txt"

# Bad ones.
: >"$IN/empty.txt"
head -c 20000 /dev/urandom >"$IN/binary.txt"
printf 'Referat\000med NUL\n' >>"$IN/binary.txt"
# Mostly UTF-8 with a few broken bytes: decoded, the broken bytes replaced.
printf 'Møte i Helserådet om legemiddelhåndtering og \377\376 ventelister for røntgen.\n' >"$IN/invalid-utf8.txt"
python3 -c 'import sys; open(sys.argv[1], "wb").write("Møte i rådet om sjøsikkerhet og redningsvester.\n".encode("utf-16"))' "$IN/utf16.txt"
# A 50 MB file of one line: base64 data, no text.
head -c 37500000 /dev/urandom | base64 -w0 >"$IN/oneline.txt"
truncate -s 100M "$IN/huge.txt"
head -c 100000000 /dev/zero | gzip -c >"$IN/bomb.txt.gz"
head -c 300 "$IN/good.pdf" >"$IN/truncated.pdf"
$MKPDF --password hemmelig "$IN/encrypted.pdf" "$TMP/p1.txt"
$MKPDF --empty "$IN/scan.pdf"
mkfifo "$IN/fifo.txt"
python3 -c 'import socket, sys; s = socket.socket(socket.AF_UNIX); s.bind(sys.argv[1])' "$IN/socket.txt"
ln -s loop.txt "$IN/loop.txt"
ln -s . "$IN/sub/dirloop"
ln -s /dev/zero "$IN/zero.txt"
printf 'Hemmelig referat.\n' >"$IN/unreadable.txt"
chmod 000 "$IN/unreadable.txt"

# As root, permissions do not stop reads: drop the capabilities that
# override them (setpriv), so the unreadable file is unreadable.
RUN=""
if [ "$(id -u)" -eq 0 ]; then
    if setpriv --bounding-set -dac_override,-dac_read_search true 2>/dev/null; then
        RUN="setpriv --bounding-set -dac_override,-dac_read_search"
    fi
fi
unreadable_works=1
$RUN sh -c 'cat "$1"' _ "$IN/unreadable.txt" >/dev/null 2>&1 && unreadable_works=0

# Peak memory of the run (maximum resident set of the child, in KB).
python3 -c '
import resource, subprocess, sys
with open(sys.argv[1], "w") as out, open(sys.argv[2], "w") as err:
    rc = subprocess.run(sys.argv[4:], stdout=out, stderr=err, stdin=subprocess.DEVNULL).returncode
open(sys.argv[3], "w").write("%d %d\n" % (rc, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
' "$TMP/out" "$TMP/err" "$TMP/rc" $RUN "$INDEX" --db "$TMP/db" "$IN"
read status maxrss <"$TMP/rc"

check "exit status 1 (some files failed, the run went on)" [ "$status" -eq 1 ]
check "good files indexed: text, Danish, PDF" sh -c '
    "$1" --db "$2" --json hospiteringsordning | grep -q good-nb.txt &&
    "$1" --db "$2" --json --limit 50 styregruppen | grep -q good-da.txt &&
    "$1" --db "$2" --json brannøvelser | grep -q good.pdf' _ "$QUERY" "$TMP/db"
check "empty file named" contains "$TMP/err" "skipping $IN/empty.txt: empty file"
check "binary file named" contains "$TMP/err" "$IN/binary.txt: binary content"
check "invalid UTF-8: named, decoded, the rest of the text found" sh -c '
    grep -q "$2/invalid-utf8.txt: .*invalid UTF-8" "$3" &&
    "$1" --db "$4" --json legemiddelhåndtering | grep -q invalid-utf8.txt' _ "$QUERY" "$IN" "$TMP/err" "$TMP/db"
check "invalid UTF-8: offsets point into the file on disk" sh -c '
    "$1" --db "$2" --json legemiddelhåndtering | python3 -c "
import json, sys
h = json.loads(sys.stdin.readline())
raw = open(h[\"path\"], \"rb\").read()[h[\"start\"]:h[\"end\"]]
assert raw.decode(\"utf-8\", \"replace\").split() == h[\"text\"].split(), (raw, h[\"text\"])
"' _ "$QUERY" "$TMP/db"
check "UTF-16 file converted and found" sh -c '"$1" --db "$2" --json sjøsikkerhet | grep -q utf16.txt' _ "$QUERY" "$TMP/db"
check "50 MB one-line data file named as no text" contains "$TMP/err" "$IN/oneline.txt: no text: only encoded or binary-looking data"
check "file over the size limit named" contains "$TMP/err" "$IN/huge.txt: too large (100.0 MB; the limit is 64 MB)"
check "gzip bomb named" contains "$TMP/err" "$IN/bomb.txt.gz: inflates to more than 64 MB"
check "truncated PDF named" contains "$TMP/err" "$IN/truncated.pdf: damaged or not a PDF"
check "encrypted PDF named" contains "$TMP/err" "$IN/encrypted.pdf: encrypted PDF"
check "image-only PDF named" contains "$TMP/err" "$IN/scan.pdf: no text layer (an image-only PDF: it needs OCR, --ocr)"
check "FIFO named, never opened" contains "$TMP/err" "skipping $IN/fifo.txt: a FIFO, not a regular file (not opened)"
check "socket named, never opened" contains "$TMP/err" "skipping $IN/socket.txt: a socket, not a regular file (not opened)"
check "symlink loop named, not followed" contains "$TMP/err" "skipping $IN/loop.txt: symbolic link (not followed)"
check "directory symlink loop named, not followed" contains "$TMP/err" "skipping $IN/sub/dirloop: symbolic link (not followed)"
check "link to /dev/zero named, not followed" contains "$TMP/err" "skipping $IN/zero.txt: symbolic link (not followed)"
if [ $unreadable_works -eq 1 ]; then
    check "unreadable file named" contains "$TMP/err" "$IN/unreadable.txt: cannot open: Permission denied"
else
    t_report "unreadable file named # SKIP cannot make a file unreadable here" 0
fi
check "every message names a file under the input or is the summary" sh -c '
    ! grep -Ev "^referat-index: (skipping )?$1/" "$2"' _ "$IN" "$TMP/err"
check "summary: 5 indexed, the bad ones failed or skipped" \
    grep -Eq "^referat-index: 5 added, 0 updated, 0 removed, 0 unchanged, $((7 + unreadable_works)) failed, 6 skipped" "$TMP/out"
check "the index is sound" sh -c 'xapian-check "$1" >/dev/null' _ "$TMP/db"
# The sanitizer build's shadow memory inflates the resident set.
limit=$((512 * 1024))
grep -q -- "--enable-sanitizers" "$REFERAT_BUILDDIR/config.log" 2>/dev/null && limit=$((1536 * 1024))
check "memory bounded: peak $((maxrss / 1024)) MB, limit $((limit / 1024)) MB" [ "$maxrss" -lt "$limit" ]

# A rerun: the failures are remembered and not retried (counted, not
# named again); nothing is lost.
$RUN "$INDEX" --db "$TMP/db" "$IN" >"$TMP/out2" 2>"$TMP/err2"
check "a rerun keeps every good file and retries no failed one" sh -c '
    grep -q " 0 added, 0 updated, 0 removed, 5 unchanged" "$1" &&
    grep -q "^referat-index: failed before and unchanged since: [1-9][0-9]* (not retried" "$1" &&
    ! grep -q "binary.txt" "$2" &&
    "$3" --db "$4" --json hospiteringsordning | grep -q good-nb.txt' _ "$TMP/out2" "$TMP/err2" "$QUERY" "$TMP/db"

t_done
