/* explain.c - how a query was understood, for referat-query --explain
 * and /api/search's explain=1: the words kept and dropped
 * (understand.c), each kept word's query with its expansions and their
 * weights, the boosts and the Xapian query, as the search builds them.
 */
#include "qry_private.h"

#include <stdlib.h>
#include <string.h>

void qry_explain_free(qry_explain_t *x)
{
    if (!x)
        return;
    for (size_t i = 0; i < x->nkept; i++) {
        free(x->kept[i]);
        free(x->split ? x->split[i] : NULL);
        free(x->expansions ? x->expansions[i] : NULL);
    }
    for (size_t i = 0; i < x->ndropped; i++) {
        free(x->dropped[i]);
        free(x->why[i]);
    }
    free(x->kept);
    free(x->expansions);
    free(x->split);
    free(x->dropped);
    free(x->why);
    free(x->xapian);
    free(x->query);
    free(x);
}

/* The description of the query TREE builds into (expanded first; TREE
 * is changed), malloc()ed; NULL with ERR set when it has no searchable
 * word, or out of memory. */
static char *describe(qry_engine_t *e, qnode_t *tree, char *err)
{
    qry_terms_t hl = { 0 };
    char *d = NULL;
    if (qry_expand(tree, qry_engine_db(e), qry_engine_synonyms(e), qry_engine_acronyms(e)) < 0) {
        snprintf(err, QRY_ERROR, "out of memory");
        return NULL;
    }
    xs_query_t *q = qry_build(qry_engine_db(e), qry_engine_ana(e), qry_engine_spellcache(e), tree, &hl, err);
    if (q && !(d = xs_query_describe(q)))
        snprintf(err, QRY_ERROR, "out of memory");
    xs_query_free(q);
    qry_terms_free(&hl);
    return d;
}

/* The query of the one word W (or, SPLIT not "", of W OR its parts,
 * "part + part"), described; "" when it has nothing searchable.  NULL
 * when out of memory. */
static char *describe_word(qry_engine_t *e, const char *w, const char *split)
{
    char err[QRY_ERROR], q[QRY_MAX_BYTES];
    const char *plus = strstr(split, " + ");
    if (plus)
        snprintf(q, sizeof q, "%s OR %.*s OR %s", w, (int)(plus - split), split, plus + 3);
    else
        snprintf(q, sizeof q, "%s", w);
    qnode_t *t = qry_parse(q, err);
    char *d = t ? describe(e, t, err) : NULL;
    qry_node_free(t);
    return d ? d : strdup("");
}

static const char *combine_text(const qry_understood_t *u)
{
    if (!u->sentence)
        return "every word (AND), then passages with some of them";
    switch (u->combine) {
    case QRY_COMBINE_AND:
        return "every kept word (AND), then passages with some of them";
    case QRY_COMBINE_OR:
        return "any kept word (OR), by BM25";
    case QRY_COMBINE_RARE:
        return "the rarer kept words (AND), the common ones optional, then passages with some of them";
    case QRY_COMBINE_OR_ALL:
        break;
    }
    return "any kept word (OR), by BM25; a passage with all of them weighs more";
}

qry_status_t qry_explain(qry_engine_t *e, const char *query, qry_explain_t **out)
{
    char err[QRY_ERROR_BYTES];
    qnode_t *tree = NULL;
    qry_explain_t *x = calloc(1, sizeof *x);
    *out = NULL;
    if (!x)
        return qry_fail(e, QRY_NO_MEMORY, "out of memory");
    qry_status_t st = qry_prepare(query, &x->query, &tree, err);
    if (st != QRY_OK) {
        qry_explain_free(x);
        return qry_fail(e, st, "%s", err);
    }
    qry_understood_t u;
    int failed = qry_understand(&tree, qry_engine_db(e), &u) < 0;
    x->sentence = u.sentence;
    x->combine = combine_text(&u);
    snprintf(x->year, sizeof x->year, "%s", u.year);
    x->year_boost = QRY_YEAR_BOOST;
    x->decision = u.decision;
    x->decision_boost = QRY_DECISION_BOOST;
    x->context = u.sentence ? u.context : 0;
    x->kept = calloc(u.nkept + 1, sizeof *x->kept);
    x->expansions = calloc(u.nkept + 1, sizeof *x->expansions);
    x->split = calloc(u.nkept + 1, sizeof *x->split);
    x->dropped = calloc(u.ndropped + 1, sizeof *x->dropped);
    x->why = calloc(u.ndropped + 1, sizeof *x->why);
    failed |= !x->kept || !x->expansions || !x->split || !x->dropped || !x->why;
    for (size_t i = 0; !failed && i < u.nkept; i++, x->nkept++) {
        const char *tab = strchr(u.kept[i], '\t');
        x->kept[i] = strndup(u.kept[i], tab ? (size_t)(tab - u.kept[i]) : strlen(u.kept[i]));
        x->split[i] = strdup(tab ? tab + 1 : "");
        x->expansions[i] = x->kept[i] && x->split[i] ? describe_word(e, x->kept[i], x->split[i]) : NULL;
        failed = !x->kept[i] || !x->split[i] || !x->expansions[i];
    }
    for (size_t i = 0; !failed && i < u.ndropped; i++, x->ndropped++) {
        const char *tab = strchr(u.dropped[i], '\t');
        x->dropped[i] = strndup(u.dropped[i], tab ? (size_t)(tab - u.dropped[i]) : strlen(u.dropped[i]));
        x->why[i] = strdup(tab ? tab + 1 : "");
        failed = !x->dropped[i] || !x->why[i];
    }
    qry_understood_clear(&u);
    char berr[QRY_ERROR] = "";
    if (!failed && tree && !(x->xapian = describe(e, tree, berr)) && strcmp(berr, "out of memory") != 0) {
        qry_node_free(tree);
        qry_fail(e, QRY_BAD_QUERY, "bad query '%.80s': %s", x->query, berr);
        qry_explain_free(x);
        return QRY_BAD_QUERY;
    }
    qry_node_free(tree);
    if (failed || !x->xapian) {
        qry_explain_free(x);
        return qry_fail(e, QRY_NO_MEMORY, "out of memory");
    }
    *out = x;
    return QRY_OK;
}
