/* body.c - the name a meeting body is shown by.
 *
 * A format-6 index gives each passage's body a key (lib/analysis/name.c:
 * its words OCR-repaired and folded) and records, per file, the key and
 * the body's spelling there ("BNfagradet:Fagrådet", schema.h).  One body
 * has many spellings across an archive; it is shown by the best of them:
 * the one with the most Nordic letters (folding and OCR damage only ever
 * take them away), then the one most passages carry.
 *
 * Why from the index's terms, at query time, rather than a name stored
 * per key by the indexer: a term's frequency is kept exact by Xapian as
 * files are added, changed and removed, so the choice always reflects
 * the files indexed now, with nothing for the indexer to keep in step
 * (a stored name would have to be recomputed, from these same terms,
 * whenever a file with that body went away).  Reading them costs one
 * pass over as many terms as there are spellings of bodies: what a facet
 * of every body needs.  A page of hits needs the names of a few bodies,
 * so the engine's table reads a key's spellings alone when first asked
 * (qry_bodies_lazy): at 500 MB the whole pass was an eighth of a
 * one-word referat-query.
 */
#include "qry_private.h"

#include "schema.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    char *key;      /* malloc()ed, NUL-terminated */
    char *name;     /* points into key's allocation, after its NUL */
    size_t nordic;  /* characters outside ASCII in name */
    uint32_t freq;  /* passages with this spelling */
} body_name_t;

struct qry_bodies {
    body_name_t *v;  /* by key; name NULL for a key the index has no spelling of */
    size_t n, cap;
    int oom;
    xs_db_t *db;     /* lazy: where a key not yet in V is looked up; else NULL */
};

static size_t non_ascii(const char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += ((unsigned char)s[i] & 0xC0) == 0xC0;
    return k;
}

/* Room in B for one more name: 0, or -1 when out of memory. */
static int grow(qry_bodies_t *b)
{
    if (b->n < b->cap)
        return 0;
    size_t cap = b->cap ? b->cap * 2 : 64;
    body_name_t *v = realloc(b->v, cap * sizeof *v);
    if (!v)
        return -1;
    b->v = v;
    b->cap = cap;
    return 0;
}

/* Takes one spelling (PFX_BODY_NAME term T, LEN bytes, on FREQ
 * passages): a new key, or a better name for the last one.  The terms
 * come in order, so a key's spellings come together. */
static int take(void *ctx, const char *t, size_t len, uint32_t freq)
{
    qry_bodies_t *b = ctx;
    size_t pl = strlen(PFX_BODY_NAME);
    const char *sep = memchr(t + pl, BODY_SEP, len - pl);
    if (!sep)
        return 0;
    size_t kn = (size_t)(sep - t) - pl, nn = len - (size_t)(sep + 1 - t), nordic = non_ascii(sep + 1, nn);
    body_name_t *last = b->n ? &b->v[b->n - 1] : NULL;
    if (last && strlen(last->key) == kn && memcmp(last->key, t + pl, kn) == 0 &&
        (last->nordic > nordic || (last->nordic == nordic && last->freq >= freq)))
        return 0;
    char *k = malloc(kn + nn + 2);
    if (!k) {
        b->oom = 1;
        return 1;
    }
    memcpy(k, t + pl, kn);
    k[kn] = '\0';
    memcpy(k + kn + 1, sep + 1, nn);
    k[kn + 1 + nn] = '\0';
    if (last && strcmp(last->key, k) == 0) {
        free(last->key);
    } else {
        if (grow(b) < 0) {
            free(k);
            b->oom = 1;
            return 1;
        }
        last = &b->v[b->n++];
    }
    *last = (body_name_t){ k, k + kn + 1, nordic, freq };
    return 0;
}

static int by_key(const void *a, const void *b)
{
    return strcmp(((const body_name_t *)a)->key, ((const body_name_t *)b)->key);
}

qry_bodies_t *qry_bodies_new(xs_db_t *db)
{
    qry_bodies_t *b = calloc(1, sizeof *b);
    if (!b)
        return NULL;
    if (xs_db_each_term(db, PFX_BODY_NAME, take, b) != XS_OK || b->oom) {
        qry_bodies_free(b);
        return NULL;
    }
    if (b->n)
        qsort(b->v, b->n, sizeof *b->v, by_key);
    return b;
}

qry_bodies_t *qry_bodies_lazy(xs_db_t *db)
{
    qry_bodies_t *b = calloc(1, sizeof *b);
    if (b)
        b->db = db;
    return b;
}

/* Reads the spellings of KEY alone into lazy B, at its place by key, and
 * returns its entry; NULL when out of memory or the index cannot be read
 * (nothing kept, so that the next ask tries again). */
static const body_name_t *look_up(qry_bodies_t *b, const char *key)
{
    size_t pl = strlen(PFX_BODY_NAME), kn = strlen(key);
    char *prefix = malloc(pl + kn + 2);
    if (!prefix)
        return NULL;
    memcpy(prefix, PFX_BODY_NAME, pl);
    memcpy(prefix + pl, key, kn);
    prefix[pl + kn] = BODY_SEP;
    prefix[pl + kn + 1] = '\0';
    /* The terms under the prefix are KEY's spellings: take() keeps the
     * best.  (A key holding the separator itself would read as another
     * key; the whole table's pass could not find it either.) */
    qry_bodies_t one = { 0 };
    xs_status_t st = xs_db_each_term(b->db, prefix, take, &one);
    free(prefix);
    body_name_t e = { NULL, NULL, 0, 0 };
    for (size_t i = 0; i < one.n; i++)
        if (!e.key && strcmp(one.v[i].key, key) == 0)
            e = one.v[i];
        else
            free(one.v[i].key);
    free(one.v);
    if (!e.key)
        e.key = strdup(key);
    if (st != XS_OK || one.oom || !e.key || grow(b) < 0) {
        free(e.key);
        return NULL;
    }
    size_t at = 0;
    while (at < b->n && strcmp(b->v[at].key, key) < 0)
        at++;
    memmove(&b->v[at + 1], &b->v[at], (b->n - at) * sizeof *b->v);
    b->v[at] = e;
    b->n++;
    return &b->v[at];
}

void qry_bodies_free(qry_bodies_t *b)
{
    if (!b)
        return;
    for (size_t i = 0; i < b->n; i++)
        free(b->v[i].key);
    free(b->v);
    free(b);
}

const char *qry_body_name(qry_bodies_t *b, const char *key)
{
    if (!b || !key || !*key)
        return NULL;
    body_name_t k = { (char *)key, NULL, 0, 0 };
    const body_name_t *f = b->n ? bsearch(&k, b->v, b->n, sizeof *b->v, by_key) : NULL;
    if (!f && b->db)
        f = look_up(b, key);
    return f ? f->name : NULL;
}
