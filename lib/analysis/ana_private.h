/* ana_private.h - internals of lib/analysis shared between its files and
 * its unit tests; not part of the public interface. */
#ifndef REFERAT_ANA_PRIVATE_H
#define REFERAT_ANA_PRIVATE_H

#include "analysis/ana.h"
#include "analysis/lexicon.h"

#include <stddef.h>
#include <stdint.h>

/* The longest term the index accepts (XS_MAX_TERM in lib/xs/xs.h).  It is
 * repeated here so that the analysis library does not depend on the
 * Xapian shim; the pipeline never hands out a longer term. */
#define ANA_MAX_TERM 240

/* A joined word has at most one part per two bytes of ANA_MAX_WORD
 * (a one-byte part and a one-byte joiner each). */
#define ANA_MAX_PARTS (ANA_MAX_WORD / 2 + 1)

/* One part of a joined token: its bytes in the normalized word and in
 * the input. */
typedef struct {
    size_t wstart, wend;   /* [wstart, wend) in tok.word */
    size_t start, end;     /* [start, end) in the input text */
} ana_part_t;

/* A token with the extra detail the pipeline needs: where each part of a
 * joined word lies in the input, which cannot be recovered from the
 * normalized word alone once composition or a soft hyphen changed its
 * length. */
typedef struct {
    ana_token_t tok;
    unsigned nparts;       /* 1 for an unjoined word */
    unsigned nchars;       /* code points in tok.word */
    ana_part_t part[ANA_MAX_PARTS];
} ana_xtoken_t;

typedef int (*ana_xtoken_cb)(void *ctx, const ana_xtoken_t *xt);

/* ana_tokenize() with part detail; ana_tokenize() is a wrapper. */
uint32_t ana_tokenize_x(const char *text, size_t len, uint32_t first_pos,
                        ana_xtoken_cb cb, void *ctx);

/* The Snowball stemmers a pipeline uses, one per algorithm. */
enum { ANA_SB_NORWEGIAN, ANA_SB_DANISH, ANA_SB_ENGLISH, ANA_SB_COUNT };

struct sb_stemmer;
struct ana_lexicon;

struct ana {
    struct sb_stemmer *sb[ANA_SB_COUNT];
    const struct ana_lexicon *lex;   /* not owned; NULL: no word list */
    char *stem;           /* the last stem, copied out of libstemmer */
    size_t stem_cap;
    struct ana_split_cache *splits;  /* owned; NULL until the first split */
    struct ana_stem_slot *stems;     /* owned; NULL until the first stem (stem.c) */
    size_t stem_slots;               /* the table's size, a power of two */
    size_t stem_stores;              /* stems stored in it since it was made */
    struct ana_term_memo *memo;      /* owned; NULL until first used (pipeline.c) */
    size_t memo_slots;               /* its size, a power of two */
    size_t memo_stores;              /* words stored in it since it was made */
    unsigned documents;              /* document analyses under way (nested) */
    int remember;                    /* ana_remember_terms() was called */
};

/* splitcache.c: ana_compound_split(A->lex, ...) for WORD, remembered per
 * analyzer (MAX must be at least 8 to be remembered); the word lists must
 * not change while an analysis runs.  The table is freed
 * with ana_split_cache_free (NULL is fine). */
size_t ana_split_cached(ana_t *a, const char *word, size_t len, ana_cpart_t *parts, size_t max);
/* ana_ocr_repair(A->lex, ...), remembered per analyzer the same way. */
size_t ana_ocr_cached(ana_t *a, const char *word, size_t len, char *out, size_t cap);
struct ana_split_cache;
void ana_split_cache_free(struct ana_split_cache *c);

/* The precomposed letter for lower-case BASE followed by combining MARK
 * (U+0300..U+036F), or 0 when there is none in the table. */
uint32_t ana_compose(uint32_t base, uint32_t mark);

/* 1 when CP is an upper-case letter (it has a different lower case). */
int ana_is_upper(uint32_t cp);

/* 1 when CP is a combining diacritical mark U+0300..U+036F. */
int ana_is_combining(uint32_t cp);

/* The token-stream stage of rejoin.c: line-end hyphens and suspended
 * compounds.  EMIT receives each (possibly joined) token, in order, one
 * token late; EXTRA receives an expansion word ("helsetjenester") for the
 * host token it belongs to.  A nonzero return from either stops. */
typedef int (*ana_rejoin_emit_cb)(void *ctx, const ana_xtoken_t *xt);
typedef int (*ana_rejoin_extra_cb)(void *ctx, const ana_xtoken_t *host, const char *word, size_t len);

typedef struct {
    const char *text;
    size_t len;
    const struct ana_lexicon *lex;
    ana_rejoin_emit_cb emit;
    ana_rejoin_extra_cb extra;
    void *ctx;
    uint32_t shift;           /* positions removed by joins so far */
    ana_xtoken_t pend;        /* the token held back */
    char pend_word[ANA_MAX_WORD + 1];
    int have_pend, pend_tail;
    ana_xtoken_t susp;        /* first word of a possible suspended compound */
    char susp_word[ANA_MAX_WORD + 1];
    int susp_state;           /* 0 none, 1 word- seen, 2 conjunction seen */
} ana_rejoin_t;

void ana_rejoin_init(ana_rejoin_t *rj, const char *text, size_t len, const struct ana_lexicon *lex,
                     ana_rejoin_emit_cb emit, ana_rejoin_extra_cb extra, void *ctx);
int ana_rejoin_push(ana_rejoin_t *rj, const ana_xtoken_t *xt);
int ana_rejoin_finish(ana_rejoin_t *rj);

/* If WORD (LEN bytes, lower-case) is unknown to LEX but undoing one or two
 * OCR confusions makes a known word, writes that word to OUT (CAP bytes,
 * NUL-terminated) and returns its length; else returns 0.  See ocr.c. */
size_t ana_ocr_repair(const struct ana_lexicon *lex, const char *word, size_t len, char *out,
                      size_t cap);
/* ana_ocr_repair without its first test (a known word or a compound of
 * known words is no damage), for a caller that made it already. */
size_t ana_ocr_search(const struct ana_lexicon *lex, const char *word, size_t len, char *out,
                      size_t cap);

/* Writes the Nordic folding skeleton of WORD (LEN bytes, lower-case) to
 * OUT (CAP bytes, NUL-terminated; cut at a character boundary when full)
 * and returns its length.  See fold.c. */
size_t ana_fold(const char *word, size_t len, char *out, size_t cap);

/* Writes the Norwegian-Danish spelling key of WORD (lower-case) to OUT
 * (CAP bytes, NUL-terminated) and returns its length.  See fold.c. */
size_t ana_cross_key(const char *word, size_t len, char *out, size_t cap);

/* 1 when the static tables of unicode.c, compose.c and lang.c are sorted
 * as their binary searches require; for the unit tests. */
int ana_unicode_tables_sorted(void);
int ana_compose_table_sorted(void);
int ana_lang_table_sorted(void);

#endif /* REFERAT_ANA_PRIVATE_H */
