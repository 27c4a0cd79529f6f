/* tokenize.c - text -> tokens with byte offsets, positions and a
 * normalized (lower-cased, composed) word.
 *
 * A token is a run of word characters.  Inside a run:
 *   - '-' and '/' (and the Unicode hyphens U+2010 and U+2011, stored as
 *     '-') join when a word character follows and one precedes, so
 *     "MRg-FUS", "Euro-NMD", "22/2023" and "sak11/2022" stay whole.  A
 *     hyphen before a space or line end ("nasjonale- og", "neu-" at a line
 *     break) is not internal; re-joining broken lines is a later stage.
 *   - '.' joins only digit to digit ("15.11.23", "3.2"), never words, so
 *     a full stop or an abbreviation dot ends the token.
 *   - a soft hyphen (U+00AD) between word characters is dropped, as it
 *     only marks where a typesetter may break the word.
 *   - a combining mark is composed into the letter before it when the
 *     pair has a precomposed form (a + U+030A -> å).
 *   - the Latin ligatures U+FB00..U+FB06 from PDF text are spelled out
 *     (ﬁ -> fi), so "ﬁnansiering" is found as "finansiering".
 *   - '@' directly before a letter is read as a letter: OCR reads Ø as
 *     '@' ("@konomi", "Rune @stern"), and the folding stage maps it to
 *     'o' so that such words meet "økonomi" and "Østern" -- except in an
 *     e-mail address ("post@helse-x.no": a domain with a dot follows),
 *     where it separates the words.
 * A URL (from "http://", "https://", "ftp://" or "www." to the next
 * space, less trailing punctuation) is read as a link: '/' separates its
 * words instead of joining them, and percent escapes are decoded, so
 * "https://x.sharepoint.com/sites/Fagr%C3%A5d/Rehabilitering.docx" gives
 * https, x, sharepoint, com, sites, fagråd, rehabilitering, docx; "%20"
 * separates words as a space does.  Its words are ordinary tokens at
 * consecutive positions, so the whole address is found as a phrase.
 * Invalid UTF-8 decodes to U+FFFD, which is not a word character, so bad
 * bytes separate tokens.  A run whose word outgrows ANA_MAX_WORD bytes
 * keeps its first ANA_MAX_WORD bytes (at a character boundary) and the
 * token still spans the whole run, so positions and highlighting stay
 * aligned with the text.
 */
#include "analysis/ana.h"
#include "analysis/ana_private.h"

#include <string.h>
#include <strings.h>

#define SOFT_HYPHEN 0x00ADu

/* The token being built. */
typedef struct {
    ana_xtoken_t *xt;
    int url;            /* inside a URL: '/' separates, escapes decode */
    char word[ANA_MAX_WORD + 1];
    size_t wlen;
    size_t last_off;    /* offset in word of the last letter, for composition */
    uint32_t last_cp;   /* that letter (lower case); 0 after a joiner */
    unsigned upper;     /* upper-case letters seen in the original */
    int cut;            /* the word is full; the rest of the run is skipped */
} builder_t;

static int is_digit(uint32_t cp)
{
    return cp >= '0' && cp <= '9';
}

/* The joiner byte stored in the word for CP, or 0 when CP never joins
 * (in a URL when URL is set). */
static char joiner_of(uint32_t cp, int url)
{
    if (cp == '-' || cp == 0x2010u || cp == 0x2011u)
        return '-';
    if (cp == '/')
        return url ? 0 : '/';
    if (cp == '.')
        return '.';
    return 0;
}

/* The ASCII spelling of a Latin ligature, or NULL. */
static const char *ligature(uint32_t cp)
{
    static const char *const spell[] = {"ff", "fi", "fl", "ffi", "ffl", "st", "st"};

    if (cp >= 0xFB00u && cp <= 0xFB06u)
        return spell[cp - 0xFB00u];
    return NULL;
}

/* Appends the UTF-8 bytes of lower-case CP as a new character. */
static void put_char(builder_t *b, uint32_t cp)
{
    char enc[4];
    size_t n = ana_utf8_encode(cp, enc);

    if (b->cut || b->wlen + n > ANA_MAX_WORD) {
        b->cut = 1;
        return;
    }
    memcpy(b->word + b->wlen, enc, n);
    b->last_off = b->wlen;
    b->last_cp = cp;
    b->wlen += n;
    b->xt->nchars++;
}

/* Appends the word character CP: lower-cased, composed with the letter
 * before it when CP is a combining mark, or spelled out if a ligature. */
static void add_char(builder_t *b, uint32_t cp)
{
    const char *lig;

    if (ana_is_upper(cp))
        b->upper++;
    if (b->cut)
        return;
    if (ana_is_combining(cp) && b->last_cp) {
        uint32_t c = ana_compose(b->last_cp, cp);
        if (c) {
            char enc[4];
            size_t n = ana_utf8_encode(c, enc);
            if (b->last_off + n > ANA_MAX_WORD) {
                b->cut = 1;
                return;
            }
            memcpy(b->word + b->last_off, enc, n);
            b->wlen = b->last_off + n;
            b->last_cp = c;
            return;
        }
    }
    lig = ligature(cp);
    if (lig) {
        size_t n = strlen(lig);
        if (b->wlen + n > ANA_MAX_WORD) {
            b->cut = 1;    /* never keep half a ligature */
            return;
        }
        while (*lig)
            put_char(b, (unsigned char)*lig++);
        return;
    }
    put_char(b, ana_lower(cp));
}

/* Appends joiner J found at input bytes [js, je): closes the current
 * part and opens the next one, which begins at JE. */
static void add_joiner(builder_t *b, char j, size_t js, size_t je)
{
    ana_xtoken_t *xt = b->xt;
    ana_part_t *p;

    if (b->cut || b->wlen + 1 > ANA_MAX_WORD || xt->nparts >= ANA_MAX_PARTS) {
        b->cut = 1;
        return;
    }
    p = &xt->part[xt->nparts - 1];
    p->wend = b->wlen;
    p->end = js;
    b->word[b->wlen++] = j;
    b->last_cp = 0;
    xt->nchars++;
    p = &xt->part[xt->nparts++];
    p->wstart = b->wlen;
    p->start = je;
}

/* Finishes the token ending at input offset END and fills in its word
 * and flags. */
static void finish(builder_t *b, size_t end)
{
    ana_xtoken_t *xt = b->xt;
    ana_part_t *last = &xt->part[xt->nparts - 1];
    unsigned flags = ANA_TOK_NUMERIC;

    if (last->wstart == b->wlen && xt->nparts > 1) {
        /* The word filled up right after a joiner: drop the joiner and the
         * empty part it opened; the part before it is already closed. */
        xt->nparts--;
        b->wlen--;
        xt->nchars--;
    } else {
        last->wend = b->wlen;
        last->end = end;
    }
    b->word[b->wlen] = '\0';
    for (size_t i = 0; i < b->wlen; i++) {
        char c = b->word[i];
        if (!(c >= '0' && c <= '9') && c != '-' && c != '/' && c != '.')
            flags &= ~ANA_TOK_NUMERIC;
    }
    if (xt->nparts > 1)
        flags |= ANA_TOK_JOINED;
    if (b->upper >= 2)
        flags |= ANA_TOK_UPPER;
    if (b->url)
        flags |= ANA_TOK_URL;
    xt->tok.word = b->word;
    xt->tok.word_len = b->wlen;
    xt->tok.end = end;
    xt->tok.flags = flags;
}

static int is_alnum_ascii(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* 1 when the '@' at TEXT[I] joins an e-mail address: an ASCII letter or
 * digit before it, and after it a domain of ASCII letters, digits and
 * hyphens in labels split by dots, the last of 2-6 lower-case letters
 * ("post@nmk.no").  OCR damage ("Sj@lland.", "muliggj@r", "m@der.Neste"
 * where a space was lost) has no such domain. */
static int email_at(const char *text, size_t len, size_t i)
{
    if (i == 0 || !is_alnum_ascii(text[i - 1]))
        return 0;
    size_t k = i + 1, labels = 0, tld = 0;
    for (;;) {
        size_t s = k;
        int lower = 1;
        while (k < len && (is_alnum_ascii(text[k]) || text[k] == '-')) {
            lower = lower && text[k] >= 'a' && text[k] <= 'z';
            k++;
        }
        if (k == s)
            return 0;
        labels++;
        tld = lower ? k - s : 0;
        if (k + 1 < len && text[k] == '.' && is_alnum_ascii(text[k + 1]))
            k++;
        else
            break;
    }
    return labels >= 2 && tld >= 2 && tld <= 6;
}

/* 1 when the '@' at TEXT[I] stands for an OCR-damaged letter: a letter
 * (not a digit) follows it, and it is no e-mail address's. */
static int ocr_at(const char *text, size_t len, size_t i)
{
    uint32_t next;
    if (text[i] != '@' || i + 1 >= len)
        return 0;
    ana_utf8_decode(text + i + 1, len - i - 1, &next);
    return ana_is_word_char(next) && !is_digit(next) && !email_at(text, len, i);
}

/* Decodes the character at TEXT[I] (LEN bytes in all) into *CP and
 * returns the bytes it takes.  In a URL (URL set), percent escapes that
 * spell one valid UTF-8 character ("%C3%A5") are that character. */
static size_t decode(const char *text, size_t len, size_t i, int url, uint32_t *cp)
{
    if (url && text[i] == '%') {
        char bytes[4];
        size_t nb = 0, k = i;
        int hi, lo;
        while (nb < 4 && k + 2 < len && text[k] == '%' &&
               (hi = ana_hex_digit((unsigned char)text[k + 1])) >= 0 &&
               (lo = ana_hex_digit((unsigned char)text[k + 2])) >= 0) {
            bytes[nb++] = (char)(hi * 16 + lo);
            k += 3;
            uint32_t c;
            if (ana_utf8_decode(bytes, nb, &c) == nb && c != 0xFFFDu) {
                *cp = c;
                return k - i;
            }
        }
    }
    return ana_utf8_decode(text + i, len - i, cp);
}

/* The end of a URL starting at TEXT[I], or I when none starts there:
 * "http://", "https://", "ftp://" or "www." (any case) up to the next
 * white space, control byte or <>"', less trailing punctuation. */
static size_t url_end(const char *text, size_t len, size_t i)
{
    static const char *const starts[] = {"http://", "https://", "ftp://", "www."};
    size_t e = i;
    /* Each starts with h, f or w, in either case: most words need no
     * comparison (four per word were a tenth of the tokenizer's own
     * instructions). */
    char first = (char)(text[i] | 0x20);
    if (first != 'h' && first != 'f' && first != 'w')
        return i;
    for (size_t k = 0; k < sizeof starts / sizeof *starts && e == i; k++) {
        size_t n = strlen(starts[k]);
        if (len - i > n && strncasecmp(text + i, starts[k], n) == 0)
            e = i + n;
    }
    if (e == i)
        return i;
    while (e < len && (unsigned char)text[e] > ' ' && !strchr("<>\"'\x7f", text[e]))
        e++;
    while (e > i && strchr(".,;:!?)]", text[e - 1]))
        e--;
    return e;
}

/* Scans the run that starts with word character at offset START and
 * returns the offset just past it, filling B. */
static size_t scan(builder_t *b, const char *text, size_t len, size_t start)
{
    size_t i = start;
    uint32_t prev = 0;

    b->xt->part[0].wstart = 0;
    b->xt->part[0].start = start;
    while (i < len) {
        uint32_t cp, next = 0xFFFDu;
        size_t n = decode(text, len, i, b->url, &cp);
        char j;

        if (ana_is_word_char(cp) || (!b->url && ocr_at(text, len, i))) {
            add_char(b, cp);
            prev = cp;
            i += n;
            continue;
        }
        j = joiner_of(cp, b->url);
        if (cp != SOFT_HYPHEN && !j)
            break;
        if (i + n < len)
            decode(text, len, i + n, b->url, &next);
        if (!ana_is_word_char(next))
            break;
        if (cp == SOFT_HYPHEN) {
            i += n;              /* dropped; the word goes on */
            continue;
        }
        if (j == '.' && !(is_digit(prev) && is_digit(next)))
            break;
        add_joiner(b, j, i, i + n);
        prev = cp;
        i += n;
    }
    return i;
}

uint32_t ana_tokenize_x(const char *text, size_t len, uint32_t first_pos,
                        ana_xtoken_cb cb, void *ctx)
{
    ana_xtoken_t xt;
    builder_t b;
    uint32_t pos = first_pos ? first_pos : 1;   /* positions are 1-based */
    size_t i = 0, url = 0;   /* a URL runs to URL */

    if (!text)
        len = 0;
    while (i < len) {
        uint32_t cp;
        int in_url = i < url;
        size_t n = decode(text, len, i, in_url, &cp), end;

        if (!ana_is_word_char(cp) && (in_url || !ocr_at(text, len, i))) {
            i += n;
            continue;
        }
        if (!in_url && (url = url_end(text, len, i)) > i)
            in_url = 1;
        memset(&b, 0, sizeof b);
        b.xt = &xt;
        b.url = in_url;
        xt.nparts = 1;
        xt.nchars = 0;
        xt.tok.start = i;
        xt.tok.pos = pos;
        end = scan(&b, text, in_url ? url : len, i);
        finish(&b, end);
        if (cb(ctx, &xt))
            return 0;
        pos++;
        i = end;
    }
    return pos;
}

/* Adapts a public token callback to the detailed one. */
typedef struct {
    ana_token_cb cb;
    void *ctx;
} plain_t;

static int plain_cb(void *ctx, const ana_xtoken_t *xt)
{
    plain_t *p = ctx;
    return p->cb(p->ctx, &xt->tok);
}

uint32_t ana_tokenize(const char *text, size_t len, uint32_t first_pos,
                      ana_token_cb cb, void *ctx)
{
    plain_t p = {cb, ctx};
    return ana_tokenize_x(text, len, first_pos, plain_cb, &p);
}
