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

#include <libstemmer.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

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
    ana_split_cache_free(a->splits);
    free(a);
}

const char *ana_stem(ana_t *a, ana_lang_t lang, const char *word, size_t len,
                     size_t *stem_len)
{
    const sb_symbol *s;
    int n;

    if (!a || !word || len > (size_t)INT_MAX)
        return NULL;
    s = sb_stemmer_stem(a->sb[algorithm_of(lang)], (const sb_symbol *)word, (int)len);
    if (!s)
        return NULL;               /* libstemmer ran out of memory */
    n = sb_stemmer_length(a->sb[algorithm_of(lang)]);
    if (n < 0)
        return NULL;
    if ((size_t)n + 1 > a->stem_cap) {
        size_t cap = (size_t)n + 1 < 64 ? 64 : (size_t)n + 1;
        char *p = realloc(a->stem, cap);
        if (!p)
            return NULL;
        a->stem = p;
        a->stem_cap = cap;
    }
    memcpy(a->stem, s, (size_t)n);
    a->stem[n] = '\0';
    if (stem_len)
        *stem_len = (size_t)n;
    return a->stem;
}
