#!/bin/sh
# tests/e2e/golden.sh - the analyzer's output on known inputs.
#
# Each tests/golden/NAME.txt is run through referat-analyze (with the
# options in NAME.args, when that file exists) and the output must equal
# NAME.expected byte for byte; one test case per input.  After an
# intended change to the analyzer, regenerate with
#   referat-analyze $(cat NAME.args) NAME.txt > NAME.expected
# and review the diff line by line before committing it.
# Two more cases check the command line: an unreadable file and
# invalid UTF-8.
. "$REFERAT_SRCDIR/tests/lib.sh"

GOLDEN="$REFERAT_SRCDIR/tests/golden"

# golden_case NAME: the analyzer's output for NAME.txt equals NAME.expected.
golden_case() {
    g_name=$1
    g_args=""
    [ -x "$ANALYZE" ] || fail_msg "$ANALYZE is not built" || return 1
    [ -f "$GOLDEN/$g_name.args" ] && g_args=$(cat "$GOLDEN/$g_name.args")
    # g_args holds zero or more options, so it is split on purpose.
    # shellcheck disable=SC2086
    "$ANALYZE" $g_args "$GOLDEN/$g_name.txt" >"$TMP/$g_name.out" ||
        fail_msg "referat-analyze failed on $g_name.txt" || return 1
    diff -u "$GOLDEN/$g_name.expected" "$TMP/$g_name.out"
}

for g_txt in "$GOLDEN"/*.txt; do
    [ -f "$g_txt" ] || continue
    g_base=$(basename "$g_txt" .txt)
    check "golden_$g_base" golden_case "$g_base"
done

# An unreadable file: exit 1 and one line naming the file.
missing_file() {
    expect_exit 1 "$ANALYZE" "$TMP/no-such-minutes.txt" || return 1
    grep -q "no-such-minutes.txt" "$TMP/expect.err" || fail_msg "the error does not name the file"
    [ "$(wc -l <"$TMP/expect.err")" -eq 1 ] || fail_msg "the error is not one line"
}
check analyze_unreadable_file_exits_1 missing_file

# Invalid UTF-8 is analysed, its bad bytes separating tokens.
invalid_utf8() {
    printf 'ab\377cd\303' | "$ANALYZE" --lang nb >"$TMP/invalid.out" || fail_msg "exit $?" || return 1
    printf 'lang: nb\n1\t0-2\tab\tab\t-\tab\n2\t3-5\tcd\tcd\t-\tcd\n' >"$TMP/invalid.want"
    diff -u "$TMP/invalid.want" "$TMP/invalid.out"
}
check analyze_invalid_utf8_is_analysed invalid_utf8

t_done
