/* pages.c - page starts from form feeds, as pdftotext writes them. */
#include "minutes/mnt_private.h"

#include <stdlib.h>
#include <string.h>

/* Page 1 starts at 0 and a page starts right after each form feed; a
 * form feed at the very end opens no empty last page, since pdftotext
 * ends its output with one. */
int mntp_pages(mnt_minutes_t *m, const char *t, size_t len)
{
    size_t cap = 16, n = 0;
    size_t *v = malloc(cap * sizeof *v);
    if (!v)
        return -1;
    v[n++] = 0;
    const char *p = t, *end = t + len;
    while (p < end && n < MNTP_MAX_PAGES) {
        const char *ff = memchr(p, '\f', (size_t)(end - p));
        if (!ff || ff + 1 >= end)
            break;
        if (n == cap) {
            size_t *nv = realloc(v, cap * 2 * sizeof *nv);
            if (!nv) {
                free(v);
                return -1;
            }
            v = nv;
            cap *= 2;
        }
        v[n++] = (size_t)(ff + 1 - t);
        p = ff + 1;
    }
    m->page_starts = v;
    m->npages = n;
    return 0;
}
