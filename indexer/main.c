/* referat-index - index minutes files into a referat passage index.
 *
 *   referat-index --db DIR PATH...
 *
 * Like omindex: parse options, open the index once, add every file, commit,
 * close, and turn the outcome into an exit code.  Each file is replaced
 * atomically (see write.c); the index is committed every COMMIT_EVERY
 * files and at the end, so an interrupted run keeps what it committed.
 *
 * Exit codes: 0 all files indexed (or skipped as unsupported/empty);
 * 1 some files could not be indexed (the rest were); 2 usage error;
 * 74 the index could not be written; 75 another process is writing the
 * index (try again later).
 */
#include "idx.h"

#include "analysis/lexicon.h"
#include "schema.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define EXIT_FILES_FAILED 1
#define EXIT_USAGE 2
#define EXIT_IOERR 74
#define EXIT_TEMPFAIL 75

/* Files between commits: bounds the work lost to a crash. */
#define COMMIT_EVERY 200

static const char *prog = "referat-index";

typedef struct {
    xs_db_t *db;
    ana_t *ana;
    int verbose;
    unsigned files, passages, skipped, failed, since_commit, passages_since_commit;
    double bytes;
    int db_error;       /* a write to the index failed: stop */
    char db_reason[IDX_REASON * 8]; /* path + reason */
} run_t;

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: %s --db DIR [--verbose] PATH...\n"
            "Index minutes (UTF-8 .txt files; directories are walked recursively)\n"
            "into the passage index DIR, creating it if needed.\n"
            "\n"
            "  --db DIR      the index directory (required)\n"
            "  -v, --verbose name each file as it is indexed\n"
            "  -h, --help    show this help\n"
            "      --version show the version\n",
            prog);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int visit(void *ctx, idx_visit_t what, const char *path, const char *why)
{
    run_t *r = ctx;
    if (what == IDX_SKIP) {
        fprintf(stderr, "%s: skipping %s: %s\n", prog, path, why);
        r->skipped++;
        return 0;
    }
    if (what == IDX_FAIL) {
        fprintf(stderr, "%s: %s: %s\n", prog, path, why);
        r->failed++;
        return 0;
    }
    idx_source_t src;
    char reason[IDX_REASON];
    int rc = idx_source_read(path, &src, reason);
    if (rc > 0) {
        fprintf(stderr, "%s: skipping %s: %s\n", prog, path, reason);
        r->skipped++;
        return 0;
    }
    if (rc < 0) {
        fprintf(stderr, "%s: %s: %s\n", prog, path, reason);
        r->failed++;
        return 0;
    }
    idx_file_stats_t stats;
    rc = idx_write_file(r->db, r->ana, path, &src, &stats, reason);
    size_t len = src.len;
    idx_source_clear(&src);
    if (rc != 0) {
        /* Cancelling the file's transaction discards every change since
         * the last commit (Xapian's unflushed transactions), and a failed
         * write means the index itself is in trouble: stop, and say which
         * files must be indexed again. */
        snprintf(r->db_reason, sizeof r->db_reason, "%s: %s (the %u files indexed since the last commit "
                 "were not saved; run again)", path, reason, r->since_commit);
        r->files -= r->since_commit;
        r->passages -= r->passages_since_commit;
        r->failed += r->since_commit + 1;
        r->db_error = 1;
        return 1;
    }
    r->files++;
    r->passages += stats.passages;
    r->passages_since_commit += stats.passages;
    r->bytes += (double)len;
    if (r->verbose)
        printf("%s: %u passages, %s\n", path, stats.passages, ana_lang_code(stats.lang));
    if (++r->since_commit >= COMMIT_EVERY) {
        xs_status_t st = xs_db_commit(r->db);
        if (st != XS_OK) {
            snprintf(r->db_reason, sizeof r->db_reason, "commit failed: %s", xs_db_error(r->db));
            r->db_error = 1;
            return 1;
        }
        r->since_commit = 0;
        r->passages_since_commit = 0;
    }
    return 0;
}

/* Opens the index for writing and checks or records its schema version. */
static int open_index(run_t *r, const char *dir)
{
    xs_status_t st = xs_db_open(r->db, dir, XS_DB_CREATE);
    if (st == XS_LOCKED) {
        fprintf(stderr, "%s: index %s is being written by another process; try again later\n", prog,
                dir);
        return EXIT_TEMPFAIL;
    }
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
    int rc = 0;
    if (schema[0] == '\0') {
        if (xs_db_set_metadata(r->db, REFERAT_SCHEMA_KEY, REFERAT_SCHEMA) != XS_OK) {
            fprintf(stderr, "%s: cannot write index %s: %s\n", prog, dir, xs_db_error(r->db));
            rc = EXIT_IOERR;
        }
    } else if (strcmp(schema, REFERAT_SCHEMA) != 0) {
        fprintf(stderr, "%s: index %s has format %s, this referat writes format %s; "
                        "index into a new directory\n", prog, dir, schema, REFERAT_SCHEMA);
        rc = EXIT_IOERR;
    }
    free(schema);
    return rc;
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        { "db", required_argument, NULL, 'd' },
        { "verbose", no_argument, NULL, 'v' },
        { "help", no_argument, NULL, 'h' },
        { "version", no_argument, NULL, 'V' },
        { NULL, 0, NULL, 0 },
    };
    const char *dir = NULL;
    run_t r;
    memset(&r, 0, sizeof r);
    int c;
    while ((c = getopt_long(argc, argv, "d:vh", opts, NULL)) != -1) {
        switch (c) {
        case 'd': dir = optarg; break;
        case 'v': r.verbose = 1; break;
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

    double t0 = now();
    r.ana = ana_new();
    r.db = xs_db_new();
    /* The word lists that make repairs safe (lexicon.h); without them
     * referat still indexes, with fewer repairs. */
    ana_lexicon_t *lex = ana_lexicon_new();
    if (lex && ana_lexicon_load_default(lex) <= 0)
        fprintf(stderr, "%s: no word lists found (install wnorwegian and wdanish); "
                        "fewer repairs of broken and damaged words\n", prog);
    ana_set_lexicon(r.ana, lex);
    if (!r.ana || !r.db || !lex) {
        fprintf(stderr, "%s: out of memory (or libstemmer lacks Norwegian/Danish)\n", prog);
        ana_free(r.ana);
        xs_db_free(r.db);
        ana_lexicon_free(lex);
        return EXIT_IOERR;
    }
    int rc = open_index(&r, dir);
    for (int i = optind; rc == 0 && i < argc && !r.db_error; i++)
        idx_walk(argv[i], visit, &r);
    if (rc == 0 && !r.db_error) {
        xs_status_t st = xs_db_commit(r.db);
        if (st != XS_OK) {
            snprintf(r.db_reason, sizeof r.db_reason, "commit failed: %s", xs_db_error(r.db));
            r.db_error = 1;
        }
    }
    if (rc == 0 && r.db_error) {
        fprintf(stderr, "%s: index %s: %s; the index keeps what was committed before\n", prog, dir,
                r.db_reason);
        rc = EXIT_IOERR;
    }
    xs_status_t cst = xs_db_close(r.db);
    if (rc == 0 && cst != XS_OK) {
        fprintf(stderr, "%s: closing index %s failed: %s\n", prog, dir, xs_db_error(r.db));
        rc = EXIT_IOERR;
    }
    xs_db_free(r.db);
    ana_free(r.ana);
    ana_lexicon_free(lex);
    if (rc == 0 || rc == EXIT_IOERR) {
        printf("%s: %u files, %u passages, %.2f MB, %.2f s (%u skipped, %u failed)\n", prog, r.files,
               r.passages, r.bytes / (1024.0 * 1024.0), now() - t0, r.skipped, r.failed);
    }
    if (rc == 0 && r.failed > 0)
        rc = EXIT_FILES_FAILED;
    return rc;
}
