/* output.c - printing results: a readable block per hit for a terminal,
 * or one JSON object per line (JSON Lines) for programs; facet counts and
 * a timeline in either. */
#include "output.h"

#include "casenum.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void qry_print_json(FILE *out, const qry_hit_t *h)
{
    qry_json_hit(out, h);
    fputs("\n", out);
}

/* Prints S with control characters (a newline in a file name, an escape
 * sequence) shown as '?', so a hostile name cannot drive the terminal. */
static void print_safe(FILE *out, const char *s)
{
    for (; *s; s++)
        fputc(((unsigned char)*s < 0x20 || *s == 0x7F) ? '?' : *s, out);
}

void qry_print_text(FILE *out, const qry_hit_t *h, const char *display, int bold)
{
    char *snip = bold ? qry_hit_snippet(h, "\033[1m", "\033[0m") : NULL;
    fprintf(out, "%u. ", h->rank);
    print_safe(out, display);
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
    /* The snippet's own escapes are wanted; other control bytes were
     * folded to spaces when the passage was built. */
    fprintf(out, "   %s\n\n", bold ? (snip ? snip : "") : h->snippet);
    free(snip);
}

void qry_print_facets(FILE *out, const qry_result_t *r, int json)
{
    if (json) {
        fputs("{\"facets\":", out);
        qry_json_facets(out, r);
        fprintf(out, ",\"unit\":\"%s\"}\n", r->unit);
        return;
    }
    for (size_t k = 0; k < r->nfacets; k++) {
        const qry_facet_t *c = &r->facets[k];
        if (c->failed)
            continue;
        fprintf(out, "%s (%s):", c->name, r->unit);
        for (size_t i = 0; i < c->n; i++)
            fprintf(out, "%s %s (%u)", i ? "," : "", c->values[i], c->counts[i]);
        fputs(c->n ? "\n" : " none\n", out);
    }
}

/* Width of the longest bar on a terminal. */
#define BAR_WIDTH 40

void qry_print_timeline(FILE *out, const qry_result_t *r, int json)
{
    uint32_t max = 0;
    for (size_t i = 0; i < r->nyears; i++)
        if (r->years[i] > max)
            max = r->years[i];
    if (json)
        fputs("{\"timeline\":[", out);
    else
        fprintf(out, "%s per year:\n", r->unit);
    for (size_t i = 0; i < r->nyears; i++) {
        int y = r->first_year + (int)i;
        uint32_t n = r->years[i];
        if (json) {
            fprintf(out, "%s{\"year\":%d,\"hits\":%u}", i ? "," : "", y, n);
        } else {
            int w = max ? (int)((n * BAR_WIDTH + max - 1) / max) : 0;
            fprintf(out, "%d ", y);
            for (int b = 0; b < w; b++)
                fputs("\u2588", out);
            fprintf(out, "%s%u\n", w ? " " : "", n);
        }
    }
    if (json)
        fprintf(out, "],\"unit\":\"%s\"}\n", r->unit);
}

void qry_print_explain(FILE *out, const qry_explain_t *x, int json)
{
    if (json) {
        fputs("{\"explain\":", out);
        qry_json_explain(out, x);
        fputs("}\n", out);
        return;
    }
    fprintf(out, "explain: query: %s\n", x->query);
    fprintf(out, "explain: read as: %s\n", x->sentence ? "a sentence" : "keywords");
    fprintf(out, "explain: combine: %s\n", x->combine);
    for (size_t i = 0; i < x->nkept; i++)
        fprintf(out, "explain: kept: %s%s%s%s = %s\n", x->kept[i], x->split[i][0] ? " (no passage has it: also " : "",
                x->split[i], x->split[i][0] ? ")" : "", x->expansions[i]);
    for (size_t i = 0; i < x->ndropped; i++)
        fprintf(out, "explain: dropped: %s (%s)\n", x->dropped[i], x->why[i]);
    if (x->year[0])
        fprintf(out, "explain: boost: meetings of %s x%g\n", x->year, x->year_boost);
    if (x->decision)
        fprintf(out, "explain: boost: decision sections x%g\n", x->decision_boost);
    if (x->context > 0)
        fprintf(out, "explain: context: + %g x the best score among the passage's item (else file)\n",
                x->context);
    fprintf(out, "explain: xapian: %s\n", x->xapian);
}
