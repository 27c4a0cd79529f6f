/* context.c - one reader of the index per worker thread.
 *
 * Xapian's database handles are not thread-safe, so each thread of the
 * pool gets its own, made by the thread's first request and kept in a
 * thread-specific slot whose destructor frees it when libmicrohttpd ends
 * the thread (MHD_stop_daemon).  The handle is a query engine
 * (lib/query/query.h), which every route, /api/health included, reads
 * through: one index handle and one analyzer per thread.  Before each
 * request the engine is brought to the newest committed revision:
 * Xapian's reopen() costs a read of the revision file when nothing
 * changed, and the xs_ reading functions reopen and retry by themselves
 * when a commit lands midway (XS_MODIFIED only after three tries).  Over
 * remote shards they also open the shards again after a network error,
 * once per request (lib/xs/xs_private.h, with_retry); the refresh itself
 * finds a connection that xapian-tcpsrv closed while it was idle.
 */
#include "srv.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static pthread_key_t ctx_key;
static const char *ctx_dir;
static qry_engine_opts_t ctx_opts;

static void ctx_free(void *p)
{
    srv_ctx_t *c = p;
    if (!c)
        return;
    qry_engine_free(c->engine);
    free(c);
}

int srv_ctx_init(const char *dir, const char *const *more, size_t nmore)
{
    ctx_dir = dir;
    qry_engine_opts_init(&ctx_opts);
    ctx_opts.more = more;
    ctx_opts.nmore = nmore;
    return pthread_key_create(&ctx_key, ctx_free) == 0 ? 0 : -1;
}

int srv_index_check(const char *dir, const char *const *more, size_t nmore, char *err, size_t cap)
{
    qry_status_t st;
    char *msg = NULL;
    qry_engine_opts_t o;
    qry_engine_opts_init(&o);
    o.more = more;
    o.nmore = nmore;
    qry_engine_t *e = qry_engine_open(dir, &o, &st, &msg);
    if (!e)
        snprintf(err, cap, "%s", msg ? msg : "out of memory");
    free(msg);
    int ok = e != NULL;
    qry_engine_free(e);
    return ok ? 0 : -1;
}

/* The calling thread's context, made on first use; NULL when out of
 * memory. */
static srv_ctx_t *ctx_self(void)
{
    srv_ctx_t *c = pthread_getspecific(ctx_key);
    if (!c) {
        c = calloc(1, sizeof *c);
        if (!c || pthread_setspecific(ctx_key, c) != 0) {
            free(c);
            return NULL;
        }
    }
    return c;
}

qry_engine_t *srv_ctx_engine(int partial, char *err, size_t cap)
{
    srv_ctx_t *c = ctx_self();
    if (!c) {
        snprintf(err, cap, "out of memory");
        return NULL;
    }
    if (c->engine)
        qry_engine_set_partial(c->engine, partial);
    if (c->engine && qry_engine_refresh(c->engine) != QRY_OK) {
        /* Replaced, damaged or rebuilt in another format: open anew. */
        qry_engine_free(c->engine);
        c->engine = NULL;
    }
    if (!c->engine) {
        qry_status_t st;
        char *msg = NULL;
        qry_engine_opts_t o = ctx_opts;
        o.partial = partial;
        c->engine = qry_engine_open(ctx_dir, &o, &st, &msg);
        if (!c->engine)
            snprintf(err, cap, "%s", msg ? msg : "out of memory");
        free(msg);
    }
    return c->engine;
}
