# tests/e2e/trust_index.sh - what the programs say about an index must be
# true: a run that fails to write reports what its commits saved, and
# counts of one are singular; a damaged index names what is damaged (the
# missing table, the file of a damaged passage), and the next run repairs
# what it can or says it cannot; an index whose first build was stopped
# says so, to referat-query and to referat-index; a file given as --db is
# not an index directory; the same files indexed from two places give
# the same passages (only the ids, which hash the path, differ).
. "$REFERAT_SRCDIR/tests/lib.sh"

ARCH="$TMP/archive"
mkdir -p "$ARCH/nb" "$ARCH/da"
cp "$CORPUS"/nb/*.txt "$ARCH/nb/"
cp "$CORPUS"/da/*.txt "$ARCH/da/"
files=$(find "$ARCH" -name "*.txt" | wc -l)
export REFERAT_BULK_MIN_BYTES=1000000000000 # one writer: the states below are its

# summary_is_index OUT DB: the summary in OUT counts the files and
# passages DB holds (a fresh index: all of them added by that run).
summary_is_index() {
    added=$(sed -n 's/^referat-index: \([0-9]*\) added.*/\1/p' "$1")
    passages=$(sed -n 's/.*; \([0-9]*\) passages*, .*/\1/p' "$1")
    records=$(xapian-metadata list "$2" 2>/dev/null | grep -c "^file:")
    docs=$(xapian-delve "$2" 2>/dev/null | sed -n "s/^number of documents = //p")
    [ -n "$added" ] && [ "$added" -eq "$records" ] && [ "$passages" -eq "${docs:-0}" ] ||
        fail_msg "summary: $added added, $passages passages; index: $records files, ${docs:-0} passages"
}

# Finding 9: a file-size limit fails a write (100 and 200 KiB) or the
# last commit (250 KiB) of a first build, as a full disk would.
for kib in 100 200 250; do
    rm -rf "$TMP/full"
    sh -c 'ulimit -f $1; shift; exec "$@"' _ $((kib * 2)) "$INDEX" --db "$TMP/full" "$ARCH" >"$TMP/full.out" 2>"$TMP/full.err"
    check "a write failing at $kib KiB: exit 74, the summary counts what was committed" sh -c '
        [ "$1" -eq 74 ] && grep -q "not saved; run again" "$2"' _ $? "$TMP/full.err"
    check "... and what the index holds" summary_is_index "$TMP/full.out" "$TMP/full"
done

mkdir -p "$TMP/one"
printf 'Kvalitetsutvalget drøftet ventetidene ved poliklinikken og ba om en ny oversikt.\n' >"$TMP/one/notat.txt"
"$INDEX" --verbose --db "$TMP/onedb" "$TMP/one" >"$TMP/one.out" 2>&1
check "one file of one passage: \"1 passage\", not \"1 passages\"" sh -c '
    grep -q "notat.txt: 1 passage, " "$1" && grep -q "; 1 passage, " "$1" && ! grep -q "1 passages" "$1"' _ "$TMP/one.out"

# Finding 10.
"$INDEX" --quiet --db "$TMP/db" "$ARCH" >/dev/null 2>&1
cp -a "$TMP/db" "$TMP/pristine"
damage() { rm -rf "$TMP/db" && cp -a "$TMP/pristine" "$TMP/db" && rm "$TMP/db/$1"; }

check "format 7 keeps each passage's record in a value: no docdata.glass, and hits read" sh -c '
    [ ! -e "$1/docdata.glass" ] && "$2" --db "$1" --json -n 3 fagrådet >"$3" && grep -q "\"text\":\"[^\"]" "$3"' \
    _ "$TMP/pristine" "$QUERY" "$TMP/q.out"

# Format 6 and older kept the records in the document data (the test hook
# REFERAT_TEST_RECORD_IN_DATA writes them so): such an index is read as
# it is, a lost docdata.glass is named, and the next run, which upgrades
# the index by analysing every file again, writes every record anew.
REFERAT_TEST_RECORD_IN_DATA=1 "$INDEX" --quiet --db "$TMP/v6" "$ARCH" >/dev/null 2>&1
xapian-metadata set "$TMP/v6" referat.schema 6
hooked "a format-6 index reads its records from the document data" sh -c '
    [ -s "$1/docdata.glass" ] && "$2" --db "$1" --json -n 3 fagrådet >"$3" && grep -q "\"text\":\"[^\"]" "$3"' \
    _ "$TMP/v6" "$QUERY" "$TMP/q.out"
rm -f "$TMP/v6/docdata.glass"
hooked "a missing table: the query names it, exit 1" sh -c '
    "$1" --db "$2" vedtak >/dev/null 2>"$3"; [ $? -eq 1 ] && [ "$(wc -l <"$3")" -eq 1 ] &&
    grep -qF "index $2 is damaged: its table docdata.glass is missing" "$3"' _ "$QUERY" "$TMP/v6" "$TMP/q.err"
"$INDEX" --db "$TMP/v6" "$ARCH" >"$TMP/i.out" 2>&1
hooked "the next run says so, analyses every file again, and every passage reads again" sh -c '
    grep -q "its table docdata.glass is missing; analysing every file again (the upgrade to format 7)" "$1" &&
    grep -q "0 added, $4 updated" "$1" && [ "$(xapian-metadata get "$2" referat.schema)" = 7 ] &&
    "$3" --db "$2" -n 1000 udvalg >/dev/null && "$3" --db "$2" -n 1000 vedtak >/dev/null' \
    _ "$TMP/i.out" "$TMP/v6" "$QUERY" "$files"

damage position.glass
"$INDEX" --db "$TMP/db" "$ARCH" >"$TMP/i.out" 2>"$TMP/i.err"
check "position.glass missing: a normal rerun rebuilds it; phrases match again" sh -c '
    grep -q "its table position.glass is missing" "$1" && grep -q "0 added, $4 updated" "$2" &&
    "$3" --db "$5" --json "\"fagrådet for\"" | grep -q "\"rank\":1,"' _ "$TMP/i.err" "$TMP/i.out" "$QUERY" "$files" "$TMP/db"

damage postlist.glass
"$INDEX" --db "$TMP/db" "$ARCH" >"$TMP/i.out" 2>"$TMP/i.err"
check "postlist.glass missing (the file records): the indexer names it, writes nothing, exit 74" sh -c '
    [ "$1" -eq 74 ] && [ ! -s "$2" ] && [ ! -e "$4/postlist.glass" ] &&
    grep -qF "index $4 is damaged: its table postlist.glass is missing; index its files into a new directory" "$3"' _ \
    $? "$TMP/i.out" "$TMP/i.err" "$TMP/db"

# A first build stopped before its first commit (as SIGTERM or a crash
# stops it; REFERAT_TEST_KILL makes the point exact).
REFERAT_TEST_KILL=before:1 "$INDEX" --db "$TMP/first" "$ARCH" >/dev/null 2>&1
hooked "a first build stopped: the query says it has not finished, exit 1" sh -c '
    "$1" --db "$2" vedtak 2>"$3"; [ $? -eq 1 ] && [ "$(wc -l <"$3")" -eq 1 ] &&
    grep -qF "no index at $2 yet: its first build has not finished" "$3"' _ "$QUERY" "$TMP/first" "$TMP/q.err"
"$INDEX" --db "$TMP/first" "$ARCH" >"$TMP/i.out" 2>"$TMP/i.err"
hooked "... and the next run says so and builds it" sh -c '
    [ "$5" -eq 0 ] && grep -qF "the first build of $1 had not finished; building it again" "$2" &&
    grep -q "^referat-index: $3 added" "$4"' _ "$TMP/first" "$TMP/i.err" "$files" "$TMP/i.out" $?
REFERAT_BULK_MIN_BYTES=1 REFERAT_TEST_KILL=install "$INDEX" --db "$TMP/bulk" "$ARCH" >/dev/null 2>&1
"$INDEX" --db "$TMP/bulk" "$ARCH" >/dev/null 2>"$TMP/i.err"
hooked "a first build in shards stopped: the next run says so" \
    grep -qF "the first build of $TMP/bulk had not finished; building it again" "$TMP/i.err"

printf 'ikke en indeks\n' >"$TMP/file"
check "a file as --db: the query says it is not an index directory, exit 1" sh -c '
    "$1" --db "$2" vedtak 2>"$3"; [ $? -eq 1 ] && [ "$(cat "$3")" = "referat-query: --db $2 is not an index directory" ]' _ \
    "$QUERY" "$TMP/file" "$TMP/q.err"
check "a file as --db: the indexer says so too, exit 2, no summary" sh -c '
    "$1" --db "$2" "$3" >"$4" 2>"$5"; [ $? -eq 2 ] && [ ! -s "$4" ] &&
    [ "$(cat "$5")" = "referat-index: --db $2 is not an index directory" ]' _ \
    "$INDEX" "$TMP/file" "$ARCH" "$TMP/i.out" "$TMP/i.err"

# The same files under two roots, the second below directories whose
# names hold a year and a date: the passages, their texts, dates and
# learned words must not depend on where the files are (the ids, which
# hash the path, aside).  A date comes from the file's own name only
# (2023-06-02-referat.txt), never from a folder's.
# rooted_dump DB ROOT: DB's passages (dump-index), one a line, sorted, and
# its metadata, every file id named by its file's path under ROOT.
rooted_dump() {
    # A file record's path is its value from the eighth field on.
    stable_metadata "$1" >"$1.meta" || return 1
    sed -n -E 's/^file:([^\t]*)\t([^ ]* ){7}/\1\t/p' "$1.meta" >"$1.ids"
    "$DUMP" "$1" | awk -F '\t' -v root="$2/" '
        NR == FNR { ids[$1] = substr($2, length(root) + 1); next }
        /^value 7 / { next } # the file id itself
        {
            for (id in ids)
                while ((i = index($0, id)) > 0)
                    $0 = substr($0, 1, i - 1) ids[id] substr($0, i + length(id))
        }
        /^== / { if (p != "") print p; p = $0; next }
        { p = p " | " $0 }
        END { if (p != "") print p }' "$1.ids" - | sort
    grep -v '^file:' "$1.meta"
}
# same_index A ROOTA B ROOTB: the two dumps are equal and not empty.
same_index() {
    rooted_dump "$1" "$2" >"$1.dump" && rooted_dump "$3" "$4" >"$3.dump" &&
        grep -q '^== ' "$1.dump" && diff "$1.dump" "$3.dump" | head -c 2000 && cmp -s "$1.dump" "$3.dump"
}
# hit_fields DB WORD: the JSON hits for WORD without rank, id, path and score.
hit_fields() {
    "$QUERY" --db "$1" --json -n 100 -- "$2" |
        sed 's/"rank":[0-9]*,//; s/"id":"[^"]*",//; s/"score":[^,]*,//; s/"path":"[^"]*",//' | sort
}
same_hits() {
    for w in vedtak ventelistene sak; do
        hit_fields "$1" "$w" >"$1.hits" && hit_fields "$2" "$w" >"$2.hits" && [ -s "$1.hits" ] &&
            cmp "$1.hits" "$2.hits" || return 1
    done
}
# in_order DB WORD: the hits for WORD in their order, ids, paths and
# scores aside.
in_order() {
    "$QUERY" --db "$1" --json -n 100 -- "$2" | sed 's/"id":"[^"]*",//; s/"score":[^,]*,//; s/"path":"[^"]*",//'
}
same_order() {
    for w in vedtak ventelistene sak møte udvalget; do
        in_order "$1" "$w" >"$1.order" && in_order "$2" "$w" >"$2.order" && [ -s "$1.order" ] &&
            { cmp -s "$1.order" "$2.order" || { echo "$w: the order differs"; diff "$1.order" "$2.order" | head -c 1500; return 1; }; }
    done
}
dated_by_name() {
    hit_fields "$1" ventelistene | grep -q '"date":null,"year":null,"date_source":null' &&
        hit_fields "$1" pasienttransport | grep -q '"date":"2023-06-02","year":2023,"date_source":"filename"'
}
here=$(cd "$TMP" && pwd -P)
rootA="$here/a/arkiv"
rootB="$here/møter 2019/utvalg-2021-03-04/arkiv"
for r in "$rootA" "$rootB"; do
    mkdir -p "$r/nb" "$r/da"
    cp "$ARCH"/nb/*.txt "$r/nb/"
    cp "$ARCH"/da/*.txt "$r/da/"
    printf 'Arbeidsutvalget for eldre\nReferat fra møte i arbeidsutvalget\n\nSak 3/2024 Ventelister\nUtvalget drøftet ventelistene for korttidsopphold og ba administrasjonen om en ny oversikt.\n' \
        >"$r/nb/notat.txt"
    printf 'Brukerutvalget\nReferat\n\nSak 5/2023 Transport\nBrukerutvalget ba om bedre tilbud om pasienttransport til poliklinikken.\n' \
        >"$r/nb/2023-06-02-referat.txt"
done
"$INDEX" --quiet --db "$TMP/dbA" "$rootA" >/dev/null 2>&1
"$INDEX" --quiet --db "$TMP/dbB" "$rootB" >/dev/null 2>&1
check "the same files from two paths: the same passages, texts, dates and learned words" \
    same_index "$TMP/dbA" "$rootA" "$TMP/dbB" "$rootB"
check "... and the same hits (rank, id, path and score aside: ties may order otherwise)" \
    same_hits "$TMP/dbA" "$TMP/dbB"
check "a folder named 2019 or 2021-03-04 gives no date; the file's own name does" dated_by_name "$TMP/dbB"
check "... in the same order: ties between meetings go by date, not by the path's hash" \
    same_order "$TMP/dbA" "$TMP/dbB"

t_done
