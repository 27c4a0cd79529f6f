"""scripts/bench_nightly.py - the nightly run (issue 19): referat's
incremental run beside omindex's on the same change, for scripts/bench.py
(the full `make bench` runs it last; --nightly-only runs it alone on the
last run's corpus and Omega index).

  BENCH_ARGS="--nightly-only" BENCH_MB=500 make bench
  BENCH_ARGS="--nightly-only --nightly-dir /tmp/mine" BENCH_MB=50 make bench

A benchmark, never a test.  In NIGHTLY (--nightly-dir, default
WORK/nightly; all but the new minutes rebuilt at each run):
  - tree/: a copy of the bench corpus (cp -a: the same mtimes; not hard
    links, whose new link count would change the corpus's own ctimes);
  - referat-db: referat-index's full build of tree/, timed (the "full
    build" the nightly run is held against).  A copy of WORK/referat-db
    would not do: referat knows a file by its path and its inode, and
    the copy's files have other inodes under another path;
  - omega-db: a copy of WORK/omega-db as omindex wrote it (omindex knows
    a file by its URL, the path under the root, and its mtime, which
    the copy keeps, so it finds tree/ unchanged);
  - then the change, all of it drawn from --seed: 0.5 % of the files
    deleted, 1 % edited (a new paragraph in an item, or a decision line
    amended; written to a new inode with a new mtime) and 1 % added (new
    minutes from corpus/referat-gen with another seed, under their own
    paths); then referat-index and omindex (bench.py's options) each run
    once over tree/, timed: wall, CPU (user + system, children
    included) and peak RSS; what each did is checked (referat's summary
    line, omindex's document count before and after).
At 60 MB and below the nightly index is also checked against a full
build of the changed tree (referat-check): the same passage count and
the same top ten (path, passage, score) for twelve bench queries.
"""
import os
import random
import re
import resource
import shutil
import subprocess
import sys

ADD, CHANGE, DELETE = 0.01, 0.01, 0.005
CHECK_MB = 60
CHECK_QUERIES = 12

# New text for edited minutes, invented for this benchmark.
NEW_NB = [
    "Styringsgruppen ba sekretariatet om en skriftlig oppfølging av saken før neste møte.",
    "Det ble presisert at budsjettrammen for {y} ikke kan overskrides uten et nytt vedtak.",
    "Innspillet fra brukerrepresentanten om ventetider tas med i det videre arbeidet.",
    "Arbeidsgruppen legger fram en revidert plan for opplæring av ansatte i kommunene.",
    "Protokollen rettes slik at det går fram at {n} medlemmer hadde meldt forfall.",
    "Fagrådet ønsker en ny gjennomgang av henvisningsrutinene når evalueringen foreligger.",
]
NEW_DA = [
    "Udvalget bad sekretariatet om en skriftlig opfølgning af sagen inden næste møde.",
    "Det blev præciseret at budgetrammen for {y} ikke kan overskrides uden en ny beslutning.",
    "Patientforeningens bemærkninger om ventetider indgår i det videre arbejde.",
    "Arbejdsgruppen fremlægger en revideret plan for efteruddannelse af personalet.",
    "Referatet rettes, så det fremgår at {n} medlemmer havde meldt afbud.",
    "Styregruppen ønsker en ny gennemgang af henvisningsgangen, når evalueringen foreligger.",
]
DECISION = re.compile(r"^\s*(Vedtak|Beslutning)\b")


def files_of(root):
    """The regular files under ROOT, as sorted paths relative to it."""
    out = []
    for d, _, names in os.walk(root):
        out += [os.path.relpath(os.path.join(d, f), root) for f in names]
    return sorted(out)


def sentence(rng, danish):
    return rng.choice(NEW_DA if danish else NEW_NB).format(y=rng.randrange(2000, 2027), n=rng.randrange(2, 7))


def edit(path, rng):
    """A realistic edit of the minutes at PATH, written to a new inode
    (a new file renamed over it, as editors and syncs do): a decision
    line amended, or a new paragraph after one of the item's lines.  The
    file's encoding and line ends are kept."""
    data = open(path, "rb").read()
    try:
        text, enc = data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        text, enc = data.decode("cp1252"), "cp1252"
    nl = "\r\n" if "\r\n" in text else "\n"
    lines = text.split(nl)
    danish = "Beslutning" in text or "R E F E R A T" in text
    decisions = [i for i, ln in enumerate(lines) if DECISION.match(ln)]
    if decisions and rng.random() < 0.5:
        i = rng.choice(decisions)
        lines[i] = lines[i].rstrip() + " " + sentence(rng, danish)
    else:
        i = rng.randrange(len(lines) // 4, max(len(lines) // 4 + 1, len(lines) - 1))
        lines[i + 1:i + 1] = ["", " ".join(sentence(rng, danish) for _ in range(rng.randrange(2, 4))), ""]
    tmp = path + ".new"
    with open(tmp, "wb") as f:
        f.write(nl.join(lines).encode(enc, errors="replace"))
    os.replace(tmp, path)


def make_change(a, nightly, tree, input_mb):
    """Deletes, edits and adds files in TREE, all chosen from a.seed;
    returns (added, changed, deleted)."""
    rng = random.Random("nightly-%d" % a.seed)
    files = files_of(tree)
    n = len(files)
    nadd, nchg, ndel = round(n * ADD), round(n * CHANGE), round(n * DELETE)
    picks = rng.sample(files, nchg + ndel)
    for rel in picks[nchg:]:
        os.remove(os.path.join(tree, rel))
    for rel in picks[:nchg]:
        edit(os.path.join(tree, rel), rng)
    # New minutes: another seed's corpus, kept between runs, a share of
    # it picked.
    extra = os.path.join(nightly, "new-s%d" % a.seed)
    mb = max(0.5, input_mb * ADD * 1.5)
    stamp = os.path.join(extra, "mb")
    if not os.path.exists(stamp) or open(stamp).read() != "%.2f\n" % mb:
        shutil.rmtree(extra, ignore_errors=True)
        subprocess.run([os.path.join(a.build, "corpus", "referat-gen"), "--mb", "%.2f" % mb, "--seed",
                        str(a.seed + 1000), os.path.join(extra, "corpus")], check=True, stderr=subprocess.DEVNULL)
        open(stamp, "w").write("%.2f\n" % mb)
    new = files_of(os.path.join(extra, "corpus"))
    for rel in rng.sample(new, min(nadd, len(new))):
        dest = os.path.join(tree, rel)
        base, ext = os.path.splitext(dest)
        k = 2
        while os.path.exists(dest):
            dest = "%s-%d%s" % (base, k, ext)
            k += 1
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        shutil.copyfile(os.path.join(extra, "corpus", rel), dest)
    return min(nadd, len(new)), nchg, ndel


def timed(run_measured, argv, log):
    """(wall s, CPU s, peak RSS MB, exit status) of ARGV; the CPU time
    counts its children too (omindex's filters, referat's writers)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall, rss, rc = run_measured(argv, log)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return {"wall": wall, "cpu": cpu, "rss": rss, "rc": rc}


def doc_count(db):
    out = subprocess.run(["xapian-delve", db], stdout=subprocess.PIPE, check=True, text=True).stdout
    m = re.search(r"number of documents = (\d+)", out)
    return int(m.group(1)) if m else -1


def summary(log):
    """referat-index's counts: (added, updated, removed, unchanged)."""
    m = re.search(r"(\d+) added, (\d+) updated, (\d+) removed, (\d+) unchanged", open(log).read())
    return tuple(int(x) for x in m.groups()) if m else None


def top_hits(a, db, q):
    out = subprocess.run([os.path.join(a.build, "referat-query"), "--db", db, "--json", "--limit", "10", "--", q],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True).stdout
    hits = []
    for ln in out.splitlines():
        p = re.search(r'"path":"((?:[^"\\]|\\.)*)","passage":(\d+)', ln)
        s = re.search(r'"score":([0-9.]+)', ln)
        hits.append((p.groups() if p else ln, s.group(1) if s else ""))
    return hits


def check(a, nightly, tree, db, queries, run_measured):
    """A full build of the changed tree beside the nightly index: (its
    passages, the nightly index's, queries with the same top ten, queries
    asked)."""
    full = os.path.join(nightly, "referat-check")
    shutil.rmtree(full, ignore_errors=True)
    run_measured([os.path.join(a.build, "referat-index"), "--quiet", "--db", full, tree],
                 os.path.join(nightly, "referat-check.log"))
    qs = [q for _, q, _ in queries[:CHECK_QUERIES]]
    same = sum(top_hits(a, db, q) == top_hits(a, full, q) for q in qs)
    return doc_count(full), doc_count(db), same, len(qs)


def measure(a, work, corpus, input_mb, queries, run_measured, omindex_full=None):
    """Builds, changes and times; prints the table (RUN_MEASURED:
    scripts/bench.py's; OMINDEX_FULL: omindex's full-build wall seconds
    when this bench run took them)."""
    nightly = a.nightly_dir or os.path.join(work, "nightly")
    tree = os.path.join(nightly, "tree")
    omega = not a.skip_omega and os.path.isdir(os.path.join(work, "omega-db"))
    for old in ("tree", "referat-db", "omega-db", "referat-check"):
        shutil.rmtree(os.path.join(nightly, old), ignore_errors=True)
    os.makedirs(nightly, exist_ok=True)
    subprocess.run(["cp", "-a", corpus, tree], check=True)
    db = os.path.join(nightly, "referat-db")
    ri = os.path.join(a.build, "referat-index")
    full = timed(run_measured, [ri, "--quiet", "--db", db, tree], os.path.join(nightly, "referat-full.log"))
    print("nightly: referat-index full build of a copy of the corpus: %.1f s, exit %d" % (full["wall"], full["rc"]))
    sys.stdout.flush()
    odb = os.path.join(nightly, "omega-db")
    if omega:
        shutil.copytree(os.path.join(work, "omega-db"), odb)
    passages0 = doc_count(db)
    docs0 = doc_count(odb) if omega else 0

    added, changed, deleted = make_change(a, nightly, tree, input_mb)
    nfiles = len(files_of(tree))
    # Without --quiet for the summary line that says what the run did
    # (stderr is no terminal: no progress line).
    rows = {"referat": timed(run_measured, [ri, "--db", db, tree], os.path.join(nightly, "referat-nightly.log"))}
    counts = summary(os.path.join(nightly, "referat-nightly.log"))
    if omega:
        rows["omega"] = timed(run_measured, ["omindex", "--db", odb, "--url", "/", "--stemmer=norwegian", tree],
                              os.path.join(nightly, "omindex-nightly.log"))
    load = open("/proc/loadavg").read().split()[:3]

    print()
    print("the nightly run: %d MB, %d files after the change: %d added, %d changed, %d deleted (seed %d); "
          "load average %s" % (round(input_mb), nfiles, added, changed, deleted, a.seed, " ".join(load)))
    hdr = "%-24s %12s %12s %10s" % ("", "referat", "omindex", "ratio")
    print(hdr)
    print("-" * len(hdr))
    r, o = rows["referat"], rows.get("omega")

    def line(name, rv, ov, fmt):
        print("%-24s %12s %12s %10s" % (name, fmt % rv, fmt % ov if ov is not None else "-",
                                        "%.2fx" % (rv / ov) if ov else "-"))

    line("nightly wall s", r["wall"], o and o["wall"], "%.2f")
    line("nightly CPU s", r["cpu"], o and o["cpu"], "%.2f")
    line("nightly peak RSS MB", r["rss"], o and o["rss"], "%.0f")
    line("full build wall s", full["wall"], omindex_full, "%.1f")
    frac = r["wall"] / full["wall"]
    print("%-24s %12s %12s" % ("nightly / full build", "1/%.0f" % (1 / frac) if frac else "-",
                               "1/%.0f" % (omindex_full / o["wall"]) if o and omindex_full else "-"))
    print()
    if counts:
        print("referat-index: %d added, %d updated, %d removed, %d unchanged (exit %d; expected %d, %d, %d)%s" % (
            counts + (r["rc"], added, changed, deleted,
                      "" if counts[:3] == (added, changed, deleted) else ": NOT as expected")))
    else:
        print("referat-index: no summary line (exit %d)" % r["rc"])
    if o:
        docs1 = doc_count(odb)
        print("omindex: %d -> %d documents (exit %d; expected %d)%s" % (
            docs0, docs1, o["rc"], docs0 + added - deleted,
            "" if docs1 == docs0 + added - deleted else ": NOT as expected"))
    passages1 = doc_count(db)
    print("referat: %d -> %d passages" % (passages0, passages1))
    targets = ["nightly <= 1/20 of a full build: %s (1/%.0f)" % ("met" if frac <= 0.05 else "NOT met", 1 / frac)]
    if o:
        targets.insert(0, "nightly <= omindex's: %s (%.2fx)" % ("met" if r["wall"] <= o["wall"] else "NOT met",
                                                                r["wall"] / o["wall"]))
    print("targets (issue 19): " + "; ".join(targets))
    sys.stdout.flush()
    if input_mb <= CHECK_MB:
        fp, np_, same, nq = check(a, nightly, tree, db, queries, run_measured)
        print("check: a full build of the changed tree holds %d passages, the nightly index %d; "
              "the same top ten for %d of %d queries%s" % (
                  fp, np_, same, nq, "" if fp == np_ and same == nq else ": NOT the same"))
