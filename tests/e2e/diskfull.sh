# tests/e2e/diskfull.sh - a write that fails (here: a file-size limit,
# as a full disk would) ends the run with exit 74 and a message; the last
# committed index stays valid and searchable; the next run with room
# completes the work.
. "$REFERAT_SRCDIR/tests/lib.sh"

ARCH="$TMP/archive"
mkdir -p "$ARCH/nb" "$ARCH/da"
cp "$CORPUS"/nb/*.txt "$ARCH/nb/"
cp "$CORPUS"/da/*.txt "$ARCH/da/"
DB="$TMP/db"
"$INDEX" --db "$DB" "$ARCH/nb" >/dev/null 2>&1
before=$("$QUERY" --db "$DB" --json --limit 10000 "year:1990..2100" | wc -l)

# 100 KiB per file: too small for the Danish minutes' postings.
sh -c 'ulimit -f 200; exec "$@"' _ "$INDEX" --db "$DB" "$ARCH/nb" "$ARCH/da" >"$TMP/out" 2>"$TMP/err"
status=$?
check "a failed write exits 74 with a one-line reason" sh -c '
    [ "$1" -eq 74 ] && grep -q "the index keeps what was committed before" "$2" &&
    [ "$(grep -c "" "$2")" -le 2 ]' _ "$status" "$TMP/err"
check "the index is valid after the failed write" sh -c 'xapian-check "$1" >/dev/null' _ "$DB"
check "the committed passages are all still there" sh -c '
    [ "$("$1" --db "$2" --json --limit 10000 "year:1990..2100" | wc -l)" -eq "$3" ] && [ "$3" -gt 0 ]' _ "$QUERY" "$DB" "$before"

"$INDEX" --db "$DB" "$ARCH/nb" "$ARCH/da" >/dev/null 2>&1
"$INDEX" --db "$TMP/clean" "$ARCH/nb" "$ARCH/da" >/dev/null 2>&1
check "with room again, the next run converges to a clean build" sh -c '
    a=$("$1" --db "$2" --json --limit 10000 "year:1990..2100" | python3 -c "import json,sys; print(sorted((h[\"path\"], h[\"passage\"], h[\"text\"]) for h in map(json.loads, sys.stdin)))")
    b=$("$1" --db "$3" --json --limit 10000 "year:1990..2100" | python3 -c "import json,sys; print(sorted((h[\"path\"], h[\"passage\"], h[\"text\"]) for h in map(json.loads, sys.stdin)))")
    [ "$a" = "$b" ] && [ ${#a} -gt 1000 ]' _ "$QUERY" "$DB" "$TMP/clean"

t_done
