/* gen_text.c - the minutes generator's words and sentences: random
 * numbers, the growing buffer, the expanded vocabulary (inflections and
 * compounds) with its Zipf-like samplers, and the composer of one
 * meeting's minutes with its OCR damage.
 *
 * Frequencies.  Each word list is sampled with a weight near 1/(rank+2),
 * so a few words of each class dominate and the rest form a long tail.
 * Compounds are drawn from the space of all first-part x noun pairs and
 * first-part x first-part x noun triples (millions per language) by rank,
 * with ranks in doubling buckets whose weights fall by 13/16 a bucket
 * (a Zipf exponent near 1.3): the vocabulary keeps growing with the size
 * of the corpus, as Heaps' law says real text does.  Function words come
 * from the sentence patterns themselves and are the most frequent words.
 *
 * OCR damage.  Each word that holds æ, ø or å (weight 100), else "rn" or
 * "gj" (50), else "l" (10) is damaged with probability
 * word_ppm x weight / 100: ø read as g, @ or o; å as a, d, 3 or 8; æ as
 * ae, ze, ee or e; rn as m; gj as gi; l as 1.  gen.c chooses word_ppm so
 * that the damaged share of all words matches the requested rate.
 */
#include "gen_words.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- */
/* Random numbers                                                     */

uint64_t gen_mix(uint64_t x)
{
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

void gen_rng_seed(gen_rng_t *r, uint64_t seed, uint64_t stream)
{
    uint64_t x = gen_mix(seed) ^ gen_mix(stream * 0xD1B54A32D192ED03ull + 1);
    for (int i = 0; i < 4; i++) {
        x += 0x9E3779B97F4A7C15ull;
        r->s[i] = gen_mix(x);
    }
    if ((r->s[0] | r->s[1] | r->s[2] | r->s[3]) == 0)
        r->s[0] = 1;
}

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

uint64_t gen_rng_next(gen_rng_t *r)
{
    uint64_t *s = r->s;
    uint64_t out = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return out;
}

uint32_t gen_rng_below(gen_rng_t *r, uint32_t n)
{
    return (uint32_t)(((gen_rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

int gen_rng_ppm(gen_rng_t *r, uint32_t ppm)
{
    return gen_rng_below(r, 1000000) < ppm;
}

/* A uniform integer in [lo, hi]. */
static int range(gen_rng_t *r, int lo, int hi)
{
    return lo + (int)gen_rng_below(r, (uint32_t)(hi - lo + 1));
}

/* 1 with probability PCT percent. */
static int pct(gen_rng_t *r, int p) { return (int)gen_rng_below(r, 100) < p; }

/* ---------------------------------------------------------------- */
/* Buffers                                                            */

void *gen_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) {
        fputs("referat-gen: out of memory\n", stderr);
        exit(1);
    }
    return p;
}

void *gen_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) {
        fputs("referat-gen: out of memory\n", stderr);
        exit(1);
    }
    return q;
}

void gen_buf_grow(gen_buf_t *b, size_t extra)
{
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->n + extra + 1)
        cap *= 2;
    b->p = gen_xrealloc(b->p, cap);
    b->cap = cap;
}

void gen_buf_printf(gen_buf_t *b, const char *fmt, ...)
{
    char tmp[512];
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (k < 0)
        return;
    gen_buf_put(b, tmp, (size_t)k < sizeof tmp ? (size_t)k : sizeof tmp - 1);
}

void gen_buf_free(gen_buf_t *b)
{
    free(b->p);
    b->p = NULL;
    b->n = b->cap = 0;
}

/* ---------------------------------------------------------------- */
/* The vocabulary                                                     */

/* Rank r of a list weighs about 1/(r+2): a cumulative table sampled by
 * binary search. */
typedef struct {
    uint32_t *cum;
    uint16_t *guide; /* guide[j]: the first rank whose cum passes j * total / NGUIDE */
    size_t n;
} zipf_t;

#define NGUIDE 1024

static void zipf_init(zipf_t *z, size_t n)
{
    z->n = n;
    z->cum = gen_xmalloc((n ? n : 1) * sizeof *z->cum);
    uint32_t t = 0;
    for (size_t i = 0; i < n; i++) {
        t += (uint32_t)((1u << 20) / (i + 2));
        z->cum[i] = t;
    }
    z->guide = gen_xmalloc(NGUIDE * sizeof *z->guide);
    size_t i = 0;
    for (uint32_t j = 0; j < NGUIDE; j++) {
        uint32_t at = (uint32_t)((uint64_t)t * j / NGUIDE);
        while (i + 1 < n && z->cum[i] <= at)
            i++;
        z->guide[j] = (uint16_t)i;
    }
}

static size_t zipf_draw(const zipf_t *z, gen_rng_t *r)
{
    if (z->n == 0)
        return 0;
    uint32_t total = z->cum[z->n - 1];
    uint32_t u = gen_rng_below(r, total);
    size_t i = z->guide[(uint64_t)u * NGUIDE / total];
    while (z->cum[i] <= u)
        i++;
    return i;
}

#define NBUCKETS 40

struct gen_lex {
    const gen_lang_t *L;
    int lang;
    size_t nnouns, nmods, nverbs, nadjs;
    const char *(*noun)[4]; /* sg, def, pl, defpl */
    char *gender;           /* 1 for neuter */
    const char **mod;
    const char *(*verb)[5]; /* inf, present, past, participle, passive */
    char *regular;          /* 1 for verbs inflected by rule */
    const char *(*adj)[3];  /* base, neuter, plural/definite */
    zipf_t znoun, zmod, zverb, zadj, zadv, zprep, zsubj, zcount, zsent, zdec, zprop, ztitle;
    size_t nadvs, npreps, nsubj, ncount, nsent, ndec, nprop, ntitles;
    /* The compound space: two-part pairs, then three-part triples. */
    uint64_t n2, n3, a2, a3;
    uint32_t bucket_cum[NBUCKETS];
    int nbuckets;
    char **arena; /* every string made here, freed with the vocabulary */
    size_t narena, carena;
};

static size_t count(const char *const *v)
{
    size_t n = 0;
    while (v && v[n])
        n++;
    return n;
}

static char *keep(gen_lex_t *x, const char *s, size_t n)
{
    char *p = gen_xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    if (x->narena == x->carena) {
        x->carena = x->carena ? x->carena * 2 : 1024;
        x->arena = gen_xrealloc(x->arena, x->carena * sizeof *x->arena);
    }
    x->arena[x->narena++] = p;
    return p;
}

static char *cat(gen_lex_t *x, const char *a, const char *b)
{
    char tmp[256];
    snprintf(tmp, sizeof tmp, "%s%s", a, b);
    return keep(x, tmp, strlen(tmp));
}

/* Splits "a|b|c" into at most MAX fields; returns how many. */
static int fields(gen_lex_t *x, const char *s, const char **out, int max)
{
    int k = 0;
    while (k < max) {
        const char *bar = strchr(s, '|');
        size_t n = bar ? (size_t)(bar - s) : strlen(s);
        out[k++] = keep(x, s, n);
        if (!bar)
            break;
        s = bar + 1;
    }
    return k;
}

static int ends(const char *s, const char *suf)
{
    size_t n = strlen(s), m = strlen(suf);
    return n >= m && strcmp(s + n - m, suf) == 0;
}

static void expand_noun(gen_lex_t *x, const char *spec, size_t i)
{
    const char *colon = strchr(spec, ':');
    if (!colon) {
        const char *f[5];
        int k = fields(x, spec, f, 5);
        for (int j = 0; j < 4; j++)
            x->noun[i][j] = f[j < k ? j : 0];
        x->gender[i] = (char)(k == 5 && (f[4][0] == 'n' || f[4][0] == 't'));
        return;
    }
    const char *st = keep(x, spec, (size_t)(colon - spec));
    char c = colon[1];
    int da = x->lang == GEN_DA;
    const char *def = "en", *pl = "er", *dpl = da ? "erne" : "ene";
    x->gender[i] = 0;
    switch (c) {
    case 'e': case 'C': def = "n"; pl = "r"; dpl = da ? "rne" : "ne"; break;
    case 'r': def = "en"; pl = "e"; dpl = "ne"; break;
    case 'n': case 't': def = "et"; pl = ""; dpl = "ene"; x->gender[i] = 1; break;
    case 'N': case 'T': def = "et"; pl = "er"; dpl = da ? "erne" : "ene"; x->gender[i] = 1; break;
    case 'E': def = "t"; pl = "r"; dpl = da ? "rne" : "ne"; x->gender[i] = 1; break;
    default: break;
    }
    x->noun[i][0] = st;
    x->noun[i][1] = cat(x, st, def);
    x->noun[i][2] = *pl ? cat(x, st, pl) : st;
    x->noun[i][3] = cat(x, st, dpl);
}

static void expand_verb(gen_lex_t *x, const char *spec, size_t i)
{
    const char *colon = strchr(spec, ':');
    const char *f[4];
    if (!colon) {
        int k = fields(x, spec, f, 4);
        for (int j = k; j < 4; j++)
            f[j] = f[0];
    } else {
        size_t n = (size_t)(colon - spec);
        const char *inf = keep(x, spec, n);
        char stem[128];
        snprintf(stem, sizeof stem, "%.*s", (int)(n > 1 ? n - 1 : n), spec); /* without the final e */
        char c = colon[1];
        int da = x->lang == GEN_DA;
        f[0] = inf;
        f[1] = cat(x, inf, "r");
        if (c == 'a') {
            f[2] = cat(x, stem, da ? "ede" : "et");
            f[3] = cat(x, stem, "et");
        } else if (c == 'd') {
            f[2] = cat(x, stem, "de");
            f[3] = cat(x, stem, "d");
        } else {
            f[2] = cat(x, stem, "te");
            f[3] = cat(x, stem, "t");
        }
    }
    for (int j = 0; j < 4; j++)
        x->verb[i][j] = f[j];
    /* The s-passive: "vurderes", "gis", "følges opp". */
    const char *sp = strchr(f[0], ' ');
    char tmp[160];
    if (sp)
        snprintf(tmp, sizeof tmp, "%.*ss%s", (int)(sp - f[0]), f[0], sp);
    else
        snprintf(tmp, sizeof tmp, "%ss", f[0]);
    x->verb[i][4] = keep(x, tmp, strlen(tmp));
}

static void expand_adj(gen_lex_t *x, const char *spec, size_t i)
{
    const char *f[3];
    if (strchr(spec, '|')) {
        int k = fields(x, spec, f, 3);
        for (int j = k; j < 3; j++)
            f[j] = f[0];
    } else {
        f[0] = keep(x, spec, strlen(spec));
        int no_t = ends(spec, "sk") || ends(spec, "t") || ends(spec, "e") ||
                   (x->lang == GEN_NB && ends(spec, "ig"));
        f[1] = no_t ? f[0] : cat(x, spec, "t");
        f[2] = ends(spec, "e") ? f[0] : cat(x, spec, "e");
    }
    for (int j = 0; j < 3; j++)
        x->adj[i][j] = f[j];
}

static uint64_t gcd(uint64_t a, uint64_t b)
{
    while (b) {
        uint64_t t = a % b;
        a = b;
        b = t;
    }
    return a;
}

/* A multiplier coprime to N near N times the golden ratio's fraction:
 * rank -> (rank * a + c) mod N is then a bijection that scatters the
 * frequent ranks over the whole space. */
static uint64_t coprime(uint64_t n)
{
    if (n < 2)
        return 1;
    uint64_t a = (n * 40503u) / 65536u | 1;
    while (gcd(a, n) != 1)
        a += 2;
    return a;
}

gen_lex_t *gen_lex_new(const gen_lang_t *L)
{
    gen_lex_t *x = calloc(1, sizeof *x);
    if (!x) {
        fputs("referat-gen: out of memory\n", stderr);
        exit(1);
    }
    x->L = L;
    x->lang = strcmp(L->code, "da") == 0 ? GEN_DA : GEN_NB;
    x->nnouns = count(L->nouns);
    x->nmods = count(L->mods);
    x->nverbs = count(L->verbs);
    x->nadjs = count(L->adjs);
    x->noun = gen_xmalloc(x->nnouns * sizeof *x->noun);
    x->gender = gen_xmalloc(x->nnouns);
    x->mod = gen_xmalloc(x->nmods * sizeof *x->mod);
    x->verb = gen_xmalloc(x->nverbs * sizeof *x->verb);
    x->regular = gen_xmalloc(x->nverbs ? x->nverbs : 1);
    x->adj = gen_xmalloc(x->nadjs * sizeof *x->adj);
    for (size_t i = 0; i < x->nnouns; i++)
        expand_noun(x, L->nouns[i], i);
    for (size_t i = 0; i < x->nmods; i++)
        x->mod[i] = L->mods[i];
    for (size_t i = 0; i < x->nverbs; i++) {
        expand_verb(x, L->verbs[i], i);
        x->regular[i] = strchr(L->verbs[i], ':') != NULL;
    }
    for (size_t i = 0; i < x->nadjs; i++)
        expand_adj(x, L->adjs[i], i);
    x->nadvs = count(L->advs);
    x->npreps = count(L->preps);
    x->nsubj = count(L->subjects);
    x->ncount = count(L->counted);
    x->nsent = count(L->sentences);
    x->ndec = count(L->decisions);
    x->nprop = count(L->proposals);
    x->ntitles = count(L->titles);
    zipf_init(&x->znoun, x->nnouns);
    zipf_init(&x->zmod, x->nmods);
    zipf_init(&x->zverb, x->nverbs);
    zipf_init(&x->zadj, x->nadjs);
    zipf_init(&x->zadv, x->nadvs);
    zipf_init(&x->zprep, x->npreps);
    zipf_init(&x->zsubj, x->nsubj);
    zipf_init(&x->zcount, x->ncount);
    zipf_init(&x->zsent, x->nsent);
    zipf_init(&x->zdec, x->ndec);
    zipf_init(&x->zprop, x->nprop);
    zipf_init(&x->ztitle, x->ntitles);
    x->n2 = (uint64_t)x->nmods * x->nnouns;
    x->n3 = x->n2 * x->nmods;
    x->a2 = coprime(x->n2);
    x->a3 = coprime(x->n3);
    /* Buckets [2^b - 1, 2^(b+1) - 1) of the compound ranks. */
    uint64_t total = x->n2 + x->n3, w = 1u << 24;
    uint32_t t = 0;
    int b = 0;
    while (b < NBUCKETS && ((1ull << b) - 1) < total) {
        t += (uint32_t)w;
        x->bucket_cum[b++] = t;
        w = w * 13 / 16;
    }
    x->nbuckets = b;
    return x;
}

void gen_lex_free(gen_lex_t *x)
{
    if (!x)
        return;
    for (size_t i = 0; i < x->narena; i++)
        free(x->arena[i]);
    free(x->arena);
    free(x->noun);
    free(x->gender);
    free(x->mod);
    free(x->verb);
    free(x->regular);
    free(x->adj);
    zipf_t *z[] = { &x->znoun, &x->zmod, &x->zverb, &x->zadj, &x->zadv, &x->zprep,
                    &x->zsubj, &x->zcount, &x->zsent, &x->zdec, &x->zprop, &x->ztitle };
    for (size_t i = 0; i < sizeof z / sizeof z[0]; i++) {
        free(z[i]->cum);
        free(z[i]->guide);
    }
    free(x);
}

const gen_lang_t *gen_lex_lang(const gen_lex_t *x) { return x->L; }
size_t gen_lex_nouns(const gen_lex_t *x) { return x->nnouns; }
size_t gen_lex_mods(const gen_lex_t *x) { return x->nmods; }

/* A noun, maybe compound: PRE1 PRE2 + the head's forms. */
typedef struct {
    const char *pre1, *pre2;
    size_t head;
} noun_t;

static noun_t compound_by_rank(const gen_lex_t *x, uint64_t r)
{
    noun_t n = { "", "", 0 };
    if (r < x->n2) {
        uint64_t i = (r * x->a2 + 7) % x->n2;
        n.pre1 = x->mod[i / x->nnouns];
        n.head = (size_t)(i % x->nnouns);
        return n;
    }
    uint64_t i = ((r - x->n2) % x->n3 * x->a3 + 11) % x->n3;
    size_t m1 = (size_t)(i / x->n2), m2 = (size_t)(i / x->nnouns % x->nmods);
    n.pre1 = x->mod[m1];
    n.pre2 = m1 == m2 ? "" : x->mod[m2];
    n.head = (size_t)(i % x->nnouns);
    return n;
}

static noun_t compound_draw(const gen_lex_t *x, gen_rng_t *r)
{
    uint32_t u = gen_rng_below(r, x->bucket_cum[x->nbuckets - 1]);
    int b = 0;
    while (b < x->nbuckets - 1 && x->bucket_cum[b] <= u)
        b++;
    uint64_t lo = (1ull << b) - 1, width = 1ull << b;
    uint64_t off = width > 0xFFFFFFFFull ? (gen_rng_next(r) % width) : gen_rng_below(r, (uint32_t)width);
    return compound_by_rank(x, (lo + off) % (x->n2 + x->n3));
}

/* ---------------------------------------------------------------- */
/* The composer                                                       */

#define MAX_PEOPLE 16

typedef struct {
    gen_buf_t *out;
    gen_rng_t *r;
    gen_meeting_t *m;
    const gen_lex_t *x;
    const gen_lang_t *L;
    gen_stats_t *st;
    int da;
    int space; /* a space is due before the next word */
    int cap;   /* the next word starts a sentence */
    int ocr;   /* damage words now */
    int pp;    /* prepositional phrases allowed (not inside one) */
    int drafting; /* writing a title to re-type later: not counted */
    char people[MAX_PEOPLE][80], roles[MAX_PEOPLE][120];
    int npeople, nabsent;
    int absent[MAX_PEOPLE];
} cx_t;

static const char *pick(gen_rng_t *r, const char *const *v)
{
    size_t n = count(v);
    return n ? v[gen_rng_below(r, (uint32_t)n)] : "";
}

static int is_word_byte(unsigned char c)
{
    return c != ' ' && c != ',' && c != '.' && c != ';' && c != ':' && c != '(' && c != ')' &&
           c != '%' && c != '\n' && c != '\0';
}

/* Upper-cases the first letter of S in place (ASCII and Latin-1 letters
 * in UTF-8). */
static void upper_first(char *s)
{
    unsigned char c = (unsigned char)s[0];
    if (c >= 'a' && c <= 'z')
        s[0] = (char)(c - 32);
    else if (c == 0xC3 && (unsigned char)s[1] >= 0xA0 && (unsigned char)s[1] <= 0xBE &&
             (unsigned char)s[1] != 0xB7)
        s[1] = (char)((unsigned char)s[1] - 0x20);
}

static void lower_first(char *s)
{
    unsigned char c = (unsigned char)s[0];
    if (c >= 'A' && c <= 'Z')
        s[0] = (char)(c + 32);
    else if (c == 0xC3 && (unsigned char)s[1] >= 0x80 && (unsigned char)s[1] <= 0x9E &&
             (unsigned char)s[1] != 0x97)
        s[1] = (char)((unsigned char)s[1] + 0x20);
}

/* The OCR weight of a word: 100 with æ ø å, 50 with rn or gj, 10 with l. */
static int eligibility(const char *w, size_t n)
{
    int rn = 0, l = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)w[i];
        if (c == 0xC3 && i + 1 < n) {
            unsigned char d = (unsigned char)w[i + 1];
            if (d == 0xB8 || d == 0x98 || d == 0xA5 || d == 0x85 || d == 0xA6 || d == 0x86)
                return 100;
        }
        if (i + 1 < n && ((c == 'r' && w[i + 1] == 'n') || (c == 'g' && w[i + 1] == 'j')))
            rn = 1;
        if (c == 'l')
            l = 1;
    }
    return rn ? 50 : l ? 10 : 0;
}

/* Writes W damaged the way a scanner damages Nordic text. */
static void put_damaged(cx_t *c, const char *w, size_t n)
{
    gen_buf_t *o = c->out;
    gen_rng_t *r = c->r;
    if (n == 2 && (unsigned char)w[0] == 0xC3 && (unsigned char)w[1] == 0xA5) {
        static const char *const lone[] = { "a", "8", "3", "&", "4", "a", "a", "G" };
        gen_buf_puts(o, lone[gen_rng_below(r, 8)]);
        return;
    }
    int nordic = 0;
    for (size_t i = 0; i + 1 < n; i++)
        if ((unsigned char)w[i] == 0xC3 && strchr("\xB8\x98\xA5\x85\xA6\x86", w[i + 1]))
            nordic++;
    if (nordic) {
        int forced = (int)gen_rng_below(r, (uint32_t)nordic), k = 0;
        for (size_t i = 0; i < n; i++) {
            unsigned char d = i + 1 < n ? (unsigned char)w[i + 1] : 0;
            if ((unsigned char)w[i] != 0xC3 || !d || !strchr("\xB8\x98\xA5\x85\xA6\x86", (int)d)) {
                gen_buf_putc(o, w[i]);
                continue;
            }
            int hit = k++ == forced || pct(r, 50);
            i++;
            if (!hit) {
                gen_buf_putc(o, (char)0xC3);
                gen_buf_putc(o, (char)d);
                continue;
            }
            int u = (int)gen_rng_below(r, 100);
            switch (d) {
            case 0xB8: gen_buf_puts(o, u < 60 ? "g" : u < 75 ? "@" : "o"); break;   /* ø */
            case 0x98: gen_buf_puts(o, u < 50 ? "@" : "O"); break;                  /* Ø */
            case 0xA5: gen_buf_puts(o, u < 60 ? "a" : u < 85 ? "d" : u < 93 ? "3" : "8"); break; /* å */
            case 0x85: gen_buf_puts(o, u < 80 ? "A" : "4"); break;                  /* Å */
            case 0xA6: gen_buf_puts(o, u < 35 ? "ae" : u < 65 ? "ze" : u < 80 ? "ee" : "e"); break; /* æ */
            default: gen_buf_puts(o, u < 70 ? "Ae" : "E"); break;                   /* Æ */
            }
        }
        return;
    }
    /* One of rn -> m, gj -> gi, l -> 1. */
    for (size_t i = 0; i < n; i++) {
        if (i + 1 < n && w[i] == 'r' && w[i + 1] == 'n') {
            gen_buf_put(o, w, i);
            gen_buf_putc(o, 'm');
            gen_buf_put(o, w + i + 2, n - i - 2);
            return;
        }
        if (i + 1 < n && w[i] == 'g' && w[i + 1] == 'j') {
            gen_buf_put(o, w, i);
            gen_buf_puts(o, "gi");
            gen_buf_put(o, w + i + 2, n - i - 2);
            return;
        }
    }
    for (size_t i = 0; i < n; i++)
        if (w[i] == 'l') {
            gen_buf_put(o, w, i);
            gen_buf_putc(o, '1');
            gen_buf_put(o, w + i + 1, n - i - 1);
            return;
        }
    gen_buf_put(o, w, n);
}

/* Emits one word (no spaces inside), after a due space, capitalised at
 * a sentence start, damaged when the file is. */
static void word(cx_t *c, const char *w, size_t n)
{
    if (n == 0)
        return;
    int letters = 0;
    for (size_t i = 0; i < n && !letters; i++)
        letters = !((w[i] >= '0' && w[i] <= '9') || w[i] == '-' || w[i] == '/' || w[i] == '%' ||
                    w[i] == '&');
    if (c->space) {
        if (c->ocr && letters && c->m->ocr.glue_ppm && gen_rng_ppm(c->r, c->m->ocr.glue_ppm)) {
            c->st->damaged++; /* two words run together */
        } else {
            gen_buf_putc(c->out, ' ');
        }
        c->space = 0;
    }
    if (!letters || c->drafting || !c->ocr) {
        size_t at = c->out->n;
        gen_buf_put(c->out, w, n);
        if (c->cap) {
            c->out->p[c->out->n] = '\0';
            upper_first(c->out->p + at);
            c->cap = 0;
        }
        c->st->words += letters && !c->drafting;
        return;
    }
    char tmp[256];
    if (n >= sizeof tmp)
        n = sizeof tmp - 1;
    memcpy(tmp, w, n);
    tmp[n] = '\0';
    if (c->cap) {
        upper_first(tmp);
        c->cap = 0;
    }
    int weight = eligibility(tmp, n);
    c->st->words++;
    c->st->ocr_words++;
    c->st->ocr_eligible += (uint64_t)weight;
    if (weight && c->m->ocr.word_ppm &&
        gen_rng_ppm(c->r, (uint32_t)((uint64_t)c->m->ocr.word_ppm * (uint64_t)weight / 100))) {
        c->st->damaged++;
        put_damaged(c, tmp, n);
    } else {
        gen_buf_put(c->out, tmp, n);
    }
}

/* Emits text that may hold several words separated by spaces. */
static void words(cx_t *c, const char *s)
{
    while (*s) {
        while (*s == ' ')
            s++;
        const char *e = s;
        while (*e && *e != ' ')
            e++;
        if (e > s) {
            word(c, s, (size_t)(e - s));
            c->space = 1;
        }
        s = e;
    }
    c->space = 0;
}

static void punct(cx_t *c, char ch)
{
    if (ch == '(') {
        if (c->space)
            gen_buf_putc(c->out, ' ');
        c->space = 0;
        gen_buf_putc(c->out, '(');
        return;
    }
    c->space = 0;
    if (ch == '.' && c->out->n > 0 && c->out->p[c->out->n - 1] == '.')
        return; /* "kr." ends the sentence too */
    gen_buf_putc(c->out, ch);
}

/* The literal text of a pattern at P: a space, a punctuation mark or a
 * whole word.  Returns the last byte used. */
static const char *literal(cx_t *c, const char *p)
{
    if (*p == ' ') {
        c->space = 1;
        return p;
    }
    if (!is_word_byte((unsigned char)*p)) {
        punct(c, *p);
        return p;
    }
    const char *e = p;
    while (is_word_byte((unsigned char)*e))
        e++;
    word(c, p, (size_t)(e - p));
    return e - 1;
}

static void newline(cx_t *c)
{
    c->space = 0;
    c->cap = 1;
    gen_buf_putc(c->out, '\n');
}

/* Raw text (labels, numbers, dates): never damaged, no spacing rules. */
static void raw(cx_t *c, const char *s)
{
    if (c->space)
        gen_buf_putc(c->out, ' ');
    c->space = 0;
    c->cap = 0;
    gen_buf_puts(c->out, s);
}

static void fill(cx_t *c, const char *pat);

/* ---- Slots ---- */

static noun_t noun_draw(cx_t *c)
{
    const gen_lex_t *x = c->x;
    int u = (int)gen_rng_below(c->r, 100);
    noun_t n = { "", "", 0 };
    if (u < 55) {
        n.head = zipf_draw(&x->znoun, c->r);
    } else if (u < 70 && c->m->topic_nouns) {
        /* The body's own subjects. */
        n.head = c->m->topic_nouns[gen_rng_below(c->r, GEN_TOPIC)] % x->nnouns;
        if (pct(c->r, 60))
            n.pre1 = x->mod[c->m->topic_mods[gen_rng_below(c->r, GEN_TOPIC)] % x->nmods];
    } else if (u < 80) {
        n.pre1 = x->mod[zipf_draw(&x->zmod, c->r)];
        n.head = zipf_draw(&x->znoun, c->r);
    } else {
        n = compound_draw(x, c->r);
    }
    return n;
}

static void noun_form(cx_t *c, const noun_t *n, int form)
{
    char tmp[256];
    snprintf(tmp, sizeof tmp, "%s%s%s", n->pre1, n->pre2, c->x->noun[n->head][form]);
    words(c, tmp);
}

/* FORM: 0 indefinite singular, 1 definite, 2 plural, 3 definite plural,
 * -1 any. */
static void np(cx_t *c, int form)
{
    const gen_lex_t *x = c->x;
    gen_rng_t *r = c->r;
    if (form < 0) {
        int u = (int)gen_rng_below(r, 100);
        form = u < 25 ? 0 : u < 60 ? 1 : u < 85 ? 2 : 3;
    }
    noun_t n = noun_draw(c);
    int neuter = x->gender[n.head];
    if (form >= 2 && n.pre1[0] && !n.pre2[0] && pct(r, 3)) {
        /* A suspended compound: "helse- og omsorgstjenester". */
        char tmp[128];
        snprintf(tmp, sizeof tmp, "%s-", x->mod[zipf_draw(&x->zmod, r)]);
        words(c, tmp);
        c->space = 1;
        words(c, pct(r, 80) ? "og" : "eller");
        c->space = 1;
        noun_form(c, &n, form);
        return;
    }
    if (pct(r, 25)) {
        const char *const *a = x->adj[zipf_draw(&x->zadj, r)];
        switch (form) {
        case 0:
            if (pct(r, 70)) {
                words(c, neuter ? "et" : "en");
                c->space = 1;
            }
            words(c, a[neuter ? 1 : 0]);
            break;
        case 1:
            words(c, neuter ? "det" : "den");
            c->space = 1;
            words(c, a[2]);
            break;
        case 2:
            words(c, a[2]);
            break;
        default:
            words(c, "de");
            c->space = 1;
            words(c, a[2]);
            break;
        }
        c->space = 1;
        noun_form(c, &n, form);
    } else {
        if (form == 0 && pct(r, 60)) {
            words(c, neuter ? "et" : "en");
            c->space = 1;
        }
        noun_form(c, &n, form);
    }
    if (c->pp && pct(r, 15)) {
        c->pp = 0;
        c->space = 1;
        words(c, c->L->preps[zipf_draw(&x->zprep, r)]);
        c->space = 1;
        np(c, -1);
        c->pp = 1;
    } else if (c->pp && pct(r, 12)) {
        /* "tilbudet og ventetiden" */
        c->pp = 0;
        c->space = 1;
        words(c, "og");
        c->space = 1;
        np(c, form);
        c->pp = 1;
    }
}

static void pp(cx_t *c)
{
    int was = c->pp;
    c->pp = 0;
    words(c, c->L->preps[zipf_draw(&c->x->zprep, c->r)]);
    c->space = 1;
    np(c, -1);
    c->pp = was;
}

static void number(cx_t *c, int lo, int hi)
{
    char tmp[32];
    snprintf(tmp, sizeof tmp, "%d", range(c->r, lo, hi));
    word(c, tmp, strlen(tmp));
}

static void money(cx_t *c)
{
    char tmp[64];
    gen_rng_t *r = c->r;
    if (pct(r, 50))
        snprintf(tmp, sizeof tmp, c->da ? "%d,%d mio. kr." : "%d,%d millioner kroner",
                 range(r, 1, 40), range(r, 0, 9));
    else
        snprintf(tmp, sizeof tmp, c->da ? "%d.%03d kr." : "%d %03d kroner", range(r, 20, 980),
                 range(r, 0, 99) * 10);
    words(c, tmp);
}

static void person(cx_t *c)
{
    if (c->npeople == 0) {
        words(c, c->da ? "formanden" : "leder");
        return;
    }
    for (int tries = 0; tries < 8; tries++) {
        int i = (int)gen_rng_below(c->r, (uint32_t)c->npeople);
        if (!c->absent[i] || tries == 7) {
            words(c, c->people[i]);
            return;
        }
    }
}

static void date_long(cx_t *c, char *out, size_t n, int y, int m, int d)
{
    snprintf(out, n, "%d. %s %d", d, c->L->months[(m + 11) % 12], y);
}

/* A reference to an earlier item of the body ("jf. sak 14/2019"). */
static void reference(cx_t *c)
{
    gen_meeting_t *m = c->m;
    if (m->nrefs == 0) {
        words(c, pick(c->r, c->L->norefs));
        return;
    }
    /* Mostly recent items. */
    size_t k = m->nrefs - 1 - gen_rng_below(c->r, (uint32_t)(m->nrefs < 6 ? m->nrefs : 6));
    if (pct(c->r, 20))
        k = gen_rng_below(c->r, (uint32_t)m->nrefs);
    const gen_ref_t *ref = &m->refs[k];
    const char *pat = pick(c->r, c->L->refs);
    char tmp[64];
    for (const char *p = pat; *p; p++) {
        if (*p == '%' && p[1]) {
            p++;
            if (*p == 's' && !c->da) {
                snprintf(tmp, sizeof tmp, "%d/%d", ref->number, ref->year);
                if (m->ocr.heavy && pct(c->r, 25))
                    c->space = 0; /* "sak11/2022" */
                word(c, tmp, strlen(tmp));
            } else if (*p == 's') {
                snprintf(tmp, sizeof tmp, "%02d.%02d.%d", ref->day, ref->month, ref->year);
                word(c, tmp, strlen(tmp));
            } else if (*p == 'l') {
                date_long(c, tmp, sizeof tmp, ref->year, ref->month, ref->day);
                words(c, tmp);
            } else if (*p == 'u') {
                snprintf(tmp, sizeof tmp, "%d", ref->number);
                word(c, tmp, strlen(tmp));
            }
            continue;
        }
        p = literal(c, p);
    }
}

/* A verb for a participle (not an auxiliary: "ble vært") or, with
 * PASSIVE, for an s-passive (a regular verb: not "væres", "has"). */
static size_t verb_draw(cx_t *c, int passive)
{
    const gen_lex_t *x = c->x;
    size_t v = 0;
    for (int tries = 0; tries < 16; tries++) {
        v = zipf_draw(&x->zverb, c->r);
        if (v >= 3 && (!passive || x->regular[v]))
            return v;
    }
    return x->nverbs > 3 ? 3 : 0;
}

static void slot(cx_t *c, char s)
{
    const gen_lex_t *x = c->x;
    gen_rng_t *r = c->r;
    gen_meeting_t *m = c->m;
    char tmp[96];
    switch (s) {
    case 'S': {
        int u = (int)gen_rng_below(r, 100);
        if (u < 60)
            words(c, c->L->subjects[zipf_draw(&x->zsubj, r)]);
        else if (u < 80)
            words(c, m->shortname);
        else
            np(c, 1);
        break;
    }
    case 'B': words(c, m->shortname); break;
    case 'b':
        snprintf(tmp, sizeof tmp, "%s", m->shortname);
        lower_first(tmp);
        words(c, tmp);
        break;
    case 'N': np(c, -1); break;
    case 'D': np(c, 1); break;
    case 'p': np(c, 2 + (int)gen_rng_below(r, 2)); break;
    case 'P': pp(c); break;
    case 'C': {
        noun_t n = noun_draw(c);
        if (!n.pre1[0])
            n.pre1 = x->mod[zipf_draw(&x->zmod, r)];
        noun_form(c, &n, pct(r, 60) ? 0 : 1);
        break;
    }
    case 'V': words(c, x->verb[zipf_draw(&x->zverb, r)][1]); break;
    case 'T': words(c, x->verb[zipf_draw(&x->zverb, r)][2]); break;
    case 'I': words(c, x->verb[zipf_draw(&x->zverb, r)][0]); break;
    case 'A': words(c, x->verb[verb_draw(c, 0)][3]); break;
    case 'Q': words(c, x->verb[verb_draw(c, 1)][4]); break;
    case 'M': words(c, pick(r, c->L->modals)); break;
    case 'a':
        if (pct(r, 70))
            words(c, c->L->advs[zipf_draw(&x->zadv, r)]);
        break;
    case 'n':
        if (pct(r, 35))
            words(c, pick(r, c->L->numwords));
        else
            number(c, 3, pct(r, 70) ? 60 : 900);
        c->space = 1;
        words(c, c->L->counted[zipf_draw(&x->zcount, r)]);
        break;
    case 'k': money(c); break;
    case 'q':
        number(c, 2, 98);
        c->space = 1;
        words(c, pct(r, 50) ? "%" : c->da ? "procent" : "prosent");
        break;
    case 'w':
        number(c, 2, 40);
        c->space = 1;
        words(c, pct(r, 50) ? (c->da ? "uger" : "uker") : "måneder");
        break;
    case 'y': case 'z': case 'Y': case 'x': {
        int y = m->year + (s == 'z' ? 1 : s == 'Y' ? -1 : s == 'x' ? 3 : 0);
        if (s == 'y' && pct(r, 30))
            y -= range(r, 1, 3);
        snprintf(tmp, sizeof tmp, "%d", y);
        /* "i 2023" scanned as "12023". */
        gen_buf_t *o = c->out;
        if (c->ocr && m->ocr.heavy && c->space && o->n >= 2 && o->p[o->n - 1] == 'i' &&
            o->p[o->n - 2] == ' ' && pct(r, 30)) {
            o->p[o->n - 1] = '1';
            c->space = 0;
            c->st->damaged++;
        }
        word(c, tmp, strlen(tmp));
        break;
    }
    case 't': number(c, 1, c->da ? 4 : 3); break;
    case 'd': number(c, 1, 28); break;
    case 'u': number(c, 3, 6); break;
    case 'o': words(c, c->L->months[gen_rng_below(r, 12)]); break;
    case 'e': fill(c, pick(r, c->L->deadlines)); break;
    case 'c': reference(c); break;
    case 'm': person(c); break;
    case 'r': words(c, pick(r, c->L->roles)); break;
    case 'O': words(c, pick(r, c->L->orgs)); break;
    case 'h': words(c, pick(r, c->L->hospitals)); break;
    default: break;
    }
}

/* Fills pattern PAT: literal words and punctuation, %X slots. */
static void fill(cx_t *c, const char *pat)
{
    for (const char *p = pat; *p; p++) {
        if (*p == '%' && p[1] == '%') {
            p++;
            word(c, "%", 1);
        } else if (*p == '%' && p[1]) {
            p++;
            slot(c, *p);
        } else {
            p = literal(c, p);
        }
    }
}

/* Re-types clean TEXT (a title) through the damage. */
static void retype(cx_t *c, const char *text)
{
    for (const char *p = text; *p; p++) {
        if (*p == ' ') {
            c->space = 1;
        } else if (!is_word_byte((unsigned char)*p) && *p != '%') {
            punct(c, *p);
        } else {
            const char *e = p;
            while (*e && (is_word_byte((unsigned char)*e) || *e == '%'))
                e++;
            word(c, p, (size_t)(e - p));
            p = e - 1;
        }
    }
}

static void sentence(cx_t *c, const char *const *list, const zipf_t *z)
{
    c->cap = 1;
    c->pp = 1;
    fill(c, list[zipf_draw(z, c->r)]);
    c->space = 1;
}

static void paragraph(cx_t *c, int lo, int hi)
{
    if (c->m->ocr.bullets && pct(c->r, 30))
        raw(c, "- ");
    int n = range(c->r, lo, hi);
    for (int i = 0; i < n; i++)
        sentence(c, c->L->sentences, &c->x->zsent);
    newline(c);
}

/* Paragraphs until about BUDGET bytes are written (at least one). */
static void paragraphs(cx_t *c, size_t budget)
{
    size_t start = c->out->n;
    do {
        paragraph(c, 1, 5);
        if (c->out->n - start < budget)
            newline(c);
    } while (c->out->n - start < budget);
}

/* ---- The meeting's people ---- */

static void name_of(const gen_lang_t *L, uint64_t h, char *out, size_t n)
{
    size_t ng = count(L->given), nf = count(L->family);
    const char *g = L->given[h % ng], *f = L->family[(h >> 20) % nf];
    if ((h >> 40) % 4 == 0) {
        const char *mid = L->family[(h >> 44) % nf];
        if (mid != f) {
            snprintf(out, n, "%s %s %s", g, mid, f);
            return;
        }
    }
    snprintf(out, n, "%s %s", g, f);
}

static void people(cx_t *c)
{
    gen_meeting_t *m = c->m;
    const gen_lang_t *L = c->L;
    gen_rng_t *r = c->r;
    uint64_t h0 = gen_mix(m->people_seed);
    int n = 5 + (int)(h0 % 8);
    c->npeople = n;
    int month_no = m->year * 12 + m->month;
    for (int i = 0; i < n; i++) {
        /* Each seat changes hands every four years, at its own time. */
        uint64_t phase = gen_mix(m->people_seed + (uint64_t)i) % 48;
        uint64_t term = ((uint64_t)month_no + phase) / 48;
        uint64_t h = gen_mix(m->people_seed * 31 + (uint64_t)i * 1000003u + term);
        name_of(L, h, c->people[i], sizeof c->people[i]);
        const char *role;
        if (i == 0)
            role = L->roles[0];
        else if (i == n - 1)
            role = L->roles[1];
        else
            role = L->roles[2 + (h >> 8) % (count(L->roles) - 2)];
        const char *aff = (h >> 16) % 3 == 0 ? L->regions[(h >> 24) % count(L->regions)]
                                             : L->hospitals[(h >> 28) % count(L->hospitals)];
        if (i == n - 1 || (h >> 12) % 4 == 0)
            snprintf(c->roles[i], sizeof c->roles[i], "%s", role);
        else
            snprintf(c->roles[i], sizeof c->roles[i], "%s, %s", role, aff);
        c->absent[i] = 0;
    }
    int nabs = range(r, 0, 2);
    c->nabsent = 0;
    for (int k = 0; k < nabs && n > 3; k++) {
        int i = range(r, 1, n - 2);
        if (!c->absent[i]) {
            c->absent[i] = 1;
            c->nabsent++;
        }
    }
}

/* "Name (role), Name (role), ..." of those present or absent. */
static void people_list(cx_t *c, int absent, int with_roles)
{
    int first = 1;
    for (int i = 0; i < c->npeople; i++) {
        if (c->absent[i] != absent)
            continue;
        if (!first) {
            punct(c, ',');
            c->space = 1;
        }
        words(c, c->people[i]);
        if (with_roles) {
            c->space = 1;
            punct(c, '(');
            retype(c, c->roles[i]);
            punct(c, ')');
        }
        first = 0;
    }
    if (first)
        words(c, "Ingen");
}

/* ---- Header, agenda, items ---- */

static const char *weekday(cx_t *c, int cap)
{
    static char tmp[32];
    snprintf(tmp, sizeof tmp, "%s", c->L->weekdays[c->m->wday]);
    if (cap)
        upper_first(tmp);
    return tmp;
}

static void label(cx_t *c, const char *clean, const char *damaged)
{
    raw(c, c->ocr && c->m->ocr.heavy && damaged && pct(c->r, 60) ? damaged : clean);
}

static void header_nb(cx_t *c)
{
    gen_meeting_t *m = c->m;
    gen_rng_t *r = c->r;
    char tmp[128];
    int style = m->header_style;
    if (style == 1) {
        c->cap = 1;
        retype(c, m->body);
        raw(c, " - referat");
        newline(c);
    } else if (style == 2) {
        raw(c, "Referat fra møte i ");
        retype(c, m->body);
        newline(c);
    } else {
        raw(c, "Referat");
        newline(c);
        newline(c);
    }
    if (style != 2) {
        label(c, "Møtetema: ", "Mgtetema: ");
        c->cap = 1;
        if (pct(r, 50)) {
            retype(c, "Møte i");
            c->space = 1;
            retype(c, m->body);
        } else {
            snprintf(tmp, sizeof tmp, "%s", m->shortname);
            retype(c, tmp);
            raw(c, "s møte");
            if (pct(r, 50)) {
                snprintf(tmp, sizeof tmp, " %s %d", m->month <= 6 ? "vår" : "høst", m->year);
                retype(c, tmp);
            }
        }
        newline(c);
    }
    newline(c);
    int h0 = range(r, 8, 13), m0 = pct(r, 50) ? 0 : 30, h1 = h0 + range(r, 1, 4);
    if (style == 0 || style == 1) {
        label(c, "Dato møte: ", "Dato mgte: ");
        snprintf(tmp, sizeof tmp, "%s %02d.%02d.%02d ", weekday(c, 0), m->day, m->month,
                 m->year % 100);
        raw(c, tmp);
        if (c->ocr && m->ocr.heavy && pct(r, 60))
            snprintf(tmp, sizeof tmp, "k1.%02d:%02d-%02d:%02d", h0, m0, h1, m0);
        else
            snprintf(tmp, sizeof tmp, "kl. %02d:%02d-%02d:%02d", h0, m0, h1, m0);
        raw(c, tmp);
    } else if (pct(r, 15)) {
        snprintf(tmp, sizeof tmp, "Dato: %04d-%02d-%02d", m->year, m->month, m->day);
        raw(c, tmp);
    } else {
        snprintf(tmp, sizeof tmp, "Dato: %d. %s %d, kl. %02d.%02d–%02d.%02d", m->day,
                 c->L->months[m->month - 1], m->year, h0, m0, h1, m0);
        raw(c, tmp);
    }
    newline(c);
    raw(c, "Sted: ");
    if (pct(r, 30)) {
        raw(c, pct(r, 50) ? "Microsoft Teams" : "Videomøte");
    } else {
        retype(c, pick(r, c->L->rooms));
        punct(c, ',');
        c->space = 1;
        retype(c, pick(r, c->L->hospitals));
    }
    newline(c);
    newline(c);
    raw(c, style == 2 ? (pct(r, 50) ? "Til stede: " : "Deltakere: ") : "Tilstede: ");
    people_list(c, 0, 1);
    newline(c);
    newline(c);
    raw(c, style == 2 ? "Forfall: " : "Meldt forfall: ");
    people_list(c, 1, 0);
    newline(c);
    if (style == 2) {
        raw(c, "Referent: ");
        words(c, c->people[c->npeople - 1]);
        newline(c);
    }
    newline(c);
}

static void header_da(cx_t *c)
{
    gen_meeting_t *m = c->m;
    gen_rng_t *r = c->r;
    char tmp[160];
    int style = m->header_style, h0 = range(r, 9, 14), h1 = h0 + range(r, 2, 4);
    if (style == 2) {
        c->cap = 1;
        retype(c, m->body);
        newline(c);
        snprintf(tmp, sizeof tmp, "Referat af møde den %d. %s %d", m->day,
                 c->L->months[m->month - 1], m->year);
        retype(c, tmp);
        newline(c);
        newline(c);
    } else {
        raw(c, style == 0 ? "R E F E R A T" : "Referat");
        newline(c);
        newline(c);
        snprintf(tmp, sizeof tmp, "Emne%s %d. møde i ", style == 0 ? "" : ":", m->meeting_no);
        raw(c, tmp);
        retype(c, m->body);
        newline(c);
        newline(c);
        if (style == 0)
            snprintf(tmp, sizeof tmp, "Mødedato Den %d. %s %d kl. %d – %d", m->day,
                     c->L->months[m->month - 1], m->year, h0, h1);
        else
            snprintf(tmp, sizeof tmp, "Mødedato: %s %02d.%02d.%d kl. %d – %d", weekday(c, 1),
                     m->day, m->month, m->year, h0, h1);
        raw(c, tmp);
        newline(c);
    }
    raw(c, style == 0 ? "Sted " : "Sted: ");
    if (pct(r, 25)) {
        raw(c, "Videomøde");
    } else {
        retype(c, pick(r, c->L->rooms));
        punct(c, ',');
        c->space = 1;
        retype(c, pick(r, c->L->hospitals));
    }
    newline(c);
    raw(c, style == 0 ? "Deltagere " : "Deltagere: ");
    people_list(c, 0, 1);
    newline(c);
    raw(c, style == 0 ? "Afbud " : "Afbud: ");
    people_list(c, 1, 0);
    newline(c);
    if (pct(r, 60)) {
        raw(c, style == 0 ? "Referent " : "Referent: ");
        words(c, c->people[c->npeople - 1]);
        newline(c);
    }
    newline(c);
    newline(c);
}

typedef struct {
    char title[160];
    int number;
} item_t;

#define MAX_ITEMS 40

/* The agenda line or body heading of item I. */
static void heading(cx_t *c, const item_t *it, int in_agenda, int variant)
{
    gen_meeting_t *m = c->m;
    char tmp[64];
    if (!c->da) {
        if (variant == 1)
            snprintf(tmp, sizeof tmp, "Sak nr. %d/%d ", it->number, m->year);
        else if (variant == 2)
            snprintf(tmp, sizeof tmp, "Sak %d/%02d ", it->number, m->year % 100);
        else if (!in_agenda && c->ocr && m->ocr.heavy && pct(c->r, 10))
            snprintf(tmp, sizeof tmp, "Sak %d /%d ", it->number, m->year);
        else
            snprintf(tmp, sizeof tmp, "Sak %d/%d ", it->number, m->year);
    } else if (variant == 1) {
        snprintf(tmp, sizeof tmp, "Punkt %d: ", it->number);
    } else {
        snprintf(tmp, sizeof tmp, in_agenda ? "%d. " : "%d) ", it->number);
    }
    raw(c, tmp);
    c->cap = 1;
    retype(c, it->title);
    newline(c);
}

static void title_of(cx_t *c, item_t *it)
{
    gen_buf_t tb = { 0 }, *save = c->out;
    int ocr = c->ocr;
    c->out = &tb;
    c->ocr = 0;
    c->drafting = 1;
    c->cap = 1;
    c->space = 0;
    c->pp = 0;
    fill(c, c->L->titles[zipf_draw(&c->x->ztitle, c->r)]);
    c->out = save;
    c->ocr = ocr;
    c->drafting = 0;
    c->space = 0;
    size_t n = tb.n < sizeof it->title - 1 ? tb.n : sizeof it->title - 1;
    memcpy(it->title, tb.p, n);
    /* Never cut inside a UTF-8 character. */
    while (n > 0 && n < tb.n && ((unsigned char)tb.p[n] & 0xC0) == 0x80)
        n--;
    it->title[n] = '\0';
    gen_buf_free(&tb);
}

/* Decisions: 1-3 sentences. */
static void decision(cx_t *c)
{
    int n = pct(c->r, 60) ? 1 : range(c->r, 2, 3);
    for (int i = 0; i < n; i++)
        sentence(c, c->L->decisions, &c->x->zdec);
    newline(c);
}

static void item_nb(cx_t *c, const item_t *it, size_t budget, int variant)
{
    gen_rng_t *r = c->r;
    heading(c, it, 0, variant);
    newline(c);
    /* The budget is shared by the sections the item has: Bakgrunn 35,
     * Fremlegg 30, Innspill 25 (the decision takes the rest). */
    int fremlegg = pct(r, 55), innspill = pct(r, 55);
    size_t parts = 35 + (fremlegg ? 30 : 0) + (innspill ? 25 : 0);
    budget = budget * 90 / parts;
    int u = (int)gen_rng_below(r, 100);
    if (u < 20) {
        raw(c, "Bakgrunn: ");
        c->cap = 1;
        paragraphs(c, budget * 35 / 100);
    } else {
        raw(c, u < 80 ? "Bakgrunn:" : "Bakgrunn");
        newline(c);
        paragraphs(c, budget * 35 / 100);
    }
    newline(c);
    if (fremlegg) {
        raw(c, "Fremlegg v/");
        person(c);
        newline(c);
        paragraphs(c, budget * 30 / 100);
        newline(c);
    }
    if (innspill) {
        raw(c, "Innspill til saken:");
        newline(c);
        paragraphs(c, budget * 25 / 100);
        newline(c);
    }
    if (pct(r, 8)) {
        raw(c, "Forslag til vedtak: ");
        c->cap = 1;
        sentence(c, c->L->proposals, &c->x->zprop);
        newline(c);
        newline(c);
    }
    if (pct(r, 75)) {
        raw(c, "Vedtak: ");
    } else {
        raw(c, "Vedtak:");
        newline(c);
    }
    decision(c);
    newline(c);
    newline(c);
}

static void item_da(cx_t *c, const item_t *it, size_t budget, int variant)
{
    gen_rng_t *r = c->r;
    int colon = pct(r, 20), indstilling = pct(r, 60), referat = pct(r, 65);
    heading(c, it, 0, variant);
    newline(c);
    /* Sagsfremstilling 45 and Referat 40 share the budget. */
    budget = budget * 85 / (45 + (referat ? 40 : 0));
    raw(c, colon ? "Sagsfremstilling:" : "Sagsfremstilling");
    newline(c);
    paragraphs(c, budget * 45 / 100);
    newline(c);
    if (indstilling) {
        raw(c, colon ? "Indstilling:" : "Indstilling");
        newline(c);
        sentence(c, c->L->proposals, &c->x->zprop);
        newline(c);
        newline(c);
    }
    if (referat) {
        raw(c, colon ? "Referat:" : "Referat");
        newline(c);
        paragraphs(c, budget * 40 / 100);
        newline(c);
    }
    raw(c, colon ? "Beslutning:" : "Beslutning");
    newline(c);
    decision(c);
    newline(c);
    newline(c);
}

void gen_compose(gen_buf_t *out, gen_rng_t *r, gen_meeting_t *m, gen_stats_t *st)
{
    cx_t cx, *c = &cx;
    memset(c, 0, sizeof *c);
    c->out = out;
    c->r = r;
    c->m = m;
    c->x = m->lex;
    c->L = gen_lex_lang(m->lex);
    c->st = st;
    c->da = m->lang == GEN_DA;
    c->ocr = m->ocr.word_ppm > 0 || m->ocr.glue_ppm > 0;
    c->cap = 1;
    people(c);

    /* The items: how many follows from the size wanted. */
    size_t per_item = (size_t)range(r, 1100, 2400); /* an item with every section needs ~900 */
    size_t body = m->target > 1400 ? m->target - 1100 : 300;
    int nmid = (int)(body / per_item);
    if (nmid < 1)
        nmid = 1;
    if (nmid > MAX_ITEMS - 4)
        nmid = MAX_ITEMS - 4;
    size_t budget = body / (size_t)nmid;
    budget = budget > 200 ? budget - 150 : 60;
    item_t items[MAX_ITEMS];
    int n = 0, first = c->da ? 1 : m->first_case;
    /* Danish "Punkt 3:" (4 %), Norwegian "Sak nr. 3/2024" (3 %) or
     * "Sak 3/24" (5 %) instead of the usual headings. */
    int u = (int)gen_rng_below(r, 100);
    int variant = c->da ? (u < 4 ? 1 : 0) : (u < 3 ? 1 : u < 8 ? 2 : 0);
    if (c->da) {
        snprintf(items[n].title, sizeof items[n].title, "Godkendelse af dagsorden");
        items[n].number = first + n;
        n++;
        if (m->prev_year && pct(r, 40)) {
            char d[64];
            date_long(c, d, sizeof d, m->prev_year, m->prev_month, m->prev_day);
            snprintf(items[n].title, sizeof items[n].title,
                     "Godkendelse af referat fra mødet den %s", d);
            items[n].number = first + n;
            n++;
        }
    } else if (m->prev_year && pct(r, 70)) {
        snprintf(items[n].title, sizeof items[n].title,
                 "Godkjenning av innkalling og referat fra møtet %02d.%02d.%02d", m->prev_day,
                 m->prev_month, m->prev_year % 100);
        items[n].number = first + n;
        n++;
    } else {
        snprintf(items[n].title, sizeof items[n].title, "Godkjenning av innkalling og referat");
        items[n].number = first + n;
        n++;
    }
    int mid0 = n;
    for (int i = 0; i < nmid; i++, n++) {
        for (int tries = 0; tries < 6; tries++) {
            title_of(c, &items[n]);
            int same = 0;
            for (int j = 0; j < n && !same; j++)
                same = strcmp(items[j].title, items[n].title) == 0;
            if (!same)
                break;
        }
        items[n].number = first + n;
    }
    snprintf(items[n].title, sizeof items[n].title, "Eventuelt");
    items[n].number = first + n;
    n++;
    m->nitems = n;

    /* Header and agenda. */
    size_t start = out->n;
    if (m->ocr.heavy && pct(r, 50))
        raw(c, " ");
    if (c->da)
        header_da(c);
    else
        header_nb(c);
    raw(c, c->da ? "Dagsorden" : pct(r, 70) ? "Dagsorden" : "Saksliste");
    newline(c);
    if (c->da)
        newline(c);
    for (int i = 0; i < n; i++)
        heading(c, &items[i], 1, variant);
    newline(c);
    newline(c);

    /* The items. */
    for (int i = 0; i < n; i++) {
        if (i >= mid0 && i < n - 1) {
            /* What is left of the size wanted, shared by the items left
             * (about 300 bytes go to Eventuelt and the signature). */
            size_t done = out->n - start, left = (size_t)(n - 1 - i);
            size_t want = m->target > done + 300 ? (m->target - done - 300) / left : 0;
            budget = want > 350 ? want - 150 : 200;
            if (c->da)
                item_da(c, &items[i], budget, variant);
            else
                item_nb(c, &items[i], budget, variant);
            continue;
        }
        heading(c, &items[i], 0, variant);
        newline(c);
        if (i == n - 1) {
            /* Eventuelt. */
            int k = range(r, 0, 2);
            if (c->da)
                raw(c, "Beslutning");
            if (c->da)
                newline(c);
            if (k == 0) {
                c->cap = 1;
                fill(c, c->da ? "Intet." : "Ingen saker.");
                newline(c);
            }
            size_t ne = count(c->L->eventuelt), e0 = gen_rng_below(r, (uint32_t)ne);
            for (int j = 0; j < k; j++) {
                raw(c, "- ");
                c->cap = 1;
                fill(c, c->L->eventuelt[(e0 + (size_t)j) % ne]);
                newline(c);
            }
        } else {
            if (c->da) {
                raw(c, "Beslutning");
                newline(c);
                c->cap = 1;
                fill(c, i == 0 ? "Dagsordenen blev godkendt." : "Referatet blev godkendt uden bemærkninger.");
            } else {
                raw(c, "Vedtak: ");
                c->cap = 1;
                fill(c, pct(r, 60) ? "Innkalling og referat godkjennes uten merknader."
                                   : "Godkjent.");
            }
            newline(c);
        }
        newline(c);
        newline(c);
    }
    /* Signature. */
    if (!c->da && pct(r, 40)) {
        char tmp[200];
        snprintf(tmp, sizeof tmp, "%.79s                %.79s", c->people[0],
                 c->people[c->npeople - 1]);
        raw(c, tmp);
        newline(c);
        raw(c, "Leder                           Sekretær");
        newline(c);
    } else if (c->da && pct(r, 40)) {
        raw(c, "Referent: ");
        words(c, c->people[c->npeople - 1]);
        newline(c);
    }
}
