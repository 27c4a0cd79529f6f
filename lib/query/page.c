/* page.c - the hits of one page: the searches and the reading of the
 * hits shown.
 *
 * Ranked by relevance, the passages that are agenda lists and those that
 * are not are searched apart and merged (agenda.c); fewer hits than a
 * page add the passages that have only some of the words.  The searches
 * leave the hits unread (defer_fetch) and only the hits shown are read,
 * all from the revision the searches saw: should a writer's commits make
 * that revision unreadable in between, the page is searched again on the
 * newest one.
 */
#include "qry_private.h"

#include "schema.h"

#include <stdlib.h>
#include <string.h>

/* Searches again at most this many times while a writer commits. */
#define PAGE_ATTEMPTS 5

void qry_page_clear(qry_page_t *p)
{
    xs_mset_free(p->m);
    xs_mset_free(p->ma);
    xs_mset_free(p->m2);
    free(p->order);
    memset(p, 0, sizeof *p);
}

/* Ranks P's N merged hits again (qry_rerank), with the pool's passages
 * of decision sections found by a search of their own when the query
 * speaks of a decision.  -1 when out of memory. */
static int reorder(xs_db_t *db, const qry_page_query_t *pq, const xs_search_opts_t *so, qry_page_t *p,
                   size_t n, xs_status_t *st)
{
    xs_mset_t *decisions = NULL;
    if (pq->u->decision) {
        xs_query_t *term = xs_query_term(TERM_DECISION, 1, 0);
        xs_query_t *pair[2] = { pq->split ? pq->items_q : pq->q, term };
        xs_query_t *dq = term ? xs_query_combine(XS_OP_FILTER, pair, 2, 0) : NULL;
        xs_query_free(term);
        if (!dq)
            return -1;
        *st = xs_db_search(db, dq, so, &decisions);
        xs_query_free(dq);
    }
    if (*st == XS_OK)
        *st = qry_rerank(db, pq->u, p->m, p->ma, decisions, p->order, n);
    xs_mset_free(decisions);
    return 0;
}

/* Runs REST, the partial-match fallback (the relaxed query, alone when
 * ALONE, else less PQ's query), as SO says, into *M.  Its words'
 * Norwegian-Danish and folded spellings can be most of its postings and
 * little of its weight ("motet" reaches every passage with a form of
 * møte), so it is run split (xs_db_search_split, SP's parts): the same
 * hits, with those parts read only for the passages that can reach the
 * page. */
static xs_status_t search_relaxed(xs_db_t *db, const qry_page_query_t *pq, const xs_query_t *rest, int alone,
                                  const qry_split_t *sp, const xs_search_opts_t *so, xs_mset_t **m)
{
    xs_query_t *pair[2] = { sp->heavy_q, pq->q };
    xs_query_t *heavy = sp->heavy_q ? xs_query_combine(alone ? XS_OP_OR : XS_OP_AND_NOT, pair, alone ? 1 : 2, 0)
                                    : NULL;
    xs_status_t st = heavy ? xs_db_search_split(db, rest, heavy, sp->light_q, so, m) : xs_db_search(db, rest, so, m);
    xs_query_free(heavy);
    return st;
}

/* The searches of one attempt; -1 when out of memory. */
static int search(xs_db_t *db, const qry_page_query_t *pq, qry_page_t *p, xs_status_t *st)
{
    xs_search_opts_t so = pq->so;
    so.offset = pq->offset;
    so.limit = pq->limit;
    so.defer_fetch = 1;
    size_t want = (size_t)pq->offset + pq->limit;
    int rerank = pq->split && qry_rerank_wanted(pq->u);
    if (pq->split) {
        so.offset = 0;
        so.limit = (uint32_t)(rerank && want < QRY_POOL ? QRY_POOL : want);
        /* Asked to count, both searches check their matches up to the
         * cap: few matches of many candidates (a phrase of common words)
         * cost a count as much as a page, and the page, which can prune
         * little there, visits most of them anyway. */
        xs_search_opts_t sc = so;
        sc.check_at_least = pq->count_cap;
        *st = xs_db_search(db, pq->items_q, &sc, &p->m);
        if (*st == XS_OK && (rerank || pq->count_cap > 0)) {
            *st = xs_db_search(db, pq->agenda_q, &sc, &p->ma);
        } else if (*st == XS_OK && xs_mset_size(p->m) == want) {
            /* The page is full of items: an agenda list shows only if its
             * scaled weight reaches the last of them, so lighter ones need
             * not be scored (a hair below, for the tie order).  The count
             * then covers only those, but it is needed only when fewer
             * than a page match. */
            uint32_t docid, rank;
            double last;
            xs_mset_hit(p->m, want - 1, &docid, &rank, &last);
            xs_search_opts_t sa = so;
            sa.min_weight = last / QRY_AGENDA_WEIGHT * (1 - 1e-9);
            *st = xs_db_search(db, pq->agenda_q, &sa, &p->ma);
        } else if (*st == XS_OK) {
            *st = xs_db_search(db, pq->agenda_q, &so, &p->ma);
        }
        size_t n = *st == XS_OK ? qry_merge_agenda(p->m, p->ma, QRY_AGENDA_WEIGHT, &p->order) : 0;
        if (n == (size_t)-1)
            return -1;
        if (rerank && *st == XS_OK && reorder(db, pq, &so, p, n, st) < 0)
            return -1;
        p->first = pq->offset < n ? pq->offset : n;
        p->count = n - p->first < pq->limit ? n - p->first : pq->limit;
        p->total = *st == XS_OK ? xs_mset_estimated(p->m) + xs_mset_estimated(p->ma) : 0;
        /* Only an agenda search without a weight bound counts all of its
         * matches. */
        p->exact = *st == XS_OK && xs_mset_size(p->m) < want && xs_mset_exact(p->m) &&
                   xs_mset_exact(p->ma);
        /* The items and the agenda lists part the matches: with every
         * match of both seen, their sum is the exact count. */
        p->counted = *st == XS_OK && pq->count_cap > 0 && xs_mset_exact(p->m) && xs_mset_exact(p->ma);
    } else if (qry_rerank_wanted(pq->u) && so.sort_slot < 0 && so.collapse_slot < 0) {
        /* Ranked by relevance past the depth searched apart (one query
         * scales the agenda lists): the same boosts and neighbours, over
         * every hit up to the page's end. */
        so.offset = 0;
        so.limit = (uint32_t)want;
        *st = xs_db_search(db, pq->q, &so, &p->m);
        size_t n = *st == XS_OK ? xs_mset_size(p->m) : 0;
        if (n > 0 && !(p->order = malloc(n * sizeof *p->order)))
            return -1;
        for (size_t i = 0; i < n; i++)
            p->order[i] = qry_ranked(p->m, i, 1.0, 0);
        if (n > 0 && reorder(db, pq, &so, p, n, st) < 0)
            return -1;
        p->first = pq->offset < n ? pq->offset : n;
        p->count = n - p->first < pq->limit ? n - p->first : pq->limit;
        p->total = *st == XS_OK ? xs_mset_estimated(p->m) : 0;
        p->exact = *st == XS_OK && xs_mset_exact(p->m);
    } else {
        *st = xs_db_search(db, pq->q, &so, &p->m);
        p->count = *st == XS_OK ? xs_mset_size(p->m) : 0;
        p->total = *st == XS_OK ? xs_mset_estimated(p->m) : 0;
        /* Collapsed, Xapian's count is of meetings with a file id and
         * passages without one, not qry_page_total's. */
        p->exact = *st == XS_OK && so.collapse_slot < 0 && xs_mset_exact(p->m);
    }
    /* Fewer hits than asked for: passages with only some of the words
     * follow those with all of them, marked as such.  The fallback runs
     * only when fewer than offset + limit passages match; then Xapian has
     * seen every match and its count is exact. */
    xs_query_t *relaxed = NULL;
    qry_split_t sp;
    if (*st == XS_OK && p->count < pq->limit &&
        (relaxed = qry_build_relaxed(db, pq->ana, pq->spell, pq->tree, &sp)) != NULL) {
        /* When nothing has all the words, leaving out what does only ran
         * the query a second time (a phrase's positions, every word's
         * spellings) to take away no passage: AND_NOT weighs its left
         * side alone, so the hits and weights are the same. */
        xs_query_t *pair[2] = { relaxed, pq->q };
        xs_query_t *rest = p->exact && p->total == 0 ? xs_query_combine(XS_OP_OR, pair, 1, 0)
                                                     : xs_query_combine(XS_OP_AND_NOT, pair, 2, 0);
        xs_search_opts_t so2 = so;
        so2.offset = pq->offset > p->total ? pq->offset - p->total : 0;
        so2.limit = pq->limit - (uint32_t)p->count;
        if (rest)
            *st = search_relaxed(db, pq, rest, p->exact && p->total == 0, &sp, &so2, &p->m2);
        xs_query_free(rest);
        xs_query_free(relaxed);
        qry_split_clear(&sp);
    }
    return 0;
}

/* Reads hit I of M as shown: the record, the file id, the body's key
 * and the file's record (qry_with_file_records), which are all a
 * passage of format 4 or later needs (the key names its body, body.c);
 * a passage of an older format has what it shows in values, read then. */
static xs_status_t fetch_hit(xs_db_t *db, xs_mset_t *m, size_t i)
{
    static const uint32_t slots[] = { SLOT_FILEID, SLOT_PATH, SLOT_BODY_KEY };
    xs_status_t st = xs_mset_fetch_slots(db, m, i, slots, sizeof slots / sizeof slots[0]);
    size_t len;
    const char *data = st == XS_OK ? xs_mset_data(m, i, &len) : NULL;
    if (data && !psg_is_record(data, len))
        st = xs_mset_fetch(db, m, i);
    return st == XS_OK ? xs_mset_fetch_metadata(db, m, i) : st;
}

/* Reads the hits P shows: its page, and the whole of M2. */
static xs_status_t fetch_shown(xs_db_t *db, qry_page_t *p)
{
    xs_status_t st = XS_OK;
    for (size_t j = p->first; st == XS_OK && j < p->first + p->count; j++)
        st = p->order ? fetch_hit(db, p->order[j].agenda ? p->ma : p->m, p->order[j].index)
                      : fetch_hit(db, p->m, j);
    for (size_t i = 0; st == XS_OK && p->m2 && i < xs_mset_size(p->m2); i++)
        st = fetch_hit(db, p->m2, i);
    return st;
}

int qry_page_run(xs_db_t *db, const qry_page_query_t *pq, qry_page_t *p, xs_status_t *st)
{
    memset(p, 0, sizeof *p);
    for (int attempt = 1;; attempt++) {
        if (search(db, pq, p, st) < 0)
            return -1;
        if (*st == XS_OK)
            *st = fetch_shown(db, p);
        if ((*st != XS_MODIFIED && *st != XS_NOT_FOUND) || attempt == PAGE_ATTEMPTS ||
            xs_db_reopen(db) != XS_OK)
            return 0;
        qry_page_clear(p);
    }
}

int qry_page_total(xs_db_t *db, const qry_page_query_t *pq, uint32_t cap, uint32_t *n, int *exact)
{
    *n = 0;
    *exact = 1;
    /* Collapsed, the meetings: Xapian collapses only the hits it keeps.
     * Past CAP matches, those among the first CAP scaled up, as the
     * passages are estimated from CAP of them: every match's file id is
     * a value read per match (uncapped, 62% of the bench's searches with
     * docs=1 at 500 MB). */
    if (pq->so.collapse_slot >= 0) {
        uint32_t matches;
        xs_status_t st = xs_db_count_distinct(db, pq->q, (uint32_t)pq->so.collapse_slot, cap, &matches, n, exact);
        return st == XS_OK ? 0 : -1;
    }
    xs_search_opts_t so = pq->so;
    xs_mset_t *m = NULL;
    so.offset = 0;
    so.limit = 0;
    /* Every candidate checked, or CAP of them: the count is exact when
     * there are no more, else Xapian's estimate from that many. */
    if (xs_db_doccount(db, &so.check_at_least) != XS_OK)
        return -1;
    if (cap > 0 && cap < so.check_at_least)
        so.check_at_least = cap;
    if (xs_db_search(db, pq->q, &so, &m) != XS_OK) {
        xs_mset_free(m);
        return -1;
    }
    *n = xs_mset_estimated(m);
    *exact = xs_mset_exact(m);
    xs_mset_free(m);
    return 0;
}

int qry_page_sample(xs_db_t *db, const qry_page_query_t *pq, int meetings_too, uint32_t cap,
                    uint32_t *passages, uint32_t *meetings)
{
    /* A field picks passages that lie together among the ids (files are
     * indexed in order, so a year or a body is a few long runs), which
     * evenly spaced blocks miss or take whole: a year's count was 32%
     * off at 500 MB. */
    if (qry_has_field(pq->tree))
        return 0;
    /* Ranked as one query, Q is the items' matches OR the agenda lists',
     * whose bound is the sum of the two; the items' query (Q less the
     * lists) has Q's own. */
    int sampled = 0;
    uint32_t slot = meetings_too ? SLOT_FILEID : XS_NO_SLOT;
    xs_status_t st = xs_db_count_sample(db, pq->q, pq->items_q, slot, cap, qry_sample_above(), passages, meetings,
                                        &sampled);
    return st == XS_OK ? sampled : 0;
}
