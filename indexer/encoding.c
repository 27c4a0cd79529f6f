/* encoding.c - legacy text encodings into UTF-8, with a way back to the
 * source's byte offsets.
 *
 * Old minutes come as Windows-1252 / ISO-8859-1 (æ ø å as single bytes)
 * or UTF-16 (Word's "Unicode text").  They are converted to UTF-8 for
 * analysis; passages still report byte offsets into the file as it is on
 * disk, so the converter keeps a checkpoint every CHECK_EVERY output bytes
 * and maps an output offset back by decoding forward from the nearest one
 * (memory stays small even for a 64 MB file).
 */
#include "idx.h"

#include <stdlib.h>
#include <string.h>

#define CHECK_EVERY 4096

/* Windows-1252's 0x80..0x9F; 0xFFFD where the code page has a hole. */
static const uint16_t cp1252_high[32] = {
    0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
};

uint32_t idx_cp1252(unsigned char c)
{
    return c >= 0x80 && c < 0xA0 ? cp1252_high[c - 0x80] : c;
}

/* Decodes one character of RAW at I; returns the source bytes used. */
static size_t decode(idx_encoding_t enc, const unsigned char *raw, size_t len, size_t i, uint32_t *cp)
{
    if (enc == IDX_ENC_UTF8_LOSSY)
        return ana_utf8_decode((const char *)raw + i, len - i, cp);
    if (enc == IDX_ENC_CP1252) {
        unsigned char c = raw[i];
        *cp = idx_cp1252(c);
        return 1;
    }
    /* UTF-16, surrogate pairs joined; a lone or cut surrogate is U+FFFD. */
    if (i + 1 >= len) {
        *cp = 0xFFFD;
        return len - i;
    }
    int le = enc == IDX_ENC_UTF16LE;
    uint32_t u = le ? (uint32_t)(raw[i] | raw[i + 1] << 8) : (uint32_t)(raw[i] << 8 | raw[i + 1]);
    if (u >= 0xD800 && u < 0xDC00 && i + 3 < len) {
        uint32_t v = le ? (uint32_t)(raw[i + 2] | raw[i + 3] << 8) : (uint32_t)(raw[i + 2] << 8 | raw[i + 3]);
        if (v >= 0xDC00 && v < 0xE000) {
            *cp = 0x10000 + ((u - 0xD800) << 10) + (v - 0xDC00);
            return 4;
        }
    }
    *cp = (u >= 0xD800 && u < 0xE000) ? 0xFFFD : u;
    return 2;
}

idx_encoding_t idx_detect_encoding(const char *buf, size_t len)
{
    const unsigned char *b = (const unsigned char *)buf;
    if (len >= 2 && b[0] == 0xFF && b[1] == 0xFE)
        return IDX_ENC_UTF16LE;
    if (len >= 2 && b[0] == 0xFE && b[1] == 0xFF)
        return IDX_ENC_UTF16BE;
    /* UTF-16 without a mark: Nordic text in it has a NUL in every other
     * byte. */
    size_t even = 0, odd = 0, n = len < 4096 ? len : 4096;
    for (size_t i = 0; i < n; i++)
        if (b[i] == 0)
            *(i % 2 ? &odd : &even) += 1;
    if (n >= 8 && odd * 10 >= n / 2 * 8 && even == 0)
        return IDX_ENC_UTF16LE;
    if (n >= 8 && even * 10 >= n / 2 * 8 && odd == 0)
        return IDX_ENC_UTF16BE;
    if (memchr(buf, '\0', len))
        return IDX_ENC_BINARY;
    if (ana_utf8_check(buf, len) == len)
        return IDX_ENC_UTF8;
    /* A UTF-8 file damaged in a few places (a cut multi-byte character, a
     * stray Latin-1 byte) is still UTF-8: read as Windows-1252, every "ø"
     * in it would turn into "Ã¸". */
    size_t valid = 0, invalid = 0;
    for (size_t i = 0; i < len;) {
        if (b[i] < 0x80) {
            i++;
            continue;
        }
        uint32_t cp;
        size_t n = ana_utf8_decode(buf + i, len - i, &cp);
        if (n > 1)
            valid++;
        else
            invalid++;
        i += n;
    }
    return valid > 0 && valid >= invalid ? IDX_ENC_UTF8_LOSSY : IDX_ENC_CP1252;
}

int idx_convert(idx_source_t *src, idx_encoding_t enc)
{
    const unsigned char *raw = (const unsigned char *)src->raw;
    size_t len = src->raw_len;
    int marked = enc != IDX_ENC_CP1252 && len >= 2 &&
                 ((raw[0] == 0xFF && raw[1] == 0xFE) || (raw[0] == 0xFE && raw[1] == 0xFF));
    size_t start = marked ? 2 : 0;
    if (enc == IDX_ENC_UTF8_LOSSY && len >= 3 && memcmp(raw, "\xEF\xBB\xBF", 3) == 0)
        start = 3; /* a UTF-8 byte-order mark */
    size_t i = start;
    /* Worst cases: a Windows-1252 byte becomes 3 bytes of UTF-8 (the
     * euro sign), an invalid UTF-8 byte 3 (U+FFFD). */
    size_t cap = (enc == IDX_ENC_CP1252 || enc == IDX_ENC_UTF8_LOSSY ? 3 * len : 2 * len) + 1;
    char *out = malloc(cap);
    size_t ncheck = cap / CHECK_EVERY + 2;
    idx_check_t *check = malloc(ncheck * sizeof *check);
    if (!out || !check) {
        free(out);
        free(check);
        return -1;
    }
    size_t o = 0, k = 0;
    while (i < len) {
        if (o >= k * CHECK_EVERY && k < ncheck) {
            check[k].out = o;
            check[k].src = i;
            k++;
        }
        uint32_t cp;
        size_t used = decode(enc, raw, len, i, &cp);
        if (enc == IDX_ENC_UTF8_LOSSY && cp == 0xFFFD && used == 1 && src->invalid++ == 0)
            src->first_invalid = i;
        i += used;
        if (cp == 0)
            cp = ' '; /* a NUL means nothing in text; keep it a C string */
        o += ana_utf8_encode(cp, out + o);
    }
    out[o] = '\0';
    src->text = out;
    src->len = o;
    src->bom = 0;
    src->check = check;
    src->ncheck = k;
    src->encoding = enc;
    src->src_start = start;
    return 0;
}

size_t idx_source_offset(const idx_source_t *src, size_t off)
{
    if (src->encoding == IDX_ENC_UTF8 || src->ncheck == 0)
        return off + src->bom + src->src_start;
    /* The last checkpoint at or before OFF, then decode forward. */
    size_t lo = 0, hi = src->ncheck;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (src->check[mid].out <= off)
            lo = mid;
        else
            hi = mid;
    }
    const unsigned char *raw = (const unsigned char *)src->raw;
    size_t o = src->check[lo].out, i = src->check[lo].src;
    char enc[4];
    while (o < off && i < src->raw_len) {
        uint32_t cp;
        i += decode(src->encoding, raw, src->raw_len, i, &cp);
        o += ana_utf8_encode(cp == 0 ? ' ' : cp, enc);
    }
    return i;
}

const char *idx_encoding_name(idx_encoding_t enc)
{
    switch (enc) {
    case IDX_ENC_UTF8: return "UTF-8";
    case IDX_ENC_CP1252: return "Windows-1252";
    case IDX_ENC_UTF16LE: return "UTF-16LE";
    case IDX_ENC_UTF16BE: return "UTF-16BE";
    case IDX_ENC_UTF8_LOSSY: return "UTF-8 (with invalid bytes)";
    case IDX_ENC_BINARY: return "binary";
    }
    return "?";
}
