/* stem.c - the pipeline object and its Snowball stemmers.
 *
 * libstemmer's stemmers keep their result in an internal buffer that the
 * next call overwrites, and a stemmer must not be shared between threads.
 * So each ana_t owns its own stemmers, and ana_stem() copies the stem
 * into a buffer of the ana_t; callers get the documented lifetime "until
 * the next call on A" regardless of libstemmer's internals.
 */
#include "analysis/ana.h"
#include "analysis/ana_private.h"
#include "analysis/lexicon.h"

#include <libstemmer.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Stems remembered per analyzer, in a small direct-mapped table: a
 * Snowball stem costs a few thousand instructions and minutes repeat
 * their words, and a search's highlighting stems every word of every hit
 * shown (in a resident server, a tenth of a search's instructions).  A
 * stem depends only on the word and the stemmer, so a remembered one is
 * exactly what libstemmer would give.
 *
 * The table starts small and grows to its full size once it has stored
 * as many stems as it has slots: a process that runs one query
 * (referat-query) stores a few hundred, and each page of a full table
 * it touched cost a page fault (125 of a one-word query's 722 at
 * 500 MB). */
#define STEM_SLOTS_FIRST 1024 /* a power of two; about 72 KB */
#define STEM_SLOTS 4096       /* a power of two; about 300 KB per analyzer */
#define STEM_WORD 31    /* longer words or stems (in bytes) are not remembered */

struct ana_stem_slot {
    uint32_t hash;
    uint8_t len;        /* 0: empty */
    uint8_t algorithm;  /* ANA_SB_* */
    uint8_t stem_len;
    char word[STEM_WORD];
    char stem[STEM_WORD];
};

/* Snowball algorithm names, indexed by ANA_SB_*. */
static const char *const algorithm[ANA_SB_COUNT] = {"norwegian", "danish", "english"};

/* Nynorsk has no Snowball stemmer of its own; the Norwegian one is
 * written for Bokmål but shares most inflections with Nynorsk, and it is
 * the fallback for text of unknown language because most minutes are
 * Norwegian. */
static int algorithm_of(ana_lang_t lang)
{
    switch (lang) {
    case ANA_LANG_DA:
        return ANA_SB_DANISH;
    case ANA_LANG_EN:
        return ANA_SB_ENGLISH;
    default:
        return ANA_SB_NORWEGIAN;
    }
}

ana_t *ana_new(void)
{
    ana_t *a = calloc(1, sizeof *a);

    if (!a)
        return NULL;
    for (int i = 0; i < ANA_SB_COUNT; i++) {
        a->sb[i] = sb_stemmer_new(algorithm[i], "UTF_8");
        if (!a->sb[i]) {
            ana_free(a);
            return NULL;
        }
    }
    return a;
}

void ana_free(ana_t *a)
{
    if (!a)
        return;
    for (int i = 0; i < ANA_SB_COUNT; i++)
        if (a->sb[i])
            sb_stemmer_delete(a->sb[i]);
    free(a->stem);
    free(a->stems);
    free(a->memo);
    ana_split_cache_free(a->splits);
    free(a);
}

/* Copies the stem S (N bytes) into A's buffer, as ana_stem returns it. */
static const char *keep_stem(ana_t *a, const char *s, size_t n, size_t *stem_len)
{
    if (n + 1 > a->stem_cap) {
        size_t cap = n + 1 < 64 ? 64 : n + 1;
        char *p = realloc(a->stem, cap);
        if (!p)
            return NULL;
        a->stem = p;
        a->stem_cap = cap;
    }
    memcpy(a->stem, s, n);
    a->stem[n] = '\0';
    if (stem_len)
        *stem_len = n;
    return a->stem;
}

/* Makes A's table of SLOTS slots, keeping the stems of the one it
 * replaces; without memory for it, A keeps the table it has (and tries
 * again after as many stores). */
static void stem_table(ana_t *a, size_t slots)
{
    struct ana_stem_slot *t = calloc(slots, sizeof *t);
    a->stem_stores = 0;
    if (!t)
        return;
    for (size_t i = 0; a->stems && i < a->stem_slots; i++)
        if (a->stems[i].len)
            t[a->stems[i].hash & (slots - 1)] = a->stems[i];
    free(a->stems);
    a->stems = t;
    a->stem_slots = slots;
}

/* The slot of A's table for WORD in algorithm ALG (its hash in *h);
 * NULL when the word is not remembered (too long, or no memory for the
 * table, which is made on first use: then only slower). */
static struct ana_stem_slot *stem_slot(ana_t *a, int alg, const char *word, size_t len, uint32_t *h)
{
    if (len == 0 || len > STEM_WORD)
        return NULL;
    if (!a->stems)
        stem_table(a, STEM_SLOTS_FIRST);
    else if (a->stem_slots < STEM_SLOTS && a->stem_stores >= a->stem_slots)
        stem_table(a, STEM_SLOTS);
    if (!a->stems)
        return NULL;
    *h = ana_word_hash(word, len) ^ (uint32_t)alg;
    return &a->stems[*h & (a->stem_slots - 1)];
}

/* Words whose Snowball stem is another word's: Norwegian plurals with
 * an umlaut.  "krefter" (forces, of "kraft") stems to "kreft" (cancer),
 * so a query for "kreft" found talk of forces; they are stemmed as their
 * singular.  Sorted for bsearch(). */
static const struct stem_exception {
    const char *word, *stem;
} nb_exceptions[] = {
    { "kreftene", "kraft" },
    { "kreftenes", "kraft" },
    { "krefter", "kraft" },
    { "krefters", "kraft" },
};

static int cmp_exception(const void *key, const void *elem)
{
    return strcmp(key, ((const struct stem_exception *)elem)->word);
}

/* The stem the exception table gives WORD (LEN bytes) in algorithm ALG,
 * or NULL. */
static const char *exception(int alg, const char *word, size_t len)
{
    char buf[16];
    if (alg != ANA_SB_NORWEGIAN || len >= sizeof buf)
        return NULL;
    memcpy(buf, word, len);
    buf[len] = '\0';
    const struct stem_exception *e =
        bsearch(buf, nb_exceptions, sizeof nb_exceptions / sizeof nb_exceptions[0],
                sizeof nb_exceptions[0], cmp_exception);
    return e ? e->stem : NULL;
}

const char *ana_stem(ana_t *a, ana_lang_t lang, const char *word, size_t len,
                     size_t *stem_len)
{
    if (!a || !word || len > (size_t)INT_MAX)
        return NULL;
    int alg = algorithm_of(lang);
    const char *ex = exception(alg, word, len);
    if (ex)
        return keep_stem(a, ex, strlen(ex), stem_len);
    uint32_t h = 0;
    struct ana_stem_slot *slot = stem_slot(a, alg, word, len, &h);
    if (slot && slot->len == len && slot->hash == h && slot->algorithm == alg &&
        memcmp(slot->word, word, len) == 0)
        return keep_stem(a, slot->stem, slot->stem_len, stem_len);
    const sb_symbol *s = sb_stemmer_stem(a->sb[alg], (const sb_symbol *)word, (int)len);
    if (!s)
        return NULL;               /* libstemmer ran out of memory */
    int n = sb_stemmer_length(a->sb[alg]);
    if (n < 0)
        return NULL;
    if (slot && n <= STEM_WORD) {
        a->stem_stores++;
        slot->hash = h;
        slot->len = (uint8_t)len;
        slot->algorithm = (uint8_t)alg;
        slot->stem_len = (uint8_t)n;
        memcpy(slot->word, word, len);
        memcpy(slot->stem, s, (size_t)n);
    }
    return keep_stem(a, (const char *)s, (size_t)n, stem_len);
}
