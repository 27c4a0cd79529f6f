/* source.c - reading one source file and deciding whether it is text
 * referat can index.
 *
 * The file is opened non-blocking and checked with fstat() on the open
 * descriptor, so a FIFO or device swapped in after the walk can neither
 * hang nor feed us endless data.  Text in UTF-8, Windows-1252 or UTF-16
 * is accepted (encoding.c converts); anything with stray NUL bytes is
 * binary and refused with the offset of the first one.  HTML, DOCX and
 * ODT are read the same way and then converted in-process (html.c,
 * office.c); PDFs go through pdftotext (filter.c).  Converted text is
 * "derived": its offsets point into that text, not into the file.
 */
#include "idx.h"
#include "formats.h"
#include "testhook.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

/* ".txt.gz": inflates the gzip data IN (one or more members) into *out,
 * at most IDX_MAX_FILE_BYTES: a few kilobytes can inflate to gigabytes.
 * Offsets are into the inflated text. */
static int gunzip(const char *in, size_t len, char **out, size_t *out_len, char *reason)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit2(&z, 15 + 32) != Z_OK) {
        snprintf(reason, IDX_REASON, "out of memory");
        return -1;
    }
    size_t cap = len * 4 + 4096, n = 0;
    char *buf = malloc(cap + 1);
    z.next_in = (Bytef *)in;
    z.avail_in = (uInt)len;
    int rc = Z_OK;
    while (buf) {
        if (n == cap) {
            if (cap >= IDX_MAX_FILE_BYTES) {
                snprintf(reason, IDX_REASON, "inflates to more than %u MB (a compression bomb?)",
                         IDX_MAX_FILE_BYTES >> 20);
                rc = Z_BUF_ERROR;
                break;
            }
            size_t ncap = cap * 2 > IDX_MAX_FILE_BYTES ? IDX_MAX_FILE_BYTES : cap * 2;
            char *nb = realloc(buf, ncap + 1);
            if (!nb)
                break;
            buf = nb;
            cap = ncap;
        }
        z.next_out = (Bytef *)buf + n;
        z.avail_out = (uInt)(cap - n);
        rc = inflate(&z, Z_NO_FLUSH);
        n = cap - z.avail_out;
        if (rc == Z_STREAM_END) {
            if (z.avail_in == 0)
                break;
            inflateReset(&z); /* another member follows */
            continue;
        }
        if (rc != Z_OK) {
            snprintf(reason, IDX_REASON, "damaged gzip data (%s)", z.msg ? z.msg : "truncated");
            break;
        }
        if (z.avail_in == 0 && z.avail_out > 0) {
            snprintf(reason, IDX_REASON, "damaged gzip data (truncated)");
            rc = Z_DATA_ERROR;
            break;
        }
    }
    inflateEnd(&z);
    if (!buf || rc != Z_STREAM_END) {
        if (!buf)
            snprintf(reason, IDX_REASON, "out of memory");
        free(buf);
        return -1;
    }
    buf[n] = '\0';
    *out = buf;
    *out_len = n;
    return 0;
}

/* 1 when TEXT (LEN bytes) is only white space: nothing to index. */
static int blank(const char *text, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (text[i] != ' ' && text[i] != '\n' && text[i] != '\f' && text[i] != '\r' && text[i] != '\t')
            return 0;
    return 1;
}

/* Takes TEXT, a converter's output, as SRC's text unless it is not UTF-8
 * or holds a NUL: converters promise UTF-8, but binary junk must never
 * reach the index.  On refusal TEXT is freed and REASON names WHO. */
static int take_converted(char *text, size_t len, idx_source_t *src, const char *who, char *reason)
{
    if (memchr(text, '\0', len) || ana_utf8_check(text, len) != len) {
        free(text);
        snprintf(reason, IDX_REASON, "%s produced text that is not UTF-8", who);
        return -1;
    }
    src->text = text;
    src->len = len;
    src->derived = 1;
    return 0;
}

/* 1 when the PDF at PATH has an encryption dictionary: pdftotext exits 1
 * both for a damaged file and for one it has no password for, and the
 * two need different answers.  The trailer names /Encrypt; it sits near
 * the end, so the last 64 KB are enough. */
static int pdf_is_encrypted(const char *path)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return 0;
    struct stat st;
    char buf[65536];
    ssize_t n = -1;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
        off_t at = st.st_size > (off_t)sizeof buf ? st.st_size - (off_t)sizeof buf : 0;
        n = pread(fd, buf, sizeof buf, at);
    }
    close(fd);
    for (ssize_t i = 0; i + 8 <= n; i++)
        if (memcmp(buf + i, "/Encrypt", 8) == 0)
            return 1;
    return 0;
}

/* Text of the PDF at PATH through pdftotext, under FMT's time limit
 * (REFERAT_PDFTOTEXT, a test hook, names a fake one).  Pages are
 * separated by form feeds, which the passages turn into page numbers. */
static int pdf_text(const idx_format_t *fmt, const char *path, const idx_read_opts_t *opts,
                    idx_source_t *src, char *reason)
{
    const char *prog = referat_test_env("REFERAT_PDFTOTEXT");
    const char *argv[] = { prog && *prog ? prog : "pdftotext", "-q", "-enc", "UTF-8", path, "-", NULL };
    idx_filter_limits_t lim = idx_filter_limits(fmt->seconds);
    char *text = NULL;
    size_t len = 0;
    int rc = idx_run_filter(argv, &lim, &text, &len, reason);
    if (rc > 0) {
        int code = (int)len;
        if (code == 127)
            snprintf(reason, IDX_REASON, "%s is not installed (Debian package poppler-utils)", argv[0]);
        else if (code == 3)
            snprintf(reason, IDX_REASON, "encrypted or copy-protected PDF");
        else if (code == 1 && pdf_is_encrypted(path))
            snprintf(reason, IDX_REASON, "encrypted PDF (it needs a password to open)");
        else if (code == 1)
            snprintf(reason, IDX_REASON, "damaged or not a PDF (pdftotext could not open it)");
        else
            snprintf(reason, IDX_REASON, "%s failed (exit status %d)", argv[0], code);
        return -1;
    }
    if (rc < 0)
        return -1;
    if (blank(text, len)) {
        free(text);
        if (!opts || !opts->ocr) {
            snprintf(reason, IDX_REASON, "no text layer (an image-only PDF: it needs OCR, --ocr)");
            return -1;
        }
        if (idx_ocr_pdf(path, &text, &len, reason) != 0)
            return -1;
        if (blank(text, len)) {
            free(text);
            snprintf(reason, IDX_REASON, "no text layer, and OCR found no text in the page images");
            return -1;
        }
    }
    return take_converted(text, len, src, "the PDF converter", reason);
}

/* The in-process converters (formats.h), as the table calls them. */
static int html_to_text(const char *in, size_t len, char **out, size_t *out_len, char *reason)
{
    return idx_html_to_text(in, len, out, out_len, reason);
}

static int docx_to_text(const char *in, size_t len, char **out, size_t *out_len, char *reason)
{
    return idx_office_to_text(in, len, IDX_OFFICE_DOCX, out, out_len, reason);
}

static int odt_to_text(const char *in, size_t len, char **out, size_t *out_len, char *reason)
{
    return idx_office_to_text(in, len, IDX_OFFICE_ODT, out, out_len, reason);
}

/* The text of a file of FMT (an in-process converter) whose bytes are
 * BUF (freed here).  Returns as idx_source_read does. */
static int read_converted(const idx_format_t *fmt, char *buf, size_t len, idx_source_t *src,
                          char *reason)
{
    char *text = NULL;
    size_t tlen = 0;
    int rc = fmt->convert(buf, len, &text, &tlen, reason);
    free(buf);
    if (rc != 0)
        return -1;
    if (blank(text, tlen)) {
        free(text);
        snprintf(reason, IDX_REASON, "no text (the document holds none)");
        return 1;
    }
    return take_converted(text, tlen, src, "conversion", reason);
}

/* The formats referat indexes, one row each, in the order the usage text
 * and the walk's message name them (idx.h, idx_format_t).  A new format
 * is a row here and its converter; tests/e2e/formats_doc.sh checks that
 * the README and the manual page name every extension. */
static const idx_format_t formats[] = {
    { ".txt", "in UTF-8, Windows-1252 or UTF-16", NULL, NULL, NULL, 0 },
    { ".txt.gz", NULL, gunzip, NULL, NULL, 0 },
    { ".html", NULL, NULL, html_to_text, NULL, 0 },
    { ".htm", NULL, NULL, html_to_text, NULL, 0 },
    { ".docx", NULL, NULL, docx_to_text, NULL, 0 },
    { ".odt", NULL, NULL, odt_to_text, NULL, 0 },
    { ".pdf", NULL, NULL, NULL, pdf_text, 60 },
};

#define NFORMATS (sizeof formats / sizeof formats[0])

const idx_format_t *idx_format_of(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t n = strlen(base);
    /* The extension needs a name before it: ".txt" alone is a hidden
     * file's name, not a text file. */
    for (size_t i = 0; i < NFORMATS; i++) {
        size_t e = strlen(formats[i].ext);
        if (n > e && strcasecmp(base + n - e, formats[i].ext) == 0)
            return &formats[i];
    }
    return NULL;
}

int idx_supported(const char *path)
{
    return idx_format_of(path) != NULL;
}

size_t idx_formats_describe(char *buf, size_t cap, int notes)
{
    size_t n = 0;
    for (size_t i = 0; i < NFORMATS; i++) {
        const idx_format_t *f = &formats[i];
        int k = snprintf(buf + n, cap > n ? cap - n : 0, "%s%s%s%s", i ? ", " : "", f->ext,
                         notes && f->note ? " " : "", notes && f->note ? f->note : "");
        n += k > 0 ? (size_t)k : 0;
    }
    return n;
}

void idx_source_clear(idx_source_t *src)
{
    free(src->text);
    free(src->raw);
    free(src->check);
    memset(src, 0, sizeof *src);
}

int idx_source_read(const char *path, const idx_read_opts_t *opts, idx_source_t *src, char *reason)
{
    memset(src, 0, sizeof *src);
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        snprintf(reason, IDX_REASON, "cannot open: %s", strerror(errno));
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        snprintf(reason, IDX_REASON, "not a regular file");
        close(fd);
        return -1;
    }
    if ((uint64_t)st.st_size > IDX_MAX_FILE_BYTES) {
        snprintf(reason, IDX_REASON, "too large (%.1f MB; the limit is %u MB)",
                 (double)st.st_size / (1024.0 * 1024.0), IDX_MAX_FILE_BYTES / (1024u * 1024u));
        close(fd);
        return -1;
    }
    /* A file of no known format (named by a caller, never by the walk)
     * is read as text. */
    const idx_format_t *fmt = idx_format_of(path);
    if (!fmt)
        fmt = &formats[0];
    if (fmt->filter) {
        close(fd);
        src->mtime = (int64_t)st.st_mtime;
        return fmt->filter(fmt, path, opts, src, reason);
    }
    size_t cap = (size_t)st.st_size + 1, len = 0;
    char *buf = malloc(cap);
    if (!buf) {
        snprintf(reason, IDX_REASON, "out of memory");
        close(fd);
        return -1;
    }
    /* Read to EOF, not to st_size: the file may grow or shrink meanwhile;
     * the size limit still holds. */
    for (;;) {
        if (len + 1 == cap) {
            if (cap > IDX_MAX_FILE_BYTES) {
                snprintf(reason, IDX_REASON, "too large (grew past %u MB while being read)",
                         IDX_MAX_FILE_BYTES / (1024u * 1024u));
                goto fail;
            }
            size_t ncap = cap * 2 > IDX_MAX_FILE_BYTES + 2 ? IDX_MAX_FILE_BYTES + 2 : cap * 2;
            char *nb = realloc(buf, ncap);
            if (!nb) {
                snprintf(reason, IDX_REASON, "out of memory");
                goto fail;
            }
            buf = nb;
            cap = ncap;
        }
        ssize_t r = read(fd, buf + len, cap - 1 - len);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            snprintf(reason, IDX_REASON, "read error: %s", strerror(errno));
            goto fail;
        }
        if (r == 0)
            break;
        len += (size_t)r;
    }
    close(fd);
    fd = -1;
    buf[len] = '\0';
    if (len > 0 && fmt->convert) {
        src->mtime = (int64_t)st.st_mtime;
        return read_converted(fmt, buf, len, src, reason);
    }
    if (fmt->unpack) {
        char *plain = NULL;
        size_t plen = 0;
        if (fmt->unpack(buf, len, &plain, &plen, reason) != 0)
            goto fail;
        free(buf);
        buf = plain;
        len = plen;
    }

    size_t bom = (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) ? 3 : 0;
    if (blank(buf + bom, len - bom)) {
        snprintf(reason, IDX_REASON, len ? "no text (only white space)" : "empty file");
        free(buf);
        return 1;
    }
    idx_encoding_t enc = idx_detect_encoding(buf, len);
    if (enc == IDX_ENC_BINARY) {
        const char *nul = memchr(buf, '\0', len);
        snprintf(reason, IDX_REASON, "binary content (NUL byte at offset %zu)", (size_t)(nul - buf));
        goto fail;
    }
    if (enc != IDX_ENC_UTF8) {
        /* Legacy text: kept as read, analysed as UTF-8. */
        src->raw = buf;
        src->raw_len = len;
        src->mtime = (int64_t)st.st_mtime;
        if (idx_convert(src, enc) < 0) {
            src->raw = NULL;
            snprintf(reason, IDX_REASON, "out of memory converting from %s", idx_encoding_name(enc));
            goto fail;
        }
        return 0;
    }
    src->text = buf;
    src->len = len;
    src->bom = bom;
    src->mtime = (int64_t)st.st_mtime;
    return 0;

fail:
    if (fd >= 0)
        close(fd);
    free(buf);
    return -1;
}
