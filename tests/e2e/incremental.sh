# tests/e2e/incremental.sh - reruns index only what changed: new, changed,
# touched, restored-with-an-older-mtime, deleted files, and a vanished
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
    [ "$(head -1 "$TMP/a.txt")" -gt 0 ] && diff "$TMP/a.txt" "$TMP/b.txt"
}
summary() { "$INDEX" --db "$DB" "$ARCH" 2>"$TMP/err" | tail -1; }

check "first run adds every file" sh -c '"$1" --db "$2" "$3" | grep -q "^referat-index: 14 added, 0 updated, 0 removed, 0 unchanged, 0 failed"' _ "$INDEX" "$DB" "$ARCH"
check "a rerun with nothing changed analyses nothing" sh -c '
    "$1" --db "$2" "$3" | grep -q "^referat-index: 0 added, 0 updated, 0 removed, 14 unchanged, 0 failed, 0 skipped; 0 passages"' _ "$INDEX" "$DB" "$ARCH"

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

# A root that vanished (an unmounted share) deletes nothing.
mv "$ARCH" "$TMP/elsewhere"
check "a vanished root: exit 1, a warning, nothing removed" sh -c '
    "$1" --db "$2" "$3" >"$4/out" 2>"$4/err"; [ $? -eq 1 ] &&
    grep -q "missing or unreadable" "$4/err" && grep -q " 0 removed," "$4/out"' _ "$INDEX" "$DB" "$ARCH" "$TMP"
mv "$TMP/elsewhere" "$ARCH"
check "the index still holds everything" same_as_clean
check "--full re-analyses every file" sh -c '
    "$1" --db "$2" --full "$3" | grep -q "^referat-index: 0 added, 14 updated, 0 removed, 0 unchanged"' _ "$INDEX" "$DB" "$ARCH"
check "--quiet prints nothing when all is well" sh -c '[ -z "$("$1" --db "$2" --quiet "$3" 2>&1)" ]' _ "$INDEX" "$DB" "$ARCH"
check "works with stdin, stdout and stderr closed" sh -c '
    touch -d "2001-01-01" "$3/nb/2019-09-18-kopi.txt"
    "$1" --db "$2" "$3" <&- >&- 2>&- ; [ $? -eq 0 ] && xapian-check "$2" >/dev/null' _ "$INDEX" "$DB" "$ARCH"

t_done
