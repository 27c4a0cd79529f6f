/* dump-index - test helper: prints every passage of an index in a
 * canonical form, so two indexes can be compared exactly.
 *
 *   dump-index DIR
 *   dump-index --metadata DIR
 *
 * With --metadata, every metadata key and its value instead, a line each
 * ("KEY<tab>VALUE", in key order; a backslash, a tab, a newline and other
 * control bytes in either written as \xHH): one process for what a loop
 * of xapian-metadata get took thousands (a minute an index in bulk.sh).
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

/* Writes LEN bytes of S with \xHH for a backslash and control bytes. */
static void put_escaped(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\\' || c < 0x20 || c == 0x7f)
            printf("\\x%02x", c);
        else
            putchar(c);
    }
}

static int each_metadata(void *ctx, const char *key, size_t klen, const char *value, size_t vlen)
{
    (void)ctx;
    put_escaped(key, klen);
    putchar('\t');
    put_escaped(value, vlen);
    putchar('\n');
    return 0;
}

int main(int argc, char **argv)
{
    int metadata = argc == 3 && strcmp(argv[1], "--metadata") == 0;
    if (argc != 2 && !metadata) {
        fprintf(stderr, "usage: dump-index [--metadata] DIR\n");
        return 2;
    }
    const char *dir = argv[argc - 1];
    xs_db_t *db = xs_db_new();
    xs_status_t st = db ? xs_db_open(db, dir, XS_DB_READ) : XS_NO_MEMORY;
    if (st != XS_OK) {
        fprintf(stderr, "dump-index: %s: %s\n", xs_status_string(st), xs_db_error(db));
        xs_db_free(db);
        return 1;
    }
    if (metadata) {
        st = xs_db_each_metadata(db, "", each_metadata, NULL);
        if (st != XS_OK)
            fprintf(stderr, "dump-index: %s\n", xs_db_error(db));
        xs_db_free(db);
        return st == XS_OK ? 0 : 1;
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
