/* test_fmt.c - HTML, DOCX and ODT into text (indexer/html.c,
 * indexer/office.c): entities, dropped content, block structure,
 * malformed and truncated markup, encodings; and the ZIP reader against
 * archives built here (stored and deflated members, a CRC mismatch, a
 * truncated archive, compression bombs, encryption, ZIP64, a missing
 * part). */
#include "../../indexer/formats.h"
#include "tap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

/* ---- helpers ---- */

static char reason[IDX_REASON];

/* HTML IN (LEN bytes) as text, or NULL (REASON set). */
static char *html_n(const char *in, size_t len)
{
    char *out = NULL;
    size_t n = 0;
    reason[0] = '\0';
    if (idx_html_to_text(in, len, &out, &n, reason) != 0)
        return NULL;
    if (strlen(out) != n || ana_utf8_check(out, n) != n) {
        free(out);
        return NULL;
    }
    return out;
}

static char *html(const char *in) { return html_n(in, strlen(in)); }

#define CHECK_HTML(in, want)                                                   \
    do {                                                                       \
        char *got_ = html(in);                                                 \
        CHECK_STR(got_, want);                                                 \
        free(got_);                                                            \
    } while (0)

/* A growing byte buffer. */
typedef struct {
    unsigned char *b;
    size_t n, cap;
} buf_t;

static void put(buf_t *b, const void *p, size_t n)
{
    if (n == 0)
        return;
    if (b->n + n > b->cap) {
        b->cap = (b->n + n) * 2 + 256;
        b->b = realloc(b->b, b->cap);
    }
    memcpy(b->b + b->n, p, n);
    b->n += n;
}

static void put16(buf_t *b, uint32_t v)
{
    unsigned char c[2] = { (unsigned char)v, (unsigned char)(v >> 8) };
    put(b, c, 2);
}

static void put32(buf_t *b, uint32_t v)
{
    unsigned char c[4] = { (unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
                           (unsigned char)(v >> 24) };
    put(b, c, 4);
}

/* A small ZIP writer: members are added one by one (stored, or deflated
 * with deflateInit2(-15)), then the central directory and its end record.
 * Each member may lie about itself, for the reader's tests. */
typedef struct {
    int method;              /* 0 stored, 8 deflate; another number is written as is */
    uint32_t flags;          /* general purpose flags (bit 0: encrypted) */
    int bad_crc;             /* record a wrong CRC-32 */
    int64_t claim;           /* recorded inflated size, if >= 0 (a liar) */
    int zip64_size;          /* record 0xFFFFFFFF sizes (ZIP64) */
} zopt_t;

#define ZMAX 8
typedef struct {
    buf_t out;
    struct {
        char name[64];
        uint32_t crc, csize, usize, off, method, flags;
    } e[ZMAX];
    int n;
} zip_t;

/* Adds a member whose data is compressed already (CDATA, CLEN bytes). */
static void zip_add_raw(zip_t *z, const char *name, const void *cdata, size_t clen, uint32_t crc,
                        uint32_t usize, const zopt_t *o)
{
    int k = z->n++;
    snprintf(z->e[k].name, sizeof z->e[k].name, "%s", name);
    z->e[k].crc = o->bad_crc ? crc ^ 0x5A5A5A5Au : crc;
    z->e[k].csize = o->zip64_size ? 0xFFFFFFFFu : (uint32_t)clen;
    z->e[k].usize = o->zip64_size ? 0xFFFFFFFFu : o->claim >= 0 ? (uint32_t)o->claim : usize;
    z->e[k].off = (uint32_t)z->out.n;
    z->e[k].method = (uint32_t)o->method;
    z->e[k].flags = o->flags;
    buf_t *b = &z->out;
    put32(b, 0x04034b50u);
    put16(b, 20);
    put16(b, o->flags);
    put16(b, (uint32_t)o->method);
    put16(b, 0);
    put16(b, 0x21);
    put32(b, z->e[k].crc);
    put32(b, z->e[k].csize);
    put32(b, z->e[k].usize);
    put16(b, (uint32_t)strlen(name));
    put16(b, 0);
    put(b, name, strlen(name));
    put(b, cdata, clen);
}

static unsigned char *deflate_raw(const void *data, size_t len, size_t *clen)
{
    z_stream s;
    memset(&s, 0, sizeof s);
    deflateInit2(&s, 9, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
    size_t cap = deflateBound(&s, (uLong)len) + 16;
    unsigned char *out = malloc(cap);
    s.next_in = (Bytef *)data;
    s.avail_in = (uInt)len;
    s.next_out = out;
    s.avail_out = (uInt)cap;
    deflate(&s, Z_FINISH);
    *clen = cap - s.avail_out;
    deflateEnd(&s);
    return out;
}

static void zip_add(zip_t *z, const char *name, const char *data, const zopt_t *o)
{
    size_t len = strlen(data);
    uint32_t crc = (uint32_t)crc32(0L, (const Bytef *)data, (uInt)len);
    if (o->method == 8) {
        size_t clen;
        unsigned char *c = deflate_raw(data, len, &clen);
        zip_add_raw(z, name, c, clen, crc, (uint32_t)len, o);
        free(c);
    } else {
        zip_add_raw(z, name, data, len, crc, (uint32_t)len, o);
    }
}

static const zopt_t STORED = { 0, 0, 0, -1, 0 };
static const zopt_t DEFLATED = { 8, 0, 0, -1, 0 };

typedef struct {
    int zip64_locator;       /* a ZIP64 end locator before the end record */
    int disk;                /* this disk's number */
    int64_t cd_off;          /* recorded central directory offset, if >= 0 */
} zend_t;

/* Writes the central directory and end record; returns the archive (the
 * caller frees it) and its length. */
static char *zip_finish(zip_t *z, const zend_t *o, size_t *len)
{
    buf_t *b = &z->out;
    uint32_t cd_off = (uint32_t)b->n;
    for (int k = 0; k < z->n; k++) {
        put32(b, 0x02014b50u);
        put16(b, 20);
        put16(b, 20);
        put16(b, z->e[k].flags);
        put16(b, z->e[k].method);
        put16(b, 0);
        put16(b, 0x21);
        put32(b, z->e[k].crc);
        put32(b, z->e[k].csize);
        put32(b, z->e[k].usize);
        put16(b, (uint32_t)strlen(z->e[k].name));
        put16(b, 0);
        put16(b, 0);
        put16(b, 0);
        put16(b, 0);
        put32(b, 0);
        put32(b, z->e[k].off);
        put(b, z->e[k].name, strlen(z->e[k].name));
    }
    uint32_t cd_size = (uint32_t)b->n - cd_off;
    if (o && o->zip64_locator) {
        put32(b, 0x07064b50u);
        put32(b, 0);
        put32(b, 0);
        put32(b, 0);
        put32(b, 1);
    }
    put32(b, 0x06054b50u);
    put16(b, o ? (uint32_t)o->disk : 0);
    put16(b, o ? (uint32_t)o->disk : 0);
    put16(b, (uint32_t)z->n);
    put16(b, (uint32_t)z->n);
    put32(b, cd_size);
    put32(b, o && o->cd_off >= 0 ? (uint32_t)o->cd_off : cd_off);
    put16(b, 0);
    *len = b->n;
    return (char *)b->b;
}

static const char DOCX_TYPES[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>";

/* A DOCX of BODY (the inside of w:body) with its document stored or
 * deflated per O. */
static char *docx(const char *body, const zopt_t *o, size_t *len)
{
    size_t cap = strlen(body) + 512;
    char *xml = malloc(cap);
    snprintf(xml, cap,
             "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
             "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
             "<w:body>%s</w:body></w:document>",
             body);
    zip_t z;
    memset(&z, 0, sizeof z);
    zip_add(&z, "[Content_Types].xml", DOCX_TYPES, &DEFLATED);
    zip_add(&z, "word/document.xml", xml, o);
    free(xml);
    return zip_finish(&z, NULL, len);
}

static char *odt(const char *body, const zopt_t *o, size_t *len)
{
    size_t cap = strlen(body) + 1024;
    char *xml = malloc(cap);
    snprintf(xml, cap,
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
             "<office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
             "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\">\n"
             "  <office:automatic-styles><style:style style:name=\"P1\">Stil</style:style>"
             "</office:automatic-styles>\n"
             "  <office:body>\n    <office:text>\n%s\n    </office:text>\n  </office:body>\n"
             "</office:document-content>\n",
             body);
    zip_t z;
    memset(&z, 0, sizeof z);
    zip_add(&z, "mimetype", "application/vnd.oasis.opendocument.text", &STORED);
    zip_add(&z, "content.xml", xml, o);
    free(xml);
    return zip_finish(&z, NULL, len);
}

/* The text of the office document IN, or NULL (REASON set). */
static char *office(const char *in, size_t len, idx_office_kind_t kind)
{
    char *out = NULL;
    size_t n = 0;
    reason[0] = '\0';
    if (idx_office_to_text(in, len, kind, &out, &n, reason) != 0)
        return NULL;
    if (strlen(out) != n || ana_utf8_check(out, n) != n) {
        free(out);
        return NULL;
    }
    return out;
}

#define CHECK_DOCX(body, want)                                                 \
    do {                                                                       \
        size_t zl_;                                                            \
        char *z_ = docx(body, &DEFLATED, &zl_);                                \
        char *got_ = office(z_, zl_, IDX_OFFICE_DOCX);                         \
        CHECK_STR(got_, want);                                                 \
        free(got_);                                                            \
        free(z_);                                                              \
    } while (0)

#define CHECK_ODT(body, want)                                                  \
    do {                                                                       \
        size_t zl_;                                                            \
        char *z_ = odt(body, &DEFLATED, &zl_);                                 \
        char *got_ = office(z_, zl_, IDX_OFFICE_ODT);                          \
        CHECK_STR(got_, want);                                                 \
        free(got_);                                                            \
        free(z_);                                                              \
    } while (0)

/* The conversion fails with a reason containing WANT. */
#define CHECK_FAILS(expr, want)                                                \
    do {                                                                       \
        char *got_ = (expr);                                                   \
        CHECK(got_ == NULL);                                                   \
        free(got_);                                                            \
        if (!strstr(reason, want)) {                                           \
            tap_case_failed = 1;                                               \
            printf("#   %s:%d: reason \"%s\", want \"%s\"\n", __FILE__,        \
                   __LINE__, reason, want);                                    \
        }                                                                      \
    } while (0)

/* ---- HTML: entities ---- */

TEST(html_named_entities)
{
    CHECK_HTML("m&oslash;te &aring;r &AElig;&Oslash;&Aring; &aelig; &auml;&ouml;&uuml; &eacute;",
               "møte år ÆØÅ æ äöü é\n");
    CHECK_HTML("&amp;&lt;&gt;&quot;&apos;", "&<>\"'\n");
    CHECK_HTML("a &ndash; b &mdash; c&hellip; &laquo;d&raquo; 5&euro; &sect;3",
               "a – b — c… «d» 5€ §3\n");
    CHECK_HTML("be&shy;hand&shy;ling", "behandling\n");
    CHECK_HTML("Sak&nbsp;12/2024 &nbsp; &nbsp;Budsjett", "Sak 12/2024 Budsjett\n");
}

TEST(html_numeric_references)
{
    CHECK_HTML("m&#248;te m&#xF8;te m&#XF8;te", "møte møte møte\n");
    CHECK_HTML("&#x1F600;", "\xF0\x9F\x98\x80\n");
    CHECK_HTML("a&#0;b &#xD800; &#1114112; &#99999999999999999999;",
               "a\xEF\xBF\xBD" "b \xEF\xBF\xBD \xEF\xBF\xBD \xEF\xBF\xBD\n");
    CHECK_HTML("&#150; &#128;", "– €\n"); /* as browsers read them: Windows-1252 */
    CHECK_HTML("&#1;x", "\xEF\xBF\xBDx\n");
    CHECK_HTML("a&#10;&#9;b", "a b\n");     /* white space collapses */
    CHECK_HTML("&#248", "ø\n");              /* no semicolon, at the end */
}

TEST(html_unknown_entities_stay)
{
    CHECK_HTML("&foo; AT&T &amp &#; &#x; & ;", "&foo; AT&T &amp &#; &#x; & ;\n");
    CHECK_HTML("&verylongentityname;", "&verylongentityname;\n");
    CHECK_HTML("&lt;p&gt;not a tag&lt;/p&gt;", "<p>not a tag</p>\n");
}

/* ---- HTML: what is dropped ---- */

TEST(html_script_and_style_dropped)
{
    CHECK_HTML("<p>a</p><script>var x = '<p>no</p>'; if (a<b) {}</script><style>p { x: 1 }</style><p>b</p>",
               "a\n\nb\n");
    CHECK_HTML("<SCRIPT type=\"text/javascript\">x</SCRIPT >ja<Style>y</sTyle>", "ja\n");
    CHECK_HTML("a<script>document.write('</scripts>')</script>b", "ab\n");
    CHECK_HTML("<p>a</p><script>never closed", "a\n");
    CHECK_HTML("<script src=\"x.js\"/><p>synlig</p>", "synlig\n");
}

TEST(html_head_title_first_line)
{
    CHECK_HTML("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Referat fra møte i "
               "Fagrådet</title><link rel=stylesheet href=s.css><style>h1{}</style></head>"
               "<body><h1>Sak 3/2024</h1><p>Tekst</p></body></html>",
               "Referat fra møte i Fagrådet\n\nSak 3/2024\n\nTekst\n");
    CHECK_HTML("<title>Tittel<p>Tekst", "Tittel\n\nTekst\n"); /* unclosed title */
    CHECK_HTML("<title>A &amp; B <b>x</b></title>y", "A & B <b>x</b>\n\ny\n");
}

TEST(html_comments_cdata_doctype_dropped)
{
    CHECK_HTML("<!DOCTYPE html PUBLIC \"-//W3C//DTD HTML 4.01//EN\"><!-- skjult --><p>x<!-- "
               "<p>ikke</p> -->y</p><![CDATA[z]]><?php echo 1 ?>",
               "xy\n");
    CHECK_HTML("a<!-->b<!--->c", "abc\n");
    CHECK_HTML("a</ foo>b</>c", "abc\n");
}

/* ---- HTML: structure ---- */

TEST(html_blocks_become_breaks)
{
    CHECK_HTML("<p>Sak 12/2024 Budsjett</p><p>Styret vedtok budsjettet.</p>",
               "Sak 12/2024 Budsjett\n\nStyret vedtok budsjettet.\n");
    CHECK_HTML("a<br>b<br/>c<BR />d", "a\nb\nc\nd\n");
    CHECK_HTML("<ul><li>en</li><li>to</li></ul><p>etter</p>", "en\nto\n\netter\n");
    CHECK_HTML("<div>a</div><div>b</div>c", "a\nb\nc\n");
    CHECK_HTML("<h2>Vedtak</h2>Tekst<hr>Mer", "Vedtak\n\nTekst\n\nMer\n");
    CHECK_HTML("<table><tr><td>Sak 4/2024</td><td>Økonomi</td></tr><tr><th>b</th></tr></table>x",
               "Sak 4/2024\tØkonomi\nb\n\nx\n");
    CHECK_HTML("<section><article><p><p><p>dypt</p></p></p></article></section>", "dypt\n");
    CHECK_HTML("<P>a</P><BR>b", "a\n\nb\n");
}

TEST(html_inline_elements_join)
{
    CHECK_HTML("<b>Sak</b> <i>12</i>/2024 be<span class=\"x\">hand</span>ling <a href=\"#\">lenke</a>",
               "Sak 12/2024 behandling lenke\n");
}

TEST(html_whitespace_collapses)
{
    CHECK_HTML("  a \n\t b  \r\n c  ", "a b c\n");
    CHECK_HTML("<p>  a  </p>  <p>  b  </p>", "a\n\nb\n");
    CHECK_HTML("a\xC2\xA0\xC2\xA0 b", "a b\n");
    CHECK_HTML("", "");
    CHECK_HTML("<p> </p><br><div>&nbsp;</div>", "");
}

TEST(html_pre_keeps_lines)
{
    CHECK_HTML("<pre>linje en\n   linje  to\n\nlinje tre</pre>etter",
               "linje en\nlinje to\nlinje tre\n\netter\n");
    CHECK_HTML("a\nb<pre>c\nd", "a b\n\nc\nd\n"); /* unclosed pre */
}

/* ---- HTML: malformed and truncated ---- */

TEST(html_malformed_yields_text)
{
    CHECK_HTML("<p>a<div>b<p>c", "a\nb\n\nc\n");
    CHECK_HTML("3 < 5 og 5 > 3, <3, a<-b, a <= b", "3 < 5 og 5 > 3, <3, a<-b, a <= b\n");
    CHECK_HTML("<a title=\"a>b\">lenke</a> x", "lenke x\n");
    CHECK_HTML("<a href=\"x>tekst</a> mer", "tekst mer\n"); /* unbalanced quote */
    CHECK_HTML("</p></div></li>tekst</b></span>", "tekst\n");
    CHECK_HTML("<p>a</p></p></p></pre></pre><p>b", "a\n\nb\n");
}

TEST(html_truncated_yields_text)
{
    CHECK_HTML("<p>Sak 1</p><p>tekst <b", "Sak 1\n\ntekst\n");
    CHECK_HTML("<p>abc &osl", "abc &osl\n");
    CHECK_HTML("<p>abc <!-- uferdig", "abc\n");
    CHECK_HTML("<p>x</p><a href=\"foo", "x\n");
    CHECK_HTML("abc<", "abc<\n");
    CHECK_HTML("abc</", "abc\n");
    CHECK_HTML("abc<![CDATA[x", "abc\n");
    CHECK_HTML("møte\xC3", "møte\xEF\xBF\xBD\n"); /* cut inside a character: still UTF-8 */
}

TEST(html_deep_nesting_is_flat)
{
    size_t n = 200000;
    const char *open = "<div><span><b>", *close = "</b></span></div>";
    size_t cap = n * (strlen(open) + strlen(close)) + 16;
    char *s = malloc(cap), *p = s;
    for (size_t i = 0; i < n; i++)
        p += sprintf(p, "%s", open);
    p += sprintf(p, "dypt");
    for (size_t i = 0; i < n; i++)
        p += sprintf(p, "%s", close);
    CHECK_HTML(s, "dypt\n");
    free(s);
}

TEST(html_many_unclosed_titles_stay_linear)
{
    size_t n = 100000;
    char *s = malloc(n * 9 + 1), *p = s;
    for (size_t i = 0; i < n; i++)
        p += sprintf(p, "<title>x");
    clock_t t0 = clock();
    char *out = html(s);
    CHECK(out != NULL);
    CHECK(out && strncmp(out, "x\n\nx\n\n", 6) == 0);
    CHECK((double)(clock() - t0) / CLOCKS_PER_SEC < 5.0);
    free(out);
    free(s);
}

/* Pseudo-random markup: output stays UTF-8 without NULs, and within twice
 * the input plus a little. */
TEST(html_random_input_is_bounded)
{
    static const char alpha[] = "<>/!-&#;x\"'= \n\tpabrtdliscript\xC3\xB8\xE6\xF8\xC2\xA0";
    uint32_t r = 2463534242u;
    int ok = 1;
    for (int round = 0; round < 300; round++) {
        size_t len = (size_t)(r % 3000);
        char *s = malloc(len + 1);
        for (size_t i = 0; i < len; i++) {
            r ^= r << 13;
            r ^= r >> 17;
            r ^= r << 5;
            s[i] = alpha[r % (sizeof alpha - 1)];
        }
        s[len] = '\0';
        char *out = NULL;
        size_t n = 0;
        if (idx_html_to_text(s, len, &out, &n, reason) != 0 || n > 2 * len + 64 ||
            memchr(out, '\0', n) || ana_utf8_check(out, n) != n)
            ok = 0;
        free(out);
        free(s);
    }
    CHECK(ok);
}

/* ---- HTML: encodings ---- */

TEST(html_cp1252_by_meta_charset)
{
    CHECK_HTML("<html><head><meta charset=\"windows-1252\"></head><p>M\xF8te i R\xE5" "det \x96 "
               "\x80 5 \xE6</p>",
               "Møte i Rådet – € 5 æ\n");
    CHECK_HTML("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\">"
               "<p>B\xF8rn og \xC6" "blerov</p>",
               "Børn og Æblerov\n");
    CHECK_HTML("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><html><p>\xD8stern</p></html>",
               "Østern\n");
    /* Declared Windows-1252: believed even where the bytes could pass for
     * damaged UTF-8. */
    CHECK_HTML("<meta charset=latin1><p>\xC3\xB8 \xF8</p>", "Ã¸ ø\n");
}

TEST(html_utf8_and_detection)
{
    CHECK_HTML("<meta charset=\"utf-8\"><p>Møte på Ås</p>", "Møte på Ås\n");
    CHECK_HTML("\xEF\xBB\xBF<p>Møte</p>", "Møte\n");                    /* byte-order mark */
    CHECK_HTML("<p>M\xF8te uten erkl\xE6ring</p>", "Møte uten erklæring\n"); /* no declaration */
    /* Declared UTF-8 but written in Windows-1252: the bytes win. */
    CHECK_HTML("<meta charset=utf-8><p>M\xF8te</p>", "Møte\n");
    /* Valid UTF-8 although it claims Latin-1: the bytes win. */
    CHECK_HTML("<meta charset=iso-8859-1><p>Møte</p>", "Møte\n");
}

TEST(html_utf16)
{
    const char le[] = "\xFF\xFE<\0p\0>\0M\0\xF8\0t\0e\0<\0/\0p\0>\0";
    char *out = html_n(le, sizeof le - 1);
    CHECK_STR(out, "Møte\n");
    free(out);
}

TEST(html_binary_refused)
{
    static const char bin[] = "<p>a\0b\x01\x02\x03\xFF\0\0\x89PNG";
    CHECK_FAILS(html_n(bin, sizeof bin - 1), "binary content (NUL byte at offset 4)");
}

/* ---- the text builder and entities directly ---- */

TEST(text_builder_is_bounded)
{
    idx_text_t t;
    CHECK(idx_text_init(&t, 10) == 0);
    idx_text_put(&t, "abcdef", 6);
    idx_text_space(&t);
    idx_text_put(&t, "ghijkl", 6); /* does not fit: dropped whole */
    idx_text_put(&t, "gh", 2);
    size_t n;
    char *s = NULL, reason[IDX_REASON];
    CHECK(idx_text_finish(&t, &s, &n, reason) == 0);
    CHECK_STR(s, "abcdef gh\n");
    CHECK(n == 10);
    free(s);

    CHECK(idx_text_init(&t, 100) == 0);
    idx_text_break(&t, 2);
    idx_text_page(&t);
    idx_text_tab(&t);
    idx_text_put(&t, "a", 1);
    idx_text_space(&t);
    idx_text_tab(&t);
    idx_text_space(&t);
    idx_text_put(&t, "b", 1);
    idx_text_page(&t);
    idx_text_put(&t, "c", 1);
    idx_text_break(&t, 1);
    idx_text_break(&t, 2);
    idx_text_break(&t, 2);
    idx_text_put(&t, "d", 1);
    idx_text_break(&t, 2);
    CHECK(idx_text_finish(&t, &s, &n, reason) == 0);
    CHECK_STR(s, "a\tb\n\fc\n\nd\n");
    free(s);
}

TEST(entity_decoder_xml_and_html)
{
    uint32_t cp = 0;
    CHECK(idx_entity("&amp;x", 6, 0, &cp) == 5 && cp == '&');
    CHECK(idx_entity("&oslash;", 8, 0, &cp) == 0); /* not XML */
    CHECK(idx_entity("&oslash;", 8, 1, &cp) == 8 && cp == 0xF8);
    CHECK(idx_entity("&#150;", 6, 0, &cp) == 6 && cp == 150);
    CHECK(idx_entity("&#150;", 6, 1, &cp) == 6 && cp == 0x2013);
    CHECK(idx_entity("&", 1, 1, &cp) == 0);
    CHECK(idx_entity("&#", 2, 1, &cp) == 0);
}

/* ---- DOCX ---- */

TEST(docx_paragraphs_runs_tabs_breaks)
{
    CHECK_DOCX("<w:p><w:pPr><w:pStyle w:val=\"Heading1\"/><w:tabs><w:tab w:val=\"left\" w:pos=\"720\"/>"
               "</w:tabs></w:pPr><w:r><w:t>Sak 12/2024</w:t></w:r><w:r><w:tab/><w:t>Budsjett</w:t></w:r></w:p>"
               "<w:p><w:r><w:t xml:space=\"preserve\">Styret </w:t></w:r><w:r><w:rPr><w:b/></w:rPr>"
               "<w:t>vedtok</w:t></w:r><w:r><w:t xml:space=\"preserve\"> budsjettet.</w:t></w:r></w:p>"
               "<w:p><w:r><w:t>linje</w:t><w:br/><w:t>ny</w:t><w:cr/><w:t>linje</w:t></w:r></w:p>"
               "<w:sectPr><w:pgSz w:w=\"11906\"/></w:sectPr>",
               "Sak 12/2024\tBudsjett\n\nStyret vedtok budsjettet.\n\nlinje\nny\nlinje\n");
}

TEST(docx_entities_and_ignored_text)
{
    CHECK_DOCX("<w:p><w:r><w:t>M&#248;te &amp; m&#xE5;l &lt;3 &quot;x&quot; &apos;y&apos; &oslash;</w:t></w:r></w:p>",
               "Møte & mål <3 \"x\" 'y' &oslash;\n");
    /* Field codes, deleted and moved-away text, and text box fallbacks
     * are not text; text outside w:t is not either. */
    CHECK_DOCX("<w:p>løs tekst<w:r><w:instrText> PAGE </w:instrText></w:r>"
               "<w:del><w:r><w:delText>slettet</w:delText></w:r></w:del>"
               "<w:moveFrom><w:r><w:t>flyttet</w:t></w:r></w:moveFrom>"
               "<w:r><w:t>beholdt</w:t></w:r>"
               "<mc:AlternateContent><mc:Choice><w:txbxContent><w:p><w:r><w:t>boks</w:t></w:r></w:p>"
               "</w:txbxContent></mc:Choice><mc:Fallback><w:p><w:r><w:t>boks</w:t></w:r></w:p>"
               "</mc:Fallback></mc:AlternateContent></w:p>",
               "beholdt\n\nboks\n");
    CHECK_DOCX("<w:p><w:r><w:t><![CDATA[a<b]]></w:t><w:noBreakHyphen/><w:t>c</w:t></w:r></w:p>",
               "a<b-c\n");
}

TEST(docx_page_breaks)
{
    CHECK_DOCX("<w:p><w:r><w:t>side en</w:t></w:r></w:p><w:p><w:r><w:br w:type=\"page\"/>"
               "<w:t>side to</w:t></w:r></w:p>",
               "side en\n\n\fside to\n");
    /* With Word's own record of its page breaks, only those count. */
    CHECK_DOCX("<w:p><w:r><w:t>en</w:t></w:r></w:p><w:p><w:r><w:br w:type=\"page\"/></w:r>"
               "<w:r><w:lastRenderedPageBreak/><w:t>to</w:t></w:r></w:p>"
               "<w:p><w:r><w:lastRenderedPageBreak/><w:t>tre</w:t></w:r></w:p>",
               "en\n\n\fto\n\n\ftre\n");
}

TEST(docx_stored_and_deflated_alike)
{
    const char *body = "<w:p><w:r><w:t>Referat fra styremøte</w:t></w:r></w:p>";
    size_t l1, l2;
    char *a = docx(body, &STORED, &l1), *b = docx(body, &DEFLATED, &l2);
    char *ta = office(a, l1, IDX_OFFICE_DOCX), *tb = office(b, l2, IDX_OFFICE_DOCX);
    CHECK_STR(ta, "Referat fra styremøte\n");
    CHECK_STR(tb, "Referat fra styremøte\n");
    free(ta);
    free(tb);
    free(a);
    free(b);
}

TEST(docx_malformed_xml_yields_text)
{
    CHECK_DOCX("<w:p><w:r><w:t>uten slutt", "uten slutt\n");
    CHECK_DOCX("</w:p></w:r></w:body><w:p><w:r><w:t>a</w:t></w:r></w:p>", "a\n");
    CHECK_DOCX("<w:p><w:r><w:t>a < b &bogus; &#0;</w:t></w:r></w:p><w:p><w:r><w:t>c</w:t></w:r><w:",
               "a\n\nc\n");
    CHECK_DOCX("<!DOCTYPE x [ <!ENTITY e \"boom\"> ]><w:p><w:r><w:t>&e;ok</w:t></w:r></w:p>",
               "&e;ok\n");
    size_t n = 100000;
    char *deep = malloc(n * 16 + 64), *p = deep;
    for (size_t i = 0; i < n; i++)
        p += sprintf(p, "<w:r><w:t>");
    sprintf(p, "dypt");
    CHECK_DOCX(deep, "dypt\n");
    free(deep);
}

/* ---- ODT ---- */

TEST(odt_paragraphs_spaces_tabs_breaks)
{
    CHECK_ODT("<text:h text:outline-level=\"1\">Sak 5/2024 Beredskap</text:h>\n"
              "      <text:p text:style-name=\"P1\">Fagrådet<text:s/>ber<text:s text:c=\"4\"/>om "
              "<text:span text:style-name=\"T1\">en plan</text:span>.</text:p>\n"
              "      <text:p>a<text:tab/>b<text:line-break/>c</text:p>\n"
              "      <text:list><text:list-item><text:p>punkt</text:p></text:list-item></text:list>",
              "Sak 5/2024 Beredskap\n\nFagrådet ber om en plan.\n\na\tb\nc\n\npunkt\n");
}

TEST(odt_other_text_kept_some_left_out)
{
    /* Text outside the body (styles), tracked deletions and comments are
     * left out; the text of other elements in the body is kept. */
    CHECK_ODT("<text:tracked-changes><text:changed-region><text:deletion><text:p>slettet</text:p>"
              "</text:deletion></text:changed-region></text:tracked-changes>"
              "<text:p>før<office:annotation><dc:creator>Ola</dc:creator><text:p>kommentar</text:p>"
              "</office:annotation> etter <text:a xlink:href=\"x\">lenke</text:a>"
              "<text:note><text:note-citation>1</text:note-citation><text:note-body><text:p>fotnote"
              "</text:p></text:note-body></text:note></text:p>"
              "<table:table><table:table-row><table:table-cell><text:p>celle</text:p></table:table-cell>"
              "</table:table-row></table:table>",
              "før etter lenke1\n\nfotnote\n\ncelle\n");
    CHECK_ODT("<text:p>R&#229;det &amp; &#xF8;konomi</text:p><text:soft-page-break/><text:p>side to</text:p>",
              "Rådet & økonomi\n\n\fside to\n");
}

/* ---- the ZIP reader ---- */

TEST(zip_member_round_trip)
{
    zip_t z;
    memset(&z, 0, sizeof z);
    zip_add(&z, "a.txt", "stored", &STORED);
    zip_add(&z, "b/c.xml", "deflated deflated deflated", &DEFLATED);
    zip_add(&z, "empty", "", &DEFLATED);
    size_t len;
    char *zip = zip_finish(&z, NULL, &len);
    char *out = NULL;
    size_t n = 0;
    CHECK(idx_zip_member(zip, len, "a.txt", &out, &n, reason) == 0 && n == 6);
    CHECK_STR(out, "stored");
    free(out);
    out = NULL;
    CHECK(idx_zip_member(zip, len, "B/C.XML", &out, &n, reason) == 0);
    CHECK_STR(out, "deflated deflated deflated");
    free(out);
    out = NULL;
    CHECK(idx_zip_member(zip, len, "empty", &out, &n, reason) == 0 && n == 0);
    free(out);
    CHECK(idx_zip_member(zip, len, "missing", &out, &n, reason) == 1);
    free(zip);
}

TEST(zip_not_a_zip)
{
    const char *txt = "Dette er ren tekst med navnet referat.docx\n";
    CHECK_FAILS(office(txt, strlen(txt), IDX_OFFICE_DOCX), "not a ZIP archive");
    CHECK_FAILS(office("", 0, IDX_OFFICE_DOCX), "not a ZIP archive");
    CHECK_FAILS(office("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 and more", 17, IDX_OFFICE_DOCX),
                "old binary Office file");
}

TEST(zip_missing_part)
{
    zip_t z;
    memset(&z, 0, sizeof z);
    zip_add(&z, "[Content_Types].xml", DOCX_TYPES, &DEFLATED);
    zip_add(&z, "word/styles.xml", "<w:styles/>", &DEFLATED);
    size_t len;
    char *zip = zip_finish(&z, NULL, &len);
    CHECK_FAILS(office(zip, len, IDX_OFFICE_DOCX), "no word/document.xml (not a DOCX?)");
    CHECK_FAILS(office(zip, len, IDX_OFFICE_ODT), "no content.xml (not an ODT?)");
    free(zip);
}

TEST(zip_crc_mismatch)
{
    zopt_t o = DEFLATED;
    o.bad_crc = 1;
    size_t len;
    char *zip = docx("<w:p><w:r><w:t>x</w:t></w:r></w:p>", &o, &len);
    CHECK_FAILS(office(zip, len, IDX_OFFICE_DOCX), "damaged ZIP archive (CRC mismatch in word/document.xml)");
    free(zip);
    o = STORED;
    o.bad_crc = 1;
    zip = docx("<w:p/>", &o, &len);
    CHECK_FAILS(office(zip, len, IDX_OFFICE_DOCX), "CRC mismatch");
    free(zip);
}

TEST(zip_truncated)
{
    size_t len;
    char *zip = docx("<w:p><w:r><w:t>Et referat som blir kuttet av.</w:t></w:r></w:p>", &DEFLATED, &len);
    CHECK_FAILS(office(zip, len / 2, IDX_OFFICE_DOCX), "damaged ZIP archive (no end of central directory");
    CHECK_FAILS(office(zip, 21, IDX_OFFICE_DOCX), "damaged ZIP archive");
    for (size_t cut = 0; cut < len; cut++) { /* never a crash, whatever the cut */
        char *copy = malloc(cut + 1);
        memcpy(copy, zip, cut);
        char *t = office(copy, cut, IDX_OFFICE_DOCX);
        free(t);
        free(copy);
    }
    free(zip);
}

/* Deflated data cut short, with the central directory intact. */
TEST(zip_truncated_member_data)
{
    const char *xml = "<w:document><w:body><w:p><w:r><w:t>Hei</w:t></w:r></w:p></w:body></w:document>";
    size_t clen;
    unsigned char *c = deflate_raw(xml, strlen(xml), &clen);
    zip_t z;
    memset(&z, 0, sizeof z);
    zip_add_raw(&z, "word/document.xml", c, clen / 2,
                (uint32_t)crc32(0L, (const Bytef *)xml, (uInt)strlen(xml)), (uint32_t)strlen(xml),
                &DEFLATED);
    size_t len;
    char *zip = zip_finish(&z, NULL, &len);
    CHECK_FAILS(office(zip, len, IDX_OFFICE_DOCX), "damaged ZIP archive (word/document.xml:");
    free(zip);
    free(c);
}

TEST(zip_offsets_out_of_bounds)
{
    size_t len;
    zend_t e = { 0, 0, 1000000 };
    zip_t z;
    memset(&z, 0, sizeof z);
    zip_add(&z, "word/document.xml", "<w:p/>", &STORED);
    char *zip = zip_finish(&z, &e, &len);
    CHECK_FAILS(office(zip, len, IDX_OFFICE_DOCX), "central directory out of bounds");
    free(zip);
    /* A central directory entry pointing at no local header. */
    memset(&z, 0, sizeof z);
    zip_add(&z, "word/document.xml", "<w:p/>", &STORED);
    z.e[0].off = 7;
    zip = zip_finish(&z, NULL, &len);
    CHECK_FAILS(office(zip, len, IDX_OFFICE_DOCX), "bad local header");
    free(zip);
}

/* A member of 65 MB of zeros, deflated in pieces: the test never holds it
 * whole, and neither may the reader. */
static char *bomb(int64_t claim, size_t *len)
{
    size_t chunk = 1 << 16, total = (size_t)IDX_MAX_FILE_BYTES + (1u << 20);
    unsigned char *zeros = calloc(1, chunk);
    buf_t c = { 0 };
    unsigned char out[1 << 14];
    z_stream s;
    memset(&s, 0, sizeof s);
    deflateInit2(&s, 9, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
    uLong crc = crc32(0L, Z_NULL, 0);
    for (size_t done = 0; done < total; done += chunk) {
        crc = crc32(crc, zeros, (uInt)chunk);
        s.next_in = zeros;
        s.avail_in = (uInt)chunk;
        int flush = done + chunk >= total ? Z_FINISH : Z_NO_FLUSH;
        do {
            s.next_out = out;
            s.avail_out = sizeof out;
            deflate(&s, flush);
            put(&c, out, sizeof out - s.avail_out);
        } while (s.avail_out == 0);
    }
    deflateEnd(&s);
    free(zeros);
    zip_t z;
    memset(&z, 0, sizeof z);
    zopt_t o = DEFLATED;
    o.claim = claim;
    zip_add_raw(&z, "word/document.xml", c.b, c.n, (uint32_t)crc, (uint32_t)total, &o);
    free(c.b);
    return zip_finish(&z, NULL, len);
}

TEST(zip_bomb_declared)
{
    size_t len;
    char *zip = bomb(-1, &len);
    CHECK(len < 1 << 20);
    CHECK_FAILS(office(zip, len, IDX_OFFICE_DOCX), "inflates to more than 64 MB (a compression bomb?)");
    free(zip);
}

TEST(zip_bomb_lying_about_its_size)
{
    size_t len;
    char *zip = bomb(1000, &len);
    CHECK_FAILS(office(zip, len, IDX_OFFICE_DOCX), "word/document.xml: inflates past its recorded size");
    free(zip);
}

TEST(zip_encrypted)
{
    zopt_t o = STORED;
    o.flags = 1;
    size_t len;
    char *zip = docx("<w:p/>", &o, &len);
    CHECK_FAILS(office(zip, len, IDX_OFFICE_DOCX), "encrypted document");
    free(zip);
    o = STORED;
    o.method = 99; /* AES */
    zip = docx("<w:p/>", &o, &len);
    CHECK_FAILS(office(zip, len, IDX_OFFICE_DOCX), "encrypted document");
    free(zip);
}

TEST(zip_zip64_and_split_refused)
{
    zip_t z;
    memset(&z, 0, sizeof z);
    zip_add(&z, "word/document.xml", "<w:p/>", &STORED);
    zend_t e = { 1, 0, -1 };
    size_t len;
    char *zip = zip_finish(&z, &e, &len);
    CHECK_FAILS(office(zip, len, IDX_OFFICE_DOCX), "ZIP64 archive (not supported)");
    free(zip);

    zopt_t o = STORED;
    o.zip64_size = 1;
    zip = docx("<w:p/>", &o, &len);
    CHECK_FAILS(office(zip, len, IDX_OFFICE_DOCX), "ZIP64 archive (not supported)");
    free(zip);

    memset(&z, 0, sizeof z);
    zip_add(&z, "word/document.xml", "<w:p/>", &STORED);
    zend_t d = { 0, 1, -1 };
    zip = zip_finish(&z, &d, &len);
    CHECK_FAILS(office(zip, len, IDX_OFFICE_DOCX), "split (multi-disk) ZIP archive");
    free(zip);
}

TEST(zip_unsupported_method)
{
    zopt_t o = STORED;
    o.method = 12; /* bzip2 */
    size_t len;
    char *zip = docx("<w:p/>", &o, &len);
    CHECK_FAILS(office(zip, len, IDX_OFFICE_DOCX), "unsupported ZIP compression method 12");
    free(zip);
}

TEST(office_invalid_utf8_replaced)
{
    CHECK_ODT("<text:p>M\xF8te \xC3</text:p>", "M\xEF\xBF\xBDte \xEF\xBF\xBD\n");
    CHECK_ODT("<text:p>\xEF\xBB\xBFMøte</text:p>", "\xEF\xBB\xBFMøte\n"); /* not at the start: a character */
}

TEST(office_binary_part_refused)
{
    zip_t z;
    memset(&z, 0, sizeof z);
    zopt_t o = STORED;
    zip_add_raw(&z, "content.xml", "<a>\0\0\0x</a>", 11,
                (uint32_t)crc32(0L, (const Bytef *)"<a>\0\0\0x</a>", 11), 11, &o);
    size_t len;
    char *zip = zip_finish(&z, NULL, &len);
    CHECK_FAILS(office(zip, len, IDX_OFFICE_ODT), "damaged document (NUL bytes in content.xml)");
    free(zip);
}

/* Pseudo-random damage to a good archive: never a crash, and any text
 * that comes out is UTF-8 without NULs. */
TEST(zip_random_damage)
{
    size_t len;
    char *zip = docx("<w:p><w:r><w:t>Møte i styret om økonomi og budsjett for neste år.</w:t></w:r></w:p>",
                     &DEFLATED, &len);
    char *copy = malloc(len);
    uint32_t r = 88172645u;
    int ok = 1;
    for (int round = 0; round < 2000; round++) {
        memcpy(copy, zip, len);
        for (int k = 0; k < 3; k++) {
            r ^= r << 13;
            r ^= r >> 17;
            r ^= r << 5;
            copy[r % len] = (char)(r >> 8);
        }
        char *out = NULL;
        size_t n = 0;
        reason[0] = '\0';
        if (idx_office_to_text(copy, len, IDX_OFFICE_DOCX, &out, &n, reason) == 0) {
            if (memchr(out, '\0', n) || ana_utf8_check(out, n) != n)
                ok = 0;
            free(out);
        } else if (reason[0] == '\0') {
            ok = 0;
        }
    }
    CHECK(ok);
    free(copy);
    free(zip);
}

int main(void)
{
    RUN(html_named_entities);
    RUN(html_numeric_references);
    RUN(html_unknown_entities_stay);
    RUN(html_script_and_style_dropped);
    RUN(html_head_title_first_line);
    RUN(html_comments_cdata_doctype_dropped);
    RUN(html_blocks_become_breaks);
    RUN(html_inline_elements_join);
    RUN(html_whitespace_collapses);
    RUN(html_pre_keeps_lines);
    RUN(html_malformed_yields_text);
    RUN(html_truncated_yields_text);
    RUN(html_deep_nesting_is_flat);
    RUN(html_many_unclosed_titles_stay_linear);
    RUN(html_random_input_is_bounded);
    RUN(html_cp1252_by_meta_charset);
    RUN(html_utf8_and_detection);
    RUN(html_utf16);
    RUN(html_binary_refused);
    RUN(text_builder_is_bounded);
    RUN(entity_decoder_xml_and_html);
    RUN(docx_paragraphs_runs_tabs_breaks);
    RUN(docx_entities_and_ignored_text);
    RUN(docx_page_breaks);
    RUN(docx_stored_and_deflated_alike);
    RUN(docx_malformed_xml_yields_text);
    RUN(odt_paragraphs_spaces_tabs_breaks);
    RUN(odt_other_text_kept_some_left_out);
    RUN(zip_member_round_trip);
    RUN(zip_not_a_zip);
    RUN(zip_missing_part);
    RUN(zip_crc_mismatch);
    RUN(zip_truncated);
    RUN(zip_truncated_member_data);
    RUN(zip_offsets_out_of_bounds);
    RUN(zip_bomb_declared);
    RUN(zip_bomb_lying_about_its_size);
    RUN(zip_encrypted);
    RUN(zip_zip64_and_split_refused);
    RUN(zip_unsupported_method);
    RUN(office_invalid_utf8_replaced);
    RUN(office_binary_part_refused);
    RUN(zip_random_damage);
    return tap_done();
}
