/* normkey.c - the normalized form of a short phrase, used as a lookup key
 * for synonyms and learned acronyms: its words, lower-cased and composed
 * by the tokenizer, joined by single spaces, with words broken at line
 * ends ("Neuromodula-" / "tion") put back together. */
#include "analysis/ana.h"
#include "analysis/ana_private.h"

#include <string.h>

typedef struct {
    char *out;
    size_t cap, n;
    const char *text;
    size_t prev_end;
} key_t_;

static int add_word(void *ctx, const ana_token_t *t)
{
    key_t_ *k = ctx;
    /* "word-\n word": glue to the previous word instead of a space. */
    int glue = 0;
    if (k->n > 0 && t->start > k->prev_end && k->text[k->prev_end] == '-') {
        glue = 1;
        for (size_t i = k->prev_end + 1; i < t->start; i++)
            if (strchr(" \t\r\n", k->text[i]) == NULL)
                glue = 0;
        glue = glue && memchr(k->text + k->prev_end, '\n', t->start - k->prev_end) != NULL;
    }
    size_t need = t->word_len + (k->n > 0 && !glue ? 1 : 0);
    if (k->n + need + 1 > k->cap)
        return 1;
    if (k->n > 0 && !glue)
        k->out[k->n++] = ' ';
    memcpy(k->out + k->n, t->word, t->word_len);
    k->n += t->word_len;
    k->out[k->n] = '\0';
    k->prev_end = t->end;
    return 0;
}

size_t ana_normalize_key(const char *text, size_t len, char *out, size_t cap)
{
    key_t_ k = {out, cap, 0, text, 0};
    if (cap == 0)
        return 0;
    out[0] = '\0';
    if (ana_tokenize(text, len, 1, add_word, &k) == 0 && k.n == 0)
        return 0;
    return k.n;
}

size_t ana_fold_key(const char *key, size_t len, char *out, size_t cap)
{
    /* Folding works a character at a time and leaves the spaces, so the
     * words of a key fold as they would alone. */
    return ana_fold(key, len, out, cap);
}
