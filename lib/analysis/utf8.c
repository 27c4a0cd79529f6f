/* utf8.c - UTF-8 decoding, encoding and validation.
 *
 * The decoder follows the Unicode "maximal subpart" rules closely enough
 * for search: every ill-formed sequence (a stray continuation byte, a
 * lead byte that cannot start a sequence, an overlong form, a surrogate,
 * a value above U+10FFFF, or a sequence cut short) yields U+FFFD and
 * consumes exactly one byte.  Consuming one byte keeps the decoder simple
 * and guarantees progress; the tokenizer treats U+FFFD as a separator, so
 * the exact number of replacement characters never matters.
 */
#include "analysis/ana.h"

#define REPLACEMENT 0xFFFDu

/* The valid range of the second byte for each lead byte; the remaining
 * continuation bytes are always 0x80..0xBF.  Narrowing the second byte is
 * what rejects overlong forms (E0, F0), surrogates (ED) and values above
 * U+10FFFF (F4) without decoding first. */
static int second_byte_ok(unsigned char lead, unsigned char b)
{
    if (lead == 0xE0)
        return b >= 0xA0 && b <= 0xBF;
    if (lead == 0xED)
        return b >= 0x80 && b <= 0x9F;
    if (lead == 0xF0)
        return b >= 0x90 && b <= 0xBF;
    if (lead == 0xF4)
        return b >= 0x80 && b <= 0x8F;
    return b >= 0x80 && b <= 0xBF;
}

size_t ana_utf8_decode(const char *s, size_t len, uint32_t *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t need;
    uint32_t v;

    if (!s || len == 0) {
        /* Nothing to decode; report a replacement and no progress rather
         * than reading past the buffer. */
        *cp = REPLACEMENT;
        return 0;
    }
    if (u[0] < 0x80) {
        *cp = u[0];
        return 1;
    }
    if (u[0] >= 0xC2 && u[0] <= 0xDF) {
        need = 2;
        v = u[0] & 0x1Fu;
    } else if (u[0] >= 0xE0 && u[0] <= 0xEF) {
        need = 3;
        v = u[0] & 0x0Fu;
    } else if (u[0] >= 0xF0 && u[0] <= 0xF4) {
        need = 4;
        v = u[0] & 0x07u;
    } else {
        /* 0x80..0xC1 and 0xF5..0xFF never start a sequence (0xC0 and 0xC1
         * would only encode overlong ASCII). */
        *cp = REPLACEMENT;
        return 1;
    }
    if (len < need || !second_byte_ok(u[0], u[1])) {
        *cp = REPLACEMENT;
        return 1;
    }
    for (size_t i = 1; i < need; i++) {
        if ((u[i] & 0xC0u) != 0x80u) {
            *cp = REPLACEMENT;
            return 1;
        }
        v = (v << 6) | (u[i] & 0x3Fu);
    }
    *cp = v;
    return need;
}

size_t ana_utf8_encode(uint32_t cp, char *out)
{
    unsigned char *o = (unsigned char *)out;

    if (cp > 0x10FFFFu || (cp >= 0xD800u && cp <= 0xDFFFu))
        cp = REPLACEMENT;
    if (cp < 0x80u) {
        o[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800u) {
        o[0] = (unsigned char)(0xC0u | (cp >> 6));
        o[1] = (unsigned char)(0x80u | (cp & 0x3Fu));
        return 2;
    }
    if (cp < 0x10000u) {
        o[0] = (unsigned char)(0xE0u | (cp >> 12));
        o[1] = (unsigned char)(0x80u | ((cp >> 6) & 0x3Fu));
        o[2] = (unsigned char)(0x80u | (cp & 0x3Fu));
        return 3;
    }
    o[0] = (unsigned char)(0xF0u | (cp >> 18));
    o[1] = (unsigned char)(0x80u | ((cp >> 12) & 0x3Fu));
    o[2] = (unsigned char)(0x80u | ((cp >> 6) & 0x3Fu));
    o[3] = (unsigned char)(0x80u | (cp & 0x3Fu));
    return 4;
}

int ana_hex_digit(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

size_t ana_utf8_chars(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

size_t ana_utf8_check(const char *s, size_t len)
{
    size_t i = 0;

    while (i < len) {
        uint32_t cp;
        size_t n;

        /* ASCII dominates real text; skip it without a call. */
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        n = ana_utf8_decode(s + i, len - i, &cp);
        /* A genuine U+FFFD in the input is three bytes long; a one-byte
         * U+FFFD is the decoder's report of an invalid byte. */
        if (cp == REPLACEMENT && n == 1)
            return i;
        i += n;
    }
    return len;
}
