/* meeting-runs - test helper: the meetings among a word's passages
 * counted through the stored runs of each file's passages (schema.h,
 * REFERAT_MEETING_RUNS_KEY) and by reading every passage's file id.
 *
 *   meeting-runs DB WORD...   "held" or "not held", then a line per WORD:
 *                             "WORD MATCHES MEETINGS-BY-RUNS MEETINGS-READ"
 *
 * tests/e2e/meeting_runs.sh compares the two counts after each kind of run. */
#include "schema.h"
#include "xs/xs.h"

#include <stdio.h>
#include <string.h>

static xs_db_t *open_index(const char *path)
{
    xs_db_t *db = xs_db_new();
    if (db && xs_db_open(db, path, XS_DB_READ) == XS_OK)
        return db;
    fprintf(stderr, "meeting-runs: %s: %s\n", path, db ? xs_db_error(db) : "out of memory");
    xs_db_free(db);
    return NULL;
}

/* The matches of WORD and their meetings through DB. */
static int count(xs_db_t *db, const char *word, uint32_t *n, uint32_t *meetings)
{
    xs_query_t *q = xs_query_term(word, 1, 0);
    int exact = 0;
    int ok = q && xs_db_count_distinct(db, q, SLOT_FILEID, 0, n, meetings, &exact) == XS_OK && exact;
    xs_query_free(q);
    return ok;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: meeting-runs DB WORD...\n");
        return 2;
    }
    xs_db_t *runs = open_index(argv[1]), *read = open_index(argv[1]);
    int hold = 0, ok = runs && read &&
                       xs_db_use_value_runs(runs, SLOT_FILEID, REFERAT_MEETING_RUNS_KEY, REFERAT_LAST_RUN_KEY) == XS_OK &&
                       xs_db_value_runs_hold(runs, &hold) == XS_OK;
    if (ok)
        printf("%s\n", hold ? "held" : "not held");
    for (int i = 2; ok && i < argc; i++) {
        uint32_t n = 0, m = 0, n2 = 0, m2 = 0;
        ok = count(runs, argv[i], &n, &m) && count(read, argv[i], &n2, &m2) && n == n2;
        if (ok)
            printf("%s %u %u %u\n", argv[i], n, m, m2);
    }
    xs_db_free(runs);
    xs_db_free(read);
    return ok ? 0 : 1;
}
