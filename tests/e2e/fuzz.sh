# tests/e2e/fuzz.sh - the libFuzzer harnesses of fuzz/ (fuzz/README.md).
#
# First the replays: each harness's seed corpus (one case per harness)
# and each crash reproducer in fuzz/regress (one case per file) run
# through the fuzz/replay-NAME programs `make check` builds -- with gcc,
# and sanitized in the sanitizer build.  Then, when clang can build
# libFuzzer programs, scripts/fuzz.sh fuzzes each harness briefly (one
# case per harness; REFERAT_FUZZ_SECONDS each, default 20, 0 to skip).
# The suite runs twice (scripts/test.sh), so the fuzzing is done once:
# not in the sanitizer build and not under `make distcheck`, where its
# cases are reported as skipped.
. "$REFERAT_SRCDIR/tests/lib.sh"

FUZZ="$REFERAT_SRCDIR/fuzz"
HARNESSES="analysis minutes query"

# replay NAME PATH...: runs fuzz/replay-NAME on the files and directories;
# on failure shows the end of its output, which names the input that died.
replay() {
    r_name=$1
    shift
    r_bin="$REFERAT_BUILDDIR/fuzz/replay-$r_name"
    [ -x "$r_bin" ] || fail_msg "$r_bin is not built (make check builds it)" || return 1
    "$r_bin" -v "$@" >"$TMP/replay.out" 2>&1 && return 0
    echo "replay-$r_name exited $?" >&2
    tail -18 "$TMP/replay.out" >&2
    return 1
}

# (lib.sh's check() uses $name, so the loops use $h.)
for h in $HARNESSES; do
    check "replay $h: fuzz/corpus/$h" replay "$h" "$FUZZ/corpus/$h"
done
for h in $HARNESSES; do
    for f in "$FUZZ/regress/$h"/*; do
        [ -f "$f" ] || continue
        check "replay $h: fuzz/regress/$h/$(basename "$f")" replay "$h" "$f"
    done
done

# t_skip NAME REASON: one skipped case.
t_skip() {
    T_COUNT=$((T_COUNT + 1))
    echo "ok $T_COUNT # SKIP $1: $2"
}

seconds=${REFERAT_FUZZ_SECONDS:-20}
skip=""
case $seconds in
'' | *[!0-9]*) skip="REFERAT_FUZZ_SECONDS=$seconds is not a number of seconds" ;;
0) skip="REFERAT_FUZZ_SECONDS=0" ;;
esac
# The sanitizer build (configure --enable-sanitizers) says so in its
# Makefile; make distcheck builds in DISTDIR/_build/sub and installs to
# DISTDIR/_inst.
if grep -q '^SAN_FLAGS = .*-fsanitize' "$REFERAT_BUILDDIR/Makefile" 2>/dev/null; then
    skip="fuzzed once per suite, in the normal build"
fi
case $REFERAT_BUILDDIR in
*/_build/sub) skip="not under make distcheck" ;;
esac
if [ -z "$skip" ] && grep -q -- "--prefix=[^ ]*/_inst" "$REFERAT_BUILDDIR/config.log" 2>/dev/null; then
    skip="not under make distcheck"
fi

if [ -z "$skip" ]; then
    sh "$REFERAT_SRCDIR/scripts/fuzz.sh" "$seconds" "$REFERAT_SRCDIR" >"$TMP/fuzz.out" 2>"$TMP/fuzz.err"
    status=$?
    if [ "$status" -eq 77 ]; then
        skip="clang with libFuzzer is not installed ($(tail -1 "$TMP/fuzz.err"))"
    fi
fi
if [ -n "$skip" ]; then
    for h in $HARNESSES; do
        t_skip "fuzz $h" "$skip"
    done
    t_done
    exit
fi

# One case per harness, named as scripts/fuzz.sh reports it.
for h in $HARNESSES; do
    line=$(grep -E "^(not )?ok [0-9]+ - fuzz $h( |$)" "$TMP/fuzz.out" | head -1)
    desc=${line#* - }
    [ -n "$line" ] || desc="fuzz $h (no result; scripts/fuzz.sh exited $status)"
    case $line in
    ok*)
        t_report "$desc" 0
        ;;
    *)
        t_report "$desc" 1
        # The crash file, the command to reproduce and the report.
        awk -v n="- fuzz $h " 'index($0, n) { on = 1; next } /^(not )?ok |^1\.\./ { on = 0 } on' \
            "$TMP/fuzz.out" | head -30
        sed 's/^/#   /' "$TMP/fuzz.err" | tail -5
        ;;
    esac
done

t_done
