/* test_qry.c - the query language parser: the trees it builds and the
 * errors it gives for malformed queries; case numbers typed as text
 * (lib/query/case.c) and the shared case-number reader (lib/casenum.h). */
#include "query/qry_private.h"
#include "casenum.h"
#include "tap.h"

#include <stdlib.h>

/* Renders a tree as an S-expression: (and a (or b c) (not d) "p q" e*). */
static void render(const qnode_t *n, char *out, size_t cap)
{
    size_t o = strlen(out);
    switch (n->kind) {
    case QN_WORD: snprintf(out + o, cap - o, "%s%s", n->text, n->wildcard ? "*" : ""); return;
    case QN_PHRASE: snprintf(out + o, cap - o, "\"%s\"", n->text); return;
    case QN_AND: snprintf(out + o, cap - o, "(and"); break;
    case QN_OR: snprintf(out + o, cap - o, "(or"); break;
    case QN_NOT: snprintf(out + o, cap - o, "(not"); break;
    case QN_FIELD: snprintf(out + o, cap - o, "%s=%s", n->field, n->text); return;
    }
    for (size_t i = 0; i < n->n; i++) {
        strncat(out, " ", cap - strlen(out) - 1);
        render(n->kids[i], out, cap);
    }
    strncat(out, ")", cap - strlen(out) - 1);
}

static const struct {
    const char *query, *tree;
} good[] = {
    { "rehabilitering", "rehabilitering" },
    { "  sak  vedtak ", "(and sak vedtak)" },
    { "a AND b", "(and a b)" },
    { "a OR b c", "(or a (and b c))" },
    { "a b OR c", "(or (and a b) c)" },
    { "(a OR b) c", "(and (or a b) c)" },
    { "a -b", "(and a (not b))" },
    { "a NOT b", "(and a (not b))" },
    { "\"helse og omsorg\" sak", "(and \"helse og omsorg\" sak)" },
    { "rehab* MRg-FUS", "(and rehab* MRg-FUS)" },
    { "22/2023", "22/2023" },
    { "and or not", "(and and or not)" }, /* operators only in capitals */
    { "a - b", "(and a - b)" },            /* a lone '-' is a word, dropped later */
    { "+a b", "(and a b)" },
    { "ORDNING NOTAT ANDRE", "(and ORDNING NOTAT ANDRE)" },
    { "year:2023 rehabilitering", "(and year=2023 rehabilitering)" },
    { "body:\"Senterrådet for NMK\" section:vedtak", "(and body=Senterrådet for NMK section=vedtak)" },
    { "Case:22/2023 -lang:da", "(and case=22/2023 (not lang=da))" },
    { "date:2023-01..2024-06", "date=2023-01..2024-06" },
    { "vedtak: saken", "(and vedtak: saken)" },   /* not a field: a word */
};

static const struct {
    const char *query, *error_part;
} bad[] = {
    { "", "empty" },
    { "   ", "empty" },
    { "\"unterminated phrase", "unterminated quote (at column 1)" },
    { "(a OR b", "missing ')'" },
    { "a)", "')' without a matching '('" },
    { "a OR", "OR needs a word" },
    { "OR a", "cannot start with AND or OR" },
    { "a AND", "AND needs a word" },
    { "a NOT", "NOT needs a word" },
    { "()", "')' without" },
    { "year:", "needs a value" },
    { "body:\"open", "unterminated quote" },
};

TEST(good_queries_parse_to_expected_trees)
{
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        char err[QRY_ERROR], out[512] = "";
        qnode_t *n = qry_parse(good[i].query, err);
        CHECK(n != NULL);
        if (!n) {
            printf("#   query '%s': %s\n", good[i].query, err);
            continue;
        }
        render(n, out, sizeof out);
        CHECK_STR(out, good[i].tree);
        qry_node_free(n);
    }
}

TEST(malformed_queries_get_one_line_errors)
{
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char err[QRY_ERROR];
        qnode_t *n = qry_parse(bad[i].query, err);
        CHECK(n == NULL);
        qry_node_free(n);
        CHECK(strstr(err, bad[i].error_part) != NULL);
        CHECK(strchr(err, '\n') == NULL);
        if (!strstr(err, bad[i].error_part))
            printf("#   query '%s' gave '%s'\n", bad[i].query, err);
    }
}

/* A misspelt field is an error naming the fields; other text with a
 * colon (a URL, a time, "Sak:3") stays words. */
static const struct {
    const char *query, *result;
} colons[] = {
    { "yaer:2023 rehabilitering",
      "error: unknown field yaer (fields: year, date, body, lang, case, section) (at column 1)" },
    { "rehabilitering Dato:2023-05", "error: unknown field Dato (fields: year, date, body, lang, "
                                     "case, section) (at column 16)" },
    { "sektion:vedtak", "error: unknown field sektion" },
    { "a -lnag:da", "error: unknown field lnag" },
    { "(yeras:2021..2023 a)", "error: unknown field yeras" },
    { "boddy:\"Fagrådet\"", "error: unknown field boddy" },
    { "Sak:3 rehabilitering", "(and Sak:3 rehabilitering)" },
    { "https://helse.no/sak", "https://helse.no/sak" },
    { "kl. 10:30 ventetid", "(and kl. 10:30 ventetid)" },
    { "kl.10:30", "kl.10:30" },
    { "Tema:budsjett", "Tema:budsjett" },
    { "mailto:post@helse.no", "mailto:post@helse.no" },
    { "Vedtak: godkjent", "(and Vedtak: godkjent)" },
    { "NB:viktig", "NB:viktig" },
    { "YEAR:2023 Section:vedtak", "(and year=2023 section=vedtak)" },
};

TEST(misspelt_fields_are_errors_other_colons_words)
{
    for (size_t i = 0; i < sizeof colons / sizeof colons[0]; i++) {
        char err[QRY_ERROR], out[QRY_ERROR + 16] = "";
        qnode_t *n = qry_parse(colons[i].query, err);
        if (n)
            render(n, out, sizeof out);
        else
            snprintf(out, sizeof out, "error: %s", err);
        qry_node_free(n);
        int ok = strncmp(out, colons[i].result, strlen(colons[i].result)) == 0;
        CHECK(ok);
        if (!ok)
            printf("#   query '%s' gave '%s'\n", colons[i].query, out);
    }
}

TEST(limits_hold)
{
    char err[QRY_ERROR];
    /* 10,000 nested brackets: refused, no stack exhaustion. */
    size_t n = 20001;
    char *deep = malloc(n + 2);
    for (size_t i = 0; i < 10000; i++)
        deep[i] = '(';
    deep[10000] = 'a';
    for (size_t i = 10001; i < n; i++)
        deep[i] = ')';
    deep[n] = '\0';
    CHECK(qry_parse(deep, err) == NULL);
    CHECK(strstr(err, "too long") != NULL || strstr(err, "nested") != NULL);
    free(deep);
    char nested[200] = "";
    for (int i = 0; i < QRY_MAX_DEPTH + 1; i++)
        strcat(nested, "(");
    strcat(nested, "a");
    for (int i = 0; i < QRY_MAX_DEPTH + 1; i++)
        strcat(nested, ")");
    CHECK(qry_parse(nested, err) == NULL);
    CHECK(strstr(err, "nested") != NULL);
    /* Too many words. */
    char many[4000] = "";
    for (int i = 0; i < QRY_MAX_TERMS + 1; i++)
        strcat(many, "w ");
    CHECK(qry_parse(many, err) == NULL);
    CHECK(strstr(err, "too many words") != NULL);
    /* Exactly at the depth limit is fine. */
    char ok[200] = "";
    for (int i = 0; i < QRY_MAX_DEPTH; i++)
        strcat(ok, "(");
    strcat(ok, "a");
    for (int i = 0; i < QRY_MAX_DEPTH; i++)
        strcat(ok, ")");
    qnode_t *t = qry_parse(ok, err);
    CHECK(t != NULL);
    qry_node_free(t);
}

TEST(odd_bytes_do_not_crash)
{
    const char *odd[] = { "\xff\xfe", "\"\"", "*", "a**", "-", "--x", "\x01\x02", "\"a\" \"", "NOT NOT a" };
    for (size_t i = 0; i < sizeof odd / sizeof odd[0]; i++) {
        char err[QRY_ERROR];
        qnode_t *n = qry_parse(odd[i], err);
        CHECK(n != NULL || err[0] != '\0');
        qry_node_free(n);
    }
}

/* Every spelling the minutes use becomes the case: filter the indexer's
 * terms answer; labels widen what counts, plain numbers stay numbers. */
static const struct {
    const char *typed, *rewritten;
} typed_cases[] = {
    { "sak 17/2023", "case:17/2023" },
    { "Sak 17/23", "case:17/2023" },
    { "sak 17-2023", "case:17/2023" },
    { "sak 17 /2023", "case:17/2023" },
    { "17 /2023", "case:17/2023" },
    { "sak17/2023", "case:17/2023" },
    { "sak nr. 17/2023", "case:17/2023" },
    { "Saksnr. 17/2023", "case:17/2023" },
    { "sak 17 2023", "case:17/2023" },
    { "sak 2023/17", "case:17/2023" },
    { "sag 07/22", "case:7/2022" },
    { "3/22", "case:3/2022" },
    { "2023-09-14/3", "case:2023-09-14/3" },
    { "punkt 2023-09-14/3", "case:2023-09-14/3" },
    { "sak 17/2023 budsjett", "case:17/2023 budsjett" },
    { "-sak 17/2023 budsjett", "-case:17/2023 budsjett" },
    { "case:2023/17", "case:17/2023" },
    { "case:17 /2023", "case:17/2023" },
    { "\"sak 17 /2023\"", "\"sak 17/2023\"" },
    /* Not case numbers: without a label, a month, a season, two numbers,
     * a page; inside a longer token; an impossible year. */
    { "12-2023", "12-2023" },
    { "budsjett 2023/24", "budsjett 2023/24" },
    { "17 2023", "17 2023" },
    { "side 4 / 12", "side 4 / 12" },
    { "1/05/2023", "1/05/2023" },
    { "x-3/22", "x-3/22" },
    { "sak 17/1234", "sak 17/1234" },
    { "sak 1234/2023", "sak 1234/2023" },
    { "saker 17 2023", "saker 17 2023" },
    { "case:abc", "case:abc" },
};

TEST(typed_case_numbers_become_case_filters)
{
    for (size_t i = 0; i < sizeof typed_cases / sizeof typed_cases[0]; i++) {
        char *out = qry_normalize_cases(typed_cases[i].typed);
        CHECK_STR(out, typed_cases[i].rewritten);
        free(out);
    }
}

/* What a case: value may be: one case number, all of it. */
TEST(case_values_parse_or_are_malformed)
{
    static const struct {
        const char *value, *canon;
    } v[] = {
        { "17/2023", "17/2023" }, { "2023/17", "17/2023" },   { "sak 17-2023", "17/2023" },
        { "17 2023", "17/2023" }, { "Sak nr. 7/98", "7/1998" }, { "2023-09-14/3", "2023-09-14/3" },
        { "abc", NULL },          { "17/", NULL },            { "99999/2023x", NULL },
        { "99999/2023", NULL },   { "0/2023", NULL },         { "17/1849", NULL },
        { "2023-13-14/3", NULL }, { "17/2023 x", NULL },      { "", NULL },
    };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        referat_case_t c;
        char canon[REFERAT_CASE_MAX] = "";
        int ok = referat_case_parse(v[i].value, strlen(v[i].value), &c);
        if (ok)
            referat_case_format(&c, canon);
        CHECK(ok == (v[i].canon != NULL));
        if (ok && v[i].canon)
            CHECK_STR(canon, v[i].canon);
        if (ok != (v[i].canon != NULL))
            printf("#   case value '%s'\n", v[i].value);
    }
}

/* A query that is one case number as a whole, in any spelling, names
 * it for a trail; anything beside it makes a search of it. */
TEST(a_whole_query_of_one_case_number_is_a_case_query)
{
    static const struct {
        const char *query, *canon;
    } v[] = {
        { "sak 22/2023", "22/2023" },       { "22/2023", "22/2023" },
        { "case:22/2023", "22/2023" },      { "sak nr. 22/2023", "22/2023" },
        { "  Sak 22 /2023 ", "22/2023" },   { "case:2023/22", "22/2023" },
        { "2023-09-14/3", "2023-09-14/3" }, { "punkt 2023-09-14/3", "2023-09-14/3" },
        { "sag 07/22", "7/2022" },          { "sak 22/2023 budsjett", "" },
        { "ventetid", "" },                 { "-sak 22/2023 ventetid", "" },
        { "\"sak 22/2023\"", "" },          { "case:abc", "" },
        { "year:2023", "" },                { "12-2023", "" },
        { "(sak 22/2023", "" },             { "sak 22/2023 OR sak 23/2023", "" },
    };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        char canon[QRY_CASE_BYTES] = "x";
        int is = qry_case_query(v[i].query, canon);
        CHECK(is == (v[i].canon[0] != '\0'));
        CHECK_STR(canon, v[i].canon);
    }
}

int main(void)
{
    RUN(good_queries_parse_to_expected_trees);
    RUN(malformed_queries_get_one_line_errors);
    RUN(misspelt_fields_are_errors_other_colons_words);
    RUN(limits_hold);
    RUN(odd_bytes_do_not_crash);
    RUN(typed_case_numbers_become_case_filters);
    RUN(case_values_parse_or_are_malformed);
    RUN(a_whole_query_of_one_case_number_is_a_case_query);
    return tap_done();
}
