/* routes.c - the route table: one row per method and path, each with its
 * handler.  Paths are matched whole against the table; nothing in a URL
 * ever names a file, and there is no directory to list: /api/source/ID
 * serves the file the index records for passage ID.  A route whose path
 * ends in '/' takes the rest of the path (one or more segments, none
 * empty, "." or "..": url.c refused those) as its argument.
 */
#include "srv.h"

#include "analysis/ana.h"
#include "testhook.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

/* ------------------------------------------------------------------ */
/* The query library's routes                                          */

/* The HTTP status of a failure of the query library: the user's (a bad
 * query) 400, an unknown id 404, the index's or the memory's 503. */
static int http_status(qry_status_t st)
{
    switch (st) {
    case QRY_BAD_QUERY:
    case QRY_BAD_OPTION: return 400;
    case QRY_NOT_FOUND: return 404;
    default: return 503;
    }
}

/* Answers a failure ST of engine E with its one-line message. */
static int reply_failure(srv_reply_t *reply, qry_engine_t *e, qry_status_t st)
{
    const char *msg = qry_engine_error(e);
    return srv_reply_error(reply, http_status(st), msg[0] ? msg : qry_status_string(st));
}

/* The calling thread's engine (PARTIAL: srv_ctx_engine), or a 503 into
 * *reply (*rc). */
static qry_engine_t *engine_partial_or_reply(int partial, srv_reply_t *reply, int *rc)
{
    char err[SRV_ERR];
    qry_engine_t *e = srv_ctx_engine(partial, err, sizeof err);
    if (!e)
        *rc = srv_reply_error(reply, 503, err);
    return e;
}

/* The calling thread's engine with every shard, or a 503 into *reply. */
static qry_engine_t *engine_or_reply(srv_reply_t *reply, int *rc)
{
    return engine_partial_or_reply(0, reply, rc);
}

/* Writes "name":"value", or "name":null for an empty value. */
static void field_or_null(FILE *f, const char *name, const char *v)
{
    fprintf(f, ",\"%s\":", name);
    if (v && *v)
        ana_json_string(f, v, strlen(v));
    else
        fputs("null", f);
}

/* GET /api/health: the index served, its format, its files and passages,
 * when referat-index last committed to it. */
static int health(const srv_site_t *site, const char *path, const srv_params_t *p,
                  srv_reply_t *reply)
{
    (void)path;
    if (p->n > 0)
        return srv_reply_error(reply, 400, "/api/health takes no parameters");
    int rc;
    qry_engine_t *e = engine_or_reply(reply, &rc);
    if (!e)
        return rc;
    qry_health_t h;
    qry_status_t st = qry_health(e, &h);
    if (st != QRY_OK)
        return reply_failure(reply, e, st);
    srv_json_t j;
    if (srv_json_open(&j) != 0)
        return -1;
    fputs("{\"index\":", j.f);
    ana_json_string(j.f, site->index, strlen(site->index));
    field_or_null(j.f, "format", h.format);
    fprintf(j.f, ",\"files\":%u,\"passages\":%u", h.files, h.passages);
    field_or_null(j.f, "last_run", h.last_indexed);
    fputs("}\n", j.f);
    return srv_json_close(&j, 200, reply);
}

/* Writes R's readable hits as a JSON array, each as referat-query --json
 * prints it; a damaged hit (referat-query names it on stderr) is left
 * out and counted in *damaged. */
static void write_hits(FILE *f, const qry_result_t *r, unsigned *damaged)
{
    int first = 1;
    *damaged = 0;
    fputs("[", f);
    for (size_t i = 0; i < r->nhits; i++) {
        if (r->hits[i].damaged) {
            (*damaged)++;
            continue;
        }
        fputs(first ? "" : ",", f);
        qry_json_hit(f, &r->hits[i]);
        first = 0;
    }
    fputs("]", f);
}

static double ms_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) * 1e3 + (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

/* The facet bits of S as the query library's comma-separated list. */
static void facet_list(unsigned bits, char *buf, size_t cap)
{
    size_t n = 0;
    buf[0] = '\0';
    for (unsigned b = 1; b && n < cap; b <<= 1) {
        const char *name = (bits & b) ? srv_facet_name(b) : NULL;
        if (name)
            n += (size_t)snprintf(buf + n, cap - n, "%s%s", n ? "," : "", name);
    }
}

/* The query library's order for SORT. */
static qry_sort_t search_sort(srv_sort_t sort)
{
    return sort == SRV_SORT_DATE ? QRY_SORT_DATE : sort == SRV_SORT_OLDEST ? QRY_SORT_OLDEST
                                                                            : QRY_SORT_RELEVANCE;
}

/* Writes ,"missing_shards":[NAME...] from MISSING (a name a line). */
static void write_missing(FILE *f, const char *missing)
{
    fputs(",\"missing_shards\":[", f);
    for (const char *m = missing, *nl; *m; m = nl + 1) {
        nl = strchr(m, '\n');
        fputs(m == missing ? "" : ",", f);
        qry_json_string(f, m, (size_t)(nl - m));
    }
    fputs("]", f);
}

/* GET /api/search: a page of hits, the total, facet counts, a timeline. */
static int search(const srv_site_t *site, const char *path, const srv_params_t *p,
                  srv_reply_t *reply)
{
    (void)site, (void)path;
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    srv_search_t s;
    char err[SRV_ERR], facets[128];
    if (srv_search_parse(p, &s, err, sizeof err) != 0)
        return srv_reply_error(reply, 400, err);
    int rc = 0;
    qry_engine_t *e = engine_partial_or_reply(s.partial, reply, &rc);
    if (!e)
        return rc;
    qry_search_opts_t so;
    qry_search_opts_init(&so);
    so.offset = s.offset;
    so.limit = s.limit;
    so.sort = search_sort(s.sort);
    so.docs = s.docs;
    facet_list(s.facets, facets, sizeof facets);
    so.facets = facets[0] ? facets : NULL;
    so.timeline = s.timeline;
    /* Xapian's estimate can be far off (40 for 23 matches on the sample
     * minutes), and a page or a script that shows "40 passages" points
     * the wrong way: count exactly, up to qry_count_cap() matches.  Past that
     * an exact count costs a pass over every match (a third of a common
     * word's search at 500 MB) for a figure nobody reads to the last
     * digit, and total is the estimate, "exact":false.  With facets or a
     * timeline every match is visited anyway, and the counts sum to an
     * exact total. */
    so.exact = 1;
    so.exact_cap = so.facets || so.timeline ? 0 : qry_count_cap();
    qry_result_t *r = NULL;
    char **unmatched = NULL, case_no[QRY_CASE_BYTES];
    size_t nunmatched = 0;
    qry_explain_t *x = NULL;
    qry_status_t st = s.explain ? qry_explain(e, s.q, &x) : QRY_OK;
    if (st == QRY_OK)
        st = qry_search(e, s.q, &so, &r);
    if (st == QRY_OK && r->count_failed)
        st = QRY_INDEX_DAMAGED;
    /* The words to change when nothing (or too little) matched. */
    if (st == QRY_OK)
        st = qry_unmatched(e, s.q, r, &unmatched, &nunmatched);
    srv_json_t j;
    if (st != QRY_OK || srv_json_open(&j) != 0) {
        qry_result_free(r);
        qry_words_free(unmatched);
        qry_explain_free(x);
        return st != QRY_OK ? reply_failure(reply, e, st) : -1;
    }
    unsigned damaged;
    fprintf(j.f, "{\"query\":");
    qry_json_string(j.f, r->query, strlen(r->query));
    /* Without a shard, no count is the archive's: total, facets and the
     * timeline are the counts of the shards that answered. */
    const char *missing = qry_engine_missing(e);
    fprintf(j.f, ",\"total\":%u,\"exact\":%s,\"unit\":\"%s\"", r->total,
            r->total_exact && !missing[0] ? "true" : "false", r->unit);
    if (s.partial)
        write_missing(j.f, missing);
    fputs(",\"hits\":", j.f);
    write_hits(j.f, r, &damaged);
    fputs(",\"facets\":", j.f);
    qry_json_facets(j.f, r);
    fputs(",\"timeline\":{", j.f);
    for (size_t i = 0; r->timeline && i < r->nyears; i++)
        fprintf(j.f, "%s\"%d\":%u", i ? "," : "", r->first_year + (int)i, r->years[i]);
    fputs("},\"unmatched\":[", j.f);
    for (size_t i = 0; i < nunmatched; i++) {
        fputs(i ? "," : "", j.f);
        qry_json_string(j.f, unmatched[i], strlen(unmatched[i]));
    }
    fputs("],\"suggestions\":", j.f);
    /* A failure to read the index's words only loses suggestions. */
    size_t suggested;
    (void)qry_json_suggestions(j.f, e, unmatched, nunmatched, &suggested);
    field_or_null(j.f, "case_query", qry_case_query(s.q, case_no) ? case_no : NULL);
    if (x) {
        fputs(",\"explain\":", j.f);
        qry_json_explain(j.f, x);
    }
    fprintf(j.f, ",\"damaged\":%u,\"took_ms\":%.3f}\n", damaged, ms_since(&t0));
    qry_result_free(r);
    qry_words_free(unmatched);
    qry_explain_free(x);
    return srv_json_close(&j, 200, reply);
}

/* Rows an export holds at most: every hit of a query an analyst reads
 * through, a few MB of passage text; a query matching more is one to
 * narrow first (REFERAT_EXPORT_CAP lowers it in a test). */
#define EXPORT_MAX 5000

/* Writes R's hits with all the words, as referat-query --csv's rows with
 * a link to each one's item on the page; damaged hits are left out. */
static void write_csv(FILE *f, const qry_result_t *r)
{
    qry_csv_header(f, "link");
    for (size_t i = 0; i < r->nhits; i++) {
        const qry_hit_t *h = &r->hits[i];
        char link[80];
        if (h->damaged || h->partial)
            continue;
        snprintf(link, sizeof link, "/?view=item&id=%s", h->id);
        qry_csv_hit(f, h, link);
    }
}

/* GET /api/export.csv: every hit of a search with all its words (up to
 * the cap, in the order asked for) as CSV, for a spreadsheet: a download
 * named referat-export.csv, X-Referat-Truncated: 1 when capped. */
static int export_csv(const srv_site_t *site, const char *path, const srv_params_t *p,
                      srv_reply_t *reply)
{
    (void)site, (void)path;
    srv_search_t s;
    char err[SRV_ERR];
    if (srv_export_parse(p, &s, err, sizeof err) != 0)
        return srv_reply_error(reply, 400, err);
    int rc = 0;
    qry_engine_t *e = engine_partial_or_reply(s.partial, reply, &rc);
    if (!e)
        return rc;
    qry_search_opts_t so;
    qry_search_opts_init(&so);
    so.limit = referat_test_cap("REFERAT_EXPORT_CAP", EXPORT_MAX);
    so.sort = search_sort(s.sort);
    so.docs = s.docs;
    so.exact = 1;
    qry_result_t *r = NULL;
    qry_status_t st = qry_search(e, s.q, &so, &r);
    if (st != QRY_OK)
        return reply_failure(reply, e, st);
    srv_json_t j; /* a memory stream, here for CSV */
    if (srv_json_open(&j) != 0) {
        qry_result_free(r);
        return -1;
    }
    write_csv(j.f, r);
    int truncated = r->total > so.limit;
    qry_result_free(r);
    if (srv_json_close(&j, 200, reply) != 0)
        return -1;
    reply->type = "text/csv; charset=utf-8";
    reply->headers[reply->nheaders][0] = "Content-Disposition";
    reply->headers[reply->nheaders++][1] = "attachment; filename=\"referat-export.csv\"";
    if (truncated) {
        reply->headers[reply->nheaders][0] = "X-Referat-Truncated";
        reply->headers[reply->nheaders++][1] = "1";
    }
    /* partial=1 with a shard missing: the rows of the others, and the
     * shards named, as /api/search's missing_shards does. */
    const char *missing = qry_engine_missing(e);
    if (s.partial && missing[0]) {
        reply->headers[reply->nheaders][0] = "X-Referat-Missing-Shards";
        reply->headers[reply->nheaders++][1] = qry_missing_join(missing, reply->value, sizeof reply->value);
    }
    return 0;
}

/* What /api/item adds to its hits: the item's title and the first
 * passages of the items before and after it ("" is written as null). */
typedef struct {
    const char *title;       /* item_title */
    const char *prev, *next; /* prev_item, next_item */
} item_extra_t;

/* Answers R (or the failure ST of E) as {"hits":[...],"damaged":N} with
 * EXTRA's members (NULL: none), and with PARTIAL the shards missing. */
static int reply_hits(srv_reply_t *reply, qry_engine_t *e, qry_status_t st, qry_result_t *r,
                      const item_extra_t *extra, int partial)
{
    if (st != QRY_OK)
        return reply_failure(reply, e, st);
    srv_json_t j;
    if (srv_json_open(&j) != 0) {
        qry_result_free(r);
        return -1;
    }
    unsigned damaged;
    fputs("{\"hits\":", j.f);
    write_hits(j.f, r, &damaged);
    fprintf(j.f, ",\"damaged\":%u", damaged);
    if (extra) {
        field_or_null(j.f, "item_title", extra->title);
        field_or_null(j.f, "prev_item", extra->prev);
        field_or_null(j.f, "next_item", extra->next);
    }
    if (partial)
        write_missing(j.f, qry_engine_missing(e));
    fputs("}\n", j.f);
    qry_result_free(r);
    return srv_json_close(&j, 200, reply);
}

/* The argument of a route with a prefix: PATH after it. */
static const char *route_arg(const char *path, const char *prefix)
{
    return path + strlen(prefix);
}

/* The argument ARG names one id: one segment. */
static int one_segment(const char *arg, srv_reply_t *reply, int *rc)
{
    if (strchr(arg, '/') == NULL)
        return 1;
    *rc = srv_reply_error(reply, 404, "no such id: an id is <file id>-<passage>, one path segment");
    return 0;
}

/* The parameters of ROUTE, which takes partial alone: *partial, or 0
 * with a 400 into *reply (*RC). */
static int partial_only(const srv_params_t *p, const char *route, srv_reply_t *reply, int *rc, int *partial)
{
    char err[SRV_ERR], msg[SRV_ERR + 64];
    if (srv_partial_parse(p, partial, err, sizeof err) == 0)
        return 1;
    snprintf(msg, sizeof msg, "%s: %s", route, err);
    *rc = srv_reply_error(reply, 400, msg);
    return 0;
}

/* The prologue of a route ROUTE ("/api/item/ID") that takes one passage
 * id after its prefix in PATH and no parameter but partial: *ID,
 * *PARTIAL and the engine, or NULL with the reply made and its code in
 * *RC. */
static qry_engine_t *id_route(const char *path, const char *route, const srv_params_t *p,
                              srv_reply_t *reply, const char **id, int *partial, int *rc)
{
    /* The route table sent PATH here by ROUTE's prefix, up to its last '/'. */
    *id = path + (strrchr(route, '/') - route) + 1;
    if (!partial_only(p, route, reply, rc, partial) || !one_segment(*id, reply, rc))
        return NULL;
    return engine_partial_or_reply(*partial, reply, rc);
}

/* GET /api/passage/ID: the passage with its meeting's fields and the ids
 * of the passages before and after it in its file (null at either end). */
static int passage(const srv_site_t *site, const char *path, const srv_params_t *p,
                   srv_reply_t *reply)
{
    (void)site;
    const char *id;
    int rc = 0, partial;
    qry_engine_t *e = id_route(path, "/api/passage/ID", p, reply, &id, &partial, &rc);
    if (!e)
        return rc;
    char prev[48] = "", next[48] = "";
    qry_result_t *r = NULL;
    qry_status_t st = qry_passage(e, id, &r, prev, next);
    if (st != QRY_OK)
        return reply_failure(reply, e, st);
    if (r->nhits == 0 || r->hits[0].damaged) {
        qry_result_free(r);
        return srv_reply_error(reply, 503, "the passage cannot be read from the index; reindex its file");
    }
    srv_json_t j;
    if (srv_json_open(&j) != 0) {
        qry_result_free(r);
        return -1;
    }
    fputs("{\"passage\":", j.f);
    qry_json_hit(j.f, &r->hits[0]);
    const char *ends[2][2] = { { "prev", prev }, { "next", next } };
    for (int i = 0; i < 2; i++) {
        fprintf(j.f, ",\"%s\":", ends[i][0]);
        if (ends[i][1][0])
            qry_json_string(j.f, ends[i][1], strlen(ends[i][1]));
        else
            fputs("null", j.f);
    }
    if (partial)
        write_missing(j.f, qry_engine_missing(e));
    fputs("}\n", j.f);
    qry_result_free(r);
    return srv_json_close(&j, 200, reply);
}

/* GET /api/item/ID: the agenda item of passage ID, its passages in
 * order, with its title and the first passages of the items before and
 * after it in its file (null at either end). */
static int item(const srv_site_t *site, const char *path, const srv_params_t *p,
                srv_reply_t *reply)
{
    (void)site;
    const char *id;
    int rc = 0, partial;
    qry_engine_t *e = id_route(path, "/api/item/ID", p, reply, &id, &partial, &rc);
    if (!e)
        return rc;
    qry_result_t *r = NULL;
    char prev[48] = "", next[48] = "";
    qry_status_t st = qry_item(e, id, &r);
    if (st == QRY_OK && (st = qry_item_neighbours(e, r, prev, next)) != QRY_OK)
        qry_result_free(r);
    const char *title = st == QRY_OK && !r->hits[0].damaged ? r->hits[0].title : "";
    item_extra_t extra = { title, prev, next };
    return reply_hits(reply, e, st, r, &extra, partial);
}

/* Hits a case trail returns at most. */
#define CASE_TRAIL_MAX 1000

/* GET /api/case/NN/YYYY (or the Danish 2023-09-14/3): the precedent
 * trail of a case, oldest meeting first.  A malformed number, or one
 * no passage holds or cites, is no such case: 404. */
static int case_trail(const srv_site_t *site, const char *path, const srv_params_t *p,
                      srv_reply_t *reply)
{
    (void)site;
    const char *no = route_arg(path, "/api/case/");
    int rc = 0, partial;
    qry_engine_t *e;
    if (!partial_only(p, "/api/case/NN/YYYY", reply, &rc, &partial) ||
        !(e = engine_partial_or_reply(partial, reply, &rc)))
        return rc;
    qry_result_t *r = NULL;
    qry_status_t st = qry_case_trail(e, no, CASE_TRAIL_MAX, &r);
    if (st == QRY_BAD_QUERY)
        return srv_reply_error(reply, 404, qry_engine_error(e));
    if (st == QRY_OK && r->nhits == 0) {
        /* With a shard missing, the case may be in it: not a 404. */
        const char *missing = qry_engine_missing(e);
        char err[SRV_ERR], names[SRV_ERR / 2];
        if (missing[0])
            snprintf(err, sizeof err, "no case %.60s in the shards that answered; it may be in a missing one: %s",
                     no, qry_missing_join(missing, names, sizeof names));
        else
            snprintf(err, sizeof err, "no case %.60s in the index", no);
        qry_result_free(r);
        return srv_reply_error(reply, missing[0] ? 503 : 404, err);
    }
    return reply_hits(reply, e, st, r, NULL, partial);
}

/* The Content-Type of a source file, by its name's extension. */
static const char *source_type(const char *path)
{
    static const char *const types[][2] = {
        { ".pdf", "application/pdf" },
        { ".txt", "text/plain; charset=utf-8" },
        { ".md", "text/plain; charset=utf-8" },
        { ".html", "text/html; charset=utf-8" },
        { ".htm", "text/html; charset=utf-8" },
        { ".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document" },
        { ".odt", "application/vnd.oasis.opendocument.text" },
        { ".gz", "application/gzip" },
    };
    size_t n = strlen(path);
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        size_t k = strlen(types[i][0]);
        if (n > k && strcasecmp(path + n - k, types[i][0]) == 0)
            return types[i][1];
    }
    return "application/octet-stream";
}

/* Source files served at most (a page of minutes is far smaller). */
#define SOURCE_MAX (256u << 20)

/* Reads the regular file PATH whole into *reply. 0, 1 when it is gone
 * (or not a regular file), 2 when too large, -1 when out of memory. */
static int read_source(const char *path, srv_reply_t *reply)
{
    FILE *f = fopen(path, "rb");
    struct stat sb;
    if (!f)
        return errno == ENOMEM ? -1 : 1;
    if (fstat(fileno(f), &sb) != 0 || !S_ISREG(sb.st_mode)) {
        fclose(f);
        return 1;
    }
    if ((unsigned long long)sb.st_size > SOURCE_MAX) {
        fclose(f);
        return 2;
    }
    size_t cap = (size_t)sb.st_size + 1;
    char *buf = malloc(cap);
    size_t len = buf ? fread(buf, 1, cap, f) : 0;
    int bad = !buf || ferror(f) || len == cap;
    fclose(f);
    if (bad) {
        free(buf);
        return buf ? 1 : -1;
    }
    reply->status = 200;
    reply->body = buf;
    reply->len = len;
    reply->type = source_type(path);
    return 0;
}

/* GET /api/source/ID: the file of passage ID, as the index records it. */
static int source(const srv_site_t *site, const char *path, const srv_params_t *p,
                  srv_reply_t *reply)
{
    (void)site;
    const char *id;
    int rc = 0, partial;
    qry_engine_t *e = id_route(path, "/api/source/ID", p, reply, &id, &partial, &rc);
    if (!e)
        return rc;
    char *file = NULL;
    qry_status_t st = qry_source_path(e, id, &file);
    if (st != QRY_OK)
        return reply_failure(reply, e, st);
    rc = read_source(file, reply);
    free(file);
    if (rc == 1)
        return srv_reply_error(reply, 404, "the file of this passage is gone; reindex to drop it");
    if (rc == 2)
        return srv_reply_error(reply, 413, "the file of this passage is too large to serve");
    return rc;
}

typedef struct {
    const char *method;
    const char *path;
    srv_handler_t handler;
} route_t;

/* HEAD is answered as GET without the body (libmicrohttpd drops it). */
static const route_t routes[] = {
    { "GET", "/api/health", health },
    { "HEAD", "/api/health", health },
    { "GET", "/api/search", search },
    { "HEAD", "/api/search", search },
    { "GET", "/api/export.csv", export_csv },
    { "HEAD", "/api/export.csv", export_csv },
    { "GET", "/api/passage/", passage },
    { "HEAD", "/api/passage/", passage },
    { "GET", "/api/item/", item },
    { "HEAD", "/api/item/", item },
    { "GET", "/api/case/", case_trail },
    { "HEAD", "/api/case/", case_trail },
    { "GET", "/api/source/", source },
    { "HEAD", "/api/source/", source },
};
#define NROUTES (sizeof routes / sizeof routes[0])

/* PATH is ROUTE's: the same, or, for a route ending in '/', below it. */
static int route_matches(const char *route, const char *path)
{
    size_t n = strlen(route);
    if (route[n - 1] == '/')
        return strncmp(route, path, n) == 0 && path[n] != '\0';
    return strcmp(route, path) == 0;
}

srv_handler_t srv_route(const char *path, const char *method, int *status, const char **allow)
{
    int known = 0;
    for (size_t i = 0; i < NROUTES; i++) {
        if (!route_matches(routes[i].path, path))
            continue;
        if (strcmp(routes[i].method, method) == 0)
            return routes[i].handler;
        known = 1;
    }
    *status = known ? 405 : 404;
    /* Every route takes GET and HEAD, and nothing else. */
    *allow = "GET, HEAD";
    return NULL;
}
