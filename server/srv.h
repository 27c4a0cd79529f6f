/* srv.h - referat-serve's parts: what the request parsers (url.c,
 * params.c), the per-thread index handles (context.c), the HTTP layer
 * (http.c) and the routes (routes.c) share.
 *
 * url.c and params.c are plain C without libmicrohttpd, so that the unit
 * test (tests/unit/test_srv.c) runs them on their own.  Nothing here
 * prints except http.c's access log and main.c, the front-end.
 */
#ifndef REFERAT_SRV_H
#define REFERAT_SRV_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "query/query.h"
#include "xs/xs.h"

/* Request limits: a URL (path and query string) longer than this is 414;
 * a request body announced longer than SRV_MAX_BODY is 413, and on a GET
 * or HEAD (which take none) longer than SRV_MAX_GET_BODY.  Bodies are
 * never read: every route answers from the URL alone. */
#define SRV_MAX_URL 8192
#define SRV_MAX_BODY 65536
#define SRV_MAX_GET_BODY 1024

/* Room for a one-line error message (the "error" of a JSON error). */
#define SRV_ERR 256

/* ------------------------------------------------------------------ */
/* url.c: paths and query strings                                      */

/* Percent-decodes the LEN bytes at S into *out (malloc()ed, NUL-
 * terminated, its length in *outlen), '+' as a space when PLUS.  Returns
 * 0, or -1 with ERR set when S holds a bad escape, a NUL byte (encoded
 * or not), or decodes to invalid UTF-8 (overlong forms such as %c0%af
 * included), or -2 when out of memory. */
int srv_percent_decode(const char *s, size_t len, int plus, char **out, size_t *outlen, char *err,
                       size_t cap);

/* Decodes the path of a request target (the part before '?') into *path
 * (malloc()ed).  Besides srv_percent_decode's refusals, a path must start
 * with '/' and hold no empty, "." or ".." segment ("//etc", "/a/../b",
 * "%2e%2e%2f" once decoded): no route has one, and refusing them here
 * means no later code ever sees one.  Returns 0, -1 (ERR set) or -2. */
int srv_path_decode(const char *s, size_t len, char **path, char *err, size_t cap);

/* One parameter of a query string, decoded. */
typedef struct {
    char *name;
    char *value;
} srv_param_t;

typedef struct {
    srv_param_t *v;
    size_t n;
} srv_params_t;

/* Splits the query string QS ("a=1&b=x%20y", without the '?'; NULL or ""
 * for none) into *out, each name and value decoded ('+' as a space).  An
 * empty piece ("a=1&&b=2", a trailing '&') is skipped; a name without
 * '=' has the value "".  A parameter given twice is an error, so that
 * "limit=1&limit=1000" never means whichever a reader takes.  Returns 0,
 * -1 (ERR set) or -2; *out is empty after a failure.  Free with
 * srv_params_free(). */
int srv_params_parse(const char *qs, srv_params_t *out, char *err, size_t cap);
void srv_params_free(srv_params_t *p);

/* The value of parameter NAME, or NULL when absent.  Owned by P. */
const char *srv_params_get(const srv_params_t *p, const char *name);

/* ------------------------------------------------------------------ */
/* params.c: /api/search's parameters                                  */

/* Hits per page at most, and how deep a page may start: a page costs
 * offset + limit candidates, and a hit carries its passage's text. */
#define SRV_SEARCH_MAX_LIMIT 100
#define SRV_SEARCH_MAX_DEPTH 10000

typedef enum { SRV_SORT_RELEVANCE = 0, SRV_SORT_DATE, SRV_SORT_OLDEST } srv_sort_t;

/* The facets a search may ask for, as bits of srv_search_t.facets, in
 * the order the response lists them: bit k - 1 is the query field whose
 * facet place is k (lib/query/fieldtab.c). */
enum {
    SRV_FACET_YEAR = 1u << 0,
    SRV_FACET_BODY = 1u << 1,
    SRV_FACET_SECTION = 1u << 2,
    SRV_FACET_LANG = 1u << 3,
    SRV_FACET_CASE = 1u << 4
};

/* The name of facet bit BIT ("year", ...), or NULL for no such bit. */
const char *srv_facet_name(unsigned bit);

typedef struct {
    const char *q;     /* the query, owned by the parameters parsed */
    uint32_t limit;    /* hits on the page: 0..SRV_SEARCH_MAX_LIMIT, default 10 */
    uint32_t offset;   /* first hit, 0-based; offset + limit <= SRV_SEARCH_MAX_DEPTH */
    srv_sort_t sort;   /* relevance (default), date (newest first) or oldest */
    int docs;          /* 1: one hit per meeting */
    unsigned facets;   /* SRV_FACET_* bits */
    int timeline;      /* 1: hits per year */
    int partial;       /* 1: answer from the shards that are up (/api/search only) */
    int explain;       /* 1: say how the query was understood (/api/search only) */
} srv_search_t;

/* Reads P (q, limit, offset, sort, docs, facets, timeline, partial, explain) into *s.
 * Returns 0, or -1 with a one-line ERR for a missing or empty q, a number
 * that is not one or is out of range, an unknown sort, facet or
 * parameter, or a flag other than 0 or 1: a 400. */
int srv_search_parse(const srv_params_t *p, srv_search_t *s, char *err, size_t cap);

/* Reads /api/export.csv's parameters (q, sort, docs: a search without a
 * page) from P into *s, as srv_search_parse reads them; any other
 * parameter, limit and offset included, is a 400. */
int srv_export_parse(const srv_params_t *p, srv_search_t *s, char *err, size_t cap);

/* ------------------------------------------------------------------ */
/* context.c: one query engine per worker thread                       */

/* A worker thread's own handles (neither Xapian's database nor the
 * analyzer is thread-safe): made when the thread serves its first
 * request, freed when it exits. */
typedef struct {
    qry_engine_t *engine;   /* the query library's engine; NULL until a request */
} srv_ctx_t;

/* Sets up the thread-specific key for the index at DIR, searched with
 * the NMORE indexes or shard lists at MORE as one (all kept, not
 * copied).  Call once, before any worker starts.  Returns 0 or -1. */
int srv_ctx_init(const char *dir, const char *const *more, size_t nmore);

/* The calling thread's query engine at the newest committed revision
 * (opened on the thread's first request, refreshed before every later
 * one, opened anew when a refresh fails).  NULL with ERR set when the
 * index cannot be opened or read (503).  With PARTIAL, a shard that is
 * down is left out (qry_engine_missing names it) as long as one is up;
 * without, the engine holds every shard or is NULL. */
qry_engine_t *srv_ctx_engine(int partial, char *err, size_t cap);

/* Opens a query engine on the index at DIR and frees it (the check at
 * startup): 0, or -1 with ERR the engine's message naming DIR and the
 * problem (no index, a first build not finished, another format, a
 * missing table), as referat-query gives it. */
int srv_index_check(const char *dir, const char *const *more, size_t nmore, char *err, size_t cap);

/* ------------------------------------------------------------------ */
/* routes.c: the route table                                           */

/* Headers a route may add to its response, at most. */
#define SRV_REPLY_HEADERS 4

/* A response body: a JSON text, a source file or an export, malloc()ed;
 * or one of the page's files, embedded. */
typedef struct srv_asset srv_asset_t;
typedef struct {
    int status;        /* HTTP status */
    char *body;        /* owned by the response; NULL for an embedded file */
    size_t len;
    const char *type;  /* a static Content-Type; NULL: JSON */
    const char *headers[SRV_REPLY_HEADERS][2]; /* static names and values the route adds */
    size_t nheaders;
    const srv_asset_t *asset; /* the page's file answered, else NULL */
} srv_reply_t;

/* The server-wide settings the routes read. */
typedef struct {
    const char *index; /* the index directory, absolute */
} srv_site_t;

/* A route's handler: fills *reply from PATH and the query parameters P.
 * Returns 0, or -1 when out of memory (the caller answers 503). */
typedef int (*srv_handler_t)(const srv_site_t *site, const char *path, const srv_params_t *p,
                             srv_reply_t *reply);

/* The route for PATH and METHOD (a route ending in '/' takes the rest
 * of the path as its argument: /api/passage/ID): its handler, or NULL with *status 404
 * (no route has PATH) or 405 (one has, for other methods; *allow then
 * names them). */
srv_handler_t srv_route(const char *path, const char *method, int *status, const char **allow);

/* ------------------------------------------------------------------ */
/* assets.c (made by server/embed.sh) and page.c: the page's files      */

/* One file of web/, embedded in the program at build time. */
struct srv_asset {
    const char *name;           /* "app.js": its path without the '/' */
    const unsigned char *data;  /* its bytes, static */
    size_t len;
    const char *etag;           /* "\"CRC-LENGTH\"", quotes included */
};

/* The embedded files, in server/Makefile.mk's order (assets.c). */
extern const srv_asset_t srv_assets[];
extern const size_t srv_nassets;

/* The embedded file a request for PATH answers: index.html for "/",
 * the file named NAME for "/NAME"; NULL for any other path. */
const srv_asset_t *srv_asset_find(const char *path);

/* A's Content-Type, by its name's extension. */
const char *srv_asset_type(const srv_asset_t *a);

/* Answers A into *reply: 200 with its bytes, or 304 without them when
 * IF_NONE_MATCH (the request's If-None-Match header, NULL when absent)
 * names its ETag or is "*". */
void srv_reply_asset(srv_reply_t *reply, const srv_asset_t *a, const char *if_none_match);

/* ------------------------------------------------------------------ */
/* json.c: response bodies                                             */

/* A JSON body written through a memory stream (ana_json_string and
 * fprintf write into F). */
typedef struct {
    FILE *f;
    char *buf;
    size_t len;
} srv_json_t;

/* Opens J's stream: 0, or -1 when out of memory. */
int srv_json_open(srv_json_t *j);

/* Closes J's stream into *reply with STATUS: 0, or -1 when writing
 * failed (out of memory; nothing is left allocated). */
int srv_json_close(srv_json_t *j, int status, srv_reply_t *reply);

/* Writes {"error":"MSG"} with STATUS into *reply: 0, or -1 when out of
 * memory. */
int srv_reply_error(srv_reply_t *reply, int status, const char *msg);

/* ------------------------------------------------------------------ */
/* http.c: the server                                                  */

struct sockaddr;

typedef struct {
    const char *index;            /* the index directory, absolute (kept) */
    const struct sockaddr *addr;  /* where to listen (port 0: any free one) */
    size_t addrlen;
    const char *listen;           /* --listen as given, for messages */
    const char *host;             /* the listen host as a URL names it: "127.0.0.1", "[::1]" */
    int any_host;                 /* 1 (a wildcard address): any Host header is accepted */
    unsigned threads;             /* worker threads */
    unsigned timeout;             /* seconds a connection may stay idle */
    int verbose;                  /* 1: an access log line per request on stderr */
} srv_http_opts_t;

typedef struct srv_http srv_http_t;

/* Binds O's address and starts the worker threads.  NULL with ERR set
 * when the address cannot be bound or the server not started. */
srv_http_t *srv_http_start(const srv_http_opts_t *o, char *err, size_t cap);

/* The address bound, "HOST:PORT" (the port chosen when 0 was asked);
 * owned by H. */
const char *srv_http_address(const srv_http_t *h);

/* Stops accepting connections, lets the requests under way finish
 * (bounded by the idle timeout), stops the threads and frees H. */
void srv_http_stop(srv_http_t *h);

#endif /* REFERAT_SRV_H */
