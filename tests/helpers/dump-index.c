/* dump-index - test helper: prints every passage of an index in a
 * canonical form, so two indexes can be compared exactly.
 *
 *   dump-index DIR
 *
 * Passages are listed by their unique id term ("Q<fileid>-<n>"), each with
 * xs_db_describe_doc()'s description: every term with its wdf and
 * positions, every value, the data's length and checksum.  Document ids
 * are left out: they depend on the order of writes, not on the content. */
#include "xs/xs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    xs_db_t *db;
    int failed;
} dump_t;

static int each_id(void *ctx, const char *term, size_t len, uint32_t freq)
{
    dump_t *d = ctx;
    (void)freq;
    char buf[XS_MAX_TERM + 1];
    if (len > XS_MAX_TERM)
        return 0;
    memcpy(buf, term, len);
    buf[len] = '\0';
    uint32_t *ids = NULL;
    size_t n = 0;
    if (xs_db_docids(d->db, buf, &ids, &n) != XS_OK) {
        d->failed = 1;
        return 1;
    }
    for (size_t i = 0; i < n; i++) {
        char *text = NULL;
        if (xs_db_describe_doc(d->db, ids[i], &text) != XS_OK) {
            d->failed = 1;
            break;
        }
        printf("== %s\n%s", buf, text);
        free(text);
    }
    free(ids);
    return d->failed;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: dump-index DIR\n");
        return 2;
    }
    xs_db_t *db = xs_db_new();
    xs_status_t st = db ? xs_db_open(db, argv[1], XS_DB_READ) : XS_NO_MEMORY;
    if (st != XS_OK) {
        fprintf(stderr, "dump-index: %s: %s\n", xs_status_string(st), xs_db_error(db));
        xs_db_free(db);
        return 1;
    }
    dump_t d = { db, 0 };
    if (xs_db_each_term(db, "Q", each_id, &d) != XS_OK || d.failed) {
        fprintf(stderr, "dump-index: %s\n", xs_db_error(db));
        xs_db_free(db);
        return 1;
    }
    xs_db_free(db);
    return 0;
}
