/* context.c - one reader of the index per worker thread.
 *
 * Xapian's database handles are not thread-safe, so each thread of the
 * pool gets its own, made by the thread's first request and kept in a
 * thread-specific slot whose destructor frees it when libmicrohttpd ends
 * the thread (MHD_stop_daemon).  Before each request the reader is
 * brought to the newest committed revision: Xapian's reopen() costs a
 * read of the revision file when nothing changed, and the xs_ reading
 * functions reopen and retry by themselves when a commit lands midway
 * (XS_MODIFIED only after three tries).
 *
 * The searches run on a query engine (lib/query/query.h) of their own,
 * kept in the same context and refreshed the same way; /api/health keeps
 * its plain reader, which retries its reads as one revision.
 */
#include "srv.h"

#include "schema.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static pthread_key_t ctx_key;
static const char *ctx_dir;

static void ctx_free(void *p)
{
    srv_ctx_t *c = p;
    if (!c)
        return;
    xs_db_free(c->db);
    qry_engine_free(c->engine);
    free(c);
}

int srv_ctx_init(const char *dir)
{
    ctx_dir = dir;
    return pthread_key_create(&ctx_key, ctx_free) == 0 ? 0 : -1;
}

int srv_index_check(const char *dir, xs_db_t **out, char *err, size_t cap)
{
    struct stat sb;
    if (out)
        *out = NULL;
    if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
        snprintf(err, cap, "--db %s is not an index directory", dir);
        return -1;
    }
    xs_db_t *db = xs_db_new();
    if (!db) {
        snprintf(err, cap, "out of memory");
        return -1;
    }
    xs_status_t st = xs_db_open(db, dir, XS_DB_READ);
    const char *table = st == XS_OK ? xs_missing_table(dir) : NULL;
    char *schema = NULL;
    if (st == XS_OK && !table)
        st = xs_db_get_metadata(db, REFERAT_SCHEMA_KEY, &schema);
    if (st == XS_NOT_FOUND)
        snprintf(err, cap, "no index at %s (build one with: referat-index --db %s MINUTES-DIR)", dir, dir);
    else if (st != XS_OK)
        snprintf(err, cap, "cannot open index %s: %s: %s", dir, xs_status_string(st), xs_db_error(db));
    else if (table)
        snprintf(err, cap, "index %s is damaged: its table %s is missing", dir, table);
    else if (schema[0] == '\0')
        snprintf(err, cap, "no index at %s yet: its first build has not finished", dir);
    else if (strcmp(schema, REFERAT_SCHEMA) != 0 && !referat_schema_older(schema))
        snprintf(err, cap, "%s is not a referat index of format %s (found '%.20s'); reindex it", dir,
                 REFERAT_SCHEMA, schema);
    int ok = st == XS_OK && !table && schema[0] != '\0' &&
             (strcmp(schema, REFERAT_SCHEMA) == 0 || referat_schema_older(schema));
    free(schema);
    if (ok && out)
        *out = db;
    else
        xs_db_free(db);
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

srv_ctx_t *srv_ctx_get(char *err, size_t cap)
{
    srv_ctx_t *c = ctx_self();
    if (!c) {
        snprintf(err, cap, "out of memory");
        return NULL;
    }
    if (c->db && xs_db_reopen(c->db) != XS_OK) {
        /* The directory was replaced or damaged under it: open anew. */
        xs_db_free(c->db);
        c->db = NULL;
    }
    if (!c->db && srv_index_check(ctx_dir, &c->db, err, cap) != 0)
        return NULL;
    return c;
}

qry_engine_t *srv_ctx_engine(char *err, size_t cap)
{
    srv_ctx_t *c = ctx_self();
    if (!c) {
        snprintf(err, cap, "out of memory");
        return NULL;
    }
    if (c->engine && qry_engine_refresh(c->engine) != QRY_OK) {
        /* Replaced, damaged or rebuilt in another format: open anew. */
        qry_engine_free(c->engine);
        c->engine = NULL;
    }
    if (!c->engine) {
        qry_status_t st;
        char *msg = NULL;
        c->engine = qry_engine_open(ctx_dir, NULL, &st, &msg);
        if (!c->engine)
            snprintf(err, cap, "%s", msg ? msg : "out of memory");
        free(msg);
    }
    return c->engine;
}
