/* unicode.c - lower-case mapping and word-character classes.
 *
 * referat indexes Norwegian, Danish and English minutes, so full Unicode
 * tables would be dead weight.  Lower-casing covers the blocks where such
 * text (and the names, loan words and formulas in it) lives: ASCII,
 * Latin-1, Latin Extended-A/-B, Greek and Cyrillic.  Word characters are
 * decided exactly below U+0250; above it every code point counts as a
 * letter unless it lies in a known punctuation, symbol, space or private
 * block.  That errs on the side of keeping text searchable: a missed
 * symbol becomes a harmless one-character token, whereas a missed letter
 * would split words of some script apart.
 */
#include "analysis/ana.h"
#include "analysis/ana_private.h"


/* Latin Extended-A (U+0100..U+017F): mostly upper/lower pairs whose
 * parity flips twice, plus the irregular dotted I and Y with diaeresis. */
static uint32_t lower_latin_ext_a(uint32_t cp)
{
    if (cp == 0x0130)                 /* İ: Turkish dotted capital I */
        return 'i';
    if (cp == 0x0178)                 /* Ÿ lives in Latin-1 as ÿ */
        return 0x00FF;
    if (cp <= 0x0137 || (cp >= 0x014A && cp <= 0x0177))
        return (cp % 2 == 0) ? cp + 1 : cp;
    if ((cp >= 0x0139 && cp <= 0x0148) || (cp >= 0x0179 && cp <= 0x017E))
        return (cp % 2 == 1) ? cp + 1 : cp;
    return cp;                        /* ĸ, ŉ, ſ have no upper case here */
}

/* Irregular upper-case letters of Latin Extended-B whose lower case is
 * not the next code point (many map into the IPA block), sorted. */
static const struct { uint16_t up, low; } latin_ext_b[] = {
    {0x0181, 0x0253}, {0x0182, 0x0183}, {0x0184, 0x0185}, {0x0186, 0x0254},
    {0x0187, 0x0188}, {0x0189, 0x0256}, {0x018A, 0x0257}, {0x018B, 0x018C},
    {0x018E, 0x01DD}, {0x018F, 0x0259}, {0x0190, 0x025B}, {0x0191, 0x0192},
    {0x0193, 0x0260}, {0x0194, 0x0263}, {0x0196, 0x0269}, {0x0197, 0x0268},
    {0x0198, 0x0199}, {0x019C, 0x026F}, {0x019D, 0x0272}, {0x019F, 0x0275},
    {0x01A0, 0x01A1}, {0x01A2, 0x01A3}, {0x01A4, 0x01A5}, {0x01A6, 0x0280},
    {0x01A7, 0x01A8}, {0x01A9, 0x0283}, {0x01AC, 0x01AD}, {0x01AE, 0x0288},
    {0x01AF, 0x01B0}, {0x01B1, 0x028A}, {0x01B2, 0x028B}, {0x01B3, 0x01B4},
    {0x01B5, 0x01B6}, {0x01B7, 0x0292}, {0x01B8, 0x01B9}, {0x01BC, 0x01BD},
    {0x01C4, 0x01C6}, {0x01C5, 0x01C6}, {0x01C7, 0x01C9}, {0x01C8, 0x01C9},
    {0x01CA, 0x01CC}, {0x01CB, 0x01CC}, {0x01F1, 0x01F3}, {0x01F2, 0x01F3},
    {0x01F4, 0x01F5}, {0x01F6, 0x0195}, {0x01F7, 0x01BF}, {0x0220, 0x019E},
    {0x023A, 0x2C65}, {0x023B, 0x023C}, {0x023D, 0x019A}, {0x023E, 0x2C66},
    {0x0241, 0x0242}, {0x0243, 0x0180}, {0x0244, 0x0289}, {0x0245, 0x028C},
};

static uint32_t lower_latin_ext_b(uint32_t cp)
{
    size_t lo = 0, hi = sizeof latin_ext_b / sizeof latin_ext_b[0];

    /* Runs of regular pairs: odd upper case in the Pinyin block, even
     * upper case in the others. */
    if (cp >= 0x01CD && cp <= 0x01DC)
        return (cp % 2 == 1) ? cp + 1 : cp;
    if ((cp >= 0x01DE && cp <= 0x01EF) || (cp >= 0x01F8 && cp <= 0x021F) ||
        (cp >= 0x0222 && cp <= 0x0233) || (cp >= 0x0246 && cp <= 0x024F))
        return (cp % 2 == 0) ? cp + 1 : cp;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (latin_ext_b[mid].up == cp)
            return latin_ext_b[mid].low;
        if (latin_ext_b[mid].up < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    return cp;
}

static uint32_t lower_greek(uint32_t cp)
{
    if (cp >= 0x0391 && cp <= 0x03AB && cp != 0x03A2)
        return cp + 0x20;              /* Α..Ϋ; U+03A2 is unassigned */
    if (cp == 0x0386)
        return 0x03AC;                 /* Ά */
    if (cp >= 0x0388 && cp <= 0x038A)
        return cp + 0x25;              /* Έ Ή Ί */
    if (cp == 0x038C)
        return 0x03CC;                 /* Ό */
    if (cp == 0x038E || cp == 0x038F)
        return cp + 0x3F;              /* Ύ Ώ */
    if (cp == 0x0370 || cp == 0x0372 || cp == 0x0376 || cp == 0x03F7 ||
        cp == 0x03FA || (cp >= 0x03D8 && cp <= 0x03EF && cp % 2 == 0))
        return cp + 1;                 /* archaic letters and Coptic pairs */
    if (cp == 0x037F)
        return 0x03F3;                 /* Yot */
    if (cp == 0x03CF)
        return 0x03D7;                 /* Kai symbol */
    if (cp == 0x03F4)
        return 0x03B8;                 /* capital theta symbol */
    if (cp == 0x03F9)
        return 0x03F2;                 /* capital lunate sigma */
    if (cp >= 0x03FD && cp <= 0x03FF)
        return cp - 0x82;              /* reversed lunate sigmas */
    return cp;
}

static uint32_t lower_cyrillic(uint32_t cp)
{
    if (cp >= 0x0400 && cp <= 0x040F)
        return cp + 0x50;              /* Ѐ..Џ */
    if (cp >= 0x0410 && cp <= 0x042F)
        return cp + 0x20;              /* А..Я */
    if (cp == 0x04C0)
        return 0x04CF;                 /* palochka */
    if (cp >= 0x04C1 && cp <= 0x04CE)
        return (cp % 2 == 1) ? cp + 1 : cp;
    if ((cp >= 0x0460 && cp <= 0x0481) || (cp >= 0x048A && cp <= 0x04BF) ||
        (cp >= 0x04D0 && cp <= 0x052F))
        return (cp % 2 == 0) ? cp + 1 : cp;
    return cp;
}

uint32_t ana_lower(uint32_t cp)
{
    if (cp < 0x80)
        return (cp >= 'A' && cp <= 'Z') ? cp + 0x20 : cp;
    if (cp < 0x100)                    /* À..Þ except ×; ß stays */
        return (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) ? cp + 0x20 : cp;
    if (cp < 0x180)
        return lower_latin_ext_a(cp);
    if (cp < 0x250)
        return lower_latin_ext_b(cp);
    if (cp >= 0x0370 && cp < 0x0400)
        return lower_greek(cp);
    if (cp >= 0x0400 && cp < 0x0530)
        return lower_cyrillic(cp);
    return cp;
}

int ana_is_upper(uint32_t cp)
{
    return ana_lower(cp) != cp;
}

int ana_is_combining(uint32_t cp)
{
    return cp >= 0x0300 && cp <= 0x036F;
}

/* Code points from U+0250 up that are not word characters: punctuation,
 * symbols, spaces, format characters, variation selectors, surrogates
 * and private use.  Sorted, inclusive, non-overlapping. */
static const struct { uint32_t lo, hi; } non_word[] = {
    {0x02B9, 0x02FF},   /* modifier primes, accents and tone letters (ʼ, ˆ) */
    {0x0375, 0x0375}, {0x037E, 0x037E}, {0x0384, 0x0385}, {0x0387, 0x0387},
    {0x03F6, 0x03F6},   /* Greek numeral sign, question mark, tonos, ano teleia */
    {0x0482, 0x0482},   /* Cyrillic thousands sign */
    {0x055A, 0x055F}, {0x0589, 0x058A}, {0x058D, 0x058F},   /* Armenian */
    {0x05BE, 0x05BE}, {0x05C0, 0x05C0}, {0x05C3, 0x05C3}, {0x05C6, 0x05C6},
    {0x05F3, 0x05F4},   /* Hebrew punctuation */
    {0x0600, 0x060F}, {0x061B, 0x061F}, {0x066A, 0x066D}, {0x06D4, 0x06D4},
    {0x06DD, 0x06DE}, {0x06E9, 0x06E9},   /* Arabic signs and punctuation */
    {0x0700, 0x070F},   /* Syriac punctuation */
    {0x0964, 0x0965}, {0x0970, 0x0970},   /* Devanagari danda */
    {0x0E3F, 0x0E3F}, {0x0E4F, 0x0E4F}, {0x0E5A, 0x0E5B},   /* Thai */
    {0x10FB, 0x10FB}, {0x1360, 0x1368}, {0x166D, 0x166E}, {0x1680, 0x1680},
    {0x169B, 0x169C}, {0x16EB, 0x16ED}, {0x1735, 0x1736}, {0x17D4, 0x17D6},
    {0x17D8, 0x17DB}, {0x1800, 0x180A}, {0x180E, 0x180E},
    {0x1FBD, 0x1FBD}, {0x1FBF, 0x1FC1}, {0x1FCD, 0x1FCF}, {0x1FDD, 0x1FDF},
    {0x1FED, 0x1FEF}, {0x1FFD, 0x1FFE},   /* spacing Greek accents */
    /* General punctuation (spaces, dashes, quotes, bullets), super- and
     * subscripts, currency, letterlike symbols, number forms, arrows,
     * mathematical operators, technical symbols, enclosed alphanumerics,
     * box drawing, shapes (▪), dingbats and Braille. */
    {0x2000, 0x2BFF},
    {0x2CF9, 0x2CFF},   /* Coptic punctuation */
    {0x2E00, 0x2FFF},   /* supplemental punctuation, CJK radicals */
    {0x3000, 0x3004}, {0x3008, 0x3020}, {0x3030, 0x3030}, {0x303D, 0x303F},
    {0x309B, 0x309C}, {0x30A0, 0x30A0}, {0x30FB, 0x30FB},   /* CJK punctuation */
    {0x3190, 0x319F}, {0x31C0, 0x31EF}, {0x3200, 0x33FF},   /* CJK symbols */
    {0x4DC0, 0x4DFF},   /* Yijing hexagrams */
    {0xA490, 0xA4CF}, {0xA4FE, 0xA4FF}, {0xA60D, 0xA60F},
    {0xA700, 0xA721}, {0xA789, 0xA78A},   /* modifier tone letters */
    {0xD800, 0xF8FF},   /* surrogates and private use */
    {0xFB29, 0xFB29}, {0xFD3E, 0xFD3F}, {0xFDFC, 0xFDFF},
    {0xFE00, 0xFE1F},   /* variation selectors, vertical forms */
    {0xFE30, 0xFE6F},   /* CJK compatibility and small form variants */
    {0xFEFF, 0xFEFF},   /* byte order mark */
    {0xFF01, 0xFF0F}, {0xFF1A, 0xFF20}, {0xFF3B, 0xFF40}, {0xFF5B, 0xFF65},
    {0xFFE0, 0xFFFF},   /* full-width symbols, specials, U+FFFD */
    {0x10100, 0x1013F},  /* Aegean numbers */
    {0x1D000, 0x1D24F},  /* musical symbols */
    {0x1D300, 0x1D35F},  /* Tai Xuan Jing symbols */
    {0x1F000, 0x1FBFF},  /* game symbols, emoji, pictographs */
    {0xE0000, 0xE0FFF},  /* tags, variation selectors supplement */
    {0xF0000, 0x10FFFF}, /* supplementary private use */
};

static int in_non_word(uint32_t cp)
{
    size_t lo = 0, hi = sizeof non_word / sizeof non_word[0];

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cp < non_word[mid].lo)
            hi = mid;
        else if (cp > non_word[mid].hi)
            lo = mid + 1;
        else
            return 1;
    }
    return 0;
}

int ana_is_word_char(uint32_t cp)
{
    if (cp < 0x80)
        return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') ||
               (cp >= 'A' && cp <= 'Z');
    if (cp < 0xC0)                     /* controls and Latin-1 symbols */
        return cp == 0xAA || cp == 0xB5 || cp == 0xBA;   /* ª µ º */
    if (cp < 0x0250)
        return cp != 0xD7 && cp != 0xF7;                 /* × ÷ */
    if (cp > 0x10FFFF)
        return 0;
    return !in_non_word(cp);
}

int ana_unicode_tables_sorted(void)
{
    size_t nb = sizeof latin_ext_b / sizeof latin_ext_b[0];
    size_t nw = sizeof non_word / sizeof non_word[0];

    for (size_t i = 1; i < nb; i++)
        if (latin_ext_b[i - 1].up >= latin_ext_b[i].up)
            return 0;
    for (size_t i = 0; i < nw; i++) {
        if (non_word[i].lo > non_word[i].hi)
            return 0;
        if (i > 0 && non_word[i - 1].hi >= non_word[i].lo)
            return 0;
    }
    return 1;
}
