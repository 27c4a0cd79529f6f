/* gen.c - referat-gen: writes a corpus of synthetic but realistic
 * Norwegian and Danish health-governance minutes, of any size, for
 * measuring the indexer and the query side.
 *
 * Usage: referat-gen --mb N [--seed S] [--damage RATE] DIR
 *
 * Writes DIR/<body>/<year>/<file>.txt until the files hold N MB in all
 * (1 MB = 1 000 000 bytes; N may have decimals), then prints one summary
 * line on standard error.  The same --mb, --seed and --damage give a
 * byte-identical corpus on any machine: all choices come from the
 * program's own xoshiro256** generator and integer arithmetic (no rand(),
 * clock, locale or libm).  Memory stays small: one file is built at a
 * time, and the state kept per body is a few hundred bytes.
 *
 * The plan.  About one file per 12 kB asked for; 22 bodies with names of
 * their own and, for large corpora, more made from kinds, topics and
 * regions (so a body meets some 8 times a year, as real ones do; at most
 * 2000 bodies).  Each body's meetings are spread evenly over the years
 * it met (1998 to mid-2026) and numbered in order, so its cases ("Sak
 * 14/2019") run on from meeting to meeting and later minutes can cite
 * earlier ones.  File sizes are drawn around the remaining bytes per
 * remaining file, between 3 and 40 kB, so the total lands within a file
 * of the request.
 *
 * Damage (--damage, default 0.02): the share of words OCR-damaged over
 * the whole corpus.  15 % of the files are heavily scanned (four times
 * the rate), 25 % lightly (1.6 times), the rest clean.  At 0.02 and
 * above the layout damage is at full strength: scanned files hard-wrapped
 * at 78-92 columns with words hyphen-broken across lines, PDF-extracted
 * files with a blank line after every line (more of them Danish), 3 % of
 * the files in Windows-1252, most of those with CRLF line ends.  Below
 * 0.02 the layout damage shrinks in proportion; 0 writes clean UTF-8, one
 * line per paragraph.
 *
 * Exit status: 0 on success, 1 when a file cannot be written, 2 on a
 * usage error.
 */
#include "gen_words.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char *prog = "referat-gen";

#define AVG_FILE 12000u     /* bytes per file the plan assumes */
#define MIN_FILE 3700u
#define MAX_FILE 37000u     /* before layout damage, which adds a few percent */
#define MAX_BODIES 2000
#define FULL_DAMAGE 20000u  /* ppm: the rate at which layout damage is at full strength */

static void usage(FILE *f)
{
    fprintf(f,
            "Usage: %s --mb N [--seed S] [--damage RATE] DIR\n"
            "Write synthetic Norwegian and Danish minutes into DIR/<body>/<year>/*.txt\n"
            "until they hold N MB (1 MB = 1 000 000 bytes).\n"
            "\n"
            "  --mb N         total size in MB, decimals allowed (required)\n"
            "  --seed S       a number; the same seed and size give the same files (default 1)\n"
            "  --damage RATE  share of words OCR-damaged, 0..1 or a percentage such as 2%%\n"
            "                 (default 0.02); also scales the layout damage; 0 writes clean text\n"
            "  -h, --help     show this help\n",
            prog);
}

static int usage_error(const char *msg, const char *arg)
{
    fprintf(stderr, "%s: %s%s%s\n", prog, msg, arg ? ": " : "", arg ? arg : "");
    fprintf(stderr, "Usage: %s --mb N [--seed S] [--damage RATE] DIR (see --help)\n", prog);
    return 2;
}

/* Parses a decimal "12", "0.5", "2.25" into millionths; -1 when
 * malformed or too large. */
static long long millionths(const char *s, int *percent)
{
    long long whole = 0, frac = 0, scale = 1000000;
    int digits = 0;
    const char *p = s;
    *percent = 0;
    while (*p >= '0' && *p <= '9') {
        whole = whole * 10 + (*p++ - '0');
        digits++;
        if (whole > 1000000000LL)
            return -1;
    }
    if (*p == '.') {
        p++;
        while (*p >= '0' && *p <= '9') {
            digits++;
            if (scale > 1) {
                scale /= 10;
                frac += (*p - '0') * scale;
            }
            p++;
        }
    }
    if (*p == '%') {
        *percent = 1;
        p++;
    }
    if (digits == 0 || *p != '\0')
        return -1;
    return whole * 1000000LL + frac;
}

/* ---------------------------------------------------------------- */
/* Calendar                                                           */

/* Days since 1970-01-01 of a civil date, and back (H. Hinnant). */
static long days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, int *y, int *m, int *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

/* 0 = Monday. 1970-01-01 was a Thursday. */
static int weekday_of(long z) { return (int)(((z % 7) + 7 + 3) % 7); }

/* ---------------------------------------------------------------- */
/* Bodies                                                             */

typedef struct {
    char name[200], shortname[64], slug[100], kindslug[40];
    int lang, from, to;
    long d0, d1;              /* first and last day it may meet */
    uint32_t planned, made;   /* meetings */
    long last_day;
    int same_day;             /* meetings already on last_day */
    int prev_y, prev_m, prev_d;
    uint16_t next_case[GEN_NYEARS];
    uint32_t made_years;      /* bit per year: folder exists */
    int made_dir;
    gen_ref_t refs[GEN_REFS];
    size_t nrefs;
    uint32_t topic_nouns[GEN_TOPIC], topic_mods[GEN_TOPIC];
    uint64_t people_seed;
    int meeting_base, header_style, name_style;
} body_t;

/* ASCII folder name: lower case, æ ø å folded, other runs to '-'. */
static void slugify(const char *s, char *out, size_t n)
{
    size_t o = 0;
    int dash = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p && o + 3 < n; p++) {
        const char *rep = NULL;
        char one[2] = { 0, 0 };
        if (*p == 0xC3 && p[1]) {
            unsigned char d = p[1] | 0x20;
            p++;
            rep = d == 0xA6 ? "ae" : d == 0xB8 ? "o" : d == 0xA5 ? "a" : d == 0xA9 ? "e" : "";
        } else if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')) {
            one[0] = (char)*p;
            rep = one;
        } else if (*p >= 'A' && *p <= 'Z') {
            one[0] = (char)(*p + 32);
            rep = one;
        }
        if (!rep) {
            dash = o > 0;
            continue;
        }
        if (!*rep)
            continue;
        if (dash && o + 1 < n)
            out[o++] = '-';
        dash = 0;
        while (*rep && o + 1 < n)
            out[o++] = *rep++;
    }
    while (o > 0 && out[o - 1] == '-')
        o--;
    if (o > 60)
        o = 60;
    while (o > 0 && out[o - 1] == '-')
        o--;
    out[o] = '\0';
}

static size_t nlist(const char *const *v)
{
    size_t n = 0;
    while (v[n])
        n++;
    return n;
}

static void make_body(body_t *b, size_t j, uint64_t seed, gen_lex_t *const lex[2])
{
    memset(b, 0, sizeof *b);
    uint64_t h = gen_mix(seed ^ gen_mix(0xB0D1E5 + j));
    size_t ncore = 0;
    while (gen_bodies[ncore].name)
        ncore++;
    if (j < ncore) {
        const gen_body_def_t *d = &gen_bodies[j];
        snprintf(b->name, sizeof b->name, "%s", d->name);
        snprintf(b->shortname, sizeof b->shortname, "%s", d->shortname);
        snprintf(b->slug, sizeof b->slug, "%s", d->slug);
        b->lang = d->lang;
        b->from = d->from;
        b->to = d->to;
    } else {
        /* Made from kind x topic x region, six Norwegian to four Danish. */
        size_t k = j - ncore;
        b->lang = k % 5 == 1 || k % 5 == 3 ? GEN_DA : GEN_NB;
        const gen_lang_t *L = b->lang == GEN_DA ? &gen_lang_da : &gen_lang_nb;
        size_t nk = nlist(L->kinds), nt = nlist(L->topics), nr = nlist(L->regions);
        size_t i = k / 5 * 3 + k % 5; /* spreads the languages' own indexes */
        size_t kind = i % nk, topic = i / nk % nt, region = i / (nk * nt) % nr;
        if (b->lang == GEN_DA && i / (nk * nt) % 2 == 0)
            snprintf(b->name, sizeof b->name, "%s %s", L->kinds[kind], L->topics[topic]);
        else
            snprintf(b->name, sizeof b->name, "%s %s, %s", L->kinds[kind], L->topics[topic],
                     L->regions[region]);
        snprintf(b->shortname, sizeof b->shortname, "%s", L->kind_short[kind]);
        char s[100];
        slugify(b->name, s, sizeof s);
        snprintf(b->slug, sizeof b->slug, "%.60s-%u", s, (unsigned)(k + 1));
        b->from = GEN_YEAR0 + (int)(h % 16);
        b->to = b->from + 8 + (int)((h >> 8) % 20);
        if (b->to > GEN_YEAR1)
            b->to = GEN_YEAR1;
    }
    slugify(b->shortname, b->kindslug, sizeof b->kindslug);
    b->d0 = days_from_civil(b->from, 1, 5);
    b->d1 = b->to == GEN_YEAR1 ? days_from_civil(GEN_YEAR1, 6, 30)
                               : days_from_civil(b->to, 12, 15);
    b->last_day = -1;
    b->people_seed = gen_mix(h ^ 0x9E0);
    b->meeting_base = (int)((h >> 16) % 40);
    b->header_style = (int)((h >> 24) % 3);
    b->name_style = (int)((h >> 28) % 3);
    const gen_lex_t *x = lex[b->lang];
    for (int i = 0; i < GEN_TOPIC; i++) {
        uint64_t t = gen_mix(h + 17u * (uint64_t)i);
        b->topic_nouns[i] = (uint32_t)(t % gen_lex_nouns(x));
        b->topic_mods[i] = (uint32_t)((t >> 32) % gen_lex_mods(x));
    }
}

/* The day of meeting K of body B: evenly spread over its years while
 * K < planned, then (only when the plan ran short) a van der Corput
 * sequence over the same years.  Weekends move to Monday. */
static long meeting_day(const body_t *b, uint32_t k, gen_rng_t *r)
{
    uint64_t span = (uint64_t)(b->d1 - b->d0 + 1);
    long day;
    if (k < b->planned) {
        uint64_t u = gen_rng_below(r, 65536);
        day = b->d0 + (long)((((uint64_t)k << 16) + u) * span / ((uint64_t)b->planned << 16));
    } else {
        uint32_t v = 0, n = k - b->planned + 1;
        for (int i = 0; i < 32; i++, n >>= 1)
            v = (v << 1) | (n & 1);
        day = b->d0 + (long)((uint64_t)v * span >> 32);
    }
    int wd = weekday_of(day);
    if (wd >= 5)
        day += 7 - wd;
    return day;
}

/* ---------------------------------------------------------------- */
/* Layout damage                                                      */

typedef struct {
    int width;          /* wrap at this many characters; 0 none */
    int pdf;            /* a blank line after every line, a trailing space on each */
    uint32_t hyph_ppm;  /* chance to hyphen-break a long word at a line end */
    int page_lines;     /* lines per page; 0 none */
    int page_mode;      /* 0 form feed, 1 leading space, 2 "Side N" footer */
} layout_t;

typedef struct {
    gen_buf_t *out;
    const layout_t *lo;
    gen_rng_t *r;
    int lines, page, lead;
} lay_t;

static int is_cont(unsigned char c) { return (c & 0xC0) == 0x80; }

static int is_vowel(const char *s)
{
    unsigned char c = (unsigned char)s[0] | 0x20;
    if (strchr("aeiouy", c) && c)
        return 1;
    if ((unsigned char)s[0] == 0xC3) {
        unsigned char d = (unsigned char)s[1] | 0x20;
        return d == 0xA6 || d == 0xB8 || d == 0xA5 || d == 0xA9;
    }
    return 0;
}

static void emit_line(lay_t *y, const char *s, size_t n)
{
    gen_buf_t *o = y->out;
    const layout_t *lo = y->lo;
    if (lo->page_lines && y->lines >= lo->page_lines) {
        y->lines = 0;
        y->page++;
        if (lo->page_mode == 0) {
            gen_buf_putc(o, '\f');
        } else if (lo->page_mode == 1) {
            y->lead = 1;
        } else {
            gen_buf_printf(o, "\nSide %d\n\n", y->page);
        }
    }
    if (y->lead && n > 0) {
        gen_buf_putc(o, ' ');
        y->lead = 0;
    }
    gen_buf_put(o, s, n);
    if (lo->pdf)
        gen_buf_puts(o, " \n\n");
    else
        gen_buf_putc(o, '\n');
    y->lines++;
}

/* Where to break the word W (N bytes, letters only) so that its first
 * part, a hyphen included, takes at most ROOM characters: a byte offset
 * between two consonants after a vowel ("behand-ling") or before a
 * consonant that a vowel follows ("be-handling"); 0 when there is none. */
static size_t hyphen_point(const char *w, size_t n, int room)
{
    size_t best = 0;
    int chars = 0;
    size_t idx[128];
    size_t k = 0;
    for (size_t i = 0; i < n && k < 128; i++)
        if (!is_cont((unsigned char)w[i]))
            idx[k++] = i;
    if (k < 8 || k >= 128)
        return 0;
    for (size_t c = 3; c + 3 <= k; c++) {
        chars = (int)c;
        if (chars + 1 > room)
            break;
        const char *a = w + idx[c - 1], *b = w + idx[c], *nx = w + idx[c + 1];
        /* The second part starts a syllable: a consonant and a vowel;
         * never inside "ng" or before j or h ("sj", "kj", "gh"). */
        int ok = !is_vowel(b) && is_vowel(nx) && *b != 'j' && *b != 'h' &&
                 !(*a == 'n' && *b == 'g');
        if (ok)
            best = idx[c];
    }
    return best;
}

/* A word fit for breaking: letters, lower case after its first. */
static size_t letters_end(const char *w, size_t n)
{
    size_t e = 0;
    while (e < n) {
        unsigned char c = (unsigned char)w[e];
        if (c >= 'a' && c <= 'z')
            e++;
        else if (c == 0xC3 && e + 1 < n && (unsigned char)w[e + 1] >= 0xA0)
            e += 2;
        else if (e == 0 && ((c >= 'A' && c <= 'Z') || c == 0xC3))
            e += c == 0xC3 ? 2 : 1;
        else
            break;
    }
    return e;
}

static void wrap_line(lay_t *y, const char *s, size_t n)
{
    const layout_t *lo = y->lo;
    while (n > 0) {
        /* Characters of S and the byte offset where column WIDTH ends. */
        int col = 0;
        size_t i = 0, last_space = 0;
        int have_space = 0;
        while (i < n) {
            if (!is_cont((unsigned char)s[i])) {
                if (col == lo->width)
                    break;
                col++;
            }
            if (s[i] == ' ') {
                last_space = i;
                have_space = 1;
            }
            i++;
        }
        if (i >= n) {
            emit_line(y, s, n);
            return;
        }
        if (s[i] == ' ') { /* the break falls on a space */
            emit_line(y, s, i);
            s += i + 1;
            n -= i + 1;
            continue;
        }
        /* The word that crosses the margin starts after LAST_SPACE. */
        size_t ws = have_space ? last_space + 1 : 0, we = ws;
        while (we < n && s[we] != ' ')
            we++;
        int used = 0;
        for (size_t k = 0; k < ws; k++)
            used += !is_cont((unsigned char)s[k]);
        size_t le = letters_end(s + ws, we - ws);
        if (le >= 8 && lo->hyph_ppm && gen_rng_ppm(y->r, lo->hyph_ppm)) {
            size_t hp = hyphen_point(s + ws, le, lo->width - used);
            if (hp) {
                gen_buf_t tmp = { 0 };
                gen_buf_put(&tmp, s, ws + hp);
                gen_buf_putc(&tmp, '-');
                emit_line(y, tmp.p, tmp.n);
                gen_buf_free(&tmp);
                s += ws + hp;
                n -= ws + hp;
                continue;
            }
        }
        if (!have_space || last_space == 0) {
            /* One long token: let it run past the margin. */
            size_t e = we;
            emit_line(y, s, e);
            while (e < n && s[e] == ' ')
                e++;
            s += e;
            n -= e;
            continue;
        }
        emit_line(y, s, last_space);
        s += last_space + 1;
        n -= last_space + 1;
    }
}

static void layout(gen_buf_t *out, const gen_buf_t *in, const layout_t *lo, gen_rng_t *r)
{
    lay_t y = { out, lo, r, 0, 1, lo->pdf }; /* PDF text starts with a space */
    size_t pos = 0;
    while (pos < in->n) {
        const char *nl = memchr(in->p + pos, '\n', in->n - pos);
        size_t e = nl ? (size_t)(nl - in->p) : in->n;
        const char *s = in->p + pos;
        size_t n = e - pos;
        if (n == 0) {
            /* A paragraph break: PDF extraction leaves a line of spaces. */
            gen_buf_puts(out, lo->pdf ? (gen_rng_below(r, 4) ? " \n\n" : "  \n\n") : "\n");
        } else if (lo->width == 0) {
            emit_line(&y, s, n);
        } else {
            wrap_line(&y, s, n);
        }
        pos = e + 1;
    }
}

/* UTF-8 to Windows-1252 (characters it lacks become '?'), LF to CRLF
 * when asked. */
static void to_cp1252(gen_buf_t *out, const gen_buf_t *in, int crlf)
{
    const unsigned char *p = (const unsigned char *)in->p, *end = p + in->n;
    gen_buf_reserve(out, in->n * 2);
    while (p < end) {
        unsigned c = *p, cp;
        int k = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        if (p + k > end)
            k = 1;
        cp = k == 1 ? c : k == 2 ? ((c & 0x1F) << 6) | (p[1] & 0x3F)
                 : k == 3 ? ((c & 0x0F) << 12) | ((p[1] & 0x3F) << 6) | (p[2] & 0x3F)
                          : 0xFFFD;
        p += k;
        if (cp == '\n' && crlf) {
            out->p[out->n++] = '\r';
            out->p[out->n++] = '\n';
        } else if (cp < 0x80 || (cp >= 0xA0 && cp <= 0xFF)) {
            out->p[out->n++] = (char)cp;
        } else {
            char b = cp == 0x2013 ? (char)0x96 : cp == 0x2014 ? (char)0x97
                   : cp == 0x2022 ? (char)0x95 : cp == 0x20AC ? (char)0x80 : '?';
            out->p[out->n++] = b;
        }
    }
}

/* ---------------------------------------------------------------- */
/* Output                                                             */

static int mkdir_p(char *path)
{
    for (char *p = path + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        int rc = mkdir(path, 0777);
        *p = '/';
        if (rc != 0 && errno != EEXIST)
            return -1;
    }
    if (mkdir(path, 0777) != 0 && errno != EEXIST)
        return -1;
    return 0;
}

static int write_file(const char *path, const gen_buf_t *b)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0666);
    if (fd < 0)
        return -1;
    size_t off = 0;
    while (off < b->n) {
        ssize_t w = write(fd, b->p + off, b->n - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            int e = w < 0 ? errno : EIO;
            close(fd);
            errno = e;
            return -1;
        }
        off += (size_t)w;
    }
    return close(fd);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    uint64_t total = 0, seed = 1;
    uint32_t rate = 20000; /* ppm */
    const char *dir = NULL;
    int have_mb = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = NULL;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            usage(stdout);
            return 0;
        }
        const char *opts[] = { "--mb", "--seed", "--damage" };
        int which = -1;
        for (int k = 0; k < 3; k++) {
            size_t n = strlen(opts[k]);
            if (strncmp(a, opts[k], n) == 0 && (a[n] == '\0' || a[n] == '=')) {
                which = k;
                if (a[n] == '=')
                    v = a + n + 1;
                else if (i + 1 < argc)
                    v = argv[++i];
                else
                    return usage_error("missing value for", a);
            }
        }
        if (which < 0) {
            if (a[0] == '-' && a[1] != '\0')
                return usage_error("unknown option", a);
            if (dir)
                return usage_error("only one directory, extra argument", a);
            dir = a;
            continue;
        }
        int percent;
        long long m;
        switch (which) {
        case 0:
            m = millionths(v, &percent);
            if (m <= 0 || percent || m > 1000000LL * 1000000LL)
                return usage_error("--mb wants a size in MB above 0 (up to 1000000)", v);
            total = (uint64_t)m; /* millionths of a MB are bytes */
            have_mb = 1;
            break;
        case 1: {
            char *end;
            errno = 0;
            if (!(*v >= '0' && *v <= '9'))
                return usage_error("--seed wants a non-negative integer", v);
            unsigned long long s = strtoull(v, &end, 10);
            if (errno || *end)
                return usage_error("--seed wants a non-negative integer", v);
            seed = s;
            break;
        }
        default:
            m = millionths(v, &percent);
            if (m >= 0 && percent)
                m /= 100;
            if (m < 0 || m > 1000000)
                return usage_error("--damage wants a rate from 0 to 1 (or 0% to 100%)", v);
            rate = (uint32_t)m;
            break;
        }
    }
    if (!have_mb)
        return usage_error("--mb is required", NULL);
    if (!dir || !*dir)
        return usage_error("no output directory given", NULL);

    double t0 = now();
    char root[4096];
    snprintf(root, sizeof root, "%s", dir);
    size_t rl = strlen(root);
    while (rl > 1 && root[rl - 1] == '/')
        root[--rl] = '\0';
    if (rl + 300 >= sizeof root)
        return usage_error("directory name too long", dir);
    if (mkdir_p(root) != 0) {
        fprintf(stderr, "%s: %s: %s\n", prog, dir, strerror(errno));
        return 1;
    }

    gen_lex_t *lex[2] = { gen_lex_new(&gen_lang_nb), gen_lex_new(&gen_lang_da) };

    /* The plan: files, bodies, meetings per body. */
    uint64_t files = (total + AVG_FILE / 2) / AVG_FILE;
    if (files < 1)
        files = 1;
    size_t ncore = 0;
    while (gen_bodies[ncore].name)
        ncore++;
    uint64_t nb64 = files / 160;
    size_t nbodies = nb64 < ncore ? ncore : nb64 > MAX_BODIES ? MAX_BODIES : (size_t)nb64;
    body_t *bodies = gen_xmalloc(nbodies * sizeof *bodies);
    uint64_t years = 0;
    for (size_t j = 0; j < nbodies; j++) {
        make_body(&bodies[j], j, seed, lex);
        years += (uint64_t)(bodies[j].to - bodies[j].from + 1);
    }
    uint64_t cum = 0;
    uint32_t maxk = 0;
    for (size_t j = 0; j < nbodies; j++) {
        uint64_t y = (uint64_t)(bodies[j].to - bodies[j].from + 1);
        bodies[j].planned = (uint32_t)(files * (cum + y) / years - files * cum / years);
        cum += y;
        if (bodies[j].planned > maxk)
            maxk = bodies[j].planned;
    }

    gen_rng_t plan;
    gen_rng_seed(&plan, seed, 0x504C414EULL);
    gen_buf_t text = { 0 }, laid = { 0 }, enc = { 0 };
    gen_stats_t st = { 0, 0, 0, 0 };
    uint64_t written = 0, made = 0, per_lang[2] = { 0, 0 };
    char path[4096 + 400];
    int status = 0;

    for (uint32_t k = 0; written < total; k++) {
        for (size_t j = 0; j < nbodies && written < total; j++) {
            body_t *b = &bodies[j];
            if (k < maxk && k >= b->planned)
                continue;
            gen_rng_t r;
            gen_rng_seed(&r, seed, 1 + made);

            /* Size: the remaining bytes per remaining planned file, times
             * a factor of mean 1 (30 % small, 30 % medium, 28 % large,
             * 12 % very large). */
            uint64_t left = total - written;
            uint64_t avg = made < files ? left / (files - made) : left;
            uint32_t u = gen_rng_below(&plan, 100), f;
            if (u < 30)
                f = 300 + gen_rng_below(&plan, 300);
            else if (u < 60)
                f = 600 + gen_rng_below(&plan, 400);
            else if (u < 88)
                f = 1000 + gen_rng_below(&plan, 800);
            else
                f = 1800 + gen_rng_below(&plan, 1600);
            uint64_t target = made + 1 >= files ? left : avg * f / 1079;
            if (target < MIN_FILE)
                target = MIN_FILE;
            if (target > MAX_FILE)
                target = MAX_FILE;

            /* When and which case numbers. */
            long day = meeting_day(b, b->made, &r);
            int y, mo, d;
            civil_from_days(day, &y, &mo, &d);
            if (y > GEN_YEAR1)
                y = GEN_YEAR1;
            int yi = y - GEN_YEAR0;
            if (yi < 0)
                yi = 0;
            if (yi >= GEN_NYEARS)
                yi = GEN_NYEARS - 1;

            gen_meeting_t m;
            memset(&m, 0, sizeof m);
            m.lex = lex[b->lang];
            m.body = b->name;
            m.shortname = b->shortname;
            m.lang = b->lang;
            m.year = y;
            m.month = mo;
            m.day = d;
            m.wday = weekday_of(day);
            m.meeting_no = b->meeting_base + (int)b->made + 1;
            if (b->next_case[yi] > 950)
                b->next_case[yi] = 0;
            m.first_case = b->next_case[yi] + 1;
            m.prev_year = b->prev_y;
            m.prev_month = b->prev_m;
            m.prev_day = b->prev_d;
            m.refs = b->refs;
            m.nrefs = b->nrefs;
            m.topic_nouns = b->topic_nouns;
            m.topic_mods = b->topic_mods;
            m.people_seed = b->people_seed;
            m.target = (size_t)target;
            m.header_style = gen_rng_below(&r, 100) < 80 ? b->header_style : (int)gen_rng_below(&r, 3);

            /* Damage: the file's OCR profile and layout. */
            uint32_t scale = rate >= FULL_DAMAGE ? 1000000 : rate * (1000000 / FULL_DAMAGE);
            uint32_t pu = gen_rng_below(&r, 100), mf = 0; /* per mille of the rate */
            int scanned = 0;
            if (rate > 0 && pu < 15) {
                mf = 4000;
                scanned = 2;
            } else if (rate > 0 && pu < 40) {
                mf = 1600;
                scanned = 1;
            }
            if (mf) {
                /* Words so far per eligible weight: the word chance that
                 * gives the rate over the whole corpus (glued words take
                 * a twentieth of it). */
                uint64_t want = (uint64_t)rate * mf / 1000;
                uint64_t wp = want * 19 / 20 * (st.ocr_words + 1000) * 100 / (st.ocr_eligible + 30000);
                m.ocr.word_ppm = wp > 1000000 ? 1000000 : (uint32_t)wp;
                uint64_t gp = want / 20;
                m.ocr.glue_ppm = gp > 1000000 ? 1000000 : (uint32_t)gp;
                m.ocr.heavy = scanned == 2;
                m.ocr.bullets = scanned == 2 && gen_rng_below(&r, 100) < 60;
            }
            layout_t lo = { 0, 0, 0, 0, 0 };
            uint32_t lu = gen_rng_below(&r, 1000000);
            if (scanned) {
                if (lu < (uint64_t)850000 * scale / 1000000) {
                    lo.width = 78 + (int)gen_rng_below(&r, 15);
                    lo.hyph_ppm = 200000;
                    if (gen_rng_below(&r, 100) < 30) {
                        lo.page_lines = 45 + (int)gen_rng_below(&r, 15);
                        lo.page_mode = 2;
                    }
                }
            } else {
                uint32_t pdf = b->lang == GEN_DA ? 450000 : 150000;
                uint32_t wrap = b->lang == GEN_DA ? 150000 : 250000;
                pdf = (uint32_t)((uint64_t)pdf * scale / 1000000);
                wrap = (uint32_t)((uint64_t)wrap * scale / 1000000);
                if (lu < pdf) {
                    lo.pdf = 1;
                    lo.width = 80 + (int)gen_rng_below(&r, 18);
                    lo.hyph_ppm = 500000;
                    lo.page_lines = 40 + (int)gen_rng_below(&r, 16);
                    lo.page_mode = (int)gen_rng_below(&r, 2);
                } else if (lu < pdf + wrap) {
                    lo.width = 70 + (int)gen_rng_below(&r, 21);
                    lo.hyph_ppm = 350000;
                }
            }
            int cp1252 = gen_rng_below(&r, 1000000) < (uint64_t)30000 * scale / 1000000;
            int crlf = cp1252 && gen_rng_below(&r, 100) < 70;

            if (lo.pdf) /* a trailing space and an empty line per line: about 5 % more */
                m.target = m.target * 95 / 100;
            text.n = laid.n = enc.n = 0;
            gen_compose(&text, &r, &m, &st);
            const gen_buf_t *final = &text;
            if (lo.width || lo.pdf) {
                layout(&laid, &text, &lo, &r);
                final = &laid;
            }
            if (cp1252) {
                to_cp1252(&enc, final, crlf);
                final = &enc;
            }

            /* DIR/<slug>/<year>/<name>.txt */
            int n = snprintf(path, sizeof path, "%s/%s", root, b->slug);
            if (!b->made_dir) {
                if (mkdir(path, 0777) != 0 && errno != EEXIST)
                    goto io_error;
                b->made_dir = 1;
            }
            n += snprintf(path + n, sizeof path - (size_t)n, "/%d", y);
            if (!(b->made_years & (1u << yi))) {
                if (mkdir(path, 0777) != 0 && errno != EEXIST)
                    goto io_error;
                b->made_years |= 1u << yi;
            }
            if (day == b->last_day)
                b->same_day++;
            else
                b->same_day = 0;
            char dup[16] = "";
            if (b->same_day)
                snprintf(dup, sizeof dup, "-%d", b->same_day + 1);
            switch (b->name_style + (b->lang == GEN_DA ? 3 : 0)) {
            case 0:
                snprintf(path + n, sizeof path - (size_t)n, "/%04d-%02d-%02d-%s-referat%s.txt", y,
                         mo, d, b->kindslug, dup);
                break;
            case 1:
                snprintf(path + n, sizeof path - (size_t)n, "/referat-%04d%02d%02d%s.txt", y, mo, d,
                         dup);
                break;
            case 2:
                snprintf(path + n, sizeof path - (size_t)n, "/referat-%s-mote-%03u.txt",
                         b->kindslug, b->made + 1);
                break;
            case 3:
                snprintf(path + n, sizeof path - (size_t)n, "/%04d-%02d-%02d-referat%s.txt", y, mo,
                         d, dup);
                break;
            case 4:
                snprintf(path + n, sizeof path - (size_t)n, "/referat-%d-moede.txt",
                         m.meeting_no);
                break;
            default:
                snprintf(path + n, sizeof path - (size_t)n, "/%04d%02d%02d_referat%s.txt", y, mo, d,
                         dup);
                break;
            }
            if (write_file(path, final) != 0)
                goto io_error;
            written += final->n;
            made++;
            per_lang[b->lang]++;

            /* Remember the meeting for the next ones. */
            b->last_day = day;
            b->prev_y = y;
            b->prev_m = mo;
            b->prev_d = d;
            b->made++;
            if (b->lang == GEN_NB)
                b->next_case[yi] = (uint16_t)(m.first_case - 1 + m.nitems);
            for (int i = 1; i < m.nitems - 1; i++) {
                if (gen_rng_below(&plan, 100) >= 50)
                    continue;
                gen_ref_t ref = { (int16_t)(b->lang == GEN_NB ? m.first_case + i : i + 1),
                                  (int16_t)y, (int8_t)mo, (int8_t)d };
                if (b->nrefs == GEN_REFS) {
                    memmove(b->refs, b->refs + 1, (GEN_REFS - 1) * sizeof *b->refs);
                    b->nrefs--;
                }
                b->refs[b->nrefs++] = ref;
            }
        }
    }
    goto done;

io_error:
    fprintf(stderr, "%s: %s: %s\n", prog, path, strerror(errno));
    status = 1;
done:;
    double secs = now() - t0;
    fprintf(stderr,
            "%s: %llu files (nb %llu, da %llu), %llu bytes (%.2f MB), %.2f%% of words damaged, "
            "%.2f s, %.1f MB/s\n",
            prog, (unsigned long long)made, (unsigned long long)per_lang[0],
            (unsigned long long)per_lang[1], (unsigned long long)written, (double)written / 1e6,
            st.words ? 100.0 * (double)st.damaged / (double)st.words : 0.0, secs,
            secs > 0 ? (double)written / 1e6 / secs : 0.0);
    gen_buf_free(&text);
    gen_buf_free(&laid);
    gen_buf_free(&enc);
    free(bodies);
    gen_lex_free(lex[0]);
    gen_lex_free(lex[1]);
    return status;
}
