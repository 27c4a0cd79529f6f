/* unmatched.c - the words of a query that match nothing in the index,
 * so that "no hits" can say which word to change.  Each positive word is
 * searched alone, built as a search builds it (its synonyms and learned
 * acronyms, its stems in both languages, its folded and OCR-repaired
 * spellings, its compound parts, the item titles): a word that finds a
 * passage through any of those forms is matched. */
#include "qry_private.h"

#include <stdlib.h>
#include <string.h>

/* The words found so far, each once, in query order (NULL-ended), and
 * which of them end in a wildcard. */
typedef struct {
    char **v;
    int *wild;
    size_t n, cap;
    int oom;
} words_t;

/* Sets *FOUND to whether E's index has a passage for WORD (WILDCARD: the
 * prefix of word*) as a search builds it; a word with nothing searchable
 * (punctuation) counts as found.  QRY_OK, or the failure of the search
 * (qry_engine_error says why). */
static qry_status_t word_found(qry_engine_t *e, const char *word, int wildcard, int *found)
{
    char err[QRY_ERROR] = "";
    qry_terms_t hl = { 0 };
    qnode_t *n = calloc(1, sizeof *n);
    if (!n || !(n->text = strdup(word))) {
        free(n);
        return qry_fail(e, QRY_NO_MEMORY, "out of memory");
    }
    n->kind = QN_WORD;
    n->wildcard = wildcard;
    xs_db_t *db = qry_engine_db(e);
    int expanded = qry_expand(n, db, qry_engine_synonyms(e), qry_engine_acronyms(e)) == 0;
    xs_query_t *q = expanded ? qry_build(db, qry_engine_ana(e), qry_engine_spellcache(e), n, &hl, err) : NULL;
    qry_status_t st = !expanded || strcmp(err, "out of memory") == 0
                          ? qry_fail(e, QRY_NO_MEMORY, "out of memory") : QRY_OK;
    *found = 1;
    if (q) {
        xs_mset_t *m = NULL;
        xs_search_opts_t so;
        xs_search_opts_init(&so);
        /* A count that stops at the first match, unweighted: a hit of
         * limit 1 was the best of them all, for which BM25 went through
         * much of a common word's postings.  Having found none, the count
         * has seen every candidate and its estimate is 0. */
        so.limit = 0;
        so.check_at_least = 1;
        xs_status_t xst = xs_db_search(db, q, &so, &m);
        if (xst == XS_OK)
            *found = xs_mset_estimated(m) > 0;
        else
            st = qry_fail(e, xst == XS_MODIFIED ? QRY_BUSY : xst == XS_NO_MEMORY ? QRY_NO_MEMORY
                                                                               : QRY_INDEX_DAMAGED,
                          "search in %s failed: %s: %s", qry_engine_dir(e), xs_status_string(xst),
                          xs_db_error(db));
        xs_mset_free(m);
    }
    xs_query_free(q);
    qry_terms_free(&hl);
    qry_node_free(n);
    return st;
}

/* Adds WORD (LEN bytes; WILDCARD: word*) to W unless it is there. */
static void add_word(words_t *w, const char *word, size_t len, int wildcard)
{
    for (size_t i = 0; i < w->n; i++)
        if (w->wild[i] == wildcard && strlen(w->v[i]) == len && memcmp(w->v[i], word, len) == 0)
            return;
    if (w->n + 1 >= w->cap) {
        size_t cap = w->cap ? 2 * w->cap : 8;
        char **v = realloc(w->v, cap * sizeof *v);
        if (v)
            w->v = v;
        int *wild = v ? realloc(w->wild, cap * sizeof *wild) : NULL;
        if (!wild) {
            w->oom = 1;
            return;
        }
        w->wild = wild;
        w->cap = cap;
    }
    if (!(w->v[w->n] = strndup(word, len))) {
        w->oom = 1;
        return;
    }
    w->wild[w->n++] = wildcard;
    w->v[w->n] = NULL;
}

/* Collects the positive words of N into W: a word as typed, a phrase
 * word by word (a phrase of known words may still match nothing, but its
 * words are then not what to change).  Negated words and field values
 * are left out: neither can be why a search found nothing. */
static void collect_words(const qnode_t *n, words_t *w)
{
    switch (n->kind) {
    case QN_WORD: add_word(w, n->text, strlen(n->text), n->wildcard); break;
    case QN_PHRASE:
        for (const char *p = n->text; *p && !w->oom;) {
            size_t len = strcspn(p, " \t\r\n");
            if (len > 0)
                add_word(w, p, len, 0);
            p += len;
            p += strspn(p, " \t\r\n");
        }
        break;
    case QN_AND:
    case QN_OR:
        for (size_t i = 0; i < n->n && !w->oom; i++)
            collect_words(n->kids[i], w);
        break;
    case QN_NOT:
    case QN_FIELD: break;
    }
}

/* Whether a match of N has every positive word of N (collect_words):
 * none under an OR, where one side is enough. */
static int all_required(const qnode_t *n)
{
    if (n->kind == QN_OR)
        return 0;
    if (n->kind == QN_AND)
        for (size_t i = 0; i < n->n; i++)
            if (!all_required(n->kids[i]))
                return 0;
    return 1;
}

void qry_words_free(char **words)
{
    for (size_t i = 0; words && words[i]; i++)
        free(words[i]);
    free(words);
}

/* Appends '*' to the words of W that end in a wildcard, as typed. */
static void mark_wildcards(words_t *w)
{
    for (size_t i = 0; i < w->n && !w->oom; i++) {
        size_t len = strlen(w->v[i]);
        char *s = w->wild[i] ? realloc(w->v[i], len + 2) : w->v[i];
        if (!s)
            w->oom = 1;
        else if (w->wild[i])
            memcpy(s + len, "*", 2);
        if (s)
            w->v[i] = s;
    }
}

qry_status_t qry_unmatched(qry_engine_t *e, const char *query, const qry_result_t *r, char ***out,
                           size_t *nout)
{
    char err[QRY_ERROR] = "out of memory";
    words_t w = { 0 };
    *out = NULL;
    *nout = 0;
    char *qs = qry_normalize_cases(query);
    qnode_t *tree = qs ? qry_parse(qs, err) : NULL;
    free(qs);
    if (!tree)
        return qry_fail(e, strcmp(err, "out of memory") == 0 ? QRY_NO_MEMORY : QRY_BAD_QUERY,
                        "bad query '%.80s': %s", query, err);
    /* Passages with all the words of a query that needs every word: each
     * word matched, and nothing need be searched again (a search per
     * word was a tenth of a search's time). */
    if (r && r->total > 0 && all_required(tree)) {
        qry_node_free(tree);
        return QRY_OK;
    }
    collect_words(tree, &w);
    qry_node_free(tree);
    /* The unmatched words stay, in place and in order. */
    qry_status_t st = w.oom ? qry_fail(e, QRY_NO_MEMORY, "out of memory") : QRY_OK;
    size_t k = 0;
    for (size_t i = 0; i < w.n; i++) {
        int found = 1;
        if (st == QRY_OK)
            st = word_found(e, w.v[i], w.wild[i], &found);
        if (st == QRY_OK && !found) {
            w.wild[k] = w.wild[i];
            w.v[k++] = w.v[i];
        } else {
            free(w.v[i]);
        }
    }
    w.n = k;
    if (w.v)
        w.v[k] = NULL;
    if (k == 0) {
        free(w.v);
        w.v = NULL;
    }
    mark_wildcards(&w);
    if (st == QRY_OK && w.oom)
        st = qry_fail(e, QRY_NO_MEMORY, "out of memory");
    free(w.wild);
    if (st != QRY_OK) {
        qry_words_free(w.v);
        return st;
    }
    *out = w.v;
    *nout = w.n;
    return QRY_OK;
}
