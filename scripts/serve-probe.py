#!/usr/bin/env python3
"""serve-probe.py - the measurements docs/performance.md cites for
referat-serve, on a bench corpus that `make bench` has built
(WORK = $TMPDIR/referat-bench-<MB>mb-s1, or --work):

  serve-probe.py slowest BUILD [--mb N] [--top K] [--band 100:140 --band-file F]
      best of three per bench path, one client, --threads 1, after one
      round to warm up; prints the K slowest paths and the median, and
      writes the paths ranked FROM to TO (the median band) to F.
  serve-probe.py callgrind BUILD OUT [--mb N] [--each] [--warm | --warm-seed S] [--paths F]
      valgrind --tool=callgrind of referat-serve --threads 1 over one
      round of the bench paths (or F's; after a round of the same paths,
      or of seed S's, when asked: counters zeroed after that), one
      dump OUT.<pid>; with --each one dump per path, and each path's
      instruction count printed (run it for two builds to compare).
  serve-probe.py compare OLD_BUILD NEW_BUILD [--mb N] [--extra '&docs=1']
      the two servers' JSON for every bench path, took_ms aside: paths
      whose hits or fields differ, and totals that changed, each against
      the exact count (the same path with &timeline=1).

The bench paths are those of `make bench`: bench.make_queries(corpus,
240, --seed) as /api/search?q=...&limit=10.  Only loopback; each server
started here is stopped by its pid.
"""
import argparse
import json
import os
import select
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402
import bench_serve  # noqa: E402


def work_dir(a):
    return a.work or os.path.join(os.environ.get("TMPDIR", "/tmp"), "referat-bench-%dmb-s1" % a.mb)


def bench_paths(a, extra=b"", seed=None):
    if getattr(a, "paths", None) and seed is None:
        with open(a.paths, "rb") as f:
            return [ln.strip() + extra for ln in f if ln.strip()]
    work = work_dir(a)
    corpus = os.path.join(work, "corpus")
    if not os.path.isdir(corpus):
        raise SystemExit("serve-probe: no bench corpus in %s (run make bench with BENCH_MB=%d first)" % (work, a.mb))
    qs = bench.make_queries(corpus, a.queries, a.seed if seed is None else seed)
    return [p + extra for p in bench_serve.search_paths(qs)]


def start(build_or_binary, db, prefix=()):
    """referat-serve (a build directory's, or the binary named) on
    127.0.0.1:0 with one thread, under PREFIX (e.g. valgrind); returns
    (process, port) once it has printed its address (at most 300 s)."""
    binary = build_or_binary
    if os.path.isdir(binary):
        binary = os.path.join(binary, "referat-serve")
    proc = subprocess.Popen(list(prefix) + [binary, "--db", db, "--listen", "127.0.0.1:0", "--threads", "1",
                                            "--timeout", "300"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    ready, _, _ = select.select([proc.stdout], [], [], 300)
    line = proc.stdout.readline().decode() if ready else ""
    if "http://" not in line:
        proc.kill()
        proc.wait()
        raise SystemExit("serve-probe: %s did not start" % binary)
    return proc, int(line.rsplit(":", 1)[1].strip().rstrip("/"))


def db_of(a):
    return os.path.join(work_dir(a), "referat-db.compact")


def cmd_slowest(a):
    paths = bench_paths(a)
    proc, port = start(a.build, db_of(a))
    try:
        c = bench_serve.Client("127.0.0.1", port)
        for p in paths:
            c.get(p)
        res = []
        for p in paths:
            best = float("inf")
            for _ in range(3):
                t = time.perf_counter()
                c.get(p)
                best = min(best, time.perf_counter() - t)
            res.append((best * 1000, p.decode()))
        c.close()
    finally:
        bench_serve.stop_server(proc)
    res.sort(reverse=True)
    for ms, p in res[:a.top]:
        print("%7.2f %s" % (ms, p))
    if a.band:
        lo, hi = (int(x) for x in a.band.split(":"))
        with open(a.band_file, "w") as f:
            f.writelines(p + "\n" for _, p in res[lo - 1:hi])
        print("paths ranked %d to %d by time written to %s" % (lo, hi, a.band_file))
    print("p50 %.2f ms over %d paths (best of 3 each)" % (statistics.median(r[0] for r in res), len(res)))


def cmd_callgrind(a):
    paths = bench_paths(a)
    out = os.path.abspath(a.out)
    proc, port = start(a.build, db_of(a), ["valgrind", "--tool=callgrind", "--callgrind-out-file=" + out + ".%p"])
    try:
        c = bench_serve.Client("127.0.0.1", port)
        c.get(b"/api/health")
        warm = bench_paths(a, seed=a.warm_seed) if a.warm_seed else paths if a.warm else []
        for p in warm:
            c.get(p)
        ctl = ["callgrind_control"]
        subprocess.run(ctl + ["-z", str(proc.pid)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        for i, p in enumerate(paths):
            c.get(p)
            if a.each:
                subprocess.run(ctl + ["--dump=q%03d" % i, str(proc.pid)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
                subprocess.run(ctl + ["-z", str(proc.pid)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        if not a.each:
            subprocess.run(ctl + ["--dump=paths", str(proc.pid)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        c.close()
    finally:
        bench_serve.stop_server(proc)
    print("callgrind: %d paths, dumps %s.%d*" % (len(paths), out, proc.pid))
    if a.each:
        for i, p in enumerate(paths):
            # callgrind numbers its dumps from 1, in the order made.
            print("%10.1f M  %s" % (dump_total("%s.%d.%d" % (out, proc.pid, i + 1)) / 1e6, p.decode()))


def dump_total(path):
    """The instructions a callgrind dump counted (its "totals:" line)."""
    with open(path) as fh:
        for line in fh:
            if line.startswith(("totals:", "summary:")):
                return int(line.split()[1])
    return 0


def cmd_compare(a):
    import http.client
    paths = bench_paths(a, a.extra.encode())
    servers = [start(b, db_of(a)) for b in (a.old, a.new)]
    conns = [http.client.HTTPConnection("127.0.0.1", port, timeout=120) for _, port in servers]

    def get(c, p):
        c.request("GET", p.decode())
        d = json.loads(c.getresponse().read())
        d.pop("took_ms", None)
        return d

    differ, changed = 0, []
    try:
        for p in paths:
            o, n = (get(c, p) for c in conns)
            rest = lambda d: {k: v for k, v in d.items() if k not in ("total", "exact")}  # noqa: E731
            if rest(o) != rest(n):
                differ += 1
                print("DIFFER", p.decode())
            if (o.get("total"), o.get("exact")) != (n.get("total"), n.get("exact")):
                true = get(conns[0], p + b"&timeline=1")["total"]
                changed.append((p.decode(), true, o["total"], o["exact"], n["total"], n["exact"]))
    finally:
        for proc, _ in servers:
            bench_serve.stop_server(proc)
    print("%d paths: %d differ beyond total and exact" % (len(paths), differ))
    for p, true, ot, oe, nt, ne in changed:
        print("total %-60s exact %7d  old %7d %-5s  new %7d %-5s" % (p[:60], true, ot, oe, nt, ne))
    if changed:
        err = [abs(r[4] - r[1]) / r[1] for r in changed if r[1]]
        if err:
            print("%d totals changed; |new - exact| / exact: median %.3f, largest %.3f"
                  % (len(changed), statistics.median(err), max(err)))
    return 1 if differ else 0


def main():
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--mb", type=int, default=500, help="the bench corpus's size (default 500)")
    common.add_argument("--work", help="the bench's work directory (default $TMPDIR/referat-bench-<MB>mb-s1)")
    common.add_argument("--queries", type=int, default=240)
    common.add_argument("--seed", type=int, default=1, help="the queries' seed (the corpus stays seed 1's)")
    common.add_argument("--paths", help="a file of request paths, one a line, instead of the bench's")
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("slowest", parents=[common])
    s.add_argument("build")
    s.add_argument("--top", type=int, default=15)
    s.add_argument("--band", help="FROM:TO, the paths ranked so by time (1 the slowest) written to --band-file")
    s.add_argument("--band-file", default="band.txt")
    s = sub.add_parser("callgrind", parents=[common])
    s.add_argument("build")
    s.add_argument("out")
    s.add_argument("--each", action="store_true")
    s.add_argument("--warm", action="store_true", help="a round of the same paths before counting (a second round)")
    s.add_argument("--warm-seed", type=int, help="a round of this seed's bench paths before counting")
    s = sub.add_parser("compare", parents=[common])
    s.add_argument("old")
    s.add_argument("new")
    s.add_argument("--extra", default="", help="appended to every path, e.g. '&docs=1'")
    a = ap.parse_args()
    return {"slowest": cmd_slowest, "callgrind": cmd_callgrind, "compare": cmd_compare}[a.cmd](a) or 0


if __name__ == "__main__":
    sys.exit(main())
