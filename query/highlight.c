/* highlight.c - which bytes of a hit to highlight.
 *
 * The stored passage is analysed again, in its own language, with the
 * indexer's pipeline; every term that is also a query term (or starts
 * with a query wildcard prefix) marks the bytes it came from.  Because
 * each term carries its own source offsets, a match through a stem or a
 * part of "MRg-FUS" highlights exactly the original text that matched
 * (the approach of SQLite FTS5's highlight()).
 */
#include "qry.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    const qry_terms_t *hl;
    psg_span_t *v;
    size_t n, cap;
    int oom;
} spans_t;

static int wanted(const qry_terms_t *hl, const ana_term_t *t)
{
    for (size_t i = 0; i < hl->n; i++)
        if (strlen(hl->terms[i]) == t->len && memcmp(hl->terms[i], t->term, t->len) == 0)
            return 1;
    if (t->kind == ANA_TERM_EXACT || t->kind == ANA_TERM_PART) {
        for (size_t i = 0; i < hl->np; i++) {
            size_t pl = strlen(hl->prefixes[i]);
            if (pl <= t->len && memcmp(hl->prefixes[i], t->term, pl) == 0)
                return 1;
        }
    }
    return 0;
}

static int on_term(void *ctx, const ana_term_t *t)
{
    spans_t *s = ctx;
    if (!wanted(s->hl, t))
        return 0;
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 16;
        psg_span_t *v = realloc(s->v, cap * sizeof *v);
        if (!v) {
            s->oom = 1;
            return 1;
        }
        s->v = v;
        s->cap = cap;
    }
    s->v[s->n].start = t->start;
    s->v[s->n].end = t->end;
    s->n++;
    return 0;
}

static int by_start(const void *a, const void *b)
{
    const psg_span_t *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return x->end < y->end ? 1 : x->end > y->end ? -1 : 0;
}

size_t qry_highlight(ana_t *ana, const qry_terms_t *hl, ana_lang_t lang, const char *text,
                     size_t len, psg_span_t **out)
{
    spans_t s = { hl, NULL, 0, 0, 0 };
    *out = NULL;
    ana_analyze(ana, ANA_MODE_DOCUMENT, lang, text, len, 1, on_term, &s);
    if (s.oom) {
        free(s.v);
        return (size_t)-1;
    }
    if (s.n > 1)
        qsort(s.v, s.n, sizeof *s.v, by_start);
    /* Merge overlaps: a token matched as a whole and by a part. */
    size_t m = 0;
    for (size_t i = 0; i < s.n; i++) {
        if (m > 0 && s.v[i].start < s.v[m - 1].end) {
            if (s.v[i].end > s.v[m - 1].end)
                s.v[m - 1].end = s.v[i].end;
        } else {
            s.v[m++] = s.v[i];
        }
    }
    *out = s.v;
    return m;
}
