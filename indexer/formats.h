/* formats.h - documents that are not plain text: HTML (html.c), and the
 * Word (DOCX) and OpenDocument (ODT) files that are ZIP archives of XML
 * (office.c).  Each converter turns the file's bytes into plain UTF-8
 * text with one paragraph per blank-line-separated block, so the minutes
 * parser sees headings and agenda items on lines of their own.
 *
 * Only libc and zlib: no XML library, no ZIP library, no helper process.
 * Every converter is bounded (its output is never larger than a fixed
 * multiple of its input; nesting never recurses) and takes hostile input:
 * malformed markup yields the text it holds, a damaged archive a reason.
 *
 * Ownership: on success *out is malloc()ed, NUL-terminated, valid UTF-8
 * without NUL bytes, and the caller frees it with free().  On failure
 * (-1) *out is untouched and REASON (IDX_REASON bytes) holds a one-line
 * reason without the file name.
 */
#ifndef REFERAT_FORMATS_H
#define REFERAT_FORMATS_H

#include "idx.h"

#include <stddef.h>
#include <stdint.h>

/* ---- html.c ---- */

/* HTML (or XHTML) IN of LEN bytes into text.  The encoding comes from a
 * byte-order mark, else a <meta charset> / http-equiv Content-Type or an
 * XML declaration (UTF-8, or Windows-1252 for its ISO-8859-1 relatives),
 * else from the bytes (UTF-8 if valid, else Windows-1252; UTF-16 by its
 * NUL pattern).  Tags are dropped; script and style, comments, CDATA and
 * the doctype go; the title, if any, is the first line.  Block elements
 * (p, div, li, tr, h1-h6, table, pre lines, ...) end lines, paragraph-like
 * ones with a blank line; inline elements join; white space collapses
 * inside a line; entities and character references are decoded.  0, or
 * -1 for binary content (NUL bytes) or no memory. */
int idx_html_to_text(const char *in, size_t len, char **out, size_t *out_len, char *reason);

/* ---- office.c ---- */

typedef enum {
    IDX_OFFICE_DOCX,     /* word/document.xml */
    IDX_OFFICE_ODT       /* content.xml */
} idx_office_kind_t;

/* The text of the DOCX or ODT document IN (a ZIP archive of LEN bytes):
 * DOCX paragraphs (w:p) with their runs' text (w:t), tabs and line
 * breaks, nothing else; ODT paragraphs and headings (text:p, text:h) with
 * all their text, text:s spaces, tabs and line breaks.  Page breaks that
 * the file records become form feeds.  0, or -1 when the archive is
 * damaged, encrypted, ZIP64 or split, lacks the part, or inflates past
 * IDX_MAX_FILE_BYTES. */
int idx_office_to_text(const char *in, size_t len, idx_office_kind_t kind, char **out,
                       size_t *out_len, char *reason);

/* The member NAME (matched without regard to case) of the ZIP archive IN,
 * inflated and checked against its CRC-32, into *out (NUL-terminated;
 * free()).  Only the stored and deflate methods; at most
 * IDX_MAX_FILE_BYTES inflated.  0; 1 when there is no such member (REASON
 * unset); -1 when the archive or member is unusable (REASON says why). */
int idx_zip_member(const char *in, size_t len, const char *name, char **out, size_t *out_len,
                   char *reason);

/* ---- html.c, shared with office.c ---- */

/* A bounded text builder that collapses white space: runs of spaces and
 * tabs become one (a tab wins), none at a line's start or end; line and
 * paragraph breaks never pile up (at most one blank line) and never start
 * the text.  It grows as needed up to CAP bytes and then drops what does
 * not fit (whole pieces only, so the text stays valid UTF-8). */
typedef struct {
    char *buf;
    size_t len, alloc, cap;
    int nl;              /* newlines ending buf (2 also at the very start) */
    int pending;         /* 0 none, 1 a space, 2 a tab */
    int failed;          /* out of memory */
} idx_text_t;

/* 0, or -1 when out of memory. */
int idx_text_init(idx_text_t *t, size_t cap);
/* Appends N bytes of text without white space (whole UTF-8 characters). */
void idx_text_put(idx_text_t *t, const char *s, size_t n);
/* Appends code point CP (U+00AD, the soft hyphen, is dropped). */
void idx_text_char(idx_text_t *t, uint32_t cp);
void idx_text_space(idx_text_t *t);
void idx_text_tab(idx_text_t *t);
/* Ends the line (LINES 1) or the paragraph (LINES 2: a blank line). */
void idx_text_break(idx_text_t *t, int lines);
/* A page break: a form feed at the start of a line. */
void idx_text_page(idx_text_t *t);
/* Ends the text with one newline and hands the buffer over: 0 with *out
 * (malloc()ed) and *len, or -1 when out of memory (REASON says so; the
 * buffer is freed). */
int idx_text_finish(idx_text_t *t, char **out, size_t *len, char *reason);

/* Decodes the character reference at S (S[0] == '&', N bytes in all):
 * "&#228;", "&#xE4;", and named ones: XML's five, or with HTML set also
 * HTML's Latin-1, Nordic and typographic entities ("&oslash;", "&ndash;").
 * Returns the bytes consumed and *cp, or 0 when S starts no reference it
 * knows (the '&' is then text).  Invalid code points give U+FFFD; in HTML
 * &#128;..&#159; mean their Windows-1252 characters, as browsers read them. */
size_t idx_entity(const char *s, size_t n, int html, uint32_t *cp);

/* The '>' ending the tag whose attributes start at S[I]: a quoted
 * attribute value may hold '>'; an unbalanced quote falls back to the
 * first '>'.  N when the text ends first. */
size_t idx_tag_end(const char *s, size_t n, size_t i);

/* IN in encoding ENC (not binary) as UTF-8 into *out (free()); a UTF-8 or
 * UTF-16 byte-order mark is dropped.  0, or -1 when out of memory. */
int idx_to_utf8(const char *in, size_t len, idx_encoding_t enc, char **out, size_t *out_len);

#endif /* REFERAT_FORMATS_H */
