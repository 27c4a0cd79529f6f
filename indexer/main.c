/* referat-index - index minutes files into a referat passage index.
 *
 *   referat-index --db DIR PATH...
 *
 * Like omindex: parse options, open the index once, add every file, commit,
 * close, and turn the outcome into an exit code.  Each file is replaced
 * atomically (see write.c); the index is committed every COMMIT_EVERY
 * files and at the end, so an interrupted run keeps what it committed.
 * This file holds the options and that sequence; run.h names the files
 * that do each step.
 *
 * Exit codes: 0 all files indexed (or skipped as unsupported/empty, or
 * failed in an earlier run and unchanged since); 1 some files could not be
 * indexed, or a root lost too many files to remove them (the rest were
 * indexed); 2 usage error, or an index directory that is not one;
 * 74 the index could not be written; 75 another process is writing the
 * index (try again later).
 */
#include "run.h"

#include "analysis/lexicon.h"
#include "testhook.h"

#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
    double t0 = run_now();
    r.dir = dir;
    /* Both cores: analysis beside writing, unless there is one core or
     * REFERAT_THREADS=1 asks for one thread. */
    const char *th = getenv("REFERAT_THREADS");
    r.threads = th && atoi(th) == 1 ? 1 : sysconf(_SC_NPROCESSORS_ONLN) > 1 ? 2 : 1;
    const char *ce = referat_test_env("REFERAT_COMMIT_EVERY");
    r.commit_every = ce && atoi(ce) > 0 ? (unsigned)atoi(ce) : COMMIT_EVERY;
    const char *sb = referat_test_env("REFERAT_BULK_SHARD_BYTES");
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
    int rc = run_check_index_dir(dir, argv + optind, argc - optind);
    if (rc == 0)
        rc = run_lock_index(dir, wait_s);
    if (rc == 0) {
        /* What a crashed first build left; then, for a large first build,
         * shards. */
        if (idx_bulk_clean(dir))
            run_first_build_unfinished(&r, dir);
        if (run_first_build(&r, dir, argv + optind, argc - optind, &rc))
            goto report;
    }
    if (rc == 0 && (rc = run_open_index(&r, dir, wait_s)) == 0)
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
        run_index_root(&r, argv[i]);
    run_flush_worker(&r);
    idx_worker_free(r.worker);
    r.worker = NULL;
    if (rc == 0 && !r.db_error)
        run_prune_roots(&r);
    if (rc == 0 && !r.db_error && run_commit(&r, 1) != XS_OK)
        run_commit_failed(&r);
    if (rc == 0 && !r.db_error && r.upgrade)
        run_finish_upgrade(&r);
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
        run_back_to_committed(&r);
    if ((rc == 0 || (rc == EXIT_IOERR && r.opened)) && !r.quiet) {
        /* "copied": added files whose passages came from an identical
         * indexed file (renames, moves, copies), not from analysis. */
        printf("%s: %u added, %u updated, %u removed, %u unchanged, %u failed, %u skipped, %u copied; "
               "%u passage%s, %.2f MB, %.2f s\n", prog, r.counts.written.added, r.counts.written.updated, r.counts.written.removed, r.counts.unchanged,
               r.counts.failed, r.counts.skipped, r.counts.written.reused, r.counts.written.passages, idx_s(r.counts.written.passages), r.counts.written.bytes / (1024.0 * 1024.0),
               run_now() - t0);
        if (r.counts.failed_before > 0)
            printf("%s: failed before and unchanged since: %u (not retried; --retry-failed tries them "
                   "again)\n", prog, r.counts.failed_before);
        if (r.counts.written.junk_runs > 0)
            printf("%s: left out %u run%s of encoded or binary-looking data (%.0f byte%s) in %u file%s%s\n",
                   prog, r.counts.written.junk_runs, idx_s(r.counts.written.junk_runs), r.counts.written.junk_bytes, idx_s(r.counts.written.junk_bytes), r.counts.written.junk_files,
                   idx_s(r.counts.written.junk_files), r.verbose ? "" : "; --verbose names them");
    }
    idx_seen_free(&r.seen);
    idx_seen_free(&r.blocked);
    idx_seen_free(&r.roots);
    if (rc == 0 && (r.counts.failed > 0 || r.counts.held > 0))
        rc = EXIT_FILES_FAILED;
    return rc;
}

