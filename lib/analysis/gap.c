/* gap.c - the phrase gap words: the commonest function words of
 * Norwegian (bokmål and nynorsk) and Danish minutes.
 *
 * They are in nearly every passage, several times, so their positions were
 * a fifth of all position data.  The index keeps them as words without
 * positions (indexer/write.c), and a phrase treats them as gaps: "referat
 * fra møtet" is "referat", then "møtet" within three positions, in a
 * passage that also has "fra" (lib/query/build.c).
 *
 * The list may grow, never shrink: an index keeps no positions for the
 * words listed when it was written, and a query must never ask for them.
 */
#include "analysis/ana.h"

#include <stdlib.h>
#include <string.h>

/* Sorted by strcmp (bytes), for bsearch. */
static const char *const gap_words[] = {
    "af", "at", "av", "bør", "de", "dei", "den", "denne", "der", "det", "dette", "disse",
    "efter", "ein", "eit", "eller", "en", "er", "et", "etter", "for", "fra", "frå", "har",
    "her", "hos", "i", "ikke", "ikkje", "kan", "med", "men", "mod", "mot", "må", "og",
    "også", "om", "over", "på", "seg", "sig", "sin", "sine", "skal", "som", "så", "til",
    "under", "ved", "vil", "å",
};

static int by_bytes(const void *key, const void *elem)
{
    return strcmp((const char *)key, *(const char *const *)elem);
}

int ana_is_gap_word(const char *word, size_t len)
{
    char buf[16];
    if (len == 0 || len >= sizeof buf)
        return 0;
    memcpy(buf, word, len);
    buf[len] = '\0';
    return bsearch(buf, gap_words, sizeof gap_words / sizeof gap_words[0], sizeof gap_words[0],
                   by_bytes) != NULL;
}
