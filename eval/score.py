#!/usr/bin/env python3
"""eval/score.py - relevance figures for referat, Xapian Omega and SQLite FTS5.

Reads one judged set (eval/queries.tsv, eval/questions.tsv or
eval/heldout/queries.tsv), the passages as exported by
corpus/referat-passages, and the raw output of every query run (made by
scripts/eval.sh), and prints success@1, success@10 and MRR@10 per kind and
overall for each system as an aligned table, then one summary line.

    score.py --queries Q.tsv --passages DIR --results DIR [--set NAME] [-v] [--check TARGETS]
    score.py --queries Q.tsv --passages DIR --validate

--passages DIR holds DIR/nb/<file>__p<N>.txt and DIR/da/... (the passages
of corpus/nb and corpus/da).  --results DIR holds, for query number I
(1-based, in file order, comment and blank lines not counted):
    DIR/referat/I.jsonl     referat-query --json output
    DIR/<omega-config>/I.txt  quest output, one directory per configuration
    DIR/fts5-or/I.txt, DIR/fts5-and/I.txt  eval/fts5.py output
--set NAME names the set (keywords, questions or heldout) in the output and
chooses the lines of TARGETS that apply to it.
--validate checks that every marker is found in a passage of its file and
names markers found in more than one passage.

Exit status: 0 when the figures were computed (whatever they are); 1 with
--check when referat misses a target in TARGETS (a "goal" line that is not
met is printed and does not count); 2 when something could not be read or
is malformed.  Standard library only.
"""

import argparse
import json
import os
import re
import sys

# Keyword kinds (eval/queries.tsv, eval/heldout/queries.tsv), then the
# kinds of natural-language questions (eval/questions.tsv), by what they
# ask for.
KINDS = ["plain", "phrase", "case", "ocr", "folding", "hyphen", "compound",
         "acronym", "crosslang", "when", "who", "where", "howmany", "what",
         "decision", "nohit"]
SETS = ("keywords", "questions", "heldout")
METRIC_ALIASES = {"s1": "success@1", "s10": "success@10", "mrr": "mrr@10"}
# What a relative target may be measured against: one peer, the better
# of a family, or best_peer, the best of every peer run.
PEER_FAMILIES = {"omega": ("omega-or", "omega-and"), "fts5": ("fts5-or", "fts5-and")}
LANGS = {"nb", "da", "en"}
CUTOFF = 10
METRICS = ("success@1", "success@10", "mrr@10")


class Fail(Exception):
    """Something could not be run or read: exit status 2."""


def norm(s):
    return re.sub(r"\s+", " ", s).strip()


def load_queries(path):
    queries = []
    try:
        f = open(path, encoding="utf-8")
    except OSError as e:
        raise Fail("%s: cannot read: %s" % (path, e.strerror))
    with f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            where = "%s:%d" % (path, lineno)
            if len(cols) not in (3, 4):
                raise Fail("%s: expected 3 or 4 tab-separated columns, found %d" % (where, len(cols)))
            kind, query, rel = cols[0], cols[1], cols[2]
            lang = cols[3] if len(cols) == 4 else "nb"
            if kind not in KINDS:
                raise Fail("%s: unknown kind '%s'" % (where, kind))
            if lang not in LANGS:
                raise Fail("%s: unknown language '%s' (nb, da or en)" % (where, lang))
            if not query.strip():
                raise Fail("%s: empty query" % where)
            items = []
            if kind == "nohit":
                if rel != "-":
                    raise Fail("%s: a nohit query's relevant column must be '-'" % where)
            else:
                for item in rel.split(" || "):
                    if "::" not in item:
                        raise Fail("%s: relevant item '%s' is not FILE::MARKER" % (where, item))
                    fname, marker = item.split("::", 1)
                    if not re.fullmatch(r"(nb|da)/[^/]+\.txt", fname) or not norm(marker):
                        raise Fail("%s: bad relevant item '%s'" % (where, item))
                    items.append((fname, norm(marker)))
            queries.append({"n": len(queries) + 1, "kind": kind, "query": query,
                            "rel": items, "lang": lang, "where": where})
    if not queries:
        raise Fail("%s: no queries" % path)
    return queries


def load_passages(root):
    """{ 'nb/FILE.txt': { N: text } } from ROOT/nb/FILE__pN.txt."""
    out = {}
    for sub in ("nb", "da"):
        d = os.path.join(root, sub)
        try:
            names = os.listdir(d)
        except OSError as e:
            raise Fail("%s: cannot list: %s" % (d, e.strerror))
        for name in names:
            m = re.fullmatch(r"(.+)__p(\d+)\.txt", name)
            if not m:
                continue
            with open(os.path.join(d, name), encoding="utf-8") as f:
                out.setdefault("%s/%s.txt" % (sub, m.group(1)), {})[int(m.group(2))] = f.read()
    if not out:
        raise Fail("%s: no passages found" % root)
    return out


def is_relevant(q, fname, text):
    t = norm(text)
    return any(fname == rf and marker in t for rf, marker in q["rel"])


def validate(queries, passages):
    bad = 0
    for q in queries:
        for fname, marker in q["rel"]:
            if fname not in passages:
                print("%s: no such corpus file %s" % (q["where"], fname))
                bad += 1
                continue
            hits = sorted(n for n, t in passages[fname].items() if marker in norm(t))
            if not hits:
                print("%s: marker '%s' is in no passage of %s" % (q["where"], marker, fname))
                bad += 1
            elif len(hits) > 1:
                print("%s: marker '%s' is in passages %s of %s" %
                      (q["where"], marker, ",".join(map(str, hits)), fname))
    return bad


def rel_path(path):
    """'.../corpus/nb/FILE.txt' -> 'nb/FILE.txt'."""
    parts = path.replace("\\", "/").split("/")
    return "/".join(parts[-2:])


def read_referat(path):
    hits = []
    try:
        f = open(path, encoding="utf-8")
    except OSError as e:
        raise Fail("%s: cannot read: %s" % (path, e.strerror))
    with f:
        for lineno, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                h = json.loads(line)
                if "suggestions" in h:
                    continue  # no hits: the words to change, not a hit
                hits.append({"file": rel_path(h["path"]), "passage": int(h["passage"]),
                             "text": h["text"], "score": float(h["score"])})
            except (ValueError, KeyError, TypeError) as e:
                raise Fail("%s:%d: not a referat-query --json line: %s" % (path, lineno, e))
    return hits


def read_quest(path, passages):
    """Hits from quest output: 'DOCID: [WEIGHT]' then the document data,
    whose url= line names the passage file (/nb/FILE__pN.txt)."""
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().split("\n")
    except OSError as e:
        raise Fail("%s: cannot read: %s" % (path, e.strerror))
    if not lines or not lines[0].startswith("Parsed Query:"):
        raise Fail("%s: not quest output (no 'Parsed Query:' line)" % path)
    hits = []
    weight = None
    for line in lines:
        m = re.fullmatch(r"\d+: \[([-0-9.e+]+)\]", line)
        if m:
            weight = float(m.group(1))
            continue
        if line.startswith("url=") and weight is not None:
            m = re.fullmatch(r"url=/?(nb|da)/(.+)__p(\d+)\.txt", line)
            if not m:
                raise Fail("%s: unexpected url line '%s'" % (path, line))
            fname = "%s/%s.txt" % (m.group(1), m.group(2))
            n = int(m.group(3))
            text = passages.get(fname, {}).get(n)
            if text is None:
                raise Fail("%s: hit %s passage %d is not among the exported passages" % (path, fname, n))
            hits.append({"file": fname, "passage": n, "text": text, "score": weight})
            weight = None
    return hits


def first_relevant(q, hits):
    for i, h in enumerate(hits[:CUTOFF], 1):
        if is_relevant(q, h["file"], h["text"]):
            return i
    return None


def summarize(queries, ranks):
    """{kind|'overall': {metric: value}} for one system; nohit excluded."""
    groups = {}
    for q in queries:
        if q["kind"] == "nohit":
            continue
        r = ranks[q["n"]]
        for g in (q["kind"], "overall"):
            s = groups.setdefault(g, {"n": 0, "success@1": 0.0, "success@10": 0.0, "mrr@10": 0.0})
            s["n"] += 1
            if r is not None:
                s["success@1"] += r == 1
                s["success@10"] += r <= CUTOFF
                s["mrr@10"] += 1.0 / r
    for s in groups.values():
        for m in METRICS:
            s[m] /= s["n"]
    return groups


def fmt(v):
    return "%.3f" % v


def read_fts5(path, passages):
    """Hits from eval/fts5.py output: 'nb/FILE__pN.txt <TAB> bm25' a line."""
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().split("\n")
    except OSError as e:
        raise Fail("%s: cannot read: %s" % (path, e.strerror))
    hits = []
    for line in lines:
        if not line:
            continue
        m = re.fullmatch(r"(nb|da)/(.+)__p(\d+)\.txt\t(\S+)", line)
        if not m:
            raise Fail("%s: unexpected line '%s'" % (path, line))
        fname = "%s/%s.txt" % (m.group(1), m.group(2))
        n = int(m.group(3))
        text = passages.get(fname, {}).get(n)
        if text is None:
            raise Fail("%s: hit %s passage %d is not among the exported passages" % (path, fname, n))
        # bm25() is better when lower; the score is negated so that higher is better.
        hits.append({"file": fname, "passage": n, "text": text, "score": -float(m.group(4))})
    return hits


def parse_against(word):
    """'0.93' -> (None, 0.93); 'best_peer+0.03', 'omega-or+0', 'fts5-0.02'
    -> (PEER, DELTA).  None when malformed."""
    m = re.fullmatch(r"(best_peer|omega|omega-or|omega-and|fts5|fts5-or|fts5-and)([+-][0-9.]+)", word)
    try:
        if m:
            return m.group(1), float(m.group(2))
        return None, float(word)
    except ValueError:
        return None


def load_targets(path, set_name):
    """The target lines of PATH that apply to SET_NAME.  A line is

        [goal] [SET] SCOPE METRIC VALUE
        [SET] nohit max-hits N [above SCORE]

    SET is keywords (the default), questions or heldout; VALUE is a number
    or PEER+DELTA (see eval/targets).  A goal is printed, met or not, and
    never fails the check."""
    targets = []
    try:
        f = open(path, encoding="utf-8")
    except OSError as e:
        raise Fail("%s: cannot read: %s" % (path, e.strerror))
    with f:
        for lineno, line in enumerate(f, 1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            w = line.split()
            where = "%s:%d" % (path, lineno)
            goal = w[0] == "goal"
            if goal:
                w = w[1:]
            tset = "keywords"
            if w and w[0] in SETS:
                tset = w[0]
                w = w[1:]
            if w and w[0] == "nohit":
                # nohit max-hits N [above SCORE]
                if goal or not (len(w) in (3, 5) and w[1] == "max-hits" and (len(w) == 3 or w[3] == "above")):
                    raise Fail("%s: expected '[SET] nohit max-hits N [above SCORE]'" % where)
                try:
                    t = ("nohit", int(w[2]), float(w[4]) if len(w) == 5 else None, where)
                except ValueError:
                    raise Fail("%s: bad number" % where)
                if tset == set_name:
                    targets.append(t)
                continue
            if len(w) == 3:
                w[1] = METRIC_ALIASES.get(w[1], w[1])
            if len(w) != 3 or (w[0] != "overall" and w[0] not in KINDS) or w[1] not in METRICS:
                raise Fail("%s: expected '[goal] [SET] overall|KIND success@1|success@10|mrr@10 MIN|PEER+DELTA'"
                           % where)
            against = parse_against(w[2])
            if against is None:
                raise Fail("%s: bad value '%s' (a number, or best_peer, omega, omega-or, omega-and, fts5, "
                           "fts5-or or fts5-and followed by +DELTA or -DELTA)" % (where, w[2]))
            if tset == set_name:
                targets.append(("goal" if goal else "target", w[0], w[1], against[1], against[0], where))
    return targets


def check(targets, figures, peers, nohit_hits, set_name):
    """Returns (missed targets, goal lines) as strings."""
    missed = []
    goals = []
    ref = figures["referat"]
    for t in targets:
        if t[0] == "nohit":
            _, max_hits, above, _where = t
            for q, hits in nohit_hits:
                n = sum(1 for h in hits if above is None or h["score"] >= above)
                if n > max_hits:
                    missed.append("nohit '%s': referat has %d hits%s (target at most %d)" %
                                  (q["query"], n, "" if above is None else " scored >= %g" % above, max_hits))
            continue
        kind, scope, metric, value, against, where = t
        if scope not in ref:
            continue
        have = ref[scope][metric]
        if against is None:
            need, what = value, "%.3f" % value
        else:
            if against == "best_peer":
                names = peers
            else:
                names = PEER_FAMILIES.get(against, (against,))
            for o in names:
                if o not in figures:
                    raise Fail("%s: no results for peer '%s'" % (where, o))
            best = max(names, key=lambda o: figures[o][scope][metric])
            need = figures[best][scope][metric] + value
            what = "%s %.3f %+.2f" % (best if against == best else "%s (%s)" % (against, best),
                                      figures[best][scope][metric], value)
        met = have + 1e-9 >= need
        line = "[%s] %s %s: referat %.3f %s %s" % (set_name, scope, metric, have, ">=" if met else "<", what)
        if kind == "goal":
            goals.append(line + ("" if met else ", not yet met"))
        elif not met:
            missed.append(line)
    return missed, goals


def main():
    ap = argparse.ArgumentParser(description="relevance figures for referat, Omega and FTS5")
    ap.add_argument("--queries", required=True)
    ap.add_argument("--passages", required=True)
    ap.add_argument("--results")
    ap.add_argument("--peers", default="omega-or,omega-and,fts5-or,fts5-and",
                    help="comma-separated peers (result subdirectories): omega-* are quest output, "
                         "fts5-* eval/fts5.py output")
    ap.add_argument("--set", default="keywords", choices=SETS,
                    help="the set's name, for the output and the lines of --check that apply")
    ap.add_argument("--validate", action="store_true")
    ap.add_argument("--check", metavar="TARGETS")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()

    queries = load_queries(args.queries)
    passages = load_passages(args.passages)
    if args.validate:
        bad = validate(queries, passages)
        if bad:
            raise Fail("%s: %d relevance marker(s) match no passage" % (args.queries, bad))
        return 0
    if not args.results:
        raise Fail("--results DIR is required (or --validate)")
    targets = load_targets(args.check, args.set) if args.check else None

    systems = ["referat"] + [o for o in args.peers.split(",") if o]
    ranks = {s: {} for s in systems}
    hitlists = {s: {} for s in systems}
    for q in queries:
        for s in systems:
            if s == "referat":
                hits = read_referat(os.path.join(args.results, s, "%d.jsonl" % q["n"]))
            elif s.startswith("fts5"):
                hits = read_fts5(os.path.join(args.results, s, "%d.txt" % q["n"]), passages)
            else:
                hits = read_quest(os.path.join(args.results, s, "%d.txt" % q["n"]), passages)
            hitlists[s][q["n"]] = hits
            ranks[s][q["n"]] = None if q["kind"] == "nohit" else first_relevant(q, hits)
    figures = {s: summarize(queries, ranks[s]) for s in systems}
    nohit = [q for q in queries if q["kind"] == "nohit"]

    if args.verbose:
        w = max(len(q["query"]) for q in queries) + 2
        print("%-3s %-9s %-*s %s" % ("#", "kind", w, "query", "  ".join("%9s" % s for s in systems)))
        for q in queries:
            cells = []
            for s in systems:
                if q["kind"] == "nohit":
                    hits = hitlists[s][q["n"]]
                    c = "%d hits" % len(hits)
                    if hits and s == "referat":
                        c += " (top %.2f)" % max(h["score"] for h in hits)
                else:
                    r = ranks[s][q["n"]]
                    c = "-" if r is None else str(r)
                cells.append("%9s" % c)
            print("%-3d %-9s %-*s %s" % (q["n"], q["kind"], w, q["query"], "  ".join(cells)))
        print()

    # The table: one block of S@1 S@10 MRR per system.
    print("set: %s (%s)" % (args.set, args.queries))
    head1 = "%-10s %4s" % ("", "")
    head2 = "%-10s %4s" % ("kind", "n")
    for s in systems:
        head1 += " | %-17s" % s
        head2 += " | %5s %5s %5s" % ("S@1", "S@10", "MRR")
    print(head1)
    print(head2)
    print("-" * len(head2))
    for kind in KINDS + ["overall"]:
        if kind == "nohit":
            continue
        if kind not in figures["referat"]:
            continue
        if kind == "overall":
            print("-" * len(head2))
        row = "%-10s %4d" % (kind, figures["referat"][kind]["n"])
        for s in systems:
            f = figures[s][kind]
            row += " | %5s %5s %5s" % (fmt(f["success@1"]), fmt(f["success@10"]), fmt(f["mrr@10"]))
        print(row)
    if nohit:
        row = "%-10s %4d" % ("nohit", len(nohit))
        for s in systems:
            empty = sum(1 for q in nohit if not hitlists[s][q["n"]])
            row += " | %-17s" % ("%d/%d no hit" % (empty, len(nohit)))
        print(row)
    print()
    parts = []
    for s in systems:
        o = figures[s]["overall"]
        parts.append("%s S@1 %s S@10 %s MRR@10 %s" % (s, fmt(o["success@1"]), fmt(o["success@10"]),
                                                       fmt(o["mrr@10"])))
    nq = figures["referat"]["overall"]["n"]
    nohit_part = ""
    if nohit:
        nohit_part = "; nohit (zero hits): " + ", ".join(
            "%s %d/%d" % (s, sum(1 for q in nohit if not hitlists[s][q["n"]]), len(nohit)) for s in systems)
    print("summary: [%s] %d judged queries: %s%s" % (args.set, nq, "; ".join(parts), nohit_part))

    if targets is not None:
        missed, goals = check(targets, figures, [s for s in systems if s != "referat"],
                              [(q, hitlists["referat"][q["n"]]) for q in nohit], args.set)
        for g in goals:
            print("goal: " + g)
        if missed:
            print("check: [%s] referat misses %d target(s) in %s:" % (args.set, len(missed), args.check))
            for m in missed:
                print("  " + m)
            return 1
        print("check: [%s] referat meets every target in %s" % (args.set, args.check))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Fail as e:
        print("score.py: %s" % e, file=sys.stderr)
        sys.exit(2)
    except BrokenPipeError:
        sys.exit(2)
