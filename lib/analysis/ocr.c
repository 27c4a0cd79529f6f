/* ocr.c - repairing words damaged by OCR of Norwegian and Danish scans.
 *
 * Old scans read the Nordic letters as look-alikes: ø as g, @ or o; å as
 * a, d, 8, 3 or 4; æ as ze, ae, ee or e; "gj" as "gi"; "l" as "1"; "rn" as
 * "m".  A word the lexicon does not know is tried with these confusions
 * undone, one and then two at a time, and the first candidate the lexicon
 * knows (as a word, or as a compound of known words after one confusion)
 * is the repair: "mgte" -> "møte", "Senterrddet" -> "senterrådet",
 * "nevromuskulzert" -> "nevromuskulært", "sgknader" -> "søknader".
 *
 * Why index-time repair against the lexicon rather than query-time fuzzy
 * expansion: the lexicon knows which candidate is a word, so a repair is
 * one precise term, costs nothing at query time, and ranks like the clean
 * word (the damaged text then scores as well as clean text).  The
 * damaged form stays indexed too, and the position of the repaired word
 * is the damaged token's, so phrases and highlighting still hold.
 */
#include "analysis/ana.h"
#include "analysis/ana_private.h"
#include "analysis/lexicon.h"

#include <string.h>

/* One confusion: the damaged bytes and what they stood for. */
typedef struct {
    const char *damaged, *clean;
} confusion_t;

static const confusion_t confusions[] = {
    {"g", "ø"}, {"@", "ø"}, {"o", "ø"},
    {"a", "å"}, {"d", "å"}, {"8", "å"}, {"3", "å"}, {"4", "å"},
    {"ze", "æ"}, {"ae", "æ"}, {"ee", "æ"}, {"e", "æ"},
    {"gi", "gj"}, {"1", "l"}, {"m", "rn"},
};
#define NCONF (sizeof confusions / sizeof confusions[0])

/* Longest word tried: the search is quadratic in the number of
 * confusable places. */
#define MAX_REPAIR_BYTES 48

/* Work allowed per word.  A real damaged word has a handful of
 * confusable places (tens of candidates); a long run of "e"s or "a"s in
 * junk has dozens, and every one-edit candidate costs a compound split of
 * up to ~2000 lookups -- 4 ms a word, an hour for 64 MB of such text.
 * Past the budget the word is left as it is. */
#define MAX_CANDIDATES 1024
#define MAX_SPLITS 64

typedef struct {
    const ana_lexicon_t *lex;
    char *out;
    size_t cap;
    unsigned candidates, splits;
} search_t;

static int acceptable(search_t *s, const char *w, size_t n, int edits)
{
    ana_cpart_t parts[8];
    if (ana_lexicon_has(s->lex, w, n))
        return 1;
    /* A compound of known words, for one edit only: two edits and a free
     * choice of split points would find too many accidental words. */
    return edits == 1 && s->splits++ < MAX_SPLITS && ana_compound_split(s->lex, w, n, parts, 8) > 0;
}

/* Tries every confusion at every place from FROM on in W (N bytes); with
 * DEPTH > 1 recurses for a second edit.  Returns the repaired length or 0. */
static size_t search(search_t *s, const char *w, size_t n, size_t from, int depth, int edits)
{
    char buf[2 * MAX_REPAIR_BYTES + 8];
    for (size_t i = from; i < n; i++) {
        for (size_t c = 0; c < NCONF; c++) {
            size_t dl = strlen(confusions[c].damaged), cl = strlen(confusions[c].clean);
            if (i + dl > n || memcmp(w + i, confusions[c].damaged, dl) != 0)
                continue;
            if (++s->candidates > MAX_CANDIDATES)
                return 0;
            size_t m = i + cl + (n - i - dl);
            if (m >= sizeof buf || m >= s->cap)
                continue;
            memcpy(buf, w, i);
            memcpy(buf + i, confusions[c].clean, cl);
            memcpy(buf + i + cl, w + i + dl, n - i - dl);
            buf[m] = '\0';
            if (acceptable(s, buf, m, edits + 1)) {
                memcpy(s->out, buf, m + 1);
                return m;
            }
            if (depth > 1) {
                size_t r = search(s, buf, m, i + cl, depth - 1, edits + 1);
                if (r)
                    return r;
            }
        }
    }
    return 0;
}

size_t ana_ocr_repair(const ana_lexicon_t *lex, const char *word, size_t len, char *out, size_t cap)
{
    ana_cpart_t parts[8];
    if (!lex || len < 3 || len > MAX_REPAIR_BYTES || ana_lexicon_has(lex, word, len) ||
        ana_compound_split(lex, word, len, parts, 8) > 0)
        return 0; /* a known word, or a compound of known words, is no damage */
    return ana_ocr_search(lex, word, len, out, cap);
}

size_t ana_ocr_search(const ana_lexicon_t *lex, const char *word, size_t len, char *out, size_t cap)
{
    if (!lex || len < 3 || len > MAX_REPAIR_BYTES)
        return 0;
    search_t s = {lex, out, cap, 0, 0};
    /* One edit everywhere first, so the nearest repair wins. */
    size_t r = search(&s, word, len, 0, 1, 0);
    return r ? r : search(&s, word, len, 0, 2, 0);
}
