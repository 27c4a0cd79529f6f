/* facets.c - counts over the whole match set: facets and the hits per
 * year of a timeline.  They count passages, or meetings (the files with a
 * matching passage). */
#include "qry_private.h"

#include "schema.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The counts being collected: the facet's values and counts, grown here. */
typedef struct {
    qry_facet_t *f;
    size_t cap;
    int oom;
} counts_t;

static int collect(void *ctx, const char *value, size_t len, uint32_t count)
{
    counts_t *c = ctx;
    qry_facet_t *f = c->f;
    if (f->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 16;
        char **v = realloc(f->values, cap * sizeof *v);
        if (v)
            f->values = v;
        uint32_t *k = realloc(f->counts, cap * sizeof *k);
        if (k)
            f->counts = k;
        if (!v || !k) {
            c->oom = 1;
            return 1;
        }
        c->cap = cap;
    }
    if (!(f->values[f->n] = strndup(value, len))) {
        c->oom = 1;
        return 1;
    }
    f->counts[f->n++] = count;
    return 0;
}

void qry_facet_clear(qry_facet_t *f)
{
    for (size_t i = 0; i < f->n; i++)
        free(f->values[i]);
    free(f->values);
    free(f->counts);
    f->values = NULL;
    f->counts = NULL;
    f->n = 0;
}

/* Counts Q's matches (or with MEETINGS, the files they are in) per value
 * of SLOT into C. */
static int count(xs_db_t *db, const xs_query_t *q, uint32_t slot, int meetings, qry_facet_t *f)
{
    counts_t cc = { f, f->n, 0 }, *c = &cc;
    xs_status_t st = meetings ? xs_db_count_groups(db, q, slot, SLOT_FILEID, collect, c)
                              : xs_db_count_values(db, q, slot, collect, c);
    return st == XS_OK && !c->oom ? 0 : -1;
}

/* Bodies are counted by their key (format 6), one count however the
 * files spell the body, and shown by their name (body.c); an index of an
 * older format has no keys, and counts the bodies as written.  Returns
 * 0, or -1 when out of memory or a count failed. */
static int count_bodies(xs_db_t *db, const xs_query_t *q, int meetings, qry_facet_t *c)
{
    if (count(db, q, SLOT_BODY_KEY, meetings, c) < 0)
        return -1;
    if (c->n == 0)
        return count(db, q, SLOT_BODY, meetings, c);
    qry_bodies_t *b = qry_bodies_new(db);
    if (!b)
        return -1;
    for (size_t i = 0; i < c->n; i++) {
        const char *name = qry_body_name(b, c->values[i]);
        char *v = name ? strdup(name) : NULL;
        if (name && !v) {
            qry_bodies_free(b);
            return -1;
        }
        if (v) {
            free(c->values[i]);
            c->values[i] = v;
        }
    }
    qry_bodies_free(b);
    return 0;
}

/* Most frequent first, then by value. */
static void sort_by_count(qry_facet_t *c)
{
    for (size_t i = 1; i < c->n; i++)
        for (size_t j = i; j > 0 && (c->counts[j] > c->counts[j - 1] ||
                                     (c->counts[j] == c->counts[j - 1] &&
                                      strcmp(c->values[j], c->values[j - 1]) < 0));
             j--) {
            uint32_t t = c->counts[j];
            c->counts[j] = c->counts[j - 1];
            c->counts[j - 1] = t;
            char *v = c->values[j];
            c->values[j] = c->values[j - 1];
            c->values[j - 1] = v;
        }
}

int qry_count_facet(xs_db_t *db, const xs_query_t *q, const qry_field_t *f, int meetings,
                    qry_facet_t *out)
{
    *out = (qry_facet_t){ .name = f->name };
    int slot = f->facet_slot;
    if (slot < 0 || (slot == SLOT_BODY_KEY ? count_bodies(db, q, meetings, out)
                                           : count(db, q, (uint32_t)slot, meetings, out)) < 0) {
        qry_facet_clear(out);
        out->failed = 1;
        return -1;
    }
    /* Years read best in order; the rest by frequency. */
    if (slot != SLOT_YEAR)
        sort_by_count(out);
    return 0;
}

int qry_count_timeline(xs_db_t *db, const xs_query_t *q, int meetings, qry_result_t *r)
{
    qry_facet_t c = { 0 };
    if (count(db, q, SLOT_YEAR, meetings, &c) < 0) {
        qry_facet_clear(&c);
        return -1;
    }
    int y0 = c.n ? atoi(c.values[0]) : 0, y1 = c.n ? atoi(c.values[c.n - 1]) : -1;
    /* Every year from the first to the last, so gaps show as gaps. */
    size_t ny = y1 >= y0 ? (size_t)(y1 - y0 + 1) : 0;
    if (ny > 1000)
        ny = 1000;
    r->years = ny ? calloc(ny, sizeof *r->years) : NULL;
    if (ny && !r->years) {
        qry_facet_clear(&c);
        return -1;
    }
    for (size_t k = 0; k < c.n; k++) {
        int y = atoi(c.values[k]);
        if (y >= y0 && (size_t)(y - y0) < ny)
            r->years[y - y0] = c.counts[k];
    }
    r->first_year = y0;
    r->nyears = ny;
    r->timeline = 1;
    qry_facet_clear(&c);
    return 0;
}
