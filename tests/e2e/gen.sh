# tests/e2e/gen.sh - the synthetic-minutes generator (corpus/referat-gen):
# the same seed gives the same files, the size asked for, both languages,
# the damage it promises, usage errors, and minutes that referat-index
# indexes without a failure and whose dates and cases the minutes parser
# finds.
. "$REFERAT_SRCDIR/tests/lib.sh"

GEN="$REFERAT_BUILDDIR/corpus/referat-gen"

# sums DIR: one checksum over every file's path and contents.
sums() {
    (cd "$1" && find . -type f -exec cksum {} + | LC_ALL=C sort | cksum)
}

"$GEN" --mb 2 --seed 7 "$TMP/a" 2>"$TMP/a.err"
"$GEN" --mb 2 --seed 7 "$TMP/b" 2>/dev/null
"$GEN" --mb 2 --seed 8 "$TMP/c" 2>/dev/null

check "the same seed and size give identical files" sh -c '[ "$1" = "$2" ]' _ "$(sums "$TMP/a")" "$(sums "$TMP/b")"
check "another seed gives other files" sh -c '[ "$1" != "$2" ]' _ "$(sums "$TMP/a")" "$(sums "$TMP/c")"
check "--mb 2 writes 2 MB, within 3 %" sh -c '
    n=$(find "$1" -type f -exec cat {} + | wc -c)
    [ "$n" -ge 1940000 ] && [ "$n" -le 2060000 ] || { echo "$n bytes" >&2; exit 1; }' _ "$TMP/a"
check "one summary line: files, bytes, seconds" sh -c '
    [ "$(wc -l <"$1")" -eq 1 ] && grep -Eq "^referat-gen: [0-9]+ files .* [0-9]+ bytes .* s, " "$1"' _ "$TMP/a.err"
check "DIR/<body>/<year>/<file>.txt, 3 to 40 kB each" sh -c '
    cd "$1" && n=0
    for f in $(find . -type f); do
        n=$((n + 1))
        echo "$f" | grep -Eq "^\./[a-z0-9-]+/(199[89]|20[0-2][0-9])/[^/]+\.txt$" || { echo "bad path $f" >&2; exit 1; }
        s=$(wc -c <"$f")
        [ "$s" -ge 2500 ] && [ "$s" -le 43000 ] || { echo "$f: $s bytes" >&2; exit 1; }
    done
    [ "$n" -gt 100 ] && [ "$(ls | wc -l)" -ge 20 ] && [ "$(ls -d */*/ | cut -d/ -f2 | sort -u | wc -l)" -ge 15 ]' _ "$TMP/a"
check "Norwegian and Danish minutes, with their items and sections" sh -c '
    grep -rlE "^Sak [0-9]+/[0-9]{4} " "$1" >/dev/null &&
    grep -rlE "^(Tilstede|Til stede|Deltakere): " "$1" >/dev/null &&
    grep -rlE "^Vedtak:" "$1" >/dev/null &&
    grep -rlE "^ ?[0-9]+\) [[:upper:]]" "$1" >/dev/null &&
    grep -rlE "^ ?(Mødedato|Deltagere|Afbud)" "$1" >/dev/null &&
    grep -rlE "^ ?Beslutning" "$1" >/dev/null &&
    grep -rlE "jf\. sak [0-9]+/[0-9]{4}" "$1" >/dev/null' _ "$TMP/a"
check "the default damage: OCR, hyphen breaks, PDF lines, Windows-1252" sh -c '
    grep -rlE "(mgte|Dato mgte|k1\.[0-9])" "$1" >/dev/null || { echo "no OCR damage" >&2; exit 1; }
    grep -rlE "[a-zæøå]{3}-$|[a-zæøå]{3}- $" "$1" >/dev/null || { echo "no hyphen breaks" >&2; exit 1; }
    python3 - "$1" <<PY || exit 1
import os, sys
cp = pdf = 0
for d, _, fs in os.walk(sys.argv[1]):
    for f in fs:
        b = open(os.path.join(d, f), "rb").read()
        try:
            b.decode("utf-8")
        except UnicodeDecodeError:
            cp += 1
        lines = b.split(b"\n")
        full = [i for i, l in enumerate(lines[:-1]) if l.strip()]
        pdf += sum(1 for i in full if lines[i + 1] == b"") > 0.9 * len(full)
sys.exit(0 if cp and pdf else "Windows-1252 files: %d, PDF-style files: %d" % (cp, pdf))
PY' _ "$TMP/a"
"$GEN" --mb 0.3 --seed 7 --damage 0 "$TMP/clean" 2>/dev/null
check "--damage 0 writes clean UTF-8, one line per paragraph" python3 - "$TMP/clean" <<'PY'
import os, re, sys
for d, _, fs in os.walk(sys.argv[1]):
    for f in fs:
        b = open(os.path.join(d, f), "rb").read()
        t = b.decode("utf-8")
        assert "\r" not in t and "\f" not in t, f
        assert not re.search(r"k1\.|mgte|[a-zæøå]-\n", t), f
        assert max(len(l) for l in t.split("\n")) > 200, f  # paragraphs are not wrapped
PY

check "usage errors exit 2" sh -c '
    for args in "" "--mb 0 x" "--mb -1 x" "--mb 1" "--mb 1 --damage 2 x" "--mb 1 --seed x y" "--mb 1 a b" "--frob x"; do
        # shellcheck disable=SC2086
        "$1" $args >/dev/null 2>"$2/err"; rc=$?
        [ "$rc" -eq 2 ] && [ -s "$2/err" ] || { echo "args [$args]: exit $rc" >&2; exit 1; }
    done' _ "$GEN" "$TMP"
check "corpus/gen finds the built program" sh -c '
    REFERAT_BUILDDIR="$1" sh "$2/corpus/gen" --mb 0.05 --seed 3 "$3/w" 2>/dev/null && [ -n "$(find "$3/w" -type f)" ]' \
    _ "$REFERAT_BUILDDIR" "$REFERAT_SRCDIR" "$TMP"

# Index a small corpus (the indexer reads about half a MB a second).
"$GEN" --mb 0.6 --seed 11 "$TMP/idx" 2>/dev/null
nfiles=$(find "$TMP/idx" -type f | wc -l)
"$INDEX" --db "$TMP/db" "$TMP/idx" >"$TMP/index.out" 2>&1
rc=$?
check "every generated file indexes (exit 0, none failed)" sh -c '
    [ "$1" -eq 0 ] && grep -Eq "^referat-index: $2 added, .* 0 failed" "$3" || { cat "$3" >&2; exit 1; }' \
    _ "$rc" "$nfiles" "$TMP/index.out"

# json_check PYTHON QUERY-ARGS...: assertions over the JSON hits.
json_check() {
    code=$1; shift
    "$QUERY" --db "$TMP/db" --json "$@" >"$TMP/out.json" 2>"$TMP/err.txt" || { cat "$TMP/err.txt" >&2; return 1; }
    python3 - "$TMP/out.json" "$code" <<'PY'
import json, sys
hits = [r for r in (json.loads(l) for l in open(sys.argv[1])) if "rank" in r]
exec(sys.argv[2])
PY
}

# A Norwegian item heading "Sak N/YYYY" (a year from 2000 on), in a UTF-8 file.
pick=$(grep -rlE "^Sak [0-9]+/20[0-9]{2} " "$TMP/idx" | LC_ALL=C sort | while read -r f; do
    iconv -f UTF-8 -t UTF-8 "$f" >/dev/null 2>&1 || continue
    grep -m1 -oE "^Sak [0-9]+/20[0-9]{2} " "$f" | sed 's/^Sak //; s/ $//' | sed "s|\$| $f|"
done | sort -t/ -k1,1nr | head -1)
case_no=${pick%% *}
case_file=${pick#* }
year=${case_no#*/}
check "year: finds the meetings of that year, dated from their text" json_check "
assert hits, 'no hits'
assert all(h['year'] == $year for h in hits), [h['year'] for h in hits]
inyear = [h for h in hits if '/$year/' in h['path']]
assert len(inyear) >= 0.9 * len(hits), len(inyear)
assert all(h['date_source'] == 'text' for h in inyear)
" --limit 1000 "year:$year"
check "case: finds the item's passages first" json_check "
assert hits and hits[0]['case'] == '$case_no', [h['case'] for h in hits[:3]]
assert any(h['path'] == '$case_file' and h['case'] == '$case_no' for h in hits)
assert all(h['year'] == int('$case_no'.split('/')[1]) for h in hits if h['case'] == '$case_no')
" --limit 200 "case:$case_no"
check "lang: both languages are in the index" sh -c '
    [ -n "$("$1" --db "$2" --json --limit 1 "lang:nb")" ] && [ -n "$("$1" --db "$2" --json --limit 1 "lang:da")" ]' \
    _ "$QUERY" "$TMP/db"
check "section: finds decisions in both languages" json_check "
import re
langs = {h['lang'] for h in hits}
assert {'nb', 'da'} <= langs, langs
for h in hits:
    assert h['section'] in ('vedtak', 'beslutning', 'referat') or \\
        re.search(r'(?im)^\\s*(- )?(vedtak|beslutning|referat)\\b', h['text']), h['text'][:200]
" --limit 1000 "section:vedtak"

t_done
