/* understand.c - how a query's words combine, read from what they are.
 *
 * Analysts paste questions and sentences ("hva ble vedtatt om
 * rehabiliteringsopphold for barn", "hvornår blev MR-guidet ultralyd
 * godkendt").  Read as keywords, every word, "hva" and "for" included,
 * must be in a passage, and the fallback ORs them all at one weight.  A
 * query whose top is an implicit AND of words with a question word among
 * them, or of four words or more with two function words, is read as a
 * sentence instead: those words
 * are dropped, a year ("2019", "i 2023") and a decision word ("vedtatt",
 * "besluttet", "indstilling") add ranking boosts and stay as words a
 * passage may have, not must, and the words are combined as
 * docs/analysis.md ("How a query's words combine") measured best.
 * Keyword queries keep every word and AND, but a year among them is
 * optional (a meeting's year is rarely in each passage); a year or a
 * decision word adds its boost.  Fields, phrases, negations and
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

/* The question words among them: a query with one reads as a question
 * however short it is. */
static const char *const question_words[] = {
    "hva", "hvad", "hvem", "hvilke", "hvilken", "hvilket", "hvor", "hvordan", "hvorfor",
    "hvorledes", "hvornår", "kor", "korleis", "kva", "kven", "når",
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

/* 1 when WORD (as typed) is a question word. */
static int is_question_word(const char *word)
{
    char buf[32];
    const char *w = plain_word(word, buf, sizeof buf);
    for (size_t i = 0; i < sizeof question_words / sizeof question_words[0]; i++)
        if (strcmp(w, question_words[i]) == 0)
            return 1;
    return 0;
}

/* A query of keywords may hold a function word ("følte seg tryggere",
 * "forum for børnekræft"); without a question word it reads as a
 * sentence only from this many words, two of them function words. */
#define SENTENCE_WORDS 4

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
    if (v && strcmp(v, "rare") == 0)
        return QRY_COMBINE_RARE;
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

/* Whether the boost NAME is measured off (REFERAT_BOOSTS, a test hook:
 * "none", "year" or "decision" for the one kept). */
static int boost_off(const char *name)
{
    const char *v = referat_test_env("REFERAT_BOOSTS");
    return v && strcmp(v, name) != 0;
}

/* Notes in U the boosts word N asks for. */
static void note_boosts(qry_understood_t *u, const qnode_t *n)
{
    char buf[32];
    if (is_year(n->text) && !u->year[0] && !boost_off("year"))
        snprintf(u->year, sizeof u->year, "%s", plain_word(n->text, buf, sizeof buf));
    if (is_decision_word(n->text) && !boost_off("decision"))
        u->decision = 1;
}

/* Whether a sentence's words unknown to the index are split
 * (REFERAT_SPLIT_UNKNOWN=0, a test hook, measures without). */
static int split_enabled(void)
{
    const char *v = referat_test_env("REFERAT_SPLIT_UNKNOWN");
    return !v || strcmp(v, "0") != 0;
}

/* OR_ALL's weight of a full match (REFERAT_ALL_BONUS, a test hook, sets
 * another to measure). */
static double all_bonus(void)
{
    const char *v = referat_test_env("REFERAT_ALL_BONUS");
    return v ? atof(v) : QRY_ALL_BONUS;
}

/* 1 when word N asks for a boost (a year, a decision word). */
static int is_cue(const qnode_t *n)
{
    return n->kind == QN_WORD && !n->wildcard && (is_year(n->text) || is_decision_word(n->text));
}

/* Whether a sentence's years and decision words leave its words for
 * their boosts (REFERAT_CUES=drop, a test hook, measures that) or stay
 * as words it may have. */
static int drop_cues(void)
{
    const char *v = referat_test_env("REFERAT_CUES");
    return v && strcmp(v, "drop") == 0;
}

/* What word N of a sentence is dropped for, or NULL when it is kept. */
static const char *drop_reason(const qnode_t *n)
{
    if (n->kind != QN_WORD || n->wildcard)
        return NULL;
    if (is_cue(n) && drop_cues())
        return is_year(n->text) ? "year: a boost" : "decision word: a boost";
    if (!is_cue(n) && qry_is_stop_word(n->text))
        return "question or function word";
    return NULL;
}

/* Marks optional the words of CONTENT (N) that more than RARE_SHARE of
 * DB's passages hold (as typed, lower-cased): the rarer words are
 * required, the common ones add their weight. */
#define RARE_SHARE 0.05
static void mark_common(qnode_t **content, size_t n, xs_db_t *db)
{
    uint32_t all = 0;
    if (!db || xs_db_doccount(db, &all) != XS_OK || all == 0)
        return;
    for (size_t i = 0; i < n; i++) {
        char buf[ANA_MAX_WORD + 1];
        uint32_t tf = 0;
        if (content[i]->kind != QN_WORD || content[i]->wildcard)
            continue;
        const char *w = plain_word(content[i]->text, buf, sizeof buf);
        if (*w && xs_db_termfreq(db, w, &tf) == XS_OK && tf > RARE_SHARE * all)
            content[i]->optional = 1;
    }
}

/* The number of passages of DB with the word W (LEN bytes) as written. */
static uint32_t word_freq(xs_db_t *db, const char *w, size_t len)
{
    char term[ANA_MAX_WORD + 1];
    uint32_t tf = 0;
    if (len == 0 || len >= sizeof term)
        return 0;
    memcpy(term, w, len);
    term[len] = '\0';
    return xs_db_termfreq(db, term, &tf) == XS_OK ? tf : 0;
}

/* A word of a sentence that no passage of DB holds as written, read as
 * a compound of two words that passages do hold ("hjertesviktregisteret"
 * where the text says "register for hjertesvikt"): N becomes OR(the
 * word, its two parts), the longest first part that is a word winning,
 * a linking s or e between them allowed.  Each part has three letters
 * at least.  Returns -1 when out of memory. */
static int split_unknown(qnode_t *n, xs_db_t *db)
{
    char buf[ANA_MAX_WORD + 1];
    const char *w = plain_word(n->text, buf, sizeof buf);
    size_t len = strlen(w);
    if (!db || n->kind != QN_WORD || n->wildcard || len < 7 || word_freq(db, w, len) > 0)
        return 0;
    for (size_t i = len - 3; i >= 3; i--) {
        if (((unsigned char)w[i] & 0xC0) == 0x80 || ana_utf8_chars(w, i) < 3)
            continue;
        size_t rest = i + ((w[i] == 's' || w[i] == 'e') && word_freq(db, w + i, len - i) == 0);
        if (ana_utf8_chars(w + rest, len - rest) < 3 || word_freq(db, w, i) == 0 ||
            word_freq(db, w + rest, len - rest) == 0)
            continue;
        qnode_t **kids = calloc(3, sizeof *kids);
        for (int k = 0; kids && k < 3; k++)
            kids[k] = calloc(1, sizeof **kids);
        if (!kids || !kids[0] || !kids[1] || !kids[2]) {
            for (int k = 0; kids && k < 3; k++)
                free(kids[k]);
            free(kids);
            return -1;
        }
        kids[0]->text = n->text;
        kids[1]->text = strndup(w, i);
        kids[2]->text = strndup(w + rest, len - rest);
        n->text = NULL;
        n->kind = QN_OR;
        n->kids = kids;
        n->n = 3;
        return kids[1]->text && kids[2]->text ? 0 : -1;
    }
    return 0;
}

/* Notes on U's last kept word that it was split into the parts of N
 * (split_unknown): "word\tpart + part". */
static int note_split(qry_understood_t *u, const qnode_t *n)
{
    char *w = u->kept[u->nkept - 1];
    size_t len = strlen(w) + strlen(n->kids[1]->text) + strlen(n->kids[2]->text) + 5;
    char *v = malloc(len);
    if (!v)
        return -1;
    snprintf(v, len, "%s\t%s + %s", w, n->kids[1]->text, n->kids[2]->text);
    free(w);
    u->kept[u->nkept - 1] = v;
    return 0;
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

int qry_understand(qnode_t **tree, xs_db_t *db, qry_understood_t *u)
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
    size_t nwords = 0, nstop = 0, ncontent = 0, ncues = 0, nquestion = 0;
    for (size_t i = 0; i < t->n; i++) {
        const qnode_t *k = t->kids[i];
        if (k->kind == QN_WORD && !k->wildcard) {
            nwords++;
            note_boosts(u, k);
        }
        if (is_cue(k))
            ncues++;
        else if (k->kind == QN_WORD && !k->wildcard && qry_is_stop_word(k->text)) {
            nstop++;
            nquestion += is_question_word(k->text);
        }
        else if (!is_cue(k) && k->kind != QN_NOT && k->kind != QN_FIELD)
            ncontent++;
    }
    const char *loose = referat_test_env("REFERAT_SENTENCE");
    u->sentence = nwords >= 2 && nstop > 0 && ncontent + (drop_cues() ? 0 : ncues) > 0 &&
                  (nquestion > 0 || (nwords >= SENTENCE_WORDS && nstop >= 2) ||
                   (loose && strcmp(loose, "any") == 0));
    if (!u->sentence) {
        /* A year among keywords is a boost and adds its weight where the
         * text names it, but is not required: the meeting's year is
         * rarely written in each of its passages. */
        for (size_t i = 0; i < t->n; i++) {
            qnode_t *k = t->kids[i];
            if (k->kind == QN_WORD && !k->wildcard && is_year(k->text) && ncontent + nstop > 0)
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
            /* A year or a decision word kept is a word a passage may
             * have, beside its boost, not one it must. */
            k->optional = is_cue(k);
            if (!k->optional && split_enabled() && split_unknown(k, db) < 0)
                failed = 1;
            else if (k->kind == QN_OR && u->nkept > 0)
                failed |= note_split(u, k) < 0;
            content[nc++] = k;
        }
    }
    free(t->kids);
    t->kids = NULL;
    t->n = 0;
    qry_node_free(t);
    qnode_t *words = NULL;
    if (u->combine == QRY_COMBINE_RARE)
        mark_common(content, nc, db);
    if (u->combine == QRY_COMBINE_AND || u->combine == QRY_COMBINE_RARE) {
        for (size_t i = 0; i < nc; i++)
            rest[nr++] = content[i];
        free(content);
        words = NULL;
    } else {
        words = node_of(QN_OR, content, nc);
        if (words && words->kind == QN_OR)
            words->all_bonus = u->combine == QRY_COMBINE_OR_ALL ? all_bonus() : 0;
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
