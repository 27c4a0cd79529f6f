/* state.c - what the index knows about each source file, so a rerun
 * (the nightly cron job) re-analyses only what changed and removes what
 * is gone.
 *
 * One metadata entry per file (schema.h, META_FILE): the file's size,
 * mtime and ctime (nanoseconds), device and inode, a CRC-32 of its
 * contents, and its path.  A file is unchanged when all of size, mtime,
 * ctime, device and inode match -- a restored file with an older mtime
 * still differs in ctime -- and a changed stat whose contents have the
 * same checksum (a touch, a copy back) is not re-analysed either.
 */
#include "idx.h"

#include "schema.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

static int64_t ns_of(struct timespec t)
{
    return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

void idx_stamp_of(const struct stat *st, idx_stamp_t *s)
{
    memset(s, 0, sizeof *s);
    s->size = (uint64_t)st->st_size;
    s->mtime_ns = ns_of(st->st_mtim);
    s->ctime_ns = ns_of(st->st_ctim);
    s->dev = (uint64_t)st->st_dev;
    s->ino = (uint64_t)st->st_ino;
}

uint32_t idx_checksum(const char *data, size_t len)
{
    uLong c = crc32(0L, Z_NULL, 0);
    while (len > 0) {
        uInt n = len > 1u << 30 ? 1u << 30 : (uInt)len;
        c = crc32(c, (const Bytef *)data, n);
        data += n;
        len -= n;
    }
    return (uint32_t)c;
}

void idx_record_key(const char *path, char *key, size_t cap)
{
    char id[17];
    idx_file_id(path, id);
    snprintf(key, cap, META_FILE "%s", id);
}

int idx_record_get(xs_db_t *db, const char *path, idx_stamp_t *s)
{
    char key[64], *v = NULL;
    idx_record_key(path, key, sizeof key);
    if (xs_db_get_metadata(db, key, &v) != XS_OK || !v)
        return -1;
    int n = 0;
    int ok = sscanf(v, "1 %" SCNu64 " %" SCNd64 " %" SCNd64 " %" SCNu64 " %" SCNu64 " %" SCNx32 " %n",
                    &s->size, &s->mtime_ns, &s->ctime_ns, &s->dev, &s->ino, &s->crc, &n) == 6;
    /* The stored path must be this one (file ids are hashes). */
    ok = ok && strcmp(v + n, path) == 0;
    free(v);
    return ok ? 0 : 1;
}

xs_status_t idx_record_set(xs_db_t *db, const char *path, const idx_stamp_t *s)
{
    char key[64];
    idx_record_key(path, key, sizeof key);
    size_t cap = strlen(path) + 128;
    char *v = malloc(cap);
    if (!v)
        return XS_NO_MEMORY;
    snprintf(v, cap, "1 %" PRIu64 " %" PRId64 " %" PRId64 " %" PRIu64 " %" PRIu64 " %08" PRIx32 " %s",
             s->size, s->mtime_ns, s->ctime_ns, s->dev, s->ino, s->crc, path);
    xs_status_t st = xs_db_set_metadata(db, key, v);
    free(v);
    return st;
}

int idx_stamp_same(const idx_stamp_t *a, const idx_stamp_t *b)
{
    return a->size == b->size && a->mtime_ns == b->mtime_ns && a->ctime_ns == b->ctime_ns &&
           a->dev == b->dev && a->ino == b->ino;
}

/* ---- the set of files seen in this run ---- */

void idx_seen_free(idx_seen_t *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->paths[i]);
    free(s->paths);
    memset(s, 0, sizeof *s);
}

int idx_seen_add(idx_seen_t *s, const char *path)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 256;
        char **v = realloc(s->paths, cap * sizeof *v);
        if (!v)
            return -1;
        s->paths = v;
        s->cap = cap;
    }
    if (!(s->paths[s->n] = strdup(path)))
        return -1;
    s->n++;
    s->sorted = 0;
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int idx_seen_has(idx_seen_t *s, const char *path)
{
    /* An empty set (a root emptied of every file) has no array to sort. */
    if (s->n == 0)
        return 0;
    if (!s->sorted) {
        qsort(s->paths, s->n, sizeof *s->paths, cmp_str);
        s->sorted = 1;
    }
    return bsearch(&path, s->paths, s->n, sizeof *s->paths, cmp_str) != NULL;
}

/* 1 when PATH is DIR or lies below it. */
int idx_path_under(const char *path, const char *dir)
{
    size_t n = strlen(dir);
    if (strncmp(path, dir, n) != 0)
        return 0;
    return path[n] == '\0' || path[n] == '/' || (n > 0 && dir[n - 1] == '/');
}

typedef struct {
    xs_db_t *db;
    const char *root;
    idx_seen_t *seen, *blocked;
    idx_removed_cb cb;
    void *ctx;
    char **gone;
    size_t ngone, cap;
    int oom;
} prune_t;

static int find_gone(void *ctx, const char *key, size_t klen, const char *value, size_t vlen)
{
    prune_t *p = ctx;
    (void)key;
    (void)klen;
    const char *at = referat_record_path(value, vlen);
    if (!at)
        return 0;
    char *path = strndup(at, vlen - (size_t)(at - value));
    if (!path) {
        p->oom = 1;
        return 1;
    }
    int blocked = 0;
    for (size_t k = 0; k < p->blocked->n; k++)
        if (idx_path_under(path, p->blocked->paths[k]))
            blocked = 1;
    if (!idx_path_under(path, p->root) || blocked || idx_seen_has(p->seen, path)) {
        free(path);
        return 0;
    }
    if (p->ngone == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 16;
        char **v = realloc(p->gone, cap * sizeof *v);
        if (!v) {
            free(path);
            p->oom = 1;
            return 1;
        }
        p->gone = v;
        p->cap = cap;
    }
    p->gone[p->ngone++] = path;
    return 0;
}

int idx_shrink_suspect(size_t gone, size_t found)
{
    return gone > 0 && (found == 0 || (gone > found && gone >= IDX_SHRINK_MIN));
}

xs_status_t idx_prune(xs_db_t *db, const char *root, idx_seen_t *seen, idx_seen_t *blocked,
                      int allow_shrink, idx_shrink_t *shrink, idx_removed_cb cb, void *ctx)
{
    prune_t p = { db, root, seen, blocked, cb, ctx, NULL, 0, 0, 0 };
    xs_status_t st = xs_db_each_metadata(db, META_FILE, find_gone, &p);
    if (st == XS_OK && p.oom)
        st = XS_NO_MEMORY;
    shrink->gone = p.ngone;
    shrink->found = 0;
    for (size_t i = 0; i < seen->n; i++)
        shrink->found += idx_path_under(seen->paths[i], root);
    /* An emptied root is what an unmounted share or a failed sync leaves:
     * its files are kept until a run is told the loss is real. */
    shrink->held = !allow_shrink && idx_shrink_suspect(shrink->gone, shrink->found);
    for (size_t i = 0; st == XS_OK && !shrink->held && i < p.ngone; i++) {
        char id[17], term[64], key[64];
        idx_file_id(p.gone[i], id);
        snprintf(term, sizeof term, PFX_FILE "%s", id);
        idx_record_key(p.gone[i], key, sizeof key);
        idx_stamp_t old;
        int had = idx_record_get(db, p.gone[i], &old) == 0;
        /* Passages, record and content hint go together. */
        if ((st = xs_db_begin(db)) != XS_OK)
            break;
        if (had)
            idx_content_forget(db, p.gone[i], &old);
        if ((st = xs_db_delete_docs(db, term)) == XS_OK && (st = xs_db_set_metadata(db, key, "")) == XS_OK)
            st = xs_db_commit_transaction(db);
        else
            xs_db_cancel_transaction(db);
        if (st == XS_OK && cb)
            cb(ctx, p.gone[i]);
    }
    for (size_t i = 0; i < p.ngone; i++)
        free(p.gone[i]);
    free(p.gone);
    return st;
}

/* ---- files that failed ---- */

static void failure_key(const char *path, char *key, size_t cap)
{
    char id[17];
    idx_file_id(path, id);
    snprintf(key, cap, META_FAILED "%s", id);
}

int idx_failure_get(xs_db_t *db, const char *path, const idx_stamp_t *now, char *reason)
{
    char key[64], *v = NULL;
    failure_key(path, key, sizeof key);
    if (xs_db_get_metadata(db, key, &v) != XS_OK || !v)
        return -1;
    idx_stamp_t s;
    int n = 0;
    int ok = sscanf(v, "1 %" SCNu64 " %" SCNd64 " %" SCNd64 " %" SCNu64 " %" SCNu64 " %n", &s.size,
                    &s.mtime_ns, &s.ctime_ns, &s.dev, &s.ino, &n) == 5 && idx_stamp_same(&s, now);
    if (ok) {
        /* Stored as "<stamp> <path>\t<reason>". */
        const char *tab = strchr(v + n, '\t');
        ok = tab && (size_t)(tab - (v + n)) == strlen(path) && strncmp(v + n, path, strlen(path)) == 0;
        if (ok)
            snprintf(reason, IDX_REASON, "%s", tab + 1);
    }
    free(v);
    return ok ? 0 : 1;
}

xs_status_t idx_failure_set(xs_db_t *db, const char *path, const idx_stamp_t *s, const char *reason)
{
    char key[64];
    failure_key(path, key, sizeof key);
    size_t cap = strlen(path) + strlen(reason) + 128;
    char *v = malloc(cap);
    if (!v)
        return XS_NO_MEMORY;
    snprintf(v, cap, "1 %" PRIu64 " %" PRId64 " %" PRId64 " %" PRIu64 " %" PRIu64 " %s\t%s", s->size,
             s->mtime_ns, s->ctime_ns, s->dev, s->ino, path, reason);
    xs_status_t st = xs_db_set_metadata(db, key, v);
    free(v);
    return st;
}

void idx_failure_clear(xs_db_t *db, const char *path)
{
    char key[64], *v = NULL;
    failure_key(path, key, sizeof key);
    if (xs_db_get_metadata(db, key, &v) == XS_OK && v && v[0])
        xs_db_set_metadata(db, key, "");
    free(v);
}
