#!/usr/bin/env python3
"""same-hits.py A B - compares two referat-query --json outputs (or two
/api/search bodies), one index against the same documents in shards.

Every line that is not a hit (facets, timeline, totals) must be equal.
Hits must be the same passages with the same fields; a score may differ
by TOL (relative) and two hits whose scores lie within TOL may swap
places, because Xapian 1.4 weighs an OP_SYNONYM group (a word's stems,
spellings and compounds) with a term frequency it estimates in each
sub-database apart: a group whose terms some shard lacks weighs a little
differently (docs/scaling.md).  Prints the largest relative difference
seen; exits 1 with the first difference found."""
import json
import sys

TOL = 0.005


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


def near(x, y):
    return abs(x - y) <= TOL * max(abs(x), abs(y), 1e-9)


def main():
    a, ra = hits_and_rest(sys.argv[1])
    b, rb = hits_and_rest(sys.argv[2])
    if ra != rb:
        sys.exit("not a hit, differs:\n  %s\n  %s" % (ra, rb))
    if len(a) != len(b):
        sys.exit("%d hits against %d" % (len(a), len(b)))
    worst = 0.0
    by_id = {h["id"]: h for h in b}
    low_b = min((h["score"] for h in b), default=0)
    for i, h in enumerate(a):
        g = by_id.get(h["id"])
        if g is None:
            # Cut off by the page in B: only a near tie at its end may be.
            if not near(h["score"], low_b):
                sys.exit("hit %s missing from the shards' answer" % h["id"])
            continue
        for k in h:
            if k in ("score", "rank"):
                continue
            if h[k] != g.get(k):
                sys.exit("hit %s differs in %s: %r against %r" % (h["id"], k, h[k], g.get(k)))
        if not near(h["score"], g["score"]):
            sys.exit("hit %s scores %s against %s" % (h["id"], h["score"], g["score"]))
        worst = max(worst, abs(h["score"] - g["score"]) / max(abs(h["score"]), 1e-9))
        if b[i]["id"] != h["id"] and not near(b[i]["score"], h["score"]):
            sys.exit("rank %d: %s against %s" % (i + 1, h["id"], b[i]["id"]))
    print("%.6f" % worst)


main()
