/* routes.c - the route table: one row per method and path, each with its
 * handler.  Paths are matched whole against the table; nothing in a URL
 * ever names a file, and there is no directory to list.  A route is
 * added here once it works (the search routes come with the query
 * library).
 */
#include "srv.h"

#include "analysis/ana.h"
#include "schema.h"

#include <stdlib.h>
#include <string.h>

/* What /api/health reports, read from one revision of the index. */
typedef struct {
    uint32_t passages, files;
    char *format, *last_run; /* malloc()ed; "" when unset */
} health_t;

static void health_clear(health_t *h)
{
    free(h->format);
    free(h->last_run);
    memset(h, 0, sizeof *h);
}

static xs_status_t health_read(xs_db_t *db, health_t *h)
{
    xs_status_t st = xs_db_doccount(db, &h->passages);
    if (st == XS_OK)
        st = xs_db_count_metadata(db, META_FILE, &h->files);
    if (st == XS_OK)
        st = xs_db_get_metadata(db, REFERAT_SCHEMA_KEY, &h->format);
    if (st == XS_OK)
        st = xs_db_get_metadata(db, REFERAT_LAST_RUN_KEY, &h->last_run);
    return st;
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
    char err[SRV_ERR];
    srv_ctx_t *c = srv_ctx_get(err, sizeof err);
    if (!c)
        return srv_reply_error(reply, 503, err);
    health_t h = { 0 };
    /* A commit that lands between the reads makes them disagree only when
     * the reader had to reopen midway: then all are read again. */
    xs_status_t st = health_read(c->db, &h);
    for (int tries = 0; st == XS_MODIFIED && tries < 2; tries++) {
        health_clear(&h);
        xs_db_reopen(c->db);
        st = health_read(c->db, &h);
    }
    if (st != XS_OK) {
        health_clear(&h);
        snprintf(err, sizeof err, "cannot read the index: %s", xs_db_error(c->db));
        return srv_reply_error(reply, 503, err);
    }
    srv_json_t j;
    if (srv_json_open(&j) != 0) {
        health_clear(&h);
        return -1;
    }
    fputs("{\"index\":", j.f);
    ana_json_string(j.f, site->index, strlen(site->index));
    field_or_null(j.f, "format", h.format);
    fprintf(j.f, ",\"files\":%u,\"passages\":%u", h.files, h.passages);
    field_or_null(j.f, "last_run", h.last_run);
    fputs("}\n", j.f);
    health_clear(&h);
    return srv_json_close(&j, 200, reply);
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
};
#define NROUTES (sizeof routes / sizeof routes[0])

srv_handler_t srv_route(const char *path, const char *method, int *status, const char **allow)
{
    int known = 0;
    for (size_t i = 0; i < NROUTES; i++) {
        if (strcmp(routes[i].path, path) != 0)
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
