/* params.c - /api/search's parameters, read into a plain struct and
 * checked before any search runs: whatever is wrong with them is a 400
 * with a one-line reason, never a search with a guessed meaning. */
#include "srv.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* The facets by name, in bit order.  The query library's table of fields
 * (issue 15, part 1) is to name them once it lands. */
static const char *const facet_names[] = { "year", "body", "section", "lang", "case" };
#define NFACETS (sizeof facet_names / sizeof facet_names[0])

const char *srv_facet_name(unsigned bit)
{
    for (size_t i = 0; i < NFACETS; i++)
        if (bit == 1u << i)
            return facet_names[i];
    return NULL;
}

/* The parameters /api/search takes; any other is refused, so that a
 * misspelt one ("limt=5") is not silently ignored. */
static const char *const known[] = { "q", "limit", "offset", "sort", "docs", "facets", "timeline" };

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
        size_t i = 0;
        while (i < NFACETS && !(strlen(facet_names[i]) == len && memcmp(facet_names[i], v, len) == 0))
            i++;
        if (len > 0 && i == NFACETS) {
            snprintf(err, cap, "unknown facet '%.*s' (facets: year, body, section, lang, case)",
                     (int)(len > 40 ? 40 : len), v);
            return -1;
        }
        if (len > 0)
            *out |= 1u << i;
        v += len;
        if (*v == ',')
            v++;
    }
    return 0;
}

static int check_known(const srv_params_t *p, char *err, size_t cap)
{
    for (size_t i = 0; i < p->n; i++) {
        size_t k = 0;
        while (k < sizeof known / sizeof known[0] && strcmp(known[k], p->v[i].name) != 0)
            k++;
        if (k == sizeof known / sizeof known[0]) {
            snprintf(err, cap, "unknown parameter '%.40s' (known: q, limit, offset, sort, docs, "
                     "facets, timeline)", p->v[i].name);
            return -1;
        }
    }
    return 0;
}

int srv_search_parse(const srv_params_t *p, srv_search_t *s, char *err, size_t cap)
{
    memset(s, 0, sizeof *s);
    s->limit = 10;
    if (check_known(p, err, cap) != 0)
        return -1;
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
        else {
            snprintf(err, cap, "sort must be relevance or date, not '%.40s'", v);
            return -1;
        }
    }
    if (parse_flag("docs", srv_params_get(p, "docs"), &s->docs, err, cap) != 0 ||
        parse_flag("timeline", srv_params_get(p, "timeline"), &s->timeline, err, cap) != 0 ||
        parse_facets(srv_params_get(p, "facets"), &s->facets, err, cap) != 0)
        return -1;
    return 0;
}
