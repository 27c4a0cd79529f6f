#!/bin/sh
# scripts/demo.sh - set up, build, index the bundled sample minutes and
# run a sample query.  The README's first command.
#
#   scripts/demo.sh [QUERY...]     (default query: rehabilitering)
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
build="$src/build"
"$src/scripts/setup.sh" "$build"
make -C "$build" -s -j2 referat-index referat-query referat-serve >/dev/null
db="$build/demo-index"
rm -rf "$db"
"$build/referat-index" --db "$db" "$src/corpus/nb" "$src/corpus/da"
[ $# -gt 0 ] || set -- rehabilitering
echo "\$ referat-query --db $db --limit 5 $*"
cd "$src"
"$build/referat-query" --db "$db" --limit 5 "$@"
echo
echo "The search page: start the server with"
echo "    $build/referat-serve --db $db"
echo "and open http://127.0.0.1:8080/ in a browser (the JSON API behind it: docs/api.md,"
echo "e.g. curl -s 'http://127.0.0.1:8080/api/search?q=$1' | python3 -m json.tool)."
