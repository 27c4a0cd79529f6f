/* build.c - a parsed query into a Xapian query, through the same
 * analysis pipeline the indexer used (in query mode).
 *
 * A word becomes OR(exact word, SYNONYM(its Norwegian and Danish stems),
 * its joiner-less form): a passage containing the word as typed matches
 * both the exact term and the stem, so it outranks one that matches only
 * through the stem, and one query finds both languages.  A word the
 * tokenizer splits ("foo,bar") and a quoted phrase become a PHRASE of
 * exact terms.  Words that analyse to nothing (punctuation) are dropped.
 * Folded spellings ("bornekraeft" for "børnekræft") are OR-ed in at
 * FOLDED_WEIGHT.
 */
#include "qry_private.h"
#include "analysis/lexicon.h"
#include "casenum.h"
#include "testhook.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Weight of a match through Nordic folding relative to one through the
 * spelling typed, so exact spellings rank first. */
#define FOLDED_WEIGHT 0.5

/* Weight of a match on a part of a compound ("rehabilitering" in
 * "rehabiliteringsopphold") relative to a whole-word match. */
#define COMPOUND_WEIGHT 0.5

/* Weight of a match through the Norwegian-Danish spelling key
 * ("sykdom" for "sygdom"). */
#define CROSS_WEIGHT 0.3

/* Weight of a match in the passage's agenda-item title (not in the
 * passage itself): the title is searchable from every passage of the
 * item, below the passage's own words. */
#define TITLE_WEIGHT 0.3

/* Weight of a compound part spelt the other language's way ("kræft" in
 * "børnekræft" for the query "kreft"): a part, in the other spelling. */
#define CROSS_PART_WEIGHT (COMPOUND_WEIGHT * CROSS_WEIGHT)

/* At most this many other spellings of a word (ana_spell_variants) are
 * looked up in the index, and words shorter than VARIANT_MIN_CHARS get
 * none: "by" and "bø" are different words. */
#define MAX_VARIANTS 64
#define VARIANT_MIN_CHARS 4

/* A compound whose first part the word lists do not know ("Zolgensma" in
 * "Zolgensmabehandlingcn") has no part terms; a word that is no known
 * part is looked for at the start of the index's words, at most
 * MAX_HEADS such words of the first HEAD_SCAN. */
#define MAX_HEADS 16
#define HEAD_SCAN 256

typedef struct {
    uint32_t pos;
    ana_term_kind_t kind;
    char *term;
} qterm_t;

typedef struct {
    qterm_t *v;
    size_t n, cap;
    int oom;
} qterms_t;

static int collect(void *ctx, const ana_term_t *t)
{
    qterms_t *c = ctx;
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 16;
        qterm_t *v = realloc(c->v, cap * sizeof *v);
        if (!v) {
            c->oom = 1;
            return 1;
        }
        c->v = v;
        c->cap = cap;
    }
    char *s = strndup(t->term, t->len);
    if (!s) {
        c->oom = 1;
        return 1;
    }
    c->v[c->n].pos = t->pos;
    c->v[c->n].kind = t->kind;
    c->v[c->n].term = s;
    c->n++;
    return 0;
}

static void qterms_clear(qterms_t *c)
{
    for (size_t i = 0; i < c->n; i++)
        free(c->v[i].term);
    free(c->v);
    memset(c, 0, sizeof *c);
}

void qry_terms_free(qry_terms_t *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->n; i++)
        free(t->terms[i]);
    for (size_t i = 0; i < t->np; i++)
        free(t->prefixes[i]);
    for (size_t i = 0; i < t->ns; i++)
        free(t->sections[i]);
    free(t->terms);
    free(t->prefixes);
    free(t->sections);
    memset(t, 0, sizeof *t);
}

static int str_push(char ***v, size_t *n, size_t *cap, const char *s)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp((*v)[i], s) == 0)
            return 0;
    if (*n == *cap) {
        size_t c = *cap ? *cap * 2 : 16;
        char **nv = realloc(*v, c * sizeof *nv);
        if (!nv)
            return -1;
        *v = nv;
        *cap = c;
    }
    if (!((*v)[*n] = strdup(s)))
        return -1;
    (*n)++;
    return 0;
}

typedef struct {
    xs_db_t *db;
    ana_t *ana;
    qry_spellcache_t *spell;
    qry_terms_t *hl;
    char *err;
    int split; /* group_split on; the tests compare with it off */
    qry_split_t *parts; /* when not NULL, each word's parts go here too */
} build_t;

static xs_query_t *oom(build_t *b)
{
    if (!b->err[0])
        snprintf(b->err, QRY_ERROR, "out of memory");
    return NULL;
}

/* Appends SYNONYM(SUBS) scaled by WEIGHT to PARTS (when N > 0) and frees
 * SUBS' queries. */
static void add_synonym(xs_query_t **parts, size_t *np, xs_query_t **subs, size_t n, double weight)
{
    if (n == 0)
        return;
    xs_query_t *syn = xs_query_combine(XS_OP_SYNONYM, subs, n, 0);
    xs_query_t *q = syn && weight != 1.0 ? xs_query_scale(syn, weight) : syn;
    if (q != syn)
        xs_query_free(syn);
    if (q)
        parts[(*np)++] = q;
    for (size_t i = 0; i < n; i++)
        xs_query_free(subs[i]);
}

/* 1 when TERM is a canonical case number ("19/2023"). */
static int is_case_number(const char *term)
{
    const char *slash = strchr(term, '/');
    if (!slash || slash == term || strlen(slash + 1) != 4)
        return 0;
    for (const char *p = term; *p; p++)
        if (p != slash && (*p < '0' || *p > '9'))
            return 0;
    return 1;
}

/* At most this many stems stand for one skeleton or key: a bound on the
 * query's size whatever the index holds. */
#define MAX_EXPANSION 16
#define GROUP_MAX (2 * ANA_LANG_COUNT + 2 + 2 * MAX_EXPANSION)

/* The terms of one weighted SYNONYM group, each once. */
typedef struct {
    xs_query_t *q[GROUP_MAX];
    char *name[GROUP_MAX];
    uint32_t tf[GROUP_MAX]; /* passages indexed by the term (group_prune) */
    size_t n;
    uint32_t pos;
    int oom;
    int counted; /* tf[] holds the index's figures */
} group_t;

/* Adds TERM (LEN bytes) to G unless it is there or G is full; nonzero
 * when out of memory. */
static int group_add(group_t *g, const char *term, size_t len)
{
    if (g->n == GROUP_MAX || len > XS_MAX_TERM)
        return 0;
    for (size_t i = 0; i < g->n; i++)
        if (strlen(g->name[i]) == len && memcmp(g->name[i], term, len) == 0)
            return 0;
    char *name = strndup(term, len);
    xs_query_t *q = name ? xs_query_term(name, 1, g->pos) : NULL;
    if (!q) {
        free(name);
        return g->oom = 1;
    }
    g->name[g->n] = name;
    g->q[g->n++] = q;
    return 0;
}

typedef struct {
    group_t *g;
    size_t left;
} expansion_t;

static int add_expansion(void *ctx, const char *syn, size_t len)
{
    expansion_t *e = ctx;
    if (e->left == 0)
        return 1;
    e->left--;
    return group_add(e->g, syn, len);
}

/* TERM (a folding skeleton "V..." or Norwegian-Danish key "X...") and the
 * stems the index records as its synonyms (indexer/write.c), into G.  An
 * index written before skeletons and keys became synonyms holds them as
 * terms, so TERM itself stays in. */
static void expand(build_t *b, const char *term, group_t *g)
{
    if (group_add(g, term, strlen(term)) || !b->db)
        return;
    expansion_t e = { g, MAX_EXPANSION };
    if (xs_db_each_synonym(b->db, term, add_expansion, &e) == XS_NO_MEMORY)
        g->oom = 1;
}

/* Empties G. */
static void group_clear(group_t *g)
{
    for (size_t i = 0; i < g->n; i++) {
        xs_query_free(g->q[i]);
        free(g->name[i]);
    }
    g->n = 0;
}

/* Drops from G the terms the index does not hold (skeletons and keys
 * are synonyms there, not postings, and a word need not be its own stem;
 * each would cost Xapian a look-up for nothing) and notes how many
 * passages each of the others indexes. */
static void group_prune(build_t *b, group_t *g)
{
    size_t k = 0;
    g->counted = b->db != NULL;
    for (size_t i = 0; i < g->n; i++) {
        uint32_t tf = 0;
        if (!b->db || xs_db_termfreq(b->db, g->name[i], &tf) != XS_OK)
            g->counted = 0;
        else if (tf == 0) {
            xs_query_free(g->q[i]);
            free(g->name[i]);
            continue;
        }
        g->q[k] = g->q[i];
        g->name[k] = g->name[i];
        g->tf[k++] = tf;
    }
    g->n = k;
}

/* Index of TERM in G, or G->n. */
static size_t group_find(const group_t *g, const char *term)
{
    size_t i = 0;
    while (i < g->n && strcmp(g->name[i], term) != 0)
        i++;
    return i;
}

/* The number of passages Xapian estimates a SYNONYM of G's terms to
 * match, of N: as its OR does, the terms taken as independent, two at a
 * time, rounded (it matters in a small index). */
static double group_freq(const group_t *g, double n)
{
    double est = g->n > 0 ? g->tf[0] : 0;
    for (size_t i = 1; i < g->n; i++)
        est = floor(est + g->tf[i] - est * g->tf[i] / n + 0.5);
    return est;
}

/* BM25's weight of a term in TF of N passages, as Xapian computes it
 * (without relevance information; its floor keeps common terms
 * positive). */
static double term_weight(double tf, double n)
{
    double w = (n - tf + 0.5) / (tf + 0.5);
    if (w < 2)
        w = w * 0.5 + 1;
    return log(w);
}

/* When group G, weighing *WEIGHT, holds every term of OWN, those terms
 * leave G: returns the weight OWN takes over and sets *WEIGHT for the
 * rest of G (0 when nothing is left).  Each posting list is then read
 * once rather than twice, and Xapian skips more (once the page is full,
 * a part too light to reach it is looked up only in the passages the
 * others match).  BM25 scales with a group's term weight, and the ratio
 * of the groups' term weights keeps the score of a passage matching only
 * OWN's terms or only the rest; one matching both scores more, each side
 * saturating apart.  Without SPLIT that is done only when G is just OWN,
 * which keeps every score.  N is the passages in the index. */
static double group_split(group_t *g, const group_t *own, double n, int split, double *weight)
{
    if (own->n == 0 || g->n < own->n || (!split && g->n > own->n))
        return 0;
    for (size_t i = 0; i < own->n; i++)
        if (group_find(g, own->name[i]) == g->n)
            return 0;
    int counted = g->counted && own->counted && n > 0;
    double whole = counted ? term_weight(group_freq(g, n), n) : 0;
    double alone = counted ? term_weight(group_freq(own, n), n) : 0;
    if (g->n > own->n && (!counted || whole <= 0))
        return 0; /* no figures to keep the ranking by */
    size_t k = 0;
    for (size_t i = 0; i < g->n; i++) {
        if (group_find(own, g->name[i]) < own->n) {
            xs_query_free(g->q[i]);
            free(g->name[i]);
            continue;
        }
        g->q[k] = g->q[i];
        g->name[k] = g->name[i];
        g->tf[k++] = g->tf[i];
    }
    g->n = k;
    double share = alone > 0 && whole > 0 ? *weight * whole / alone : *weight;
    double rest = k > 0 ? term_weight(group_freq(g, n), n) : 0;
    *weight = k == 0 ? 0 : rest > 0 ? *weight * whole / rest : *weight;
    return share;
}

/* Appends SYNONYM(G) scaled by WEIGHT to PARTS, as add_synonym, and
 * empties G. */
static void add_group(xs_query_t **parts, size_t *np, group_t *g, double weight)
{
    add_synonym(parts, np, g->q, g->n, weight);
    for (size_t i = 0; i < g->n; i++)
        free(g->name[i]);
    g->n = 0;
}

/* 1 when the index holds TERM; a look-up that fails counts as not held
 * and sets *FAILED (when FAILED is not NULL). */
static int held_noting(build_t *b, const char *term, int *failed)
{
    uint32_t tf = 0;
    if (!b->db)
        return 0;
    if (xs_db_termfreq(b->db, term, &tf) != XS_OK) {
        if (failed)
            *failed = 1;
        return 0;
    }
    return tf > 0;
}

/* 1 when the index holds TERM. */
static int held(build_t *b, const char *term)
{
    return held_noting(b, term, NULL);
}

/* The other spellings of a word that the index holds, recorded as they
 * are found: for each term, the group it goes to (a spelling_to_t, as
 * one byte from 1) and the term, NUL-terminated.  The record depends
 * only on the word and the index's revision, so the engine remembers it
 * (spellcache.c) and its own stems are left out when it is replayed. */
typedef enum {
    TO_FOLD = 1, /* the same word with its marks restored: its exact word and stems */
    TO_CROSS,    /* the other language's spelling: the same */
    TO_PARTS,    /* their compound parts */
    TO_TITLES,   /* their stems in item titles ("I" + stem) */
    TO_WORDS,    /* for a phrase: the spellings themselves */
    TO_COUNT
} spelling_to_t;

typedef struct {
    build_t *b;
    int words;   /* a phrase's word: the spellings held, not their terms */
    int depth;   /* 1 inside the spellings of a spelling */
    char *rec;
    size_t len, cap;
    int oom;
    int failed;  /* a look-up failed: the record is this search's only */
} variants_t;

/* Records TERM for group TO when the index holds it. */
static void note_held(variants_t *v, spelling_to_t to, const char *term)
{
    size_t n = strlen(term);
    if (v->oom || !held_noting(v->b, term, &v->failed))
        return;
    if (v->len + n + 2 > v->cap) {
        size_t cap = v->cap ? 2 * v->cap : 256;
        while (cap < v->len + n + 2)
            cap *= 2;
        char *r = realloc(v->rec, cap);
        if (!r) {
            v->oom = 1;
            return;
        }
        v->rec = r;
        v->cap = cap;
    }
    v->rec[v->len++] = (char)to;
    memcpy(v->rec + v->len, term, n + 1);
    v->len += n + 1;
}

static int on_cross_variant(void *ctx, const char *word, size_t len, int cross);

static int on_variant(void *ctx, const char *word, size_t len, int cross)
{
    variants_t *v = ctx;
    if (v->words) {
        note_held(v, TO_WORDS, word);
        return v->oom;
    }
    qterms_t c = { 0 };
    if (ana_analyze(v->b->ana, ANA_MODE_QUERY, ANA_LANG_UNKNOWN, word, len, 1, collect, &c) == 0 &&
        c.oom) {
        qterms_clear(&c);
        return v->oom = 1;
    }
    spelling_to_t whole = cross ? TO_CROSS : TO_FOLD;
    for (size_t i = 0; i < c.n; i++) {
        const char *t = c.v[i].term;
        switch (c.v[i].kind) {
        case ANA_TERM_EXACT:
            note_held(v, whole, t);
            break;
        case ANA_TERM_STEM: {
            /* As the word's own stems: "Z" + stem, the bare stem, and
             * "I" + stem in the agenda item's title. */
            char it[ANA_MAX_WORD + 8];
            note_held(v, whole, t);
            note_held(v, whole, t + 1);
            snprintf(it, sizeof it, "I%s", t + 1);
            note_held(v, TO_TITLES, it);
            break;
        }
        case ANA_TERM_COMPOUND:
            note_held(v, TO_PARTS, t);
            break;
        default:
            break;
        }
    }
    qterms_clear(&c);
    /* A word with its marks restored has the other language's
     * spellings too: "boern" is "børn", which is Norwegian "barn". */
    if (!cross && v->depth == 0 && held_noting(v->b, word, &v->failed)) {
        v->depth = 1;
        ana_spell_variants(word, len, MAX_VARIANTS / 4, on_cross_variant, v);
        v->depth = 0;
    }
    return v->oom;
}

/* The other language's spellings of a spelling (on_variant). */
static int on_cross_variant(void *ctx, const char *word, size_t len, int cross)
{
    return cross ? on_variant(ctx, word, len, 1) : 0;
}

/* The other spellings of WORD that the index holds, into the groups TO
 * (by spelling_to_t; TO[TO_WORDS] for a phrase's word, the others
 * otherwise), but for the terms of OWN (the typed word's stems: not
 * again), and to the highlighted terms when POSITIVE.  The spellings
 * are looked for once per word and revision (SPELL). */
static void add_variants(build_t *b, group_t *const to[TO_COUNT], const group_t *own, int positive,
                         const char *word)
{
    if (!b->db || ana_utf8_chars(word, strlen(word)) < VARIANT_MIN_CHARS || strpbrk(word, "0123456789"))
        return;
    int kind = to[TO_WORDS] != NULL;
    size_t len = 0;
    variants_t v = { b, kind, 0, NULL, 0, 0, 0, 0 };
    const char *rec = qry_spellcache_find(b->spell, b->db, kind, word, &len);
    if (!rec) {
        ana_spell_variants(word, strlen(word), MAX_VARIANTS, on_variant, &v);
        if (!v.oom && !v.failed)
            qry_spellcache_keep(b->spell, b->db, kind, word, v.rec, v.len);
        rec = v.rec;
        len = v.len;
    }
    for (const char *r = rec; r < rec + len; r += strlen(r) + 1) {
        group_t *g = to[(unsigned char)r[0]];
        const char *term = r + 1;
        if (own && group_find(own, term) < own->n)
            continue;
        group_add(g, term, strlen(term));
        if (positive)
            str_push(&b->hl->terms, &b->hl->n, &b->hl->cap, term);
    }
    if (v.oom)
        to[kind ? TO_WORDS : TO_FOLD]->oom = 1;
    free(v.rec);
}

/* Index words that begin with a query word, collected for heads(). */
typedef struct {
    size_t skip;     /* bytes of the query word */
    char *word[HEAD_SCAN];
    size_t n;
    int oom;
} starts_t;

static int on_start(void *ctx, const char *term, size_t len, uint32_t tf)
{
    starts_t *s = ctx;
    (void)tf;
    if (len <= s->skip)
        return 0;
    if (!(s->word[s->n] = strndup(term, len)))
        return s->oom = 1;
    return ++s->n == HEAD_SCAN;
}

/* 1 when REST (what follows the first part) is a word the index holds,
 * after a linking "s" or "e", or is one with at most two letters more:
 * OCR damage at the end ("behandlingcn").  Plain bytes suffice: the
 * damage is counted in letters only roughly. */
static int known_rest(build_t *b, const char *rest)
{
    char buf[ANA_MAX_WORD + 1];
    for (int link = 0; link <= 1; link++) {
        const char *r = rest + link;
        if (link && rest[0] != 's' && rest[0] != 'e')
            continue;
        size_t n = strlen(r);
        if (n >= sizeof buf)
            continue;
        for (size_t cut = 0; cut <= 2 && n - cut >= (size_t)ANA_PART_MIN_CHARS + 1; cut++) {
            memcpy(buf, r, n - cut);
            buf[n - cut] = '\0';
            if (held(b, buf))
                return 1;
        }
    }
    return 0;
}

/* The index's words that are WORD followed by a known word, into G: the
 * compounds of a first part the word lists do not know. */
static void heads(build_t *b, const char *word, group_t *g, int positive)
{
    starts_t s = { .skip = strlen(word) };
    if (!b->db || ana_utf8_chars(word, strlen(word)) < ANA_PART_MIN_CHARS || strpbrk(word, "0123456789"))
        return;
    /* A walk that fails (the search will say why) adds what it saw. */
    (void)xs_db_each_term(b->db, word, on_start, &s);
    for (size_t i = 0, added = 0; i < s.n; i++) {
        if (added < MAX_HEADS && !s.oom && known_rest(b, s.word[i] + s.skip)) {
            group_add(g, s.word[i], strlen(s.word[i]));
            if (positive)
                str_push(&b->hl->terms, &b->hl->n, &b->hl->cap, s.word[i]);
            added++;
        }
        free(s.word[i]);
    }
    if (s.oom)
        g->oom = 1;
}

/* Adds a copy of Q to SP's heavy parts, or (LIGHT) to its light ones;
 * out of memory, SP is marked failed. */
static void split_add(qry_split_t *sp, xs_query_t *q, int light)
{
    xs_query_t ***v = light ? &sp->light : &sp->heavy;
    size_t *n = light ? &sp->nlight : &sp->nheavy, *cap = light ? &sp->caplight : &sp->capheavy;
    xs_query_t *copy = xs_query_combine(XS_OP_OR, &q, 1, 0);
    if (copy && *n == *cap) {
        size_t c = *cap ? *cap * 2 : 16;
        xs_query_t **bigger = realloc(*v, c * sizeof *bigger);
        if (bigger) {
            *v = bigger;
            *cap = c;
        }
    }
    if (!copy || *n == *cap) {
        xs_query_free(copy);
        sp->failed = 1;
        return;
    }
    (*v)[(*n)++] = copy;
}

/* The query for one token: the terms at position POS of C. */
static xs_query_t *token_query(build_t *b, const qterms_t *c, uint32_t pos, int positive)
{
    xs_query_t *parts[11] = { NULL };
    xs_query_t *comp[ANA_LANG_COUNT + 1];
    xs_query_t *items[2];
    xs_query_t *titles[ANA_LANG_COUNT + 1];
    size_t np = 0, nc = 0, ni = 0, nt = 0;
    group_t stems = { .pos = pos }, folded = { .pos = pos }, cross = { .pos = pos };
    group_t exact = { .pos = pos }; /* the word as typed, for group_split */
    group_t vparts = { .pos = pos };  /* parts in the other spellings */
    group_t vtitles = { .pos = pos }; /* their stems in item titles */
    group_t unknown = { .pos = pos }; /* compounds of an unknown first part */
    int part_held = 0;
    size_t exact_part = 0;
    for (size_t i = 0; i < c->n; i++) {
        const qterm_t *t = &c->v[i];
        if (t->pos != pos)
            continue;
        xs_query_t *q = NULL;
        switch (t->kind) {
        case ANA_TERM_EXACT:
        case ANA_TERM_SQUASHED:
            if (np < 2 && (q = xs_query_term(t->term, 1, pos))) {
                if (t->kind == ANA_TERM_EXACT && exact.n == 0) {
                    exact_part = np;
                    group_add(&exact, t->term, strlen(t->term));
                }
                parts[np++] = q;
            }
            if (q && t->kind == ANA_TERM_EXACT && is_case_number(t->term) && ni == 0) {
                /* The item itself ("Sak 19/2023 Title" at a line start)
                 * outranks passages that only refer to it. */
                char h[64];
                snprintf(h, sizeof h, "H%s", t->term);
                xs_query_t *hq = xs_query_term(h, 1, pos);
                if (hq)
                    items[ni++] = hq;
            }
            break;
        case ANA_TERM_STEM:
            /* "Z" + stem, and the stem as a word: the indexer posts no
             * "Z" term for a word that is its own stem. */
            group_add(&stems, t->term, strlen(t->term));
            group_add(&stems, t->term + 1, strlen(t->term) - 1);
            q = stems.oom ? NULL : stems.q[0];
            if (q && nt < ANA_LANG_COUNT) {
                /* The same stem in the agenda item's title ("I" + stem). */
                char it[ANA_MAX_WORD + 8];
                snprintf(it, sizeof it, "I%s", t->term + 1);
                xs_query_t *tq = xs_query_term(it, 1, pos);
                if (tq)
                    titles[nt++] = tq;
            }
            break;
        case ANA_TERM_CROSS:
            expand(b, t->term, &cross);
            q = cross.oom ? NULL : cross.q[0];
            break;
        case ANA_TERM_COMPOUND:
            if (nc < sizeof comp / sizeof comp[0] && (q = xs_query_term(t->term, 1, pos)))
                comp[nc++] = q;
            part_held = part_held || held(b, t->term);
            break;
        case ANA_TERM_FOLDED:
            if (t->term[0] == 'V')
                expand(b, t->term, &folded);
            else
                group_add(&folded, t->term, strlen(t->term));
            q = folded.oom ? NULL : folded.q[0];
            break;
        default:
            /* Parts of "MRg-FUS" would widen the query to either part. */
            continue;
        }
        if (!q)
            break;
        if (positive && str_push(&b->hl->terms, &b->hl->n, &b->hl->cap, t->term) < 0)
            break;
    }
    /* Stems weigh like the word; a compound containing the word, a
     * folded spelling and the other language's spelling weigh less.  A
     * key or skeleton that stands for just the word's own stems (most
     * do: "Xerfarink" for erfaring) adds its weight to theirs instead.
     * One that stands for other spellings too ("Vmote": møte, mote and
     * the OCR's "m@te") stays whole: the indexer posts a repaired word's
     * stem beside its spelling, so split apart, one damaged word would
     * count twice and outrank clean ones (a 50 MB bench query put
     * "europaeisk" at 22.4 above "europæisk" at 18.7). */
    if (exact.n > 0) {
        group_t *const to[TO_COUNT] = { [TO_FOLD] = &folded, [TO_CROSS] = &cross, [TO_PARTS] = &vparts,
                                        [TO_TITLES] = &vtitles };
        add_variants(b, to, &stems, positive, exact.name[0]);
        /* No compound has the word as a known part: perhaps the word
         * lists do not know it. */
        if (nc > 0 && !part_held)
            heads(b, exact.name[0], &unknown, positive);
    }
    group_prune(b, &stems);
    group_prune(b, &cross);
    group_prune(b, &folded);
    uint32_t passages = 0;
    if (b->db && xs_db_doccount(b->db, &passages) != XS_OK)
        passages = 0;
    double n = passages, stem_weight = 1.0, cross_weight = CROSS_WEIGHT, folded_weight = FOLDED_WEIGHT;
    stem_weight += group_split(&cross, &stems, n, 0, &cross_weight);
    stem_weight += group_split(&folded, &stems, n, 0, &folded_weight);
    /* The word as typed is often one of its stems' terms too ("arbeid"
     * is its own Norwegian stem): it leaves the stems, so that its list,
     * usually the longest, is read once; a passage with it and another
     * form ("arbeid", "arbeidet") counts both (group_split).  Out of
     * memory, the scaling is lost, as add_synonym loses a group. */
    size_t in_stems = exact.n > 0 ? group_find(&stems, exact.name[0]) : stems.n;
    if (in_stems < stems.n) {
        /* Its count is the stems' (group_prune looked it up there). */
        exact.tf[0] = stems.tf[in_stems];
        exact.counted = stems.counted;
        double share = group_split(&stems, &exact, n, b->split, &stem_weight);
        xs_query_t *scaled = share > 0 ? xs_query_scale(parts[exact_part], 1.0 + share) : NULL;
        if (scaled) {
            xs_query_free(parts[exact_part]);
            parts[exact_part] = scaled;
        }
    }
    group_clear(&exact);
    add_group(parts, &np, &stems, stem_weight);
    add_synonym(parts, &np, comp, nc, COMPOUND_WEIGHT);
    group_prune(b, &unknown);
    add_group(parts, &np, &unknown, COMPOUND_WEIGHT);
    if (ni > 0)
        parts[np++] = items[0];
    /* The other spellings' parts are light (qry_split_t). */
    size_t first_light = np;
    add_group(parts, &np, &cross, cross_weight);
    add_group(parts, &np, &folded, folded_weight);
    add_group(parts, &np, &vparts, CROSS_PART_WEIGHT);
    size_t titles_at = np;
    add_synonym(parts, &np, titles, nt, TITLE_WEIGHT);
    int has_title = np > titles_at;
    add_group(parts, &np, &vtitles, TITLE_WEIGHT * CROSS_WEIGHT);
    xs_query_t *result = xs_query_combine(XS_OP_OR, parts, np, 0);
    for (size_t i = 0; b->parts && i < np; i++)
        split_add(b->parts, parts[i], i >= first_light && !(has_title && i == titles_at));
    for (size_t i = 0; i < np; i++)
        xs_query_free(parts[i]);
    return result ? result : oom(b);
}

/* T (the exact word W at phrase position POS), or OR(T, the other
 * spellings of W the index holds), so that "forum for bornekraeft"
 * finds "Forum for Børnekræft".  T is taken over; out of memory, T. */
static xs_query_t *with_variants(build_t *b, xs_query_t *t, const char *w, uint32_t pos, int positive)
{
    group_t g = { .pos = pos };
    group_t *const to[TO_COUNT] = { [TO_WORDS] = &g };
    add_variants(b, to, NULL, positive, w);
    if (g.n == 0 || g.n == GROUP_MAX)
        return t;
    g.q[g.n++] = t;
    xs_query_t *any = xs_query_combine(XS_OP_OR, g.q, g.n, 0);
    g.n--;
    group_clear(&g);
    if (!any)
        return t;
    xs_query_free(t);
    return any;
}

/* A phrase of the exact words at POSITIONS (NPOS of them) of C.  Gap
 * words (ana_is_gap_word) have no positions in the index: the phrase
 * passes over them, within as many positions as its words span, and the
 * passage must hold them too.  NULL when out of memory. */
static xs_query_t *phrase_query(build_t *b, const qterms_t *c, const uint32_t *positions, size_t npos,
                                int positive)
{
    /* words: the phrase's words; ands: the phrase itself, then the gaps. */
    xs_query_t **words = calloc(2 * npos + 1, sizeof *words), **ands = words + npos;
    size_t nw = 0, na = 1, first = 0, last = 0;
    if (!words)
        return NULL;
    for (size_t k = 0; k < npos; k++)
        for (size_t i = 0; i < c->n; i++) {
            if (c->v[i].pos != positions[k] || c->v[i].kind != ANA_TERM_EXACT)
                continue;
            const char *w = c->v[i].term;
            xs_query_t *t = xs_query_term(w, 1, (uint32_t)k + 1);
            if (t && ana_is_gap_word(w, strlen(w))) {
                ands[na++] = t;
            } else if (t) {
                first = nw ? first : k;
                last = k;
                words[nw++] = with_variants(b, t, w, (uint32_t)k + 1, positive);
            }
            if (positive)
                str_push(&b->hl->terms, &b->hl->n, &b->hl->cap, w);
            break;
        }
    /* Window 0 is Xapian's "adjacent"; a gap widens it to the span. */
    size_t span = nw ? last - first + 1 : 0;
    if (nw > 1)
        ands[0] = xs_query_combine(XS_OP_PHRASE, words, nw, span > nw ? (uint32_t)span : 0);
    else if (nw == 1)
        ands[0] = xs_query_combine(XS_OP_AND, words, 1, 0);
    xs_query_t *q = NULL;
    if (na == 1)
        q = ands[0]; /* no gap words: the phrase alone */
    else if (ands[0] || nw == 0)
        q = xs_query_combine(XS_OP_AND, ands + (ands[0] ? 0 : 1), na - (ands[0] ? 0 : 1), 0);
    for (size_t i = 0; i < nw; i++)
        xs_query_free(words[i]);
    for (size_t i = na == 1 ? 1 : 0; i < na; i++)
        xs_query_free(ands[i]);
    free(words);
    return q;
}

/* A word or phrase.  *empty is set when it has nothing searchable. */
static xs_query_t *text_query(build_t *b, const qnode_t *node, int positive, int *empty)
{
    qterms_t c = { 0 };
    const char *text = node->text;
    if (ana_analyze(b->ana, ANA_MODE_QUERY, ANA_LANG_UNKNOWN, text, strlen(text), 1, collect, &c) == 0 &&
        c.oom) {
        qterms_clear(&c);
        return oom(b);
    }
    /* Distinct token positions, in order. */
    uint32_t positions[QRY_MAX_TERMS];
    size_t npos = 0;
    for (size_t i = 0; i < c.n && npos < QRY_MAX_TERMS; i++)
        if (npos == 0 || positions[npos - 1] != c.v[i].pos)
            positions[npos++] = c.v[i].pos;
    xs_query_t *q = NULL;
    if (npos == 0) {
        *empty = 1;
    } else if (node->wildcard) {
        const char *prefix = NULL;
        for (size_t i = 0; i < c.n; i++)
            if (c.v[i].kind == ANA_TERM_EXACT && c.v[i].pos == positions[npos - 1])
                prefix = c.v[i].term;
        if (npos != 1 || !prefix || ana_utf8_chars(prefix, strlen(prefix)) < QRY_WILDCARD_MIN_CHARS) {
            snprintf(b->err, QRY_ERROR, "'%.60s*' needs at least %d letters before the '*'", text,
                     QRY_WILDCARD_MIN_CHARS);
        } else {
            q = xs_query_wildcard(prefix, QRY_WILDCARD_EXPANSION, 1);
            if (!q || (positive && str_push(&b->hl->prefixes, &b->hl->np, &b->hl->capp, prefix) < 0))
                q = oom(b);
        }
    } else if (npos == 1) {
        q = token_query(b, &c, positions[0], positive);
    } else {
        q = phrase_query(b, &c, positions, npos, positive);
        if (!q)
            q = oom(b);
    }
    qterms_clear(&c);
    /* A phrase or a prefix is heavy whole. */
    if (q && b->parts && (node->wildcard || npos > 1))
        split_add(b->parts, q, 0);
    return q;
}

static xs_query_t *build_node(build_t *b, const qnode_t *n, int positive, int *empty);

/* OP(A, B), freeing both; NULL when either is NULL. */
static xs_query_t *join_pair(xs_op_t op, xs_query_t *a, xs_query_t *b)
{
    xs_query_t *pair[2] = { a, b };
    xs_query_t *r = a && b ? xs_query_combine(op, pair, 2, 0) : NULL;
    xs_query_free(a);
    xs_query_free(b);
    return r;
}

/* Q scaled by FACTOR, freeing Q; NULL when Q is NULL. */
static xs_query_t *scale_owned(xs_query_t *q, double factor)
{
    xs_query_t *r = q ? xs_query_scale(q, factor) : NULL;
    xs_query_free(q);
    return r;
}

/* AND: the positive operands, minus any NOT operands; the optional
 * ones (a year among keywords, understand.c) only add their weight. */
static xs_query_t *build_and(build_t *b, const qnode_t *n, int positive, int *empty)
{
    xs_query_t **pos = calloc(n->n, sizeof *pos), **neg = calloc(n->n, sizeof *neg);
    xs_query_t **opt = calloc(n->n, sizeof *opt);
    size_t np = 0, nn = 0, no = 0;
    xs_query_t *q = NULL;
    int failed = !pos || !neg || !opt;
    for (size_t i = 0; i < n->n && !failed; i++) {
        const qnode_t *k = n->kids[i];
        int e = 0;
        int is_not = k->kind == QN_NOT;
        xs_query_t *sub = build_node(b, is_not ? k->kids[0] : k, positive && !is_not, &e);
        if (!sub && !e) {
            failed = 1;
        } else if (sub) {
            if (is_not)
                neg[nn++] = sub;
            else if (k->optional)
                opt[no++] = sub;
            else
                pos[np++] = sub;
        }
    }
    if (!failed && np == 0 && no > 0) {
        /* Nothing else to require: the optional operands are the query. */
        memcpy(pos, opt, no * sizeof *opt);
        np = no;
        no = 0;
    }
    if (!failed) {
        if (np == 0 && nn > 0) {
            snprintf(b->err, QRY_ERROR, "a query needs at least one word that is not negated");
        } else if (np == 0) {
            *empty = 1;
        } else {
            xs_query_t *all = xs_query_combine(XS_OP_AND, pos, np, 0);
            if (all && no > 0)
                all = join_pair(XS_OP_AND_MAYBE, all, xs_query_combine(XS_OP_OR, opt, no, 0));
            if (all && nn > 0) {
                xs_query_t *none = xs_query_combine(XS_OP_OR, neg, nn, 0);
                xs_query_t *pair[2] = { all, none };
                q = none ? xs_query_combine(XS_OP_AND_NOT, pair, 2, 0) : NULL;
                xs_query_free(none);
                xs_query_free(all);
            } else {
                q = all;
            }
            if (!q)
                oom(b);
        }
    }
    for (size_t i = 0; i < np; i++)
        xs_query_free(pos[i]);
    for (size_t i = 0; i < nn; i++)
        xs_query_free(neg[i]);
    for (size_t i = 0; i < no; i++)
        xs_query_free(opt[i]);
    free(pos);
    free(neg);
    free(opt);
    return q;
}

static xs_query_t *build_or(build_t *b, const qnode_t *n, int positive, int *empty)
{
    xs_query_t **subs = calloc(n->n, sizeof *subs);
    size_t ns = 0;
    int failed = !subs;
    for (size_t i = 0; i < n->n && !failed; i++) {
        if (n->kids[i]->kind == QN_NOT) {
            snprintf(b->err, QRY_ERROR, "NOT cannot stand beside OR; write: a -b");
            failed = 1;
            break;
        }
        int e = 0;
        xs_query_t *sub = build_node(b, n->kids[i], positive, &e);
        if (sub)
            subs[ns++] = sub;
        else if (!e)
            failed = 1;
    }
    xs_query_t *q = NULL;
    if (!failed) {
        if (ns == 0)
            *empty = 1;
        else if (!(q = xs_query_combine(XS_OP_OR, subs, ns, 0)))
            oom(b);
        else if (n->all_bonus > 0 && ns > 1)
            /* A sentence's words (understand.c): a passage with all of
             * them counts their weight once more at all_bonus. */
            q = join_pair(XS_OP_OR, q, scale_owned(xs_query_combine(XS_OP_AND, subs, ns, 0),
                                                            n->all_bonus));
        if (!q && !b->err[0])
            oom(b);
    }
    for (size_t i = 0; i < ns; i++)
        xs_query_free(subs[i]);
    free(subs);
    return q;
}

/* Keeps the sections a positive section: field N asks for, so that a
 * hit's snippet comes from them (qry_locate); -1 when out of memory. */
static int section_asked(build_t *b, const qnode_t *n)
{
    const char *const *names = strcmp(n->field, "section") == 0 ? qry_section_names(n->text) : NULL;
    for (size_t i = 0; names && names[i]; i++)
        if (str_push(&b->hl->sections, &b->hl->ns, &b->hl->caps, names[i]) < 0)
            return -1;
    return 0;
}

/* A field: its filter; for section: the sections the snippet comes
 * from, and for case: the case number highlighted where a passage cites
 * it. */
static xs_query_t *field_query(build_t *b, const qnode_t *n, int positive)
{
    if (positive && section_asked(b, n) < 0)
        return oom(b);
    xs_query_t *q = qry_field_query(b->db, b->ana, n, b->err);
    char canon[REFERAT_CASE_MAX], scratch[QRY_ERROR];
    if (q && positive && strcmp(n->field, "case") == 0 && qry_case_canonical(n->text, canon, scratch) == 0 &&
        str_push(&b->hl->terms, &b->hl->n, &b->hl->cap, canon) < 0) {
        xs_query_free(q);
        return oom(b);
    }
    return q;
}

static xs_query_t *build_node(build_t *b, const qnode_t *n, int positive, int *empty)
{
    switch (n->kind) {
    case QN_WORD:
    case QN_PHRASE:
        return text_query(b, n, positive, empty);
    case QN_AND:
        return build_and(b, n, positive, empty);
    case QN_OR:
        return build_or(b, n, positive, empty);
    case QN_NOT:
        snprintf(b->err, QRY_ERROR, "a query needs at least one word that is not negated");
        return NULL;
    case QN_FIELD:
        return field_query(b, n, positive);
    }
    return NULL;
}

xs_query_t *qry_build(xs_db_t *db, ana_t *ana, qry_spellcache_t *spell, const qnode_t *tree, qry_terms_t *hl,
                      char *err)
{
    err[0] = '\0';
    build_t b = { db, ana, spell, hl, err, referat_test_env("REFERAT_NO_SPLIT") == NULL, NULL };
    int empty = 0;
    xs_query_t *q = build_node(&b, tree, 1, &empty);
    if (!q && !err[0])
        snprintf(err, QRY_ERROR, empty ? "the query has no searchable words" : "out of memory");
    return q;
}


int qry_has_kind(const qnode_t *n, qn_kind_t kind)
{
    if (n->kind == kind)
        return 1;
    for (size_t i = 0; i < n->n; i++)
        if (qry_has_kind(n->kids[i], kind))
            return 1;
    return 0;
}

int qry_has_field(const qnode_t *n)
{
    return qry_has_kind(n, QN_FIELD);
}

/* 1 when N's weight in a passage is the sum of its words' parts': a
 * word, a phrase, or an OR of such without a bonus for all of them. */
static int sum_of_parts(const qnode_t *n)
{
    if (n->kind == QN_WORD || n->kind == QN_PHRASE)
        return 1;
    if (n->kind != QN_OR || n->all_bonus > 0)
        return 0;
    for (size_t i = 0; i < n->n; i++)
        if (!sum_of_parts(n->kids[i]))
            return 0;
    return 1;
}

/* OR of the N queries V, less NONE (when not NULL); NULL when out of
 * memory. */
static xs_query_t *or_less(xs_query_t *const *v, size_t n, xs_query_t *none)
{
    xs_query_t *any = n > 0 ? xs_query_combine(XS_OP_OR, v, n, 0) : xs_query_none();
    if (!any || !none)
        return any;
    xs_query_t *pair[2] = { any, none };
    xs_query_t *q = xs_query_combine(XS_OP_AND_NOT, pair, 2, 0);
    xs_query_free(any);
    return q;
}

void qry_split_clear(qry_split_t *sp)
{
    for (size_t i = 0; i < sp->nheavy; i++)
        xs_query_free(sp->heavy[i]);
    for (size_t i = 0; i < sp->nlight; i++)
        xs_query_free(sp->light[i]);
    free(sp->heavy);
    free(sp->light);
    xs_query_free(sp->heavy_q);
    xs_query_free(sp->light_q);
    memset(sp, 0, sizeof *sp);
}

xs_query_t *qry_build_relaxed(xs_db_t *db, ana_t *ana, qry_spellcache_t *spell, const qnode_t *tree,
                              qry_split_t *sp)
{
    if (tree->kind != QN_AND)
        return NULL;
    qry_terms_t scratch = { 0 };
    char err[QRY_ERROR] = "";
    if (sp)
        memset(sp, 0, sizeof *sp);
    build_t b = { db, ana, spell, &scratch, err, referat_test_env("REFERAT_NO_SPLIT") == NULL, sp };
    /* The same operands, OR-ed; the negated ones still exclude. */
    qnode_t **pos = calloc(tree->n, sizeof *pos), **neg = calloc(tree->n, sizeof *neg);
    qnode_t **req = calloc(tree->n, sizeof *req);
    size_t np = 0, nn = 0, nr = 0;
    xs_query_t *q = NULL, *none = NULL;
    if (pos && neg && req) {
        for (size_t i = 0; i < tree->n; i++) {
            if (tree->kids[i]->kind == QN_NOT)
                neg[nn++] = tree->kids[i]->kids[0];
            else if (qry_has_field(tree->kids[i]))
                req[nr++] = tree->kids[i]; /* filters hold for every hit */
            else
                pos[np++] = tree->kids[i];
            if (tree->kids[i]->kind != QN_NOT && !sum_of_parts(tree->kids[i]))
                b.parts = NULL; /* no split: see qry_split_t */
        }
    }
    int splitting = b.parts != NULL;
    if (np >= 2) {
        qnode_t any = { .kind = QN_OR, .kids = pos, .n = np };
        int empty = 0;
        q = build_node(&b, &any, 1, &empty);
        b.parts = NULL;
        qnode_t all = { .kind = QN_AND, .kids = req, .n = nr };
        qnode_t nodes = { .kind = QN_OR, .kids = neg, .n = nn };
        if (q && nr > 0)
            q = join_pair(XS_OP_AND, q, build_node(&b, &all, 1, &empty));
        if (q && nn > 0) {
            /* As join_pair, NONE kept for the heavy parts. */
            none = build_node(&b, &nodes, 1, &empty);
            xs_query_t *pair[2] = { q, none };
            xs_query_t *r = none ? xs_query_combine(XS_OP_AND_NOT, pair, 2, 0) : NULL;
            xs_query_free(q);
            q = r;
        }
    }
    if (sp && q && splitting && !sp->failed) {
        sp->heavy_q = or_less(sp->heavy, sp->nheavy, none);
        sp->light_q = or_less(sp->light, sp->nlight, NULL);
    }
    if (sp && (!sp->heavy_q || !sp->light_q))
        qry_split_clear(sp);
    xs_query_free(none);
    free(req);
    free(pos);
    free(neg);
    qry_terms_free(&scratch);
    return q;
}
