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
    for (size_t i = 0; i < m->nitems; i++)
        cap += m->items[i].nsubitems;
    size_t *v = malloc(cap * sizeof *v), k = 0;
    if (!v)
        return NULL;
    if (m->agenda_end > m->agenda_start) {
        v[k++] = m->agenda_start;
        v[k++] = m->agenda_end;
    }
    for (size_t i = 0; i < m->nitems; i++) {
        v[k++] = m->items[i].start;
        for (size_t j = 0; j < m->items[i].nsubitems; j++)
            v[k++] = m->items[i].subitems[j].start;
    }
    qsort(v, k, sizeof *v, cmp_size);
    *n = k;
    return v;
}

psg_status_t mnt_passages(const char *text, size_t len, const char *filename, mnt_minutes_t **minutes,
                          psg_list_t **list, psg_left_out_t *left)
{
    *list = NULL;
    if (minutes)
        *minutes = NULL;
    mnt_minutes_t *m = mnt_parse(text, len, filename);
    size_t nbreaks = 0, *breaks = m ? mnt_passage_breaks(m, &nbreaks) : NULL;
    /* A NULL list of breaks with a count is memory running out. */
    psg_status_t st = !m || (!breaks && (m->nitems || m->agenda_end > m->agenda_start))
                          ? PSG_NO_MEMORY
                          : psg_split_clean(text, len, breaks, nbreaks, list, left);
    free(breaks);
    if (st != PSG_OK || !minutes)
        mnt_free(m);
    else
        *minutes = m;
    return st;
}
