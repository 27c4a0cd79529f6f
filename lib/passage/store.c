/* store.c - passage text as stored in the index (zlib-compressed).
 *
 * Layout (docs/index-format.md): one byte 'z' (format 1), the text's
 * length as 4 bytes big-endian, then a zlib stream of the text.  Keeping
 * the length up front lets psg_unpack() refuse a bomb before inflating
 * and allocate exactly once.
 */
#include "passage/psg.h"

#include <stdlib.h>
#include <zlib.h>

#define PACK_MAGIC 'z'
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

psg_status_t psg_pack(const char *text, size_t len, char **out, size_t *out_len)
{
    *out = NULL;
    *out_len = 0;
    if (len > PSG_MAX_TEXT)
        return PSG_TOO_LARGE;
    uLongf bound = compressBound((uLong)len);
    unsigned char *buf = malloc(PACK_HEADER + bound);
    if (!buf)
        return PSG_NO_MEMORY;
    buf[0] = PACK_MAGIC;
    buf[1] = (unsigned char)(len >> 24);
    buf[2] = (unsigned char)(len >> 16);
    buf[3] = (unsigned char)(len >> 8);
    buf[4] = (unsigned char)len;
    /* A window and hash table sized to the text, not zlib's default 32 KB
     * and 64 KB: passages are a few KB, and compress2() cleared and
     * allocated the full tables for each (1% of indexing instructions,
     * callgrind).  The stream is the same format; any inflate reads it. */
    int wbits = 9;
    while (wbits < 15 && ((size_t)1 << wbits) < len)
        wbits++;
    int mem = wbits - 7 < 1 ? 1 : wbits - 7 > 8 ? 8 : wbits - 7;
    z_stream z = { 0 };
    int rc = deflateInit2(&z, 6, Z_DEFLATED, wbits, mem, Z_DEFAULT_STRATEGY);
    if (rc == Z_OK) {
        z.next_in = (Bytef *)text;
        z.avail_in = (uInt)len;
        z.next_out = buf + PACK_HEADER;
        z.avail_out = (uInt)bound;
        rc = deflate(&z, Z_FINISH);
        bound = z.total_out;
        deflateEnd(&z);
        rc = rc == Z_STREAM_END ? Z_OK : rc == Z_OK ? Z_BUF_ERROR : rc;
    }
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
    const unsigned char *d = (const unsigned char *)data;
    if (len < PACK_HEADER || d[0] != PACK_MAGIC)
        return PSG_CORRUPT;
    size_t n = ((size_t)d[1] << 24) | ((size_t)d[2] << 16) | ((size_t)d[3] << 8) | d[4];
    if (n > PSG_MAX_TEXT)
        return PSG_CORRUPT;
    char *buf = malloc(n + 1);
    if (!buf)
        return PSG_NO_MEMORY;
    uLongf got = (uLongf)n;
    int rc = uncompress((Bytef *)buf, &got, d + PACK_HEADER, (uLong)(len - PACK_HEADER));
    if (rc != Z_OK || got != n) {
        free(buf);
        return rc == Z_MEM_ERROR ? PSG_NO_MEMORY : PSG_CORRUPT;
    }
    buf[n] = '\0';
    *out = buf;
    *out_len = n;
    return PSG_OK;
}
