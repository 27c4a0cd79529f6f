/* analyze.c - referat-analyze: shows what the analysis pipeline makes of a
 * text, one token per line, for eyeballing and for golden tests.
 *
 * Usage: referat-analyze [--query] [--lang nb|nn|da|en] [--no-lexicon] [FILE|-]
 *
 * Reads FILE (standard input when absent or "-"), takes the language from
 * --lang or else guesses it, and analyses the text as a document (or as a
 * query with --query).  Invalid UTF-8 is analysed, not rejected: bad bytes
 * separate tokens.  Exit status: 0 on success, 1 when the input cannot be
 * read or the output cannot be written, 2 on a usage error.
 *
 * Output format (stable; tests/golden/ depends on it):
 *
 *   lang: CODE
 *   POS <TAB> START-END <TAB> ORIGINAL <TAB> WORD <TAB> FLAGS <TAB> TERMS
 *
 * The first line names the language used (nb, nn, da, en, or und when the
 * guess found too little evidence).  Then one line per token:
 *   POS       the 1-based token position;
 *   START-END the token's byte offsets in the input, [START, END);
 *   ORIGINAL  the token's input bytes, with soft hyphens, combining marks
 *             and control characters written as \uXXXX so that they show;
 *   WORD      the normalized word;
 *   FLAGS     NUMERIC, JOINED, UPPER joined by commas, or "-" for none;
 *   TERMS     the token's terms in emission order, separated by spaces:
 *               word          an exact term
 *               Zstem:LANG    a stem term and the language that made it
 *               part@S-E      a part of a joined word and its byte offsets
 *               =squashed     a joined word without its joiners
 *             (':', '@', '=' and ' ' never occur inside a term).
 *
 * Example:  3	10-17	MRg-FUS	mrg-fus	JOINED,UPPER	mrg-fus Zmrg-fus:nb mrg@10-13 fus@14-17 =mrgfus
 */
#include "analysis/ana.h"
#include "analysis/lexicon.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *prog = "referat-analyze";

static void usage(FILE *f)
{
    fprintf(f, "usage: %s [--query] [--lang nb|nn|da|en] [--no-lexicon] [FILE|-]\n", prog);
}

/* Reads all of F into a malloc'ed buffer; returns NULL with errno set on
 * failure.  The buffer is not NUL-terminated: the analyser takes a length,
 * and the input may hold NUL bytes. */
static char *read_all(FILE *f, size_t *len)
{
    size_t cap = 65536, n = 0;
    char *buf = malloc(cap);

    if (!buf)
        return NULL;
    for (;;) {
        size_t got;
        if (n == cap) {
            char *p = realloc(buf, cap * 2);
            if (!p) {
                free(buf);
                errno = ENOMEM;
                return NULL;
            }
            buf = p;
            cap *= 2;
        }
        got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0) {
            if (ferror(f)) {
                int e = errno ? errno : EIO;
                free(buf);
                errno = e;
                return NULL;
            }
            break;
        }
    }
    *len = n;
    return buf;
}

/* Prints the token's input bytes, escaping code points that would be
 * invisible or would break the line format. */
static void print_original(const char *s, size_t len)
{
    size_t i = 0;

    while (i < len) {
        uint32_t cp;
        size_t n = ana_utf8_decode(s + i, len - i, &cp);
        if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0xAD ||
            (cp >= 0x0300 && cp <= 0x036F) || cp == '\\')
            printf("\\u%04X", (unsigned)cp);
        else
            fwrite(s + i, 1, n, stdout);
        i += n;
    }
}

static void print_flags(unsigned flags)
{
    static const struct { unsigned bit; const char *name; } names[] = {
        {ANA_TOK_NUMERIC, "NUMERIC"}, {ANA_TOK_JOINED, "JOINED"}, {ANA_TOK_UPPER, "UPPER"},
    };
    int any = 0;

    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (flags & names[i].bit) {
            printf("%s%s", any ? "," : "", names[i].name);
            any = 1;
        }
    }
    if (!any)
        putchar('-');
}

typedef struct {
    const char *text;
    int open;          /* a token line has been started */
    uint32_t pos;      /* its position */
} out_t;

static int on_term(void *ctx, const ana_term_t *t)
{
    out_t *o = ctx;
    const ana_token_t *tok = t->token;

    if (!o->open || t->pos != o->pos) {
        if (o->open)
            putchar('\n');
        printf("%u\t%zu-%zu\t", (unsigned)tok->pos, tok->start, tok->end);
        print_original(o->text + tok->start, tok->end - tok->start);
        printf("\t%s\t", tok->word);
        print_flags(tok->flags);
        putchar('\t');
        o->open = 1;
        o->pos = t->pos;
    } else {
        putchar(' ');
    }
    switch (t->kind) {
    case ANA_TERM_STEM:
        printf("%s:%s", t->term, ana_lang_code(t->lang));
        break;
    case ANA_TERM_PART:
        printf("%s@%zu-%zu", t->term, t->start, t->end);
        break;
    case ANA_TERM_SQUASHED:
        printf("=%s", t->term);
        break;
    case ANA_TERM_COMPOUND:
        printf("%s@%zu-%zu", t->term, t->start, t->end);
        break;
    case ANA_TERM_EXPANDED:
        printf("+%s", t->term);
        break;
    case ANA_TERM_CROSS:
        printf("%s", t->term);
        break;
    case ANA_TERM_REPAIRED:
        printf("!%s", t->term);
        break;
    default:
        fputs(t->term, stdout);
        break;
    }
    return 0;
}

int main(int argc, char **argv)
{
    ana_mode_t mode = ANA_MODE_DOCUMENT;
    const char *lang_arg = NULL, *path = NULL;
    ana_lang_t lang;
    FILE *f;
    char *text;
    size_t len = 0;
    ana_t *a;
    out_t o = {NULL, 0, 0};
    int opts = 1, use_lexicon = 1;
    ana_lexicon_t *lex = NULL;

    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (opts && strcmp(arg, "--") == 0) {
            opts = 0;
        } else if (opts && strcmp(arg, "--no-lexicon") == 0) {
            use_lexicon = 0;
        } else if (opts && strcmp(arg, "--query") == 0) {
            mode = ANA_MODE_QUERY;
        } else if (opts && strcmp(arg, "--lang") == 0 && i + 1 < argc) {
            lang_arg = argv[++i];
        } else if (opts && strncmp(arg, "--lang=", 7) == 0) {
            lang_arg = arg + 7;
        } else if (opts && (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0)) {
            usage(stdout);
            return 0;
        } else if (opts && arg[0] == '-' && arg[1] != '\0') {
            fprintf(stderr, "%s: unknown option %s\n", prog, arg);
            usage(stderr);
            return 2;
        } else if (path) {
            fprintf(stderr, "%s: more than one input file\n", prog);
            usage(stderr);
            return 2;
        } else {
            path = arg;
        }
    }
    if (lang_arg && ana_lang_from_code(lang_arg) == ANA_LANG_UNKNOWN) {
        fprintf(stderr, "%s: unknown language '%s' (use nb, nn, da or en)\n", prog, lang_arg);
        return 2;
    }

    if (!path || strcmp(path, "-") == 0) {
        path = "standard input";
        f = stdin;
    } else {
        f = fopen(path, "rb");
    }
    text = f ? read_all(f, &len) : NULL;
    if (!text) {
        fprintf(stderr, "%s: cannot read %s: %s\n", prog, path, strerror(errno));
        if (f && f != stdin)
            fclose(f);
        return 1;
    }
    if (f != stdin)
        fclose(f);

    a = ana_new();
    if (!a) {
        fprintf(stderr, "%s: cannot create the analyser (out of memory or missing stemmer)\n", prog);
        free(text);
        return 1;
    }
    /* The indexer's word lists, so that repairs show as they are indexed. */
    if (use_lexicon && (lex = ana_lexicon_new()) != NULL) {
        ana_lexicon_load_default(lex);
        ana_set_lexicon(a, lex);
    }
    lang = lang_arg ? ana_lang_from_code(lang_arg) : ana_guess_lang(text, len);
    printf("lang: %s\n", ana_lang_code(lang));
    o.text = text;
    if (ana_analyze(a, mode, lang, text, len, 1, on_term, &o) == 0) {
        fprintf(stderr, "%s: out of memory while analysing %s\n", prog, path);
        ana_free(a);
        ana_lexicon_free(lex);
        free(text);
        return 1;
    }
    if (o.open)
        putchar('\n');
    ana_free(a);
    ana_lexicon_free(lex);
    free(text);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "%s: cannot write output: %s\n", prog, strerror(errno));
        return 1;
    }
    return 0;
}
