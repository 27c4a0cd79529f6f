/* fuzz_analysis.c - libFuzzer harness for lib/analysis: UTF-8, the
 * tokenizer, the normalizers (folding, the Norwegian-Danish key, OCR
 * repair, decompounding, line-end rejoining, case numbers, acronyms,
 * lookup keys) and the whole term pipeline in both modes.
 *
 * Input: one configuration byte, then the text (arbitrary bytes, not
 * NUL-terminated).  The configuration byte chooses
 *   bit 0      the mode: 0 DOCUMENT, 1 QUERY;
 *   bits 1-3   the language: value % ANA_LANG_COUNT (0 is unknown);
 *   bits 4-5   the word list: 0 none, 1 a small built-in list, 2 the
 *              default lists (bokmål, nynorsk, Danish; loaded once, in
 *              LLVMFuzzerInitialize; the small list when none is
 *              installed), 3 a list made of the input's own words, so the
 *              repairs and splits fire on any text;
 *   bits 6-7   the first position: 0, 1, 100 or 65536.
 * So a seed "!sak 23/2023 ..." (0x21) is a query and " Sak 23/2023 ..."
 * (0x20) a document of unknown language (stemmed as Norwegian), both
 * with the default lists; "&..." (0x26) is a Danish document with them,
 * "0..." (0x30) a document with its own words as the list.
 *
 * Every broken invariant calls abort(): token offsets inside the input,
 * non-overlapping and in order; positions consecutive; words bounded,
 * NUL-free, valid UTF-8 and equal in both tokenizer entry points; terms
 * bounded, prefixed as their kind says, inside their token, in order,
 * and the same on a second run; a callback's stop honoured; repairs and
 * compound splits made of known words that cover the word.
 */
#include "analysis/ana.h"
#include "analysis/ana_private.h"
#include "analysis/lexicon.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Checks COND; a fuzzer reports the abort with a stack trace. */
#define CHECK(cond)                                                        \
    do {                                                                   \
        if (!(cond))                                                       \
            abort();                                                       \
    } while (0)

/* Text analysed with a word list (see LLVMFuzzerTestOneInput). */
#define LEX_TEXT_MAX 1024

static ana_t *ana;                  /* shared: ana_new() builds stemmers */
static ana_lexicon_t *small_lex;    /* the built-in list */
static ana_lexicon_t *default_lex;  /* the installed lists, or NULL */

/* Words the sample minutes need for the repairs to fire: compound parts,
 * OCR-damaged words' clean forms, hyphen-broken words. */
static const char *const small_words[] = {
    "møte", "senter", "rådet", "senterrådet", "rehabilitering", "opphold",
    "helse", "tjenester", "omsorg", "omsorgstjenester", "helsetjenester",
    "neuromodulation", "økonomi", "budsjett", "vedtak", "nevromuskulært",
    "børn", "kræft", "sygdom", "sykdom", "behandling", "ultralyd",
    "kvalitet", "register", "sjeldne", "tilstander", "gjennomgang",
    "søknader", "referat", "beslutning", "dagsorden", "samarbejde",
    "forløb", "pasient", "pasienter", "ventetid", "kapacitet", "årsrapport",
    "utredning", "spesialist", "sykehus", "kompetanse", "tjeneste",
    "nasjonal", "nasjonale", "internasjonale", "fokuseret", "guidet",
};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    ana = ana_new();
    small_lex = ana_lexicon_new();
    if (!ana || !small_lex)
        abort();
    for (size_t i = 0; i < sizeof small_words / sizeof small_words[0]; i++)
        if (ana_lexicon_add(small_lex, small_words[i], strlen(small_words[i])) < 0)
            abort();
    default_lex = ana_lexicon_new();
    if (!default_lex)
        abort();
    if (ana_lexicon_load_default(default_lex) <= 0) {
        ana_lexicon_free(default_lex);
        default_lex = NULL;
    }
    return 0;
}

/* 1 when S (LEN bytes) is valid UTF-8. */
static int valid_utf8(const char *s, size_t len)
{
    return ana_utf8_check(s, len) == len;
}

/* ---- UTF-8 ------------------------------------------------------------ */

static void check_utf8(const char *text, size_t len)
{
    size_t first_bad = len;

    for (size_t i = 0; i < len;) {
        uint32_t cp, back;
        char enc[4];
        size_t n = ana_utf8_decode(text + i, len - i, &cp);

        CHECK(n >= 1 && n <= 4 && n <= len - i);
        CHECK(cp <= 0x10FFFFu && !(cp >= 0xD800u && cp <= 0xDFFFu));
        if (cp == 0xFFFDu && n == 1 && first_bad == len)
            first_bad = i;
        if (!(cp == 0xFFFDu && n == 1)) {
            /* A decoded character re-encodes to the bytes it came from. */
            size_t m = ana_utf8_encode(cp, enc);
            CHECK(m == n && memcmp(enc, text + i, n) == 0);
            CHECK(ana_utf8_decode(enc, m, &back) == m && back == cp);
        }
        uint32_t lo = ana_lower(cp);
        CHECK(lo <= 0x10FFFFu && !(lo >= 0xD800u && lo <= 0xDFFFu));
        CHECK(ana_is_word_char(cp) == 0 || ana_is_word_char(cp) == 1);
        i += n;
    }
    CHECK(ana_utf8_check(text, len) == first_bad);
    CHECK(ana_utf8_decode(text, 0, &(uint32_t){ 0 }) == 0);
}

/* ---- tokens ----------------------------------------------------------- */

typedef struct {
    size_t start, end, word_off, word_len;
    uint32_t pos;
    unsigned flags;
} tok_rec_t;

typedef struct {
    const char *text;
    size_t len;
    uint32_t next_pos;
    size_t prev_end;
    tok_rec_t *v;
    size_t n, cap;
    char *words;                    /* every word, NUL-separated */
    size_t wlen, wcap;
} toks_t;

static void toks_free(toks_t *t)
{
    free(t->v);
    free(t->words);
}

/* The invariants of one token, from either tokenizer entry point. */
static void check_token(toks_t *t, const ana_token_t *tok)
{
    CHECK(tok->start < tok->end && tok->end <= t->len);
    CHECK(tok->start >= t->prev_end);
    CHECK(tok->pos == t->next_pos);
    CHECK(tok->word && tok->word_len > 0 && tok->word_len <= ANA_MAX_WORD);
    CHECK(strlen(tok->word) == tok->word_len);
    CHECK(valid_utf8(tok->word, tok->word_len));
    CHECK((tok->flags & ~(ANA_TOK_NUMERIC | ANA_TOK_JOINED | ANA_TOK_UPPER | ANA_TOK_URL)) == 0);
    if (tok->flags & ANA_TOK_NUMERIC)
        CHECK(strspn(tok->word, "0123456789-/.") == tok->word_len);
    /* A token starts where the text has a word character (or the '@' read
     * as a damaged ø). */
    uint32_t cp;
    ana_utf8_decode(t->text + tok->start, t->len - tok->start, &cp);
    CHECK(ana_is_word_char(cp) || t->text[tok->start] == '@');
    t->prev_end = tok->end;
    t->next_pos++;
}

static int on_token(void *ctx, const ana_token_t *tok)
{
    toks_t *t = ctx;

    check_token(t, tok);
    if (t->n == t->cap) {
        size_t nc = t->cap ? 2 * t->cap : 64;
        tok_rec_t *nv = realloc(t->v, nc * sizeof *nv);
        if (!nv)
            abort();
        t->v = nv;
        t->cap = nc;
    }
    if (t->wlen + tok->word_len + 1 > t->wcap) {
        size_t nc = t->wcap ? 2 * t->wcap : 4096;
        while (nc < t->wlen + tok->word_len + 1)
            nc *= 2;
        char *nw = realloc(t->words, nc);
        if (!nw)
            abort();
        t->words = nw;
        t->wcap = nc;
    }
    t->v[t->n++] = (tok_rec_t){ tok->start, tok->end, t->wlen, tok->word_len, tok->pos, tok->flags };
    memcpy(t->words + t->wlen, tok->word, tok->word_len + 1);
    t->wlen += tok->word_len + 1;
    return 0;
}

/* The detailed tokens must agree with the plain ones, and their parts
 * must lie inside the token, in order, on both sides. */
typedef struct {
    const toks_t *plain;
    size_t i;
} xcheck_t;

static int on_xtoken(void *ctx, const ana_xtoken_t *xt)
{
    xcheck_t *x = ctx;
    const ana_token_t *tok = &xt->tok;
    const tok_rec_t *r;
    size_t chars = 0;

    CHECK(x->i < x->plain->n);
    r = &x->plain->v[x->i++];
    CHECK(tok->start == r->start && tok->end == r->end && tok->pos == r->pos &&
          tok->flags == r->flags && tok->word_len == r->word_len &&
          memcmp(tok->word, x->plain->words + r->word_off, r->word_len) == 0);
    CHECK(xt->nparts >= 1 && xt->nparts <= ANA_MAX_PARTS);
    CHECK((xt->nparts > 1) == ((tok->flags & ANA_TOK_JOINED) != 0));
    for (unsigned k = 0; k < xt->nparts; k++) {
        const ana_part_t *p = &xt->part[k];
        CHECK(p->wstart <= p->wend && p->wend <= tok->word_len);
        CHECK(p->start <= p->end && p->start >= tok->start && p->end <= tok->end);
        if (k > 0) {
            CHECK(p->wstart > xt->part[k - 1].wend);
            CHECK(p->start >= xt->part[k - 1].end);
        }
    }
    for (size_t k = 0; k < tok->word_len; k++)
        chars += ((unsigned char)tok->word[k] & 0xC0) != 0x80;
    CHECK(xt->nchars == chars);
    return 0;
}

/* Stops after STOP tokens. */
typedef struct {
    size_t seen, stop;
} stop_t;

static int on_token_stop(void *ctx, const ana_token_t *tok)
{
    stop_t *s = ctx;
    (void)tok;
    CHECK(s->seen < s->stop);
    return ++s->seen == s->stop;
}

static void check_tokens(const char *text, size_t len, uint32_t first_pos, toks_t *t)
{
    uint32_t fp = first_pos ? first_pos : 1, ret;

    memset(t, 0, sizeof *t);
    t->text = text;
    t->len = len;
    t->next_pos = fp;
    ret = ana_tokenize(text, len, first_pos, on_token, t);
    CHECK(ret == fp + t->n);

    xcheck_t x = { t, 0 };
    CHECK(ana_tokenize_x(text, len, first_pos, on_xtoken, &x) == ret);
    CHECK(x.i == t->n);

    if (t->n > 0) {
        stop_t s = { 0, 1 + (size_t)(text[0] & 0x7F) % t->n };
        CHECK(ana_tokenize(text, len, first_pos, on_token_stop, &s) == 0);
        CHECK(s.seen == s.stop);
    }
}

/* ---- per-word normalizers --------------------------------------------- */

/* A compound split: at least two parts of at least ANA_PART_MIN_CHARS
 * characters, each known to LEX, covering the word with single linking
 * letters between them. */
static void check_split(const ana_lexicon_t *lex, const char *w, size_t len,
                        const ana_cpart_t *parts, size_t n)
{
    size_t at = 0;

    CHECK(n >= 2 && n <= 8);
    for (size_t i = 0; i < n; i++) {
        const ana_cpart_t *p = &parts[i];
        size_t chars = 0;
        CHECK(p->start == at && p->start < p->end && p->end <= len && p->link <= 1);
        CHECK(ana_lexicon_has(lex, w + p->start, p->end - p->start));
        for (size_t k = p->start; k < p->end; k++)
            chars += ((unsigned char)w[k] & 0xC0) != 0x80;
        CHECK(chars >= ANA_PART_MIN_CHARS);
        if (p->link)
            CHECK(p->end < len && (w[p->end] == 's' || w[p->end] == 'e'));
        at = p->end + p->link;
    }
    CHECK(at == len && parts[n - 1].link == 0);
}

static void check_word(const char *w, size_t len, const ana_lexicon_t *lex, unsigned salt)
{
    char out[2 * ANA_MAX_WORD + 8];
    /* Small capacities exercise the cut at the end of the buffer. */
    static const size_t caps[] = { 1, 2, 3, 5, 8, ANA_MAX_WORD + 1, sizeof out };
    size_t cap = caps[salt % (sizeof caps / sizeof caps[0])], n;

    n = ana_fold(w, len, out, cap);
    CHECK(n < cap && out[n] == '\0' && strlen(out) == n);
    CHECK(valid_utf8(out, n));
    n = ana_cross_key(w, len, out, cap);
    CHECK(n < cap && out[n] == '\0' && strlen(out) == n);
    CHECK(valid_utf8(out, n));

    size_t slen;
    const char *s = ana_stem(ana, (ana_lang_t)(salt % ANA_LANG_COUNT), w, len, &slen);
    CHECK(s && strlen(s) == slen);

    if (lex) {
        ana_cpart_t parts[8];
        size_t np = ana_compound_split(lex, w, len, parts, 8);
        if (np)
            check_split(lex, w, len, parts, np);
        n = ana_ocr_repair(lex, w, len, out, cap);
        if (n) {
            CHECK(n < cap && out[n] == '\0' && strlen(out) == n);
            CHECK(ana_lexicon_has(lex, out, n) ||
                  ana_compound_split(lex, out, n, parts, 8) >= 2);
        }
    }
}

/* ---- the pipeline ----------------------------------------------------- */

typedef struct {
    const char *text;
    size_t len;
    ana_mode_t mode;
    uint32_t fp;              /* the first position */
    const toks_t *toks;       /* QUERY mode: the tokenizer's tokens */
    size_t nexact;            /* EXACT terms so far */
    uint32_t last_pos;
    size_t last_start;
    uint64_t hash;            /* of the terms so far */
    size_t nterms, stop;      /* STOP: return nonzero at that term (0: never) */
} run_t;

static uint64_t mix(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 1099511628211u;
    return h;
}

static int on_term(void *ctx, const ana_term_t *t)
{
    run_t *r = ctx;
    const ana_token_t *tok = t->token;

    CHECK(r->stop == 0 || r->nterms < r->stop);
    CHECK(t->term && t->len > 0 && t->len <= ANA_MAX_TERM && strlen(t->term) == t->len);
    CHECK(valid_utf8(t->term, t->len));
    CHECK((unsigned)t->kind < ANA_TERM_KIND_COUNT && (unsigned)t->lang < ANA_LANG_COUNT);
    CHECK(tok && tok->start < tok->end && tok->end <= r->len);
    CHECK(t->start <= t->end && t->start >= tok->start && t->end <= tok->end);
    CHECK(t->pos == tok->pos && t->pos >= r->fp);
    switch (t->kind) {
    case ANA_TERM_EXACT:
        CHECK(t->len == tok->word_len && memcmp(t->term, tok->word, t->len) == 0);
        CHECK(t->start == tok->start && t->end == tok->end);
        /* One EXACT term per token, positions consecutive. */
        CHECK(t->pos == r->fp + r->nexact);
        if (r->toks) {
            const tok_rec_t *k;
            CHECK(r->nexact < r->toks->n);
            k = &r->toks->v[r->nexact];
            CHECK(k->start == t->start && k->end == t->end && k->word_len == t->len &&
                  memcmp(r->toks->words + k->word_off, t->term, t->len) == 0);
        }
        r->nexact++;
        break;
    case ANA_TERM_STEM:
    case ANA_TERM_CROSS:
    case ANA_TERM_COMPOUND:
        CHECK(t->term[0] == (t->kind == ANA_TERM_STEM ? 'Z' : t->kind == ANA_TERM_CROSS ? 'X' : 'K'));
        CHECK(t->len >= 2);
        break;
    case ANA_TERM_FOLDED:
        CHECK((t->term[0] == 'V' || t->term[0] == 'Z') && t->len >= 2);
        break;
    case ANA_TERM_CASE:
        CHECK(t->term[0] == 'H' || (t->term[0] >= '1' && t->term[0] <= '9'));
        CHECK(strchr(t->term, '/') != NULL);
        CHECK(r->mode == ANA_MODE_DOCUMENT);
        break;
    case ANA_TERM_REPAIRED:
        CHECK(r->mode == ANA_MODE_DOCUMENT);
        break;
    default:
        break;
    }
    /* Terms come token by token, in text order; only a suspended
     * compound's expansion comes back to its first word's place. */
    if (t->kind != ANA_TERM_EXPANDED) {
        CHECK(t->pos >= r->last_pos && tok->start >= r->last_start);
        r->last_pos = t->pos;
        r->last_start = tok->start;
    }
    r->hash = mix(r->hash, t->term, t->len + 1);
    r->hash = mix(r->hash, &t->kind, sizeof t->kind);
    r->hash = mix(r->hash, &t->start, sizeof t->start);
    r->hash = mix(r->hash, &t->pos, sizeof t->pos);
    r->nterms++;
    return r->stop != 0 && r->nterms == r->stop;
}

static void check_pipeline(const char *text, size_t len, ana_mode_t mode, ana_lang_t lang,
                           uint32_t first_pos, const toks_t *toks)
{
    uint32_t fp = first_pos ? first_pos : 1;
    run_t r = { text, len, mode, fp, mode == ANA_MODE_QUERY ? toks : NULL, 0, 0, 0,
                14695981039346656037u, 0, 0 };
    uint32_t ret = ana_analyze(ana, mode, lang, text, len, first_pos, on_term, &r);

    CHECK(ret == fp + r.nexact);
    if (mode == ANA_MODE_QUERY)
        CHECK(r.nexact == toks->n);
    else
        CHECK(r.nexact <= toks->n);

    if (r.nterms == 0)
        return;
    /* The same again, stopped at the last term: the same terms, so no
     * state leaks from one call into the next (short texts only, to keep
     * the harness fast). */
    run_t s = r;
    if (len < 4096) {
        s.nexact = s.nterms = 0;
        s.last_pos = 0;
        s.last_start = 0;
        s.hash = 14695981039346656037u;
        s.stop = r.nterms;
        CHECK(ana_analyze(ana, mode, lang, text, len, first_pos, on_term, &s) == 0);
        CHECK(s.nterms == s.stop && s.hash == r.hash);
    }
    /* Stopped at some term: nothing after the stop, and a 0 return. */
    s.nexact = s.nterms = 0;
    s.last_pos = 0;
    s.last_start = 0;
    s.stop = 1 + (size_t)(r.hash % r.nterms);
    CHECK(ana_analyze(ana, mode, lang, text, len, first_pos, on_term, &s) == 0);
    CHECK(s.nterms == s.stop);
}

/* ---- acronyms and lookup keys ----------------------------------------- */

typedef struct {
    const char *text;
    size_t len, n;
} acro_t;

static int on_acronym(void *ctx, const char *abbr, size_t alen, const char *name, size_t nlen)
{
    acro_t *a = ctx;
    CHECK(abbr > a->text && abbr + alen < a->text + a->len);
    CHECK(abbr[-1] == '(' && abbr[alen] == ')' && alen >= 2);
    CHECK(name >= a->text && nlen > 0 && name + nlen <= abbr - 1);
    a->n++;
    return 0;
}

static void check_keys(const char *text, size_t len)
{
    char key[256];
    acro_t a = { text, len, 0 };

    CHECK(ana_find_acronyms(text, len, on_acronym, &a) == a.n);
    for (size_t cap = 1; cap <= sizeof key; cap = cap * 4 + 1) {
        size_t n = ana_normalize_key(text, len, key, cap);
        CHECK(n < cap && key[n] == '\0' && strlen(key) == n);
        CHECK(valid_utf8(key, n));
    }
    CHECK((unsigned)ana_guess_lang(text, len) < ANA_LANG_COUNT);
    ana_lang_t l = ana_guess_lang(text, len);
    CHECK(ana_lang_from_code(ana_lang_code(l)) == l);
}

/* A word list made of the text's own words (at most 256 of them). */
static ana_lexicon_t *lexicon_of(const char *text, size_t len)
{
    ana_lexicon_t *lex = ana_lexicon_new();
    size_t i = 0, words = 0;

    if (!lex)
        abort();
    while (i < len && words < 256) {
        while (i < len && (text[i] == ' ' || text[i] == '\n' || text[i] == '\t'))
            i++;
        size_t s = i;
        while (i < len && text[i] != ' ' && text[i] != '\n' && text[i] != '\t')
            i++;
        if (i > s && i - s <= 64) {
            if (ana_lexicon_add(lex, text + s, i - s) < 0)
                abort();
            words++;
        }
    }
    return lex;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const uint32_t first_positions[] = { 0, 1, 100, 65536 };

    if (!ana)
        LLVMFuzzerInitialize(NULL, NULL);
    if (size == 0)
        return 0;
    unsigned cfg = data[0];
    ana_mode_t mode = (cfg & 1) ? ANA_MODE_QUERY : ANA_MODE_DOCUMENT;
    ana_lang_t lang = (ana_lang_t)(((cfg >> 1) & 7) % ANA_LANG_COUNT);
    unsigned which = (cfg >> 4) & 3;
    uint32_t first_pos = first_positions[(cfg >> 6) & 3];
    /* A copy of exactly the text's bytes: a read past it is caught. */
    size_t len = size - 1;
    char *text = malloc(len ? len : 1);
    if (!text)
        return 0;
    memcpy(text, data + 1, len);

    ana_lexicon_t *own = NULL;
    const ana_lexicon_t *lex = NULL;
    if (which == 1)
        lex = small_lex;
    else if (which == 2)
        lex = default_lex ? default_lex : small_lex;
    else if (which == 3)
        lex = own = lexicon_of(text, len);

    check_utf8(text, len);

    toks_t toks;
    check_tokens(text, len, first_pos, &toks);
    /* The per-word normalizers on the first words; with the word list on
     * fewer of them, as OCR repair is costly (see below). */
    for (size_t i = 0; i < toks.n && i < 64; i++) {
        const tok_rec_t *k = &toks.v[i];
        check_word(toks.words + k->word_off, k->word_len, i < 8 ? lex : NULL,
                   (unsigned)(i + cfg));
    }
    /* With a word list, OCR repair tries up to two confusions at every
     * confusable place of every unknown word: about 4 ms a word for the
     * worst words ("eeee...", 47 bytes) at -O2, 50 ms under the
     * sanitizers: linear in the text, but 64 KB of such words take a
     * minute here.  The first LEX_TEXT_MAX bytes keep one input well
     * under the timeout. */
    size_t plen = lex && len > LEX_TEXT_MAX ? LEX_TEXT_MAX : len;
    toks_t ptoks, *pt = &toks;
    if (plen < len) {
        check_tokens(text, plen, first_pos, &ptoks);
        pt = &ptoks;
    }
    ana_set_lexicon(ana, lex);
    check_pipeline(text, plen, mode, lang, first_pos, pt);
    ana_set_lexicon(ana, NULL);
    if (pt != &toks)
        toks_free(pt);

    /* A word added to a word list is found again as the tokenizer spells
     * it: the list and the tokens normalize alike. */
    if (own)
        for (size_t i = 0; i < toks.n && i < 64; i++) {
            const tok_rec_t *k = &toks.v[i];
            if (ana_lexicon_add(own, toks.words + k->word_off, k->word_len) < 0)
                abort();
            CHECK(ana_lexicon_has(own, toks.words + k->word_off, k->word_len));
        }

    check_keys(text, len);

    toks_free(&toks);
    ana_lexicon_free(own);
    free(text);
    return 0;
}
