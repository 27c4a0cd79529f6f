/* schema.h - the index format shared by referat-index and referat-query:
 * term prefixes, value slots and stored data.  docs/index-format.md is
 * the prose version; change both together and bump REFERAT_SCHEMA.
 *
 * One Xapian document is one passage.
 */
#ifndef REFERAT_SCHEMA_H
#define REFERAT_SCHEMA_H

/* Stored as database metadata key "referat.schema"; a reader refuses an
 * index with another version rather than misreading it. */
#define REFERAT_SCHEMA "1"
#define REFERAT_SCHEMA_KEY "referat.schema"

/* Term prefixes (Xapian convention: upper-case letters; words are
 * lower-cased, so they never collide with a prefix).
 *   (none) exact lower-cased word, positional
 *   Z      stem, positional
 *   Q      unique passage id: Q<fileid>-<passage number>
 *   F      every passage of one file: F<fileid> (boolean)
 *   L      language of the passage: Lnb, Lnn, Lda, Len, Lund (boolean)
 *   T      passage type: Tagenda for an agenda list (boolean)
 *   K, V   compound parts and folding skeletons (docs/index-format.md) */
#define PFX_STEM "Z"
#define PFX_ID "Q"
#define PFX_FILE "F"
#define PFX_LANG "L"
#define PFX_TYPE "T"
#define TERM_AGENDA "Tagenda"

/* Value slots.  Numbers are stored with Xapian's sortable_serialise. */
enum {
    SLOT_PATH = 0,      /* absolute path of the source file (bytes) */
    SLOT_PASSAGE = 1,   /* passage number within the file, from 1 (number) */
    SLOT_START = 2,     /* byte offset of the passage in the source (number) */
    SLOT_END = 3,       /* byte offset just past the passage (number) */
    SLOT_LANG = 4,      /* language code: nb, nn, da, en, und (bytes) */
    SLOT_LINE = 5,      /* 1-based line of the passage start (number) */
    SLOT_PAGE = 6,      /* 1-based page of the passage start (number) */
    SLOT_FILEID = 7,    /* file id, 16 hex digits: the collapse key for one hit per file */
    SLOT_MTIME = 8,     /* source file's modification time, seconds (number) */
    SLOT_DOCLANG = 9    /* language guessed for the whole file (bytes) */
    /* 10..: reserved for minutes structure (date, body, case, section). */
};

/* Document data: the passage text, packed by psg_pack() (zlib). */

/* Database metadata: acronyms learned from "Full Name (ABBR)" in the
 * minutes, keyed by normalized text (ana_normalize_key):
 *   "acro:<abbr>"     -> "<full name>"
 *   "acroname:<name>" -> "<abbr>"
 * The first definition seen is kept. */
#define META_ACRO "acro:"
#define META_ACRONAME "acroname:"

#endif /* REFERAT_SCHEMA_H */
