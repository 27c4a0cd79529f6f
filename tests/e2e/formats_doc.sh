# tests/e2e/formats_doc.sh - the input formats are one table (indexer/
# source.c, idx_format_t): the usage text and the walk's message are made
# from it, and the README and the manual page must name every extension
# in it, so a new format's row cannot go undocumented (issue 20).
. "$REFERAT_SRCDIR/tests/lib.sh"

# The extensions the usage text names, one a line, in order.
"$INDEX" --help | sed -n '2,/;/p' | tr '\n' ' ' | sed 's/;.*//' |
    grep -oE '(^|[ (])\.[a-z0-9.]*[a-z0-9]' | tr -d ' (' >"$TMP/exts"
check "the usage text names the formats" sh -c '[ "$(wc -l <"$1")" -ge 5 ] && grep -qx ".txt" "$1" && grep -qx ".pdf" "$1"' _ "$TMP/exts"

mkdir -p "$TMP/in"
echo "Referat fra møte i brukerutvalget om parkering ved sykehuset." >"$TMP/in/notat.rtf"
"$INDEX" --db "$TMP/db" --verbose "$TMP/in/notat.rtf" >"$TMP/out" 2>&1
check "the walk's message lists the same extensions in the same order" sh -c '
    list=$(sed -n "s/.*unsupported file type (indexed: \(.*\))$/\1/p" "$1" | tr -d " " | tr , "\n")
    [ -n "$list" ] && [ "$list" = "$(cat "$2")" ] || { cat "$1"; exit 1; }' _ "$TMP/out" "$TMP/exts"

# The README's "Use" section and the manual page's DESCRIPTION.
sed -n '/^## Use$/,/^## /p' "$REFERAT_SRCDIR/README.md" >"$TMP/readme"
sed -n '/^\.SH DESCRIPTION/,/^\.SH /p' "$REFERAT_SRCDIR/man/referat-index.1" >"$TMP/man"
while read -r ext; do
    check "README names $ext" grep -qF "\`$ext\`" "$TMP/readme"
    check "the manual page names $ext" grep -qF "\\fB$ext\\fR" "$TMP/man"
done <"$TMP/exts"
t_done
