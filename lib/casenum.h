/* casenum.h - case numbers in every spelling the minutes use, read one
 * way by the minutes parser (item headings), the analyzer (the canonical
 * term beside every case number in a passage) and the query (case
 * numbers typed as text, and case: values), so that all three agree on
 * what a case number is and write the same canonical form.
 *
 * N is 1-3 digits (1..999), YYYY a year 1950..2100 and YY a two-digit
 * year (referat_full_year):
 *   N/YYYY, N/YY          "17/2023", "sak 07/23"
 *   N /YYYY, N/ YYYY      spaced apart, with a four-digit year ("side
 *                         4 / 12" is a page), or two after a label
 * After a label ("sak", "sag", "saksnr", "sagsnr", "sak nr."; "punkt",
 * "pkt" for Danish numbered items), where nothing but a case number can
 * be meant, also:
 *   N-YYYY, N YYYY        "sak 17-2023", "sak nr. 17 2023" (without the
 *                         label "12-2023" is a month, "17 2023" two numbers)
 *   YYYY/N, YYYY-N        "sak 2023/17", year first (without the label
 *                         "2023/24" is a season)
 * And an agenda item that has a number but no case number (Danish
 * "3) Kapacitet ..."), named by its meeting's date and its number:
 *   YYYY-MM-DD/N          "2023-09-14/3"
 * The canonical forms are "17/2023" and "2023-09-14/3"
 * (referat_case_format).
 *
 * Header-only (static inline), since the minutes parser, the analyzer and
 * the query are libraries that do not link each other.
 */
#ifndef REFERAT_CASENUM_H
#define REFERAT_CASENUM_H

#include <stddef.h>
#include <stdio.h>

#include "schema.h"

typedef struct {
    int number;       /* the case's or the item's number, 1..999 */
    int year;         /* 1950..2100 */
    int month, day;   /* an item named by its meeting's date; else 0 */
} referat_case_t;

/* Room for any canonical form, NUL included. */
#define REFERAT_CASE_MAX 16

static inline int referat_case_digit(char c) { return c >= '0' && c <= '9'; }

static inline int referat_case_letter(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

static inline int referat_case_blank(char c) { return c == ' ' || c == '\t'; }

/* Reads exactly D digits at S[*I] (N bytes); the value, or -1. */
static inline int referat_case_digits(const char *s, size_t n, size_t *i, int d)
{
    int v = 0, k = 0;
    while (*i + (size_t)k < n && k <= d && referat_case_digit(s[*i + k]))
        v = v * 10 + (s[*i + k++] - '0');
    if (k != d)
        return -1;
    *i += (size_t)k;
    return v;
}

/* Reads 1..MAXD digits at S[*I] (N bytes); the value, or -1 (none, or
 * more than MAXD). */
static inline int referat_case_upto(const char *s, size_t n, size_t *i, int maxd)
{
    for (int d = 1; d <= maxd; d++) {
        size_t j = *i;
        int v = referat_case_digits(s, n, &j, d);
        if (v >= 0) {
            *i = j;
            return v;
        }
    }
    return -1;
}

/* The bytes of the label at S (N bytes) up to the case number that
 * follows it: "sak ", "Sak nr. ", "saksnr.", "Punkt ", "sak" in "sak11/2022";
 * 0 when S does not start with a label (or the label ends the text). */
static inline size_t referat_case_label(const char *s, size_t n)
{
    static const char *const words[] = { "saksnr", "sagsnr", "sak", "sag", "punkt", "pkt" };
    size_t i = 0;
    for (size_t w = 0; w < sizeof words / sizeof words[0] && i == 0; w++) {
        size_t k = 0;
        while (words[w][k] && k < n && (s[k] | 32) == words[w][k])
            k++;
        if (!words[w][k])
            i = k;
    }
    if (i == 0 || i >= n || referat_case_letter((unsigned char)s[i]))
        return 0;
    if (s[i] == '.')
        i++;
    while (i < n && referat_case_blank(s[i]))
        i++;
    if (i + 1 < n && (s[i] | 32) == 'n' && (s[i + 1] | 32) == 'r' &&
        (i + 2 == n || !referat_case_letter((unsigned char)s[i + 2]))) {
        i += 2;
        if (i < n && s[i] == '.')
            i++;
        while (i < n && referat_case_blank(s[i]))
            i++;
    }
    return i < n ? i : 0;
}

/* Where a label that ends at offset START of TEXT begins ("Sak nr. "
 * before "19/2023"), or START when no label ends there. */
static inline size_t referat_case_label_before(const char *text, size_t start)
{
    for (size_t back = 3; back <= 12 && back <= start; back++) {
        size_t b = start - back;
        if ((b == 0 || !referat_case_letter((unsigned char)text[b - 1])) &&
            referat_case_label(text + b, back + 1) == back)
            return b;
    }
    return start;
}

/* 1 when the case number read up to S[I] ends there: no letter or digit
 * follows, nor a joiner before a digit ("17/2023/24", "1.05.2023"). */
static inline int referat_case_ends(const char *s, size_t n, size_t i)
{
    if (i >= n)
        return 1;
    if (referat_case_digit(s[i]) || referat_case_letter((unsigned char)s[i]))
        return 0;
    return !((s[i] == '/' || s[i] == '-' || s[i] == '.') && i + 1 < n && referat_case_digit(s[i + 1]));
}

/* An item named by its meeting's date, "2023-09-14/3", at S (N bytes):
 * the bytes read, or 0. */
static inline size_t referat_case_read_dated(const char *s, size_t n, referat_case_t *c)
{
    size_t i = 0;
    int y = referat_case_digits(s, n, &i, 4);
    if (y < 0 || i >= n || s[i++] != '-')
        return 0;
    int m = referat_case_digits(s, n, &i, 2);
    if (m < 0 || i >= n || s[i++] != '-')
        return 0;
    int d = referat_case_digits(s, n, &i, 2);
    if (d < 0 || i >= n || s[i++] != '/')
        return 0;
    int k = referat_case_upto(s, n, &i, 2);
    if (k < 1 || m < 1 || m > 12 || d < 1 || d > 31 || y < 1950 || y > 2100 ||
        !referat_case_ends(s, n, i))
        return 0;
    *c = (referat_case_t){ k, y, m, d };
    return i;
}

/* The year at S[*I] (after the separator), or -1.  With TWO, two digits
 * ("17/23") will do as well as four. */
static inline int referat_case_year(const char *s, size_t n, size_t *i, int two)
{
    size_t j = *i;
    int y = referat_case_digits(s, n, &j, 4);
    if (y < 0 && two) {
        j = *i;
        if ((y = referat_case_digits(s, n, &j, 2)) >= 0)
            y = referat_full_year(y);
    }
    if (y < 1950 || y > 2100)
        return -1;
    *i = j;
    return y;
}

/* Reads a case number at S (N bytes; S starts at its first digit), in
 * any spelling above; LABELLED says a label comes before it, which
 * allows the spellings only a label makes certain.  Returns the bytes
 * read, with *C set, or 0 when S does not start with a case number. */
static inline size_t referat_case_read(const char *s, size_t n, int labelled, referat_case_t *c)
{
    size_t i = referat_case_read_dated(s, n, c);
    if (i > 0)
        return i;
    i = 0;
    int num = referat_case_upto(s, n, &i, 3);
    if (num >= 1 && i < n) {
        size_t j = i;
        while (j < n && referat_case_blank(s[j]))
            j++;
        char sep = j < n ? s[j] : 0;
        int spaced = j > i;
        if (sep == '/' || (labelled && !spaced && sep == '-'))
            j++;
        else if (!(labelled && spaced && referat_case_digit(sep)))
            sep = 0; /* "sak 17 2023": blanks alone */
        size_t ys = j;
        while (sep == '/' && j < n && referat_case_blank(s[j]))
            j++;
        spaced = spaced || j > ys;
        /* Two-digit years only after a slash, spaced only after a label. */
        int two = sep == '/' && (labelled || !spaced);
        int year = sep ? referat_case_year(s, n, &j, two) : -1;
        if (year > 0 && referat_case_ends(s, n, j)) {
            *c = (referat_case_t){ num, year, 0, 0 };
            return j;
        }
    }
    if (labelled) {
        /* Year first: "sak 2023/17". */
        i = 0;
        int year = referat_case_digits(s, n, &i, 4);
        if (year >= 1950 && year <= 2100 && i < n && (s[i] == '/' || s[i] == '-')) {
            i++;
            num = referat_case_upto(s, n, &i, 3);
            if (num >= 1 && referat_case_ends(s, n, i)) {
                *c = (referat_case_t){ num, year, 0, 0 };
                return i;
            }
        }
    }
    return 0;
}

/* Reads VALUE (N bytes), all of it, as one case number, optionally after
 * a label ("17/2023", "sak 17-2023", "2023/17", "2023-09-14/3"): what a
 * case: value may be.  Returns 1 with *C set, or 0. */
static inline int referat_case_parse(const char *value, size_t n, referat_case_t *c)
{
    size_t i = referat_case_label(value, n);
    size_t used = referat_case_read(value + i, n - i, 1, c);
    return used > 0 && i + used == n;
}

/* Writes C's canonical form into OUT (REFERAT_CASE_MAX bytes); returns
 * its length. */
static inline size_t referat_case_format(const referat_case_t *c, char *out)
{
    int k = c->month ? snprintf(out, REFERAT_CASE_MAX, "%04d-%02d-%02d/%d", c->year, c->month, c->day,
                                c->number % 100)
                     : snprintf(out, REFERAT_CASE_MAX, "%d/%d", c->number % 1000, c->year % 10000);
    return k > 0 && k < REFERAT_CASE_MAX ? (size_t)k : 0;
}

/* 1 when canonical form CANON names an item by its meeting's date
 * ("2023-09-14/3") rather than a case number ("17/2023"). */
static inline int referat_case_dated(const char *canon)
{
    for (; *canon; canon++)
        if (*canon == '-')
            return 1;
    return 0;
}

#endif /* REFERAT_CASENUM_H */
