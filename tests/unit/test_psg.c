/* test_psg.c - passages: splitting, PDF-style reconstruction, zlib
 * storage round trip, snippets. */
#include "passage/psg.h"
#include "passage/psg_private.h"
#include "tap.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* Builds a paragraph of N distinct words "w0 w1 ...", each line 10 words. */
static char *words(int n, const char *tag)
{
    size_t cap = (size_t)n * (strlen(tag) + 8) + 16;
    char *s = malloc(cap);
    size_t o = 0;
    for (int i = 0; i < n; i++)
        o += (size_t)snprintf(s + o, cap - o, "%s%d%s", tag, i, (i % 10 == 9) ? "\n" : " ");
    s[o] = '\0';
    return s;
}

static psg_list_t *split(const char *s)
{
    psg_list_t *l = NULL;
    CHECK(psg_split(s, strlen(s), &l) == PSG_OK);
    return l;
}

TEST(empty_and_blank_input_give_no_passages)
{
    psg_list_t *l = split("");
    CHECK(psg_list_count(l) == 0);
    psg_list_free(l);
    l = split(" \n\n\t\n \f\n");
    CHECK(psg_list_count(l) == 0);
    psg_list_free(l);
    psg_list_free(NULL);
}

TEST(short_paragraphs_merge_until_min_words)
{
    /* Five paragraphs of 20 words: the first passage collects them until
     * it has at least PSG_MIN_WORDS words. */
    char buf[4096] = "";
    for (int p = 0; p < 5; p++) {
        char *w = words(20, p == 0 ? "a" : p == 1 ? "b" : p == 2 ? "c" : p == 3 ? "d" : "e");
        strcat(buf, w);
        strcat(buf, "\n");
        free(w);
    }
    psg_list_t *l = split(buf);
    CHECK(psg_list_count(l) >= 1);
    const psg_passage_t *p = psg_list_get(l, 0);
    CHECK(p->words >= PSG_MIN_WORDS);
    CHECK(strstr(p->text, "a0 ") == p->text);
    CHECK(strstr(p->text, "\n\nb0") != NULL); /* paragraph break kept */
    psg_list_free(l);
}

TEST(passages_never_exceed_max_words)
{
    char *big = words(2000, "x");
    psg_list_t *l = split(big);
    CHECK(psg_list_count(l) >= 2000 / PSG_MAX_WORDS);
    uint32_t total = 0;
    for (size_t i = 0; i < psg_list_count(l); i++) {
        CHECK(psg_list_get(l, i)->words <= PSG_MAX_WORDS);
        total += psg_list_get(l, i)->words;
    }
    CHECK(total == 2000);
    psg_list_free(l);
    free(big);
}

TEST(links_count_as_their_words)
{
    /* 60 words, then 40 links of 140 bytes in the same paragraph: each
     * link counts as 140 / 16 = 8 words (a URL's words are searched one
     * by one), so the paragraph is cut instead of making one passage of
     * 5.7 kB. */
    char *prose = words(60, "p");
    size_t cap = strlen(prose) + 40 * 200 + 1, o = 0;
    char *s = malloc(cap);
    o += (size_t)snprintf(s + o, cap - o, "%s", prose);
    for (int i = 0; i < 40; i++)
        o += (size_t)snprintf(s + o, cap - o, "https://helse-x.sharepoint.com/sites/Fagraad/Delte%%20dokumenter/"
                              "Rehabilitering%%202024/Kartlegging%%20av%%20ventetider%%20ved%%20sentrene-%02d.docx\n", i);
    psg_list_t *l = split(s);
    CHECK(psg_list_count(l) >= 2);
    uint32_t total = 0;
    for (size_t i = 0; i < psg_list_count(l); i++) {
        const psg_passage_t *p = psg_list_get(l, i);
        CHECK(p->words <= PSG_MAX_WORDS && p->text_len <= PSG_MAX_WORDS * 18);
        total += p->words;
    }
    CHECK(total == 60 + 40 * 8);
    psg_list_free(l);
    free(s);
    free(prose);
}

TEST(passages_stay_within_max_chars)
{
    /* A reference list: 26 lines of about 110 characters and 14 words,
     * 364 words in all, one paragraph.  The word bound alone cut it at
     * 300 words, a passage of 2,300 characters. */
    size_t cap = 26 * 160 + 1, o = 0;
    char *s = malloc(cap);
    for (int i = 0; i < 26; i++)
        o += (size_t)snprintf(s + o, cap - o, "%d. Haugland K, Nyborg T. Ventetid til rehabilitering etter "
                              "hjerneslag. Tidsskr Nor Legeforen 2021;%d:1-8.\n", i + 1, 100 + i);
    psg_list_t *l = split(s);
    uint32_t total = 0;
    for (size_t i = 0; i < psg_list_count(l); i++) {
        const psg_passage_t *p = psg_list_get(l, i);
        CHECK(p->text_len <= PSG_MAX_CHARS);
        total += p->words;
    }
    CHECK(total == 26 * 14);
    psg_list_free(l);
    /* A line of many short words is cut at white space too; one token
     * longer than the bound is kept whole. */
    o = 0;
    cap = 4000;
    char *line = malloc(cap);
    for (int i = 0; i < 500; i++)
        o += (size_t)snprintf(line + o, cap - o, "ø%d ", i % 10);
    l = split(line);
    CHECK(psg_list_count(l) >= 2);
    for (size_t i = 0; i < psg_list_count(l); i++) {
        const psg_passage_t *p = psg_list_get(l, i);
        CHECK(p->text_len <= 2 * PSG_MAX_CHARS); /* bytes: "ø" is two */
        CHECK(strncmp(p->text, "ø", 2) == 0);
    }
    psg_list_free(l);
    memset(line, 'k', 2000);
    strcpy(line + 2000, " slutt");
    l = split(line);
    CHECK(psg_list_count(l) == 2);
    CHECK(psg_list_count(l) == 2 && psg_list_get(l, 0)->text_len == 2000);
    psg_list_free(l);
    free(line);
    free(s);
}

TEST(one_huge_line_is_cut)
{
    size_t n = 200000;
    char *s = malloc(n + 1);
    for (size_t i = 0; i < n; i++)
        s[i] = (i % 7 == 6) ? ' ' : 'k';
    s[n] = '\0';
    psg_list_t *l = split(s);
    CHECK(psg_list_count(l) > 1);
    for (size_t i = 0; i < psg_list_count(l); i++)
        CHECK(psg_list_get(l, i)->words <= PSG_MAX_WORDS);
    psg_list_free(l);
    /* No whitespace at all: still cut, at character boundaries. */
    for (size_t i = 0; i < n; i++)
        s[i] = (i % 2) ? (char)0xB8 : (char)0xC3; /* "ø" repeated */
    l = split(s);
    CHECK(psg_list_count(l) > 1);
    for (size_t i = 0; i < psg_list_count(l); i++) {
        const psg_passage_t *p = psg_list_get(l, i);
        CHECK(p->start % 2 == 0 && p->end % 2 == 0);
    }
    psg_list_free(l);
    free(s);
}

TEST(offsets_lines_and_pages)
{
    const char *s = "Title line\n\nFirst paragraph here.\n\fPage two text.\n";
    psg_list_t *l = split(s);
    CHECK(psg_list_count(l) == 1);
    const psg_passage_t *p = psg_list_get(l, 0);
    CHECK(p->start == 0);
    CHECK(p->end == strlen(s) - 1);
    CHECK(p->line == 1);
    CHECK(p->page == 1);
    CHECK(strchr(p->text, '\f') == NULL);
    /* Page 2 begins inside it, at "Page two" in its text; source offsets
     * map to the text (the blank line between is left out). */
    const char *two = strstr(p->text, "Page two");
    CHECK(two && p->npages == 1 && p->pages[0].page == 2 && p->pages[0].at == (size_t)(two - p->text));
    CHECK(psg_text_offset(p, (size_t)(strstr(s, "First") - s)) == (size_t)(strstr(p->text, "First") - p->text));
    CHECK(psg_text_offset(p, (size_t)(strstr(s, "here") - s)) == (size_t)(strstr(p->text, "here") - p->text));
    CHECK(psg_text_offset(p, 11) == (size_t)(strstr(p->text, "First") - p->text)); /* the blank line */
    CHECK(psg_text_offset(p, strlen(s)) == p->text_len);
    psg_list_free(l);
    /* A passage starting after the form feed is on page 2. */
    char *w1 = words(130, "p"), *w2 = words(60, "q");
    size_t cap = strlen(w1) + strlen(w2) + 8;
    char *doc = malloc(cap);
    snprintf(doc, cap, "%s\n\f%s", w1, w2);
    l = split(doc);
    CHECK(psg_list_count(l) == 2);
    if (psg_list_count(l) == 2) {
        const psg_passage_t *b = psg_list_get(l, 1);
        CHECK(b->page == 2);
        CHECK(b->line == 15);
        CHECK(strncmp(doc + b->start, "q0", 2) == 0);
    }
    psg_list_free(l);
    free(doc);
    free(w1);
    free(w2);
}

TEST(pdf_style_lines_are_rejoined)
{
    /* Every line followed by a blank line; a paragraph break is a run of
     * blank lines containing a whitespace-only line. */
    const char *s =
        "Sundhedsstyrelsen orienterede om status for arbejdet \n\n"
        "med den nationale plan for behandling af sjældne \n\n"
        "sygdomme hos børn og unge i hele landet. \n\n"
        " \n\n"
        "Udvalget drøftede derefter behovet for en fælles \n\n"
        "database og en årlig opfølgning på området. \n\n";
    CHECK(psg_is_pdf_style(s, strlen(s)) == 1);
    psg_list_t *l = split(s);
    CHECK(psg_list_count(l) == 1);
    const psg_passage_t *p = psg_list_get(l, 0);
    CHECK_STR(p->text,
              "Sundhedsstyrelsen orienterede om status for arbejdet\n"
              "med den nationale plan for behandling af sjældne\n"
              "sygdomme hos børn og unge i hele landet.\n\n"
              "Udvalget drøftede derefter behovet for en fælles\n"
              "database og en årlig opfølgning på området.");
    psg_list_free(l);
    const char *plain = "one line\ntwo line\n\nthree line\nfour\n";
    CHECK(psg_is_pdf_style(plain, strlen(plain)) == 0);
}

TEST(agenda_headings_start_passages)
{
    CHECK(psg_is_heading("Sak 19/2023 Årsrapport", 22));
    CHECK(psg_is_heading("Sak 24 /2023 Budsjett", 21));
    CHECK(psg_is_heading("sak11/2022", 10));
    CHECK(psg_is_heading(" 3) Status for arbejdet", 23));
    CHECK(!psg_is_heading("Saken tas til orientering", 25));
    CHECK(!psg_is_heading("2023) ikke", 10));
    CHECK(!psg_is_heading("Sak uten nummer", 15));
    /* The agenda list stays together; each item with body text is its
     * own passage. */
    char *b1 = words(30, "b"), *b2 = words(30, "c");
    size_t cap = strlen(b1) + strlen(b2) + 256;
    char *doc = malloc(cap);
    snprintf(doc, cap,
             "Dagsorden\nSak 1/2023 Godkjenning\nSak 2/2023 Budsjett\n\n"
             "Sak 1/2023 Godkjenning\n%s\n\nSak 2/2023 Budsjett\n%s\n", b1, b2);
    psg_list_t *l = split(doc);
    CHECK(psg_list_count(l) == 2);
    if (psg_list_count(l) == 2) {
        CHECK(strstr(psg_list_get(l, 0)->text, "b29") != NULL);
        CHECK(strstr(psg_list_get(l, 0)->text, "c0") == NULL);
        CHECK(strncmp(psg_list_get(l, 1)->text, "Sak 2/2023 Budsjett", 19) == 0);
    }
    psg_list_free(l);
    free(doc);
    free(b1);
    free(b2);
}

TEST(agenda_lists_are_recognized)
{
    const char *nb = "Dagsorden\nSak 1/2023 Godkjenning\nSak 2/2023 Budsjett\nSak 3/2023 Eventuelt\n";
    const char *da = "1. Godkendelse af dagsorden\n2. Orienteringer\n3. Status for arbejdet\n4. Eventuelt";
    const char *body = "Sak 2/2023 Budsjett\nStyret drøftet budsjettet for neste år og ba om en\n"
                       "oversikt over utgiftene til reiser.\nVedtak: Budsjettet godkjennes.\n";
    const char *prose = "Vi viste til sak 1/2023, sak 2/2023 og sak 3/2023 i teksten.";
    CHECK(psg_is_agenda(nb, strlen(nb)));
    CHECK(psg_is_agenda(da, strlen(da)));
    CHECK(!psg_is_agenda(body, strlen(body)));
    CHECK(!psg_is_agenda(prose, strlen(prose)));
    CHECK(!psg_is_agenda("", 0));
}

TEST(breaks_end_passages)
{
    char *w = words(60, "w");
    size_t n = strlen(w);
    /* A break at the start of the fourth line (after 30 words). */
    size_t at = 0;
    for (int lines = 0; at < n && lines < 3; at++)
        if (w[at] == '\n')
            lines++;
    psg_list_t *l = NULL;
    CHECK(psg_split_at(w, n, &at, 1, &l) == PSG_OK);
    CHECK(psg_list_count(l) == 2);
    if (psg_list_count(l) == 2) {
        CHECK(psg_list_get(l, 0)->end <= at);
        CHECK(psg_list_get(l, 1)->start == at);
        CHECK(strncmp(psg_list_get(l, 1)->text, "w30", 3) == 0);
    }
    psg_list_free(l);
    /* Without the break it is one passage. */
    CHECK(psg_split_at(w, n, NULL, 0, &l) == PSG_OK);
    CHECK(psg_list_count(l) == 1);
    psg_list_free(l);
    free(w);
}

TEST(control_bytes_do_not_break_text)
{
    const char s[] = "alpha\0beta gamma\x01 delta";
    psg_list_t *l = NULL;
    CHECK(psg_split(s, sizeof s - 1, &l) == PSG_OK);
    CHECK(psg_list_count(l) == 1);
    if (psg_list_count(l) == 1) {
        const psg_passage_t *p = psg_list_get(l, 0);
        CHECK(strlen(p->text) == p->text_len);
        CHECK_STR(p->text, "alpha beta gamma  delta");
    }
    psg_list_free(l);
}

TEST(pack_round_trip)
{
    const char *texts[] = { "", "møte i Senterrådet", "x" };
    for (size_t i = 0; i < 3; i++) {
        char *packed, *back;
        size_t pl, bl;
        CHECK(psg_pack(texts[i], strlen(texts[i]), &packed, &pl) == PSG_OK);
        CHECK(psg_unpack(packed, pl, &back, &bl) == PSG_OK);
        CHECK(bl == strlen(texts[i]));
        CHECK_STR(back, texts[i]);
        free(packed);
        free(back);
    }
    /* Repetitive text compresses well. */
    char *big = words(3000, "rehabilitering");
    char *packed, *back;
    size_t pl, bl;
    CHECK(psg_pack(big, strlen(big), &packed, &pl) == PSG_OK);
    CHECK(pl < strlen(big) / 2);
    CHECK(psg_unpack(packed, pl, &back, &bl) == PSG_OK);
    CHECK(bl == strlen(big) && memcmp(back, big, bl) == 0);
    free(back);
    free(packed);
    free(big);
}

TEST(unpack_rejects_damage)
{
    char *packed, *back = NULL;
    size_t pl, bl;
    const char *t = "Vedtak: Saken tas til orientering.";
    CHECK(psg_pack(t, strlen(t), &packed, &pl) == PSG_OK);
    CHECK(psg_unpack(packed, 3, &back, &bl) == PSG_CORRUPT);
    CHECK(psg_unpack("Xabcdefgh", 9, &back, &bl) == PSG_CORRUPT);
    packed[pl - 2] ^= 0x55;
    CHECK(psg_unpack(packed, pl, &back, &bl) == PSG_CORRUPT);
    packed[pl - 2] ^= 0x55;
    /* Another dictionary's id (bytes 2-5 of the zlib stream), and a
     * stream header without the dictionary flag. */
    packed[5 + 3] ^= 0x01;
    CHECK(psg_unpack(packed, pl, &back, &bl) == PSG_CORRUPT);
    packed[5 + 3] ^= 0x01;
    packed[5 + 1] ^= 0x20;
    CHECK(psg_unpack(packed, pl, &back, &bl) == PSG_CORRUPT);
    packed[5 + 1] ^= 0x20;
    CHECK(psg_unpack(packed, pl, &back, &bl) == PSG_OK);
    free(back);
    back = NULL;
    packed[1] = 0x7F; /* claims a 2 GB text */
    CHECK(psg_unpack(packed, pl, &back, &bl) == PSG_CORRUPT);
    CHECK(back == NULL);
    free(packed);
}

TEST(record_round_trip)
{
    const char *t = "Vedtak: Fagrådet tar saken til orientering.";
    char *data, *back;
    size_t dl, bl;
    psg_record_t in = { .passage = 300, .start = 5000000000u, .end = 5000000123u, .line = 1,
                        .page = 128, .lang = "nb", .date = "20231025", .date_source = "text",
                        .body = "Fagrådet for rehabilitering", .title = "Sak 19/2023 Årsrapport",
                        .case_no = "19/2023", .section = NULL };
    CHECK(psg_record_pack(&in, t, strlen(t), &data, &dl) == PSG_OK);
    CHECK(data[0] == PSG_RECORD_MARK_PLACES && psg_is_record(data, dl));
    psg_record_t out;
    CHECK(psg_record_unpack(data, dl, &out, &back, &bl) == PSG_OK);
    CHECK(out.passage == 300 && out.start == 5000000000u && out.end == 5000000123u);
    CHECK(out.line == 1 && out.page == 128);
    CHECK_STR(out.lang, "nb");
    CHECK_STR(out.date, "20231025");
    CHECK_STR(out.date_source, "text");
    CHECK_STR(out.body, "Fagrådet for rehabilitering");
    CHECK_STR(out.title, "Sak 19/2023 Årsrapport");
    CHECK_STR(out.case_no, "19/2023");
    CHECK_STR(out.section, ""); /* NULL packs as "" */
    CHECK(out.nsections == 0 && out.npages == 0 && out.sections == NULL && out.pages == NULL);
    CHECK(bl == strlen(t));
    CHECK_STR(back, t);
    free(back);
    psg_record_clear(&out);
    psg_record_clear(&out); /* cleared twice, and NULL, are fine */
    psg_record_clear(NULL);
    /* A record is not text, nor text a record. */
    CHECK(psg_unpack(data, dl, &back, &bl) == PSG_CORRUPT);
    char *packed;
    size_t pl;
    CHECK(psg_pack(t, strlen(t), &packed, &pl) == PSG_OK);
    CHECK(psg_record_unpack(packed, pl, &out, &back, &bl) == PSG_CORRUPT);
    CHECK(back == NULL && out.buf == NULL);
    /* Cut short, the stream does not inflate. */
    CHECK(psg_record_unpack(data, dl - 1, &out, &back, &bl) == PSG_CORRUPT);
    free(packed);
    free(data);
}

/* One short item in one passage: its heading, Bakgrunn on page 1, Vedtak
 * from "Vedtak:" on, page 2 from "Styret". */
static const char marked_text[] = "Sak 5/2024 Ventelister\n\nBakgrunn: Lange ventelister.\n\n"
                                  "Vedtak: Styret ber om en plan.";

TEST(record_round_trip_with_marks)
{
    const char *t = marked_text;
    size_t vedtak = (size_t)(strstr(t, "Vedtak") - t), styret = (size_t)(strstr(t, "Styret") - t);
    const psg_section_mark_t secs[] = { { 0, "" }, { 24, "bakgrunn" }, { vedtak, "vedtak" } };
    const psg_page_mark_t pages[] = { { styret, 2 } };
    psg_record_t in = { .passage = 2, .line = 7, .page = 1, .lang = "nb", .section = "bakgrunn",
                        .sections = secs, .nsections = 3, .pages = pages, .npages = 1 };
    char *data, *back;
    size_t dl, bl;
    CHECK(psg_record_pack(&in, t, strlen(t), &data, &dl) == PSG_OK);
    psg_record_t out;
    CHECK(psg_record_unpack(data, dl, &out, &back, &bl) == PSG_OK);
    CHECK_STR(back, t);
    CHECK_STR(out.section, "bakgrunn");
    CHECK(out.nsections == 3 && out.npages == 1);
    for (size_t i = 0; i < 3 && out.nsections == 3; i++) {
        CHECK(out.sections[i].at == secs[i].at);
        CHECK_STR(out.sections[i].name, secs[i].name);
    }
    CHECK(out.npages == 1 && out.pages[0].at == styret && out.pages[0].page == 2);
    /* Looked up by offset: the heading is in no section; page 2 begins
     * inside the Vedtak. */
    CHECK_STR(psg_record_section_at(&out, 3), "");
    CHECK_STR(psg_record_section_at(&out, 30), "bakgrunn");
    CHECK_STR(psg_record_section_at(&out, vedtak), "vedtak");
    CHECK(psg_record_page_at(&out, vedtak) == 1 && psg_record_page_at(&out, styret) == 2);
    CHECK(psg_record_page_at(&out, bl) == 2);
    free(back);
    psg_record_clear(&out);
    /* Every cut of the stream is refused, never misread. */
    for (size_t cut = 1; cut < dl; cut++) {
        CHECK(psg_record_unpack(data, cut, &out, &back, &bl) != PSG_OK);
        psg_record_clear(&out);
    }
    free(data);
    /* Marks out of order, or past the text, are refused when packing. */
    const psg_page_mark_t late[] = { { strlen(t) + 1, 2 } };
    in.pages = late;
    CHECK(psg_record_pack(&in, t, strlen(t), &data, &dl) == PSG_CORRUPT);
    const psg_section_mark_t back_and_forth[] = { { 10, "vedtak" }, { 5, "bakgrunn" } };
    in.pages = NULL;
    in.npages = 0;
    in.sections = back_and_forth;
    in.nsections = 2;
    CHECK(psg_record_pack(&in, t, strlen(t), &data, &dl) == PSG_CORRUPT);
}

/* RAW (N bytes) packed as a record's contents: fields as the caller made
 * them, good or bad; MARK its format byte. */
static char *raw_record_as(char mark, const char *raw, size_t n, size_t *len)
{
    char *data;
    if (psg_pack(raw, n, &data, len) != PSG_OK)
        return NULL;
    data[0] = mark;
    return data;
}

TEST(record_of_format_5_reads_without_marks)
{
    /* Format 5's layout: the numbers, the strings, the text. */
    static const char raw[] = "\2\0\0\7\1\2nb\0\0\0\0\0\10bakgrunnVedtak: ja.";
    size_t len, tl;
    char *data = raw_record_as(PSG_RECORD_MARK, raw, sizeof raw - 1, &len), *text;
    psg_record_t r;
    CHECK(data && psg_is_record(data, len));
    CHECK(psg_record_unpack(data, len, &r, &text, &tl) == PSG_OK);
    CHECK_STR(text, "Vedtak: ja.");
    CHECK(r.nsections == 0 && r.npages == 0 && r.passage == 2 && r.line == 7);
    /* Without marks a record shows the passage's labels throughout. */
    CHECK_STR(psg_record_section_at(&r, 8), "bakgrunn");
    CHECK(psg_record_page_at(&r, 8) == 1);
    free(text);
    psg_record_clear(&r);
    free(data);
    /* The same bytes under format 6's mark lack the marks' counts: the
     * text is not read as marks and a count of 86 ("V") is refused. */
    data = raw_record_as(PSG_RECORD_MARK_PLACES, raw, sizeof raw - 1, &len);
    CHECK(psg_record_unpack(data, len, &r, &text, &tl) == PSG_CORRUPT);
    psg_record_clear(&r);
    free(data);
}

/* RAW (N bytes) packed as a record's contents: fields as the caller made
 * them, good or bad. */
static char *raw_record(const char *raw, size_t n, size_t *len)
{
    char *data;
    if (psg_pack(raw, n, &data, len) != PSG_OK)
        return NULL;
    data[0] = PSG_RECORD_MARK;
    return data;
}

TEST(record_rejects_bad_fields)
{
    static const struct {
        const char *name, *raw;
        size_t n;
        psg_status_t want;
    } cases[] = {
        { "all zero and empty, no text", "\0\0\0\0\0\0\0\0\0\0\0\0", 12, PSG_OK },
        { "a start past the end", "\1\11\5\1\1\0\0\0\0\0\0\0", 12, PSG_CORRUPT },
        { "a varint past 64 bits", "\377\377\377\377\377\377\377\377\377\377\377", 11, PSG_CORRUPT },
        { "a string longer than the rest", "\1\0\0\1\1\144nb", 8, PSG_CORRUPT },
        { "fields cut short", "\1\0\0\1\1\2nb\0", 9, PSG_CORRUPT },
        { "a line past 32 bits", "\1\0\0\200\200\200\200\20\1\0\0\0\0\0\0\0", 16, PSG_CORRUPT },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t len;
        char *data = raw_record(cases[i].raw, cases[i].n, &len), *text;
        size_t tl;
        psg_record_t r;
        CHECK(data != NULL);
        psg_status_t st = psg_record_unpack(data, len, &r, &text, &tl);
        if (st != cases[i].want)
            fprintf(stderr, "# %s: got %d\n", cases[i].name, (int)st);
        CHECK(st == cases[i].want);
        if (st == PSG_OK)
            CHECK(tl == 0 && text[0] == '\0' && r.passage == 0 && r.body && !r.body[0]);
        free(text);
        psg_record_clear(&r);
        free(data);
    }
}

/* Format 1 (plain zlib, 'z'), as indexes before the dictionary hold it. */
static char *pack_v1(const char *t, size_t *out_len)
{
    size_t n = strlen(t);
    uLongf bound = compressBound((uLong)n);
    unsigned char *buf = malloc(5 + bound);
    buf[0] = 'z';
    buf[1] = (unsigned char)(n >> 24);
    buf[2] = (unsigned char)(n >> 16);
    buf[3] = (unsigned char)(n >> 8);
    buf[4] = (unsigned char)n;
    compress2(buf + 5, &bound, (const Bytef *)t, (uLong)n, 6);
    *out_len = 5 + bound;
    return (char *)buf;
}

TEST(pack_uses_the_dictionary)
{
    const char *t = "Sak 12/2023 Godkjenning av innkalling og saksliste. Vedtak: Innkalling og "
                    "saksliste godkjennes. Referat fra forrige møte ble godkjent.";
    char *packed, *back, *old;
    size_t pl, bl, ol;
    CHECK(psg_pack(t, strlen(t), &packed, &pl) == PSG_OK);
    CHECK(packed[0] == 'd');
    old = pack_v1(t, &ol);
    /* Minutes' own phrases are in the dictionary: smaller than plain zlib. */
    CHECK(pl < ol);
    /* Both formats read back. */
    CHECK(psg_unpack(packed, pl, &back, &bl) == PSG_OK);
    CHECK_STR(back, t);
    free(back);
    CHECK(psg_unpack(old, ol, &back, &bl) == PSG_OK);
    CHECK_STR(back, t);
    free(back);
    /* A format-1 byte on a dictionary stream, or the reverse, is refused. */
    packed[0] = 'z';
    CHECK(psg_unpack(packed, pl, &back, &bl) == PSG_CORRUPT);
    old[0] = 'd';
    CHECK(psg_unpack(old, ol, &back, &bl) == PSG_CORRUPT);
    /* Trailing bytes after the stream are damage too. */
    packed[0] = 'd';
    char *longer = malloc(pl + 1);
    memcpy(longer, packed, pl);
    longer[pl] = 'x';
    CHECK(psg_unpack(longer, pl + 1, &back, &bl) == PSG_CORRUPT);
    free(longer);
    free(packed);
    free(old);
}

/* Text that does not compress (as packed it grows by zlib's framing and
 * the dictionary's id) still packs and reads back, at every size. */
TEST(pack_incompressible_text)
{
    uint32_t x = 12345;
    for (size_t n = 1; n <= 70000; n = n * 3 + 1) {
        char *t = malloc(n), *packed, *back;
        size_t pl, bl;
        for (size_t i = 0; i < n; i++) {
            x = x * 1664525u + 1013904223u;
            t[i] = (char)(x >> 24);
        }
        CHECK(psg_pack(t, n, &packed, &pl) == PSG_OK);
        CHECK(psg_unpack(packed, pl, &back, &bl) == PSG_OK && bl == n && memcmp(back, t, n) == 0);
        free(packed);
        free(back);
        free(t);
    }
}

TEST(snippet_highlights_densest_window)
{
    const char *t = "Innledning om mange ting. Senere kom rehabilitering opp, "
                    "og rehabilitering ble vedtatt som prioritet for neste år.";
    size_t a = (size_t)(strstr(t, "rehabilitering") - t);
    size_t b = (size_t)(strstr(t + a + 1, "rehabilitering") - t);
    psg_span_t sp[2] = { { a, a + 14 }, { b, b + 14 } };
    char *s = psg_snippet(t, strlen(t), sp, 2, 60, "[", "]");
    CHECK(s != NULL);
    CHECK(strstr(s, "[rehabilitering] opp, og [rehabilitering]") != NULL);
    CHECK(strncmp(s, "...", 3) == 0);
    free(s);
    /* No spans: the start of the text, cut at a word boundary. */
    s = psg_snippet(t, strlen(t), NULL, 0, 30, "[", "]");
    CHECK_STR(s, "Innledning om mange ting....");
    free(s);
    /* Whitespace is folded. */
    const char *w = "a\n\n  b\tc";
    s = psg_snippet(w, strlen(w), NULL, 0, 100, "<", ">");
    CHECK_STR(s, "a b c");
    free(s);
}

TEST(snippet_never_splits_utf8)
{
    char t[400];
    size_t o = 0;
    while (o + 2 < sizeof t - 1) {
        t[o++] = (char)0xC3;
        t[o++] = (char)0xA5; /* "å" with no spaces */
    }
    t[o] = '\0';
    psg_span_t sp = { 200, 204 };
    char *s = psg_snippet(t, o, &sp, 1, 51, "", "");
    CHECK(s != NULL);
    size_t n = strlen(s);
    CHECK(n > 6);
    /* Strip the "..." marks and check the rest is whole characters. */
    const char *core = s + (strncmp(s, "...", 3) == 0 ? 3 : 0);
    size_t cl = strlen(core);
    if (cl >= 3 && strcmp(core + cl - 3, "...") == 0)
        cl -= 3;
    CHECK(cl % 2 == 0);
    CHECK((unsigned char)core[0] == 0xC3);
    free(s);
}

/* 1 when psg_blank_junk blanks all of S. */
static int is_junk(const char *s)
{
    char *copy = strdup(s);
    psg_junk_t j;
    psg_blank_junk(copy, strlen(copy), &j);
    free(copy);
    return j.runs > 0 && j.empty;
}

TEST(junk_is_told_from_text)
{
    const char *nb = "Styret vedtok å be administrasjonen utrede pasientsikkerhetstiltak "
                     "i samarbeid med helseforetakene, og legge saken fram i neste møte.";
    const char *table = "2019 2020 2021 2022\n  412  398  455  501\n 12,5 13,1 14,0 15,2\n"
                        "Sum 1 366 totalt for perioden.";
    const char *b64 = "U3R5cmV0IHZlZHRvayDDpSBiZSBhZG1pbmlzdHJhc2pvbmVuIHV0cmVkZSBwYXNpZW50c2lr"
                      "a2VyaGV0c3RpbHRhayBpIHNhbWFyYmVpZCBtZWQgaGVsc2Vmb3JldGFrZW5lLCBvZyBsZWdn";
    const char *wrapped = "U3R5cmV0IHZlZHRvayDDpSBiZSBhZG1pbmlzdHJhc2pvbmVuIHV0cmVkZSBwYXNpZW50c2lr\n"
                          "a2VyaGV0c3RpbHRhayBpIHNhbWFyYmVpZCBtZWQgaGVsc2Vmb3JldGFrZW5lLCBvZyBsZWdn\n";
    const char *hexwords = "3f9a2c7e5b1d4f8a6c0e2b9d7f1a3c5e 8b0d2f4a6c8e0a2c4e6a8c0e2a4c6e8a "
                           "1b3d5f7a9c1e3a5c7e9a1c3e5a7c9e1a";
    char xs[200];
    memset(xs, 'x', sizeof xs - 1);
    xs[sizeof xs - 1] = '\0';
    CHECK(!is_junk(nb));
    CHECK(!is_junk(table));
    CHECK(is_junk(b64));
    CHECK(is_junk(wrapped));
    CHECK(is_junk(hexwords));
    CHECK(is_junk(xs));
    /* Too short to judge: kept. */
    CHECK(!is_junk("MRgFUS"));
    CHECK(!is_junk(""));
}

/* Prose around links and pasted data: only the data is blanked. */
TEST(junk_leaves_prose_and_links)
{
    const char *links =
        "Bakgrunn: Fagrådet drøftet rehabiliteringstilbudet.\n"
        "https://helse-x.sharepoint.com/sites/Fagraad/Shared%20Documents/Rehabilitering%20i%20"
        "spesialisthelsetjenesten%202024.docx\n"
        "https://www.helse-x.no/4f3e2d/contentassets/9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f/referat.pdf\n"
        "post.fagraad.rehabilitering.og.habilitering@helse-x.sharepoint.no\n";
    char buf[1024];
    snprintf(buf, sizeof buf, "%s", links);
    psg_junk_t j;
    psg_blank_junk(buf, strlen(buf), &j);
    CHECK(j.runs == 0 && j.bytes == 0 && !j.empty);
    CHECK(strcmp(buf, links) == 0);

    const char *b64 = "U3R5cmV0IHZlZHRvayDDpSBiZSBhZG1pbmlzdHJhc2pvbmVuIHV0cmVkZSBwYXNpZW50c2lr";
    snprintf(buf, sizeof buf, "Vedlegg:\n%s\n%s\nStyret tok saken til orientering.", b64, b64);
    size_t len = strlen(buf);
    psg_blank_junk(buf, len, &j);
    CHECK(j.runs == 1);
    CHECK(j.bytes == 2 * strlen(b64) + 1);
    CHECK(!j.empty && !j.first && !j.last);
    CHECK(strncmp(buf, "Vedlegg:\n", 9) == 0);
    CHECK(strstr(buf, "U3R5") == NULL);
    CHECK(strstr(buf, "Styret tok saken til orientering.") != NULL);
    CHECK(strlen(buf) == len && buf[9 + strlen(b64)] == '\n');

    /* A run at either end may go on in the passage before or after. */
    snprintf(buf, sizeof buf, "%s\nSlutt.\n%s %s\n", b64, b64, b64);
    psg_blank_junk(buf, strlen(buf), &j);
    CHECK(j.runs == 2 && j.first && j.last && !j.empty);
    CHECK(j.bytes == 3 * strlen(b64) + 1);

    /* Words glued by a lost space, or joined by '_' or '-' in a file
     * name, are text, however long. */
    const char *names[] = {
        "Udvalget godkendte engraviditetsdeltagersomforeslaetafsekretariatet.",
        "Se Referat_styremote_2024-03-12_endelig_versjon_signert i arkivet.",
        "Filen Handlingsplan-for-rehabilitering-2024-2027-HelseNordvest er ny.",
        "RehabiliteringOgHabiliteringITjenesten 2024",
    };
    for (size_t k = 0; k < sizeof names / sizeof *names; k++) {
        snprintf(buf, sizeof buf, "%s", names[k]);
        psg_blank_junk(buf, strlen(buf), &j);
        CHECK(j.runs == 0 && !j.empty && strcmp(buf, names[k]) == 0);
    }
    /* A GUID or a hash is data. */
    CHECK(is_junk("7e3f0b9d-1c5a-4e2f-8b6d-0a9c3e7f1b5d"));
    CHECK(is_junk("da58ccec40214ad48fca68e97b41ea5c"));
}

int main(void)
{
    RUN(empty_and_blank_input_give_no_passages);
    RUN(short_paragraphs_merge_until_min_words);
    RUN(passages_never_exceed_max_words);
    RUN(links_count_as_their_words);
    RUN(passages_stay_within_max_chars);
    RUN(one_huge_line_is_cut);
    RUN(offsets_lines_and_pages);
    RUN(pdf_style_lines_are_rejoined);
    RUN(agenda_headings_start_passages);
    RUN(agenda_lists_are_recognized);
    RUN(breaks_end_passages);
    RUN(control_bytes_do_not_break_text);
    RUN(pack_round_trip);
    RUN(unpack_rejects_damage);
    RUN(record_round_trip);
    RUN(record_round_trip_with_marks);
    RUN(record_of_format_5_reads_without_marks);
    RUN(record_rejects_bad_fields);
    RUN(pack_uses_the_dictionary);
    RUN(pack_incompressible_text);
    RUN(snippet_highlights_densest_window);
    RUN(snippet_never_splits_utf8);
    RUN(junk_is_told_from_text);
    RUN(junk_leaves_prose_and_links);
    return tap_done();
}
