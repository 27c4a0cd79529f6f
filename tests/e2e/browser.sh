# tests/e2e/browser.sh - the web page in a real browser: tests/browser/run.mjs
# drives headless Chromium from Debian (/usr/bin/chromium) with
# puppeteer-core and axe-core (tests/browser/package.json, npm ci) against
# referat-serve on a loopback port, and prints TAP, passed through here.
#
# node_modules is found beside run.mjs, else in REFERAT_BROWSER_MODULES (an
# absolute path scripts/test.sh exports, so that make distcheck's unpacked
# tarball, which has none, runs the tests too).  When node, the modules or
# Chromium are missing, this is one failed case if REFERAT_REQUIRE_BROWSER=1
# (scripts/test.sh sets it), else one skipped case.
. "$REFERAT_SRCDIR/tests/lib.sh"

modules=$REFERAT_SRCDIR/tests/browser/node_modules
[ -d "$modules/puppeteer-core" ] || modules=${REFERAT_BROWSER_MODULES:-$modules}
missing=""
command -v node >/dev/null 2>&1 || missing="$missing node"
{ [ -d "$modules/puppeteer-core" ] && [ -d "$modules/axe-core" ]; } ||
    missing="$missing $modules (npm ci in tests/browser)"
[ -x /usr/bin/chromium ] || missing="$missing /usr/bin/chromium (apt-get install chromium)"
if [ -n "$missing" ]; then
    if [ "${REFERAT_REQUIRE_BROWSER:-0}" = 1 ]; then
        t_report "browser tests: missing$missing" 1
    else
        skip "browser tests" "missing$missing"
    fi
    t_done
    exit
fi

# run.mjs bounds its own run (4 minutes, then it stops its server and
# browser by PID); timeout only backs that up.
TMPDIR=$TMP REFERAT_BROWSER_MODULES=$modules timeout -k 10 300 node "$REFERAT_SRCDIR/tests/browser/run.mjs"
