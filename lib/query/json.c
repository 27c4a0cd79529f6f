/* json.c - a hit and facet counts as JSON, written to a stream the caller
 * owns: referat-query --json prints hits a line each and referat-serve
 * lists them in /api/search's "hits", through the same writer, so that
 * both say the same about a hit, field for field. */
#include "query.h"

#include "analysis/ana.h"

#include <string.h>

void qry_json_string(FILE *out, const char *s, size_t len)
{
    ana_json_string(out, s, len);
}

void qry_json_hit(FILE *out, const qry_hit_t *h)
{
    fprintf(out, "{\"rank\":%u,\"id\":", h->rank);
    qry_json_string(out, h->id, strlen(h->id));
    fprintf(out, ",\"score\":%.4f,\"path\":", h->score);
    qry_json_string(out, h->path, strlen(h->path));
    fprintf(out, ",\"passage\":%u,\"start\":%zu,\"end\":%zu,\"line\":%u,\"page\":%u,\"lang\":", h->passage,
            h->start, h->end, h->line, h->page);
    qry_json_string(out, h->lang, strlen(h->lang));
    fputs(",\"text\":", out);
    qry_json_string(out, h->text, h->text_len);
    fputs(",\"snippet\":", out);
    qry_json_string(out, h->snippet, strlen(h->snippet));
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
    fputs("]}", out);
}

void qry_json_facets(FILE *out, const qry_result_t *r)
{
    int first = 1;
    fputs("{", out);
    for (size_t k = 0; k < r->nfacets; k++) {
        const qry_facet_t *c = &r->facets[k];
        if (c->failed)
            continue;
        fprintf(out, "%s\"%s\":{", first ? "" : ",", c->name);
        for (size_t i = 0; i < c->n; i++) {
            fputs(i ? "," : "", out);
            qry_json_string(out, c->values[i], strlen(c->values[i]));
            fprintf(out, ":%u", c->counts[i]);
        }
        fputs("}", out);
        first = 0;
    }
    fputs("}", out);
}

/* Writes ,"NAME":[S...] for the N strings of V. */
static void string_list(FILE *out, const char *name, char *const *v, size_t n)
{
    fprintf(out, ",\"%s\":[", name);
    for (size_t i = 0; i < n; i++) {
        fputs(i ? "," : "", out);
        qry_json_string(out, v[i], strlen(v[i]));
    }
    fputs("]", out);
}

void qry_json_explain(FILE *out, const qry_explain_t *x)
{
    fputs("{\"query\":", out);
    qry_json_string(out, x->query, strlen(x->query));
    fprintf(out, ",\"sentence\":%s,\"combine\":", x->sentence ? "true" : "false");
    qry_json_string(out, x->combine, strlen(x->combine));
    string_list(out, "kept", x->kept, x->nkept);
    fputs(",\"dropped\":[", out);
    for (size_t i = 0; i < x->ndropped; i++) {
        fputs(i ? ",{\"word\":" : "{\"word\":", out);
        qry_json_string(out, x->dropped[i], strlen(x->dropped[i]));
        fputs(",\"why\":", out);
        qry_json_string(out, x->why[i], strlen(x->why[i]));
        fputs("}", out);
    }
    fputs("],\"split\":{", out);
    for (size_t i = 0, n = 0; i < x->nkept; i++) {
        if (!x->split[i][0])
            continue;
        fputs(n++ ? "," : "", out);
        qry_json_string(out, x->kept[i], strlen(x->kept[i]));
        fputs(":", out);
        qry_json_string(out, x->split[i], strlen(x->split[i]));
    }
    fputs("},\"expansions\":{", out);
    for (size_t i = 0; i < x->nkept; i++) {
        fputs(i ? "," : "", out);
        qry_json_string(out, x->kept[i], strlen(x->kept[i]));
        fputs(":", out);
        qry_json_string(out, x->expansions[i], strlen(x->expansions[i]));
    }
    fputs("},\"boosts\":{", out);
    if (x->year[0])
        fprintf(out, "\"year\":{\"value\":\"%s\",\"factor\":%g}", x->year, x->year_boost);
    if (x->decision)
        fprintf(out, "%s\"decision\":{\"factor\":%g}", x->year[0] ? "," : "", x->decision_boost);
    fprintf(out, "},\"context\":%g,\"xapian\":", x->context);
    qry_json_string(out, x->xapian, strlen(x->xapian));
    fputs("}", out);
}
