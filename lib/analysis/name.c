/* name.c - the canonical identity of a name: a meeting body as the files
 * spell it ("Senterrådet for NMK", "Senterradet for NMK", "Fagrddet").
 *
 * One body is spelt many ways across an archive: with its Nordic letters,
 * with them lost in an old scan or typed as ASCII stand-ins ("aa"), or
 * damaged by OCR ("Fagrddet").  Its key is, per word, the OCR repair
 * (ocr.c, against the lexicon) or else the word itself, folded (fold.c),
 * so that every spelling meets in one key: "fagradet".  The key decides
 * what counts as one body; its proper spelling (what a person reads) is
 * the text with each repaired word spelt as repaired, which restores the
 * letters the damage took ("Fagrddet" -> "Fagrådet").
 */
#include "analysis/ana.h"
#include "analysis/ana_private.h"

#include <string.h>

/* The upper-case letter of lower-case CP in the Latin-1 range ("å" ->
 * "Å"); other code points unchanged. */
static uint32_t upper(uint32_t cp)
{
    if ((cp >= 'a' && cp <= 'z') || (cp >= 0xE0 && cp <= 0xFE && cp != 0xF7))
        return cp - 0x20;
    return cp;
}

/* Appends N bytes of S to OUT (CAP bytes, *O used); 0 when they do not fit. */
static int put(char *out, size_t cap, size_t *o, const char *s, size_t n)
{
    if (*o + n + 1 > cap)
        return 0;
    memcpy(out + *o, s, n);
    *o += n;
    out[*o] = '\0';
    return 1;
}

/* Appends the repaired word FIXED (N bytes, lower-case) to OUT, cased as
 * the written token WRITTEN (WLEN bytes): all upper-case when the token
 * was ("FAGRDDET"), a capital first letter when it had one. */
static int put_cased(char *out, size_t cap, size_t *o, const char *fixed, size_t n, const char *written,
                     size_t wlen)
{
    uint32_t first;
    size_t uppers = 0, letters = 0;
    for (size_t i = 0; i < wlen;) {
        uint32_t cp;
        i += ana_utf8_decode(written + i, wlen - i, &cp);
        if (ana_lower(cp) != cp)
            uppers++;
        if (ana_is_word_char(cp))
            letters++;
    }
    ana_utf8_decode(written, wlen, &first);
    int all = letters > 1 && uppers == letters, cap_first = ana_lower(first) != first;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        char enc[4];
        size_t k = ana_utf8_decode(fixed + i, n - i, &cp);
        if (all || (cap_first && i == 0))
            cp = upper(cp);
        i += k;
        if (!put(out, cap, o, enc, ana_utf8_encode(cp, enc)))
            return 0;
    }
    return 1;
}

typedef struct {
    ana_t *a;
    const char *text;
    char *key, *proper;
    size_t kcap, pcap, kn, pn, copied;
    ana_name_cb cb;
    void *ctx;
    int full;
} name_t;

static int name_word(void *ctx, const ana_token_t *t)
{
    name_t *nm = ctx;
    char fixed[ANA_MAX_WORD + 1], canon[ANA_MAX_WORD + 1];
    size_t fn = 0;
    /* Numbers and joined words are not repaired (as in the pipeline). */
    if (!(t->flags & (ANA_TOK_NUMERIC | ANA_TOK_JOINED)))
        fn = ana_ocr_cached(nm->a, t->word, t->word_len, fixed, sizeof fixed);
    size_t cn = fn ? ana_fold(fixed, fn, canon, sizeof canon) : ana_fold(t->word, t->word_len, canon, sizeof canon);
    if (nm->kn > 0 && !put(nm->key, nm->kcap, &nm->kn, " ", 1))
        nm->full = 1;
    if (!put(nm->key, nm->kcap, &nm->kn, canon, cn))
        nm->full = 1;
    /* The proper spelling: the text up to the word as it is, then the
     * word as written or as repaired. */
    if (nm->proper &&
        (!put(nm->proper, nm->pcap, &nm->pn, nm->text + nm->copied, t->start - nm->copied) ||
         !(fn ? put_cased(nm->proper, nm->pcap, &nm->pn, fixed, fn, nm->text + t->start, t->end - t->start)
              : put(nm->proper, nm->pcap, &nm->pn, nm->text + t->start, t->end - t->start))))
        nm->full = 1;
    nm->copied = t->end;
    if (nm->full)
        return 1;
    return nm->cb ? nm->cb(nm->ctx, t->word, t->word_len, canon, cn) : 0;
}

size_t ana_name_key(ana_t *a, const char *text, size_t len, char *key, size_t kcap, char *proper,
                    size_t pcap, ana_name_cb cb, void *ctx)
{
    name_t nm = { a, text, key, proper, kcap, pcap, 0, 0, 0, cb, ctx, 0 };
    if (!a || kcap == 0 || (proper && pcap == 0))
        return 0;
    key[0] = '\0';
    if (proper)
        proper[0] = '\0';
    if (ana_tokenize(text, len, 1, name_word, &nm) == 0 || nm.full)
        return 0;
    /* The text after the last word, so the spelling is whole. */
    if (proper && !put(proper, pcap, &nm.pn, text + nm.copied, len - nm.copied))
        return 0;
    return nm.kn;
}

size_t ana_name_word(const char *word, size_t len, char *out, size_t cap)
{
    return ana_fold(word, len, out, cap);
}
