/* lexicon.c - a set of known words, loaded from plain word lists.
 *
 * The default lists hold close to two million lines (bokmål 935k,
 * nynorsk 628k, Danish 313k; 1.58 million distinct words), so the set is
 * built for size and load speed rather than generality: every word is
 * stored once, NUL-terminated, in one growing arena, and an open-
 * addressing table (linear probing, load factor at most 1/2) holds 32-bit
 * arena offsets.  Offset 0 is a reserved byte, so a zero offset means an
 * empty slot.  There is no deletion, which keeps probing simple.  The
 * three lists take about 0.3 s and 55 MB (22 MB of words, 32 MB of table,
 * 2 MB of filter); a table file made from them maps in a few ms.
 */
#include "analysis/lexicon.h"
#include "analysis/ana.h"
#include "analysis/ana_private.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* A table slot keeps the word's hash beside its offset: probes compare
 * hashes first and touch the arena (a cache miss each) only on a likely
 * match, and growing re-inserts without reading the words again.  That
 * halves the load time of the default lists for 16 MB more table. */
typedef struct {
    uint32_t off;         /* arena offset; 0 = empty */
    uint32_t hash;
} slot_t;

/* A set of words: the arena, the hash table, and a filter in front of
 * it.  Nearly all probes miss (OCR candidates, compound parts), and a
 * miss in the 32 MB table of the default lists is a cache and TLB miss;
 * the filter (BLOOM_BITS_PER_SLOT bits a slot, 2 MB for the default
 * lists) answers about 99% of misses from one cache line instead.  The
 * same layout serves a table built in memory and one mapped from a
 * table file, so a mapped table answers exactly as the lists did. */
typedef struct {
    char *arena;          /* arena[0] is reserved; words follow, NUL-terminated */
    size_t arena_len;
    slot_t *slot;         /* the hash table */
    size_t nslots;        /* a power of two, at least INITIAL_SLOTS */
    uint32_t *bloom;      /* nslots / SLOTS_PER_BLOCK blocks of BLOCK_WORDS words */
    size_t count;         /* distinct words */
} table_t;

struct ana_lexicon {
    table_t own;          /* words added or loaded from text, in memory */
    size_t arena_cap;
    table_t base;         /* a mapped table file (count 0: none) */
    void *map;            /* its mapping, or NULL */
    size_t map_len;
    long base_words;      /* lines read when the table file was made */
    char *scratch;        /* the normalized form of the word being added */
    size_t scratch_cap;
};

#define INITIAL_SLOTS 1024u
#define INITIAL_ARENA 65536u

/* The filter is a split block Bloom filter: a word sets one bit in each
 * of the eight 32-bit words of one 32-byte block, so a probe reads one
 * cache line.  Four bits a slot are 8 to 10 bits a word at the table's
 * load factor, for about 1% false positives. */
#define BLOCK_WORDS 8u
#define SLOTS_PER_BLOCK 64u

static const uint32_t bloom_salt[BLOCK_WORDS] = {
    0x47b6137bu, 0x44974d91u, 0x8824ad5bu, 0xa2b7289du,
    0x705495c7u, 0x2df1424bu, 0x9efc4947u, 0x5c6bfb31u,
};

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

/* The filter block of hash H: from the high bits of a multiplication,
 * so that it does not follow the table index (H's low bits). */
static uint32_t *bloom_block(const table_t *t, uint32_t h)
{
    size_t nblocks = t->nslots / SLOTS_PER_BLOCK;
    size_t b = (size_t)(((uint64_t)h * 0x9E3779B97F4A7C15u) >> 32) & (nblocks - 1);
    return t->bloom + b * BLOCK_WORDS;
}

static void bloom_set(table_t *t, uint32_t h)
{
    uint32_t *blk = bloom_block(t, h);
    for (unsigned i = 0; i < BLOCK_WORDS; i++)
        blk[i] |= (uint32_t)1 << ((h * bloom_salt[i]) >> 27);
}

static int bloom_may_have(const table_t *t, uint32_t h)
{
    const uint32_t *blk = bloom_block(t, h);
    for (unsigned i = 0; i < BLOCK_WORDS; i++)
        if (!(blk[i] & ((uint32_t)1 << ((h * bloom_salt[i]) >> 27))))
            return 0;
    return 1;
}

/* Bytes of the filter of a table of NSLOTS slots. */
static size_t bloom_bytes(size_t nslots)
{
    return nslots / SLOTS_PER_BLOCK * BLOCK_WORDS * sizeof(uint32_t);
}

/* 1 when T (which has words) holds WORD (LEN bytes, no NUL, hash H).
 * T may come from a file: every offset is checked against the arena and
 * the walk is bounded, so a damaged table gives wrong answers at worst,
 * never a read outside it or an endless loop. */
static int table_has(const table_t *t, const char *word, size_t len, uint32_t h)
{
    size_t mask = t->nslots - 1;
    size_t i = h & mask;

    if (!bloom_may_have(t, h))
        return 0;
    for (size_t n = 0; n < t->nslots; n++, i = (i + 1) & mask) {
        uint32_t off = t->slot[i].off;
        if (off == 0)
            return 0;
        /* A stored word ends at its NUL and WORD has none, so equal
         * bytes followed by a NUL mean equal words. */
        if (t->slot[i].hash == h && off < t->arena_len && len < t->arena_len - off &&
            memcmp(t->arena + off, word, len) == 0 && t->arena[off + len] == '\0')
            return 1;
    }
    return 0;
}

ana_lexicon_t *ana_lexicon_new(void)
{
    ana_lexicon_t *lex = calloc(1, sizeof *lex);
    if (!lex)
        return NULL;
    lex->own.arena = malloc(INITIAL_ARENA);
    lex->own.slot = calloc(INITIAL_SLOTS, sizeof *lex->own.slot);
    lex->own.bloom = calloc(1, bloom_bytes(INITIAL_SLOTS));
    if (!lex->own.arena || !lex->own.slot || !lex->own.bloom) {
        ana_lexicon_free(lex);
        return NULL;
    }
    lex->own.arena[0] = '\0';
    lex->own.arena_len = 1;
    lex->arena_cap = INITIAL_ARENA;
    lex->own.nslots = INITIAL_SLOTS;
    return lex;
}

void ana_lexicon_free(ana_lexicon_t *lex)
{
    if (!lex)
        return;
    free(lex->own.arena);
    free(lex->own.slot);
    free(lex->own.bloom);
    if (lex->map)
        munmap(lex->map, lex->map_len);
    free(lex->scratch);
    free(lex);
}

size_t ana_lexicon_size(const ana_lexicon_t *lex)
{
    return lex ? lex->own.count + lex->base.count : 0;
}

int ana_lexicon_mapped(const ana_lexicon_t *lex)
{
    return lex && lex->map != NULL;
}

/* The slot of the in-memory table holding WORD, or the empty slot where
 * it would go. */
static size_t find_slot(const ana_lexicon_t *lex, const char *word, size_t len, uint32_t h)
{
    const table_t *t = &lex->own;
    size_t mask = t->nslots - 1;
    size_t i = h & mask;
    for (;;) {
        uint32_t off = t->slot[i].off;
        if (off == 0)
            return i;
        if (t->slot[i].hash != h) {
            i = (i + 1) & mask;
            continue;
        }
        /* A stored word ends at its NUL and WORD has none, so strncmp
         * never reads past the stored word, and a match followed by a NUL
         * means equal words. */
        if (strncmp(t->arena + off, word, len) == 0 && t->arena[off + len] == '\0')
            return i;
        i = (i + 1) & mask;
    }
}

/* Grows the table to N slots (a power of two) and re-inserts every word;
 * the filter is made anew for the new size. */
static int resize_table(ana_lexicon_t *lex, size_t n)
{
    table_t *t = &lex->own;
    slot_t *old = t->slot;
    size_t oldn = t->nslots;
    slot_t *slot;
    uint32_t *bloom;

    if (n > SIZE_MAX / sizeof *slot)
        return -1;
    slot = calloc(n, sizeof *slot);
    bloom = calloc(1, bloom_bytes(n));
    if (!slot || !bloom) {
        free(slot);
        free(bloom);
        return -1;
    }
    free(t->bloom);
    t->slot = slot;
    t->bloom = bloom;
    t->nslots = n;
    for (size_t i = 0; i < oldn; i++) {
        if (old[i].off) {
            size_t j = old[i].hash & (n - 1);
            while (slot[j].off)
                j = (j + 1) & (n - 1);
            slot[j] = old[i];
            bloom_set(t, old[i].hash);
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
    size_t n = lex->own.nslots;
    if (more > ((size_t)1 << 22))
        more = (size_t)1 << 22;
    while ((lex->own.count + more) * 2 > n)
        n *= 2;
    return n == lex->own.nslots ? 0 : resize_table(lex, n);
}

/* Inserts WORD (normalized, no NUL inside, hash H) unless present, in
 * the mapped table or in memory. */
static int insert(ana_lexicon_t *lex, const char *word, size_t len, uint32_t h)
{
    table_t *t = &lex->own;
    size_t i;

    if (lex->base.count && table_has(&lex->base, word, len, h))
        return 0;
    i = find_slot(lex, word, len, h);
    if (t->slot[i].off)
        return 0;
    /* Keep the load factor at or below 1/2 after this insertion. */
    if ((t->count + 1) * 2 > t->nslots) {
        if (resize_table(lex, t->nslots * 2) < 0)
            return -1;
        i = find_slot(lex, word, len, h);
    }
    /* Offsets are 32-bit to halve the table; four gigabytes of words is
     * far beyond any word list. */
    if (t->arena_len > UINT32_MAX)
        return -1;
    if (len + 1 > lex->arena_cap - t->arena_len) {
        size_t cap = lex->arena_cap;
        char *a;
        while (len + 1 > cap - t->arena_len) {
            if (cap > SIZE_MAX / 2)
                return -1;
            cap *= 2;
        }
        a = realloc(t->arena, cap);
        if (!a)
            return -1;
        t->arena = a;
        lex->arena_cap = cap;
    }
    memcpy(t->arena + t->arena_len, word, len);
    t->arena[t->arena_len + len] = '\0';
    t->slot[i].off = (uint32_t)t->arena_len;
    t->slot[i].hash = h;
    bloom_set(t, h);
    t->arena_len += len + 1;
    t->count++;
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
    /* Most lexicons have words in only one of the two tables. */
    return (lex->base.count && table_has(&lex->base, word, len, h)) ||
           (lex->own.count && table_has(&lex->own, word, len, h));
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
    prefetch(&lex->own.slot[h & (lex->own.nslots - 1)]);
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

/* ---- Table files ----
 *
 * Reading the default lists costs 0.3 s, every indexing run and every
 * shard writer; mapping a table file made from them and checking its
 * checksum costs about 4 ms, and its pages are shared between processes.  A table file
 * is the in-memory table written out as it stands: a header, the
 * identity of what it was made from, the slots, the filter and the
 * arena, each at a 64-byte boundary, in this machine's byte order.
 *
 * The identity names the code (TABLE_FORMAT and a fingerprint of the
 * normalization and the hash) and every list (path, size, modification
 * time, inode), so a changed list or a referat that normalizes
 * differently is noticed and the lists are read again.  Bump
 * TABLE_FORMAT when the file layout or the rules for reading a list
 * (ana_lexicon_load) change: the fingerprint cannot see those. */
#define TABLE_MAGIC "referatW"
#define TABLE_FORMAT 2u /* 2: body_hash in four chains */
#define TABLE_ENDIAN 0x01020304u
#define TABLE_ALIGN 64u

typedef struct {
    char magic[8];
    uint32_t format, endian;
    uint64_t file_size;
    uint64_t ident_len;
    uint64_t count, arena_len, nslots;
    uint64_t words;       /* lines read from the lists */
    uint64_t body;        /* body_check() of the slots, filter and arena */
    uint64_t check;       /* table_check() of this header and the identity */
} table_head_t;

static uint64_t hash64(uint64_t h, const void *data, size_t len)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= 0x100000001B3u;
    }
    return h;
}

/* The four chains' starting values, for body_check and file_body_check. */
static const uint64_t body_seed[4] = {
    0x243F6A8885A308D3u, 0x13198A2E03707344u, 0xA4093822299F31D0u, 0x082EFA98EC4E6C89u,
};

/* A checksum of the table's arrays, so that a damaged file is noticed
 * rather than answering wrongly: four independent multiply chains over
 * 64-bit words (any one changed word changes the sum; four chains keep
 * the multiplier busy, half the time of two).  Fed in pieces whose
 * lengths are multiples of 32, it sums as over the whole. */
static uint64_t body_hash(uint64_t h[4], const void *data, size_t len)
{
    const unsigned char *p = data;
    size_t i = 0;

    for (; i + 32 <= len; i += 32) {
        uint64_t a, b, c, d;
        memcpy(&a, p + i, 8);
        memcpy(&b, p + i + 8, 8);
        memcpy(&c, p + i + 16, 8);
        memcpy(&d, p + i + 24, 8);
        h[0] = (h[0] ^ a) * 0x9E3779B97F4A7C15u;
        h[1] = (h[1] ^ b) * 0xC2B2AE3D27D4EB4Fu;
        h[2] = (h[2] ^ c) * 0x165667B19E3779F9u;
        h[3] = (h[3] ^ d) * 0xD6E8FEB86659FD93u;
    }
    for (; i < len; i++)
        h[0] = (h[0] ^ p[i]) * 0x9E3779B97F4A7C15u;
    return h[0] ^ (h[1] >> 7) ^ (h[1] << 57) ^ (h[2] >> 19) ^ (h[2] << 45) ^ (h[3] >> 31) ^ (h[3] << 33);
}

static uint64_t body_check(const table_t *t)
{
    uint64_t h[4];

    memcpy(h, body_seed, sizeof h);
    body_hash(h, t->slot, t->nslots * sizeof *t->slot);
    body_hash(h, t->bloom, bloom_bytes(t->nslots));
    return body_hash(h, t->arena, t->arena_len);
}

static uint64_t table_check(const table_head_t *head, const char *ident)
{
    table_head_t h = *head;
    h.check = 0;
    return hash64(hash64(0xCBF29CE484222325u, &h, sizeof h), ident, head->ident_len);
}

static size_t align_up(size_t n)
{
    return (n + TABLE_ALIGN - 1) / TABLE_ALIGN * TABLE_ALIGN;
}

/* Where each part of a table file starts; layout() fails (-1) when the
 * sizes overflow. */
typedef struct {
    size_t slots, bloom, arena, end;
} layout_t;

static int layout(size_t ident_len, size_t nslots, size_t arena_len, layout_t *l)
{
    size_t lim = SIZE_MAX / 4;
    if (ident_len > lim || nslots > lim / sizeof(slot_t) || arena_len > lim)
        return -1;
    l->slots = align_up(sizeof(table_head_t) + ident_len);
    l->bloom = align_up(l->slots + nslots * sizeof(slot_t));
    l->arena = align_up(l->bloom + bloom_bytes(nslots));
    l->end = l->arena + arena_len;
    return 0;
}

/* body_check() of a table file's arrays, read from FD at the offsets L
 * gives rather than through its mapping.  Why: on a virtual machine that
 * shadows page tables, the first touch of each 4 kB page of a mapping
 * costs about 2 us, so summing the 57 MB of the default lists through
 * the mapping took 40 ms of CPU a process (7 December 2026); read()
 * copies from the page cache through the kernel's own large pages into
 * one small buffer, 13 to 16 ms for the same sum, and a probe later
 * touches only the pages it needs.  Returns 0 and sets *SUM, or -1 when
 * the file cannot be read whole. */
static int file_body_check(int fd, const layout_t *l, size_t nslots, size_t arena_len,
                           uint64_t *sum)
{
    enum { PIECE = 256 * 1024 }; /* a multiple of 32 that stays in the L2 cache */
    const struct {
        size_t off, len;
    } part[] = {
        { l->slots, nslots * sizeof(slot_t) },
        { l->bloom, bloom_bytes(nslots) },
        { l->arena, arena_len },
    };
    uint64_t h[4];
    uint64_t last = 0;
    unsigned char *buf = malloc(PIECE);

    if (!buf)
        return -1;
    memcpy(h, body_seed, sizeof h);
    for (size_t i = 0; i < sizeof part / sizeof part[0]; i++) {
        for (size_t done = 0; done < part[i].len;) {
            size_t want = part[i].len - done < PIECE ? part[i].len - done : PIECE;
            ssize_t n = pread(fd, buf, want, (off_t)(part[i].off + done));
            if (n < 0 && errno == EINTR)
                continue;
            if (n != (ssize_t)want) { /* short only if the file shrank: not whole */
                free(buf);
                return -1;
            }
            last = body_hash(h, buf, want);
            done += want;
        }
    }
    free(buf);
    *sum = last;
    return 0;
}

/* Appends printf-style text to the growing string *S (length *LEN).
 * Returns -1 when out of memory. */
static int append(char **s, size_t *len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int append(char **s, size_t *len, const char *fmt, ...)
{
    va_list ap;
    int n;
    char *t;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || !(t = realloc(*s, *len + (size_t)n + 1)))
        return -1;
    *s = t;
    va_start(ap, fmt);
    vsnprintf(*s + *len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    *len += (size_t)n;
    return 0;
}

/* A fingerprint of how words are normalized and hashed: the normalized
 * form of every letter and combining sequence of the ranges word lists
 * use, the hash of a word, and the filter's shape.  A referat whose ana_lower or composition
 * tables changed makes a different table file. */
static uint64_t code_fingerprint(ana_lexicon_t *lex)
{
    static const uint32_t ranges[][2] = {
        { 0x20, 0x24F }, { 0x370, 0x52F }, { 0x1E00, 0x1EFF }, { 0x2C60, 0x2C7F },
    };
    uint32_t blocks[4 * BLOCK_WORDS] = { 0 };
    table_t filter = { .bloom = blocks, .nslots = 4 * SLOTS_PER_BLOCK };
    uint32_t wh = ana_word_hash("rehabiliteringsopphold", 22);
    uint64_t h;

    /* The filter's bits for a few hashes stand for how it is made. */
    for (uint32_t i = 0; i < 16; i++)
        bloom_set(&filter, wh * (2 * i + 1));
    h = hash64(hash64(0xCBF29CE484222325u, &wh, sizeof wh), blocks, sizeof blocks);
    for (size_t r = 0; r < sizeof ranges / sizeof ranges[0]; r++) {
        for (uint32_t cp = ranges[r][0]; cp <= ranges[r][1]; cp++) {
            char in[16];
            size_t n = ana_utf8_encode(cp, in);
            /* The letter alone and followed by a combining ring above. */
            n += ana_utf8_encode(0x30A, in + n);
            for (size_t cut = n - 2; cut <= n; cut += 2) {
                size_t len;
                const char *out = prepare(lex, in, cut, &len);
                if (out)
                    h = hash64(hash64(h, out, len), "\n", 1);
            }
        }
    }
    return h;
}

/* The identity of the lists at PATHS, as a malloc'ed string; NULL when
 * out of memory.  Missing lists are named as missing: one that appears
 * later changes the identity. */
static char *lists_ident(ana_lexicon_t *lex, const char *const *paths, size_t n)
{
    char *s = NULL;
    size_t len = 0;

    if (append(&s, &len, "format %u fingerprint %016llx\n", TABLE_FORMAT,
               (unsigned long long)code_fingerprint(lex)) < 0)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        int rc = stat(paths[i], &st) == 0
                     ? append(&s, &len, "%s %lld %lld.%09ld %llu %llu\n", paths[i],
                              (long long)st.st_size, (long long)st.st_mtim.tv_sec,
                              (long)st.st_mtim.tv_nsec, (unsigned long long)st.st_ino,
                              (unsigned long long)st.st_dev)
                     : append(&s, &len, "%s missing\n", paths[i]);
        if (rc < 0) {
            free(s);
            return NULL;
        }
    }
    return s;
}

/* The table file for IDENT in DIR, malloc'ed: its name depends on the
 * code and the list paths, not on their sizes and times, so that a
 * changed list replaces its table instead of adding one. */
static char *table_path(const char *dir, const char *ident)
{
    uint64_t h = 0xCBF29CE484222325u;
    char *path = NULL;
    size_t len = 0;

    /* Hash the identity without the sizes and times: the first line,
     * then each path up to its first blank. */
    for (const char *p = ident; *p;) {
        const char *eol = strchr(p, '\n');
        const char *blank = p == ident ? eol : memchr(p, ' ', (size_t)(eol - p));
        h = hash64(h, p, (size_t)((blank ? blank : eol) - p) + 0);
        h = hash64(h, "\n", 1);
        p = eol + 1;
    }
    if (append(&path, &len, "%s/words-%016llx.tab", dir, (unsigned long long)h) < 0)
        return NULL;
    return path;
}

/* Maps the table file at PATH as LEX's base when it is whole (its sizes
 * and checksums agree) and was made from IDENT.  Returns 0, or -1 (nothing changed) otherwise. */
static int map_table(ana_lexicon_t *lex, const char *path, const char *ident)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    void *map;
    const table_head_t *head;
    size_t ident_len = strlen(ident);
    layout_t l;
    table_t t;
    uint64_t body;

    if (fd < 0)
        return -1;
    if (fstat(fd, &st) < 0 || st.st_size < (off_t)sizeof *head ||
        (uint64_t)st.st_size > SIZE_MAX / 4) {
        close(fd);
        return -1;
    }
    map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_SHARED, fd, 0);
    if (map == MAP_FAILED) {
        close(fd);
        return -1;
    }
    head = map;
    if (memcmp(head->magic, TABLE_MAGIC, sizeof head->magic) != 0 ||
        head->format != TABLE_FORMAT || head->endian != TABLE_ENDIAN ||
        head->file_size != (uint64_t)st.st_size || head->ident_len != ident_len ||
        ident_len > (size_t)st.st_size - sizeof *head ||
        memcmp((const char *)map + sizeof *head, ident, ident_len) != 0 ||
        table_check(head, (const char *)map + sizeof *head) != head->check ||
        head->nslots < INITIAL_SLOTS || (head->nslots & (head->nslots - 1)) != 0 ||
        head->count == 0 || head->count > head->nslots / 2 || head->arena_len < 2 ||
        head->arena_len > (uint64_t)UINT32_MAX + 1 || head->words > LONG_MAX ||
        layout(ident_len, (size_t)head->nslots, (size_t)head->arena_len, &l) < 0 ||
        l.end != (size_t)st.st_size ||
        file_body_check(fd, &l, (size_t)head->nslots, (size_t)head->arena_len, &body) < 0 ||
        body != head->body) {
        munmap(map, (size_t)st.st_size);
        close(fd);
        return -1;
    }
    close(fd);
    t.slot = (slot_t *)((char *)map + l.slots);
    t.bloom = (uint32_t *)((char *)map + l.bloom);
    t.arena = (char *)map + l.arena;
    t.nslots = (size_t)head->nslots;
    t.arena_len = (size_t)head->arena_len;
    t.count = (size_t)head->count;
    lex->map = map;
    lex->map_len = (size_t)st.st_size;
    lex->base = t;
    lex->base_words = (long)head->words;
    return 0;
}

static int write_all(int fd, const void *data, size_t len)
{
    const char *p = data;
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

/* Writes NUL bytes up to offset TO (the file is at FROM). */
static int pad_to(int fd, size_t from, size_t to)
{
    static const char zero[TABLE_ALIGN];
    return write_all(fd, zero, to - from);
}

/* Creates DIR and its missing parents. */
static int make_dirs(const char *dir)
{
    char *d = strdup(dir);
    int rc = 0;

    if (!d)
        return -1;
    for (char *p = d + 1; rc == 0 && *p; p++) {
        if (*p == '/') {
            *p = '\0';
            if (mkdir(d, 0755) < 0 && errno != EEXIST)
                rc = -1;
            *p = '/';
        }
    }
    if (rc == 0 && mkdir(d, 0755) < 0 && errno != EEXIST)
        rc = -1;
    free(d);
    return rc;
}

/* Writes LEX's in-memory table, made from IDENT with WORDS lines read,
 * as the table file PATH in DIR: to a temporary file first, renamed
 * into place, so a reader sees the old table or the new one, never half
 * of one.  Returns 0 or -1. */
static int save_table(const ana_lexicon_t *lex, const char *dir, const char *path,
                      const char *ident, long words)
{
    const table_t *t = &lex->own;
    table_head_t head;
    layout_t l;
    size_t ident_len = strlen(ident);
    char *tmp = NULL;
    size_t tlen = 0;
    int fd, rc;

    if (layout(ident_len, t->nslots, t->arena_len, &l) < 0 || make_dirs(dir) < 0 ||
        append(&tmp, &tlen, "%s.XXXXXX", path) < 0)
        return -1;
    fd = mkstemp(tmp);
    if (fd < 0) {
        free(tmp);
        return -1;
    }
    memset(&head, 0, sizeof head);
    memcpy(head.magic, TABLE_MAGIC, sizeof head.magic);
    head.format = TABLE_FORMAT;
    head.endian = TABLE_ENDIAN;
    head.file_size = l.end;
    head.ident_len = ident_len;
    head.count = t->count;
    head.arena_len = t->arena_len;
    head.nslots = t->nslots;
    head.words = words > 0 ? (uint64_t)words : 0;
    head.body = body_check(t);
    head.check = table_check(&head, ident);
    rc = write_all(fd, &head, sizeof head) < 0 || write_all(fd, ident, ident_len) < 0 ||
                 pad_to(fd, sizeof head + ident_len, l.slots) < 0 ||
                 write_all(fd, t->slot, t->nslots * sizeof *t->slot) < 0 ||
                 pad_to(fd, l.slots + t->nslots * sizeof *t->slot, l.bloom) < 0 ||
                 write_all(fd, t->bloom, bloom_bytes(t->nslots)) < 0 ||
                 pad_to(fd, l.bloom + bloom_bytes(t->nslots), l.arena) < 0 ||
                 write_all(fd, t->arena, t->arena_len) < 0
             ? -1
             : 0;
    if (close(fd) < 0)
        rc = -1;
    if (rc == 0 && rename(tmp, path) < 0)
        rc = -1;
    if (rc < 0)
        unlink(tmp);
    free(tmp);
    return rc;
}

long ana_lexicon_load_lists(ana_lexicon_t *lex, const char *const *paths, size_t n,
                            const char *cache_dir)
{
    char *ident = NULL, *path = NULL;
    long total = 0;
    /* Only the lists' own words go into a table file, so only an empty
     * lexicon reads or writes one. */
    int cached = cache_dir && *cache_dir && lex && lex->own.count == 0 && !lex->map;

    if (!lex || (n > 0 && !paths)) {
        errno = EINVAL;
        return -1;
    }
    /* The identity is taken before the lists are read: a list that
     * changes meanwhile then no longer matches the table next time. */
    if (cached && (ident = lists_ident(lex, paths, n)) != NULL &&
        (path = table_path(cache_dir, ident)) != NULL && map_table(lex, path, ident) == 0) {
        free(path);
        free(ident);
        return lex->base_words;
    }
    /* A missing list is normal (the packages are optional), so every
     * failure to read one is skipped rather than reported. */
    for (size_t i = 0; i < n; i++) {
        long got = ana_lexicon_load(lex, paths[i]);
        if (got > 0)
            total += got;
    }
    /* Failing to write the table (a read-only cache) only means reading
     * the lists again next time. */
    if (path && lex->own.count > 0)
        (void)save_table(lex, cache_dir, path, ident, total);
    free(path);
    free(ident);
    return total;
}

/* The directory for table files: REFERAT_CACHE when set (empty: none),
 * else $XDG_CACHE_HOME/referat or $HOME/.cache/referat.  Malloc'ed, or
 * NULL for none. */
static char *cache_dir(void)
{
    const char *env = getenv("REFERAT_CACHE");
    const char *xdg = getenv("XDG_CACHE_HOME");
    const char *home = getenv("HOME");
    char *dir = NULL;
    size_t len = 0;

    if (env)
        return *env ? strdup(env) : NULL;
    if (xdg && xdg[0] == '/')
        return append(&dir, &len, "%s/referat", xdg) < 0 ? NULL : dir;
    if (home && home[0] == '/')
        return append(&dir, &len, "%s/.cache/referat", home) < 0 ? NULL : dir;
    return NULL;
}

long ana_lexicon_load_default(ana_lexicon_t *lex)
{
    static const char *const lists[] = {
        "/usr/share/dict/bokmaal",
        "/usr/share/dict/nynorsk",
        "/usr/share/dict/danish",
    };
    const char *env = getenv("REFERAT_LEXICON");
    char *dir = cache_dir();
    long total = ana_lexicon_load_lists(lex, lists, sizeof lists / sizeof lists[0], dir);

    free(dir);
    if (total < 0)
        total = 0;
    /* The extra lists are read as text on top of the table: they are
     * small, and they vary from run to run (the tests' own lists). */
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
