# tests/e2e/acrotab.sh - the learned acronyms and full names stored as one
# metadata entry (schema.h, REFERAT_ACRONYMS_KEY) for the query engine:
# after a first build (one writer, and in shards), after an incremental
# run that learns a new acronym and one that removes the file that taught
# it (learned names are never forgotten), the stored table is the one a
# walk of the acro:/acroname: records gives; and an index without it (as
# an older referat wrote), with one that does not parse, or with one an
# older referat-index's commit left behind answers as the records say.
. "$REFERAT_SRCDIR/tests/lib.sh"
needs_hooks # REFERAT_BULK_MIN_BYTES

TABLE="$REFERAT_BUILDDIR/tests/helpers/acro-table"
DOCS="$TMP/docs"
mkdir -p "$DOCS"
cat >"$DOCS/2024-05-14-fagradet-referat.txt" <<'TXT'
Fagrådet for lungerehabilitering - referat
Dato møte: tirsdag 14.05.24 kl. 09:00-11:00

Sak 7/2024 Registerdata
Nasjonalt register for lungerehabilitering (NRLR) har levert årsrapport.
Regionalt kompetansesenter for pustehjelp (RKP) ønsker tilgang til dataene.
Fagrådet ba om at NRLR og RKP legger fram en felles plan.
TXT
# The second meeting, which teaches KUH and RBP (written again after a
# run removes it).
second_meeting() {
    cat >"$DOCS/2024-09-10-fagradet-referat.txt" <<'TXT'
Fagrådet for lungerehabilitering - referat
Dato møte: tirsdag 10.09.24 kl. 09:00-11:00

Sak 12/2024 Oppfølging
Kvalitetsutvalget for hjemmerespiratorer (KUH) har gått gjennom rutinene.
Rådet for brukermedvirkning og pasientsikkerhet (RBP) sendte innspill om opplæring.
TXT
}
second_meeting

# same DB: the stored table is the walked one, and holds a name or more.
same() {
    "$TABLE" "$1" >"$TMP/walk.tab" && "$TABLE" --stored "$1" >"$TMP/stored.tab" &&
        grep -q '	0	' "$TMP/stored.tab" && cmp "$TMP/walk.tab" "$TMP/stored.tab" ||
        { diff "$TMP/walk.tab" "$TMP/stored.tab" | head; return 1; }
}
answers() {
    for q in NRLR "nasjonalt register for lungerehabilitering" rkp KUH "radet for brukermedvirkning og pasientsikkerhet" \
        "kvalitetsutvalget for hjemmerespiratorer" "nrlr rkp" lungerehabilitering; do
        "$QUERY" --db "$1" --json --explain -n 5 -- "$q" 2>&1
    done
}

DB="$TMP/db"
REFERAT_BULK_MIN_BYTES=1000000000000 "$INDEX" --db "$DB" "$DOCS/2024-05-14-fagradet-referat.txt" >"$TMP/i1.out" 2>&1
check "a first build stores the learned names' table" same "$DB"
check "the table holds the first file's acronyms" grep -q 'nrlr	0	nrlr	nasjonalt register for lungerehabilitering' "$TMP/stored.tab"

"$INDEX" --db "$DB" "$DOCS" >"$TMP/i2.out" 2>&1
check "an incremental run that learns an acronym rewrites the table" same "$DB"
check "the table holds the new acronym" grep -q '	0	kuh	' "$TMP/stored.tab"

rm "$DOCS/2024-09-10-fagradet-referat.txt"
"$INDEX" --db "$DB" "$DOCS" >"$TMP/i3.out" 2>&1
check "a run that removes the file that taught it keeps the table whole" same "$DB"
"$DUMP" "$DB" >"$TMP/dump"
check "the file's passages are gone" sh -c '! grep -q "hjemmerespiratorer" "$1"' _ "$TMP/dump"

BULK="$TMP/bulk"
second_meeting
REFERAT_BULK_MIN_BYTES=1 REFERAT_BULK_SHARD_BYTES=100 "$INDEX" --db "$BULK" "$DOCS" >"$TMP/b.out" 2>&1
check "a first build in shards stores the table of the merged index" same "$BULK"
check "the merged table holds both files' acronyms" sh -c 'grep -q "	0	kuh	" "$1" && grep -q "	0	nrlr	" "$1"' _ "$TMP/stored.tab"

# An index without the table, as an older referat-index wrote it, answers
# the same: the engine walks the records instead.
answers "$BULK" >"$TMP/with.out"
xapian-metadata set "$BULK" referat.acronyms ""
check "dropping the table leaves it empty" sh -c '[ -z "$("$1" --stored "$2")" ]' _ "$TABLE" "$BULK"
answers "$BULK" >"$TMP/without.out"
check "an index without the table answers the same" cmp "$TMP/with.out" "$TMP/without.out"
check "the answers expand the acronyms" grep -q 'lungerehabilitering' "$TMP/with.out"
# One that does not parse (out of order, a count too many) is walked past.
nl='
'
stamp=$(xapian-metadata get "$BULK" referat.last_run)
xapian-metadata set "$BULK" referat.acronyms "$(printf '1 2 %s\nrkp\t0\trkp\tnoe annet\nnrlr\t0\tnrlr\tnoe annet' "$stamp")$nl"
answers "$BULK" >"$TMP/unordered.out"
xapian-metadata set "$BULK" referat.acronyms "$(printf '1 3 %s\nnrlr\t0\tnrlr\tnoe annet' "$stamp")$nl"
answers "$BULK" >"$TMP/short.out"
check "a table that does not parse is walked past" sh -c 'cmp "$1" "$2" && cmp "$1" "$3"' _ \
    "$TMP/with.out" "$TMP/unordered.out" "$TMP/short.out"
"$INDEX" --db "$BULK" "$DOCS" >"$TMP/b2.out" 2>&1
check "the next run of referat-index stores it again" same "$BULK"

# A commit by an older referat-index (which keeps referat.last_run but not
# the table) may learn names the table lacks: a table stamped before the
# last commit is walked past.
xapian-metadata set "$BULK" acro:ltk "lungeteam for kronikere"
xapian-metadata set "$BULK" acroname:"lungeteam for kronikere" ltk
xapian-metadata set "$BULK" referat.last_run 2099-01-01T00:00:00Z
"$QUERY" --db "$BULK" --explain -n 1 -- LTK >"$TMP/older.out" 2>&1
check "a table older than the last commit is walked past" grep -q 'kronikere' "$TMP/older.out"

t_done
