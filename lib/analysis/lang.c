/* lang.c - language codes and the marker-word language guess.
 *
 * The guess counts marker words: frequent function words (and a few
 * words every set of minutes uses, such as "meeting" and "case") whose
 * spelling differs between Norwegian Bokmål, Nynorsk, Danish and English.
 * Each marker carries a weight per language; a token adds its weights to
 * the four scores and the highest score wins.
 *
 * Weights, and why:
 *   - A word one language uses and the others never do scores 2 for it
 *     (Danish af/efter/mellem/nogle/hvad/blev/bliver, Bokmål mye/noen/hva/
 *     ble/vært, English with/that/which); the very frequent and very
 *     telling ones score 3 (Nynorsk ikkje/frå/korleis/mykje, English the).
 *   - A word two languages share against a third scores 1 for each of the
 *     two (ikke, jeg, fra, være, en, et are Bokmål and Danish, but not
 *     Nynorsk, which writes ikkje, eg, frå, vere, ein, eit).  Shared words
 *     then cancel between the two and only tell them apart from the third.
 *   - Words all three Nordic languages share (og, i, det, som, er, til,
 *     for, på, med, har, skal) carry no evidence and are not listed.
 *   - Words that are frequent but ambiguous score 1: Danish "der" (mostly
 *     the relative pronoun and expletive, but Bokmål "der" means "there"),
 *     English "to" (Nordic "two").  Danish "at" (the infinitive marker and
 *     "that") is left out although it is frequent: Norwegian minutes write
 *     "for at", "til tross for at" so often that it tipped short Norwegian
 *     passages to Danish.
 * Only intact words are listed, no OCR variants: OCR damage hits the
 * letters æ ø å ("mgte", "pa"), and plain-ASCII markers such as av, etter,
 * ikke, blir, noen survive it, which is enough for a page of minutes.
 *
 * The guess returns ANA_LANG_UNKNOWN when fewer than MIN_HITS marker
 * words were seen, or when the two best scores tie; a Bokmål/Nynorsk tie
 * (text with only shared Norwegian markers such as av, etter, mot) gives
 * Bokmål, the written standard of most Norwegian minutes.  Only the first
 * MAX_SCAN bytes are read: a few pages decide the language of a
 * document, and a passage is much shorter than that.
 */
#include "analysis/ana.h"
#include "analysis/ana_private.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_SCAN (64u * 1024u)
#define MIN_HITS 3

static const char *const codes[ANA_LANG_COUNT] = {"und", "nb", "nn", "da", "en"};

const char *ana_lang_code(ana_lang_t lang)
{
    if ((int)lang < 0 || lang >= ANA_LANG_COUNT)
        return codes[ANA_LANG_UNKNOWN];
    return codes[lang];
}

ana_lang_t ana_lang_from_code(const char *code)
{
    if (!code)
        return ANA_LANG_UNKNOWN;
    for (int i = ANA_LANG_NB; i < ANA_LANG_COUNT; i++)
        if (strcasecmp(code, codes[i]) == 0)
            return (ana_lang_t)i;
    return ANA_LANG_UNKNOWN;
}

/* Index of each score in marker.w: nb, nn, da, en. */
enum { W_NB, W_NN, W_DA, W_EN, W_COUNT };

/* Sorted by strcmp() of the UTF-8 words for bsearch(). */
static const struct marker {
    const char *word;
    unsigned char w[W_COUNT];
} markers[] = {
    {"af", {0, 0, 2, 0}},  /* of (da) */
    {"also", {0, 0, 0, 1}},
    {"an", {0, 0, 0, 1}},
    {"and", {0, 0, 0, 2}},
    {"arbeid", {1, 1, 0, 0}},  /* work */
    {"arbejde", {0, 0, 2, 0}},  /* work */
    {"are", {0, 0, 0, 2}},
    {"av", {2, 2, 0, 0}},  /* of (nb, nn) */
    {"bare", {1, 0, 1, 0}},  /* only */
    {"been", {0, 0, 0, 2}},
    {"berre", {0, 2, 0, 0}},  /* only */
    {"blandt", {0, 0, 2, 0}},  /* among */
    {"blant", {1, 1, 0, 0}},  /* among */
    {"ble", {2, 0, 0, 0}},  /* became */
    {"blei", {1, 1, 0, 0}},  /* became */
    {"blev", {0, 0, 2, 0}},  /* became */
    {"bli", {1, 1, 0, 0}},  /* become */
    {"blir", {2, 1, 0, 0}},  /* becomes */
    {"blive", {0, 0, 2, 0}},  /* become */
    {"bliver", {0, 0, 2, 0}},  /* becomes */
    {"de", {1, 0, 1, 0}},  /* they */
    {"deg", {1, 1, 0, 0}},  /* you */
    {"dei", {0, 2, 0, 0}},  /* they */
    {"der", {0, 0, 1, 0}},  /* Danish relative/expletive 'der' */
    {"desse", {0, 2, 0, 0}},  /* these */
    {"dessuten", {2, 0, 0, 0}},  /* besides */
    {"desuden", {0, 0, 2, 0}},  /* besides */
    {"difor", {0, 2, 0, 0}},  /* therefore */
    {"dig", {0, 0, 1, 0}},  /* you */
    {"disse", {1, 0, 1, 0}},  /* these */
    {"efter", {0, 0, 2, 0}},  /* after */
    {"eg", {0, 2, 0, 0}},  /* I */
    {"ei", {1, 1, 0, 0}},  /* a (feminine) */
    {"ein", {0, 2, 0, 0}},  /* a */
    {"eit", {0, 2, 0, 0}},  /* a */
    {"en", {1, 0, 1, 0}},  /* a */
    {"end", {0, 0, 1, 0}},  /* than */
    {"endnu", {0, 0, 2, 0}},  /* yet */
    {"enn", {1, 1, 0, 0}},  /* than */
    {"enno", {0, 1, 0, 0}},  /* yet */
    {"ennå", {1, 0, 0, 0}},  /* yet */
    {"et", {1, 0, 1, 0}},  /* a */
    {"etter", {2, 2, 0, 0}},  /* after */
    {"fleire", {0, 2, 0, 0}},  /* several */
    {"flere", {1, 0, 1, 0}},  /* more, several */
    {"fra", {1, 0, 1, 0}},  /* from */
    {"from", {0, 0, 0, 1}},
    {"frå", {0, 3, 0, 0}},  /* from */
    {"gennem", {0, 0, 2, 0}},  /* through */
    {"gir", {1, 0, 0, 0}},  /* gives */
    {"giver", {0, 0, 1, 0}},  /* gives */
    {"gjennom", {1, 1, 0, 0}},  /* through */
    {"gjev", {0, 1, 0, 0}},  /* gives */
    {"had", {0, 0, 0, 1}},
    {"has", {0, 0, 0, 1}},
    {"heile", {0, 2, 0, 0}},  /* whole */
    {"hele", {1, 0, 1, 0}},  /* whole */
    {"hjå", {0, 2, 0, 0}},  /* at (someone's) */
    {"ho", {0, 2, 0, 0}},  /* she */
    {"hun", {1, 0, 1, 0}},  /* she */
    {"hva", {2, 0, 0, 0}},  /* what */
    {"hvad", {0, 0, 2, 0}},  /* what */
    {"hvem", {1, 0, 1, 0}},  /* who */
    {"hvor", {1, 0, 1, 0}},  /* where */
    {"hvordan", {1, 0, 1, 0}},  /* how */
    {"hvorfor", {1, 0, 1, 0}},  /* why */
    {"igen", {0, 0, 1, 0}},  /* again */
    {"igennem", {0, 0, 2, 0}},  /* through */
    {"igjen", {1, 1, 0, 0}},  /* again */
    {"ikke", {1, 0, 1, 0}},  /* not */
    {"ikkje", {0, 3, 0, 0}},  /* not */
    {"in", {0, 0, 0, 1}},
    {"is", {0, 0, 0, 2}},
    {"jeg", {1, 0, 1, 0}},  /* I */
    {"kor", {0, 1, 0, 0}},  /* where */
    {"korleis", {0, 3, 0, 0}},  /* how */
    {"kva", {0, 2, 0, 0}},  /* what */
    {"kven", {0, 2, 0, 0}},  /* who */
    {"kvifor", {0, 2, 0, 0}},  /* why */
    {"ligeledes", {0, 0, 1, 0}},  /* likewise */
    {"likeledes", {1, 0, 0, 0}},  /* likewise */
    {"medan", {0, 2, 0, 0}},  /* while */
    {"meg", {1, 1, 0, 0}},  /* me */
    {"meget", {0, 0, 2, 0}},  /* much */
    {"meir", {0, 2, 0, 0}},  /* more */
    {"mellem", {0, 0, 2, 0}},  /* between */
    {"mellom", {2, 2, 0, 0}},  /* between */
    {"mens", {1, 0, 1, 0}},  /* while */
    {"mer", {1, 0, 0, 0}},  /* more */
    {"mere", {0, 0, 2, 0}},  /* more */
    {"mig", {0, 0, 1, 0}},  /* me */
    {"mod", {0, 0, 2, 0}},  /* against */
    {"mot", {2, 2, 0, 0}},  /* against */
    {"mye", {2, 0, 0, 0}},  /* much */
    {"mykje", {0, 3, 0, 0}},  /* much */
    {"møde", {0, 0, 2, 0}},  /* meeting */
    {"møder", {0, 0, 2, 0}},  /* meetings */
    {"mødet", {0, 0, 2, 0}},  /* the meeting */
    {"møte", {1, 1, 0, 0}},  /* meeting */
    {"møter", {1, 1, 0, 0}},  /* meetings */
    {"møtet", {1, 1, 0, 0}},  /* the meeting */
    {"noe", {2, 0, 0, 0}},  /* something */
    {"noen", {2, 0, 0, 0}},  /* some */
    {"nogen", {0, 0, 2, 0}},  /* some */
    {"noget", {0, 0, 2, 0}},  /* something */
    {"nogle", {0, 0, 2, 0}},  /* some */
    {"noko", {0, 2, 0, 0}},  /* something */
    {"nokon", {0, 2, 0, 0}},  /* some */
    {"nokre", {0, 2, 0, 0}},  /* some */
    {"not", {0, 0, 0, 1}},
    {"nu", {0, 0, 1, 0}},  /* now */
    {"nå", {1, 1, 0, 0}},  /* now */
    {"of", {0, 0, 0, 2}},
    {"også", {1, 0, 1, 0}},  /* also */
    {"on", {0, 0, 0, 1}},
    {"op", {0, 0, 1, 0}},  /* up */
    {"opp", {1, 1, 0, 0}},  /* up */
    {"or", {0, 0, 0, 1}},
    {"our", {0, 0, 0, 1}},
    {"sag", {0, 0, 1, 0}},  /* case */
    {"sak", {1, 1, 0, 0}},  /* case */
    {"saman", {0, 2, 0, 0}},  /* together */
    {"sammen", {1, 0, 1, 0}},  /* together */
    {"seg", {2, 2, 0, 0}},  /* oneself */
    {"selv", {1, 0, 1, 0}},  /* self */
    {"should", {0, 0, 0, 1}},
    {"sig", {0, 0, 2, 0}},  /* oneself */
    {"sjølv", {0, 2, 0, 0}},  /* self */
    {"slik", {1, 1, 0, 0}},  /* such */
    {"spørgsmål", {0, 0, 2, 0}},  /* question */
    {"spørsmål", {1, 1, 0, 0}},  /* question */
    {"sådan", {0, 0, 1, 0}},  /* such */
    {"tager", {0, 0, 1, 0}},  /* takes */
    {"tar", {1, 0, 0, 0}},  /* takes */
    {"tek", {0, 1, 0, 0}},  /* takes */
    {"that", {0, 0, 0, 2}},
    {"the", {0, 0, 0, 3}},
    {"their", {0, 0, 0, 2}},
    {"there", {0, 0, 0, 1}},
    {"these", {0, 0, 0, 1}},
    {"they", {0, 0, 0, 1}},
    {"this", {0, 0, 0, 2}},
    {"to", {0, 0, 0, 1}},  /* also nb/da 'two' */
    {"ud", {0, 0, 1, 0}},  /* out */
    {"uden", {0, 0, 2, 0}},  /* without */
    {"ut", {1, 1, 0, 0}},  /* out */
    {"utan", {0, 2, 0, 0}},  /* without */
    {"uten", {2, 0, 0, 0}},  /* without */
    {"vart", {0, 1, 0, 0}},  /* became */
    {"vere", {0, 2, 0, 0}},  /* be */
    {"vert", {0, 2, 0, 0}},  /* becomes */
    {"vore", {0, 1, 0, 0}},  /* been */
    {"vorte", {0, 2, 0, 0}},  /* been */
    {"være", {1, 0, 1, 0}},  /* be */
    {"været", {0, 0, 2, 0}},  /* been */
    {"vært", {2, 0, 0, 0}},  /* been */
    {"was", {0, 0, 0, 2}},
    {"we", {0, 0, 0, 1}},
    {"were", {0, 0, 0, 2}},
    {"which", {0, 0, 0, 2}},
    {"will", {0, 0, 0, 1}},
    {"with", {0, 0, 0, 2}},
    {"would", {0, 0, 0, 1}},
    {"å", {2, 2, 0, 0}},  /* infinitive marker */
    {"òg", {0, 2, 0, 0}},  /* also */
};

#define NMARKERS (sizeof markers / sizeof markers[0])

typedef struct {
    unsigned score[W_COUNT];
    unsigned hits;
} tally_t;

static int cmp_marker(const void *key, const void *elem)
{
    return strcmp(key, ((const struct marker *)elem)->word);
}

static int count_token(void *ctx, const ana_token_t *tok)
{
    tally_t *t = ctx;
    const struct marker *m;

    if (tok->flags & (ANA_TOK_NUMERIC | ANA_TOK_JOINED))
        return 0;
    m = bsearch(tok->word, markers, NMARKERS, sizeof markers[0], cmp_marker);
    if (!m)
        return 0;
    for (int i = 0; i < W_COUNT; i++)
        t->score[i] += m->w[i];
    t->hits++;
    return 0;
}

ana_lang_t ana_guess_lang(const char *text, size_t len)
{
    static const ana_lang_t lang_of[W_COUNT] = {ANA_LANG_NB, ANA_LANG_NN, ANA_LANG_DA, ANA_LANG_EN};
    tally_t t;
    int best = 0;
    unsigned tied = 0;

    memset(&t, 0, sizeof t);
    if (!text)
        return ANA_LANG_UNKNOWN;
    ana_tokenize(text, len < MAX_SCAN ? len : MAX_SCAN, 1, count_token, &t);
    if (t.hits < MIN_HITS)
        return ANA_LANG_UNKNOWN;
    for (int i = 1; i < W_COUNT; i++)
        if (t.score[i] > t.score[best])
            best = i;
    if (t.score[best] == 0)
        return ANA_LANG_UNKNOWN;
    for (int i = 0; i < W_COUNT; i++)
        if (t.score[i] == t.score[best])
            tied |= 1u << i;
    if (tied == (1u << W_NB | 1u << W_NN))
        return ANA_LANG_NB;
    if (tied != 1u << best)
        return ANA_LANG_UNKNOWN;
    return lang_of[best];
}

int ana_lang_table_sorted(void)
{
    for (size_t i = 1; i < NMARKERS; i++)
        if (strcmp(markers[i - 1].word, markers[i].word) >= 0)
            return 0;
    return 1;
}
