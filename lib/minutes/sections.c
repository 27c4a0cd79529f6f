/* sections.c - the parts of an item: its labelled sections, Norwegian
 * "Bakgrunn:", "Fremlegg v/Name", "Innspill til saken:", "Vedtak:" and
 * Danish "Sagsfremstilling", "Indstilling", "Referat", "Beslutning"; and
 * its sub-items, lettered ("a. Mundtlige orienteringer", "b) Status for
 * ...") or numbered under the item's number ("2.1 Økonomi"). */
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

static int is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

/* Longest sub-item heading line: longer ones are clauses of a list
 * ("a) Fagrådet anbefaler at ..."), not titles. */
#define SUBITEM_BYTES 120

/* 1 when the N bytes at S are a sub-item heading of item NUMBER: "b. Title",
 * "b) Title" (*KEY gets the letter's place, 1 for a) or "NUMBER.3 Title",
 * "NUMBER.3. Title" (*KEY gets 100 + 3), the title not starting in lower
 * case (running text: "a. m. ble det ...") and not ending as a sentence or
 * a clause does (".", ",", ";": a lettered list of decisions).  Whether
 * the letter or number comes in its turn is the caller's to judge. */
int mntp_subitem(const char *s, size_t n, int number, int *key)
{
    size_t i = 0;
    if (n > SUBITEM_BYTES || n == 0 || s[n - 1] == '.' || s[n - 1] == ',' || s[n - 1] == ';')
        return 0;
    if (n >= 4 && s[0] >= 'a' && s[0] <= 'z' && (s[1] == '.' || s[1] == ')') && (s[2] == ' ' || s[2] == '\t')) {
        *key = s[0] - 'a' + 1;
        i = 3;
    } else {
        int num = 0, sub = 0, d = 0;
        while (i < n && is_digit((unsigned char)s[i]) && d < 3)
            num = num * 10 + (s[i++] - '0'), d++;
        if (d == 0 || num != number || i >= n || s[i] != '.')
            return 0;
        i++, d = 0;
        while (i < n && is_digit((unsigned char)s[i]) && d < 3)
            sub = sub * 10 + (s[i++] - '0'), d++;
        if (d == 0 || d > 2 || sub < 1)
            return 0;
        if (i < n && s[i] == '.')
            i++;
        if (i >= n || (s[i] != ' ' && s[i] != '\t'))
            return 0;
        *key = 100 + sub;
    }
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    return i < n && !mntp_starts_lower(s + i, n - i) && mntp_starts_upper(s + i, n - i);
}

/* A sub-item counts when it comes in its turn: "a." or "N.1" first, then
 * the next letter or number, so a line that happens to begin "e. " in an
 * item without sub-items stays text. */
static int in_turn(int key, int last)
{
    if (key > 100)
        return last >= 100 ? key == last + 1 : key == 101;
    return last > 0 && last < 100 ? key == last + 1 : key == 1;
}

int mntp_subitems(mnt_minutes_t *m, const mntp_text_t *tx)
{
    size_t li = 0;
    for (size_t k = 0; k < m->nitems; k++) {
        mnt_item_t *it = &m->items[k];
        while (li < tx->n && tx->v[li].ls < it->start)
            li++;
        li++; /* the heading line itself */
        int last = 0;
        for (; li < tx->n && tx->v[li].ls < it->end && it->nsubitems < MNTP_MAX_SUBITEMS; li++) {
            const mntp_line_t *l = &tx->v[li];
            int key;
            if (!mntp_subitem(tx->t + l->s, l->e - l->s, it->number, &key) || !in_turn(key, last))
                continue;
            if (!it->subitems && !(it->subitems = malloc(MNTP_MAX_SUBITEMS * sizeof *it->subitems)))
                return -1;
            mnt_subitem_t *sub = &it->subitems[it->nsubitems];
            if (!(sub->title = mntp_fold_dup(tx->t + l->s, l->e - l->s, MNTP_MAX_TITLE)))
                return -1;
            sub->start = l->ls;
            sub->title_start = l->s;
            sub->end = it->end;
            if (it->nsubitems > 0)
                it->subitems[it->nsubitems - 1].end = l->ls;
            it->nsubitems++;
            last = key;
        }
    }
    return 0;
}
