/* mnt.h - the structure of a set of minutes: who met, when, the agenda
 * items, their sections, and the pages.
 *
 * Norwegian and Danish minutes, clean or OCR-damaged ("Dato mgte:",
 * "Senterrddet"), plain or PDF-extracted (a blank line after every line).
 * The parser never fails on odd input: what it cannot find it leaves
 * empty.  All offsets are byte offsets into the text given to mnt_parse().
 *
 * Ownership: mnt_parse() returns a structure owned by the caller, freed
 * with mnt_free() (NULL-safe); every string and array in it belongs to it.
 * mnt_passages() joins the structure to lib/passage's split: a program
 * that calls it links lib/libpsg.a after lib/libmnt.a.
 */
#ifndef REFERAT_MNT_H
#define REFERAT_MNT_H

#include "passage/psg.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    int year, month, day;     /* 0 when unknown */
    int from_filename;        /* 1 when taken from the file name, not the text */
} mnt_date_t;

/* Sections inside an agenda item. */
typedef enum {
    MNT_SEC_NONE = 0,
    MNT_SEC_BAKGRUNN,         /* nb "Bakgrunn" */
    MNT_SEC_INNSPILL,         /* nb "Innspill til saken" */
    MNT_SEC_FREMLEGG,         /* nb "Fremlegg" */
    MNT_SEC_VEDTAK,           /* nb "Vedtak" (a decision) */
    MNT_SEC_SAGSFREMSTILLING, /* da "Sagsfremstilling" */
    MNT_SEC_INDSTILLING,      /* da "Indstilling" */
    MNT_SEC_REFERAT,          /* da "Referat" (the outcome; counts as a decision) */
    MNT_SEC_BESLUTNING,       /* da "Beslutning" (a decision) */
    MNT_SEC_COUNT
} mnt_section_kind_t;

/* "bakgrunn", "innspill", "fremlegg", "vedtak", "sagsfremstilling",
 * "indstilling", "referat", "beslutning"; "" for NONE. */
const char *mnt_section_name(mnt_section_kind_t kind);

/* 1 for the sections that record a decision (vedtak, referat, beslutning). */
int mnt_section_is_decision(mnt_section_kind_t kind);

typedef struct {
    size_t start, end;            /* the section's bytes: its label line to the next section/item */
    mnt_section_kind_t kind;
} mnt_section_t;

/* A lettered sub-item of an agenda item ("a. Mundtlige orienteringer",
 * "b) Status for ...") or a numbered one ("2.1 Økonomi"): a part of the
 * item with a title of its own. */
typedef struct {
    size_t start, end;            /* its heading line to the next sub-item or the item's end */
    size_t title_start;           /* where the heading's text begins (its letter) */
    char *title;                  /* the heading line, letter included, white space folded */
} mnt_subitem_t;

typedef struct {
    size_t start, end;            /* the item: its heading line to just before the next item */
    size_t title_start, title_end;/* the title text on the heading line */
    char case_no[16];             /* canonical "19/2023"; for an item with a number but no
                                     case number (Danish "3) Title"), the meeting's date and
                                     the number, "2023-09-14/3" (casenum.h); "" when neither
                                     (no number, or no full date) */
    int number;                   /* the item's number ("Sak 19/2023" -> 19; "3)" -> 3); 0 if none */
    char *title;                  /* the title, white space folded */
    mnt_section_t *sections;
    size_t nsections;
    mnt_subitem_t *subitems;      /* in text order */
    size_t nsubitems;
} mnt_item_t;

typedef struct {
    char *body;                   /* meeting body ("Senterrådet for NMK"); "" when unknown */
    mnt_date_t date;
    char **attendees;             /* names as written, one per person */
    size_t nattendees;
    char **absentees;
    size_t nabsentees;
    size_t agenda_start, agenda_end; /* the agenda list; both 0 when none */
    mnt_item_t *items;            /* in text order */
    size_t nitems;
    size_t *page_starts;          /* page k (1-based) starts at page_starts[k-1]; [0] == 0 */
    size_t npages;
} mnt_minutes_t;

/* Parses TEXT (LEN bytes of UTF-8).  FILENAME (may be NULL) supplies the
 * date when the text has none ("referat-20230602.pdf",
 * "2023-06-02-referat.txt").  Returns NULL only when out of memory. */
mnt_minutes_t *mnt_parse(const char *text, size_t len, const char *filename);
void mnt_free(mnt_minutes_t *m);

/* The item containing byte OFFSET, or NULL (header, agenda). */
const mnt_item_t *mnt_item_at(const mnt_minutes_t *m, size_t offset);

/* The sub-item of IT containing byte OFFSET, or NULL (before the first,
 * or IT NULL). */
const mnt_subitem_t *mnt_subitem_at(const mnt_item_t *it, size_t offset);

/* The section kind at byte OFFSET (NONE outside sections). */
mnt_section_kind_t mnt_section_at(const mnt_minutes_t *m, size_t offset);

/* The 1-based page of byte OFFSET. */
size_t mnt_page_at(const mnt_minutes_t *m, size_t offset);

/* The byte offsets where a passage must end, ascending: the agenda list's
 * edges, each item's start and each sub-item's, so no passage spans two
 * items or two sub-items (a sub-item's passage carries its title).  Sections
 * may share a passage (each passage is tagged with every section it
 * overlaps): split at every label, a heading or a one-line "Vedtak" would
 * stand alone and outrank the paragraph that explains it -- measured: the
 * relevance evaluation's MRR@10 fell from 0.93 to 0.90.  malloc()ed
 * (caller frees); *n gets the count; NULL with *n == 0 when there are
 * none or memory ran out. */
size_t *mnt_passage_breaks(const mnt_minutes_t *m, size_t *n);

/* Minutes to passages, the one way referat-index and referat-passages
 * both take: parses TEXT (LEN bytes of UTF-8, no byte-order mark) as
 * mnt_parse() does, splits it at mnt_passage_breaks() and leaves out the
 * encoded data as psg_split_clean() does, so that passage N of *LIST is
 * the passage number N the index stores.  On PSG_OK, *MINUTES (unless
 * MINUTES is NULL; mnt_free) and *LIST (psg_list_free) belong to the
 * caller and *LEFT says what was left out; otherwise both are NULL.  Only
 * memory can run out (PSG_NO_MEMORY). */
psg_status_t mnt_passages(const char *text, size_t len, const char *filename, mnt_minutes_t **minutes,
                          psg_list_t **list, psg_left_out_t *left);

#ifdef __cplusplus
}
#endif

#endif /* REFERAT_MNT_H */
