/* snippet.c - cutting a highlighted snippet out of a passage.
 *
 * The passage is the hit, so the snippet only has to show where in it the
 * query matched: the window of about max_bytes that holds the most
 * highlighted spans, widened to word boundaries, with the spans wrapped
 * in the caller's markers (bold escapes for a terminal, nothing when
 * piped).  The spans come from re-analysing the passage with the same
 * pipeline the indexer used, so they mark the original text.
 */
#include "passage/psg.h"

#include <stdlib.h>
#include <string.h>

static int is_ws(unsigned char c)
{
    return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* How much context to keep in front of the first span of the window. */
#define LEAD_DIVISOR 4

/* Moves a window start forward to the next word start (or keeps 0). */
static size_t snap_start(const char *t, size_t len, size_t ws, size_t limit)
{
    if (ws == 0 || is_ws((unsigned char)t[ws - 1]))
        return ws;
    size_t i = ws;
    while (i < len && i < limit && !is_ws((unsigned char)t[i]))
        i++;
    if (i < limit) {
        while (i < limit && is_ws((unsigned char)t[i]))
            i++;
        return i;
    }
    /* No whitespace before the first span: settle for a character start. */
    while (ws > 0 && ((unsigned char)t[ws] & 0xC0) == 0x80)
        ws--;
    return ws;
}

/* Moves a window end back to the end of a word (or keeps len). */
static size_t snap_end(const char *t, size_t len, size_t we, size_t floor)
{
    if (we >= len)
        return len;
    size_t i = we;
    while (i > floor && !is_ws((unsigned char)t[i]))
        i--;
    if (i > floor)
        return i;
    while (we < len && ((unsigned char)t[we] & 0xC0) == 0x80)
        we++;
    return we;
}

size_t psg_snippet_focus(const psg_span_t *spans, size_t n, size_t lo, size_t hi, size_t max_bytes)
{
    if (max_bytes < 16)
        max_bytes = 16;
    /* The span starting the densest window, of those inside [lo, hi). */
    size_t best = n, best_count = 0;
    for (size_t i = 0; i < n; i++) {
        if (spans[i].start < lo || spans[i].end > hi)
            continue;
        size_t c = 0;
        for (size_t k = i; k < n && spans[k].end <= spans[i].start + max_bytes && spans[k].end <= hi; k++)
            c++;
        if (c > best_count) {
            best_count = c;
            best = i;
        }
    }
    return best;
}

char *psg_snippet(const char *text, size_t len, const psg_span_t *spans, size_t n,
                  size_t max_bytes, const char *open, const char *close)
{
    return psg_snippet_in(text, len, 0, len, spans, n, max_bytes, open, close);
}

char *psg_snippet_in(const char *text, size_t len, size_t lo, size_t hi, const psg_span_t *spans,
                     size_t n, size_t max_bytes, const char *open, const char *close)
{
    if (max_bytes < 16)
        max_bytes = 16;
    if (hi > len)
        hi = len;
    if (lo > hi)
        lo = hi;
    size_t best = psg_snippet_focus(spans, n, lo, hi, max_bytes);
    size_t ws = lo, we;
    if (best < n) {
        size_t lead = max_bytes / LEAD_DIVISOR;
        ws = spans[best].start > lo + lead ? spans[best].start - lead : lo;
        size_t first = spans[best].start;
        ws = snap_start(text, len, ws, first);
    }
    /* The window ends inside [lo, hi): at a word's end, or at HI. */
    we = ws + max_bytes < hi ? ws + max_bytes : hi;
    we = snap_end(text, hi, we, ws);
    /* Never cut a span in two. */
    for (size_t i = 0; i < n; i++)
        if (spans[i].start < we && spans[i].end > we && spans[i].end <= hi)
            we = spans[i].end;

    size_t ol = strlen(open), cl = strlen(close);
    size_t cap = (we - ws) + 7 + n * (ol + cl) + 1;
    char *out = malloc(cap);
    if (!out)
        return NULL;
    size_t o = 0, cur = 0;
    if (ws > 0) {
        memcpy(out + o, "...", 3);
        o += 3;
    }
    while (cur < n && spans[cur].start < ws)
        cur++;
    int pending_space = 0, in_span = 0;
    for (size_t i = ws; i < we; i++) {
        if (in_span && i == spans[cur].end) {
            memcpy(out + o, close, cl);
            o += cl;
            in_span = 0;
            cur++;
        }
        unsigned char c = (unsigned char)text[i];
        if (is_ws(c)) {
            pending_space = 1;
            continue;
        }
        if (pending_space) {
            out[o++] = ' ';
            pending_space = 0;
        }
        while (!in_span && cur < n && spans[cur].start < i)
            cur++; /* a span cut off by the window edge */
        if (!in_span && cur < n && spans[cur].start == i && spans[cur].end <= we) {
            memcpy(out + o, open, ol);
            o += ol;
            in_span = 1;
        }
        out[o++] = (char)c;
    }
    if (in_span) {
        memcpy(out + o, close, cl);
        o += cl;
    }
    if (we < len) {
        memcpy(out + o, "...", 3);
        o += 3;
    }
    out[o] = '\0';
    return out;
}
