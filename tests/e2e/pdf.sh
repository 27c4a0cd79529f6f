# tests/e2e/pdf.sh - PDFs through pdftotext, and hostile converters: each
# bad file is named with its reason, the good ones are indexed, and no
# converter process outlives the run.
. "$REFERAT_SRCDIR/tests/lib.sh"

IN="$TMP/in"
mkdir -p "$IN"
MKPDF="python3 $REFERAT_SRCDIR/tests/make-pdf.py"
printf 'Referat fra møte i Fagrådet\nSak 4/2024 Økonomi og budsjett\nFagrådet drøftet økonomien i kjøkkenet og ba om en\nny oversikt over utgiftene til hjelpemidler.\n' >"$TMP/p1.txt"
printf 'Sak 5/2024 Beredskap\nVedtak: Fagrådet ber om en plan for brannøvelser i kjelleren.\n' >"$TMP/p2.txt"
$MKPDF "$IN/2024-03-13-referat.pdf" "$TMP/p1.txt" "$TMP/p2.txt"
$MKPDF --empty "$IN/scan.pdf"
head -c 300 "$IN/2024-03-13-referat.pdf" >"$IN/truncated.pdf"
printf 'not a pdf at all\n' >"$IN/fake.pdf"

"$INDEX" --db "$TMP/db" "$IN" >"$TMP/out" 2>"$TMP/err"
status=$?
check "PDFs: bad ones make exit 1, good one indexed" sh -c '[ "$1" -eq 1 ] && grep -q "^referat-index: 1 added, .* 3 failed" "$2"' _ "$status" "$TMP/out"
check "image-only PDF is named as needing OCR" contains "$TMP/err" "$IN/scan.pdf: no text layer (an image-only PDF: it needs OCR, --ocr)"
check "truncated PDF is named as damaged" contains "$TMP/err" "$IN/truncated.pdf: damaged or not a PDF"
check "a non-PDF named .pdf is named as damaged" contains "$TMP/err" "$IN/fake.pdf: damaged or not a PDF"
check "PDF text is found, with its page" sh -c '
    "$1" --db "$2" --json brannøvelser | grep -q "\"page\":2" &&
    "$1" --db "$2" --json hjelpemidler | grep -q "\"page\":1"' _ "$QUERY" "$TMP/db"
check "PDF passages know their item and date" sh -c '
    "$1" --db "$2" --json hjelpemidler | grep -q "\"date\":\"2024-03-13\".*\"case\":\"4/2024\""' _ "$QUERY" "$TMP/db"

# Hostile stand-ins for pdftotext (REFERAT_PDFTOTEXT, a test hook).
skip_rest "a hanging converter is abandoned in time" "a flooding converter is cut off" \
    "a crashing converter is reported" "a converter leaving a child behind: the group is killed" \
    "a converter allocating without end is stopped by its memory limit" \
    "the good file is searchable after each hostile run" "a failed file is not retried while unchanged" \
    "once it changes it is tried again (and now succeeds)"
FAKE="$TMP/fake"
mkdir -p "$FAKE" "$TMP/one"
cp "$IN/2024-03-13-referat.pdf" "$TMP/one/a.pdf"
printf 'Et vanlig referat om ventelister for rehabilitering i regionen.\n' >"$TMP/one/b.txt"
# The sleeps' arguments are this script's own: the check that none is
# left must not see another test's (make -j2 check runs two at once).
printf '#!/bin/sh\nexec sleep 30.101\n' >"$FAKE/hang"
printf '#!/bin/sh\nexec yes referat\n' >"$FAKE/flood"
printf '#!/bin/sh\nkill -SEGV $$\n' >"$FAKE/crash"
printf '#!/bin/sh\nsleep 31.102 &\necho partial text\nexit 0\n' >"$FAKE/orphan"
printf '#!/bin/sh\nexec python3 -c "a = []\nwhile True: a.append(bytearray(1 << 24))"\n' >"$FAKE/hog"
chmod +x "$FAKE"/*
for kind in hang flood crash orphan hog; do
    rm -rf "$TMP/db-$kind"
    REFERAT_PDFTOTEXT="$FAKE/$kind" REFERAT_FILTER_TIMEOUT=2 \
        "$INDEX" --db "$TMP/db-$kind" "$TMP/one" >"$TMP/$kind.out" 2>"$TMP/$kind.err"
    echo $? >"$TMP/$kind.status"
done
check "a hanging converter is abandoned in time" sh -c '
    [ "$(cat "$1/hang.status")" -eq 1 ] && grep -q "took too long" "$1/hang.err" && grep -q "1 added" "$1/hang.out"' _ "$TMP"
check "a flooding converter is cut off" sh -c '
    [ "$(cat "$1/flood.status")" -eq 1 ] && grep -q "produced too much text" "$1/flood.err" && grep -q "1 added" "$1/flood.out"' _ "$TMP"
check "a crashing converter is reported" sh -c '
    [ "$(cat "$1/crash.status")" -eq 1 ] && grep -q "crashed (signal 11)" "$1/crash.err" && grep -q "1 added" "$1/crash.out"' _ "$TMP"
check "a converter leaving a child behind: the group is killed" sh -c '
    grep -q "took too long" "$1/orphan.err" && ! pgrep -f "^sleep 31\.102$" >/dev/null' _ "$TMP"
check "a converter allocating without end is stopped by its memory limit" sh -c '
    [ "$(cat "$1/hog.status")" -eq 1 ] && grep -q "a.pdf: " "$1/hog.err" && grep -q "1 added" "$1/hog.out"' _ "$TMP"
check "the good file is searchable after each hostile run" sh -c '
    for k in hang flood crash orphan hog; do "$1" --db "$2/db-$k" --json ventelister | grep -q b.txt || exit 1; done' _ "$QUERY" "$TMP"

# A file that failed is not tried again until it changes.
REFERAT_PDFTOTEXT="$FAKE/hang" REFERAT_FILTER_TIMEOUT=2 "$INDEX" --verbose --db "$TMP/db-hang" "$TMP/one" >"$TMP/again.out" 2>"$TMP/again.err"
check "a failed file is not retried while unchanged" sh -c '
    grep -q "a.pdf: failed before, unchanged since (not retried): .*took too long" "$1" &&
    grep -q "^referat-index: failed before and unchanged since: 1 " "$1" && [ ! -s "$2" ]' _ "$TMP/again.out" "$TMP/again.err"
touch "$TMP/one/a.pdf"
"$INDEX" --db "$TMP/db-hang" "$TMP/one" >"$TMP/fixed.out" 2>"$TMP/fixed.err"
check "once it changes it is tried again (and now succeeds)" sh -c '
    grep -q "^referat-index: 1 added" "$1" && "$2" --db "$3" --json hjelpemidler | grep -q a.pdf' _ "$TMP/fixed.out" "$QUERY" "$TMP/db-hang"

t_done
