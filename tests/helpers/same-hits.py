#!/usr/bin/env python3
"""same-hits.py A B [A B ...] - compares two referat-query --json outputs
(or two /api/search bodies), one index against the same documents in
shards; several pairs in one call (one Python start for a whole series
of queries, not one a query).

Everything must be identical: the same passages in the same order with
the same fields and the same scores (to the last digit printed), and
every line that is not a hit (facets, timeline, totals) equal; only the
time taken ("took_ms") may differ.  Xapian merges the shards' term
statistics and referat gives each SYNONYM group the tree Xapian would
build in one index (lib/xs/xs_query.cc, synonym_tree), so nothing is
left to differ.  Exits 1 with the first difference found, naming its
pair's files."""
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


def differs(path_a, path_b):
    """The first difference between the two outputs, or None."""
    a, ra = hits_and_rest(path_a)
    b, rb = hits_and_rest(path_b)
    if ra != rb:
        return "not a hit, differs:\n  %s\n  %s" % (ra, rb)
    if len(a) != len(b):
        return "%d hits against %d" % (len(a), len(b))
    for i, (h, g) in enumerate(zip(a, b)):
        if h["id"] != g["id"]:
            return "rank %d: %s against %s" % (i + 1, h["id"], g["id"])
        for k in sorted(set(h) | set(g)):
            if h.get(k) != g.get(k):
                return "hit %s differs in %s: %r against %r" % (h["id"], k, h.get(k), g.get(k))
    return None


def main():
    paths = sys.argv[1:]
    if not paths or len(paths) % 2:
        sys.exit("usage: same-hits.py A B [A B ...]")
    for i in range(0, len(paths), 2):
        why = differs(paths[i], paths[i + 1])
        if why:
            sys.exit("%s against %s: %s" % (paths[i], paths[i + 1], why))


main()
