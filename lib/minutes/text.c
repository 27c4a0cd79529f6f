/* text.c - content lines and the small string helpers the minutes
 * parser shares: labels, bullets, case, white-space folding and a fuzzy
 * title comparison for OCR-damaged headings. */
#include "minutes/mnt_private.h"

#include <stdlib.h>
#include <string.h>

static int is_ws(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v' || c == '\n' || c == 0;
}

/* A line of only carriage returns and form feeds counts as empty, since
 * a page break must not look like a PDF paragraph break. */
static int only_cr_ff(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != '\r' && s[i] != '\f')
            return 0;
    return 1;
}

int mntp_lines(mntp_text_t *tx, const char *t, size_t len)
{
    memset(tx, 0, sizeof *tx);
    tx->t = t;
    tx->len = len;
    size_t cap = 0, pos = 0;
    unsigned nempty = 0, nspace = 0;
    while (pos < len && tx->n < MNTP_MAX_LINES) {
        const char *nl = memchr(t + pos, '\n', len - pos);
        size_t le = nl ? (size_t)(nl - t) : len;
        size_t s = pos, e = le;
        while (s < e && is_ws((unsigned char)t[s]))
            s++;
        while (e > s && is_ws((unsigned char)t[e - 1]))
            e--;
        if (s == e) {
            if (only_cr_ff(t + pos, le - pos)) {
                if (nempty < 1000)
                    nempty++;
            } else if (nspace < 1000) {
                nspace++;
            }
        } else {
            if (tx->n == cap) {
                size_t nc = cap ? cap * 2 : 256;
                mntp_line_t *v = realloc(tx->v, nc * sizeof *v);
                if (!v)
                    return -1;
                tx->v = v;
                cap = nc;
            }
            tx->v[tx->n++] = (mntp_line_t){ pos, s, e, nempty, nspace };
            nempty = nspace = 0;
        }
        pos = le + 1;
    }
    /* PDF line style: nearly every line is followed by an empty one. */
    size_t look = tx->n < 400 ? tx->n : 400, sep = 0;
    for (size_t i = 1; i < look; i++)
        if (tx->v[i].nempty + tx->v[i].nspace > 0)
            sep++;
    tx->pdf = look >= 4 && sep * 10 >= (look - 1) * 8;
    return 0;
}

void mntp_lines_free(mntp_text_t *tx)
{
    free(tx->v);
    tx->v = NULL;
    tx->n = 0;
}

int mntp_para_break(const mntp_text_t *tx, size_t i)
{
    if (i >= tx->n)
        return 1;
    const mntp_line_t *l = &tx->v[i];
    if (tx->pdf)
        return l->nspace > 0 || l->nempty > 1;
    return l->nspace + l->nempty > 0;
}

size_t mntp_skip_bullet(const char *s, size_t n)
{
    size_t b = 0;
    if (n >= 1 && (s[0] == '-' || s[0] == '*'))
        b = 1;
    else if (n >= 3 && (unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 &&
             ((unsigned char)s[2] == 0x93 || (unsigned char)s[2] == 0xA2))
        b = 3; /* "–" or "•" */
    if (b == 0 || b >= n || (s[b] != ' ' && s[b] != '\t'))
        return 0;
    while (b < n && (s[b] == ' ' || s[b] == '\t'))
        b++;
    return b;
}

/* Length of the UTF-8 character at S (1 for a stray byte). */
static size_t u8len(const char *s, size_t n)
{
    unsigned char c = (unsigned char)s[0];
    size_t k = c < 0xC0 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (k > n)
        return 1;
    for (size_t i = 1; i < k; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            return 1;
    return k;
}

static unsigned char lower(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c;
}

/* Matches PAT (lower-case ASCII; '?' is any one character, so OCR
 * damage to one letter such as "mgte" for "møte" still matches) at the
 * start of S after a bullet.  The label must end there: at the end of the
 * line, a colon or white space.  Returns the offset of the value after
 * the label and its colon, 0 when S does not start with the label. */
size_t mntp_label(const char *s, size_t n, const char *pat, int *colon)
{
    size_t i = mntp_skip_bullet(s, n);
    for (const char *p = pat; *p; p++) {
        if (i >= n)
            return 0;
        if (*p == '?') {
            i += u8len(s + i, n - i);
        } else if (*p == ' ') {
            if (s[i] != ' ')
                return 0;
            while (i < n && s[i] == ' ')
                i++;
        } else {
            if (lower((unsigned char)s[i]) != (unsigned char)*p)
                return 0;
            i++;
        }
    }
    if (i < n && s[i] != ':' && !is_ws((unsigned char)s[i]))
        return 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    int c = 0;
    if (i < n && s[i] == ':') {
        c = 1;
        i++;
        while (i < n && (s[i] == ' ' || s[i] == '\t'))
            i++;
    }
    if (colon)
        *colon = c;
    return i;
}

int mntp_starts_lower(const char *s, size_t n)
{
    if (n == 0)
        return 0;
    unsigned char c = (unsigned char)s[0];
    if (c >= 'a' && c <= 'z')
        return 1;
    if (c == 0xC3 && n > 1) {
        unsigned char d = (unsigned char)s[1];
        return d >= 0x9F && d <= 0xBF && d != 0xB7;
    }
    return 0;
}

int mntp_starts_upper(const char *s, size_t n)
{
    if (n == 0)
        return 0;
    unsigned char c = (unsigned char)s[0];
    if (c >= 'A' && c <= 'Z')
        return 1;
    if (c == 0xC3 && n > 1) {
        unsigned char d = (unsigned char)s[1];
        return d >= 0x80 && d <= 0x9E && d != 0x97;
    }
    return 0;
}

/* Copies S with white space runs (and NULs) folded to one space, trimmed,
 * and cut to at most CAP bytes on a character boundary. */
char *mntp_fold_dup(const char *s, size_t n, size_t cap)
{
    char *out = malloc(cap + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    int sp = 0;
    for (size_t i = 0; i < n && o < cap; i++) {
        unsigned char c = (unsigned char)s[i];
        if (is_ws(c)) {
            sp = o > 0;
            continue;
        }
        if (sp) {
            out[o++] = ' ';
            sp = 0;
            if (o >= cap)
                break;
        }
        out[o++] = (char)c;
    }
    if (o >= cap && o > 0) {
        /* Cut back to a character start so the copy stays valid UTF-8. */
        size_t k = o;
        while (k > 0 && k > o - 4 && ((unsigned char)out[k - 1] & 0xC0) == 0x80)
            k--;
        if (k > 0 && (unsigned char)out[k - 1] >= 0xC0)
            o = k - 1;
    }
    while (o > 0 && out[o - 1] == ' ')
        o--;
    out[o] = '\0';
    return out;
}

/* A comparison key for OCR-damaged titles: lower-case ASCII letters and
 * digits, with ø/Ø/@ read as o, å/Å as a and æ/Æ as e (the damage the
 * corpus shows), everything else dropped or turned into one space. */
size_t mntp_fold_key(const char *s, size_t n, char *out, size_t cap)
{
    size_t o = 0;
    int sp = 0;
    for (size_t i = 0; i < n && o + 2 < cap; i++) {
        unsigned char c = (unsigned char)s[i], k = 0;
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
            k = c;
        else if (c >= 'A' && c <= 'Z')
            k = lower(c);
        else if (c == '@')
            k = 'o';
        else if (c == 0xC3 && i + 1 < n) {
            unsigned char d = (unsigned char)s[++i];
            k = (d == 0xB8 || d == 0x98) ? 'o' : (d == 0xA5 || d == 0x85) ? 'a'
              : (d == 0xA6 || d == 0x86) ? 'e' : 0;
        } else if (c >= 0x80) {
            continue;
        }
        if (!k) {
            sp = o > 0;
            continue;
        }
        if (sp)
            out[o++] = ' ';
        sp = 0;
        out[o++] = (char)k;
    }
    out[o] = '\0';
    return o;
}

/* Dice coefficient over character bigrams: 1 for equal keys, near 1 for
 * a title with a few damaged letters, low for unrelated lines.  Bigrams
 * are counted in a small hashed table so the cost stays linear; a rare
 * collision only nudges the score. */
double mntp_similar(const char *a, const char *b)
{
    size_t na = strlen(a), nb = strlen(b);
    if (na < 2 || nb < 2)
        return (na == nb && memcmp(a, b, na) == 0) ? 1.0 : 0.0;
    unsigned short count[4096];
    memset(count, 0, sizeof count);
    for (size_t i = 0; i + 1 < na; i++)
        count[((unsigned char)a[i] * 131u + (unsigned char)a[i + 1]) & 4095u]++;
    size_t match = 0;
    for (size_t j = 0; j + 1 < nb; j++) {
        unsigned h = ((unsigned char)b[j] * 131u + (unsigned char)b[j + 1]) & 4095u;
        if (count[h] > 0) {
            count[h]--;
            match++;
        }
    }
    return 2.0 * (double)match / (double)(na - 1 + nb - 1);
}
