/* understand.c - how a query's words combine, read from what they are.
 *
 * Analysts paste questions and sentences ("hva ble vedtatt om
 * rehabiliteringsopphold for barn", "hvornår blev MR-guidet ultralyd
 * godkendt").  Read as keywords, every word, "hva" and "for" included,
 * must be in a passage, and the fallback ORs them all at one weight.  A
 * query whose top is an implicit AND of words with a question or
 * function word among them is read as a sentence instead: those words
 * are dropped (all of them only when nothing else is left), a year
 * ("2019", "i 2023") and a decision word ("vedtatt", "besluttet",
 * "indstilling") become ranking boosts, and the remaining words are
 * combined as docs/analysis.md ("How a query's words combine") measured
 * best.  Keyword queries keep every word and AND; a year or a decision
 * word among them adds its boost beside.  Fields, phrases, negations and
 * explicit operators are never dropped or changed.
 */
#include "qry_private.h"

#include "testhook.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* Question and function words of Norwegian (bokmål, nynorsk) and Danish
 * that carry no topic: sorted by strcmp (bytes), for bsearch.  The
 * phrase gap words (ana_is_gap_word) count too. */
static const char *const stop_words[] = {
    "ble", "blei", "blev", "blevet", "bli", "blir", "blitt", "bliver", "blive", "da", "dei",
    "dem", "deres", "dere", "du", "fik", "fikk", "får", "gjennom", "gjorde", "gjort", "gjør",
    "gennem", "gør", "ha", "hadde", "haft", "han", "hans", "havde", "have", "hendes", "hennes",
    "hun", "hva", "hvad", "hvem", "hvilke", "hvilken", "hvilket", "hvis", "hvor", "hvordan",
    "hvorfor", "hvorledes", "hvornår", "ind", "inn", "jeg", "kor", "korleis", "kva", "kven",
    "kunne", "man", "meget", "mellem", "mellom", "mye", "nogen", "noget", "noe", "noen",
    "når", "op", "opp", "sit", "sitt", "skulle", "slik", "ud", "uden", "ut", "uten",
    "var", "vart", "ville", "være", "været", "vært",
};

static int by_bytes(const void *key, const void *elem)
{
    return strcmp((const char *)key, *(const char *const *)elem);
}

/* WORD as typed, lower-cased (ASCII and Æ Ø Å) and without the
 * punctuation around it ("Når", "barn?") into BUF (CAP bytes); "" when
 * it does not fit. */
static const char *plain_word(const char *word, char *buf, size_t cap)
{
    size_t len = strlen(word);
    while (len > 0 && ispunct((unsigned char)word[len - 1]))
        len--;
    while (len > 0 && ispunct((unsigned char)*word)) {
        word++;
        len--;
    }
    if (len >= cap)
        len = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)word[i];
        if (c == 0xC3 && i + 1 < len && (word[i + 1] == '\x86' || word[i + 1] == '\x98' ||
                                         word[i + 1] == '\x85')) {
            buf[i] = (char)c;
            buf[i + 1] = (char)(word[i + 1] + 0x20); /* Æ Ø Å -> æ ø å */
            i++;
            continue;
        }
        buf[i] = (char)tolower(c);
    }
    buf[len] = '\0';
    return buf;
}

int qry_is_stop_word(const char *word)
{
    char buf[32];
    const char *w = plain_word(word, buf, sizeof buf);
    return *w && (ana_is_gap_word(w, strlen(w)) ||
                  bsearch(w, stop_words, sizeof stop_words / sizeof stop_words[0],
                          sizeof stop_words[0], by_bytes) != NULL);
}

/* 1 when WORD is a year a meeting may be of: four digits, 1900-2099. */
static int is_year(const char *word)
{
    char buf[32];
    const char *w = plain_word(word, buf, sizeof buf);
    if (strlen(w) != 4 || !(strncmp(w, "19", 2) == 0 || strncmp(w, "20", 2) == 0))
        return 0;
    for (const char *p = w; *p; p++)
        if (!isdigit((unsigned char)*p))
            return 0;
    return 1;
}

/* 1 when WORD speaks of a decision: vedtak, vedtatt, vedtok, besluttet,
 * beslutning, indstilling, innstilling and their forms. */
static int is_decision_word(const char *word)
{
    static const char *const stems[] = { "vedta", "beslut", "indstill", "innstill" };
    char buf[64];
    const char *w = plain_word(word, buf, sizeof buf);
    for (size_t i = 0; i < sizeof stems / sizeof stems[0]; i++)
        if (strncmp(w, stems[i], strlen(stems[i])) == 0)
            return 1;
    return 0;
}

/* The combination a sentence's words get (REFERAT_COMBINE, a test hook,
 * chooses another to measure; docs/analysis.md). */
static qry_combine_t combine_mode(void)
{
    const char *v = referat_test_env("REFERAT_COMBINE");
    if (v && strcmp(v, "and") == 0)
        return QRY_COMBINE_AND;
    if (v && strcmp(v, "or") == 0)
        return QRY_COMBINE_OR;
    if (v && strcmp(v, "orand") == 0)
        return QRY_COMBINE_OR_ALL;
    return QRY_COMBINE_DEFAULT;
}

/* The weight of the passage's neighbours' best score beside its own
 * (REFERAT_CONTEXT, a test hook, sets another to measure). */
static double context_weight(void)
{
    const char *v = referat_test_env("REFERAT_CONTEXT");
    return v ? atof(v) : QRY_CONTEXT_WEIGHT;
}

static int push_word(char ***v, size_t *n, const char *s, const char *why)
{
    char **nv = realloc(*v, (*n + 2) * sizeof *nv);
    if (!nv)
        return -1;
    *v = nv;
    size_t len = strlen(s) + (why ? strlen(why) + 1 : 0) + 1;
    char *w = malloc(len);
    if (!w)
        return -1;
    if (why)
        snprintf(w, len, "%s\t%s", s, why);
    else
        snprintf(w, len, "%s", s);
    nv[(*n)++] = w;
    nv[*n] = NULL;
    return 0;
}

void qry_understood_clear(qry_understood_t *u)
{
    for (size_t i = 0; i < u->nkept; i++)
        free(u->kept[i]);
    for (size_t i = 0; i < u->ndropped; i++)
        free(u->dropped[i]);
    free(u->kept);
    free(u->dropped);
    memset(u, 0, sizeof *u);
}

/* Notes in U the boosts word N asks for. */
static void note_boosts(qry_understood_t *u, const qnode_t *n)
{
    char buf[32];
    if (is_year(n->text) && !u->year[0])
        snprintf(u->year, sizeof u->year, "%s", plain_word(n->text, buf, sizeof buf));
    if (is_decision_word(n->text))
        u->decision = 1;
}

/* What word N of a sentence is dropped for, or NULL when it is kept. */
static const char *drop_reason(const qnode_t *n)
{
    if (n->kind != QN_WORD || n->wildcard)
        return NULL;
    if (is_year(n->text))
        return "year: a boost";
    if (is_decision_word(n->text))
        return "decision word: a boost";
    if (qry_is_stop_word(n->text))
        return "question or function word";
    return NULL;
}

/* A node of KIND over KIDS (N of them, taken over), or the kid itself
 * when there is one; NULL when out of memory (KIDS then freed). */
static qnode_t *node_of(qn_kind_t kind, qnode_t **kids, size_t n)
{
    if (n == 1) {
        qnode_t *k = kids[0];
        free(kids);
        return k;
    }
    qnode_t *node = calloc(1, sizeof *node);
    if (!node) {
        for (size_t i = 0; i < n; i++)
            qry_node_free(kids[i]);
        free(kids);
        return NULL;
    }
    node->kind = kind;
    node->kids = kids;
    node->n = n;
    return node;
}

int qry_understand(qnode_t **tree, qry_understood_t *u)
{
    memset(u, 0, sizeof *u);
    qnode_t *t = *tree;
    u->context = context_weight();
    if (t->kind == QN_WORD && !t->wildcard) {
        note_boosts(u, t);
        return push_word(&u->kept, &u->nkept, t->text, NULL);
    }
    if (t->kind != QN_AND)
        return 0;
    size_t nwords = 0, nstop = 0, ncontent = 0;
    for (size_t i = 0; i < t->n; i++) {
        const qnode_t *k = t->kids[i];
        if (k->kind == QN_WORD && !k->wildcard) {
            nwords++;
            note_boosts(u, k);
        }
        const char *why = drop_reason(k);
        if (why && k->kind == QN_WORD && qry_is_stop_word(k->text))
            nstop++;
        else if (!why && k->kind != QN_NOT && k->kind != QN_FIELD)
            ncontent++;
    }
    u->sentence = nwords >= 2 && nstop > 0 && ncontent > 0;
    if (!u->sentence) {
        /* A year among keywords is a boost and adds its weight where the
         * text names it, but is not required: the meeting's year is
         * rarely written in each of its passages. */
        for (size_t i = 0; i < t->n; i++) {
            qnode_t *k = t->kids[i];
            if (k->kind == QN_WORD && !k->wildcard && is_year(k->text) && ncontent + nstop > 1)
                k->optional = 1;
            if (k->kind == QN_WORD && push_word(&u->kept, &u->nkept, k->text, NULL) < 0)
                return -1;
        }
        return 0;
    }
    u->combine = combine_mode();
    /* content: the words kept; rest: fields and negations, which filter. */
    qnode_t **content = calloc(t->n, sizeof *content), **rest = calloc(t->n + 1, sizeof *rest);
    size_t nc = 0, nr = 0;
    if (!content || !rest) {
        free(content);
        free(rest);
        return -1;
    }
    int failed = 0;
    for (size_t i = 0; i < t->n; i++) {
        qnode_t *k = t->kids[i];
        const char *why = drop_reason(k);
        if (why) {
            failed |= push_word(&u->dropped, &u->ndropped, k->text, why) < 0;
            qry_node_free(k);
        } else if (k->kind == QN_NOT || k->kind == QN_FIELD) {
            rest[nr++] = k;
        } else {
            if (k->kind == QN_WORD)
                failed |= push_word(&u->kept, &u->nkept, k->text, NULL) < 0;
            content[nc++] = k;
        }
    }
    free(t->kids);
    t->kids = NULL;
    t->n = 0;
    qry_node_free(t);
    qnode_t *words = NULL;
    if (u->combine == QRY_COMBINE_AND) {
        for (size_t i = 0; i < nc; i++)
            rest[nr++] = content[i];
        free(content);
        words = NULL;
    } else {
        words = node_of(QN_OR, content, nc);
        if (words && words->kind == QN_OR)
            words->all_bonus = u->combine == QRY_COMBINE_OR_ALL ? QRY_ALL_BONUS : 0;
        if (words)
            rest[nr++] = words;
        else
            failed = 1;
    }
    if (words && nr > 1) {
        /* The words first, as the parser puts them. */
        memmove(rest + 1, rest, (nr - 1) * sizeof *rest);
        rest[0] = words;
    }
    *tree = node_of(QN_AND, rest, nr);
    return failed || !*tree ? -1 : 0;
}
