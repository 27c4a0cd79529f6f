/* idx.h - referat-index internals: walking the inputs, reading a source
 * file, and writing its passages (the program itself, its options and
 * its run, is run.h).  Each section is named after the file that holds
 * its functions.  Each function returns 0 on success;
 * on failure it returns nonzero and puts a one-line reason in the
 * caller's buffer (no file name: the caller prefixes it). */
#ifndef REFERAT_IDX_H
#define REFERAT_IDX_H

#include <stddef.h>
#include <stdio.h>
#include <stdint.h>
#include <sys/types.h>

#include "analysis/ana.h"
#include "analysis/lexicon.h"
#include "xs/xs.h"

#define IDX_REASON 256

/* The plural ending for a count N: "%u passage%s", n, idx_s(n). */
static inline const char *idx_s(double n)
{
    return n == 1 ? "" : "s";
}

/* Largest file indexed; larger ones are skipped with a reason. */
#define IDX_MAX_FILE_BYTES (64u * 1024u * 1024u)

/* ---- walk.c ---- */

/* What the walk reports for each path it meets. */
typedef enum {
    IDX_FILE,     /* a regular file to index */
    IDX_SKIP,     /* not indexed, for a reason that is no error (other file type) */
    IDX_FAIL      /* could not be read: an error */
} idx_visit_t;

/* Called for every path.  PATH is absolute and normalized for IDX_FILE.
 * Returns nonzero to stop the walk. */
typedef int (*idx_visit_cb)(void *ctx, idx_visit_t what, const char *path, const char *reason);

/* Visits ROOT: a file, or a directory walked recursively in name order.
 * The directory SKIP_DIR (may be NULL; the index) is left out silently.
 * Symbolic links inside directories are not followed; a link named as ROOT
 * is.  Each directory is entered once (by device and inode), so link and
 * bind-mount loops end.  Hidden entries (".name") are skipped silently.
 * Returns nonzero if CB stopped the walk. */
int idx_walk(const char *root, const char *skip_dir, idx_visit_cb cb, void *ctx);

/* ---- source.c ---- */

typedef enum {
    IDX_ENC_UTF8,
    IDX_ENC_CP1252,      /* Windows-1252 (a superset of ISO-8859-1's printable range) */
    IDX_ENC_UTF16LE,
    IDX_ENC_UTF16BE,
    IDX_ENC_UTF8_LOSSY,  /* UTF-8 with a few invalid bytes, each read as U+FFFD */
    IDX_ENC_BINARY
} idx_encoding_t;

typedef struct {
    size_t out, src;     /* an output offset and the source offset of the same character */
} idx_check_t;

typedef struct {
    char *text;          /* the text as UTF-8, NUL-terminated (malloc()ed) */
    size_t len;
    size_t bom;          /* bytes of UTF-8 byte-order mark skipped at the start */
    int64_t mtime;
    idx_encoding_t encoding;   /* of the file on disk */
    char *raw;           /* the file's bytes when converted (else NULL) */
    size_t raw_len;
    idx_check_t *check;  /* conversion checkpoints (encoding.c) */
    size_t ncheck;
    size_t src_start;    /* bytes of a UTF-16 byte-order mark */
    size_t invalid;      /* IDX_ENC_UTF8_LOSSY: invalid bytes replaced by U+FFFD */
    size_t first_invalid; /* ... and the offset of the first */
    int derived;         /* text extracted from another format (PDF by pdftotext, HTML,
                            DOCX, ODT): offsets are into that text, not the file */
} idx_source_t;

/* Reads and checks PATH: a regular file of at most IDX_MAX_FILE_BYTES,
 * UTF-8, or Windows-1252 / ISO-8859-1 or UTF-16 converted to UTF-8
 * (also inside .txt.gz); HTML, DOCX and ODT converted in-process
 * (formats.h); PDF through pdftotext; binary content is refused.  Returns 0 and fills SRC (free with
 * idx_source_clear), 1 for a file to skip (empty; REASON says why), -1
 * for a failure (REASON says why). */
typedef struct {
    int ocr;             /* OCR image-only PDFs (scan.c) instead of refusing them */
} idx_read_opts_t;
int idx_source_read(const char *path, const idx_read_opts_t *opts, idx_source_t *src, char *reason);
void idx_source_clear(idx_source_t *src);

/* An input format, one row of source.c's table: a file whose name ends
 * in EXT (any case, after at least one byte of name) is read by exactly
 * one of UNPACK (its bytes unpacked, then read as a text file), CONVERT
 * (its bytes converted in-process into UTF-8 text, formats.h) or FILTER
 * (an external program given the path, under SECONDS of time: the
 * result and REASON as idx_source_read's), or by none (the bytes are
 * text: UTF-8, Windows-1252 or UTF-16, encoding.c).  NOTE, when not
 * NULL, follows the extension in the usage text.  The limits: no file
 * larger than IDX_MAX_FILE_BYTES is read, UNPACK stops at as many bytes,
 * and the converters bound their output (formats.h). */
typedef struct idx_format idx_format_t;
struct idx_format {
    const char *ext;
    const char *note;
    int (*unpack)(const char *in, size_t len, char **out, size_t *out_len, char *reason);
    int (*convert)(const char *in, size_t len, char **out, size_t *out_len, char *reason);
    int (*filter)(const idx_format_t *fmt, const char *path, const idx_read_opts_t *opts,
                  idx_source_t *src, char *reason);
    unsigned seconds;
};

/* The format of PATH by its name, or NULL for a file referat does not
 * index. */
const idx_format_t *idx_format_of(const char *path);

/* 1 when PATH has an extension referat indexes (idx_format_of). */
int idx_supported(const char *path);

/* The extensions of every format, in table order, ", "-separated, each
 * followed by its note when NOTES is 1 (the usage text), into BUF of CAP
 * bytes (snprintf's truncation); returns the full length. */
size_t idx_formats_describe(char *buf, size_t cap, int notes);

/* ---- filter.c ---- */

typedef struct {
    unsigned max_seconds;  /* wall time and CPU time */
    size_t max_memory;     /* address space of the child (RLIMIT_AS) */
    size_t max_output;     /* bytes of output */
} idx_filter_limits_t;

/* The limits for a converter allowed SECONDS of wall and CPU time (1 GB
 * of address space, IDX_MAX_FILE_BYTES of output); REFERAT_FILTER_TIMEOUT
 * (seconds, a test hook: testhook.h) lowers the time for tests of
 * hostile converters. */
idx_filter_limits_t idx_filter_limits(unsigned seconds);

/* Runs ARGV (argv[0] found on PATH) under LIM and collects its standard
 * output.  Returns 0 with *out malloc()ed and NUL-terminated; 1 when it
 * exited non-zero (*out_len holds the exit status); -1 when it could not
 * run, crashed or broke a limit (REASON says which; the process group
 * has been killed). */
int idx_run_filter(const char *const argv[], const idx_filter_limits_t *lim, char **out,
                   size_t *out_len, char *reason);

/* ---- scan.c ---- */

/* The text of the image-only PDF at PATH by OCR: pdftoppm renders the
 * pages (at most 100), tesseract reads them with its Norwegian and Danish
 * models; pages are separated by form feeds.  Each program runs under
 * filter limits.  Returns 0 with *text malloc()ed, or -1 (REASON says
 * why: tesseract or its models missing, a page that failed). */
int idx_ocr_pdf(const char *path, char **text, size_t *text_len, char *reason);

/* ---- encoding.c ---- */

/* What TEXT is: UTF-8, UTF-16 (by its mark or its NUL pattern), binary
 * (other NULs), UTF-8 with a few invalid bytes (more valid multi-byte
 * sequences than invalid bytes: Windows-1252 Nordic text has almost no
 * valid ones), else Windows-1252. */
idx_encoding_t idx_detect_encoding(const char *text, size_t len);

/* Converts SRC->raw (in ENC) into SRC->text as UTF-8.  0, or -1 when out
 * of memory. */
int idx_convert(idx_source_t *src, idx_encoding_t enc);

/* The byte offset in the file on disk of byte OFF of SRC->text. */
size_t idx_source_offset(const idx_source_t *src, size_t off);

const char *idx_encoding_name(idx_encoding_t enc);

/* The code point of Windows-1252 byte C (U+FFFD where the code page has a
 * hole). */
uint32_t idx_cp1252(unsigned char c);

/* ---- write.c ---- */

typedef struct {
    uint32_t passages;
    uint32_t junk_runs;  /* runs of encoded or binary data left out (psg_blank_junk) */
    uint64_t junk_bytes; /* their bytes */
    ana_lang_t lang;
} idx_file_stats_t;

/* idx_prepare_file's result for a file with no text at all, only data
 * that psg_blank_junk() blanks (nothing was written; REASON says so). */
#define IDX_WRITE_NOT_TEXT (-2)

/* Sets value SLOT of DOC to the number V (sortable, schema.h). */
xs_status_t idx_set_number(xs_doc_t *doc, uint32_t slot, double v);

/* The file id of PATH: 16 hex digits of a 64-bit FNV-1a hash. */
void idx_file_id(const char *path, char out[17]);

/* A file's passages replace its old ones in two halves, so analysis can
 * run on another thread than the index writer (worker.c):
 * idx_prepare_file analyses SRC into documents without touching the
 * index (thread-safe with its own ANA); runs of encoded or binary data
 * are blanked (psg_blank_junk), counted in the stats, and a passage of
 * nothing else is left out.  It returns 0, IDX_WRITE_NOT_TEXT, or an
 * xs status (REASON says why); *out is freed with idx_prepared_free (NULL
 * is fine).  idx_write_prepared replaces every passage of the file in DB
 * inside one transaction, so a file's passages change all together;
 * returns 0 or an xs status.  On failure the transaction is cancelled,
 * which (Xapian's unflushed transactions) discards every change since the
 * last commit, earlier files' included. */
typedef struct idx_prepared idx_prepared_t;
int idx_prepare_file(ana_t *ana, const char *path, const idx_source_t *src, idx_prepared_t **out,
                     char *reason);
int idx_write_prepared(xs_db_t *db, const idx_prepared_t *p, char *reason);
void idx_prepared_free(idx_prepared_t *p);
const idx_file_stats_t *idx_prepared_stats(const idx_prepared_t *p);
size_t idx_prepared_text_len(const idx_prepared_t *p);

/* ---- worker.c ---- */

/* A second thread that runs idx_prepare_file while the caller writes.
 * One job at a time: take the previous result (waiting for it) before
 * submitting the next.  The worker has its own analyzer using LEX (not
 * owned, only read). */
typedef struct idx_worker idx_worker_t;
idx_worker_t *idx_worker_new(const ana_lexicon_t *lex);
/* Moves *src (cleared) and a copy of PATH to the worker; TAG comes back
 * with the result.  -1 when a job or an untaken result is still there, or
 * out of memory. */
int idx_worker_submit(idx_worker_t *w, const char *path, idx_source_t *src, void *tag);
/* Waits for the job in flight; returns 1 with its result (as
 * idx_prepare_file returns it, *out owned by the caller), 0 when there
 * was none. */
int idx_worker_take(idx_worker_t *w, idx_prepared_t **out, int *rc, char *reason, void **tag);
/* Stops the thread; an untaken result is dropped.  NULL is fine. */
void idx_worker_free(idx_worker_t *w);

/* ---- state.c ---- */

/* What identifies a version of a file. */
typedef struct {
    uint64_t size;
    int64_t mtime_ns, ctime_ns;
    uint64_t dev, ino;
    uint32_t crc;          /* CRC-32 of the contents */
} idx_stamp_t;

struct stat;
void idx_stamp_of(const struct stat *st, idx_stamp_t *s);
int idx_stamp_same(const idx_stamp_t *a, const idx_stamp_t *b);
uint32_t idx_checksum(const char *data, size_t len);

/* The metadata key of PATH's record. */
void idx_record_key(const char *path, char *key, size_t cap);

/* Reads PATH's record: 0 found, 1 none (or another path's), -1 error. */
int idx_record_get(xs_db_t *db, const char *path, idx_stamp_t *s);

/* Writes PATH's record (pending until the next commit). */
xs_status_t idx_record_set(xs_db_t *db, const char *path, const idx_stamp_t *s);

/* Failures are remembered with the file's stamp: idx_failure_get returns
 * 0 (and the reason) when PATH failed before and NOW is the same version,
 * 1 when not, -1 on error. */
int idx_failure_get(xs_db_t *db, const char *path, const idx_stamp_t *now, char *reason);
xs_status_t idx_failure_set(xs_db_t *db, const char *path, const idx_stamp_t *s, const char *reason);
void idx_failure_clear(xs_db_t *db, const char *path);

/* A set of paths (files seen in this run; directories that could not be
 * read, under which nothing may be removed). */
typedef struct {
    char **paths;
    size_t n, cap;
    int sorted;
} idx_seen_t;

int idx_seen_add(idx_seen_t *s, const char *path);
int idx_seen_has(idx_seen_t *s, const char *path);
void idx_seen_free(idx_seen_t *s);

/* 1 when PATH is DIR or lies below it. */
int idx_path_under(const char *path, const char *dir);

/* A root's indexed files that are gone, and the files found under it. */
typedef struct {
    size_t gone, found;
    int held;              /* 1: nothing was removed (idx_shrink_suspect) */
} idx_shrink_t;

/* A root losing more than half of its files, and at least this many, or
 * every one, looks like an unmounted share or a failed sync. */
#define IDX_SHRINK_MIN 5

/* 1 when GONE indexed files missing beside FOUND files found under a
 * root look like a missing share rather than deletions: every file gone
 * (FOUND 0), or more gone than found and at least IDX_SHRINK_MIN. */
int idx_shrink_suspect(size_t gone, size_t found);

/* Removes the passages and records of every indexed file under ROOT
 * (absolute) that is not in SEEN and not under a BLOCKED directory,
 * one transaction per file; CB is told each path removed.  SHRINK gets
 * the counts; unless ALLOW_SHRINK, a root they make idx_shrink_suspect
 * loses nothing (SHRINK->held). */
typedef void (*idx_removed_cb)(void *ctx, const char *path);
xs_status_t idx_prune(xs_db_t *db, const char *root, idx_seen_t *seen, idx_seen_t *blocked,
                      int allow_shrink, idx_shrink_t *shrink, idx_removed_cb cb, void *ctx);

/* ---- reuse.c ---- */

/* Content hints: the size and checksum in S point to PATH (pending until
 * the next commit); idx_content_forget drops the hint if it names PATH. */
xs_status_t idx_content_set(xs_db_t *db, const char *path, const idx_stamp_t *s);
void idx_content_forget(xs_db_t *db, const char *path, const idx_stamp_t *s);

/* Another indexed path whose record shows the size and checksum in S
 * (malloc()ed; caller frees), or NULL. */
char *idx_content_find(xs_db_t *db, const char *path, const idx_stamp_t *s);

/* Copies the passages of the indexed file OLD to PATH, whose contents
 * SRC are the same, in one transaction.  Returns 0 (*passages copied),
 * 1 when they cannot be reused (the file name gives another meeting
 * date, or OLD has no passages: analyse PATH instead), -1 when writing
 * failed (REASON says why; the transaction was cancelled). */
int idx_reuse_file(xs_db_t *db, const char *old, const char *path, const idx_source_t *src,
                   uint32_t *passages, char *reason);

/* ---- progress.c ---- */

/* The progress line on a terminal.  Every function accepts NULL (no
 * progress shown) and does nothing then. */
typedef struct idx_progress idx_progress_t;
/* Draws on OUT (not owned).  NULL when out of memory.  Free with
 * idx_progress_free, which erases the line. */
idx_progress_t *idx_progress_new(FILE *out);
void idx_progress_free(idx_progress_t *p);
/* Adds to the expected totals (from a counting walk before the run). */
void idx_progress_add_total(idx_progress_t *p, unsigned files, double bytes);
/* One file done, of BYTES bytes; redraws at most four times a second. */
void idx_progress_step(idx_progress_t *p, double bytes);
/* Erases the line before other output. */
void idx_progress_clear(idx_progress_t *p);

/* ---- bulk.c ---- */

/* A first build of at least this much input (bytes, from a counting walk)
 * is written as shards (REFERAT_BULK_MIN_BYTES overrides, a test hook:
 * testhook.h). */
#define IDX_BULK_MIN_BYTES (32.0 * 1024 * 1024)
/* Text a shard holds before its writer starts the next one: small enough
 * that writing stays at the speed of a fresh index. */
#define IDX_BULK_SHARD_BYTES (48.0 * 1024 * 1024)
/* Passages a shard writer's Xapian buffers before it merges their
 * postings into the shard's tables (XAPIAN_FLUSH_THRESHOLD, 10,000 by
 * default; a commit every COMMIT_EVERY files, about 3,500 passages, merges
 * them too): a smaller buffer costs less CPU and memory than a larger one
 * (docs/performance.md, "The first build, round 1"). */
#define IDX_BULK_FLUSH_DOCS "300"

/* Takes DIR/REFERAT_LOCK_FILE (schema.h) for this process (released at exit): 0, or 1
 * when another process holds it, or -1 with errno.  *FD receives the
 * lock's descriptor (keep it open). */
int idx_lock_dir(const char *dir, int *fd);
/* 1 when DIR holds a Xapian database (or a stub naming one). */
int idx_has_database(const char *dir);
/* What a directory named as the index is. */
typedef enum {
    IDX_DIR_NEW,       /* does not exist yet (it is created), or cannot be looked at here
                          (opening it says why) */
    IDX_DIR_INDEX,     /* a referat index; or empty; or holding only what an unfinished
                          first build leaves (the lock, Xapian's tables, REFERAT_BULK_DIR) */
    IDX_DIR_NOT_DIR,   /* exists and is no directory */
    IDX_DIR_OTHER      /* holds other files, or a Xapian database that is no referat index */
} idx_dir_t;
idx_dir_t idx_dir_kind(const char *dir);
/* Removes what a crashed first build left in DIR: its REFERAT_BULK_DIR,
 * and when DIR has no database, tables moved in without a version file.
 * Returns 1 when it found a build that had not installed its index. */
int idx_bulk_clean(const char *dir);
/* Moves the database FROM (written by compaction) into DIR, which has
 * none: tables first, the version file last.  0, or -1 with REASON. */
int idx_bulk_install(const char *from, const char *dir, char *reason);

#endif /* REFERAT_IDX_H */
