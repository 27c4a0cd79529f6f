/* engine.c - an engine on an index directory, and a search on it: the
 * chain referat-query ran in its main() (open and check the index, load
 * the synonyms, parse, expand, build, search a page, decode its hits,
 * count), with the messages it printed kept on the engine instead. */
#include "qry_private.h"

#include "schema.h"
#include "testhook.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Agenda lists and the other passages are searched apart (agenda.c)
 * while offset + limit is at most this; deeper pages would hold twice
 * that many hits in memory. */
#define AGENDA_SPLIT_MAX 1000

/* BM25 for passages: passages are of similar length, so the classic
 * Robertson/Lucene settings (k1 1.2, b 0.75) suit them better than
 * Xapian's document defaults.  An index of format 5 or 6 applied b when
 * it was written (schema.h). */
#define BM25_K1 1.2
#define BM25_B REFERAT_NORM_B

/* A remote shard that answers no connect or request within this long is
 * down: the search fails (or, partial, goes without it) instead of
 * hanging. */
#define QRY_SHARD_TIMEOUT_MS 10000

struct qry_engine {
    char *dir;
    int sharded;      /* opened with xs_db_open_shards */
    xs_db_t *db;
    ana_t *ana;
    qry_synonyms_t *syn;
    /* The body names, read once per revision: a search of a resident
     * server would otherwise list them from the index for every request
     * (a fifteenth of /api/search's time at 50 MB). */
    qry_bodies_t *bodies;
    unsigned long bodies_generation;
    /* The learned acronyms by folded key, read once per revision too. */
    qry_acronyms_t *acro;
    unsigned long acro_generation;
    /* The other spellings of query words the index holds (spellcache.c). */
    qry_spellcache_t *spell;
    /* The index's words under the prefixes suggestions walked (suggest.c). */
    qry_wordlists_t *words;
    int normalised;   /* weights normalised by passage length when written */
    int records_in_values; /* every record in SLOT_RECORD, no document data (format 7) */
    double k1, b;
    char *err;
};

const char *qry_status_string(qry_status_t st)
{
    switch (st) {
    case QRY_OK: return "success";
    case QRY_BAD_QUERY: return "bad query";
    case QRY_BAD_OPTION: return "bad option";
    case QRY_NOT_FOUND: return "not found";
    case QRY_INDEX_MISSING: return "no index";
    case QRY_INDEX_DAMAGED: return "index damaged";
    case QRY_INDEX_FORMAT: return "index of another format";
    case QRY_BUSY: return "index busy";
    case QRY_NO_MEMORY: return "out of memory";
    case QRY_SHARD_DOWN: return "shard unreachable";
    }
    return "unknown status";
}

/* Keeps the message FMT on E and returns ST. */
qry_status_t qry_fail(qry_engine_t *e, qry_status_t st, const char *fmt, ...)
{
    va_list ap;
    char buf[1024];
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    free(e->err);
    e->err = strdup(buf);
    return st;
}

const char *qry_engine_error(const qry_engine_t *e)
{
    return e && e->err ? e->err : "";
}

const char *qry_engine_dir(const qry_engine_t *e)
{
    return e->dir;
}

const char *qry_engine_missing(const qry_engine_t *e)
{
    return e->sharded ? xs_db_shard_missing(e->db) : "";
}

char *qry_missing_join(const char *missing, char *buf, size_t cap)
{
    size_t n = 0;
    buf[0] = '\0';
    for (const char *m = missing; *m && n < cap;) {
        size_t len = strcspn(m, "\n");
        n += (size_t)snprintf(buf + n, cap - n, "%s%.*s", n ? ", " : "", (int)len, m);
        m += len + (m[len] == '\n');
    }
    return buf;
}

void qry_engine_set_partial(qry_engine_t *e, int partial)
{
    if (e->sharded)
        xs_db_set_partial(e->db, partial);
}

xs_db_t *qry_engine_db(qry_engine_t *e)
{
    return e->db;
}

ana_t *qry_engine_ana(qry_engine_t *e)
{
    return e->ana;
}

qry_spellcache_t *qry_engine_spellcache(qry_engine_t *e)
{
    return e->spell;
}

qry_wordlists_t *qry_engine_wordlists(qry_engine_t *e)
{
    return e->words;
}

const qry_synonyms_t *qry_engine_synonyms(qry_engine_t *e)
{
    return e->syn;
}

qry_bodies_t *qry_engine_bodies(qry_engine_t *e)
{
    unsigned long g = xs_db_generation(e->db);
    if (!e->bodies || e->bodies_generation != g) {
        qry_bodies_free(e->bodies);
        /* A remote shard answers each body's read with a round trip: there
         * one pass over them all costs less than a read per body. */
        e->bodies = xs_db_has_remote(e->db) ? qry_bodies_new(e->db) : qry_bodies_lazy(e->db);
        /* The read may have moved the reader on (a commit in between):
         * what it read is of the revision it ended on. */
        e->bodies_generation = xs_db_generation(e->db);
    }
    return e->bodies;
}

const qry_acronyms_t *qry_engine_acronyms(qry_engine_t *e)
{
    unsigned long g = xs_db_generation(e->db);
    if (!e->acro || e->acro_generation != g) {
        qry_acronyms_free(e->acro);
        e->acro = qry_acronyms_new(e->db);
        /* As for the bodies: of the revision the read ended on. */
        e->acro_generation = xs_db_generation(e->db);
    }
    return e->acro;
}

void qry_engine_opts_init(qry_engine_opts_t *o)
{
    *o = (qry_engine_opts_t){ NULL, -1, -1, NULL, 0, 0, 0 };
}

unsigned qry_count_cap(void)
{
    return referat_test_cap("REFERAT_COUNT_CAP", QRY_COUNT_CAP);
}

unsigned qry_sample_above(void)
{
    return referat_test_cap("REFERAT_SAMPLE_ABOVE", QRY_SAMPLE_ABOVE);
}

void qry_search_opts_init(qry_search_opts_t *o)
{
    *o = (qry_search_opts_t){ .limit = 10 };
}

void qry_engine_free(qry_engine_t *e)
{
    if (!e)
        return;
    qry_synonyms_free(e->syn);
    qry_bodies_free(e->bodies);
    qry_acronyms_free(e->acro);
    qry_spellcache_free(e->spell);
    qry_wordlists_free(e->words);
    xs_db_free(e->db);
    ana_free(e->ana);
    free(e->dir);
    free(e->err);
    free(e);
}

/* QRY_INDEX_MISSING when DIR holds what a first build leaves until it is
 * done, said on E.  With no database (SCHEMA NULL): the work directory of
 * a build in shards (indexer/bulk.c), which moves its index in at the
 * end.  With a database of format SCHEMA: none ("") beside the indexer's
 * lock, as a build by one writer records its format with its first
 * commit.  QRY_OK otherwise. */
static qry_status_t first_build_unfinished(qry_engine_t *e, const char *schema)
{
    char path[4096];
    struct stat sb;
    if (schema && schema[0] != '\0')
        return QRY_OK;
    snprintf(path, sizeof path, "%s/%s", e->dir, schema ? REFERAT_LOCK_FILE : REFERAT_BULK_DIR);
    if (stat(path, &sb) != 0)
        return QRY_OK;
    return qry_fail(e, QRY_INDEX_MISSING, "no index at %s yet: its first build has not finished (if no "
                    "referat-index is running, run it again)", e->dir);
}

/* The status for a failure XST of the index. */
static qry_status_t index_status(xs_status_t xst)
{
    return xst == XS_MODIFIED ? QRY_BUSY : xst == XS_NO_MEMORY ? QRY_NO_MEMORY
           : xst == XS_NETWORK ? QRY_SHARD_DOWN : QRY_INDEX_DAMAGED;
}

/* Checks that every shard of E is of the format of the first: a mixture
 * would rank and decode passages of two formats as one.  *SCHEMA is the
 * format (malloc()ed). */
static qry_status_t shards_format(qry_engine_t *e, char **schema)
{
    xs_status_t xst = XS_OK;
    for (size_t i = 0; xst == XS_OK && i < xs_db_shard_count(e->db); i++) {
        char *v = NULL;
        if ((xst = xs_db_shard_metadata(e->db, i, REFERAT_SCHEMA_KEY, &v)) != XS_OK)
            break;
        if (i == 0) {
            *schema = v;
            continue;
        }
        int same = strcmp(v, *schema) == 0;
        if (!same)
            qry_fail(e, QRY_INDEX_FORMAT, "shard %s is an index of format '%s', shard %s of format '%s': "
                     "every shard must be of one format; reindex it", xs_db_shard_name(e->db, i), v,
                     xs_db_shard_name(e->db, 0), *schema);
        free(v);
        if (!same)
            return QRY_INDEX_FORMAT;
    }
    if (xst != XS_OK)
        return qry_fail(e, index_status(xst), "cannot read index: %s", xs_db_error(e->db));
    return QRY_OK;
}

/* Fails E: TABLE of the index at DIR is missing (xs_missing_table). */
static qry_status_t table_missing(qry_engine_t *e, const char *dir, const char *table)
{
    return qry_fail(e, QRY_INDEX_DAMAGED, "index %s is damaged: its table %s is missing; %s", dir, table,
                    referat_table_rebuilt(table) ? "the next referat-index run over its files rebuilds it"
                                                 : "index its files into a new directory");
}

/* Checks the format of E's index: one this version reads, whether its
 * weights were normalised when written (formats 5 to 7) and where its
 * records are (format 7: in values). */
static qry_status_t check_format(qry_engine_t *e)
{
    char *schema = NULL;
    if (e->sharded) {
        qry_status_t s = shards_format(e, &schema);
        if (s != QRY_OK) {
            free(schema);
            return s;
        }
    } else if (xs_db_get_metadata(e->db, REFERAT_SCHEMA_KEY, &schema) != XS_OK)
        return qry_fail(e, QRY_INDEX_DAMAGED, "cannot read index %s: %s", e->dir, xs_db_error(e->db));
    qry_status_t st = QRY_OK;
    if (strcmp(schema, REFERAT_SCHEMA) != 0 && !referat_schema_older(schema) &&
        (st = first_build_unfinished(e, schema)) == QRY_OK)
        st = qry_fail(e, QRY_INDEX_FORMAT, "%s is not a referat index of format %s (found '%s'); "
                      "reindex it", e->dir, REFERAT_SCHEMA, schema);
    e->normalised = referat_schema_normalised(schema);
    e->records_in_values = referat_schema_records_in_values(schema);
    free(schema);
    return st;
}

/* Opens the shards of E: DIR (an index directory or a shard list file)
 * and the more indexes of OPTS, as one. */
static qry_status_t open_shards(qry_engine_t *e, const qry_engine_opts_t *opts)
{
    const char **specs = malloc((opts->nmore + 1) * sizeof *specs);
    if (!specs)
        return qry_fail(e, QRY_NO_MEMORY, "out of memory");
    specs[0] = e->dir;
    for (size_t i = 0; i < opts->nmore; i++)
        specs[i + 1] = opts->more[i];
    e->sharded = 1;
    xs_status_t st = xs_db_open_shards(e->db, specs, opts->nmore + 1,
                                       opts->timeout_ms ? opts->timeout_ms : QRY_SHARD_TIMEOUT_MS,
                                       opts->partial);
    free(specs);
    /* A file that is no shard list (a minute given by mistake) is what it
     * always was: not an index. */
    if (st == XS_INVALID && opts->nmore == 0)
        return qry_fail(e, QRY_INDEX_MISSING, "--db %s is not an index directory", e->dir);
    if (st == XS_NOT_FOUND)
        return qry_fail(e, QRY_INDEX_MISSING, "%s", xs_db_error(e->db));
    if (st != XS_OK)
        return qry_fail(e, st == XS_INVALID   ? QRY_BAD_OPTION
                           : st == XS_VERSION ? QRY_INDEX_FORMAT /* an older index or protocol */
                                              : index_status(st),
                        "%s", xs_db_error(e->db));
    return check_format(e);
}

/* Opens E's index, with the messages referat-query has always given. */
static qry_status_t open_index(qry_engine_t *e, const qry_engine_opts_t *opts)
{
    struct stat sb;
    const char *dir = e->dir;
    if (opts->nmore > 0 || (stat(dir, &sb) == 0 && S_ISREG(sb.st_mode)))
        return open_shards(e, opts);
    if (stat(dir, &sb) == 0 && !S_ISDIR(sb.st_mode))
        return qry_fail(e, QRY_INDEX_MISSING, "--db %s is not an index directory", dir);
    xs_status_t st = xs_db_open(e->db, dir, XS_DB_READ);
    if (st == XS_NOT_FOUND) {
        qry_status_t s = first_build_unfinished(e, NULL);
        if (s != QRY_OK)
            return s;
        return qry_fail(e, QRY_INDEX_MISSING, "no index at %s (build one with: referat-index --db %s "
                        "MINUTES-DIR)", dir, access(dir, F_OK) == 0 ? "NEW-INDEX-DIR" : dir);
    }
    const char *table = xs_missing_table(dir, 0);
    if (table)
        return table_missing(e, dir, table);
    if (st != XS_OK)
        return qry_fail(e, QRY_INDEX_DAMAGED, "cannot open index %s: %s: %s", dir, xs_status_string(st),
                        xs_db_error(e->db));
    qry_status_t s = check_format(e);
    /* Formats 6 and older keep the records in the document data; format
     * 7 has none, and an index part way through its upgrade has some of
     * each (a lost docdata.glass then shows as its older passages
     * damaged, each naming its file). */
    uint32_t in_values = 0;
    if (s == QRY_OK && !e->records_in_values && xs_db_value_freq(e->db, SLOT_RECORD, &in_values) == XS_OK &&
        in_values == 0 && (table = xs_missing_table(dir, 1)) != NULL)
        return table_missing(e, dir, table);
    return s;
}

/* Loads the synonyms: PATH when given (an error if unreadable), else the
 * installed default, else the source tree's copy; none is fine. */
static qry_status_t load_synonyms(qry_engine_t *e, const char *path)
{
    char err[QRY_ERROR];
    if (path && *path) {
        if (!(e->syn = qry_synonyms_load(path, err)))
            return qry_fail(e, QRY_BAD_OPTION, "%s", err);
        return QRY_OK;
    }
    static const char *const defaults[] = { REFERAT_PKGDATADIR "/synonyms.txt",
                                            REFERAT_SRCDATADIR "/synonyms.txt" };
    for (size_t i = 0; i < 2; i++)
        if (access(defaults[i], R_OK) == 0 && (e->syn = qry_synonyms_load(defaults[i], err)))
            return QRY_OK;
    return QRY_OK;
}

qry_engine_t *qry_engine_open(const char *dir, const qry_engine_opts_t *opts, qry_status_t *st,
                              char **err)
{
    qry_engine_opts_t defaults;
    if (!opts) {
        qry_engine_opts_init(&defaults);
        opts = &defaults;
    }
    qry_engine_t *e = calloc(1, sizeof *e);
    *st = QRY_NO_MEMORY;
    if (err)
        *err = NULL;
    if (!e || !(e->dir = strdup(dir)) || !(e->ana = ana_new()) || !(e->db = xs_db_new())) {
        if (err)
            *err = strdup("out of memory");
        qry_engine_free(e);
        return NULL;
    }
    /* A passage's record is in SLOT_RECORD (format 7) or its data. */
    xs_db_set_record_slot(e->db, SLOT_RECORD);
    /* Counts of the meetings among many matches read the indexer's runs
     * of each file's passages, not every match's file id. */
    if (xs_db_use_value_runs(e->db, SLOT_FILEID, REFERAT_MEETING_RUNS_KEY, REFERAT_LAST_RUN_KEY) != XS_OK) {
        if (err)
            *err = strdup("out of memory");
        qry_engine_free(e);
        return NULL;
    }
    e->spell = qry_spellcache_new(); /* NULL: only slower */
    e->words = qry_wordlists_new();  /* likewise */
    /* The highlighter analyses the hits' words again, most of them seen
     * in earlier hits. */
    ana_remember_terms(e->ana);
    e->k1 = opts->bm25_k1 >= 0 ? opts->bm25_k1 : BM25_K1;
    e->b = opts->bm25_b >= 0 ? opts->bm25_b : BM25_B;
    if ((*st = open_index(e, opts)) == QRY_OK && e->normalised && e->b != REFERAT_NORM_B)
        *st = qry_fail(e, QRY_BAD_OPTION, "--bm25: the index at %s applied b = %.2f to its passages "
                       "when it was written; only K1 can change (--bm25 %g,%.2f)", dir, REFERAT_NORM_B,
                       e->k1, REFERAT_NORM_B);
    if (*st == QRY_OK)
        *st = load_synonyms(e, opts->synonyms);
    if (*st != QRY_OK) {
        if (err)
            *err = strdup(qry_engine_error(e));
        qry_engine_free(e);
        return NULL;
    }
    return e;
}

qry_status_t qry_engine_refresh(qry_engine_t *e)
{
    xs_status_t st = xs_db_reopen(e->db);
    if (st != XS_OK)
        return qry_fail(e, index_status(st),
                        "cannot reopen index %s: %s: %s", e->dir, xs_status_string(st),
                        xs_db_error(e->db));
    int was = e->normalised;
    qry_status_t s = check_format(e);
    if (s == QRY_OK && was != e->normalised)
        return qry_fail(e, QRY_INDEX_FORMAT, "index %s was rebuilt in another format; open it again",
                        e->dir);
    return s;
}

qry_status_t qry_prepare(const char *typed, char **qs, qnode_t **tree, char *err)
{
    *qs = NULL;
    *tree = NULL;
    /* A query that is not UTF-8 (a Latin-1 terminal) would match only by
     * accident: say so, and where. */
    size_t len = strlen(typed), bad = ana_utf8_check(typed, len);
    if (bad != len) {
        snprintf(err, QRY_ERROR_BYTES, "bad query: not valid UTF-8 (byte %zu of %zu; is the terminal set "
                 "to UTF-8?)", bad + 1, len);
        return QRY_BAD_QUERY;
    }
    char perr[QRY_ERROR];
    *qs = qry_normalize_cases(typed);
    *tree = *qs ? qry_parse(*qs, perr) : NULL;
    if (!*tree) {
        snprintf(err, QRY_ERROR_BYTES, "bad query '%.80s': %s", *qs ? *qs : "", *qs ? perr : "out of memory");
        free(*qs);
        *qs = NULL;
        return QRY_BAD_QUERY;
    }
    return QRY_OK;
}

qry_status_t qry_check(const char *query, char *err)
{
    char *qs;
    qnode_t *tree;
    qry_status_t st = qry_prepare(query, &qs, &tree, err);
    qry_node_free(tree);
    free(qs);
    return st;
}

void qry_result_free(qry_result_t *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->nhits; i++)
        qry_hit_clear(&r->hits[i]);
    free(r->hits);
    for (size_t i = 0; i < r->nfacets; i++)
        qry_facet_clear(&r->facets[i]);
    free(r->facets);
    free(r->years);
    free(r->query);
    free(r);
}

/* What one search holds while it runs. */
typedef struct {
    char *qs;
    qnode_t *tree;
    qry_terms_t hl;
    qry_understood_t u;
    xs_query_t *q, *items_q, *agenda_q;
    qry_page_t page;
    qry_page_query_t pq;
    int sample_tried, sample; /* qry_page_sample's answer, when made before the page */
    uint32_t sample_passages;
} search_t;

static void search_clear(search_t *s)
{
    qry_page_clear(&s->page);
    xs_query_free(s->q);
    xs_query_free(s->items_q);
    xs_query_free(s->agenda_q);
    qry_terms_free(&s->hl);
    qry_understood_clear(&s->u);
    qry_node_free(s->tree);
    free(s->qs);
}

/* Builds S's queries for OPTS.  Agenda lists name every item but answer
 * none: they keep their match but at QRY_AGENDA_WEIGHT of their score,
 * below the items.  Ranked by relevance, the passages that are agenda
 * lists and those that are not are searched apart and merged (agenda.c);
 * sorted by date, collapsed, or paged deep, one query scales them (and
 * runs its postings twice). */
static qry_status_t build(qry_engine_t *e, search_t *s, const qry_search_opts_t *opts)
{
    char err[QRY_ERROR];
    if (qry_understand(&s->tree, e->db, &s->u) < 0 || qry_expand(s->tree, e->db, e->syn, qry_engine_acronyms(e)) < 0)
        return qry_fail(e, QRY_NO_MEMORY, "out of memory");
    if (!(s->q = qry_build(e->db, e->ana, e->spell, s->tree, &s->hl, err)))
        return qry_fail(e, QRY_BAD_QUERY, "bad query '%.80s': %s", s->qs, err);
    size_t want = (size_t)opts->offset + opts->limit;
    int split = opts->sort == QRY_SORT_RELEVANCE && !opts->docs && want <= AGENDA_SPLIT_MAX;
    xs_query_t *agenda = xs_query_term(TERM_AGENDA, 1, 0);
    if (agenda) {
        xs_query_t *pair[2] = { s->q, agenda };
        s->items_q = xs_query_combine(XS_OP_AND_NOT, pair, 2, 0);
        s->agenda_q = xs_query_combine(XS_OP_FILTER, pair, 2, 0);
    }
    xs_query_free(agenda);
    if (!s->items_q || !s->agenda_q)
        return qry_fail(e, QRY_NO_MEMORY, "out of memory");
    if (!split) {
        xs_query_t *low = xs_query_scale(s->agenda_q, QRY_AGENDA_WEIGHT);
        xs_query_t *both[2] = { s->items_q, low };
        xs_query_t *ranked = low ? xs_query_combine(XS_OP_OR, both, 2, 0) : NULL;
        xs_query_free(low);
        if (ranked) {
            xs_query_free(s->q);
            s->q = ranked;
        }
    }
    s->pq = (qry_page_query_t){ s->q, s->items_q, s->agenda_q, s->tree, &s->u, e->ana, e->spell, { 0 }, split,
                                opts->offset, opts->limit, 0 };
    xs_search_opts_t *so = &s->pq.so;
    xs_search_opts_init(so);
    qry_stable_ties(so);
    qry_with_file_records(so);
    so->bm25_k1 = e->k1;
    so->bm25_b = e->b;
    so->bm25_min_normlen = REFERAT_NORM_MIN;
    if (e->normalised) {
        /* The index applied b (schema.h): no passage lengths to read. */
        so->bm25_b = 0;
        so->wdf_scale = REFERAT_NORM_SCALE;
    }
    if (opts->sort != QRY_SORT_RELEVANCE) {
        /* By meeting date, newest or oldest first; relevance orders
         * passages of one date. */
        so->sort_slot = SLOT_DATE;
        so->sort_reverse = opts->sort == QRY_SORT_DATE;
    }
    if (opts->docs)
        so->collapse_slot = SLOT_FILEID; /* the best passage per meeting */
    return QRY_OK;
}

/* Appends the hit of M at index I, ranked RANK (from 0), to R. */
static qry_status_t add_hit(qry_engine_t *e, search_t *s, qry_bodies_t *bodies,
                            const xs_mset_t *m, const qry_ranked_t *hit, unsigned rank, int partial,
                            qry_result_t *r)
{
    qry_hit_t *h = &r->hits[r->nhits++];
    *h = (qry_hit_t){ .rank = rank + 1, .partial = partial, .score = hit->weight };
    if (qry_hit_decode(e->ana, &s->hl, e->db, bodies, m, hit->index, hit->docid, h) < 0)
        return qry_fail(e, QRY_NO_MEMORY, "out of memory");
    return QRY_OK;
}

/* Decodes the hits of S's page into R. */
static qry_status_t decode_page(qry_engine_t *e, search_t *s, qry_result_t *r)
{
    qry_page_t *p = &s->page;
    size_t n2 = xs_mset_size(p->m2);
    if (p->count + n2 == 0)
        return QRY_OK;
    if (!(r->hits = calloc(p->count + n2, sizeof *r->hits)))
        return qry_fail(e, QRY_NO_MEMORY, "out of memory");
    /* Without it hits show their bodies as written. */
    qry_bodies_t *bodies = qry_engine_bodies(e);
    qry_status_t st = QRY_OK;
    for (size_t j = p->first; st == QRY_OK && j < p->first + p->count; j++) {
        qry_ranked_t h = p->order ? p->order[j] : qry_ranked(p->m, j, 1.0, 0);
        st = add_hit(e, s, bodies, h.agenda ? p->ma : p->m, &h, p->order ? (unsigned)j : h.rank, 0, r);
    }
    for (size_t i = 0; st == QRY_OK && i < n2; i++) {
        qry_ranked_t h = qry_ranked(p->m2, i, 1.0, 0);
        st = add_hit(e, s, bodies, p->m2, &h, p->total + h.rank, 1, r);
    }
    return st;
}

/* N to two significant figures: an estimate's digits past those would
 * claim a precision it lacks. */
static uint32_t two_figures(uint32_t n)
{
    uint32_t unit = 1;
    while (n / unit >= 100)
        unit *= 10;
    return (n + unit / 2) / unit * unit;
}

/* The matches OPTS's count stops at: 0 for none (facets, a timeline:
 * every match is visited anyway). */
static uint32_t count_cap(const qry_search_opts_t *opts)
{
    return opts->exact ? opts->exact_cap : 0;
}

/* The facets named in FACETS (comma-separated), in order, into *FIELDS
 * (malloc'ed, *N of them; NULL for none): QRY_BAD_OPTION for a name no
 * facet has. */
static qry_status_t facet_fields(qry_engine_t *e, const char *facets, const qry_field_t ***fields, size_t *n)
{
    char buf[256];
    size_t most = 1;
    *fields = NULL;
    *n = 0;
    if (!facets || !facets[0])
        return QRY_OK;
    snprintf(buf, sizeof buf, "%s", facets);
    for (const char *c = buf; *c; c++)
        most += *c == ',';
    if (!(*fields = malloc(most * sizeof **fields)))
        return qry_fail(e, QRY_NO_MEMORY, "out of memory");
    for (char *save = NULL, *f = strtok_r(buf, ",", &save); f; f = strtok_r(NULL, ",", &save))
        if (!((*fields)[(*n)++] = qry_facet(f)))
            return qry_fail(e, QRY_BAD_OPTION, "unknown facet '%s'", f);
    return QRY_OK;
}

/* Counts what OPTS asks for over S's whole match set into R. */
static qry_status_t count(qry_engine_t *e, search_t *s, const qry_search_opts_t *opts,
                          qry_result_t *r)
{
    uint32_t n, cap = count_cap(opts);
    int exact;
    const qry_field_t **fields;
    size_t nf;
    qry_status_t fst = facet_fields(e, opts->facets, &fields, &nf);
    if (fst != QRY_OK) {
        free(fields);
        return fst;
    }
    /* Every facet and the timeline counted in one pass over the matches,
     * where each made its own (five passes for the web page's search: 3
     * to 5 s for a common word at 500 MB); should that fail, each counts
     * on its own, and says so.  The pass visits every match (facets lift
     * the count's cap), so it counts the passages and meetings too, which
     * a pass of their own counted again (two fifths of the page's search
     * for a common word). */
    qry_ahead_t ahead;
    if (qry_counts_ahead(&ahead, e->db, s->q, fields, nf, opts->timeline, opts->docs) < 0)
        memset(&ahead, 0, sizeof ahead);
    int ahead_counted = ahead.counted && cap == 0;
    if (ahead_counted) {
        r->passages = ahead.matches;
        r->meetings = ahead.groups;
        r->counted = opts->meetings;
        r->counted_exact = 1;
    }
    /* A costly capped count is made over a sample (qry_page_sample),
     * unless the page's searches counted every match already; with no
     * cap (facets, a timeline) every match is visited anyway. */
    int want = opts->exact || r->nhits == 0,
        seen = (s->page.exact || s->page.counted) && (cap == 0 || s->page.total < cap);
    int sampled = 0;
    if (s->sample_tried) {
        if ((sampled = s->sample > 0))
            r->passages = s->sample_passages;
    } else if (want && !seen && cap > 0) {
        sampled = qry_page_sample(e->db, &s->pq, opts->docs || opts->meetings, cap, &r->passages, &r->meetings) > 0;
    }
    if (sampled) {
        r->counted = opts->meetings;
        r->passages = two_figures(r->passages);
        r->meetings = two_figures(r->meetings);
        r->total = opts->docs ? r->meetings : r->passages;
        r->total_exact = 0;
    }
    /* The passages and the meetings in one pass over the matches: the
     * passages are the documents it sees, the meetings their distinct
     * file ids.  It holds the exact total too, which a pass of its own
     * counted again (a third of a common word's referat-query). */
    if (!sampled && !ahead_counted && opts->meetings)
        r->counted = xs_db_count_distinct(e->db, s->q, SLOT_FILEID, cap, &r->passages, &r->meetings,
                                          &r->counted_exact) == XS_OK;
    if (r->counted && !r->counted_exact)
        r->meetings = two_figures(r->meetings);
    uint32_t counted = opts->docs ? r->meetings : r->passages;
    /* When the page's searches saw every match (fewer than a page
     * matched: phrases and rare words), their count is the exact total,
     * and counting again ran the query a second time over the same
     * matches.  Past the cap the estimate stands, but one made from that
     * many matches, closer than the page's; meetings are estimated as
     * the summary's are (qry_page_total). */
    if (sampled) {
        /* Counted above. */
    } else if (want && seen) {
        r->total = s->page.total;
        r->total_exact = 1;
    } else if (want && ahead_counted) {
        r->total = opts->docs ? ahead.groups : ahead.matches;
        r->total_exact = 1;
    } else if (want && r->counted) {
        /* Past the cap, the estimates that a capped count gives too. */
        r->total = counted;
        r->total_exact = r->counted_exact;
    } else if (want && qry_page_total(e->db, &s->pq, cap, &n, &exact) == 0) {
        r->total = opts->docs && !exact ? two_figures(n) : n;
        r->total_exact = exact;
    }
    if (opts->facets && !(r->facets = calloc(nf + 1, sizeof *r->facets))) {
        qry_ahead_clear(&ahead);
        free(fields);
        return qry_fail(e, QRY_NO_MEMORY, "out of memory");
    }
    for (size_t i = 0; i < nf; i++)
        if (qry_count_facet(e->db, s->q, fields[i], opts->docs, &ahead, &r->facets[r->nfacets++]) < 0)
            r->count_failed = 1;
    if (!r->count_failed && opts->timeline && qry_count_timeline(e->db, s->q, opts->docs, &ahead, r) < 0)
        r->count_failed = 1;
    qry_ahead_clear(&ahead);
    free(fields);
    if (r->count_failed)
        qry_fail(e, QRY_INDEX_DAMAGED, "counting in %s failed: %s", e->dir, xs_db_error(e->db));
    return QRY_OK;
}

/* Before the page of S, for a capped count of the passages of a query
 * with a phrase, the items and the agenda lists searched apart (OPTS, as
 * count() reads it): the sample is tried first, and when it finds the
 * matches few the page's two searches count them (the two part the
 * matches), where a count of its own checked the phrase's candidates
 * once more: "besluttet mødet den", 30 matches, paid 178 M instructions
 * for its count and 183 M for its page at 500 MB.  Had the page found
 * fewer than a page of matches it counted them anyway, and the sample
 * is an extra (an eighth of the candidates): a phrase because its
 * candidates are many and its matches few, where words' matches are
 * most of their candidates and a page that counts them pays more than
 * a count (single words: twice to three times). */
static void plan_count(qry_engine_t *e, search_t *s, const qry_search_opts_t *opts)
{
    uint32_t cap = count_cap(opts), meetings = 0;
    if (!s->pq.split || cap == 0 || opts->meetings || !qry_has_kind(s->tree, QN_PHRASE))
        return;
    s->sample_tried = 1;
    s->sample = qry_page_sample(e->db, &s->pq, 0, cap, &s->sample_passages, &meetings);
    if (s->sample < 0)
        s->pq.count_cap = cap;
}

qry_status_t qry_search(qry_engine_t *e, const char *query, const qry_search_opts_t *opts,
                        qry_result_t **out)
{
    qry_search_opts_t defaults;
    if (!opts) {
        qry_search_opts_init(&defaults);
        opts = &defaults;
    }
    *out = NULL;
    free(e->err);
    e->err = NULL;
    search_t s = { 0 };
    char err[QRY_ERROR_BYTES];
    qry_status_t st = qry_prepare(query, &s.qs, &s.tree, err);
    if (st != QRY_OK)
        return qry_fail(e, st, "%s", err);
    qry_result_t *r = calloc(1, sizeof *r);
    if (!r)
        st = qry_fail(e, QRY_NO_MEMORY, "out of memory");
    if (st == QRY_OK)
        st = build(e, &s, opts);
    if (st == QRY_OK)
        plan_count(e, &s, opts);
    xs_status_t xst = XS_OK;
    if (st == QRY_OK && qry_page_run(e->db, &s.pq, &s.page, &xst) < 0)
        st = qry_fail(e, QRY_NO_MEMORY, "out of memory");
    if (st == QRY_OK && xst != XS_OK)
        st = qry_fail(e, index_status(xst), "search in %s failed: %s: %s", e->dir, xs_status_string(xst),
                      xs_db_error(e->db));
    if (st == QRY_OK) {
        r->query = s.qs;
        s.qs = NULL;
        r->sentence = s.u.sentence;
        r->total = s.page.total;
        r->unit = opts->docs ? "meetings" : "passages";
        st = decode_page(e, &s, r);
    }
    if (st == QRY_OK)
        st = count(e, &s, opts, r);
    search_clear(&s);
    if (st != QRY_OK) {
        qry_result_free(r);
        return st;
    }
    *out = r;
    return QRY_OK;
}
