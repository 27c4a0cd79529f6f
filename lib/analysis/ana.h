/* ana.h - referat's text analysis pipeline.
 *
 * One pipeline serves the indexer and the query parser (and the
 * highlighter, which re-analyses stored passages): UTF-8 decoding ->
 * tokenizer (tokens carry byte offsets and positions) -> normalizers
 * (lower-casing, composition) -> stemmers (libstemmer).  Later stages
 * (Nordic folding, OCR repair, de-hyphenation, decompounding) plug in as
 * further term kinds without changing the callers.
 *
 * Like SQLite FTS5's tokenizer, the pipeline knows whether it reads a
 * document or a query (ANA_MODE_DOCUMENT / ANA_MODE_QUERY): a document is
 * stemmed in its own language; a query word is stemmed in every Nordic
 * language so that one query finds passages in all of them.
 *
 * Term naming (see docs/index-format.md):
 *   ""  + word   exact lower-cased word, positional (phrases use these)
 *   "Z" + stem   stem of the word (any language's stemmer), positional
 *   "X" + stem   stem of the Norwegian-Danish spelling key ("sykdom" and
 *                "sygdom" both give "Xsyktom"), positional
 *   "K" + stem   stem of a part of a compound word ("Krehabiliter" in
 *                "rehabiliteringsopphold"), positional
 *   "V" + fold   Nordic folding skeleton of the stem ("bornekraft"), when
 *                it differs from the stem, positional
 *
 * Ownership: ana_new()/ana_free(); ana_free(NULL) is a no-op.  Strings
 * handed to callbacks are owned by the pipeline and valid only during the
 * callback.  Input text is never modified and need not be NUL-terminated.
 */
#ifndef REFERAT_ANA_H
#define REFERAT_ANA_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ */
/* Languages                                                           */

typedef enum {
    ANA_LANG_UNKNOWN = 0,
    ANA_LANG_NB,      /* Norwegian Bokmål */
    ANA_LANG_NN,      /* Norwegian Nynorsk */
    ANA_LANG_DA,      /* Danish */
    ANA_LANG_EN,      /* English */
    ANA_LANG_COUNT
} ana_lang_t;

/* "nb", "nn", "da", "en", or "und" for unknown.  Never NULL. */
const char *ana_lang_code(ana_lang_t lang);

/* Inverse of ana_lang_code (case-insensitive); ANA_LANG_UNKNOWN if none. */
ana_lang_t ana_lang_from_code(const char *code);

/* Guesses the language of TEXT (LEN bytes) from marker words (e.g. av/af,
 * hva/hvad, ikkje, the).  Returns ANA_LANG_UNKNOWN when there is too little
 * evidence.  Never fails; invalid UTF-8 is tolerated. */
ana_lang_t ana_guess_lang(const char *text, size_t len);

/* ------------------------------------------------------------------ */
/* UTF-8 and characters                                                */

/* Decodes one code point from S (LEN > 0 bytes available) into *cp and
 * returns the number of bytes consumed (1..4).  Invalid, overlong,
 * surrogate or truncated sequences yield *cp = 0xFFFD and consume 1 byte,
 * so decoding always progresses. */
size_t ana_utf8_decode(const char *s, size_t len, uint32_t *cp);

/* Encodes CP into OUT (4 bytes) and returns the byte count (1..4);
 * invalid code points are encoded as U+FFFD. */
size_t ana_utf8_encode(uint32_t cp, char *out);

/* The characters of the LEN bytes at S: the bytes that do not continue
 * a UTF-8 sequence (a stray byte counts as one). */
size_t ana_utf8_chars(const char *s, size_t len);

/* Returns the byte offset of the first invalid UTF-8 sequence in S, or
 * LEN when all of S is valid UTF-8. */
size_t ana_utf8_check(const char *s, size_t len);

/* The value of hexadecimal digit C (0-9, a-f, A-F), or -1: for the
 * percent escapes of URLs and the numeric entities of HTML. */
int ana_hex_digit(int c);

/* Writes S (LEN bytes) to OUT as a JSON string, quotes included; invalid
 * UTF-8 becomes U+FFFD, so the output is always valid JSON (json.c). */
void ana_json_string(FILE *out, const char *s, size_t len);

/* Lower-case mapping covering ASCII, Latin-1 Supplement, Latin
 * Extended-A and -B, Greek and Cyrillic basics; other code points are
 * returned unchanged. */
uint32_t ana_lower(uint32_t cp);

/* 1 when CP is part of a word (letter, digit, combining mark), else 0. */
int ana_is_word_char(uint32_t cp);

/* ------------------------------------------------------------------ */
/* Tokens                                                              */

typedef enum {
    ANA_MODE_DOCUMENT = 0,
    ANA_MODE_QUERY = 1
} ana_mode_t;

/* Token flags. */
#define ANA_TOK_NUMERIC   0x01u  /* only digits (and joiners) */
#define ANA_TOK_JOINED    0x02u  /* contains internal '-', '/', '.' joiners */
#define ANA_TOK_UPPER     0x04u  /* had two or more upper-case letters (acronym-like) */
#define ANA_TOK_URL       0x08u  /* a word of a URL or e-mail address */

typedef struct {
    const char *word;   /* normalized (lower-cased, composed) text, NUL-terminated */
    size_t word_len;    /* bytes in word */
    size_t start, end;  /* byte offsets of the token in the input: [start, end) */
    uint32_t pos;       /* 1-based token position */
    unsigned flags;     /* ANA_TOK_* */
} ana_token_t;

/* Returns nonzero to stop tokenizing. */
typedef int (*ana_token_cb)(void *ctx, const ana_token_t *tok);

/* Splits TEXT into tokens.  A token is a run of word characters; '-', '/'
 * and '.' stay inside a token when word characters follow them on both
 * sides ("MRg-FUS", "Euro-NMD", "22/2023", "15.11.23"), except that '.'
 * joins only digits.  Tokens longer than ANA_MAX_WORD bytes are cut.
 * Positions start at FIRST_POS.  Returns the position after the last
 * token (so calls can be chained), or 0 if CB stopped early. */
#define ANA_MAX_WORD 120
uint32_t ana_tokenize(const char *text, size_t len, uint32_t first_pos,
                      ana_token_cb cb, void *ctx);

/* ------------------------------------------------------------------ */
/* The pipeline                                                        */

typedef struct ana ana_t;

typedef enum {
    ANA_TERM_EXACT = 0,   /* the normalized word itself */
    ANA_TERM_STEM,        /* "Z" + stem */
    ANA_TERM_PART,        /* a part of a joined token ("MRg-FUS" -> "fus") */
    ANA_TERM_SQUASHED,    /* a joined token without joiners ("mrgfus") */
    ANA_TERM_FOLDED,      /* "V" + folded stem; in QUERY mode also "Z" + folded stem */
    ANA_TERM_EXPANDED,    /* a suspended compound's expansion ("helsetjenester") and its stem */
    ANA_TERM_COMPOUND,    /* "K" + stem of a compound part (document), of the word (query) */
    ANA_TERM_REPAIRED,    /* an OCR-damaged word as repaired ("mgte" -> "møte") and its stem */
    ANA_TERM_CASE,        /* canonical case number ("24/2023" for "Sak 24 /2023") */
    ANA_TERM_CROSS,       /* "X" + stem of the Norwegian-Danish spelling key */
    ANA_TERM_KIND_COUNT
} ana_term_kind_t;

/* One index or query term produced for one token.  A token yields one or
 * more terms, all sharing its pos/start/end. */
typedef struct {
    const char *term;      /* full Xapian term, prefix included, NUL-terminated */
    size_t len;
    ana_term_kind_t kind;
    ana_lang_t lang;       /* language whose stemmer made it (STEM only) */
    uint32_t pos;          /* token position */
    size_t start, end;     /* byte offsets of the token in the input */
    const ana_token_t *token;
} ana_term_t;

typedef int (*ana_term_cb)(void *ctx, const ana_term_t *term);

/* Creates a pipeline.  Returns NULL when out of memory or when libstemmer
 * lacks a needed stemmer.  Free with ana_free(). */
ana_t *ana_new(void);
void ana_free(ana_t *a);

/* Stems WORD (normalized, LEN bytes) with LANG's stemmer (nb and nn use
 * Snowball "norwegian", da "danish", en "english"; UNKNOWN uses
 * "norwegian").  Returns the stem, owned by A, valid until the next call
 * on A; NULL when out of memory. */
const char *ana_stem(ana_t *a, ana_lang_t lang, const char *word, size_t len, size_t *stem_len);

/* Gives the pipeline a word list (lexicon.h) for its repairs: joining
 * line-end hyphens, expanding suspended compounds, splitting compounds,
 * OCR repair.  LEX is not owned and must outlive A's use of it; NULL
 * removes it (the repairs then fall back to what needs no word list). */
struct ana_lexicon;
void ana_set_lexicon(ana_t *a, const struct ana_lexicon *lex);

/* Has A remember, for the words of documents it analyses, their stem,
 * skeleton and key terms (about 0.9 MB): for a program that analyses the
 * same words again and again, as a search server's highlighter does; the
 * terms are the same.  0, or -1 when A is NULL. */
int ana_remember_terms(ana_t *a);

/* Analyses TEXT and calls CB for every term of every token.
 * DOCUMENT mode: stems in LANG only (UNKNOWN: Norwegian); words broken
 * at line ends are joined and suspended compounds expanded first.
 * QUERY mode: stems in every language (nb, da, en skipped unless LANG is
 * EN), emitting each distinct stem once per token; LANG is a hint only.
 * Positions start at FIRST_POS.  Returns the position after the last
 * token, or 0 if CB stopped early or memory ran out. */
uint32_t ana_analyze(ana_t *a, ana_mode_t mode, ana_lang_t lang,
                     const char *text, size_t len, uint32_t first_pos,
                     ana_term_cb cb, void *ctx);

/* As ana_analyze, without the terms of the kinds in SKIP (a mask of
 * ANA_KIND(ANA_TERM_FOLDED) and ANA_KIND(ANA_TERM_CROSS); other kinds
 * are always made), for a caller that looks for terms of given kinds
 * only (the highlighter): the tokens, their positions and the other
 * terms are the same. */
#define ANA_KIND(k) (1u << (k))
uint32_t ana_analyze_skip(ana_t *a, ana_mode_t mode, ana_lang_t lang,
                          const char *text, size_t len, uint32_t first_pos,
                          unsigned skip, ana_term_cb cb, void *ctx);

/* 1 when the stem of the compound-part term KTERM ("K" + stem, KLEN
 * bytes) can be seen inside WORD (a normalized word, WLEN bytes) and WORD
 * is longer: "Kopphold" in "rehabiliteringsopphold".  Such a part is
 * found again in the text without the word lists, so the index keeps no
 * position for it (indexer/write.c) and the highlighter marks the word
 * (query/highlight.c). */
int ana_part_visible(const char *word, size_t wlen, const char *kterm, size_t klen);

/* Called with one other spelling of a word (WORD, LEN bytes, valid only
 * during the call); CROSS is 1 when it is the other language's spelling
 * rather than the same word with its marks restored.  Returns nonzero to
 * stop. */
typedef int (*ana_variant_cb)(void *ctx, const char *word, size_t len, int cross);

/* Calls CB for the other spellings of WORD (normalized, LEN bytes) that
 * the Norwegian-Danish table of variant.c gives -- "kræft" for "kreft",
 * "børn" for "boern", "hjernestimulation" for "hjernestimulering" --
 * nearest first, at most MAX of them; returns how many.  Most are not
 * words: the caller keeps those its index holds. */
size_t ana_spell_variants(const char *word, size_t len, size_t max, ana_variant_cb cb, void *ctx);

/* 1 when WORD (normalized, LEN bytes) is a phrase gap word (gap.c): a
 * function word so common that the index keeps no positions for it and
 * phrases pass over it. */
int ana_is_gap_word(const char *word, size_t len);

/* ------------------------------------------------------------------ */
/* Acronyms learned from the text                                      */

/* Called with an acronym (ABBR, ALEN bytes) and the full name it stands
 * for (NAME, NLEN bytes, as written), both pointing into the text.
 * Returns nonzero to stop. */
typedef int (*ana_acronym_cb)(void *ctx, const char *abbr, size_t alen, const char *name,
                              size_t nlen);

/* Finds "Full Name (ABBR)" definitions in TEXT and reports each; returns
 * how many it found.  See acronym.c for the rule. */
size_t ana_find_acronyms(const char *text, size_t len, ana_acronym_cb cb, void *ctx);

/* Writes the lookup key of TEXT -- its words lower-cased, joined by single
 * spaces, line-end hyphen breaks undone -- to OUT (CAP bytes) and returns
 * its length; 0 when TEXT has no word or the key does not fit. */
size_t ana_normalize_key(const char *text, size_t len, char *out, size_t cap);

/* Writes KEY (ana_normalize_key's, LEN bytes) folded to OUT (CAP bytes)
 * and returns its length: each word's skeleton (fold.c), so "dansk
 * register for børnekræft", "... boernekraeft" and "... bornekraeft" have
 * one folded key.  The query looks a name up by it when its exact key
 * names no synonym or acronym. */
size_t ana_fold_key(const char *key, size_t len, char *out, size_t cap);

/* ------------------------------------------------------------------ */
/* Names: one identity for a meeting body however it is spelt (name.c)  */

/* Called for each word of a name: WORD as written (normalized, WLEN
 * bytes) and its canonical form (CANON, CLEN bytes).  Returns nonzero to
 * stop. */
typedef int (*ana_name_cb)(void *ctx, const char *word, size_t wlen, const char *canon, size_t clen);

/* Writes the key of the name TEXT (LEN bytes) to KEY (KCAP bytes): per
 * word, its OCR repair by A's lexicon (ocr.c) or else the word, folded
 * (fold.c), joined by single spaces -- "Senterrådet for NMK",
 * "Senterradet for NMK" and "Senterraadet for NMK" all give "senterradet
 * for nmk".  When PROPER is not NULL, writes there (PCAP bytes) the
 * name's proper spelling: TEXT with each repaired word spelt as repaired
 * and cased as written ("Fagrddet" -> "Fagrådet").  Calls CB, when not
 * NULL, for each word.  Returns the key's length; 0 when TEXT has no
 * word, a result does not fit or CB stopped. */
size_t ana_name_key(ana_t *a, const char *text, size_t len, char *key, size_t kcap, char *proper,
                    size_t pcap, ana_name_cb cb, void *ctx);

/* The canonical form of one normalized WORD (LEN bytes) without the
 * lexicon's repair -- its folding -- to OUT (CAP bytes); its length.  A
 * query reads a typed word so, and finds the repairs the index made
 * through the written spellings it recorded (docs/index-format.md). */
size_t ana_name_word(const char *word, size_t len, char *out, size_t cap);

#ifdef __cplusplus
}
#endif

#endif /* REFERAT_ANA_H */
