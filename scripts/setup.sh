#!/bin/sh
# scripts/setup.sh - install what referat needs to build and test on
# Debian, then configure a build in BUILDDIR (default: build/).
#
#   scripts/setup.sh [BUILDDIR [configure options...]]
#
# Installs only the packages that are missing, with sudo when not root.
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
builddir=${1:-"$src/build"}
[ $# -gt 0 ] && shift

# Build tools and the three libraries (Xapian, Snowball's libstemmer,
# zlib); xapian-tools gives xapian-check and delve for the index tests and
# xapian-tcpsrv for the remote shards of tests/e2e/shards.sh;
# wnorwegian and wdanish are the word lists the indexer's repairs use
# (de-hyphenation, compounds, OCR repair); xapian-omega and python3 run
# the relevance evaluation (make eval) and the JSON checks; poppler-utils
# gives pdftotext for PDFs (procps: pgrep for the filter tests);
# tesseract with its Norwegian and Danish models reads scanned PDFs
# (referat-index --ocr); libmicrohttpd is referat-serve's HTTP, and curl
# talks to it in the server tests; Chromium and node run the web page's
# tests in a real browser (tests/browser: scripts/test.sh runs npm ci).
packages="autoconf automake make gcc g++ pkg-config libxapian-dev libstemmer-dev zlib1g-dev libmicrohttpd-dev curl xapian-tools wnorwegian wdanish xapian-omega python3 poppler-utils procps tesseract-ocr tesseract-ocr-nor tesseract-ocr-dan clang libclang-rt-dev chromium nodejs"

missing=""
for p in $packages; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
# Debian's nodejs comes without npm, NodeSource's with it.
command -v npm >/dev/null 2>&1 || missing="$missing npm"
if [ -n "$missing" ]; then
    echo "setup: installing$missing"
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    # shellcheck disable=SC2086
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

if [ ! -x "$src/configure" ] || [ "$src/configure.ac" -nt "$src/configure" ]; then
    (cd "$src" && autoreconf -fi >/dev/null 2>&1 || autoreconf -fi)
fi
mkdir -p "$builddir"
cd "$builddir"
if [ ! -f Makefile ] || [ "$src/configure" -nt Makefile ]; then
    "$src/configure" -q "$@"
fi
