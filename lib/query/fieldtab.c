/* fieldtab.c - the fields of the query language, in one table that the
 * parser, the facet counts and the help text read (as notmuch's
 * prefix_table).  It depends on nothing but schema.h, so that the parser
 * links without an index (tests/unit/test_qry, fuzz/fuzz_query.c). */
#include "query/query.h"

#include "schema.h"

#include <stdio.h>
#include <string.h>

/* The fields, in the order the help text and the parser's message name
 * them; FACET is a field's place in the facet list. */
const qry_field_t qry_fields[] = {
    { "year", PFX_YEAR, SLOT_YEAR, QRY_KIND_RANGE, 1, SLOT_YEAR, 1, "year:2023",
      "the meeting's year, or a range: year:2021..2023" },
    { "date", NULL, SLOT_DATE, QRY_KIND_RANGE, 0, -1, 1, "date:2023-01..2024-06",
      "the meeting's date, or a range with open ends: YYYY, YYYY-MM or YYYY-MM-DD" },
    { "body", PFX_BODY, SLOT_BODY_KEY, QRY_KIND_TEXT, 2, SLOT_BODY_KEY, 1, "body:\"Fagrådet\"",
      "the meeting's body, in any spelling" },
    { "lang", PFX_LANG, SLOT_LANG, QRY_KIND_TERM, 4, SLOT_LANG, 0, "lang:nb|da",
      "the passage's language: nb, nn, da or en (several with |)" },
    { "case", PFX_CASE, SLOT_CASE, QRY_KIND_TERM, 5, SLOT_CASE, 0, "case:22/2023",
      "an agenda item's case number, its passages first, then those citing it" },
    { "section", PFX_SECTION, SLOT_SECTION, QRY_KIND_TERM, 3, SLOT_SECTION, 0, "section:vedtak",
      "a section of an item: vedtak (any decision), bakgrunn, innspill, ..." },
};
const size_t qry_nfields = sizeof qry_fields / sizeof qry_fields[0];

const qry_field_t *qry_field(const char *name)
{
    for (size_t i = 0; i < qry_nfields; i++)
        if (strcmp(qry_fields[i].name, name) == 0)
            return &qry_fields[i];
    return NULL;
}

const qry_field_t *qry_facet(const char *name)
{
    const qry_field_t *f = qry_field(name);
    return f && f->facet ? f : NULL;
}

void qry_facet_names(const char *sep, char *buf, size_t cap)
{
    size_t n = 0;
    buf[0] = '\0';
    for (int k = 1; k <= (int)qry_nfields; k++)
        for (size_t i = 0; i < qry_nfields; i++)
            if (qry_fields[i].facet == k && n < cap)
                n += (size_t)snprintf(buf + n, cap - n, "%s%s", n ? sep : "", qry_fields[i].name);
}

