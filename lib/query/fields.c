/* fields.c - field:value filters in a query.
 *
 *   year:2023, year:2021..2023     meeting year
 *   date:2023-01..2024-06          meeting date range; either end may be
 *                                  open; YYYY, YYYY-MM or YYYY-MM-DD
 *   lang:nb, lang:nb|da            passage language
 *   body:"Senterrådet"             meeting body by its identity: any
 *                                  spelling of its words, folded or
 *                                  OCR-damaged, on either side
 *   case:22/2023                   the agenda item first, then every
 *                                  passage that refers to it; any
 *                                  spelling of casenum.h, and an item
 *                                  named by its meeting, case:2023-09-14/3
 *   section:vedtak                 decisions (Vedtak, Beslutning, Danish
 *                                  Referat); or any section by name
 * Filters weigh nothing (they only restrict); case: ranks.
 */
#include "qry_private.h"

#include "analysis/lexicon.h"
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

static xs_query_t *date_range(xs_db_t *db, ana_t *ana, const char *v, char *err)
{
    (void)db, (void)ana;
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

static xs_query_t *year_query(xs_db_t *db, ana_t *ana, const char *v, char *err)
{
    (void)db, (void)ana;
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

static xs_query_t *lang_query(xs_db_t *db, ana_t *ana, const char *v, char *err)
{
    (void)db, (void)ana;
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

static xs_query_t *case_query(xs_db_t *db, ana_t *ana, const char *v, char *err)
{
    (void)db, (void)ana;
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

const char *const *qry_section_names(const char *v)
{
    static const char *const decision[] = { "vedtak", "beslutning", "referat", NULL };
    static const char *const aliases[] = { "vedtak", "beslutning", "decision", "decisions" };
    static const char *const names[][2] = { { "bakgrunn", NULL },         { "innspill", NULL },
                                            { "fremlegg", NULL },         { "sagsfremstilling", NULL },
                                            { "indstilling", NULL },      { "referat", NULL } };
    for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
        if (strcasecmp(v, aliases[i]) == 0)
            return decision;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcasecmp(v, names[i][0]) == 0)
            return names[i];
    return NULL;
}

static xs_query_t *section_query(xs_db_t *db, ana_t *ana, const char *v, char *err)
{
    (void)db, (void)ana;
    const char *const *names = qry_section_names(v);
    /* More than one name: every decision section, one term for them. */
    if (names && names[1])
        return xs_query_term(TERM_DECISION, 1, 0);
    if (names)
        return term(PFX_SECTION, names[0]);
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

/* Adds TERM as one form of the body word at POS. */
static int body_form(body_t *b, const char *term, uint32_t pos)
{
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
    b->pos[b->n] = pos;
    if (!(b->subs[b->n] = xs_query_term(term, 1, pos))) {
        b->oom = 1;
        return 1;
    }
    b->n++;
    return 0;
}

/* Collects, per word of the body value, its forms: exact, and folded
 * (formats 5 and older), and its canonical identity (format 6,
 * schema.h).  Words are AND-ed, forms OR-ed. */
static int body_term(void *ctx, const ana_term_t *t)
{
    body_t *b = ctx;
    char buf[256];
    if (t->kind != ANA_TERM_EXACT && t->kind != ANA_TERM_FOLDED)
        return 0;
    if (t->kind == ANA_TERM_FOLDED && t->term[0] != 'V')
        return 0;
    snprintf(buf, sizeof buf, PFX_BODY "%.*s", (int)t->len, t->term);
    if (body_form(b, buf, t->pos))
        return 1;
    if (t->kind != ANA_TERM_EXACT)
        return 0;
    char canon[ANA_MAX_WORD + 1];
    size_t cn = ana_name_word(t->term, t->len, canon, sizeof canon);
    snprintf(buf, sizeof buf, PFX_BODY_CANON "%.*s", (int)cn, canon);
    return body_form(b, buf, t->pos);
}

/* A body value being rewritten: each word that no indexed body has by
 * its folding is replaced by the canonical form it stands for. */
typedef struct {
    xs_db_t *db;
    const char *v;
    char *out;
    size_t n, cap, copied;
    ana_t *a; /* with the word lists, loaded on first need */
    ana_lexicon_t *lex;
    int changed, failed;
} rewrite_t;

static int any_term(void *ctx, const char *t, size_t len, uint32_t freq)
{
    (void)t, (void)len, (void)freq;
    *(int *)ctx = 1;
    return 1;
}

/* Takes the canonical form from the first PFX_BODY_SEEN term T. */
static int seen_canon(void *ctx, const char *t, size_t len, uint32_t freq)
{
    char *out = ctx;
    const char *sep = memchr(t, BODY_SEP, len);
    (void)freq;
    if (sep)
        snprintf(out, ANA_MAX_WORD + 1, "%.*s", (int)(len - (size_t)(sep + 1 - t)), sep + 1);
    return 1;
}

/* The canonical form WORD (LEN bytes) has by the indexer's OCR repair
 * (lib/analysis/name.c), to OUT (CAP bytes); 0 when the word lists
 * cannot be loaded.  They take a third of a second to load, so only a
 * word unknown to the index asks for them. */
static size_t repair_word(rewrite_t *r, const char *word, size_t len, char *out, size_t cap)
{
    if (!r->a) {
        r->a = ana_new();
        r->lex = ana_lexicon_new();
        if (!r->a || !r->lex || ana_lexicon_load_default(r->lex) <= 0) {
            ana_lexicon_free(r->lex);
            r->lex = NULL;
            return 0;
        }
        ana_set_lexicon(r->a, r->lex);
    }
    return r->lex ? ana_name_key(r->a, word, len, out, cap, NULL, 0, NULL, NULL) : 0;
}

static int rewrite_word(void *ctx, const ana_token_t *t)
{
    rewrite_t *r = ctx;
    char canon[ANA_MAX_WORD + 1], to[ANA_MAX_WORD + 1] = "", buf[256];
    size_t cn = ana_name_word(t->word, t->word_len, canon, sizeof canon);
    int exists = 0;
    snprintf(buf, sizeof buf, PFX_BODY_CANON "%.*s", (int)cn, canon);
    if (xs_db_term_exists(r->db, buf, &exists) != XS_OK || exists)
        return 0; /* an unreadable index fails at the search */
    /* A written spelling the indexer repaired ("fagrddet"), else the
     * word's own repair. */
    snprintf(buf, sizeof buf, PFX_BODY_SEEN "%.*s%c", (int)cn, canon, BODY_SEP);
    if (xs_db_each_term(r->db, buf, seen_canon, to) != XS_OK)
        return 0;
    size_t tn = to[0] ? strlen(to) : repair_word(r, t->word, t->word_len, to, sizeof to);
    if (tn == 0 || (tn == cn && memcmp(to, canon, cn) == 0))
        return 0;
    size_t need = r->n + (t->start - r->copied) + tn + 1;
    if (need > r->cap) {
        char *o = realloc(r->out, need * 2);
        if (!o) {
            r->failed = 1;
            return 1;
        }
        r->out = o;
        r->cap = need * 2;
    }
    memcpy(r->out + r->n, r->v + r->copied, t->start - r->copied);
    r->n += t->start - r->copied;
    memcpy(r->out + r->n, to, tn);
    r->n += tn;
    r->copied = t->end;
    r->changed = 1;
    return 0;
}

/* V with its words that no indexed body has (damaged as typed,
 * "Fagrddet") replaced by what they stand for ("fagradet"), malloc()ed;
 * NULL when no word needs it, or out of memory. */
static char *rewrite_value(xs_db_t *db, const char *v)
{
    rewrite_t r = { db, v, NULL, 0, 0, 0, NULL, NULL, 0, 0 };
    size_t len = strlen(v);
    /* An index of format 5 or older has no canonical forms: its bodies
     * are matched as written. */
    int canonical = 0;
    if (xs_db_each_term(db, PFX_BODY_CANON, any_term, &canonical) != XS_OK || !canonical)
        return NULL;
    ana_tokenize(v, len, 1, rewrite_word, &r);
    char *out = NULL;
    if (r.changed && !r.failed && (out = realloc(r.out, r.n + (len - r.copied) + 1))) {
        memcpy(out + r.n, v + r.copied, len - r.copied);
        out[r.n + len - r.copied] = '\0';
    } else {
        free(r.out);
    }
    ana_free(r.a);
    ana_lexicon_free(r.lex);
    return out;
}

static xs_query_t *body_query(xs_db_t *db, ana_t *ana, const char *v, char *err)
{
    body_t b = { NULL, NULL, 0, 0, 0 };
    char *fixed = rewrite_value(db, v);
    const char *text = fixed ? fixed : v;
    ana_analyze(ana, ANA_MODE_QUERY, ANA_LANG_UNKNOWN, text, strlen(text), 1, body_term, &b);
    free(fixed);
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

/* The builder of each field of qry_fields (fieldtab.c). */
static const struct {
    const char *name;
    xs_query_t *(*build)(xs_db_t *db, ana_t *ana, const char *v, char *err);
} builders[] = {
    { "year", year_query }, { "date", date_range },       { "body", body_query },
    { "lang", lang_query }, { "case", case_query },       { "section", section_query },
};

xs_query_t *qry_field_query(xs_db_t *db, ana_t *ana, const qnode_t *n, char *err)
{
    for (size_t i = 0; i < sizeof builders / sizeof builders[0]; i++)
        if (strcmp(builders[i].name, n->field) == 0)
            return builders[i].build(db, ana, n->text, err);
    snprintf(err, QRY_ERROR, "unknown field %s", n->field);
    return NULL;
}
