/* compound.c - splitting compounds into known words.
 *
 * Norwegian and Danish write compounds as one word
 * ("rehabiliteringsopphold", "ultralydsbehandling"), so a query for
 * "opphold" would miss them without decompounding.  A split is a
 * sequence of lexicon words, each at least ANA_PART_MIN_CHARS characters
 * long, optionally joined by a linking "s" or "e".  The best split is
 * found by dynamic programming over the characters of the word, from the
 * end: best[i] is the best way to cover the suffix that starts at
 * character i with one or more parts.  A word has at most MAX_CHARS
 * characters, so this costs at most about 2000 lexicon look-ups, and a
 * few dozen for an ordinary word.
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
 *  5. the longest shortest part: "fiske|trygd|avgift", not
 *     "fisket|rygd|avgift";
 *  6. the longest first part.
 * Each criterion is a sum, a minimum, or a property of the first or last
 * part, so putting one more part in front of best[i] keeps the result
 * the best of its kind.
 *
 * The Debian lists are full-form lists with abbreviations and rare
 * forms, so almost any long word has some split into "known" strings:
 * "pasi|enten", "behandl|ingen", "kaukasisk|este", "samar|beid".  The
 * guards below were found by splitting every word of the three lists and
 * the words of the sample minutes, and reading the most frequent parts:
 *  - a part after the first must not be in not_head[]: strings that are
 *    inflection or derivation endings far more often than words ("ingen",
 *    "este", "ende", "heten", "ring" from -ering, "sjon", Danish "rens",
 *    "ioner", Nynorsk "aste", "ande");
 *  - no part may be in not_part[]: abbreviations and rare forms in the
 *    lists that cut common words ("pasi|enten", "henv|isning");
 *  - after a part ending in "ing", "sjon", "het", "dom", "skap", "else",
 *    "tet", "tion", "sion", "hed" or "skab", which always take a linking
 *    "s" in compounds, a following "s" is the link: "bygning|s|loven",
 *    not "bygning|sloven".
 * The lists are data, not rules: a new false split is fixed by adding
 * its offending part.
 */
#include "analysis/lexicon.h"
#include "analysis/ana.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Longer words are not split: no real compound is that long, and the
 * work grows with the square of the length. */
#define MAX_CHARS 64

/* Both lists are sorted by byte value for bsearch(). */
static const char *const not_head[] = {
    "abel", "ager", "agere", "aget", "aker", "alast", "aler", "alet",
    "alis", "alte", "ande", "anden", "aner", "arar", "arden", "aste",
    "beid", "dane", "dens", "dere", "derne", "digt", "diske", "ederne",
    "eleg", "elegare", "elegast", "elegaste", "elege", "elig", "eligare",
    "eligast", "eligaste", "elige", "eling", "elon", "else", "elses",
    "emmer", "ende", "endes", "enes", "ense", "enten", "enter", "eres",
    "eria", "erin", "eris", "erte", "essor", "este", "ester", "etas",
    "etast", "etere", "gane", "gare", "gast", "gaste", "gene", "gens",
    "gere", "gerne", "gnet", "heden", "hedens", "heder", "hederne",
    "hedernes", "heders", "heta", "heten", "hetene", "hetens", "heter",
    "iane", "idig", "ines", "inga", "ingane", "ingar", "ingen", "ingene",
    "ingens", "inger", "ingers", "ingi", "ionen", "ionens", "ioner",
    "ionerne", "ionernes", "ioners", "ions", "iser", "ismane", "ismar",
    "isme", "ismen", "ismene", "ismens", "ismer", "ister", "jonar", "jonen",
    "jonens", "joner", "joners", "jons", "kande", "kane", "kare", "kast",
    "kaste", "kende", "kens", "kere", "keren", "kerens", "kerne", "kernes",
    "kets", "kilt", "kles", "kollen", "kres", "lane", "laus", "lausare",
    "lausast", "lausaste", "lause", "laust", "lende", "lene", "lenes",
    "lens", "leret", "lige", "liges", "lighed", "ligheden", "ligheds",
    "lings", "lonen", "mane", "mene", "mens", "mere", "mers", "naler",
    "nane", "nare", "nene", "nens", "nere", "nest", "neste", "ofte", "oner",
    "oren", "orens", "orten", "pens", "pers", "rale", "rande", "rane",
    "rast", "rede", "redes", "rende", "rene", "renes", "rens", "riene",
    "rier", "rierne", "ring", "ringa", "ringane", "ringar", "ringen",
    "ringene", "ringens", "ringer", "ringerne", "ringi", "rings", "river",
    "rives", "roll", "rollane", "sane", "sene", "sere", "sers", "sert",
    "sjon", "sjoner", "skare", "sker", "skes", "sløs", "somt", "stane",
    "sten", "stens", "ster", "sters", "stes", "svis", "tande", "tane",
    "tare", "tast", "taste", "teast", "telse", "tende", "tene", "tenes",
    "tens", "tera", "terne", "ternes", "ters", "teste", "tete", "tidig",
    "tiks", "tisk", "tiske", "ures", "utast", "utaste", "vante", "ålet",
};

static const char *const not_part[] = {
    "akti", "bere", "besk", "cent", "dise", "fors", "fort", "forts", "grun",
    "henv", "jour", "juri", "kont", "kontr", "kunn", "medl", "musk", "pasi",
    "prof", "rapp", "rele", "revi", "samar", "tils", "tilst", "tjen", "tran",
    "utvi", "vars",
};

/* Part-final strings after which a linking "s" is obligatory. */
static const char *const s_linking[] = {
    "ing", "sjon", "het", "dom", "skap", "else", "tet", "tion", "sion",
    "hed", "skab",
};

#define COUNT(a) (sizeof (a) / sizeof (a)[0])

typedef struct {
    unsigned char nparts;   /* 0: the suffix has no split */
    unsigned char head;     /* characters in the last part */
    unsigned char slinks;   /* linking "s" in the suffix */
    unsigned char elinks;   /* linking "e" in the suffix */
    unsigned char shortest; /* characters in its shortest part */
    unsigned char end;      /* character where the first part ends */
    unsigned char link;     /* 1 when a linking letter follows it */
} best_t;

static int cmp_str(const void *key, const void *elem)
{
    return strcmp(key, *(const char *const *)elem);
}

/* 1 when bytes [S, S + LEN) are one of the N sorted strings in LIST. */
static int listed(const char *const *list, size_t n, const char *s, size_t len)
{
    char buf[16];
    if (len >= sizeof buf)
        return 0;   /* every entry is short */
    memcpy(buf, s, len);
    buf[len] = '\0';
    return bsearch(buf, list, n, sizeof list[0], cmp_str) != NULL;
}

/* 1 when the part of LEN bytes at S (PART_CHARS characters) ends in a
 * suffix that demands a linking "s".  The part must be two characters
 * longer than the suffix, so that "ting" or "skap" alone do not count. */
static int demands_s(const char *s, size_t len, size_t part_chars)
{
    for (size_t i = 0; i < COUNT(s_linking); i++) {
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
    if (a->shortest != b->shortest)
        return a->shortest > b->shortest;
    return a->end > b->end;
}

size_t ana_compound_split(const ana_lexicon_t *lex, const char *word, size_t len,
                          ana_cpart_t *parts, size_t max)
{
    size_t off[MAX_CHARS + 1];   /* byte offset of each character, and len */
    uint32_t cp[MAX_CHARS];
    best_t best[MAX_CHARS + 1];
    size_t n = 0, np, i;

    if (!lex || !word || !parts || max < 2)
        return 0;
    for (size_t b = 0; b < len;) {
        if (n == MAX_CHARS)
            return 0;
        off[n] = b;
        b += ana_utf8_decode(word + b, len - b, &cp[n]);
        n++;
    }
    off[n] = len;
    if (n < 2 * ANA_PART_MIN_CHARS)
        return 0;

    memset(best, 0, sizeof best);
    for (i = n - ANA_PART_MIN_CHARS + 1; i-- > 0;) {
        best_t *me = &best[i];
        const char *p = word + off[i];
        size_t rest_len = len - off[i];

        /* The whole suffix as one part, except for the whole word. */
        if (i > 0 && ana_lexicon_has(lex, p, rest_len) &&
            !listed(not_head, COUNT(not_head), p, rest_len) &&
            !listed(not_part, COUNT(not_part), p, rest_len)) {
            me->nparts = 1;
            me->head = (unsigned char)(n - i);
            me->shortest = (unsigned char)(n - i);
            me->end = (unsigned char)n;
        }
        for (size_t e = i + ANA_PART_MIN_CHARS; e + ANA_PART_MIN_CHARS <= n; e++) {
            size_t plen = off[e] - off[i];
            uint32_t c = cp[e];
            int must_link;

            /* A part is worth looking up only if a split of the rest
             * follows it, directly or after a linking "s"/"e": most
             * words have few, and each look-up is a cache miss in a
             * large table. */
            if (best[e].nparts == 0 &&
                ((c != 's' && c != 'e') || e + 1 + ANA_PART_MIN_CHARS > n || best[e + 1].nparts == 0))
                continue;
            if (!ana_lexicon_has(lex, p, plen) ||
                (i > 0 && listed(not_head, COUNT(not_head), p, plen)) ||
                listed(not_part, COUNT(not_part), p, plen))
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
                if (e - i < cand.shortest)
                    cand.shortest = (unsigned char)(e - i);
                cand.end = (unsigned char)e;
                cand.link = (unsigned char)link;
                if (better(&cand, me))
                    *me = cand;
            }
        }
    }
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

int ana_part_visible(const char *word, size_t wlen, const char *kterm, size_t klen)
{
    if (klen < 2 || kterm[0] != 'K' || wlen <= klen - 1)
        return 0;
    const char *stem = kterm + 1;
    size_t slen = klen - 1;
    for (size_t i = 0; i + slen <= wlen; i++)
        if (word[i] == stem[0] && memcmp(word + i, stem, slen) == 0)
            return 1;
    return 0;
}
