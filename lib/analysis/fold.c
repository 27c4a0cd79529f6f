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
        char enc[4];
        size_t m = 1;
        if ((unsigned char)word[i] < 0x80 && word[i] != '@') {
            /* ASCII other than '@' is its own skeleton: most letters
             * need no decoding (referat-query folds every learned name
             * of the index per query). */
            enc[0] = word[i++];
        } else {
            uint32_t cp;
            i += ana_utf8_decode(word + i, len - i, &cp);
            uint32_t s = skeleton(cp);
            if (s)
                enc[0] = (char)s;
            else
                m = ana_utf8_encode(cp, enc);
        }
        /* The ASCII stand-ins: a second letter that only spells the
         * first one's diacritic is dropped. */
        if (m == 1 && o > 0 &&
            ((enc[0] == 'e' && (out[o - 1] == 'a' || out[o - 1] == 'o')) ||
             (enc[0] == 'a' && out[o - 1] == 'a')))
            continue;
        if (o + m >= cap)
            break;
        if (m == 1) {
            out[o++] = enc[0];
        } else {
            memcpy(out + o, enc, m);
            o += m;
        }
    }
    out[o] = '\0';
    return o;
}

/* The Norwegian-Danish key: Danish and Norwegian spell many shared words
 * differently -- sygdom/sykdom, dyb/dyp, kræft/kreft, fald/fall,
 * visitation/visitasjon, specialeplan/spesialplan.  The key maps both
 * spellings together: æ→e, ø→o, å→a (and their ASCII stand-ins), -tion→
 * -sjon, c→s before e/i/y else k (ph is left alone: in Nordic words it
 * is a boundary, op|hold), q→k, x→ks, z→s, w→v, the voiced
 * stops b d g→p t k, a final "lt" (from -ld) → l, and doubled letters
 * single.  It is coarser still than folding, so the pipeline indexes its
 * stem in its own term space ("X") and the query weights it lowest. */
size_t ana_cross_key(const char *word, size_t len, char *out, size_t cap)
{
    char tmp[ANA_MAX_WORD * 2 + 8];
    size_t n = 0, i = 0;
    if (cap == 0)
        return 0;
    while (i < len && n + 3 < sizeof tmp) {
        uint32_t cp;
        size_t k = ana_utf8_decode(word + i, len - i, &cp);
        const char *rest = word + i + k;
        size_t rl = len - i - k;
        i += k;
        switch (cp) {
        case 0xE6: case 0xE4: case 0xE9: case 0xE8: case 0xEA: case 0xEB: cp = 'e'; break;
        case 0xF8: case 0xF6: case '@': case 0xF3: case 0xF2: case 0xF4: cp = 'o'; break;
        case 0xE5: case 0xE0: case 0xE1: case 0xE2: cp = 'a'; break;
        case 0xFC: case 0xFA: case 0xF9: cp = 'u'; break;
        case 0xED: case 0xEC: case 0xEE: case 0xEF: cp = 'i'; break;
        }
        if (cp >= 0x80) {
            char enc[4];
            size_t m = ana_utf8_encode(cp, enc);
            memcpy(tmp + n, enc, m);
            n += m;
            continue;
        }
        char c = (char)cp;
        if (c == 'c') {
            if (rl > 0 && rest[0] == 'h') {
                c = 'k';
                i++;
            } else {
                c = (rl > 0 && (rest[0] == 'e' || rest[0] == 'i' || rest[0] == 'y')) ? 's' : 'k';
            }
        } else if (c == 't' && rl >= 3 && memcmp(rest, "ion", 3) == 0) {
            memcpy(tmp + n, "sjon", 4);
            n += 4;
            i += 3;
            continue;
        } else if (c == 'x') {
            tmp[n++] = 'k';
            c = 's';
        } else if (c == 'q') {
            c = 'k';
        } else if (c == 'z') {
            c = 's';
        } else if (c == 'w') {
            c = 'v';
        } else if (c == 'b') {
            c = 'p';
        } else if (c == 'd') {
            c = 't';
        } else if (c == 'g') {
            c = 'k';
        } else if (c == 'e' && n > 0 && (tmp[n - 1] == 'a' || tmp[n - 1] == 'o')) {
            /* ae, oe: the ASCII stand-ins for æ and ø. */
            if (tmp[n - 1] == 'a')
                tmp[n - 1] = 'e';
            continue;
        }
        tmp[n++] = c;
    }
    if (n >= 2 && tmp[n - 2] == 'l' && tmp[n - 1] == 't')
        n--;
    size_t o = 0;
    for (size_t j = 0; j < n;) {
        size_t k = 1;
        /* A character goes in whole or not at all, so a key cut at CAP
         * stays valid UTF-8. */
        while (j + k < n && ((unsigned char)tmp[j + k] & 0xC0) == 0x80)
            k++;
        if (k == 1 && o > 0 && out[o - 1] == tmp[j] && (unsigned char)tmp[j] < 0x80) {
            j++;
            continue;
        }
        if (o + k >= cap)
            break;
        memcpy(out + o, tmp + j, k);
        o += k;
        j += k;
    }
    out[o] = '\0';
    return o;
}
