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
 * of SLOT into C: AHEAD's counts when it holds them, else a pass of its
 * own. */
static int count(xs_db_t *db, const xs_query_t *q, uint32_t slot, int meetings, const qry_ahead_t *ahead,
                 qry_facet_t *f)
{
    counts_t cc = { f, f->n, 0 }, *c = &cc;
    for (size_t i = 0; ahead && ahead->meetings == meetings && i < ahead->n; i++) {
        if (ahead->slots[i] != slot)
            continue;
        const qry_facet_t *a = &ahead->counts[i];
        for (size_t k = 0; k < a->n && !c->oom; k++)
            collect(c, a->values[k], strlen(a->values[k]), a->counts[k]);
        return c->oom ? -1 : 0;
    }
    xs_status_t st = meetings ? xs_db_count_groups(db, q, slot, SLOT_FILEID, collect, c)
                              : xs_db_count_values(db, q, slot, collect, c);
    return st == XS_OK && !c->oom ? 0 : -1;
}

void qry_ahead_clear(qry_ahead_t *a)
{
    for (size_t i = 0; i < a->n; i++)
        qry_facet_clear(&a->counts[i]);
    a->n = 0;
    a->counted = 0;
}

/* Adds SLOT to A (and whether it holds a meeting's value to CONSTANT)
 * unless there. */
static void ahead_slot(qry_ahead_t *a, int *constant, int slot, int of_meeting)
{
    for (size_t i = 0; i < a->n; i++)
        if (a->slots[i] == (uint32_t)slot)
            return;
    if (slot < 0 || a->n == QRY_AHEAD_SLOTS)
        return;
    constant[a->n] = of_meeting;
    a->slots[a->n++] = (uint32_t)slot;
}

static int collect_ahead(void *ctx, size_t i, const char *value, size_t len, uint32_t count)
{
    qry_ahead_t *a = ctx;
    counts_t c = { &a->counts[i], a->caps[i], 0 };
    int stop = collect(&c, value, len, count);
    a->caps[i] = c.cap;
    a->oom = a->oom || c.oom;
    return stop;
}

int qry_counts_ahead(qry_ahead_t *a, xs_db_t *db, const xs_query_t *q, const qry_field_t *const *fields, size_t n,
                     int timeline, int meetings)
{
    memset(a, 0, sizeof *a);
    a->meetings = meetings;
    int constant[QRY_AHEAD_SLOTS];
    for (size_t i = 0; i < n; i++)
        ahead_slot(a, constant, fields[i]->facet_slot, fields[i]->of_meeting);
    if (timeline)
        ahead_slot(a, constant, SLOT_YEAR, qry_field("year")->of_meeting);
    if (a->n == 0)
        return 0;
    if (xs_db_count_facets(db, q, a->n, a->slots, constant, meetings ? SLOT_FILEID : XS_NO_SLOT, collect_ahead, a,
                           &a->matches, &a->groups, &a->counted) != XS_OK ||
        a->oom) {
        qry_ahead_clear(a);
        return -1;
    }
    return 0;
}

/* Bodies are counted by their key (format 6), one count however the
 * files spell the body, and shown by their name (body.c); an index of an
 * older format has no keys, and counts the bodies as written.  Returns
 * 0, or -1 when out of memory or a count failed. */
static int count_bodies(xs_db_t *db, const xs_query_t *q, int meetings, const qry_ahead_t *ahead,
                        qry_facet_t *c)
{
    if (count(db, q, SLOT_BODY_KEY, meetings, ahead, c) < 0)
        return -1;
    if (c->n == 0)
        return count(db, q, SLOT_BODY, meetings, NULL, c);
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

/* A facet's value and its count, for sorting the two together. */
typedef struct {
    char *value;
    uint32_t count;
} entry_t;

static int by_count(const void *a, const void *b)
{
    const entry_t *x = a, *y = b;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return strcmp(x->value, y->value);
}

/* Most frequent first, then by value (the values are distinct, so the
 * order is whole).  A sort in place by insertion took 4 s for the 58,743
 * cases of a common word at 500 MB.  Returns 0, or -1 when out of memory
 * (C unsorted). */
static int sort_by_count(qry_facet_t *c)
{
    if (c->n < 2)
        return 0;
    entry_t *e = malloc(c->n * sizeof *e);
    if (!e)
        return -1;
    for (size_t i = 0; i < c->n; i++)
        e[i] = (entry_t){ c->values[i], c->counts[i] };
    qsort(e, c->n, sizeof *e, by_count);
    for (size_t i = 0; i < c->n; i++) {
        c->values[i] = e[i].value;
        c->counts[i] = e[i].count;
    }
    free(e);
    return 0;
}

int qry_count_facet(xs_db_t *db, const xs_query_t *q, const qry_field_t *f, int meetings,
                    const qry_ahead_t *ahead, qry_facet_t *out)
{
    *out = (qry_facet_t){ .name = f->name };
    int slot = f->facet_slot;
    if (slot < 0 || (slot == SLOT_BODY_KEY ? count_bodies(db, q, meetings, ahead, out)
                                           : count(db, q, (uint32_t)slot, meetings, ahead, out)) < 0) {
        qry_facet_clear(out);
        out->failed = 1;
        return -1;
    }
    /* Years read best in order; the rest by frequency. */
    if (slot != SLOT_YEAR && sort_by_count(out) < 0) {
        qry_facet_clear(out);
        out->failed = 1;
        return -1;
    }
    return 0;
}

int qry_count_timeline(xs_db_t *db, const xs_query_t *q, int meetings, const qry_ahead_t *ahead,
                       qry_result_t *r)
{
    qry_facet_t c = { 0 };
    if (count(db, q, SLOT_YEAR, meetings, ahead, &c) < 0) {
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
