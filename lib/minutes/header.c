/* header.c - the meeting header: the body that met, the date, who came
 * and who sent apologies.
 *
 * The body comes, in this order of trust, from a title line
 * ("Fagrådet for ... - referat", "Referat fra møte i ..."), the Danish
 * "Emne 12. møde i <body>" (which PDF extraction may wrap onto the next
 * line), the Norwegian "Møtetema:" value, or a first line naming a
 * meeting.  The date comes from a "dato" label ("Dato møte:",
 * "Mødedato"), else the first date near the top, else the file name.
 * Attendee entries are kept whole as written, "Name (role)" included,
 * split at commas outside parentheses.
 */
#include "minutes/mnt_private.h"

#include <stdlib.h>
#include <string.h>

static const char *const header_labels[] = {
    "m?tetema", "dato", "m?dedato", "m?tedato", "sted", "tid", "tidspunkt", "tilstede",
    "til stede", "deltagere", "deltakere", "meldt forfall", "forfall", "afbud",
    "frav?rende", "fravaerende", "referent", "emne", "dagsorden", "dagsordenen", "bilag",
    "kopi", "referat", "r e f e r a t", "m?teleder", "ordstyrer", "saksliste",
};

static const char *line_s(const mntp_text_t *tx, size_t i) { return tx->t + tx->v[i].s; }
static size_t line_n(const mntp_text_t *tx, size_t i) { return tx->v[i].e - tx->v[i].s; }

static int is_header_label(const mntp_text_t *tx, size_t i)
{
    for (size_t k = 0; k < sizeof header_labels / sizeof header_labels[0]; k++)
        if (mntp_label(line_s(tx, i), line_n(tx, i), header_labels[k], NULL))
            return 1;
    mntp_heading_t h;
    return mntp_heading(line_s(tx, i), line_n(tx, i), &h);
}

static int ieq(const char *s, const char *lit, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c + 32);
        if (c != lit[i])
            return 0;
    }
    return 1;
}

/* "Fagrådet for ... - referat" gives "Fagrådet for ..."; "Referat fra
 * møte i X" gives X.  Returns 1 and the body's bytes. */
static int title_line(const char *s, size_t n, size_t *bs, size_t *be)
{
    if (n > 10 && ieq(s + n - 7, "referat", 7)) {
        size_t e = n - 7;
        while (e > 0 && s[e - 1] == ' ')
            e--;
        if (e >= 1 && s[e - 1] == '-')
            e--;
        else if (e >= 3 && (unsigned char)s[e - 3] == 0xE2 && (unsigned char)s[e - 2] == 0x80 &&
                 (unsigned char)s[e - 1] == 0x93)
            e -= 3;
        else
            return 0;
        while (e > 0 && s[e - 1] == ' ')
            e--;
        if (e == 0)
            return 0;
        *bs = 0;
        *be = e;
        return 1;
    }
    if (n > 12 && ieq(s, "referat fra ", 12)) {
        size_t i = 12;
        static const char *const skip[] = { "m?tet i", "m?te i", "m?tet", "m?te" };
        for (size_t k = 0; k < 4; k++) {
            size_t v = mntp_label(s + i, n - i, skip[k], NULL);
            if (v) {
                i += v;
                break;
            }
        }
        if (i >= n)
            return 0;
        *bs = i;
        *be = n;
        return 1;
    }
    return 0;
}

/* Skips "12. møde i " at the start of a Danish "Emne" value. */
static size_t skip_meeting_no(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && s[i] >= '0' && s[i] <= '9')
        i++;
    if (i == 0 || i >= n || s[i] != '.')
        return 0;
    i++;
    while (i < n && s[i] == ' ')
        i++;
    size_t v = mntp_label(s + i, n - i, "m?de i", NULL);
    if (!v)
        v = mntp_label(s + i, n - i, "m?te i", NULL);
    return v ? i + v : 0;
}

/* The value's last word is a lower-case function word ("... Udvalg
 * for"), so the name goes on on the next line. */
static int ends_open(const char *s, size_t n)
{
    size_t e = n, b;
    while (e > 0 && s[e - 1] == ' ')
        e--;
    if (e > 0 && s[e - 1] == '-')
        return 1;
    b = e;
    while (b > 0 && s[b - 1] >= 'a' && s[b - 1] <= 'z')
        b--;
    return e > b && e - b <= 4 && (b == 0 || s[b - 1] == ' ');
}

static char *join2(const char *a, size_t an, const char *b, size_t bn)
{
    char *buf = malloc(an + bn + 2);
    if (!buf)
        return NULL;
    memcpy(buf, a, an);
    size_t o = an;
    while (o > 0 && buf[o - 1] == ' ')
        o--;
    if (o > 0 && buf[o - 1] == '-' && !(o > 1 && buf[o - 2] == ' '))
        o--; /* a hyphen break: "Neuromodula-" + "tion" */
    else
        buf[o++] = ' ';
    memcpy(buf + o, b, bn);
    char *r = mntp_fold_dup(buf, o + bn, MNTP_MAX_BODY);
    free(buf);
    return r;
}

static char *find_body(const mntp_text_t *tx, size_t lim)
{
    size_t bs, be;
    for (size_t i = 0; i < lim && i < 6; i++)
        if (title_line(line_s(tx, i), line_n(tx, i), &bs, &be))
            return mntp_fold_dup(line_s(tx, i) + bs, be - bs, MNTP_MAX_BODY);
    for (size_t i = 0; i < lim; i++) {
        const char *s = line_s(tx, i);
        size_t n = line_n(tx, i), v = mntp_label(s, n, "emne", NULL);
        if (!v || v >= n)
            continue;
        v += skip_meeting_no(s + v, n - v);
        if (i + 1 < tx->n && ends_open(s + v, n - v) && !is_header_label(tx, i + 1) &&
            !mntp_para_break(tx, i + 1))
            return join2(s + v, n - v, line_s(tx, i + 1), line_n(tx, i + 1));
        return mntp_fold_dup(s + v, n - v, MNTP_MAX_BODY);
    }
    for (size_t i = 0; i < lim; i++) {
        const char *s = line_s(tx, i);
        size_t n = line_n(tx, i), v = mntp_label(s, n, "m?tetema", NULL);
        if (v && v < n)
            return mntp_fold_dup(s + v, n - v, MNTP_MAX_BODY);
    }
    /* A first line naming the meeting ("Styringsgruppemøte, ..."). */
    static const char *const words[] = { "m\xc3\xb8te", "mgte", "m@te", "r\xc3\xa5""det",
                                         "radet", "gruppe", "utvalg", "udvalg", "styre" };
    for (size_t i = 0; i < lim && i < 3; i++) {
        const char *s = line_s(tx, i);
        size_t n = line_n(tx, i);
        if (is_header_label(tx, i) || n > MNTP_MAX_BODY)
            continue;
        for (size_t k = 0; k < sizeof words / sizeof words[0]; k++) {
            size_t wn = strlen(words[k]);
            for (size_t j = 0; j + wn <= n; j++)
                if (ieq(s + j, words[k], wn))
                    return mntp_fold_dup(s, n, MNTP_MAX_BODY);
        }
    }
    return mntp_fold_dup("", 0, 1);
}

/* The first word ("Dato", "Mødedato", "Mgdedato") holds "dato". */
static int date_label(const char *s, size_t n)
{
    size_t i = mntp_skip_bullet(s, n), w = i;
    while (w < n && s[w] != ' ' && s[w] != ':' && w - i < 16)
        w++;
    for (size_t j = i; j + 4 <= w; j++)
        if (ieq(s + j, "dato", 4))
            return 1;
    return 0;
}

/* 1 when the line speaks of another meeting: the agenda's "Godkendelse af
 * referat fra mødet den 5. april 2022", "jf. forrige møte 3.3.2021".
 * Its date is not this meeting's, and when OCR has spoilt the real date
 * it must not take its place (nor beat the file name's date). */
static int other_meeting(const char *s, size_t n)
{
    static const char *const marks[] = { "godkj", "godkend", "forrige", "sidste m", "jf." };
    for (size_t k = 0; k < sizeof marks / sizeof marks[0]; k++) {
        size_t mn = strlen(marks[k]);
        for (size_t j = 0; j + mn <= n; j++)
            if (ieq(s + j, marks[k], mn))
                return 1;
    }
    return 0;
}

static void find_date(mnt_minutes_t *m, const mntp_text_t *tx, const char *filename)
{
    size_t lim = tx->n < MNTP_HEADER_LINES ? tx->n : MNTP_HEADER_LINES;
    for (size_t i = 0; i < lim; i++) {
        if (!date_label(line_s(tx, i), line_n(tx, i)))
            continue;
        for (size_t j = i; j < lim && j <= i + 1; j++) {
            size_t n = line_n(tx, j) < 300 ? line_n(tx, j) : 300;
            if (mntp_date_in(line_s(tx, j), n, &m->date))
                return;
        }
    }
    for (size_t i = 0; i < lim; i++) {
        size_t n = line_n(tx, i) < 1000 ? line_n(tx, i) : 1000;
        if (!other_meeting(line_s(tx, i), n) && mntp_date_in(line_s(tx, i), n, &m->date))
            return;
    }
    if (!mntp_date_from_filename(filename, &m->date))
        memset(&m->date, 0, sizeof m->date);
}

static int push(char ***v, size_t *n, const char *s, size_t len)
{
    while (len > 0 && (s[len - 1] == '.' || s[len - 1] == ' ' || s[len - 1] == ';'))
        len--;
    while (len > 0 && *s == ' ')
        s++, len--;
    if (len == 0 || *n >= MNTP_MAX_PEOPLE)
        return 0;
    if ((len == 5 && ieq(s, "ingen", 5)) || (len == 4 && ieq(s, "none", 4)) ||
        (len == 1 && *s == '-'))
        return 0;
    char *e = mntp_fold_dup(s, len, MNTP_MAX_NAME);
    if (!e)
        return -1;
    if (!e[0]) {
        free(e); /* only white space (a tab, a form feed): no name */
        return 0;
    }
    char **nv = realloc(*v, (*n + 1) * sizeof *nv);
    if (!nv) {
        free(e);
        return -1;
    }
    *v = nv;
    nv[(*n)++] = e;
    return 0;
}

/* Collects a list that starts after a label on line I and may wrap over
 * the following lines until a paragraph break or the next label. */
static int people(const mntp_text_t *tx, size_t i, size_t v, size_t lim, char ***out, size_t *nout)
{
    enum { CAP = 16384 };
    char *buf = malloc(CAP);
    if (!buf)
        return -1;
    size_t o = 0;
    for (size_t j = i; j < lim && j < i + 30; j++) {
        if (j > i && (mntp_para_break(tx, j) || is_header_label(tx, j)))
            break;
        const char *s = line_s(tx, j) + (j == i ? v : 0);
        size_t n = line_n(tx, j) - (j == i ? v : 0);
        if (o + n + 1 >= CAP)
            break;
        if (o > 0)
            buf[o++] = ' ';
        memcpy(buf + o, s, n);
        o += n;
    }
    int depth = 0, rc = 0;
    size_t from = 0;
    for (size_t k = 0; k <= o && rc == 0; k++) {
        char c = k < o ? buf[k] : ',';
        if (c == '(')
            depth++;
        else if (c == ')' && depth > 0)
            depth--;
        else if (c == ',' && (depth == 0 || k == o)) {
            rc = push(out, nout, buf + from, k - from);
            from = k + 1;
        }
    }
    free(buf);
    return rc;
}

int mntp_header(mnt_minutes_t *m, const mntp_text_t *tx, size_t header_end, const char *filename)
{
    size_t lim = header_end < MNTP_HEADER_LINES ? header_end : MNTP_HEADER_LINES;
    if (lim > tx->n)
        lim = tx->n;
    m->body = find_body(tx, lim);
    if (!m->body)
        return -1;
    find_date(m, tx, filename);
    static const char *const present[] = { "tilstede", "til stede", "deltagere", "deltakere" };
    static const char *const absent[] = { "meldt forfall", "forfall", "afbud", "frav?rende",
                                          "fravaerende" };
    for (size_t i = 0; i < lim; i++) {
        const char *s = line_s(tx, i);
        size_t n = line_n(tx, i), v = 0;
        for (size_t k = 0; k < 4 && !v; k++)
            v = mntp_label(s, n, present[k], NULL);
        if (v && m->nattendees == 0) {
            if (people(tx, i, v, lim, &m->attendees, &m->nattendees) < 0)
                return -1;
            continue;
        }
        v = 0;
        for (size_t k = 0; k < 5 && !v; k++)
            v = mntp_label(s, n, absent[k], NULL);
        if (v && m->nabsentees == 0 && people(tx, i, v, lim, &m->absentees, &m->nabsentees) < 0)
            return -1;
    }
    return 0;
}
