# tests/e2e/meeting_runs.sh - the runs of each file's passages that
# referat-index stores for the meeting counts (schema.h,
# REFERAT_MEETING_RUNS_KEY; xs_db_store_value_runs): after a first build
# (one writer, and in shards) and after incremental runs that change,
# remove and add files, the runs hold for the index and the meetings
# counted through them are those that reading every passage's file id
# gives; referat-query's summaries, facets and timelines (counted in one
# pass through the runs, which counts the summary's passages and meetings
# too) are those of the index without them; runs that an older
# referat-index's commit left behind, or that were dropped, are passed
# over and the counts stay right.
. "$REFERAT_SRCDIR/tests/lib.sh"
needs_hooks # REFERAT_BULK_MIN_BYTES

RUNS="$REFERAT_BUILDDIR/tests/helpers/meeting-runs"
DOCS="$TMP/docs"
"$REFERAT_BUILDDIR/corpus/referat-gen" --mb 1 --seed 23 "$DOCS" >/dev/null 2>&1
WORDS="sak og pasienter møtet vedtak referat tilsyn"

# agree DB HELD: the runs are HELD ("held" or "not held"), and for every
# word the meetings by runs are those read, for a word or more with 64
# matches or more (the runs are read for such counts).
agree() {
    "$RUNS" "$1" $WORDS >"$TMP/runs.out" || return 1
    [ "$(head -n 1 "$TMP/runs.out")" = "$2" ] || { head -n 1 "$TMP/runs.out"; return 1; }
    tail -n +2 "$TMP/runs.out" | awk '$3 != $4 { bad = 1; print "differ: " $0 } $2 >= 64 { many++ }
        END { exit bad || many < 2 }'
}
# summary DB: referat-query's answers (their summaries count the
# meetings) are those of a copy of DB without the runs.
summary() {
    rm -rf "$TMP/copy" && cp -r "$1" "$TMP/copy" && xapian-metadata set "$TMP/copy" referat.meeting_runs "" || return 1
    for db in "$1" "$TMP/copy"; do
        for w in $WORDS "pasienter vedtak"; do
            "$QUERY" --db "$db" -n 3 --docs -- "$w" 2>&1
            "$QUERY" --db "$db" -n 3 --facets year,section -- "$w" 2>&1
            "$QUERY" --db "$db" -n 3 --json --facets year,body,section,lang,case --timeline -- "$w" 2>&1
            "$QUERY" --db "$db" -n 3 --json --docs --facets year,body,section,lang,case --timeline -- "$w" 2>&1
        done >"$db.answers"
    done
    grep -q "passages in [0-9]* meetings" "$1.answers" && grep -q '"facets"' "$1.answers" &&
        grep -q '"timeline"' "$1.answers" && cmp "$1.answers" "$TMP/copy.answers"
}

DB="$TMP/db"
REFERAT_BULK_MIN_BYTES=1000000000000 "$INDEX" --db "$DB" "$DOCS" >"$TMP/i1.out" 2>&1
check "a first build stores runs that hold" agree "$DB" held
check "referat-query answers as without the runs" summary "$DB"

BULK="$TMP/bulk"
REFERAT_BULK_MIN_BYTES=1 REFERAT_BULK_SHARD_BYTES=100000 "$INDEX" --db "$BULK" "$DOCS" >"$TMP/b.out" 2>&1
check "a first build in shards stores runs of the merged index" agree "$BULK" held

# Files changed (their passages replaced, new ones at the end), removed
# and added.
n=0
for f in $(find "$DOCS" -name '*.txt' | LC_ALL=C sort); do
    n=$((n + 1))
    case $((n % 9)) in
    1) printf '\nSak 99/2026 Tilleggssak\nVedtak: Saken om pasienter tas til orientering.\n' >>"$f" ;;
    4) rm "$f" ;;
    7) cp "$f" "${f%.txt}-kopi.txt" ;;
    esac
done
"$INDEX" --db "$DB" "$DOCS" >"$TMP/i2.out" 2>&1
check "an incremental run that changes, removes and adds files stores runs that hold" agree "$DB" held
check "and answers as without them" summary "$DB"
grep -q 'updated' "$TMP/i2.out" && grep -q 'removed' "$TMP/i2.out" || sed 's/^/# /' "$TMP/i2.out"

# An older referat-index's commit: a new last run, the runs left behind.
xapian-metadata set "$DB" referat.last_run 2001-01-01T00:00:00Z
check "runs another commit left behind are passed over; the counts stay right" agree "$DB" "not held"
check "and the answers are the same" summary "$DB"
"$INDEX" --db "$DB" "$DOCS" >"$TMP/i3.out" 2>&1
check "the next run stores them again" agree "$DB" held
xapian-metadata set "$DB" referat.meeting_runs ""
check "an index without them counts the same" agree "$DB" "not held"

# A run that commits midway (a test hook: every 2 changed files) stores
# the runs at its end only; killed after its first commit, it leaves the
# runs of the run before, which are passed over.
"$INDEX" --db "$DB" "$DOCS" >/dev/null 2>&1
for f in $(find "$DOCS" -name '*-kopi.txt' | LC_ALL=C sort | head -n 6); do
    printf '\nSak 98/2026 Eventuelt\nVedtak: Pasienter og pårørende orienteres.\n' >>"$f"
done
REFERAT_COMMIT_EVERY=2 REFERAT_TEST_KILL=after:1 "$INDEX" --db "$DB" "$DOCS" >"$TMP/i4.out" 2>&1
check "a run killed after a commit midway leaves runs that are passed over" agree "$DB" "not held"
REFERAT_COMMIT_EVERY=2 "$INDEX" --db "$DB" "$DOCS" >"$TMP/i5.out" 2>&1
check "a run that commits midway stores runs that hold at its end" agree "$DB" held
check "and answers as without them" summary "$DB"

t_done
