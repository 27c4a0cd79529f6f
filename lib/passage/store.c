/* store.c - passage text as stored in the index (zlib-compressed).
 *
 * Layout (docs/index-format.md): one format byte, the text's length as 4
 * bytes big-endian, then a zlib stream of the text.  Format 'd' (2, what
 * psg_pack writes) compresses against a preset dictionary of frequent
 * words and phrases of Nordic minutes (dict.c): a passage of a few
 * hundred bytes is too short for zlib to learn its words from itself, so
 * the stored text shrinks by 15% on real minutes it was not built from
 * and 38% on generated ones (docs/performance.md).  Format 'z' (1, plain
 * zlib) is still read.  Keeping the length up front lets psg_unpack()
 * refuse a bomb before inflating and allocate exactly once.
 */
#include "passage/psg.h"
#include "passage/psg_dict.h"
#include "passage/psg_private.h"

#include <pthread.h>
#include <stdlib.h>
#include <zlib.h>

#define PACK_PLAIN 'z'
#define PACK_DICT 'd'
#define PACK_HEADER 5

const char *psg_status_string(psg_status_t status)
{
    switch (status) {
    case PSG_OK: return "ok";
    case PSG_NO_MEMORY: return "out of memory";
    case PSG_CORRUPT: return "stored passage is corrupt";
    case PSG_TOO_LARGE: return "text too large";
    }
    return "unknown status";
}

/* Setting the 32 KB dictionary costs far more than compressing a passage
 * of a few hundred bytes (zlib hashes every dictionary byte), so each
 * thread sets it once, on a stream it keeps, and copies that stream
 * (deflateCopy) for every passage.  The copies' memory comes from a small
 * per-thread pool, as a fresh 256 KB of buffers per passage would be
 * mapped and faulted in anew each time.  The output is the same bytes as
 * setting the dictionary on a fresh stream. */
#define POOL_SLOTS 8

typedef struct {
    z_stream primed;        /* dictionary set; never deflated */
    int ready;
    struct {
        void *p;
        size_t n;
    } pool[POOL_SLOTS];     /* freed blocks kept for the next copy */
} packer_t;

static pthread_key_t packer_key;
static pthread_once_t packer_once = PTHREAD_ONCE_INIT;
static int packer_key_ok;

static voidpf pool_alloc(voidpf opaque, uInt items, uInt size)
{
    packer_t *k = opaque;
    size_t n = (size_t)items * size;
    for (int i = 0; i < POOL_SLOTS; i++) {
        if (k->pool[i].p && k->pool[i].n == n) {
            void *p = k->pool[i].p;
            k->pool[i].p = NULL;
            return p;
        }
    }
    /* The size in front, for pool_free. */
    size_t *p = malloc(sizeof(size_t) * 2 + n);
    if (!p)
        return Z_NULL;
    p[0] = n;
    return p + 2;
}

static void pool_free(voidpf opaque, voidpf address)
{
    packer_t *k = opaque;
    size_t *p = (size_t *)address - 2;
    for (int i = 0; i < POOL_SLOTS; i++) {
        if (!k->pool[i].p) {
            k->pool[i].p = address;
            k->pool[i].n = p[0];
            return;
        }
    }
    free(p);
}

static void packer_free(void *ctx)
{
    packer_t *k = ctx;
    if (!k)
        return;
    if (k->ready)
        deflateEnd(&k->primed);
    for (int i = 0; i < POOL_SLOTS; i++)
        if (k->pool[i].p)
            free((size_t *)k->pool[i].p - 2);
    free(k);
}

static void packer_key_init(void)
{
    packer_key_ok = pthread_key_create(&packer_key, packer_free) == 0;
}

/* This thread's primed stream, or NULL when out of memory. */
static packer_t *packer_get(void)
{
    pthread_once(&packer_once, packer_key_init);
    packer_t *k = packer_key_ok ? pthread_getspecific(packer_key) : NULL;
    if (k)
        return k;
    k = calloc(1, sizeof *k);
    if (!k)
        return NULL;
    k->primed.zalloc = pool_alloc;
    k->primed.zfree = pool_free;
    k->primed.opaque = k;
    /* The full window: deflate reaches back into the dictionary through
     * it.  The stream's header carries the dictionary's Adler-32, so
     * inflating with any other dictionary fails instead of garbling. */
    if (deflateInit2(&k->primed, 6, Z_DEFLATED, 15, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        free(k);
        return NULL;
    }
    k->ready = 1;
    if (deflateSetDictionary(&k->primed, psg_dict, psg_dict_len) != Z_OK ||
        !packer_key_ok || pthread_setspecific(packer_key, k) != 0) {
        packer_free(k);
        return NULL;
    }
    return k;
}

psg_status_t psg_pack(const char *text, size_t len, char **out, size_t *out_len)
{
    *out = NULL;
    *out_len = 0;
    if (len > PSG_MAX_TEXT)
        return PSG_TOO_LARGE;
    packer_t *k = packer_get();
    z_stream z;
    if (!k || deflateCopy(&z, &k->primed) != Z_OK)
        return PSG_NO_MEMORY;
    /* deflateBound, not compressBound: text that does not compress is
     * stored, and the header then also carries the dictionary's id. */
    uLong bound = deflateBound(&z, (uLong)len);
    unsigned char *buf = malloc(PACK_HEADER + bound);
    int rc = Z_MEM_ERROR;
    if (buf) {
        buf[0] = PACK_DICT;
        buf[1] = (unsigned char)(len >> 24);
        buf[2] = (unsigned char)(len >> 16);
        buf[3] = (unsigned char)(len >> 8);
        buf[4] = (unsigned char)len;
        z.next_in = (Bytef *)text;
        z.avail_in = (uInt)len;
        z.next_out = buf + PACK_HEADER;
        z.avail_out = (uInt)bound;
        rc = deflate(&z, Z_FINISH);
        rc = rc == Z_STREAM_END ? Z_OK : rc == Z_OK ? Z_BUF_ERROR : rc;
    }
    bound = z.total_out;
    deflateEnd(&z);
    if (rc != Z_OK) {
        free(buf);
        return rc == Z_MEM_ERROR ? PSG_NO_MEMORY : PSG_TOO_LARGE;
    }
    *out = (char *)buf;
    *out_len = PACK_HEADER + bound;
    return PSG_OK;
}

psg_status_t psg_unpack(const char *data, size_t len, char **out, size_t *out_len)
{
    *out = NULL;
    *out_len = 0;
    if (len < 1 || (data[0] != PACK_PLAIN && data[0] != PACK_DICT))
        return PSG_CORRUPT;
    return psg_inflate(data, len, out, out_len);
}

/* The Adler-32 of the dictionary, as a stream of format 2 names it. */
static uLong dict_id;
static pthread_once_t dict_id_once = PTHREAD_ONCE_INIT;

static void dict_id_init(void)
{
    dict_id = adler32(adler32(0L, Z_NULL, 0), (const Bytef *)psg_dict, (uInt)psg_dict_len);
}

static uLong be32(const unsigned char *p)
{
    return ((uLong)p[0] << 24) | ((uLong)p[1] << 16) | ((uLong)p[2] << 8) | p[3];
}

/* Inflates Z (N bytes out), a zlib stream made against the dictionary:
 * its header and the dictionary's id are checked here, the deflate data
 * inflated raw and the text's Adler-32 at the end checked here too.
 * Inflating it as a zlib stream would have zlib sum the 32 KB dictionary
 * again to check its id, for every passage: 8% of a search's
 * instructions.  Returns zlib's code, Z_STREAM_END when whole. */
static int inflate_dict(const unsigned char *z, size_t zlen, unsigned char *buf, size_t n)
{
    /* CMF and FLG (deflate, a window of at most 32 KB, the dictionary
     * flag), the dictionary's id, then at least the check at the end. */
    if (zlen < 2 + 4 + 4 || (z[0] & 0x0F) != Z_DEFLATED || (z[0] >> 4) > 7 || !(z[1] & 0x20) ||
        ((unsigned)z[0] << 8 | z[1]) % 31 != 0)
        return Z_DATA_ERROR;
    pthread_once(&dict_id_once, dict_id_init);
    if (be32(z + 2) != dict_id)
        return Z_DATA_ERROR;
    z_stream s = { 0 };
    s.next_in = (Bytef *)(z + 6);
    s.avail_in = (uInt)(zlen - 6);
    s.next_out = buf;
    s.avail_out = (uInt)n;
    int rc = inflateInit2(&s, -15);
    if (rc != Z_OK)
        return rc;
    rc = inflateSetDictionary(&s, psg_dict, psg_dict_len);
    if (rc == Z_OK)
        rc = inflate(&s, Z_FINISH);
    /* Exactly N bytes, then the check and nothing after it. */
    if (rc == Z_STREAM_END &&
        (s.total_out != n || s.avail_in != 4 || be32(s.next_in) != adler32(adler32(0L, Z_NULL, 0), buf, (uInt)n)))
        rc = Z_DATA_ERROR;
    inflateEnd(&s);
    return rc;
}

psg_status_t psg_inflate(const char *data, size_t len, char **out, size_t *out_len)
{
    *out = NULL;
    *out_len = 0;
    const unsigned char *d = (const unsigned char *)data;
    if (len < PACK_HEADER)
        return PSG_CORRUPT;
    size_t n = ((size_t)d[1] << 24) | ((size_t)d[2] << 16) | ((size_t)d[3] << 8) | d[4];
    if (n > PSG_MAX_TEXT)
        return PSG_CORRUPT;
    char *buf = malloc(n + 1);
    if (!buf)
        return PSG_NO_MEMORY;
    z_stream z = { 0 };
    z.next_in = (Bytef *)(d + PACK_HEADER);
    z.avail_in = (uInt)(len - PACK_HEADER);
    z.next_out = (Bytef *)buf;
    z.avail_out = (uInt)n;
    /* Format 2 (and a record, whose first byte is its own mark) is
     * made against the dictionary; format 1 must never ask for one. */
    int rc = d[0] != PACK_PLAIN ? inflate_dict(d + PACK_HEADER, len - PACK_HEADER, (unsigned char *)buf, n)
                                : inflateInit(&z);
    if (d[0] == PACK_PLAIN && rc == Z_OK) {
        rc = inflate(&z, Z_FINISH);
        if (rc == Z_NEED_DICT)
            rc = Z_DATA_ERROR;
        /* Exactly N bytes, and the stream ends there with nothing after. */
        if (rc == Z_STREAM_END && (z.total_out != n || z.avail_in != 0))
            rc = Z_DATA_ERROR;
        inflateEnd(&z);
    }
    if (rc != Z_STREAM_END) {
        free(buf);
        return rc == Z_MEM_ERROR ? PSG_NO_MEMORY : PSG_CORRUPT;
    }
    buf[n] = '\0';
    *out = buf;
    *out_len = n;
    return PSG_OK;
}
