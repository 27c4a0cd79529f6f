/* case.c - case numbers typed in a query, in any spelling the minutes
 * use (casenum.h, the reader the indexer uses too), become a case: filter
 * on the canonical form ("Sak 7 /2022", "sak7/2022", "sak nr. 07/22",
 * "sak 2022/7" -> "case:7/2022"): the item's own passages first, then
 * those citing it, as case: finds them.  In a quoted phrase they become
 * the canonical spelling the indexer adds beside every case number it
 * reads, so that one spelling finds all the others. */
#include "qry_private.h"
#include "casenum.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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

/* 1 when Q[I] is just after "case:" (any case): there the value is a
 * case number whatever its spelling, as after a label. */
static int after_field(const char *q, size_t i)
{
    return i >= 5 && strncasecmp(q + i - 5, "case:", 5) == 0;
}

char *qry_normalize_cases(const char *q)
{
    size_t len = strlen(q);
    /* The shortest case number, "1/23", grows to "case:1/2023". */
    char *out = malloc(3 * len + 1);
    if (!out)
        return NULL;
    size_t i = 0, o = 0;
    int quoted = 0;
    while (i < len) {
        if (q[i] == '"')
            quoted = !quoted;
        int word_start = i == 0 || (!isalnum((unsigned char)q[i - 1]) && !joins(q, i - 1));
        size_t lab = word_start ? referat_case_label(q + i, len - i) : 0;
        referat_case_t c;
        size_t used = 0, t = i + lab;
        if (word_start && isdigit((unsigned char)q[t]))
            used = referat_case_read(q + t, len - t, lab > 0 || after_field(q, i), &c);
        if (used > 0 && !joins(q, t + used)) {
            char canon[REFERAT_CASE_MAX];
            referat_case_format(&c, canon);
            if (quoted) {
                /* In a phrase, the label stays as typed ("sak 17/2023"). */
                memcpy(out + o, q + i, lab);
                o += lab;
                if (lab > 0 && q[i + lab - 1] != ' ')
                    out[o++] = ' ';
            } else if (!after_field(q, i)) {
                memcpy(out + o, "case:", 5);
                o += 5;
            }
            o += (size_t)sprintf(out + o, "%s", canon);
            i = t + used;
            continue;
        }
        out[o++] = q[i++];
    }
    out[o] = '\0';
    return out;
}

_Static_assert(REFERAT_CASE_MAX <= QRY_CASE_BYTES, "QRY_CASE_BYTES holds a canonical case number");

int qry_case_query(const char *query, char *canon)
{
    char err[QRY_ERROR];
    referat_case_t c;
    char *qs = qry_normalize_cases(query);
    qnode_t *tree = qs ? qry_parse(qs, err) : NULL;
    /* The parser leaves a query of one field as that field alone, and
     * qry_normalize_cases made every typed spelling a case: field. */
    int whole = tree && tree->kind == QN_FIELD && strcmp(tree->field, "case") == 0 &&
                referat_case_parse(tree->text, strlen(tree->text), &c) &&
                referat_case_format(&c, canon) > 0;
    if (!whole)
        canon[0] = '\0';
    qry_node_free(tree);
    free(qs);
    return whole;
}
