/* shards.c - a large first build of referat-index: the walk is listed
 * first, BULK_PARTS shard writers (child processes) each index a slice of
 * it into shards of their own (bulk.c's directory), report their counts
 * through a pipe and tick the parent's progress line through another,
 * and the shards are merged into the index in walk order (run.h). */
#include "run.h"

#include "analysis/lexicon.h"
#include "query/acrotab.h"
#include "schema.h"
#include "testhook.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* The path of writer PART's shard N of a first build into DIR. */
static void shard_path(char *buf, size_t cap, const char *dir, unsigned part, unsigned n)
{
    snprintf(buf, cap, "%s/" REFERAT_BULK_DIR "/s%u-%u", dir, part, n);
}

/* Closes the shard being written (its last commit is made) and opens the
 * next, DIR/.bulk/s<part>-<n>.  Returns nonzero on failure. */
int run_open_shard(run_t *r)
{
    if (r->shards > 0) {
        xs_status_t st = xs_db_close(r->db);
        xs_db_free(r->db);
        r->db = NULL;
        if (st != XS_OK) {
            snprintf(r->db_reason, sizeof r->db_reason, "closing a shard failed");
            r->db_error = 1;
            return 1;
        }
    }
    char path[4096];
    shard_path(path, sizeof path, r->dir, r->part, r->shards);
    if (!r->db && !(r->db = xs_db_new())) {
        snprintf(r->db_reason, sizeof r->db_reason, "out of memory");
        r->db_error = 1;
        return 1;
    }
    /* Not synced at each commit: a crashed build starts again anyway, and
     * the merged index is synced before it is moved in (bulk.c). */
    xs_db_set_record_slot(r->db, SLOT_RECORD);
    if (xs_db_open(r->db, path, XS_DB_SCRATCH) != XS_OK ||
        xs_db_set_metadata(r->db, REFERAT_SCHEMA_KEY, REFERAT_SCHEMA) != XS_OK) {
        snprintf(r->db_reason, sizeof r->db_reason, "%.1024s: %s", path, xs_db_error(r->db));
        r->db_error = 1;
        return 1;
    }
    r->shards++;
    r->shard_start = r->counts.written.bytes;
    return 0;
}

/* What a shard writer reports to the parent through a pipe. */
typedef struct {
    idx_counts_t counts;
    unsigned shards;
    int db_error;
    char db_reason[IDX_REASON * 8];
} shard_report_t;

/* What the walk of a first build met, in order: the shard writers take
 * consecutive slices of it, so the merged index holds the files in walk
 * order, as one writer would have written them. */
typedef struct {
    idx_visit_t what;
    char *path, *why;
    double bytes; /* of a file */
} entry_t;

typedef struct {
    entry_t *v;
    size_t n, cap;
    double bytes;
    int oom;
} walk_list_t;

static int collect(void *ctx, idx_visit_t what, const char *path, const char *why)
{
    walk_list_t *l = ctx;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 256;
        entry_t *v = realloc(l->v, cap * sizeof *v);
        if (!v)
            return l->oom = 1;
        l->v = v;
        l->cap = cap;
    }
    entry_t *e = &l->v[l->n];
    struct stat st;
    e->what = what;
    e->bytes = what == IDX_FILE && stat(path, &st) == 0 ? (double)st.st_size : 0;
    e->path = strdup(path);
    e->why = why ? strdup(why) : NULL;
    if (!e->path || (why && !e->why)) {
        free(e->path);
        free(e->why);
        return l->oom = 1;
    }
    l->bytes += e->bytes;
    l->n++;
    return 0;
}

static void walk_list_free(walk_list_t *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->v[i].path);
        free(l->v[i].why);
    }
    free(l->v);
    memset(l, 0, sizeof *l);
}

/* The shard writer PART: indexes entries [FIRST, END) of L, reports on FD
 * and exits.  Runs in a child process. */
static void shard_writer(run_t *r, const walk_list_t *l, size_t first, size_t end, int fd)
{
    /* A writer outlives no parent: a killed build must not leave writers
     * behind in the directory the next run cleans. */
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    /* Read by Xapian when a shard opens; this process opens nothing else. */
    setenv("XAPIAN_FLUSH_THRESHOLD", IDX_BULK_FLUSH_DOCS, 1);
    r->db = NULL;
    /* The writer reports its own counts, which the parent adds to its
     * own: what the parent counted before the fork (a root that cannot
     * be walked) is counted there, once. */
    memset(&r->counts, 0, sizeof r->counts);
    if (run_open_shard(r) == 0) {
        for (size_t i = first; i < end && !r->db_error; i++)
            if (run_visit(r, l->v[i].what, l->v[i].path, l->v[i].why))
                break;
        run_flush_worker(r);
        idx_worker_free(r->worker);
        r->worker = NULL;
        if (!r->db_error && run_commit(r, 1) != XS_OK)
            run_commit_failed(r);
        if (!r->db_error && xs_db_close(r->db) != XS_OK) {
            snprintf(r->db_reason, sizeof r->db_reason, "closing a shard failed: %s", xs_db_error(r->db));
            r->db_error = 1;
        }
    }
    shard_report_t rep;
    memset(&rep, 0, sizeof rep);
    rep.counts = r->counts;
    rep.shards = r->shards;
    rep.db_error = r->db_error;
    memcpy(rep.db_reason, r->db_reason, sizeof rep.db_reason);
    ssize_t n = write(fd, &rep, sizeof rep);
    fflush(stdout);
    fflush(stderr);
    _exit(n == (ssize_t)sizeof rep ? 0 : 1);
}

/* Stores the learned names' table and the runs of each file's passages
 * (schema.h) in the merged index PATH: its shards hold neither, as a key
 * several shards hold keeps the first one's value, and the merge numbers
 * the passages anew.  Nonzero with REASON set on failure. */
static int store_tables(const char *path, char *reason)
{
    xs_db_t *db = xs_db_new();
    xs_status_t st = db ? xs_db_open(db, path, XS_DB_WRITE) : XS_NO_MEMORY;
    if (st == XS_OK)
        st = qry_acronyms_store(db);
    if (st == XS_OK)
        st = xs_db_store_value_runs(db, SLOT_FILEID, REFERAT_MEETING_RUNS_KEY, REFERAT_LAST_RUN_KEY);
    if (st == XS_OK)
        st = xs_db_commit(db);
    if (st == XS_OK)
        st = xs_db_close(db);
    if (st != XS_OK)
        snprintf(reason, IDX_REASON, "storing the learned acronyms and meeting runs in the merged index failed: %s",
                 db ? xs_db_error(db) : "out of memory");
    xs_db_free(db);
    return st != XS_OK;
}

/* A first build of what the walk found (L): BULK_PARTS shard writers,
 * each given a slice of about the same bytes, then one compaction into
 * DIR.  DIR has no database and is locked.  Fills R's counts; returns 0
 * or an exit code. */
#define BULK_PARTS 2
static int run_bulk(run_t *r, const char *dir, char **roots, int nroots, const walk_list_t *l)
{
    /* The roots that cannot be walked are said here, once. */
    for (int i = 0; i < nroots; i++)
        free(run_walkable_root(r, roots[i]));
    char path[4096];
    snprintf(path, sizeof path, "%s/" REFERAT_BULK_DIR, dir);
    if (mkdir(path, 0700) != 0) {
        fprintf(stderr, "%s: cannot create %s: %s\n", prog, path, strerror(errno));
        return EXIT_IOERR;
    }
    /* Loaded once, before the writers fork: they share its pages. */
    run_load_words(r);
    fflush(stdout);
    fflush(stderr);
    pid_t pids[BULK_PARTS];
    int fds[BULK_PARTS];
    unsigned started = 0;
    /* On a terminal the writers tick the parent's progress line, one
     * double (a file's bytes) per file, through TICK. */
    idx_progress_t *progress = NULL;
    int tick[2] = { -1, -1 };
    if (!r->quiet && isatty(STDERR_FILENO) && pipe(tick) == 0 && !(progress = idx_progress_new(stderr))) {
        close(tick[0]);
        close(tick[1]);
        tick[0] = tick[1] = -1;
    }
    if (progress) {
        unsigned files = 0;
        for (size_t i = 0; i < l->n; i++)
            files += l->v[i].what == IDX_FILE;
        idx_progress_add_total(progress, files, l->bytes);
    }
    size_t first = 0;
    double done = 0;
    for (unsigned k = 0; k < BULK_PARTS; k++) {
        size_t end = first;
        while (end < l->n && (k + 1 == BULK_PARTS || done < l->bytes * (k + 1) / BULK_PARTS))
            done += l->v[end++].bytes;
        int p[2];
        if (pipe(p) != 0)
            break;
        pid_t pid = fork();
        if (pid == 0) {
            close(p[0]);
            if (tick[0] >= 0)
                close(tick[0]);
            r->progress_fd = tick[1];
            r->part = k;
            r->parts = BULK_PARTS;
            shard_writer(r, l, first, end, p[1]);
        }
        first = end;
        close(p[1]);
        if (pid < 0) {
            close(p[0]);
            break;
        }
        pids[started] = pid;
        fds[started++] = p[0];
    }
    if (tick[1] >= 0)
        close(tick[1]);
    /* Until every writer has closed its end. */
    double bytes;
    while (tick[0] >= 0 && read(tick[0], &bytes, sizeof bytes) == (ssize_t)sizeof bytes)
        idx_progress_step(progress, bytes);
    if (tick[0] >= 0)
        close(tick[0]);
    idx_progress_free(progress);
    shard_report_t rep[BULK_PARTS];
    unsigned reported = 0;
    for (unsigned k = 0; k < started; k++) {
        ssize_t n = read(fds[k], &rep[k], sizeof rep[k]);
        close(fds[k]);
        int status;
        waitpid(pids[k], &status, 0);
        if (n != (ssize_t)sizeof rep[k]) {
            if (!r->db_error)
                snprintf(r->db_reason, sizeof r->db_reason, "a shard writer died (%s %d)",
                         WIFSIGNALED(status) ? "signal" : "exit status",
                         WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
            r->db_error = 1;
            continue;
        }
        reported++;
        idx_counts_add(&r->counts, &rep[k].counts);
        if (rep[k].db_error && !r->db_error) {
            memcpy(r->db_reason, rep[k].db_reason, sizeof r->db_reason);
            r->db_error = 1;
        }
    }
    if (started < BULK_PARTS && !r->db_error) {
        snprintf(r->db_reason, sizeof r->db_reason, "cannot start a shard writer: %s", strerror(errno));
        r->db_error = 1;
    }
    /* Every shard, in order, merged into DIR/.bulk/out and moved into DIR. */
    char **srcs = NULL;
    size_t nsrc = 0;
    for (unsigned k = 0; k < reported && !r->db_error; k++) {
        char **v = realloc(srcs, (nsrc + rep[k].shards) * sizeof *v);
        if (!v) {
            snprintf(r->db_reason, sizeof r->db_reason, "out of memory");
            r->db_error = 1;
            break;
        }
        srcs = v;
        for (unsigned j = 0; j < rep[k].shards; j++) {
            shard_path(path, sizeof path, dir, k, j);
            srcs[nsrc++] = strdup(path);
            if (!srcs[nsrc - 1]) {
                snprintf(r->db_reason, sizeof r->db_reason, "out of memory");
                r->db_error = 1;
            }
        }
    }
    if (!r->db_error) {
        char *err = NULL, reason[IDX_REASON];
        snprintf(path, sizeof path, "%s/" REFERAT_BULK_DIR "/out", dir);
        if (xs_compact_many((const char *const *)srcs, nsrc, path, &err) != XS_OK) {
            snprintf(r->db_reason, sizeof r->db_reason, "merging the shards failed: %s",
                     err ? err : "out of memory");
            r->db_error = 1;
        } else if (store_tables(path, reason) != 0) {
            snprintf(r->db_reason, sizeof r->db_reason, "%s", reason);
            r->db_error = 1;
        } else if (idx_bulk_install(path, dir, reason) != 0) {
            snprintf(r->db_reason, sizeof r->db_reason, "%s", reason);
            r->db_error = 1;
        }
        free(err);
    }
    for (size_t i = 0; i < nsrc; i++)
        free(srcs[i]);
    free(srcs);
    /* Nothing was installed when a step failed: DIR is as empty as it
     * was, and the summary says so (run_back_to_committed). */
    idx_bulk_clean(dir);
    return 0;
}

/* 1 when this run should be a first build in shards: DIR holds no
 * database, there are two cores, and the input is large; L then holds
 * the walk of ROOTS.  -1 when out of memory. */
static int want_bulk(run_t *r, const char *dir, char **roots, int nroots, walk_list_t *l)
{
    if (idx_has_database(dir) || r->threads < 2)
        return 0;
    for (int i = 0; i < nroots && !l->oom; i++) {
        char *abs = run_readable_root(roots[i]);
        if (abs)
            idx_walk(roots[i], dir, collect, l);
        free(abs);
    }
    if (l->oom)
        return -1;
    const char *env = referat_test_env("REFERAT_BULK_MIN_BYTES");
    double min = env ? atof(env) : IDX_BULK_MIN_BYTES;
    return l->bytes >= min && l->bytes > 0;
}

int run_first_build(run_t *r, const char *dir, char **roots, int nroots, int *rc)
{
    walk_list_t walked = { 0 };
    int bulk = want_bulk(r, dir, roots, nroots, &walked);
    if (bulk > 0) {
        r->opened = 1;
        *rc = run_bulk(r, dir, roots, nroots, &walked);
    }
    walk_list_free(&walked);
    if (bulk < 0) {
        fprintf(stderr, "%s: out of memory\n", prog);
        *rc = EXIT_IOERR;
    }
    return bulk != 0;
}
