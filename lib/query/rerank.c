/* rerank.c - a passage's neighbours and the query's boosts in its rank.
 *
 * A question's words are often spread over neighbouring passages: the
 * item's title and background in one, its decision in the next.  For a
 * query read as a sentence (understand.c) each passage of the pool (the
 * best QRY_POOL hits) adds the best score of the other passages of its
 * agenda item (of its file, outside any item) in the pool, at
 * u->context of it.  A year the query names and a decision word scale
 * the passages of that year's meetings and of decision sections
 * (QRY_YEAR_BOOST, QRY_DECISION_BOOST): boosts, never filters.  A
 * passage is of a decision section when it holds one (TERM_DECISION),
 * though it may hold the item's background too.
 */
#include "qry_private.h"

#include "schema.h"
#include "testhook.h"

#include <stdlib.h>
#include <string.h>

int qry_rerank_wanted(const qry_understood_t *u)
{
    return u && ((u->sentence && u->context > 0) || u->year[0] || u->decision);
}

/* The slots a hit is read with: those page.c shows it by, and those the
 * ranking here reads. */
static const uint32_t slots[] = { SLOT_FILEID, SLOT_PATH, SLOT_BODY_KEY, SLOT_CASE, SLOT_YEAR };

typedef struct {
    qry_ranked_t r;
    char group[64];  /* its item's case, else "F" + its file id; "" for an agenda list */
    double own;      /* its weight as searched */
    size_t order;    /* its place before, for a stable sort */
} scored_t;

static const char *value(const xs_mset_t *m, size_t i, uint32_t slot, size_t *len)
{
    const char *v = xs_mset_value(m, i, slot, len);
    if (!v)
        *len = 0;
    return v ? v : "";
}

static int by_weight(const void *a, const void *b)
{
    const scored_t *x = a, *y = b;
    if (x->r.weight != y->r.weight)
        return x->r.weight > y->r.weight ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

/* 1 when DOCID is among the hits of M. */
static int among(const xs_mset_t *m, uint32_t docid)
{
    for (size_t i = 0; i < xs_mset_size(m); i++) {
        uint32_t d;
        xs_mset_hit(m, i, &d, NULL, NULL);
        if (d == docid)
            return 1;
    }
    return 0;
}

xs_status_t qry_rerank(xs_db_t *db, const qry_understood_t *u, xs_mset_t *m, xs_mset_t *ma,
                       const xs_mset_t *decisions, qry_ranked_t *order, size_t n)
{
    scored_t *v = calloc(n ? n : 1, sizeof *v);
    if (!v)
        return XS_NO_MEMORY;
    xs_status_t st = XS_OK;
    /* REFERAT_CONTEXT_UNIT=file (a test hook) measures the file as the
     * neighbourhood instead of the item. */
    const char *unit = referat_test_env("REFERAT_CONTEXT_UNIT");
    int by_file = unit && strcmp(unit, "file") == 0;
    for (size_t j = 0; j < n && st == XS_OK; j++) {
        xs_mset_t *src = order[j].agenda ? ma : m;
        st = xs_mset_fetch_slots(db, src, order[j].index, slots, sizeof slots / sizeof slots[0]);
        if (st != XS_OK)
            break;
        v[j].r = order[j];
        v[j].own = order[j].weight;
        v[j].order = j;
        size_t len, flen;
        const char *item = value(src, order[j].index, SLOT_CASE, &len);
        const char *file = value(src, order[j].index, SLOT_FILEID, &flen);
        if (order[j].agenda)
            v[j].group[0] = '\0';
        else if (len > 0 && !by_file)
            snprintf(v[j].group, sizeof v[j].group, "C%.*s F%.*s", (int)len, item, (int)flen, file);
        else
            snprintf(v[j].group, sizeof v[j].group, "F%.*s", (int)flen, file);
        double w = v[j].own, factor = 1;
        const char *year = value(src, order[j].index, SLOT_YEAR, &len);
        if (u->year[0] && len == strlen(u->year) && memcmp(year, u->year, len) == 0)
            factor *= QRY_YEAR_BOOST;
        if (u->decision && among(decisions, order[j].docid))
            factor *= QRY_DECISION_BOOST;
        v[j].r.weight = w * factor;
    }
    if (st == XS_OK) {
        if (u->sentence && u->context > 0)
            for (size_t j = 0; j < n; j++) {
                double best = 0;
                for (size_t k = 0; v[j].group[0] && k < n; k++)
                    if (k != j && v[k].own > best && strcmp(v[k].group, v[j].group) == 0)
                        best = v[k].own;
                v[j].r.weight += u->context * best;
            }
        qsort(v, n, sizeof *v, by_weight);
        for (size_t j = 0; j < n; j++)
            order[j] = v[j].r;
    }
    free(v);
    return st;
}
