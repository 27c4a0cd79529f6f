/* test_ana.c - the analysis pipeline: UTF-8, lower-casing, word
 * characters, tokenizer, stemmers, language guess and terms. */
#include "analysis/ana.h"
#include "analysis/ana_private.h"
#include "analysis/lexicon.h"
#include "tap.h"

#include <libstemmer.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* UTF-8                                                               */

TEST(utf8_decode_valid)
{
    static const struct { const char *s; size_t len; uint32_t cp; size_t n; } cases[] = {
        {"A", 1, 'A', 1},
        {"\0", 1, 0, 1},
        {"\xC2\x80", 2, 0x80, 2},
        {"\xC3\xA5", 2, 0xE5, 2},                  /* å */
        {"\xDF\xBF", 2, 0x7FF, 2},
        {"\xE0\xA0\x80", 3, 0x800, 3},
        {"\xE2\x82\xAC", 3, 0x20AC, 3},            /* € */
        {"\xED\x9F\xBF", 3, 0xD7FF, 3},            /* just below the surrogates */
        {"\xEE\x80\x80", 3, 0xE000, 3},            /* just above them */
        {"\xEF\xBF\xBD", 3, 0xFFFD, 3},            /* a genuine U+FFFD */
        {"\xF0\x90\x80\x80", 4, 0x10000, 4},
        {"\xF0\x9F\x98\x80", 4, 0x1F600, 4},
        {"\xF4\x8F\xBF\xBF", 4, 0x10FFFF, 4},
        {"\xC3\xA5xyz", 5, 0xE5, 2},               /* stops after one code point */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint32_t cp = 0;
        size_t n = ana_utf8_decode(cases[i].s, cases[i].len, &cp);
        if (cp != cases[i].cp || n != cases[i].n)
            printf("#   case %zu: got U+%04X/%zu\n", i, (unsigned)cp, n);
        CHECK(cp == cases[i].cp);
        CHECK(n == cases[i].n);
    }
}

TEST(utf8_decode_invalid_gives_fffd_and_one_byte)
{
    static const struct { const char *s; size_t len; } cases[] = {
        {"\x80", 1}, {"\xBF", 1},                          /* stray continuation */
        {"\xC0\xAF", 2}, {"\xC1\xBF", 2},                  /* overlong 2-byte */
        {"\xE0\x80\xAF", 3}, {"\xE0\x9F\xBF", 3},          /* overlong 3-byte */
        {"\xF0\x80\x80\xAF", 4}, {"\xF0\x8F\xBF\xBF", 4},  /* overlong 4-byte */
        {"\xED\xA0\x80", 3}, {"\xED\xBF\xBF", 3},          /* surrogates */
        {"\xF4\x90\x80\x80", 4}, {"\xF5\x80\x80\x80", 4},  /* above U+10FFFF */
        {"\xF8\x88\x80\x80\x80", 5}, {"\xFE", 1}, {"\xFF", 1},
        {"\xC3", 1}, {"\xE2\x82", 2}, {"\xF0\x9F\x98", 3}, /* truncated */
        {"\xC3\xA5", 1},                                   /* cut short by LEN */
        {"\xC3\x41", 2}, {"\xE2\x28\xA1", 3}, {"\xE2\x82\x28", 3},
        {"\xF0\x9F\x28\x80", 4}, {"\xF0\x9F\x98\xC0", 4},  /* bad continuation */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint32_t cp = 0;
        size_t n = ana_utf8_decode(cases[i].s, cases[i].len, &cp);
        if (cp != 0xFFFD || n != 1)
            printf("#   case %zu: got U+%04X/%zu\n", i, (unsigned)cp, n);
        CHECK(cp == 0xFFFD);
        CHECK(n == 1);
    }
}

TEST(utf8_encode_round_trips_every_code_point)
{
    char buf[4];
    size_t bad = 0;

    for (uint32_t cp = 0; cp <= 0x10FFFF; cp++) {
        uint32_t back;
        size_t n, m;
        if (cp >= 0xD800 && cp <= 0xDFFF)
            continue;
        n = ana_utf8_encode(cp, buf);
        m = ana_utf8_decode(buf, n, &back);
        if (m != n || back != cp || n != (size_t)(cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4))
            bad++;
    }
    CHECK(bad == 0);
}

TEST(utf8_encode_invalid_gives_fffd)
{
    static const uint32_t bad[] = {0xD800, 0xDBFF, 0xDC00, 0xDFFF, 0x110000, 0xFFFFFFFF};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char buf[4];
        CHECK(ana_utf8_encode(bad[i], buf) == 3);
        CHECK(memcmp(buf, "\xEF\xBF\xBD", 3) == 0);
    }
}

TEST(utf8_check_finds_first_invalid_byte)
{
    static const struct { const char *s; size_t len, want; } cases[] = {
        {"", 0, 0},
        {"plain ascii", 11, 11},
        {"M\xC3\xB8te \xE2\x80\x93 \xF0\x9F\x98\x80", 14, 14},
        {"M\xC3\xB8te \xE2\x80\x93 \xF0\x9F\x98\x80", 13, 10},   /* LEN cuts the emoji */
        {"abc\xFF" "def", 7, 3},
        {"\xC3\xA5\xC3", 3, 2},                    /* truncated at the end */
        {"\x80" "abc", 4, 0},
        {"ok\xED\xA0\x80", 5, 2},                  /* surrogate */
        {"ok\xC0\xAF", 4, 2},                      /* overlong */
        {"\xEF\xBF\xBD" "x", 4, 4},                /* a real U+FFFD is valid */
        {"a\0b", 3, 3},                            /* NUL is valid UTF-8 */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t got = ana_utf8_check(cases[i].s, cases[i].len);
        if (got != cases[i].want)
            printf("#   case %zu: got %zu want %zu\n", i, got, cases[i].want);
        CHECK(got == cases[i].want);
    }
}

/* ------------------------------------------------------------------ */
/* Characters                                                          */

TEST(lower_maps_latin_greek_cyrillic)
{
    static const uint32_t pairs[][2] = {
        {'A', 'a'}, {'Z', 'z'}, {'a', 'a'}, {'1', '1'}, {'@', '@'},
        {0xC6, 0xE6}, {0xD8, 0xF8}, {0xC5, 0xE5},         /* Æ Ø Å */
        {0xC4, 0xE4}, {0xD6, 0xF6}, {0xDC, 0xFC},         /* Ä Ö Ü */
        {0xC9, 0xE9}, {0xC8, 0xE8}, {0xDE, 0xFE},         /* É È Þ */
        {0xD7, 0xD7}, {0xDF, 0xDF}, {0xE6, 0xE6},         /* × ß æ stay */
        {0x132, 0x133}, {0x152, 0x153}, {0x141, 0x142},   /* Ĳ Œ Ł */
        {0x17D, 0x17E}, {0x10C, 0x10D}, {0x139, 0x13A},   /* Ž Č Ĺ */
        {0x130, 'i'}, {0x178, 0xFF}, {0x131, 0x131},      /* İ Ÿ ı */
        {0x138, 0x138}, {0x149, 0x149}, {0x17F, 0x17F},   /* ĸ ŉ ſ stay */
        {0x18F, 0x259}, {0x1C4, 0x1C6}, {0x1C5, 0x1C6},   /* Ə Ǆ ǅ */
        {0x1CD, 0x1CE}, {0x1E2, 0x1E3}, {0x218, 0x219},   /* Ǎ Ǣ Ș */
        {0x391, 0x3B1}, {0x3A3, 0x3C3}, {0x3A9, 0x3C9},   /* Α Σ Ω */
        {0x386, 0x3AC}, {0x38F, 0x3CE}, {0x3C2, 0x3C2},   /* Ά Ώ ς */
        {0x410, 0x430}, {0x42F, 0x44F}, {0x401, 0x451},   /* А Я Ё */
        {0x462, 0x463}, {0x4C1, 0x4C2}, {0x4D8, 0x4D9},   /* Ѣ Ӂ Ә */
        {0x4E2D, 0x4E2D}, {0x1F600, 0x1F600},
    };
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        uint32_t got = ana_lower(pairs[i][0]);
        if (got != pairs[i][1])
            printf("#   U+%04X -> U+%04X, want U+%04X\n", (unsigned)pairs[i][0],
                   (unsigned)got, (unsigned)pairs[i][1]);
        CHECK(got == pairs[i][1]);
    }
}

TEST(lower_is_idempotent_in_covered_blocks)
{
    size_t bad = 0;
    for (uint32_t cp = 0; cp < 0x530; cp++)
        if (ana_lower(ana_lower(cp)) != ana_lower(cp))
            bad++;
    CHECK(bad == 0);
}

TEST(word_chars)
{
    static const uint32_t yes[] = {
        'a', 'Z', '0', '9', 0xE6, 0xF8, 0xE5, 0xC5, 0xDF, 0xFF,
        0xAA, 0xB5, 0xBA,                          /* ª µ º */
        0x133, 0x1C6, 0x250, 0x259, 0x2B0,         /* ĳ ǆ ɐ ə ʰ */
        0x300, 0x308, 0x30A, 0x36F,                /* combining marks */
        0x3B1, 0x3C9, 0x430, 0x44F, 0x5D0, 0x627, 0x661, 0x4E2D, 0x3042,
        0xFB01, 0xFF21, 0x1D400,
    };
    static const uint32_t no[] = {
        ' ', '\t', '\n', 0, '-', '.', '/', ',', ':', '\'', '@', '&', 0x7F,
        0x85, 0xA0, 0xA7, 0xAB, 0xAD, 0xB0, 0xB2, 0xBB, 0xBF,  /* NBSP § « SHY ° ² » ¿ */
        0xD7, 0xF7, 0x2BC, 0x2C6,                  /* × ÷ ʼ ˆ */
        0x37E, 0x387, 0x2010, 0x2013, 0x2014, 0x2019, 0x201C, 0x2022, 0x2026,
        0x20AC, 0x2122, 0x2192, 0x2212, 0x25AA, 0x2713, 0x3000, 0x3001,
        0xE000, 0xFE0F, 0xFEFF, 0xFF0C, 0xFFFD, 0xFFFF, 0x1F600, 0x1F44D,
        0xE0001, 0x10FFFF, 0x110000,
    };
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
        if (!ana_is_word_char(yes[i]))
            printf("#   U+%04X should be a word char\n", (unsigned)yes[i]);
        CHECK(ana_is_word_char(yes[i]));
    }
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++) {
        if (ana_is_word_char(no[i]))
            printf("#   U+%04X should not be a word char\n", (unsigned)no[i]);
        CHECK(!ana_is_word_char(no[i]));
    }
}

TEST(static_tables_are_sorted)
{
    CHECK(ana_unicode_tables_sorted());
    CHECK(ana_compose_table_sorted());
    CHECK(ana_lang_table_sorted());
}

TEST(compose_common_pairs)
{
    static const uint32_t cases[][3] = {
        {'a', 0x30A, 0xE5}, {'u', 0x30A, 0x16F},              /* å ů */
        {'a', 0x308, 0xE4}, {'o', 0x308, 0xF6}, {'u', 0x308, 0xFC},
        {'e', 0x308, 0xEB}, {'i', 0x308, 0xEF},               /* ä ö ü ë ï */
        {'e', 0x301, 0xE9}, {'a', 0x301, 0xE1}, {'o', 0x301, 0xF3},
        {'e', 0x300, 0xE8}, {'n', 0x303, 0xF1}, {'c', 0x327, 0xE7},
        {'s', 0x30C, 0x161}, {0xF8, 0x301, 0x1FF},            /* š ǿ */
        {'i', 0x307, 'i'},                                    /* İ lower-cased */
        {'x', 0x301, 0}, {'a', 0x20, 0}, {'q', 0x30A, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        CHECK(ana_compose(cases[i][0], cases[i][1]) == cases[i][2]);
}

/* ------------------------------------------------------------------ */
/* Tokenizer                                                           */

/* Formats tokens as "word[start,end]FLAGS ..." with flags N J U. */
typedef struct {
    char out[4096];
    size_t n;
    uint32_t next_pos;
    int pos_ok;
} fmt_t;

static int fmt_token(void *ctx, const ana_token_t *t)
{
    fmt_t *f = ctx;

    if (t->pos != f->next_pos || strlen(t->word) != t->word_len)
        f->pos_ok = 0;
    f->next_pos = t->pos + 1;
    f->n += (size_t)snprintf(f->out + f->n, sizeof f->out - f->n, "%s%s[%zu,%zu]%s%s%s",
                             f->n ? " " : "", t->word, t->start, t->end,
                             (t->flags & ANA_TOK_NUMERIC) ? "N" : "",
                             (t->flags & ANA_TOK_JOINED) ? "J" : "",
                             (t->flags & ANA_TOK_UPPER) ? "U" : "");
    return 0;
}

static const char *toks(const char *s, size_t len)
{
    static fmt_t f;
    memset(&f, 0, sizeof f);
    f.next_pos = 1;
    f.pos_ok = 1;
    ana_tokenize(s, len, 1, fmt_token, &f);
    CHECK(f.pos_ok);
    return f.out;
}

#define TOKS(s) toks((s), sizeof(s) - 1)

TEST(tokenize_joined_words)
{
    CHECK_STR(TOKS("MRg-FUS"), "mrg-fus[0,7]JU");
    CHECK_STR(TOKS("Euro-NMD"), "euro-nmd[0,8]JU");
    CHECK_STR(TOKS("22/2023"), "22/2023[0,7]NJ");
    CHECK_STR(TOKS("sak11/2022"), "sak11/2022[0,10]J");
    CHECK_STR(TOKS("Sak 19/2023 Godkjenning"), "sak[0,3] 19/2023[4,11]NJ godkjenning[12,23]");
    CHECK_STR(TOKS("ERN Euro-NMD gruppen"), "ern[0,3]U euro-nmd[4,12]JU gruppen[13,20]");
    CHECK_STR(TOKS("covid\xE2\x80\x91" "19"), "covid-19[0,10]J");   /* U+2011 */
    CHECK_STR(TOKS("2023\xE2\x80\x93" "2024"), "2023[0,4]N 2024[7,11]N");  /* en dash */
    CHECK_STR(TOKS("a--b -c- d/ /e x-/y"), "a[0,1] b[3,4] c[6,7] d[9,10] e[13,14] x[15,16] y[18,19]");
}

TEST(tokenize_line_end_hyphens_are_not_internal)
{
    CHECK_STR(TOKS("neu-\nromodulation"), "neu[0,3] romodulation[5,17]");
    CHECK_STR(TOKS("nasjonale- og internasjonale"), "nasjonale[0,9] og[11,13] internasjonale[14,28]");
    CHECK_STR(TOKS("slutt-"), "slutt[0,5]");
}

TEST(tokenize_dots_join_only_digits)
{
    CHECK_STR(TOKS("15.11.23"), "15.11.23[0,8]NJ");
    CHECK_STR(TOKS("versjon 3.2."), "versjon[0,7] 3.2[8,11]NJ");
    CHECK_STR(TOKS("ila. 2023"), "ila[0,3] 2023[5,9]N");
    CHECK_STR(TOKS("slutt.Neste"), "slutt[0,5] neste[6,11]");
    CHECK_STR(TOKS("bl.a. m.v."), "bl[0,2] a[3,4] m[6,7] v[8,9]");
    CHECK_STR(TOKS("k1.13:00-15:00"), "k1.13[0,5]J 00-15[6,11]NJ 00[12,14]N");
}

TEST(tokenize_lowercases_nordic_letters)
{
    CHECK_STR(TOKS("\xC3\x98stern"), "\xC3\xB8stern[0,7]");                 /* Østern */
    CHECK_STR(TOKS("\xC3\x86R\xC3\x98"), "\xC3\xA6r\xC3\xB8[0,5]U");        /* ÆRØ */
    CHECK_STR(TOKS("\xC3\x85RSRAPPORT"), "\xC3\xA5rsrapport[0,11]U");       /* ÅRSRAPPORT */
    CHECK_STR(TOKS("\xC4\xB0stanbul"), "istanbul[0,9]");                    /* İstanbul */
    CHECK_STR(TOKS("\xCE\x91\xCE\x98\xCE\x97\xCE\x9D\xCE\x91 \xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0"),
              "\xCE\xB1\xCE\xB8\xCE\xB7\xCE\xBD\xCE\xB1[0,10]U "
              "\xD0\xBC\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0[11,23]");       /* ΑΘΗΝΑ Москва */
}

TEST(tokenize_composes_combining_marks)
{
    CHECK_STR(TOKS("Senterra\xCC\x8A" "det"), "senterr\xC3\xA5" "det[0,13]");
    CHECK_STR(TOKS("A\xCC\x8ARHUS"), "\xC3\xA5rhus[0,7]U");
    CHECK_STR(TOKS("o\xCC\x88 u\xCC\x88 e\xCC\x81 e\xCC\x80 a\xCC\x88"),
              "\xC3\xB6[0,3] \xC3\xBC[4,7] \xC3\xA9[8,11] \xC3\xA8[12,15] \xC3\xA4[16,19]");
    CHECK_STR(TOKS("I\xCC\x87"), "i[0,3]");
    /* No precomposed form: the mark stays in the word. */
    CHECK_STR(TOKS("x\xCC\x81y"), "x\xCC\x81y[0,4]");
    /* A mark after a joiner has no letter to join. */
    CHECK_STR(TOKS("a-\xCC\x8A"), "a-\xCC\x8A[0,4]J");
}

TEST(tokenize_drops_soft_hyphens_inside_words)
{
    CHECK_STR(TOKS("be\xC2\xADhand\xC2\xADling"), "behandling[0,14]");
    CHECK_STR(TOKS("ord\xC2\xAD slutt"), "ord[0,3] slutt[6,11]");
    CHECK_STR(TOKS("\xC2\xAD" "ord"), "ord[2,5]");
    CHECK_STR(TOKS("\xEF\xAC\x81nans\xC2\xADiering"), "finansiering[0,15]");   /* ﬁ ligature */
}

TEST(tokenize_separators_and_invalid_bytes)
{
    CHECK_STR(TOKS(""), "");
    CHECK_STR(TOKS(" \t\n.,;:!?()"), "");
    CHECK_STR(TOKS("\xFF\xFE\x80\xC0\xC3"), "");
    CHECK_STR(TOKS("ab\xFF" "cd\xC3"), "ab[0,2] cd[3,5]");
    CHECK_STR(TOKS("a\0b"), "a[0,1] b[2,3]");
    CHECK_STR(TOKS("\xC2\xAB" "Det\xC2\xBB (NMK)"), "det[2,5] nmk[9,12]U");
    /* '@' before a letter is an OCR-damaged Ø, so it stays in the word,
     * except in an e-mail address. */
    CHECK_STR(TOKS("NFB's e-post: post@nmk.no"), "nfb[0,3]U s[4,5] e-post[6,12]J post[14,18] nmk[19,22] no[23,25]");
    CHECK_STR(TOKS("Sj@lland. muliggj@r HS@, @rstavik"),
              "sj@lland[0,8] muliggj@r[10,19] hs[20,22]U @rstavik[25,33]");
    CHECK_STR(TOKS("m@der.Sekretariatet h@sten.Det"),
              "m@der[0,5] sekretariatet[6,19] h@sten[20,26] det[27,30]");
    CHECK_STR(TOKS("\xE2\x96\xAA punkt \xE2\x80\xA2 neste"), "punkt[4,9] neste[14,19]");
    CHECK_STR(TOKS("\xEF\xBB\xBF" "Referat"), "referat[3,10]");     /* BOM */
}

TEST(tokenize_urls_and_email_addresses)
{
    /* '/' separates a URL's words, percent escapes decode, trailing
     * punctuation is no part of it. */
    CHECK_STR(TOKS("https://helse-x.sharepoint.com/sites/Fagraad/Rehabilitering.docx"),
              "https[0,5] helse-x[8,15]J sharepoint[16,26] com[27,30] sites[31,36] fagraad[37,44] "
              "rehabilitering[45,59] docx[60,64]");
    CHECK_STR(TOKS("(www.unn.no/fagr%C3%A5d%20m%C3%B8te)."),
              "www[1,4] unn[5,8] no[9,11] fagr\xC3\xA5" "d[12,23] m\xC3\xB8te[26,35]");
    CHECK_STR(TOKS("HTTP://X.NO/Senterra%CC%8Adet/%ZZ%2"),
              "http[0,4]U x[7,8] no[9,11]U senterr\xC3\xA5" "det[12,29] zz[31,33]U 2[34,35]N");
    /* Outside a URL '/' joins and '%' separates, as before. */
    CHECK_STR(TOKS("sak 22/2023 og 20%20"), "sak[0,3] 22/2023[4,11]NJ og[12,14] 20[15,17]N 20[18,20]N");
    CHECK_STR(TOKS("post.fagrad@helse-x.no, a@b"),
              "post[0,4] fagrad[5,11] helse-x[12,19]J no[20,22] a@b[24,27]");
}

TEST(tokenize_positions_and_early_stop)
{
    fmt_t f;
    memset(&f, 0, sizeof f);
    f.next_pos = 10;
    f.pos_ok = 1;
    CHECK(ana_tokenize("a b c", 5, 10, fmt_token, &f) == 13);
    CHECK(f.pos_ok);
    CHECK(ana_tokenize("", 0, 7, fmt_token, &f) == 7);
    CHECK(ana_tokenize(NULL, 5, 4, fmt_token, &f) == 4);
}

static int stop_at_second(void *ctx, const ana_token_t *t)
{
    int *seen = ctx;
    (*seen)++;
    return t->pos == 2;
}

TEST(tokenize_callback_can_stop)
{
    int seen = 0;
    CHECK(ana_tokenize("en to tre fire", 14, 1, stop_at_second, &seen) == 0);
    CHECK(seen == 2);
}

/* Checks the invariants of every token of TEXT and returns the count. */
typedef struct {
    const char *text;
    size_t len, last_end, count;
    int ok;
} inv_t;

static int check_token(void *ctx, const ana_token_t *t)
{
    inv_t *v = ctx;

    if (t->start < v->last_end || t->start >= t->end || t->end > v->len ||
        t->word_len == 0 || t->word_len > ANA_MAX_WORD || strlen(t->word) != t->word_len ||
        ana_utf8_check(t->word, t->word_len) != t->word_len ||
        strchr("-/.", t->word[0]) || strchr("-/.", t->word[t->word_len - 1]))
        v->ok = 0;
    v->last_end = t->end;
    v->count++;
    return 0;
}

static size_t check_tokens(const char *text, size_t len, int *ok)
{
    inv_t v = {text, len, 0, 0, 1};
    ana_tokenize(text, len, 1, check_token, &v);
    *ok = v.ok;
    return v.count;
}

TEST(tokenize_cuts_long_tokens)
{
    char buf[1024];
    int ok;

    /* 300 ASCII letters: one token spanning the run, word cut to 120. */
    memset(buf, 'a', 300);
    CHECK(check_tokens(buf, 300, &ok) == 1);
    CHECK(ok);
    CHECK_STR(toks(buf, 300), "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa[0,300]");
    /* "a" then 100 × "å": the cut never splits a character. */
    buf[0] = 'a';
    for (int i = 0; i < 100; i++)
        memcpy(buf + 1 + 2 * i, "\xC3\xA5", 2);
    CHECK(check_tokens(buf, 201, &ok) == 1);
    CHECK(ok);
    /* 200 × "ab-" then "x": the cut word never ends in a joiner. */
    for (int i = 0; i < 200; i++)
        memcpy(buf + 3 * i, "ab-", 3);
    buf[600] = 'x';
    CHECK(check_tokens(buf, 601, &ok) == 1);
    CHECK(ok);
}

/* A fixed pseudo-random generator, so failures reproduce. */
static uint32_t rng_state = 12345;
static uint32_t rng(void)
{
    rng_state = rng_state * 1103515245u + 12345u;
    return rng_state >> 8;
}

/* Random text from fragments chosen to hit the tokenizer's edge cases. */
static size_t random_text(char *buf, size_t cap)
{
    static const char *const frag[] = {
        "a", "Z", "9", "\xC3\xB8", "\xC3\x85", "-", "/", ".", " ", "\n",
        "\xC2\xAD", "\xCC\x8A", "\xCC\x81", "\xFF", "\xC3", "\xE2\x80\x91",
        "\xEF\xAC\x81", "\xF0\x9F\x98\x80", "MRg", "22", "\xE2\x80\x93", "\0",
    };
    size_t n = 0, nf = sizeof frag / sizeof frag[0];
    while (n + 8 < cap) {
        const char *f = frag[rng() % nf];
        size_t l = f[0] ? strlen(f) : 1;
        memcpy(buf + n, f, l);
        n += l;
    }
    return n;
}

TEST(tokenize_random_text_keeps_invariants)
{
    static char buf[8192];
    int all_ok = 1;

    for (int round = 0; round < 200; round++) {
        size_t len = random_text(buf, 16 + rng() % (sizeof buf - 16));
        int ok;
        check_tokens(buf, len, &ok);
        all_ok &= ok;
    }
    CHECK(all_ok);
}

/* ------------------------------------------------------------------ */
/* Stemmers                                                            */

TEST(stems_from_libstemmer)
{
    static const struct { ana_lang_t lang; const char *word, *stem; } cases[] = {
        {ANA_LANG_NB, "rehabiliteringen", "rehabilitering"},
        {ANA_LANG_NB, "pasientene", "pasient"},
        {ANA_LANG_NN, "barna", "barn"},
        {ANA_LANG_UNKNOWN, "sykehusene", "sykehus"},
        {ANA_LANG_DA, "behandlingen", "behandling"},
        {ANA_LANG_DA, "kommunerne", "kommun"},
        {ANA_LANG_DA, "m\xC3\xB8" "derne", "m\xC3\xB8" "d"},
        {ANA_LANG_EN, "running", "run"},
        {ANA_LANG_NB, "og", "og"},
    };
    ana_t *a = ana_new();
    CHECK(a != NULL);
    if (!a)
        return;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t len = 99;
        const char *s = ana_stem(a, cases[i].lang, cases[i].word, strlen(cases[i].word), &len);
        CHECK_STR(s, cases[i].stem);
        CHECK(len == strlen(cases[i].stem));
    }
    ana_free(a);
    ana_free(NULL);
}

TEST(stem_is_copied_out_of_libstemmer)
{
    ana_t *a = ana_new();
    char first[64];
    const char *s;

    if (!a) {
        CHECK(a != NULL);
        return;
    }
    s = ana_stem(a, ANA_LANG_NB, "pasientene", 10, NULL);
    CHECK(s != NULL && strlen(s) < sizeof first);
    strcpy(first, s ? s : "");
    s = ana_stem(a, ANA_LANG_NB, "rehabiliteringen", 16, NULL);
    CHECK_STR(first, "pasient");
    CHECK_STR(s, "rehabilitering");
    ana_free(a);
}

/* The remembered stems move to a larger table after as many stores as
 * the first one has slots: every stem, before and after the move and
 * read back from either table, is libstemmer's own. */
TEST(remembered_stems_survive_the_table_growing)
{
    ana_t *a = ana_new();
    struct sb_stemmer *sb = sb_stemmer_new("norwegian", NULL);
    int bad = 0;

    if (!a || !sb) {
        CHECK(a != NULL && sb != NULL);
        ana_free(a);
        sb_stemmer_delete(sb);
        return;
    }
    for (int round = 0; round < 3; round++) {
        for (int i = 0; i < 3000; i++) {
            char w[32];
            int n = snprintf(w, sizeof w, "%s%dsykehusene", i % 2 ? "vurdering" : "pasient", i);
            size_t len = 0;
            const char *s = ana_stem(a, ANA_LANG_NB, w, (size_t)n, &len);
            const sb_symbol *want = sb_stemmer_stem(sb, (const sb_symbol *)w, n);
            if (!s || !want || len != (size_t)sb_stemmer_length(sb) || memcmp(s, want, len) != 0)
                bad++;
        }
    }
    CHECK(bad == 0);
    sb_stemmer_delete(sb);
    ana_free(a);
}

/* ------------------------------------------------------------------ */
/* Languages                                                           */

TEST(lang_codes_round_trip)
{
    for (int i = 0; i < ANA_LANG_COUNT; i++)
        CHECK(ana_lang_from_code(ana_lang_code((ana_lang_t)i)) == (ana_lang_t)i);
    CHECK_STR(ana_lang_code(ANA_LANG_NB), "nb");
    CHECK_STR(ana_lang_code(ANA_LANG_NN), "nn");
    CHECK_STR(ana_lang_code(ANA_LANG_DA), "da");
    CHECK_STR(ana_lang_code(ANA_LANG_EN), "en");
    CHECK_STR(ana_lang_code(ANA_LANG_UNKNOWN), "und");
    CHECK_STR(ana_lang_code(ANA_LANG_COUNT), "und");
    CHECK(ana_lang_from_code("DA") == ANA_LANG_DA);
    CHECK(ana_lang_from_code("Nn") == ANA_LANG_NN);
    CHECK(ana_lang_from_code("no") == ANA_LANG_UNKNOWN);
    CHECK(ana_lang_from_code("") == ANA_LANG_UNKNOWN);
    CHECK(ana_lang_from_code(NULL) == ANA_LANG_UNKNOWN);
}

static ana_lang_t guess(const char *s)
{
    return ana_guess_lang(s, strlen(s));
}

TEST(guess_language_of_paragraphs)
{
    static const struct { ana_lang_t want; const char *text; } cases[] = {
        {ANA_LANG_NB, "Styret dr\xC3\xB8" "ftet budsjettet for neste \xC3\xA5r. Det ble enighet om at "
                      "arbeidet med den nye strategien skal videref\xC3\xB8res, men det er ikke avklart "
                      "hvordan kostnadene skal fordeles mellom helseforetakene. Leder av utvalget "
                      "orienterte om status etter forrige m\xC3\xB8te."},
        {ANA_LANG_NB, "Saken ble tatt til orientering. Mange pasienter venter fortsatt for lenge "
                      "p\xC3\xA5 behandling, og noen av dem blir sendt hjem uten et tilbud. Vi m\xC3\xA5 "
                      "f\xC3\xA5 mer kunnskap om hva som virker."},
        /* Norwegian with OCR damage: \xC3\xB8 and \xC3\xA5 are gone. */
        {ANA_LANG_NB, "Senterrddet har ingen stgrre innspill til saken, men det er gnskelig a fa "
                      "mer informasjon om arbeidet etter mgtet. Det ble enighet om 8 folge opp "
                      "saken pa neste mgte."},
        {ANA_LANG_NN, "Styret dr\xC3\xB8" "fta budsjettet for neste \xC3\xA5r. Det vart semje om at "
                      "arbeidet med den nye strategien skal halde fram, men det er ikkje avklart "
                      "korleis kostnadene skal fordelast mellom helsef\xC3\xB8retaka. Leiaren av "
                      "utvalet orienterte om status etter f\xC3\xB8rre m\xC3\xB8te."},
        {ANA_LANG_NN, "Mange pasientar ventar framleis for lenge p\xC3\xA5 behandling, og nokre av "
                      "dei blir sende heim utan eit tilbod. Eg meiner vi m\xC3\xA5 f\xC3\xA5 meir "
                      "kunnskap om kva som verkar, og det er berre mogleg dersom fagmilj\xC3\xB8" "a "
                      "arbeider saman."},
        {ANA_LANG_DA, "Bestyrelsen dr\xC3\xB8" "ftede budgettet for n\xC3\xA6ste \xC3\xA5r. Der var "
                      "enighed om, at arbejdet med den nye strategi skal videref\xC3\xB8res, men det "
                      "er ikke afklaret, hvordan udgifterne skal fordeles mellem regionerne. "
                      "Formanden for udvalget orienterede om status efter sidste m\xC3\xB8" "de."},
        {ANA_LANG_DA, "Mange patienter venter fortsat for l\xC3\xA6nge p\xC3\xA5 behandling, og "
                      "nogle af dem bliver sendt hjem uden et tilbud. Vi skal have mere viden om, "
                      "hvad der virker, og det blev besluttet at f\xC3\xB8lge op p\xC3\xA5 sagen."},
        /* Danish from a PDF: a blank line after every line, a broken word. */
        {ANA_LANG_DA, "Udvalget dr\xC3\xB8" "ftede status for behandling af \n\n"
                      "patienter med neu-\n\nromodulation, og der blev \n\n"
                      "givet en orientering om arbejdet efter m\xC3\xB8" "det. \n\n"},
        {ANA_LANG_EN, "The board discussed the budget for next year. It was agreed that the work "
                      "on the new strategy should continue, but it is not yet clear how the costs "
                      "will be shared between the regions."},
        {ANA_LANG_EN, "Many patients still wait too long for treatment, and some of them are sent "
                      "home without an offer. We need more knowledge of what works, and this will "
                      "be followed up at the next meeting."},
        {ANA_LANG_UNKNOWN, "12 34"},
        {ANA_LANG_UNKNOWN, ""},
        {ANA_LANG_UNKNOWN, "NMK EMAN NKSD 2023"},
        {ANA_LANG_UNKNOWN, "og det er"},                 /* shared words only */
        {ANA_LANG_UNKNOWN, "ikke en del"},               /* too few markers */
        {ANA_LANG_UNKNOWN, "ikke en del fra de"},        /* Bokm\xC3\xA5l and Danish tie */
        {ANA_LANG_UNKNOWN, "\xFF\xFE\xFD"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ana_lang_t got = guess(cases[i].text);
        if (got != cases[i].want)
            printf("#   case %zu: got %s want %s\n", i, ana_lang_code(got), ana_lang_code(cases[i].want));
        CHECK(got == cases[i].want);
    }
    CHECK(ana_guess_lang(NULL, 10) == ANA_LANG_UNKNOWN);
}

TEST(guess_nb_nn_tie_is_bokmal)
{
    /* Only markers Bokm\xC3\xA5l and Nynorsk share. */
    CHECK(guess("av etter mellom mot") == ANA_LANG_NB);
}

/* ------------------------------------------------------------------ */
/* Pipeline                                                            */

/* Formats terms as "term", "Zstem:lang", "part@s-e", "=squashed", with
 * "|" between tokens, and checks the invariants of every term. */
typedef struct {
    char out[8192];
    size_t n;
    uint32_t pos;
    size_t len;
    int ok, stop_after;
    size_t count;
} terms_t;

static int fmt_term(void *ctx, const ana_term_t *t)
{
    terms_t *f = ctx;
    const char *sep = f->n == 0 ? "" : (t->pos != f->pos ? " | " : " ");

    if (t->len == 0 || t->len > 240 || strlen(t->term) != t->len ||
        ana_utf8_check(t->term, t->len) != t->len || t->start >= t->end || t->end > f->len ||
        t->pos != t->token->pos || t->start < t->token->start || t->end > t->token->end ||
        (t->kind == ANA_TERM_STEM && t->term[0] != 'Z') ||
        (t->kind == ANA_TERM_FOLDED && t->term[0] != 'Z' && t->term[0] != 'V') ||
        (t->kind == ANA_TERM_COMPOUND && t->term[0] != 'K' && t->term[0] != 'Z') ||
        (t->term[0] >= 'A' && t->term[0] <= 'Z' && !strchr("ZVKXH", t->term[0])))
        f->ok = 0;
    f->pos = t->pos;
    f->count++;
    /* The Norwegian-Danish key has its own test; leaving it out keeps the
     * expected strings readable. */
    if (t->kind == ANA_TERM_CROSS)
        return 0;
    if (f->n < sizeof f->out - 300) {
        switch (t->kind) {
        case ANA_TERM_STEM:
            f->n += (size_t)snprintf(f->out + f->n, sizeof f->out - f->n, "%s%s:%s", sep, t->term,
                                     ana_lang_code(t->lang));
            break;
        case ANA_TERM_PART:
            f->n += (size_t)snprintf(f->out + f->n, sizeof f->out - f->n, "%s%s@%zu-%zu", sep,
                                     t->term, t->start, t->end);
            break;
        case ANA_TERM_SQUASHED:
            f->n += (size_t)snprintf(f->out + f->n, sizeof f->out - f->n, "%s=%s", sep, t->term);
            break;
        default:
            f->n += (size_t)snprintf(f->out + f->n, sizeof f->out - f->n, "%s%s", sep, t->term);
            break;
        }
    }
    return f->stop_after && f->count >= (size_t)f->stop_after;
}

static const char *terms(ana_t *a, ana_mode_t mode, ana_lang_t lang, const char *s)
{
    static terms_t f;
    memset(&f, 0, sizeof f);
    f.ok = 1;
    f.len = strlen(s);
    CHECK(ana_analyze(a, mode, lang, s, f.len, 1, fmt_term, &f) != 0);
    CHECK(f.ok);
    return f.out;
}

TEST(document_mode_stems_in_one_language)
{
    ana_t *a = ana_new();
    if (!a) {
        CHECK(a != NULL);
        return;
    }
    CHECK_STR(terms(a, ANA_MODE_DOCUMENT, ANA_LANG_NB, "Rehabiliteringen av pasientene"),
              "rehabiliteringen Zrehabilitering:nb | av | pasientene Zpasient:nb");
    CHECK_STR(terms(a, ANA_MODE_DOCUMENT, ANA_LANG_DA, "kommunerne"),
              "kommunerne Zkommun:da");
    CHECK_STR(terms(a, ANA_MODE_DOCUMENT, ANA_LANG_NN, "kommunerne"),
              "kommunerne Zkommunern:nn");
    CHECK_STR(terms(a, ANA_MODE_DOCUMENT, ANA_LANG_UNKNOWN, "kommunerne"),
              "kommunerne Zkommunern:nb");
    CHECK_STR(terms(a, ANA_MODE_DOCUMENT, ANA_LANG_EN, "running"), "running Zrun:en");
    ana_free(a);
}

TEST(query_mode_stems_in_every_nordic_language)
{
    ana_t *a = ana_new();
    if (!a) {
        CHECK(a != NULL);
        return;
    }
    /* Different stems: both; the same stem: once. */
    CHECK_STR(terms(a, ANA_MODE_QUERY, ANA_LANG_NB, "kommunerne"),
              "kommunerne Zkommunern:nb Vkommunern Zkommun:da Vkommun Kkommunern Kkommun");
    CHECK_STR(terms(a, ANA_MODE_QUERY, ANA_LANG_DA, "behandlingen"),
              "behandlingen Zbehandling:nb Vbehandling Kbehandling");
    CHECK_STR(terms(a, ANA_MODE_QUERY, ANA_LANG_UNKNOWN, "running"), "running Zrunning:nb Vrunning Krunning");
    CHECK_STR(terms(a, ANA_MODE_QUERY, ANA_LANG_EN, "running"), "running Zrunning:nb Vrunning Zrun:en Vrun Krunning Krun");
    ana_free(a);
}

TEST(numbers_and_short_words_are_not_stemmed)
{
    ana_t *a = ana_new();
    if (!a) {
        CHECK(a != NULL);
        return;
    }
    CHECK_STR(terms(a, ANA_MODE_QUERY, ANA_LANG_NB, "Sak 22/2023 p\xC3\xA5 15.11.23 i 2023"),
              "sak Zsak:nb Vsak | 22/2023 | p\xC3\xA5 | 15.11.23 | i | 2023");
    ana_free(a);
}

TEST(joined_words_get_parts_with_offsets_and_squashed_form)
{
    ana_t *a = ana_new();
    if (!a) {
        CHECK(a != NULL);
        return;
    }
    CHECK_STR(terms(a, ANA_MODE_DOCUMENT, ANA_LANG_NB, "Ny MRg-FUS"),
              "ny | mrg-fus Zmrg-fus:nb mrg@3-6 fus@7-10 =mrgfus =Zmrgfus");
    CHECK_STR(terms(a, ANA_MODE_DOCUMENT, ANA_LANG_DA, "Euro-NMD-gruppen"),
              "euro-nmd-gruppen Zeuro-nmd-grup:da euro@0-4 nmd@5-8 gruppen@9-16 =euronmdgruppen =Zeuronmdgrup");
    /* Composition and a soft hyphen change lengths; part offsets still
     * point at the input. */
    CHECK_STR(terms(a, ANA_MODE_DOCUMENT, ANA_LANG_NB, "A\xCC\x8Ar-FUS be\xC2\xADhov/plan"),
              "\xC3\xA5r-fus Z\xC3\xA5r-fus:nb Var-fus \xC3\xA5r@0-4 fus@5-8 =\xC3\xA5rfus =Z\xC3\xA5rfus | "
              "behov/plan Zbehov/plan:nb behov@9-16 plan@17-21 =behovplan =Zbehovplan");
    /* The stemmer strips the inflection, the pipeline the joiner. */
    CHECK_STR(terms(a, ANA_MODE_DOCUMENT, ANA_LANG_NB, "RVE-ene"),
              "rve-ene Zrve:nb rve@0-3 ene@4-7 =rveene =Zrveen");
    CHECK_STR(terms(a, ANA_MODE_DOCUMENT, ANA_LANG_NB, "sak11/2022"),
              "sak11/2022 Zsak11/2022:nb 11/2022 H11/2022 sak11@0-5 2022@6-10 =sak112022");
    ana_free(a);
}

TEST(analyze_callback_can_stop_and_null_is_safe)
{
    ana_t *a = ana_new();
    terms_t f;

    if (!a) {
        CHECK(a != NULL);
        return;
    }
    memset(&f, 0, sizeof f);
    f.ok = 1;
    f.len = 11;
    f.stop_after = 2;
    CHECK(ana_analyze(a, ANA_MODE_DOCUMENT, ANA_LANG_NB, "barna leker", 11, 1, fmt_term, &f) == 0);
    CHECK(f.count == 2);
    memset(&f, 0, sizeof f);
    f.ok = 1;
    CHECK(ana_analyze(a, ANA_MODE_DOCUMENT, ANA_LANG_NB, "", 0, 5, fmt_term, &f) == 5);
    CHECK(f.count == 0);
    CHECK(ana_analyze(a, ANA_MODE_DOCUMENT, ANA_LANG_NB, "barna leker", 11, 1, fmt_term, &f) == 3);
    CHECK(ana_analyze(NULL, ANA_MODE_DOCUMENT, ANA_LANG_NB, "barna", 5, 1, fmt_term, &f) == 0);
    ana_free(a);
}

TEST(fold_skeleton_meets_typed_and_damaged_spellings)
{
    static const struct {
        const char *in, *want;
    } cases[] = {
        {"børnekræft", "bornekraft"},   {"boernekraeft", "bornekraft"},
        {"bornekraeft", "bornekraft"},  {"sjælland", "sjalland"},
        {"sjaelland", "sjalland"},      {"årsrapport", "arsrapport"},
        {"aarsrapport", "arsrapport"},  {"@stern", "ostern"},
        {"østern", "ostern"},           {"müller", "muller"},
        {"café", "cafe"},               {"22/2023", "22/2023"},
        {"", ""},                       {"møte", "mote"},
    };
    char out[64];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t n = ana_fold(cases[i].in, strlen(cases[i].in), out, sizeof out);
        CHECK_STR(out, cases[i].want);
        CHECK(n == strlen(cases[i].want));
    }
    /* A full buffer is cut at a character boundary and terminated. */
    char small[4];
    size_t n = ana_fold("xyzåbc", 7, small, sizeof small);
    CHECK(n == 3 && strcmp(small, "xyz") == 0);
    n = ana_fold("xåøæ", 7, small, sizeof small);
    CHECK(n == 3 && strcmp(small, "xao") == 0);
}

/* Every term as KIND:TERM@POS:START-END, into a string; or, with DROP,
 * all but the terms of the kinds in DROP (ANA_KIND()). */
typedef struct {
    char out[2048];
    size_t n;
    unsigned drop, seen;
} every_t;

static int every_term(void *ctx, const ana_term_t *t)
{
    every_t *e = ctx;
    e->seen |= ANA_KIND(t->kind);
    if (!(e->drop & ANA_KIND(t->kind)) && e->n < sizeof e->out - 100)
        e->n += (size_t)snprintf(e->out + e->n, sizeof e->out - e->n, " %d:%s@%u:%zu-%zu", (int)t->kind,
                                 t->term, (unsigned)t->pos, t->start, t->end);
    return 0;
}

TEST(analyze_skip_leaves_out_skeletons_and_keys_only)
{
    ana_t *a = ana_new();
    if (!a) {
        CHECK(a != NULL);
        return;
    }
    /* Made up: skeletons (æ, ø, å) and Norwegian-Danish keys, a joined
     * word, a case number. */
    const char *text = "Børnekræftforum drøftede sygdomme og MRg-FUS i sak 24 /2023, ærlig talt.";
    const unsigned skip = ANA_KIND(ANA_TERM_FOLDED) | ANA_KIND(ANA_TERM_CROSS);
    every_t all = { .drop = skip }, some = { .drop = 0 };
    uint32_t n1 = ana_analyze(a, ANA_MODE_DOCUMENT, ANA_LANG_DA, text, strlen(text), 1, every_term, &all);
    uint32_t n2 = ana_analyze_skip(a, ANA_MODE_DOCUMENT, ANA_LANG_DA, text, strlen(text), 1, skip,
                                   every_term, &some);
    CHECK(n1 > 0 && n1 == n2);
    /* The full analysis has both kinds; without them, the rest is the
     * same, term by term, position by position. */
    CHECK((all.seen & skip) == skip);
    CHECK((some.seen & skip) == 0);
    CHECK_STR(some.out, all.out);
    ana_free(a);
}

/* An analyzer that remembers words' terms gives the same terms as one
 * that does not, the first time and from memory, in each language and
 * with skeletons and keys left out or not; the words repeat, and some
 * are too long to remember, joined, numbers or repaired by the lexicon's
 * absence alike. */
/* A plain analyzer into *PLAIN and one that remembers terms into *MEMO;
 * 0 (both freed, a failed check) when either cannot be made. */
static int plain_and_remembering(ana_t **plain, ana_t **memo)
{
    *plain = ana_new();
    *memo = ana_new();
    if (*plain && *memo && ana_remember_terms(*memo) == 0)
        return 1;
    CHECK(*plain && *memo && 0);
    ana_free(*plain);
    ana_free(*memo);
    return 0;
}

TEST(remembered_terms_are_the_same)
{
    ana_t *plain, *memo;
    if (!plain_and_remembering(&plain, &memo))
        return;
    CHECK(ana_remember_terms(NULL) == -1);
    /* Made up: æ, ø, å and their stand-ins, -tion and -sjon, a word of
     * more than 31 bytes, a joined word, a case number, a URL. */
    const char *text = "Børnekræftforum drøftede sygdomme, sykdommer og boernekraeft; "
                       "visitation og visitasjon i sak 24 /2023, MRg-FUS og "
                       "spesialisthelsetjenesteoppfølgingsprogrammene (www.example.no). "
                       "Børnekræftforum drøftede sygdomme igjen: ærlig talt, arsrapport.";
    const unsigned skips[] = { 0, ANA_KIND(ANA_TERM_FOLDED) | ANA_KIND(ANA_TERM_CROSS),
                               ANA_KIND(ANA_TERM_CROSS) };
    const ana_lang_t langs[] = { ANA_LANG_NB, ANA_LANG_DA, ANA_LANG_EN };
    for (size_t s = 0; s < sizeof skips / sizeof skips[0]; s++) {
        for (size_t l = 0; l < sizeof langs / sizeof langs[0]; l++) {
            every_t want = { .drop = 0 };
            ana_analyze_skip(plain, ANA_MODE_DOCUMENT, langs[l], text, strlen(text), 1, skips[s], every_term,
                             &want);
            for (int round = 0; round < 2; round++) {
                every_t got = { .drop = 0 };
                ana_analyze_skip(memo, ANA_MODE_DOCUMENT, langs[l], text, strlen(text), 1, skips[s], every_term,
                                 &got);
                CHECK_STR(got.out, want.out);
            }
        }
    }
    ana_free(plain);
    ana_free(memo);
}

/* The remembered terms start in a small table and move to the full one
 * after as many words as it has slots (a process that highlights one
 * page touches few pages): the terms stay the same across the move,
 * for words met before it and after. */
TEST(remembered_terms_survive_the_table_growing)
{
    ana_t *plain, *memo;
    if (!plain_and_remembering(&plain, &memo))
        return;
    unsigned differ = 0, runs = 0;
    for (int round = 0; round < 2; round++) {
        /* 3,000 passages of three made-up words each, 9,000 words in all,
         * then the first 300 passages again. */
        for (unsigned i = 0; i < (round ? 300u : 3000u); i++) {
            char text[160];
            snprintf(text, sizeof text, "Utvalg%u drøftet søknadæ%u og behandlingsplanen%uer i sak %u/2024.", i,
                     i * 7, i * 13, i % 90 + 1);
            every_t want = { .drop = 0 }, got = { .drop = 0 };
            ana_analyze(plain, ANA_MODE_DOCUMENT, i % 2 ? ANA_LANG_DA : ANA_LANG_NB, text, strlen(text), 1,
                        every_term, &want);
            ana_analyze(memo, ANA_MODE_DOCUMENT, i % 2 ? ANA_LANG_DA : ANA_LANG_NB, text, strlen(text), 1,
                        every_term, &got);
            differ += strcmp(got.out, want.out) != 0;
            runs++;
        }
    }
    CHECK(runs == 3300);
    CHECK(differ == 0);
    ana_free(plain);
    ana_free(memo);
}

TEST(folded_terms_document_and_query)
{
    ana_t *a = ana_new();
    terms_t f;
    if (!a) {
        CHECK(a != NULL);
        return;
    }
    /* A document word with diacritics gets its skeleton beside its stem;
     * an ASCII word gets none (its stem already is the skeleton). */
    memset(&f, 0, sizeof f);
    f.ok = 1;
    f.len = strlen("børnekræft Arsrapport");
    ana_analyze(a, ANA_MODE_DOCUMENT, ANA_LANG_DA, "børnekræft Arsrapport", f.len, 1, fmt_term, &f);
    CHECK(f.ok);
    CHECK_STR(f.out, "børnekræft Zbørnekræft:da Vbornekraft | arsrapport Zarsrapport:da");
    /* A query typed without æøå meets the document's skeleton; a query
     * with them also asks for the skeleton as a stem ("Arsrapport"). */
    memset(&f, 0, sizeof f);
    f.ok = 1;
    f.len = 11;
    ana_analyze(a, ANA_MODE_QUERY, ANA_LANG_UNKNOWN, "bornekraeft", 11, 1, fmt_term, &f);
    CHECK(f.ok);
    CHECK(strstr(f.out, "Vbornekraft") != NULL);
    memset(&f, 0, sizeof f);
    f.ok = 1;
    f.len = strlen("årsrapport");
    ana_analyze(a, ANA_MODE_QUERY, ANA_LANG_UNKNOWN, "årsrapport", f.len, 1, fmt_term, &f);
    CHECK(f.ok);
    CHECK(strstr(f.out, "Varsrapport") != NULL && strstr(f.out, "Zarsrapport") != NULL);
    ana_free(a);
}

/* A pipeline with a small word list of its own, so these tests do not
 * depend on the Debian word lists. */
static ana_t *with_words(ana_lexicon_t **lex, const char *const *words)
{
    ana_t *a = ana_new();
    *lex = ana_lexicon_new();
    for (size_t i = 0; words[i]; i++)
        ana_lexicon_add(*lex, words[i], strlen(words[i]));
    ana_set_lexicon(a, *lex);
    return a;
}

TEST(line_end_hyphens_are_joined)
{
    static const char *const words[] = {"neuromodulation", NULL};
    ana_lexicon_t *lex;
    ana_t *a = with_words(&lex, words);
    /* Known word: joined plain, one token spanning both pieces, and the
     * next token's position closes the gap. */
    CHECK_STR(terms(a, ANA_MODE_DOCUMENT, ANA_LANG_DA, "neu-\n\nromodulation virker"),
              "neuromodulation Zneuromodulation:da | virker Zvirk:da");
    /* Unknown word: joined keeping the hyphen, so parts and the squashed
     * form are indexed; a genuine hyphen at a line end survives. */
    CHECK_STR(terms(a, ANA_MODE_DOCUMENT, ANA_LANG_DA, "MR-\nguidet"),
              "mr-guidet Zmr-guid:da mr@0-2 guidet@4-10 =mrguidet =Zmrguid");
    /* Never joined: a capital, a conjunction, a digit. */
    CHECK_STR(terms(a, ANA_MODE_DOCUMENT, ANA_LANG_DA, "Herlev-\nGentofte"),
              "herlev Zherlev:da | gentofte Zgentoft:da");
    CHECK_STR(terms(a, ANA_MODE_DOCUMENT, ANA_LANG_DA, "hoved-\neller"),
              "hoved Zhoved:da | eller Zell:da");
    CHECK_STR(terms(a, ANA_MODE_DOCUMENT, ANA_LANG_DA, "ICD-\n10"), "icd Zicd:da | 10");
    /* Queries are never rejoined. */
    CHECK_STR(terms(a, ANA_MODE_QUERY, ANA_LANG_DA, "neu- romodulation"),
              "neu Zneu:nb Vneu | romodulation Zromodulation:nb Vromodulation Kromodulation");
    ana_free(a);
    ana_lexicon_free(lex);
}

TEST(suspended_compounds_are_expanded)
{
    static const char *const words[] = {"helse", "omsorg", "tjenester", NULL};
    ana_lexicon_t *lex;
    ana_t *a = with_words(&lex, words);
    const char *t = terms(a, ANA_MODE_DOCUMENT, ANA_LANG_NB, "helse- og omsorgstjenester");
    CHECK_STR(t, "helse Zhels:nb | og | helsetjenester Zhelsetjenest | "
                 "omsorgstjenester Zomsorgstjenest:nb Komsorg Ktjenest");
    /* Not a suspension: the first word reappears whole. */
    t = terms(a, ANA_MODE_DOCUMENT, ANA_LANG_NB, "helse- og folkehelse");
    CHECK(strstr(t, "helsehelse") == NULL);
    ana_free(a);
    ana_lexicon_free(lex);
}

TEST(ocr_damage_is_repaired_against_the_lexicon)
{
    static const char *const words[] = {"møte", "økonomi", "senter", "rådet", "mgte", NULL};
    ana_lexicon_t *lex;
    ana_t *a = with_words(&lex, words);
    /* "mgte" is in this list on purpose: a known word is never repaired. */
    CHECK_STR(terms(a, ANA_MODE_DOCUMENT, ANA_LANG_NB, "mgte"), "mgte Zmgte:nb");
    ana_lexicon_free(lex);
    static const char *const clean[] = {"møte", "økonomi", "senter", "rådet", NULL};
    ana_free(a);
    a = with_words(&lex, clean);
    char fixed[64];
    CHECK(ana_ocr_repair(lex, "mgte", 4, fixed, sizeof fixed) == strlen("møte"));
    CHECK_STR(fixed, "møte");
    CHECK(ana_ocr_repair(lex, "@konomi", 7, fixed, sizeof fixed) == strlen("økonomi"));
    CHECK_STR(fixed, "økonomi");
    /* Two confusions at once, into a compound of known words. */
    CHECK(ana_ocr_repair(lex, "senterrddet", 11, fixed, sizeof fixed) > 0);
    CHECK_STR(fixed, "senterrådet");
    CHECK(ana_ocr_repair(lex, "xylofon", 7, fixed, sizeof fixed) == 0);
    CHECK(ana_ocr_repair(lex, "møte", strlen("møte"), fixed, sizeof fixed) == 0);
    const char *t = terms(a, ANA_MODE_DOCUMENT, ANA_LANG_NB, "mgte");
    CHECK_STR(t, "mgte Zmgte:nb møte Zmøt");
    ana_free(a);
    ana_lexicon_free(lex);
}

TEST(names_meet_in_one_key_and_keep_a_proper_spelling)
{
    static const char *const words[] = {"senter", "rådet", "fagrådet", "for", "lunge", "helse", NULL};
    ana_lexicon_t *lex;
    ana_t *a = with_words(&lex, words);
    static const char *const spellings[] = {
        "Senterrådet for lungehelse", "Senterradet for lungehelse", "Senterraadet  for Lungehelse",
        "Senterrddet for lungehelse", "SENTERRÅDET FOR LUNGEHELSE",
    };
    char key[128], proper[128];
    for (size_t i = 0; i < sizeof spellings / sizeof spellings[0]; i++) {
        const char *s = spellings[i];
        CHECK(ana_name_key(a, s, strlen(s), key, sizeof key, NULL, 0, NULL, NULL) > 0);
        CHECK_STR(key, "senterradet for lungehelse");
    }
    /* The proper spelling repairs the damage, cased as written, and
     * keeps the rest of the text as it is. */
    const char *d = "Fagrddet for lungehelse (FL)";
    CHECK(ana_name_key(a, d, strlen(d), key, sizeof key, proper, sizeof proper, NULL, NULL) > 0);
    CHECK_STR(key, "fagradet for lungehelse fl");
    CHECK_STR(proper, "Fagrådet for lungehelse (FL)");
    d = "FAGRDDET";
    CHECK(ana_name_key(a, d, strlen(d), key, sizeof key, proper, sizeof proper, NULL, NULL) > 0);
    CHECK_STR(proper, "FAGRÅDET");
    /* Without word lists: folding only. */
    ana_t *bare = ana_new();
    CHECK(ana_name_key(bare, d, strlen(d), key, sizeof key, NULL, 0, NULL, NULL) > 0);
    CHECK_STR(key, "fagrddet");
    CHECK(ana_name_word("senterraadet", 12, key, sizeof key) == strlen("senterradet"));
    CHECK_STR(key, "senterradet");
    /* No word, or no room: 0. */
    CHECK(ana_name_key(a, " - ", 3, key, sizeof key, NULL, 0, NULL, NULL) == 0);
    CHECK(ana_name_key(a, "Fagrådet", strlen("Fagrådet"), key, 4, NULL, 0, NULL, NULL) == 0);
    ana_free(bare);
    ana_free(a);
    ana_lexicon_free(lex);
}

TEST(cross_key_meets_norwegian_and_danish_spellings)
{
    static const struct {
        const char *a, *b;
    } pairs[] = {
        {"sygdom", "sykdom"}, {"dyb", "dyp"}, {"kræft", "kreft"}, {"visitation", "visitasjon"},
        {"underskud", "underskudd"}, {"fald", "fall"}, {"specialist", "spesialist"},
        {"ophold", "opphold"}, {"sjælden", "sjelden"},
    };
    char x[64], y[64];
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        ana_cross_key(pairs[i].a, strlen(pairs[i].a), x, sizeof x);
        ana_cross_key(pairs[i].b, strlen(pairs[i].b), y, sizeof y);
        CHECK_STR(x, y);
    }
    ana_cross_key("behandling", 10, x, sizeof x);
    ana_cross_key("handling", 8, y, sizeof y);
    CHECK(strcmp(x, y) != 0);
}

/* Collects the spellings ana_spell_variants reports, "+" marking the
 * other language's, space-separated. */
typedef struct {
    char buf[4096];
    size_t n;
} spellings_t;

static int add_spelling(void *ctx, const char *word, size_t len, int cross)
{
    spellings_t *s = ctx;
    int w = snprintf(s->buf + s->n, sizeof s->buf - s->n, " %s%.*s", cross ? "+" : "", (int)len, word);
    if (w > 0 && (size_t)w < sizeof s->buf - s->n)
        s->n += (size_t)w;
    return 0;
}

/* 1 when ana_spell_variants(WORD) reports WANT (" +kræft" or " børn"). */
static int has_spelling(const char *word, const char *want)
{
    spellings_t s = { "", 0 };
    ana_spell_variants(word, strlen(word), 64, add_spelling, &s);
    strcat(s.buf, " ");
    char w[128];
    snprintf(w, sizeof w, "%s ", want);
    return strstr(s.buf, w) != NULL;
}

TEST(spell_variants_give_the_other_language_and_the_marks)
{
    CHECK(has_spelling("kreft", " +kræft"));
    CHECK(has_spelling("kræft", " +kreft"));
    CHECK(has_spelling("kraeft", " kræft"));
    CHECK(has_spelling("boern", " børn"));
    CHECK(has_spelling("bornekraeft", " børnekræft"));   /* two edits */
    CHECK(has_spelling("foraeldre", " forældre"));
    CHECK(has_spelling("hjernestimulering", " +hjernestimulation"));
    CHECK(has_spelling("visitation", " +visitasjon"));
    CHECK(has_spelling("fokusert", " +fokuseret"));
    CHECK(has_spelling("barnekreft", " +børnekreft"));
    CHECK(!has_spelling("konsertene", " +konseretene")); /* -ert only at the end */
    /* At most MAX, nearest first. */
    spellings_t s = { "", 0 };
    CHECK(ana_spell_variants("rehabiliteringsopphold", 22, 3, add_spelling, &s) == 3);
    CHECK(ana_spell_variants("xyz", 3, 64, add_spelling, &s) == 0);
}

TEST(stem_exceptions_keep_krefter_from_kreft)
{
    ana_t *a = ana_new();
    size_t n;
    CHECK_STR(ana_stem(a, ANA_LANG_NB, "krefter", 7, &n), "kraft");
    CHECK_STR(ana_stem(a, ANA_LANG_NB, "kreftene", 8, &n), "kraft");
    CHECK_STR(ana_stem(a, ANA_LANG_NB, "kreften", 7, &n), "kreft");
    CHECK(strcmp(ana_stem(a, ANA_LANG_DA, "krefter", 7, &n), "kraft") != 0); /* Norwegian only */
    ana_free(a);
}

TEST(case_numbers_get_one_spelling)
{
    ana_t *a = ana_new();
    CHECK_STR(terms(a, ANA_MODE_DOCUMENT, ANA_LANG_NB, "Sak 24 /2023"),
              "sak Zsak:nb | 24 24/2023 H24/2023 | 2023");
    /* A reference inside a line gets no item term. */
    CHECK_STR(terms(a, ANA_MODE_DOCUMENT, ANA_LANG_NB, "jf. sak 24/2023"),
              "jf | sak Zsak:nb | 24/2023");
    CHECK_STR(terms(a, ANA_MODE_DOCUMENT, ANA_LANG_NB, "3/22"), "3/22 3/2022 H3/2022");
    CHECK_STR(terms(a, ANA_MODE_DOCUMENT, ANA_LANG_NB, "2/3"), "2/3");
    CHECK_STR(terms(a, ANA_MODE_DOCUMENT, ANA_LANG_NB, "19/2023"), "19/2023 H19/2023");
    CHECK_STR(terms(a, ANA_MODE_DOCUMENT, ANA_LANG_NB, "side 4 / 12"), "side Zsid:nb | 4 | 12");
    ana_free(a);
}

TEST(gap_words_and_visible_parts)
{
    /* Every listed word is found (the table must stay sorted for its
     * binary search), in Norwegian and Danish spellings. */
    const char *gaps[] = { "af", "at", "av", "bør", "de", "efter", "etter", "frå", "i", "ikkje",
                           "må", "og", "også", "på", "så", "til", "vil", "å" };
    for (size_t i = 0; i < sizeof gaps / sizeof gaps[0]; i++)
        CHECK(ana_is_gap_word(gaps[i], strlen(gaps[i])) == 1);
    const char *words[] = { "", "sak", "møte", "orientering", "ogs", "tilbud", "Og", "aa" };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        CHECK(ana_is_gap_word(words[i], strlen(words[i])) == 0);
    CHECK(ana_is_gap_word("og og", 2) == 1); /* LEN bytes only */

    CHECK(ana_part_visible("rehabiliteringsopphold", 22, "Kopphold", 8) == 1);
    CHECK(ana_part_visible("rehabiliteringsopphold", 22, "Krehabiliter", 12) == 1);
    CHECK(ana_part_visible("opphold", 7, "Kopphold", 8) == 0);      /* not longer */
    CHECK(ana_part_visible("medikamentutprgvingsstudier", 27, "Kutprøv", 8) == 0); /* hidden */
    CHECK(ana_part_visible("oppholdsrom", 11, "Zopphold", 8) == 0); /* not a part term */
}

TEST(terms_never_exceed_240_bytes)
{
    static char buf[8192];
    ana_t *a = ana_new();
    terms_t f;
    int all_ok = 1;

    if (!a) {
        CHECK(a != NULL);
        return;
    }
    /* Long runs of 4-byte letters, long joined words and random text. */
    for (int i = 0; i < 500; i++)
        memcpy(buf + 4 * i, "\xF0\x9D\x90\x80", 4);           /* U+1D400 */
    for (int i = 0; i < 500; i++)
        memcpy(buf + 2000 + 3 * i, "\xC3\xA6-", 3);
    buf[3500] = 'x';
    for (int mode = 0; mode < 2; mode++) {
        memset(&f, 0, sizeof f);
        f.ok = 1;
        f.len = 3501;
        CHECK(ana_analyze(a, (ana_mode_t)mode, ANA_LANG_EN, buf, 3501, 1, fmt_term, &f) != 0);
        all_ok &= f.ok;
    }
    for (int round = 0; round < 100; round++) {
        size_t len = random_text(buf, 16 + rng() % (sizeof buf - 16));
        memset(&f, 0, sizeof f);
        f.ok = 1;
        f.len = len;
        CHECK(ana_analyze(a, (ana_mode_t)(round % 2), ANA_LANG_EN, buf, len, 1, fmt_term, &f) != 0);
        all_ok &= f.ok;
    }
    CHECK(all_ok);
    ana_free(a);
}

int main(void)
{
    RUN(utf8_decode_valid);
    RUN(utf8_decode_invalid_gives_fffd_and_one_byte);
    RUN(utf8_encode_round_trips_every_code_point);
    RUN(utf8_encode_invalid_gives_fffd);
    RUN(utf8_check_finds_first_invalid_byte);
    RUN(lower_maps_latin_greek_cyrillic);
    RUN(lower_is_idempotent_in_covered_blocks);
    RUN(word_chars);
    RUN(static_tables_are_sorted);
    RUN(compose_common_pairs);
    RUN(tokenize_joined_words);
    RUN(tokenize_line_end_hyphens_are_not_internal);
    RUN(tokenize_dots_join_only_digits);
    RUN(tokenize_lowercases_nordic_letters);
    RUN(tokenize_composes_combining_marks);
    RUN(tokenize_drops_soft_hyphens_inside_words);
    RUN(tokenize_separators_and_invalid_bytes);
    RUN(tokenize_urls_and_email_addresses);
    RUN(tokenize_positions_and_early_stop);
    RUN(tokenize_callback_can_stop);
    RUN(tokenize_cuts_long_tokens);
    RUN(tokenize_random_text_keeps_invariants);
    RUN(stems_from_libstemmer);
    RUN(stem_is_copied_out_of_libstemmer);
    RUN(remembered_stems_survive_the_table_growing);
    RUN(lang_codes_round_trip);
    RUN(guess_language_of_paragraphs);
    RUN(guess_nb_nn_tie_is_bokmal);
    RUN(document_mode_stems_in_one_language);
    RUN(query_mode_stems_in_every_nordic_language);
    RUN(numbers_and_short_words_are_not_stemmed);
    RUN(joined_words_get_parts_with_offsets_and_squashed_form);
    RUN(analyze_callback_can_stop_and_null_is_safe);
    RUN(fold_skeleton_meets_typed_and_damaged_spellings);
    RUN(analyze_skip_leaves_out_skeletons_and_keys_only);
    RUN(folded_terms_document_and_query);
    RUN(line_end_hyphens_are_joined);
    RUN(suspended_compounds_are_expanded);
    RUN(ocr_damage_is_repaired_against_the_lexicon);
    RUN(names_meet_in_one_key_and_keep_a_proper_spelling);
    RUN(cross_key_meets_norwegian_and_danish_spellings);
    RUN(spell_variants_give_the_other_language_and_the_marks);
    RUN(stem_exceptions_keep_krefter_from_kreft);
    RUN(case_numbers_get_one_spelling);
    RUN(gap_words_and_visible_parts);
    RUN(terms_never_exceed_240_bytes);
    RUN(remembered_terms_are_the_same);
    RUN(remembered_terms_survive_the_table_growing);
    return tap_done();
}
