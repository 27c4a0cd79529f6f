/* run.h - referat-index, the program: the state of one run and the
 * functions its files share (libraries never print; these do).
 *
 *   main.c     options, the run's sequence, the summary and exit code
 *   update.c   the per-file update policy: what a file found by the walk
 *              needs (nothing, a copy, analysis), commits, pruning
 *   open.c     the index directory: checks, the lock, opening, formats
 *              and their upgrades
 *   shards.c   a large first build: shard writers in child processes,
 *              their reports through pipes, the merge
 *
 * Every message goes through run_say() (or, before the run has a
 * progress line, fprintf); a failure of the index is kept in
 * run_t.db_reason and said once by main.c.
 */
#ifndef REFERAT_RUN_H
#define REFERAT_RUN_H

#include "idx.h"

#include <stdio.h>
#include <time.h>

#define EXIT_FILES_FAILED 1
#define EXIT_USAGE 2
#define EXIT_IOERR 74
#define EXIT_TEMPFAIL 75

/* Files between commits: bounds the work lost to a crash. */
#define COMMIT_EVERY 200

static const char *const prog = "referat-index";

/* What a run has written: counted as it goes, and as of its last commit,
 * which is all a run that fails afterwards leaves in the index. */
typedef struct {
    unsigned files, passages, added, updated, removed, reused;
    double bytes;
    unsigned junk_runs, junk_files; /* encoded data left out (psg_blank_junk) */
    double junk_bytes;
} idx_written_t;

/* A run's counts, summed over its shard writers by idx_counts_add. */
typedef struct {
    idx_written_t written;  /* back to the last commit's after a failed write */
    unsigned skipped, failed, unchanged;
    unsigned failed_before; /* unchanged files that failed in an earlier run (not retried) */
    unsigned held;          /* roots that lost too many files to remove them (run_prune_roots) */
} idx_counts_t;

/* Adds every count of FROM to TO. */
void idx_counts_add(idx_counts_t *to, const idx_counts_t *from);

typedef struct {
    xs_db_t *db;
    ana_t *ana;
    int verbose;
    idx_counts_t counts;
    unsigned since_commit;
    int full, quiet, ocr, allow_shrink, retry_failed;
    int upgrade;           /* the index is of an older format: see run_open_index */
    int opened;            /* the index was opened (or a first build started): a summary follows */
    idx_written_t committed; /* COUNTS.written as of the last commit */
    idx_seen_t seen;       /* every file met in this run */
    idx_seen_t blocked;    /* paths that could not be read: nothing under them is removed */
    idx_seen_t roots;      /* the roots walked, absolute */
    idx_progress_t *progress; /* NULL unless standard error is a terminal */
    double file_bytes;     /* size of the file just visited (progress) */
    unsigned commits;      /* made so far in this run */
    int threads;           /* 2: analyse on a worker thread (worker.c); 1: here */
    idx_worker_t *worker;  /* started with the first file to analyse */
    ana_lexicon_t *lex;    /* loaded on first use */
    unsigned commit_every; /* COMMIT_EVERY, or REFERAT_COMMIT_EVERY (a test hook) */
    const char *dir;       /* the index directory, never indexed itself */
    int lex_loaded;
    int db_error;       /* a write to the index failed: stop */
    char db_reason[IDX_REASON * 8]; /* path + reason */
    /* A shard writer of a first build (bulk.c) writes shard after shard
     * into DIR/.bulk; PARTS is 0 otherwise. */
    unsigned part, parts, shards;
    double shard_start;    /* COUNTS.written.bytes when the current shard was started */
    double shard_bytes;    /* IDX_BULK_SHARD_BYTES, or REFERAT_BULK_SHARD_BYTES (a test hook) */
    int progress_fd;       /* a shard writer's pipe to the parent's progress line, or -1 */
} run_t;

/* Seconds on a monotonic clock. */
static inline double run_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- update.c ---- */

/* A message during the run: erases the progress line first. */
void run_say(run_t *r, FILE *out, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Loads the word lists (lexicon.h) into R's analyzer once, when the
 * first file needs analysing, and says so when there are none. */
void run_load_words(run_t *r);
/* Commits; counts the commit and what it saved.  An xs status.  LAST:
 * the run's last commit, which also stores the runs of each file's
 * passages (schema.h, REFERAT_MEETING_RUNS_KEY: a walk of every
 * passage's file id, 40 ms at 500 MB); a commit midway leaves those of
 * the commit before, which readers pass over (their stamp is older) and
 * count by reading the file ids until the run ends. */
xs_status_t run_commit(run_t *r, int last);
/* The last commit failed: said once the run ends. */
void run_commit_failed(run_t *r);
/* After a failed write: the counts go back to what the last commit
 * saved, so that the summary says what the index holds. */
void run_back_to_committed(run_t *r);
/* The walk's callback (idx_visit_cb) with R as CTX: indexes a file, says
 * and counts what is skipped or failed.  Nonzero stops the walk. */
int run_visit(void *ctx, idx_visit_t what, const char *path, const char *why);
/* Writes what the analysis thread still holds. */
void run_flush_worker(run_t *r);
/* ROOT's absolute path (malloc()ed) when it is a readable file or
 * directory, else NULL with errno set. */
char *run_readable_root(const char *root);
/* As run_readable_root, but a root that cannot be walked is said and
 * counted as a failure. */
char *run_walkable_root(run_t *r, const char *root);
/* Walks ROOT into the index and remembers it for run_prune_roots. */
void run_index_root(run_t *r, const char *root);
/* Removes what the index holds under the walked roots that the walks no
 * longer found. */
void run_prune_roots(run_t *r);

/* ---- open.c ---- */

/* Refuses an index directory that would mix the index with the minutes
 * or holds other files: 0 or EXIT_USAGE (said). */
int run_check_index_dir(const char *dir, char **roots, int nroots);
/* Creates DIR if need be and takes its lock, waiting up to WAIT_S
 * seconds: 0 or an exit code (said). */
int run_lock_index(const char *dir, unsigned wait_s);
/* Says that DIR's first build had not finished (unless --quiet). */
void run_first_build_unfinished(run_t *r, const char *dir);
/* Opens the index for writing and checks or records its format: 0 or an
 * exit code (said). */
int run_open_index(run_t *r, const char *dir, unsigned wait_s);
/* Records this format once an upgraded index holds no passage of the
 * old one: nonzero on failure (in R). */
int run_finish_upgrade(run_t *r);

/* ---- shards.c ---- */

/* Closes the shard being written and opens the next: nonzero on failure
 * (in R). */
int run_open_shard(run_t *r);
/* A large first build of ROOTS into DIR (no database yet, locked) in
 * shards.  Returns 0 when this run is no such build (go on as usual);
 * else 1 with *RC set: the build is over and R holds its counts. */
int run_first_build(run_t *r, const char *dir, char **roots, int nroots, int *rc);

#endif /* REFERAT_RUN_H */
