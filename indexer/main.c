/* referat-index - index minutes files into a referat passage index.
 *
 *   referat-index --db DIR PATH...
 *
 * Like omindex: parse options, open the index once, add every file, commit,
 * close, and turn the outcome into an exit code.  Each file is replaced
 * atomically (see write.c); the index is committed every COMMIT_EVERY
 * files and at the end, so an interrupted run keeps what it committed.
 *
 * Exit codes: 0 all files indexed (or skipped as unsupported/empty, or
 * failed in an earlier run and unchanged since); 1 some files could not be
 * indexed, or a root lost too many files to remove them (the rest were
 * indexed); 2 usage error, or an index directory that is not one;
 * 74 the index could not be written; 75 another process is writing the
 * index (try again later).
 */
#include "idx.h"

#include "analysis/lexicon.h"
#include "schema.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define EXIT_FILES_FAILED 1
#define EXIT_USAGE 2
#define EXIT_IOERR 74
#define EXIT_TEMPFAIL 75

/* Files between commits: bounds the work lost to a crash. */
#define COMMIT_EVERY 200

static const char *prog = "referat-index";

/* What a run has written: counted as it goes, and as of its last commit,
 * which is all a run that fails afterwards leaves in the index. */
typedef struct {
    unsigned files, passages, added, updated, removed, reused;
    double bytes;
    unsigned junk_runs, junk_files; /* encoded data left out (psg_blank_junk) */
    double junk_bytes;
} tally_t;

typedef struct {
    xs_db_t *db;
    ana_t *ana;
    int verbose;
    unsigned files, passages, skipped, failed, since_commit;
    unsigned added, updated, removed, unchanged, reused;
    unsigned failed_before; /* unchanged files that failed in an earlier run (not retried) */
    unsigned held;          /* roots that lost too many files to remove them (prune_roots) */
    unsigned junk_runs, junk_files; /* encoded data left out (psg_blank_junk) */
    double junk_bytes;
    int full, quiet, ocr, allow_shrink, retry_failed;
    int upgrade;           /* the index is of an older format: see open_index */
    int opened;            /* the index was opened (or a first build started): a summary follows */
    tally_t committed;     /* the counts below as of the last commit */
    idx_seen_t seen;       /* every file met in this run */
    idx_seen_t blocked;    /* paths that could not be read: nothing under them is removed */
    idx_seen_t roots;      /* the roots walked, absolute */
    idx_progress_t *progress; /* NULL unless standard error is a terminal */
    double file_bytes;     /* size of the file just visited (progress) */
    unsigned commits;      /* made so far in this run */
    int threads;           /* 2: analyse on a worker thread (worker.c); 1: here */
    idx_worker_t *worker;  /* started with the first file to analyse */
    ana_lexicon_t *lex;    /* loaded on first use */
    unsigned commit_every; /* COMMIT_EVERY, or REFERAT_COMMIT_EVERY for the crash tests */
    const char *dir;       /* the index directory, never indexed itself */
    int lex_loaded;
    double bytes;
    int db_error;       /* a write to the index failed: stop */
    char db_reason[IDX_REASON * 8]; /* path + reason */
    /* A shard writer of a first build (bulk.c) writes shard after shard
     * into DIR/.bulk; PARTS is 0 otherwise. */
    unsigned part, parts, shards;
    double shard_start;    /* BYTES when the current shard was started */
    double shard_bytes;    /* IDX_BULK_SHARD_BYTES, or REFERAT_BULK_SHARD_BYTES for the tests */
    int progress_fd;       /* a shard writer's pipe to the parent's progress line, or -1 */
} run_t;

/* A message during the run: erases the progress line first. */
static void say(run_t *r, FILE *out, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void say(run_t *r, FILE *out, const char *fmt, ...)
{
    idx_progress_clear(r->progress);
    /* A shard writer's line erases the parent's progress line first. */
    if (r->progress_fd >= 0)
        fputs("\r\033[K", stderr);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(out, fmt, ap);
    va_end(ap);
}

/* Prints TEXT to OUT wrapped at spaces into lines of at most 79 bytes. */
static void print_wrapped(FILE *out, const char *text)
{
    size_t col = 0;
    while (*text) {
        size_t w = strcspn(text, " ");
        if (col > 0 && col + 1 + w > 79) {
            fputc('\n', out);
            col = 0;
        } else if (col > 0) {
            fputc(' ', out);
            col++;
        }
        fwrite(text, 1, w, out);
        col += w;
        text += w;
        text += *text == ' ';
    }
    fputc('\n', out);
}

static void usage(FILE *out)
{
    /* The formats come from their table (source.c). */
    char list[512], line[600];
    idx_formats_describe(list, sizeof list, 1);
    snprintf(line, sizeof line, "Index minutes (%s; directories are walked recursively)", list);
    fprintf(out, "Usage: %s --db DIR [--verbose] PATH...\n", prog);
    print_wrapped(out, line);
    fprintf(out,
            "into the passage index DIR, creating it if needed.  A rerun re-analyses\n"
            "only new and changed files and removes the passages of files that are\n"
            "gone from the walked paths (a missing or unreadable path removes nothing,\n"
            "nor does one that lost every file or most of them: see --allow-shrink).\n"
            "\n"
            "  --db DIR      the index directory (required): new, empty or an index,\n"
            "                outside the paths indexed\n"
            "  -v, --verbose name each file as it is indexed or removed, and the\n"
            "                encoded data left out of it\n"
            "  -f, --full    re-analyse every file, changed or not\n"
            "  -q, --quiet   print only what needs a person (for cron)\n"
            "      --wait SECONDS  wait for another indexer to finish instead of exiting 75\n"
            "      --ocr     read image-only (scanned) PDFs with tesseract (slow; Debian\n"
            "                tesseract-ocr-nor, tesseract-ocr-dan)\n"
            "      --allow-shrink  remove the files gone from a path even when that is all\n"
            "                of them, or more than half and at least %d\n"
            "      --retry-failed  try again files that failed before and are unchanged\n"
            "  -h, --help    show this help\n"
            "      --version show the version\n"
            "\n"
            "Exit status: 0 all indexed (or skipped as unsupported or empty, or failed\n"
            "in an earlier run and unchanged); 1 some files failed, or a path was\n"
            "missing or lost too many files (the rest were indexed); 2 usage error\n"
            "(or an index directory that is not one); 74 the index could not be\n"
            "written, e.g. a full disk (the last committed index is intact); 75 another\n"
            "indexer holds the index (try later, or --wait).\n",
            IDX_SHRINK_MIN);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Fault injection for tests/e2e/crash.sh: REFERAT_TEST_KILL="before:N"
 * or "after:N" kills the process with SIGKILL just before or just after
 * its Nth commit, so the crash test hits the first commit exactly instead
 * of by timing. */
static void kill_point(run_t *r, const char *when)
{
    const char *spec = getenv("REFERAT_TEST_KILL");
    size_t n = strlen(when);
    if (spec && strncmp(spec, when, n) == 0 && spec[n] == ':' &&
        (unsigned)atoi(spec + n + 1) == r->commits + 1)
        raise(SIGKILL);
}

static xs_status_t commit(run_t *r)
{
    kill_point(r, "before");
    /* The time goes in with the commit, so a reader sees when what it
     * reads was written (referat-serve's /api/health). */
    char stamp[32];
    time_t t = time(NULL);
    struct tm tm;
    strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&t, &tm));
    xs_status_t st = xs_db_set_metadata(r->db, REFERAT_LAST_RUN_KEY, stamp);
    if (st == XS_OK)
        st = xs_db_commit(r->db);
    if (st == XS_OK) {
        kill_point(r, "after");
        r->commits++;
        r->committed = (tally_t){ r->files, r->passages, r->added, r->updated, r->removed, r->reused,
                                  r->bytes, r->junk_runs, r->junk_files, r->junk_bytes };
    }
    return st;
}

/* A write or commit failed: the counts go back to what the last commit
 * saved, so that the summary says what the index holds. */
static void back_to_committed(run_t *r)
{
    const tally_t *c = &r->committed;
    r->files = c->files;
    r->passages = c->passages;
    r->added = c->added;
    r->updated = c->updated;
    r->removed = c->removed;
    r->reused = c->reused;
    r->bytes = c->bytes;
    r->junk_runs = c->junk_runs;
    r->junk_files = c->junk_files;
    r->junk_bytes = c->junk_bytes;
}

/* The last commit failed with DB's error: said once the run ends. */
static void commit_failed(run_t *r)
{
    snprintf(r->db_reason, sizeof r->db_reason, "commit failed: %s (%u file%s indexed since the last "
             "commit not saved; run again)", xs_db_error(r->db), r->since_commit, idx_s(r->since_commit));
    r->db_error = 1;
}

static int open_shard(run_t *r);

/* Commits every COMMIT_EVERY changed files; a shard writer then starts a
 * new shard once this one holds IDX_BULK_SHARD_BYTES of text.  Returns
 * nonzero on failure. */
static int maybe_commit(run_t *r)
{
    if (++r->since_commit < r->commit_every)
        return 0;
    if (commit(r) != XS_OK) {
        commit_failed(r);
        return 1;
    }
    r->since_commit = 0;
    if (r->parts && r->bytes - r->shard_start >= r->shard_bytes)
        return open_shard(r);
    return 0;
}

static void block(run_t *r, const char *path)
{
    char *abs = realpath(path, NULL);
    idx_seen_add(&r->blocked, abs ? abs : path);
    free(abs);
}

/* Cancelling a file's transaction discards every change since the last
 * commit (Xapian's unflushed transactions), and a failed write means the
 * index itself is in trouble: stop, and say which files must be indexed
 * again.  Returns 1 (stop the walk). */
static int write_failed(run_t *r, const char *path, const char *reason)
{
    snprintf(r->db_reason, sizeof r->db_reason, "%s: %s (%u file%s indexed since the last commit "
             "not saved; run again)", path, reason, r->since_commit, idx_s(r->since_commit));
    r->failed += r->since_commit + 1;
    r->db_error = 1;
    return 1;
}

/* 1 when PATH no longer exists: a file deleted while the run was reading
 * it (or after the walk listed it) is gone, not failed.  Said unless
 * --quiet; what the index holds of it is removed by the next run. */
static int vanished(run_t *r, const char *path)
{
    struct stat st;
    if (lstat(path, &st) == 0 || (errno != ENOENT && errno != ENOTDIR))
        return 0;
    if (!r->quiet)
        say(r, stderr, "%s: %s: gone (deleted during the run)\n", prog, path);
    return 1;
}

/* PATH (version NOW) could not be indexed for REASON.  The old passages,
 * if any, stay: a file that cannot be read now is not a file that is
 * gone.  The failure is remembered so an unchanged file is not retried. */
static int file_failed(run_t *r, const char *path, const idx_stamp_t *now, const char *reason)
{
    say(r, stderr, "%s: %s: %s\n", prog, path, reason);
    r->failed++;
    if (idx_failure_set(r->db, path, now, reason) != XS_OK) {
        snprintf(r->db_reason, sizeof r->db_reason, "%s: %s", path, xs_db_error(r->db));
        r->db_error = 1;
        return 1;
    }
    return 0;
}

/* A file handed to analysis, and what is needed to write it afterwards. */
typedef struct {
    char *path;
    idx_stamp_t now;
    int known;
} pending_t;

static void pending_free(void *p)
{
    pending_t *job = p;
    if (job)
        free(job->path);
    free(job);
}

/* PATH (version NOW) has just had its PASSAGES written: records it and
 * its contents, counts it, and commits when a batch is full.  Returns 1
 * to stop the walk. */
static int file_written(run_t *r, const char *path, const idx_stamp_t *now, int known,
                        uint32_t passages)
{
    if (idx_record_set(r->db, path, now) != XS_OK || idx_content_set(r->db, path, now) != XS_OK) {
        char reason[IDX_REASON];
        snprintf(reason, sizeof reason, "cannot record the file: %s", xs_db_error(r->db));
        return write_failed(r, path, reason);
    }
    if (known)
        r->updated++;
    else
        r->added++;
    r->files++;
    r->passages += passages;
    return maybe_commit(r);
}

/* Writes an analysed file (PF, or the failure RC/REASON of its analysis)
 * with its record; frees JOB and PF. */
static int finish_file(run_t *r, pending_t *job, idx_prepared_t *pf, int rc, char *reason)
{
    const char *path = job->path;
    int stop;
    if (rc == IDX_WRITE_NOT_TEXT) {
        stop = file_failed(r, path, &job->now, reason);
    } else {
        if (rc == 0)
            rc = idx_write_prepared(r->db, pf, reason);
        if (rc != 0) {
            stop = write_failed(r, path, reason);
        } else {
            const idx_file_stats_t *stats = idx_prepared_stats(pf);
            if (r->verbose)
                say(r, stdout, "%s: %u passage%s, %s\n", path, stats->passages, idx_s(stats->passages),
                    ana_lang_code(stats->lang));
            /* Counted for the summary; named with --verbose only, since
             * nothing a person must act on was lost (docs/cron.md). */
            if (stats->junk_runs > 0) {
                r->junk_runs += stats->junk_runs;
                r->junk_bytes += (double)stats->junk_bytes;
                r->junk_files++;
                if (r->verbose)
                    say(r, stdout, "%s: %u run%s of encoded or binary-looking data left out (%llu byte%s)\n",
                        path, stats->junk_runs, idx_s(stats->junk_runs),
                        (unsigned long long)stats->junk_bytes, idx_s((double)stats->junk_bytes));
            }
            r->bytes += (double)idx_prepared_text_len(pf);
            stop = file_written(r, path, &job->now, job->known, stats->passages);
        }
    }
    idx_prepared_free(pf);
    pending_free(job);
    return stop;
}

/* Indexes one regular file found by the walk, unless the index already
 * has this version of it. */
static int visit_file(run_t *r, const char *path)
{
    char reason[IDX_REASON];
    struct stat st;
    if (stat(path, &st) != 0) {
        int e = errno;
        if (!vanished(r, path)) {
            say(r, stderr, "%s: %s: %s\n", prog, path, strerror(e));
            r->failed++;
        }
        block(r, path);
        return 0;
    }
    r->file_bytes = (double)st.st_size;
    if (idx_seen_add(&r->seen, path) < 0) {
        snprintf(r->db_reason, sizeof r->db_reason, "out of memory");
        r->db_error = 1;
        return 1;
    }
    idx_stamp_t now, old;
    idx_stamp_of(&st, &now);
    int known = idx_record_get(r->db, path, &old) == 0;
    if (known && !r->full && idx_stamp_same(&now, &old)) {
        r->unchanged++;
        return 0;
    }
    /* A file that failed is not tried again until it changes (a hung or
     * crashing converter would otherwise cost every nightly run), nor
     * named again: the run it failed in said so, and a nightly mail must
     * mean something new.  The summary counts it. */
    char failed_before[IDX_REASON];
    /* ... except a scan that failed for want of OCR, now that --ocr asks
     * for it, and every one when --retry-failed asks. */
    if (!r->full && !r->retry_failed && idx_failure_get(r->db, path, &now, failed_before) == 0 &&
        !(r->ocr && strstr(failed_before, "needs OCR"))) {
        if (r->verbose)
            say(r, stdout, "%s: failed before, unchanged since (not retried): %s\n", path,
                failed_before);
        r->failed_before++;
        return 0;
    }
    idx_source_t src;
    idx_read_opts_t opts = { r->ocr };
    int rc = idx_source_read(path, &opts, &src, reason);
    if (rc > 0) {
        if (!r->quiet)
            say(r, stderr, "%s: skipping %s: %s\n", prog, path, reason);
        r->skipped++;
        return 0;
    }
    if (rc < 0)
        return vanished(r, path) ? 0 : file_failed(r, path, &now, reason);
    idx_failure_clear(r->db, path);
    if (src.invalid > 0 && !r->quiet)
        say(r, stderr, "%s: %s: invalid UTF-8: %zu byte%s replaced (the first at byte %zu); "
            "the rest is indexed\n", prog, path, src.invalid, idx_s(src.invalid), src.first_invalid);
    now.crc = idx_checksum(src.text, src.len);
    if (known && !r->full && now.crc == old.crc) {
        /* Touched or copied back: same contents, nothing to analyse. */
        idx_source_clear(&src);
        r->unchanged++;
        if (idx_record_set(r->db, path, &now) != XS_OK) {
            snprintf(r->db_reason, sizeof r->db_reason, "%s: %s", path, xs_db_error(r->db));
            r->db_error = 1;
            return 1;
        }
        return maybe_commit(r);
    }
    /* A new path with contents indexed under another (a rename, a move,
     * a copy): copy those passages instead of analysing again. */
    char *twin = known || r->full ? NULL : idx_content_find(r->db, path, &now);
    if (twin) {
        uint32_t copied = 0;
        rc = idx_reuse_file(r->db, twin, path, &src, &copied, reason);
        if (rc < 0) {
            free(twin);
            idx_source_clear(&src);
            return write_failed(r, path, reason);
        }
        if (rc == 0) {
            if (r->verbose)
                say(r, stdout, "%s: %u passage%s, copied from %s (same contents)\n", path, copied,
                    idx_s(copied), twin);
            free(twin);
            idx_source_clear(&src);
            r->reused++;
            return file_written(r, path, &now, 0, copied);
        }
        free(twin);
    }
    if (!r->lex_loaded) {
        r->lex_loaded = 1;
        /* Without the lists referat still indexes, with fewer repairs. */
        if (ana_lexicon_load_default(r->lex) <= 0)
            say(r, stderr, "%s: no word lists found (install wnorwegian and wdanish); "
                            "fewer repairs of broken and damaged words\n", prog);
        ana_set_lexicon(r->ana, r->lex);
    }
    pending_t *job = malloc(sizeof *job);
    if (!job || !(job->path = strdup(path))) {
        free(job);
        idx_source_clear(&src);
        return write_failed(r, path, "out of memory");
    }
    job->now = now;
    job->known = known;
    if (r->threads > 1 && !r->worker && !(r->worker = idx_worker_new(r->lex)))
        r->threads = 1; /* no thread: analyse here */
    if (!r->worker) {
        idx_prepared_t *pf = NULL;
        rc = idx_prepare_file(r->ana, path, &src, &pf, reason);
        idx_source_clear(&src);
        return finish_file(r, job, pf, rc, reason);
    }
    /* Take the previous file's documents, give the worker this file, and
     * write the previous one while the worker analyses. */
    idx_prepared_t *prev = NULL;
    void *tag = NULL;
    int had = idx_worker_take(r->worker, &prev, &rc, reason, &tag);
    if (idx_worker_submit(r->worker, path, &src, job) != 0) {
        idx_source_clear(&src);
        pending_free(job);
        if (had) {
            idx_prepared_free(prev);
            pending_free(tag);
        }
        return write_failed(r, path, "out of memory");
    }
    return had ? finish_file(r, tag, prev, rc, reason) : 0;
}

/* Writes what the worker still holds (before removing files that are
 * gone and before the last commit). */
static void flush_worker(run_t *r)
{
    idx_prepared_t *pf = NULL;
    void *tag = NULL;
    int rc;
    char reason[IDX_REASON];
    if (r->worker && idx_worker_take(r->worker, &pf, &rc, reason, &tag)) {
        if (r->db_error) {
            idx_prepared_free(pf);
            pending_free(tag);
        } else {
            finish_file(r, tag, pf, rc, reason);
        }
    }
}

static int visit(void *ctx, idx_visit_t what, const char *path, const char *why)
{
    run_t *r = ctx;
    if (what == IDX_SKIP) {
        if (!r->quiet)
            say(r, stderr, "%s: skipping %s: %s\n", prog, path, why);
        r->skipped++;
        return 0;
    }
    if (what == IDX_FAIL) {
        /* Gone or not, nothing under PATH is removed in this run. */
        if (!vanished(r, path)) {
            say(r, stderr, "%s: %s: %s\n", prog, path, why);
            r->failed++;
        }
        block(r, path);
        return 0;
    }
    r->file_bytes = 0;
    int stop = visit_file(r, path);
    idx_progress_step(r->progress, r->file_bytes);
    if (r->progress_fd >= 0) {
        ssize_t n = write(r->progress_fd, &r->file_bytes, sizeof r->file_bytes);
        (void)n; /* a lost tick only makes the line lag */
    }
    return stop;
}

/* The counting walk before a run shown with progress: files and bytes. */
typedef struct {
    unsigned files;
    double bytes;
} count_t;

static int count_file(void *ctx, idx_visit_t what, const char *path, const char *why)
{
    count_t *c = ctx;
    struct stat st;
    (void)why;
    if (what == IDX_FILE && stat(path, &st) == 0) {
        c->files++;
        c->bytes += (double)st.st_size;
    }
    return 0;
}

static void on_removed(void *ctx, const char *path)
{
    run_t *r = ctx;
    r->removed++;
    if (r->verbose)
        say(r, stdout, "%s: removed (the file is gone)\n", path);
}

/* Walks ROOT and remembers it for prune_roots() -- unless ROOT itself
 * could not be read: a vanished or unreadable root (an unmounted share)
 * deletes nothing. */
static char *readable_root(const char *root)
{
    struct stat st;
    char *abs = realpath(root, NULL);
    if (abs && stat(abs, &st) == 0 &&
        (S_ISREG(st.st_mode) || (S_ISDIR(st.st_mode) && access(abs, R_OK | X_OK) == 0)))
        return abs;
    int e = errno ? errno : ENOENT;
    free(abs);
    errno = e;
    return NULL;
}

/* ROOT's absolute path (malloc()ed) when it can be walked; else NULL,
 * said and counted as a failure. */
static char *walkable_root(run_t *r, const char *root)
{
    char *abs = readable_root(root);
    if (!abs) {
        say(r, stderr, "%s: %s is missing or unreadable (%s); nothing indexed under it was removed\n",
                prog, root, strerror(errno));
        r->failed++;
    }
    return abs;
}

static void index_root(run_t *r, const char *root)
{
    char *abs = walkable_root(r, root);
    if (!abs)
        return;
    idx_walk(root, r->dir, visit, r);
    if (idx_seen_add(&r->roots, abs) < 0) {
        snprintf(r->db_reason, sizeof r->db_reason, "out of memory");
        r->db_error = 1;
    }
    free(abs);
}

/* Removes what the index holds under the walked roots that the walks no
 * longer found.  Done after every root is walked, so a file moved from one
 * root to another is found at its new place (and copied, reuse.c) before
 * its old place is emptied. */
static void prune_roots(run_t *r)
{
    for (size_t i = 0; i < r->roots.n && !r->db_error; i++) {
        idx_shrink_t shrink;
        const char *root = r->roots.paths[i];
        xs_status_t st = idx_prune(r->db, root, &r->seen, &r->blocked, r->allow_shrink, &shrink,
                                   on_removed, r);
        if (st != XS_OK) {
            snprintf(r->db_reason, sizeof r->db_reason, "removing files that are gone: %s",
                     xs_db_error(r->db));
            r->db_error = 1;
        } else if (shrink.held) {
            /* Said even under --quiet: cron must mail it. */
            say(r, stderr, "%s: %s: %zu indexed files are gone, %zu found now; nothing removed "
                "(an unmounted share or a failed sync?  --allow-shrink removes them)\n", prog, root,
                shrink.gone, shrink.found);
            r->held++;
        }
    }
}

static int locked(const char *dir, unsigned wait_s)
{
    fprintf(stderr, "%s: index %s is being written by another process; try again later%s\n", prog,
            dir, wait_s ? " (waited)" : " (or use --wait SECONDS)");
    return EXIT_TEMPFAIL;
}

/* DIR's absolute path (malloc()ed), also when DIR does not exist yet but
 * its parent does; else NULL. */
static char *index_path(const char *dir)
{
    char *abs = realpath(dir, NULL);
    if (abs || errno != ENOENT)
        return abs;
    char *copy = strdup(dir);
    if (!copy)
        return NULL;
    size_t n = strlen(copy);
    while (n > 1 && copy[n - 1] == '/')
        copy[--n] = '\0';
    char *slash = strrchr(copy, '/');
    const char *base = slash ? slash + 1 : copy;
    if (slash)
        *slash = '\0';
    char *parent = realpath(!slash ? "." : slash == copy ? "/" : copy, NULL);
    size_t need = parent ? strlen(parent) + strlen(base) + 2 : 0;
    if (parent && (abs = malloc(need)))
        snprintf(abs, need, "%s/%s", strcmp(parent, "/") ? parent : "", base);
    free(parent);
    free(copy);
    return abs;
}

/* Refuses, before anything is written, an index directory that would mix
 * the index with the minutes: one that is (or lies inside, or holds) a
 * path being indexed, or an existing directory that holds other files.
 * Returns 0 or EXIT_USAGE (said). */
static int check_index_dir(const char *dir, char **roots, int nroots)
{
    idx_dir_t kind = idx_dir_kind(dir);
    if (kind == IDX_DIR_NOT_DIR) {
        fprintf(stderr, "%s: --db %s is not an index directory\n", prog, dir);
        return EXIT_USAGE;
    }
    static const char own_dir[] = "give the index a directory of its own outside the minutes";
    char *abs = index_path(dir);
    int rc = 0;
    for (int i = 0; abs && i < nroots && rc == 0; i++) {
        char *root = realpath(roots[i], NULL);
        if (root && strcmp(abs, root) == 0) {
            fprintf(stderr, "%s: index %s is the path being indexed; %s\n", prog, dir, own_dir);
            rc = EXIT_USAGE;
        } else if (root && idx_path_under(abs, root)) {
            fprintf(stderr, "%s: index %s lies inside %s, which is being indexed; %s\n", prog, dir,
                    roots[i], own_dir);
            rc = EXIT_USAGE;
        } else if (root && idx_path_under(root, abs)) {
            fprintf(stderr, "%s: %s lies inside the index %s; %s\n", prog, roots[i], dir, own_dir);
            rc = EXIT_USAGE;
        }
        free(root);
    }
    free(abs);
    if (rc == 0 && kind == IDX_DIR_OTHER) {
        fprintf(stderr, "%s: index %s is neither empty nor a referat index; give the index a new "
                "or empty directory\n", prog, dir);
        rc = EXIT_USAGE;
    }
    return rc;
}

/* Creates the index directory if need be and takes its lock (bulk.c),
 * waiting up to WAIT_S seconds for another indexer to finish. */
static int lock_index(const char *dir, unsigned wait_s)
{
    /* A new index directory is private: minutes may be confidential, and
     * cron's umask would leave it readable by all. */
    if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
        fprintf(stderr, "%s: cannot create index %s: %s\n", prog, dir, strerror(errno));
        return EXIT_IOERR;
    }
    double deadline = now() + wait_s;
    int fd, rc;
    while ((rc = idx_lock_dir(dir, &fd)) == 1 && now() < deadline) {
        struct timespec pause = { 0, 200 * 1000 * 1000 };
        nanosleep(&pause, NULL);
    }
    if (rc == 1)
        return locked(dir, wait_s);
    if (rc < 0) {
        fprintf(stderr, "%s: cannot lock index %s: %s\n", prog, dir, strerror(errno));
        return EXIT_IOERR;
    }
    return 0; /* FD stays open: the lock lasts until the process ends */
}

/* What a first build stopped before it finished left in DIR is built
 * again by this run. */
static void first_build_unfinished(run_t *r, const char *dir)
{
    if (!r->quiet)
        fprintf(stderr, "%s: the first build of %s had not finished; building it again\n", prog, dir);
}

/* Records this format in a new (or older-format) index. */
static int set_schema(xs_db_t *db, const char *dir)
{
    if (xs_db_set_metadata(db, REFERAT_SCHEMA_KEY, REFERAT_SCHEMA) != XS_OK) {
        fprintf(stderr, "%s: cannot write index %s: %s\n", prog, dir, xs_db_error(db));
        return EXIT_IOERR;
    }
    return 0;
}

/* A table of the index at DIR that is missing (xs_missing_table): one
 * whose contents every passage carries is written again as every file is
 * analysed again; without the others the index cannot be written.
 * Returns 0 or an exit code. */
static int check_tables(run_t *r, const char *dir)
{
    const char *table = xs_missing_table(dir);
    if (!table)
        return 0;
    if (!referat_table_rebuilt(table)) {
        fprintf(stderr, "%s: index %s is damaged: its table %s is missing; index its files into a "
                "new directory\n", prog, dir, table);
        return EXIT_IOERR;
    }
    fprintf(stderr, "%s: index %s is damaged: its table %s is missing; analysing every file again "
            "(as --full), which rebuilds it for the files given\n", prog, dir, table);
    r->full = 1;
    return 0;
}

/* Opens the index for writing and checks or records its schema version. */
static int open_index(run_t *r, const char *dir, unsigned wait_s)
{
    int rc = check_tables(r, dir);
    if (rc != 0)
        return rc;
    int existed = idx_has_database(dir);
    double deadline = now() + wait_s;
    xs_status_t st;
    for (;;) {
        st = xs_db_open(r->db, dir, XS_DB_CREATE);
        if (st != XS_LOCKED || now() >= deadline)
            break;
        /* A handle opens once: take a fresh one for the next try. */
        xs_db_free(r->db);
        if (!(r->db = xs_db_new())) {
            fprintf(stderr, "%s: out of memory\n", prog);
            return EXIT_IOERR;
        }
        struct timespec pause = { 0, 200 * 1000 * 1000 };
        nanosleep(&pause, NULL);
    }
    if (st == XS_LOCKED)
        return locked(dir, wait_s);
    if (st != XS_OK) {
        fprintf(stderr, "%s: cannot open index %s: %s\n", prog, dir, xs_db_error(r->db));
        return EXIT_IOERR;
    }
    char *schema = NULL;
    st = xs_db_get_metadata(r->db, REFERAT_SCHEMA_KEY, &schema);
    if (st != XS_OK) {
        fprintf(stderr, "%s: cannot read index %s: %s\n", prog, dir, xs_db_error(r->db));
        return EXIT_IOERR;
    }
    /* A new index: the key is written with the first commit, so a first
     * build stopped before it leaves a database without one.  One of an
     * older format (schema.h) keeps its key until every passage is
     * written in this one, so every file is analysed again
     * (finish_upgrade). */
    if (schema[0] == '\0') {
        if (existed)
            first_build_unfinished(r, dir);
        rc = set_schema(r->db, dir);
    } else if (referat_schema_older(schema)) {
        r->upgrade = 1;
        r->full = 1;
    } else if (strcmp(schema, REFERAT_SCHEMA) != 0) {
        fprintf(stderr, "%s: index %s has format %s, this referat writes format %s; "
                        "index into a new directory\n", prog, dir, schema, REFERAT_SCHEMA);
        rc = EXIT_IOERR;
    }
    free(schema);
    return rc;
}

/* Records this format in an index upgraded from an older one
 * (open_index) once every passage is written in it (TERM_FORMAT); until
 * then a passage of a file outside the paths given keeps the old one,
 * and the index the old format (search then reads it as such).  Returns
 * nonzero on failure. */
static int finish_upgrade(run_t *r)
{
    uint32_t docs = 0, done = 0;
    xs_status_t st = xs_db_doccount(r->db, &docs);
    if (st == XS_OK)
        st = xs_db_termfreq(r->db, TERM_FORMAT, &done);
    if (st == XS_OK && done < docs) {
        if (!r->quiet)
            fprintf(stderr, "%s: %u of %u passage%s in %s %s of the older format; index their "
                    "files too to finish the upgrade to format %s\n", prog, docs - done, docs,
                    idx_s(docs), r->dir, docs - done == 1 ? "is" : "are", REFERAT_SCHEMA);
        return 0;
    }
    if (st == XS_OK)
        st = xs_db_set_metadata(r->db, REFERAT_SCHEMA_KEY, REFERAT_SCHEMA);
    if (st == XS_OK)
        st = commit(r);
    if (st != XS_OK) {
        snprintf(r->db_reason, sizeof r->db_reason, "recording the format failed: %s", xs_db_error(r->db));
        r->db_error = 1;
        return 1;
    }
    return 0;
}

/* ---- A first build in shards (bulk.c) ---- */

/* The path of writer PART's shard N of a first build into DIR. */
static void shard_path(char *buf, size_t cap, const char *dir, unsigned part, unsigned n)
{
    snprintf(buf, cap, "%s/" REFERAT_BULK_DIR "/s%u-%u", dir, part, n);
}

/* Closes the shard being written (its last commit is made) and opens the
 * next, DIR/.bulk/s<part>-<n>.  Returns nonzero on failure. */
static int open_shard(run_t *r)
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
    if (xs_db_open(r->db, path, XS_DB_SCRATCH) != XS_OK ||
        xs_db_set_metadata(r->db, REFERAT_SCHEMA_KEY, REFERAT_SCHEMA) != XS_OK) {
        snprintf(r->db_reason, sizeof r->db_reason, "%.1024s: %s", path, xs_db_error(r->db));
        r->db_error = 1;
        return 1;
    }
    r->shards++;
    r->shard_start = r->bytes;
    return 0;
}

/* What a shard writer reports to the parent through a pipe. */
typedef struct {
    unsigned files, passages, skipped, failed, added, reused, shards, junk_runs, junk_files;
    double bytes, junk_bytes;
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
    r->db = NULL;
    if (open_shard(r) == 0) {
        for (size_t i = first; i < end && !r->db_error; i++)
            if (visit(r, l->v[i].what, l->v[i].path, l->v[i].why))
                break;
        flush_worker(r);
        idx_worker_free(r->worker);
        r->worker = NULL;
        if (!r->db_error && commit(r) != XS_OK)
            commit_failed(r);
        if (!r->db_error && xs_db_close(r->db) != XS_OK) {
            snprintf(r->db_reason, sizeof r->db_reason, "closing a shard failed: %s", xs_db_error(r->db));
            r->db_error = 1;
        }
    }
    shard_report_t rep;
    memset(&rep, 0, sizeof rep);
    rep.files = r->files;
    rep.passages = r->passages;
    rep.skipped = r->skipped;
    rep.failed = r->failed;
    rep.added = r->added;
    rep.reused = r->reused;
    rep.shards = r->shards;
    rep.bytes = r->bytes;
    rep.junk_runs = r->junk_runs;
    rep.junk_files = r->junk_files;
    rep.junk_bytes = r->junk_bytes;
    rep.db_error = r->db_error;
    memcpy(rep.db_reason, r->db_reason, sizeof rep.db_reason);
    ssize_t n = write(fd, &rep, sizeof rep);
    fflush(stdout);
    fflush(stderr);
    _exit(n == (ssize_t)sizeof rep ? 0 : 1);
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
        free(walkable_root(r, roots[i]));
    char path[4096];
    snprintf(path, sizeof path, "%s/" REFERAT_BULK_DIR, dir);
    if (mkdir(path, 0700) != 0) {
        fprintf(stderr, "%s: cannot create %s: %s\n", prog, path, strerror(errno));
        return EXIT_IOERR;
    }
    /* Loaded once, before the writers fork: they share its pages. */
    r->lex_loaded = 1;
    if (ana_lexicon_load_default(r->lex) <= 0)
        fprintf(stderr, "%s: no word lists found (install wnorwegian and wdanish); "
                        "fewer repairs of broken and damaged words\n", prog);
    ana_set_lexicon(r->ana, r->lex);
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
        r->files += rep[k].files;
        r->passages += rep[k].passages;
        r->skipped += rep[k].skipped;
        r->failed += rep[k].failed;
        r->added += rep[k].added;
        r->reused += rep[k].reused;
        r->bytes += rep[k].bytes;
        r->junk_runs += rep[k].junk_runs;
        r->junk_files += rep[k].junk_files;
        r->junk_bytes += rep[k].junk_bytes;
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
     * was, and the summary says so (back_to_committed). */
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
        char *abs = readable_root(roots[i]);
        if (abs)
            idx_walk(roots[i], dir, collect, l);
        free(abs);
    }
    if (l->oom)
        return -1;
    const char *env = getenv("REFERAT_BULK_MIN_BYTES");
    double min = env ? atof(env) : IDX_BULK_MIN_BYTES;
    return l->bytes >= min && l->bytes > 0;
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        { "db", required_argument, NULL, 'd' },
        { "verbose", no_argument, NULL, 'v' },
        { "full", no_argument, NULL, 'f' },
        { "quiet", no_argument, NULL, 'q' },
        { "wait", required_argument, NULL, 'w' },
        { "ocr", no_argument, NULL, 'o' },
        { "allow-shrink", no_argument, NULL, 'S' },
        { "retry-failed", no_argument, NULL, 'R' },
        { "help", no_argument, NULL, 'h' },
        { "version", no_argument, NULL, 'V' },
        { NULL, 0, NULL, 0 },
    };
    const char *dir = NULL;
    unsigned wait_s = 0;
    run_t r;
    memset(&r, 0, sizeof r);
    int c;
    while ((c = getopt_long(argc, argv, "d:vfqh", opts, NULL)) != -1) {
        switch (c) {
        case 'd': dir = optarg; break;
        case 'v': r.verbose = 1; break;
        case 'f': r.full = 1; break;
        case 'q': r.quiet = 1; break;
        case 'o': r.ocr = 1; break;
        case 'S': r.allow_shrink = 1; break;
        case 'R': r.retry_failed = 1; break;
        case 'w': {
            char *end;
            long v = strtol(optarg, &end, 10);
            if (*end || end == optarg || v < 0 || v > 86400) {
                fprintf(stderr, "%s: --wait takes seconds (0 to 86400), not '%s'\n", prog, optarg);
                return EXIT_USAGE;
            }
            wait_s = (unsigned)v;
            break;
        }
        case 'h': usage(stdout); return 0;
        case 'V': printf("%s %s\n", prog, PACKAGE_VERSION); return 0;
        default: usage(stderr); return EXIT_USAGE;
        }
    }
    if (!dir || !*dir) {
        fprintf(stderr, "%s: --db DIR is required\n", prog);
        usage(stderr);
        return EXIT_USAGE;
    }
    if (optind >= argc) {
        fprintf(stderr, "%s: no PATH to index\n", prog);
        usage(stderr);
        return EXIT_USAGE;
    }

    /* A file-size limit (ulimit -f) must fail a write, not kill us
     * halfway: then the write error is reported and the last commit kept. */
    signal(SIGXFSZ, SIG_IGN);
    double t0 = now();
    r.dir = dir;
    /* Both cores: analysis beside writing, unless there is one core or
     * REFERAT_THREADS=1 asks for one thread. */
    const char *th = getenv("REFERAT_THREADS");
    r.threads = th && atoi(th) == 1 ? 1 : sysconf(_SC_NPROCESSORS_ONLN) > 1 ? 2 : 1;
    const char *ce = getenv("REFERAT_COMMIT_EVERY");
    r.commit_every = ce && atoi(ce) > 0 ? (unsigned)atoi(ce) : COMMIT_EVERY;
    const char *sb = getenv("REFERAT_BULK_SHARD_BYTES");
    r.shard_bytes = sb && atof(sb) > 0 ? atof(sb) : IDX_BULK_SHARD_BYTES;
    r.progress_fd = -1;
    r.ana = ana_new();
    r.db = xs_db_new();
    /* The word lists that make repairs safe (lexicon.h) are loaded when
     * the first file needs analysing: a nightly run with nothing new
     * never pays for them. */
    ana_lexicon_t *lex = ana_lexicon_new();
    r.lex = lex;
    if (!r.ana || !r.db || !lex) {
        fprintf(stderr, "%s: out of memory (or libstemmer lacks Norwegian/Danish)\n", prog);
        ana_free(r.ana);
        xs_db_free(r.db);
        ana_lexicon_free(lex);
        return EXIT_IOERR;
    }
    int rc = check_index_dir(dir, argv + optind, argc - optind);
    if (rc == 0)
        rc = lock_index(dir, wait_s);
    if (rc == 0) {
        /* What a crashed first build left; then, for a large first build,
         * shards. */
        if (idx_bulk_clean(dir))
            first_build_unfinished(&r, dir);
        walk_list_t walked = { 0 };
        int bulk = want_bulk(&r, dir, argv + optind, argc - optind, &walked);
        if (bulk > 0) {
            r.opened = 1;
            rc = run_bulk(&r, dir, argv + optind, argc - optind, &walked);
        }
        walk_list_free(&walked);
        if (bulk < 0) {
            fprintf(stderr, "%s: out of memory\n", prog);
            rc = EXIT_IOERR;
        }
        if (bulk != 0)
            goto report;
    }
    if (rc == 0 && (rc = open_index(&r, dir, wait_s)) == 0)
        r.opened = 1;
    /* On a terminal, a progress line; its totals cost one walk of stats
     * first (cheap beside reading the files). */
    if (rc == 0 && !r.quiet && isatty(STDERR_FILENO) && (r.progress = idx_progress_new(stderr))) {
        for (int i = optind; i < argc; i++) {
            count_t c = { 0, 0 };
            idx_walk(argv[i], dir, count_file, &c);
            idx_progress_add_total(r.progress, c.files, c.bytes);
        }
    }
    for (int i = optind; rc == 0 && i < argc && !r.db_error; i++)
        index_root(&r, argv[i]);
    flush_worker(&r);
    idx_worker_free(r.worker);
    r.worker = NULL;
    if (rc == 0 && !r.db_error)
        prune_roots(&r);
    if (rc == 0 && !r.db_error && commit(&r) != XS_OK)
        commit_failed(&r);
    if (rc == 0 && !r.db_error && r.upgrade)
        finish_upgrade(&r);
    idx_progress_free(r.progress);
    r.progress = NULL;
    xs_status_t cst = xs_db_close(r.db);
    if (rc == 0 && !r.db_error && cst != XS_OK) {
        fprintf(stderr, "%s: closing index %s failed: %s\n", prog, dir, xs_db_error(r.db));
        rc = EXIT_IOERR;
    }
report:
    if (rc == 0 && r.db_error) {
        fprintf(stderr, "%s: index %s: %s; the index keeps what was committed before\n", prog, dir,
                r.db_reason);
        rc = EXIT_IOERR;
    }
    xs_db_free(r.db);
    ana_free(r.ana);
    ana_lexicon_free(lex);
    /* After a failed write, what the last commit saved. */
    if (r.db_error)
        back_to_committed(&r);
    if ((rc == 0 || (rc == EXIT_IOERR && r.opened)) && !r.quiet) {
        /* "copied": added files whose passages came from an identical
         * indexed file (renames, moves, copies), not from analysis. */
        printf("%s: %u added, %u updated, %u removed, %u unchanged, %u failed, %u skipped, %u copied; "
               "%u passage%s, %.2f MB, %.2f s\n", prog, r.added, r.updated, r.removed, r.unchanged,
               r.failed, r.skipped, r.reused, r.passages, idx_s(r.passages), r.bytes / (1024.0 * 1024.0),
               now() - t0);
        if (r.failed_before > 0)
            printf("%s: failed before and unchanged since: %u (not retried; --retry-failed tries them "
                   "again)\n", prog, r.failed_before);
        if (r.junk_runs > 0)
            printf("%s: left out %u run%s of encoded or binary-looking data (%.0f byte%s) in %u file%s%s\n",
                   prog, r.junk_runs, idx_s(r.junk_runs), r.junk_bytes, idx_s(r.junk_bytes), r.junk_files,
                   idx_s(r.junk_files), r.verbose ? "" : "; --verbose names them");
    }
    idx_seen_free(&r.seen);
    idx_seen_free(&r.blocked);
    idx_seen_free(&r.roots);
    if (rc == 0 && (r.failed > 0 || r.held > 0))
        rc = EXIT_FILES_FAILED;
    return rc;
}
