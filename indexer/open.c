/* open.c - referat-index's index directory: refusing one that would mix
 * the index with the minutes, creating and locking it (waiting with
 * --wait), opening it, and checking, recording and upgrading its format
 * (schema.h; run.h). */
#include "run.h"

#include "schema.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* The one wait of --wait: 0 once DEADLINE has passed, else 1 after a
 * pause of 0.2 s (another indexer holds the lock: try again). */
static int wait_turn(double deadline)
{
    if (run_now() >= deadline)
        return 0;
    struct timespec pause = { 0, 200 * 1000 * 1000 };
    nanosleep(&pause, NULL);
    return 1;
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
int run_check_index_dir(const char *dir, char **roots, int nroots)
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
int run_lock_index(const char *dir, unsigned wait_s)
{
    /* A new index directory is private: minutes may be confidential, and
     * cron's umask would leave it readable by all. */
    if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
        fprintf(stderr, "%s: cannot create index %s: %s\n", prog, dir, strerror(errno));
        return EXIT_IOERR;
    }
    double deadline = run_now() + wait_s;
    int fd, rc;
    while ((rc = idx_lock_dir(dir, &fd)) == 1 && wait_turn(deadline))
        ;
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
void run_first_build_unfinished(run_t *r, const char *dir)
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
    const char *table = xs_missing_table(dir, 0);
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
int run_open_index(run_t *r, const char *dir, unsigned wait_s)
{
    int rc = check_tables(r, dir);
    if (rc != 0)
        return rc;
    int existed = idx_has_database(dir);
    double deadline = run_now() + wait_s;
    xs_status_t st;
    while ((st = xs_db_open(r->db, dir, XS_DB_CREATE)) == XS_LOCKED && wait_turn(deadline)) {
        /* A handle opens once: take a fresh one for the next try. */
        xs_db_free(r->db);
        if (!(r->db = xs_db_new())) {
            fprintf(stderr, "%s: out of memory\n", prog);
            return EXIT_IOERR;
        }
    }
    if (st == XS_LOCKED)
        return locked(dir, wait_s);
    if (st != XS_OK) {
        fprintf(stderr, "%s: cannot open index %s: %s\n", prog, dir, xs_db_error(r->db));
        return EXIT_IOERR;
    }
    /* Passages are read back to copy them (reuse.c): format 7's from
     * their value, older ones' from their data. */
    xs_db_set_record_slot(r->db, SLOT_RECORD);
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
     * (run_finish_upgrade). */
    if (schema[0] == '\0') {
        if (existed)
            run_first_build_unfinished(r, dir);
        rc = set_schema(r->db, dir);
    } else if (referat_schema_older(schema)) {
        r->upgrade = 1;
        r->full = 1;
        /* Its records are in the document data (format 7: in values). */
        const char *table = xs_missing_table(dir, 1);
        if (table)
            fprintf(stderr, "%s: index %s is damaged: its table %s is missing; analysing every file "
                    "again (the upgrade to format %s), which rebuilds it for the files given\n", prog, dir,
                    table, REFERAT_SCHEMA);
    } else if (strcmp(schema, REFERAT_SCHEMA) != 0) {
        fprintf(stderr, "%s: index %s has format %s, this referat writes format %s; "
                        "index into a new directory\n", prog, dir, schema, REFERAT_SCHEMA);
        rc = EXIT_IOERR;
    }
    free(schema);
    return rc;
}

/* Records this format in an index upgraded from an older one
 * (run_open_index) once every passage is written in it (TERM_FORMAT); until
 * then a passage of a file outside the paths given keeps the old one,
 * and the index the old format (search then reads it as such).  Returns
 * nonzero on failure. */
int run_finish_upgrade(run_t *r)
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
        st = run_commit(r, 1);
    if (st != XS_OK) {
        snprintf(r->db_reason, sizeof r->db_reason, "recording the format failed: %s", xs_db_error(r->db));
        r->db_error = 1;
        return 1;
    }
    return 0;
}
