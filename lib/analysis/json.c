/* json.c - a string as JSON, for every front-end that writes JSON
 * (referat-query's JSON Lines, referat-serve's responses), so that they
 * escape alike. */
#include "analysis/ana.h"

#include <stdio.h>

void ana_json_string(FILE *out, const char *s, size_t len)
{
    fputc('"', out);
    size_t i = 0;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            switch (c) {
            case '"': fputs("\\\"", out); break;
            case '\\': fputs("\\\\", out); break;
            case '\n': fputs("\\n", out); break;
            case '\t': fputs("\\t", out); break;
            case '\r': fputs("\\r", out); break;
            default:
                if (c < 0x20 || c == 0x7F)
                    fprintf(out, "\\u%04x", c);
                else
                    fputc(c, out);
            }
            i++;
            continue;
        }
        uint32_t cp;
        size_t n = ana_utf8_decode(s + i, len - i, &cp);
        if (cp == 0xFFFD && !(n == 3 && (unsigned char)s[i] == 0xEF))
            fputs("\\ufffd", out);
        else
            fwrite(s + i, 1, n, out);
        i += n;
    }
    fputc('"', out);
}
