/* split.c - minutes text -> passages.
 *
 * The source is read as lines; lines become segments (a long line is cut
 * into several); segments group into paragraphs at blank lines; and
 * paragraphs group into passages of roughly PSG_MIN_WORDS..PSG_MAX_WORDS
 * words and at most PSG_MAX_CHARS characters.  PDF extraction puts a blank line after every line of text, so
 * in such sources one blank line is only a line break and a paragraph
 * break needs two or more.  An agenda-item heading ("Sak 19/2023 ...",
 * "3) ...") starts a new passage once the current one holds real body
 * text, so a passage does not run from one item into the next.
 */
#include "passage/psg.h"
#include "passage/psg_private.h"

#include <stdlib.h>
#include <string.h>

/* How a segment joins the one before it in the passage text. */
enum { SEP_NONE, SEP_SPACE, SEP_LINE, SEP_PARA };

typedef struct {
    size_t s, e;        /* trimmed byte range in the source */
    uint32_t line, page;
    uint32_t words;
    uint32_t chars;     /* UTF-8 characters */
    int sep;            /* SEP_* before this segment */
    int heading;        /* the segment starts an agenda-item heading line */
} seg_t;

struct psg_list {
    psg_passage_t *items;
    size_t n, cap;
};

/* Longest segment cut from one line: long lines (a whole document on one
 * line, say) are cut at whitespace so passages stay bounded.  A single
 * token longer than PSG_MAX_CHARS is kept whole up to SEG_MAX_BYTES. */
#define SEG_MAX_WORDS 200
#define SEG_MAX_BYTES 4096

/* Longest line typical of PDF extraction (hard-wrapped at the page
 * width, with some slack for small fonts). */
#define PDF_LINE_BYTES 160

/* An agenda list: at least this many item lines, and a quarter of the
 * passage's lines. */
#define AGENDA_MIN_HEADINGS 3

/* Body words a passage needs before a heading may close it; keeps an
 * agenda list (headings only) together in one passage. */
#define HEADING_BODY_WORDS 12

static int is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v' || c == '\n';
}

static int is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

/* 1 for the first byte of a UTF-8 character (or a stray byte). */
static int starts_char(unsigned char c) { return (c & 0xC0) != 0x80; }

/* The UTF-8 characters of the N bytes at S. */
static uint32_t count_chars(const char *s, size_t n)
{
    uint32_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += (uint32_t)starts_char((unsigned char)s[i]);
    return c;
}

/* Bytes per word of a long token: a URL's host and path words are
 * searched one by one (lib/analysis/tokenize.c), so a link of 170 bytes
 * counts as about ten words, not one, and a list of links does not grow
 * a passage to thousands of bytes. */
#define LONG_TOKEN_BYTES 16

/* The words of the N bytes at S (a segment): white-space separated
 * tokens, a token of 2 * LONG_TOKEN_BYTES bytes or more counting one per
 * LONG_TOKEN_BYTES; at most PSG_MAX_WORDS, as a segment is never cut
 * again and a passage of one segment must stay within the bound. */
static uint32_t count_words(const char *s, size_t n)
{
    uint32_t w = 0;
    size_t start = 0;
    int in = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i == n || is_space((unsigned char)s[i])) {
            if (in) {
                size_t len = i - start;
                w += len < 2 * LONG_TOKEN_BYTES ? 1 : (uint32_t)(len / LONG_TOKEN_BYTES);
            }
            in = 0;
        } else if (!in) {
            in = 1;
            start = i;
        }
    }
    return w < PSG_MAX_WORDS ? w : PSG_MAX_WORDS;
}

/* Agenda-item headings in Norwegian and Danish minutes: "Sak 19/2023",
 * "Sak 24 /2023", "sak11/2022", "3) Title".  Structure proper (sections,
 * Danish "3. Title") is the minutes parser's job; this is only enough to
 * keep passages from spanning two items. */
int psg_is_heading(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && is_space((unsigned char)s[i]))
        i++;
    if (i + 3 < n && (s[i] == 'S' || s[i] == 's') && (s[i + 1] == 'a' || s[i + 1] == 'A') &&
        (s[i + 2] == 'k' || s[i + 2] == 'K')) {
        size_t j = i + 3, d = 0;
        while (j < n && s[j] == ' ')
            j++;
        while (j < n && is_digit((unsigned char)s[j]))
            j++, d++;
        while (j < n && s[j] == ' ')
            j++;
        if (d > 0 && j < n && s[j] == '/') {
            size_t y = 0;
            j++;
            while (j < n && s[j] == ' ')
                j++;
            while (j < n && is_digit((unsigned char)s[j]))
                j++, y++;
            return y >= 2;
        }
        return 0;
    }
    size_t d = 0;
    while (i < n && is_digit((unsigned char)s[i]) && d < 3)
        i++, d++;
    return d > 0 && d < 3 && i + 1 < n && s[i] == ')' && s[i + 1] == ' ';
}

/* ---- lines ---- */

typedef struct {
    size_t s, e;        /* without the newline, trimmed */
    uint32_t line, page;
    int blank;
} line_t;

typedef struct {
    line_t *v;
    size_t n, cap;
} lines_t;

static int lines_push(lines_t *ls, line_t l)
{
    if (ls->n == ls->cap) {
        size_t cap = ls->cap ? ls->cap * 2 : 256;
        line_t *v = realloc(ls->v, cap * sizeof *v);
        if (!v)
            return -1;
        ls->v = v;
        ls->cap = cap;
    }
    ls->v[ls->n++] = l;
    return 0;
}

static int read_lines(const char *src, size_t len, lines_t *ls)
{
    uint32_t lineno = 1, page = 1;
    size_t i = 0;
    while (i < len) {
        size_t ls0 = i;
        uint32_t start_page = page;
        while (i < len && src[i] != '\n') {
            if (src[i] == '\f')
                page++;
            i++;
        }
        size_t s = ls0, e = i;
        /* A form feed at the start of a line belongs to the new page. */
        while (s < e && is_space((unsigned char)src[s])) {
            if (src[s] == '\f')
                start_page++;
            s++;
        }
        while (e > s && is_space((unsigned char)src[e - 1]))
            e--;
        line_t l = { s, e, lineno, start_page, s == e };
        if (lines_push(ls, l) < 0)
            return -1;
        if (i < len)
            i++; /* the newline */
        lineno++;
    }
    return 0;
}

static int pdf_style(const lines_t *ls)
{
    size_t text = 0, followed = 0, short_lines = 0;
    for (size_t i = 0; i < ls->n; i++) {
        if (ls->v[i].blank)
            continue;
        text++;
        if (ls->v[i].e - ls->v[i].s <= PDF_LINE_BYTES)
            short_lines++;
        if (i + 1 < ls->n && ls->v[i + 1].blank)
            followed++;
    }
    /* The last text line often has no blank line after it. */
    /* PDF lines are hard-wrapped; one-line paragraphs of an ordinary
     * text file (a word processor export) are long, so they do not pass. */
    return text >= 4 && (followed + 1) * 10 >= text * 8 && short_lines * 10 >= text * 8;
}

int psg_is_pdf_style(const char *src, size_t len)
{
    lines_t ls = { 0 };
    int r = 0;
    if (read_lines(src, len, &ls) == 0)
        r = pdf_style(&ls);
    free(ls.v);
    return r;
}

/* ---- segments ---- */

typedef struct {
    seg_t *v;
    size_t n, cap;
} segs_t;

static int segs_push(segs_t *ss, seg_t g)
{
    if (ss->n == ss->cap) {
        size_t cap = ss->cap ? ss->cap * 2 : 256;
        seg_t *v = realloc(ss->v, cap * sizeof *v);
        if (!v)
            return -1;
        ss->v = v;
        ss->cap = cap;
    }
    ss->v[ss->n++] = g;
    return 0;
}

/* Backs up from byte I to the start of a UTF-8 character. */
static size_t char_start(const char *s, size_t lo, size_t i)
{
    while (i > lo && ((unsigned char)s[i] & 0xC0) == 0x80)
        i--;
    return i;
}

/* Adds line L as one or more segments, cutting it at whitespace once a
 * piece reaches SEG_MAX_WORDS words, PSG_MAX_CHARS characters (at the
 * white space before the character that passes it) or SEG_MAX_BYTES
 * bytes. */
static int add_line(segs_t *ss, const char *src, const line_t *l, int sep)
{
    size_t s = l->s;
    int heading = psg_is_heading(src + l->s, l->e - l->s);
    while (s < l->e) {
        size_t i = s, last_space = 0;
        uint32_t words = 0, chars = 0;
        int in = 0;
        while (i < l->e) {
            unsigned char c = (unsigned char)src[i];
            if (is_space(c)) {
                if (in)
                    last_space = i;
                in = 0;
            } else if (!in) {
                if (words == SEG_MAX_WORDS)
                    break;
                in = 1;
                words++;
            }
            chars += (uint32_t)starts_char(c);
            if (i - s >= SEG_MAX_BYTES || (chars > PSG_MAX_CHARS && last_space > s))
                break;
            i++;
        }
        size_t e = i;
        if (i < l->e) {
            if (last_space > s)
                e = last_space;
            else
                e = char_start(src, s + 1, i); /* no space at all: cut a character boundary */
            if (e <= s)
                e = i;
        }
        size_t next = e;
        while (next < l->e && is_space((unsigned char)src[next]))
            next++;
        size_t te = e;
        while (te > s && is_space((unsigned char)src[te - 1]))
            te--;
        seg_t g = { s, te, l->line, l->page, count_words(src + s, te - s),
                    count_chars(src + s, te - s), sep, heading };
        if (segs_push(ss, g) < 0)
            return -1;
        sep = SEP_SPACE;
        heading = 0;
        s = next;
    }
    return 0;
}

static int build_segments(const char *src, const lines_t *ls, segs_t *ss)
{
    int pdf = pdf_style(ls);
    size_t blank_run = 0;
    int have_text = 0;
    for (size_t i = 0; i < ls->n; i++) {
        const line_t *l = &ls->v[i];
        if (l->blank) {
            blank_run++;
            continue;
        }
        int sep;
        if (!have_text)
            sep = SEP_PARA;
        else if (pdf)
            sep = blank_run >= 2 ? SEP_PARA : SEP_LINE;
        else
            sep = blank_run >= 1 ? SEP_PARA : SEP_LINE;
        if (add_line(ss, src, l, sep) < 0)
            return -1;
        have_text = 1;
        blank_run = 0;
    }
    return 0;
}

/* ---- passages ---- */

static int list_push(psg_list_t *pl, const char *src, const seg_t *first, size_t n)
{
    size_t size = 1;
    for (size_t i = 0; i < n; i++)
        size += (first[i].e - first[i].s) + 2;
    char *text = malloc(size);
    /* Each segment is a piece of the text; a page mark where one starts
     * on a later page than the one before it (psg_passage_t). */
    psg_piece_t *pieces = malloc(n * sizeof *pieces);
    psg_page_mark_t *pages = malloc(n * sizeof *pages);
    if (!text || !pieces || !pages) {
        free(text);
        free(pieces);
        free(pages);
        return -1;
    }
    size_t o = 0, npages = 0;
    uint32_t words = 0;
    for (size_t i = 0; i < n; i++) {
        const seg_t *g = &first[i];
        if (i > 0) {
            if (g->sep == SEP_PARA) {
                text[o++] = '\n';
                text[o++] = '\n';
            } else if (g->sep == SEP_LINE) {
                text[o++] = '\n';
            } else {
                text[o++] = ' ';
            }
        }
        pieces[i] = (psg_piece_t){ g->s, g->e, o };
        if (i > 0 && g->page != first[i - 1].page)
            pages[npages++] = (psg_page_mark_t){ o, g->page };
        for (size_t k = g->s; k < g->e; k++) {
            unsigned char c = (unsigned char)src[k];
            /* Control characters (NUL, form feed, ...) would break the
             * stored text as a C string and mean nothing to a reader. */
            text[o++] = (c < 0x20 && c != '\t') || c == 0x7F ? ' ' : (char)c;
        }
        words += g->words;
    }
    text[o] = '\0';
    if (pl->n == pl->cap) {
        size_t cap = pl->cap ? pl->cap * 2 : 32;
        psg_passage_t *v = realloc(pl->items, cap * sizeof *v);
        if (!v) {
            free(text);
            free(pieces);
            free(pages);
            return -1;
        }
        pl->items = v;
        pl->cap = cap;
    }
    psg_passage_t *p = &pl->items[pl->n++];
    p->start = first[0].s;
    p->end = first[n - 1].e;
    p->line = first[0].line;
    p->page = first[0].page;
    p->words = words;
    p->text = text;
    p->text_len = o;
    p->pieces = pieces;
    p->npieces = n;
    p->pages = pages;
    p->npages = npages;
    return 0;
}

/* 1 when a break offset B (sorted BREAKS) lies in (a, b]. */
static int crosses(const size_t *breaks, size_t n, size_t a, size_t b)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (breaks[mid] <= a)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && breaks[lo] <= b;
}

/* Characters segment G adds to a passage's text after another one: its
 * own and its separator's (psg_passage_t.text). */
static uint32_t seg_chars(const seg_t *g)
{
    return g->chars + (g->sep == SEP_PARA ? 2 : 1);
}

static int build_passages(const char *src, const segs_t *ss, const size_t *breaks, size_t nbreaks,
                          psg_list_t *pl)
{
    size_t cur = 0, ncur = 0;       /* current passage: segments [cur, cur+ncur) */
    uint32_t words = 0, body = 0, chars = 0;
    size_t bytes = 0;
    size_t i = 0;
    while (i < ss->n) {
        /* The paragraph starting at segment i. */
        size_t j = i + 1;
        uint32_t pw = ss->v[i].words, pc = seg_chars(&ss->v[i]);
        while (j < ss->n && ss->v[j].sep != SEP_PARA) {
            pw += ss->v[j].words;
            pc += seg_chars(&ss->v[j]);
            j++;
        }
        int heading = ss->v[i].heading;
        if (ncur > 0) {
            /* A paragraph that would pass either bound starts a passage
             * of its own rather than being cut, once this one is long
             * enough to stand alone. */
            int full = words >= PSG_MIN_WORDS &&
                       (words + pw > PSG_MAX_WORDS || chars + pc > PSG_MAX_CHARS);
            int flush = (heading && body >= HEADING_BODY_WORDS) || words >= PSG_SOFT_WORDS || full;
            if (flush) {
                if (list_push(pl, src, &ss->v[cur], ncur) < 0)
                    return -1;
                ncur = 0;
                words = body = chars = 0;
                bytes = 0;
            }
        }
        for (size_t k = i; k < j; k++) {
            const seg_t *g = &ss->v[k];
            /* A paragraph longer than a passage is cut between segments,
             * and no passage runs across a structural break (an agenda
             * item or section starting). */
            if (ncur > 0 && (words + g->words > PSG_MAX_WORDS ||
                             bytes + (g->e - g->s) > PSG_MAX_BYTES ||
                             chars + seg_chars(g) > PSG_MAX_CHARS ||
                             crosses(breaks, nbreaks, ss->v[cur].s, g->s))) {
                if (list_push(pl, src, &ss->v[cur], ncur) < 0)
                    return -1;
                ncur = 0;
                words = body = chars = 0;
                bytes = 0;
            }
            if (ncur == 0)
                cur = k;
            chars += ncur == 0 ? g->chars : seg_chars(g);
            ncur++;
            words += g->words;
            bytes += g->e - g->s;
            if (!g->heading)
                body += g->words;
        }
        i = j;
    }
    if (ncur > 0 && list_push(pl, src, &ss->v[cur], ncur) < 0)
        return -1;
    return 0;
}

psg_status_t psg_split(const char *src, size_t len, psg_list_t **out)
{
    return psg_split_at(src, len, NULL, 0, out);
}

psg_status_t psg_split_at(const char *src, size_t len, const size_t *breaks, size_t nbreaks,
                          psg_list_t **out)
{
    *out = NULL;
    lines_t ls = { 0 };
    segs_t ss = { 0 };
    psg_list_t *pl = calloc(1, sizeof *pl);
    psg_status_t st = PSG_NO_MEMORY;
    if (!pl)
        return st;
    if (read_lines(src, len, &ls) == 0 && build_segments(src, &ls, &ss) == 0 &&
        build_passages(src, &ss, breaks, nbreaks, pl) == 0) {
        *out = pl;
        pl = NULL;
        st = PSG_OK;
    }
    psg_list_free(pl);
    free(ls.v);
    free(ss.v);
    return st;
}

size_t psg_text_offset(const psg_passage_t *p, size_t src)
{
    if (p->npieces == 0 || src < p->pieces[0].src)
        return 0;
    /* The last piece starting at or before SRC. */
    size_t lo = 0, hi = p->npieces;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (p->pieces[mid].src <= src)
            lo = mid;
        else
            hi = mid;
    }
    const psg_piece_t *c = &p->pieces[lo];
    if (src < c->src_end)
        return c->text + (src - c->src);
    return lo + 1 < p->npieces ? p->pieces[lo + 1].text : p->text_len;
}

size_t psg_list_count(const psg_list_t *list) { return list ? list->n : 0; }

const psg_passage_t *psg_list_get(const psg_list_t *list, size_t i)
{
    return list && i < list->n ? &list->items[i] : NULL;
}

static void passage_clear(psg_passage_t *p)
{
    free(p->text);
    free(p->pieces);
    free(p->pages);
}

void psg_list_free(psg_list_t *list)
{
    if (!list)
        return;
    for (size_t i = 0; i < list->n; i++)
        passage_clear(&list->items[i]);
    free(list->items);
    free(list);
}

psg_status_t psg_split_clean(const char *src, size_t len, const size_t *breaks, size_t nbreaks,
                             psg_list_t **out, psg_left_out_t *left)
{
    *left = (psg_left_out_t){ 0 };
    psg_status_t st = psg_split_at(src, len, breaks, nbreaks, out);
    if (st != PSG_OK)
        return st;
    psg_list_t *pl = *out;
    left->split = pl->n;
    int run_on = 0;
    size_t k = 0;
    for (size_t i = 0; i < pl->n; i++) {
        psg_passage_t *p = &pl->items[i];
        psg_junk_t j;
        psg_blank_junk(p->text, p->text_len, &j);
        /* A run cut by a passage boundary (a base64 block of megabytes)
         * counts once. */
        left->runs += j.runs - (size_t)(run_on && j.first);
        run_on = j.last;
        left->bytes += j.bytes;
        if (j.runs > 0 && j.empty) {
            left->passages++;
            passage_clear(p);
        } else {
            pl->items[k++] = *p;
        }
    }
    pl->n = k;
    return PSG_OK;
}

/* A Danish agenda line: "3. Title" (one or two digits, a full stop, a
 * space, a capital). */
static int is_numbered_title(const char *s, size_t n)
{
    size_t i = 0, d = 0;
    while (i < n && is_space((unsigned char)s[i]))
        i++;
    while (i < n && is_digit((unsigned char)s[i]) && d < 3)
        i++, d++;
    if (d == 0 || d > 2 || i + 2 >= n || s[i] != '.' || s[i + 1] != ' ')
        return 0;
    unsigned char c = (unsigned char)s[i + 2];
    return (c >= 'A' && c <= 'Z') || c == 0xC3; /* Æ Ø Å start with 0xC3 */
}

int psg_is_agenda(const char *text, size_t len)
{
    size_t lines = 0, headings = 0, i = 0;
    while (i < len) {
        size_t e = i;
        while (e < len && text[e] != '\n')
            e++;
        size_t k = i;
        while (k < e && is_space((unsigned char)text[k]))
            k++;
        if (k < e) {
            lines++;
            if (psg_is_heading(text + i, e - i) || is_numbered_title(text + i, e - i))
                headings++;
        }
        i = e + 1;
    }
    return headings >= AGENDA_MIN_HEADINGS && headings * 4 >= lines;
}
