/* fold.c - Nordic folding: the spelling skeleton of a word.
 *
 * Users type "bornekraeft", "boernekraeft", "arsrapport", "Ostern"; old
 * scans lost their diacritics ("Arsrapport", "pa") or read ø as '@'.  All
 * of them meet in one skeleton:
 *   æ ä → a,  ø ö @ → o,  å → a,  é è ê ë → e, other Latin accents → the
 *   base letter; then the ASCII stand-ins "ae" → a, "oe" → o, "aa" → a.
 * So "børnekræft", "boernekraeft" and "bornekraeft" all fold to
 * "bornekraft".  The skeleton is coarse on purpose (rød and rod meet), so
 * the pipeline indexes it beside the exact word and the stem, never
 * instead of them, and the query weights folded matches below exact ones.
 */
#include "analysis/ana.h"
#include "analysis/ana_private.h"

#include <string.h>

/* The skeleton letter of a lower-case code point, or 0 to keep it. */
static uint32_t skeleton(uint32_t cp)
{
    switch (cp) {
    case 0xE6: /* æ */ case 0xE4: /* ä */ case 0xE5: /* å */
    case 0xE0: case 0xE1: case 0xE2: case 0xE3:
        return 'a';
    case 0xF8: /* ø */ case 0xF6: /* ö */ case '@':
    case 0xF2: case 0xF3: case 0xF4: case 0xF5:
        return 'o';
    case 0xE8: case 0xE9: case 0xEA: case 0xEB:
        return 'e';
    case 0xEC: case 0xED: case 0xEE: case 0xEF:
        return 'i';
    case 0xF9: case 0xFA: case 0xFB: case 0xFC:
        return 'u';
    case 0xE7:
        return 'c';
    case 0xF1:
        return 'n';
    case 0xFD: case 0xFF:
        return 'y';
    }
    return 0;
}

size_t ana_fold(const char *word, size_t len, char *out, size_t cap)
{
    size_t i = 0, o = 0;
    if (cap == 0)
        return 0;
    while (i < len) {
        uint32_t cp;
        size_t n = ana_utf8_decode(word + i, len - i, &cp);
        uint32_t s = skeleton(cp);
        char enc[4];
        size_t m;
        if (s) {
            enc[0] = (char)s;
            m = 1;
        } else {
            m = ana_utf8_encode(cp, enc);
        }
        i += n;
        /* The ASCII stand-ins: a second letter that only spells the
         * first one's diacritic is dropped. */
        if (m == 1 && o > 0 &&
            ((enc[0] == 'e' && (out[o - 1] == 'a' || out[o - 1] == 'o')) ||
             (enc[0] == 'a' && out[o - 1] == 'a')))
            continue;
        if (o + m >= cap)
            break;
        memcpy(out + o, enc, m);
        o += m;
    }
    out[o] = '\0';
    return o;
}
