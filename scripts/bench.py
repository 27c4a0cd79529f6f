#!/usr/bin/env python3
"""scripts/bench.py - speed, memory and index size of referat beside Xapian
Omega (omindex + quest), on the same generated minutes, in one run.

  scripts/bench.py [--mb 200] [--seed 1] [--queries 240] [--repeat 1]
                   [--work DIR] [--skip-omega]
                   [--queries-only | --serve-only | --shards-only | --nightly-only]
                   [--nightly-dir DIR]
                   [--skip-serve] [--serve-threads 4] [--serve-rounds 5]
                   [--rss-requests 100000] BUILDDIR SRCDIR

A benchmark, never a test: it prints a table and exits 0 whatever the
figures.  Measured, for each engine:
  - indexing throughput: MB of input files per wall-clock second;
  - peak RSS of the indexing processes (the sum over the indexer and its
    children, sampled every 0.1 s, or getrusage's peak if larger);
  - index size on disk, after xapian-compact for both;
  - referat's word lists: the CPU time until they are ready, the median
    of referat-analyze on one word with the lists less without them,
    after one run that leaves the table file (lexicon.h) in place;
  - query latency p50/p95/p99 over QUERIES queries of mixed kinds (one
    word, several words, a phrase, filtered by year, an OCR-damaged or
    compound word), one process per query, as a user runs them; referat
    with snippets, highlighting and expansions on (its defaults); the two
    engines' queries alternate, so drift in process start-up falls on
    both.  --repeat N runs the whole series N times and keeps each
    query's fastest run, which takes out most of a shared machine's
    scheduling noise.  --queries-only times just the queries, on the
    compacted indexes an earlier run left in the work directory.
  - the resident server, referat-serve, on the same index and queries:
    /api/search latency with one client and queries per second with 8,
    beside quest and Omega's CGI (`omega` run per request), and its RSS
    over --rss-requests requests (scripts/bench_serve.py says how);
    --serve-only retakes just that part (with quest's and Omega's
    latencies) on an earlier run's indexes; --skip-serve leaves it out.
--shards-only measures instead the archive as one index and as 2 and 4
remote shards behind xapian-tcpsrv (scripts/bench_shards.py says how).
The nightly run, last (or alone with --nightly-only, on the last run's
corpus and Omega index): referat-index and omindex over a copy of the
corpus with 1 % of the files added, 1 % changed and 0.5 % deleted, in
--nightly-dir (default WORK/nightly; scripts/bench_nightly.py says how).
The corpus is corpus/referat-gen's output, kept under --work between runs
(default: $TMPDIR/referat-bench-<MB>mb-s<SEED>) so repeated runs skip
generating it.
"""
import argparse
import bench_nightly
import bench_serve
import bench_shards
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import time


def tree_rss_mb(pid):
    """Resident MB of PID and all its descendants now (pages shared
    between them counted in each: an upper bound)."""
    parent = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open("/proc/%s/stat" % name) as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                parent[int(name)] = int(fields[1])
            except (OSError, IndexError, ValueError):
                pass
    tree, grew = {pid}, True
    while grew:
        grew = False
        for child, ppid in parent.items():
            if ppid in tree and child not in tree:
                tree.add(child)
                grew = True
    total = 0
    for p in tree:
        try:
            with open("/proc/%d/statm" % p) as f:
                total += int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            pass
    return total / (1024.0 * 1024.0)


def run_measured(argv, log):
    """Runs ARGV; returns (wall seconds, peak RSS in MB, exit status).  The
    peak is the larger of getrusage's (the largest single process) and the
    sum over the process and its children sampled every 0.1 s (referat's
    first build runs two writer processes at once)."""
    t0 = time.monotonic()
    peak = 0.0
    with open(log, "wb") as out:
        proc = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid == proc.pid:
                break
            peak = max(peak, tree_rss_mb(proc.pid))
            time.sleep(0.1)
    wall = time.monotonic() - t0
    return wall, max(peak, usage.ru_maxrss / 1024.0), os.waitstatus_to_exitcode(status)


def du_mb(path):
    total = 0
    for root, _, files in os.walk(path):
        for f in files:
            total += os.path.getsize(os.path.join(root, f))
    return total / 1e6


def compact(db, out):
    shutil.rmtree(out, ignore_errors=True)
    subprocess.run(["xapian-compact", "-F", db, out], check=True, stdout=subprocess.DEVNULL)
    return du_mb(out)


WORD = re.compile(r"[a-zæøåA-ZÆØÅ]{3,}")


def make_queries(corpus, n, seed):
    """N queries drawn from the corpus's own text, in five kinds."""
    rng = random.Random(seed)
    files = []
    for root, _, names in os.walk(corpus):
        files += [os.path.join(root, f) for f in names if f.endswith(".txt")]
    files.sort()
    rng.shuffle(files)
    lines = []
    for f in files[:400]:
        try:
            text = open(f, encoding="utf-8").read()
        except UnicodeDecodeError:
            continue
        lines += [ln for ln in text.splitlines() if len(WORD.findall(ln)) >= 4]
    words = [w.lower() for ln in lines for w in WORD.findall(ln)]
    # Content words: the rarer half of the vocabulary by frequency rank,
    # not "og", "at", "til".
    freq = {}
    for w in words:
        freq[w] = freq.get(w, 0) + 1
    ranked = sorted(freq, key=lambda w: (-freq[w], w))
    content = [w for w in ranked[50:5000] if len(w) >= 5]
    long_words = [w for w in content if len(w) >= 12] or content
    kinds = ["word", "words", "phrase", "filtered", "damaged"]
    out = []
    for i in range(n):
        kind = kinds[i % len(kinds)]
        if kind == "word":
            q = rng.choice(content)
            plain = q
        elif kind == "words":
            q = " ".join(rng.sample(content, 3))
            plain = q
        elif kind == "phrase":
            ws = [w.lower() for w in WORD.findall(rng.choice(lines))]
            k = rng.randrange(0, max(1, len(ws) - 2))
            q = '"%s"' % " ".join(ws[k:k + 3])
            plain = q
        elif kind == "filtered":
            w = rng.choice(content)
            q = "%s year:%d" % (w, rng.randrange(1998, 2027))
            plain = w
        else:
            # A long (often compound) word with one letter changed the way
            # OCR does: referat repairs or folds, Omega sees a new word.
            w = rng.choice(long_words)
            for a, b in (("ø", "o"), ("å", "a"), ("æ", "e"), ("m", "rn"), ("l", "1")):
                if a in w:
                    w = w.replace(a, b, 1)
                    break
            q = plain = w
        out.append((kind, q, plain))
    return out


def percentiles(xs):
    xs = sorted(xs)
    def p(f):
        return xs[min(len(xs) - 1, int(round(f * (len(xs) - 1))))]
    return p(0.50), p(0.95), p(0.99)


def time_queries(*lists, repeat=1):
    """Wall ms of each command of each list, the fastest of REPEAT runs
    of the whole series.  The lists are run in turn, query by query
    (referat's first query, then quest's, then the second ...), so drift
    in this machine's process start-up falls on both."""
    times = [[float("inf")] * len(lists[0]) for _ in lists]
    for _ in range(repeat):
        for i in range(len(lists[0])):
            for k, argvs in enumerate(lists):
                # A command is an argv, or (argv, environment) for a CGI
                # program; the output is read through a pipe, as a web
                # server reads a CGI's.
                argv, env = argvs[i] if isinstance(argvs[i], tuple) else (argvs[i], None)
                t0 = time.monotonic()
                subprocess.run(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
                times[k][i] = min(times[k][i], (time.monotonic() - t0) * 1000.0)
    return times


def best_of(a):
    """How the latencies were taken, for the headings: "" or ", best of N"."""
    return ", best of %d" % a.repeat if a.repeat > 1 else ""


def query_commands(a, work, db, queries, omega, cli=True):
    """The referat (unless not CLI), quest and Omega CGI (when OMEGA; the
    CGI unless --skip-serve) command of each query, the page cache warmed
    once with the first ten, as a running system's is."""
    lists = []
    if cli:
        lists.append([[os.path.join(a.build, "referat-query"), "--db", db + ".compact", "--limit", "10", "--", q]
                      for _, q, _ in queries])
    if omega:
        lists.append([["quest", "-d", os.path.join(work, "omega-db.compact"), "-s", "norwegian", "-m", "10",
                       "--", p] for _, _, p in queries])
        if not a.skip_serve:
            lists.append(bench_serve.omega_commands(bench_serve.omega_setup(work), queries))
    time_queries(*[cmds[:10] for cmds in lists])
    return lists


def serve(a, work, db, queries, times):
    """The server part, given the per-process times [quest, omega CGI]
    of the same queries (absent without Omega)."""
    if a.skip_serve:
        return
    sys.stdout.flush()
    bench_serve.measure(a, work, db + ".compact", queries, percentiles,
                        times[0] if times else None, times[1] if len(times) > 1 else None)


def queries_only(a, work, corpus, db, input_mb):
    """Query latency alone (with --serve-only the server's, quest's and
    Omega's CGI's), on the compacted indexes of an earlier run."""
    omega = not a.skip_omega and os.path.isdir(os.path.join(work, "omega-db.compact"))
    if not os.path.isdir(db + ".compact"):
        sys.exit("bench: no %s.compact: run without --queries-only first" % db)
    queries = make_queries(corpus, a.queries, a.seed)
    if a.serve_only:
        times = time_queries(*query_commands(a, work, db, queries, omega, cli=False), repeat=a.repeat)
        print("%d MB of minutes, %d queries%s" % (round(input_mb), len(queries), best_of(a)))
        serve(a, work, db, queries, times)
        return 0
    times = time_queries(*query_commands(a, work, db, queries, omega), repeat=a.repeat)
    print("%d MB of minutes, %d queries, one process per query, referat and quest in turn%s" %
          (round(input_mb), len(queries), best_of(a)))
    r = percentiles(times[0])
    print("referat p50/p95/p99 ms: %.1f / %.1f / %.1f (p99/p50 %.2f)" % (r[0], r[1], r[2], r[2] / r[0]))
    if omega:
        o = percentiles(times[1])
        print("quest   p50/p95/p99 ms: %.1f / %.1f / %.1f (referat/quest at p50: %.2fx)" %
              (o[0], o[1], o[2], r[0] / o[0]))
    serve(a, work, db, queries, times[1:])
    return 0


def word_lists_ms(build, runs=21):
    """CPU milliseconds that loading the word lists adds to a process: the
    median of referat-analyze on one word with them, less without them
    (CPU rather than wall time, which a loaded machine stretches).  The
    first run makes the table file when there is none."""
    prog = os.path.join(build, "corpus", "referat-analyze")

    def cpu(args):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run([prog] + args + ["-"], input=b"styremote\n", stdout=subprocess.DEVNULL, check=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        return after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime

    def median(args):
        return sorted(cpu(args) for _ in range(runs))[runs // 2]

    cpu([])
    return (median([]) - median(["--no-lexicon"])) * 1000


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=int, default=int(os.environ.get("BENCH_MB", "200")))
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--queries", type=int, default=240)
    ap.add_argument("--repeat", type=int, default=1,
                    help="run the queries this many times, keeping each one's fastest")
    ap.add_argument("--work")
    ap.add_argument("--skip-omega", action="store_true")
    ap.add_argument("--queries-only", action="store_true",
                    help="time the queries on the indexes a previous run left in the work directory")
    ap.add_argument("--serve-only", action="store_true",
                    help="time referat-serve, quest and Omega's CGI on the indexes of a previous run")
    ap.add_argument("--skip-serve", action="store_true", help="leave out referat-serve and Omega's CGI")
    ap.add_argument("--shards-only", action="store_true",
                    help="one index against 2 and 4 remote shards on loopback (scripts/bench_shards.py)")
    ap.add_argument("--nightly-only", action="store_true",
                    help="the nightly run alone, on the last run's corpus (scripts/bench_nightly.py)")
    ap.add_argument("--nightly-dir", help="where the nightly run's tree and indexes go (default WORK/nightly)")
    ap.add_argument("--serve-threads", default="4",
                    help="referat-serve's --threads (a list, 2,4,8, measures q/s at each; the first for the rest)")
    ap.add_argument("--serve-rounds", type=int, default=5,
                    help="times the one server client sends the whole query series")
    ap.add_argument("--rss-requests", type=int, default=100000,
                    help="requests over which the server's RSS is followed (0: not measured)")
    ap.add_argument("build")
    ap.add_argument("src")
    a = ap.parse_args()
    if a.repeat < 1:
        ap.error("--repeat takes a number of runs, 1 or more")

    tmp = os.environ.get("TMPDIR", "/tmp")
    work = a.work or os.path.join(tmp, "referat-bench-%dmb-s%d" % (a.mb, a.seed))
    corpus = os.path.join(work, "corpus")
    stamp = os.path.join(work, "corpus.done")
    os.makedirs(work, exist_ok=True)
    if not os.path.exists(stamp):
        shutil.rmtree(corpus, ignore_errors=True)
        subprocess.run([os.path.join(a.build, "corpus", "referat-gen"), "--mb", str(a.mb), "--seed",
                        str(a.seed), corpus], check=True)
        open(stamp, "w").write("ok\n")
    input_mb = du_mb(corpus)
    nfiles = sum(len(f) for _, _, f in os.walk(corpus))
    print("corpus: %d files, %.1f MB (corpus/referat-gen --mb %d --seed %d)" % (nfiles, input_mb, a.mb, a.seed))
    sys.stdout.flush()

    ms = word_lists_ms(a.build)
    print("word lists ready: %.1f ms CPU a process (target <= 20 ms: %s)" %
          (ms, "met" if ms <= 20 else "NOT met"))
    sys.stdout.flush()

    if a.shards_only:
        bench_shards.measure(a, work, corpus, make_queries(corpus, a.queries, a.seed), input_mb, percentiles,
                             time_queries)
        return 0
    if a.nightly_only:
        bench_nightly.measure(a, work, corpus, input_mb, make_queries(corpus, a.queries, a.seed), run_measured)
        return 0
    rows = {}
    db = os.path.join(work, "referat-db")
    if a.queries_only or a.serve_only:
        return queries_only(a, work, corpus, db, input_mb)
    shutil.rmtree(db, ignore_errors=True)
    wall, rss, rc = run_measured([os.path.join(a.build, "referat-index"), "--quiet", "--db", db, corpus],
                                 os.path.join(work, "referat-index.log"))
    raw = du_mb(db)
    size = compact(db, db + ".compact")
    rows["referat"] = {"wall": wall, "rss": rss, "rc": rc, "raw": raw, "size": size}
    print("referat-index: %.1f s, exit %d" % (wall, rc))
    sys.stdout.flush()

    if not a.skip_omega:
        odb = os.path.join(work, "omega-db")
        shutil.rmtree(odb, ignore_errors=True)
        wall, rss, rc = run_measured(["omindex", "--db", odb, "--url", "/", "--stemmer=norwegian", corpus],
                                     os.path.join(work, "omindex.log"))
        raw = du_mb(odb)
        size = compact(odb, odb + ".compact")
        rows["omega"] = {"wall": wall, "rss": rss, "rc": rc, "raw": raw, "size": size}
        print("omindex: %.1f s, exit %d" % (wall, rc))
        sys.stdout.flush()

    queries = make_queries(corpus, a.queries, a.seed)
    lists = query_commands(a, work, db, queries, "omega" in rows)
    times = time_queries(*lists, repeat=a.repeat)
    rows["referat"]["times"] = times[0]
    if "omega" in rows:
        rows["omega"]["times"] = times[1]

    print()
    print("%d MB of minutes, %d queries (%s), one process per query%s" %
          (round(input_mb), len(queries), ", ".join(sorted(set(k for k, _, _ in queries))), best_of(a)))
    hdr = "%-22s %12s %12s %10s" % ("", "referat", "omega", "ratio")
    print(hdr)
    print("-" * len(hdr))

    def line(name, key, fmt, better_low=True):
        r = rows["referat"][key]
        o = rows.get("omega", {}).get(key)
        ratio = ("%.2fx" % (r / o)) if o else "-"
        print("%-22s %12s %12s %10s" % (name, fmt % r, (fmt % o) if o is not None else "-", ratio))

    for e in rows.values():
        e["mbps"] = input_mb / e["wall"]
        e["p50"], e["p95"], e["p99"] = percentiles(e["times"])
    line("indexing MB/s", "mbps", "%.2f")
    line("indexing wall s", "wall", "%.1f")
    line("peak RSS MB", "rss", "%.0f")
    line("index MB (compacted)", "size", "%.1f")
    line("index MB (as written)", "raw", "%.1f")
    line("query p50 ms", "p50", "%.1f")
    line("query p95 ms", "p95", "%.1f")
    line("query p99 ms", "p99", "%.1f")
    r = rows["referat"]
    print()
    print("referat: index %.2fx the input (compacted); query p99/p50 = %.2f" %
          (r["size"] / input_mb, r["p99"] / r["p50"]))
    if "omega" in rows:
        o = rows["omega"]
        # Issue 19's targets (the nightly run's are printed with it, below).
        print("targets (issue 19): first build >= omindex's speed: %s (%.2fx); peak RSS <= 512 MB: %s; "
              "index <= 1.5x omindex's (compacted): %s (%.2fx); CLI p50 <= 1.3x quest's: %s (%.2fx); "
              "p99/p50 <= quest's: %s (%.2f against %.2f)" % (
                  "met" if r["mbps"] >= o["mbps"] else "NOT met", r["mbps"] / o["mbps"],
                  "met" if r["rss"] <= 512 else "NOT met",
                  "met" if r["size"] <= 1.5 * o["size"] else "NOT met", r["size"] / o["size"],
                  "met" if r["p50"] <= 1.3 * o["p50"] else "NOT met", r["p50"] / o["p50"],
                  "met" if r["p99"] / r["p50"] <= o["p99"] / o["p50"] else "NOT met",
                  r["p99"] / r["p50"], o["p99"] / o["p50"]))
    serve(a, work, db, queries, times[1:])
    print()
    sys.stdout.flush()
    bench_nightly.measure(a, work, corpus, input_mb, queries, run_measured,
                          rows["omega"]["wall"] if "omega" in rows else None)


if __name__ == "__main__":
    main()
