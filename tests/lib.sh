# tests/lib.sh - shared helpers for the end-to-end shell tests (TAP output).
# Sourced by tests/e2e/*.sh.  Each `check` or `check_out` call is one test
# case.  The scripts run in a private temporary directory, removed on exit.
set -u

: "${REFERAT_BUILDDIR:?set by make check (tests/Makefile.mk)}"
: "${REFERAT_SRCDIR:?set by make check (tests/Makefile.mk)}"
INDEX="$REFERAT_BUILDDIR/referat-index"
QUERY="$REFERAT_BUILDDIR/referat-query"
ANALYZE="$REFERAT_BUILDDIR/corpus/referat-analyze"
DUMP="$REFERAT_BUILDDIR/tests/helpers/dump-index"
CORPUS="$REFERAT_SRCDIR/corpus"

T_COUNT=0
T_FAILED=0
TMP=$(mktemp -d "${TMPDIR:-/tmp}/referat-test.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

# Debian's python3 (setup.sh installs it) before any other on the PATH:
# a pyenv shim spends up to a second a call finding its interpreter on a
# loaded machine (shards.sh's 650 calls, before same-hits.py took pairs,
# were 10.5 minutes of a CI run; about 4 with Debian's).  The tests use
# its standard library only.
if [ -x /usr/bin/python3 ] && [ "$(command -v python3)" != /usr/bin/python3 ]; then
    mkdir "$TMP/.python" && ln -s /usr/bin/python3 "$TMP/.python/python3" && PATH="$TMP/.python:$PATH"
    export PATH
fi

# ok NAME STATUS: report one case; STATUS 0 means passed.
t_report() {
    T_COUNT=$((T_COUNT + 1))
    if [ "$2" -eq 0 ]; then
        echo "ok $T_COUNT - $1"
    else
        T_FAILED=$((T_FAILED + 1))
        echo "not ok $T_COUNT - $1"
    fi
}

# check NAME CMD...: the case passes when CMD exits 0.
check() {
    name=$1; shift
    if "$@" >"$TMP/check.out" 2>&1; then
        t_report "$name" 0
    else
        t_report "$name" 1
        sed 's/^/#   /' "$TMP/check.out" | head -20
    fi
}

# fail_msg MSG: print MSG to stderr and return 1 (for use inside checks).
fail_msg() { echo "$*" >&2; return 1; }

# expect_exit WANT CMD...: CMD must exit with status WANT.
expect_exit() {
    want=$1; shift
    "$@" >"$TMP/expect.out" 2>"$TMP/expect.err"
    got=$?
    if [ "$got" -ne "$want" ]; then
        echo "exit $got, want $want: $*" >&2
        cat "$TMP/expect.err" >&2
        return 1
    fi
}

# contains FILE TEXT: FILE must contain TEXT (fixed string).
contains() {
    grep -qF -- "$2" "$1" || fail_msg "$1 lacks: $2"
}

# skip NAME REASON: one case reported as skipped (TAP "ok N - NAME # SKIP").
skip() {
    t_report "$1 # SKIP $2" 0
}

# hooks: true when the programs read the test settings from the
# environment (lib/testhook.h: ./configure --enable-test-hooks, as
# scripts/test.sh builds them).
hooks() {
    grep -q '^TEST_HOOKS = yes$' "$REFERAT_BUILDDIR/Makefile" 2>/dev/null
}

# hooked NAME CMD...: as check, for a case that needs a test setting;
# skipped in a build without test hooks.
hooked() {
    if hooks; then
        check "$@"
    else
        skip "$1" "needs a build with --enable-test-hooks"
    fi
}

# skip_rest NAME...: reports the cases NAME... skipped in a build without
# test hooks and ends the script there; does nothing in a build with them.
skip_rest() {
    hooks && return 0
    for name in "$@"; do
        skip "$name" "needs a build with --enable-test-hooks"
    done
    t_done
    exit
}

# needs_hooks: skips the whole script (one skipped case) in a build
# without test hooks.
needs_hooks() {
    hooks && return 0
    skip "$(basename "$0")" "needs a build with --enable-test-hooks"
    t_done
    exit 0
}

# ms: a monotonic clock in milliseconds; sleep_ms N: sleeps N ms (the
# shell's sleep takes no fractions everywhere).  For kills at shares of a
# measured run (crash.sh, bulk.sh).
ms() { python3 -c 'import time; print(int(time.monotonic() * 1000))'; }
sleep_ms() { python3 -c "import time; time.sleep($1 / 1000)"; }

# stable_metadata DB: DB's metadata keys and values (dump-index
# --metadata, one process), but for those that differ between two
# builds of the same files: content hints (reuse.c: each may name any of
# the files with those contents), referat.last_run (the time of the last
# commit), the acronym table stamped with it (tests/e2e/acrotab.sh checks
# it against the acro: records), and the meeting runs, stamped with it
# too and made of document ids, which the order of the writes sets
# (tests/e2e/meeting_runs.sh checks them against the file ids).
stable_metadata() {
    "$DUMP" --metadata "$1" | awk -F '\t' '$1 !~ /^content:/ && $1 != "referat.last_run" &&
        $1 != "referat.acronyms" && $1 != "referat.meeting_runs"'
}

t_done() {
    echo "1..$T_COUNT"
    [ "$T_FAILED" -eq 0 ]
}
