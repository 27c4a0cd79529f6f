"""scripts/bench_shards.py - one archive as one index and as 2 and 4
remote shards on loopback (issue 17), for scripts/bench.py --shards-only.

  BENCH_ARGS="--shards-only" BENCH_MB=1000 make bench

A benchmark, never a test.  The corpus (corpus/referat-gen's, as the
rest of the bench uses) is split by meeting body, its top-level
directories dealt in turn to the shards.  Measured:
  - indexing wall time: the one index by one referat-index; the shards
    each by its own referat-index process, all started at once (as each
    machine would build its own), the wall time until the last is done
    and the slowest one's;
  - query latency, p50/p99 over the bench's queries (scripts/bench.py's
    make_queries), through the CLI (one referat-query process per
    query, --limit 10) and through referat-serve (/api/search, one
    keep-alive client, scripts/bench_serve.py's one_client), for: the
    one index read locally; the one index behind one xapian-tcpsrv (what
    the remote protocol costs without a split); 2 and 4 shards, each
    behind its own xapian-tcpsrv --interface 127.0.0.1 (started here,
    stopped by pid).  Every index is compacted first (xapian-compact -F),
    as the rest of the bench does.
The shard indexes live in WORK/shards/ and are rebuilt at each run.
"""
import os
import shutil
import signal
import socket
import subprocess
import sys
import time

import bench_serve

SHARDS = (2, 4)


def split_corpus(corpus, n):
    """The corpus's top-level directories (meeting bodies) dealt in turn
    to N shards: a list of N lists of paths."""
    dirs = sorted(os.path.join(corpus, d) for d in os.listdir(corpus)
                  if os.path.isdir(os.path.join(corpus, d)))
    return [dirs[k::n] for k in range(n)]


def build(a, dbs_and_paths, log_dir):
    """Runs one referat-index --quiet per (db, paths), all at once;
    returns (wall seconds until the last is done, the exit statuses)."""
    procs = []
    t0 = time.monotonic()
    for db, paths in dbs_and_paths:
        shutil.rmtree(db, ignore_errors=True)
        log = open(os.path.join(log_dir, "index-%s.log" % os.path.basename(db)), "wb")
        procs.append((subprocess.Popen([os.path.join(a.build, "referat-index"), "--quiet", "--db", db] + paths,
                                       stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL), log))
    codes = []
    for proc, log in procs:
        codes.append(proc.wait())
        log.close()
    return time.monotonic() - t0, codes


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def listening(port, seconds=10):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            socket.create_connection(("127.0.0.1", port), 0.5).close()
            return True
        except OSError:
            time.sleep(0.05)
    return False


def start_tcpsrv(db):
    """xapian-tcpsrv on 127.0.0.1 and a free port for DB, in its own
    session (on SIGTERM it ends its connection children with it);
    returns (process, port)."""
    port = free_port()
    proc = subprocess.Popen(["xapian-tcpsrv", "--interface", "127.0.0.1", "--port", str(port), db],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
                            start_new_session=True)
    if not listening(port):
        stop_tcpsrv(proc)
        raise SystemExit("bench: xapian-tcpsrv on port %d for %s did not start" % (port, db))
    return proc, port


def stop_tcpsrv(proc):
    """SIGTERM by its pid; SIGKILL after 10 s."""
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def cli_times(a, dbspec, queries, time_queries):
    """Wall ms of one referat-query process per query on DBSPEC (the
    first ten run once before, to warm the page cache)."""
    cmds = [[os.path.join(a.build, "referat-query"), "--db", dbspec, "--limit", "10", "--", q]
            for _, q, _ in queries]
    time_queries(cmds[:10])
    return time_queries(cmds, repeat=a.repeat)[0]


def serve_times(a, dbspec, queries, log):
    """Wall ms of each /api/search request of one keep-alive client, the
    queries sent a.serve_rounds times after one round not counted."""
    proc, port = bench_serve.start_server(a.build, dbspec, 2, log)
    try:
        times, errors = bench_serve.one_client(port, bench_serve.search_paths(queries), a.serve_rounds)
    finally:
        bench_serve.stop_server(proc)
    return times, errors


def measure(a, work, corpus, queries, input_mb, percentiles, time_queries):
    """Builds, serves and times the configurations; prints the table
    (PERCENTILES and TIME_QUERIES: scripts/bench.py's)."""
    if not shutil.which("xapian-tcpsrv"):
        raise SystemExit("bench: --shards-only needs xapian-tcpsrv (Debian's xapian-tools)")
    sw = os.path.join(work, "shards")
    os.makedirs(sw, exist_ok=True)
    rows = []
    one = os.path.join(sw, "one")
    wall, codes = build(a, [(one, [corpus])], sw)
    print("one index: referat-index %.1f s, exit %d" % (wall, codes[0]))
    sys.stdout.flush()
    builds = {1: wall}
    lists = {}
    for n in SHARDS:
        parts = split_corpus(corpus, n)
        dbs = [os.path.join(sw, "s%d-%d" % (n, k + 1)) for k in range(n)]
        wall, codes = build(a, list(zip(dbs, parts)), sw)
        builds[n] = wall
        lists[n] = dbs
        print("%d shards: %d referat-index processes at once, %.1f s until the last (exits %s)" %
              (n, n, wall, ",".join(map(str, codes))))
        sys.stdout.flush()
    for db in [one] + [d for n in SHARDS for d in lists[n]]:
        bench_compact(db)

    servers = []
    try:
        configs = [("one index, local", one + ".compact", 1)]
        for label, dbs, n in [("one index, 1 remote", [one], 1)] + \
                [("%d remote shards" % n, lists[n], n) for n in SHARDS]:
            spec = os.path.join(sw, "%s.list" % label.replace(" ", "-").replace(",", ""))
            with open(spec, "w") as f:
                for db in dbs:
                    proc, port = start_tcpsrv(db + ".compact")
                    servers.append(proc)
                    f.write("remote 127.0.0.1:%d\n" % port)
            configs.append((label, spec, n))
        for label, spec, n in configs:
            cli = percentiles(cli_times(a, spec, queries, time_queries))
            srv, errors = serve_times(a, spec, queries, os.path.join(sw, "referat-serve.log"))
            s = percentiles(srv)
            rows.append((label, n, cli, s, errors))
            print("%-20s CLI p50/p99 %.1f / %.1f ms, server p50/p99 %.2f / %.2f ms%s" %
                  (label, cli[0], cli[2], s[0], s[2], ", %d errors" % errors if errors else ""))
            sys.stdout.flush()
    finally:
        for proc in servers:
            stop_tcpsrv(proc)

    print()
    print("%d MB of minutes, %d queries, as one index and as remote shards on loopback%s" %
          (round(input_mb), len(queries), ", best of %d" % a.repeat if a.repeat > 1 else ""))
    hdr = "%-20s %16s %18s %18s" % ("", "indexing wall s", "CLI p50/p99 ms", "server p50/p99 ms")
    print(hdr)
    print("-" * len(hdr))
    for label, n, cli, s, errors in rows:
        idx = ("%.1f" % builds[n]) if label != "one index, 1 remote" else "(same)"
        print("%-20s %16s %18s %18s" % (label, idx, "%.1f / %.1f" % (cli[0], cli[2]),
                                        "%.2f / %.2f" % (s[0], s[2])))
    base = rows[1]
    print()
    print("per shard added, against the one index behind one xapian-tcpsrv (p50): CLI %s ms, server %s ms" % (
        ", ".join("%+.1f" % ((r[2][0] - base[2][0]) / (r[1] - 1)) for r in rows[2:]),
        ", ".join("%+.2f" % ((r[3][0] - base[3][0]) / (r[1] - 1)) for r in rows[2:])))


def bench_compact(db):
    """xapian-compact -F DB DB.compact, as the rest of the bench does."""
    out = db + ".compact"
    shutil.rmtree(out, ignore_errors=True)
    subprocess.run(["xapian-compact", "-F", db, out], check=True, stdout=subprocess.DEVNULL)
