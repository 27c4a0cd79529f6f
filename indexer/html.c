/* html.c - HTML into plain text, and the pieces office.c shares: a
 * bounded, white-space-collapsing text builder and character references.
 *
 * One forward pass, no tree and no recursion: nesting only ever moves a
 * counter (pre), so hostile nesting costs nothing.  What a browser would
 * not show is dropped (tags, comments, CDATA, the doctype, processing
 * instructions, script and style); the head holds nothing else that has
 * text except the title, which becomes the first line.  Block elements
 * end lines (div, li, tr, br) or paragraphs (p, h1-h6, table, section,
 * ...; a blank line), so the minutes parser sees "Sak 12/2024" headings
 * on lines of their own; inline elements (b, span, a) join their text.
 * Malformed HTML degrades the way browsers degrade it: an unclosed tag
 * closes nothing, a '<' that starts no tag is text, a truncated file ends
 * where it ends.
 *
 * Output never exceeds twice the (UTF-8) input plus a little: every
 * piece written is paid for by at least as many input bytes, and the
 * builder refuses to grow beyond its cap anyway.
 */
#include "formats.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the text builder ---- */

int idx_text_init(idx_text_t *t, size_t cap)
{
    memset(t, 0, sizeof *t);
    t->cap = cap;
    t->alloc = cap < 4096 ? cap : 4096;
    t->buf = malloc(t->alloc + 1);
    t->nl = 2; /* nothing written: no break needed */
    if (!t->buf) {
        t->failed = 1;
        return -1;
    }
    return 0;
}

/* Makes room for N more bytes; -1 when they would pass the cap (the piece
 * is dropped whole) or memory ran out. */
static int room(idx_text_t *t, size_t n)
{
    if (t->failed || n > t->cap - t->len)
        return -1;
    if (t->len + n <= t->alloc)
        return 0;
    size_t a = t->alloc ? t->alloc : 4096;
    while (a < t->len + n)
        a = a > t->cap / 2 ? t->cap : a * 2;
    char *nb = realloc(t->buf, a + 1);
    if (!nb) {
        t->failed = 1;
        return -1;
    }
    t->buf = nb;
    t->alloc = a;
    return 0;
}

static void emit(idx_text_t *t, const char *s, size_t n)
{
    if (room(t, n) == 0) {
        memcpy(t->buf + t->len, s, n);
        t->len += n;
    }
}

void idx_text_put(idx_text_t *t, const char *s, size_t n)
{
    if (n == 0)
        return;
    if (t->pending && t->nl == 0)
        emit(t, t->pending == 2 ? "\t" : " ", 1);
    t->pending = 0;
    emit(t, s, n);
    t->nl = 0;
}

void idx_text_char(idx_text_t *t, uint32_t cp)
{
    char enc[4];
    if (cp == 0xAD)
        return; /* a soft hyphen only says where a word may break */
    if (cp <= 0x20 || cp == 0x7F) {
        idx_text_space(t);
        return;
    }
    idx_text_put(t, enc, ana_utf8_encode(cp, enc));
}

void idx_text_space(idx_text_t *t)
{
    if (t->nl == 0 && t->pending == 0)
        t->pending = 1;
}

void idx_text_tab(idx_text_t *t)
{
    if (t->nl == 0)
        t->pending = 2;
}

void idx_text_break(idx_text_t *t, int lines)
{
    t->pending = 0;
    while (t->nl < lines) {
        emit(t, "\n", 1);
        t->nl++;
    }
}

void idx_text_page(idx_text_t *t)
{
    t->pending = 0;
    if (t->len == 0)
        return;
    if (t->nl == 0)
        emit(t, "\n", 1);
    emit(t, "\f", 1);
    t->nl = 2; /* a new page starts a new paragraph */
}

int idx_text_finish(idx_text_t *t, char **out, size_t *len, char *reason)
{
    *out = NULL;
    *len = 0;
    if (t->failed) {
        free(t->buf);
        t->buf = NULL;
        snprintf(reason, IDX_REASON, "out of memory");
        return -1;
    }
    while (t->len > 0 && (t->buf[t->len - 1] == '\n' || t->buf[t->len - 1] == '\f'))
        t->len--;
    char *nb = realloc(t->buf, t->len + 2); /* shrink to fit; room for "\n" */
    if (nb)
        t->buf = nb;
    else if (t->alloc < t->len + 1) {
        free(t->buf);
        t->buf = NULL;
        snprintf(reason, IDX_REASON, "out of memory");
        return -1;
    }
    if (t->len > 0)
        t->buf[t->len++] = '\n';
    t->buf[t->len] = '\0';
    *out = t->buf;
    *len = t->len;
    t->buf = NULL;
    return 0;
}

/* ---- character references ---- */

typedef struct {
    const char *name;
    uint32_t cp;
} entity_t;

/* HTML's Latin-1 entities and the typographic ones minutes use, sorted by
 * strcmp for bsearch. */
static const entity_t entities[] = {
    { "AElig", 0x00C6 }, { "Aacute", 0x00C1 }, { "Acirc", 0x00C2 }, { "Agrave", 0x00C0 },
    { "Aring", 0x00C5 }, { "Atilde", 0x00C3 }, { "Auml", 0x00C4 }, { "Ccedil", 0x00C7 },
    { "Dagger", 0x2021 }, { "ETH", 0x00D0 }, { "Eacute", 0x00C9 }, { "Ecirc", 0x00CA },
    { "Egrave", 0x00C8 }, { "Euml", 0x00CB }, { "Iacute", 0x00CD }, { "Icirc", 0x00CE },
    { "Igrave", 0x00CC }, { "Iuml", 0x00CF }, { "Ntilde", 0x00D1 }, { "OElig", 0x0152 },
    { "Oacute", 0x00D3 }, { "Ocirc", 0x00D4 }, { "Ograve", 0x00D2 }, { "Oslash", 0x00D8 },
    { "Otilde", 0x00D5 }, { "Ouml", 0x00D6 }, { "Scaron", 0x0160 }, { "THORN", 0x00DE },
    { "Uacute", 0x00DA }, { "Ucirc", 0x00DB }, { "Ugrave", 0x00D9 }, { "Uuml", 0x00DC },
    { "Yacute", 0x00DD }, { "Yuml", 0x0178 }, { "aacute", 0x00E1 }, { "acirc", 0x00E2 },
    { "acute", 0x00B4 }, { "aelig", 0x00E6 }, { "agrave", 0x00E0 }, { "amp", 0x0026 },
    { "apos", 0x0027 }, { "aring", 0x00E5 }, { "atilde", 0x00E3 }, { "auml", 0x00E4 },
    { "bdquo", 0x201E }, { "brvbar", 0x00A6 }, { "bull", 0x2022 }, { "ccedil", 0x00E7 },
    { "cedil", 0x00B8 }, { "cent", 0x00A2 }, { "circ", 0x02C6 }, { "copy", 0x00A9 },
    { "curren", 0x00A4 }, { "dagger", 0x2020 }, { "deg", 0x00B0 }, { "divide", 0x00F7 },
    { "eacute", 0x00E9 }, { "ecirc", 0x00EA }, { "egrave", 0x00E8 }, { "emsp", 0x2003 },
    { "ensp", 0x2002 }, { "eth", 0x00F0 }, { "euml", 0x00EB }, { "euro", 0x20AC },
    { "fnof", 0x0192 }, { "frac12", 0x00BD }, { "frac14", 0x00BC }, { "frac34", 0x00BE },
    { "gt", 0x003E }, { "hellip", 0x2026 }, { "iacute", 0x00ED }, { "icirc", 0x00EE },
    { "iexcl", 0x00A1 }, { "igrave", 0x00EC }, { "iquest", 0x00BF }, { "iuml", 0x00EF },
    { "laquo", 0x00AB }, { "ldquo", 0x201C }, { "lrm", 0x200E }, { "lsaquo", 0x2039 },
    { "lsquo", 0x2018 }, { "lt", 0x003C }, { "macr", 0x00AF }, { "mdash", 0x2014 },
    { "micro", 0x00B5 }, { "middot", 0x00B7 }, { "minus", 0x2212 }, { "nbsp", 0x00A0 },
    { "ndash", 0x2013 }, { "not", 0x00AC }, { "ntilde", 0x00F1 }, { "oacute", 0x00F3 },
    { "ocirc", 0x00F4 }, { "oelig", 0x0153 }, { "ograve", 0x00F2 }, { "ordf", 0x00AA },
    { "ordm", 0x00BA }, { "oslash", 0x00F8 }, { "otilde", 0x00F5 }, { "ouml", 0x00F6 },
    { "para", 0x00B6 }, { "permil", 0x2030 }, { "plusmn", 0x00B1 }, { "pound", 0x00A3 },
    { "quot", 0x0022 }, { "raquo", 0x00BB }, { "rdquo", 0x201D }, { "reg", 0x00AE },
    { "rlm", 0x200F }, { "rsaquo", 0x203A }, { "rsquo", 0x2019 }, { "sbquo", 0x201A },
    { "scaron", 0x0161 }, { "sect", 0x00A7 }, { "shy", 0x00AD }, { "sup1", 0x00B9 },
    { "sup2", 0x00B2 }, { "sup3", 0x00B3 }, { "szlig", 0x00DF }, { "thinsp", 0x2009 },
    { "thorn", 0x00FE }, { "tilde", 0x02DC }, { "times", 0x00D7 }, { "trade", 0x2122 },
    { "uacute", 0x00FA }, { "ucirc", 0x00FB }, { "ugrave", 0x00F9 }, { "uml", 0x00A8 },
    { "uuml", 0x00FC }, { "yacute", 0x00FD }, { "yen", 0x00A5 }, { "yuml", 0x00FF },
    { "zwj", 0x200D }, { "zwnj", 0x200C },
};

static int entity_cmp(const void *key, const void *elem)
{
    return strcmp(key, ((const entity_t *)elem)->name);
}

static int is_alnum(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

size_t idx_entity(const char *s, size_t n, int html, uint32_t *cp)
{
    if (n < 3 || s[0] != '&')
        return 0;
    size_t i = 1;
    if (s[1] == '#') {
        int hex = n > 2 && (s[2] == 'x' || s[2] == 'X');
        i = hex ? 3 : 2;
        size_t start = i;
        uint32_t v = 0;
        for (; i < n; i++) {
            int d = hex ? ana_hex_digit((unsigned char)s[i])
                        : (s[i] >= '0' && s[i] <= '9' ? s[i] - '0' : -1);
            if (d < 0)
                break;
            v = v * (hex ? 16u : 10u) + (uint32_t)d;
            if (v > 0x10FFFF)
                v = 0x110000; /* saturate: however many digits follow */
        }
        if (i == start)
            return 0; /* "&#" or "&#x" alone is text */
        if (i < n && s[i] == ';')
            i++;
        if (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v < 0xE000))
            v = 0xFFFD;
        else if (html && v >= 0x80 && v < 0xA0)
            v = idx_cp1252((unsigned char)v);
        else if (v < 0x20 && v != '\t' && v != '\n' && v != '\r' && v != '\f')
            v = 0xFFFD;
        *cp = v;
        return i;
    }
    char name[12];
    size_t k = 0;
    while (i < n && is_alnum((unsigned char)s[i]) && k < sizeof name - 1)
        name[k++] = s[i++];
    if (k == 0 || i >= n || s[i] != ';')
        return 0;
    name[k] = '\0';
    static const entity_t xml[] = {
        { "amp", '&' }, { "apos", '\'' }, { "gt", '>' }, { "lt", '<' }, { "quot", '"' },
    };
    const entity_t *e = html ? bsearch(name, entities, sizeof entities / sizeof entities[0],
                                       sizeof entities[0], entity_cmp)
                             : bsearch(name, xml, sizeof xml / sizeof xml[0], sizeof xml[0],
                                       entity_cmp);
    if (!e)
        return 0;
    *cp = e->cp;
    return i + 1;
}

/* ---- encodings ---- */

int idx_to_utf8(const char *in, size_t len, idx_encoding_t enc, char **out, size_t *out_len)
{
    if (enc != IDX_ENC_UTF8) {
        idx_source_t tmp;
        memset(&tmp, 0, sizeof tmp);
        tmp.raw = (char *)in; /* idx_convert only reads it */
        tmp.raw_len = len;
        if (idx_convert(&tmp, enc) < 0)
            return -1;
        free(tmp.check);
        *out = tmp.text;
        *out_len = tmp.len;
        return 0;
    }
    size_t bom = (len >= 3 && memcmp(in, "\xEF\xBB\xBF", 3) == 0) ? 3 : 0;
    in += bom;
    len -= bom;
    /* Invalid sequences become U+FFFD (3 bytes for each bad byte at most). */
    int valid = ana_utf8_check(in, len) == len && !memchr(in, '\0', len);
    char *buf = malloc(valid ? len + 1 : 3 * len + 1);
    if (!buf)
        return -1;
    size_t o = 0;
    if (valid) {
        memcpy(buf, in, len);
        o = len;
    } else {
        for (size_t i = 0; i < len;) {
            uint32_t cp;
            i += ana_utf8_decode(in + i, len - i, &cp);
            o += ana_utf8_encode(cp == 0 ? ' ' : cp, buf + o);
        }
    }
    buf[o] = '\0';
    *out = buf;
    *out_len = o;
    return 0;
}

/* Valid multi-byte UTF-8 sequences outnumber the broken ones ten to one:
 * UTF-8 with a flaw (a file cut inside a character), not Windows-1252
 * (where every æ, ø and å is a broken sequence). */
static int mostly_utf8(const char *s, size_t len)
{
    size_t good = 0, bad = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t k = ana_utf8_decode(s + i, len - i, &cp);
        if (k > 1)
            good++;
        else if (cp == 0xFFFD && (unsigned char)s[i] >= 0x80)
            bad++;
        i += k;
    }
    return good > 0 && bad <= 1 + good / 10;
}

static int lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

/* Finds LIT (lower case) in S[from..n) without regard to case. */
static size_t find_ci(const char *s, size_t n, size_t from, const char *lit)
{
    size_t k = strlen(lit);
    for (size_t i = from; i + k <= n; i++) {
        size_t j = 0;
        while (j < k && lower((unsigned char)s[i + j]) == lit[j])
            j++;
        if (j == k)
            return i;
    }
    return n;
}

/* The encoding named at S[i..n) ("utf-8", "windows-1252", quoted or
 * not): UTF-8, Windows-1252 (for it and its ISO-8859-1 relatives), or
 * binary for anything else (not understood). */
static idx_encoding_t charset_at(const char *s, size_t n, size_t i)
{
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
        i++;
    if (i >= n || s[i] != '=')
        return IDX_ENC_BINARY;
    i++;
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '"' || s[i] == '\''))
        i++;
    char name[24];
    size_t k = 0;
    while (i < n && k < sizeof name - 1 && (is_alnum((unsigned char)s[i]) || s[i] == '-' ||
                                            s[i] == '_' || s[i] == ':' || s[i] == '.'))
        name[k++] = (char)lower((unsigned char)s[i++]);
    name[k] = '\0';
    static const char *const utf8[] = { "utf-8", "utf8", "unicode-1-1-utf-8" };
    static const char *const latin[] = {
        "windows-1252", "cp1252", "x-cp1252", "iso-8859-1", "iso8859-1", "iso_8859-1",
        "latin1", "latin-1", "l1", "us-ascii", "ascii", "iso-8859-15", "iso8859-15",
        "iso_8859-15", "latin-9", "latin9", "cp819", "ibm819",
    };
    for (size_t j = 0; j < sizeof utf8 / sizeof utf8[0]; j++)
        if (strcmp(name, utf8[j]) == 0)
            return IDX_ENC_UTF8;
    for (size_t j = 0; j < sizeof latin / sizeof latin[0]; j++)
        if (strcmp(name, latin[j]) == 0)
            return IDX_ENC_CP1252;
    return IDX_ENC_BINARY;
}

/* The encoding the document declares in its first 8 kB: an XML
 * declaration's encoding="...", or a <meta> tag's charset (HTML5's
 * <meta charset> and the older http-equiv Content-Type alike).
 * IDX_ENC_BINARY when it declares none that referat knows. */
static idx_encoding_t declared(const char *s, size_t len)
{
    size_t n = len < 8192 ? len : 8192;
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
        i++;
    if (n - i >= 5 && memcmp(s + i, "<?xml", 5) == 0) {
        const char *end = memchr(s + i, '>', n - i);
        size_t e = end ? (size_t)(end - s) : n;
        size_t at = find_ci(s, e, i, "encoding");
        if (at < e) {
            idx_encoding_t enc = charset_at(s, e, at + 8);
            if (enc != IDX_ENC_BINARY)
                return enc;
        }
    }
    for (size_t at = find_ci(s, n, 0, "<meta"); at < n; at = find_ci(s, n, at + 5, "<meta")) {
        const char *end = memchr(s + at, '>', n - at);
        size_t e = end ? (size_t)(end - s) : n;
        size_t c = find_ci(s, e, at, "charset");
        if (c < e) {
            idx_encoding_t enc = charset_at(s, e, c + 7);
            if (enc != IDX_ENC_BINARY)
                return enc;
        }
    }
    return IDX_ENC_BINARY;
}

/* ---- tags ---- */

typedef enum {
    K_OTHER,  /* inline or unknown: joins */
    K_PARA,   /* ends a paragraph */
    K_LINE,   /* ends a line */
    K_CELL,   /* a table cell: a tab from its neighbours */
    K_PRE,    /* a paragraph whose line breaks count */
    K_RAW,    /* script, style: content dropped */
    K_TITLE   /* the first line */
} tag_kind_t;

typedef struct {
    const char *name;
    tag_kind_t kind;
} tag_t;

/* Sorted by strcmp for bsearch. */
static const tag_t tags[] = {
    { "address", K_PARA }, { "article", K_PARA }, { "aside", K_PARA }, { "blockquote", K_PARA },
    { "body", K_PARA }, { "br", K_LINE }, { "caption", K_LINE }, { "center", K_LINE },
    { "dd", K_LINE }, { "details", K_PARA }, { "dialog", K_PARA }, { "dir", K_PARA },
    { "div", K_LINE }, { "dl", K_PARA }, { "dt", K_LINE }, { "fieldset", K_PARA },
    { "figcaption", K_LINE }, { "figure", K_PARA }, { "footer", K_PARA }, { "form", K_PARA },
    { "h1", K_PARA }, { "h2", K_PARA }, { "h3", K_PARA }, { "h4", K_PARA }, { "h5", K_PARA },
    { "h6", K_PARA }, { "header", K_PARA }, { "hgroup", K_PARA }, { "hr", K_PARA },
    { "legend", K_LINE }, { "li", K_LINE }, { "listing", K_PRE }, { "main", K_PARA },
    { "menu", K_PARA }, { "nav", K_PARA }, { "noscript", K_LINE }, { "ol", K_PARA },
    { "option", K_LINE }, { "p", K_PARA }, { "pre", K_PRE }, { "script", K_RAW },
    { "section", K_PARA }, { "style", K_RAW }, { "summary", K_LINE }, { "table", K_PARA },
    { "td", K_CELL }, { "textarea", K_LINE }, { "th", K_CELL }, { "title", K_TITLE },
    { "tr", K_LINE }, { "ul", K_PARA }, { "xmp", K_PRE },
};

static int tag_cmp(const void *key, const void *elem)
{
    return strcmp(key, ((const tag_t *)elem)->name);
}

static tag_kind_t tag_kind(const char *name)
{
    const tag_t *t = bsearch(name, tags, sizeof tags / sizeof tags[0], sizeof tags[0], tag_cmp);
    return t ? t->kind : K_OTHER;
}

static int is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static int is_alpha(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

size_t idx_tag_end(const char *s, size_t n, size_t i)
{
    int after_eq = 0;
    char q = 0;
    for (size_t k = i; k < n; k++) {
        char c = s[k];
        if (q) {
            if (c == q)
                q = 0;
        } else if (c == '>') {
            return k;
        } else if (c == '=') {
            after_eq = 1;
        } else if (after_eq && (c == '"' || c == '\'')) {
            q = c;
            after_eq = 0;
        } else if (!is_space((unsigned char)c)) {
            after_eq = 0;
        }
    }
    const char *gt = memchr(s + i, '>', n - i);
    return gt ? (size_t)(gt - s) : n;
}

/* The end of the text, at or after FROM, that an element named NAME
 * leaves raw (script, style, title): the start of "</NAME" followed by
 * white space, '/' or '>' (or the file's end); N when there is none. */
static size_t raw_end(const char *s, size_t n, size_t from, const char *name)
{
    size_t k = strlen(name);
    for (size_t i = from; i + 2 + k <= n; i++) {
        i = find_ci(s, n, i, "</");
        if (i + 2 + k > n)
            break;
        size_t j = 0;
        while (j < k && lower((unsigned char)s[i + 2 + j]) == name[j])
            j++;
        if (j == k && (i + 2 + k == n || is_space((unsigned char)s[i + 2 + k]) ||
                       s[i + 2 + k] == '/' || s[i + 2 + k] == '>'))
            return i;
    }
    return n;
}

/* Text between tags: entities decoded, white space collapsed (inside
 * pre, line breaks kept), U+00A0 a space like any other. */
static void text_run(idx_text_t *t, const char *s, size_t n, int pre)
{
    size_t i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (c == '&') {
            uint32_t cp;
            size_t k = idx_entity(s + i, n - i, 1, &cp);
            if (k == 0) {
                idx_text_put(t, "&", 1);
                i++;
            } else {
                if (cp == 0xA0)
                    idx_text_space(t);
                else
                    idx_text_char(t, cp);
                i += k;
            }
            continue;
        }
        if (c == '\n' && pre) {
            idx_text_break(t, 1);
            i++;
            continue;
        }
        if (c <= 0x20 || c == 0x7F) {
            idx_text_space(t);
            i++;
            continue;
        }
        if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0) {
            idx_text_space(t);
            i += 2;
            continue;
        }
        /* A run up to the next byte that needs a look; it ends on an ASCII
         * byte or a lead byte, so on a character boundary. */
        size_t j = i + 1;
        while (j < n) {
            unsigned char d = (unsigned char)s[j];
            if (d == '&' || d <= 0x20 || d == 0x7F || d == 0xC2)
                break;
            j++;
        }
        idx_text_put(t, s + i, j - i);
        i = j;
    }
}

/* Converts UTF-8 HTML S (valid, no NUL) into T. */
static void html_text(idx_text_t *t, const char *s, size_t n)
{
    int pre = 0;
    size_t i = 0;
    /* No "</title" at or after this offset: each unclosed title would
     * otherwise search the rest of the file again. */
    size_t no_title_end = n;
    while (i < n) {
        const char *lt = memchr(s + i, '<', n - i);
        size_t at = lt ? (size_t)(lt - s) : n;
        text_run(t, s + i, at - i, pre > 0);
        if (at >= n)
            break;
        i = at;
        size_t rest = n - i;
        if (rest >= 4 && memcmp(s + i, "<!--", 4) == 0) {
            size_t e = find_ci(s, n, i + 2, "-->"); /* "<!-->" is a whole comment */
            i = e >= n ? n : e + 3;
            continue;
        }
        if (rest >= 9 && memcmp(s + i, "<![CDATA[", 9) == 0) {
            size_t e = find_ci(s, n, i + 9, "]]>");
            i = e >= n ? n : e + 3;
            continue;
        }
        unsigned char c = rest > 1 ? (unsigned char)s[i + 1] : 0;
        int end_tag = c == '/';
        if (c == '!' || c == '?' || (end_tag && rest > 2 && !is_alpha((unsigned char)s[i + 2]))) {
            /* A doctype, processing instruction or bogus comment; "</>"
             * is nothing at all. */
            const char *gt = memchr(s + i + 1, '>', rest - 1);
            i = gt ? (size_t)(gt - s) + 1 : n;
            continue;
        }
        if (end_tag && rest == 2) {
            i = n;
            continue;
        }
        if (!end_tag && !is_alpha(c)) {
            idx_text_put(t, "<", 1); /* "a < b", "<3": text */
            i++;
            continue;
        }
        /* A tag: its name, lower-cased (a name too long for any known
         * element stays unknown). */
        size_t j = i + 1 + (size_t)end_tag;
        char name[16];
        size_t k = 0;
        while (j < n && !is_space((unsigned char)s[j]) && s[j] != '/' && s[j] != '>') {
            if (k < sizeof name - 1)
                name[k] = (char)lower((unsigned char)s[j]);
            k++;
            j++;
        }
        name[k < sizeof name ? k : 0] = '\0';
        size_t e = idx_tag_end(s, n, j);
        int self_closing = e < n && e > j && s[e - 1] == '/';
        i = e >= n ? n : e + 1;
        switch (tag_kind(name)) {
        case K_PARA:
            idx_text_break(t, 2);
            break;
        case K_LINE:
            idx_text_break(t, 1);
            break;
        case K_CELL:
            idx_text_tab(t);
            break;
        case K_PRE:
            idx_text_break(t, 2);
            if (end_tag)
                pre -= pre > 0;
            else if (!self_closing)
                pre++;
            break;
        case K_RAW:
            if (!end_tag && !self_closing) {
                size_t r = raw_end(s, n, i, name);
                if (r >= n) {
                    i = n; /* unclosed: the rest is script, as in a browser */
                } else {
                    size_t re = idx_tag_end(s, n, r + 2);
                    i = re >= n ? n : re + 1;
                }
            }
            break;
        case K_TITLE:
            if (!end_tag && !self_closing) {
                /* Entities but no tags inside; an unclosed title ends at
                 * the next tag rather than swallowing the document. */
                size_t r = i >= no_title_end ? n : raw_end(s, n, i, name);
                if (r >= n) {
                    if (i < no_title_end)
                        no_title_end = i;
                    const char *next = memchr(s + i, '<', n - i);
                    r = next ? (size_t)(next - s) : n;
                    idx_text_break(t, 2);
                    text_run(t, s + i, r - i, 0);
                    idx_text_break(t, 2);
                    i = r;
                } else {
                    idx_text_break(t, 2);
                    text_run(t, s + i, r - i, 0);
                    idx_text_break(t, 2);
                    size_t re = idx_tag_end(s, n, r + 2);
                    i = re >= n ? n : re + 1;
                }
            }
            break;
        case K_OTHER:
            break;
        }
    }
}

int idx_html_to_text(const char *in, size_t len, char **out, size_t *out_len, char *reason)
{
    /* The encoding: a byte-order mark; UTF-16 by its NULs; binary;
     * then the bytes and the declaration.  Valid UTF-8 with letters
     * beyond ASCII is UTF-8 whatever the page claims (a Windows-1252
     * file is never that); else a declaration of Windows-1252 or
     * ISO-8859-1 is believed; else mostly-valid UTF-8 (a file cut in
     * the middle of a character) stays UTF-8, its bad bytes U+FFFD, and
     * the rest is Windows-1252. */
    idx_encoding_t enc;
    if (len >= 3 && memcmp(in, "\xEF\xBB\xBF", 3) == 0) {
        enc = IDX_ENC_UTF8;
    } else {
        enc = idx_detect_encoding(in, len);
        if (enc == IDX_ENC_BINARY) {
            const char *nul = memchr(in, '\0', len);
            snprintf(reason, IDX_REASON, "binary content (NUL byte at offset %zu)",
                     (size_t)(nul - in));
            return -1;
        }
        if (enc != IDX_ENC_UTF8 && enc != IDX_ENC_UTF16LE && enc != IDX_ENC_UTF16BE)
            enc = declared(in, len) != IDX_ENC_CP1252 && mostly_utf8(in, len) ? IDX_ENC_UTF8
                                                                               : IDX_ENC_CP1252;
    }
    char *u8;
    size_t n;
    if (idx_to_utf8(in, len, enc, &u8, &n) < 0) {
        snprintf(reason, IDX_REASON, "out of memory");
        return -1;
    }
    idx_text_t t;
    if (idx_text_init(&t, 2 * n + 64) < 0) {
        free(u8);
        snprintf(reason, IDX_REASON, "out of memory");
        return -1;
    }
    html_text(&t, u8, n);
    free(u8);
    return idx_text_finish(&t, out, out_len, reason);
}
