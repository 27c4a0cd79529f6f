# tests/e2e/ocr.sh - scanned (image-only) PDFs: refused with "needs OCR"
# by default; read by tesseract with --ocr (a file that failed for want of
# OCR is retried then), with pages and agenda items; a missing or hostile
# tesseract is named and abandoned, its temporary page images removed.
. "$REFERAT_SRCDIR/tests/lib.sh"

IN="$TMP/in"
mkdir -p "$IN" "$TMP/tmp"
export TMPDIR="$TMP/tmp"
printf 'Referat fra møte i Fagrådet\nSak 4/2024 Rehabilitering\nFagrådet drøftet ventelistene for rehabilitering\nog ba om en ny oversikt over hjelpemidler.\n' >"$TMP/s1.txt"
printf 'Sak 5/2024 Beredskap\nVedtak: Fagrådet ber om en plan for brannøvelser.\n' >"$TMP/s2.txt"
python3 "$REFERAT_SRCDIR/tests/make-pdf.py" --scan "$IN/2024-03-13-skannet.pdf" "$TMP/s1.txt" "$TMP/s2.txt"
printf 'Et vanlig referat om ventelister for ortopedi i regionen.\n' >"$IN/vanlig.txt"

check "the scan has no text layer" sh -c '[ -z "$(pdftotext "$1" - | tr -d "[:space:]")" ]' _ "$IN/2024-03-13-skannet.pdf"

"$INDEX" --db "$TMP/db" "$IN" >"$TMP/out" 2>"$TMP/err"
status=$?
check "without --ocr: named as needing OCR, exit 1" sh -c '
    [ "$1" -eq 1 ] && grep -q "skannet.pdf: no text layer (an image-only PDF: it needs OCR, --ocr)" "$2"' _ "$status" "$TMP/err"

if ! command -v tesseract >/dev/null 2>&1 || ! tesseract --list-langs 2>/dev/null | grep -qx nor; then
    t_report "--ocr reads the scan # SKIP tesseract-ocr-nor not installed" 0
else
    "$INDEX" --db "$TMP/db" --ocr "$IN" >"$TMP/out2" 2>"$TMP/err2"
    status=$?
    check "--ocr: the scan that failed before is read now" sh -c '
        [ "$1" -eq 0 ] && grep -q "^referat-index: 1 added, .* 0 failed" "$2"' _ "$status" "$TMP/out2"
    check "OCR text is searchable, with page and agenda item" sh -c '
        "$1" --db "$2" --json brannøvelser | grep -q "\"page\":2,.*\"case\":\"5/2024\"" &&
        "$1" --db "$2" --json rehabilitering | grep -q "\"page\":1,.*\"case\":\"4/2024\""' _ "$QUERY" "$TMP/db"
fi
check "no page images are left behind" sh -c '[ -z "$(ls "$1")" ]' _ "$TMP/tmp"

# The rest plants fake tesseracts (REFERAT_TESSERACT, a test hook).
skip_rest "tesseract missing: named with its package" "a hanging tesseract is abandoned, the rest indexed" \
    "... within its time limit" "... leaving no process and no page images"

# No tesseract: the reason says which package.
rm -rf "$TMP/db2"
REFERAT_TESSERACT="$TMP/none/tesseract" "$INDEX" --db "$TMP/db2" --ocr "$IN" >/dev/null 2>"$TMP/err3"
check "tesseract missing: named with its package" contains "$TMP/err3" "needs tesseract (Debian package tesseract-ocr)"

# A hanging tesseract is abandoned within the filter time limit.  The
# pages are "rendered" by a stand-in that writes one image at once: the
# real pdftoppm shares the 2 s limit and, on a loaded machine, could be
# the one that took too long.
mkdir -p "$TMP/fake"
# The sleeps' arguments are this script's own: the check that none is
# left must not see another test's (make -j2 check runs two at once).
printf '#!/bin/sh\ncase "$1" in --list-langs) printf "List\\nnor\\ndan\\n"; exit 0;; esac\nexec sleep 30.103\n' >"$TMP/fake/tesseract"
printf '#!/bin/sh\nfor a; do prefix=$a; done\n: >"$prefix-1.png"\n' >"$TMP/fake/pdftoppm"
chmod +x "$TMP/fake/tesseract" "$TMP/fake/pdftoppm"
rm -rf "$TMP/db3"
t0=$(date +%s)
REFERAT_TESSERACT="$TMP/fake/tesseract" REFERAT_PDFTOPPM="$TMP/fake/pdftoppm" REFERAT_FILTER_TIMEOUT=2 \
    "$INDEX" --db "$TMP/db3" --ocr "$IN" >"$TMP/out4" 2>"$TMP/err4"
status=$?
t1=$(date +%s)
check "a hanging tesseract is abandoned, the rest indexed" sh -c '
    [ "$1" -eq 1 ] && grep -q "OCR of page 1 failed (.*took too long" "$2" && grep -q "1 added" "$3"' _ "$status" "$TMP/err4" "$TMP/out4"
check "... within its time limit ($((t1 - t0)) s)" [ $((t1 - t0)) -lt 15 ]
check "... leaving no process and no page images" sh -c '
    ! pgrep -f "^sleep 30\.103$" >/dev/null && [ -z "$(ls "$1")" ]' _ "$TMP/tmp"

t_done
