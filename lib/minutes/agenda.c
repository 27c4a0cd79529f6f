/* agenda.c - agenda-item headings, the agenda list at the top, and the
 * items in the body.
 *
 * Headings come in three kinds: Norwegian "Sak 19/2023 Title" (also
 * "Sak 24 /2023", "sak11/2022"), Danish "3) Title" and Danish "3. Title".
 * The agenda list repeats the headings of the items, so the list is told
 * apart as the first run of headings of one kind with nothing but wrapped
 * lines or "a." sub-items between them, provided its numbers come back
 * later or a "Dagsorden" label introduces it.  The items are the headings
 * after that list.  An agenda entry whose body heading lost its case
 * number ("Okonomi og budsjett 2024" for "Sak 16/2023 @konomi og
 * budsjett 2024") is found again by comparing titles.
 */
#include "minutes/mnt_private.h"
#include "casenum.h"
#include "schema.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

/* The title after the heading number: separators skipped, and rejected
 * when it starts like running text ("sak 6/2019, og ...", "sak 7/2022 å
 * etablere"), which is how a wrapped body line beginning with a case
 * reference is kept from becoming a heading. */
static int title_after(const char *s, size_t n, size_t i, mntp_heading_t *h, int need)
{
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == ':' || s[i] == '-'))
        i++;
    if (i + 3 <= n && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
        (unsigned char)s[i + 2] == 0x93) {
        i += 3;
        while (i < n && s[i] == ' ')
            i++;
    }
    if (i < n && (s[i] == ',' || s[i] == ';' || s[i] == ')' || s[i] == '.'))
        return 0;
    if (mntp_starts_lower(s + i, n - i))
        return 0;
    if (need && i >= n)
        return 0;
    h->title_s = i;
    h->title_e = n;
    return 1;
}

int mntp_heading(const char *s, size_t n, mntp_heading_t *h)
{
    memset(h, 0, sizeof *h);
    if (n == 0 || n > MNTP_HEADING_BYTES)
        return 0;
    size_t i = mntp_skip_bullet(s, n);
    /* "Sak 12/2024", "Sag 12/2024" (Danish), "Sak nr. 12/2024", and the
     * other spellings of casenum.h. */
    size_t lab = (s[i] | 32) == 's' ? referat_case_label(s + i, n - i) : 0;
    referat_case_t c;
    size_t used = lab ? referat_case_read(s + i + lab, n - i - lab, 1, &c) : 0;
    if (lab && (used == 0 || c.month))
        return 0;
    if (used) {
        size_t j = i + lab + used;
        if (j < n && s[j] != ' ' && s[j] != '\t' && s[j] != ':' && s[j] != '-')
            return 0;
        h->number = c.number;
        h->year = c.year;
        h->kind = MNTP_H_SAK;
        return title_after(s, n, j, h, 0);
    }
    /* Danish "Punkt 3: Title", "Pkt. 3. Title": numbered items, read
     * like "3) Title". */
    size_t pw = 0;
    if (i + 6 < n && strncasecmp(s + i, "punkt ", 6) == 0)
        pw = 6;
    else if (i + 5 < n && strncasecmp(s + i, "pkt. ", 5) == 0)
        pw = 5;
    if (pw) {
        size_t j = i + pw;
        int num = 0, d = 0;
        while (j < n && is_digit((unsigned char)s[j]) && d < 3)
            num = num * 10 + (s[j++] - '0'), d++;
        if (d == 0 || d > 2 || num < 1 || j >= n)
            return 0;
        if (s[j] == ':' || s[j] == '.' || s[j] == ')')
            j++;
        if (j >= n || s[j] != ' ')
            return 0;
        h->number = num;
        h->kind = MNTP_H_PAREN;
        return title_after(s, n, j, h, 1);
    }
    int num = 0, d = 0;
    while (i < n && is_digit((unsigned char)s[i]) && d < 3)
        num = num * 10 + (s[i++] - '0'), d++;
    if (d == 0 || d > 2 || num < 1 || i + 1 >= n || s[i + 1] != ' ')
        return 0;
    h->number = num;
    if (s[i] == ')') {
        h->kind = MNTP_H_PAREN;
        return title_after(s, n, i + 1, h, 1);
    }
    if (s[i] == '.') {
        /* "1. januar 2024 ..." is a wrapped date, not an item. */
        mnt_date_t dt;
        size_t k = i + 1, ds = i - (size_t)d;
        while (k < n && s[k] == ' ')
            k++;
        size_t w = k + 12 < n ? k + 12 : n;
        if (!mntp_starts_upper(s + k, n - k) || mntp_date_in(s + ds, w - ds, &dt))
            return 0;
        h->kind = MNTP_H_DOT;
        return title_after(s, n, k, h, 1);
    }
    return 0;
}

typedef struct {
    size_t line;
    mntp_heading_t h;
} cand_t;

static const mntp_line_t *L(const mntp_text_t *tx, size_t i) { return &tx->v[i]; }

static int is_sub_item(const mntp_text_t *tx, size_t i)
{
    const char *s = tx->t + L(tx, i)->s;
    size_t n = L(tx, i)->e - L(tx, i)->s;
    return n >= 3 && s[0] >= 'a' && s[0] <= 'z' && (s[1] == '.' || s[1] == ')') && s[2] == ' ';
}

static int is_section(const mntp_text_t *tx, size_t i)
{
    return mntp_section_label(tx->t + L(tx, i)->s, L(tx, i)->e - L(tx, i)->s) != MNT_SEC_NONE;
}

static int is_agenda_label(const mntp_text_t *tx, size_t i)
{
    const char *s = tx->t + L(tx, i)->s;
    size_t n = L(tx, i)->e - L(tx, i)->s;
    return n < 40 && (mntp_label(s, n, "dagsorden", NULL) || mntp_label(s, n, "dagsordenen", NULL) ||
                      mntp_label(s, n, "saksliste", NULL));
}

/* Between two agenda-list lines only wrapped title lines and sub-items. */
static int list_gap(const mntp_text_t *tx, size_t a, size_t b)
{
    size_t other = 0;
    for (size_t i = a + 1; i < b; i++) {
        if (is_section(tx, i))
            return 0;
        if (!is_sub_item(tx, i) && ++other > 3)
            return 0;
    }
    return 1;
}

/* Text after a heading that makes it an item: a section label, or more
 * than a few lines before the next heading. */
static int has_body(const mntp_text_t *tx, size_t a, size_t b)
{
    if (b - a - 1 > 3)
        return 1;
    for (size_t i = a + 1; i < b; i++)
        if (is_section(tx, i))
            return 1;
    return 0;
}

static int same_key(const mntp_heading_t *a, const mntp_heading_t *b)
{
    return a->number == b->number && a->year == b->year;
}

static int add_item(mnt_minutes_t *m, size_t *cap, const mntp_text_t *tx, size_t line,
                    const mntp_heading_t *h, size_t ts, size_t te)
{
    if (m->nitems >= MNTP_MAX_ITEMS)
        return 0;
    if (m->nitems == *cap) {
        size_t nc = *cap ? *cap * 2 : 16;
        mnt_item_t *v = realloc(m->items, nc * sizeof *v);
        if (!v)
            return -1;
        m->items = v;
        *cap = nc;
    }
    mnt_item_t *it = &m->items[m->nitems];
    memset(it, 0, sizeof *it);
    it->start = L(tx, line)->ls;
    it->end = line; /* the line index until extents are set */
    it->title_start = ts;
    it->title_end = te;
    it->number = h->number;
    if (h->year)
        referat_case_format(&(referat_case_t){ h->number, h->year, 0, 0 }, it->case_no);
    it->title = mntp_fold_dup(tx->t + ts, te - ts, MNTP_MAX_TITLE);
    if (!it->title)
        return -1;
    m->nitems++;
    return 0;
}

static int by_start(const void *a, const void *b)
{
    const mnt_item_t *x = a, *y = b;
    return x->start < y->start ? -1 : x->start > y->start;
}

/* Finds the body heading, without its case number, of agenda entry R[k]:
 * the line most like its title between the items of the neighbouring
 * agenda entries. */
static int link_title(mnt_minutes_t *m, size_t *cap, const mntp_text_t *tx, const cand_t *r,
                      size_t nr, size_t k, size_t first_line, size_t nitems0)
{
    char want[MNTP_MAX_TITLE + 1], got[MNTP_MAX_TITLE + 1];
    const mntp_heading_t *h = &r[k].h;
    size_t wn = h->title_e - h->title_s;
    if (mntp_fold_key(tx->t + L(tx, r[k].line)->s + h->title_s, wn, want, sizeof want) < 3)
        return 0;
    size_t lo = first_line, hi = tx->n;
    for (size_t j = 0; j < nitems0; j++) {
        const mnt_item_t *it = &m->items[j];
        for (size_t q = 0; q < nr; q++) {
            if (it->number != r[q].h.number || !it->case_no[0] ||
                atoi(strchr(it->case_no, '/') + 1) != r[q].h.year)
                continue;
            if (q < k && it->end + 1 > lo)
                lo = it->end + 1;
            if (q > k && it->end < hi)
                hi = it->end;
        }
    }
    if (hi > lo + 5000)
        hi = lo + 5000; /* bounds the work on pathological input */
    double best = 0.8;
    size_t at = 0;
    for (size_t i = lo; i < hi; i++) {
        const mntp_line_t *l = L(tx, i);
        size_t n = l->e - l->s;
        mntp_heading_t dummy;
        if (n > MNTP_HEADING_BYTES || n * 2 < wn || n > wn * 2 || is_section(tx, i) ||
            mntp_heading(tx->t + l->s, n, &dummy))
            continue;
        mntp_fold_key(tx->t + l->s, n, got, sizeof got);
        double sim = mntp_similar(want, got);
        if (sim > best) {
            best = sim;
            at = i;
        }
    }
    if (best <= 0.8)
        return 0;
    /* Two agenda entries with one title find the same line: one item. */
    for (size_t j = 0; j < m->nitems; j++)
        if (m->items[j].start == L(tx, at)->ls)
            return 0;
    return add_item(m, cap, tx, at, h, L(tx, at)->s, L(tx, at)->e);
}

/* Body headings that lost their case number and are not in the agenda
 * list either: a short line of its own, inside an item that already had
 * its sections, followed by the label that opens an item ("Bakgrunn",
 * "Sagsfremstilling").  They become items without number or case number,
 * so the item before them does not swallow their text. */
static int orphans(mnt_minutes_t *m, size_t *cap, const mntp_text_t *tx)
{
    size_t n0 = m->nitems, k = 0;
    if (n0 == 0)
        return 0;
    int seen = 0;
    for (size_t i = m->items[0].end; i + 1 < tx->n; i++) {
        if (k < n0 && i == m->items[k].end) { /* an item's heading line */
            k++;
            seen = 0;
            continue;
        }
        const mntp_line_t *l = L(tx, i);
        size_t n = l->e - l->s;
        if (is_section(tx, i)) {
            seen = 1;
            continue;
        }
        if (!seen || n > 120 || !mntp_starts_upper(tx->t + l->s, n) ||
            tx->t[l->e - 1] == '.' || tx->t[l->e - 1] == ':' || tx->t[l->e - 1] == ',' ||
            !mntp_para_break(tx, i))
            continue;
        if (k < n0 && i + 1 == m->items[k].end)
            continue;
        mnt_section_kind_t next = mntp_section_label(tx->t + L(tx, i + 1)->s,
                                                     L(tx, i + 1)->e - L(tx, i + 1)->s);
        if (next != MNT_SEC_BAKGRUNN && next != MNT_SEC_SAGSFREMSTILLING)
            continue;
        mntp_heading_t none;
        memset(&none, 0, sizeof none);
        if (add_item(m, cap, tx, i, &none, l->s, l->e) < 0)
            return -1;
        seen = 0;
    }
    if (m->nitems > n0)
        qsort(m->items, m->nitems, sizeof *m->items, by_start);
    return 0;
}

int mntp_items(mnt_minutes_t *m, const mntp_text_t *tx)
{
    cand_t *c = malloc(MNTP_MAX_HEADINGS * sizeof *c);
    if (!c)
        return -1;
    size_t nc = 0, nk[4] = { 0 };
    for (size_t i = 0; i < tx->n && nc < MNTP_MAX_HEADINGS; i++) {
        mntp_heading_t h;
        if (mntp_heading(tx->t + L(tx, i)->s, L(tx, i)->e - L(tx, i)->s, &h)) {
            c[nc++] = (cand_t){ i, h };
            nk[h.kind]++;
        }
    }
    int fam = nk[MNTP_H_SAK] ? MNTP_H_SAK : nk[MNTP_H_PAREN] ? MNTP_H_PAREN : MNTP_H_DOT;
    /* The headings that matter: the family's, and for "3)" items also a
     * "1." list before the first of them. */
    size_t first_fam = tx->n, nh = 0;
    for (size_t i = 0; i < nc; i++)
        if (c[i].h.kind == fam && c[i].line < first_fam)
            first_fam = c[i].line;
    for (size_t i = 0; i < nc; i++)
        if (c[i].h.kind == fam || (fam == MNTP_H_PAREN && c[i].h.kind == MNTP_H_DOT &&
                                   c[i].line < first_fam))
            c[nh++] = c[i];

    /* The agenda list: the first run of one kind. */
    size_t nr = 0;
    if (nh > 0) {
        nr = 1;
        while (nr < nh && c[nr].h.kind == c[0].h.kind && list_gap(tx, c[nr - 1].line, c[nr].line))
            nr++;
    }
    int labelled = 0;
    size_t label_line = 0;
    for (size_t b = 1; nh > 0 && b <= 2 && b <= c[0].line; b++)
        if (is_agenda_label(tx, c[0].line - b)) {
            labelled = 1;
            label_line = c[0].line - b;
        }
    int again = 0;
    for (size_t i = 0; i < nr && !again; i++)
        for (size_t j = nr; j < nh && !again; j++)
            again = same_key(&c[i].h, &c[j].h);
    if (nr < 2 || !(again || labelled))
        nr = 0;

    size_t cap = 0, first_item = 0;
    if (nr > 0) {
        /* The last list entry may be the first item when the list lost
         * its tail (the heading is followed by its text). */
        size_t last = nr - 1, next = nr < nh ? c[nr].line : tx->n;
        int reappears = 0;
        for (size_t j = nr; j < nh && !reappears; j++)
            reappears = same_key(&c[last].h, &c[j].h);
        first_item = nr;
        if (!reappears && has_body(tx, c[last].line, next))
            first_item = last;
        size_t end_line = c[first_item - 1].line;
        while (end_line + 1 < tx->n && end_line + 1 < next && is_sub_item(tx, end_line + 1))
            end_line++;
        m->agenda_start = L(tx, labelled ? label_line : c[0].line)->ls;
        m->agenda_end = L(tx, end_line)->e;
    }
    int rc = 0;
    for (size_t i = first_item; i < nh && rc == 0; i++)
        if (c[i].h.kind == fam)
            rc = add_item(m, &cap, tx, c[i].line, &c[i].h, L(tx, c[i].line)->s + c[i].h.title_s,
                          L(tx, c[i].line)->s + c[i].h.title_e);
    /* Agenda entries without an item: look for the heading by title. */
    if (rc == 0 && fam == MNTP_H_SAK && nr > 0 && nr <= 200) {
        size_t n0 = m->nitems, tries = 0, from = c[first_item - 1].line + 1;
        for (size_t k = 0; k < first_item && rc == 0 && tries < 50; k++) {
            int found = 0;
            for (size_t j = 0; j < n0 && !found; j++)
                found = m->items[j].number == c[k].h.number && m->items[j].case_no[0] &&
                        atoi(strchr(m->items[j].case_no, '/') + 1) == c[k].h.year;
            if (!found) {
                tries++;
                rc = link_title(m, &cap, tx, c, first_item, k, from, n0);
            }
        }
    }
    free(c);
    if (rc < 0)
        return -1;
    if (m->nitems > 1)
        qsort(m->items, m->nitems, sizeof *m->items, by_start);
    if (orphans(m, &cap, tx) < 0)
        return -1;
    for (size_t i = 0; i < m->nitems; i++)
        m->items[i].end = i + 1 < m->nitems ? m->items[i + 1].start : tx->len;
    return 0;
}
