/* qry_private.h - the query library's internals (query.h is its
 * interface): parsing the query language, turning it into a Xapian query
 * through the shared analysis pipeline, searching a page, and finding
 * what to highlight in a hit.
 *
 * Query language:
 *   word            a word, stemmed for both Norwegian and Danish
 *   "a phrase"      the words in this order
 *   word*           words starting with "word" (at least 2 letters)
 *   a b             both (AND is implied); also a AND b
 *   a OR b          either
 *   NOT a, -a       without a (needs something positive beside it)
 *   ( ... )         grouping
 *   field:value     year:2023, date:2023-01..2024-06, body:"Senterrådet",
 *                   lang:nb|nn|da|en, case:22/2023, section:vedtak
 *   sak 22/2023     a case number typed as text, in any spelling: case:22/2023
 * AND, OR and NOT are operators only in capitals.
 */
#ifndef REFERAT_QRY_H
#define REFERAT_QRY_H

#include <stddef.h>
#include <stdio.h>

#include "analysis/ana.h"
#include "passage/psg.h"
#include "query/query.h"
#include "xs/xs.h"

/* Limits that keep a hostile or mistyped query cheap. */
#define QRY_MAX_BYTES 4096
#define QRY_MAX_DEPTH 32
#define QRY_MAX_TERMS 256
#define QRY_WILDCARD_MIN_CHARS 2
#define QRY_WILDCARD_EXPANSION 1000

#define QRY_ERROR 256

typedef enum { QN_WORD, QN_PHRASE, QN_AND, QN_OR, QN_NOT, QN_FIELD } qn_kind_t;

typedef struct qnode {
    qn_kind_t kind;
    char *text;            /* WORD, PHRASE: the text as typed (no quotes, no '*');
                              FIELD: the value (no quotes) */
    char *field;           /* FIELD: year, date, body, lang, case or section */
    int wildcard;          /* WORD: ended in '*' */
    struct qnode **kids;   /* AND, OR: two or more; NOT: one */
    size_t n;
    int optional;          /* an operand of AND that only adds its weight (a year
                              among keywords: understand.c) */
    double all_bonus;      /* OR made of a sentence's words (understand.c): a
                              passage with all of them counts their weight
                              1 + all_bonus times */
} qnode_t;

/* ---- parse.c ---- */

/* Parses Q.  Returns the tree (free with qry_node_free), or NULL with a
 * one-line message in ERR (which names the problem and its column). */
qnode_t *qry_parse(const char *q, char *err);
void qry_node_free(qnode_t *n);

/* ---- case.c ---- */

/* Q with every case number (casenum.h) rewritten to a case: filter on its
 * canonical spelling ("Sak 7 /2022" -> "case:7/2022", "sak nr. 15-2020" ->
 * "case:15/2020", "3/22" -> "case:3/2022"); inside quotes to the canonical
 * spelling alone ("\"sak 7 /2022\"" -> "\"sak 7/2022\""), and after case:
 * too ("case:2022/7" -> "case:7/2022").  malloc()ed, NULL when out of
 * memory. */
char *qry_normalize_cases(const char *q);

/* ---- understand.c ---- */

/* How a sentence's words combine (docs/analysis.md, "How a query's words
 * combine"): all required, then the passages with some of them (AND);
 * BM25 over any of them (OR); OR with the passages holding all of them
 * weighed up (OR_ALL); the rarer words required, the common ones
 * adding their weight, then the passages with some (RARE). */
typedef enum { QRY_COMBINE_AND, QRY_COMBINE_OR, QRY_COMBINE_OR_ALL, QRY_COMBINE_RARE } qry_combine_t;
#define QRY_COMBINE_DEFAULT QRY_COMBINE_OR_ALL

/* OR_ALL's weight of a passage's full match beside its OR score. */
#define QRY_ALL_BONUS 0.5

/* The weight of the best score among a passage's neighbours (the other
 * passages of its agenda item, else of its file) added to its own. */
#define QRY_CONTEXT_WEIGHT 0.3

/* Score factors for a passage of the year a query names and for a
 * decision section when it speaks of a decision. */
#define QRY_YEAR_BOOST 1.25
#define QRY_DECISION_BOOST 1.2

/* How a query was understood.  KEPT and DROPPED are NULL-ended arrays
 * of the words as typed (N of each; a dropped word is followed by a tab
 * and why, a word split into two by a tab and "part + part").  Owned:
 * qry_understood_clear. */
typedef struct {
    int sentence;          /* read as a sentence: its words combine by COMBINE */
    qry_combine_t combine;
    char **kept, **dropped;
    size_t nkept, ndropped;
    char year[8];          /* a year it names, "" when none */
    int decision;          /* it speaks of a decision */
    double context;        /* weight of the neighbours' evidence (sentences) */
} qry_understood_t;

/* Reads *TREE (as parsed, before qry_expand; DB, which may be NULL,
 * tells how common a word is): a sentence's question and
 * function words, years and decision words leave it and its words are
 * combined as U->combine says (*TREE is replaced); a keyword query is
 * left as it is.  Fills U.  Returns 0, or -1 when out of memory. */
int qry_understand(qnode_t **tree, xs_db_t *db, qry_understood_t *u);
void qry_understood_clear(qry_understood_t *u);

/* 1 when WORD (as typed) is a question or function word. */
int qry_is_stop_word(const char *word);

/* ---- expand.c ---- */

/* A synonyms file: groups of words or phrases that find each other. */
typedef struct qry_synonyms qry_synonyms_t;

/* Loads PATH (format: data/synonyms.txt).  NULL with ERR set on failure.
 * Free with qry_synonyms_free (NULL-safe). */
qry_synonyms_t *qry_synonyms_load(const char *path, char *err);
void qry_synonyms_free(qry_synonyms_t *s);

/* The acronyms and full names DB learned (META_ACRO, META_ACRONAME) by
 * their folded keys (ana_fold_key).  NULL when out of memory or DB cannot
 * be read.  Free with qry_acronyms_free() (NULL-safe). */
typedef struct qry_acronyms qry_acronyms_t;
qry_acronyms_t *qry_acronyms_new(xs_db_t *db);
void qry_acronyms_free(qry_acronyms_t *a);

/* Replaces every word or phrase of TREE that has synonyms (SYN, may be
 * NULL) or a learned acronym expansion (DB metadata, DB may be NULL) by
 * OR(itself, alternatives).  One with none under its exact key is looked
 * up folded, among SYN's members and in ACRO (may be NULL).  Returns 0,
 * or -1 when out of memory. */
int qry_expand(qnode_t *tree, xs_db_t *db, const qry_synonyms_t *syn, const qry_acronyms_t *acro);

/* ---- build.c ---- */

/* What to highlight in a hit: the index terms of the query's positive
 * words, and its wildcard prefixes; and where to look: the sections its
 * positive section: fields ask for (qry_section_names).  Owned by the
 * caller: qry_terms_free. */
typedef struct {
    char **terms;
    size_t n, cap;
    char **prefixes;
    size_t np, capp;
    char **sections;
    size_t ns, caps;
} qry_terms_t;

void qry_terms_free(qry_terms_t *t);

/* ---- spellcache.c ---- */

/* The other spellings of query words that DB's revision holds, as
 * build.c recorded them, remembered per engine (one thread at a time).
 * _new returns NULL when out of memory (then nothing is remembered). */
typedef struct qry_spellcache qry_spellcache_t;
qry_spellcache_t *qry_spellcache_new(void);
void qry_spellcache_free(qry_spellcache_t *c);

/* The record kept for WORD of KIND (borrowed until the next call on C),
 * its length in *LEN; NULL when none.  Empties C first when DB's reader
 * has moved to another revision since.  C may be NULL. */
const char *qry_spellcache_find(qry_spellcache_t *c, xs_db_t *db, int kind, const char *word, size_t *len);

/* Keeps a copy of REC (LEN bytes) for WORD of KIND, unless DB's reader
 * moved to another revision since the last _find (the record may then
 * mix two).  Out of memory, nothing is kept. */
void qry_spellcache_keep(qry_spellcache_t *c, xs_db_t *db, int kind, const char *word, const char *rec,
                         size_t len);

/* ---- suggest.c ---- */

/* The index's words under the prefixes suggestions walked, kept per
 * engine (one thread at a time) for DB's revision.  _new returns NULL
 * when out of memory (then every suggestion walks the index). */
typedef struct qry_wordlists qry_wordlists_t;
qry_wordlists_t *qry_wordlists_new(void);
void qry_wordlists_free(qry_wordlists_t *c);

/* Builds the Xapian query for TREE.  Returns NULL with ERR set when the
 * query has no searchable word, or only negative ones, or memory runs
 * out.  HL collects the terms to highlight.  DB (borrowed; may be NULL)
 * supplies the synonyms that expand folding skeletons and
 * Norwegian-Danish keys into the stems the index holds.  SPELL (borrowed;
 * may be NULL) remembers the other spellings of words the index holds. */
xs_query_t *qry_build(xs_db_t *db, ana_t *ana, qry_spellcache_t *spell, const qnode_t *tree, qry_terms_t *hl,
                      char *err);

/* 1 when N is or holds a field (year, body, ...): such an operand is a
 * filter (or carries one), and the partial-match fallback must keep it
 * whole. */
int qry_has_field(const qnode_t *n);

/* 1 when N is or holds a node of KIND. */
int qry_has_kind(const qnode_t *n, qn_kind_t kind);

/* The relaxed query in two parts for xs_db_search_split.  HEAVY_Q, the
 * OR of each word's own parts (the word, its stems, compounds, title
 * terms; a phrase or a prefix whole), less the negated words; LIGHT_Q,
 * the OR of the other spellings' parts (the Norwegian-Danish and folded
 * ones and their compounds and titles: often in most passages, of small
 * weight).  A word's weight is the sum of its parts', so a passage
 * weighs in the relaxed query its weight in HEAVY_Q plus at most
 * LIGHT_Q's largest.  Both NULL when that does not hold (a field, a
 * sentence's bonus for all its words) or out of memory.  The rest is
 * the build's own. */
typedef struct {
    xs_query_t *heavy_q, *light_q;
    xs_query_t **heavy, **light;
    size_t nheavy, nlight, capheavy, caplight;
    int failed;
} qry_split_t;

/* Frees what SP holds and zeroes it. */
void qry_split_clear(qry_split_t *sp);

/* For a query whose top is an AND of two or more words: the same words
 * OR-ed (negations kept), to rank passages that have only some of them
 * after those that have all.  NULL for other queries or out of memory.
 * SP (may be NULL) receives the same in two parts (qry_split_t); free
 * it with qry_split_clear. */
xs_query_t *qry_build_relaxed(xs_db_t *db, ana_t *ana, qry_spellcache_t *spell, const qnode_t *tree,
                              qry_split_t *sp);

/* ---- agenda.c ---- */

/* A hit of a search, as placed by qry_merge_agenda. */
typedef struct {
    size_t index;              /* in its xs_mset_t */
    uint32_t docid;
    uint32_t rank;             /* Xapian's rank in its search, from 0 */
    double weight;             /* the weight it is ranked by */
    int agenda;                /* from the agenda search, scaled */
} qry_ranked_t;

/* Hit I of M, its weight scaled by FACTOR; AGENDA marks the agenda
 * search's hits. */
qry_ranked_t qry_ranked(const xs_mset_t *m, size_t i, double factor, int agenda);

/* Sets SO to order hits that tie by their meeting's date, newest first,
 * then by their stable passage id (file id, then passage number), not by
 * document id, which changes with the split of an archive into shards
 * (docs/scaling.md).  The date first: a file id is a hash of the file's
 * path, and the same archive elsewhere would order its ties otherwise. */
void qry_stable_ties(xs_search_opts_t *so);

/* Merges ITEMS (the query's hits that are not agenda lists) and AGENDA
 * (its hits that are), both by relevance from the top, as if each agenda
 * hit weighed FACTOR of its weight.  *OUT (malloc()ed, caller frees)
 * holds every hit of both; returns their number, or (size_t)-1 when out
 * of memory. */
size_t qry_merge_agenda(const xs_mset_t *items, const xs_mset_t *agenda, double factor,
                        qry_ranked_t **out);

/* Score factor for agenda-list passages (psg_is_agenda). */
#define QRY_AGENDA_WEIGHT 0.5

/* ---- rerank.c ---- */

/* The hits a reranked page is chosen from. */
#define QRY_POOL 100

/* 1 when a query understood as U is ranked again (qry_rerank). */
int qry_rerank_wanted(const qry_understood_t *u);

/* Ranks ORDER (N hits of M and MA, the agenda lists, merged by
 * qry_merge_agenda) again: each weight scaled by U's boosts (the
 * passages among DECISIONS, which may be NULL, are of decision sections)
 * and, for a sentence, the best weight of its neighbours (the other hits
 * of its agenda item, else of its file) added at U->context.  Reads the
 * hits' values (as page.c shows them).  XS_OK, or the status of a
 * read. */
xs_status_t qry_rerank(xs_db_t *db, const qry_understood_t *u, xs_mset_t *m, xs_mset_t *ma,
                       const xs_mset_t *decisions, qry_ranked_t *order, size_t n);

/* ---- page.c ---- */

/* The hits of one page.  The page is order[first, first + count)
 * of M and MA (the agenda lists searched apart) when ORDER is set, else
 * m[first, first + count); M2 holds the passages with only some of the
 * words that follow it.  TOTAL estimates all matches; EXACT is 1 when
 * the searches saw every match, so that TOTAL is their exact number;
 * COUNTED is 1 when the searches were asked to count (qry_page_query_t's
 * COUNT_CAP) and did: TOTAL is then the exact number too. */
typedef struct {
    xs_mset_t *m, *ma, *m2;
    qry_ranked_t *order;
    size_t first, count;
    uint32_t total;
    int exact, counted;
} qry_page_t;

/* What a page searches (all borrowed): Q; with SPLIT, ITEMS_Q and
 * AGENDA_Q, Q's hits that are not and are agenda lists, searched apart;
 * TREE, ANA and SPELL for the partial-match fallback; U for the boosts and the
 * neighbours' evidence (qry_rerank, when ranked by relevance and not
 * collapsed); SO's ranking, sorting and
 * collapsing (its offset and limit are set from OFFSET and LIMIT).
 * COUNT_CAP > 0 (SPLIT only): the two searches also count their matches
 * up to that many (Xapian's check_at_least, the agenda lists without a
 * weight floor), for a query whose matches are known to be few. */
typedef struct {
    xs_query_t *q, *items_q, *agenda_q;
    const qnode_t *tree;
    const qry_understood_t *u; /* how the query was understood (may be NULL) */
    ana_t *ana;
    qry_spellcache_t *spell;
    xs_search_opts_t so;
    int split;
    unsigned offset, limit;
    uint32_t count_cap;
} qry_page_query_t;

/* Searches PQ into P and reads the hits shown, all from one revision of
 * DB (searching again, on the newest, when a writer's commits made the
 * one searched unreadable meanwhile).  *ST receives the searches' status.
 * Returns -1 when out of memory, else 0.  P is emptied first; free it
 * with qry_page_clear. */
int qry_page_run(xs_db_t *db, const qry_page_query_t *pq, qry_page_t *p, xs_status_t *st);
void qry_page_clear(qry_page_t *p);

/* Sets *N to the number of PQ's matches with all the words (meetings when
 * it collapses), counted exactly when at most CAP match (CAP 0: however
 * many), else Xapian's estimate from CAP of them (meetings: those among
 * CAP matches times the estimate over CAP, xs_db_count_distinct); *EXACT
 * says which.  Returns 0, or -1 when the search failed. */
int qry_page_total(xs_db_t *db, const qry_page_query_t *pq, uint32_t cap, uint32_t *n, int *exact);

/* 1 when PQ's matches with all the words are costly to count (Xapian's
 * bound on them above qry_sample_above()) and were counted over a fixed
 * sample of the passages instead, scaled into *PASSAGES and, with
 * MEETINGS_TOO, *MEETINGS (else 0): estimates, xs_db_count_sample.  -1
 * when the sample held fewer than XS_SAMPLE_MIN matches, all seen: they
 * are few and the caller counts them exactly, best in the page's own
 * searches (qry_page_query_t's COUNT_CAP).  0 when they were not, and
 * the caller counts as before: the count is not costly, the query holds
 * a field, the sample held more than CAP, a shard is remote, or the
 * count failed (the caller's count reports that). */
int qry_page_sample(xs_db_t *db, const qry_page_query_t *pq, int meetings_too, uint32_t cap,
                    uint32_t *passages, uint32_t *meetings);

/* ---- fields.c ---- */

/* The query for FIELD node N (year, date, lang, body, case, section), or
 * NULL with ERR set for a bad value.  DB gives body: the spellings the
 * index repaired. */
xs_query_t *qry_field_query(xs_db_t *db, ana_t *ana, const qnode_t *n, char *err);

/* The canonical form of case: value V ("17/2023" for "sak 17-2023",
 * "2023/17"; "2023-09-14/3"; casenum.h) into CANON (REFERAT_CASE_MAX
 * bytes).  Returns 0, or -1 with ERR set ("malformed case number ..."). */
int qry_case_canonical(const char *v, char *canon, char *err);

/* The sections (mnt_section_name) that section:V asks for, NULL-ended:
 * one, or every decision section (vedtak, beslutning, referat) for
 * section:vedtak; NULL when V names no section. */
const char *const *qry_section_names(const char *v);

/* ---- body.c ---- */

/* The names meeting bodies are shown by, read from DB (format 6; none in
 * an older index): qry_bodies_new() reads every body's at once (for a
 * facet of them all), qry_bodies_lazy() each body's when first asked
 * (for a page of hits; DB is borrowed and must outlive the table).  NULL
 * when out of memory or DB cannot be read.  Free with qry_bodies_free()
 * (NULL-safe). */
typedef struct qry_bodies qry_bodies_t;
qry_bodies_t *qry_bodies_new(xs_db_t *db);
qry_bodies_t *qry_bodies_lazy(xs_db_t *db);
void qry_bodies_free(qry_bodies_t *b);

/* The name of the body with KEY (SLOT_BODY_KEY): its best spelling in the
 * index, owned by B; NULL when B has none for it.  A lazy B reads and
 * keeps KEY's spellings on the first ask (a failed read keeps nothing,
 * and the hit shows its body as written). */
const char *qry_body_name(qry_bodies_t *b, const char *key);

/* ---- facets.c ---- */

/* Counts made ahead, in one pass over the matches for several slots
 * (qry_counts_ahead), which the counts below take instead of a pass of
 * their own. */
#define QRY_AHEAD_SLOTS 8
typedef struct {
    size_t n;
    uint32_t slots[QRY_AHEAD_SLOTS];
    qry_facet_t counts[QRY_AHEAD_SLOTS]; /* values in byte order */
    size_t caps[QRY_AHEAD_SLOTS];        /* their room, as they grow */
    int meetings;
    int oom;
    /* The pass counted the matches and their meetings too, exactly. */
    int counted;
    uint32_t matches, groups;
} qry_ahead_t;

/* Counts ahead into *A (cleared first) the slots of the N facets FIELDS
 * and, with TIMELINE, the years: a slot of a
 * meeting's value (qry_field_t.of_meeting) is read once a file through
 * the index's runs (xs_db_count_facets).  When that pass was made, it
 * counted the matches and their meetings too (A->counted).  Returns 0,
 * or -1 when out of memory or the count failed (*A then empty: the
 * counts make their own). */
int qry_counts_ahead(qry_ahead_t *a, xs_db_t *db, const xs_query_t *q, const qry_field_t *const *fields, size_t n,
                     int timeline, int meetings);
void qry_ahead_clear(qry_ahead_t *a);

/* Counts Q's matches (or with MEETINGS, the files they are in) per value
 * of facet F into *OUT (emptied first; years in order, the rest most
 * frequent first; bodies by their names), from AHEAD where it holds
 * them (may be NULL).  Returns 0, or -1 when out of memory or a count
 * failed (OUT->failed set). */
int qry_count_facet(xs_db_t *db, const xs_query_t *q, const qry_field_t *f, int meetings,
                    const qry_ahead_t *ahead, qry_facet_t *out);

/* Counts Q's matches (or meetings) per year into R's timeline, from AHEAD
 * where it holds them (may be NULL). */
int qry_count_timeline(xs_db_t *db, const xs_query_t *q, int meetings, const qry_ahead_t *ahead,
                       qry_result_t *r);

void qry_facet_clear(qry_facet_t *f);

/* ---- highlight.c ---- */

/* Finds the spans of TEXT (passage DOCID of DB, in language LANG, titled
 * TITLE, which may be NULL) that match HL, sorted and merged.  *spans is malloc()ed (caller frees);
 * returns the count, or (size_t)-1 when out of memory.  DB may be NULL
 * (no position lookups: only what re-analysis finds). */
size_t qry_highlight(ana_t *ana, const qry_terms_t *hl, xs_db_t *db, uint32_t docid,
                     ana_lang_t lang, const char *text, size_t len, const char *title,
                     psg_span_t **spans);

/* ---- engine.c ---- */

/* Q typed, as searched: valid UTF-8, its case numbers in their canonical
 * spelling (*QS, malloc()ed), parsed (*TREE).  QRY_BAD_QUERY with the
 * message in ERR (QRY_ERROR_BYTES). */
qry_status_t qry_prepare(const char *typed, char **qs, qnode_t **tree, char *err);

/* Keeps the message FMT on E (qry_engine_error) and returns ST. */
qry_status_t qry_fail(qry_engine_t *e, qry_status_t st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* E's database, analyzer, spellings remembered (NULL when none),
 * word lists kept (NULL when none) and synonyms (NULL when none), for
 * lookup.c, suggest.c and unmatched.c. */
xs_db_t *qry_engine_db(qry_engine_t *e);
ana_t *qry_engine_ana(qry_engine_t *e);
qry_spellcache_t *qry_engine_spellcache(qry_engine_t *e);
qry_wordlists_t *qry_engine_wordlists(qry_engine_t *e);
const qry_synonyms_t *qry_engine_synonyms(qry_engine_t *e);

/* The body names of E's index (qry_bodies_lazy, or with remote shards
 * qry_bodies_new), owned by E and read again only when the index may have
 * changed revision; NULL as theirs. */
qry_bodies_t *qry_engine_bodies(qry_engine_t *e);

/* E's learned acronyms by folded key (qry_acronyms_new), owned by E and
 * read again only when the index may have changed revision; NULL as
 * qry_acronyms_new's. */
const qry_acronyms_t *qry_engine_acronyms(qry_engine_t *e);

/* ---- hit.c ---- */

/* Decodes hit I of M, document DOCID, (its data, values and file
 * record) into H, whose rank and score the caller sets: the record, the
 * highlights of HL, where the snippet comes from and the snippet.  BODIES (may be NULL) names the
 * body.  Returns 0, 1 when the passage is damaged (H says so), or -1 when
 * out of memory.  Free H's data with qry_hit_clear. */
int qry_hit_decode(ana_t *ana, const qry_terms_t *hl, xs_db_t *db, qry_bodies_t *bodies,
                   const xs_mset_t *m, size_t i, uint32_t docid, qry_hit_t *h);
void qry_hit_clear(qry_hit_t *h);

/* Fills in where H's snippet comes from (lo, hi) and the section and
 * page it shows, from REC's marks (psg_record_t) and the sections HL
 * asks for: the snippet comes from the asked section of the passage
 * that holds the most highlights, and the labels name the place of the
 * first highlight it shows.  Needs H's text and spans; sets
 * passage_section and passage_page from REC. */
void qry_locate(qry_hit_t *h, const psg_record_t *rec, const qry_terms_t *hl);

/* The path in the record of file FILEID (META_FILE), malloc()ed; NULL
 * when there is none.  DOCID, one of the file's passages, names the shard
 * to read it from (xs_db_doc_metadata). */
char *qry_recorded_path(xs_db_t *db, uint32_t docid, const char *fileid);

/* Sets SO to read each hit's file record (META_FILE) with the hit, from
 * the revision it was found in, for qry_hit_decode: read afterwards, a
 * writer's commit in between can have removed the file and the hit
 * would show no path. */
void qry_with_file_records(xs_search_opts_t *so);

#endif /* REFERAT_QRY_H */
