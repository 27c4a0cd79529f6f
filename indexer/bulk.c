/* bulk.c - the index directory's lock, and a first build written as
 * shards and merged by compaction.
 *
 * Xapian's writer slows as its index grows: each commit merges into ever
 * larger B-trees (docs/performance.md).  A first build into an empty
 * directory therefore writes shards instead -- one writer process per
 * core, each starting a fresh database every IDX_BULK_SHARD_BYTES of
 * text -- and merges them with Xapian's compaction at the end.  The merged
 * database is written beside the index, in DIR/.bulk, and moved into DIR
 * table by table with the version file (iamglass) last: until that one
 * rename DIR holds no database, after it a complete one, so a crash at any
 * point leaves either the empty directory the build started from or the
 * finished index.  A later run removes what a crashed build left.
 *
 * Every referat-index holds DIR/referat.lock (fcntl) for its whole run, so
 * no other indexer opens DIR while a build has no database there yet.
 */
#define _XOPEN_SOURCE 700
#include "idx.h"
#include "schema.h"
#include "testhook.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int idx_lock_dir(const char *dir, int *fd)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/" REFERAT_LOCK_FILE, dir);
    *fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (*fd < 0)
        return -1;
    struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
    if (fcntl(*fd, F_SETLK, &fl) == 0)
        return 0;
    int e = errno;
    close(*fd);
    *fd = -1;
    if (e == EACCES || e == EAGAIN)
        return 1;
    errno = e;
    return -1;
}

static int exists_in(const char *dir, const char *name)
{
    char path[4096];
    struct stat st;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return lstat(path, &st) == 0;
}

int idx_has_database(const char *dir)
{
    return exists_in(dir, "iamglass") || exists_in(dir, "XAPIANDB");
}

static int has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* 1 when DIR's database carries referat's schema key. */
static int has_schema(const char *dir)
{
    xs_db_t *db = xs_db_new();
    char *schema = NULL;
    int yes = db && xs_db_open(db, dir, XS_DB_READ) == XS_OK &&
              xs_db_get_metadata(db, REFERAT_SCHEMA_KEY, &schema) == XS_OK && schema[0] != '\0';
    free(schema);
    xs_db_free(db);
    return yes;
}

/* 1 for a file referat-index or Xapian keeps in an index directory.
 * Glass writes a commit's new version file as v.tmp and renames it to
 * iamglass: a writer killed between the two leaves v.tmp behind (crash.sh
 * met it as a first build killed during its first commit). */
static int index_file(const char *name)
{
    return strcmp(name, REFERAT_LOCK_FILE) == 0 || strcmp(name, REFERAT_BULK_DIR) == 0 ||
           strcmp(name, "iamglass") == 0 || strcmp(name, "flintlock") == 0 ||
           strcmp(name, "v.tmp") == 0 || strcmp(name, "XAPIANDB") == 0 || has_suffix(name, ".glass");
}

idx_dir_t idx_dir_kind(const char *dir)
{
    struct stat st;
    if (stat(dir, &st) != 0)
        return IDX_DIR_NEW;
    if (!S_ISDIR(st.st_mode))
        return IDX_DIR_NOT_DIR;
    if (idx_has_database(dir) && has_schema(dir))
        return IDX_DIR_INDEX;
    DIR *d = opendir(dir);
    if (!d)
        return IDX_DIR_NEW;
    int other = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0 && !index_file(e->d_name))
            other = 1;
    closedir(d);
    /* A Xapian database without the key is a first build that has not
     * committed yet only where referat-index has held its lock. */
    if (other || (idx_has_database(dir) && !exists_in(dir, REFERAT_LOCK_FILE)))
        return IDX_DIR_OTHER;
    return IDX_DIR_INDEX;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    remove(path);
    return 0;
}

int idx_bulk_clean(const char *dir)
{
    int left = exists_in(dir, REFERAT_BULK_DIR);
    char path[4096];
    snprintf(path, sizeof path, "%s/" REFERAT_BULK_DIR, dir);
    nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    if (idx_has_database(dir))
        return 0; /* a build stopped after it installed its index */
    /* Tables moved in before the version file was: no database yet. */
    DIR *d = opendir(dir);
    if (!d)
        return left;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (has_suffix(e->d_name, ".glass") || strcmp(e->d_name, "flintlock") == 0) {
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            unlink(path);
        }
    }
    closedir(d);
    return left;
}

static int sync_path(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

int idx_bulk_install(const char *from, const char *dir, char *reason)
{
    DIR *d = opendir(from);
    if (!d) {
        snprintf(reason, IDX_REASON, "%s: %s", from, strerror(errno));
        return -1;
    }
    char src[4096], dst[4096];
    struct dirent *e;
    int moved = 0, rc = 0;
    const char *kill_spec = referat_test_env("REFERAT_TEST_KILL");
    while (rc == 0 && (e = readdir(d)) != NULL) {
        if (!has_suffix(e->d_name, ".glass"))
            continue;
        snprintf(src, sizeof src, "%s/%s", from, e->d_name);
        snprintf(dst, sizeof dst, "%s/%s", dir, e->d_name);
        /* The table reaches the disk before the version file names it. */
        if (sync_path(src) != 0 || rename(src, dst) != 0) {
            snprintf(reason, IDX_REASON, "moving %.60s into %.120s: %.50s", e->d_name, dir, strerror(errno));
            rc = -1;
        }
        /* Fault injection for tests/e2e/crash.sh: a crash between tables. */
        if (rc == 0 && ++moved == 1 && kill_spec && strcmp(kill_spec, "install") == 0)
            raise(SIGKILL);
    }
    closedir(d);
    if (rc != 0)
        return rc;
    snprintf(src, sizeof src, "%s/iamglass", from);
    snprintf(dst, sizeof dst, "%s/iamglass", dir);
    if (sync_path(src) != 0 || sync_path(dir) != 0 || rename(src, dst) != 0 || sync_path(dir) != 0) {
        snprintf(reason, IDX_REASON, "installing the merged index in %s: %s", dir, strerror(errno));
        return -1;
    }
    return 0;
}
