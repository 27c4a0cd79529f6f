/* csv.c - hits as CSV rows (RFC 4180), written to a stream the caller
 * owns: referat-query --csv prints them and referat-serve's
 * /api/export.csv sends them, through the same writer, so that a row
 * says the same in both, field for field. */
#include "query.h"

#include <stdio.h>
#include <string.h>

void qry_csv_field(FILE *out, const char *s, size_t len, const char *sep)
{
    if (strcspn(s, ",\"\r\n") >= len) {
        fwrite(s, 1, len, out);
    } else {
        fputc('"', out);
        for (size_t i = 0; i < len; i++) {
            if (s[i] == '"')
                fputc('"', out);
            fputc(s[i], out);
        }
        fputc('"', out);
    }
    fputs(sep, out);
}

void qry_csv_header(FILE *out, const char *extra)
{
    fputs("body,date,case,item,section,page,text,path", out);
    if (extra) {
        fputc(',', out);
        qry_csv_field(out, extra, strlen(extra), "");
    }
    fputs("\r\n", out);
}

void qry_csv_hit(FILE *out, const qry_hit_t *h, const char *extra)
{
    char page[16];
    snprintf(page, sizeof page, "%u", h->page);
    const char *f[] = { h->body, h->date, h->case_no, h->title, h->section, page };
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
        qry_csv_field(out, f[i], strlen(f[i]), ",");
    qry_csv_field(out, h->text, h->text_len, ",");
    qry_csv_field(out, h->path, strlen(h->path), extra ? "," : "\r\n");
    if (extra)
        qry_csv_field(out, extra, strlen(extra), "\r\n");
}
