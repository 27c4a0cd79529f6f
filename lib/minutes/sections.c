/* sections.c - the labelled parts of an item: Norwegian "Bakgrunn:",
 * "Fremlegg v/Name", "Innspill til saken:", "Vedtak:" and Danish
 * "Sagsfremstilling", "Indstilling", "Referat", "Beslutning". */
#include "minutes/mnt_private.h"

#include <stdlib.h>
#include <string.h>

static const struct {
    const char *pat;
    mnt_section_kind_t kind;
} labels[] = {
    { "bakgrunn", MNT_SEC_BAKGRUNN },
    { "innspill til saken", MNT_SEC_INNSPILL },
    { "innspill til saka", MNT_SEC_INNSPILL },
    { "innspill", MNT_SEC_INNSPILL },
    { "fremlegg", MNT_SEC_FREMLEGG },
    { "framlegg", MNT_SEC_FREMLEGG },
    { "vedtak", MNT_SEC_VEDTAK },
    { "sagsfremstilling", MNT_SEC_SAGSFREMSTILLING },
    { "indstilling", MNT_SEC_INDSTILLING },
    { "referat", MNT_SEC_REFERAT },
    { "beslutning", MNT_SEC_BESLUTNING },
};

/* A label is a line of its own ("Bakgrunn", "Bakgrunn:"), a label with a
 * colon and text ("Vedtak: Godkjent."), "Fremlegg v/Name", or a label
 * followed by a sentence ("Beslutning Dagsordenen blev godkendt").  Text
 * that goes on in lower case ("Referat fra forrige møte ...",
 * "Bakgrunn for saken er ...") is running prose, not a label. */
mnt_section_kind_t mntp_section_label(const char *s, size_t n)
{
    /* Only the start of a line can hold a label. */
    if (n > 4096)
        n = 4096;
    for (size_t k = 0; k < sizeof labels / sizeof labels[0]; k++) {
        int colon = 0;
        size_t v = mntp_label(s, n, labels[k].pat, &colon);
        if (!v)
            continue;
        if (v >= n || colon)
            return labels[k].kind;
        if (labels[k].kind == MNT_SEC_FREMLEGG &&
            ((n - v >= 2 && (s[v] | 32) == 'v' && s[v + 1] == '/') ||
             (n - v >= 4 && strncmp(s + v, "ved ", 4) == 0)))
            return labels[k].kind;
        if (!mntp_starts_lower(s + v, n - v) && s[v] != ',' && s[v] != '.')
            return labels[k].kind;
    }
    return MNT_SEC_NONE;
}

int mntp_sections(mnt_minutes_t *m, const mntp_text_t *tx)
{
    size_t li = 0;
    for (size_t k = 0; k < m->nitems; k++) {
        mnt_item_t *it = &m->items[k];
        while (li < tx->n && tx->v[li].ls < it->start)
            li++;
        li++; /* the heading line itself */
        size_t cap = 0;
        for (; li < tx->n && tx->v[li].ls < it->end; li++) {
            const mntp_line_t *l = &tx->v[li];
            mnt_section_kind_t kind = mntp_section_label(tx->t + l->s, l->e - l->s);
            if (kind == MNT_SEC_NONE || it->nsections >= MNTP_MAX_SECTIONS)
                continue;
            if (it->nsections == cap) {
                size_t nc = cap ? cap * 2 : 4;
                mnt_section_t *v = realloc(it->sections, nc * sizeof *v);
                if (!v)
                    return -1;
                it->sections = v;
                cap = nc;
            }
            if (it->nsections > 0)
                it->sections[it->nsections - 1].end = l->ls;
            it->sections[it->nsections++] = (mnt_section_t){ l->ls, it->end, kind };
        }
    }
    return 0;
}
