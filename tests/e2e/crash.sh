# tests/e2e/crash.sh - kill -9 of the indexer at points spread over a run
# (the very start included) and exactly at its first commits: every time
# the index opens, passes xapian-check, and the next run converges to
# exactly the passages of a clean build -- every term, position, value and
# stored text (tests/helpers/dump-index).  The timed kill points are a
# fixed spread over the measured run time, so a failure names its point
# and can be repeated; the commit points use the indexer's test hook
# REFERAT_TEST_KILL=before:N / after:N (SIGKILL around the Nth commit).
. "$REFERAT_SRCDIR/tests/lib.sh"
needs_hooks # REFERAT_TEST_KILL, REFERAT_COMMIT_EVERY

ARCH="$TMP/archive"
for copy in 1 2 3 4; do
    mkdir -p "$ARCH/c$copy"
    cp "$CORPUS"/nb/*.txt "$CORPUS"/da/*.txt "$ARCH/c$copy/"
done
# Commit often, so kills land between, during and after commits.
export REFERAT_COMMIT_EVERY=4

passages() {
    "$QUERY" --db "$1" --json --limit 10000 "year:1990..2100" 2>/dev/null |
        python3 -c '
import json, sys, zlib
rows = sorted((h["path"].rsplit("/archive/", 1)[1], h["passage"], zlib.crc32(h["text"].encode())) for h in map(json.loads, sys.stdin) if "rank" in h)
print(len(rows)); [print(*r) for r in rows]'
}

t0=$(ms)
"$INDEX" --db "$TMP/clean" "$ARCH" >/dev/null 2>&1
t1=$(ms)
passages "$TMP/clean" >"$TMP/clean.txt"
run_ms=$((t1 - t0))
check "the clean build has passages" sh -c '[ "$(head -1 "$1")" -gt 100 ]' _ "$TMP/clean.txt"

"$DUMP" "$TMP/clean" >"$TMP/clean.dump"

# converge NAME: the index after a kill opens and is sound, and a rerun
# makes it equal the clean build.
converge() {
    check "$1: the index is consistent" sh -c '
        [ ! -e "$1/iamglass" ] || xapian-check "$1" >/dev/null' _ "$TMP/db"
    "$INDEX" --db "$TMP/db" "$ARCH" >/dev/null 2>&1
    passages "$TMP/db" >"$TMP/after.txt"
    "$DUMP" "$TMP/db" >"$TMP/after.dump" 2>&1
    check "$1: the next run converges to the clean build" sh -c '
        [ "$(head -1 "$2")" -gt 100 ] && diff "$1" "$2" >/dev/null && cmp "$3" "$4"' _ \
        "$TMP/clean.txt" "$TMP/after.txt" "$TMP/clean.dump" "$TMP/after.dump"
}

# Exactly at the first commits, by the test hook.
for point in before:1 after:1 before:2 after:2; do
    rm -rf "$TMP/db"
    REFERAT_TEST_KILL=$point "$INDEX" --db "$TMP/db" "$ARCH" >/dev/null 2>&1
    status=$?
    check "kill -9 $point (commit): the indexer was killed" [ $status -eq 137 ]
    converge "kill -9 $point (commit)"
done

# An upgrade from an older format (lib/schema.h) killed at its first
# commit: the index keeps its old format number, so search still weighs
# it as that format, and the next run analyses everything again and
# records format 7, equal to the clean build.
rm -rf "$TMP/db"
cp -R "$TMP/clean" "$TMP/db"
xapian-metadata set "$TMP/db" referat.schema 4
REFERAT_TEST_KILL=after:1 "$INDEX" --db "$TMP/db" "$ARCH" >/dev/null 2>&1
status=$?
check "kill -9 after:1 of an upgrade: the indexer was killed" [ $status -eq 137 ]
check "kill -9 after:1 of an upgrade: still format 4, and searchable" sh -c '
    [ "$(xapian-metadata get "$1" referat.schema)" = 4 ] &&
    [ "$("$2" --db "$1" --json --limit 10000 "year:1990..2100" | grep -c "\"rank\"")" -gt 100 ]' _ \
    "$TMP/db" "$QUERY"
converge "kill -9 after:1 (upgrade)"
check "kill -9 after:1 (upgrade): the next run records format 7" sh -c '
    [ "$(xapian-metadata get "$1" referat.schema)" = 7 ]' _ "$TMP/db"

POINTS=24
k=0
while [ $k -lt $POINTS ]; do
    # Point k of POINTS over the run; point 0 is the very first moment.
    delay_ms=$((run_ms * k / POINTS))
    rm -rf "$TMP/db"
    "$INDEX" --db "$TMP/db" "$ARCH" >/dev/null 2>&1 &
    pid=$!
    sleep_ms "$delay_ms"
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    # The index may not exist yet if the kill came first; if it does, it
    # must be a valid Xapian database.
    converge "kill -9 at ${delay_ms} ms of ${run_ms} ms"
    k=$((k + 1))
done

t_done
