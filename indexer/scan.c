/* scan.c - OCR of image-only PDFs (scanned minutes), behind --ocr.
 *
 * Two converters, each run like pdftotext (filter.c: own process group,
 * time, memory and output limits): poppler's pdftoppm renders every page
 * to a grey-scale PNG in a private temporary directory, and tesseract
 * reads each page with its Norwegian and Danish models.  Pages are joined
 * with form feeds, so hits carry page numbers as for any PDF.  The
 * directory and its images are removed whatever happens.
 *
 * OCR is slow (seconds per page) and its text is damaged in the ways
 * lib/analysis/ocr.c repairs; that is why it is asked for, not automatic.
 */
#include "idx.h"

#include "testhook.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* More pages than this are not read: a 500-page scan is an archive box,
 * not minutes, and would hold the nightly run for an hour. */
#define SCAN_MAX_PAGES 100
#define SCAN_DPI "300"

static void remove_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *e;
        char path[4096];
        while ((e = readdir(d)) != NULL) {
            if (e->d_name[0] == '.')
                continue;
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            unlink(path);
        }
        closedir(d);
    }
    rmdir(dir);
}

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The page images pdftoppm wrote ("page-01.png", ...), in page order:
 * the numbers are zero-padded to one width, so name order is page order. */
static char **page_images(const char *dir, size_t *n)
{
    DIR *d = opendir(dir);
    *n = 0;
    if (!d)
        return NULL;
    size_t cap = 16;
    char **v = malloc(cap * sizeof *v);
    struct dirent *e;
    while (v && (e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (strncmp(e->d_name, "page-", 5) != 0 || len < 9 || strcmp(e->d_name + len - 4, ".png") != 0)
            continue;
        if (*n == cap) {
            char **nv = realloc(v, (cap *= 2) * sizeof *v);
            if (!nv)
                break;
            v = nv;
        }
        if (!(v[*n] = malloc(strlen(dir) + len + 2)))
            break;
        sprintf(v[*n], "%s/%s", dir, e->d_name);
        (*n)++;
    }
    closedir(d);
    if (v)
        qsort(v, *n, sizeof *v, cmp_name);
    return v;
}

static const char *tesseract_prog(void)
{
    const char *p = referat_test_env("REFERAT_TESSERACT");
    return p && *p ? p : "tesseract";
}

static const char *pdftoppm_prog(void)
{
    const char *p = referat_test_env("REFERAT_PDFTOPPM");
    return p && *p ? p : "pdftoppm";
}

/* The tesseract language list to use: Norwegian and Danish when their
 * models are installed (Debian tesseract-ocr-nor, -dan), else NULL. */
static const char *languages(char *reason)
{
    static char langs[32];
    static int known;
    if (known)
        return langs[0] ? langs : NULL;
    const char *argv[] = { tesseract_prog(), "--list-langs", NULL };
    idx_filter_limits_t lim = { 20, (size_t)1 << 30, 1 << 20 };
    char *out = NULL;
    size_t len = 0;
    char why[IDX_REASON];
    int rc = idx_run_filter(argv, &lim, &out, &len, why);
    known = 1;
    if (rc != 0) {
        snprintf(reason, IDX_REASON, "%s",
                 rc > 0 && (int)len == 127 ? "OCR needs tesseract (Debian package tesseract-ocr)"
                                           : "tesseract --list-langs failed");
        free(out);
        return NULL;
    }
    int nor = strstr(out, "\nnor\n") != NULL, dan = strstr(out, "\ndan\n") != NULL;
    free(out);
    snprintf(langs, sizeof langs, "%s%s%s", nor ? "nor" : "", nor && dan ? "+" : "", dan ? "dan" : "");
    if (!langs[0]) {
        snprintf(reason, IDX_REASON, "OCR needs tesseract's Norwegian or Danish model "
                                     "(Debian packages tesseract-ocr-nor, tesseract-ocr-dan)");
        return NULL;
    }
    return langs;
}

int idx_ocr_pdf(const char *path, char **text, size_t *text_len, char *reason)
{
    *text = NULL;
    *text_len = 0;
    char why[IDX_REASON] = "";
    const char *langs = languages(why);
    if (!langs) {
        snprintf(reason, IDX_REASON, "no text layer (an image-only PDF), and %.180s", why);
        return -1;
    }
    const char *tmp = getenv("TMPDIR");
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/referat-ocr.XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir)) {
        snprintf(reason, IDX_REASON, "OCR: cannot make a temporary directory: %s", strerror(errno));
        return -1;
    }
    char prefix[4200], last[16];
    snprintf(prefix, sizeof prefix, "%s/page", dir);
    snprintf(last, sizeof last, "%d", SCAN_MAX_PAGES);
    const char *render[] = { pdftoppm_prog(), "-q", "-r", SCAN_DPI, "-gray", "-png", "-l", last,
                             path, prefix, NULL };
    idx_filter_limits_t lim = idx_filter_limits(120);
    char *out = NULL;
    size_t len = 0;
    int rc = idx_run_filter(render, &lim, &out, &len, why);
    free(out);
    if (rc != 0) {
        if (rc > 0)
            snprintf(why, sizeof why, "%s exited with status %d", render[0], (int)len);
        snprintf(reason, IDX_REASON, "OCR: rendering the pages failed (%.180s)", why);
        remove_dir(dir);
        return -1;
    }
    size_t npages = 0;
    char **pages = page_images(dir, &npages);
    size_t cap = 4096, n = 0;
    char *all = malloc(cap);
    int failed = !pages || !all || npages == 0;
    if (!pages || !all)
        snprintf(reason, IDX_REASON, "out of memory");
    else if (npages == 0)
        snprintf(reason, IDX_REASON, "OCR: the PDF has no pages to read");
    for (size_t p = 0; !failed && p < npages; p++) {
        const char *read[] = { tesseract_prog(), pages[p], "-", "-l", langs, "--psm", "3", NULL };
        char *page = NULL;
        size_t plen = 0;
        rc = idx_run_filter(read, &lim, &page, &plen, why);
        if (rc != 0) {
            if (rc > 0)
                snprintf(why, sizeof why, "%s exited with status %d", read[0], (int)plen);
            snprintf(reason, IDX_REASON, "OCR of page %zu failed (%.180s)", p + 1, why);
            failed = 1;
            break;
        }
        /* tesseract ends each page with a form feed of its own: drop it,
         * and end each page as pdftotext does, "\n\f". */
        while (plen > 0 && (page[plen - 1] == '\f' || page[plen - 1] == '\n' || page[plen - 1] == ' '))
            plen--;
        if (n + plen + 3 > IDX_MAX_FILE_BYTES) {
            snprintf(reason, IDX_REASON, "OCR produced more than %u MB of text", IDX_MAX_FILE_BYTES >> 20);
            free(page);
            failed = 1;
            break;
        }
        if (n + plen + 3 > cap) {
            size_t ncap = (n + plen + 3) * 2;
            char *na = realloc(all, ncap);
            if (!na) {
                snprintf(reason, IDX_REASON, "out of memory");
                free(page);
                failed = 1;
                break;
            }
            all = na;
            cap = ncap;
        }
        memcpy(all + n, page, plen);
        n += plen;
        all[n++] = '\n';
        all[n++] = '\f';
        free(page);
    }
    for (size_t p = 0; pages && p < npages; p++)
        free(pages[p]);
    free(pages);
    remove_dir(dir);
    if (failed) {
        free(all);
        return -1;
    }
    all[n] = '\0';
    *text = all;
    *text_len = n;
    return 0;
}
