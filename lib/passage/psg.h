/* psg.h - passages: splitting minutes into searchable passages, storing
 * their text compressed, and cutting snippets from them.
 *
 * A passage is the unit referat indexes and ranks: paragraph-sized
 * (roughly 40-300 words, at most 1,500 characters), never a whole
 * document.  Each passage knows the byte range of the source it came
 * from, the line and page it starts on, and its own text, reconstructed
 * from the source: PDF-extracted text in which every line is followed by
 * a blank line is joined back into ordinary lines and paragraphs.
 *
 * Ownership: psg_split() returns a list owned by the caller, freed with
 * psg_list_free() (NULL-safe); passages and their text belong to the
 * list.  psg_pack(), psg_unpack(), psg_record_pack() and psg_snippet()
 * return malloc()ed buffers the caller frees; psg_record_unpack()'s
 * strings belong to the record until psg_record_clear().
 */
#ifndef REFERAT_PSG_H
#define REFERAT_PSG_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    PSG_OK = 0,
    PSG_NO_MEMORY,
    PSG_CORRUPT,     /* stored passage data is damaged */
    PSG_TOO_LARGE    /* input beyond PSG_MAX_TEXT */
} psg_status_t;

/* A constant description of STATUS.  Never NULL. */
const char *psg_status_string(psg_status_t status);

/* Passage size targets, in whitespace-separated words (a long token
 * counts as several: psg_passage_t.words). */
#define PSG_MIN_WORDS 40     /* a passage grows until it has this many */
#define PSG_SOFT_WORDS 120   /* past this, a new paragraph starts a new passage */
#define PSG_MAX_WORDS 300    /* hard upper bound; longer paragraphs are cut */
#define PSG_MAX_BYTES 8192   /* byte bound, for text with few spaces */

/* Character bound on a passage's text: a passage is an answer to read,
 * and a list of links or references is short in words (a link's words
 * are searched one by one, but they are few for its length) yet long on
 * the screen.  Only a single token longer than this makes a longer
 * passage. */
#define PSG_MAX_CHARS 1500

/* Largest text psg_unpack() will inflate (guards against bombs). */
#define PSG_MAX_TEXT (64u * 1024u * 1024u)

/* Where a page begins inside a passage's text: the byte offset AT of the
 * text from which on it is on PAGE. */
typedef struct {
    size_t at;
    uint32_t page;
} psg_page_mark_t;

/* A run of source bytes copied into a passage's text unchanged (the text
 * joins such runs with a space, a newline or a blank line). */
typedef struct {
    size_t src, src_end; /* the run in the source */
    size_t text;         /* where it starts in the text */
} psg_piece_t;

typedef struct {
    size_t start, end;   /* byte range [start, end) in the source */
    uint32_t line;       /* 1-based line of start */
    uint32_t page;       /* 1-based page of start (form feeds separate pages) */
    uint32_t words;      /* whitespace-separated words in text (a token of 32
                          * bytes or more, a URL, counts one per 16 bytes) */
    char *text;          /* reconstructed text, NUL-terminated */
    size_t text_len;
    psg_piece_t *pieces; /* the text's source runs, in order */
    size_t npieces;
    psg_page_mark_t *pages; /* each later page the text reaches, in order */
    size_t npages;
} psg_passage_t;

typedef struct psg_list psg_list_t;

/* Splits the LEN bytes of SRC into passages.  Never fails on odd input
 * (invalid UTF-8, NULs, no newlines, one huge line); only memory can run
 * out.  Whitespace-only input yields an empty list. */
psg_status_t psg_split(const char *src, size_t len, psg_list_t **out);

/* As psg_split, but no passage spans any of the NBREAKS byte offsets in
 * BREAKS (ascending): a passage ends before each break, so that passages
 * follow the minutes' structure (one agenda item, one section). */
psg_status_t psg_split_at(const char *src, size_t len, const size_t *breaks, size_t nbreaks,
                          psg_list_t **out);

/* The byte offset in P's text of source byte SRC: where the text shows
 * it, or, for a byte the text leaves out (white space between lines),
 * where the text goes on after it; 0 before P and text_len after it. */
size_t psg_text_offset(const psg_passage_t *p, size_t src);

size_t psg_list_count(const psg_list_t *list);
const psg_passage_t *psg_list_get(const psg_list_t *list, size_t i);
void psg_list_free(psg_list_t *list);

/* 1 when the source looks like PDF extraction output, where a blank line
 * follows (nearly) every line of text.  Exposed for the tests and the
 * analyzer tool. */
int psg_is_pdf_style(const char *src, size_t len);

/* What psg_blank_junk left out of a passage. */
typedef struct {
    size_t runs;   /* runs of encoded or binary-looking data */
    size_t bytes;  /* their length, from a run's first byte to its last */
    int empty;     /* 1 when nothing but white space is left */
    int first, last; /* 1 when the text starts / ends with a run (blanks
                      * aside): a run may go on across passages */
} psg_junk_t;

/* Overwrites with spaces every run of encoded or binary-looking data in
 * TEXT (a passage, LEN bytes): white-space separated tokens of 32 bytes
 * or more that are no URL or e-mail address and are made of control
 * bytes, of a few repeated bytes, or of base64 or hex (junk.c).  Line
 * ends and form feeds are kept, and so is every other token: the prose
 * around a base64 block stays.  Fills *OUT unless it is NULL. */
void psg_blank_junk(char *text, size_t len, psg_junk_t *out);

/* What psg_split_clean left out of a text. */
typedef struct {
    size_t split;    /* passages before any was left out */
    size_t passages; /* passages left out: nothing but encoded data */
    size_t runs;     /* runs of encoded data blanked, a run that goes on
                      * across passages counted once */
    size_t bytes;    /* their length */
} psg_left_out_t;

/* As psg_split_at, then each passage's runs of encoded or binary-looking
 * data blanked (psg_blank_junk) and a passage of nothing else left out,
 * so that the passages that remain are numbered without gaps: these are
 * the passages referat-index stores.  When every passage was left out,
 * *OUT is empty and LEFT->passages == LEFT->split > 0 (a file of no
 * text).  Fills *LEFT (never NULL) on success. */
psg_status_t psg_split_clean(const char *src, size_t len, const size_t *breaks, size_t nbreaks,
                             psg_list_t **out, psg_left_out_t *left);

/* 1 when the passage TEXT is mostly an agenda list ("Sak 19/2023 ...",
 * "3. Title" lines): such a passage names every item but answers none,
 * so the query ranks it below the items themselves. */
int psg_is_agenda(const char *text, size_t len);

/* Compresses TEXT for storage as document data (zlib; see
 * docs/index-format.md for the layout).  *out is malloc()ed. */
psg_status_t psg_pack(const char *text, size_t len, char **out, size_t *out_len);

/* Inverse of psg_pack.  *out is malloc()ed and NUL-terminated.
 * PSG_CORRUPT when DATA is not a valid packed passage. */
psg_status_t psg_unpack(const char *data, size_t len, char **out, size_t *out_len);

/* Where a section begins inside a passage's text: the byte offset AT of
 * the text from which on it is in section NAME ("" for none: an item's
 * heading before its first section). */
typedef struct {
    size_t at;
    const char *name;
} psg_section_mark_t;

/* What a hit shows besides the text, stored with it in the document
 * data (record.c; docs/index-format.md).  Strings are NUL-terminated;
 * NULL packs as "". */
#define PSG_RECORD_MARK 'r'        /* first byte of a format 4-5 record (text alone: 'd' or 'z') */
#define PSG_RECORD_MARK_PLACES 's' /* first byte of a format 6 record, with the marks */
#define PSG_RECORD_STRINGS 7
typedef struct {
    uint32_t passage;        /* number within the file, from 1 */
    size_t start, end;       /* byte range in the source */
    uint32_t line, page;     /* where the passage starts, from 1 */
    const char *lang;        /* the passage's language code */
    const char *date;        /* meeting date "YYYYMMDD", or "" */
    const char *date_source; /* "text", "filename" or "" */
    const char *body;        /* meeting body as written */
    const char *title;       /* agenda item title */
    const char *case_no;     /* agenda item case number "19/2023" */
    const char *section;     /* section name: the first the passage overlaps */
    /* Where in the text each section and each later page begins (both
     * ascending; none in a format 4-5 record, whose hits show SECTION
     * and PAGE throughout). */
    const psg_section_mark_t *sections;
    size_t nsections;
    const psg_page_mark_t *pages;
    size_t npages;
    char *buf;               /* psg_record_unpack: owns the strings and marks */
} psg_record_t;

/* 1 when DATA (LEN bytes) is a display record of any format. */
int psg_is_record(const char *data, size_t len);

/* The section and page of byte AT of a record's text: by its marks, or
 * the passage's own SECTION and PAGE when it has none. */
const char *psg_record_section_at(const psg_record_t *r, size_t at);
uint32_t psg_record_page_at(const psg_record_t *r, size_t at);

/* R's fields, marks and TEXT (LEN bytes), packed as one document data
 * (psg_pack, with PSG_RECORD_MARK_PLACES for its format byte); *out is
 * malloc()ed.  PSG_CORRUPT when a mark lies past LEN or out of order. */
psg_status_t psg_record_pack(const psg_record_t *r, const char *text, size_t len, char **out,
                             size_t *out_len);

/* Inverse of psg_record_pack, and reader of format 4-5 records
 * (PSG_RECORD_MARK, no marks): R's strings and marks are owned by R until
 * psg_record_clear; *TEXT is malloc()ed and NUL-terminated.  PSG_CORRUPT
 * when DATA (LEN bytes) is no record (psg_is_record), does not inflate,
 * or its fields are cut short or out of range. */
psg_status_t psg_record_unpack(const char *data, size_t len, psg_record_t *r, char **text,
                               size_t *text_len);

/* Frees what psg_record_unpack gave R; NULL-safe. */
void psg_record_clear(psg_record_t *r);

/* A highlighted byte range [start, end) of a passage's text. */
typedef struct {
    size_t start, end;
} psg_span_t;

/* Cuts a snippet of at most about MAX_BYTES from TEXT around the densest
 * cluster of SPANS (sorted by start, non-overlapping), wraps each span
 * inside the snippet in OPEN/CLOSE, adds "..." where text was cut,
 * folds runs of whitespace to one space, and never splits a UTF-8
 * character.  With N == 0 the snippet is the start of the text.  Returns
 * a malloc()ed NUL-terminated string, or NULL when out of memory. */
char *psg_snippet(const char *text, size_t len, const psg_span_t *spans, size_t n,
                  size_t max_bytes, const char *open, const char *close);

/* As psg_snippet, but the snippet comes from the bytes [LO, HI) of TEXT
 * (a section of the passage): around the densest cluster of the spans
 * inside them, or from LO when none is. */
char *psg_snippet_in(const char *text, size_t len, size_t lo, size_t hi, const psg_span_t *spans,
                     size_t n, size_t max_bytes, const char *open, const char *close);

/* The span psg_snippet_in(..., LO, HI, SPANS, N, MAX_BYTES, ...) starts
 * its window at (a snippet is about its first highlight), or N when no
 * span lies inside [LO, HI). */
size_t psg_snippet_focus(const psg_span_t *spans, size_t n, size_t lo, size_t hi, size_t max_bytes);

#ifdef __cplusplus
}
#endif

#endif /* REFERAT_PSG_H */
