/* rejoin.c - a token-stream stage that undoes what PDF extraction and
 * typesetting did to words, between the tokenizer and term generation.
 *
 * Line-end hyphens.  "neu-" at the end of a line followed by
 * "romodulation" on the next becomes one token spanning both pieces, so it
 * is found as "neuromodulation" and highlighted where it stands.  The join
 * is plain ("neuromodulation") when the lexicon knows the joined word or
 * can split it into known parts.  Otherwise the hyphen is kept
 * ("neu-romodulation"): the pipeline then indexes the token's parts and
 * its joiner-less form, so it is found either way, and a genuine hyphen at
 * a line end ("MR-" / "guidet", "e-" / "læring") is not lost.  Never
 * joined: a next line starting with a capital ("Herlev-" / "Gentofte"), a
 * digit, or a conjunction ("hoved-" / "eller stemmetremor").
 *
 * Suspended compounds.  In "helse- og omsorgstjenester" the first word
 * borrows the head of the last: the stage asks the host pipeline to index
 * "helsetjenester" too, at the position and offsets of "helse-".  The head
 * is the last part of the compound as the lexicon splits it.
 *
 * Positions are renumbered after a join so phrases spanning it still
 * match.  Tokens reach the pipeline one token late (the stage must see the
 * next token to decide), in order.
 */
#include "analysis/ana.h"
#include "analysis/ana_private.h"
#include "analysis/lexicon.h"

#include <string.h>

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Conjunctions that follow a suspended compound's first word. */
static int is_conjunction(const ana_token_t *t)
{
    static const char *const words[] = {"og", "eller", "samt", "and", "or", "el", "og/eller", "eller/og"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (t->word_len == strlen(words[i]) && memcmp(t->word, words[i], t->word_len) == 0)
            return 1;
    return 0;
}

/* What follows a token in the text. */
enum { TAIL_NONE, TAIL_HYPHEN_LINE, TAIL_HYPHEN_SPACE };

static int tail_of(const ana_rejoin_t *rj, const ana_xtoken_t *xt)
{
    size_t i = xt->tok.end;
    if (i >= rj->len || rj->text[i] != '-')
        return TAIL_NONE;
    i++;
    int newline = 0, space = 0;
    while (i < rj->len && is_space(rj->text[i])) {
        if (rj->text[i] == '\n')
            newline = 1;
        space = 1;
        i++;
    }
    if (!space)
        return TAIL_NONE;
    return newline ? TAIL_HYPHEN_LINE : TAIL_HYPHEN_SPACE;
}

/* 1 when the token starts with a lower-case letter in the text. */
static int starts_lower(const ana_rejoin_t *rj, const ana_xtoken_t *xt)
{
    uint32_t cp;
    ana_utf8_decode(rj->text + xt->tok.start, rj->len - xt->tok.start, &cp);
    return ana_is_word_char(cp) && !(cp >= '0' && cp <= '9') && ana_lower(cp) == cp;
}

/* Copies SRC's token and the parts it uses into DST: the part slots are
 * two kilobytes, nearly all unused, and two whole copies per token were
 * a tenth of the highlighter's instructions. */
static void xtoken_copy(ana_xtoken_t *dst, const ana_xtoken_t *src)
{
    dst->tok = src->tok;
    dst->nparts = src->nparts;
    dst->nchars = src->nchars;
    memcpy(dst->part, src->part, src->nparts * sizeof src->part[0]);
}

static void copy_token(ana_xtoken_t *dst, char *wbuf, const ana_xtoken_t *src)
{
    xtoken_copy(dst, src);
    memcpy(wbuf, src->tok.word, src->tok.word_len);
    wbuf[src->tok.word_len] = '\0';
    dst->tok.word = wbuf;
}

/* 1 when the lexicon vouches for WORD as a word or a compound of words. */
static int known(const ana_rejoin_t *rj, const char *word, size_t len)
{
    ana_cpart_t parts[8];
    if (!rj->lex)
        return 0;
    return ana_lexicon_has(rj->lex, word, len) || ana_compound_split(rj->lex, word, len, parts, 8) > 0;
}

/* Joins the pending token with NEXT into the pending slot. */
static void join(ana_rejoin_t *rj, const ana_xtoken_t *next)
{
    ana_xtoken_t *p = &rj->pend;
    char joined[2 * ANA_MAX_WORD + 2];
    size_t pl = p->tok.word_len, nl = next->tok.word_len;
    memcpy(joined, p->tok.word, pl);
    memcpy(joined + pl, next->tok.word, nl);
    int plain = known(rj, joined, pl + nl);
    size_t wl;
    if (plain) {
        wl = pl + nl;
    } else {
        joined[pl] = '-';
        memcpy(joined + pl + 1, next->tok.word, nl);
        wl = pl + 1 + nl;
    }
    if (wl > ANA_MAX_WORD) {
        /* The word stays bounded (at a character boundary); the token
         * still spans both pieces. */
        wl = ANA_MAX_WORD;
        while (wl > 0 && ((unsigned char)joined[wl] & 0xC0) == 0x80)
            wl--;
    }
    memcpy(rj->pend_word, joined, wl);
    rj->pend_word[wl] = '\0';
    p->tok.word = rj->pend_word;
    p->tok.word_len = wl;
    p->tok.end = next->tok.end;
    p->tok.flags = (p->tok.flags | next->tok.flags) & ~ANA_TOK_NUMERIC;
    p->nchars += next->nchars + (plain ? 0 : 1);
    if (plain) {
        p->tok.flags &= ~ANA_TOK_JOINED;
        p->nparts = 1;
        p->part[0].wstart = 0;
        p->part[0].wend = wl;
        p->part[0].start = p->tok.start;
        p->part[0].end = p->tok.end;
        return;
    }
    /* Keep the pieces as parts, each with its own offsets. */
    p->tok.flags |= ANA_TOK_JOINED;
    size_t base = pl + 1;
    for (unsigned i = 0; i < next->nparts && p->nparts < ANA_MAX_PARTS; i++) {
        ana_part_t q = next->part[i];
        q.wstart += base;
        q.wend += base;
        if (q.wend > wl)
            break;
        p->part[p->nparts++] = q;
    }
}

/* Emits the head of NEXT joined to the suspended first word. */
static int expand_suspended(ana_rejoin_t *rj, const ana_xtoken_t *next)
{
    ana_cpart_t parts[8];
    size_t n = rj->lex ? ana_compound_split(rj->lex, next->tok.word, next->tok.word_len, parts, 8) : 0;
    if (n < 2)
        return 0;
    const ana_cpart_t *head = &parts[n - 1];
    size_t hl = head->end - head->start, sl = rj->susp.tok.word_len;
    char word[ANA_MAX_WORD + 1];
    /* "nasjonale- og internasjonale" is no suspended compound: the first
     * word reappears whole in the second. */
    if (sl + hl > ANA_MAX_WORD || (hl >= sl && memcmp(next->tok.word + next->tok.word_len - sl,
                                                      rj->susp.tok.word, sl) == 0))
        return 0;
    memcpy(word, rj->susp.tok.word, sl);
    memcpy(word + sl, next->tok.word + head->start, hl);
    word[sl + hl] = '\0';
    return rj->extra(rj->ctx, &rj->susp, word, sl + hl);
}

void ana_rejoin_init(ana_rejoin_t *rj, const char *text, size_t len, const struct ana_lexicon *lex,
                     ana_rejoin_emit_cb emit, ana_rejoin_extra_cb extra, void *ctx)
{
    memset(rj, 0, sizeof *rj);
    rj->text = text;
    rj->len = len;
    rj->lex = lex;
    rj->emit = emit;
    rj->extra = extra;
    rj->ctx = ctx;
}

/* Passes the pending token on, noting whether it may start a suspended
 * compound. */
static int flush(ana_rejoin_t *rj)
{
    if (!rj->have_pend)
        return 0;
    rj->have_pend = 0;
    if (rj->pend_tail != TAIL_NONE && !(rj->pend.tok.flags & ANA_TOK_NUMERIC)) {
        copy_token(&rj->susp, rj->susp_word, &rj->pend);
        rj->susp_state = 1;
    }
    return rj->emit(rj->ctx, &rj->pend);
}

int ana_rejoin_push(ana_rejoin_t *rj, const ana_xtoken_t *in)
{
    ana_xtoken_t xt;
    xtoken_copy(&xt, in);
    xt.tok.pos -= rj->shift;
    if (rj->have_pend && rj->pend_tail == TAIL_HYPHEN_LINE && starts_lower(rj, &xt) &&
        !is_conjunction(&xt.tok) && !(rj->pend.tok.flags & ANA_TOK_NUMERIC)) {
        join(rj, &xt);
        rj->shift++;
        rj->pend_tail = tail_of(rj, &rj->pend);
        return 0;
    }
    int stop = flush(rj);
    if (stop)
        return stop;
    /* Suspended compound: WORD- og NEXT. */
    if (rj->susp_state == 1 && rj->susp.tok.pos + 1 != xt.tok.pos)
        rj->susp_state = 0;
    if (rj->susp_state == 2) {
        rj->susp_state = 0;
        if ((stop = expand_suspended(rj, &xt)) != 0)
            return stop;
    } else if (rj->susp_state == 1) {
        rj->susp_state = is_conjunction(&xt.tok) ? 2 : 0;
    }
    copy_token(&rj->pend, rj->pend_word, &xt);
    rj->have_pend = 1;
    rj->pend_tail = tail_of(rj, &rj->pend);
    return 0;
}

int ana_rejoin_finish(ana_rejoin_t *rj)
{
    return flush(rj);
}
