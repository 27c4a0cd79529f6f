/* mnt.c - mnt_parse(), mnt_free() and the look-ups by offset. */
#include "minutes/mnt_private.h"
#include "casenum.h"

#include <stdlib.h>
#include <string.h>

static const char *const section_names[MNT_SEC_COUNT] = {
    "", "bakgrunn", "innspill", "fremlegg", "vedtak",
    "sagsfremstilling", "indstilling", "referat", "beslutning",
};

const char *mnt_section_name(mnt_section_kind_t kind)
{
    return (kind > MNT_SEC_NONE && kind < MNT_SEC_COUNT) ? section_names[kind] : "";
}

int mnt_section_is_decision(mnt_section_kind_t kind)
{
    return kind == MNT_SEC_VEDTAK || kind == MNT_SEC_REFERAT || kind == MNT_SEC_BESLUTNING;
}

/* An item with a number but no case number (Danish "3) Title") is named
 * by its meeting's date and its number, "2023-09-14/3" (casenum.h), so it
 * can be looked up as a case is; without a full date it has no name. */
static void name_items(mnt_minutes_t *m)
{
    if (!m->date.year || !m->date.month || !m->date.day)
        return;
    for (size_t i = 0; i < m->nitems; i++) {
        mnt_item_t *it = &m->items[i];
        if (!it->case_no[0] && it->number > 0 && it->number < 100)
            referat_case_format(&(referat_case_t){ it->number, m->date.year, m->date.month, m->date.day },
                                it->case_no);
    }
}

mnt_minutes_t *mnt_parse(const char *text, size_t len, const char *filename)
{
    if (!text)
        len = 0;
    if (!text)
        text = "";
    mnt_minutes_t *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    mntp_text_t tx;
    if (mntp_lines(&tx, text, len) < 0 || mntp_pages(m, text, len) < 0 ||
        mntp_items(m, &tx) < 0 || mntp_sections(m, &tx) < 0 || mntp_subitems(m, &tx) < 0)
        goto fail;
    /* The header ends where the agenda list or the first item begins. */
    size_t stop = len;
    if (m->agenda_end > 0)
        stop = m->agenda_start;
    if (m->nitems > 0 && m->items[0].start < stop)
        stop = m->items[0].start;
    size_t header_end = 0;
    while (header_end < tx.n && tx.v[header_end].ls < stop)
        header_end++;
    if (mntp_header(m, &tx, header_end, filename) < 0)
        goto fail;
    name_items(m);
    mntp_lines_free(&tx);
    return m;
fail:
    mntp_lines_free(&tx);
    mnt_free(m);
    return NULL;
}

static void free_list(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

void mnt_free(mnt_minutes_t *m)
{
    if (!m)
        return;
    free(m->body);
    free_list(m->attendees, m->nattendees);
    free_list(m->absentees, m->nabsentees);
    for (size_t i = 0; i < m->nitems; i++) {
        free(m->items[i].title);
        free(m->items[i].sections);
        for (size_t j = 0; j < m->items[i].nsubitems; j++)
            free(m->items[i].subitems[j].title);
        free(m->items[i].subitems);
    }
    free(m->items);
    free(m->page_starts);
    free(m);
}

const mnt_item_t *mnt_item_at(const mnt_minutes_t *m, size_t offset)
{
    if (!m || m->nitems == 0 || offset < m->items[0].start)
        return NULL;
    /* The last item starting at or before OFFSET. */
    size_t lo = 0, hi = m->nitems;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->items[mid].start <= offset)
            lo = mid;
        else
            hi = mid;
    }
    const mnt_item_t *it = &m->items[lo];
    return offset < it->end ? it : NULL;
}

const mnt_subitem_t *mnt_subitem_at(const mnt_item_t *it, size_t offset)
{
    for (size_t i = it ? it->nsubitems : 0; i-- > 0;)
        if (it->subitems[i].start <= offset)
            return offset < it->subitems[i].end ? &it->subitems[i] : NULL;
    return NULL;
}

mnt_section_kind_t mnt_section_at(const mnt_minutes_t *m, size_t offset)
{
    const mnt_item_t *it = mnt_item_at(m, offset);
    if (!it)
        return MNT_SEC_NONE;
    for (size_t i = it->nsections; i-- > 0;)
        if (it->sections[i].start <= offset)
            return offset < it->sections[i].end ? it->sections[i].kind : MNT_SEC_NONE;
    return MNT_SEC_NONE;
}

size_t mnt_page_at(const mnt_minutes_t *m, size_t offset)
{
    if (!m || m->npages == 0)
        return 1;
    size_t lo = 0, hi = m->npages;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->page_starts[mid] <= offset)
            lo = mid;
        else
            hi = mid;
    }
    return lo + 1;
}
