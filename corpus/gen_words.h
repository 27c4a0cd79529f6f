/* gen_words.h - the minutes generator (referat-gen) shared between its
 * files: the word lists and patterns of each language (gen_words.c), the
 * random numbers, the growing buffer, the expanded vocabulary and the
 * composer of one meeting's minutes (gen_text.c).  gen.c plans the
 * corpus, damages the layout and writes the files.
 *
 * Everything that decides a byte of output uses integer arithmetic and
 * this file's own generator, so the same seed gives the same corpus on
 * any machine; no locale, clock or libm is consulted.
 */
#ifndef REFERAT_GEN_WORDS_H
#define REFERAT_GEN_WORDS_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* ---- The word lists of one language (gen_words.c) ----
 *
 * Every list ends with a NULL entry and is in rough order of frequency,
 * most frequent first: the samplers give rank r a weight near 1/(r+2).
 *
 * nouns    "stem:C", C the inflection class, or "sg|def|pl|defpl|G" with
 *          G 'm' or 'n' (nb), 'c' or 't' (da).  Classes, nb: m (en plan,
 *          planen, planer, planene), e (tjeneste, tjenesten, tjenester,
 *          tjenestene), r (leder, lederen, ledere, lederne), n (tilbud,
 *          tilbudet, tilbud, tilbudene), N (prosjekt, prosjektet,
 *          prosjekter, prosjektene), E (møte, møtet, møter, møtene).  da:
 *          c (plan, planen, planer, planerne), C (ydelse, ydelsen,
 *          ydelser, ydelserne), r (bruger, brugeren, brugere, brugerne),
 *          t (udvalg, udvalget, udvalg, udvalgene), T (projekt, projektet,
 *          projekter, projekterne), E (møde, mødet, møder, møderne).
 * mods     first parts of compounds with their linking letter
 *          ("behandlings", "barne"): mod + noun form is a compound.
 * verbs    "inf:C" with C a (nb -et/-et, da -ede/-et), b (-te/-t) or
 *          d (nb -de/-d), or "inf|pres|past|participle".
 * adjs     "base" (the neuter and plural forms by rule) or
 *          "base|neuter|plural".
 * patterns sentences with slots, see gen_text.c (fill()).
 */
typedef struct {
    const char *code; /* "nb" or "da" */
    const char *const *nouns, *const *mods, *const *verbs, *const *adjs;
    const char *const *advs, *const *preps, *const *modals, *const *subjects;
    const char *const *counted;   /* plural nouns that follow a number */
    const char *const *numwords;  /* "to" .. "tolv" */
    const char *const *sentences, *const *decisions, *const *proposals;
    const char *const *titles, *const *refs, *const *norefs, *const *deadlines;
    const char *const *given, *const *family, *const *roles, *const *orgs;
    const char *const *hospitals, *const *rooms, *const *kinds, *const *kind_short;
    const char *const *topics, *const *regions, *const *months, *const *weekdays;
    const char *const *eventuelt; /* lines under "Eventuelt" */
} gen_lang_t;

/* A body with a name of its own (the rest are made from kinds, topics
 * and regions). */
typedef struct {
    const char *name;      /* full name, as in a title line */
    const char *shortname; /* in running text: "Fagrådet", "Udvalget" */
    const char *slug;      /* the folder name */
    int lang;              /* GEN_NB or GEN_DA */
    int from, to;          /* the years it met */
} gen_body_def_t;

enum { GEN_NB = 0, GEN_DA = 1 };
enum { GEN_YEAR0 = 1998, GEN_YEAR1 = 2026, GEN_NYEARS = GEN_YEAR1 - GEN_YEAR0 + 1 };

extern const gen_lang_t gen_lang_nb, gen_lang_da;
extern const gen_body_def_t gen_bodies[]; /* ends with a NULL name */

/* ---- Random numbers: xoshiro256**, seeded through splitmix64 ---- */
typedef struct {
    uint64_t s[4];
} gen_rng_t;

/* Seeds R from SEED and a stream number, so that each file, each body
 * and the plan draw from their own independent sequence. */
void gen_rng_seed(gen_rng_t *r, uint64_t seed, uint64_t stream);
uint64_t gen_rng_next(gen_rng_t *r);
/* A uniform integer in [0, N); 0 when N is 0. */
uint32_t gen_rng_below(gen_rng_t *r, uint32_t n);
/* 1 with probability PPM / 1 000 000. */
int gen_rng_ppm(gen_rng_t *r, uint32_t ppm);
/* splitmix64's mixer: a well-spread hash of X. */
uint64_t gen_mix(uint64_t x);

/* ---- A growing byte buffer; memory errors end the program ---- */
typedef struct {
    char *p;
    size_t n, cap;
} gen_buf_t;

/* Makes room for EXTRA more bytes (and a NUL). */
void gen_buf_grow(gen_buf_t *b, size_t extra);

static inline void gen_buf_reserve(gen_buf_t *b, size_t extra)
{
    if (b->n + extra + 1 > b->cap)
        gen_buf_grow(b, extra);
}

static inline void gen_buf_put(gen_buf_t *b, const char *s, size_t n)
{
    gen_buf_reserve(b, n);
    memcpy(b->p + b->n, s, n);
    b->n += n;
}

static inline void gen_buf_putc(gen_buf_t *b, char c)
{
    gen_buf_reserve(b, 1);
    b->p[b->n++] = c;
}

static inline void gen_buf_puts(gen_buf_t *b, const char *s) { gen_buf_put(b, s, strlen(s)); }
void gen_buf_printf(gen_buf_t *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void gen_buf_free(gen_buf_t *b);
/* malloc() and realloc() that end the program with a message on failure. */
void *gen_xmalloc(size_t n);
void *gen_xrealloc(void *p, size_t n);

/* ---- The expanded vocabulary of one language (gen_text.c) ---- */
typedef struct gen_lex gen_lex_t;

/* Expands L's lists into word forms and samplers; never NULL. */
gen_lex_t *gen_lex_new(const gen_lang_t *L);
void gen_lex_free(gen_lex_t *x);
const gen_lang_t *gen_lex_lang(const gen_lex_t *x);
size_t gen_lex_nouns(const gen_lex_t *x);
size_t gen_lex_mods(const gen_lex_t *x);

/* ---- One meeting ---- */

/* An earlier agenda item of the same body, for "jf. sak 14/2019". */
typedef struct {
    int16_t number, year;
    int8_t month, day;
} gen_ref_t;

#define GEN_REFS 16
#define GEN_TOPIC 24

/* How a file is damaged while it is composed (the layout is damaged
 * afterwards, in gen.c). */
typedef struct {
    uint32_t word_ppm;  /* chance that an eligible word is OCR-damaged, before weighting */
    uint32_t glue_ppm;  /* chance that a space between two words is lost */
    int heavy;          /* a badly scanned file: "k1.", "Dato mgte:", "Sak 5 /2024" */
    int bullets;        /* stray "- " before paragraphs */
} gen_ocr_t;

/* Counts the composer keeps, for the damage rate's feedback and the
 * summary. */
typedef struct {
    uint64_t words, damaged;            /* all words; those damaged */
    uint64_t ocr_words, ocr_eligible;   /* in scanned files; eligible: summed weights (gen_text.c) */
} gen_stats_t;

typedef struct {
    const gen_lex_t *lex;
    const char *body, *shortname; /* the body's names */
    int lang;
    int year, month, day, wday;   /* wday 0 = Monday */
    int meeting_no;               /* the body's running meeting number (Danish "Emne") */
    int first_case;               /* the first "Sak" number of this meeting (nb) */
    int prev_year, prev_month, prev_day; /* the previous meeting; year 0 when none */
    const gen_ref_t *refs;        /* earlier items, newest last */
    size_t nrefs;
    const uint32_t *topic_nouns, *topic_mods; /* GEN_TOPIC indexes each */
    uint64_t people_seed;         /* the body's members */
    size_t target;                /* wanted size in bytes (before layout damage) */
    gen_ocr_t ocr;
    int header_style;             /* 0..2 */
    /* Out: the items this meeting made (nb case numbers, da punkt numbers). */
    int nitems;
} gen_meeting_t;

/* Appends one meeting's minutes (UTF-8, LF, one line per paragraph) to
 * OUT. */
void gen_compose(gen_buf_t *out, gen_rng_t *r, gen_meeting_t *m, gen_stats_t *st);

#endif /* REFERAT_GEN_WORDS_H */
