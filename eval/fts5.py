#!/usr/bin/env python3
"""eval/fts5.py - SQLite FTS5 as a peer in the relevance eval.

Indexes the passages exported by corpus/referat-passages (the same units
referat and Omega rank) in an in-memory FTS5 table with SQLite's stock
tokenizer (unicode61: case folding, diacritics removed), and runs every
judged query twice, as an OR and as an AND of its words, ranked by
bm25().  Writes one result file per query and operator:

    fts5.py --passages DIR --queries Q.tsv --out DIR

    DIR/fts5-or/I.txt and DIR/fts5-and/I.txt, for query number I (1-based,
    in file order, comment and blank lines not counted): one hit a line,
    "nb/<file>__p<N>.txt <TAB> bm25", best first, at most 10 hits (1000
    for kind nohit).

How a query becomes an FTS5 expression: a "quoted phrase" stays a phrase;
any other white-space separated token is split into its words (letters and
digits), and a token of several words (ORPHA-koding, 7/2022) becomes a
phrase of them, as Xapian's query parser does; every word is quoted, so
FTS5's own operators and column filters never apply.  The terms are then
joined with OR or with AND.  A query with no words finds nothing.

Exit status: 0 on success, 2 when something could not be read or run.
Standard library only (python3's sqlite3 built with FTS5).
"""

import argparse
import os
import re
import sqlite3
import sys

WORD = re.compile(r"\w+")


class Fail(Exception):
    """Something could not be run or read: exit status 2."""


def load_queries(path):
    """[(kind, query)] in file order, as eval/score.py numbers them."""
    out = []
    try:
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.rstrip("\n")
                if not line.strip() or line.startswith("#"):
                    continue
                cols = line.split("\t")
                if len(cols) < 3:
                    raise Fail("%s: expected at least 3 tab-separated columns: %s" % (path, line))
                out.append((cols[0], cols[1]))
    except OSError as e:
        raise Fail("%s: cannot read: %s" % (path, e.strerror))
    return out


def terms(query):
    """The query's terms as FTS5 strings: '"word"' or '"word word"'."""
    out = []
    for m in re.finditer(r'"([^"]*)"|(\S+)', query):
        words = WORD.findall(m.group(1) if m.group(1) is not None else m.group(2))
        if words:
            out.append('"%s"' % " ".join(words))
    return out


def build(db, root):
    db.execute("CREATE VIRTUAL TABLE p USING fts5(name UNINDEXED, body)")
    rows = []
    for sub in ("nb", "da"):
        d = os.path.join(root, sub)
        try:
            names = sorted(os.listdir(d))
        except OSError as e:
            raise Fail("%s: cannot list: %s" % (d, e.strerror))
        for name in names:
            if not re.fullmatch(r".+__p\d+\.txt", name):
                continue
            with open(os.path.join(d, name), encoding="utf-8") as f:
                rows.append(("%s/%s" % (sub, name), f.read()))
    if not rows:
        raise Fail("%s: no passages found" % root)
    db.executemany("INSERT INTO p(name, body) VALUES (?, ?)", rows)


def search(db, expr, limit):
    if not expr:
        return []
    return db.execute("SELECT name, bm25(p) FROM p WHERE p MATCH ? ORDER BY bm25(p), rowid LIMIT ?",
                      (expr, limit)).fetchall()


def main():
    ap = argparse.ArgumentParser(description="SQLite FTS5 (bm25) over the exported passages")
    ap.add_argument("--passages", required=True)
    ap.add_argument("--queries", required=True)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()

    db = sqlite3.connect(":memory:")
    try:
        build(db, args.passages)
    except sqlite3.Error as e:
        raise Fail("cannot build the FTS5 table (is python3's sqlite3 built with FTS5?): %s" % e)
    for op in ("or", "and"):
        os.makedirs(os.path.join(args.out, "fts5-" + op), exist_ok=True)
    for n, (kind, query) in enumerate(load_queries(args.queries), 1):
        limit = 1000 if kind == "nohit" else 10
        t = terms(query)
        for op in ("or", "and"):
            try:
                hits = search(db, (" %s " % op.upper()).join(t), limit)
            except sqlite3.Error as e:
                raise Fail("query %d '%s': FTS5 failed: %s" % (n, query, e))
            with open(os.path.join(args.out, "fts5-" + op, "%d.txt" % n), "w", encoding="utf-8") as f:
                for name, score in hits:
                    f.write("%s\t%r\n" % (name, score))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Fail as e:
        print("fts5.py: %s" % e, file=sys.stderr)
        sys.exit(2)
