/* params.c - /api/search's parameters, read into a plain struct and
 * checked before any search runs: whatever is wrong with them is a 400
 * with a one-line reason, never a search with a guessed meaning. */
#include "srv.h"

#include "query/query.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* The query field whose facet is bit BIT (facet place k is bit k - 1),
 * or NULL: the query library's table of fields names the facets. */
static const qry_field_t *facet_of_bit(unsigned bit)
{
    for (size_t i = 0; i < qry_nfields; i++)
        if (qry_fields[i].facet > 0 && qry_fields[i].facet <= 31 &&
            bit == 1u << (qry_fields[i].facet - 1))
            return &qry_fields[i];
    return NULL;
}

const char *srv_facet_name(unsigned bit)
{
    const qry_field_t *f = facet_of_bit(bit);
    return f ? f->name : NULL;
}

/* The parameters /api/search and /api/export.csv take; any other is
 * refused, so that a misspelt one ("limt=5") is not silently ignored.
 * An export has no page: all its hits, up to its cap. */
static const char *const search_known[] = { "q", "limit", "offset", "sort", "docs", "facets", "timeline",
                                             "partial", "explain" };
static const char *const export_known[] = { "q", "sort", "docs" };

/* Reads a decimal count of at most MAX from V ("" and signs refused). */
static int parse_count(const char *name, const char *v, uint32_t max, uint32_t *out, char *err,
                       size_t cap)
{
    char *end;
    errno = 0;
    unsigned long n = v[0] >= '0' && v[0] <= '9' ? strtoul(v, &end, 10) : 0;
    if (!(v[0] >= '0' && v[0] <= '9') || *end != '\0' || errno == ERANGE || n > max) {
        snprintf(err, cap, "%s must be a whole number from 0 to %u, not '%.40s'", name, max, v);
        return -1;
    }
    *out = (uint32_t)n;
    return 0;
}

/* Reads a flag: "0" or "1"; absent is 0. */
static int parse_flag(const char *name, const char *v, int *out, char *err, size_t cap)
{
    if (!v)
        return 0;
    if (strcmp(v, "0") != 0 && strcmp(v, "1") != 0) {
        snprintf(err, cap, "%s must be 0 or 1, not '%.40s'", name, v);
        return -1;
    }
    *out = v[0] == '1';
    return 0;
}

/* Reads a comma-separated list of facet names; empty pieces are
 * skipped, a name given twice counts once. */
static int parse_facets(const char *v, unsigned *out, char *err, size_t cap)
{
    *out = 0;
    while (v && *v) {
        size_t len = strcspn(v, ",");
        char name[32];
        snprintf(name, sizeof name, "%.*s", (int)(len < sizeof name ? len : sizeof name - 1), v);
        const qry_field_t *f = len > 0 && len < sizeof name ? qry_facet(name) : NULL;
        if (len > 0 && !f) {
            char names[128];
            qry_facet_names(", ", names, sizeof names);
            snprintf(err, cap, "unknown facet '%.*s' (facets: %s)", (int)(len > 40 ? 40 : len), v,
                     names);
            return -1;
        }
        if (f)
            *out |= 1u << (f->facet - 1);
        v += len;
        if (*v == ',')
            v++;
    }
    return 0;
}

/* Refuses a parameter of P not among the N names of KNOWN. */
static int check_known(const srv_params_t *p, const char *const *known, size_t n, char *err,
                       size_t cap)
{
    for (size_t i = 0; i < p->n; i++) {
        size_t k = 0;
        while (k < n && strcmp(known[k], p->v[i].name) != 0)
            k++;
        if (k == n) {
            char names[128] = "";
            for (size_t j = 0; j < n; j++)
                snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s", j ? ", " : "",
                         known[j]);
            snprintf(err, cap, "unknown parameter '%.40s' (known: %s)", p->v[i].name, names);
            return -1;
        }
    }
    return 0;
}

/* Reads the parameters of P that check_known let through into *S. */
static int parse_search(const srv_params_t *p, srv_search_t *s, char *err, size_t cap)
{
    memset(s, 0, sizeof *s);
    s->limit = 10;
    s->q = srv_params_get(p, "q");
    if (!s->q || s->q[strspn(s->q, " \t\r\n")] == '\0') {
        snprintf(err, cap, "q is missing or empty: give a query, e.g. q=rehabilitering");
        return -1;
    }
    const char *v;
    if ((v = srv_params_get(p, "limit")) &&
        parse_count("limit", v, SRV_SEARCH_MAX_LIMIT, &s->limit, err, cap) != 0)
        return -1;
    if ((v = srv_params_get(p, "offset")) &&
        parse_count("offset", v, SRV_SEARCH_MAX_DEPTH, &s->offset, err, cap) != 0)
        return -1;
    if (s->offset + s->limit > SRV_SEARCH_MAX_DEPTH) {
        snprintf(err, cap, "offset + limit must be at most %u, not %u", SRV_SEARCH_MAX_DEPTH,
                 s->offset + s->limit);
        return -1;
    }
    if ((v = srv_params_get(p, "sort"))) {
        if (strcmp(v, "relevance") == 0)
            s->sort = SRV_SORT_RELEVANCE;
        else if (strcmp(v, "date") == 0)
            s->sort = SRV_SORT_DATE;
        else if (strcmp(v, "oldest") == 0)
            s->sort = SRV_SORT_OLDEST;
        else {
            snprintf(err, cap, "sort must be relevance, date or oldest, not '%.40s'", v);
            return -1;
        }
    }
    if (parse_flag("docs", srv_params_get(p, "docs"), &s->docs, err, cap) != 0 ||
        parse_flag("timeline", srv_params_get(p, "timeline"), &s->timeline, err, cap) != 0 ||
        parse_facets(srv_params_get(p, "facets"), &s->facets, err, cap) != 0)
        return -1;
    return 0;
}

int srv_search_parse(const srv_params_t *p, srv_search_t *s, char *err, size_t cap)
{
    if (check_known(p, search_known, sizeof search_known / sizeof search_known[0], err, cap) != 0)
        return -1;
    if (parse_search(p, s, err, cap) != 0)
        return -1;
    return parse_flag("partial", srv_params_get(p, "partial"), &s->partial, err, cap) != 0 ||
                   parse_flag("explain", srv_params_get(p, "explain"), &s->explain, err, cap) != 0
               ? -1 : 0;
}

int srv_export_parse(const srv_params_t *p, srv_search_t *s, char *err, size_t cap)
{
    if (check_known(p, export_known, sizeof export_known / sizeof export_known[0], err, cap) != 0)
        return -1;
    return parse_search(p, s, err, cap);
}
