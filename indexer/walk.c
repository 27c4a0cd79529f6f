/* walk.c - finding the files to index.
 *
 * Directories are read in name order so that runs are repeatable, links
 * are not followed below the roots (a link to "/" or ".." must not pull
 * the whole machine in), and a directory reached twice by (device, inode)
 * is entered once.  Unreadable directories are reported, not fatal.
 */
#include "idx.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct {
    dev_t dev;
    ino_t ino;
} dir_id_t;

typedef struct {
    idx_visit_cb cb;
    void *ctx;
    dir_id_t *seen;
    size_t nseen, cap;
    int depth;
} walk_t;

/* Deeper trees are reported rather than followed: minutes archives are a
 * few levels deep, and a bound keeps the stack and run time bounded. */
#define MAX_DEPTH 64

static int seen_before(walk_t *w, const struct stat *st)
{
    for (size_t i = 0; i < w->nseen; i++)
        if (w->seen[i].dev == st->st_dev && w->seen[i].ino == st->st_ino)
            return 1;
    if (w->nseen == w->cap) {
        size_t cap = w->cap ? w->cap * 2 : 64;
        dir_id_t *v = realloc(w->seen, cap * sizeof *v);
        if (!v)
            return 1; /* out of memory: treat as seen, so the walk ends */
        w->seen = v;
        w->cap = cap;
    }
    w->seen[w->nseen].dev = st->st_dev;
    w->seen[w->nseen].ino = st->st_ino;
    w->nseen++;
    return 0;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int visit(walk_t *w, const char *path, int follow);

static int walk_dir(walk_t *w, const char *path)
{
    DIR *d = opendir(path);
    if (!d) {
        char reason[IDX_REASON];
        snprintf(reason, sizeof reason, "cannot read directory: %s", strerror(errno));
        return w->cb(w->ctx, IDX_FAIL, path, reason);
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    int stop = 0;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            char **v = realloc(names, cap * sizeof *v);
            if (!v) {
                stop = w->cb(w->ctx, IDX_FAIL, path, "out of memory");
                break;
            }
            names = v;
        }
        if (!(names[n] = strdup(e->d_name))) {
            stop = w->cb(w->ctx, IDX_FAIL, path, "out of memory");
            break;
        }
        n++;
    }
    closedir(d);
    if (n > 1)
        qsort(names, n, sizeof *names, cmp_names);
    size_t plen = strlen(path);
    for (size_t i = 0; i < n && !stop; i++) {
        size_t need = plen + 1 + strlen(names[i]) + 1;
        char *child = malloc(need);
        if (!child) {
            stop = w->cb(w->ctx, IDX_FAIL, path, "out of memory");
            break;
        }
        snprintf(child, need, "%s%s%s", path, (plen && path[plen - 1] == '/') ? "" : "/", names[i]);
        stop = visit(w, child, 0);
        free(child);
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return stop;
}

static int visit(walk_t *w, const char *path, int follow)
{
    struct stat st;
    char reason[IDX_REASON];
    if ((follow ? stat(path, &st) : lstat(path, &st)) != 0) {
        snprintf(reason, sizeof reason, "%s", strerror(errno));
        return w->cb(w->ctx, IDX_FAIL, path, reason);
    }
    if (S_ISLNK(st.st_mode))
        return w->cb(w->ctx, IDX_SKIP, path, "symbolic link (not followed)");
    if (S_ISDIR(st.st_mode)) {
        if (seen_before(w, &st))
            return 0;
        if (w->depth >= MAX_DEPTH)
            return w->cb(w->ctx, IDX_FAIL, path, "directory nested too deeply");
        w->depth++;
        int stop = walk_dir(w, path);
        w->depth--;
        return stop;
    }
    /* Never opened: a FIFO would block, a device could feed endless
     * data. */
    if (S_ISFIFO(st.st_mode))
        return w->cb(w->ctx, IDX_SKIP, path, "a FIFO, not a regular file (not opened)");
    if (S_ISSOCK(st.st_mode))
        return w->cb(w->ctx, IDX_SKIP, path, "a socket, not a regular file (not opened)");
    if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))
        return w->cb(w->ctx, IDX_SKIP, path, "a device, not a regular file (not opened)");
    if (!S_ISREG(st.st_mode))
        return w->cb(w->ctx, IDX_SKIP, path, "not a regular file (not opened)");
    if (!idx_supported(path)) {
        char list[IDX_REASON - 40];
        idx_formats_describe(list, sizeof list, 0);
        snprintf(reason, sizeof reason, "unsupported file type (indexed: %s)", list);
        return w->cb(w->ctx, IDX_SKIP, path, reason);
    }
    char *abs = realpath(path, NULL);
    if (!abs) {
        snprintf(reason, sizeof reason, "%s", strerror(errno));
        return w->cb(w->ctx, IDX_FAIL, path, reason);
    }
    int stop = w->cb(w->ctx, IDX_FILE, abs, NULL);
    free(abs);
    return stop;
}

int idx_walk(const char *root, const char *skip_dir, idx_visit_cb cb, void *ctx)
{
    walk_t w = { cb, ctx, NULL, 0, 0, 0 };
    struct stat st;
    /* An index inside a root is refused (main.c), but a bind mount can
     * still bring it into the walk: marking it as already visited leaves
     * it out silently. */
    if (skip_dir && stat(skip_dir, &st) == 0 && S_ISDIR(st.st_mode))
        seen_before(&w, &st);
    int stop = visit(&w, root, 1);
    free(w.seen);
    return stop;
}
