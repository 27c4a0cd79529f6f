/* breaks.c - where the minutes' structure ends a passage (mnt.h). */
#include "minutes/mnt.h"

#include <stdlib.h>

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

size_t *mnt_passage_breaks(const mnt_minutes_t *m, size_t *n)
{
    *n = 0;
    if (!m)
        return NULL;
    size_t cap = 2 + m->nitems;
    size_t *v = malloc(cap * sizeof *v), k = 0;
    if (!v)
        return NULL;
    if (m->agenda_end > m->agenda_start) {
        v[k++] = m->agenda_start;
        v[k++] = m->agenda_end;
    }
    for (size_t i = 0; i < m->nitems; i++)
        v[k++] = m->items[i].start;
    qsort(v, k, sizeof *v, cmp_size);
    *n = k;
    return v;
}
