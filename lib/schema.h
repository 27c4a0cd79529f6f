/* schema.h - the index format shared by referat-index and referat-query:
 * term prefixes, value slots and stored data.  docs/index-format.md is
 * the prose version; change both together and bump REFERAT_SCHEMA.
 *
 * One Xapian document is one passage.
 */
#ifndef REFERAT_SCHEMA_H
#define REFERAT_SCHEMA_H

#include <stddef.h>
#include <string.h>

/* Stored as database metadata key "referat.schema"; a reader refuses an
 * index with another version rather than misreading it.  Format 7 keeps
 * each passage's display record and text (psg_record_pack) in value slot
 * SLOT_RECORD instead of the document data: Xapian tries to compress
 * every document's data as it writes it, which for an already-compressed
 * record costs a fifth of Xapian's work per passage and saves nothing,
 * and it never compresses values.  Its readers read a passage of format
 * 6 or older from its data (xs_db_set_record_slot).  Format 6 marks
 * in each passage's display record where in its text each section and
 * each page begins (PSG_RECORD_MARK_PLACES), so that a hit shows the
 * section and page of its matched words; gives each meeting body one
 * identity however the file spells it: a key (name.c: OCR-repaired,
 * folded words) in SLOT_BODY_KEY for facets, its words as PFX_BODY_CANON
 * terms for body:, and the spellings seen (PFX_BODY_NAME, PFX_BODY_SEEN)
 * from which a query shows the body's proper spelling; reads case
 * numbers in every spelling of casenum.h (headings, canonical terms) and
 * names an item without a case number by its meeting's date and its
 * number ("2023-09-14/3": C term, case value and record); reads URLs and
 * e-mail addresses word by word and leaves out only runs of encoded data
 * in a passage, never the passage (docs/analysis.md).  Format 5
 * normalises each passage's term weights by its length when written
 * (REFERAT_NORM below), so search reads no passage lengths; every passage
 * since carries TERM_NORMALISED.  Its readers also read formats 5 (as 6
 * without the marks, the body identity and the items named by their
 * meeting: hits are labelled with the passage's first section and page,
 * body: and facets see the body as written), 4 (what a hit shows in the
 * document data, ahead of the text, instead of in value slots), 3
 * (stored text against a preset dictionary, skeletons and keys as
 * synonyms, no path value, phrase gap words) and 2, weighing the last
 * three with lengths read at search time.  The first run that writes to
 * such an index analyses every file again and records format 6 once
 * every passage carries TERM_FORMAT (a passage of a file outside its
 * paths keeps the old format until then); an older reader refuses the
 * result instead of misreading it. */
#define REFERAT_SCHEMA "7"
#define REFERAT_SCHEMA_KEY "referat.schema"

/* Metadata key "referat.last_run": when referat-index last committed, in
 * UTC as ISO 8601 ("2026-12-06T02:00:13Z"), written with each of its
 * commits; referat-serve's /api/health shows it.  Not part of the
 * format: an index without it reads the same. */
#define REFERAT_LAST_RUN_KEY "referat.last_run"

/* 1 when an index of format SCHEMA is one this referat reads and, by
 * writing to it, upgrades. */
static inline int referat_schema_older(const char *schema)
{
    return schema[0] >= '2' && schema[0] <= '6' && schema[1] == '\0';
}

/* 1 when every passage of an index of format SCHEMA (one this referat
 * reads) keeps its record in SLOT_RECORD, none in the document data, so
 * that the index has no docdata.glass: format 7. */
static inline int referat_schema_records_in_values(const char *schema)
{
    return schema[0] >= '7' && schema[1] == '\0';
}

/* 1 when the passages of an index of format SCHEMA (one this referat
 * reads) have their weights normalised when written: formats 5 and 6. */
static inline int referat_schema_normalised(const char *schema)
{
    return schema[0] >= '5' && schema[1] == '\0';
}

/* Format 5's length normalisation (xs_doc_normalise): BM25's b, its
 * floor on the relative length, a fixed pivot near the mean passage
 * length (155 weighted terms in 500 MB of generated minutes; make eval
 * gives the same figures with 120 to 260) instead of the index's mean,
 * so that a passage's weights do not change as the index grows, and the
 * wdf's resolution (docs/index-format.md, "Weights"). */
#define REFERAT_NORM_B 0.75
#define REFERAT_NORM_MIN 0.5
#define REFERAT_NORM_PIVOT 160.0
#define REFERAT_NORM_SCALE 32

/* Extra wdf of a heading's words in the passage that holds the heading
 * line (an item's or a sub-item's, indexer/write.c): the passage whose
 * heading names the query's topic outranks one that mentions it in
 * passing, as a title field does in Omega.  The highlighter allows for it
 * (lib/query/highlight.c) so as not to read positions for it. */
#define REFERAT_HEADING_WDF 1

/* Term prefixes (Xapian convention: upper-case letters; words are
 * lower-cased, so they never collide with a prefix).
 *   (none) exact lower-cased word, positional
 *   Z      stem (no positions; not posted when equal to the word)
 *   Q      unique passage id: Q<fileid>-<passage number>
 *   F      every passage of one file: F<fileid> (boolean)
 *   L      language of the passage: Lnb, Lnn, Lda, Len, Lund (boolean)
 *   T      passage type: Tagenda for an agenda list; Tnorm on every passage
 *          whose weights are normalised when written (format 5); Tf7 on
 *          every passage written in this format (TERM_FORMAT) (boolean)
 *   Y      meeting year: Y2023 (boolean)
 *   C      the agenda item the passage belongs to: C19/2023 (wdf 1, so a
 *          case: query ranks the item's own passages first); C2023-09-14/3
 *          for an item named by its meeting (boolean; format 6)
 *   H      a case number at the start of a line (the item's heading)
 *   S      section: Svedtak, Sbakgrunn, ...; Sdecision for every decision
 *          section (vedtak, beslutning, Danish referat) (boolean)
 *   B      words of the meeting body, exact and folded (boolean)
 *   BC     format 6: the body's words in canonical form (name.c):
 *          BCsenterradet for "Senterrådet", "Senterradet", "Senterrddet"
 *   BM     format 6: a written body word whose canonical form is not its
 *          folding (an OCR repair): BM + folded word + ":" + canonical
 *          form, "BMfagrddet:fagradet", so a query typing the damage
 *          finds the body
 *   BN     format 6: the body's key and its proper spelling in this file:
 *          BN + key + ":" + spelling, "BNfagradet:Fagrådet" (left out
 *          when longer than a term may be); a query shows the key's best
 *          spelling among them (query/body.c)
 *   I      words of the agenda item's title, stemmed (no positions), so the
 *          title is searchable from each of its passages
 *   K, V   compound parts and folding skeletons (docs/index-format.md) */
#define PFX_STEM "Z"
#define PFX_ID "Q"
#define PFX_FILE "F"
#define PFX_LANG "L"
#define PFX_TYPE "T"
#define TERM_AGENDA "Tagenda"
#define TERM_NORMALISED "Tnorm" /* format 5: weights normalised when written */
#define TERM_FORMAT "Tf" REFERAT_SCHEMA /* every passage written in this format: "Tf7" */
#define PFX_YEAR "Y"
#define PFX_CASE "C"
#define PFX_ITEM_HEAD "H"
#define PFX_SECTION "S"
#define TERM_DECISION "Sdecision"
#define PFX_BODY "B"
#define PFX_BODY_CANON "BC"
#define PFX_BODY_SEEN "BM"
#define PFX_BODY_NAME "BN"
#define BODY_SEP ':' /* between the parts of BM and BN terms */
#define PFX_TITLE "I"

/* Value slots.  Numbers are stored with Xapian's sortable_serialise.
 * Format 4 writes only those that search reads: DATE (sorting, date:),
 * YEAR (year:, facets), BODY, SECTION, LANG, CASE (facets) and FILEID
 * (one hit per meeting, the file record), and format 6 BODY_KEY (facets,
 * a hit's body name); what a hit shows is in the document data (below).  The others are read from older passages. */
enum {
    SLOT_PATH = 0,      /* format 2: the path (now in the META_FILE record) */
    SLOT_PASSAGE = 1,   /* format 3: passage number within the file, from 1 (number) */
    SLOT_START = 2,     /* format 3: byte offset of the passage in the source (number) */
    SLOT_END = 3,       /* format 3: byte offset just past the passage (number) */
    SLOT_LANG = 4,      /* language code: nb, nn, da, en, und (bytes) */
    SLOT_LINE = 5,      /* format 3: 1-based line of the passage start (number) */
    SLOT_PAGE = 6,      /* format 3: 1-based page of the passage start (number) */
    SLOT_FILEID = 7,    /* file id, 16 hex digits: the collapse key for one hit per file */
    SLOT_MTIME = 8,     /* format 3, never read: source file's modification time */
    SLOT_DOCLANG = 9,   /* format 3, never read: language guessed for the whole file */
    SLOT_DATE = 10,     /* meeting date "YYYYMMDD" (bytes; sorts as a date) */
    SLOT_YEAR = 11,     /* meeting year "YYYY" */
    SLOT_BODY = 12,     /* meeting body as written (facets of format 5 and older, and of a body without a key) */
    SLOT_TITLE = 13,    /* format 3: agenda item title */
    SLOT_CASE = 14,     /* agenda item case number "19/2023", or "2023-09-14/3" */
    SLOT_SECTION = 15,  /* section name (mnt_section_name) */
    SLOT_DATE_SOURCE = 16, /* format 3: "text" or "filename": where the date came from */
    SLOT_BODY_KEY = 17, /* format 6: the body's key (name.c), "senterradet for nmk" */
    SLOT_RECORD = 18    /* format 7: the display record and text (below); older: the document data */
};

/* Two-digit years ("Sak 3/98", "12.01.98"): 70-99 are 1970-1999 and
 * 00-69 are 2000-2069, since minutes archives reach back to the 1970s.
 * One rule for the minutes parser, the analyzer's canonical case-number
 * terms and the query, so all write the same term. */
#define REFERAT_CENTURY_PIVOT 70
static inline int referat_full_year(int yy)
{
    return yy >= REFERAT_CENTURY_PIVOT ? 1900 + yy : 2000 + yy;
}

/* The record, in SLOT_RECORD (format 7) or the document data (formats 2
 * to 6): format 4 on, the passage's display record and its text
 * (psg_record_pack: first byte PSG_RECORD_MARK); formats 2 and 3, the
 * text alone, packed by psg_pack() (zlib). */

/* Database metadata: one record per indexed source file (indexer/state.c):
 *   "file:<fileid>" -> "1 <size> <mtime ns> <ctime ns> <dev> <ino> <crc32 hex> <path>" */
#define META_FILE "file:"

/* Where the path starts in the value V (LEN bytes) of a "file:" record:
 * after its seventh field; NULL for a record with fewer. */
static inline const char *referat_record_path(const char *v, size_t len)
{
    size_t fields = 0, i = 0;
    for (; i < len && fields < 7; i++)
        if (v[i] == ' ')
            fields++;
    return fields == 7 ? v + i : NULL;
}

/* Where a file's contents can be found already analysed, so a renamed,
 * moved or copied file is not analysed again (indexer/reuse.c):
 *   "content:<size>-<crc32 hex>" -> "<path>"
 * A hint only: the path's own "file:" record must still show that size
 * and checksum, else the hint is stale and ignored. */
#define META_CONTENT "content:"

/* A file that could not be indexed, not retried until it changes:
 *   "failed:<fileid>" -> "1 <size> <mtime ns> <ctime ns> <dev> <ino> <path>\t<reason>" */
#define META_FAILED "failed:"

/* Database metadata: acronyms learned from "Full Name (ABBR)" in the
 * minutes, keyed by normalized text (ana_normalize_key):
 *   "acro:<abbr>"     -> "<full name>"
 *   "acroname:<name>" -> "<abbr>"
 * The first definition seen is kept. */
#define META_ACRO "acro:"
#define META_ACRONAME "acroname:"

/* Metadata key "referat.acronyms": every acro: and acroname: record in
 * one value, folded (ana_fold_key) and sorted for the query engine, which
 * reads it in one get (lib/query/expand.c); referat-index writes it in
 * each of its commits, stamped with that commit's referat.last_run, so a
 * table older than the last commit (an older referat-index's) is not
 * used.  Not part of the format: an index without it (written before)
 * reads the same, the records walked. */
#define REFERAT_ACRONYMS_KEY "referat.acronyms"

/* Metadata key "referat.meeting_runs": the runs of neighbouring passages
 * of one file (SLOT_FILEID's values), for counting the meetings among
 * many matches without reading each match's file id (lib/xs/xs_runs.cc,
 * xs_db_store_value_runs); referat-index writes it after each run's
 * last commit, in one of its own, stamped with that commit's
 * referat.last_run (indexer/update.c), and readers pass
 * over runs that do not match the index (docs/index-format.md).  Not
 * part of the format: an index without it reads the same, the file ids
 * read. */
#define REFERAT_MEETING_RUNS_KEY "referat.meeting_runs"

/* Files of referat's own in the index directory (docs/index-format.md):
 * the lock every referat-index holds for its run, and the work directory
 * of a first build in shards (indexer/bulk.c), there only while one runs
 * or after one crashed. */
#define REFERAT_LOCK_FILE "referat.lock"
#define REFERAT_BULK_DIR ".bulk"

/* 1 when a table file that xs_missing_table() finds missing in an index
 * is rebuilt in place by referat-index analysing every file again (the
 * passages' data and positions); without postlist.glass (which holds the
 * file records) or termlist.glass the index cannot be written, and its
 * files are indexed into a new directory instead. */
static inline int referat_table_rebuilt(const char *table)
{
    return strcmp(table, "docdata.glass") == 0 || strcmp(table, "position.glass") == 0;
}

#endif /* REFERAT_SCHEMA_H */
