/* acronym.c - learning acronyms from the minutes themselves.
 *
 * Minutes introduce their abbreviations: "Nationalt Forum for
 * Børneonkologi (NFBO)", "MR-guidet fokuseret ultralyd (MRgFUS)".  The
 * indexer records each pair so that a query for either finds both across
 * the whole archive.  The full name is the shortest run of words before
 * the parenthesis whose first word starts with the acronym's first letter
 * and whose initials mostly occur, in order, among the acronym's letters;
 * small words (for, og, af, i, ...) do not count.
 */
#include "analysis/ana.h"
#include "analysis/ana_private.h"

#include <ctype.h>
#include <string.h>

#define MAX_ABBR 12
#define MAX_NAME_WORDS 8

static int is_stopword(const char *w, size_t n)
{
    static const char *const stop[] = {"for", "og", "af", "i", "ved", "med", "til", "of", "the",
                                       "and", "de", "det", "den", "om", "på", "pa", "a", "et",
                                       "en", "in", "og/eller"};
    for (size_t i = 0; i < sizeof stop / sizeof stop[0]; i++)
        if (strlen(stop[i]) == n && memcmp(stop[i], w, n) == 0)
            return 1;
    return 0;
}

typedef struct {
    size_t start, end;     /* bytes of the word in the text */
    char initial;          /* lower-case ASCII initial, or 0 */
    int stop;
} word_t;

/* The words before offset END, back to a sentence or clause boundary,
 * nearest first.  Returns how many. */
static size_t words_before(const char *t, size_t end, word_t *w, size_t max)
{
    size_t n = 0, i = end;
    while (n < max) {
        while (i > 0 && (t[i - 1] == ' ' || t[i - 1] == '\t' || t[i - 1] == '\n' || t[i - 1] == '\r'))
            i--;
        if (i == 0)
            break;
        char c = t[i - 1];
        if (c == '.' || c == ',' || c == ':' || c == ';' || c == '(' || c == ')' || c == '"')
            break;
        size_t e = i;
        while (i > 0 && !(t[i - 1] == ' ' || t[i - 1] == '\t' || t[i - 1] == '\n' || t[i - 1] == '\r' ||
                          t[i - 1] == '(' || t[i - 1] == ',' || t[i - 1] == '.' || t[i - 1] == ':'))
            i--;
        w[n].start = i;
        w[n].end = e;
        unsigned char f = (unsigned char)t[i];
        w[n].initial = isalpha(f) ? (char)tolower(f) : 0;
        /* Nordic initials: compare by their skeleton letter. */
        if (f == 0xC3 && i + 1 < e) {
            unsigned char g = (unsigned char)t[i + 1];
            w[n].initial = (g == 0x86 || g == 0xA6 || g == 0x85 || g == 0xA5) ? 'a'
                           : (g == 0x98 || g == 0xB8) ? 'o' : 0;
        }
        char low[16];
        size_t len = e - i < sizeof low ? e - i : sizeof low - 1;
        for (size_t k = 0; k < len; k++)
            low[k] = (char)tolower((unsigned char)t[i + k]);
        w[n].stop = is_stopword(low, len);
        n++;
    }
    return n;
}

/* Checks the candidate name made of words [0, k) (nearest first). */
static int fits(const word_t *w, size_t k, const char *abbr, size_t alen)
{
    size_t content = 0, hits = 0, a = 0;
    const word_t *first = NULL;
    for (size_t i = k; i-- > 0;) {
        if (w[i].stop)
            continue;
        if (!first)
            first = &w[i];
        content++;
        /* In order: find this initial at or after the last match. */
        for (size_t j = a; j < alen; j++)
            if (tolower((unsigned char)abbr[j]) == w[i].initial) {
                hits++;
                a = j + 1;
                break;
            }
    }
    return first && content >= 2 && first == &w[k - 1] &&
           first->initial == tolower((unsigned char)abbr[0]) && hits * 10 >= content * 7;
}

size_t ana_find_acronyms(const char *t, size_t len, ana_acronym_cb cb, void *ctx)
{
    size_t found = 0;
    for (size_t i = 0; i < len; i++) {
        if (t[i] != '(')
            continue;
        size_t j = i + 1, upper = 0;
        while (j < len && j - i - 1 <= MAX_ABBR && (isalnum((unsigned char)t[j]) || t[j] == '-')) {
            if (isupper((unsigned char)t[j]))
                upper++;
            j++;
        }
        size_t alen = j - i - 1;
        if (j >= len || t[j] != ')' || alen < 2 || alen > MAX_ABBR || upper < 2 ||
            !isupper((unsigned char)t[i + 1]))
            continue;
        word_t w[MAX_NAME_WORDS + 4];
        size_t n = words_before(t, i, w, sizeof w / sizeof w[0]), best = 0;
        /* The longest name that fits: "Norsk kvalitetsregister for sjeldne
         * nevrologiske tilstander (NORSNT)", not its last two words. */
        for (size_t k = 2; k <= n && k <= MAX_NAME_WORDS; k++)
            if (!w[k - 1].stop && fits(w, k, t + i + 1, alen))
                best = k;
        if (best) {
            found++;
            if (cb(ctx, t + i + 1, alen, t + w[best - 1].start, w[0].end - w[best - 1].start))
                return found;
        }
    }
    return found;
}
