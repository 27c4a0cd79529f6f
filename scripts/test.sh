#!/bin/sh
# scripts/test.sh - set up and run the whole test suite.  The README's
# second command, and what CI runs.
#
# The suite runs twice: on a normal build, and on a build with
# AddressSanitizer + UndefinedBehaviorSanitizer (leaks included), the web
# page's tests in a real browser required in both (tests/e2e/browser.sh:
# Chromium, and the node modules installed here by npm ci).  Then the
# relevance evaluation must meet eval/targets, and `make distcheck`
# proves the release tarball holds every tracked file, builds, installs
# and passes the tests that read what it ships.  The last
# line is the total: "N passed, N failed".
set -u
src=$(cd "$(dirname "$0")/.." && pwd)
jobs=2
total_pass=0
total_fail=0

# count LOGFILE: add the "N passed, N failed" of a tests/run log.
count() {
    line=$(grep -E '^(\[[a-z]+\] )?[0-9]+ passed, [0-9]+ failed$' "$1" | tail -1 | sed 's/^\[[a-z]*\] //')
    if [ -z "$line" ]; then
        total_fail=$((total_fail + 1))
        return
    fi
    total_pass=$((total_pass + ${line%% passed*}))
    f=${line#*passed, }
    total_fail=$((total_fail + ${f%% failed*}))
}

# The web page's tests in a real browser (tests/e2e/browser.sh) are
# required here: without Chromium or the node modules they fail instead of
# skipping.  The modules are found by this absolute path in make
# distcheck's unpacked tarball too, which ships none.
REFERAT_REQUIRE_BROWSER=1
REFERAT_BROWSER_MODULES=$src/tests/browser/node_modules
export REFERAT_REQUIRE_BROWSER REFERAT_BROWSER_MODULES
browser_modules=""

# install_browser_modules: puppeteer-core and axe-core, exactly as the
# lockfile pins them (once; setup.sh has installed node and Chromium).
install_browser_modules() {
    [ -z "$browser_modules" ] || return 0
    browser_modules=done
    (cd "$src/tests/browser" && npm ci --no-audit --no-fund >"$src/tests/browser/npm-ci.log" 2>&1) ||
        { cat "$src/tests/browser/npm-ci.log"; echo "npm ci in tests/browser failed"; }
}

run_build() {
    name=$1; dir=$2; shift 2
    echo "== $name build ($dir)"
    if ! "$src/scripts/setup.sh" "$dir" "$@"; then
        echo "[$name] setup failed"
        total_fail=$((total_fail + 1))
        return
    fi
    install_browser_modules
    # Build everything first, the test programs included, so that a
    # warning is caught apart from the tests (tests/run then runs make
    # check, two tests at a time, and counts their cases).
    if ! make -C "$dir" -s -j$jobs all >"$dir.build.log" 2>&1 ||
       ! make -C "$dir" -s -j$jobs check TESTS= >>"$dir.build.log" 2>&1; then
        cat "$dir.build.log"
        echo "[$name] build failed"
        total_fail=$((total_fail + 1))
        return
    fi
    if grep -E 'warning:' "$dir.build.log" >/dev/null; then
        grep -E 'warning:' "$dir.build.log"
        echo "[$name] the build has warnings (we build -Wall -Wextra clean)"
        total_fail=$((total_fail + 1))
    else
        total_pass=$((total_pass + 1))
    fi
    "$src/tests/run" "$dir" "$src" >"$dir.test.log" 2>&1
    sed "s/^\([0-9]* passed, [0-9]* failed\)$/[$name] \1/" "$dir.test.log"
    count "$dir.test.log"
}

# Both builds read the test settings (fault injection, fake converters:
# lib/testhook.h) that the tests need; an installed build does not.
run_build normal "$src/build" --enable-test-hooks
run_build asan "$src/build-asan" --enable-test-hooks --enable-sanitizers CFLAGS="-O1 -g" CXXFLAGS="-O1 -g"

# run_case NAME LOG CMD...: one counted case; shows LOG's tail on failure.
run_case() {
    name=$1; log=$2; shift 2
    if "$@" >"$log" 2>&1; then
        echo "ok   $name"
        total_pass=$((total_pass + 1))
    else
        # The failing tests by name first (a make check summary's tail
        # does not name them), then the log's end.
        grep -E '^(FAIL|ERROR): ' "$log"
        tail -30 "$log"
        echo "FAIL $name"
        total_fail=$((total_fail + 1))
    fi
}

echo "== relevance targets (scripts/eval.sh --check, against Xapian Omega and SQLite FTS5)"
run_case "eval targets" "$src/build/eval.log" sh "$src/scripts/eval.sh" --check "$src/build" "$src"
grep -E '^(summary|check|goal):' "$src/build/eval.log" | sed 's/^/    /'

# distcheck builds and installs the tarball and runs the tests that read
# what it ships (DISTCHECK_TESTS, tests/Makefile.mk), two jobs at a time;
# its hook names any tracked file the tarball lacks (Makefile.am).
echo "== make distcheck"
dc_tests=$(make -C "$src/build" -s --no-print-directory print-distcheck-tests)
run_case distcheck "$src/build/distcheck.log" make -C "$src/build" -s -j$jobs distcheck \
    DISTCHECK_CONFIGURE_FLAGS=-q TESTS="$dc_tests"

echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
