/* case.c - case numbers typed in a query, in any spelling, become the
 * canonical form the indexer adds beside every case number it reads
 * ("Sak 7 /2022", "sak7/2022", "sak 07/22" -> "sak 7/2022"), so that one
 * spelling finds all the others. */
#include "qry.h"
#include "schema.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static size_t skip_blanks(const char *s, size_t i)
{
    while (s[i] == ' ' || s[i] == '\t')
        i++;
    return i;
}

/* Reads 1..MAXD digits at S[*I]; returns the value or -1. */
static long digits(const char *s, size_t *i, int maxd)
{
    long v = 0;
    int d = 0;
    while (isdigit((unsigned char)s[*i])) {
        if (++d > maxd)
            return -1;
        v = v * 10 + (s[*i] - '0');
        (*i)++;
    }
    return d ? v : -1;
}

/* A byte of a word as the tokenizer sees it (any non-ASCII byte may be
 * part of a letter). */
static int wordish(unsigned char c)
{
    return isalnum(c) || c >= 0x80;
}

/* 1 when the joiner at Q[J] ('-', '/', or '.' between digits) ties the
 * bytes around it into one token, as the tokenizer does ("1/05/2023",
 * "x-3/22").  The indexer adds the canonical case number only for a whole
 * "N/YY" token, so a case number inside a longer token is left alone. */
static int joins(const char *q, size_t j)
{
    if (j == 0 || !q[j] || !q[j + 1])
        return 0;
    if (q[j] == '.')
        return isdigit((unsigned char)q[j - 1]) && isdigit((unsigned char)q[j + 1]);
    return (q[j] == '-' || q[j] == '/') && wordish((unsigned char)q[j - 1]) &&
           wordish((unsigned char)q[j + 1]);
}

char *qry_normalize_cases(const char *q)
{
    size_t len = strlen(q);
    /* Each rewrite is no longer than what it replaces plus one space. */
    char *out = malloc(2 * len + 1);
    if (!out)
        return NULL;
    size_t i = 0, o = 0;
    while (i < len) {
        int word_start = i == 0 || (!isalnum((unsigned char)q[i - 1]) && !joins(q, i - 1));
        size_t j = i;
        int sak = 0;
        if (word_start && (strncasecmp(q + i, "sak", 3) == 0 || strncasecmp(q + i, "sag", 3) == 0)) {
            j = skip_blanks(q, i + 3);
            sak = 1;
        }
        if (word_start && isdigit((unsigned char)q[j])) {
            size_t k = j;
            long n = digits(q, &k, 3);
            size_t s = skip_blanks(q, k);
            if (n > 0 && q[s] == '/') {
                size_t t = skip_blanks(q, s + 1);
                long y = digits(q, &t, 4);
                size_t yd = t - skip_blanks(q, s + 1);
                int spaced = s != k || skip_blanks(q, s + 1) != s + 1;
                /* With spaces around the slash only a four-digit year
                 * makes a case number ("4 / 12" may be a page). */
                int year_ok = y >= 0 && (yd == 4 || (yd == 2 && !spaced));
                if (year_ok && !isalnum((unsigned char)q[t]) && !joins(q, t)) {
                    if (y < 100)
                        y = referat_full_year((int)y);
                    if (sak) {
                        memcpy(out + o, q + i, 3); /* keep the word as typed */
                        o += 3;
                        out[o++] = ' ';
                    }
                    o += (size_t)sprintf(out + o, "%ld/%ld", n, y);
                    i = t;
                    continue;
                }
            }
        }
        out[o++] = q[i++];
    }
    out[o] = '\0';
    return out;
}
