/* agenda.c - agenda lists ranked at a fraction of their score.
 *
 * An agenda list names every item of a meeting but answers none, so it
 * keeps its match at QRY_AGENDA_WEIGHT of its score.  Written as one query,
 * OR(q AND_NOT agenda, 0.5 * (q FILTER agenda)), Xapian runs every posting
 * list of q twice, side by side, and can prune neither branch by the
 * other's weights: at 500 MB of minutes that was a third of the query
 * time.  Searched apart, each branch prunes on its own and the filtered
 * one skips along the short list of agenda passages; the two heads are
 * merged here in the order the single query gives.
 */
#include "qry_private.h"

#include "schema.h"

#include <stdlib.h>

void qry_stable_ties(xs_search_opts_t *so)
{
    /* The newest meeting first; then by file id, a hash of the path, so
     * that only ties within one date follow where the files lie. */
    so->tie_date_slot = SLOT_DATE;
    so->tie_slot = SLOT_FILEID;
    so->tie_slot2 = SLOT_PASSAGE;
}

qry_ranked_t qry_ranked(const xs_mset_t *m, size_t i, double factor, int agenda)
{
    uint32_t docid, rank;
    double w;
    xs_mset_hit(m, i, &docid, &rank, &w);
    return (qry_ranked_t){ .index = i, .docid = docid, .rank = rank, .weight = w * factor,
                           .agenda = agenda };
}

/* 1 when A ranks before B: heavier first, then Xapian's own tie order,
 * the lower document id. */
static int before(const qry_ranked_t *a, const qry_ranked_t *b)
{
    if (a->weight != b->weight)
        return a->weight > b->weight;
    return a->docid < b->docid;
}

size_t qry_merge_agenda(const xs_mset_t *items, const xs_mset_t *agenda, double factor,
                        qry_ranked_t **out)
{
    size_t ni = xs_mset_size(items), na = xs_mset_size(agenda), n = 0, i = 0, a = 0;
    *out = NULL;
    if (ni + na == 0)
        return 0;
    qry_ranked_t *v = malloc((ni + na) * sizeof *v);
    if (!v)
        return (size_t)-1;
    while (i < ni || a < na) {
        qry_ranked_t x = i < ni ? qry_ranked(items, i, 1.0, 0) : (qry_ranked_t){ 0 };
        qry_ranked_t y = a < na ? qry_ranked(agenda, a, factor, 1) : (qry_ranked_t){ 0 };
        if (a == na || (i < ni && before(&x, &y))) {
            v[n++] = x;
            i++;
        } else {
            v[n++] = y;
            a++;
        }
    }
    *out = v;
    return n;
}
