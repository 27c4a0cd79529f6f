/* output.c - printing hits: a readable block per hit for a terminal, or
 * one JSON object per line (JSON Lines) for programs. */
#include "qry.h"
#include "casenum.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Snippet length in bytes, about two terminal lines. */
#define SNIPPET_BYTES 240

void qry_json_string(FILE *out, const char *s, size_t len)
{
    fputc('"', out);
    size_t i = 0;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            switch (c) {
            case '"': fputs("\\\"", out); break;
            case '\\': fputs("\\\\", out); break;
            case '\n': fputs("\\n", out); break;
            case '\t': fputs("\\t", out); break;
            case '\r': fputs("\\r", out); break;
            default:
                if (c < 0x20 || c == 0x7F)
                    fprintf(out, "\\u%04x", c);
                else
                    fputc(c, out);
            }
            i++;
            continue;
        }
        uint32_t cp;
        size_t n = ana_utf8_decode(s + i, len - i, &cp);
        if (cp == 0xFFFD && !(n == 3 && (unsigned char)s[i] == 0xEF))
            fputs("\\ufffd", out);
        else
            fwrite(s + i, 1, n, out);
        i += n;
    }
    fputc('"', out);
}

static char *snippet(const qry_hit_t *h, const char *open, const char *close)
{
    return psg_snippet(h->text, h->text_len, h->spans, h->nspans, SNIPPET_BYTES, open, close);
}

void qry_print_json(FILE *out, const qry_hit_t *h)
{
    char *snip = snippet(h, "", "");
    fprintf(out, "{\"rank\":%u,\"score\":%.4f,\"path\":", h->rank, h->score);
    qry_json_string(out, h->path, strlen(h->path));
    fprintf(out, ",\"passage\":%u,\"start\":%zu,\"end\":%zu,\"line\":%u,\"page\":%u,\"lang\":", h->passage,
            h->start, h->end, h->line, h->page);
    qry_json_string(out, h->lang, strlen(h->lang));
    fputs(",\"text\":", out);
    qry_json_string(out, h->text, h->text_len);
    fputs(",\"snippet\":", out);
    qry_json_string(out, snip ? snip : "", snip ? strlen(snip) : 0);
    fputs(",\"date\":", out);
    if (h->date[0])
        qry_json_string(out, h->date, strlen(h->date));
    else
        fputs("null", out);
    if (h->date[0])
        fprintf(out, ",\"year\":%.4s,\"date_source\":\"%s\"", h->date, h->date_source);
    else
        fputs(",\"year\":null,\"date_source\":null", out);
    static const char *const names[] = { "body", "title", "case", "section" };
    const char *values[] = { h->body, h->title, h->case_no, h->section };
    for (size_t i = 0; i < 4; i++) {
        fprintf(out, ",\"%s\":", names[i]);
        if (values[i][0])
            qry_json_string(out, values[i], strlen(values[i]));
        else
            fputs("null", out);
    }
    fprintf(out, ",\"match\":\"%s\"", h->partial ? "some" : "all");
    fputs(",\"highlights\":[", out);
    for (size_t i = 0; i < h->nspans; i++)
        fprintf(out, "%s[%zu,%zu]", i ? "," : "", h->spans[i].start, h->spans[i].end);
    fputs("]}\n", out);
    free(snip);
}

/* Prints S with control characters (a newline in a file name, an escape
 * sequence) shown as '?', so a hostile name cannot drive the terminal. */
static void print_safe(FILE *out, const char *s)
{
    for (; *s; s++)
        fputc(((unsigned char)*s < 0x20 || *s == 0x7F) ? '?' : *s, out);
}

void qry_print_text(FILE *out, const qry_hit_t *h, int bold)
{
    char *snip = snippet(h, bold ? "\033[1m" : "", bold ? "\033[0m" : "");
    fprintf(out, "%u. ", h->rank);
    print_safe(out, h->display);
    fprintf(out, ":%u  (page %u, passage %u, %s)  score %.2f%s\n", h->line, h->page, h->passage,
            h->lang, h->score, h->partial ? "  [not all words]" : "");
    if (h->date[0] || h->body[0] || h->case_no[0] || h->title[0]) {
        /* The meeting and the item: what an analyst cites. */
        fputs("   ", out);
        if (h->date[0])
            fprintf(out, "%s%s  ", h->date, strcmp(h->date_source, "filename") == 0 ? " (from file name)" : "");
        print_safe(out, h->body);
        if (h->case_no[0] || h->title[0]) {
            fputs(h->body[0] ? " · " : "", out);
            /* A case number, or an item named by its meeting's date
             * (lib/casenum.h): either label reads back as a query. */
            if (h->case_no[0])
                fprintf(out, "%s %s ", referat_case_dated(h->case_no) ? "Punkt" : "Sak", h->case_no);
            print_safe(out, h->title);
        }
        if (h->section[0])
            fprintf(out, " · %s", h->section);
        fputs("\n", out);
    }
    fputs("   ", out);
    if (snip) {
        /* The snippet's own escapes are wanted; other control bytes were
         * folded to spaces when the passage was built. */
        fputs(snip, out);
    }
    fputs("\n\n", out);
    free(snip);
}
