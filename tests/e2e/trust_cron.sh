# tests/e2e/trust_cron.sh - what the nightly job must not do (issue 14,
# findings 2, 3 and 11): empty the index when a root is emptied (an
# unmounted share, a failed sync) or loses most of its files, unless
# --allow-shrink says so; write its index into the minutes or into a
# directory that is neither empty nor an index; call a file deleted during
# the run a failure; and name a file that failed before, and has not
# changed, every night (--retry-failed tries it again).
. "$REFERAT_SRCDIR/tests/lib.sh"

# minutes FILE BODY DATE TOPIC: a small invented meeting.
minutes() {
    cat >"$1" <<EOF
$2 - referat

Dato: $3
Sted: Fjordeid sjukehus, møterom 2

Sak 4/2024 $4

Bakgrunn:
Arbeidsgruppen har sett på $4 og legger fram et forslag for rådet.

Vedtak:
Rådet slutter seg til forslaget om $4 og ber sekretariatet følge opp.
EOF
}

ARCH="$TMP/arkiv"
DB="$TMP/db"
mkdir -p "$ARCH" "$TMP/away"
i=0
for topic in ventelister brannøvelser legemiddelgjennomgang hospitering kjøkkendrift \
    pasientreiser tolketjenester smittevern; do
    i=$((i + 1))
    minutes "$ARCH/2024-0$i-10-fagrad-referat.txt" "Fagrådet for rehabilitering" "0$i.0$i.2024" "$topic"
done
"$INDEX" --db "$DB" "$ARCH" >/dev/null 2>&1
# hits WORD: the number of meetings the index finds for WORD.
hits() { "$QUERY" --db "$DB" --json --docs "$1" 2>/dev/null | grep -c '"rank"'; }

# ---- finding 2: an emptied or shrunken root removes nothing ----

mv "$ARCH"/*.txt "$TMP/away/"
"$INDEX" --quiet --db "$DB" "$ARCH" >"$TMP/empty.out" 2>"$TMP/empty.err"
status=$?
check "an emptied root: exit 1" [ "$status" -eq 1 ]
check "an emptied root: one line naming the root and the counts, even under --quiet" sh -c '
    [ "$(wc -l <"$1")" -eq 1 ] && [ ! -s "$2" ] &&
    grep -q "^referat-index: $3: 8 indexed files are gone, 0 found now; nothing removed .*--allow-shrink" "$1"' \
    _ "$TMP/empty.err" "$TMP/empty.out" "$ARCH"
check "an emptied root: every meeting still found" sh -c '[ "$1" -eq 1 ] && [ "$2" -eq 1 ]' \
    _ "$(hits ventelister)" "$(hits smittevern)"

# Back, then six of the eight gone: more than half, and at least five.
mv "$TMP/away"/*.txt "$ARCH/"
for n in 1 2 3 4 5 6; do mv "$ARCH/2024-0$n-10-fagrad-referat.txt" "$TMP/away/"; done
"$INDEX" --db "$DB" "$ARCH" >"$TMP/most.out" 2>"$TMP/most.err"
status=$?
check "a root losing most of its files: exit 1, nothing removed" sh -c '
    [ "$1" -eq 1 ] && grep -q "$3: 6 indexed files are gone, 2 found now; nothing removed" "$2" &&
    grep -q " 0 removed," "$4"' _ "$status" "$TMP/most.err" "$ARCH" "$TMP/most.out"
check "a root losing most of its files: their meetings still found" [ "$(hits ventelister)" -eq 1 ]

"$INDEX" --quiet --allow-shrink --db "$DB" "$ARCH" >"$TMP/allow.out" 2>&1
status=$?
check "--allow-shrink removes them: exit 0, quiet" sh -c '[ "$1" -eq 0 ] && [ ! -s "$2" ]' _ "$status" "$TMP/allow.out"
check "--allow-shrink removes them: gone from the index" sh -c '
    [ "$("$1" --db "$2" --json --docs ventelister 2>/dev/null | grep -c "\"rank\"")" -eq 0 ] &&
    [ "$("$1" --db "$2" --json --docs smittevern 2>/dev/null | grep -c "\"rank\"")" -eq 1 ]' _ "$QUERY" "$DB"

# Losing half or less is an ordinary deletion.
mv "$TMP/away"/*.txt "$ARCH/"
"$INDEX" --db "$DB" "$ARCH" >/dev/null 2>&1
rm "$ARCH/2024-01-10-fagrad-referat.txt" "$ARCH/2024-02-10-fagrad-referat.txt"
"$INDEX" --quiet --db "$DB" "$ARCH" >"$TMP/two.out" 2>&1
status=$?
check "a root losing two of eight files: removed, exit 0, quiet" sh -c '
    [ "$1" -eq 0 ] && [ ! -s "$2" ] &&
    [ "$("$3" --db "$4" --json --docs ventelister 2>/dev/null | grep -c "\"rank\"")" -eq 0 ]' \
    _ "$status" "$TMP/two.out" "$QUERY" "$DB"

# ---- finding 3: the index directory ----

# no_index_files DIR: referat-index left nothing of its own in DIR.
no_index_files() { ! ls -A "$1" | grep -Eq "glass|referat.lock|^\.bulk$"; }
"$INDEX" --db "$ARCH" "$ARCH" >"$TMP/same.out" 2>"$TMP/same.err"
status=$?
check "--db equal to the root: exit 2, one line, nothing written among the minutes" sh -c '
    [ "$1" -eq 2 ] && [ "$(wc -l <"$2")" -eq 1 ] && grep -q "index $3 is the path being indexed" "$2"' \
    _ "$status" "$TMP/same.err" "$ARCH"
check "--db equal to the root: no Xapian files among the minutes" no_index_files "$ARCH"

"$INDEX" --db "$ARCH/indeks" "$ARCH" >"$TMP/inside.out" 2>"$TMP/inside.err"
status=$?
check "--db inside the root: exit 2, one line, not created" sh -c '
    [ "$1" -eq 2 ] && [ "$(wc -l <"$2")" -eq 1 ] && grep -q "lies inside $3, which is being indexed" "$2" &&
    [ ! -e "$3/indeks" ]' _ "$status" "$TMP/inside.err" "$ARCH"
check "a root inside the index directory: exit 2" expect_exit 2 "$INDEX" --db "$TMP" "$ARCH"

mkdir "$TMP/notes"
echo "Huskeliste for sekretariatet" >"$TMP/notes/huskeliste.md"
"$INDEX" --db "$TMP/notes" "$ARCH" >"$TMP/other.out" 2>"$TMP/other.err"
status=$?
check "--db into a directory of other files: exit 2, one line, nothing written" sh -c '
    [ "$1" -eq 2 ] && [ "$(wc -l <"$2")" -eq 1 ] && grep -q "neither empty nor a referat index" "$2"' \
    _ "$status" "$TMP/other.err"
check "--db into a directory of other files: left as it was" sh -c '[ "$(ls -A "$1")" = huskeliste.md ]' _ "$TMP/notes"

# A Xapian database with no referat schema (and no referat lock) is not one.
"$INDEX" --db "$TMP/foreign" "$ARCH" >/dev/null 2>&1
xapian-metadata set "$TMP/foreign" referat.schema "" && rm "$TMP/foreign/referat.lock"
check "--db into a Xapian database that is no referat index: exit 2" expect_exit 2 "$INDEX" --db "$TMP/foreign" "$ARCH"
check "--db naming a file: exit 2, one line" sh -c '
    "$1" --db "$2/notes/huskeliste.md" "$3" 2>"$2/file.err"; [ $? -eq 2 ] && [ "$(wc -l <"$2/file.err")" -eq 1 ]' \
    _ "$INDEX" "$TMP" "$ARCH"

# A first build killed during its first commit leaves glass's version
# file under its temporary name, v.tmp, beside the tables and the lock
# (made here by the kill hook before the first commit, and the file):
# the next run takes the directory as its own and builds the index.
REFERAT_TEST_KILL=before:1 "$INDEX" --db "$TMP/killed" "$ARCH" >/dev/null 2>&1
: >"$TMP/killed/v.tmp"
check "a first build killed mid-commit (v.tmp left): the next run builds the index" sh -c '
    "$1" --quiet --db "$2" "$3" && [ "$(xapian-metadata get "$2" referat.schema)" = 7 ]' _ "$INDEX" "$TMP/killed" "$ARCH"

mkdir "$TMP/tom"
check "--db into an empty directory: indexed" sh -c '
    "$1" --quiet --db "$2" "$3" && "$1" --quiet --db "$2" "$3"' _ "$INDEX" "$TMP/tom" "$ARCH"

# referat-query's hint for a directory that holds no index does not lead
# into the trap above.
"$QUERY" --db "$ARCH" smittevern >/dev/null 2>"$TMP/hint.err"
check "referat-query's hint for the minutes folder does not suggest indexing into it" sh -c '
    grep -q "no index at $2" "$1" && ! grep -q -- "--db $2 " "$1"' _ "$TMP/hint.err" "$ARCH"

# ---- finding 11: what the nightly mail says ----

# A file deleted while the run reads it (the converter deletes it) and one
# deleted after the walk listed it are gone, not failed.
GONE="$TMP/gone"
mkdir -p "$GONE" "$TMP/fake"
minutes "$GONE/a-2024-05-10-referat.txt" "Styringsgruppen" "10.05.2024" "pasientreiser"
printf '%%PDF-1.4 ikke lest\n' >"$GONE/b-slettes.pdf"
minutes "$GONE/c-2024-06-10-referat.txt" "Styringsgruppen" "10.06.2024" "tolketjenester"
cat >"$TMP/fake/pdftotext" <<'EOF'
#!/bin/sh
# Deletes the PDF it is asked for ($4) and the next file in the walk, as a sync
# running beside the indexer would, then fails.
rm -f "$4" "$(dirname "$4")/c-2024-06-10-referat.txt"
exit 1
EOF
chmod +x "$TMP/fake/pdftotext"
REFERAT_PDFTOTEXT="$TMP/fake/pdftotext" "$INDEX" --quiet --db "$TMP/gone-db" "$GONE" >"$TMP/gone.out" 2>&1
status=$?
hooked "files deleted during the run: exit 0, nothing said under --quiet" sh -c '
    [ "$1" -eq 0 ] && [ ! -s "$2" ]' _ "$status" "$TMP/gone.out"
minutes "$GONE/c-2024-06-10-referat.txt" "Styringsgruppen" "10.06.2024" "tolketjenester"
printf '%%PDF-1.4 ikke lest\n' >"$GONE/b-slettes.pdf"
REFERAT_PDFTOTEXT="$TMP/fake/pdftotext" "$INDEX" --db "$TMP/gone-db2" "$GONE" >"$TMP/gone2.out" 2>"$TMP/gone2.err"
hooked "files deleted during the run: said to be gone, counted as no failure" sh -c '
    grep -q "b-slettes.pdf: gone (deleted during the run)" "$1" &&
    grep -q "c-2024-06-10-referat.txt: gone (deleted during the run)" "$1" &&
    grep -q "^referat-index: 1 added, .* 0 failed" "$2"' _ "$TMP/gone2.err" "$TMP/gone2.out"

# A file that failed is named in the run it failed in, then only counted.
BAD="$TMP/bad"
mkdir -p "$BAD"
minutes "$BAD/2024-09-10-referat.txt" "Fagrådet for rehabilitering" "10.09.2024" "ventelister"
printf 'Sak 5/2024\000\001\002 skadet fil\n' >"$BAD/skadet.txt"
"$INDEX" --quiet --db "$TMP/bad-db" "$BAD" >"$TMP/bad1.out" 2>&1
status=$?
check "a new failure: named under --quiet, exit 1" sh -c '
    [ "$1" -eq 1 ] && [ "$(wc -l <"$2")" -eq 1 ] && grep -q "skadet.txt: binary content" "$2"' _ "$status" "$TMP/bad1.out"
"$INDEX" --quiet --db "$TMP/bad-db" "$BAD" >"$TMP/bad2.out" 2>&1
status=$?
check "the nightly rerun with an old failure: nothing printed under --quiet, exit 0" sh -c '
    [ "$1" -eq 0 ] && [ ! -s "$2" ]' _ "$status" "$TMP/bad2.out"
"$INDEX" --db "$TMP/bad-db" "$BAD" >"$TMP/bad3.out" 2>"$TMP/bad3.err"
check "an old failure is counted in the summary, not named" sh -c '
    ! grep -q skadet "$1" && grep -q "^referat-index: failed before and unchanged since: 1 (not retried; --retry-failed" "$2" &&
    grep -q "^referat-index: 0 added, .* 0 failed" "$2"' _ "$TMP/bad3.err" "$TMP/bad3.out"
"$INDEX" --quiet --retry-failed --db "$TMP/bad-db" "$BAD" >"$TMP/bad4.out" 2>&1
status=$?
check "--retry-failed tries it again: named, exit 1" sh -c '
    [ "$1" -eq 1 ] && grep -q "skadet.txt: binary content" "$2"' _ "$status" "$TMP/bad4.out"

t_done
