/* highlight.c - which bytes of a hit to highlight.
 *
 * The stored passage is analysed again, in its own language, with the
 * indexer's pipeline; every term that is also a query term (or starts
 * with a query wildcard prefix) marks the bytes it came from.  Because
 * each term carries its own source offsets, a match through a stem or a
 * part of "MRg-FUS" highlights exactly the original text that matched
 * (the approach of SQLite FTS5's highlight()).
 *
 * Some terms cannot be re-derived from the stored text without the word
 * lists the indexer used (OCR repairs, compound parts, suspended-compound
 * expansions).  A compound part whose stem shows in its word is found
 * there ("opphold" marks "rehabiliteringsopphold"); for the rest the index
 * itself answers: the positions of each query term in the hit name the
 * tokens that matched, and a token with no span yet is highlighted whole
 * ("mgte" for the query "møte").
 *
 * Only where the text falls short, on remote shards: each position list
 * read is a round trip there, so the hit's term list is read first (one
 * read, with every wdf), and a query term's positions are read only when
 * the index counts it more often in the hit than the text analysed again
 * yields it where the index would (counted_in_index below).  A local
 * index reads the positions of every query term instead, which costs less
 * than its term list.
 */
#include "qry_private.h"

#include "schema.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const qry_terms_t *hl;
    psg_span_t *v;
    size_t n, cap;
    int oom;
    /* Tokens by position: their span, and whether a term matched. */
    struct tokspan {
        size_t start, end;
        int matched;
    } *tok;
    size_t ntok;
    /* For each term of HL: the tokens that yield it as the index would
     * count it, and the position of the last one counted. */
    uint32_t *seen, *last;
    /* The length of each term of HL: every term of the hit's text is
     * compared with each of them (strlen() there was a tenth of the
     * highlighting). */
    size_t *tlen;
    /* Bit L (L < 63; 63 for longer) set when a term of HL is L bytes:
     * a stem, skeleton or key of another length is no query term, and
     * most of a hit's terms are turned away by it. */
    uint64_t lens;
} spans_t;

static uint64_t len_bit(size_t len)
{
    return (uint64_t)1 << (len < 63 ? len : 63);
}

/* A stem that is the word itself, which the indexer leaves out
 * (indexer/write.c, add_term). */
static int bare_stem(const ana_term_t *t)
{
    return t->kind == ANA_TERM_STEM && t->token && t->len - 1 == t->token->word_len &&
           memcmp(t->term + 1, t->token->word, t->len - 1) == 0;
}

/* Counts T for HL's term I once per token: as the term itself (unless
 * the index leaves it out), or as a compound part visible in the word
 * (the indexer counts those without positions). */
static void count_seen(spans_t *s, size_t i, const ana_term_t *t)
{
    if (s->last[i] == t->pos + 1)
        return;
    s->last[i] = t->pos + 1;
    s->seen[i]++;
}

static int wanted(spans_t *s, const ana_term_t *t)
{
    const qry_terms_t *hl = s->hl;
    int want = 0;
    /* Only a word or a part may match otherwise (below). */
    if (t->kind != ANA_TERM_EXACT && t->kind != ANA_TERM_PART && !(s->lens & len_bit(t->len)))
        return 0;
    for (size_t i = 0; i < hl->n; i++) {
        size_t n = s->tlen[i];
        const char *term = hl->terms[i];
        if (n == t->len && term[0] == t->term[0] && memcmp(term, t->term, n) == 0) {
            if (!bare_stem(t))
                count_seen(s, i, t);
            want = 1;
        /* A compound containing a query word's stem: the index keeps no
         * position for such a part (indexer/write.c). */
        } else if (t->kind == ANA_TERM_EXACT && term[0] == 'K' && ana_part_visible(t->term, t->len, term, n)) {
            count_seen(s, i, t);
            want = 1;
        }
    }
    if (want)
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

static int add_span(spans_t *s, size_t start, size_t end)
{
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
    s->v[s->n].start = start;
    s->v[s->n].end = end;
    s->n++;
    return 0;
}

static int on_term(void *ctx, const ana_term_t *t)
{
    spans_t *s = ctx;
    if (t->pos < s->ntok && s->tok[t->pos].end == 0) {
        s->tok[t->pos].start = t->token->start;
        s->tok[t->pos].end = t->token->end;
    }
    if (!wanted(s, t))
        return 0;
    if (t->pos < s->ntok)
        s->tok[t->pos].matched = 1;
    return add_span(s, t->start, t->end);
}

/* Marks the tokens at the positions of a query term in the hit. */
static int on_position(void *ctx, uint32_t pos)
{
    spans_t *s = ctx;
    if (pos < s->ntok && s->tok[pos].end > 0 && !s->tok[pos].matched) {
        s->tok[pos].matched = 1;
        if (add_span(s, s->tok[pos].start, s->tok[pos].end))
            return 1;
    }
    return 0;
}

/* 0 when TERM never has positions in the index (docs/index-format.md):
 * skeletons and keys (V, X: synonyms, not posted), item titles and case
 * terms (I, C) and boolean fields.  Looking those up would read a block
 * of the position table per hit for nothing.  Exact words, stems (those
 * of OCR repairs have positions), compound parts and headings may. */
static int may_have_positions(const char *term)
{
    return !(term[0] >= 'A' && term[0] <= 'Z') || strchr("ZKH", term[0]) != NULL;
}

/* The factor from a stored wdf to the times the indexer counted the term
 * in a passage whose stored length (the sum of its wdfs) is STORED: 1,
 * or for a passage normalised when written (xs_doc_normalise: wdf ×
 * scale / n, n = 1 - b + b × max(length / pivot, min)) n / scale, the
 * length found again from the stored one. */
static double count_per_wdf(int normalised, uint64_t stored)
{
    if (!normalised)
        return 1.0;
    const double b = REFERAT_NORM_B, pivot = REFERAT_NORM_PIVOT, scale = REFERAT_NORM_SCALE;
    double n = 1 - b + b * REFERAT_NORM_MIN;
    /* stored = scale × length / (1 - b + b × length / pivot), solved for
     * the length; shorter than min × pivot, n is the floor. */
    double denom = scale - (double)stored * b / pivot;
    /* Longer than any length gives (rounding): unknown, read them all. */
    if (denom <= 0)
        return 1e9;
    double length = (double)stored * (1 - b) / denom;
    if (length / pivot > REFERAT_NORM_MIN)
        n = 1 - b + b * length / pivot;
    return n / scale;
}

/* Whether the index may hold a position of HL's term I in the hit that
 * the text did not give: its wdf says the indexer counted it more often
 * than the text analysed again yields it (a repair, a join, a hidden
 * compound part made with word lists the query side does not load).
 * Half a count of slack covers the wdf's rounding. */
static int counted_in_index(const spans_t *s, size_t i, const uint32_t *wdf, const uint32_t *extra,
                            double per_wdf)
{
    if (wdf[i] == XS_ABSENT)
        return 0;
    return (double)wdf[i] * per_wdf > (double)s->seen[i] + extra[i] + 0.5;
}

/* The heading words' extra count: in the passage that holds its item's
 * or sub-item's heading line, the indexer counts each word and stem of the
 * heading REFERAT_HEADING_WDF more times than the text shows (indexer/
 * write.c, add_heading), which is no reason to read their positions. */
typedef struct {
    const qry_terms_t *hl;
    uint32_t *extra;
} heading_t;

static int on_heading_term(void *ctx, const ana_term_t *t)
{
    heading_t *h = ctx;
    if ((t->kind != ANA_TERM_EXACT && t->kind != ANA_TERM_STEM && t->kind != ANA_TERM_REPAIRED) ||
        bare_stem(t) || (t->kind == ANA_TERM_EXACT && ana_is_gap_word(t->term, t->len)))
        return 0;
    for (size_t i = 0; i < h->hl->n; i++)
        if (strlen(h->hl->terms[i]) == t->len && memcmp(h->hl->terms[i], t->term, t->len) == 0)
            h->extra[i] += REFERAT_HEADING_WDF;
    return 0;
}

/* 1 when TEXT (LEN bytes, not terminated) holds NEEDLE (N bytes, N > 0). */
static int holds(const char *text, size_t len, const char *needle, size_t n)
{
    for (const char *p = text, *end = text + len; (size_t)(end - p) >= n; p++) {
        if (!(p = memchr(p, needle[0], (size_t)(end - p) - n + 1)))
            return 0;
        if (memcmp(p, needle, n) == 0)
            return 1;
    }
    return 0;
}

/* Adds to EXTRA the heading counts of HEADING (LEN bytes) when TEXT holds
 * it: 1 when it does. */
static int count_heading(ana_t *ana, ana_lang_t lang, const qry_terms_t *hl, const char *text, size_t len,
                         const char *heading, size_t hlen, uint32_t *extra)
{
    if (hlen == 0 || !holds(text, len, heading, hlen))
        return 0;
    heading_t h = { hl, extra };
    ana_analyze(ana, ANA_MODE_DOCUMENT, lang, heading, hlen, 1, on_heading_term, &h);
    return 1;
}

/* TITLE is the hit's title: the item's heading, or for a sub-item's
 * passage "ITEM – L. SUB" (indexer/write.c), whose parts were weighed as
 * headings where the passage holds them: the item's title, and the
 * sub-item's words without its letter.  A part the text does not hold as
 * written is left out, and its terms' positions are read. */
static void count_headings(ana_t *ana, ana_lang_t lang, const qry_terms_t *hl, const char *text, size_t len,
                           const char *title, uint32_t *extra)
{
    static const char dash[] = " \xe2\x80\x93 ";
    if (!title || !title[0] || count_heading(ana, lang, hl, text, len, title, strlen(title), extra))
        return;
    const char *first = strstr(title, dash);
    if (!first)
        return;
    count_heading(ana, lang, hl, text, len, title, (size_t)(first - title), extra);
    const char *last = first;
    for (const char *d; (d = strstr(last + 1, dash));)
        last = d;
    const char *words = strchr(last + strlen(dash), ' ');
    if (words)
        count_heading(ana, lang, hl, text, len, words + 1, strlen(words + 1), extra);
}

static int by_start(const void *a, const void *b)
{
    const psg_span_t *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return x->end < y->end ? 1 : x->end > y->end ? -1 : 0;
}

size_t qry_highlight(ana_t *ana, const qry_terms_t *hl, xs_db_t *db, uint32_t docid,
                     ana_lang_t lang, const char *text, size_t len, const char *title, psg_span_t **out)
{
    spans_t s = { hl, NULL, 0, 0, 0, NULL, 0, NULL, NULL, NULL, 0 };
    *out = NULL;
    /* At most one token per two bytes, plus position 0. */
    s.ntok = len / 2 + 2;
    s.tok = calloc(s.ntok, sizeof *s.tok);
    /* seen, last, the heading counts, then the wdfs of HL's terms and of
     * TERM_NORMALISED. */
    s.seen = calloc(4 * hl->n + 1, sizeof *s.seen);
    s.tlen = malloc((hl->n + 1) * sizeof *s.tlen);
    if (!s.tok || !s.seen || !s.tlen) {
        free(s.tok);
        free(s.seen);
        free(s.tlen);
        return (size_t)-1;
    }
    /* The text's skeletons (V) and Norwegian-Danish keys (X) can only
     * match query terms of their own prefix, which most queries do not
     * have: not made, they cost nothing (4% of the highlighting). */
    unsigned skip = ANA_KIND(ANA_TERM_FOLDED) | ANA_KIND(ANA_TERM_CROSS);
    for (size_t i = 0; i < hl->n; i++) {
        s.tlen[i] = strlen(hl->terms[i]);
        s.lens |= len_bit(s.tlen[i]);
        if (hl->terms[i][0] == 'V')
            skip &= ~ANA_KIND(ANA_TERM_FOLDED);
        if (hl->terms[i][0] == 'X')
            skip &= ~ANA_KIND(ANA_TERM_CROSS);
    }
    s.last = s.seen + hl->n;
    uint32_t *extra = s.last + hl->n;
    uint32_t *wdf = extra + hl->n;
    ana_analyze_skip(ana, ANA_MODE_DOCUMENT, lang, text, len, 1, skip, on_term, &s);
    /* Without the term list, every term's positions are read: on a local
     * index that is cheaper than reading the term list (a tenth of the
     * instructions at 50 MB), on a remote shard each read is a round trip. */
    int counted = 0;
    double per_wdf = 1.0;
    if (db && !s.oom && hl->n > 0 && xs_db_has_remote(db)) {
        const char **terms = malloc((hl->n + 1) * sizeof *terms);
        uint64_t stored = 0;
        if (terms) {
            memcpy(terms, hl->terms, hl->n * sizeof *terms);
            terms[hl->n] = TERM_NORMALISED;
            counted = xs_db_wdfs(db, docid, terms, hl->n + 1, wdf, &stored) == XS_OK;
            per_wdf = count_per_wdf(wdf[hl->n] != XS_ABSENT, stored);
        }
        free(terms);
        if (counted)
            count_headings(ana, lang, hl, text, len, title, extra);
    }
    for (size_t i = 0; db && !s.oom && i < hl->n; i++)
        if (may_have_positions(hl->terms[i]) && (!counted || counted_in_index(&s, i, wdf, extra, per_wdf)))
            xs_db_positions(db, docid, hl->terms[i], on_position, &s);
    free(s.tok);
    free(s.seen);
    free(s.tlen);
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
