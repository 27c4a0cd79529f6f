# tests/e2e/incremental.sh - reruns index only what changed: new, changed,
# touched, restored-with-an-older-mtime, edited in the middle, shortened,
# deleted, renamed, moved and
# copied files (copied without analysis), and a vanished
# root that must delete nothing.  Every state is compared with a clean
# build of the same files (same passages, same contents).
. "$REFERAT_SRCDIR/tests/lib.sh"

ARCH="$TMP/archive"
DB="$TMP/db"
mkdir -p "$ARCH/nb" "$ARCH/da"
cp "$CORPUS"/nb/*.txt "$ARCH/nb/"
cp "$CORPUS"/da/*.txt "$ARCH/da/"

# passages DB: the sorted (path, passage, text checksum) list of an index.
passages() {
    "$QUERY" --db "$1" --json --limit 10000 "year:1990..2100" 2>/dev/null |
        python3 -c '
import json, sys, zlib
rows = sorted((h["path"].rsplit("/archive/", 1)[1], h["passage"], zlib.crc32(h["text"].encode())) for h in map(json.loads, sys.stdin) if "rank" in h)
print(len(rows)); [print(*r) for r in rows]'
}
# same_as_clean: the incremental index equals a clean build of $ARCH.
same_as_clean() {
    rm -rf "$TMP/clean"
    "$INDEX" --db "$TMP/clean" "$ARCH" >/dev/null 2>&1
    passages "$DB" >"$TMP/a.txt"
    passages "$TMP/clean" >"$TMP/b.txt"
    [ "$(head -1 "$TMP/a.txt")" -gt 0 ] && diff "$TMP/a.txt" "$TMP/b.txt" || return 1
    # And exactly: every term, position, value and stored text -- except
    # slot 8, the mtime of the version analysed, which a touch does not
    # rewrite (docs/index-format.md).
    "$DUMP" "$DB" | grep -v "^value 8 " >"$TMP/a.dump" &&
        "$DUMP" "$TMP/clean" | grep -v "^value 8 " >"$TMP/b.dump" &&
        [ -s "$TMP/a.dump" ] && cmp "$TMP/a.dump" "$TMP/b.dump"
}
summary() { "$INDEX" --db "$DB" "$ARCH" 2>"$TMP/err" | tail -1; }

# Analysis on a second thread (the default on two cores) writes exactly
# what analysis on one thread writes.
REFERAT_THREADS=1 "$INDEX" --db "$TMP/one-thread" "$ARCH" >/dev/null 2>&1
"$INDEX" --db "$TMP/two-threads" "$ARCH" >/dev/null 2>&1
check "one thread and two threads build the same index" sh -c '
    "$1" "$2/one-thread" >"$2/one.dump" && "$1" "$2/two-threads" >"$2/two.dump" &&
    [ -s "$2/one.dump" ] && cmp "$2/one.dump" "$2/two.dump"' _ "$DUMP" "$TMP"

check "first run adds every file" sh -c '"$1" --db "$2" "$3" | grep -q "^referat-index: 14 added, 0 updated, 0 removed, 0 unchanged, 0 failed"' _ "$INDEX" "$DB" "$ARCH"
check "a rerun with nothing changed analyses nothing" sh -c '
    "$1" --db "$2" "$3" | grep -q "^referat-index: 0 added, 0 updated, 0 removed, 14 unchanged, 0 failed, 0 skipped, 0 copied; 0 passages"' _ "$INDEX" "$DB" "$ARCH"

printf '\nSak 9/2026 Ny sak\nStyringsgruppen drøftet et helt nytt tema om lungerehabilitering.\n' \
    >>"$ARCH/nb/2026-02-11-styringsgruppen-referat.txt"
cp "$ARCH/nb/2019-09-18-styringsgruppen-referat.txt" "$ARCH/nb/2019-09-18-kopi.txt"
rm "$ARCH/da/2020-09-09-udvalg-referat.txt"
touch "$ARCH/nb/2021-03-17-fagradet-referat.txt"
check "changes: one added, one updated, one removed, touched is unchanged" sh -c '
    "$1" --db "$2" "$3" | grep -q "^referat-index: 1 added, 1 updated, 1 removed, 12 unchanged, 0 failed"' _ "$INDEX" "$DB" "$ARCH"
check "the new words are found and the deleted file is gone" sh -c '
    "$1" --db "$2" --json lungerehabilitering | grep -q 2026-02-11 &&
    ! "$1" --db "$2" --json --limit 1000 "year:2020" | grep -q 2020-09-09-udvalg' _ "$QUERY" "$DB"
check "after the changes the index equals a clean build" same_as_clean

# A file restored from a backup: older mtime, other contents.
cp "$CORPUS/nb/2026-02-11-styringsgruppen-referat.txt" "$ARCH/nb/2026-02-11-styringsgruppen-referat.txt"
touch -d "2020-01-01" "$ARCH/nb/2026-02-11-styringsgruppen-referat.txt"
check "a restored file with an older mtime is updated" sh -c '
    "$1" --db "$2" "$3" | grep -q "^referat-index: 0 added, 1 updated, 0 removed"' _ "$INDEX" "$DB" "$ARCH"
check "after the restore the index equals a clean build" same_as_clean

# A nightly run's edits: a paragraph put into an early item (the passages
# after it move), and a file cut down to its first lines (fewer passages
# than before).  The changed file's passages are written over the old
# ones in place (write.c), so what is left must be exactly a clean build.
python3 - "$ARCH/nb/2019-09-18-styringsgruppen-referat.txt" <<'PY'
import sys
p = sys.argv[1]
lines = open(p, encoding="utf-8").read().split("\n")
k = len(lines) // 5
lines[k:k] = ["", "Styringsgruppen ba om en ny gjennomgang av ventelistene for ambulante besøk før sommeren.", ""]
open(p + ".ny", "w", encoding="utf-8").write("\n".join(lines))
PY
mv "$ARCH/nb/2019-09-18-styringsgruppen-referat.txt.ny" "$ARCH/nb/2019-09-18-styringsgruppen-referat.txt"
head -12 "$ARCH/da/2022-10-24-styregruppe-referat.txt" >"$TMP/kort.txt"
mv "$TMP/kort.txt" "$ARCH/da/2022-10-24-styregruppe-referat.txt"
check "an inserted paragraph and a shortened file: two updated" sh -c '
    "$1" --db "$2" "$3" | grep -q "^referat-index: 0 added, 2 updated, 0 removed"' _ "$INDEX" "$DB" "$ARCH"
check "after the edits the index equals a clean build" same_as_clean

# Renamed, moved and copied files are not analysed again: their passages
# are copied (reuse.c) and must equal what analysis would give.
mv "$ARCH/nb/2021-03-17-fagradet-referat.txt" "$ARCH/da/flyttet.txt"
check "a moved file is copied, not analysed" sh -c '
    "$1" --db "$2" -v "$3" >"$4/out" &&
    grep -q "^referat-index: 1 added, 0 updated, 1 removed, 13 unchanged, 0 failed, 0 skipped, 1 copied" "$4/out" &&
    grep -q "flyttet.txt: [0-9]* passages, copied from .*2021-03-17-fagradet-referat.txt" "$4/out"' _ "$INDEX" "$DB" "$ARCH" "$TMP"
check "after the move the index equals a clean build" same_as_clean
# Moved from one root to another in one run: found at the new place
# before the old place is emptied.
mv "$ARCH/da/flyttet.txt" "$ARCH/nb/2021-03-17-fagradet-referat.txt"
check "moved between two roots: copied" sh -c '
    "$1" --db "$2" "$3/da" "$3/nb" | grep -q " 1 added, 0 updated, 1 removed, .* 1 copied;"' _ "$INDEX" "$DB" "$ARCH"
check "after the move between roots the index equals a clean build" same_as_clean
# The 2026 minutes state no date: it comes from the file name, so a new
# name means new passages (another year), and analysis.
mv "$ARCH/nb/2026-02-11-styringsgruppen-referat.txt" "$ARCH/nb/2025-05-06-styringsgruppen-referat.txt"
check "a rename that changes a file-name date is analysed" sh -c '
    "$1" --db "$2" "$3" | grep -q " 1 added, 0 updated, 1 removed, .* 0 copied;" &&
    "$4" --db "$2" --json "year:2025 lungerehabilitering OR styringsgruppen" | grep -q "2025-05-06-styringsgruppen"' _ "$INDEX" "$DB" "$ARCH" "$QUERY"
check "after a date-changing rename the index equals a clean build" same_as_clean
# A copy, the original kept: both indexed, the copy without analysis.
cp -p "$ARCH/da/2021-04-28-udvalg-referat.txt" "$ARCH/da/kopi-af-udvalg.txt"
check "a copy beside its original is copied" sh -c '
    "$1" --db "$2" "$3" | grep -q " 1 added, 0 updated, 0 removed, .* 1 copied;"' _ "$INDEX" "$DB" "$ARCH"
check "after the copy the index equals a clean build" same_as_clean
# The copy's contents change: analysed, the original untouched.
printf '\nPunkt 9. Tilføjelse om søvnmedicin.\n' >>"$ARCH/da/kopi-af-udvalg.txt"
check "a changed copy is analysed on its own" sh -c '
    "$1" --db "$2" "$3" | grep -q " 0 added, 1 updated, 0 removed, .* 0 copied;"' _ "$INDEX" "$DB" "$ARCH"
check "after the copy changed the index equals a clean build" same_as_clean

# A root that vanished (an unmounted share) deletes nothing.
mv "$ARCH" "$TMP/elsewhere"
check "a vanished root: exit 1, a warning, nothing removed" sh -c '
    "$1" --db "$2" "$3" >"$4/out" 2>"$4/err"; [ $? -eq 1 ] &&
    grep -q "missing or unreadable" "$4/err" && grep -q " 0 removed," "$4/out"' _ "$INDEX" "$DB" "$ARCH" "$TMP"
mv "$TMP/elsewhere" "$ARCH"
check "the index still holds everything" same_as_clean
check "--full re-analyses every file" sh -c '
    "$1" --db "$2" --full "$3" | grep -q "^referat-index: 0 added, 15 updated, 0 removed, 0 unchanged"' _ "$INDEX" "$DB" "$ARCH"
check "--quiet prints nothing when all is well" sh -c '[ -z "$("$1" --db "$2" --quiet "$3" 2>&1)" ]' _ "$INDEX" "$DB" "$ARCH"
check "works with stdin, stdout and stderr closed" sh -c '
    touch -d "2001-01-01" "$3/nb/2019-09-18-kopi.txt"
    "$1" --db "$2" "$3" <&- >&- 2>&- ; [ $? -eq 0 ] && xapian-check "$2" >/dev/null' _ "$INDEX" "$DB" "$ARCH"

t_done
