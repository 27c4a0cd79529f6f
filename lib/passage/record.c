/* record.c - a passage's display record: what a hit shows besides its
 * text (numbers, language, date, meeting body, item, section), stored in
 * the document data with the text, so that showing a hit is one read
 * instead of one per value slot (docs/index-format.md, "Document data").
 *
 * Layout: psg_pack's, with PSG_RECORD_MARK_PLACES for its format byte,
 * of the fields followed by the text: the numbers as unsigned LEB128
 * varints, the strings as a varint length and the bytes, in the order of
 * psg_record_t; then the section marks (a varint count, and for each its
 * offset as a varint distance from the mark before, and its name as a
 * string) and the page marks (a count, and for each its distance and
 * page).  A format 4-5 record (PSG_RECORD_MARK) has no marks.  Packed
 * with the text, the fields (the meeting body and item title, mostly
 * words of the minutes) compress against the same dictionary.
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

/* 1 when the N marks' offsets (at STEP bytes apart from FIRST) ascend
 * and stay within LEN. */
static int marks_in_order(const void *first, size_t n, size_t step, size_t len)
{
    size_t prev = 0;
    for (size_t i = 0; i < n; i++) {
        size_t at = *(const size_t *)((const char *)first + i * step);
        if (at < prev || at > len)
            return 0;
        prev = at;
    }
    return 1;
}

/* Appends the string STR (NULL as "") to BUF at N: its length and bytes. */
static size_t put_string(char *buf, const char *str)
{
    size_t l = str ? strlen(str) : 0, n = put_varint(buf, l);
    if (l)
        memcpy(buf + n, str, l);
    return n + l;
}

psg_status_t psg_record_pack(const psg_record_t *r, const char *text, size_t len, char **out,
                             size_t *out_len)
{
    *out = NULL;
    *out_len = 0;
    if (len > PSG_MAX_TEXT)
        return PSG_TOO_LARGE;
    if (!marks_in_order(r->sections, r->nsections, sizeof *r->sections, len) ||
        !marks_in_order(r->pages, r->npages, sizeof *r->pages, len))
        return PSG_CORRUPT;
    size_t cap = (7 + 2 * r->npages) * VARINT_MAX + len;
    for (size_t i = 0; i < PSG_RECORD_STRINGS; i++) {
        const char *str = *string_field(r, i);
        cap += VARINT_MAX + (str ? strlen(str) : 0);
    }
    for (size_t i = 0; i < r->nsections; i++)
        cap += 2 * VARINT_MAX + (r->sections[i].name ? strlen(r->sections[i].name) : 0);
    char *buf = malloc(cap);
    if (!buf)
        return PSG_NO_MEMORY;
    size_t n = 0;
    const uint64_t nums[5] = { r->passage, r->start, r->end, r->line, r->page };
    for (size_t i = 0; i < 5; i++)
        n += put_varint(buf + n, nums[i]);
    for (size_t i = 0; i < PSG_RECORD_STRINGS; i++)
        n += put_string(buf + n, *string_field(r, i));
    n += put_varint(buf + n, r->nsections);
    for (size_t i = 0, prev = 0; i < r->nsections; prev = r->sections[i++].at) {
        n += put_varint(buf + n, r->sections[i].at - prev);
        n += put_string(buf + n, r->sections[i].name);
    }
    n += put_varint(buf + n, r->npages);
    for (size_t i = 0, prev = 0; i < r->npages; prev = r->pages[i++].at) {
        n += put_varint(buf + n, r->pages[i].at - prev);
        n += put_varint(buf + n, r->pages[i].page);
    }
    if (len)
        memcpy(buf + n, text, len);
    psg_status_t st = psg_pack(buf, n + len, out, out_len); /* too large: refused there */
    free(buf);
    if (st == PSG_OK)
        (*out)[0] = PSG_RECORD_MARK_PLACES;
    return st;
}

int psg_is_record(const char *data, size_t len)
{
    return len > 0 && (data[0] == PSG_RECORD_MARK || data[0] == PSG_RECORD_MARK_PLACES);
}

/* A string at *P (before END): its bytes at *AT, its length in *LEN. */
static int get_string(const unsigned char **p, const unsigned char *end, const unsigned char **at,
                      size_t *len)
{
    uint64_t l;
    if (!get_varint(p, end, &l) || l > (uint64_t)(end - *p))
        return 0;
    *at = *p;
    *len = (size_t)l;
    *p += l;
    return 1;
}

/* A mark's offset at *P, as its distance from PREV; 0 when cut short or
 * past SIZE_MAX. */
static int get_offset(const unsigned char **p, const unsigned char *end, size_t prev, size_t *at)
{
    uint64_t d;
    if (!get_varint(p, end, &d) || d > SIZE_MAX - prev)
        return 0;
    *at = prev + (size_t)d;
    return 1;
}

/* A count of marks at *P, each of at least two bytes of the rest. */
static int get_count(const unsigned char **p, const unsigned char *end, size_t *n)
{
    uint64_t v;
    if (!get_varint(p, end, &v) || v > (uint64_t)(end - *p) / 2)
        return 0;
    *n = (size_t)v;
    return 1;
}

psg_status_t psg_record_unpack(const char *data, size_t len, psg_record_t *r, char **text,
                               size_t *text_len)
{
    memset(r, 0, sizeof *r);
    *text = NULL;
    *text_len = 0;
    if (!psg_is_record(data, len))
        return PSG_CORRUPT;
    int places = data[0] == PSG_RECORD_MARK_PLACES;
    char *all;
    size_t n;
    psg_status_t st = psg_inflate(data, len, &all, &n);
    if (st != PSG_OK)
        return st;
    const unsigned char *p = (const unsigned char *)all, *end = p + n;
    uint64_t nums[5];
    const unsigned char *at[PSG_RECORD_STRINGS];
    size_t lens[PSG_RECORD_STRINGS], total = 0, nsec = 0, npages = 0;
    const unsigned char *sec_at = NULL, *page_at = NULL;
    char *buf = NULL;
    st = PSG_CORRUPT;
    for (size_t i = 0; i < 5; i++)
        if (!get_varint(&p, end, &nums[i]))
            goto out;
    if (nums[0] > UINT32_MAX || nums[3] > UINT32_MAX || nums[4] > UINT32_MAX || nums[1] > nums[2] ||
        nums[2] > SIZE_MAX)
        goto out;
    for (size_t i = 0; i < PSG_RECORD_STRINGS; i++) {
        if (!get_string(&p, end, &at[i], &lens[i]))
            goto out;
        total += lens[i] + 1;
    }
    /* The marks are read twice: here to check them and size the buffer,
     * below to fill it. */
    if (places) {
        const unsigned char *name;
        size_t l, off = 0;
        if (!get_count(&p, end, &nsec))
            goto out;
        sec_at = p;
        for (size_t i = 0; i < nsec; i++) {
            if (!get_offset(&p, end, off, &off) || !get_string(&p, end, &name, &l))
                goto out;
            total += l + 1;
        }
        if (!get_count(&p, end, &npages))
            goto out;
        page_at = p;
        off = 0;
        for (size_t i = 0; i < npages; i++) {
            uint64_t page;
            if (!get_offset(&p, end, off, &off) || !get_varint(&p, end, &page) || page > UINT32_MAX)
                goto out;
        }
    }
    size_t rest = (size_t)(end - p);
    /* The strings, each NUL-terminated, and the marks in one buffer R
     * owns; the text then moves to the front of the inflated buffer, the
     * caller's. */
    size_t marks = nsec * sizeof(psg_section_mark_t) + npages * sizeof(psg_page_mark_t);
    st = PSG_NO_MEMORY;
    if (!(buf = malloc(marks + total)))
        goto out;
    psg_section_mark_t *sec = (psg_section_mark_t *)buf;
    psg_page_mark_t *pages = (psg_page_mark_t *)(sec + nsec);
    char *q = buf + marks;
    for (size_t i = 0; i < PSG_RECORD_STRINGS; i++) {
        memcpy(q, at[i], lens[i]);
        q[lens[i]] = '\0';
        *string_field(r, i) = q;
        q += lens[i] + 1;
    }
    size_t off = 0;
    for (size_t i = 0; i < nsec; i++) {
        const unsigned char *name;
        size_t l;
        get_offset(&sec_at, end, off, &off);
        get_string(&sec_at, end, &name, &l);
        memcpy(q, name, l);
        q[l] = '\0';
        sec[i] = (psg_section_mark_t){ off, q };
        q += l + 1;
    }
    off = 0;
    for (size_t i = 0; i < npages; i++) {
        uint64_t page;
        get_offset(&page_at, end, off, &off);
        get_varint(&page_at, end, &page);
        pages[i] = (psg_page_mark_t){ off, (uint32_t)page };
    }
    /* A mark past the text is damage, not a place in it. */
    st = PSG_CORRUPT;
    if ((nsec && sec[nsec - 1].at > rest) || (npages && pages[npages - 1].at > rest)) {
        free(buf);
        goto out;
    }
    r->passage = (uint32_t)nums[0];
    r->start = (size_t)nums[1];
    r->end = (size_t)nums[2];
    r->line = (uint32_t)nums[3];
    r->page = (uint32_t)nums[4];
    r->sections = nsec ? sec : NULL;
    r->nsections = nsec;
    r->pages = npages ? pages : NULL;
    r->npages = npages;
    r->buf = buf;
    memmove(all, p, rest);
    all[rest] = '\0';
    *text = all;
    *text_len = rest;
    return PSG_OK;
out:
    free(all);
    return st;
}

/* The last of the N marks (STEP bytes apart from FIRST) at or before AT,
 * or N when none is. */
static size_t mark_before(const void *first, size_t n, size_t step, size_t at)
{
    size_t found = n;
    for (size_t i = 0; i < n && *(const size_t *)((const char *)first + i * step) <= at; i++)
        found = i;
    return found;
}

const char *psg_record_section_at(const psg_record_t *r, size_t at)
{
    size_t i = mark_before(r->sections, r->nsections, sizeof *r->sections, at);
    if (i < r->nsections)
        return r->sections[i].name;
    return r->nsections ? "" : r->section ? r->section : "";
}

uint32_t psg_record_page_at(const psg_record_t *r, size_t at)
{
    size_t i = mark_before(r->pages, r->npages, sizeof *r->pages, at);
    return i < r->npages ? r->pages[i].page : r->page;
}

void psg_record_clear(psg_record_t *r)
{
    if (!r)
        return;
    free(r->buf);
    memset(r, 0, sizeof *r);
}
