/* test_lex.c - the lexicon (word lists, normalization, the hash set) and
 * the compound splitter, on small lists written by the test and, when
 * Debian's wnorwegian and wdanish are installed, on the real lists. */
#include "analysis/lexicon.h"
#include "tap.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ------------------------------------------------------------------ */
/* Helpers                                                             */

/* Writes LEN bytes to a new temporary file; returns its malloc'ed path. */
static char *temp_file(const char *data, size_t len)
{
    const char *dir = getenv("TMPDIR");
    char *path;
    int fd;

    if (!dir || !*dir)
        dir = "/tmp";
    path = malloc(strlen(dir) + 32);
    if (!path)
        return NULL;
    sprintf(path, "%s/test_lex.XXXXXX", dir);
    fd = mkstemp(path);
    if (fd < 0) {
        free(path);
        return NULL;
    }
    if (write(fd, data, len) != (ssize_t)len) {
        close(fd);
        unlink(path);
        free(path);
        return NULL;
    }
    close(fd);
    return path;
}

static void remove_temp(char *path)
{
    if (path) {
        unlink(path);
        free(path);
    }
}

static int has(const ana_lexicon_t *lex, const char *w)
{
    return ana_lexicon_has(lex, w, strlen(w));
}

static ana_lexicon_t *lexicon_of(const char *const *words)
{
    ana_lexicon_t *lex = ana_lexicon_new();
    for (size_t i = 0; lex && words[i]; i++)
        if (ana_lexicon_add(lex, words[i], strlen(words[i])) < 0) {
            ana_lexicon_free(lex);
            return NULL;
        }
    return lex;
}

/* Splits WORD with at most MAX parts and spells the result as
 * "rehabilitering(s) opphold", or "" when there is no split. */
static const char *split_max(const ana_lexicon_t *lex, const char *word, size_t max)
{
    static char out[512];
    ana_cpart_t parts[32];
    size_t n, o = 0;

    memset(parts, 0xAA, sizeof parts);
    n = ana_compound_split(lex, word, strlen(word), parts, max);
    out[0] = '\0';
    /* Parts past the count must be untouched: the splitter writes at most
     * MAX parts, and only those it returns. */
    for (size_t i = n; i < sizeof parts / sizeof parts[0]; i++)
        if (parts[i].start != (size_t)0xAAAAAAAAAAAAAAAAull)
            return "(wrote past the parts it returned)";
    for (size_t i = 0; i < n; i++) {
        const ana_cpart_t *p = &parts[i];
        if (p->start > p->end || p->end + p->link > strlen(word))
            return "(bad offsets)";
        if (i + 1 < n && p->end + p->link != parts[i + 1].start)
            return "(parts not contiguous)";
        o += (size_t)snprintf(out + o, sizeof out - o, "%s%.*s", i ? " " : "",
                              (int)(p->end - p->start), word + p->start);
        if (p->link)
            o += (size_t)snprintf(out + o, sizeof out - o, "(%.*s)", (int)p->link,
                                  word + p->end);
    }
    if (n && (parts[0].start != 0 || parts[n - 1].end != strlen(word) || parts[n - 1].link))
        return "(parts do not cover the word)";
    return out;
}

static const char *split(const ana_lexicon_t *lex, const char *word)
{
    return split_max(lex, word, 16);
}

/* ------------------------------------------------------------------ */
/* The set                                                             */

TEST(new_and_free)
{
    ana_lexicon_t *lex = ana_lexicon_new();
    CHECK(lex != NULL);
    CHECK(ana_lexicon_size(lex) == 0);
    CHECK(!has(lex, "hus"));
    ana_lexicon_free(lex);
    ana_lexicon_free(NULL);
    CHECK(ana_lexicon_size(NULL) == 0);
    CHECK(ana_lexicon_has(NULL, "hus", 3) == 0);
}

TEST(add_and_has)
{
    ana_lexicon_t *lex = ana_lexicon_new();
    CHECK(ana_lexicon_add(lex, "hus", 3) == 0);
    CHECK(ana_lexicon_add(lex, "husbåt", strlen("husbåt")) == 0);
    CHECK(ana_lexicon_size(lex) == 2);
    CHECK(has(lex, "hus"));
    CHECK(has(lex, "husbåt"));
    CHECK(!has(lex, "hu"));
    CHECK(!has(lex, "huss"));
    CHECK(!has(lex, "husb"));
    CHECK(!has(lex, "bil"));
    CHECK(ana_lexicon_has(lex, "husbåt", 3));        /* a prefix given by length */
    CHECK(!ana_lexicon_has(lex, "", 0));
    CHECK(!ana_lexicon_has(lex, "hus\0", 4));         /* NUL is never part of a word */
    ana_lexicon_free(lex);
}

TEST(add_lowercases_and_composes)
{
    ana_lexicon_t *lex = ana_lexicon_new();
    CHECK(ana_lexicon_add(lex, "Oslo", 4) == 0);
    CHECK(ana_lexicon_add(lex, "ÆRØ", strlen("ÆRØ")) == 0);
    CHECK(ana_lexicon_add(lex, "A\xCC\x8Arsrapport", 12) == 0);   /* A + ring above */
    CHECK(ana_lexicon_add(lex, "MRg-FUS", 7) == 0);
    CHECK(has(lex, "oslo"));
    CHECK(!has(lex, "Oslo"));
    CHECK(has(lex, "ærø"));
    CHECK(has(lex, "årsrapport"));
    CHECK(has(lex, "mrg-fus"));
    CHECK(ana_lexicon_size(lex) == 4);
    ana_lexicon_free(lex);
}

TEST(duplicates_and_empty_words)
{
    ana_lexicon_t *lex = ana_lexicon_new();
    CHECK(ana_lexicon_add(lex, "hus", 3) == 0);
    CHECK(ana_lexicon_add(lex, "hus", 3) == 0);
    CHECK(ana_lexicon_add(lex, "HUS", 3) == 0);
    CHECK(ana_lexicon_add(lex, "Hus", 3) == 0);
    CHECK(ana_lexicon_size(lex) == 1);
    CHECK(ana_lexicon_add(lex, "", 0) == 0);
    CHECK(ana_lexicon_add(lex, "a\0b", 3) == 0);    /* ignored */
    CHECK(ana_lexicon_size(lex) == 1);
    CHECK(!has(lex, "a"));
    ana_lexicon_free(lex);
}

TEST(growth_past_many_thousand_words)
{
    enum { N = 60000 };
    ana_lexicon_t *lex = ana_lexicon_new();
    char w[32];
    int missing = 0, wrong = 0;

    for (int i = 0; i < N; i++) {
        int n = snprintf(w, sizeof w, "ord%dx", i * 7);
        CHECK(ana_lexicon_add(lex, w, (size_t)n) == 0);
    }
    CHECK(ana_lexicon_size(lex) == N);
    for (int i = 0; i < N; i++) {
        int n = snprintf(w, sizeof w, "ord%dx", i * 7);
        missing += !ana_lexicon_has(lex, w, (size_t)n);
        n = snprintf(w, sizeof w, "ord%dx", i * 7 + 1);
        wrong += ana_lexicon_has(lex, w, (size_t)n);
    }
    CHECK(missing == 0);
    CHECK(wrong == 0);
    ana_lexicon_free(lex);
}

/* ------------------------------------------------------------------ */
/* Loading lists                                                       */

TEST(load_utf8_list)
{
    static const char list[] =
        "hus\n"
        "Oslo\r\n"
        "  bil  \n"
        "\n"
        "   \n"
        "\r\n"
        "børn\n"
        "to ord\n"
        "# en kommentar\n"
        "ord/AB\n"
        "hus\n"
        "A-aksje\n"
        "kræft";                 /* no newline at the end */
    char *path = temp_file(list, sizeof list - 1);
    ana_lexicon_t *lex = ana_lexicon_new();

    CHECK(path != NULL);
    /* Words read: hus, Oslo, bil, børn, ord, hus, A-aksje, kræft. */
    CHECK(ana_lexicon_load(lex, path) == 8);
    CHECK(ana_lexicon_size(lex) == 7);
    CHECK(has(lex, "hus"));
    CHECK(has(lex, "oslo"));
    CHECK(has(lex, "bil"));
    CHECK(has(lex, "børn"));
    CHECK(has(lex, "ord"));
    CHECK(has(lex, "a-aksje"));
    CHECK(has(lex, "kræft"));
    CHECK(!has(lex, "to"));
    CHECK(!has(lex, "to ord"));
    CHECK(!has(lex, "oslo\r"));
    CHECK(!has(lex, "ord/ab"));
    remove_temp(path);
    ana_lexicon_free(lex);
}

TEST(load_latin1_list)
{
    /* ISO-8859-1 as in /usr/share/dict/bokmaal, with one UTF-8 line in
     * between: each line is judged on its own. */
    static const char list[] =
        "bl\xE5" "b\xE6r\n"          /* blåbær */
        "\xD8ST\n"                   /* ØST */
        "s\xF8ster\r\n"              /* søster */
        "\xC5RSRAPPORT\n"            /* ÅRSRAPPORT */
        "caf\xE9\n"                  /* café */
        "\xC3\xA6" "ble\n";          /* æble, in UTF-8 */
    char *path = temp_file(list, sizeof list - 1);
    ana_lexicon_t *lex = ana_lexicon_new();

    CHECK(path != NULL);
    CHECK(ana_lexicon_load(lex, path) == 6);
    CHECK(has(lex, "blåbær"));
    CHECK(has(lex, "øst"));
    CHECK(has(lex, "søster"));
    CHECK(has(lex, "årsrapport"));
    CHECK(has(lex, "café"));
    CHECK(has(lex, "æble"));
    CHECK(!has(lex, "bl\xE5" "b\xE6r"));    /* the raw Latin-1 bytes are not kept */
    CHECK(ana_lexicon_size(lex) == 6);
    remove_temp(path);
    ana_lexicon_free(lex);
}

TEST(load_missing_file)
{
    ana_lexicon_t *lex = ana_lexicon_new();
    errno = 0;
    CHECK(ana_lexicon_load(lex, "/nonexistent/referat/words") == -1);
    CHECK(errno == ENOENT);
    CHECK(ana_lexicon_size(lex) == 0);
    ana_lexicon_free(lex);
}

/* ------------------------------------------------------------------ */
/* Compound splitting on a small lexicon                               */

static const char *const small_words[] = {
    "rehabilitering", "opphold", "ultralyd", "ultralyds", "behandling",
    "børn", "kræft", "medikament", "utprøving", "studier", "bord",
    "lampe", "bremse", "brems", "skiver", "bygning", "loven", "sloven",
    "kurer", "sending", "ending", "dekning", "grad", "dekningsgrad",
    "tall", "fisk", "kake", "syke", "hus", "øye", "klinikk", "blåbær",
    "syltetøy", "pasi", "enten", "pasienten", "behandl", "ingen",
    NULL,
};

TEST(split_plain_and_linked)
{
    ana_lexicon_t *lex = lexicon_of(small_words);
    CHECK(lex != NULL);
    CHECK_STR(split(lex, "bordlampe"), "bord lampe");
    CHECK_STR(split(lex, "rehabiliteringsopphold"), "rehabilitering(s) opphold");
    CHECK_STR(split(lex, "børnekræft"), "børn(e) kræft");
    CHECK_STR(split(lex, "medikamentutprøvingsstudier"),
              "medikament utprøving(s) studier");
    ana_lexicon_free(lex);
}

TEST(split_link_preferences)
{
    ana_lexicon_t *lex = lexicon_of(small_words);
    /* A linking "s" beats a genitive part ("ultralyds")... */
    CHECK_STR(split(lex, "ultralydsbehandling"), "ultralyd(s) behandling");
    /* ...but an "e" that belongs to a known word stays in it. */
    CHECK_STR(split(lex, "bremseskiver"), "bremse skiver");
    /* The longest head wins over a link... */
    CHECK_STR(split(lex, "kurersending"), "kurer sending");
    /* ...except after -ing, -sjon and the like, which always take "s". */
    CHECK_STR(split(lex, "bygningsloven"), "bygning(s) loven");
    ana_lexicon_free(lex);
}

TEST(split_fewest_parts)
{
    ana_lexicon_t *lex = lexicon_of(small_words);
    /* dekning(s) grad(s) tall has three parts, dekningsgrad(s) tall two. */
    CHECK_STR(split(lex, "dekningsgradstall"), "dekningsgrad(s) tall");
    /* A known word is not split when it is the only part. */
    CHECK_STR(split(lex, "behandling"), "");
    CHECK_STR(split(lex, "opphold"), "");
    ana_lexicon_free(lex);
}

TEST(split_min_part_length)
{
    ana_lexicon_t *lex = lexicon_of(small_words);
    /* "hus" and "øye" are three characters: no split. */
    CHECK_STR(split(lex, "sykehus"), "");
    CHECK_STR(split(lex, "fiskehus"), "");     /* fisk(e) hus */
    CHECK_STR(split(lex, "øyeklinikk"), "");    /* 4 bytes, but 3 characters */
    /* Exactly two parts of four characters. */
    CHECK_STR(split(lex, "fiskkake"), "fisk kake");
    ana_lexicon_free(lex);
}

TEST(split_too_short_or_too_long)
{
    static const char *const words[] = { "kake", "abc", "abcd", NULL };
    ana_lexicon_t *lex = lexicon_of(words);
    char w[128];

    CHECK_STR(split(lex, "kakeabc"), "");         /* 7 characters */
    CHECK_STR(split(lex, ""), "");
    /* 16 parts of 4 characters: 64 characters, the longest word split. */
    w[0] = '\0';
    for (int i = 0; i < 16; i++)
        strcat(w, "kake");
    CHECK(strlen(split(lex, w)) == 16 * 5 - 1);
    /* 17 parts: 68 characters, too long to try. */
    strcat(w, "kake");
    CHECK_STR(split(lex, w), "");
    ana_lexicon_free(lex);
}

TEST(split_max_parts)
{
    ana_lexicon_t *lex = lexicon_of(small_words);
    const char *w = "medikamentutprøvingsstudier";
    CHECK_STR(split_max(lex, w, 3), "medikament utprøving(s) studier");
    CHECK_STR(split_max(lex, w, 2), "");    /* the best split does not fit */
    CHECK_STR(split_max(lex, w, 1), "");
    CHECK_STR(split_max(lex, w, 0), "");
    CHECK_STR(split_max(lex, "bordlampe", 2), "bord lampe");
    ana_lexicon_free(lex);
}

TEST(split_utf8_boundaries)
{
    ana_lexicon_t *lex = lexicon_of(small_words);
    ana_cpart_t parts[4];
    const char *w = "blåbærsyltetøy";

    CHECK(ana_compound_split(lex, w, strlen(w), parts, 4) == 2);
    CHECK(parts[0].start == 0 && parts[0].end == strlen("blåbær"));
    CHECK(parts[1].start == strlen("blåbær") && parts[1].end == strlen(w));
    CHECK(parts[0].link == 0);
    /* Invalid UTF-8 is walked one byte at a time and never split into
     * known parts. */
    CHECK_STR(split(lex, "bord\xC3lampe"), "");
    CHECK_STR(split(lex, "\xFF\xFE\xFD\xFC\xFB\xFA\xF9\xF8\xF7"), "");
    ana_lexicon_free(lex);
}

TEST(split_guards)
{
    ana_lexicon_t *lex = lexicon_of(small_words);
    /* "pasi" is an abbreviation in the lists and "ingen" an ending. */
    CHECK_STR(split(lex, "pasienten"), "");
    CHECK_STR(split(lex, "behandlingen"), "");
    ana_lexicon_free(lex);
}

TEST(split_bad_arguments)
{
    ana_lexicon_t *lex = lexicon_of(small_words);
    ana_cpart_t parts[4];
    CHECK(ana_compound_split(NULL, "bordlampe", 9, parts, 4) == 0);
    CHECK(ana_compound_split(lex, "bordlampe", 9, NULL, 4) == 0);
    CHECK(ana_compound_split(lex, NULL, 0, parts, 4) == 0);
    ana_lexicon_free(lex);
}

/* ------------------------------------------------------------------ */
/* Table files                                                         */

/* A new empty directory under TMPDIR; malloc'ed path. */
static char *temp_dir(void)
{
    const char *dir = getenv("TMPDIR");
    char *path;

    if (!dir || !*dir)
        dir = "/tmp";
    path = malloc(strlen(dir) + 32);
    if (!path)
        return NULL;
    sprintf(path, "%s/test_lex.XXXXXX", dir);
    if (!mkdtemp(path)) {
        free(path);
        return NULL;
    }
    return path;
}

/* Removes the files in DIR, then DIR. */
static void remove_dir(char *dir)
{
    DIR *d = dir ? opendir(dir) : NULL;
    struct dirent *e;
    char path[4096];

    while (d && (e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            unlink(path);
        }
    }
    if (d)
        closedir(d);
    if (dir)
        rmdir(dir);
    free(dir);
}

/* The one table file in DIR (a static buffer), or "" when there is none
 * or more than one. */
static const char *table_in(const char *dir)
{
    static char path[4096];
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;

    path[0] = '\0';
    while (d && (e = readdir(d)) != NULL) {
        if (strncmp(e->d_name, "words-", 6) == 0) {
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            n++;
        }
    }
    if (d)
        closedir(d);
    if (n != 1)
        path[0] = '\0';
    return path;
}

/* A word of the test lists: generated compounds of a few stems, so that
 * splits have something to find. */
static int list_word(char *out, size_t cap, unsigned i)
{
    static const char *const stems[] = {
        "helse", "tjeneste", "pasient", "forløp", "møte", "sak", "styre",
        "rapport", "kvalitet", "register", "ordning", "kommune",
    };
    unsigned n = sizeof stems / sizeof stems[0];
    return snprintf(out, cap, "%s%s%u", stems[i % n], stems[i / n % n], i / (n * n));
}

/* Appends to BUF (a string of at most CAP bytes) the test lists' words
 * FROM..TO, one a line. */
static void list_lines(char *buf, size_t cap, unsigned from, unsigned to)
{
    size_t o = strlen(buf);
    for (unsigned i = from; i < to && o + 64 < cap; i++) {
        o += (size_t)list_word(buf + o, cap - o, i);
        buf[o++] = '\n';
        buf[o] = '\0';
    }
}

/* Every probe the tests make: the words, and non-words near them. */
static int same_answers(const ana_lexicon_t *a, const ana_lexicon_t *b, unsigned nwords)
{
    static const char *const fixed[] = {
        "hus", "oslo", "blåbær", "øst", "kræft", "helsetjeneste", "xqzv", "", "h",
        "styresak", "rehabiliteringsopphold", "kommunehelsetjenesten",
    };
    char w[96];
    int diff = 0;

    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        diff += has(a, fixed[i]) != has(b, fixed[i]) ||
                strcmp(split(a, fixed[i]), split(b, fixed[i])) != 0;
    for (unsigned i = 0; i < nwords; i++) {
        int n = list_word(w, sizeof w, i);
        diff += has(a, w) != has(b, w);
        w[n - 1] = 'x';                  /* a changed last letter */
        diff += has(a, w) != has(b, w);
        w[n - 1] = '\0';                 /* a word one shorter */
        diff += has(a, w) != has(b, w);
        diff += strcmp(split(a, w), split(b, w)) != 0;
    }
    return diff;
}

/* Two lists, one Latin-1 and one UTF-8, of NWORDS words between them,
 * with a third path that does not exist. */
enum { NWORDS = 5000, EXTRA = 18 };
static char *lists[3];

static void make_lists(void)
{
    static char buf[NWORDS * 40];
    buf[0] = '\0';
    strcat(buf, "bl\xE5" "b\xE6r\n\xD8ST\nHus\n");         /* Latin-1 */
    list_lines(buf, sizeof buf, 0, NWORDS / 2);
    lists[0] = temp_file(buf, strlen(buf));
    buf[0] = '\0';
    strcat(buf, "kræft\nOslo\n# a comment\nord/AB\n");
    strcat(buf, "helse\ntjeneste\npasient\nforløp\nmøte\nsak\nstyre\nrapport\n"
                "kvalitet\nregister\nordning\nkommune\n");     /* the stems */
    list_lines(buf, sizeof buf, NWORDS / 2, NWORDS);
    lists[1] = temp_file(buf, strlen(buf));
    lists[2] = temp_file("", 0);
    unlink(lists[2]);                     /* a list not installed (yet) */
}

static void remove_lists(void)
{
    for (int i = 0; i < 3; i++) {
        remove_temp(lists[i]);
        lists[i] = NULL;
    }
}

/* A lexicon of the test lists, through the table files in DIR (NULL:
 * none); *MAPPED says whether a table file was mapped. */
static ana_lexicon_t *load_lists(const char *dir, long *words, int *mapped)
{
    ana_lexicon_t *lex = ana_lexicon_new();
    *words = ana_lexicon_load_lists(lex, (const char *const *)lists, 3, dir);
    *mapped = ana_lexicon_mapped(lex);
    return lex;
}

TEST(table_file_answers_as_the_lists)
{
    char *dir = temp_dir();
    long wtext, wfirst, wmapped;
    int mtext, mfirst, mmapped;
    ana_lexicon_t *text, *first, *mapped;

    make_lists();
    CHECK(dir && lists[0] && lists[1]);
    text = load_lists(NULL, &wtext, &mtext);
    first = load_lists(dir, &wfirst, &mfirst);      /* reads, writes the table */
    mapped = load_lists(dir, &wmapped, &mmapped);   /* maps it */
    CHECK(!mtext && !mfirst && mmapped);
    CHECK(*table_in(dir));
    CHECK(wtext == NWORDS + EXTRA && wfirst == wtext && wmapped == wtext);
    CHECK(ana_lexicon_size(text) == NWORDS + EXTRA);
    CHECK(ana_lexicon_size(mapped) == ana_lexicon_size(text));
    CHECK(has(mapped, "blåbær") && has(mapped, "øst") && has(mapped, "oslo"));
    CHECK(has(mapped, "styresak0") && !has(mapped, "styresak"));
    CHECK(same_answers(text, mapped, NWORDS + 200) == 0);
    CHECK(same_answers(text, first, NWORDS + 200) == 0);
    CHECK_STR(split(mapped, "kvalitetregister"), "kvalitet register");

    /* Words added to a mapped lexicon go beside the table. */
    CHECK(ana_lexicon_add(mapped, "Hus", 3) == 0);
    CHECK(ana_lexicon_size(mapped) == NWORDS + EXTRA);
    CHECK(ana_lexicon_add(mapped, "Nyord", 5) == 0);
    CHECK(ana_lexicon_size(mapped) == NWORDS + EXTRA + 1);
    CHECK(has(mapped, "nyord") && has(mapped, "hus") && !has(text, "nyord"));
    /* A lexicon that has words already reads the lists as text. */
    CHECK(ana_lexicon_load_lists(mapped, (const char *const *)lists, 3, dir) == wtext);
    CHECK(ana_lexicon_size(mapped) == NWORDS + EXTRA + 1);
    CHECK(ana_lexicon_load_lists(NULL, (const char *const *)lists, 3, dir) == -1);
    ana_lexicon_free(text);
    ana_lexicon_free(first);
    ana_lexicon_free(mapped);
    remove_lists();
    remove_dir(dir);
}

TEST(table_file_follows_changed_lists)
{
    char *dir = temp_dir();
    long words;
    int mapped;
    ana_lexicon_t *lex;
    FILE *f;

    make_lists();
    ana_lexicon_free(load_lists(dir, &words, &mapped));
    lex = load_lists(dir, &words, &mapped);
    CHECK(mapped && !has(lex, "nyttord"));
    ana_lexicon_free(lex);

    /* A list that grows. */
    f = fopen(lists[1], "a");
    CHECK(f != NULL);
    if (f) {
        fputs("Nyttord\n", f);
        fclose(f);
    }
    lex = load_lists(dir, &words, &mapped);
    CHECK(!mapped && has(lex, "nyttord") && words == NWORDS + EXTRA + 1);
    ana_lexicon_free(lex);
    lex = load_lists(dir, &words, &mapped);
    CHECK(mapped && has(lex, "nyttord") && words == NWORDS + EXTRA + 1);
    ana_lexicon_free(lex);

    /* A list installed since. */
    f = fopen(lists[2], "w");
    CHECK(f != NULL);
    if (f) {
        fputs("tredjeliste\n", f);
        fclose(f);
    }
    lex = load_lists(dir, &words, &mapped);
    CHECK(!mapped && has(lex, "tredjeliste"));
    ana_lexicon_free(lex);
    lex = load_lists(dir, &words, &mapped);
    CHECK(mapped && has(lex, "tredjeliste") && has(lex, "nyttord"));
    ana_lexicon_free(lex);
    /* One table file per set of lists, replaced rather than added to. */
    CHECK(*table_in(dir));
    remove_lists();
    remove_dir(dir);
}

/* Replaces the table file at PATH with LEN bytes of DATA. */
static void put_file(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (f) {
        CHECK(fwrite(data, 1, len, f) == len);
        fclose(f);
    }
}

TEST(table_file_damaged_is_ignored)
{
    char *dir = temp_dir();
    char path[4096];
    char *good = NULL;
    long size = 0, words;
    int mapped, failures = 0;
    ana_lexicon_t *text, *lex;
    FILE *f;

    make_lists();
    text = load_lists(NULL, &words, &mapped);
    ana_lexicon_free(load_lists(dir, &words, &mapped));
    snprintf(path, sizeof path, "%s", table_in(dir));
    CHECK(*path);
    f = fopen(path, "rb");
    if (f && fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) > 0 && (good = malloc((size_t)size)) &&
        fseek(f, 0, SEEK_SET) == 0)
        CHECK(fread(good, 1, (size_t)size, f) == (size_t)size);
    if (f)
        fclose(f);
    CHECK(good != NULL);

    for (int round = 0; good && round < 64; round++) {
        char *bad = malloc((size_t)size);
        size_t len = (size_t)size;
        memcpy(bad, good, len);
        if (round < 16) {
            len = (size_t)size * (size_t)round / 16;           /* truncated */
        } else if (round < 48) {
            /* One byte changed: in the header, then spread over the rest. */
            size_t at = round < 24 ? (size_t)(round - 16) * 9 : (size_t)size / 24 * (size_t)(round - 24);
            bad[at] ^= 0x20;
        } else {
            /* Garbage of the right size, then with the header intact. */
            srand((unsigned)round);
            for (size_t i = round < 56 ? 0 : 128; i < len; i++)
                bad[i] = (char)rand();
        }
        put_file(path, bad, len);
        lex = load_lists(dir, &words, &mapped);
        if (mapped || words != NWORDS + EXTRA || same_answers(text, lex, 600) != 0) {
            printf("#   round %d: mapped %d, %ld words\n", round, mapped, words);
            failures++;
        }
        ana_lexicon_free(lex);
        /* Reading the lists wrote a good table again. */
        lex = load_lists(dir, &words, &mapped);
        failures += !mapped;
        ana_lexicon_free(lex);
        free(bad);
    }
    CHECK(failures == 0);
    /* A cache directory that cannot be made only costs the table. */
    put_file(path, "x", 1);
    snprintf(path + strlen(path), sizeof path - strlen(path), "%s", "/sub");
    lex = load_lists(path, &words, &mapped);
    CHECK(!mapped && words == NWORDS + EXTRA && same_answers(text, lex, 600) == 0);
    ana_lexicon_free(lex);
    ana_lexicon_free(text);
    free(good);
    remove_lists();
    remove_dir(dir);
}

/* ------------------------------------------------------------------ */
/* The real lists                                                      */

static ana_lexicon_t *real;
static char *extra_list;
static char *real_cache;

/* Loads the default lists once, with REFERAT_LEXICON naming a small
 * list of our own; NULL when bokmaal is not installed. */
static ana_lexicon_t *real_lexicon(void)
{
    static int tried;
    static const char extra[] = "referatsordet\nMRg-FUS\n";

    if (tried)
        return real;
    tried = 1;
    if (access("/usr/share/dict/bokmaal", R_OK) != 0)
        return NULL;
    extra_list = temp_file(extra, sizeof extra - 1);
    if (extra_list) {
        char *env = malloc(strlen(extra_list) + 32);
        if (env) {
            /* Empty and missing entries are skipped. */
            sprintf(env, ":%s::/nonexistent/list", extra_list);
            setenv("REFERAT_LEXICON", env, 1);
            free(env);
        }
    }
    /* The table file goes to a directory of the test's own. */
    real_cache = temp_dir();
    if (real_cache)
        setenv("REFERAT_CACHE", real_cache, 1);
    real = ana_lexicon_new();
    if (real && ana_lexicon_load_default(real) <= 0) {
        ana_lexicon_free(real);
        real = NULL;
    }
    return real;
}

#define NEED_REAL(lex)                                                     \
    ana_lexicon_t *lex = real_lexicon();                                   \
    if (!lex) {                                                            \
        printf("# skipped: /usr/share/dict/bokmaal is not installed\n");   \
        return;                                                            \
    }

TEST(real_load_default)
{
    NEED_REAL(lex);
    CHECK(ana_lexicon_size(lex) > 1000000);
    CHECK(has(lex, "behandling"));
    CHECK(has(lex, "blåbær"));              /* from Latin-1 */
    CHECK(has(lex, "oslo"));                /* lower-cased */
    CHECK(has(lex, "referatsordet"));       /* from REFERAT_LEXICON */
    CHECK(has(lex, "mrg-fus"));
    CHECK(!has(lex, "xqzvbnmk"));
    if (access("/usr/share/dict/danish", R_OK) == 0)
        CHECK(has(lex, "kræft"));
}

/* Every line of the installed lists, and words near them, get the same
 * answers from the lists read as text and from their table file. */
TEST(real_table_file_answers_as_the_lists)
{
    static const char *const paths[] = {
        "/usr/share/dict/bokmaal", "/usr/share/dict/nynorsk", "/usr/share/dict/danish",
    };
    ana_lexicon_t *text, *mapped;
    char *dir;
    long words, lines = 0, found = 0, diff = 0;

    NEED_REAL(lex);
    dir = temp_dir();
    text = ana_lexicon_new();
    words = ana_lexicon_load_lists(text, paths, 3, NULL);
    CHECK(words > 1000000);
    mapped = ana_lexicon_new();
    CHECK(ana_lexicon_load_lists(mapped, paths, 3, dir) == words);   /* writes the table */
    ana_lexicon_free(mapped);
    mapped = ana_lexicon_new();
    CHECK(ana_lexicon_load_lists(mapped, paths, 3, dir) == words);   /* maps it */
    CHECK(ana_lexicon_mapped(mapped));
    /* load_default's lexicon wrote its table; the next one maps it. */
    {
        ana_lexicon_t *again = ana_lexicon_new();
        CHECK(ana_lexicon_load_default(again) > 1000000);
        CHECK(ana_lexicon_mapped(again) && !ana_lexicon_mapped(lex));
        CHECK(ana_lexicon_size(again) == ana_lexicon_size(lex));
        CHECK(has(again, "referatsordet"));
        ana_lexicon_free(again);
    }
    CHECK(ana_lexicon_size(mapped) == ana_lexicon_size(text));
    for (size_t p = 0; p < 3; p++) {
        FILE *f = fopen(paths[p], "rb");
        char line[512], w[1024];

        while (f && fgets(line, sizeof line, f)) {
            size_t n = 0;
            /* Lower-cased the way the lists are stored, for the usual
             * letters: ASCII, and Latin-1 or UTF-8 À..Þ. */
            for (const unsigned char *c = (const unsigned char *)line; *c && *c != '\n'; c++) {
                unsigned ch = *c;
                if (ch >= 'A' && ch <= 'Z')
                    ch += 32;
                if (p < 2 && ch >= 0x80) {       /* bokmål and nynorsk are Latin-1 */
                    if (ch >= 0xC0 && ch <= 0xDE && ch != 0xD7)
                        ch += 32;
                    w[n++] = (char)(0xC0 | (ch >> 6));
                    ch = 0x80 | (ch & 0x3F);
                } else if (p == 2 && ch == 0xC3 && c[1] >= 0x80 && c[1] <= 0x9E && c[1] != 0x97) {
                    w[n++] = (char)ch;
                    ch = *++c + 32;
                }
                w[n++] = (char)ch;
            }
            if (n == 0)
                continue;
            lines++;
            found += ana_lexicon_has(text, w, n);
            diff += ana_lexicon_has(text, w, n) != ana_lexicon_has(mapped, w, n);
            /* Near misses: a changed last letter, one letter less, one more. */
            w[n] = 'q';
            diff += ana_lexicon_has(text, w, n + 1) != ana_lexicon_has(mapped, w, n + 1);
            diff += ana_lexicon_has(text, w, n - 1) != ana_lexicon_has(mapped, w, n - 1);
            w[n - 1] ^= 1;
            diff += ana_lexicon_has(text, w, n) != ana_lexicon_has(mapped, w, n);
        }
        if (f)
            fclose(f);
    }
    printf("# %ld lines, %ld found, %ld different answers\n", lines, found, diff);
    CHECK(lines > 1000000);
    CHECK(found > lines / 100 * 99);
    CHECK(diff == 0);
    CHECK_STR(split(mapped, "rehabiliteringsopphold"), "rehabilitering(s) opphold");
    ana_lexicon_free(text);
    ana_lexicon_free(mapped);
    remove_dir(dir);
}

TEST(real_splits)
{
    NEED_REAL(lex);
    CHECK_STR(split(lex, "rehabiliteringsopphold"), "rehabilitering(s) opphold");
    CHECK_STR(split(lex, "medikamentutprøvingsstudier"),
              "medikament utprøving(s) studier");
    CHECK_STR(split(lex, "bygningsloven"), "bygning(s) loven");
    CHECK_STR(split(lex, "arbeidsgruppen"), "arbeid(s) gruppen");
    CHECK_STR(split(lex, "kvalitetsregister"), "kvalitet(s) register");
    CHECK_STR(split(lex, "prosjektplan"), "prosjekt plan");
    /* "dekningsgrad" is a word; the head is "stall", not s + "tall",
     * because the longest head wins and "grad" does not demand an "s". */
    CHECK_STR(split(lex, "dekningsgradstall"), "dekningsgrad stall");
    if (access("/usr/share/dict/danish", R_OK) == 0) {
        CHECK_STR(split(lex, "ultralydsbehandling"), "ultralyd(s) behandling");
        CHECK_STR(split(lex, "børnekræft"), "børn(e) kræft");
        CHECK_STR(split(lex, "patientforløb"), "patient forløb");
    }
}

TEST(real_non_compounds)
{
    static const char *const words[] = {
        "behandling", "behandlingen", "kommunen", "organisasjon",
        "informasjon", "representant", "pasienten", "pasienter",
        "rapporten", "samarbeid", "kontroll", "professor", "tilstand",
        "henvisning", "tjenester", "neuromodulation", "formanden",
    };
    NEED_REAL(lex);
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        const char *got = split(lex, words[i]);
        if (*got)
            printf("#   %s -> %s\n", words[i], got);
        CHECK(*got == '\0');
    }
}

int main(void)
{
    RUN(new_and_free);
    RUN(add_and_has);
    RUN(add_lowercases_and_composes);
    RUN(duplicates_and_empty_words);
    RUN(growth_past_many_thousand_words);
    RUN(load_utf8_list);
    RUN(load_latin1_list);
    RUN(load_missing_file);
    RUN(split_plain_and_linked);
    RUN(split_link_preferences);
    RUN(split_fewest_parts);
    RUN(split_min_part_length);
    RUN(split_too_short_or_too_long);
    RUN(split_max_parts);
    RUN(split_utf8_boundaries);
    RUN(split_guards);
    RUN(split_bad_arguments);
    RUN(table_file_answers_as_the_lists);
    RUN(table_file_follows_changed_lists);
    RUN(table_file_damaged_is_ignored);
    RUN(real_load_default);
    RUN(real_table_file_answers_as_the_lists);
    RUN(real_splits);
    RUN(real_non_compounds);
    ana_lexicon_free(real);
    remove_temp(extra_list);
    remove_dir(real_cache);
    return tap_done();
}
