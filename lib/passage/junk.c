/* junk.c - telling text from encoded or binary data that got into a text
 * file: a base64 attachment pasted into minutes, a hex dump, one endless
 * "word" of repeated characters.
 *
 * Such a passage has nothing a reader would search for, and every one of
 * its "words" is new, so indexing it costs a term per token: a 50 MB
 * base64 file took 105 s and 1.6 GB before this check, against 2 s for
 * the same size of real text.  Natural text in any language, tables of
 * figures included, has white space every few bytes and few tokens longer
 * than a long compound; data has neither.
 */
#include "psg.h"

#include <stddef.h>

/* Tokens at least this long count as data-like (Nordic compounds rarely
 * pass 30 bytes; URLs and identifiers may, and stay a minority). */
#define LONG_TOKEN 32

int psg_is_junk(const char *text, size_t len)
{
    if (len < 64)
        return 0;
    size_t space = 0, in_long = 0, run = 0;
    for (size_t i = 0; i <= len; i++) {
        unsigned char c = i < len ? (unsigned char)text[i] : ' ';
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f') {
            if (i < len)
                space++;
            if (run >= LONG_TOKEN)
                in_long += run;
            run = 0;
        } else {
            run++;
        }
    }
    /* Under one blank per 40 bytes, or over half the bytes in long
     * tokens. */
    return space * 40 < len || in_long * 2 > len;
}
