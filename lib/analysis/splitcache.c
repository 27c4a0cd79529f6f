/* splitcache.c - compound splits and OCR repairs remembered per
 * analyzer.
 *
 * Splitting a long word probes the word lists once per candidate part,
 * and an OCR repair tries a split of every candidate; each probe is a
 * cache miss in a table of tens of megabytes.  Minutes repeat their words
 * (the same committees, treatments and bodies in passage after passage),
 * so the analyzer remembers, in two small direct-mapped tables, the split
 * of each long word it met and the repair (or none) of each word it
 * checked.  Both depend only on the word and the word lists, so a
 * remembered answer is exactly the one ana_compound_split() or
 * ana_ocr_repair() would give; the tables are emptied when the lists
 * change (another list set, or words added).
 */
#include "analysis/ana_private.h"
#include "analysis/lexicon.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define SPLIT_SLOTS 32768 /* a power of two; about 3 MB per analyzer */
#define SPLIT_WORD 63    /* longer words (in bytes) are not remembered */
#define SPLIT_PARTS 8

typedef struct {
    uint32_t hash;
    uint8_t len;          /* 0: empty */
    uint8_t n;            /* parts; 0 when the word does not split */
    char word[SPLIT_WORD];
    struct {
        uint8_t start, end, link;
    } part[SPLIT_PARTS];
} split_slot_t;

#define OCR_SLOTS 16384 /* a power of two; about 2 MB per analyzer */

typedef struct {
    uint32_t hash;
    uint8_t len;          /* 0: empty */
    uint8_t rlen;         /* the repair's length; 0 when none */
    char word[SPLIT_WORD];
    char repair[SPLIT_WORD];
} ocr_slot_t;

struct ana_split_cache {
    const struct ana_lexicon *lex;
    size_t lex_count;     /* words in LEX when the tables were filled */
    split_slot_t slot[SPLIT_SLOTS];
    ocr_slot_t ocr[OCR_SLOTS];
};

void ana_split_cache_free(struct ana_split_cache *c)
{
    free(c);
}

/* A's tables, emptied if the word lists changed; NULL when out of
 * memory (then nothing is remembered, only slower). */
static struct ana_split_cache *tables(ana_t *a)
{
    struct ana_split_cache *c = a->splits;
    size_t count = ana_lexicon_size(a->lex);
    if (!c) {
        /* calloc's pages are zero already, and untouched they cost
         * nothing: clearing the 5 MB again faulted in every page, 26 ms
         * of a one-word analysis on a virtual machine with dear page
         * faults (7 December 2026). */
        if (!(c = a->splits = calloc(1, sizeof *c)))
            return NULL;
        c->lex = a->lex;
        c->lex_count = count;
    }
    if (c->lex != a->lex || c->lex_count != count) {
        memset(c->slot, 0, sizeof c->slot);
        memset(c->ocr, 0, sizeof c->ocr);
        c->lex = a->lex;
        c->lex_count = count;
    }
    return c;
}

size_t ana_split_cached(ana_t *a, const char *word, size_t len, ana_cpart_t *parts, size_t max)
{
    struct ana_split_cache *c;
    if (len > SPLIT_WORD || max < SPLIT_PARTS || !a->lex || !(c = tables(a)))
        return ana_compound_split(a->lex, word, len, parts, max);
    uint32_t h = ana_word_hash(word, len);
    split_slot_t *s = &c->slot[h & (SPLIT_SLOTS - 1)];
    if (s->len == len && s->hash == h && memcmp(s->word, word, len) == 0) {
        for (size_t i = 0; i < s->n; i++) {
            parts[i].start = s->part[i].start;
            parts[i].end = s->part[i].end;
            parts[i].link = s->part[i].link;
        }
        return s->n;
    }
    size_t n = ana_compound_split(a->lex, word, len, parts, SPLIT_PARTS);
    s->hash = h;
    s->len = (uint8_t)len;
    s->n = (uint8_t)n;
    memcpy(s->word, word, len);
    for (size_t i = 0; i < n; i++) {
        s->part[i].start = (uint8_t)parts[i].start;
        s->part[i].end = (uint8_t)parts[i].end;
        s->part[i].link = (uint8_t)parts[i].link;
    }
    return n;
}

size_t ana_ocr_cached(ana_t *a, const char *word, size_t len, char *out, size_t cap)
{
    struct ana_split_cache *c;
    if (len > SPLIT_WORD || cap <= SPLIT_WORD || !a->lex || !(c = tables(a)))
        return ana_ocr_repair(a->lex, word, len, out, cap);
    uint32_t h = ana_word_hash(word, len);
    ocr_slot_t *s = &c->ocr[h & (OCR_SLOTS - 1)];
    if (s->len == len && s->hash == h && memcmp(s->word, word, len) == 0) {
        memcpy(out, s->repair, s->rlen);
        out[s->rlen] = '\0';
        return s->rlen;
    }
    /* As ana_ocr_repair, with the split remembered for emit_compound,
     * which asks for it next. */
    ana_cpart_t parts[SPLIT_PARTS];
    size_t n = 0;
    if (len >= 3 && !ana_lexicon_has(a->lex, word, len) &&
        ana_split_cached(a, word, len, parts, SPLIT_PARTS) == 0)
        n = ana_ocr_search(a->lex, word, len, out, cap);
    if (n > SPLIT_WORD)
        return n; /* too long to remember */
    s->hash = h;
    s->len = (uint8_t)len;
    s->rlen = (uint8_t)n;
    memcpy(s->word, word, len);
    memcpy(s->repair, out, n);
    return n;
}
