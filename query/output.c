/* output.c - printing hits: a readable block per hit for a terminal, or
 * one JSON object per line (JSON Lines) for programs. */
#include "qry.h"
#include "casenum.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void qry_json_string(FILE *out, const char *s, size_t len)
{
    ana_json_string(out, s, len);
}

/* 1 when HL asks for section NAME. */
static int asked(const qry_terms_t *hl, const char *name)
{
    for (size_t i = 0; i < hl->ns; i++)
        if (strcmp(hl->sections[i], name) == 0)
            return 1;
    return 0;
}

/* The highlights of H inside [LO, HI). */
static size_t spans_in(const qry_hit_t *h, size_t lo, size_t hi)
{
    size_t c = 0;
    for (size_t i = 0; i < h->nspans; i++)
        c += h->spans[i].start >= lo && h->spans[i].end <= hi;
    return c;
}

void qry_locate(qry_hit_t *h, const psg_record_t *rec, const qry_terms_t *hl)
{
    h->lo = 0;
    h->hi = h->text_len;
    h->passage_section = rec->section ? rec->section : "";
    h->passage_page = rec->page;
    /* Of the asked sections in the passage, the one with the most
     * highlights (the first of equals). */
    int placed = 0;
    size_t best = 0;
    for (size_t i = 0; hl->ns && i < rec->nsections; i++) {
        if (!asked(hl, rec->sections[i].name))
            continue;
        size_t lo = rec->sections[i].at;
        size_t hi = i + 1 < rec->nsections ? rec->sections[i + 1].at : h->text_len;
        size_t c = spans_in(h, lo, hi);
        if (!placed || c > best) {
            h->lo = lo;
            h->hi = hi;
            best = c;
        }
        placed = 1;
    }
    /* The labels follow the snippet's first highlight, else its start in
     * the asked section; a snippet of neither is the passage's start, and
     * shows the passage's labels. */
    size_t f = psg_snippet_focus(h->spans, h->nspans, h->lo, h->hi, QRY_SNIPPET_BYTES);
    size_t at = f < h->nspans ? h->spans[f].start : h->lo;
    if (f < h->nspans || placed) {
        h->section = psg_record_section_at(rec, at);
        h->page = psg_record_page_at(rec, at);
    } else {
        h->section = h->passage_section;
        h->page = h->passage_page;
    }
}

static char *snippet(const qry_hit_t *h, const char *open, const char *close)
{
    return psg_snippet_in(h->text, h->text_len, h->lo, h->hi, h->spans, h->nspans, QRY_SNIPPET_BYTES,
                          open, close);
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
    static const char *const names[] = { "body", "body_text", "title", "case", "section", "passage_section" };
    const char *values[] = { h->body, h->body_text ? h->body_text : h->body, h->title, h->case_no,
                             h->section, h->passage_section };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        fprintf(out, ",\"%s\":", names[i]);
        if (values[i][0])
            qry_json_string(out, values[i], strlen(values[i]));
        else
            fputs("null", out);
    }
    fprintf(out, ",\"passage_page\":%u", h->passage_page);
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
