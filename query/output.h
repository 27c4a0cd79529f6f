/* output.h - referat-query's printers: thin layers over the query
 * library's results (lib/query/query.h), one per format, fed the same
 * data.  They decode nothing. */
#ifndef REFERAT_QUERY_OUTPUT_H
#define REFERAT_QUERY_OUTPUT_H

#include <stdio.h>

#include "query/query.h"

/* One hit as a JSON object on a line (qry_json_hit). */
void qry_print_json(FILE *out, const qry_hit_t *hit);

/* One hit as a block for a terminal: its path as DISPLAY (relative to
 * the working directory), highlights in bold with BOLD. */
void qry_print_text(FILE *out, const qry_hit_t *hit, const char *display, int bold);

/* R's facet counts: a line per facet, or one JSON line
 * {"facets":{...},"unit":...} with JSON.  Facets that failed are left out. */
void qry_print_facets(FILE *out, const qry_result_t *r, int json);

/* How the query was understood (qry_explain): a line per item, each
 * starting "explain:", or one JSON line {"explain":{...}}. */
void qry_print_explain(FILE *out, const qry_explain_t *x, int json);

/* R's timeline as a bar chart, or {"timeline":[...],"unit":...} with JSON. */
void qry_print_timeline(FILE *out, const qry_result_t *r, int json);

#endif /* REFERAT_QUERY_OUTPUT_H */
