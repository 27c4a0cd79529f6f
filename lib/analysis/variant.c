/* variant.c - the other spellings of a typed word: Norwegian against
 * Danish, and æ, ø, å typed as ae, oe, aa or without their marks.
 *
 * Folding (fold.c) and the Norwegian-Danish key meet whole words in the
 * index's synonym table, but a compound part ("kræft" in
 * "Børnekræftforum") and a phrase's words are looked up as they are
 * spelt.  So the query spells a word the other ways too -- "kreft" as
 * "kræft", "boern" as "børn", "hjernestimulering" as
 * "hjernestimulation" -- and keeps the spellings the index holds
 * (lib/query/build.c).  The candidates come from one small table of
 * correspondences, each edit replacing one string at one place; a
 * candidate makes at most MAX_EDITS of them.  Edits of the folding class
 * only restore what folding removes (the mark of a letter, an ASCII
 * stand-in), so such a spelling is the same word; the Norwegian-Danish
 * class changes the spelling between the languages, and the query
 * weights it lower, so the typed language's sense ranks first.
 */
#include "analysis/ana.h"

#include <string.h>

#define MAX_EDITS 2
#define MAX_SITES 24

typedef struct {
    const char *from, *to;
    int cross;    /* 1: Norwegian-Danish; 0: folding */
    int at_end;   /* 1: only at the end of the word */
} rule_t;

/* The table.  Whole endings and stems first ("ering" is one edit, not
 * five), then the letters. */
static const rule_t rules[] = {
    /* ASCII stand-ins and lost marks: the word as it was meant. */
    { "ae", "æ", 0, 0 },
    { "oe", "ø", 0, 0 },
    { "aa", "å", 0, 0 },
    { "a", "å", 0, 0 },
    { "a", "æ", 0, 0 },
    { "o", "ø", 0, 0 },
    /* Norwegian e for Danish æ (kreft, kræft), and back. */
    { "e", "æ", 1, 0 },
    { "æ", "e", 1, 0 },
    /* Endings: -ering, -asjon against Danish -ation; -sjon/-tion;
     * the participle -ert against Danish -eret. */
    { "ering", "ation", 1, 0 },
    { "ation", "ering", 1, 0 },
    { "asjon", "ation", 1, 0 },
    { "ation", "asjon", 1, 0 },
    { "sjon", "tion", 1, 0 },
    { "tion", "sjon", 1, 0 },
    { "ert", "eret", 1, 1 },
    { "eret", "ert", 1, 1 },
    /* Stems that differ in more than one letter. */
    { "barn", "børn", 1, 0 },
    { "børn", "barn", 1, 0 },
    { "syk", "syg", 1, 0 },
    { "syg", "syk", 1, 0 },
};

#define COUNT(a) (sizeof (a) / sizeof (a)[0])

typedef struct {
    size_t at;          /* byte offset in the word */
    const rule_t *rule;
} site_t;

typedef struct {
    const char *word;
    size_t len;
    site_t site[MAX_SITES];
    size_t nsites;
    size_t chosen[MAX_EDITS];
    size_t left;        /* candidates still allowed */
    ana_variant_cb cb;
    void *ctx;
    int stop;
} gen_t;

/* Writes the word with the chosen edits (N of them, in site order) and
 * reports it. */
static void report(gen_t *g, size_t n)
{
    char out[ANA_MAX_WORD + 1];
    size_t o = 0, i = 0;
    int cross = 0;
    for (size_t k = 0; k < n; k++) {
        const site_t *s = &g->site[g->chosen[k]];
        size_t keep = s->at - i, tl = strlen(s->rule->to);
        if (o + keep + tl > ANA_MAX_WORD)
            return;
        memcpy(out + o, g->word + i, keep);
        o += keep;
        memcpy(out + o, s->rule->to, tl);
        o += tl;
        i = s->at + strlen(s->rule->from);
        cross |= s->rule->cross;
    }
    if (o + (g->len - i) > ANA_MAX_WORD)
        return;
    memcpy(out + o, g->word + i, g->len - i);
    o += g->len - i;
    out[o] = '\0';
    if (g->left == 0) {
        g->stop = 1;
        return;
    }
    g->left--;
    if (g->cb(g->ctx, out, o, cross))
        g->stop = 1;
}

/* Chooses the N-th edit among the sites from FIRST on, after the end
 * of the one before, and reports every choice of exactly DEPTH edits. */
static void choose(gen_t *g, size_t n, size_t first, size_t depth)
{
    for (size_t i = first; i < g->nsites && !g->stop; i++) {
        g->chosen[n] = i;
        if (n + 1 == depth) {
            report(g, depth);
            continue;
        }
        size_t end = g->site[i].at + strlen(g->site[i].rule->from), next = i + 1;
        while (next < g->nsites && g->site[next].at < end)
            next++;
        choose(g, n + 1, next, depth);
    }
}

size_t ana_spell_variants(const char *word, size_t len, size_t max, ana_variant_cb cb, void *ctx)
{
    gen_t g = { .word = word, .len = len, .left = max, .cb = cb, .ctx = ctx };
    if (!word || !cb || len > ANA_MAX_WORD)
        return 0;
    /* The sites in word order; at one place, in table order. */
    for (size_t at = 0; at < len && g.nsites < MAX_SITES; at++)
        for (size_t r = 0; r < COUNT(rules) && g.nsites < MAX_SITES; r++) {
            size_t fl = strlen(rules[r].from);
            if (at + fl > len || memcmp(word + at, rules[r].from, fl) != 0 ||
                (rules[r].at_end && at + fl != len))
                continue;
            g.site[g.nsites].at = at;
            g.site[g.nsites++].rule = &rules[r];
        }
    /* Fewer edits first, so the nearest spellings come within MAX. */
    for (size_t depth = 1; depth <= MAX_EDITS && !g.stop; depth++)
        choose(&g, 0, 0, depth);
    return max - g.left;
}
