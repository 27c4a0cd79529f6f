/* office.c - Word (DOCX) and OpenDocument (ODT) files: a minimal ZIP
 * reader and the XML of the one part that holds the text.
 *
 * The ZIP reader trusts nothing it reads: the end-of-central-directory
 * record is found by searching back from the end, every offset and size
 * is checked against the archive before use, the central directory's
 * sizes decide (local headers may defer them to a data descriptor), and
 * a member is inflated into exactly the size it declares, at most
 * IDX_MAX_FILE_BYTES, and checked against its CRC-32.  A member that
 * claims more is refused before anything is allocated; one that inflates
 * past its claim is stopped one byte later.  ZIP64, split and encrypted
 * archives are refused with a reason; stored and deflate are the only
 * methods (all that Word and LibreOffice write).
 *
 * The XML is read in one forward pass without a tree: a depth counter
 * and a few flags are all the state, so nesting costs nothing.  DOCX
 * keeps only run text (w:t), tabs and breaks, and ends a paragraph at
 * each w:p; ODT keeps all text inside office:body, with text:p and text:h
 * as paragraphs.  Deleted or moved-away revisions, comments and the
 * fallback copies of text boxes are left out.
 */
#include "formats.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

#define SIG_LOCAL 0x04034b50u
#define SIG_CENTRAL 0x02014b50u
#define SIG_END 0x06054b50u
#define SIG_END64_LOCATOR 0x07064b50u

#define END_SIZE 22      /* the end-of-central-directory record */
#define CENTRAL_SIZE 46  /* a central directory entry before its name */
#define LOCAL_SIZE 30    /* a local header before its name */

#define FLAG_ENCRYPTED 0x0001u
#define FLAG_STRONG 0x0040u
#define METHOD_STORED 0
#define METHOD_DEFLATE 8
#define METHOD_AES 99

static uint32_t rd16(const unsigned char *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8; }

static uint32_t rd32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* The end-of-central-directory record: the last signature whose comment
 * fits in the file (the comment is at most 64 kB). */
static int find_end(const unsigned char *z, size_t len, size_t *at)
{
    if (len < END_SIZE)
        return -1;
    size_t last = len - END_SIZE;
    size_t lo = last > 0xFFFF ? last - 0xFFFF : 0;
    for (size_t i = last + 1; i-- > lo;)
        if (rd32(z + i) == SIG_END && rd16(z + i + 20) <= last - i) {
            *at = i;
            return 0;
        }
    return -1;
}

/* Inflates the raw deflate data IN (CLEN bytes) into OUT, which must come
 * out exactly ULEN bytes. */
static int inflate_member(const unsigned char *in, size_t clen, char *out, size_t ulen,
                          const char *name, char *reason)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit2(&z, -15) != Z_OK) {
        snprintf(reason, IDX_REASON, "out of memory");
        return -1;
    }
    z.next_in = (Bytef *)in;
    z.avail_in = (uInt)clen;
    z.next_out = (Bytef *)out;
    z.avail_out = (uInt)ulen;
    unsigned char extra; /* one byte past the declared size shows a liar */
    int over = 0, rc;
    const char *bad = NULL;
    for (;;) {
        rc = inflate(&z, Z_NO_FLUSH);
        if (rc == Z_STREAM_END)
            break;
        if (rc != Z_OK && rc != Z_BUF_ERROR) {
            bad = z.msg ? z.msg : "invalid deflate data";
            break;
        }
        if (z.avail_out == 0) {
            if (over) {
                bad = "inflates past its recorded size";
                break;
            }
            z.next_out = &extra;
            z.avail_out = 1;
            over = 1;
            continue;
        }
        if (z.avail_in == 0) {
            bad = "truncated data";
            break;
        }
        if (rc == Z_BUF_ERROR) {
            bad = "invalid deflate data"; /* no progress, and not for want of room */
            break;
        }
    }
    if (!bad && over && z.avail_out == 0)
        bad = "inflates past its recorded size";
    if (!bad && !over && z.avail_out != 0)
        bad = "inflates short of its recorded size";
    inflateEnd(&z);
    if (bad) {
        snprintf(reason, IDX_REASON, "damaged ZIP archive (%.64s: %s)", name, bad);
        return -1;
    }
    return 0;
}

int idx_zip_member(const char *in, size_t len, const char *name, char **out, size_t *out_len,
                   char *reason)
{
    const unsigned char *z = (const unsigned char *)in;
    size_t end;
    if (find_end(z, len, &end) < 0) {
        if (len >= 8 && memcmp(in, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0)
            snprintf(reason, IDX_REASON,
                     "not a ZIP archive (an encrypted document, or an old binary Office file)");
        else if (len >= 4 && rd32(z) == SIG_LOCAL)
            snprintf(reason, IDX_REASON,
                     "damaged ZIP archive (no end of central directory: truncated?)");
        else
            snprintf(reason, IDX_REASON, "not a ZIP archive");
        return -1;
    }
    uint32_t disk = rd16(z + end + 4), cd_disk = rd16(z + end + 6);
    uint32_t here = rd16(z + end + 8), total = rd16(z + end + 10);
    uint32_t cd_size = rd32(z + end + 12), cd_off = rd32(z + end + 16);
    if ((end >= 20 && rd32(z + end - 20) == SIG_END64_LOCATOR) || total == 0xFFFF ||
        cd_size == 0xFFFFFFFFu || cd_off == 0xFFFFFFFFu) {
        snprintf(reason, IDX_REASON, "ZIP64 archive (not supported)");
        return -1;
    }
    if (disk != 0 || cd_disk != 0 || here != total) {
        snprintf(reason, IDX_REASON, "split (multi-disk) ZIP archive (not supported)");
        return -1;
    }
    if (cd_off > end || cd_size > end - cd_off) {
        snprintf(reason, IDX_REASON, "damaged ZIP archive (central directory out of bounds)");
        return -1;
    }

    /* The central directory entry of NAME. */
    size_t p = cd_off, cd_end = (size_t)cd_off + cd_size, nlen = strlen(name);
    int found = 0;
    for (uint32_t k = 0; k < total; k++) {
        if (cd_end - p < CENTRAL_SIZE || rd32(z + p) != SIG_CENTRAL) {
            snprintf(reason, IDX_REASON, "damaged ZIP archive (bad central directory entry)");
            return -1;
        }
        size_t fn = rd16(z + p + 28), ex = rd16(z + p + 30), cm = rd16(z + p + 32);
        if (cd_end - p - CENTRAL_SIZE < fn + ex + cm) {
            snprintf(reason, IDX_REASON, "damaged ZIP archive (bad central directory entry)");
            return -1;
        }
        if (fn == nlen && strncasecmp((const char *)z + p + CENTRAL_SIZE, name, nlen) == 0) {
            found = 1;
            break;
        }
        p += CENTRAL_SIZE + fn + ex + cm;
    }
    if (!found)
        return 1;
    uint32_t flags = rd16(z + p + 8), method = rd16(z + p + 10), crc = rd32(z + p + 16);
    uint32_t csize = rd32(z + p + 20), usize = rd32(z + p + 24), off = rd32(z + p + 42);
    if (csize == 0xFFFFFFFFu || usize == 0xFFFFFFFFu || off == 0xFFFFFFFFu ||
        rd16(z + p + 34) == 0xFFFF) {
        snprintf(reason, IDX_REASON, "ZIP64 archive (not supported)");
        return -1;
    }
    if ((flags & (FLAG_ENCRYPTED | FLAG_STRONG)) || method == METHOD_AES) {
        snprintf(reason, IDX_REASON, "encrypted document");
        return -1;
    }
    if (method != METHOD_STORED && method != METHOD_DEFLATE) {
        snprintf(reason, IDX_REASON, "unsupported ZIP compression method %u (%.64s)", (unsigned)method,
                 name);
        return -1;
    }
    if (usize > IDX_MAX_FILE_BYTES) {
        snprintf(reason, IDX_REASON, "inflates to more than %u MB (a compression bomb?)",
                 IDX_MAX_FILE_BYTES >> 20);
        return -1;
    }

    /* The local header, for where the data starts. */
    if (off > end || end - off < LOCAL_SIZE || rd32(z + off) != SIG_LOCAL) {
        snprintf(reason, IDX_REASON, "damaged ZIP archive (bad local header of %.64s)", name);
        return -1;
    }
    if (rd16(z + off + 6) & (FLAG_ENCRYPTED | FLAG_STRONG)) {
        snprintf(reason, IDX_REASON, "encrypted document");
        return -1;
    }
    size_t data = (size_t)off + LOCAL_SIZE + rd16(z + off + 26) + rd16(z + off + 28);
    if (data > end || csize > end - data) {
        snprintf(reason, IDX_REASON, "damaged ZIP archive (%.64s runs past the archive's end)", name);
        return -1;
    }
    if (method == METHOD_STORED && csize != usize) {
        snprintf(reason, IDX_REASON, "damaged ZIP archive (%.64s: stored sizes differ)", name);
        return -1;
    }
    char *buf = malloc((size_t)usize + 1);
    if (!buf) {
        snprintf(reason, IDX_REASON, "out of memory");
        return -1;
    }
    if (method == METHOD_STORED)
        memcpy(buf, z + data, usize);
    else if (inflate_member(z + data, csize, buf, usize, name, reason) < 0) {
        free(buf);
        return -1;
    }
    if ((uint32_t)crc32(0L, (const Bytef *)buf, (uInt)usize) != crc) {
        free(buf);
        snprintf(reason, IDX_REASON, "damaged ZIP archive (CRC mismatch in %.64s)", name);
        return -1;
    }
    buf[usize] = '\0';
    *out = buf;
    *out_len = usize;
    return 0;
}

/* ---- XML ---- */

typedef struct {
    idx_office_kind_t kind;
    size_t depth;     /* open elements */
    size_t skip;      /* depth of the element whose content is left out; 0 none */
    size_t body;      /* ODT: depth of office:body; 0 outside */
    int in_t;         /* DOCX: inside w:t */
    int in_tabs;      /* DOCX: inside w:tabs (tab stops, not tabs) */
    int rendered;     /* DOCX: page breaks from Word's w:lastRenderedPageBreak */
} xml_state_t;

static int name_is(const char *s, size_t n, const char *lit)
{
    return strlen(lit) == n && memcmp(s, lit, n) == 0;
}

static size_t find(const char *s, size_t n, size_t from, const char *lit)
{
    size_t k = strlen(lit);
    while (from < n && n - from >= k) {
        const char *c = memchr(s + from, lit[0], n - from - k + 1);
        if (!c)
            break;
        size_t i = (size_t)(c - s);
        if (memcmp(s + i, lit, k) == 0)
            return i;
        from = i + 1;
    }
    return n;
}

/* The value of attribute NAME among ATTRS (A bytes), or NULL; *vlen its
 * length (entities left as written). */
static const char *attr(const char *attrs, size_t a, const char *name, size_t *vlen)
{
    size_t k = strlen(name);
    for (size_t i = find(attrs, a, 0, name); i < a; i = find(attrs, a, i + 1, name)) {
        if (i == 0 || !(attrs[i - 1] == ' ' || attrs[i - 1] == '\t' || attrs[i - 1] == '\n' ||
                        attrs[i - 1] == '\r'))
            continue;
        size_t j = i + k;
        while (j < a && (attrs[j] == ' ' || attrs[j] == '\t' || attrs[j] == '\n' || attrs[j] == '\r'))
            j++;
        if (j >= a || attrs[j] != '=')
            continue;
        j++;
        while (j < a && (attrs[j] == ' ' || attrs[j] == '\t' || attrs[j] == '\n' || attrs[j] == '\r'))
            j++;
        if (j >= a || (attrs[j] != '"' && attrs[j] != '\''))
            continue;
        const char *q = memchr(attrs + j + 1, attrs[j], a - j - 1);
        if (!q)
            return NULL;
        *vlen = (size_t)(q - (attrs + j + 1));
        return attrs + j + 1;
    }
    return NULL;
}

static int collecting(const xml_state_t *st)
{
    if (st->skip)
        return 0;
    return st->kind == IDX_OFFICE_DOCX ? st->in_t : st->body != 0;
}

/* Character data: references decoded, white space collapsed. */
static void chars(idx_text_t *t, const char *s, size_t n, int decode)
{
    size_t i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (c == '&' && decode) {
            uint32_t cp;
            size_t k = idx_entity(s + i, n - i, 0, &cp);
            if (k == 0) {
                idx_text_put(t, "&", 1);
                i++;
            } else {
                idx_text_char(t, cp);
                i += k;
            }
            continue;
        }
        if (c <= 0x20 || c == 0x7F) {
            idx_text_space(t);
            i++;
            continue;
        }
        size_t j = i + 1;
        while (j < n && (unsigned char)s[j] > 0x20 && s[j] != 0x7F && !(s[j] == '&' && decode))
            j++;
        idx_text_put(t, s + i, j - i);
        i = j;
    }
}

static void start_docx(xml_state_t *st, idx_text_t *t, const char *nm, size_t n, const char *attrs,
                       size_t a)
{
    if (name_is(nm, n, "mc:Fallback") || name_is(nm, n, "w:moveFrom")) {
        if (!st->skip)
            st->skip = st->depth;
        return;
    }
    if (name_is(nm, n, "w:tabs")) {
        st->in_tabs = 1;
        return;
    }
    if (name_is(nm, n, "w:t")) {
        st->in_t = 1;
        return;
    }
    if (st->skip)
        return;
    if (name_is(nm, n, "w:p")) {
        idx_text_break(t, 2); /* a text box's paragraphs inside a paragraph */
    } else if (name_is(nm, n, "w:tab") && !st->in_tabs) {
        idx_text_tab(t);
    } else if (name_is(nm, n, "w:br")) {
        size_t vlen = 0;
        const char *type = attr(attrs, a, "w:type", &vlen);
        if (type && vlen == 4 && memcmp(type, "page", 4) == 0) {
            /* Word also records where it broke the page when saving;
             * an explicit break then comes with one of those. */
            if (!st->rendered)
                idx_text_page(t);
        } else {
            idx_text_break(t, 1);
        }
    } else if (name_is(nm, n, "w:cr")) {
        idx_text_break(t, 1);
    } else if (name_is(nm, n, "w:lastRenderedPageBreak")) {
        if (st->rendered)
            idx_text_page(t);
    } else if (name_is(nm, n, "w:noBreakHyphen")) {
        idx_text_put(t, "-", 1);
    }
}

static void end_docx(xml_state_t *st, idx_text_t *t, const char *nm, size_t n)
{
    if (name_is(nm, n, "w:t"))
        st->in_t = 0;
    else if (name_is(nm, n, "w:tabs"))
        st->in_tabs = 0;
    else if (name_is(nm, n, "w:p") && !st->skip)
        idx_text_break(t, 2);
}

static void start_odt(xml_state_t *st, idx_text_t *t, const char *nm, size_t n)
{
    if (name_is(nm, n, "office:body")) {
        if (!st->body)
            st->body = st->depth;
        return;
    }
    if (!st->body || st->skip)
        return;
    if (name_is(nm, n, "text:tracked-changes") || name_is(nm, n, "office:annotation")) {
        st->skip = st->depth;
    } else if (name_is(nm, n, "text:p") || name_is(nm, n, "text:h")) {
        idx_text_break(t, 2);
    } else if (name_is(nm, n, "text:s")) {
        idx_text_space(t); /* text:c="N" spaces: one, white space collapses */
    } else if (name_is(nm, n, "text:tab")) {
        idx_text_tab(t);
    } else if (name_is(nm, n, "text:line-break")) {
        idx_text_break(t, 1);
    } else if (name_is(nm, n, "text:soft-page-break")) {
        idx_text_page(t);
    }
}

static void end_odt(xml_state_t *st, idx_text_t *t, const char *nm, size_t n)
{
    if (st->body && !st->skip && (name_is(nm, n, "text:p") || name_is(nm, n, "text:h")))
        idx_text_break(t, 2);
}

static void on_start(xml_state_t *st, idx_text_t *t, const char *nm, size_t n, const char *attrs,
                     size_t a)
{
    st->depth++;
    if (st->kind == IDX_OFFICE_DOCX)
        start_docx(st, t, nm, n, attrs, a);
    else
        start_odt(st, t, nm, n);
}

static void on_end(xml_state_t *st, idx_text_t *t, const char *nm, size_t n)
{
    if (st->depth == 0)
        return; /* an end tag that closes nothing */
    if (st->kind == IDX_OFFICE_DOCX)
        end_docx(st, t, nm, n);
    else
        end_odt(st, t, nm, n);
    /* Leaving the skipped element or the body (or, in a malformed file,
     * something that enclosed it). */
    if (st->skip && st->depth <= st->skip)
        st->skip = 0;
    if (st->body && st->depth <= st->body)
        st->body = 0;
    st->depth--;
}

static void xml_text(idx_text_t *t, const char *s, size_t n, xml_state_t *st)
{
    size_t i = 0;
    while (i < n) {
        const char *lt = memchr(s + i, '<', n - i);
        size_t at = lt ? (size_t)(lt - s) : n;
        if (collecting(st))
            chars(t, s + i, at - i, 1);
        if (at >= n)
            break;
        i = at;
        size_t rest = n - i;
        if (rest >= 4 && memcmp(s + i, "<!--", 4) == 0) {
            size_t e = find(s, n, i + 4, "-->");
            i = e >= n ? n : e + 3;
        } else if (rest >= 9 && memcmp(s + i, "<![CDATA[", 9) == 0) {
            size_t e = find(s, n, i + 9, "]]>");
            if (collecting(st))
                chars(t, s + i + 9, (e >= n ? n : e) - (i + 9), 0);
            i = e >= n ? n : e + 3;
        } else if (rest >= 2 && s[i + 1] == '?') {
            size_t e = find(s, n, i + 2, "?>");
            i = e >= n ? n : e + 2;
        } else if (rest >= 2 && s[i + 1] == '!') {
            /* A doctype, with an internal subset perhaps ("[...]"). */
            size_t gt = find(s, n, i, ">"), br = find(s, n, i, "[");
            if (br < gt)
                gt = find(s, n, find(s, n, br, "]"), ">");
            i = gt >= n ? n : gt + 1;
        } else {
            int end_tag = rest >= 2 && s[i + 1] == '/';
            size_t ns = i + 1 + (size_t)end_tag, ne = ns;
            while (ne < n && s[ne] != ' ' && s[ne] != '\t' && s[ne] != '\n' && s[ne] != '\r' &&
                   s[ne] != '/' && s[ne] != '>')
                ne++;
            size_t e = idx_tag_end(s, n, ne);
            if (e >= n)
                break; /* a truncated tag: the text ends here */
            int self_closing = e > ne && s[e - 1] == '/';
            if (ne > ns) {
                if (end_tag) {
                    on_end(st, t, s + ns, ne - ns);
                } else {
                    on_start(st, t, s + ns, ne - ns, s + ne, e - ne);
                    if (self_closing)
                        on_end(st, t, s + ns, ne - ns);
                }
            }
            i = e + 1;
        }
    }
}

int idx_office_to_text(const char *in, size_t len, idx_office_kind_t kind, char **out,
                       size_t *out_len, char *reason)
{
    const char *part = kind == IDX_OFFICE_DOCX ? "word/document.xml" : "content.xml";
    char *xml = NULL;
    size_t n = 0;
    int rc = idx_zip_member(in, len, part, &xml, &n, reason);
    if (rc > 0)
        snprintf(reason, IDX_REASON, "no %s (not a%s?)", part,
                 kind == IDX_OFFICE_DOCX ? " DOCX" : "n ODT");
    if (rc != 0)
        return -1;
    /* The XML is UTF-8 (or UTF-16, by its mark); bytes that are not
     * valid UTF-8 become U+FFFD rather than get through. */
    idx_encoding_t enc = idx_detect_encoding(xml, n);
    if (enc == IDX_ENC_BINARY) {
        free(xml);
        snprintf(reason, IDX_REASON, "damaged document (NUL bytes in %s)", part);
        return -1;
    }
    if (enc != IDX_ENC_UTF16LE && enc != IDX_ENC_UTF16BE)
        enc = IDX_ENC_UTF8;
    if (enc != IDX_ENC_UTF8 || ana_utf8_check(xml, n) != n ||
        (n >= 3 && memcmp(xml, "\xEF\xBB\xBF", 3) == 0)) {
        char *u8;
        size_t un;
        if (idx_to_utf8(xml, n, enc, &u8, &un) < 0) {
            free(xml);
            snprintf(reason, IDX_REASON, "out of memory");
            return -1;
        }
        free(xml);
        xml = u8;
        n = un;
    }
    idx_text_t t;
    if (idx_text_init(&t, 2 * n + 64) < 0) {
        free(xml);
        snprintf(reason, IDX_REASON, "out of memory");
        return -1;
    }
    xml_state_t st;
    memset(&st, 0, sizeof st);
    st.kind = kind;
    st.rendered = kind == IDX_OFFICE_DOCX && find(xml, n, 0, "<w:lastRenderedPageBreak") < n;
    xml_text(&t, xml, n, &st);
    free(xml);
    return idx_text_finish(&t, out, out_len, reason);
}
