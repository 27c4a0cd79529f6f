/* lexicon.c - a set of known words, loaded from plain word lists.
 *
 * The default lists hold close to two million lines (bokmål 935k,
 * nynorsk 628k, Danish 313k; 1.58 million distinct words), so the set is
 * built for size and load speed rather than generality: every word is
 * stored once, NUL-terminated, in one growing arena, and an open-
 * addressing table (linear probing, load factor at most 1/2) holds 32-bit
 * arena offsets.  Offset 0 is a reserved byte, so a zero offset means an
 * empty slot.  There is no deletion, which keeps probing simple.  The
 * three lists take about 0.3 s and 55 MB (22 MB of words, 32 MB of table).
 */
#include "analysis/lexicon.h"
#include "analysis/ana.h"
#include "analysis/ana_private.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* A table slot keeps the word's hash beside its offset: probes compare
 * hashes first and touch the arena (a cache miss each) only on a likely
 * match, and growing re-inserts without reading the words again.  That
 * halves the load time of the default lists for 16 MB more table. */
typedef struct {
    uint32_t off;         /* arena offset; 0 = empty */
    uint32_t hash;
} slot_t;

struct ana_lexicon {
    char *arena;          /* arena[0] is reserved; words follow, NUL-terminated */
    size_t arena_len, arena_cap;
    slot_t *slot;         /* the hash table */
    size_t nslots;        /* a power of two */
    size_t count;         /* distinct words */
    char *scratch;        /* the normalized form of the word being added */
    size_t scratch_cap;
};

#define INITIAL_SLOTS 1024u
#define INITIAL_ARENA 65536u

/* FNV-1a, then a final avalanche: FNV's low bits alone are weak for
 * words sharing long suffixes ("-ingen", "-ingene"), and the table index
 * uses exactly the low bits. */
uint32_t ana_word_hash(const char *s, size_t len)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 16777619u;
    }
    h ^= h >> 16;
    h *= 0x85EBCA6Bu;
    h ^= h >> 13;
    return h;
}

ana_lexicon_t *ana_lexicon_new(void)
{
    ana_lexicon_t *lex = calloc(1, sizeof *lex);
    if (!lex)
        return NULL;
    lex->arena = malloc(INITIAL_ARENA);
    lex->slot = calloc(INITIAL_SLOTS, sizeof *lex->slot);
    if (!lex->arena || !lex->slot) {
        ana_lexicon_free(lex);
        return NULL;
    }
    lex->arena[0] = '\0';
    lex->arena_len = 1;
    lex->arena_cap = INITIAL_ARENA;
    lex->nslots = INITIAL_SLOTS;
    return lex;
}

void ana_lexicon_free(ana_lexicon_t *lex)
{
    if (!lex)
        return;
    free(lex->arena);
    free(lex->slot);
    free(lex->scratch);
    free(lex);
}

size_t ana_lexicon_size(const ana_lexicon_t *lex)
{
    return lex ? lex->count : 0;
}

/* The slot holding WORD, or the empty slot where it would go. */
static size_t find_slot(const ana_lexicon_t *lex, const char *word, size_t len, uint32_t h)
{
    size_t mask = lex->nslots - 1;
    size_t i = h & mask;
    for (;;) {
        uint32_t off = lex->slot[i].off;
        if (off == 0)
            return i;
        if (lex->slot[i].hash != h) {
            i = (i + 1) & mask;
            continue;
        }
        /* A stored word ends at its NUL and WORD has none, so strncmp
         * never reads past the stored word, and a match followed by a NUL
         * means equal words. */
        if (strncmp(lex->arena + off, word, len) == 0 && lex->arena[off + len] == '\0')
            return i;
        i = (i + 1) & mask;
    }
}

/* Grows the table to N slots (a power of two) and re-inserts every word. */
static int resize_table(ana_lexicon_t *lex, size_t n)
{
    slot_t *old = lex->slot;
    size_t oldn = lex->nslots;
    slot_t *slot;

    if (n > SIZE_MAX / sizeof *slot)
        return -1;
    slot = calloc(n, sizeof *slot);
    if (!slot)
        return -1;
    lex->slot = slot;
    lex->nslots = n;
    for (size_t i = 0; i < oldn; i++) {
        if (old[i].off) {
            size_t j = old[i].hash & (n - 1);
            while (slot[j].off)
                j = (j + 1) & (n - 1);
            slot[j] = old[i];
        }
    }
    free(old);
    return 0;
}

/* Makes room for MORE further words without growing the table step by
 * step: every doubling re-inserts all words into a table that does not
 * fit in the cache.  MORE is an estimate, so it is capped: a huge file
 * that is not a word list must not allocate a huge table up front. */
static int reserve(ana_lexicon_t *lex, size_t more)
{
    size_t n = lex->nslots;
    if (more > ((size_t)1 << 22))
        more = (size_t)1 << 22;
    while ((lex->count + more) * 2 > n)
        n *= 2;
    return n == lex->nslots ? 0 : resize_table(lex, n);
}

/* Inserts WORD (normalized, no NUL inside, hash H) unless present. */
static int insert(ana_lexicon_t *lex, const char *word, size_t len, uint32_t h)
{
    size_t i = find_slot(lex, word, len, h);

    if (lex->slot[i].off)
        return 0;
    /* Keep the load factor at or below 1/2 after this insertion. */
    if ((lex->count + 1) * 2 > lex->nslots) {
        if (resize_table(lex, lex->nslots * 2) < 0)
            return -1;
        i = find_slot(lex, word, len, h);
    }
    /* Offsets are 32-bit to halve the table; four gigabytes of words is
     * far beyond any word list. */
    if (lex->arena_len > UINT32_MAX)
        return -1;
    if (len + 1 > lex->arena_cap - lex->arena_len) {
        size_t cap = lex->arena_cap;
        char *a;
        while (len + 1 > cap - lex->arena_len) {
            if (cap > SIZE_MAX / 2)
                return -1;
            cap *= 2;
        }
        a = realloc(lex->arena, cap);
        if (!a)
            return -1;
        lex->arena = a;
        lex->arena_cap = cap;
    }
    memcpy(lex->arena + lex->arena_len, word, len);
    lex->arena[lex->arena_len + len] = '\0';
    lex->slot[i].off = (uint32_t)lex->arena_len;
    lex->slot[i].hash = h;
    lex->arena_len += len + 1;
    lex->count++;
    return 0;
}

/* Lower-cases and composes WORD into lex->scratch, the way the tokenizer
 * normalizes text, so that the lexicon and the tokens agree.  Returns the
 * length, or (size_t)-1 when out of memory. */
static size_t normalize(ana_lexicon_t *lex, const char *word, size_t len)
{
    size_t o = 0, last_off = 0;
    uint32_t last_cp = 0;

    /* An input byte yields at most three output bytes (an invalid byte
     * becomes U+FFFD; lower-casing lengthens Ⱥ from 2 to 3 bytes). */
    if (len > (SIZE_MAX - 4) / 3)
        return (size_t)-1;
    if (lex->scratch_cap < 3 * len + 4) {
        char *s = realloc(lex->scratch, 3 * len + 4);
        if (!s)
            return (size_t)-1;
        lex->scratch = s;
        lex->scratch_cap = 3 * len + 4;
    }
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        i += ana_utf8_decode(word + i, len - i, &cp);
        if (last_cp && ana_is_combining(cp)) {
            uint32_t c = ana_compose(last_cp, cp);
            if (c) {
                o = last_off + ana_utf8_encode(c, lex->scratch + last_off);
                last_cp = c;
                continue;
            }
        }
        cp = ana_lower(cp);
        last_off = o;
        last_cp = cp;
        o += ana_utf8_encode(cp, lex->scratch + o);
    }
    return o;
}

/* Returns WORD in normalized form: WORD itself or lex->scratch, with its
 * length in *OUT_LEN (0 for a word to ignore); NULL when out of memory. */
static const char *prepare(ana_lexicon_t *lex, const char *word, size_t len, size_t *out_len)
{
    size_t i;

    *out_len = 0;
    /* A NUL would end the stored word early, so such a word could never
     * be found again; no list has one. */
    if (len == 0 || memchr(word, '\0', len))
        return word;
    /* Most list words are plain lower-case ASCII; they need no copy. */
    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)word[i];
        if (c >= 0x80 || (c >= 'A' && c <= 'Z'))
            break;
    }
    if (i == len) {
        *out_len = len;
        return word;
    }
    *out_len = normalize(lex, word, len);
    return *out_len == (size_t)-1 ? NULL : lex->scratch;
}

int ana_lexicon_add(ana_lexicon_t *lex, const char *word, size_t len)
{
    const char *w;
    size_t n;

    if (!lex)
        return -1;
    w = prepare(lex, word, len, &n);
    if (!w)
        return -1;
    return n ? insert(lex, w, n, ana_word_hash(w, n)) : 0;
}

int ana_lexicon_has(const ana_lexicon_t *lex, const char *word, size_t len)
{
    uint32_t h;

    if (!lex || len == 0 || memchr(word, '\0', len))
        return 0;
    h = ana_word_hash(word, len);
    return lex->slot[find_slot(lex, word, len, h)].off != 0;
}

/* Re-encodes a Latin-1 line as UTF-8 into *BUF (grown as needed).
 * Returns the new length, or (size_t)-1 when out of memory. */
static size_t latin1_to_utf8(const char *s, size_t len, char **buf, size_t *cap)
{
    size_t o = 0;
    if (len > SIZE_MAX / 2)
        return (size_t)-1;
    if (*cap < 2 * len) {
        char *b = realloc(*buf, 2 * len);
        if (!b)
            return (size_t)-1;
        *buf = b;
        *cap = 2 * len;
    }
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            (*buf)[o++] = (char)c;
        } else {
            (*buf)[o++] = (char)(0xC0 | (c >> 6));
            (*buf)[o++] = (char)(0x80 | (c & 0x3F));
        }
    }
    return o;
}

/* Loading inserts words in batches: hashing a batch first and
 * prefetching each word's slot lets the cache misses on the (tens of
 * megabytes) table overlap instead of stalling one insertion after the
 * other, which nearly halves the load time of the default lists. */
#define BATCH_WORDS 32
#define BATCH_BYTES 2048

typedef struct {
    char buf[BATCH_BYTES];
    size_t used, n;
    struct { size_t off, len; uint32_t hash; } w[BATCH_WORDS];
} batch_t;

static void prefetch(const void *p)
{
#if defined(__GNUC__)
    __builtin_prefetch(p);
#else
    (void)p;
#endif
}

static int flush(ana_lexicon_t *lex, batch_t *b)
{
    for (size_t i = 0; i < b->n; i++)
        if (insert(lex, b->buf + b->w[i].off, b->w[i].len, b->w[i].hash) < 0)
            return -1;
    b->n = b->used = 0;
    return 0;
}

/* Adds WORD to the batch, flushing it when full. */
static int batch_add(ana_lexicon_t *lex, batch_t *b, const char *word, size_t len)
{
    const char *w = prepare(lex, word, len, &len);
    uint32_t h;

    if (!w)
        return -1;
    if (len == 0)
        return 0;
    h = ana_word_hash(w, len);
    if (len > BATCH_BYTES)
        return insert(lex, w, len, h);
    if (b->n == BATCH_WORDS || len > BATCH_BYTES - b->used)
        if (flush(lex, b) < 0)
            return -1;
    memcpy(b->buf + b->used, w, len);
    b->w[b->n].off = b->used;
    b->w[b->n].len = len;
    b->w[b->n].hash = h;
    b->used += len;
    b->n++;
    prefetch(&lex->slot[h & (lex->nslots - 1)]);
    return 0;
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

static int has_blank(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (is_blank(s[i]))
            return 1;
    return 0;
}

long ana_lexicon_load(ana_lexicon_t *lex, const char *path)
{
    FILE *f;
    char *line = NULL, *conv = NULL;
    size_t line_cap = 0, conv_cap = 0;
    ssize_t got;
    long words = 0;
    int err = 0;
    struct stat st;
    batch_t *batch;

    if (!lex || !path) {
        errno = EINVAL;
        return -1;
    }
    f = fopen(path, "r");
    if (!f)
        return -1;
    batch = malloc(sizeof *batch);
    if (!batch) {
        fclose(f);
        errno = ENOMEM;
        return -1;
    }
    batch->n = batch->used = 0;
    /* The Debian lists average 12 to 14 bytes a line; assuming 12 sizes
     * the table once.  Failing to reserve is harmless: insertion grows
     * the table anyway. */
    if (fstat(fileno(f), &st) == 0 && st.st_size > 0)
        (void)reserve(lex, (size_t)st.st_size / 12);
    while ((got = getline(&line, &line_cap, f)) > 0) {
        const char *w = line;
        size_t len = (size_t)got;
        const char *slash;

        /* Trim surrounding blanks (lists made on Windows end in \r). */
        while (len > 0 && is_blank(w[len - 1]))
            len--;
        while (len > 0 && is_blank(*w)) {
            w++;
            len--;
        }
        /* Skip empty lines and '#' comments (for referat's own lists). */
        if (len == 0 || *w == '#')
            continue;
        /* Hunspell-style "word/FLAGS" entries keep only the word.  The
         * Debian lists have none; a user list might. */
        slash = memchr(w, '/', len);
        if (slash)
            len = (size_t)(slash - w);
        /* A line of several words is a phrase, not a list entry. */
        if (len == 0 || has_blank(w, len))
            continue;
        /* The bokmål and nynorsk lists are Latin-1, the Danish one UTF-8.
         * Deciding per line, rather than per file, also copes with a list
         * that mixes the two: Latin-1 text with letters above 0x7F is
         * practically never valid UTF-8. */
        if (ana_utf8_check(w, len) != len) {
            len = latin1_to_utf8(w, len, &conv, &conv_cap);
            if (len == (size_t)-1) {
                err = ENOMEM;
                break;
            }
            w = conv;
        }
        if (batch_add(lex, batch, w, len) < 0) {
            err = ENOMEM;
            break;
        }
        words++;
    }
    if (!err && flush(lex, batch) < 0)
        err = ENOMEM;
    if (!err && ferror(f))
        err = errno ? errno : EIO;
    free(line);
    free(conv);
    free(batch);
    fclose(f);
    if (err) {
        errno = err;
        return -1;
    }
    return words;
}

long ana_lexicon_load_default(ana_lexicon_t *lex)
{
    static const char *const lists[] = {
        "/usr/share/dict/bokmaal",
        "/usr/share/dict/nynorsk",
        "/usr/share/dict/danish",
    };
    const char *env = getenv("REFERAT_LEXICON");
    long total = 0;

    /* A missing list is normal (the packages are optional), so every
     * failure to read one is skipped rather than reported. */
    for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
        long n = ana_lexicon_load(lex, lists[i]);
        if (n > 0)
            total += n;
    }
    while (env && *env) {
        const char *colon = strchr(env, ':');
        size_t len = colon ? (size_t)(colon - env) : strlen(env);
        if (len > 0) {
            char *path = malloc(len + 1);
            if (path) {
                long n;
                memcpy(path, env, len);
                path[len] = '\0';
                n = ana_lexicon_load(lex, path);
                if (n > 0)
                    total += n;
                free(path);
            }
        }
        env = colon ? colon + 1 : NULL;
    }
    return total;
}
