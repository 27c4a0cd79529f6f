# tests/e2e/spelling.sh - Norwegian and Danish spellings, æ/ø/å typed as
# ae/oe/aa or without their marks, compounds of an unknown first part,
# and suggestions for a word that matches nothing, on invented minutes
# (tests/e2e/spelling/): each spelling finds what the proper one finds,
# in compound parts and phrases too, and through learned acronyms and
# synonyms.
. "$REFERAT_SRCDIR/tests/lib.sh"

DB="$TMP/db"
"$INDEX" --db "$DB" "$REFERAT_SRCDIR/tests/e2e/spelling" >"$TMP/index.out" 2>&1 || cat "$TMP/index.out"

# full QUERY...: the ids of the passages that have all the query's words,
# sorted, one a line.
full() {
    "$QUERY" --db "$DB" --json --limit 100 "$@" 2>/dev/null |
        python3 -c '
import json, sys
for l in sys.stdin:
    h = json.loads(l)
    if h.get("match") == "all":
        print(h["id"])' | sort
}

# same A B: the queries A and B (each one argument, split on spaces)
# fully match the same passages, at least one.
same() {
    # shellcheck disable=SC2086
    full $1 >"$TMP/a"
    # shellcheck disable=SC2086
    full $2 >"$TMP/b"
    [ -s "$TMP/b" ] || fail_msg "$2 finds nothing"
    cmp -s "$TMP/a" "$TMP/b" || fail_msg "$1: $(wc -l <"$TMP/a") passages, $2: $(wc -l <"$TMP/b")"
}

# kreft_all: kreft finds every passage with the Danish kræft in it, as a
# word or a compound's part (Børnekræft, kræftbehandling, kræftsygdom).
# (kræft itself also finds "kraft" and its plural "krefter" through
# folding, which is coarse on purpose: docs/analysis.md.)
kreft_all() {
    "$QUERY" --db "$DB" --json --limit 100 kræft 2>/dev/null | python3 -c '
import json, sys
for l in sys.stdin:
    h = json.loads(l)
    if "kræft" in h["text"].lower():
        print(h["id"])' | sort >"$TMP/want"
    full kreft >"$TMP/got"
    [ "$(wc -l <"$TMP/want")" -ge 4 ] || fail_msg "kræft finds too little: $(cat "$TMP/want")"
    comm -23 "$TMP/want" "$TMP/got" >"$TMP/missed"
    [ ! -s "$TMP/missed" ] || fail_msg "kreft misses $(cat "$TMP/missed")"
}
check 'kreft finds what kræft finds (Børnekræft, kræftbehandling, kræftsygdom)' kreft_all
check 'kraeft finds what kræft finds' same kraeft kræft
check 'foraeldre finds what forældre finds' same foraeldre forældre
check 'boern finds what børn finds' same boern børn
check 'kraeftbehandling finds what kræftbehandling finds' same kraeftbehandling kræftbehandling
check 'hjernestimulering finds what hjernestimulation finds' same hjernestimulering hjernestimulation
check 'fokusert ultralyd finds what "fokuseret ultralyd" finds' same 'fokusert ultralyd' '"fokuseret ultralyd"'
check '"forum for bornekraeft" finds what "forum for børnekræft" finds' \
    same '"forum for bornekraeft"' '"forum for børnekræft"'

# A name typed without its marks or with ae/oe/aa finds, as the proper
# spelling does, the passage that names it only by the acronym the
# minutes define ("Nordisk Database for Sjældne Børnesygdomme (NDSB)"),
# and a synonym of data/synonyms.txt (ERN) the same way.
check '"nordisk database for sjaeldne boernesygdomme" finds what the proper spelling finds (NDSB)' \
    same '"nordisk database for sjaeldne boernesygdomme"' '"nordisk database for sjældne børnesygdomme"'
check 'nordisk database for sjaldne bornesygdomme finds what the proper spelling finds (NDSB)' \
    same 'nordisk database for sjaldne bornesygdomme' '"nordisk database for sjældne børnesygdomme"'
check '"europaeisk referencenetvaerk" finds what "europæisk referencenetværk" finds (ERN)' \
    same '"europaeisk referencenetvaerk"' '"europæisk referencenetværk"'
check 'europaisk referencenetvark finds what "europæisk referencenetværk" finds (ERN)' \
    same 'europaisk referencenetvark' '"europæisk referencenetværk"'

# kreft_sense: the Norwegian passage ranks first for the Norwegian
# spelling, the Danish one for the Danish, and "krefter" (forces) is not
# cancer.
kreft_sense() {
    "$QUERY" --db "$DB" --json --limit 100 kreft >"$TMP/kreft.json" &&
        "$QUERY" --db "$DB" --json --limit 1 kræft >"$TMP/kraeft.json" &&
        python3 - "$TMP/kreft.json" "$TMP/kraeft.json" <<'PY'
import json, sys
hits = [json.loads(l) for l in open(sys.argv[1])]
if not hits or hits[0]["lang"] != "nb":
    sys.exit("kreft: first hit not Norwegian: %s" % (hits[:1],))
for h in hits:
    if "krefter" in h["text"] and "kreft" not in h["text"].replace("krefter", ""):
        sys.exit("kreft matches the forces: %s" % h["text"][:100])
top = json.loads(open(sys.argv[2]).readline())
if top["lang"] != "da":
    sys.exit("kræft: first hit not Danish: %s" % top["text"][:100])
PY
}
check 'kreft ranks the Norwegian sense first and leaves krefter (forces) out' kreft_sense

# A compound of an unknown name and an OCR-damaged known word.
check 'Zolgensma finds Zolgensmabehandlingcn' sh -c '"$1" --db "$2" --json Zolgensma | grep -q Zolgensmabehandlingcn' \
    sh "$QUERY" "$DB"

# A word that matches nothing gets a suggestion from the index's words.
suggest() {
    "$QUERY" --db "$DB" rehabilitring >"$TMP/s.out" 2>"$TMP/s.err"
    contains "$TMP/s.err" "rehabilitring: did you mean rehabilitering?" &&
        "$QUERY" --db "$DB" --json rehabilitring >"$TMP/s.json" 2>/dev/null
    contains "$TMP/s.json" '"suggestions"' && contains "$TMP/s.json" '"rehabilitering"'
}
check 'rehabilitring: did you mean rehabilitering? (text and JSON)' suggest

# Among more than eight words one edit away, the one most passages hold
# is suggested, and among equally common ones the first in byte order.
mkdir -p "$TMP/tied"
printf 'Referat\n\nSak 1/2025 Budsjett\n\nRådet drøftet tarva tarvb tarvc tarvd tarve tarvf tarvg tarvh tarvi tarvk, og sopla soplb soplc sopld sople soplf soplg soplh sopli soplk.\n' \
    >"$TMP/tied/2025-01-10-radet-referat.txt"
printf 'Referat\n\nSak 2/2025 Budsjett\n\nRådet vedtok tarvk.\n' >"$TMP/tied/2025-02-10-radet-referat.txt"
"$INDEX" --db "$TMP/tied.db" "$TMP/tied" >"$TMP/tied.out" 2>&1 || cat "$TMP/tied.out"
tied() {
    "$QUERY" --db "$TMP/tied.db" tarvo soplo >"$TMP/t.out" 2>"$TMP/t.err"
    contains "$TMP/t.err" "tarvo: did you mean tarvk?" && contains "$TMP/t.err" "soplo: did you mean sopla?"
}
check 'tarvo: did you mean tarvk (two passages, the tenth word one edit away)? soplo: sopla (the first of ten)' tied

t_done
