/* pipeline.c - tokens -> index and query terms.
 *
 * For every token the pipeline emits, in this order:
 *   EXACT     the normalized word ("mrg-fus"); always.
 *   STEM      "Z" + stem.  A document is stemmed in its own language
 *             (unknown: Norwegian); a query word is stemmed in Norwegian
 *             and Danish (and English when the hint is English), each
 *             distinct stem once, so that one query finds passages in
 *             every language.  Numbers are not stemmed, and neither are
 *             words of fewer than MIN_STEM_CHARS characters: the
 *             Scandinavian Snowball stemmers never shorten them (their R1
 *             region starts after the third letter), so such a stem would
 *             only repeat the exact term under another prefix.  Documents
 *             and queries follow the same rule, so they always agree.
 *             A joiner the stemmer leaves at the end is dropped.
 *   FOLDED    "V" + the stem of the word's Nordic folding skeleton
 *             (fold.c), when the skeleton differs from the word:
 *             "børnekræft" -> "Vbornekraft".  A
 *             query word also gets "V" + its skeleton when that equals the
 *             stem (so "bornekraeft" meets "Vbornekraft"), and "Z" + the
 *             skeleton (so "årsrapport" meets the stem of a scan that
 *             lost its diacritics, "Arsrapport").  The query weights these
 *             below exact and stem matches.
 *   PART      for a joined word that is not a number, each part ("mrg",
 *             "fus"), at the token's position but with the part's own
 *             byte offsets, so "FUS" finds "MRg-FUS" and the highlighter
 *             can mark just the part.
 *   SQUASHED  the joined word without joiners ("mrgfus"), so "MRgFUS"
 *             and "MRg-FUS" meet.
 * A joined number ("22/2023", "15.11.23") gets only its exact term: its
 * parts and squashed form ("222023") would match unrelated numbers.
 * Terms longer than ANA_MAX_TERM bytes are skipped; with ANA_MAX_WORD at
 * 120 bytes none is expected, but the index must never see one.
 */
#include "analysis/ana.h"
#include "analysis/ana_private.h"
#include "analysis/lexicon.h"
#include "casenum.h"
#include "schema.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MIN_STEM_CHARS 3
#define MAX_STEMS 3

typedef struct {
    ana_t *a;
    const char *text;
    size_t len;
    ana_rejoin_t rejoin;
    ana_mode_t mode;
    ana_lang_t lang;
    ana_term_cb cb;
    void *ctx;
    unsigned skip;    /* ANA_KIND() of the kinds not made */
    struct ana_term_memo *fill;  /* the slot the token's terms are kept in */
} run_t;

/* Remembered terms (ana_remember_terms): for a document word, in a small
 * direct-mapped table, the terms it yields that depend on the word alone
 * -- its stem, skeleton and key (STEM, FOLDED, CROSS) -- which are most of
 * the cost of analysing it.  The other kinds depend on the word lists
 * (cached there) or on the text around the word, and are made each time. */
#define MEMO_SLOTS_FIRST 1024 /* a power of two; about 115 KB */
#define MEMO_SLOTS 8192  /* a power of two; about 0.9 MB per analyzer */
#define MEMO_WORD 31     /* longer words are not remembered */
#define MEMO_BYTES 64    /* the terms' bytes at most, or the word is not */

enum { MEMO_STEM, MEMO_FOLDED, MEMO_CROSS, MEMO_KINDS };

struct ana_term_memo {
    uint32_t hash;
    uint8_t len;                 /* the word's bytes; 0: empty */
    uint8_t lang;
    uint8_t skip;                /* the run's skip of FOLDED and CROSS */
    uint8_t flags;               /* the token's ANA_TOK_* */
    uint8_t n[MEMO_KINDS];       /* each term's bytes; 0: none */
    char word[MEMO_WORD];
    char terms[MEMO_BYTES];      /* the terms, each ended by a NUL, in MEMO_* order */
};

/* Where M's term of MEMO_* kind K begins: the terms are made in that
 * order. */
static char *memo_term(struct ana_term_memo *m, int k)
{
    size_t at = 0;
    for (int j = 0; j < k; j++)
        at += m->n[j] ? m->n[j] + 1u : 0;
    return m->terms + at;
}

/* The MEMO_* index of KIND, or -1 when it is not remembered. */
static int memo_kind(ana_term_kind_t kind)
{
    return kind == ANA_TERM_STEM ? MEMO_STEM
         : kind == ANA_TERM_FOLDED ? MEMO_FOLDED
         : kind == ANA_TERM_CROSS ? MEMO_CROSS : -1;
}

/* Calls the user callback for one term; returns its verdict. */
static int emit(run_t *r, const ana_xtoken_t *xt, ana_term_kind_t kind,
                ana_lang_t lang, const char *term, size_t len, size_t start,
                size_t end)
{
    ana_term_t t;

    if (len == 0 || len > ANA_MAX_TERM)
        return 0;
    t.term = term;
    t.len = len;
    t.kind = kind;
    t.lang = lang;
    t.pos = xt->tok.pos;
    t.start = start;
    t.end = end;
    t.token = &xt->tok;
    int k = r->fill ? memo_kind(kind) : -1;
    if (k >= 0) {
        /* A second term of a kind, one out of order, or too many bytes
         * are not kept: nor is the word then. */
        char *at = memo_term(r->fill, k);
        int later = 0;
        for (int j = k; j < MEMO_KINDS; j++)
            later |= r->fill->n[j];
        if (later || at + len + 1 > r->fill->terms + MEMO_BYTES) {
            r->fill = NULL;
        } else {
            memcpy(at, term, len);
            at[len] = '\0';
            r->fill->n[k] = (uint8_t)len;
        }
    }
    return r->cb(r->ctx, &t);
}

/* The languages to stem in, with the language each stem is reported in;
 * returns how many. */
static int stem_langs(const run_t *r, ana_lang_t out[MAX_STEMS])
{
    if (r->mode == ANA_MODE_DOCUMENT) {
        out[0] = (r->lang > ANA_LANG_UNKNOWN && r->lang < ANA_LANG_COUNT) ? r->lang : ANA_LANG_NB;
        return 1;
    }
    out[0] = ANA_LANG_NB;
    out[1] = ANA_LANG_DA;
    if (r->lang == ANA_LANG_EN) {
        out[2] = ANA_LANG_EN;
        return 3;
    }
    return 2;
}

/* A suffix removed from a joined word can leave a joiner at the end
 * ("RVE-ene" -> "rve-"); without it, the stem meets the stem of the bare
 * word ("RVE"), as the inflection intends.  Returns the trimmed length. */
static size_t trim_joiners(const char *s, size_t len)
{
    while (len > 0 && (s[len - 1] == '-' || s[len - 1] == '/' || s[len - 1] == '.'))
        len--;
    return len;
}

/* The language a document is stemmed in. */
static ana_lang_t stem_langs_first(const run_t *r)
{
    ana_lang_t langs[MAX_STEMS];
    stem_langs(r, langs);
    return langs[0];
}

/* Emits the FOLDED terms of XT for language LANG, whose stem S (SLEN
 * bytes) was just emitted.  The word is folded first and then stemmed:
 * the Snowball stemmers treat æ, ø, å as vowels, so stemming before
 * folding would let "årsrapport" and a scan's "Arsrapport" part ways.
 * SEEN/NSEEN keep the query's folded terms distinct across languages.
 * Returns nonzero to stop. */
static int emit_folded(run_t *r, const ana_xtoken_t *xt, ana_lang_t lang, const char *s,
                       size_t slen, char seen[][ANA_MAX_TERM + 1], int *nseen)
{
    char fw[ANA_MAX_WORD + 1], f[ANA_MAX_TERM + 1];
    size_t fwlen = ana_fold(xt->tok.word, xt->tok.word_len, fw, sizeof fw), flen;
    int differs = fwlen != xt->tok.word_len || memcmp(fw, xt->tok.word, fwlen) != 0;

    if (r->mode == ANA_MODE_DOCUMENT && !differs)
        return 0;
    f[0] = 'V';
    if (differs) {
        size_t fslen;
        const char *fs = ana_stem(r->a, lang, fw, fwlen, &fslen);
        if (!fs)
            return 1;
        fslen = trim_joiners(fs, fslen);
        if (fslen == 0 || fslen + 1 > ANA_MAX_TERM)
            return 0;
        memcpy(f + 1, fs, fslen);
        flen = fslen + 1;
    } else {
        memcpy(f + 1, s, slen);
        flen = slen + 1;
    }
    f[flen] = '\0';
    if (r->mode == ANA_MODE_DOCUMENT)
        return emit(r, xt, ANA_TERM_FOLDED, lang, f, flen, xt->tok.start, xt->tok.end);
    for (int k = 0; k < *nseen; k++)
        if (strcmp(seen[k], f) == 0)
            return 0;
    if (*nseen < MAX_STEMS)
        memcpy(seen[(*nseen)++], f, flen + 1);
    if (emit(r, xt, ANA_TERM_FOLDED, lang, f, flen, xt->tok.start, xt->tok.end))
        return 1;
    if (flen - 1 == slen && memcmp(f + 1, s, slen) == 0)
        return 0;
    f[0] = 'Z';
    return emit(r, xt, ANA_TERM_FOLDED, lang, f, flen, xt->tok.start, xt->tok.end);
}

/* Emits the STEM terms of XT; returns nonzero to stop. */
static int emit_stems(run_t *r, const ana_xtoken_t *xt)
{
    char terms[MAX_STEMS][ANA_MAX_TERM + 1];
    char folded[MAX_STEMS][ANA_MAX_TERM + 1];
    size_t lens[MAX_STEMS];
    ana_lang_t langs[MAX_STEMS];
    int n = stem_langs(r, langs), kept = 0, nfolded = 0;

    if ((xt->tok.flags & ANA_TOK_NUMERIC) || xt->nchars < MIN_STEM_CHARS)
        return 0;
    for (int i = 0; i < n; i++) {
        size_t slen;
        const char *s = ana_stem(r->a, langs[i], xt->tok.word, xt->tok.word_len, &slen);
        int dup = 0;

        if (!s)
            return 1;          /* out of memory: stop, ana_analyze() returns 0 */
        slen = trim_joiners(s, slen);
        if (slen == 0 || 1 + slen > ANA_MAX_TERM)
            continue;
        for (int k = 0; k < kept; k++)
            if (lens[k] == 1 + slen && memcmp(terms[k] + 1, s, slen) == 0)
                dup = 1;
        if (dup)
            continue;
        terms[kept][0] = 'Z';
        memcpy(terms[kept] + 1, s, slen);
        terms[kept][1 + slen] = '\0';
        lens[kept] = 1 + slen;
        if (emit(r, xt, ANA_TERM_STEM, langs[i], terms[kept], lens[kept],
                 xt->tok.start, xt->tok.end))
            return 1;
        if (!(r->skip & ANA_KIND(ANA_TERM_FOLDED)) &&
            emit_folded(r, xt, langs[i], terms[kept] + 1, lens[kept] - 1, folded, &nfolded))
            return 1;
        kept++;
    }
    return 0;
}

static int emit_word_stems(run_t *r, const ana_xtoken_t *xt, ana_term_kind_t kind, char prefix,
                           const char *word, size_t len);

/* Emits the PART and SQUASHED terms of a joined word; returns nonzero to
 * stop. */
static int emit_parts(run_t *r, const ana_xtoken_t *xt)
{
    char buf[ANA_MAX_WORD + 1];
    size_t n = 0;

    for (unsigned i = 0; i < xt->nparts; i++) {
        const ana_part_t *p = &xt->part[i];
        size_t len = p->wend - p->wstart;

        memcpy(buf, xt->tok.word + p->wstart, len);
        buf[len] = '\0';
        if (emit(r, xt, ANA_TERM_PART, ANA_LANG_UNKNOWN, buf, len, p->start, p->end))
            return 1;
    }
    for (unsigned i = 0; i < xt->nparts; i++) {
        const ana_part_t *p = &xt->part[i];
        memcpy(buf + n, xt->tok.word + p->wstart, p->wend - p->wstart);
        n += p->wend - p->wstart;
    }
    buf[n] = '\0';
    if (emit(r, xt, ANA_TERM_SQUASHED, ANA_LANG_UNKNOWN, buf, n, xt->tok.start, xt->tok.end))
        return 1;
    if (strpbrk(buf, "0123456789"))
        return 0; /* "k1.13", "covid-19": codes, not words to inflect */
    /* A word broken by a hyphen ("samarbej-de", or a line-end break the
     * lexicon could not vouch for) is a real word once squashed: stem it
     * too, so its inflections meet ("samarbejdet"). */
    return emit_word_stems(r, xt, ANA_TERM_SQUASHED, 'Z', buf, n);
}

/* Emits PREFIX + the stem of WORD (in the document's language, or each
 * query language) as terms of KIND at XT's place. */
static int emit_word_stems(run_t *r, const ana_xtoken_t *xt, ana_term_kind_t kind, char prefix,
                           const char *word, size_t len)
{
    ana_lang_t langs[MAX_STEMS];
    int n = stem_langs(r, langs);
    char term[ANA_MAX_TERM + 1], prev[ANA_MAX_TERM + 1] = "";
    for (int i = 0; i < n; i++) {
        size_t slen;
        const char *s = ana_stem(r->a, langs[i], word, len, &slen);
        if (!s)
            return 1;
        if (slen == 0 || slen + 1 > ANA_MAX_TERM)
            continue;
        term[0] = prefix;
        memcpy(term + 1, s, slen);
        term[slen + 1] = '\0';
        if (strcmp(term, prev) == 0)
            continue;
        memcpy(prev, term, slen + 2);
        if (emit(r, xt, kind, langs[i], term, slen + 1, xt->tok.start, xt->tok.end))
            return 1;
    }
    return 0;
}

/* A suspended compound's expansion ("helsetjenester" for "helse- og
 * omsorgstjenester"): its word and stem, at the first word's place. */
static int on_expansion(void *ctx, const ana_xtoken_t *host, const char *word, size_t len)
{
    run_t *r = ctx;
    if (emit(r, host, ANA_TERM_EXPANDED, ANA_LANG_UNKNOWN, word, len, host->tok.start, host->tok.end))
        return 1;
    return emit_word_stems(r, host, ANA_TERM_EXPANDED, 'Z', word, len);
}

/* Compound parts: a document word the lexicon splits
 * ("rehabiliteringsopphold" -> rehabilitering|s|opphold) gets "K" + the
 * stem of each part, with the part's own byte offsets where the word
 * kept its source length; a query word gets "K" + its stems, so it finds
 * the compounds it is part of.  The "K" space keeps part matches apart
 * from whole-word ones: the query weights them lower, and each query
 * word stays one AND operand, so parts never turn AND into OR. */
static int emit_compound(run_t *r, const ana_xtoken_t *xt)
{
    ana_cpart_t parts[8];
    const ana_token_t *tok = &xt->tok;
    size_t n;

    if (tok->flags & (ANA_TOK_NUMERIC | ANA_TOK_JOINED))
        return 0;
    /* Any query word long enough to be a part may be one. */
    if (r->mode == ANA_MODE_QUERY)
        return xt->nchars < ANA_PART_MIN_CHARS ? 0
               : emit_word_stems(r, xt, ANA_TERM_COMPOUND, 'K', tok->word, tok->word_len);
    if (xt->nchars < 2 * ANA_PART_MIN_CHARS)
        return 0;
    if (!r->a->lex || (n = ana_split_cached(r->a, tok->word, tok->word_len, parts, 8)) < 2)
        return 0;
    /* Offsets map one to one only when normalizing kept the length. */
    int exact_offsets = tok->end - tok->start == tok->word_len;
    for (size_t i = 0; i < n; i++) {
        size_t slen;
        const char *s = ana_stem(r->a, stem_langs_first(r), tok->word + parts[i].start,
                                 parts[i].end - parts[i].start, &slen);
        char term[ANA_MAX_TERM + 1];
        if (!s)
            return 1;
        if (slen == 0 || slen + 1 > ANA_MAX_TERM)
            continue;
        term[0] = 'K';
        memcpy(term + 1, s, slen);
        term[slen + 1] = '\0';
        size_t st = exact_offsets ? tok->start + parts[i].start : tok->start;
        size_t en = exact_offsets ? tok->start + parts[i].end : tok->end;
        if (emit(r, xt, ANA_TERM_COMPOUND, stem_langs_first(r), term, slen + 1, st, en))
            return 1;
    }
    return 0;
}

/* OCR repair (ocr.c): a document word the lexicon does not know, which
 * becomes a known word once OCR confusions are undone, is indexed as that
 * word too -- exact, stem and compound parts -- at its own position and
 * offsets, so a correctly spelled query finds it and ranks it like clean
 * text. */
static int emit_repair(run_t *r, const ana_xtoken_t *xt)
{
    char fixed[ANA_MAX_WORD + 1];
    const ana_token_t *tok = &xt->tok;
    size_t n;

    if (r->mode != ANA_MODE_DOCUMENT || !r->a->lex || (tok->flags & (ANA_TOK_NUMERIC | ANA_TOK_JOINED)))
        return 0;
    n = ana_ocr_cached(r->a, tok->word, tok->word_len, fixed, sizeof fixed);
    if (n == 0)
        return 0;
    if (emit(r, xt, ANA_TERM_REPAIRED, ANA_LANG_UNKNOWN, fixed, n, tok->start, tok->end) ||
        emit_word_stems(r, xt, ANA_TERM_REPAIRED, 'Z', fixed, n))
        return 1;
    ana_xtoken_t rx = *xt;
    rx.tok.word = fixed;
    rx.tok.word_len = n;
    rx.nchars = 0;
    for (size_t i = 0; i < n; i++)
        rx.nchars += ((unsigned char)fixed[i] & 0xC0) != 0x80;
    return emit_compound(r, &rx);
}

/* Case numbers in any spelling of casenum.h ("Sak 19/2023", "Sak 24
 * /2023", "sak11/2022", "3/22", "sak 17-2023", "sak 2023/17") get the
 * canonical exact term "19/2023" (and so on) at the number's position, so
 * any spelling of a case finds every other -- the query reads typed case
 * numbers with the same reader (lib/query/case.c). */
static int emit_case(run_t *r, const ana_xtoken_t *xt)
{
    const ana_token_t *tok = &xt->tok;
    size_t at = tok->start, lab;
    referat_case_t c;
    char term[REFERAT_CASE_MAX + 1];

    if (r->mode != ANA_MODE_DOCUMENT)
        return 0;
    if (tok->word_len > 3 && !(tok->flags & ANA_TOK_NUMERIC) &&
        (lab = referat_case_label(r->text + at, r->len - at)) > 0 && lab < tok->end - at)
        at += lab; /* "sak11/2022" */
    else if (!(tok->flags & ANA_TOK_NUMERIC))
        return 0;
    size_t b = referat_case_label_before(r->text, at);
    size_t used = referat_case_read(r->text + at, r->len - at, b < at || at > tok->start, &c);
    /* A case number inside a longer token ("x-3/22") is left alone. */
    if (used == 0 || c.month || at + used < tok->end)
        return 0;
    size_t tl = referat_case_format(&c, term + 1);
    /* Not already canonical: add the canonical term. */
    if (!(tl == tok->word_len && memcmp(term + 1, tok->word, tl) == 0) &&
        emit(r, xt, ANA_TERM_CASE, ANA_LANG_UNKNOWN, term + 1, tl, tok->start, tok->end))
        return 1;
    /* At the start of a line ("Sak 19/2023 Title"), this is the item
     * itself, not a reference to it: "H" + the number lets a query for
     * the case rank the item first. */
    if (at > tok->start)
        b = tok->start;
    while (b > 0 && (r->text[b - 1] == ' ' || r->text[b - 1] == '\t'))
        b--;
    if (b > 0 && r->text[b - 1] != '\n')
        return 0;
    term[0] = 'H';
    return emit(r, xt, ANA_TERM_CASE, ANA_LANG_UNKNOWN, term, tl + 1, tok->start, tok->end);
}

/* The Norwegian-Danish key (fold.c): "X" + the stem of the word's key, in
 * the document's language, or in Norwegian and Danish for a query, so
 * "sykdommer" meets "sygdomme" and "dyp" meets "dyb". */
static int emit_cross(run_t *r, const ana_xtoken_t *xt)
{
    char key[ANA_MAX_WORD + 1];
    const ana_token_t *tok = &xt->tok;
    if ((tok->flags & (ANA_TOK_NUMERIC | ANA_TOK_JOINED)) || xt->nchars < MIN_STEM_CHARS ||
        strpbrk(tok->word, "0123456789"))
        return 0;
    size_t n = ana_cross_key(tok->word, tok->word_len, key, sizeof key);
    if (n < MIN_STEM_CHARS)
        return 0;
    return emit_word_stems(r, xt, ANA_TERM_CROSS, 'X', key, n);
}

/* XT's slot in A's remembered terms, or NULL when none is kept for it:
 * not asked for, a query, a number or a joined word (its parts come
 * from its joiners), a word too long.  *HIT is set when the slot holds
 * XT's word as R analyses it. */
static struct ana_term_memo *memo_slot(run_t *r, const ana_xtoken_t *xt, int *hit)
{
    const ana_token_t *tok = &xt->tok;
    *hit = 0;
    if (!r->a->remember || r->mode != ANA_MODE_DOCUMENT || tok->word_len == 0 ||
        tok->word_len > MEMO_WORD || (tok->flags & (ANA_TOK_NUMERIC | ANA_TOK_JOINED)))
        return NULL;
    if (!r->a->memo) {
        if (!(r->a->memo = calloc(MEMO_SLOTS_FIRST, sizeof *r->a->memo)))
            return NULL;
        r->a->memo_slots = MEMO_SLOTS_FIRST;
        r->a->memo_stores = 0;
    }
    uint8_t lang = (uint8_t)stem_langs_first(r);
    uint8_t skip = (uint8_t)((r->skip & ANA_KIND(ANA_TERM_FOLDED) ? 1 : 0) | (r->skip & ANA_KIND(ANA_TERM_CROSS) ? 2 : 0));
    uint32_t h = (uint32_t)ana_word_hash(tok->word, tok->word_len) ^ (uint32_t)(lang * 0x9E3779B1u) ^ skip;
    struct ana_term_memo *m = &r->a->memo[h & (r->a->memo_slots - 1)];
    if (m->len == tok->word_len && m->hash == h && m->lang == lang && m->skip == skip &&
        m->flags == (uint8_t)tok->flags && memcmp(m->word, tok->word, tok->word_len) == 0) {
        *hit = 1;
        return m;
    }
    r->a->memo_stores++;
    m->len = 0;
    m->hash = h;
    m->lang = lang;
    m->skip = skip;
    m->flags = (uint8_t)tok->flags;
    memset(m->n, 0, sizeof m->n);
    memcpy(m->word, tok->word, tok->word_len);
    return m;
}

/* A's remembered terms move to the full table once the first has taken
 * as many words as it has slots: a process that highlights one page
 * (referat-query) touches only the first table's pages, each a page
 * fault, and a server soon has the full one.  Only between two analyses,
 * when no slot is in use; without memory for it A keeps the first. */
static void memo_grow(ana_t *a)
{
    if (!a->memo || a->memo_slots >= MEMO_SLOTS || a->memo_stores < a->memo_slots)
        return;
    struct ana_term_memo *full = calloc(MEMO_SLOTS, sizeof *full);
    if (!full)
        return;
    free(a->memo);
    a->memo = full;
    a->memo_slots = MEMO_SLOTS;
    a->memo_stores = 0;
}

/* Emits M's remembered term of KIND for XT, if it has one. */
static int replay(run_t *r, const ana_xtoken_t *xt, struct ana_term_memo *m, ana_term_kind_t kind)
{
    int k = memo_kind(kind);
    if (!m->n[k])
        return 0;
    return emit(r, xt, kind, stem_langs_first(r), memo_term(m, k), m->n[k], xt->tok.start, xt->tok.end);
}

static int on_token(void *ctx, const ana_xtoken_t *xt)
{
    run_t *r = ctx;
    const ana_token_t *tok = &xt->tok;
    int hit;
    struct ana_term_memo *m = memo_slot(r, xt, &hit);

    if (emit(r, xt, ANA_TERM_EXACT, ANA_LANG_UNKNOWN, tok->word, tok->word_len,
             tok->start, tok->end))
        return 1;
    /* Kept while the word's stem, skeleton and key are made. */
    r->fill = hit ? NULL : m;
    if (hit ? replay(r, xt, m, ANA_TERM_STEM) || replay(r, xt, m, ANA_TERM_FOLDED) : emit_stems(r, xt))
        return 1;
    struct ana_term_memo *fill = r->fill;
    r->fill = NULL;
    if (emit_compound(r, xt))
        return 1;
    if (emit_repair(r, xt))
        return 1;
    if (emit_case(r, xt))
        return 1;
    r->fill = fill;
    if (!(r->skip & ANA_KIND(ANA_TERM_CROSS)) &&
        (hit ? replay(r, xt, m, ANA_TERM_CROSS) : emit_cross(r, xt)))
        return 1;
    /* Every term made and kept: the slot is the word's. */
    if (r->fill)
        r->fill->len = (uint8_t)tok->word_len;
    r->fill = NULL;
    if ((tok->flags & ANA_TOK_JOINED) && !(tok->flags & ANA_TOK_NUMERIC))
        return emit_parts(r, xt);
    return 0;
}

static int rejoin_token(void *ctx, const ana_xtoken_t *xt)
{
    run_t *r = ctx;
    return ana_rejoin_push(&r->rejoin, xt);
}

uint32_t ana_analyze(ana_t *a, ana_mode_t mode, ana_lang_t lang,
                     const char *text, size_t len, uint32_t first_pos,
                     ana_term_cb cb, void *ctx)
{
    return ana_analyze_skip(a, mode, lang, text, len, first_pos, 0, cb, ctx);
}

uint32_t ana_analyze_skip(ana_t *a, ana_mode_t mode, ana_lang_t lang,
                          const char *text, size_t len, uint32_t first_pos,
                          unsigned skip, ana_term_cb cb, void *ctx)
{
    run_t r;

    if (!a || !cb)
        return 0;
    r.a = a;
    r.skip = skip;
    r.fill = NULL;
    r.mode = mode;
    r.lang = lang;
    r.cb = cb;
    r.ctx = ctx;
    r.text = text;
    r.len = text ? len : 0;
    if (mode == ANA_MODE_QUERY)
        return ana_tokenize_x(text, len, first_pos, on_token, &r);
    /* Not inside another document's analysis (a callback's), whose
     * slot in the remembered terms must stay where it is. */
    if (!a->documents)
        memo_grow(a);
    a->documents++;
    /* Documents pass through the rejoining stage first. */
    ana_rejoin_init(&r.rejoin, text, len, a->lex, on_token, on_expansion, &r);
    uint32_t next = ana_tokenize_x(text, len, first_pos, rejoin_token, &r);
    int failed = next == 0 || ana_rejoin_finish(&r.rejoin);
    a->documents--;
    return failed ? 0 : next - r.rejoin.shift;
}

int ana_remember_terms(ana_t *a)
{
    if (!a)
        return -1;
    a->remember = 1;
    return 0;
}

void ana_set_lexicon(ana_t *a, const struct ana_lexicon *lex)
{
    if (a)
        a->lex = lex;
}
