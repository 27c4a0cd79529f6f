"""scripts/bench_serve.py - the resident server's part of `make bench`
(issue 15), imported by scripts/bench.py: referat-serve's /api/search
beside quest (a process per query) and Xapian Omega's CGI (`omega` run
once per request with the environment a web server gives it), on the
indexes and the queries of the same run.

Measured:
  - latency p50/p95/p99 with one client: one keep-alive connection
    sending the bench queries in turn, ROUNDS times over (every request
    counted, not the best of each query); Omega's CGI run once per query
    the way a web server runs it (fork, exec, read its output);
  - queries per second with 8 clients: 8 keep-alive connections taking
    the bench queries in turn; for Omega 8 CGI processes at a time;
  - referat-serve's resident memory (VmRSS of /proc/PID/status) over
    RSS_REQUESTS requests from 8 clients: after the first 1,000 and after
    the last;
  - the server's CPU time per search (utime + stime of /proc/PID/stat
    over the one-client rounds), which a busy machine's waits for a core
    do not inflate;
  - the load generator itself, on a route that does nothing (a 404 for
    /api/none, through the same HTTP layer; /api/health counts the
    index's files, 1.3 ms at 500 MB): its rate must be well above the
    search rate for the search figures to be the server's, not the
    client's.

The load generator is this file: plain sockets, one thread per
connection, requests written whole and responses read by their
Content-Length, so that a request costs the client a few tens of
microseconds (http.client parses headers with the email package, a few
times that).
"""
import os
import re
import select
import signal
import socket
import subprocess
import threading
import time
import urllib.parse

OMEGA_CGI = "/usr/lib/cgi-bin/omega/omega"

# Omega's output for one query: the ten hits' URL, title and a snippet
# from the stored sample, as JSON, the nearest thing to /api/search's
# reply an OmegaScript template gives; the same stemmer as omindex's and
# quest's.
OMEGA_TEMPLATE = ('$httpheader{Content-Type,application/json; charset=utf-8}'
                  '$set{stemmer,norwegian}'
                  '{"total":$msize,"hits":[$hitlist{$if{$ne{$hit,0},$.}'
                  '{"url":"$json{$field{url}}","caption":"$json{$field{caption}}",'
                  '"snippet":"$json{$snippet{$field{sample}}}"}}]}\n')


class Client:
    """One keep-alive HTTP/1.1 connection to the server."""

    def __init__(self, host, port):
        self.addr = (host, port)
        self.host = ("%s:%d" % (host, port)).encode()
        self.sock = None
        self.reconnects = -1

    def connect(self):
        if self.sock:
            self.sock.close()
        self.sock = socket.create_connection(self.addr, timeout=30)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buf = b""
        self.reconnects += 1

    def get(self, path):
        """GETs PATH; returns its status.  A connection the server closed
        (its idle timeout) is opened anew once."""
        for attempt in (0, 1):
            if not self.sock:
                self.connect()
            try:
                self.sock.sendall(b"GET " + path + b" HTTP/1.1\r\nHost: " + self.host + b"\r\n\r\n")
                return self.read_response()
            except (ConnectionError, EOFError):
                self.sock.close()
                self.sock = None
                if attempt:
                    raise
        return 0

    def recv_more(self):
        data = self.sock.recv(65536)
        if not data:
            raise EOFError("the server closed the connection")
        self.buf += data

    def read_response(self):
        while b"\r\n\r\n" not in self.buf:
            self.recv_more()
        head, self.buf = self.buf.split(b"\r\n\r\n", 1)
        lines = head.split(b"\r\n")
        status = int(lines[0].split()[1])
        length, close = 0, False
        for ln in lines[1:]:
            name, _, value = ln.partition(b":")
            name = name.strip().lower()
            if name == b"content-length":
                length = int(value)
            elif name == b"connection" and value.strip().lower() == b"close":
                close = True
        while len(self.buf) < length:
            self.recv_more()
        self.buf = self.buf[length:]
        if close:
            self.sock.close()
            self.sock = None
        return status

    def close(self):
        if self.sock:
            self.sock.close()
            self.sock = None


def start_server(build, db, threads, log):
    """Starts referat-serve on 127.0.0.1, port 0; returns (process, port)
    once it has printed the address it bound (at most 60 s)."""
    err = open(log, "ab")
    proc = subprocess.Popen([os.path.join(build, "referat-serve"), "--db", db, "--listen", "127.0.0.1:0",
                             "--threads", str(threads)],
                            stdout=subprocess.PIPE, stderr=err, stdin=subprocess.DEVNULL)
    err.close()
    ready, _, _ = select.select([proc.stdout], [], [], 60)
    line = proc.stdout.readline().decode() if ready else ""
    if "http://" not in line:
        stop_server(proc)
        raise SystemExit("bench: referat-serve did not start (see %s)" % log)
    port = int(line.rsplit(":", 1)[1].strip().rstrip("/"))
    return proc, port


def stop_server(proc):
    """SIGTERM to the server by its pid; SIGKILL after 30 s."""
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    proc.stdout.close()


def cpu_ms(pid):
    """User and system CPU time PID has used, in ms."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000.0 / os.sysconf("SC_CLK_TCK")


def rss_mb(pid):
    with open("/proc/%d/status" % pid) as f:
        for ln in f:
            if ln.startswith("VmRSS:"):
                return int(ln.split()[1]) / 1024.0
    return 0.0


def search_paths(queries):
    """The /api/search request of each bench query: the CLI's query text,
    ten hits, the CLI's defaults otherwise."""
    return [("/api/search?q=%s&limit=10" % urllib.parse.quote(q, safe="")).encode() for _, q, _ in queries]


def page_paths(src, queries):
    """The web page's own request for each bench query: ten hits with the
    facets and the timeline its search view always asks for (web/search.js's
    FACETS, read from there so that the two stay one list)."""
    with open(os.path.join(src, "web", "search.js"), encoding="utf-8") as f:
        m = re.search(r"const FACETS = \[([^\]]*)\]", f.read())
    if not m:
        raise SystemExit("bench: no FACETS list in web/search.js")
    facets = ",".join(re.findall(r"'([a-z]+)'", m.group(1)))
    extra = "&facets=%s&timeline=1" % urllib.parse.quote(facets, safe="")
    return [p + extra.encode() for p in search_paths(queries)]


def one_client(port, paths, rounds):
    """Wall ms of each request, one connection, PATHS in turn ROUNDS
    times (after one round not counted, which opens every thread's engine
    and warms the page cache); also the number of non-200 answers."""
    c = Client("127.0.0.1", port)
    errors = 0
    for p in paths:
        c.get(p)
    times = []
    for _ in range(rounds):
        for p in paths:
            t0 = time.perf_counter()
            if c.get(p) != 200:
                errors += 1
            times.append((time.perf_counter() - t0) * 1000.0)
    c.close()
    return times, errors


def many_clients(port, paths, clients, total, on_progress=None):
    """TOTAL requests from CLIENTS keep-alive connections, each taking
    the next of PATHS (round robin); returns (requests per second, non-200
    answers).  ON_PROGRESS(done) is called about every 0.05 s from this
    thread while they run."""
    lock = threading.Lock()
    state = {"next": 0, "errors": 0, "done": 0}

    def worker():
        c = Client("127.0.0.1", port)
        errors = 0
        while True:
            with lock:
                i = state["next"]
                state["next"] += 1
                state["done"] = i
            if i >= total:
                break
            if c.get(paths[i % len(paths)]) != 200:
                errors += 1
        c.close()
        with lock:
            state["errors"] += errors

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    while any(t.is_alive() for t in threads):
        if on_progress:
            on_progress(state["done"])
        time.sleep(0.05)
    wall = time.perf_counter() - t0
    for t in threads:
        t.join()
    return total / wall, state["errors"]


def rss_run(proc, port, paths, total):
    """VmRSS of the server after the first 1,000 of TOTAL requests from 8
    clients and after the last; (first, last, largest seen)."""
    seen = {"first": None, "max": 0.0}

    def sample(done):
        r = rss_mb(proc.pid)
        seen["max"] = max(seen["max"], r)
        if seen["first"] is None and done >= min(1000, total):
            seen["first"] = r

    many_clients(port, paths, 8, total, sample)
    last = rss_mb(proc.pid)
    if seen["first"] is None:
        seen["first"] = last
    return seen["first"], last, max(seen["max"], last)


def omega_setup(work):
    """An omega.conf and the bench's template under WORK/omega-cgi; the
    database is the run's compacted omindex one (DB=omega-db.compact)."""
    d = os.path.join(work, "omega-cgi")
    os.makedirs(os.path.join(d, "templates"), exist_ok=True)
    with open(os.path.join(d, "templates", "bench"), "w") as f:
        f.write(OMEGA_TEMPLATE)
    conf = os.path.join(d, "omega.conf")
    with open(conf, "w") as f:
        f.write("database_dir %s\ntemplate_dir %s\nlog_dir %s\ncdb_dir %s\n" %
                (work, os.path.join(d, "templates"), d, d))
    return conf


def omega_commands(conf, queries):
    """(argv, environment) of Omega's CGI for each query, as a web server
    runs it for GET /cgi-bin/omega?DB=...&P=...: the CGI variables and
    nothing else; quest's query text (without referat's year: filter)."""
    out = []
    for _, _, plain in queries:
        qs = "DB=omega-db.compact&FMT=bench&HITSPERPAGE=10&P=" + urllib.parse.quote_plus(plain)
        env = {"PATH": "/usr/bin:/bin", "GATEWAY_INTERFACE": "CGI/1.1", "REQUEST_METHOD": "GET",
               "SERVER_PROTOCOL": "HTTP/1.1", "SERVER_SOFTWARE": "bench", "SERVER_NAME": "127.0.0.1",
               "SERVER_PORT": "80", "REMOTE_ADDR": "127.0.0.1", "SCRIPT_NAME": "/cgi-bin/omega",
               "QUERY_STRING": qs, "OMEGA_CONFIG_FILE": conf}
        out.append(([OMEGA_CGI], env))
    return out


def omega_many(cmds, clients, total):
    """TOTAL Omega CGI runs, CLIENTS at a time; runs per second."""
    lock = threading.Lock()
    state = {"next": 0}

    def worker():
        while True:
            with lock:
                i = state["next"]
                state["next"] += 1
            if i >= total:
                break
            argv, env = cmds[i % len(cmds)]
            subprocess.run(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return total / (time.perf_counter() - t0)


def measure(a, work, db, queries, percentiles, quest_times=None, omega_times=None):
    """The server part of the run: prints its table; QUEST_TIMES and
    OMEGA_TIMES are the per-process latencies of the same queries (ms),
    taken by the caller beside referat-query's; PERCENTILES is bench.py's
    (p50, p95, p99) of a list."""
    build = a.build
    paths = search_paths(queries)
    trivial = [b"/api/none"]
    threads = [int(t) for t in str(a.serve_threads).split(",")]
    log = os.path.join(work, "referat-serve.log")
    rows = {}
    many_total = max(len(paths) * a.serve_rounds, 2000)
    for n in threads:
        proc, port = start_server(build, db, n, log)
        try:
            if n == threads[0]:
                one_client(port, paths, 1)  # every thread's engine opened
                c0 = cpu_ms(proc.pid)
                lat, errors = one_client(port, paths, a.serve_rounds)
                rows["cpu"] = (cpu_ms(proc.pid) - c0) / len(lat)
                hlat, _ = one_client(port, trivial, 2000)
                rows["lat"], rows["errors"], rows["hlat"] = lat, errors, hlat
                # Not a target: what an analyst's search on the page asks.
                rows["page"], page_errors = one_client(port, page_paths(a.src, queries), 2)
                rows["errors"] += page_errors
            qps, errors = many_clients(port, paths, 8, many_total)
            hqps, _ = many_clients(port, trivial, 8, 20000)
            rows[n] = (qps, errors, hqps)
            if n == threads[0] and a.rss_requests > 0:
                rows["rss"] = rss_run(proc, port, paths, a.rss_requests)
        finally:
            stop_server(proc)
    if omega_times is not None:
        cmds = omega_commands(omega_setup(work), queries)
        rows["omega_qps"] = omega_many(cmds, 8, max(len(cmds), 480))

    r = percentiles(rows["lat"])
    print()
    print("referat-serve (--threads %d), %d queries: one client, keep-alive, %d rounds (%d requests); "
          "8 clients, %d requests" % (threads[0], len(paths), a.serve_rounds, len(rows["lat"]), many_total))
    hdr = "%-22s %12s %14s %14s" % ("", "referat-serve", "quest (proc)", "omega (CGI)")
    print(hdr)
    print("-" * len(hdr))
    q = percentiles(quest_times) if quest_times else None
    o = percentiles(omega_times) if omega_times else None
    for i, name in enumerate(("p50", "p95", "p99")):
        print("%-22s %12.2f %14s %14s" % ("1 client %s ms" % name, r[i], "%.2f" % q[i] if q else "-",
                                          "%.2f" % o[i] if o else "-"))
    for n in threads:
        print("%-22s %12.0f %14s %14s" % ("8 clients q/s" + (" (%d thr)" % n if len(threads) > 1 else ""),
                                          rows[n][0], "-",
                                          "%.0f" % rows["omega_qps"] if "omega_qps" in rows and n == threads[0]
                                          else "-"))
    # The CPU the server spent per search: on a machine shared with
    # other work the latencies include waits for a core, this does not.
    print("%-22s %12.2f %14s %14s" % ("server CPU ms/request", rows["cpu"], "-", "-"))
    g = percentiles(rows["page"])
    print("the web page's search (its facets and timeline), one client, 2 rounds: p50 / p95 / p99 "
          "%.2f / %.2f / %.2f ms (not a target)" % g)
    h = percentiles(rows["hlat"])
    print("load generator on /api/none (404): 1 client p50 %.3f ms; 8 clients %s q/s" %
          (h[0], " / ".join("%.0f" % rows[n][2] for n in threads)))
    errors = rows["errors"] + sum(rows[n][1] for n in threads)
    if errors:
        print("NOTE: %d search requests were not answered 200 (see %s)" % (errors, log))
    flat = None
    if "rss" in rows:
        first, last, peak = rows["rss"]
        # Noise: a few MB of allocator slack and page-cache-backed pages
        # of the index mapped in as new parts of it are read.
        flat = last - first <= max(4.0, 0.05 * first)
        print("RSS over %d requests: %.1f MB after the first 1,000, %.1f MB after the last "
              "(largest %.1f MB): %s" % (a.rss_requests, first, last, peak, "flat" if flat else "GROWS"))
    qps = rows[threads[0]][0]
    print("targets (issue 15, at 500 MB): p50 <= 1 ms: %s (%.2f); >= 400 q/s with 8 clients: %s (%.0f); "
          "p99 <= 10 ms: %s (%.2f); RSS flat over 100,000 requests: %s" % (
              "met" if r[0] <= 1.0 else "NOT met", r[0], "met" if qps >= 400 else "NOT met", qps,
              "met" if r[2] <= 10.0 else "NOT met", r[2],
              "-" if flat is None else ("met" if flat and a.rss_requests >= 100000 else
                                        "met over %d" % a.rss_requests if flat else "NOT met")))
    return rows
