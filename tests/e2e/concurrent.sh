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

# Two real indexers at once: the second is turned away with exit 75 at
# once, while the first goes on and leaves a sound, complete index.  The
# first is held in the middle of its run, lock taken, by a stand-in
# pdftotext found first on PATH, which waits (60 s at most) for the test
# to let it go: without that the first indexer could finish before the
# second starts (it does in a build without the commit-every test hook).
DB2="$TMP/db2"
mkdir -p "$TMP/bin" "$ARCH/c4"
cat >"$TMP/bin/pdftotext" <<EOF
#!/bin/sh
touch "$TMP/converting"
i=0
while [ \$i -lt 600 ] && [ ! -e "$TMP/release" ]; do sleep 0.1; i=\$((i + 1)); done
printf 'Referat fra styremøte\n\nSak 1/2024 Ventetider for rehabilitering\n\f'
EOF
chmod +x "$TMP/bin/pdftotext"
printf '%%PDF-1.4\n%% not read: the stand-in converter answers\n%%%%EOF\n' >"$ARCH/c4/held.pdf"
PATH="$TMP/bin:$PATH" REFERAT_COMMIT_EVERY=1 "$INDEX" --db "$DB2" "$ARCH" >"$TMP/first.out" 2>&1 &
first=$!
i=0
while [ $i -lt 600 ] && [ ! -e "$TMP/converting" ]; do sleep 0.1; i=$((i + 1)); done
"$INDEX" --db "$DB2" "$ARCH" >"$TMP/second.out" 2>"$TMP/second.err"
second=$?
kill -0 "$first" 2>/dev/null
first_running=$?
touch "$TMP/release"
wait "$first"
first_status=$?
# The first is still held when the second returns: it was turned away at
# once, not after waiting for the lock.
check "second indexer: exit 75 while the first runs" sh -c '
    [ "$1" -eq 75 ] && [ "$2" -eq 0 ] && grep -q "being written by another process" "$3"' _ "$second" "$first_running" "$TMP/second.err"
check "the first indexer finished every file" sh -c '
    [ "$1" -eq 0 ] && grep -q " 43 added, 0 updated, 0 removed, 0 unchanged, 0 failed" "$2" || { cat "$2"; exit 1; }' _ "$first_status" "$TMP/first.out"
check "the index passes xapian-check afterwards" sh -c 'xapian-check "$1" >/dev/null' _ "$DB2"

t_done
