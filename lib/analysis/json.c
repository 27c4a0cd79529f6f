/* json.c - a string as JSON, for every front-end that writes JSON
 * (referat-query's JSON Lines, referat-serve's responses), so that they
 * escape alike. */
#include "analysis/ana.h"

#include <stdio.h>

void ana_json_string(FILE *out, const char *s, size_t len)
{
    /* Bytes that need no escape are written a run at a time: a hit's
     * text is mostly such bytes, and one fputc per byte took 7% of
     * a /api/search request's time. */
    size_t run = 0, i = 0;
    fputc('"', out);
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        const char *esc = NULL;
        char u[8];
        size_t n = 1;
        if (c < 0x80) {
            switch (c) {
            case '"': esc = "\\\""; break;
            case '\\': esc = "\\\\"; break;
            case '\n': esc = "\\n"; break;
            case '\t': esc = "\\t"; break;
            case '\r': esc = "\\r"; break;
            default:
                if (c < 0x20 || c == 0x7F) {
                    snprintf(u, sizeof u, "\\u%04x", c);
                    esc = u;
                }
            }
        } else {
            uint32_t cp;
            n = ana_utf8_decode(s + i, len - i, &cp);
            if (cp == 0xFFFD && !(n == 3 && c == 0xEF))
                esc = "\\ufffd";
        }
        if (esc) {
            fwrite(s + run, 1, i - run, out);
            fputs(esc, out);
            run = i + n;
        }
        i += n;
    }
    fwrite(s + run, 1, i - run, out);
    fputc('"', out);
}
