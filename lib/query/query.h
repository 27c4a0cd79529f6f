/* query.h - referat's query pipeline as a library: an engine on an index
 * directory, searches that return owned result data, and the look-ups a
 * reader of a hit needs (a passage by its id, its agenda item, a case's
 * precedent trail, the source file, the index's health).
 *
 * parse -> expand (synonyms, learned acronyms) -> build (the shared
 * analysis pipeline) -> search (BM25, agenda lists apart) -> the hits of a
 * page decoded (records, highlights, where the snippet comes from) ->
 * facet counts and a timeline.  Nothing here prints: front-ends
 * (referat-query, a server) print what they get.
 *
 * Error model (after notmuch and lib/xs/xs.h):
 *   - Every call that can fail returns a qry_status_t; qry_status_string()
 *     describes it.  QRY_BAD_QUERY and QRY_BAD_OPTION are the user's
 *     (exit 2, HTTP 400); the QRY_INDEX_* statuses and QRY_BUSY are the
 *     index's (exit 1, HTTP 503); QRY_NOT_FOUND is an unknown id (404).
 *   - The message of the last failure lives on the engine: qry_engine_error(),
 *     one line without the program's name, owned by the engine and valid
 *     until its next call.
 *
 * Ownership: qry_engine_free() and qry_result_free() are NULL-safe; every
 * string in a result is owned by the result.  An engine, with everything it
 * returns, is used by one thread at a time (Xapian handles and the
 * analyzer are not thread-safe): a server opens one per thread.
 */
#ifndef REFERAT_QUERY_H
#define REFERAT_QUERY_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "passage/psg.h"

typedef enum {
    QRY_OK = 0,
    QRY_BAD_QUERY,      /* malformed query or a value a field refuses */
    QRY_BAD_OPTION,     /* an option the index cannot honour, an unreadable synonyms file */
    QRY_NOT_FOUND,      /* no passage, item or file with that id */
    QRY_INDEX_MISSING,  /* no index at the directory (or its first build is unfinished) */
    QRY_INDEX_DAMAGED,  /* a table is missing, a passage unreadable, a search failed */
    QRY_INDEX_FORMAT,   /* not a referat index of a format this version reads */
    QRY_BUSY,           /* a writer committed too often to read one revision */
    QRY_NO_MEMORY,
    QRY_SHARD_DOWN      /* a shard is unreachable or timed out (exit 74, HTTP 503) */
} qry_status_t;

/* A short constant English description of ST.  Never NULL. */
const char *qry_status_string(qry_status_t st);

/* ------------------------------------------------------------------ */
/* Query fields                                                        */

/* How a field's value matches: a term (lang:nb), a range of values
 * (date:2023-01..2024-06; year: both), or words analysed as text (body:). */
typedef enum { QRY_KIND_TERM, QRY_KIND_RANGE, QRY_KIND_TEXT } qry_field_kind_t;

/* One field of the query language (field:value).  The parser, the facet
 * counts, their error messages and the help text read qry_fields, and the
 * query builder finds a field's builder by its name (fields.c): a new
 * field is one row here and its builder there. */
typedef struct {
    const char *name;     /* "year" */
    const char *prefix;   /* its index term prefix (schema.h) */
    int slot;             /* its value slot, or -1 */
    qry_field_kind_t kind;
    int facet;            /* its place in the facet list, from 1; 0: not a facet */
    int facet_slot;       /* the slot its facet counts (body: by key), or -1 */
    int of_meeting;       /* its value is the meeting's: the same for all of a file's passages */
    const char *example;  /* "year:2023", for the help text */
    const char *help;     /* what it matches, one line */
} qry_field_t;

extern const qry_field_t qry_fields[];
extern const size_t qry_nfields;

/* The field called NAME, or NULL. */
const qry_field_t *qry_field(const char *name);

/* The facet called NAME (a field with facet != 0), or NULL. */
const qry_field_t *qry_facet(const char *name);

/* The facets' names in their order, joined by SEP, into BUF (CAP bytes). */
void qry_facet_names(const char *sep, char *buf, size_t cap);

/* ------------------------------------------------------------------ */
/* Engines                                                             */

typedef struct qry_engine qry_engine_t;

typedef struct {
    const char *synonyms;  /* synonym groups; NULL or "": the installed synonyms.txt, if any */
    double bm25_k1, bm25_b; /* negative: the defaults (1.2, and 0.75 or what the index applied) */
    /* More indexes searched with DIR as one (docs/scaling.md): index
     * directories or shard list files, as DIR may be too.  Every shard
     * must be of one format. */
    const char *const *more;
    size_t nmore;
    int partial;           /* leave out the shards that cannot be opened */
    unsigned timeout_ms;   /* remote shards' connect and operation timeout; 0: 10 s */
} qry_engine_opts_t;

/* Sets the defaults. */
void qry_engine_opts_init(qry_engine_opts_t *o);

/* Opens the index at DIR read-only (OPTS may be NULL).  Returns the
 * engine, or NULL with *ST set (QRY_INDEX_*, QRY_BAD_OPTION, QRY_NO_MEMORY)
 * and *ERR a malloc()ed one-line message (caller frees; ERR may be NULL).
 * Free with qry_engine_free(). */
qry_engine_t *qry_engine_open(const char *dir, const qry_engine_opts_t *opts, qry_status_t *st,
                              char **err);

/* Moves E to the newest committed revision of its index, noticing an
 * index rebuilt in another format (QRY_INDEX_FORMAT).  Returns QRY_OK or
 * a status with qry_engine_error() set. */
qry_status_t qry_engine_refresh(qry_engine_t *e);

void qry_engine_free(qry_engine_t *e);

/* The message of E's last failure; "" after a success.  Owned by E. */
const char *qry_engine_error(const qry_engine_t *e);

/* The index directory E was opened on. */
const char *qry_engine_dir(const qry_engine_t *e);

/* Whether a shard that fails after the open may be left out of E's
 * searches (see qry_engine_missing), as the PARTIAL option does for the
 * shards that cannot be opened; without, it fails them (QRY_SHARD_DOWN). */
void qry_engine_set_partial(qry_engine_t *e, int partial);

/* The shards a partial open or a partial search left out, one name a
 * line; "" when none.
 * Owned by E. */
const char *qry_engine_missing(const qry_engine_t *e);

/* MISSING (qry_engine_missing's names, one a line) on one line into BUF
 * (CAP bytes, cut short if need be), ", " between the names; BUF. */
char *qry_missing_join(const char *missing, char *buf, size_t cap);

/* The size of a message buffer. */
#define QRY_ERROR_BYTES 512

/* Checks the syntax of QUERY without an index: valid UTF-8, parses.
 * QRY_OK, or QRY_BAD_QUERY with a one-line message in ERR
 * (QRY_ERROR_BYTES). */
qry_status_t qry_check(const char *query, char *err);

/* ------------------------------------------------------------------ */
/* Searches                                                            */

typedef enum { QRY_SORT_RELEVANCE, QRY_SORT_DATE, QRY_SORT_OLDEST } qry_sort_t;

typedef struct {
    unsigned offset, limit; /* the page: hits [offset, offset + limit) */
    qry_sort_t sort;
    int docs;              /* the best passage per meeting; counts in meetings */
    const char *facets;    /* comma-separated facet names, or NULL */
    int timeline;          /* hits per year */
    int exact;             /* count the matches exactly (else only when the page is empty) */
    unsigned exact_cap;    /* with exact: at most this many (0: all); past it total
                            * is Xapian's estimate and total_exact 0; with a cap, a
                            * count that may pass more than qry_sample_above()
                            * candidates is made over a sample (qry_page_sample) */
    int meetings;          /* also count the passages and the meetings with all the words (exactly,
                            * or with exact_cap past it: counted_exact) */
} qry_search_opts_t;

/* The matches a front-end counts exactly (exact_cap): past them an exact
 * count is a pass over every match, a third of a common word's search
 * on a 500 MB archive, for a figure nobody reads to the last digit.
 * QRY_COUNT_CAP, or less in a test (REFERAT_COUNT_CAP, lib/testhook.h),
 * so that a small corpus can reach it. */
#define QRY_COUNT_CAP 10000
unsigned qry_count_cap(void);

/* A capped count (exact_cap) whose query may match more than this many
 * passages by Xapian's bound (its terms' frequencies: a phrase or words
 * that are all common) is counted over a fixed sample of the passages,
 * an eighth, and scaled: an exact count of "sak det ble" went through
 * every passage holding the three words to find its 2,882 phrases (82%
 * of its search at 500 MB).  QRY_SAMPLE_ABOVE, or less in a test
 * (REFERAT_SAMPLE_ABOVE, lib/testhook.h). */
#define QRY_SAMPLE_ABOVE 40000
unsigned qry_sample_above(void);

void qry_search_opts_init(qry_search_opts_t *o);

/* A highlight: bytes [start, end) of the hit's text. */
typedef psg_span_t qry_span_t;

/* One hit, decoded.  Strings are "" when unknown, never NULL. */
typedef struct {
    unsigned rank;          /* 1-based */
    int partial;            /* matches only some of the query's words */
    int damaged;            /* the passage could not be read: only path and
                               damage are set (and the id) */
    const char *damage;     /* why, when damaged */
    uint32_t docid;         /* this revision's document id: not stable */
    char id[48];            /* the stable passage id, "<fileid>-<passage>": the
                               passage's Q term without its prefix */
    double score;
    const char *path;       /* of the file, as recorded (absolute) */
    unsigned passage;
    size_t start, end;      /* byte range in the source */
    unsigned line;          /* where the passage starts */
    const char *lang;
    const char *text;
    size_t text_len;
    const qry_span_t *spans; /* highlights, sorted and merged */
    size_t nspans;
    char date[16];          /* ISO 8601: "2023-11-15" (or "2023-11", "2023") */
    const char *date_source; /* "text" or "filename" */
    const char *body;       /* the body's name; as written when it has none */
    const char *body_text;  /* the body as this file writes it */
    const char *title, *case_no;
    /* The snippet comes from bytes [lo, hi) of the text (the section asked
     * for, else all of it); SECTION and PAGE are the place of the matched
     * words it shows, PASSAGE_SECTION and PASSAGE_PAGE the passage's own. */
    size_t lo, hi;
    const char *section;
    unsigned page;
    const char *passage_section;
    unsigned passage_page;
    const char *snippet;    /* plain, at most about QRY_SNIPPET_BYTES */
    void *own;              /* what the result owns for this hit: not for readers */
} qry_hit_t;

/* Snippet length in bytes, about two terminal lines. */
#define QRY_SNIPPET_BYTES 240

/* The counts of one facet, most frequent first (years in order). */
typedef struct {
    const char *name;
    char **values;
    uint32_t *counts;
    size_t n;
    int failed;             /* the count failed: no values */
} qry_facet_t;

typedef struct {
    char *query;            /* as searched: case numbers in their canonical spelling */
    int sentence;           /* read as a sentence (qry_explain): its matches, and total,
                               need only some of its words */
    qry_hit_t *hits;        /* the page, then the hits with only some of the words */
    size_t nhits;
    uint32_t total;         /* matches with all the words: Xapian's estimate, or exact */
    int total_exact;        /* total was counted exactly (opts.exact, or an empty page) */
    int counted;            /* opts.meetings: passages and meetings hold the counts */
    int counted_exact;      /* they are exact; else, past opts.exact_cap, estimates: passages
                             * Xapian's, meetings those of the exact_cap passages counted scaled
                             * up by the share of the index's passages they were found in
                             * (over shards: passages over exact_cap), to two significant
                             * figures (xs_db_count_distinct); or, sampled
                             * (qry_sample_above), both those of the sample scaled, to two
                             * significant figures */
    uint32_t passages;      /* passages with all the words */
    uint32_t meetings;      /* meetings with such a passage */
    const char *unit;       /* "passages", or "meetings" with docs */
    qry_facet_t *facets;
    size_t nfacets;
    int timeline;           /* a timeline was asked for and counted */
    int first_year;         /* the timeline: years first_year + i */
    uint32_t *years;
    size_t nyears;
    int count_failed;       /* a facet or the timeline could not be counted: the
                               engine's message says why */
} qry_result_t;

/* Searches E for QUERY with OPTS (NULL: the defaults).  On QRY_OK *OUT
 * holds the result (free with qry_result_free); a hit that cannot be read
 * is in it, marked damaged.  Other statuses leave *OUT NULL, with
 * qry_engine_error() set. */
qry_status_t qry_search(qry_engine_t *e, const char *query, const qry_search_opts_t *opts,
                        qry_result_t **out);

void qry_result_free(qry_result_t *r);

/* The snippet of H with its highlights between OPEN and CLOSE,
 * malloc()ed (caller frees); NULL when out of memory. */
char *qry_hit_snippet(const qry_hit_t *h, const char *open, const char *close);

/* The words of QUERY, as typed, in query order and each once, that match
 * no passage of E's index however a search would look for them (their
 * stems in both languages, folded and OCR-repaired spellings, compound
 * parts, synonyms, item titles): what a front-end names when nothing
 * matched.  The positive words only (a negated word or a field value is
 * not why nothing matched); a phrase counts word by word; a prefix keeps
 * its '*'.  R, when not NULL, is QUERY's result from qry_search (not
 * owned): when it has passages with all the words and the query needs
 * every word, no word is searched again.  On QRY_OK *WORDS is a
 * malloc()ed NULL-ended array (free with qry_words_free; NULL when there
 * are none) of *N words.  QRY_BAD_QUERY for a query that does not parse;
 * the statuses of a search. */
qry_status_t qry_unmatched(qry_engine_t *e, const char *query, const qry_result_t *r, char ***words,
                           size_t *n);

/* Frees WORDS and its strings (NULL-safe). */
void qry_words_free(char **words);

/* How a query was understood (qry_explain): the words kept and dropped,
 * how they combine, each kept word's expansion with its weights, the
 * boosts and the Xapian query.  Every string is owned by the result. */
typedef struct {
    char *query;            /* as searched: case numbers in their canonical spelling */
    int sentence;           /* read as a sentence (a question or function word in it) */
    const char *combine;    /* how the words combine, one line */
    char **kept;            /* the words searched for, as typed */
    size_t nkept;
    char **dropped, **why;  /* the words dropped, and why each was */
    size_t ndropped;
    char **split;           /* for each kept word, the two words it was read as when no
                               passage has it ("hjertesvikt + registeret"), else "" */
    char **expansions;      /* for each kept word, its query (Xapian's description) */
    char year[8];           /* a year named: its meetings' passages weigh year_boost times
                               more; "" when none */
    double year_boost;
    int decision;           /* a decision word: decision sections weigh decision_boost
                               times more */
    double decision_boost;
    double context;         /* a sentence: the weight of the best score among the
                               passage's neighbours (its item, else its file); 0: none */
    char *xapian;           /* the Xapian query's description */
} qry_explain_t;

/* How QUERY is understood by E into *OUT (free with qry_explain_free).
 * QRY_BAD_QUERY for a query that does not parse or has no searchable
 * word. */
qry_status_t qry_explain(qry_engine_t *e, const char *query, qry_explain_t **out);
void qry_explain_free(qry_explain_t *x);

/* The word E's index holds that is nearest to WORD (one of qry_unmatched's
 * words), for "WORD: did you mean ...?": within one edit for a word of up
 * to five letters, two for a longer one, beginning with the same letter;
 * the commonest among the nearest (suggest.c).  Writes it to OUT (CAP
 * bytes), "" when there is none (a phrase, a prefix, a word of fewer than
 * three letters, nothing near).  QRY_OK, or the failure of reading the
 * index's words. */
qry_status_t qry_suggest(qry_engine_t *e, const char *word, char *out, size_t cap);

/* Room for a suggested word, NUL included. */
#define QRY_SUGGEST_BYTES 200

/* Room for a canonical case number ("17/2023", "2023-09-14/3"), NUL
 * included. */
#define QRY_CASE_BYTES 16

/* 1 when QUERY as a whole is one case number, typed in any spelling
 * lib/casenum.h reads ("sak 22/2023", "22/2023", "case:22/2023",
 * "sak nr. 22/2023", "2023-09-14/3"), with its canonical form in CANON
 * (QRY_CASE_BYTES); else 0 with CANON "".  Needs no index. */
int qry_case_query(const char *query, char *canon);

/* ------------------------------------------------------------------ */
/* JSON (json.c): the one writer of a hit that referat-query --json and
 * referat-serve share.  These write to OUT, a stream the caller owns;
 * write errors show in ferror(OUT).                                   */

/* Writes S (LEN bytes) as a JSON string, quotes included; invalid UTF-8
 * becomes U+FFFD so the output is always valid JSON. */
void qry_json_string(FILE *out, const char *s, size_t len);

/* Writes H as one JSON object, without a newline: rank, id, score, path,
 * passage, start, end, line, page, lang, text, snippet, date, year,
 * date_source, body, body_text, title, case, section, passage_section,
 * passage_page, match and highlights.  Not for a damaged hit. */
void qry_json_hit(FILE *out, const qry_hit_t *h);

/* Writes X as one JSON object: query, sentence, combine, kept, dropped
 * ([{"word":...,"why":...}]), split ({word: "part + part"}, the words
 * split), expansions ({word: description}), boosts
 * ({"year":{"value":"2023","factor":1.25}, "decision":{"factor":1.2}},
 * each when asked for), context and xapian. */
void qry_json_explain(FILE *out, const qry_explain_t *x);

/* Writes R's facet counts as one object {"year":{"2023":4,...},...};
 * facets whose count failed are left out. */
void qry_json_facets(FILE *out, const qry_result_t *r);

/* Writes to OUT the JSON array of suggestions for WORDS (N of them,
 * qry_unmatched's): an object {"word":...,"suggestion":...} for each word
 * qry_suggest finds one for, "[]" when none; the count in *FOUND.  QRY_OK,
 * or qry_suggest's failure (the array is then incomplete). */
qry_status_t qry_json_suggestions(FILE *out, qry_engine_t *e, char *const *words, size_t n,
                                  size_t *found);

/* ------------------------------------------------------------------ */
/* CSV (csv.c): the one writer of hits as rows that referat-query --csv
 * and referat-serve's /api/export.csv share; RFC 4180 (a field quoted
 * when it holds a comma, a quote or a line break, quotes doubled, CRLF
 * line ends), UTF-8 as stored.  These write to OUT, a stream the caller
 * owns; write errors show in ferror(OUT).                             */

/* Writes S (LEN bytes) as one CSV field, then SEP. */
void qry_csv_field(FILE *out, const char *s, size_t len, const char *sep);

/* The header row: body, date, case, item (the agenda item's title),
 * section, page, text, path, then EXTRA's name when it is not NULL. */
void qry_csv_header(FILE *out, const char *extra);

/* H as one row under qry_csv_header, ending with EXTRA (a value the
 * caller makes, such as a link) when it is not NULL.  Not for a damaged
 * hit. */
void qry_csv_hit(FILE *out, const qry_hit_t *h, const char *extra);

/* ------------------------------------------------------------------ */
/* Passages, items, cases, files                                       */

/* A passage id ("<fileid>-<passage>", qry_hit_t.id) is stable: it names
 * the same passage after other files are reindexed and across shards. */

/* The passage ID of E as a result of one hit (rank 1, no highlights)
 * with, in *PREV and *NEXT (each may be NULL), the ids of the passages
 * before and after it in its file ("" at either end; 48 bytes each).
 * QRY_NOT_FOUND for an unknown or malformed id. */
qry_status_t qry_passage(qry_engine_t *e, const char *id, qry_result_t **out, char *prev,
                         char *next);

/* The whole agenda item of passage ID: the passages of its file with its
 * case number (or, without one, its title), in order.  An agenda list, or
 * a passage outside any item, is an item of its own. */
qry_status_t qry_item(qry_engine_t *e, const char *id, qry_result_t **out);

/* The first passages of the agenda items before and after ITEM (a
 * result of qry_item, its passages in order) in its file, as ids in PREV
 * and NEXT (48 bytes each; "" at either end).  A passage outside any
 * item is an item of its own, as for qry_item.  QRY_NOT_FOUND when ITEM
 * holds no passage id. */
qry_status_t qry_item_neighbours(qry_engine_t *e, const qry_result_t *item, char *prev, char *next);

/* The precedent trail of case CASENO (any spelling of lib/casenum.h): its
 * item's passages and every passage citing it, oldest meeting first, at
 * most LIMIT hits.  QRY_BAD_QUERY for a malformed case number. */
qry_status_t qry_case_trail(qry_engine_t *e, const char *caseno, unsigned limit,
                            qry_result_t **out);

/* The path of the file of passage ID, from the file's record in the index
 * (never from the id), malloc()ed into *PATH. */
qry_status_t qry_source_path(qry_engine_t *e, const char *id, char **path);

/* What the index holds. */
typedef struct {
    const char *dir;        /* owned by the engine */
    char format[16];        /* "6" */
    uint32_t passages;      /* documents */
    uint32_t files;         /* file records */
    char last_indexed[32];  /* the last commit, UTC, "2026-12-06T02:15:00Z" (referat-index's
                               stamp; for an index written before it kept one, the time
                               Xapian wrote its revision file); "" when unknown */
} qry_health_t;

/* Fills *H from one revision of the index: when a commit lands mid-read,
 * the engine's reader is reopened and all is read again (QRY_BUSY after
 * three tries). */
qry_status_t qry_health(qry_engine_t *e, qry_health_t *h);

#endif /* REFERAT_QUERY_H */
