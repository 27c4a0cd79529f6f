/* facets.c - counts over the whole match set: facets (--facets) and the
 * hits-per-year timeline (--timeline), for a terminal or as JSON.  They
 * count passages, or with --docs meetings (the files with a matching
 * passage), and say which. */
#include "qry.h"

#include "schema.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    char **values;
    uint32_t *counts;
    size_t n, cap;
    int oom;
} counts_t;

static int collect(void *ctx, const char *value, size_t len, uint32_t count)
{
    counts_t *c = ctx;
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 16;
        char **v = realloc(c->values, cap * sizeof *v);
        if (v)
            c->values = v;
        uint32_t *k = realloc(c->counts, cap * sizeof *k);
        if (k)
            c->counts = k;
        if (!v || !k) {
            c->oom = 1;
            return 1;
        }
        c->cap = cap;
    }
    if (!(c->values[c->n] = strndup(value, len))) {
        c->oom = 1;
        return 1;
    }
    c->counts[c->n++] = count;
    return 0;
}

static void counts_clear(counts_t *c)
{
    for (size_t i = 0; i < c->n; i++)
        free(c->values[i]);
    free(c->values);
    free(c->counts);
}

static const struct {
    const char *name;
    uint32_t slot;
} facet_slots[] = {
    { "year", SLOT_YEAR }, { "body", SLOT_BODY_KEY }, { "section", SLOT_SECTION },
    { "lang", SLOT_LANG }, { "case", SLOT_CASE },
};

int qry_facet_slot(const char *name)
{
    for (size_t i = 0; i < sizeof facet_slots / sizeof facet_slots[0]; i++)
        if (strcmp(facet_slots[i].name, name) == 0)
            return (int)facet_slots[i].slot;
    return -1;
}

/* Counts Q's matches (or with MEETINGS, the files they are in) per value
 * of SLOT into C. */
static int count(xs_db_t *db, const xs_query_t *q, uint32_t slot, int meetings, counts_t *c)
{
    xs_status_t st = meetings ? xs_db_count_groups(db, q, slot, SLOT_FILEID, collect, c)
                              : xs_db_count_values(db, q, slot, collect, c);
    return st == XS_OK && !c->oom ? 0 : -1;
}

/* Bodies are counted by their key (format 6), one count however the
 * files spell the body, and shown by their name (body.c); an index of an
 * older format has no keys, and counts the bodies as written.  Returns
 * 0, or -1 when out of memory or a count failed. */
static int count_bodies(xs_db_t *db, const xs_query_t *q, int meetings, counts_t *c)
{
    if (count(db, q, SLOT_BODY_KEY, meetings, c) < 0)
        return -1;
    if (c->n == 0)
        return count(db, q, SLOT_BODY, meetings, c);
    qry_bodies_t *b = qry_bodies_new(db);
    if (!b)
        return -1;
    for (size_t i = 0; i < c->n; i++) {
        const char *name = qry_body_name(b, c->values[i]);
        char *v = name ? strdup(name) : NULL;
        if (name && !v) {
            qry_bodies_free(b);
            return -1;
        }
        if (v) {
            free(c->values[i]);
            c->values[i] = v;
        }
    }
    qry_bodies_free(b);
    return 0;
}

/* Most frequent first, then by value. */
static void sort_by_count(counts_t *c)
{
    for (size_t i = 1; i < c->n; i++)
        for (size_t j = i; j > 0 && (c->counts[j] > c->counts[j - 1] ||
                                     (c->counts[j] == c->counts[j - 1] &&
                                      strcmp(c->values[j], c->values[j - 1]) < 0));
             j--) {
            uint32_t t = c->counts[j];
            c->counts[j] = c->counts[j - 1];
            c->counts[j - 1] = t;
            char *v = c->values[j];
            c->values[j] = c->values[j - 1];
            c->values[j - 1] = v;
        }
}

static const char *unit(int meetings)
{
    return meetings ? "meetings" : "passages";
}

int qry_print_facets(FILE *out, xs_db_t *db, const xs_query_t *q, const char *list, int meetings,
                     int json)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", list);
    if (json)
        fputs("{\"facets\":{", out);
    int first = 1, rc = 0;
    for (char *save = NULL, *f = strtok_r(buf, ",", &save); f; f = strtok_r(NULL, ",", &save)) {
        int slot = qry_facet_slot(f);
        counts_t c = { 0 };
        if (slot < 0 || (slot == SLOT_BODY_KEY ? count_bodies(db, q, meetings, &c)
                                               : count(db, q, (uint32_t)slot, meetings, &c)) < 0) {
            counts_clear(&c);
            rc = -1;
            continue;
        }
        /* Years read best in order; the rest by frequency. */
        if (slot != SLOT_YEAR)
            sort_by_count(&c);
        if (json) {
            fprintf(out, "%s\"%s\":{", first ? "" : ",", f);
            for (size_t i = 0; i < c.n; i++) {
                fputs(i ? "," : "", out);
                qry_json_string(out, c.values[i], strlen(c.values[i]));
                fprintf(out, ":%u", c.counts[i]);
            }
            fputs("}", out);
        } else {
            fprintf(out, "%s (%s):", f, unit(meetings));
            for (size_t i = 0; i < c.n; i++)
                fprintf(out, "%s %s (%u)", i ? "," : "", c.values[i], c.counts[i]);
            fputs(c.n ? "\n" : " none\n", out);
        }
        first = 0;
        counts_clear(&c);
    }
    if (json)
        fprintf(out, "},\"unit\":\"%s\"}\n", unit(meetings));
    return rc;
}

/* Width of the longest bar on a terminal. */
#define BAR_WIDTH 40

int qry_print_timeline(FILE *out, xs_db_t *db, const xs_query_t *q, int meetings, int json)
{
    counts_t c = { 0 };
    if (count(db, q, SLOT_YEAR, meetings, &c) < 0) {
        counts_clear(&c);
        return -1;
    }
    uint32_t max = 0;
    for (size_t i = 0; i < c.n; i++)
        if (c.counts[i] > max)
            max = c.counts[i];
    int y0 = c.n ? atoi(c.values[0]) : 0, y1 = c.n ? atoi(c.values[c.n - 1]) : -1;
    if (json)
        fputs("{\"timeline\":[", out);
    else
        fprintf(out, "%s per year:\n", unit(meetings));
    /* Every year from the first to the last, so gaps show as gaps. */
    for (int y = y0, k = 0; y <= y1 && y - y0 < 1000; y++) {
        uint32_t n = 0;
        if ((size_t)k < c.n && atoi(c.values[k]) == y)
            n = c.counts[k++];
        if (json) {
            fprintf(out, "%s{\"year\":%d,\"hits\":%u}", y == y0 ? "" : ",", y, n);
        } else {
            int w = max ? (int)((n * BAR_WIDTH + max - 1) / max) : 0;
            fprintf(out, "%d ", y);
            for (int i = 0; i < w; i++)
                fputs("\u2588", out);
            fprintf(out, "%s%u\n", w ? " " : "", n);
        }
    }
    if (json)
        fprintf(out, "],\"unit\":\"%s\"}\n", unit(meetings));
    counts_clear(&c);
    return 0;
}
