# tests/e2e/concurrent.sh - queries while the indexer commits: every query
# succeeds and sees a committed state (the shim reopens and retries when
# Xapian reports the database changed under a reader).
. "$REFERAT_SRCDIR/tests/lib.sh"

ARCH="$TMP/archive"
for copy in 1 2 3; do
    mkdir -p "$ARCH/c$copy"
    cp "$CORPUS"/nb/*.txt "$CORPUS"/da/*.txt "$ARCH/c$copy/"
done
DB="$TMP/db"
# A first commit so readers have something to open.
"$INDEX" --db "$DB" "$ARCH/c1" >/dev/null 2>&1

# Reindex everything repeatedly, committing every two files.
(
    i=0
    while [ $i -lt 3 ]; do
        REFERAT_COMMIT_EVERY=2 "$INDEX" --db "$DB" --full "$ARCH" >/dev/null 2>&1
        i=$((i + 1))
    done
    touch "$TMP/writer.done"
) &
writer=$!

failed=0
queries=0
while [ ! -e "$TMP/writer.done" ] && [ $queries -lt 2000 ]; do
    for q in rehabilitering "ventetid for ultralydsbehandling" "section:vedtak hospitering" "case:7/2022"; do
        if ! "$QUERY" --db "$DB" --json --limit 5 "$q" >"$TMP/q.out" 2>"$TMP/q.err"; then
            failed=$((failed + 1))
            cat "$TMP/q.err" >"$TMP/last.err"
        fi
        queries=$((queries + 1))
    done
done
wait "$writer"
check "queries during indexing: none failed ($queries run)" sh -c '[ "$1" -eq 0 ] && [ "$2" -gt 0 ] || { cat "$3" 2>/dev/null; exit 1; }' _ "$failed" "$queries" "$TMP/last.err"
check "the index is consistent afterwards" sh -c 'xapian-check "$1" >/dev/null' _ "$DB"

t_done
