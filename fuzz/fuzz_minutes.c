/* fuzz_minutes.c - libFuzzer harness for lib/minutes (the structure of a
 * set of minutes) and lib/passage (passages, their stored form and
 * snippets).
 *
 * Input: the text of a set of minutes, arbitrary bytes.  When its first
 * line is short (under 256 bytes) and holds no NUL, that line is also
 * handed to mnt_parse() as the file name, so the date-from-file-name path
 * is fuzzed too ("2023-06-02-referat.txt\nReferat ...").
 *
 * The harness calls everything mnt.h offers -- mnt_parse(), the look-ups
 * by offset, the section names, mnt_passage_breaks() -- then splits the
 * text into passages with and without those breaks, packs and unpacks
 * every passage (the round trip must give the text back byte for byte),
 * asks whether passages look like an agenda or like encoded junk,
 * unpacks the raw input as if it were stored data, and cuts snippets
 * with spans placed on the passage's words.  Every broken invariant calls
 * abort().
 */
#include "minutes/mnt.h"
#include "passage/psg.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                        \
    do {                                                                   \
        if (!(cond))                                                       \
            abort();                                                       \
    } while (0)

/* Snippet markers: passage text never holds control characters other
 * than tab and newline, so these two bytes can only be the markers. */
#define OPEN "\x01"
#define CLOSE "\x02"

/* 1 when S (LEN bytes) is valid UTF-8 (no overlongs, surrogates or
 * values above U+10FFFF). */
/* psg_blank_junk on a copy of TEXT: only blanks change, into spaces,
 * and the runs and bytes it counts are what changed at most. */
static void check_junk(const char *text, size_t len)
{
    char *copy = malloc(len + 1);
    if (!copy)
        return;
    memcpy(copy, text, len);
    psg_junk_t j;
    psg_blank_junk(copy, len, &j);
    size_t changed = 0;
    for (size_t i = 0; i < len; i++)
        if (copy[i] != text[i]) {
            CHECK(copy[i] == ' ' && text[i] != '\n' && text[i] != '\f');
            changed++;
        }
    CHECK(changed <= j.bytes && j.bytes <= len && j.runs <= j.bytes);
    CHECK((j.runs == 0) == (j.bytes == 0));
    free(copy);
}

static int valid_utf8(const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;

    while (i < len) {
        unsigned char c = u[i];
        size_t need;
        unsigned char lo = 0x80, hi = 0xBF;
        if (c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF)
            need = 1;
        else if (c >= 0xE0 && c <= 0xEF)
            need = 2;
        else if (c >= 0xF0 && c <= 0xF4)
            need = 3;
        else
            return 0;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F;
        else if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
        if (len - i - 1 < need || u[i + 1] < lo || u[i + 1] > hi)
            return 0;
        for (size_t k = 2; k <= need; k++)
            if ((u[i + k] & 0xC0) != 0x80)
                return 0;
        i += need + 1;
    }
    return 1;
}

/* White space as the minutes parser sees it (NUL included). */
static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v' || c == '\n' || c == '\0';
}

/* A string the parser made: present, and valid UTF-8 when the text was. */
static void check_string(const char *s, int utf8)
{
    CHECK(s != NULL);
    if (utf8)
        CHECK(valid_utf8(s, strlen(s)));
}

/* ---- lib/minutes ------------------------------------------------------- */

static void check_date(const mnt_date_t *d)
{
    if (d->year == 0) {
        CHECK(d->month == 0 && d->day == 0 && d->from_filename == 0);
        return;
    }
    CHECK(d->year >= 1990 && d->year <= 2100);
    CHECK(d->month >= 1 && d->month <= 12 && d->day >= 1 && d->day <= 31);
    CHECK(d->from_filename == 0 || d->from_filename == 1);
}

static void check_minutes(const mnt_minutes_t *m, const char *text, size_t len, int utf8)
{
    check_string(m->body, utf8);
    check_date(&m->date);
    CHECK(m->nattendees == 0 || m->attendees);
    for (size_t i = 0; i < m->nattendees; i++) {
        check_string(m->attendees[i], utf8);
        CHECK(m->attendees[i][0] != '\0');
    }
    CHECK(m->nabsentees == 0 || m->absentees);
    for (size_t i = 0; i < m->nabsentees; i++) {
        check_string(m->absentees[i], utf8);
        CHECK(m->absentees[i][0] != '\0');
    }
    CHECK(m->agenda_start <= m->agenda_end && m->agenda_end <= len);

    /* Pages: page 1 at 0, then one page after each form feed. */
    CHECK(m->npages >= 1 && m->page_starts && m->page_starts[0] == 0);
    for (size_t k = 1; k < m->npages; k++) {
        CHECK(m->page_starts[k] > m->page_starts[k - 1] && m->page_starts[k] < len);
        CHECK(text[m->page_starts[k] - 1] == '\f');
    }
    for (size_t k = 0; k < m->npages; k++) {
        CHECK(mnt_page_at(m, m->page_starts[k]) == k + 1);
        if (m->page_starts[k] > 0)
            CHECK(mnt_page_at(m, m->page_starts[k] - 1) == k);
    }
    CHECK(mnt_page_at(m, len) == m->npages);

    /* Items: in text order, each running to the next, the last to the
     * end; titles and sections inside their item. */
    CHECK(m->nitems == 0 || m->items);
    for (size_t i = 0; i < m->nitems; i++) {
        const mnt_item_t *it = &m->items[i];
        CHECK(it->start < it->end && it->end <= len);
        CHECK(it->end == (i + 1 < m->nitems ? m->items[i + 1].start : len));
        CHECK(it->start == 0 || text[it->start - 1] == '\n');
        CHECK(it->title_start <= it->title_end && it->title_start >= it->start &&
              it->title_end <= it->end);
        check_string(it->title, utf8);
        CHECK(memchr(it->case_no, '\0', sizeof it->case_no) != NULL);
        CHECK(it->number >= 0);
        CHECK(mnt_item_at(m, it->start) == it);
        CHECK(mnt_item_at(m, it->end - 1) == it);
        CHECK(it->nsections == 0 || it->sections);
        for (size_t k = 0; k < it->nsections; k++) {
            const mnt_section_t *s = &it->sections[k];
            CHECK(s->kind > MNT_SEC_NONE && s->kind < MNT_SEC_COUNT);
            CHECK(s->start < s->end && s->start >= it->start && s->end <= it->end);
            CHECK(k == 0 || s->start == it->sections[k - 1].end);
            CHECK(k + 1 < it->nsections || s->end == it->end);
            CHECK(mnt_section_at(m, s->start) == s->kind);
            CHECK(mnt_section_at(m, s->end - 1) == s->kind);
        }
        /* Sub-items: inside their item after its heading line, each
         * running to the next, the last to the item's end. */
        CHECK(it->nsubitems == 0 || it->subitems);
        for (size_t k = 0; k < it->nsubitems; k++) {
            const mnt_subitem_t *s = &it->subitems[k];
            CHECK(s->start > it->start && s->start < s->end && s->end <= it->end);
            CHECK(s->title_start >= s->start && s->title_start < s->end);
            CHECK(text[s->start - 1] == '\n');
            CHECK(k == 0 || s->start == it->subitems[k - 1].end);
            CHECK(k + 1 < it->nsubitems || s->end == it->end);
            check_string(s->title, utf8);
            CHECK(mnt_subitem_at(it, s->start) == s && mnt_subitem_at(it, s->end - 1) == s);
        }
        if (it->nsubitems > 0)
            CHECK(mnt_subitem_at(it, it->subitems[0].start - 1) == NULL);
        if (it->nsections > 0 && it->sections[0].start > it->start)
            CHECK(mnt_section_at(m, it->start) == MNT_SEC_NONE);
    }
    if (m->nitems > 0 && m->items[0].start > 0)
        CHECK(mnt_item_at(m, m->items[0].start - 1) == NULL);
    CHECK(mnt_item_at(m, len) == NULL);
    CHECK(mnt_section_at(m, len) == MNT_SEC_NONE);

    for (int k = 0; k <= MNT_SEC_COUNT; k++) {
        const char *name = mnt_section_name((mnt_section_kind_t)k);
        CHECK(name && (name[0] != '\0') == (k > MNT_SEC_NONE && k < MNT_SEC_COUNT));
        CHECK(mnt_section_is_decision((mnt_section_kind_t)k) == 0 ||
              mnt_section_is_decision((mnt_section_kind_t)k) == 1);
    }
}

static size_t *check_breaks(const mnt_minutes_t *m, size_t len, size_t *n)
{
    size_t *b = mnt_passage_breaks(m, n);
    size_t want = m->nitems + (m->agenda_end > m->agenda_start ? 2 : 0);
    for (size_t i = 0; i < m->nitems; i++)
        want += m->items[i].nsubitems;

    CHECK(*n == want && (want == 0 || b != NULL));
    for (size_t i = 0; i < *n; i++) {
        CHECK(b[i] <= len);
        CHECK(i == 0 || b[i] >= b[i - 1]);
    }
    return b;
}

/* ---- lib/passage --------------------------------------------------------- */

static void check_roundtrip(const char *text, size_t len)
{
    char *packed, *back;
    size_t plen, blen;

    CHECK(psg_pack(text, len, &packed, &plen) == PSG_OK);
    CHECK(packed && plen >= 5);
    CHECK(psg_unpack(packed, plen, &back, &blen) == PSG_OK);
    CHECK(blen == len && memcmp(back, text, len) == 0 && back[len] == '\0');
    free(back);
    /* A damaged copy is refused or read, never overrun. */
    if (plen > 6) {
        packed[plen / 2] ^= 0x55;
        if (psg_unpack(packed, plen - 1, &back, &blen) == PSG_OK)
            CHECK(back[blen] == '\0');
        else
            CHECK(back == NULL && blen == 0);
        free(back);
    }
    free(packed);
}

/* Places spans on some of TEXT's words (chosen by SEED's bits), sorted and
 * not overlapping, on character boundaries. */
static size_t spans_on_words(const char *t, size_t len, uint32_t seed, psg_span_t *sp, size_t max)
{
    size_t n = 0, i = 0, word = 0;

    while (i < len && n < max) {
        while (i < len && (t[i] == ' ' || t[i] == '\n' || t[i] == '\t'))
            i++;
        size_t s = i;
        while (i < len && t[i] != ' ' && t[i] != '\n' && t[i] != '\t')
            i++;
        if (i > s && (seed >> (word++ % 32)) & 1)
            sp[n++] = (psg_span_t){ s, i };
    }
    return n;
}

static void check_snippet(const psg_passage_t *p, uint32_t seed)
{
    psg_span_t sp[64];
    size_t n = spans_on_words(p->text, p->text_len, seed, sp, 64);
    size_t max = 16 + seed % 400;
    char *s = psg_snippet(p->text, p->text_len, sp, n, max, OPEN, CLOSE);
    size_t slen, opens = 0;
    int in = 0;

    CHECK(s != NULL);
    slen = strlen(s);
    CHECK(slen <= p->text_len + 6 + 2 * n);
    /* Markers alternate, every span opened is closed, and what lies
     * between them is a whole span of the passage. */
    for (size_t i = 0; i < slen; i++) {
        if (s[i] == OPEN[0]) {
            CHECK(!in);
            in = 1;
            opens++;
        } else if (s[i] == CLOSE[0]) {
            CHECK(in);
            in = 0;
        }
    }
    CHECK(!in && opens <= n);
    if (valid_utf8(p->text, p->text_len))
        CHECK(valid_utf8(s, slen));
    free(s);
}

static void check_passages(const psg_list_t *pl, const char *text, size_t len,
                           const size_t *breaks, size_t nbreaks, int snippets)
{
    size_t n = psg_list_count(pl), lines = 1, pages = 1;
    size_t prev_end = 0;
    uint32_t prev_line = 0, prev_page = 0;

    for (size_t i = 0; i < len; i++) {
        lines += text[i] == '\n';
        pages += text[i] == '\f';
    }
    CHECK(psg_list_get(pl, n) == NULL);
    for (size_t i = 0; i < n; i++) {
        const psg_passage_t *p = psg_list_get(pl, i);
        CHECK(p != NULL);
        CHECK(p->start < p->end && p->end <= len && p->start >= prev_end);
        CHECK(p->line >= 1 && p->line <= lines && p->line >= prev_line);
        CHECK(p->page >= 1 && p->page <= pages && p->page >= prev_page);
        CHECK(p->text && strlen(p->text) == p->text_len && p->text_len > 0);
        CHECK(p->words >= 1 && p->words <= PSG_MAX_WORDS);
        /* No passage runs across a structural break.  The minutes parser
         * ends the agenda after a line's last visible byte, where the
         * passage splitter may keep trailing NULs: only such bytes may
         * follow a break inside a passage. */
        for (size_t k = 0; k < nbreaks; k++)
            if (p->start < breaks[k] && breaks[k] < p->end)
                for (size_t j = breaks[k]; j < p->end; j++)
                    CHECK(is_blank(text[j]));
        prev_end = p->end;
        prev_line = p->line;
        prev_page = p->page;
        CHECK(psg_is_agenda(p->text, p->text_len) <= 1);
        check_junk(p->text, p->text_len);
        /* Its pages and source offsets map into its text, in order. */
        for (size_t k = 0; k < p->npages; k++)
            CHECK(p->pages[k].at <= p->text_len && p->pages[k].page > (k ? p->pages[k - 1].page : p->page) &&
                  (k == 0 || p->pages[k].at >= p->pages[k - 1].at));
        CHECK(psg_text_offset(p, p->start) == 0 && psg_text_offset(p, p->end) == p->text_len);
        for (size_t k = 1; k < p->npieces; k++)
            CHECK(p->pieces[k].text > p->pieces[k - 1].text && p->pieces[k].src >= p->pieces[k - 1].src_end);
        if (snippets && i < 8) {
            check_roundtrip(p->text, p->text_len);
            check_snippet(p, (uint32_t)(i * 2654435761u) ^ (uint32_t)p->start);
        }
    }
}

/* ---- the input -------------------------------------------------------------- */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* A copy of exactly SIZE bytes: a read past the text is caught. */
    char *text = malloc(size ? size : 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    int utf8 = valid_utf8(text, size);

    /* The first line as a file name, when it is short. */
    char name[256], *filename = NULL;
    const char *nl = memchr(text, '\n', size < sizeof name ? size : sizeof name);
    if (nl && nl > text && !memchr(text, '\0', (size_t)(nl - text))) {
        memcpy(name, text, (size_t)(nl - text));
        name[nl - text] = '\0';
        filename = name;
    }

    mnt_minutes_t *m = mnt_parse(text, size, filename);
    CHECK(m != NULL);
    check_minutes(m, text, size, utf8);
    size_t nbreaks;
    size_t *breaks = check_breaks(m, size, &nbreaks);

    psg_list_t *pl;
    CHECK(psg_split_at(text, size, breaks, nbreaks, &pl) == PSG_OK && pl);
    check_passages(pl, text, size, breaks, nbreaks, 1);
    psg_list_free(pl);
    CHECK(psg_split(text, size, &pl) == PSG_OK && pl);
    check_passages(pl, text, size, NULL, 0, 0);
    psg_list_free(pl);
    CHECK(psg_is_pdf_style(text, size) <= 1);
    check_junk(text, size);

    /* The raw input as stored data: refused or read, never overrun. */
    char *out;
    size_t out_len;
    psg_status_t st = psg_unpack(text, size, &out, &out_len);
    CHECK(st == PSG_OK || st == PSG_CORRUPT);
    if (st == PSG_OK)
        CHECK(out && out[out_len] == '\0' && out_len <= PSG_MAX_TEXT);
    else
        CHECK(out == NULL && out_len == 0);
    free(out);
    /* ... and as a display record with its text (format 4). */
    psg_record_t rec;
    st = psg_record_unpack(text, size, &rec, &out, &out_len);
    CHECK(st == PSG_OK || st == PSG_CORRUPT);
    if (st == PSG_OK)
        CHECK(out && out[out_len] == '\0' && out_len <= PSG_MAX_TEXT && rec.start <= rec.end &&
              rec.lang && rec.section);
    else
        CHECK(out == NULL && out_len == 0 && rec.buf == NULL);
    free(out);
    psg_record_clear(&rec);
    /* ... and its bytes as a record's contents, of either format: the
     * marks of one read lie inside its text, in order. */
    for (int f = 0; f < 2; f++) {
        char *data;
        size_t dl;
        if (psg_pack(text, size, &data, &dl) != PSG_OK)
            continue;
        data[0] = f ? PSG_RECORD_MARK_PLACES : PSG_RECORD_MARK;
        if (psg_record_unpack(data, dl, &rec, &out, &out_len) == PSG_OK) {
            for (size_t k = 0; k < rec.nsections; k++)
                CHECK(rec.sections[k].at <= out_len && rec.sections[k].name &&
                      (k == 0 || rec.sections[k].at >= rec.sections[k - 1].at));
            for (size_t k = 0; k < rec.npages; k++)
                CHECK(rec.pages[k].at <= out_len && (k == 0 || rec.pages[k].at >= rec.pages[k - 1].at));
            CHECK(psg_record_section_at(&rec, out_len / 2) != NULL &&
                  psg_record_page_at(&rec, out_len) == (rec.npages ? rec.pages[rec.npages - 1].page : rec.page));
        }
        free(out);
        psg_record_clear(&rec);
        free(data);
    }
    check_roundtrip(text, size);

    CHECK(psg_status_string(PSG_OK) && psg_status_string((psg_status_t)99));
    free(breaks);
    mnt_free(m);
    mnt_free(NULL);
    psg_list_free(NULL);
    free(text);
    return 0;
}
