/* record.c - a passage's display record: what a hit shows besides its
 * text (numbers, language, date, meeting body, item, section), stored in
 * the document data with the text, so that showing a hit is one read
 * instead of one per value slot (docs/index-format.md, "Document data").
 *
 * Layout: psg_pack's, with PSG_RECORD_MARK for its format byte, of the
 * fields followed by the text: the numbers as unsigned LEB128 varints,
 * the strings as a varint length and the bytes, in the order of
 * psg_record_t.  Packed with the text, the fields (the meeting body and
 * item title, mostly words of the minutes) compress against the same
 * dictionary.
 */
#include "passage/psg.h"
#include "passage/psg_private.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#define VARINT_MAX 10 /* bytes of a 64-bit LEB128 varint */

static size_t put_varint(char *p, uint64_t v)
{
    size_t n = 0;
    do {
        unsigned char b = v & 0x7f;
        v >>= 7;
        p[n++] = (char)(v ? b | 0x80 : b);
    } while (v);
    return n;
}

/* Reads a varint at *P (before END); 0 when cut short or too long. */
static int get_varint(const unsigned char **p, const unsigned char *end, uint64_t *v)
{
    *v = 0;
    for (unsigned shift = 0; *p < end && shift < 64; shift += 7) {
        unsigned char b = *(*p)++;
        *v |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80))
            return 1;
    }
    return 0;
}

/* Where the strings of a record are, in their stored order. */
static const size_t string_at[PSG_RECORD_STRINGS] = {
    offsetof(psg_record_t, lang),    offsetof(psg_record_t, date),    offsetof(psg_record_t, date_source),
    offsetof(psg_record_t, body),    offsetof(psg_record_t, title),   offsetof(psg_record_t, case_no),
    offsetof(psg_record_t, section),
};

/* String I of R (stored order). */
static const char **string_field(const psg_record_t *r, size_t i)
{
    return (const char **)((char *)r + string_at[i]);
}

psg_status_t psg_record_pack(const psg_record_t *r, const char *text, size_t len, char **out,
                             size_t *out_len)
{
    *out = NULL;
    *out_len = 0;
    if (len > PSG_MAX_TEXT)
        return PSG_TOO_LARGE;
    size_t cap = 5 * VARINT_MAX + len;
    for (size_t i = 0; i < PSG_RECORD_STRINGS; i++) {
        const char *str = *string_field(r, i);
        cap += VARINT_MAX + (str ? strlen(str) : 0);
    }
    char *buf = malloc(cap);
    if (!buf)
        return PSG_NO_MEMORY;
    size_t n = 0;
    const uint64_t nums[5] = { r->passage, r->start, r->end, r->line, r->page };
    for (size_t i = 0; i < 5; i++)
        n += put_varint(buf + n, nums[i]);
    for (size_t i = 0; i < PSG_RECORD_STRINGS; i++) {
        const char *str = *string_field(r, i);
        size_t l = str ? strlen(str) : 0;
        n += put_varint(buf + n, l);
        if (l)
            memcpy(buf + n, str, l);
        n += l;
    }
    if (len)
        memcpy(buf + n, text, len);
    psg_status_t st = psg_pack(buf, n + len, out, out_len); /* too large: refused there */
    free(buf);
    if (st == PSG_OK)
        (*out)[0] = PSG_RECORD_MARK;
    return st;
}

psg_status_t psg_record_unpack(const char *data, size_t len, psg_record_t *r, char **text,
                               size_t *text_len)
{
    memset(r, 0, sizeof *r);
    *text = NULL;
    *text_len = 0;
    if (len == 0 || data[0] != PSG_RECORD_MARK)
        return PSG_CORRUPT;
    char *all;
    size_t n;
    psg_status_t st = psg_inflate(data, len, &all, &n);
    if (st != PSG_OK)
        return st;
    const unsigned char *p = (const unsigned char *)all, *end = p + n;
    uint64_t nums[5];
    const unsigned char *at[PSG_RECORD_STRINGS];
    size_t lens[PSG_RECORD_STRINGS], total = 0;
    char *buf = NULL;
    st = PSG_CORRUPT;
    for (size_t i = 0; i < 5; i++)
        if (!get_varint(&p, end, &nums[i]))
            goto out;
    if (nums[0] > UINT32_MAX || nums[3] > UINT32_MAX || nums[4] > UINT32_MAX || nums[1] > nums[2] ||
        nums[2] > SIZE_MAX)
        goto out;
    for (size_t i = 0; i < PSG_RECORD_STRINGS; i++) {
        uint64_t l;
        if (!get_varint(&p, end, &l) || l > (uint64_t)(end - p))
            goto out;
        at[i] = p;
        lens[i] = (size_t)l;
        p += l;
        total += lens[i] + 1;
    }
    /* The strings, each NUL-terminated, in one buffer R owns; the text
     * then moves to the front of the inflated buffer, the caller's. */
    st = PSG_NO_MEMORY;
    if (!(buf = malloc(total)))
        goto out;
    char *q = buf;
    for (size_t i = 0; i < PSG_RECORD_STRINGS; i++) {
        memcpy(q, at[i], lens[i]);
        q[lens[i]] = '\0';
        *string_field(r, i) = q;
        q += lens[i] + 1;
    }
    r->passage = (uint32_t)nums[0];
    r->start = (size_t)nums[1];
    r->end = (size_t)nums[2];
    r->line = (uint32_t)nums[3];
    r->page = (uint32_t)nums[4];
    r->buf = buf;
    size_t rest = (size_t)(end - p);
    memmove(all, p, rest);
    all[rest] = '\0';
    *text = all;
    *text_len = rest;
    return PSG_OK;
out:
    free(all);
    return st;
}

void psg_record_clear(psg_record_t *r)
{
    if (!r)
        return;
    free(r->buf);
    memset(r, 0, sizeof *r);
}
