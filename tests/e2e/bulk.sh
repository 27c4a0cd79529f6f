# tests/e2e/bulk.sh - a first build written as shards by two writer
# processes and merged by compaction (indexer/bulk.c) gives exactly the
# index a one-writer build gives: every passage (tests/helpers/dump-index),
# every metadata record, the same answers; it leaves nothing behind; a
# crash at any step (a writer, the parent, between the merged tables)
# leaves no database or the whole one, and the next run converges; later
# runs update it like any index; and the directory's lock keeps a second
# indexer out while the build has no database yet.
. "$REFERAT_SRCDIR/tests/lib.sh"
needs_hooks # REFERAT_BULK_MIN_BYTES, REFERAT_TEST_KILL

GEN="$REFERAT_BUILDDIR/corpus/referat-gen"
ARCH="$TMP/archive"
mkdir -p "$ARCH/samples"
cp "$CORPUS"/nb/*.txt "$CORPUS"/da/*.txt "$ARCH/samples/"
# Half a megabyte (896 passages) is enough for several shards a writer;
# a megabyte made this the longest test of the sanitizer build (5.7
# minutes for some twenty builds).
"$GEN" --mb 0.5 --seed 7 "$ARCH/gen" >/dev/null 2>&1

# Small batches and shards, so each writer commits and rolls over often.
export REFERAT_COMMIT_EVERY=5 REFERAT_BULK_SHARD_BYTES=100000
ONE=1000000000000 # REFERAT_BULK_MIN_BYTES: never shards
ALL=1             # always shards

answers() {
    for q in sykdom sygdom "kvalitet i tjenesten" '"ble enige om"' fagradet 'year:2020 budsjett' \
        rehabilitering pasientsikkerhet; do
        "$QUERY" --db "$1" --json -n 20 -- "$q" 2>&1
    done
}
# same A B: two indexes hold the same passages, records and answers.
same() {
    "$DUMP" "$1" >"$TMP/a.dump" && "$DUMP" "$2" >"$TMP/b.dump" && [ -s "$TMP/a.dump" ] &&
        cmp "$TMP/a.dump" "$TMP/b.dump" && stable_metadata "$1" >"$TMP/a.meta" && stable_metadata "$2" >"$TMP/b.meta" &&
        [ -s "$TMP/a.meta" ] && cmp "$TMP/a.meta" "$TMP/b.meta" &&
        answers "$1" >"$TMP/a.ans" && answers "$2" >"$TMP/b.ans" && cmp "$TMP/a.ans" "$TMP/b.ans"
}

REFERAT_BULK_MIN_BYTES=$ONE "$INDEX" --quiet --db "$TMP/one" "$ARCH" >/dev/null 2>&1
check "a one-writer build indexes the archive" sh -c '[ "$(xapian-delve "$1" | sed -n "s/^number of documents = //p")" -gt 500 ]' _ "$TMP/one"

t0=$(ms)
REFERAT_BULK_MIN_BYTES=$ALL "$INDEX" --db "$TMP/bulk" "$ARCH" >"$TMP/bulk.out" 2>&1
run_ms=$(($(ms) - t0)) # the parent's kills below fall at shares of it
check "a build in shards exits 0 and counts every file" sh -c '
    grep -Eq "^referat-index: [0-9]+ added, 0 updated, 0 removed, 0 unchanged, 0 failed" "$1" &&
    [ "$(grep -o "[0-9]* added" "$1" | cut -d" " -f1)" -eq "$(find "$2" -name "*.txt" | wc -l)" ]' _ "$TMP/bulk.out" "$ARCH"
check "the writers rolled over to several shards each" sh -c '
    REFERAT_BULK_MIN_BYTES=1 REFERAT_TEST_KILL=install "$1" --quiet --db "$2" "$3" >/dev/null 2>&1
    [ "$(ls "$2/.bulk" | grep -c "^s")" -ge 4 ]' _ "$INDEX" "$TMP/peek" "$ARCH"
check "same passages, records and answers as the one-writer build" same "$TMP/one" "$TMP/bulk"
check "nothing left behind; the index is sound" sh -c '
    [ ! -e "$1/.bulk" ] && xapian-check "$1" >/dev/null' _ "$TMP/bulk"

# On a terminal the writers tick the parent's one progress line.
if command -v script >/dev/null 2>&1; then
    check "on a terminal: one progress line reaching every file" sh -c '
        REFERAT_BULK_MIN_BYTES=1 script -qec "\"$1\" --db \"$2/tty-db\" \"$3\"" /dev/null >"$2/tty.out" 2>&1
        n=$(find "$3" -name "*.txt" | wc -l)
        grep -aq "files, [0-9.]*/[0-9.]* MB, [0-9.]* MB/s" "$2/tty.out" && grep -aq "$n/$n files" "$2/tty.out" &&
        grep -aq "referat-index: $n added" "$2/tty.out" && [ ! -e "$2/tty-db/.bulk" ]' _ "$INDEX" "$TMP" "$ARCH"
else
    t_report "on a terminal: one progress line # SKIP script(1) missing" 0
fi

# Later runs update it like any index.
check "a rerun finds every file unchanged" sh -c '
    "$1" --db "$2" "$3" 2>&1 | grep -Eq "^referat-index: 0 added, 0 updated, 0 removed, [0-9]+ unchanged"' _ \
    "$INDEX" "$TMP/bulk" "$ARCH"
f=$(find "$ARCH/gen" -name "*.txt" | sort | head -1)
printf '\nSak 99/2024 Etterslep\nVedtak: Ordningen med kveldspoliklinikk videreføres.\n' >>"$f"
rm "$(find "$ARCH/gen" -name "*.txt" | sort | tail -1)"
for db in bulk one; do REFERAT_BULK_MIN_BYTES=$ALL "$INDEX" --quiet --db "$TMP/$db" "$ARCH" >/dev/null 2>&1; done
check "a changed and a removed file: both indexes updated alike" same "$TMP/one" "$TMP/bulk"
REFERAT_BULK_MIN_BYTES=$ONE "$INDEX" --quiet --db "$TMP/clean" "$ARCH" >/dev/null 2>&1

# Crashes.  converge NAME: no database or a sound one, and the next run
# makes it equal a clean build.
converge() {
    check "$1: no database, or a sound one; no writer left" sh -c '
        [ ! -e "$1/iamglass" ] || xapian-check "$1" >/dev/null || exit 1
        sleep 0.2; ! pgrep -f "referat-index --quiet --db $1" >/dev/null' _ "$TMP/db"
    REFERAT_BULK_MIN_BYTES=$ALL "$INDEX" --quiet --db "$TMP/db" "$ARCH" >/dev/null 2>&1
    check "$1: the next run converges to a clean build" sh -c '
        [ ! -e "$2/.bulk" ] && "$3" "$1" >"$1.c" && "$3" "$2" >"$2.c" && cmp "$1.c" "$2.c"' _ \
        "$TMP/clean" "$TMP/db" "$DUMP"
}

rm -rf "$TMP/db"
REFERAT_BULK_MIN_BYTES=$ALL REFERAT_TEST_KILL=install "$INDEX" --quiet --db "$TMP/db" "$ARCH" >/dev/null 2>&1
check "killed between the merged tables: exit 137, no database yet" sh -c '
    [ "$1" -eq 137 ] && [ ! -e "$2/iamglass" ] && ls "$2" | grep -q "\.glass$"' _ $? "$TMP/db"
check "a query on it says the first build has not finished, exit 1" sh -c '
    "$1" --db "$2" sykdom 2>"$3"; [ $? -eq 1 ] && [ "$(wc -l <"$3")" -eq 1 ] &&
    grep -qF "no index at $2 yet: its first build has not finished" "$3"' _ \
    "$QUERY" "$TMP/db" "$TMP/q.err"
converge "killed between the merged tables"

rm -rf "$TMP/db"
REFERAT_BULK_MIN_BYTES=$ALL REFERAT_TEST_KILL=after:2 "$INDEX" --quiet --db "$TMP/db" "$ARCH" >"$TMP/w.out" 2>"$TMP/w.err"
check "a shard writer killed: exit 74, one line naming it, no database" sh -c '
    [ "$1" -eq 74 ] && [ "$(wc -l <"$2")" -eq 1 ] && grep -q "shard writer died (signal 9)" "$2" &&
    [ ! -e "$3/iamglass" ] && [ ! -e "$3/.bulk" ]' _ $? "$TMP/w.err" "$TMP/db"
converge "a shard writer killed"

for point in 10 40 70; do
    rm -rf "$TMP/db"
    REFERAT_BULK_MIN_BYTES=$ALL "$INDEX" --quiet --db "$TMP/db" "$ARCH" >/dev/null 2>&1 &
    pid=$!
    i=0
    while [ $i -lt 200 ] && [ ! -e "$TMP/db/.bulk" ]; do sleep 0.01; i=$((i + 1)); done
    delay_ms=$((run_ms * point / 100))
    sleep_ms "$delay_ms"
    kill -9 $pid 2>/dev/null
    wait $pid 2>/dev/null
    converge "the parent killed $point% into the build (${delay_ms} of ${run_ms} ms)"
done

# The lock: while a build has no database in the directory, a second
# indexer waits or leaves.
rm -rf "$TMP/db"
REFERAT_BULK_MIN_BYTES=$ALL "$INDEX" --quiet --db "$TMP/db" "$ARCH" >/dev/null 2>&1 &
pid=$!
i=0
while [ $i -lt 500 ] && [ ! -e "$TMP/db/.bulk" ]; do sleep 0.01; i=$((i + 1)); done
"$INDEX" --quiet --db "$TMP/db" "$ARCH/samples" >/dev/null 2>"$TMP/l.err"
status=$?
"$INDEX" --quiet --wait 120 --db "$TMP/db" "$ARCH" >/dev/null 2>"$TMP/w2.err"
wstatus=$?
wait $pid
check "a second indexer during the build exits 75 and says why" sh -c '
    [ "$1" -eq 75 ] && grep -q "being written by another process" "$2"' _ $status "$TMP/l.err"
check "with --wait it runs once the build is done" [ $wstatus -eq 0 ]
check "the build, then the waiting run, give the clean index" sh -c '
    "$3" "$1" >"$1.c" && "$3" "$2" >"$2.c" && cmp "$1.c" "$2.c"' _ "$TMP/clean" "$TMP/db" "$DUMP"

# A root that cannot be walked beside a build in shards: one failure, as
# one writer counts it (each shard writer counted it again, issue 20).
rm -rf "$TMP/db"
REFERAT_BULK_MIN_BYTES=1 "$INDEX" --db "$TMP/db" "$CORPUS/nb" "$TMP/no-such-dir" >"$TMP/m.out" 2>"$TMP/m.err"
mstatus=$?
check "a missing root beside a build in shards: exit 1, said once, counted once" sh -c '
    [ "$1" -eq 1 ] && [ "$(grep -c "no-such-dir is missing" "$3")" -eq 1 ] &&
    grep -q "^referat-index: 8 added, .* 1 failed, 0 skipped" "$2" || { cat "$2" "$3"; exit 1; }' _ $mstatus "$TMP/m.out" "$TMP/m.err"

t_done
