# tests/e2e/gzip.sh - gzip-compressed text (.txt.gz): one or several
# members are read; a compression bomb and a truncated file are named and
# skipped; memory stays bounded by the inflate cap.
. "$REFERAT_SRCDIR/tests/lib.sh"

IN="$TMP/in"
mkdir -p "$IN"
gzip -c "$CORPUS/nb/2022-06-08-styringsgruppen-referat.txt" >"$IN/2022-06-08-referat.txt.gz"
{ gzip -c "$CORPUS/da/2024-12-05-styregruppe-referat.txt"; printf 'Et tillæg om rejsepuljer til efteruddannelse.\n' | gzip -c; } >"$IN/multi.txt.gz"
head -c 100000000 /dev/zero | gzip -c >"$IN/bomb.txt.gz"
head -c 500 "$IN/2022-06-08-referat.txt.gz" >"$IN/truncated.txt.gz"

"$INDEX" --db "$TMP/db" "$IN" >"$TMP/out" 2>"$TMP/err"
status=$?
check "gzip: two read, two failed, exit 1" sh -c '[ "$1" -eq 1 ] && grep -q "^referat-index: 2 added, .* 2 failed" "$2"' _ "$status" "$TMP/out"
check "a compression bomb is named and skipped" contains "$TMP/err" "$IN/bomb.txt.gz: inflates to more than 64 MB"
check "a truncated gzip file is named" contains "$TMP/err" "$IN/truncated.txt.gz: damaged gzip data"
check "compressed minutes are searchable, with their structure" sh -c '
    "$1" --db "$2" --json hospiteringsordning | grep -q "\"date\":\"2022-06-08\""' _ "$QUERY" "$TMP/db"
check "every member of a multi-member file is read" sh -c '
    "$1" --db "$2" --json efteruddannelse | grep -q multi.txt.gz' _ "$QUERY" "$TMP/db"

# An index inside the archive it indexes is refused (its files would
# travel with the minutes): nothing is created there.
"$INDEX" --db "$IN/index" "$IN" >"$TMP/out2" 2>"$TMP/err2"
status=$?
check "an index inside the walked archive is refused" sh -c '
    [ "$1" -eq 2 ] && grep -q "lies inside" "$2" && [ ! -e "$3/index" ]' _ "$status" "$TMP/err2" "$IN"

t_done
