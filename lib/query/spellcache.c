/* spellcache.c - the other spellings of query words that an index holds,
 * remembered per engine.
 *
 * A query word's other spellings (ana_spell_variants: "boern" as "børn",
 * "kreft" as "kræft") are up to 64 candidates, each analysed and its
 * terms looked up in the index (build.c); a search builds its words more
 * than once (the query, the partial-match fallback, each word of
 * "unmatched"), and a resident server meets the same words in request
 * after request.  What the look-ups found depends only on the word, the
 * analyzer (the engine's, fixed) and the index's revision, so the engine
 * keeps build.c's record of them in a small direct-mapped table, emptied
 * when the reader moves to another revision or set of shards
 * (xs_db_generation()); a record made while a look-up failed is not
 * kept.  An engine serves one thread at a time (the server keeps one
 * per thread), so the table takes no lock.
 */
#include "qry_private.h"
#include "analysis/lexicon.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define SPELL_SLOTS 1024 /* a power of two; a few hundred bytes a word */

typedef struct {
    uint32_t hash;
    int kind;      /* build.c's kind of record (a word or a phrase's word) */
    char *word;    /* NULL: empty; the record follows its NUL */
    size_t len;    /* the record's bytes */
} spell_slot_t;

struct qry_spellcache {
    unsigned long generation;
    spell_slot_t slot[SPELL_SLOTS];
};

qry_spellcache_t *qry_spellcache_new(void)
{
    return calloc(1, sizeof(qry_spellcache_t));
}

static void empty(qry_spellcache_t *c)
{
    for (size_t i = 0; i < SPELL_SLOTS; i++) {
        free(c->slot[i].word);
        c->slot[i].word = NULL;
    }
}

void qry_spellcache_free(qry_spellcache_t *c)
{
    if (!c)
        return;
    empty(c);
    free(c);
}

/* The slot for WORD of KIND (its hash in *H). */
static spell_slot_t *slot_of(qry_spellcache_t *c, int kind, const char *word, uint32_t *h)
{
    *h = ana_word_hash(word, strlen(word)) ^ (uint32_t)kind;
    return &c->slot[*h & (SPELL_SLOTS - 1)];
}

const char *qry_spellcache_find(qry_spellcache_t *c, xs_db_t *db, int kind, const char *word, size_t *len)
{
    uint32_t h;
    if (!c)
        return NULL;
    unsigned long g = xs_db_generation(db);
    if (c->generation != g) {
        empty(c);
        c->generation = g;
    }
    spell_slot_t *s = slot_of(c, kind, word, &h);
    if (!s->word || s->hash != h || s->kind != kind || strcmp(s->word, word) != 0)
        return NULL;
    *len = s->len;
    return s->word + strlen(s->word) + 1;
}

void qry_spellcache_keep(qry_spellcache_t *c, xs_db_t *db, int kind, const char *word, const char *rec,
                         size_t len)
{
    uint32_t h;
    /* Look-ups that moved the reader on (a commit in between) may have
     * read two revisions: not kept. */
    if (!c || c->generation != xs_db_generation(db))
        return;
    size_t wl = strlen(word);
    char *w = malloc(wl + 1 + len);
    if (!w)
        return; /* only slower */
    memcpy(w, word, wl + 1);
    if (len)
        memcpy(w + wl + 1, rec, len);
    spell_slot_t *s = slot_of(c, kind, word, &h);
    free(s->word);
    *s = (spell_slot_t){ h, kind, w, len };
}
