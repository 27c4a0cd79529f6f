/* xs.h - referat's C interface to Xapian ("xapian-c").
 *
 * This header is pure C.  Its implementation (xs_*.cc) is the only C++ in
 * referat.  The interface is shaped around what referat does -- write
 * passages, build a query, rank passages -- not around Xapian's class list.
 *
 * Error model (after notmuch):
 *   - Every function that can fail returns an xs_status_t.  No C++
 *     exception ever crosses into C: every entry point catches everything,
 *     std::bad_alloc and "..." included.
 *   - Functions taking an xs_db_t keep the last error message on that handle;
 *     read it with xs_db_error().  The message is owned by the handle and
 *     valid until the next call on the same handle.
 *   - Functions without a database handle (documents, queries) report only a
 *     status; out of memory is XS_NO_MEMORY.
 *
 * Ownership: every *_new() has a matching *_free(); every *_free(NULL) is a
 * no-op.  Strings passed in are copied; nothing passed in is retained unless
 * the comment says so.
 *
 * Thread safety: a handle may be used by one thread at a time.
 */
#ifndef REFERAT_XS_H
#define REFERAT_XS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    XS_OK = 0,
    XS_NOT_FOUND,   /* database, document or term does not exist */
    XS_LOCKED,      /* another process holds the write lock */
    XS_CORRUPT,     /* the database is damaged or not a Xapian database */
    XS_MODIFIED,    /* reader snapshot outdated even after retries */
    XS_NO_MEMORY,   /* an allocation failed (std::bad_alloc) */
    XS_INVALID,     /* bad argument or invalid operation (e.g. nested transaction) */
    XS_IO,          /* file system error (disk full, permission, EIO) */
    XS_VERSION,     /* database format unsupported by this Xapian */
    XS_ERROR,       /* any other failure */
    XS_NETWORK      /* a remote shard is unreachable, or timed out */
} xs_status_t;

/* A short constant English description of a status.  Never NULL. */
const char *xs_status_string(xs_status_t status);

/* ------------------------------------------------------------------ */
/* Databases                                                           */

typedef struct xs_db xs_db_t;

typedef enum {
    XS_DB_READ = 0,          /* open an existing database read-only */
    XS_DB_WRITE = 1,         /* open an existing database for writing */
    XS_DB_CREATE = 2,        /* open for writing, creating it if missing */
    /* As XS_DB_CREATE, but commits are not synced to disk: for a scratch
     * database that a crash may lose (a shard of a first build, which is
     * synced when merged). */
    XS_DB_SCRATCH = 3
} xs_db_mode_t;

/* Allocates an unopened handle.  Returns NULL only when out of memory.
 * Free with xs_db_free(). */
xs_db_t *xs_db_new(void);

/* Opens PATH in MODE.  XS_NOT_FOUND if the database does not exist (READ,
 * WRITE), XS_LOCKED if another writer holds it (writers never wait),
 * XS_CORRUPT if it is damaged, XS_IO for permission and other I/O failures.
 * A handle may be opened once. */
xs_status_t xs_db_open(xs_db_t *db, const char *path, xs_db_mode_t mode);

/* Opens the N indexes at SPECS read-only as one database, as Xapian's
 * multi-database search does: term statistics are merged, so weights
 * are those of one index holding every document.  A spec is an index
 * directory or a shard list file (Xapian's stub format, one shard a
 * line: "DIR", "auto DIR" or "glass DIR" for a local index, relative to
 * the list's directory; "remote HOST:PORT" for xapian-tcpsrv;
 * "remote :PROGRAM ARGS..." for xapian-progsrv over ssh; blank lines and
 * "#" comments skipped).  Each shard is opened on its own, remote ones
 * with TIMEOUT_MS as both their connect and operation timeout (a shard
 * down fails within it, never hangs), and is named in any failure to
 * open it.  With PARTIAL, a shard that cannot be opened is left out
 * (xs_db_shard_missing says so) as long as one opens.  Metadata reads
 * (xs_db_get_metadata and friends) look at every shard, not only the
 * first as Xapian does: see there.  A handle may be opened once. */
xs_status_t xs_db_open_shards(xs_db_t *db, const char *const *specs, size_t n, unsigned timeout_ms,
                              int partial);

/* The shards of DB (xs_db_open_shards: those opened), and the I-th
 * one's name, owned by DB; a handle opened by xs_db_open has none. */
size_t xs_db_shard_count(const xs_db_t *db);

/* 1 when one of DB's shards is remote (xapian-tcpsrv, xapian-progsrv):
 * each read is then a round trip, worth saving even at some local cost. */
int xs_db_has_remote(const xs_db_t *db);

/* Whether a shard of DB that fails after the open (a network error
 * during a search, the shards opened again and one down) may be left
 * out, named by xs_db_shard_missing, or fails the call (XS_NETWORK):
 * at first as xs_db_open_shards's PARTIAL said. */
void xs_db_set_partial(xs_db_t *db, int partial);
const char *xs_db_shard_name(const xs_db_t *db, size_t i);

/* Where DB's documents keep their record: the value in SLOT when one is
 * there, else the document data (XS_NO_SLOT, the default: the data
 * alone).  An application that stores each document's record in a value
 * (Xapian compresses document data on every write, values never) reads
 * it through xs_mset_data and xs_db_get_data as before, and documents
 * written before, with the record in their data, read as they were. */
void xs_db_set_record_slot(xs_db_t *db, uint32_t slot);

/* The shards left out by a partial open or since (xs_db_set_partial),
 * one name per line ("" when none), owned by DB. */
const char *xs_db_shard_missing(const xs_db_t *db);

/* The value of metadata KEY in shard I alone, malloc()ed as
 * xs_db_get_metadata's. */
xs_status_t xs_db_shard_metadata(xs_db_t *db, size_t i, const char *key, char **value);

/* The value of metadata KEY as xs_db_get_metadata's, read first from the
 * shard that holds document DOCID (a file's record is in its passages'
 * shard): one round trip where xs_db_get_metadata asks each shard in turn
 * until one has a value.  Over one index, or when that shard has no
 * value, as xs_db_get_metadata. */
xs_status_t xs_db_doc_metadata(xs_db_t *db, uint32_t docid, const char *key, char **value);

/* The last error message on DB, or "" when the last call succeeded.
 * Owned by DB, valid until the next call on DB.  db may be NULL. */
const char *xs_db_error(const xs_db_t *db);

/* Closes the database.  For a writer, every change NOT committed with
 * xs_db_commit() is discarded, inside a transaction or not (the shim keeps
 * Xapian from committing on close).  Safe to call twice, and on a handle
 * never opened.  Returns the status of the close itself; the handle is
 * closed (and the write lock released) either way. */
xs_status_t xs_db_close(xs_db_t *db);

/* Closes (as xs_db_close) and frees DB.  NULL-safe. */
void xs_db_free(xs_db_t *db);

/* Refreshes a reader to the latest committed revision.  XS_INVALID on a
 * writer (which always reads its own latest state). */
xs_status_t xs_db_reopen(xs_db_t *db);

/* A number that changes whenever DB may have moved to another revision
 * (xs_db_reopen, or a read retried after a commit), and on each open:
 * what a caller keeps beside anything it derived from the index, to
 * know when to derive it again. */
unsigned long xs_db_generation(const xs_db_t *db);

/* Writers only.  A transaction groups changes so that they become visible
 * all together or not at all: Xapian never flushes half of one.  It is
 * unflushed: its changes reach disk at the next xs_db_commit().
 * Transactions do not nest (XS_INVALID); commit/cancel without one is
 * XS_INVALID.  As with Xapian's unflushed transactions, cancelling
 * discards every change since the last xs_db_commit(), including those
 * made before xs_db_begin().
 *
 * Outside transactions too, changes become durable and visible to readers
 * only at xs_db_commit(): the shim never lets Xapian commit on its own
 * (it otherwise would every 10000 changes and on close).  Note that when
 * a write fails, Xapian may discard all changes since the last commit;
 * treat the uncommitted batch as lost. */
xs_status_t xs_db_begin(xs_db_t *db);
xs_status_t xs_db_commit_transaction(xs_db_t *db);
xs_status_t xs_db_cancel_transaction(xs_db_t *db);

/* Writers only.  Makes all changes so far durable (fsync + atomic rename
 * inside Xapian) and visible to readers that reopen.  XS_INVALID inside a
 * transaction. */
xs_status_t xs_db_commit(xs_db_t *db);

/* Reading functions (doccount ... get_value, search) work on readers and
 * writers; a writer sees its own uncommitted changes.  On a reader whose
 * snapshot Xapian reports as modified by a writer's commits, they reopen
 * and retry (up to 3 times) before returning XS_MODIFIED. */

/* Number of documents. */
xs_status_t xs_db_doccount(xs_db_t *db, uint32_t *count);

/* Number of documents indexed by TERM (0 when absent).  TERM must be
 * non-empty (XS_INVALID), here and in xs_db_term_exists(). */
xs_status_t xs_db_termfreq(xs_db_t *db, const char *term, uint32_t *freq);

/* Number of documents with a value in SLOT (Xapian's value statistics:
 * no document is read). */
xs_status_t xs_db_value_freq(xs_db_t *db, uint32_t slot, uint32_t *freq);

/* Sets *exists to 1 when TERM indexes at least one document, else 0. */
xs_status_t xs_db_term_exists(xs_db_t *db, const char *term, int *exists);

/* Calls CB for every term starting with PREFIX ("" for all), in byte
 * order, with the term and its document frequency.  CB returns nonzero to
 * stop early.  TERM is valid only during the call.  If the reader has to
 * be reopened midway, the walk resumes after the last term delivered, in
 * the newer revision. */
typedef int (*xs_term_cb)(void *ctx, const char *term, size_t len, uint32_t termfreq);
xs_status_t xs_db_each_term(xs_db_t *db, const char *prefix, xs_term_cb cb, void *ctx);

/* xs_db_each_term() without the frequencies: reading each term's costs a
 * tenth of a walk, which a caller that wants the frequency of few of the
 * terms (xs_db_termfreq() then) need not pay. */
typedef int (*xs_name_cb)(void *ctx, const char *term, size_t len);
xs_status_t xs_db_each_term_name(xs_db_t *db, const char *prefix, xs_name_cb cb, void *ctx);

/* User metadata (small key/value strings stored in the database).
 * xs_db_get_metadata: *value is malloc()ed and NUL-terminated (caller
 * frees), "" when the key is unset.  Over shards, the value of the first
 * shard that has one; xs_db_each_metadata walks the union of their keys
 * (each with that value), and xs_db_count_metadata counts it. */
xs_status_t xs_db_set_metadata(xs_db_t *db, const char *key, const char *value);
xs_status_t xs_db_get_metadata(xs_db_t *db, const char *key, char **value);

/* Calls CB with every metadata key starting with PREFIX ("" for all) and
 * its value, in key order.  A writer sees its uncommitted changes.  CB
 * returns nonzero to stop; the strings are valid only during the call. */
typedef int (*xs_metadata_cb)(void *ctx, const char *key, size_t klen, const char *value,
                              size_t vlen);
xs_status_t xs_db_each_metadata(xs_db_t *db, const char *prefix, xs_metadata_cb cb, void *ctx);

/* Sets *count to the number of metadata keys starting with PREFIX ("" for
 * all), reading the keys only (referat-serve counts the file: records
 * this way). */
xs_status_t xs_db_count_metadata(xs_db_t *db, const char *prefix, uint32_t *count);

/* Synonyms: Xapian's synonym table, a term -> set-of-terms map beside the
 * postings.  xs_db_add_synonym records that TERM may be expanded to
 * SYNONYM (a set: adding a pair twice keeps one, and the second time
 * writes nothing); it is written with the next commit.
 * xs_db_each_synonym calls CB with each synonym of TERM in byte order (a
 * writer sees its uncommitted additions); CB returns nonzero to stop; SYN
 * is valid only during the call. */
xs_status_t xs_db_add_synonym(xs_db_t *db, const char *term, const char *synonym);
typedef int (*xs_synonym_cb)(void *ctx, const char *syn, size_t len);
xs_status_t xs_db_each_synonym(xs_db_t *db, const char *term, xs_synonym_cb cb, void *ctx);

/* ------------------------------------------------------------------ */
/* Documents (built in memory, then written with xs_db_replace_doc)    */

typedef struct xs_doc xs_doc_t;

/* Returns NULL when out of memory.  Free with xs_doc_free(). */
xs_doc_t *xs_doc_new(void);
void xs_doc_free(xs_doc_t *doc);

/* Adds TERM at position POS (positions start at 1; 0 is XS_INVALID) with
 * WDF increment WDFINC.  Empty terms and terms longer than XS_MAX_TERM
 * bytes are rejected (XS_INVALID), here and wherever a term is taken. */
#define XS_MAX_TERM 240
xs_status_t xs_doc_add_posting(xs_doc_t *doc, const char *term, uint32_t pos, uint32_t wdfinc);

/* Adds TERM without a position. */
xs_status_t xs_doc_add_term(xs_doc_t *doc, const char *term, uint32_t wdfinc);

/* Adds a boolean (filter) term: no position, wdf 0, no effect on weights. */
xs_status_t xs_doc_add_boolean(xs_doc_t *doc, const char *term);

/* Length normalisation done when a document is written, so that search
 * reads no document lengths.  BM25 divides a term's wdf by
 * n = 1 - b + b * max(length / pivot, min_normlen), the length being the
 * sum of the document's wdf, and Xapian reads that length for every
 * candidate: over long posting lists, more than the lists themselves
 * (docs/performance.md).  A normalised document stores
 * max(1, round(scale * wdf / n)) instead, and a search given the same
 * scale (xs_search_opts_t.wdf_scale, with b = 0) weighs it as BM25 with
 * b and an average length of pivot would, to the rounding. */
typedef struct {
    double pivot;       /* > 0: the length that n is 1 at */
    double b;           /* in [0, 1] */
    double min_normlen; /* >= 0: shorter documents count as this long */
    uint32_t scale;     /* >= 1: the resolution of the stored wdf */
    uint32_t discount;  /* wdf left out of the length (at most all of it) */
} xs_norm_t;

/* Normalises the wdf of DOC's weighted terms as NORM says; call it once,
 * after the last weighted term is added (boolean terms keep wdf 0, and
 * positions are kept).  *length (may be NULL) receives the length before,
 * less NORM's discount.
 * XS_INVALID for parameters out of range. */
xs_status_t xs_doc_normalise(xs_doc_t *doc, const xs_norm_t *norm, uint32_t *length);

/* Sets value slot SLOT to the LEN bytes at VALUE (copied). */
xs_status_t xs_doc_set_value(xs_doc_t *doc, uint32_t slot, const void *value, size_t len);

/* Sets the document data to the LEN bytes at DATA (copied). */
xs_status_t xs_doc_set_data(xs_doc_t *doc, const void *data, size_t len);

/* Writers only.  Replaces the document indexed by the unique term IDTERM
 * (adding it when none is), and adds IDTERM to it.  *docid (may be NULL)
 * receives the document's id.  DOC is not consumed. */
xs_status_t xs_db_replace_doc(xs_db_t *db, const char *idterm, xs_doc_t *doc, uint32_t *docid);

/* Removes TERM (with all its positions) from DOC; absent is fine. */
xs_status_t xs_doc_remove_term(xs_doc_t *doc, const char *term);

/* Loads stored document DOCID into *doc (a new handle the caller frees
 * with xs_doc_free), terms, positions, values and data included, so it
 * can be edited and written under another id term (a renamed file's
 * passages are copied this way instead of being analysed again).
 * XS_NOT_FOUND for no such document. */
xs_status_t xs_db_load_doc(xs_db_t *db, uint32_t docid, xs_doc_t **doc);

/* The ids of the documents indexed by TERM, ascending: *ids is malloc()ed
 * (caller frees; NULL when *n is 0). */
xs_status_t xs_db_docids(xs_db_t *db, const char *term, uint32_t **ids, size_t *n);

/* A canonical text description of stored document DOCID: one line per
 * term ("term wdf pos,pos,..."), per value ("value SLOT hex") and the
 * data ("data LEN crc32"), in a fixed order, malloc()ed into *text.  Two
 * indexes hold the same document exactly when the descriptions are equal
 * (tests compare an incrementally updated index with a clean build). */
xs_status_t xs_db_describe_doc(xs_db_t *db, uint32_t docid, char **text);

/* Writers only.  Deletes every document indexed by TERM (none is fine). */
xs_status_t xs_db_delete_docs(xs_db_t *db, const char *term);

/* Reads document DOCID's record (xs_db_set_record_slot: its data, or the
 * value that holds it): *data is malloc()ed (caller frees), *len its
 * length; one extra NUL byte follows.  XS_NOT_FOUND for no such doc,
 * XS_INVALID for docid 0. */
xs_status_t xs_db_get_data(xs_db_t *db, uint32_t docid, char **data, size_t *len);

/* Reads value SLOT of document DOCID, malloc()ed as xs_db_get_data. */
xs_status_t xs_db_get_value(xs_db_t *db, uint32_t docid, uint32_t slot, char **value, size_t *len);

/* Calls CB with each position of TERM in document DOCID, ascending (no
 * call when the document lacks the term or it has no positions).  CB
 * returns nonzero to stop.  The highlighter uses this for terms it cannot
 * re-derive from the stored text alone (repairs made with word lists). */
typedef int (*xs_pos_cb)(void *ctx, uint32_t pos);
xs_status_t xs_db_positions(xs_db_t *db, uint32_t docid, const char *term, xs_pos_cb cb, void *ctx);

/* Sets WDF[i] to the within-document frequency of TERMS[i] in document
 * DOCID, XS_ABSENT when the document lacks the term, for N terms, and
 * *LENGTH (may be NULL) to the document's length (the sum of its wdfs),
 * from one read of its term list: one round trip to a remote shard,
 * where each xs_db_positions() call is one.  The highlighter reads the
 * positions only of the terms whose count the stored text falls short of. */
#define XS_ABSENT UINT32_MAX
xs_status_t xs_db_wdfs(xs_db_t *db, uint32_t docid, const char *const *terms, size_t n, uint32_t *wdf,
                       uint64_t *length);

/* ------------------------------------------------------------------ */
/* Queries: immutable trees.  Constructors return NULL when out of     */
/* memory or given invalid arguments.  Combining copies references to  */
/* the subqueries (cheap; Xapian queries are reference counted), so    */
/* the caller still frees the subqueries it made.                      */

typedef struct xs_query xs_query_t;

typedef enum {
    XS_OP_AND,
    XS_OP_OR,
    XS_OP_AND_NOT,     /* first subquery, minus documents matching the rest */
    XS_OP_FILTER,      /* first subquery's weights, restricted by the rest */
    XS_OP_AND_MAYBE,   /* first subquery; the rest only add weight */
    XS_OP_SYNONYM,     /* weighted as if one term (for stems, variants) */
    XS_OP_PHRASE,      /* terms in order within WINDOW positions */
    XS_OP_NEAR         /* terms in any order within WINDOW positions */
} xs_op_t;

/* A single term.  WQF is the within-query frequency (1 normally); POS the
 * query position (0 when unknown).  An empty TERM gives NULL (use
 * xs_query_all() to match everything). */
xs_query_t *xs_query_term(const char *term, uint32_t wqf, uint32_t pos);

/* Combines N subqueries with OP.  WINDOW is used by PHRASE and NEAR only
 * (0 = number of subqueries); their subqueries must be terms, or ORs,
 * SYNONYMs and wildcards of terms (else NULL).  N == 0 gives a query
 * matching nothing. */
xs_query_t *xs_query_combine(xs_op_t op, xs_query_t *const *subs, size_t n, uint32_t window);

/* SUB with its weights multiplied by FACTOR (>= 0). */
xs_query_t *xs_query_scale(const xs_query_t *sub, double factor);

/* Documents whose value in SLOT lies in [LO, HI] by byte comparison;
 * LO or HI NULL (or LO "") means open-ended.  Documents without a value in
 * SLOT never match. */
xs_query_t *xs_query_value_range(uint32_t slot, const char *lo, const char *hi);

/* All terms starting with PREFIX (OR-ed, as SYNONYM when AS_SYNONYM), the
 * MAX_EXPANSION most frequent ones at most (0 = unlimited; among equally
 * frequent terms the byte-order first).  Expanded against the database
 * at each search. */
xs_query_t *xs_query_wildcard(const char *prefix, uint32_t max_expansion, int as_synonym);

/* Matches every document / no document. */
xs_query_t *xs_query_all(void);
xs_query_t *xs_query_none(void);

/* 1 when Q can match nothing at all (empty query), else 0. */
int xs_query_is_empty(const xs_query_t *q);

/* Xapian's description of the query, for debugging; malloc()ed.  A
 * wildcard shows as "PREFIX*" (it is expanded only when searched). */
char *xs_query_describe(const xs_query_t *q);

void xs_query_free(xs_query_t *q);

/* ------------------------------------------------------------------ */
/* Searching                                                           */

typedef struct {
    uint32_t offset;         /* first hit to return (0-based rank) */
    uint32_t limit;          /* hits to return at most */
    uint32_t check_at_least; /* look at this many candidates for estimates */
    /* BM25: all finite and >= 0, b <= 1, else the search is XS_INVALID
     * (Xapian would silently clamp them). */
    double bm25_k1, bm25_k2, bm25_k3, bm25_b, bm25_min_normlen;
    int collapse_slot;       /* -1: none; else at most one hit per value */
    int sort_slot;           /* -1: by relevance; else by this value slot */
    int sort_reverse;        /* with sort_slot: 1 = descending */
    /* Hits weighing less are not wanted (0: no bound); Xapian then skips
     * what cannot reach it, and the estimate counts only what can. */
    double min_weight;
    /* 1: hits carry only docid, rank and weight until xs_mset_fetch()
     * reads a hit's data and values (for a caller that shows a few of
     * many); 0 (the default): every hit is read inside the search. */
    int defer_fetch;
    /* 0: document lengths are read at search time.  Else the documents
     * were normalised with this scale (xs_doc_normalise), b must be 0,
     * and k1 is scaled to match and the weights back to BM25's scale. */
    uint32_t wdf_scale;
    /* -1: hits that tie (equal weight, and equal sort value when sorted
     * by value) come in Xapian's order, by document id, which changes
     * when the documents are split into shards otherwise.  Else ties are
     * ordered by the bytes of this slot's value, then of TIE_SLOT2's (if
     * >= 0): a stable passage id.  The search then asks for one hit
     * either side of the page, and more only when a tie reaches past
     * them.  Ranked by relevance over one local database, the matcher
     * orders ties by their values itself (TIE_DATE_SLOT's, then
     * TIE_SLOT's), and only ties within one file or near-ties reach past
     * them.  TIE_DATE_SLOT (-1:
     * none) orders ties before TIE_SLOT does, by the bytes of its value
     * in reverse (a YYYYMMDD date: the newest first), so that the order
     * of ties between files follows what the files say, not a value
     * made from where they lie (a file id hashed from its path). */
    int tie_slot, tie_slot2, tie_date_slot;
    /* NULL (the default): none.  Else each hit read in the search, or
     * later by xs_mset_fetch_metadata, is read with the metadata entry
     * HIT_META_PREFIX + its value in HIT_META_SLOT, as xs_db_doc_metadata
     * finds it, from the same revision (xs_mset_metadata): read after
     * another call has reopened DB, a writer's commit can have removed
     * it (a file's record, gone with the file). */
    const char *hit_meta_prefix;
    int hit_meta_slot;
} xs_search_opts_t;

/* Fills OPTS with defaults: offset 0, limit 10, check_at_least 0,
 * Xapian's BM25 defaults (k1 1, k2 0, k3 1, b 0.5, min_normlen 0.5),
 * no collapse, relevance order, no minimum weight, hits read at once,
 * document lengths read (wdf_scale 0), ties by document id, no metadata
 * read with the hits. */
void xs_search_opts_init(xs_search_opts_t *opts);

typedef struct xs_mset xs_mset_t;

/* Runs Q.  On success *out owns the hits (free with xs_mset_free()).  The
 * hits' document data is read inside this call, so a later commit by a
 * writer cannot invalidate them.  A reader whose snapshot Xapian reports
 * as modified is reopened and the search retried (up to 3 times) before
 * XS_MODIFIED is returned. */
xs_status_t xs_db_search(xs_db_t *db, const xs_query_t *q,
                         const xs_search_opts_t *opts, xs_mset_t **out);

/* Runs Q as xs_db_search() does, with the same hits in the same order
 * and weights, for a Q whose every match weighs at most its weight in
 * HEAVY (0 where HEAVY does not match it) plus LIGHT's largest weight,
 * and whose matches include HEAVY's: Q is HEAVY with LIGHT's parts OR-ed
 * in.  Ranked by relevance without collapsing or a minimum weight, on
 * one local database, it first finds a floor below which no document
 * of HEAVY can reach the page (the page's last hit by HEAVY, weighed in
 * Q, less LIGHT's largest weight), then runs Q over HEAVY's matches
 * above it: where LIGHT's parts are long lists of small weights, those
 * are read only for those few.  When the floor is not above 0 or
 * HEAVY has more than 4,096 matches above it, and for other searches,
 * it runs Q as xs_db_search().  The estimate and its exactness are the
 * candidates', not Q's. */
xs_status_t xs_db_search_split(xs_db_t *db, const xs_query_t *q, const xs_query_t *heavy,
                               const xs_query_t *light, const xs_search_opts_t *opts, xs_mset_t **out);

/* Reads hit I's document data and values from DB (the database
 * searched), when the search deferred it (defer_fetch); a no-op for a
 * hit already read.  XS_MODIFIED when a writer has since made the
 * revision searched unreadable: search again (xs_db_search reopens); a
 * hit is never read from another revision than the one it was found in.
 * XS_NOT_FOUND when DB was reopened since the search and the document is
 * gone. */
xs_status_t xs_mset_fetch(xs_db_t *db, xs_mset_t *m, size_t i);

/* As xs_mset_fetch, but of the values only the N slots at SLOTS (none
 * when SLOTS is NULL): Xapian reads each slot of a document apart, and
 * all sixteen cost ten times the data.  A hit read this way can still be
 * read whole by xs_mset_fetch (values of other slots read as ""). */
xs_status_t xs_mset_fetch_slots(xs_db_t *db, xs_mset_t *m, size_t i, const uint32_t *slots, size_t n);

/* Reads the metadata entry the search asked for with hit I
 * (hit_meta_prefix), when the search deferred reading the hit; a no-op
 * when it asked for none or the entry was read.  From the revision
 * searched, as xs_mset_fetch reads: XS_MODIFIED or XS_NOT_FOUND as
 * there. */
xs_status_t xs_mset_fetch_metadata(xs_db_t *db, xs_mset_t *m, size_t i);

/* Hits held in the set. */
size_t xs_mset_size(const xs_mset_t *m);

/* Xapian's estimate of all matching documents (before offset/limit). */
uint32_t xs_mset_estimated(const xs_mset_t *m);

/* 1 when that number is exact: Xapian's lower and upper bounds on the
 * matches meet (it saw them all: check_at_least at least their number). */
int xs_mset_exact(const xs_mset_t *m);

/* Hit I (0-based, < xs_mset_size): docid, rank (0-based, offset
 * included), BM25 weight.  Any output pointer may be NULL. */
void xs_mset_hit(const xs_mset_t *m, size_t i, uint32_t *docid, uint32_t *rank, double *weight);

/* Hit I's document data, owned by M.  One NUL byte follows the data.
 * Empty (and every value "") for a hit not yet fetched (defer_fetch). */
const char *xs_mset_data(const xs_mset_t *m, size_t i, size_t *len);

/* Hit I's value in SLOT, owned by M ("" when unset; *len may be NULL). */
const char *xs_mset_value(const xs_mset_t *m, size_t i, uint32_t slot, size_t *len);

/* The metadata entry read with hit I (hit_meta_prefix), owned by M: ""
 * when there is none or the hit has no value in the slot; NULL when it
 * was not read (not asked for, or the hit not yet fetched).  *len may be
 * NULL. */
const char *xs_mset_metadata(const xs_mset_t *m, size_t i, size_t *len);

/* Calls CB with each query term that matches hit I, once each, ordered by
 * query position (the POS given to xs_query_term; byte order among equal
 * positions).  Terms a wildcard expanded to count, at position 0.  CB
 * returns nonzero to stop early.  DB must be the database searched.
 * XS_INVALID when I >= xs_mset_size(M); XS_NOT_FOUND if the document has
 * since been deleted. */
typedef int (*xs_match_term_cb)(void *ctx, const char *term, size_t len);
xs_status_t xs_mset_matching_terms(xs_db_t *db, const xs_mset_t *m, size_t i, xs_match_term_cb cb, void *ctx);

void xs_mset_free(xs_mset_t *m);

/* Counts the documents of Q's whole match set per value of SLOT (facets,
 * timelines): calls CB once per distinct value, in byte order of the
 * values, with the number of matching documents having it.  Documents
 * without a value in SLOT are not counted.  CB returns nonzero to stop;
 * VALUE is valid only during the call. */
typedef int (*xs_count_cb)(void *ctx, const char *value, size_t len, uint32_t count);
xs_status_t xs_db_count_values(xs_db_t *db, const xs_query_t *q, uint32_t slot, xs_count_cb cb,
                               void *ctx);

/* Counts Q's whole match set and the distinct values of SLOT among its
 * documents (a passage's file id: its meetings) in one pass, into
 * *MATCHES and *DISTINCT, *EXACT 1.  Documents without a value in SLOT are
 * matches but add no value.  With CAP > 0 the pass stops after CAP
 * matches when there are more: then *EXACT is 0, *MATCHES Xapian's
 * estimate made from them, and *DISTINCT an estimate too: the values
 * among them times the documents over the documents they came from (on
 * one local database, where they are the matches among the first
 * documents), else times the estimate over the matches counted. */
xs_status_t xs_db_count_distinct(xs_db_t *db, const xs_query_t *q, uint32_t slot, uint32_t cap,
                                 uint32_t *matches, uint32_t *distinct, int *exact);

/* A count of Q's matches over a fixed sample of the documents, for a
 * count too costly to make exactly: when Xapian's bound on the matches
 * of BOUND (Q when NULL; known from the terms' frequencies, before any
 * posting is read) is above ABOVE, Q is run over every XS_SAMPLE_STRIDE-th block of document
 * ids (evenly spaced blocks, the same for every query, so the figures
 * are the same on every run) and its matches there, and the distinct
 * values of SLOT among them, are scaled by the share of the ids the
 * blocks cover into *MATCHES and *DISTINCT, and *SAMPLED is 1.  *SAMPLED
 * is 0 and nothing else is set when the count is not costly, when a
 * shard is remote (a sample is counted by code of ours, which Xapian's
 * remote protocol cannot carry), when fewer than XS_SAMPLE_MIN matches
 * fall in the sample (too few to scale: the caller counts as before) or
 * when CAP > 0 and more than CAP do over a shard list.  It is -1 (and
 * nothing else set) when the sample was searched whole and held fewer
 * than XS_SAMPLE_MIN: Q's matches are few (about XS_SAMPLE_STRIDE times
 * as many in all), though its candidates are many (a phrase of common
 * words), and the caller may count them in the search it makes anyway.  On one local
 * database the count stops after CAP matches in the sample too, and
 * scales them by the sampled ids up to the last one seen (the matches
 * come in the order of their ids).  Each shard of a list is sampled by
 * its own ids.  SLOT
 * XS_NO_SLOT reads no values (a match's value is a read of its own,
 * about 2,800 instructions at 500 MB) and sets *DISTINCT to 0. */
#define XS_NO_SLOT UINT32_MAX
#define XS_SAMPLE_STRIDE 8
#define XS_SAMPLE_MIN 100
xs_status_t xs_db_count_sample(xs_db_t *db, const xs_query_t *q, const xs_query_t *bound, uint32_t slot,
                               uint32_t cap, uint32_t above, uint32_t *matches, uint32_t *distinct,
                               int *sampled);

/* Value runs: the documents that share SLOT's value, for counting the
 * distinct values among many matches (xs_db_count_distinct,
 * xs_db_count_sample) without reading a value a match (about 2,800
 * instructions each at 500 MB).  They pay when documents with one value
 * have neighbouring ids, as the passages of a file do.
 *
 * xs_db_store_value_runs() (a writer) walks SLOT's values and stores
 * their runs under metadata KEY, stamped with the value of metadata key
 * STAMP_KEY (may be NULL: no stamp) as it stands; a value of a document
 * that is not committed yet is walked too, so call it just before the
 * commit it describes.  When a live document has no value in SLOT, KEY
 * is deleted.  xs_db_use_value_runs() asks a reader (kept across
 * reopens and opens of the handle) to count SLOT's distinct values with
 * the runs under KEY while they hold: on one local database, the same
 * stamp, document count and span of ids as the database; else, as
 * without, the values are read.  The counts are the same either way.
 * KEY and STAMP_KEY are copied. */
xs_status_t xs_db_store_value_runs(xs_db_t *db, uint32_t slot, const char *key, const char *stamp_key);
xs_status_t xs_db_use_value_runs(xs_db_t *db, uint32_t slot, const char *key, const char *stamp_key);
/* *HOLD: 1 when the runs asked for hold for the reader's database as it
 * is now, and counts read them; else 0 (none asked for, none stored,
 * stale, several shards, a writer). */
xs_status_t xs_db_value_runs_hold(xs_db_t *db, int *hold);

/* As xs_db_count_values, but counts groups rather than documents: the
 * distinct values of slot PER (a passage's file: its meeting) among the
 * matches having each value of SLOT.  A match without a value in PER is
 * a group of its own. */
xs_status_t xs_db_count_groups(xs_db_t *db, const xs_query_t *q, uint32_t slot, uint32_t per,
                               xs_count_cb cb, void *ctx);

/* The counts of xs_db_count_values (PER XS_NO_SLOT) or of
 * xs_db_count_groups (PER a slot) for each of the N slots SLOTS, for a
 * page's facets and timeline: CB gets (CTX, i, value, length, count) for
 * slot SLOTS[i], the slots in turn, each's values in byte order; nonzero
 * from CB stops.  Where the value runs hold (xs_db_use_value_runs) and
 * PER is XS_NO_SLOT or the runs' slot, Q is run once for them all, not
 * once a slot, a match's group is looked up in the runs, not read, and a
 * slot whose CONSTANT[i] is nonzero (CONSTANT may be NULL: none) is read
 * once per run met, not per match: every document of a group must hold
 * the same value there, or every one none (a meeting's year, not a
 * passage's section).  The counts are the same either way.  When that one
 * pass was made, *MATCHES receives Q's matches and *GROUPS the distinct
 * values of the runs' slot among them (its meetings), exactly, and
 * *COUNTED 1; else *COUNTED is 0 (the three may be NULL together: not
 * asked for). */
typedef int (*xs_facet_cb)(void *ctx, size_t i, const char *value, size_t len, uint32_t count);
xs_status_t xs_db_count_facets(xs_db_t *db, const xs_query_t *q, size_t n, const uint32_t *slots,
                               const int *constant, uint32_t per, xs_facet_cb cb, void *ctx, uint32_t *matches,
                               uint32_t *groups, int *counted);

/* ------------------------------------------------------------------ */
/* Maintenance                                                         */

/* Writes a compacted copy of the database at SRC to DST (which must not
 * exist: XS_INVALID).  Readers and writers of SRC are unaffected; a copy
 * holds SRC's last commit.  *error (may be NULL) receives a malloc()ed
 * message on failure, else NULL.  A failure midway may leave DST behind,
 * partly written. */
xs_status_t xs_compact(const char *src, const char *dst, char **error);

/* Like xs_compact, for the N databases SRCS merged into one at DST, in
 * that order: documents are renumbered one source after the other,
 * posting lists and synonym sets are joined, and for a metadata key held
 * by several sources the first source's value is kept.  The caller keeps
 * SRCS.  N must be at least 1. */
xs_status_t xs_compact_many(const char *const *srcs, size_t n, const char *dst, char **error);

/* Glass keeps each table in a file of its own, and Xapian reads a
 * lazily opened table whose file is gone as an empty one: a deleted
 * docdata.glass shows only as documents without data, a deleted
 * position.glass as phrases that never match.  Returns the name of the
 * first table file that the glass database at PATH must have and lacks
 * (a constant string): postlist.glass and termlist.glass always,
 * position.glass once it holds documents, and docdata.glass then too
 * when WITH_DATA (documents that keep their record in a value have no
 * data, and no docdata.glass).  NULL when none is missing, or PATH holds
 * no glass database or cannot be read (opening it then says why).  A
 * few stat() calls, and a read-only open to count the documents only
 * when a document table is missing. */
const char *xs_missing_table(const char *path, int with_data);

/* Helpers for sortable numeric values (Xapian::sortable_serialise).
 * OUT must hold XS_SORTABLE_MAX bytes; returns the length written. */
#define XS_SORTABLE_MAX 18
size_t xs_sortable_serialise(double value, char *out);
double xs_sortable_unserialise(const char *value, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* REFERAT_XS_H */
