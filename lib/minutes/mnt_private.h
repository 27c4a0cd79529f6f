/* mnt_private.h - internals of lib/minutes shared between its files and
 * its unit tests; not part of the public interface.
 *
 * The parser first cuts the text into content lines (lines holding more
 * than white space), remembering how many empty lines came before each,
 * because PDF-extracted minutes put an empty line after every line and a
 * paragraph break is then told by a line of spaces, not by an empty one.
 */
#ifndef REFERAT_MNT_PRIVATE_H
#define REFERAT_MNT_PRIVATE_H

#include "minutes/mnt.h"

#include <stddef.h>

/* Bounds that keep the work linear and the memory small on any input. */
#define MNTP_MAX_LINES 1000000   /* content lines looked at; the rest is tail text */
#define MNTP_MAX_HEADINGS 4000   /* heading candidates looked at */
#define MNTP_MAX_ITEMS 2000
#define MNTP_MAX_SECTIONS 200    /* per item */
#define MNTP_MAX_PAGES 1000000
#define MNTP_MAX_BODY 200        /* bytes */
#define MNTP_MAX_TITLE 300       /* bytes */
#define MNTP_MAX_NAME 300        /* bytes, one attendee entry */
#define MNTP_MAX_PEOPLE 500
#define MNTP_HEADER_LINES 40     /* content lines searched for header fields */
#define MNTP_HEADING_BYTES 250   /* longer lines are text, never headings */

typedef struct {
    size_t ls;           /* line start (first byte after the previous newline) */
    size_t s, e;         /* the trimmed content */
    unsigned nempty;     /* empty lines just before this one (capped) */
    unsigned nspace;     /* white-space-only lines just before this one (capped) */
} mntp_line_t;

typedef struct {
    const char *t;
    size_t len;
    mntp_line_t *v;
    size_t n;
    int pdf;             /* PDF line style: an empty line after every line */
} mntp_text_t;

/* text.c: lines and small string helpers. */
int mntp_lines(mntp_text_t *tx, const char *t, size_t len);
void mntp_lines_free(mntp_text_t *tx);
int mntp_para_break(const mntp_text_t *tx, size_t i);
size_t mntp_skip_bullet(const char *s, size_t n);
size_t mntp_label(const char *s, size_t n, const char *pat, int *colon);
int mntp_starts_lower(const char *s, size_t n);
int mntp_starts_upper(const char *s, size_t n);
char *mntp_fold_dup(const char *s, size_t n, size_t cap);
size_t mntp_fold_key(const char *s, size_t n, char *out, size_t cap);
double mntp_similar(const char *a, const char *b);

/* date.c */
int mntp_date_in(const char *s, size_t n, mnt_date_t *d);
int mntp_date_from_filename(const char *filename, mnt_date_t *d);

/* agenda.c: the agenda list and the items. */
typedef struct {
    int number, year;    /* year 0 for Danish numbered headings */
    int kind;            /* MNTP_H_SAK, MNTP_H_PAREN, MNTP_H_DOT */
    size_t title_s, title_e;
} mntp_heading_t;
enum { MNTP_H_NONE, MNTP_H_SAK, MNTP_H_PAREN, MNTP_H_DOT };
int mntp_heading(const char *s, size_t n, mntp_heading_t *h);
int mntp_items(mnt_minutes_t *m, const mntp_text_t *tx);

/* sections.c */
mnt_section_kind_t mntp_section_label(const char *s, size_t n);
int mntp_sections(mnt_minutes_t *m, const mntp_text_t *tx);
#define MNTP_MAX_SUBITEMS 26     /* per item */
int mntp_subitem(const char *s, size_t n, int number, int *key);
int mntp_subitems(mnt_minutes_t *m, const mntp_text_t *tx);

/* header.c: body, date and who came. HEADER_END is the first line of
 * the agenda or of the first item (tx->n when neither). */
int mntp_header(mnt_minutes_t *m, const mntp_text_t *tx, size_t header_end,
                const char *filename);

/* pages.c */
int mntp_pages(mnt_minutes_t *m, const char *t, size_t len);

#endif
