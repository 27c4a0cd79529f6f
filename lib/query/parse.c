/* parse.c - the query language (see qry.h) into a small tree.
 *
 * A recursive-descent parser with an explicit depth limit, so "((((..."
 * cannot exhaust the stack, and errors that name the column so the user
 * can see what to fix.  Words are kept as typed; analysis happens later
 * with the same pipeline the indexer uses.
 */
#include "qry_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <ctype.h>
#include <string.h>
#include <strings.h>

typedef struct {
    const char *s;
    size_t i, len;
    int depth;
    size_t terms;
    char *err;
} parser_t;

static void skip_ws(parser_t *p)
{
    while (p->i < p->len && (p->s[p->i] == ' ' || p->s[p->i] == '\t' || p->s[p->i] == '\n' ||
                             p->s[p->i] == '\r'))
        p->i++;
}

static int set_err(parser_t *p, const char *msg)
{
    if (!p->err[0])
        snprintf(p->err, QRY_ERROR, "%s (at column %zu)", msg, p->i + 1);
    return 0;
}

void qry_node_free(qnode_t *n)
{
    if (!n)
        return;
    for (size_t i = 0; i < n->n; i++)
        qry_node_free(n->kids[i]);
    free(n->kids);
    free(n->text);
    free(n->field);
    free(n);
}

static int word_char(char c)
{
    return c && c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '(' && c != ')' && c != '"';
}

/* The fields a query may name are those of qry_fields (fields.c), which
 * the error for a misspelt field names too. */
#define NFIELDS qry_nfields

/* A field's name is letters only. */
#define FIELD_NAME_MAX 16

/* The index in fields[] of the N-byte name at S (any case), or NFIELDS. */
static size_t field_index(const char *s, size_t n)
{
    size_t f = 0;
    while (f < NFIELDS && !(strlen(qry_fields[f].name) == n && strncasecmp(s, qry_fields[f].name, n) == 0))
        f++;
    return f;
}

/* Edits (insertions, deletions, substitutions and swaps of neighbours)
 * that turn the N-byte name at S, in any case, into FIELD. */
static size_t edits(const char *s, size_t n, const char *field)
{
    size_t m = strlen(field), d[FIELD_NAME_MAX + 1][FIELD_NAME_MAX + 1];
    for (size_t i = 0; i <= n; i++)
        for (size_t j = 0; j <= m; j++) {
            if (i == 0 || j == 0) {
                d[i][j] = i + j;
                continue;
            }
            int same = tolower((unsigned char)s[i - 1]) == field[j - 1];
            size_t best = d[i - 1][j - 1] + !same;
            if (d[i - 1][j] + 1 < best)
                best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && tolower((unsigned char)s[i - 1]) == field[j - 2] &&
                tolower((unsigned char)s[i - 2]) == field[j - 1] && d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    return d[n][m];
}

/* 1 when the N-byte name at S is a field misspelt: a letter or two off
 * one ("yaer", "dato", "sektion").  Other names stay words, so that text
 * such as "Sak:3" can be searched. */
static int misspelt_field(const char *s, size_t n)
{
    for (size_t f = 0; f < NFIELDS; f++)
        if (edits(s, n, qry_fields[f].name) <= (n >= 5 ? 2u : 1u))
            return 1;
    return 0;
}

/* If the text at the cursor is "field:", returns the field's length; 0
 * for a word.  A misspelt field sets the error: text is field syntax when
 * it is a name of ASCII letters, then ':' and a value at once (a value
 * starting with '/' is a URL's, "https://..."). */
static size_t at_field(parser_t *p)
{
    size_t n = 0;
    while (p->i + n < p->len && n <= FIELD_NAME_MAX && isalpha((unsigned char)p->s[p->i + n]))
        n++;
    if (n == 0 || n > FIELD_NAME_MAX || p->i + n >= p->len || p->s[p->i + n] != ':')
        return 0;
    if (field_index(p->s + p->i, n) < NFIELDS)
        return n;
    char v = p->i + n + 1 < p->len ? p->s[p->i + n + 1] : '\0';
    if (v != '"' && (!word_char(v) || v == '/' || v == ':'))
        return 0;
    if (misspelt_field(p->s + p->i, n)) {
        char name[FIELD_NAME_MAX + 1], list[96] = "", msg[160];
        snprintf(name, sizeof name, "%.*s", (int)n, p->s + p->i);
        for (size_t f = 0; f < NFIELDS; f++)
            snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", f ? ", " : "", qry_fields[f].name);
        snprintf(msg, sizeof msg, "unknown field %s (fields: %s)", name, list);
        set_err(p, msg);
    }
    return 0;
}

static qnode_t *node_new(qn_kind_t kind)
{
    qnode_t *n = calloc(1, sizeof *n);
    if (n)
        n->kind = kind;
    return n;
}

static int node_add(qnode_t *n, qnode_t *kid)
{
    qnode_t **k = realloc(n->kids, (n->n + 1) * sizeof *k);
    if (!k)
        return -1;
    n->kids = k;
    n->kids[n->n++] = kid;
    return 0;
}

/* Is the word at the cursor exactly the operator OP (followed by a
 * separator)? */
static int at_operator(parser_t *p, const char *op)
{
    size_t n = strlen(op);
    if (p->i + n > p->len || memcmp(p->s + p->i, op, n) != 0)
        return 0;
    if (p->i + n == p->len)
        return 1;
    char c = p->s[p->i + n];
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '(' || c == ')' || c == '"';
}

static qnode_t *parse_or(parser_t *p);

static qnode_t *parse_primary(parser_t *p)
{
    skip_ws(p);
    if (p->i >= p->len) {
        set_err(p, "the query ends where a word was expected");
        return NULL;
    }
    char c = p->s[p->i];
    if (c == '(') {
        if (++p->depth > QRY_MAX_DEPTH) {
            set_err(p, "too many nested brackets");
            return NULL;
        }
        p->i++;
        qnode_t *n = parse_or(p);
        if (!n)
            return NULL;
        skip_ws(p);
        if (p->i >= p->len || p->s[p->i] != ')') {
            qry_node_free(n);
            set_err(p, "missing ')'");
            return NULL;
        }
        p->i++;
        p->depth--;
        return n;
    }
    if (c == ')') {
        set_err(p, "')' without a matching '('");
        return NULL;
    }
    if (c == '"') {
        size_t open = p->i;
        const char *end = memchr(p->s + p->i + 1, '"', p->len - p->i - 1);
        if (!end) {
            p->i = open;
            set_err(p, "unterminated quote");
            return NULL;
        }
        size_t a = p->i + 1, b = (size_t)(end - p->s);
        qnode_t *n = node_new(QN_PHRASE);
        if (!n || !(n->text = strndup(p->s + a, b - a))) {
            qry_node_free(n);
            set_err(p, "out of memory");
            return NULL;
        }
        p->i = b + 1;
        if (++p->terms > QRY_MAX_TERMS) {
            qry_node_free(n);
            set_err(p, "too many words in the query");
            return NULL;
        }
        return n;
    }
    size_t fl = at_field(p);
    if (p->err[0])
        return NULL;
    if (fl > 0) {
        qnode_t *n = node_new(QN_FIELD);
        if (!n || !(n->field = strndup(p->s + p->i, fl))) {
            qry_node_free(n);
            set_err(p, "out of memory");
            return NULL;
        }
        for (char *c = n->field; *c; c++)
            *c = (char)tolower((unsigned char)*c);
        p->i += fl + 1;
        size_t a = p->i, b;
        if (p->i < p->len && p->s[p->i] == '"') {
            const char *end = memchr(p->s + p->i + 1, '"', p->len - p->i - 1);
            if (!end) {
                qry_node_free(n);
                set_err(p, "unterminated quote");
                return NULL;
            }
            a = p->i + 1;
            b = (size_t)(end - p->s);
            p->i = b + 1;
        } else {
            while (p->i < p->len && word_char(p->s[p->i]))
                p->i++;
            b = p->i;
        }
        if (b == a) {
            qry_node_free(n);
            set_err(p, "a field needs a value, as in year:2023");
            return NULL;
        }
        if (!(n->text = strndup(p->s + a, b - a))) {
            qry_node_free(n);
            set_err(p, "out of memory");
            return NULL;
        }
        return n;
    }
    size_t a = p->i;
    while (p->i < p->len && word_char(p->s[p->i]))
        p->i++;
    size_t b = p->i;
    qnode_t *n = node_new(QN_WORD);
    if (!n) {
        set_err(p, "out of memory");
        return NULL;
    }
    if (b > a && p->s[b - 1] == '*') {
        n->wildcard = 1;
        b--;
        while (b > a && p->s[b - 1] == '*')
            b--;
    }
    if (!(n->text = strndup(p->s + a, b - a))) {
        qry_node_free(n);
        set_err(p, "out of memory");
        return NULL;
    }
    if (++p->terms > QRY_MAX_TERMS) {
        qry_node_free(n);
        set_err(p, "too many words in the query");
        return NULL;
    }
    return n;
}

static qnode_t *parse_unary(parser_t *p)
{
    skip_ws(p);
    int negate = 0;
    if (at_operator(p, "NOT")) {
        p->i += 3;
        negate = 1;
    } else if (p->i + 1 < p->len && p->s[p->i] == '-' && word_char(p->s[p->i + 1]) &&
               p->s[p->i + 1] != '-') {
        p->i++;
        negate = 1;
    } else if (p->i + 1 < p->len && p->s[p->i] == '+' && word_char(p->s[p->i + 1])) {
        p->i++; /* "+word": every word is required anyway */
    }
    if (negate) {
        skip_ws(p);
        if (p->i >= p->len || at_operator(p, "AND") || at_operator(p, "OR") || at_operator(p, "NOT")) {
            set_err(p, "NOT needs a word after it");
            return NULL;
        }
        qnode_t *kid = parse_primary(p);
        if (!kid)
            return NULL;
        qnode_t *n = node_new(QN_NOT);
        if (!n || node_add(n, kid) < 0) {
            qry_node_free(n);
            qry_node_free(kid);
            set_err(p, "out of memory");
            return NULL;
        }
        return n;
    }
    return parse_primary(p);
}

/* Collects one or more operands joined by OP into one node (or returns
 * the single operand). */
static qnode_t *join(parser_t *p, qn_kind_t kind, qnode_t *first, qnode_t *(*next)(parser_t *),
                     int (*more)(parser_t *))
{
    qnode_t *group = NULL;
    while (more(p)) {
        qnode_t *rhs = next(p);
        if (!rhs) {
            qry_node_free(group ? group : first);
            return NULL;
        }
        if (!group) {
            group = node_new(kind);
            if (!group || node_add(group, first) < 0) {
                qry_node_free(group);
                qry_node_free(first);
                qry_node_free(rhs);
                set_err(p, "out of memory");
                return NULL;
            }
        }
        if (node_add(group, rhs) < 0) {
            qry_node_free(group);
            qry_node_free(rhs);
            set_err(p, "out of memory");
            return NULL;
        }
    }
    if (p->err[0]) {
        qry_node_free(group ? group : first);
        return NULL;
    }
    return group ? group : first;
}

static int more_and(parser_t *p)
{
    skip_ws(p);
    if (p->i >= p->len || p->s[p->i] == ')' || at_operator(p, "OR"))
        return 0;
    if (at_operator(p, "AND")) {
        p->i += 3;
        skip_ws(p);
        if (p->i >= p->len || at_operator(p, "AND") || at_operator(p, "OR")) {
            set_err(p, "AND needs a word after it");
            return 0;
        }
    }
    return 1;
}

static int more_or(parser_t *p)
{
    skip_ws(p);
    if (!at_operator(p, "OR"))
        return 0;
    p->i += 2;
    skip_ws(p);
    if (p->i >= p->len || p->s[p->i] == ')' || at_operator(p, "AND") || at_operator(p, "OR")) {
        set_err(p, "OR needs a word after it");
        return 0;
    }
    return 1;
}

static qnode_t *parse_and(parser_t *p)
{
    skip_ws(p);
    if (at_operator(p, "AND") || at_operator(p, "OR")) {
        set_err(p, "the query cannot start with AND or OR here");
        return NULL;
    }
    qnode_t *first = parse_unary(p);
    if (!first)
        return NULL;
    return join(p, QN_AND, first, parse_unary, more_and);
}

static qnode_t *parse_or(parser_t *p)
{
    qnode_t *first = parse_and(p);
    if (!first)
        return NULL;
    return join(p, QN_OR, first, parse_and, more_or);
}

qnode_t *qry_parse(const char *q, char *err)
{
    err[0] = '\0';
    size_t len = strlen(q);
    if (len > QRY_MAX_BYTES) {
        snprintf(err, QRY_ERROR, "the query is too long (%zu bytes; the limit is %d)", len,
                 QRY_MAX_BYTES);
        return NULL;
    }
    parser_t p = { q, 0, len, 0, 0, err };
    skip_ws(&p);
    if (p.i >= len) {
        snprintf(err, QRY_ERROR, "the query is empty");
        return NULL;
    }
    qnode_t *n = parse_or(&p);
    if (n) {
        skip_ws(&p);
        if (p.i < len) {
            set_err(&p, p.s[p.i] == ')' ? "')' without a matching '('" : "unexpected text");
            qry_node_free(n);
            n = NULL;
        }
    }
    if (!n && !err[0])
        snprintf(err, QRY_ERROR, "out of memory");
    return n;
}
