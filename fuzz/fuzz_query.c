/* fuzz_query.c - libFuzzer harness for the query language: the parser
 * (lib/query/parse.c) and the case-number rewriting (lib/query/case.c), linked
 * as tests/unit/test_qry.c links them, without an index or a pipeline.
 *
 * Input: a query, arbitrary bytes; it is cut at its first NUL, as a
 * command-line argument would be.  The harness parses the query as typed
 * and after qry_normalize_cases(), and checks every tree it gets: AND
 * and OR with two or more children, NOT with one, words and phrases
 * with text, fields from the documented list with a value, nesting and
 * word counts within the limits; and every error: one line, naming a
 * column inside the query.  The rewriting must be idempotent and stay
 * within three times the query's length.  Every broken invariant calls
 * abort().
 */
#include "query/qry_private.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                        \
    do {                                                                   \
        if (!(cond))                                                       \
            abort();                                                       \
    } while (0)

static const char *const fields[] = { "year", "date", "body", "lang", "case", "section" };

/* Checks N and below; returns the number of words and phrases.  DEPTH
 * counts the nodes above N. */
static size_t check_node(const qnode_t *n, size_t depth, size_t *max_depth)
{
    size_t words = 0;

    CHECK(n != NULL);
    if (depth > *max_depth)
        *max_depth = depth;
    switch (n->kind) {
    case QN_WORD:
        CHECK(n->text && n->n == 0 && !n->field);
        CHECK(n->wildcard == 0 || n->wildcard == 1);
        /* The '*' is not part of the text; the text is one word. */
        if (n->wildcard)
            CHECK(strlen(n->text) == 0 || n->text[strlen(n->text) - 1] != '*');
        CHECK(strpbrk(n->text, " \t\r\n()\"") == NULL);
        return 1;
    case QN_PHRASE:
        CHECK(n->text && n->n == 0 && !n->field && !n->wildcard);
        CHECK(strchr(n->text, '"') == NULL);
        return 1;
    case QN_FIELD: {
        int known = 0;
        CHECK(n->field && n->text && n->text[0] != '\0' && n->n == 0);
        for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
            known |= strcmp(n->field, fields[i]) == 0;
        CHECK(known);
        return 0;
    }
    case QN_AND:
    case QN_OR:
        CHECK(n->n >= 2 && n->kids && !n->text && !n->field);
        break;
    case QN_NOT:
        CHECK(n->n == 1 && n->kids && !n->text && !n->field);
        break;
    default:
        abort();
    }
    for (size_t i = 0; i < n->n; i++)
        words += check_node(n->kids[i], depth + 1, max_depth);
    return words;
}

static void check_parse(const char *q)
{
    char err[QRY_ERROR];
    size_t len = strlen(q);

    memset(err, 'x', sizeof err);
    qnode_t *tree = qry_parse(q, err);
    CHECK(memchr(err, '\0', sizeof err) != NULL);
    if (!tree) {
        /* One line that says where: "... (at column N)", N inside the
         * query (or just past its end). */
        const char *col = strstr(err, "(at column ");
        CHECK(err[0] != '\0' && strchr(err, '\n') == NULL);
        if (col) {
            long c = strtol(col + 11, NULL, 10);
            CHECK(c >= 1 && (size_t)c <= len + 1);
        }
        return;
    }
    CHECK(err[0] == '\0');
    CHECK(len <= QRY_MAX_BYTES);
    size_t depth = 0;
    size_t words = check_node(tree, 0, &depth);
    CHECK(words <= QRY_MAX_TERMS);
    /* Each bracket level adds at most an OR, an AND and a NOT. */
    CHECK(depth <= 3 * (QRY_MAX_DEPTH + 1) + 1);
    qry_node_free(tree);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* A NUL-terminated copy, cut at the first NUL like argv. */
    char *q = malloc(size + 1);
    if (!q)
        return 0;
    memcpy(q, data, size);
    q[size] = '\0';
    size_t len = strlen(q);

    check_parse(q);

    char *norm = qry_normalize_cases(q);
    CHECK(norm != NULL);
    size_t nlen = strlen(norm);
    /* The shortest case number, "1/50", grows most: "case:1/1950". */
    CHECK(nlen <= 3 * len);
    /* Rewriting the canonical form changes nothing. */
    char *again = qry_normalize_cases(norm);
    CHECK(again != NULL && strcmp(again, norm) == 0);
    free(again);
    if (strcmp(norm, q) != 0)
        check_parse(norm);
    free(norm);

    qry_node_free(NULL);
    free(q);
    return 0;
}
