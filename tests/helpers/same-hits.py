#!/usr/bin/env python3
"""same-hits.py A B - compares two referat-query --json outputs (or two
/api/search bodies), one index against the same documents in shards.

Everything must be identical: the same passages in the same order with
the same fields and the same scores (to the last digit printed), and
every line that is not a hit (facets, timeline, totals) equal; only the
time taken ("took_ms") may differ.  Xapian merges the shards' term
statistics and referat gives each SYNONYM group the tree Xapian would
build in one index (lib/xs/xs_query.cc, synonym_tree), so nothing is
left to differ.  Exits 1 with the first difference found."""
import json
import sys


def hits_and_rest(path):
    hits, rest = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            try:
                obj = json.loads(line)
            except ValueError:
                rest.append(line)
                continue
            if isinstance(obj, dict) and "hits" in obj:
                hits.extend(obj.pop("hits"))
                obj.pop("took_ms", None)
                rest.append(json.dumps(obj, sort_keys=True))
            elif isinstance(obj, dict) and "score" in obj:
                hits.append(obj)
            else:
                rest.append(json.dumps(obj, sort_keys=True))
    return hits, rest


def main():
    a, ra = hits_and_rest(sys.argv[1])
    b, rb = hits_and_rest(sys.argv[2])
    if ra != rb:
        sys.exit("not a hit, differs:\n  %s\n  %s" % (ra, rb))
    if len(a) != len(b):
        sys.exit("%d hits against %d" % (len(a), len(b)))
    for i, (h, g) in enumerate(zip(a, b)):
        if h["id"] != g["id"]:
            sys.exit("rank %d: %s against %s" % (i + 1, h["id"], g["id"]))
        for k in sorted(set(h) | set(g)):
            if h.get(k) != g.get(k):
                sys.exit("hit %s differs in %s: %r against %r" % (h["id"], k, h.get(k), g.get(k)))


main()
