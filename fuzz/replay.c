/* replay.c - runs a libFuzzer harness without libFuzzer.
 *
 * Linked with one fuzz/fuzz_NAME.c, this main() feeds every file named on
 * the command line -- and every regular file below each directory named
 * -- to LLVMFuzzerTestOneInput(), once, after LLVMFuzzerInitialize() when
 * the harness defines it.  So the seed corpora and the crash reproducers
 * in fuzz/regress/ run on every `make check`, with gcc and under the
 * sanitizer build too, while scripts/fuzz.sh builds the same harnesses
 * with clang and -fsanitize=fuzzer to search for new inputs.
 *
 * Usage: replay-NAME [-v] FILE|DIR...
 * A harness that finds a broken invariant calls abort(), so the process
 * dies with the name of the input on stderr (-v names every input as it
 * starts).  Exits 0 when every input ran, 1 when a file could not be
 * read, 2 on a usage error.
 */
#include <dirent.h>
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Optional in a harness: a weak reference is NULL when it is missing. */
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

/* Inputs larger than this are cut, as libFuzzer's -max_len would. */
#define REPLAY_MAX_BYTES (16u * 1024u * 1024u)

static int verbose;
static unsigned long nrun;

/* Reads PATH whole into a malloc()ed buffer; NULL with errno set on
 * failure.  An empty file gives a non-NULL buffer and *len == 0. */
static uint8_t *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    uint8_t *buf = NULL;
    size_t n = 0, cap = 0;

    *len = 0;
    if (!f)
        return NULL;
    for (;;) {
        if (n == cap) {
            size_t nc = cap ? cap * 2 : 4096;
            uint8_t *nb = realloc(buf, nc);
            if (!nb) {
                free(buf);
                fclose(f);
                errno = ENOMEM;
                return NULL;
            }
            buf = nb;
            cap = nc;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0 || n >= REPLAY_MAX_BYTES)
            break;
    }
    if (ferror(f)) {
        free(buf);
        fclose(f);
        errno = EIO;
        return NULL;
    }
    fclose(f);
    *len = n < REPLAY_MAX_BYTES ? n : REPLAY_MAX_BYTES;
    return buf;
}

static int run_file(const char *path)
{
    size_t len;
    uint8_t *data = read_file(path, &len);

    if (!data) {
        fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
        return 1;
    }
    if (verbose)
        fprintf(stderr, "replay: %s (%zu bytes)\n", path, len);
    /* A copy of exactly LEN bytes, so AddressSanitizer sees a read past
     * the end of the input as the overflow it is. */
    uint8_t *copy = malloc(len ? len : 1);
    if (!copy) {
        free(data);
        fprintf(stderr, "replay: %s: out of memory\n", path);
        return 1;
    }
    memcpy(copy, data, len);
    free(data);
    LLVMFuzzerTestOneInput(copy, len);
    free(copy);
    nrun++;
    return 0;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Runs every regular file below directory DIR, in name order, skipping
 * dot files. */
static int run_dir(const char *dir)
{
    DIR *d = opendir(dir);
    char **names = NULL;
    size_t n = 0, cap = 0;
    int rc = 0;
    struct dirent *e;

    if (!d) {
        fprintf(stderr, "replay: %s: %s\n", dir, strerror(errno));
        return 1;
    }
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        if (n == cap) {
            size_t nc = cap ? cap * 2 : 64;
            char **nv = realloc(names, nc * sizeof *nv);
            if (!nv)
                break;
            names = nv;
            cap = nc;
        }
        size_t len = strlen(dir) + strlen(e->d_name) + 2;
        if (!(names[n] = malloc(len)))
            break;
        snprintf(names[n], len, "%s/%s", dir, e->d_name);
        n++;
    }
    closedir(d);
    if (n > 0)
        qsort(names, n, sizeof *names, cmp_names);
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        if (stat(names[i], &st) != 0) {
            fprintf(stderr, "replay: %s: %s\n", names[i], strerror(errno));
            rc = 1;
        } else if (S_ISDIR(st.st_mode)) {
            rc |= run_dir(names[i]);
        } else if (S_ISREG(st.st_mode)) {
            rc |= run_file(names[i]);
        }
        free(names[i]);
    }
    free(names);
    return rc;
}

int main(int argc, char **argv)
{
    int rc = 0, first = 1;

    if (argc > 1 && strcmp(argv[1], "-v") == 0) {
        verbose = 1;
        first = 2;
    }
    if (first >= argc) {
        fprintf(stderr, "usage: %s [-v] FILE|DIR...\n", argv[0]);
        return 2;
    }
    if (LLVMFuzzerInitialize)
        LLVMFuzzerInitialize(&argc, &argv);
    for (int i = first; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0) {
            fprintf(stderr, "replay: %s: %s\n", argv[i], strerror(errno));
            rc = 1;
        } else if (S_ISDIR(st.st_mode)) {
            rc |= run_dir(argv[i]);
        } else {
            rc |= run_file(argv[i]);
        }
    }
    fprintf(stderr, "replay: %lu inputs\n", nrun);
    return rc;
}
