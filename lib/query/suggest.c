/* suggest.c - a word the index holds for a word that matches nothing
 * ("rehabilitring: did you mean rehabilitering?").
 *
 * The index's own words are the vocabulary: they are the spellings that
 * would find something, in the languages and the trade words of these
 * minutes, where a general dictionary would offer words no passage has.
 * The candidates are the index's words that begin with the typed word's
 * first two letters (a typo there is rare, and the walk stays a small
 * part of the term list: with the first letter only, the walk was a sixth
 * of all the server's instructions over the bench's queries at 50 MB),
 * within one edit for a word of up to five letters and
 * two for a longer one; an edit is a letter inserted, dropped, changed,
 * or two neighbours swapped (optimal string alignment).  Among the
 * nearest, the word most passages hold wins, then the byte-order first.
 * The walk reads no frequencies (a tenth of its instructions): only the
 * nearest words' are read, after it.
 *
 * Walking the term list was four fifths of a suggestion's instructions
 * (about 1,700 a word in Xapian's iterator, against 450 to compare it),
 * and a resident server meets the same few hundred prefixes in request
 * after request, for different words.  So the engine keeps the words
 * under a prefix, each with its length in code points, as one block
 * (qry_wordlists_t): built by the first walk of the prefix, emptied when
 * the reader moves to another revision or set of shards
 * (xs_db_generation()), within WORDLIST_BYTES per engine (at 500 MB the
 * largest prefix, "ko", is 18,209 words in 0.43 MB).  The words are the
 * same in the same order, so the suggestions are the same.  An engine
 * serves one thread at a time, so the lists take no lock.
 */
#include "qry_private.h"
#include "analysis/lexicon.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Code points compared at most: longer words get no suggestion. */
#define MAX_CHARS 48

/* The walk's bound: terms looked at under one prefix. */
#define MAX_SCAN 100000

/* The nearest words kept before their frequencies are read to keep
 * only the commonest (the walk rarely finds more). */
#define MAX_TIED 8

/* The prefixes' word lists kept per engine: slots (a power of two) and
 * the bytes they may take together. */
#define WORDLIST_SLOTS 256
#define WORDLIST_BYTES (4u << 20)

/* Letters are counted in this many classes (the code point modulo) for
 * the bag bound (bag_bound). */
#define BAG_CLASSES 32

typedef struct {
    uint32_t w[MAX_CHARS];
    size_t n;
    unsigned char bag[BAG_CLASSES]; /* the typed word's letters by class */
    size_t max_edits;
    size_t scanned;
    size_t best_edits;
    /* The words at best_edits in byte order, the first NTIED of
     * TIED; once more than one is kept, FREQ[0] is known when
     * FREQ_KNOWN. */
    char tied[MAX_TIED][MAX_CHARS * 4 + 1];
    size_t ntied;
    uint32_t freq0;
    int freq0_known;
    xs_db_t *db;
    xs_status_t st;
} near_t;

/* Decodes S (LEN bytes) into at most MAX_CHARS code points; the count,
 * or MAX_CHARS + 1 when longer. */
static size_t decode(const char *s, size_t len, uint32_t *out)
{
    size_t n = 0;
    for (size_t i = 0; i < len;) {
        if (n == MAX_CHARS)
            return MAX_CHARS + 1;
        i += ana_utf8_decode(s + i, len - i, &out[n++]);
    }
    return n;
}

static size_t min3(size_t a, size_t b, size_t c)
{
    size_t m = a < b ? a : b;
    return m < c ? m : c;
}

/* The optimal-string-alignment distance of A (NA) and B (NB), or LIMIT + 1
 * once it must exceed LIMIT. */
static size_t distance(const uint32_t *a, size_t na, const uint32_t *b, size_t nb, size_t limit)
{
    size_t rows[3][MAX_CHARS + 1];
    size_t *prev2 = rows[0], *prev = rows[1], *cur = rows[2];
    for (size_t j = 0; j <= nb; j++)
        prev[j] = j;
    for (size_t i = 1; i <= na; i++) {
        size_t lowest = cur[0] = i;
        for (size_t j = 1; j <= nb; j++) {
            size_t cost = a[i - 1] != b[j - 1];
            cur[j] = min3(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && prev2[j - 2] + 1 < cur[j])
                cur[j] = prev2[j - 2] + 1;
            if (cur[j] < lowest)
                lowest = cur[j];
        }
        if (lowest > limit)
            return limit + 1;
        size_t *t = prev2;
        prev2 = prev;
        prev = cur;
        cur = t;
    }
    return prev[nb];
}

/* A lower bound of the distance of S's word from T (N code points): the
 * letters one has more of than the other, by class.  An insertion,
 * deletion or change adds at most one to either side, a swap nothing;
 * classes that merge letters only make the bound lower. */
static size_t bag_bound(const near_t *s, const uint32_t *t, size_t n)
{
    int diff[BAG_CLASSES];
    size_t more = 0, fewer = 0;
    for (size_t c = 0; c < BAG_CLASSES; c++)
        diff[c] = s->bag[c];
    for (size_t i = 0; i < n; i++)
        diff[t[i] % BAG_CLASSES]--;
    for (size_t c = 0; c < BAG_CLASSES; c++) {
        if (diff[c] > 0)
            more += (size_t)diff[c];
        else
            fewer += (size_t)-diff[c];
    }
    return more > fewer ? more : fewer;
}

/* Keeps of S's tied words only the first that most passages hold, as
 * its first; 1 when reading a frequency failed (S->st says why). */
static int keep_commonest(near_t *s)
{
    size_t best = 0;
    uint32_t best_freq = s->freq0;
    if (!s->freq0_known && (s->st = xs_db_termfreq(s->db, s->tied[0], &best_freq)) != XS_OK)
        return 1;
    for (size_t i = 1; i < s->ntied; i++) {
        uint32_t f;
        if ((s->st = xs_db_termfreq(s->db, s->tied[i], &f)) != XS_OK)
            return 1;
        if (f > best_freq) {
            best = i;
            best_freq = f;
        }
    }
    if (best > 0)
        memcpy(s->tied[0], s->tied[best], strlen(s->tied[best]) + 1);
    s->ntied = 1;
    s->freq0 = best_freq;
    s->freq0_known = 1;
    return 0;
}

/* Weighs TERM (LEN bytes, N code points, MAX_CHARS + 1 when more) as
 * S's suggestion; nonzero stops the walk. */
static int consider(near_t *s, const char *term, size_t len, size_t n)
{
    uint32_t t[MAX_CHARS];
    if (++s->scanned > MAX_SCAN)
        return 1;
    /* The length alone rules out most words: no need to decode. */
    if (n > MAX_CHARS || n + s->max_edits < s->n || s->n + s->max_edits < n)
        return 0;
    decode(term, len, t);
    /* Words further than the best so far cannot win: the bag bound
     * rules most out before the distance is computed, and the distance
     * stops at the best's. */
    size_t limit = s->max_edits < s->best_edits ? s->max_edits : s->best_edits;
    if (bag_bound(s, t, n) > limit)
        return 0;
    size_t d = distance(s->w, s->n, t, n, limit);
    if (d == 0 || d > s->max_edits || d > s->best_edits)
        return 0;
    if (d < s->best_edits) {
        s->best_edits = d;
        s->ntied = 0;
        s->freq0_known = 0;
    } else if (s->ntied == MAX_TIED && keep_commonest(s)) {
        return 1;
    }
    memcpy(s->tied[s->ntied], term, len);
    s->tied[s->ntied++][len] = '\0';
    return 0;
}

/* ---- the word lists ---- */

/* A prefix's words as records: the length in bytes (one byte), the
 * length in code points (one byte, MAX_CHARS + 1 for more), the bytes.
 * Only the first MAX_SCAN words, as the walk looks at no more. */
typedef struct {
    char prefix[9];   /* "": empty */
    unsigned char *rec;
    size_t len, cap;
    size_t words;
} wordlist_t;

struct qry_wordlists {
    unsigned long generation;
    size_t bytes;     /* the slots' records together */
    wordlist_t slot[WORDLIST_SLOTS];
};

qry_wordlists_t *qry_wordlists_new(void)
{
    return calloc(1, sizeof(qry_wordlists_t));
}

static void list_clear(wordlist_t *l)
{
    free(l->rec);
    *l = (wordlist_t){ .prefix = "" };
}

static void lists_empty(qry_wordlists_t *c)
{
    for (size_t i = 0; i < WORDLIST_SLOTS; i++)
        list_clear(&c->slot[i]);
    c->bytes = 0;
}

void qry_wordlists_free(qry_wordlists_t *c)
{
    if (!c)
        return;
    lists_empty(c);
    free(c);
}

/* Appends TERM (LEN bytes) to the list CTX while it holds fewer than
 * MAX_SCAN words; nonzero (and L->len = (size_t)-1 when out of memory)
 * stops. */
static int on_term(void *ctx, const char *term, size_t len)
{
    wordlist_t *l = ctx;
    uint32_t t[MAX_CHARS];
    if (l->words == MAX_SCAN)
        return 1;
    /* A Xapian term has at most 245 bytes; a longer one is never near. */
    size_t kept = len > 255 ? 0 : len;
    size_t n = kept ? decode(term, len, t) : MAX_CHARS + 1;
    if (l->len + 2 + kept > l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 4096;
        unsigned char *r = realloc(l->rec, cap);
        if (!r) {
            l->len = (size_t)-1;
            return 1;
        }
        l->rec = r;
        l->cap = cap;
    }
    l->rec[l->len] = (unsigned char)kept;
    l->rec[l->len + 1] = (unsigned char)n;
    memcpy(l->rec + l->len + 2, term, kept);
    l->len += 2 + kept;
    l->words++;
    return 0;
}

/* The slot for PREFIX. */
static wordlist_t *slot_of(qry_wordlists_t *c, const char *prefix)
{
    uint32_t h = ana_word_hash(prefix, strlen(prefix));
    return &c->slot[h & (WORDLIST_SLOTS - 1)];
}

/* The words of DB under PREFIX into *L: C's when it has them (L then
 * borrows C's), else walked; *KEPT 1 when L is C's.  XS_OK or the
 * walk's failure. */
static xs_status_t word_list(qry_wordlists_t *c, xs_db_t *db, const char *prefix, wordlist_t *l, int *kept)
{
    *kept = 0;
    *l = (wordlist_t){ .prefix = "" };
    unsigned long g = xs_db_generation(db);
    if (c && c->generation != g) {
        lists_empty(c);
        c->generation = g;
    }
    wordlist_t *slot = c ? slot_of(c, prefix) : NULL;
    if (slot && strcmp(slot->prefix, prefix) == 0) {
        *l = *slot;
        *kept = 1;
        return XS_OK;
    }
    xs_status_t st = xs_db_each_term_name(db, prefix, on_term, l);
    if (st == XS_OK && l->len == (size_t)-1) {
        l->len = 0;
        st = XS_NO_MEMORY;
    }
    /* A walk that moved the reader on (a commit in between) may have
     * read two revisions: not kept; nor a list that does not fit. */
    if (st != XS_OK || !slot || c->generation != xs_db_generation(db) || l->len > WORDLIST_BYTES)
        return st;
    /* Kept, a list takes only its bytes (the doubling left up to twice). */
    unsigned char *fit = l->len ? realloc(l->rec, l->len) : NULL;
    if (fit) {
        l->rec = fit;
        l->cap = l->len;
    }
    c->bytes -= slot->len;
    list_clear(slot);
    if (c->bytes + l->len > WORDLIST_BYTES)
        lists_empty(c);
    *slot = *l;
    memcpy(slot->prefix, prefix, strlen(prefix) + 1);
    c->bytes += l->len;
    *kept = 1;
    return XS_OK;
}

qry_status_t qry_suggest(qry_engine_t *e, const char *word, char *out, size_t cap)
{
    char key[MAX_CHARS * 4 + 1], first[9];
    near_t s = { .best_edits = (size_t)-1, .st = XS_OK };
    if (cap == 0)
        return QRY_OK;
    out[0] = '\0';
    /* The word as the index spells its words: lower-cased, composed. */
    size_t len = ana_normalize_key(word, strlen(word), key, sizeof key);
    if (len == 0 || strchr(key, ' ') || (s.n = decode(key, len, s.w)) > MAX_CHARS ||
        s.n < 3)
        return QRY_OK;
    s.max_edits = s.n <= 5 ? 1 : 2;
    for (size_t i = 0; i < s.n; i++)
        s.bag[s.w[i] % BAG_CLASSES]++;
    size_t fl = ana_utf8_encode(s.w[0], first);
    fl += ana_utf8_encode(s.w[1], first + fl);
    first[fl] = '\0';
    xs_db_t *db = s.db = qry_engine_db(e);
    wordlist_t l;
    int kept;
    xs_status_t st = word_list(qry_engine_wordlists(e), db, first, &l, &kept);
    for (size_t i = 0; st == XS_OK && i < l.len; i += 2 + l.rec[i])
        if (consider(&s, (const char *)l.rec + i + 2, l.rec[i], l.rec[i + 1]))
            break;
    if (!kept)
        free(l.rec);
    if (st == XS_OK && s.st == XS_OK && s.ntied > 1)
        keep_commonest(&s);
    if (st == XS_OK)
        st = s.st;
    if (st != XS_OK)
        return qry_fail(e, st == XS_NO_MEMORY ? QRY_NO_MEMORY : QRY_INDEX_DAMAGED,
                        "reading the words of %s failed: %s", qry_engine_dir(e), xs_db_error(db));
    if (s.ntied > 0 && strlen(s.tied[0]) < cap)
        memcpy(out, s.tied[0], strlen(s.tied[0]) + 1);
    return QRY_OK;
}

qry_status_t qry_json_suggestions(FILE *out, qry_engine_t *e, char *const *words, size_t n,
                                  size_t *found)
{
    char best[QRY_SUGGEST_BYTES];
    qry_status_t st = QRY_OK;
    *found = 0;
    fputc('[', out);
    for (size_t i = 0; i < n && st == QRY_OK; i++) {
        if ((st = qry_suggest(e, words[i], best, sizeof best)) != QRY_OK || !best[0])
            continue;
        fputs(*found ? ",{\"word\":" : "{\"word\":", out);
        qry_json_string(out, words[i], strlen(words[i]));
        fputs(",\"suggestion\":", out);
        qry_json_string(out, best, strlen(best));
        fputc('}', out);
        (*found)++;
    }
    fputc(']', out);
    return st;
}
