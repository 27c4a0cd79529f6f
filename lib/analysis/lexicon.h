/* lexicon.h - word lists for the Nordic normalizers: a set of known
 * words (Debian's wnorwegian and wdanish lists, plus words referat adds),
 * and the compound splitter built on it.
 *
 * The lexicon decides which repairs are safe: an OCR-damaged token is
 * replaced only by a candidate the lexicon knows, a line-end hyphen is
 * joined only when the joined word is known, and a compound is split
 * only into known parts.
 *
 * Ownership: ana_lexicon_new()/ana_lexicon_free() (NULL-safe).  Words are
 * copied in; a mapped table file is unmapped by ana_lexicon_free().  A
 * lexicon is read-only once loaded and may then be shared.
 */
#ifndef REFERAT_LEXICON_H
#define REFERAT_LEXICON_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ana_lexicon ana_lexicon_t;

/* Returns NULL when out of memory. */
ana_lexicon_t *ana_lexicon_new(void);
void ana_lexicon_free(ana_lexicon_t *lex);

/* Adds WORD (LEN bytes of UTF-8), lower-cased (ana_lower, composed).
 * Returns 0, or -1 when out of memory.  Empty words are ignored. */
int ana_lexicon_add(ana_lexicon_t *lex, const char *word, size_t len);

/* Adds every line of the word list at PATH (one word per line; each line
 * in UTF-8, or in Latin-1 when it is not valid UTF-8, as Debian's bokmaal
 * and nynorsk lists are).  Returns the number of words read, or -1 with
 * errno set when the file cannot be read. */
long ana_lexicon_load(ana_lexicon_t *lex, const char *path);

/* Loads the N word lists at PATHS that exist, as ana_lexicon_load does
 * one by one, through a table file in the directory CACHE_DIR (created
 * when missing; NULL or "" for none): when the directory holds a table
 * made from these lists as they are now (same sizes, times and inodes)
 * by a referat that normalizes words the same way, the table is mapped
 * read-only instead (about 4 ms for the default lists, against 0.3 s to
 * read them), after checking its checksum; otherwise the lists
 * are read and the table written for next time.  A missing, damaged or
 * out-of-date table, or one that cannot be written, only means reading
 * the lists.  Answers are the same either way.  Only a lexicon without
 * words yet uses a table file.  Returns the number of words read from
 * the lists (0 when none exists), or -1 with errno set for bad
 * arguments. */
long ana_lexicon_load_lists(ana_lexicon_t *lex, const char *const *paths, size_t n,
                            const char *cache_dir);

/* Loads the default lists that exist (/usr/share/dict/bokmaal,
 * /usr/share/dict/nynorsk, /usr/share/dict/danish) with
 * ana_lexicon_load_lists, the table file kept in the directory named by
 * the environment variable REFERAT_CACHE (empty: no table file), else in
 * $XDG_CACHE_HOME/referat or $HOME/.cache/referat; then the files named
 * in REFERAT_LEXICON (colon-separated), always read as text.  Returns the
 * number of words loaded (0 when no list is installed). */
long ana_lexicon_load_default(ana_lexicon_t *lex);

/* 1 when LEX's list words come from a mapped table file. */
int ana_lexicon_mapped(const ana_lexicon_t *lex);

/* 1 when WORD (LEN bytes, already lower-cased) is in the lexicon. */
int ana_lexicon_has(const ana_lexicon_t *lex, const char *word, size_t len);

size_t ana_lexicon_size(const ana_lexicon_t *lex);

/* The hash the lexicon's table uses (FNV-1a with a final avalanche, so
 * its low bits index a table well); for other tables of words too. */
uint32_t ana_word_hash(const char *s, size_t len);

/* One part of a compound: bytes [start, end) of the word, followed by
 * LINK bytes of linking letters ("s" in rehabilitering-s-opphold, "e" in
 * Danish børn-e-kræft) that belong to neither part. */
typedef struct {
    size_t start, end;
    size_t link;
} ana_cpart_t;

/* Minimum length of a compound part, in characters.  Shorter parts
 * ("be", "for") split too many ordinary words. */
#define ANA_PART_MIN_CHARS 4

/* Splits WORD (LEN bytes, lower-cased) into two or more parts that are
 * each in the lexicon, with optional linking "s" or "e" between parts.
 * Prefers the split with the fewest parts, then the longest head (last
 * part).  Writes at most MAX parts and returns their number, or 0 when
 * the word has no such split (or is itself shorter than two minimal
 * parts).  Hyphenated words are split at their hyphens by the tokenizer,
 * not here. */
size_t ana_compound_split(const ana_lexicon_t *lex, const char *word, size_t len,
                          ana_cpart_t *parts, size_t max);

#ifdef __cplusplus
}
#endif

#endif /* REFERAT_LEXICON_H */
