/* lookup.c - what a reader of a hit asks for next: the passage by its
 * stable id with its neighbours, the whole agenda item it belongs to, a
 * case's precedent trail, its source file, and the index's health.
 *
 * A passage's id is the text of its unique term without the prefix,
 * "<fileid>-<passage>" (schema.h PFX_ID): the file id is derived from the
 * file, not from the order of indexing, so the id names the same passage
 * after other files are reindexed and in any shard, where a Xapian
 * document id would not. */
#include "qry_private.h"

#include "casenum.h"
#include "schema.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* At most this many passages in one agenda item. */
#define ITEM_MAX 10000

/* Splits ID ("<fileid>-<passage>": hex digits, '-', a number from 1) into
 * FILEID (33 bytes) and *N.  Returns 0, or -1 when it is malformed. */
static int split_id(const char *id, char *fileid, unsigned *n)
{
    const char *dash = id ? strchr(id, '-') : NULL;
    size_t fl = dash ? (size_t)(dash - id) : 0;
    if (fl == 0 || fl > 32 || strspn(id, "0123456789abcdef") != fl)
        return -1;
    const char *d = dash + 1;
    if (*d < '1' || *d > '9' || strspn(d, "0123456789") != strlen(d) || strlen(d) > 9)
        return -1;
    memcpy(fileid, id, fl);
    fileid[fl] = '\0';
    *n = (unsigned)strtoul(d, NULL, 10);
    return 0;
}

static int by_passage(const void *a, const void *b)
{
    const qry_hit_t *x = a, *y = b;
    return (x->passage > y->passage) - (x->passage < y->passage);
}

/* The hits of Q (at most LIMIT), decoded without highlights into *OUT,
 * by relevance or, with IN_ORDER, in their file's order. */
static qry_status_t run(qry_engine_t *e, const xs_query_t *q, unsigned limit, int in_order,
                        qry_result_t **out)
{
    xs_db_t *db = qry_engine_db(e);
    xs_search_opts_t so;
    xs_search_opts_init(&so);
    qry_stable_ties(&so);
    qry_with_file_records(&so);
    so.limit = limit;
    xs_mset_t *m = NULL;
    xs_status_t xst = xs_db_search(db, q, &so, &m);
    *out = NULL;
    if (xst != XS_OK)
        return qry_fail(e, xst == XS_MODIFIED ? QRY_BUSY : xst == XS_NO_MEMORY ? QRY_NO_MEMORY
                                                                            : QRY_INDEX_DAMAGED,
                        "search in %s failed: %s: %s", qry_engine_dir(e), xs_status_string(xst),
                        xs_db_error(db));
    size_t n = xs_mset_size(m);
    qry_result_t *r = calloc(1, sizeof *r);
    qry_terms_t hl = { 0 };
    qry_bodies_t *bodies = n ? qry_engine_bodies(e) : NULL;
    qry_status_t st = r && (n == 0 || (r->hits = calloc(n, sizeof *r->hits))) ? QRY_OK : QRY_NO_MEMORY;
    for (size_t i = 0; st == QRY_OK && i < n; i++) {
        qry_ranked_t h = qry_ranked(m, i, 1.0, 0);
        qry_hit_t *hit = &r->hits[r->nhits++];
        *hit = (qry_hit_t){ .rank = (unsigned)i + 1, .score = h.weight };
        if (qry_hit_decode(qry_engine_ana(e), &hl, db, bodies, m, i, h.docid, hit) < 0)
            st = QRY_NO_MEMORY;
    }
    xs_mset_free(m);
    if (st != QRY_OK) {
        qry_result_free(r);
        return qry_fail(e, st, "out of memory");
    }
    if (in_order && r->nhits > 1) {
        qsort(r->hits, r->nhits, sizeof *r->hits, by_passage);
        for (size_t i = 0; i < r->nhits; i++) {
            r->hits[i].rank = (unsigned)i + 1;
            r->hits[i].score = 0; /* read in order, not ranked */
        }
    }
    r->total = (uint32_t)r->nhits;
    r->total_exact = 1;
    r->unit = "passages";
    *out = r;
    return QRY_OK;
}

/* The hits of the term PREFIX VALUE. */
static qry_status_t run_term(qry_engine_t *e, const char *prefix, const char *value, unsigned limit,
                             int in_order, qry_result_t **out)
{
    char t[256];
    snprintf(t, sizeof t, "%s%s", prefix, value);
    xs_query_t *q = xs_query_term(t, 1, 0);
    if (!q)
        return qry_fail(e, QRY_NO_MEMORY, "out of memory");
    qry_status_t st = run(e, q, limit, in_order, out);
    xs_query_free(q);
    return st;
}

/* Sets ID (48 bytes) to the passage N of FILEID when the index has it,
 * else to "". */
static void neighbour(qry_engine_t *e, const char *fileid, unsigned n, char *id)
{
    char t[64];
    int exists = 0;
    id[0] = '\0';
    snprintf(t, sizeof t, PFX_ID "%s-%u", fileid, n);
    if (n > 0 && xs_db_term_exists(qry_engine_db(e), t, &exists) == XS_OK && exists)
        snprintf(id, 48, "%s-%u", fileid, n);
}

/* No passage ID in the shards that answered: not found, or, when some
 * are missing (a partial answer), perhaps in one of them. */
static qry_status_t no_passage(qry_engine_t *e, const char *id)
{
    const char *missing = qry_engine_missing(e);
    char names[QRY_ERROR];
    if (!missing[0])
        return qry_fail(e, QRY_NOT_FOUND, "no passage %s in the index", id);
    return qry_fail(e, QRY_SHARD_DOWN, "no passage %s in the shards that answered; it may be in a missing "
                    "one: %s", id, qry_missing_join(missing, names, sizeof names));
}

qry_status_t qry_passage(qry_engine_t *e, const char *id, qry_result_t **out, char *prev, char *next)
{
    char fileid[33];
    unsigned n;
    *out = NULL;
    if (split_id(id, fileid, &n) < 0)
        return qry_fail(e, QRY_NOT_FOUND, "no passage %.60s: an id is <file id>-<passage>, as in "
                        "referat-query --json's \"id\"", id ? id : "");
    qry_status_t st = run_term(e, PFX_ID, id, 1, 0, out);
    if (st == QRY_OK && (*out)->nhits == 0) {
        qry_result_free(*out);
        *out = NULL;
        return no_passage(e, id);
    }
    if (st == QRY_OK && prev)
        neighbour(e, fileid, n - 1, prev);
    if (st == QRY_OK && next)
        neighbour(e, fileid, n + 1, next);
    return st;
}

qry_status_t qry_item(qry_engine_t *e, const char *id, qry_result_t **out)
{
    qry_result_t *one = NULL;
    qry_status_t st = qry_passage(e, id, &one, NULL, NULL);
    *out = NULL;
    if (st != QRY_OK)
        return st;
    const qry_hit_t *h = &one->hits[0];
    /* Without a case number the passage is an item of its own: an agenda
     * list, the opening of the minutes, an older index. */
    if (h->damaged || !h->case_no[0]) {
        *out = one;
        return QRY_OK;
    }
    char f[64], c[64];
    const char *fileid = h->id[0] ? h->id : id;
    snprintf(f, sizeof f, PFX_FILE "%.*s", (int)strcspn(fileid, "-"), fileid);
    snprintf(c, sizeof c, PFX_CASE "%s", h->case_no);
    xs_query_t *ft = xs_query_term(f, 1, 0), *ct = xs_query_term(c, 1, 0);
    xs_query_t *pair[2] = { ft, ct };
    xs_query_t *q = ft && ct ? xs_query_combine(XS_OP_AND, pair, 2, 0) : NULL;
    st = q ? run(e, q, ITEM_MAX, 1, out) : qry_fail(e, QRY_NO_MEMORY, "out of memory");
    xs_query_free(ft);
    xs_query_free(ct);
    xs_query_free(q);
    if (st == QRY_OK && (*out)->nhits == 0) {
        qry_result_free(*out);
        *out = one;
        one = NULL;
    }
    qry_result_free(one);
    return st;
}

qry_status_t qry_item_neighbours(qry_engine_t *e, const qry_result_t *item, char *prev, char *next)
{
    char fileid[33], before[48];
    unsigned first, last;
    prev[0] = next[0] = '\0';
    if (!item || item->nhits == 0 || split_id(item->hits[0].id, fileid, &first) < 0 ||
        split_id(item->hits[item->nhits - 1].id, fileid, &last) < 0)
        return qry_fail(e, QRY_NOT_FOUND, "no agenda item to find the neighbours of");
    /* An item's passages follow each other in its file: the next item
     * starts just after its last, and the passage just before its first
     * belongs to the previous item, which starts where that one's item
     * does.  Two look-ups of a term and one item, however long the file. */
    neighbour(e, fileid, last + 1, next);
    neighbour(e, fileid, first - 1, before);
    if (!before[0])
        return QRY_OK;
    qry_result_t *r = NULL;
    qry_status_t st = qry_item(e, before, &r);
    if (st == QRY_OK && r->nhits > 0)
        snprintf(prev, 48, "%s", r->hits[0].id);
    qry_result_free(r);
    return st;
}

qry_status_t qry_case_trail(qry_engine_t *e, const char *caseno, unsigned limit, qry_result_t **out)
{
    char canon[REFERAT_CASE_MAX], err[QRY_ERROR], q[REFERAT_CASE_MAX + 8];
    *out = NULL;
    if (qry_case_canonical(caseno, canon, err) < 0)
        return qry_fail(e, QRY_BAD_QUERY, "%s", err);
    snprintf(q, sizeof q, "case:%s", canon);
    qry_search_opts_t so;
    qry_search_opts_init(&so);
    so.sort = QRY_SORT_OLDEST;
    so.limit = limit;
    so.exact = 1;
    return qry_search(e, q, &so, out);
}

qry_status_t qry_source_path(qry_engine_t *e, const char *id, char **path)
{
    qry_result_t *r = NULL;
    *path = NULL;
    qry_status_t st = qry_passage(e, id, &r, NULL, NULL);
    if (st == QRY_OK && !r->hits[0].path[0])
        st = qry_fail(e, QRY_NOT_FOUND, "the index holds no record of the file of passage %s", id);
    if (st == QRY_OK && !(*path = strdup(r->hits[0].path)))
        st = qry_fail(e, QRY_NO_MEMORY, "out of memory");
    qry_result_free(r);
    return st;
}

/* Reads H's counts, format and last commit once; *SAME is set when the
 * stamp of the last commit and the passage count read last agree with
 * those read first.  The xs_ reads reopen by themselves when a commit
 * lands midway, so without this a count of one revision could sit beside
 * another's. */
static xs_status_t health_read(xs_db_t *db, qry_health_t *h, int *same)
{
    char *stamp = NULL, *again = NULL, *schema = NULL;
    uint32_t passages = 0;
    xs_status_t st = xs_db_get_metadata(db, REFERAT_LAST_RUN_KEY, &stamp);
    if (st == XS_OK)
        st = xs_db_doccount(db, &h->passages);
    if (st == XS_OK)
        st = xs_db_count_metadata(db, META_FILE, &h->files);
    if (st == XS_OK)
        st = xs_db_get_metadata(db, REFERAT_SCHEMA_KEY, &schema);
    if (st == XS_OK)
        st = xs_db_doccount(db, &passages);
    if (st == XS_OK)
        st = xs_db_get_metadata(db, REFERAT_LAST_RUN_KEY, &again);
    *same = st == XS_OK && passages == h->passages && strcmp(stamp, again) == 0;
    if (st == XS_OK) {
        snprintf(h->format, sizeof h->format, "%s", schema);
        snprintf(h->last_indexed, sizeof h->last_indexed, "%s", stamp);
    }
    free(stamp);
    free(again);
    free(schema);
    return st;
}

qry_status_t qry_health(qry_engine_t *e, qry_health_t *h)
{
    xs_db_t *db = qry_engine_db(e);
    const char *dir = qry_engine_dir(e);
    int same = 0;
    xs_status_t st = XS_MODIFIED;
    /* A commit landing mid-read: the reader is brought to it and all is
     * read again, as one revision. */
    for (int tries = 0; tries < 3 && (st == XS_MODIFIED || (st == XS_OK && !same)); tries++) {
        if (tries > 0)
            xs_db_reopen(db);
        memset(h, 0, sizeof *h);
        h->dir = dir;
        st = health_read(db, h, &same);
    }
    if (st != XS_OK || !same)
        return qry_fail(e, st == XS_OK || st == XS_MODIFIED ? QRY_BUSY
                           : st == XS_NO_MEMORY             ? QRY_NO_MEMORY
                                                            : QRY_INDEX_DAMAGED,
                        "cannot read index %s: %s", dir,
                        st == XS_OK ? "a writer committed during every read" : xs_db_error(db));
    /* An index written before referat-index recorded its runs: the time
     * Xapian last wrote its revision file. */
    char path[4096];
    struct stat sb;
    struct tm tm;
    snprintf(path, sizeof path, "%s/iamglass", dir);
    if (!h->last_indexed[0] && stat(path, &sb) == 0 && gmtime_r(&sb.st_mtime, &tm))
        strftime(h->last_indexed, sizeof h->last_indexed, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return QRY_OK;
}
