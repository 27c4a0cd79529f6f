/* expand.c - synonyms and acronyms at query time.
 *
 * A query word or phrase equal to a member of a synonym group (the
 * user-editable data/synonyms.txt) or to an acronym or full name the
 * indexer learned from the minutes (database metadata, lib/schema.h) is
 * replaced by OR(itself, the other members as phrases).  Each alternative
 * stays inside the one operand, so an AND query keeps its meaning.
 *
 * A name typed without its marks or with æ, ø, å as ae, oe, aa ("dansk
 * register for bornekraeft") has another exact key than the one stored,
 * so a key with no alternatives of its own is looked up again folded
 * (ana_fold_key): among the synonyms' folded members, and in the engine's
 * map from folded to stored acronym keys (qry_acronyms_t, read once per
 * index revision).  A folded match adds the name as stored, properly
 * spelt, beside its synonyms or acronym.  The exact key comes first, so
 * folding (coarse on purpose: rød and rod meet) never adds to a name the
 * minutes or the synonyms file spell that way.
 */
#include "qry_private.h"
#include "acrotab.h"

#include "schema.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KEY_MAX 256

/* Longest run of query words tried as one name. */
#define MAX_RUN 8

struct qry_synonyms {
    char **keys;     /* normalized members */
    char **texts;    /* members as written (used as the query text) */
    char **folds;    /* keys folded (ana_fold_key) */
    size_t *group;
    size_t n, cap;
};

void qry_synonyms_free(qry_synonyms_t *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n; i++) {
        free(s->keys[i]);
        free(s->texts[i]);
        free(s->folds[i]);
    }
    free(s->keys);
    free(s->texts);
    free(s->folds);
    free(s->group);
    free(s);
}

static int add_member(qry_synonyms_t *s, const char *text, size_t len, size_t group)
{
    char key[KEY_MAX], fold[KEY_MAX];
    size_t kn = ana_normalize_key(text, len, key, sizeof key);
    if (kn == 0)
        return 0;
    ana_fold_key(key, kn, fold, sizeof fold);
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 32;
        char **k = realloc(s->keys, cap * sizeof *k);
        if (k)
            s->keys = k;
        char **t = realloc(s->texts, cap * sizeof *t);
        if (t)
            s->texts = t;
        char **f = realloc(s->folds, cap * sizeof *f);
        if (f)
            s->folds = f;
        size_t *g = realloc(s->group, cap * sizeof *g);
        if (g)
            s->group = g;
        if (!k || !t || !f || !g)
            return -1;
        s->cap = cap;
    }
    s->keys[s->n] = strdup(key);
    s->texts[s->n] = strndup(text, len);
    s->folds[s->n] = strdup(fold);
    s->group[s->n] = group;
    if (!s->keys[s->n] || !s->texts[s->n] || !s->folds[s->n]) {
        free(s->keys[s->n]);
        free(s->texts[s->n]);
        free(s->folds[s->n]);
        return -1;
    }
    s->n++;
    return 0;
}

qry_synonyms_t *qry_synonyms_load(const char *path, char *err)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, QRY_ERROR, "cannot read synonyms file %s: %s", path, strerror(errno));
        return NULL;
    }
    qry_synonyms_t *s = calloc(1, sizeof *s);
    char line[2048];
    size_t group = 0;
    while (s && fgets(line, sizeof line, f)) {
        char *p = line;
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p == '#' || *p == '\n' || *p == '\0')
            continue;
        group++;
        for (;;) {
            char *sep = strstr(p, " = ");
            size_t len = sep ? (size_t)(sep - p) : strcspn(p, "\r\n");
            if (add_member(s, p, len, group) < 0) {
                qry_synonyms_free(s);
                s = NULL;
                break;
            }
            if (!sep)
                break;
            p = sep + 3;
        }
    }
    fclose(f);
    if (!s)
        snprintf(err, QRY_ERROR, "out of memory reading %s", path);
    return s;
}

/* The metadata of learned names (schema.h): an acronym's full name, a
 * full name's acronym; an acro_t's kind is the index here. */
static const char *const acro_prefixes[] = { META_ACRO, META_ACRONAME };

/* One learned acronym or full name, by its folded key. */
typedef struct {
    char *fold;     /* malloc()ed: fold, key and value, each NUL-ended */
    char *key;      /* the stored key (schema.h), after fold's NUL */
    char *value;    /* what it stands for, after key's NUL */
    size_t kind;    /* its acro_prefixes index */
} acro_t;

struct qry_acronyms {
    acro_t *v;
    size_t n, cap;
    int oom;
    char *table;    /* the stored table the names point into, or NULL when
                     * each name's strings are a malloc() of their own */
};

typedef struct {
    qry_acronyms_t *a;
    size_t kind;    /* the acro_prefixes index of the records taken */
} take_t;

/* Takes one META_ACRO or META_ACRONAME record. */
static int take_acro(void *ctx, const char *k, size_t klen, const char *value, size_t vlen)
{
    qry_acronyms_t *a = ((take_t *)ctx)->a;
    size_t kind = ((take_t *)ctx)->kind, pl = strlen(acro_prefixes[kind]), kn = klen - pl;
    char fold[KEY_MAX];
    if (klen <= pl || vlen == 0 || kn >= KEY_MAX)
        return 0;
    size_t fn = ana_fold_key(k + pl, kn, fold, sizeof fold);
    if (a->n == a->cap) {
        size_t cap = a->cap ? a->cap * 2 : 64;
        acro_t *v = realloc(a->v, cap * sizeof *v);
        if (!v) {
            a->oom = 1;
            return 1;
        }
        a->v = v;
        a->cap = cap;
    }
    char *m = malloc(fn + kn + vlen + 3);
    if (!m) {
        a->oom = 1;
        return 1;
    }
    acro_t *e = &a->v[a->n++];
    e->fold = memcpy(m, fold, fn + 1);
    e->key = memcpy(m + fn + 1, k + pl, kn);
    e->key[kn] = '\0';
    e->value = memcpy(e->key + kn + 1, value, vlen);
    e->value[vlen] = '\0';
    e->kind = kind;
    return 0;
}

/* The table's order: by folded key, then as the walk meets them (acronyms
 * before full names, each by key), so that a folded key's names come in
 * one order whether walked or read from the stored table. */
static int by_fold(const void *a, const void *b)
{
    const acro_t *x = a, *y = b;
    int c = strcmp(x->fold, y->fold);
    if (c == 0)
        c = x->kind < y->kind ? -1 : x->kind > y->kind;
    return c ? c : strcmp(x->key, y->key);
}

/* Every learned name of DB's metadata, folded and sorted, into *OUT: a
 * record at a time (an index written before the stored table, or several
 * shards).  On failure *OUT is NULL. */
static xs_status_t acronyms_walk(xs_db_t *db, qry_acronyms_t **out)
{
    qry_acronyms_t *a = calloc(1, sizeof *a);
    xs_status_t st = a ? XS_OK : XS_NO_MEMORY;
    for (size_t p = 0; st == XS_OK && p < 2; p++) {
        take_t t = { a, p };
        st = xs_db_each_metadata(db, acro_prefixes[p], take_acro, &t);
        if (st == XS_OK && a->oom)
            st = XS_NO_MEMORY;
    }
    if (st != XS_OK) {
        qry_acronyms_free(a);
        a = NULL;
    } else if (a->n) {
        qsort(a->v, a->n, sizeof *a->v, by_fold);
    }
    *out = a;
    return st;
}

/* The stored table (schema.h, REFERAT_ACRONYMS_KEY): a line "1 <n>
 * <STAMP>" (the index's referat.last_run as the table is written), then
 * per name, in by_fold order, "<fold> TAB <kind> TAB <key> TAB <value>"
 * and a newline.  Normalized keys hold neither a tab nor a newline; a
 * table with a name that does is not stored (NULL, as out of memory). */
static char *acronyms_pack(const qry_acronyms_t *a, const char *stamp)
{
    if (strpbrk(stamp, " \t\n"))
        return NULL;
    size_t len = 32 + strlen(stamp);
    for (size_t i = 0; i < a->n; i++) {
        const acro_t *e = &a->v[i];
        if (strpbrk(e->fold, "\t\n") || strpbrk(e->key, "\t\n") || strpbrk(e->value, "\t\n"))
            return NULL;
        len += strlen(e->fold) + strlen(e->key) + strlen(e->value) + 6;
    }
    char *s = malloc(len), *p = s;
    if (!s)
        return NULL;
    p += sprintf(p, "1 %zu %s\n", a->n, stamp);
    for (size_t i = 0; i < a->n; i++)
        p += sprintf(p, "%s\t%zu\t%s\t%s\n", a->v[i].fold, a->v[i].kind, a->v[i].key, a->v[i].value);
    return s;
}

/* The field after F in a line that ends at EOL: F's tab cut, or NULL
 * when F holds none. */
static char *next_field(char *f, char *eol)
{
    char *tab = memchr(f, '\t', (size_t)(eol - f));
    if (!tab)
        return NULL;
    *tab = '\0';
    return tab + 1;
}

/* The names of stored table TABLE (taken: freed with the result, or here
 * on failure); NULL when it is not one acronyms_pack() writes with STAMP,
 * in order, or when out of memory. */
static qry_acronyms_t *acronyms_parse(char *table, const char *stamp)
{
    qry_acronyms_t *a = calloc(1, sizeof *a);
    size_t len = strlen(table), sl = strlen(stamp);
    char *p = table, *lim = table + len, *end = table;
    unsigned long long n = strncmp(p, "1 ", 2) == 0 ? strtoull(p + 2, &end, 10) : 0;
    if (!a || strncmp(p, "1 ", 2) != 0 || *end != ' ' || strncmp(end + 1, stamp, sl) != 0 ||
        end[1 + sl] != '\n' || n > len / 8 || (n && !(a->v = malloc(n * sizeof *a->v)))) {
        free(a);
        free(table);
        return NULL;
    }
    a->table = table;
    p = end + 2 + sl;
    /* Each line "<fold> TAB <kind> TAB <key> TAB <value>", a kind 0 or 1,
     * in by_fold order. */
    for (a->cap = n; a->n < n; a->n++) {
        acro_t *e = &a->v[a->n];
        char *eol = memchr(p, '\n', (size_t)(lim - p)), *kind;
        if (!eol)
            break;
        *eol = '\0';
        e->fold = p;
        if (!(kind = next_field(p, eol)) || !(e->key = next_field(kind, eol)) ||
            !(e->value = next_field(e->key, eol)) || memchr(e->value, '\t', (size_t)(eol - e->value)) ||
            (strcmp(kind, "0") != 0 && strcmp(kind, "1") != 0) || !e->key[0] || !e->value[0])
            break;
        e->kind = (size_t)(kind[0] - '0');
        if (a->n && by_fold(&a->v[a->n - 1], e) >= 0)
            break;
        p = eol + 1;
    }
    if (a->n < n || p != lim) {
        qry_acronyms_free(a);
        return NULL;
    }
    return a;
}

qry_acronyms_t *qry_acronyms_new(xs_db_t *db)
{
    /* One metadata read where the indexer stored the table; several
     * shards each hold their own, so they are walked (their union).  A
     * table written before the index's last commit (an older
     * referat-index committed since, and may have learned names) is
     * walked past too. */
    if (xs_db_shard_count(db) <= 1) {
        char *table = NULL, *stamp = NULL;
        if (xs_db_get_metadata(db, REFERAT_ACRONYMS_KEY, &table) == XS_OK && table[0] &&
            xs_db_get_metadata(db, REFERAT_LAST_RUN_KEY, &stamp) == XS_OK) {
            qry_acronyms_t *a = acronyms_parse(table, stamp);
            free(stamp);
            if (a)
                return a;
        } else {
            free(table);
            free(stamp);
        }
    }
    qry_acronyms_t *a;
    acronyms_walk(db, &a);
    return a;
}

xs_status_t qry_acronyms_table(xs_db_t *db, char **table)
{
    qry_acronyms_t *a;
    char *stamp = NULL;
    xs_status_t st = acronyms_walk(db, &a);
    *table = NULL;
    if (st == XS_OK)
        st = xs_db_get_metadata(db, REFERAT_LAST_RUN_KEY, &stamp);
    if (st == XS_OK && !(*table = acronyms_pack(a, stamp)) && !(*table = strdup("")))
        st = XS_NO_MEMORY;
    free(stamp);
    qry_acronyms_free(a);
    return st;
}

xs_status_t qry_acronyms_store(xs_db_t *db)
{
    char *table, *old = NULL;
    xs_status_t st = qry_acronyms_table(db, &table);
    /* A table that cannot be stored goes ("" deletes the key): readers
     * then walk the names. */
    if (st == XS_OK && (st = xs_db_get_metadata(db, REFERAT_ACRONYMS_KEY, &old)) == XS_OK &&
        strcmp(old, table) != 0)
        st = xs_db_set_metadata(db, REFERAT_ACRONYMS_KEY, table);
    free(old);
    free(table);
    return st;
}

void qry_acronyms_free(qry_acronyms_t *a)
{
    if (!a)
        return;
    for (size_t i = 0; !a->table && i < a->n; i++)
        free(a->v[i].fold);
    free(a->table);
    free(a->v);
    free(a);
}

/* Appends alternative TEXT to NODE (an OR of the original and its
 * alternatives), unless its key equals SELF. */
static int add_alt(qnode_t *or_node, const char *text, const char *self)
{
    char key[KEY_MAX];
    if (ana_normalize_key(text, strlen(text), key, sizeof key) == 0 || strcmp(key, self) == 0)
        return 0;
    for (size_t i = 1; i < or_node->n; i++)
        if (strcmp(or_node->kids[i]->text, text) == 0)
            return 0;
    qnode_t *alt = calloc(1, sizeof *alt);
    qnode_t **kids = realloc(or_node->kids, (or_node->n + 1) * sizeof *kids);
    if (kids)
        or_node->kids = kids;
    if (!alt || !kids || !(alt->text = strdup(text))) {
        free(alt);
        return -1;
    }
    alt->kind = QN_PHRASE;
    or_node->kids[or_node->n++] = alt;
    return 0;
}

/* Where a query's names are looked up: any of them may be NULL. */
typedef struct {
    xs_db_t *db;
    const qry_synonyms_t *syn;
    const qry_acronyms_t *acro;
} names_t;

/* The first of A's names whose folded key is FOLD or after it. */
static size_t acro_first(const qry_acronyms_t *a, const char *fold)
{
    size_t lo = 0, hi = a->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(a->v[mid].fold, fold) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* What learned name KEY of KIND (acro_prefixes) stands for, malloc()ed
 * (caller frees), or NULL when none.  The engine's table holds every one
 * of them, so a query's words and runs of words cost no metadata read (a
 * round trip each to a remote shard); without the table, the metadata. */
static char *exact_value(const names_t *nm, size_t kind, const char *key)
{
    if (nm->acro) {
        char fold[KEY_MAX];
        ana_fold_key(key, strlen(key), fold, sizeof fold);
        const qry_acronyms_t *a = nm->acro;
        for (size_t i = acro_first(a, fold); i < a->n && strcmp(a->v[i].fold, fold) == 0; i++)
            if (a->v[i].kind == kind && strcmp(a->v[i].key, key) == 0)
                return strdup(a->v[i].value);
        return NULL;
    }
    char meta[KEY_MAX + 16], *value = NULL;
    snprintf(meta, sizeof meta, "%s%s", acro_prefixes[kind], key);
    if (!nm->db || xs_db_get_metadata(nm->db, meta, &value) != XS_OK || !value[0]) {
        free(value);
        return NULL;
    }
    return value;
}

/* 1 when KEY has synonyms or a learned acronym expansion under its exact
 * key. */
static int has_exact(const char *key, const names_t *nm)
{
    for (size_t i = 0; nm->syn && i < nm->syn->n; i++)
        if (strcmp(nm->syn->keys[i], key) == 0)
            return 1;
    for (size_t p = 0; p < 2; p++) {
        char *value = exact_value(nm, p, key);
        free(value);
        if (value)
            return 1;
    }
    return 0;
}

/* The names KEY folded stands for: with OR_NODE, appends the members of
 * every synonym group with a member of that folded key, and every
 * learned acronym or full name of that folded key with what it stands
 * for.  Returns how many matched (without OR_NODE, 0 or 1 at the first),
 * or -1 when out of memory. */
static int add_folded(qnode_t *or_node, const char *key, const names_t *nm)
{
    char fold[KEY_MAX];
    int found = 0;
    ana_fold_key(key, strlen(key), fold, sizeof fold);
    const qry_synonyms_t *syn = nm->syn;
    for (size_t i = 0; syn && i < syn->n; i++) {
        if (strcmp(syn->folds[i], fold) != 0)
            continue;
        if (!or_node)
            return 1;
        found++;
        for (size_t j = 0; j < syn->n; j++)
            if (syn->group[j] == syn->group[i] && add_alt(or_node, syn->texts[j], key) < 0)
                return -1;
    }
    const qry_acronyms_t *a = nm->acro;
    for (size_t i = a ? acro_first(a, fold) : 0; a && i < a->n && strcmp(a->v[i].fold, fold) == 0; i++) {
        if (!or_node)
            return 1;
        found++;
        if (add_alt(or_node, a->v[i].key, key) < 0 || add_alt(or_node, a->v[i].value, key) < 0)
            return -1;
    }
    return found;
}

/* 1 when KEY has synonyms or a learned acronym expansion, exactly or
 * folded. */
static int has_alternatives(const char *key, const names_t *nm)
{
    return has_exact(key, nm) || add_folded(NULL, key, nm) > 0;
}

static int expand_leaf(qnode_t *n, const names_t *nm);

/* Inside an AND, a run of plain words may together be a name with an
 * acronym or synonyms ("MR-guidet fokuseret ultralyd dobbeltsidig"): the
 * longest such run becomes one phrase operand, which is then expanded. */
static int merge_runs(qnode_t *n, const names_t *nm)
{
    for (size_t i = 0; i + 1 < n->n; i++) {
        for (size_t j = n->n - 1; j > i; j--) {
            if (j - i + 1 > MAX_RUN)
                continue;
            int plain = 1;
            size_t len = 0;
            for (size_t k = i; k <= j; k++) {
                if (n->kids[k]->kind != QN_WORD || n->kids[k]->wildcard)
                    plain = 0;
                else
                    len += strlen(n->kids[k]->text) + 1;
            }
            if (!plain)
                continue;
            char *text = malloc(len + 1), key[KEY_MAX];
            if (!text)
                return -1;
            text[0] = '\0';
            for (size_t k = i; k <= j; k++) {
                if (k > i)
                    strcat(text, " ");
                strcat(text, n->kids[k]->text);
            }
            if (ana_normalize_key(text, strlen(text), key, sizeof key) == 0 ||
                !has_alternatives(key, nm)) {
                free(text);
                continue;
            }
            /* Replace kids i..j by one phrase node. */
            qnode_t *ph = calloc(1, sizeof *ph);
            if (!ph) {
                free(text);
                return -1;
            }
            ph->kind = QN_PHRASE;
            ph->text = text;
            for (size_t k = i; k <= j; k++)
                qry_node_free(n->kids[k]);
            n->kids[i] = ph;
            memmove(n->kids + i + 1, n->kids + j + 1, (n->n - j - 1) * sizeof *n->kids);
            n->n -= j - i;
            break;
        }
    }
    return 0;
}

static int expand_node(qnode_t *n, const names_t *nm)
{
    if (n->kind == QN_AND && merge_runs(n, nm) < 0)
        return -1;
    if (n->kind == QN_AND || n->kind == QN_OR || n->kind == QN_NOT) {
        for (size_t i = 0; i < n->n; i++)
            if (expand_node(n->kids[i], nm) < 0)
                return -1;
        return 0;
    }
    return expand_leaf(n, nm);
}

static int expand_leaf(qnode_t *n, const names_t *nm)
{
    /* A field's value is a filter, not words: "body:NKRS" widened to the
     * name NKRS stands for would let in any passage naming it, from any
     * body, and the partial-match fallback would OR it with the words. */
    if (n->wildcard || n->kind == QN_FIELD)
        return 0;
    char key[KEY_MAX];
    if (ana_normalize_key(n->text, strlen(n->text), key, sizeof key) == 0)
        return 0;
    /* Turn N into OR(copy of N) first; alternatives are appended. */
    qnode_t *orig = malloc(sizeof *orig);
    qnode_t **kids = malloc(sizeof *kids);
    if (!orig || !kids) {
        free(orig);
        free(kids);
        return -1;
    }
    *orig = *n;
    kids[0] = orig;
    qnode_t or_node = { .kind = QN_OR, .kids = kids, .n = 1 };
    int rc = 0;
    const qry_synonyms_t *syn = nm->syn;
    for (size_t i = 0; syn && rc == 0 && i < syn->n; i++) {
        if (strcmp(syn->keys[i], key) != 0)
            continue;
        for (size_t j = 0; rc == 0 && j < syn->n; j++)
            if (syn->group[j] == syn->group[i])
                rc = add_alt(&or_node, syn->texts[j], key);
    }
    for (size_t p = 0; rc == 0 && p < 2; p++) {
        char *value = exact_value(nm, p, key);
        if (value)
            rc = add_alt(&or_node, value, key);
        free(value);
    }
    /* No alternative under the exact key: the name may have been typed
     * without its marks. */
    if (rc == 0 && or_node.n == 1 && add_folded(&or_node, key, nm) < 0)
        rc = -1;
    if (or_node.n == 1) {
        /* Nothing to add: put N back as it was. */
        free(kids);
        free(orig);
        return rc;
    }
    *n = or_node;
    return rc;
}

int qry_expand(qnode_t *tree, xs_db_t *db, const qry_synonyms_t *syn, const qry_acronyms_t *acro)
{
    names_t nm = { db, syn, acro };
    return expand_node(tree, &nm);
}
