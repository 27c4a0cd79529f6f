/* update.c - referat-index's per-file update policy: for each file the
 * walk finds, whether the index already has this version (nothing to
 * do), the same contents under another path (a copy of its passages), or
 * needs it analysed (on the worker thread, worker.c) and written; what
 * failed, vanished or was skipped; commits every COMMIT_EVERY files; and
 * the removal of files gone from the walked roots (run.h). */
#include "run.h"

#include "analysis/lexicon.h"
#include "query/acrotab.h"
#include "schema.h"
#include "testhook.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

void run_say(run_t *r, FILE *out, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void run_say(run_t *r, FILE *out, const char *fmt, ...)
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

void run_load_words(run_t *r)
{
    if (r->lex_loaded)
        return;
    r->lex_loaded = 1;
    /* Without the lists referat still indexes, with fewer repairs. */
    if (ana_lexicon_load_default(r->lex) <= 0)
        run_say(r, stderr, "%s: no word lists found (install wnorwegian and wdanish); "
                           "fewer repairs of broken and damaged words\n", prog);
    ana_set_lexicon(r->ana, r->lex);
}

/* Fault injection for tests/e2e/crash.sh (a test hook, testhook.h):
 * REFERAT_TEST_KILL="before:N" or "after:N" kills the process with
 * SIGKILL just before or just after its Nth commit, so the crash test
 * hits the first commit exactly instead of by timing. */
static void kill_point(run_t *r, const char *when)
{
    const char *spec = referat_test_env("REFERAT_TEST_KILL");
    size_t n = strlen(when);
    if (spec && strncmp(spec, when, n) == 0 && spec[n] == ':' &&
        (unsigned)atoi(spec + n + 1) == r->commits + 1)
        raise(SIGKILL);
}

xs_status_t run_commit(run_t *r, int last)
{
    kill_point(r, "before");
    /* The time goes in with the commit, so a reader sees when what it
     * reads was written (referat-serve's /api/health). */
    char stamp[32];
    time_t t = time(NULL);
    struct tm tm;
    strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&t, &tm));
    xs_status_t st = xs_db_set_metadata(r->db, REFERAT_LAST_RUN_KEY, stamp);
    /* The learned names' table goes in with the names it holds; a shard
     * of a first build has none (the merged index gets it: shards.c). */
    if (st == XS_OK && r->parts == 0)
        st = qry_acronyms_store(r->db);
    if (st == XS_OK)
        st = xs_db_commit(r->db);
    if (st == XS_OK)
        r->committed = r->counts.written;
    /* The runs of each file's passages, which the meeting counts read
     * (schema.h), at the run's end: read from what was just committed,
     * stamped with its time, and committed with no passage.  Read before
     * the commit, the values still pending would be written out by
     * Xapian's value stream itself, which cannot report a failed write
     * (a full disk ended the process).  Should this second commit fail,
     * the stamp no longer matches and readers count without the runs. */
    if (st == XS_OK && r->parts == 0 && last) {
        st = xs_db_store_value_runs(r->db, SLOT_FILEID, REFERAT_MEETING_RUNS_KEY, REFERAT_LAST_RUN_KEY);
        if (st == XS_OK)
            st = xs_db_commit(r->db);
    }
    if (st == XS_OK) {
        kill_point(r, "after");
        r->commits++;
    }
    return st;
}

void idx_counts_add(idx_counts_t *to, const idx_counts_t *from)
{
    idx_written_t *t = &to->written;
    const idx_written_t *f = &from->written;
    t->files += f->files;
    t->passages += f->passages;
    t->added += f->added;
    t->updated += f->updated;
    t->removed += f->removed;
    t->reused += f->reused;
    t->bytes += f->bytes;
    t->junk_runs += f->junk_runs;
    t->junk_files += f->junk_files;
    t->junk_bytes += f->junk_bytes;
    to->skipped += from->skipped;
    to->failed += from->failed;
    to->unchanged += from->unchanged;
    to->failed_before += from->failed_before;
    to->held += from->held;
}

/* A write or commit failed: the counts go back to what the last commit
 * saved, so that the summary says what the index holds. */
void run_back_to_committed(run_t *r)
{
    r->counts.written = r->committed;
}

/* The last commit failed with DB's error: said once the run ends. */
void run_commit_failed(run_t *r)
{
    snprintf(r->db_reason, sizeof r->db_reason, "commit failed: %s (%u file%s indexed since the last "
             "commit not saved; run again)", xs_db_error(r->db), r->since_commit, idx_s(r->since_commit));
    r->db_error = 1;
}

int run_open_shard(run_t *r);

/* Commits every COMMIT_EVERY changed files; a shard writer then starts a
 * new shard once this one holds IDX_BULK_SHARD_BYTES of text.  Returns
 * nonzero on failure. */
static int maybe_commit(run_t *r)
{
    if (++r->since_commit < r->commit_every)
        return 0;
    if (run_commit(r, 0) != XS_OK) {
        run_commit_failed(r);
        return 1;
    }
    r->since_commit = 0;
    if (r->parts && r->counts.written.bytes - r->shard_start >= r->shard_bytes)
        return run_open_shard(r);
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
    r->counts.failed += r->since_commit + 1;
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
        run_say(r, stderr, "%s: %s: gone (deleted during the run)\n", prog, path);
    return 1;
}

/* PATH (version NOW) could not be indexed for REASON.  The old passages,
 * if any, stay: a file that cannot be read now is not a file that is
 * gone.  The failure is remembered so an unchanged file is not retried. */
static int file_failed(run_t *r, const char *path, const idx_stamp_t *now, const char *reason)
{
    run_say(r, stderr, "%s: %s: %s\n", prog, path, reason);
    r->counts.failed++;
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
        r->counts.written.updated++;
    else
        r->counts.written.added++;
    r->counts.written.files++;
    r->counts.written.passages += passages;
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
                run_say(r, stdout, "%s: %u passage%s, %s\n", path, stats->passages, idx_s(stats->passages),
                    ana_lang_code(stats->lang));
            /* Counted for the summary; named with --verbose only, since
             * nothing a person must act on was lost (docs/cron.md). */
            if (stats->junk_runs > 0) {
                r->counts.written.junk_runs += stats->junk_runs;
                r->counts.written.junk_bytes += (double)stats->junk_bytes;
                r->counts.written.junk_files++;
                if (r->verbose)
                    run_say(r, stdout, "%s: %u run%s of encoded or binary-looking data left out (%llu byte%s)\n",
                        path, stats->junk_runs, idx_s(stats->junk_runs),
                        (unsigned long long)stats->junk_bytes, idx_s((double)stats->junk_bytes));
            }
            r->counts.written.bytes += (double)idx_prepared_text_len(pf);
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
            run_say(r, stderr, "%s: %s: %s\n", prog, path, strerror(e));
            r->counts.failed++;
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
        r->counts.unchanged++;
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
            run_say(r, stdout, "%s: failed before, unchanged since (not retried): %s\n", path,
                failed_before);
        r->counts.failed_before++;
        return 0;
    }
    idx_source_t src;
    idx_read_opts_t opts = { r->ocr };
    int rc = idx_source_read(path, &opts, &src, reason);
    if (rc > 0) {
        if (!r->quiet)
            run_say(r, stderr, "%s: skipping %s: %s\n", prog, path, reason);
        r->counts.skipped++;
        return 0;
    }
    if (rc < 0)
        return vanished(r, path) ? 0 : file_failed(r, path, &now, reason);
    idx_failure_clear(r->db, path);
    if (src.invalid > 0 && !r->quiet)
        run_say(r, stderr, "%s: %s: invalid UTF-8: %zu byte%s replaced (the first at byte %zu); "
            "the rest is indexed\n", prog, path, src.invalid, idx_s(src.invalid), src.first_invalid);
    now.crc = idx_checksum(src.text, src.len);
    if (known && !r->full && now.crc == old.crc) {
        /* Touched or copied back: same contents, nothing to analyse. */
        idx_source_clear(&src);
        r->counts.unchanged++;
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
                run_say(r, stdout, "%s: %u passage%s, copied from %s (same contents)\n", path, copied,
                    idx_s(copied), twin);
            free(twin);
            idx_source_clear(&src);
            r->counts.written.reused++;
            return file_written(r, path, &now, 0, copied);
        }
        free(twin);
    }
    run_load_words(r);
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
void run_flush_worker(run_t *r)
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

int run_visit(void *ctx, idx_visit_t what, const char *path, const char *why)
{
    run_t *r = ctx;
    if (what == IDX_SKIP) {
        if (!r->quiet)
            run_say(r, stderr, "%s: skipping %s: %s\n", prog, path, why);
        r->counts.skipped++;
        return 0;
    }
    if (what == IDX_FAIL) {
        /* Gone or not, nothing under PATH is removed in this run. */
        if (!vanished(r, path)) {
            run_say(r, stderr, "%s: %s: %s\n", prog, path, why);
            r->counts.failed++;
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

static void on_removed(void *ctx, const char *path)
{
    run_t *r = ctx;
    r->counts.written.removed++;
    if (r->verbose)
        run_say(r, stdout, "%s: removed (the file is gone)\n", path);
}

/* Walks ROOT and remembers it for run_prune_roots() -- unless ROOT itself
 * could not be read: a vanished or unreadable root (an unmounted share)
 * deletes nothing. */
char *run_readable_root(const char *root)
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
char *run_walkable_root(run_t *r, const char *root)
{
    char *abs = run_readable_root(root);
    if (!abs) {
        run_say(r, stderr, "%s: %s is missing or unreadable (%s); nothing indexed under it was removed\n",
                prog, root, strerror(errno));
        r->counts.failed++;
    }
    return abs;
}

void run_index_root(run_t *r, const char *root)
{
    char *abs = run_walkable_root(r, root);
    if (!abs)
        return;
    idx_walk(root, r->dir, run_visit, r);
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
void run_prune_roots(run_t *r)
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
            run_say(r, stderr, "%s: %s: %zu indexed files are gone, %zu found now; nothing removed "
                "(an unmounted share or a failed sync?  --allow-shrink removes them)\n", prog, root,
                shrink.gone, shrink.found);
            r->counts.held++;
        }
    }
}
