/* passages.c - referat-passages: writes each passage of each file as a
 * file of its own, exactly as referat-index makes the passages, so that
 * another search engine (Xapian Omega, for eval/) can index the very same
 * units referat ranks.
 *
 * Usage: referat-passages OUTDIR FILE...
 *
 * For every FILE, its bytes (after a UTF-8 byte-order mark, which the
 * indexer skips too) are made into passages by mnt_passages(), the call
 * referat-index makes: split at the structure's breaks, runs of encoded
 * data blanked and a passage of nothing else left out.  Passage N
 * (1-based, the passage number the index stores) is written to
 * OUTDIR/<basename of FILE without .txt>__p<N>.txt holding the passage's
 * text and nothing else.  OUTDIR must exist.  Two FILEs with the same
 * basename would write the same names and are refused.  A file with no
 * text, or with nothing but encoded data, yields no passages.
 *
 * Exit status: 0 on success; 1 when a file cannot be read or written (a
 * one-line error names it); 2 on a usage error.
 */
#include "minutes/mnt.h"
#include "passage/psg.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *prog = "referat-passages";

static void usage(FILE *f)
{
    fprintf(f, "usage: %s OUTDIR FILE...\n", prog);
}

/* Reads all of PATH into a malloc()ed buffer; NULL with errno set on
 * failure. */
static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 65536, n = 0;
    char *buf = malloc(cap);
    if (!buf) {
        fclose(f);
        errno = ENOMEM;
        return NULL;
    }
    for (;;) {
        if (n == cap) {
            char *p = realloc(buf, cap * 2);
            if (!p) {
                free(buf);
                fclose(f);
                errno = ENOMEM;
                return NULL;
            }
            buf = p;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0) {
            if (ferror(f)) {
                int e = errno ? errno : EIO;
                free(buf);
                fclose(f);
                errno = e;
                return NULL;
            }
            break;
        }
    }
    fclose(f);
    *len = n;
    return buf;
}

/* The basename of PATH without a trailing ".txt", as a pointer into PATH
 * and a length. */
static const char *stem_of(const char *path, size_t *len)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t n = strlen(base);
    if (n > 4 && strcmp(base + n - 4, ".txt") == 0)
        n -= 4;
    *len = n;
    return base;
}

/* Writes the passages of PATH into OUTDIR.  0 on success, -1 after
 * printing an error. */
static int split_file(const char *outdir, const char *path)
{
    size_t len = 0;
    char *buf = read_file(path, &len);
    if (!buf) {
        fprintf(stderr, "%s: %s: cannot read: %s\n", prog, path, strerror(errno));
        return -1;
    }
    size_t bom = (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) ? 3 : 0;
    psg_list_t *list = NULL;
    psg_left_out_t left;
    psg_status_t ps = mnt_passages(buf + bom, len - bom, path, NULL, &list, &left);
    if (ps != PSG_OK) {
        fprintf(stderr, "%s: %s: cannot split into passages: %s\n", prog, path,
                psg_status_string(ps));
        free(buf);
        return -1;
    }
    size_t slen;
    const char *stem = stem_of(path, &slen);
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < psg_list_count(list); i++) {
        const psg_passage_t *p = psg_list_get(list, i);
        size_t need = strlen(outdir) + 1 + slen + 32;
        char *out = malloc(need);
        if (!out) {
            fprintf(stderr, "%s: %s: out of memory\n", prog, path);
            rc = -1;
            break;
        }
        snprintf(out, need, "%s/%.*s__p%zu.txt", outdir, (int)slen, stem, i + 1);
        FILE *f = fopen(out, "wb");
        if (!f) {
            fprintf(stderr, "%s: %s: cannot create: %s\n", prog, out, strerror(errno));
            rc = -1;
        } else {
            int bad = fwrite(p->text, 1, p->text_len, f) != p->text_len;
            if (fclose(f) != 0 || bad) {
                fprintf(stderr, "%s: %s: cannot write: %s\n", prog, out, strerror(errno));
                rc = -1;
            }
        }
        free(out);
    }
    psg_list_free(list);
    free(buf);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        usage(stdout);
        return 0;
    }
    if (argc < 3) {
        usage(stderr);
        return 2;
    }
    const char *outdir = argv[1];
    /* Refuse clashing output names before writing anything. */
    for (int i = 2; i < argc; i++) {
        size_t li;
        const char *si = stem_of(argv[i], &li);
        if (li == 0) {
            fprintf(stderr, "%s: %s: not a file name\n", prog, argv[i]);
            return 1;
        }
        for (int j = 2; j < i; j++) {
            size_t lj;
            const char *sj = stem_of(argv[j], &lj);
            if (li == lj && memcmp(si, sj, li) == 0) {
                fprintf(stderr, "%s: %s: same name as %s; passages would overwrite each other\n",
                        prog, argv[i], argv[j]);
                return 1;
            }
        }
    }
    for (int i = 2; i < argc; i++)
        if (split_file(outdir, argv[i]) < 0)
            return 1;
    return 0;
}
