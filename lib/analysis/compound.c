/* compound.c - splitting compounds into known words.
 *
 * Norwegian and Danish write compounds as one word
 * ("rehabiliteringsopphold", "ultralydsbehandling"), so a query for
 * "opphold" would miss them without decompounding.  A split is a
 * sequence of lexicon words, each at least ANA_PART_MIN_CHARS characters
 * long, optionally joined by a linking "s" or "e".  The best split is
 * found by dynamic programming over the characters of the word, from the
 * end: best[i] is the best way to cover the suffix that starts at
 * character i with one or more parts.  A word has at most 64 characters,
 * so this costs at most about 2000 lexicon look-ups, and far fewer for
 * ordinary words.
 *
 * Ranking, most important first:
 *  1. fewest parts, so a part the lexicon knows whole is not cut further;
 *  2. the longest last part (the head, which carries the meaning):
 *     "kurer|sending", not "kurer|s|ending";
 *  3. more linking "s": the full-form lists hold genitives, so both
 *     "rehabiliterings|opphold" and "rehabilitering|s|opphold" are
 *     splits, and the one without the genitive gives the cleaner part;
 *  4. fewer linking "e": the opposite holds for "e", which usually
 *     belongs to the word ("bremse|skiver", "preste|kandidater"), while
 *     Danish "børn|e|kræft" still splits because "børne" is not a word;
 *  5. the longest first part.
 * Each criterion is a sum or an end of the parts from character i on, so
 * extending best[i] by one part in front keeps it the best.
 *
 * Guards against nonsense splits, found by splitting every word of the
 * three Debian lists and reading the most frequent heads:
 *  - a part after the first must not be in bogus_parts[]: strings that
 *    are inflection or derivation endings far more often than words, such
 *    as "ingen" (behandl|ingen), "este" (kaukasisk|este), "ende"
 *    (utrull|ende), "heten", "ring" (organise|ring), "sjon" (orga|nisa|
 *    sjon), Danish "rens", "ioner", Nynorsk "aste", "ande";
 *  - after a part ending in "ing", "sjon", "het", "dom", "skap", "else",
 *    "tet", "tion", "sion", "hed" or "skab", which always take a linking
 *    "s" in compounds, a following "s" is the link: "bygning|s|loven",
 *    not "bygning|sloven".
 */
#include "analysis/lexicon.h"
#include "analysis/ana.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Longer words are not split: no real compound is that long, and the
 * work grows with the square of the length. */
#define MAX_CHARS 64

/* Sorted by byte value for bsearch(). */
static const char *const bogus_parts[] = {
    "alast", "aler", "ande", "aner", "arar", "aste", "dane", "dens", "dere",
    "derne", "eleg", "elegare", "elegast", "elegaste", "elege", "elig",
    "eligare", "eligast", "eligaste", "elige", "else", "elses", "ende",
    "endes", "enes", "eres", "eria", "eris", "erte", "este", "etast",
    "etere", "gane", "gare", "gast", "gaste", "gene", "gere", "gerne",
    "heden", "hedens", "heder", "hederne", "hedernes", "heders", "heta",
    "heten", "hetene", "hetens", "heter", "iane", "ines", "inga", "ingane",
    "ingar", "ingen", "ingene", "ingens", "inger", "ingers", "ingi",
    "ionen", "ionens", "ioner", "ionerne", "ionernes", "ioners", "ions",
    "iser", "ismane", "ismar", "isme", "ismen", "ismene", "ismens", "ismer",
    "ister", "jonar", "jonen", "jonens", "joners", "jons", "kande", "kane",
    "kare", "kast", "kaste", "kende", "kens", "kere", "keren", "kerens",
    "kerne", "kernes", "kets", "lane", "laus", "lausare", "lausast",
    "lausaste", "lause", "laust", "lende", "lene", "lenes", "lens", "lige",
    "liges", "lighed", "lings", "mane", "mene", "mens", "mere", "mers",
    "nane", "nare", "nene", "nens", "nere", "nest", "neste", "oner",
    "orens", "pens", "pers", "rande", "rane", "rast", "rede", "redes",
    "rende", "rene", "rens", "riene", "rier", "rierne", "ring", "ringa",
    "ringane", "ringar", "ringen", "ringene", "ringens", "ringer",
    "ringerne", "ringi", "rings", "sane", "sene", "sere", "sers", "sert",
    "sjon", "sjoner", "skare", "skes", "sløs", "stane", "ster", "sters",
    "stes", "tande", "tane", "tare", "tast", "taste", "teast", "telse",
    "tende", "tene", "tenes", "tens", "tera", "terne", "ternes", "ters",
    "teste", "tete", "tisk", "tiske", "utast", "utaste",
};

#define NBOGUS (sizeof bogus_parts / sizeof bogus_parts[0])

/* Part-final strings after which a linking "s" is obligatory. */
static const char *const s_linking[] = {
    "ing", "sjon", "het", "dom", "skap", "else", "tet", "tion", "sion",
    "hed", "skab",
};

typedef struct {
    unsigned char nparts;   /* 0: the suffix has no split */
    unsigned char head;     /* characters in the last part */
    unsigned char slinks;   /* linking "s" in the suffix */
    unsigned char elinks;   /* linking "e" in the suffix */
    unsigned char end;      /* character where the first part ends */
    unsigned char link;     /* 1 when a linking letter follows it */
} best_t;

static int cmp_part(const void *key, const void *elem)
{
    return strcmp(key, *(const char *const *)elem);
}

/* 1 when bytes [S, S + LEN) are a bogus non-initial part. */
static int is_bogus(const char *s, size_t len)
{
    char buf[16];
    if (len >= sizeof buf)
        return 0;   /* every entry is short */
    memcpy(buf, s, len);
    buf[len] = '\0';
    return bsearch(buf, bogus_parts, NBOGUS, sizeof bogus_parts[0], cmp_part) != NULL;
}

/* 1 when the part of LEN bytes ending at S + LEN (of PART_CHARS
 * characters) ends in a suffix that demands a linking "s".  The part must
 * be two characters longer than the suffix, so that "ting" or "skap"
 * themselves do not count. */
static int demands_s(const char *s, size_t len, size_t part_chars)
{
    for (size_t i = 0; i < sizeof s_linking / sizeof s_linking[0]; i++) {
        size_t n = strlen(s_linking[i]);
        if (part_chars >= n + 2 && len >= n && memcmp(s + len - n, s_linking[i], n) == 0)
            return 1;
    }
    return 0;
}

/* 1 when candidate A ranks before B (see the ranking above). */
static int better(const best_t *a, const best_t *b)
{
    if (b->nparts == 0)
        return 1;
    if (a->nparts != b->nparts)
        return a->nparts < b->nparts;
    if (a->head != b->head)
        return a->head > b->head;
    if (a->slinks != b->slinks)
        return a->slinks > b->slinks;
    if (a->elinks != b->elinks)
        return a->elinks < b->elinks;
    return a->end > b->end;
}

size_t ana_compound_split(const ana_lexicon_t *lex, const char *word, size_t len,
                          ana_cpart_t *parts, size_t max)
{
    size_t off[MAX_CHARS + 1];   /* byte offset of each character, and len */
    best_t best[MAX_CHARS + 1];
    size_t n = 0, np, i;

    if (!lex || !word || !parts || max < 2)
        return 0;
    for (size_t b = 0; b < len;) {
        uint32_t cp;
        if (n == MAX_CHARS)
            return 0;
        off[n++] = b;
        b += ana_utf8_decode(word + b, len - b, &cp);
    }
    off[n] = len;
    if (n < 2 * ANA_PART_MIN_CHARS)
        return 0;

    memset(best, 0, sizeof best);
    for (i = n - ANA_PART_MIN_CHARS + 1; i-- > 0;) {
        best_t *me = &best[i];
        const char *p = word + off[i];

        /* Parts after the first must not be endings in disguise. */
        if (i > 0 && ana_lexicon_has(lex, p, len - off[i]) && !is_bogus(p, len - off[i])) {
            me->nparts = 1;
            me->head = (unsigned char)(n - i);
            me->end = (unsigned char)n;
        }
        for (size_t e = i + ANA_PART_MIN_CHARS; e + ANA_PART_MIN_CHARS <= n; e++) {
            size_t plen = off[e] - off[i];
            char c = word[off[e]];
            int must_link;

            if (!ana_lexicon_has(lex, p, plen) || (i > 0 && is_bogus(p, plen)))
                continue;
            must_link = c == 's' && demands_s(p, plen, e - i);
            for (int link = must_link; link <= 1; link++) {
                size_t next = e + (size_t)link;
                const best_t *rest;
                best_t cand;

                if (link && ((c != 's' && c != 'e') || next + ANA_PART_MIN_CHARS > n))
                    continue;
                rest = &best[next];
                if (rest->nparts == 0)
                    continue;
                cand = *rest;
                cand.nparts++;
                cand.slinks += link && c == 's';
                cand.elinks += link && c == 'e';
                cand.end = (unsigned char)e;
                cand.link = (unsigned char)link;
                if (better(&cand, me))
                    *me = cand;
            }
        }
    }
    /* Parts are at least four characters, so there are at most sixteen. */
    if (best[0].nparts < 2 || best[0].nparts > max)
        return 0;
    for (np = 0, i = 0; np < best[0].nparts; np++) {
        const best_t *b = &best[i];
        parts[np].start = off[i];
        parts[np].end = off[b->end];
        parts[np].link = b->link;   /* "s" and "e" are one byte each */
        i = b->end + b->link;
    }
    return np;
}
