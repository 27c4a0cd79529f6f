/* fields.c - field:value filters in a query.
 *
 *   year:2023, year:2021..2023     meeting year
 *   date:2023-01..2024-06          meeting date range; either end may be
 *                                  open; YYYY, YYYY-MM or YYYY-MM-DD
 *   lang:nb, lang:nb|da            passage language
 *   body:"Senterrådet"             meeting body, matching folded and
 *                                  OCR-damaged spellings of its words
 *   case:22/2023                   the agenda item first, then every
 *                                  passage that refers to it; any
 *                                  spelling of casenum.h, and an item
 *                                  named by its meeting, case:2023-09-14/3
 *   section:vedtak                 decisions (Vedtak, Beslutning, Danish
 *                                  Referat); or any section by name
 * Filters weigh nothing (they only restrict); case: ranks.
 */
#include "qry.h"

#include "casenum.h"
#include "schema.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Weight of an item's own passages for case: against passages that only
 * mention the case. */
#define CASE_ITEM_WEIGHT 3.0

static xs_query_t *term(const char *prefix, const char *value)
{
    char t[256];
    snprintf(t, sizeof t, "%s%s", prefix, value);
    return xs_query_term(t, 1, 0);
}

/* Parses YYYY[-MM[-DD]] into "YYYYMMDD", the first (or, with LAST, the
 * last) day it covers.  Returns 0 on success. */
static int parse_date(const char *s, size_t n, int last, char out[9])
{
    int y = 0, m = 0, d = 0, k = 0;
    char buf[16];
    if (n == 0 || n >= sizeof buf)
        return -1;
    memcpy(buf, s, n);
    buf[n] = '\0';
    char tail;
    k = sscanf(buf, "%4d-%2d-%2d%c", &y, &m, &d, &tail);
    if (k < 1 || k > 3 || y < 1000 || (k >= 2 && (m < 1 || m > 12)) || (k == 3 && (d < 1 || d > 31)))
        return -1;
    /* Reject trailing junk sscanf accepted ("2023x"). */
    size_t want = k == 1 ? 4 : k == 2 ? 7 : 10;
    if (n != want && !(k >= 2 && n >= want - 2))
        return -1;
    if (k == 1)
        m = last ? 12 : 1;
    if (k <= 2)
        d = last ? 31 : 1;
    char full[32];
    snprintf(full, sizeof full, "%04d%02d%02d", y, m, d);
    if (strlen(full) != 8)
        return -1;
    memcpy(out, full, 9);
    return 0;
}

static xs_query_t *date_range(const char *v, char *err)
{
    const char *dots = strstr(v, "..");
    char lo[9], hi[9];
    const char *lo_p = NULL, *hi_p = NULL;
    if (!dots) {
        if (parse_date(v, strlen(v), 0, lo) || parse_date(v, strlen(v), 1, hi))
            goto bad;
        return xs_query_value_range(SLOT_DATE, lo, hi);
    }
    if (dots > v) {
        if (parse_date(v, (size_t)(dots - v), 0, lo))
            goto bad;
        lo_p = lo;
    }
    if (dots[2]) {
        if (parse_date(dots + 2, strlen(dots + 2), 1, hi))
            goto bad;
        hi_p = hi;
    }
    if (!lo_p && !hi_p)
        goto bad;
    return xs_query_value_range(SLOT_DATE, lo_p, hi_p);
bad:
    snprintf(err, QRY_ERROR, "date:%.40s is not a date range like 2023-01..2024-06 (YYYY, YYYY-MM or YYYY-MM-DD; open ends allowed)", v);
    return NULL;
}

static int four_digits(const char *s, size_t n)
{
    if (n != 4)
        return 0;
    for (size_t i = 0; i < 4; i++)
        if (!isdigit((unsigned char)s[i]))
            return 0;
    return 1;
}

static xs_query_t *year_query(const char *v, char *err)
{
    const char *dots = strstr(v, "..");
    if (!dots && four_digits(v, strlen(v)))
        return term(PFX_YEAR, v);
    if (dots) {
        size_t a = (size_t)(dots - v), b = strlen(dots + 2);
        if ((a == 0 || four_digits(v, a)) && (b == 0 || four_digits(dots + 2, b)) && (a || b)) {
            char lo[5] = "", hi[5] = "";
            memcpy(lo, v, a);
            memcpy(hi, dots + 2, b);
            return xs_query_value_range(SLOT_YEAR, a ? lo : NULL, b ? hi : NULL);
        }
    }
    snprintf(err, QRY_ERROR, "year:%.40s is not a year like 2023 or a range like 2021..2023", v);
    return NULL;
}

static xs_query_t *lang_query(const char *v, char *err)
{
    xs_query_t *subs[ANA_LANG_COUNT];
    size_t n = 0;
    char buf[64];
    snprintf(buf, sizeof buf, "%s", v);
    for (char *save = NULL, *c = strtok_r(buf, "|,", &save); c; c = strtok_r(NULL, "|,", &save)) {
        ana_lang_t l = ana_lang_from_code(c);
        if (l == ANA_LANG_UNKNOWN || n == ANA_LANG_COUNT) {
            for (size_t i = 0; i < n; i++)
                xs_query_free(subs[i]);
            snprintf(err, QRY_ERROR, "lang:%.40s: use nb, nn, da or en (several with |)", v);
            return NULL;
        }
        subs[n++] = term(PFX_LANG, ana_lang_code(l));
    }
    xs_query_t *q = xs_query_combine(XS_OP_OR, subs, n, 0);
    for (size_t i = 0; i < n; i++)
        xs_query_free(subs[i]);
    return q;
}

int qry_case_canonical(const char *v, char *canon, char *err)
{
    referat_case_t c;
    if (referat_case_parse(v, strlen(v), &c) && referat_case_format(&c, canon) > 0)
        return 0;
    snprintf(err, QRY_ERROR, "malformed case number '%.40s' (e.g. case:17/2023)", v);
    return -1;
}

static xs_query_t *case_query(const char *v, char *err)
{
    /* Any spelling of casenum.h: "22/2023", "Sak 22 /2023", "sak22/23",
     * "2023/22", and an item named by its meeting, "2023-09-14/3". */
    char canon[REFERAT_CASE_MAX];
    if (qry_case_canonical(v, canon, err) < 0)
        return NULL;
    /* The item's own passages (C), its heading (H), then mentions. */
    xs_query_t *item = term(PFX_CASE, canon), *head = term(PFX_ITEM_HEAD, canon);
    xs_query_t *mention = xs_query_term(canon, 1, 0);
    xs_query_t *own[2] = { item, head };
    xs_query_t *own_or = item && head ? xs_query_combine(XS_OP_OR, own, 2, 0) : NULL;
    xs_query_t *own_w = own_or ? xs_query_scale(own_or, CASE_ITEM_WEIGHT) : NULL;
    xs_query_t *all[2] = { own_w, mention };
    xs_query_t *q = own_w && mention ? xs_query_combine(XS_OP_OR, all, 2, 0) : NULL;
    xs_query_free(item);
    xs_query_free(head);
    xs_query_free(mention);
    xs_query_free(own_or);
    xs_query_free(own_w);
    return q;
}

static xs_query_t *section_query(const char *v, char *err)
{
    static const char *const decision[] = { "vedtak", "beslutning", "decision", "decisions" };
    static const char *const names[] = { "bakgrunn", "innspill", "fremlegg", "sagsfremstilling",
                                         "indstilling", "referat" };
    for (size_t i = 0; i < sizeof decision / sizeof decision[0]; i++)
        if (strcasecmp(v, decision[i]) == 0)
            return xs_query_term(TERM_DECISION, 1, 0);
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcasecmp(v, names[i]) == 0)
            return term(PFX_SECTION, names[i]);
    snprintf(err, QRY_ERROR, "section:%.40s: use vedtak (any decision), bakgrunn, innspill, fremlegg, "
                             "sagsfremstilling, indstilling or referat", v);
    return NULL;
}

typedef struct {
    xs_query_t **subs;
    uint32_t *pos;
    size_t n, cap;
    int oom;
} body_t;

/* Collects, per word of the body value, its exact, repaired and folded
 * forms; words are AND-ed, forms OR-ed. */
static int body_term(void *ctx, const ana_term_t *t)
{
    body_t *b = ctx;
    if (t->kind != ANA_TERM_EXACT && t->kind != ANA_TERM_FOLDED)
        return 0;
    if (t->kind == ANA_TERM_FOLDED && t->term[0] != 'V')
        return 0;
    if (b->n == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 16;
        xs_query_t **v = realloc(b->subs, cap * sizeof *v);
        if (v)
            b->subs = v;
        uint32_t *p = realloc(b->pos, cap * sizeof *p);
        if (p)
            b->pos = p;
        if (!v || !p) {
            b->oom = 1;
            return 1;
        }
        b->cap = cap;
    }
    b->pos[b->n] = t->pos;
    char buf[256];
    snprintf(buf, sizeof buf, PFX_BODY "%.*s", (int)t->len, t->term);
    b->subs[b->n] = xs_query_term(buf, 1, t->pos);
    if (!b->subs[b->n]) {
        b->oom = 1;
        return 1;
    }
    b->n++;
    return 0;
}

static xs_query_t *body_query(ana_t *ana, const char *v, char *err)
{
    body_t b = { NULL, NULL, 0, 0, 0 };
    ana_analyze(ana, ANA_MODE_QUERY, ANA_LANG_UNKNOWN, v, strlen(v), 1, body_term, &b);
    xs_query_t *q = NULL;
    xs_query_t **words = b.oom ? NULL : calloc(b.n + 1, sizeof *words);
    size_t nw = 0;
    int failed = !words;
    for (size_t i = 0; !failed && i < b.n;) {
        size_t j = i;
        while (j < b.n && b.pos[j] == b.pos[i])
            j++;
        /* The forms of one word: any will do. */
        if (!(words[nw++] = xs_query_combine(XS_OP_OR, b.subs + i, j - i, 0)))
            failed = 1;
        i = j;
    }
    if (!failed && nw > 0)
        q = xs_query_combine(XS_OP_AND, words, nw, 0);
    for (size_t i = 0; i < nw; i++)
        xs_query_free(words[i]);
    free(words);
    for (size_t i = 0; i < b.n; i++)
        xs_query_free(b.subs[i]);
    free(b.subs);
    free(b.pos);
    if (!q)
        snprintf(err, QRY_ERROR, nw || b.oom ? "out of memory" : "body:%.40s has no words", v);
    return q;
}

xs_query_t *qry_field_query(ana_t *ana, const qnode_t *n, char *err)
{
    const char *f = n->field, *v = n->text;
    if (strcmp(f, "year") == 0)
        return year_query(v, err);
    if (strcmp(f, "date") == 0)
        return date_range(v, err);
    if (strcmp(f, "lang") == 0)
        return lang_query(v, err);
    if (strcmp(f, "case") == 0)
        return case_query(v, err);
    if (strcmp(f, "section") == 0)
        return section_query(v, err);
    if (strcmp(f, "body") == 0)
        return body_query(ana, v, err);
    snprintf(err, QRY_ERROR, "unknown field %s", f);
    return NULL;
}
