/* test_xs.c - unit tests for the Xapian shim (lib/xs).
 *
 * Every test works in its own mkdtemp() directory, removed at its end.
 * Most search tests share one small corpus (make_corpus) whose docids are
 * 1..5 in the order of the table below.
 */
#include "xs/xs.h"
#include "tap.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ------------------------------------------------------------------ */
/* Helpers                                                             */

static char *tmpdir_new(void)
{
    const char *base = getenv("TMPDIR");
    char templ[512];
    snprintf(templ, sizeof templ, "%s/test_xs.XXXXXX", base && *base ? base : "/tmp");
    return strdup(mkdtemp(templ) ? templ : "");
}

static void rm_rf(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return;
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        if (d) {
            struct dirent *e;
            while ((e = readdir(d)) != NULL) {
                if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
                    continue;
                char sub[1024];
                snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
                rm_rf(sub);
            }
            closedir(d);
        }
        rmdir(path);
    } else {
        unlink(path);
    }
}

static void tmpdir_free(char *dir)
{
    if (dir && *dir)
        rm_rf(dir);
    free(dir);
}

/* DIR/NAME in static buffer SLOT (0..3), valid until SLOT is reused. */
static const char *in_dir(const char *dir, const char *name, int slot)
{
    static char buf[4][1024];
    int n = snprintf(buf[slot], sizeof buf[slot], "%s/%s", dir, name);
    if (n < 0 || (size_t)n >= sizeof buf[slot])
        printf("#   path too long: %s/%s\n", dir, name);
    return buf[slot];
}

static xs_db_t *open_db(const char *path, xs_db_mode_t mode)
{
    xs_db_t *db = xs_db_new();
    if (db && xs_db_open(db, path, mode) != XS_OK) {
        printf("#   open %s: %s\n", path, xs_db_error(db));
        xs_db_free(db);
        return NULL;
    }
    return db;
}

/* Indexes TEXT (space-separated words, positions from 1) as document
 * IDTERM, with boolean CAT term "XC<cat>", value 0 = CAT, value 1 = YEAR
 * and data DATA, its weights normalised with NORM unless that is NULL
 * (xs_doc_normalise).  Returns the docid (0 on failure). */
static uint32_t add_doc_norm(xs_db_t *db, const char *idterm, const char *text, const char *cat,
                             const char *year, const char *data, const xs_norm_t *norm)
{
    xs_doc_t *doc = xs_doc_new();
    char words[256], boolean[32];
    uint32_t pos = 0, docid = 0, len = 0;
    snprintf(words, sizeof words, "%s", text);
    for (char *w = strtok(words, " "); w; w = strtok(NULL, " "))
        if (xs_doc_add_posting(doc, w, ++pos, 1) != XS_OK)
            goto out;
    snprintf(boolean, sizeof boolean, "XC%s", cat);
    if (xs_doc_add_boolean(doc, boolean) != XS_OK ||
        (norm && (xs_doc_normalise(doc, norm, &len) != XS_OK || len != pos)) ||
        xs_doc_set_value(doc, 0, cat, strlen(cat)) != XS_OK ||
        xs_doc_set_value(doc, 1, year, strlen(year)) != XS_OK ||
        xs_doc_set_data(doc, data, strlen(data)) != XS_OK)
        goto out;
    if (xs_db_replace_doc(db, idterm, doc, &docid) != XS_OK)
        printf("#   replace %s: %s\n", idterm, xs_db_error(db));
out:
    xs_doc_free(doc);
    return docid;
}

static uint32_t add_doc(xs_db_t *db, const char *idterm, const char *text,
                        const char *cat, const char *year, const char *data)
{
    return add_doc_norm(db, idterm, text, cat, year, data, NULL);
}

/* The shared corpus; docids 1..5 in this order. */
static const struct {
    const char *id, *text, *cat, *year;
} corpus[] = {
    {"Q1", "the quick brown fox", "a", "2001"},
    {"Q2", "brown quick the fox", "a", "2003"},
    {"Q3", "lazy dog sleeps quickly", "b", "2002"},
    {"Q4", "quick dog runs quick", "b", "2005"},
    {"Q5", "fox and dog", "c", "2004"},
};
#define CORPUS_N (sizeof corpus / sizeof corpus[0])

/* Creates the corpus at PATH, committed, each document normalised with
 * NORM unless that is NULL; returns 1 on success. */
static int make_corpus_norm(const char *path, const xs_norm_t *norm)
{
    xs_db_t *db = open_db(path, XS_DB_CREATE);
    int ok = db != NULL;
    for (size_t i = 0; ok && i < CORPUS_N; i++) {
        char data[16];
        snprintf(data, sizeof data, "doc %zu", i + 1);
        ok = add_doc_norm(db, corpus[i].id, corpus[i].text, corpus[i].cat,
                          corpus[i].year, data, norm) == i + 1;
    }
    ok = ok && xs_db_commit(db) == XS_OK;
    ok = ok && xs_db_close(db) == XS_OK;
    xs_db_free(db);
    return ok;
}

static int make_corpus(const char *path)
{
    return make_corpus_norm(path, NULL);
}

static xs_query_t *T(const char *term)
{
    return xs_query_term(term, 1, 0);
}

/* Combines A and B with OP and frees them (test convenience). */
static xs_query_t *Q2(xs_op_t op, xs_query_t *a, xs_query_t *b, uint32_t window)
{
    xs_query_t *subs[2] = {a, b};
    xs_query_t *q = xs_query_combine(op, subs, 2, window);
    xs_query_free(a);
    xs_query_free(b);
    return q;
}

/* Runs Q (freed) with OPTS (NULL = defaults) and returns the docids of
 * the hits, space-separated, in rank order ("" for none, "ERR" on
 * failure).  SORTED sorts them numerically instead. */
static const char *hits(xs_db_t *db, xs_query_t *q, const xs_search_opts_t *opts, int sorted)
{
    static char buf[256];
    uint32_t ids[64];
    size_t n = 0;
    xs_mset_t *m = NULL;
    xs_status_t st = xs_db_search(db, q, opts, &m);
    xs_query_free(q);
    if (st != XS_OK) {
        printf("#   search: %s: %s\n", xs_status_string(st), xs_db_error(db));
        return "ERR";
    }
    for (; n < xs_mset_size(m) && n < 64; n++)
        xs_mset_hit(m, n, &ids[n], NULL, NULL);
    xs_mset_free(m);
    for (size_t i = 1; sorted && i < n; i++)
        for (size_t j = i; j > 0 && ids[j - 1] > ids[j]; j--) {
            uint32_t t = ids[j];
            ids[j] = ids[j - 1];
            ids[j - 1] = t;
        }
    buf[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        size_t used = strlen(buf);
        snprintf(buf + used, sizeof buf - used, "%s%u", i ? " " : "", (unsigned)ids[i]);
    }
    return buf;
}

/* Weight of docid DOCID for Q (freed), or -1 when it is not a hit. */
static double weight_of(xs_db_t *db, xs_query_t *q, const xs_search_opts_t *opts, uint32_t docid)
{
    xs_mset_t *m = NULL;
    double w = -1;
    if (xs_db_search(db, q, opts, &m) == XS_OK) {
        for (size_t i = 0; i < xs_mset_size(m); i++) {
            uint32_t id;
            double wt;
            xs_mset_hit(m, i, &id, NULL, &wt);
            if (id == docid)
                w = wt;
        }
    }
    xs_query_free(q);
    xs_mset_free(m);
    return w;
}

/* Collects terms from the callbacks as "term:freq term:freq ...". */
struct collect {
    char buf[512];
    int stop_after; /* 0 = never stop */
    int seen;
};

static int collect_term(void *ctx, const char *term, size_t len, uint32_t freq)
{
    struct collect *c = ctx;
    size_t used = strlen(c->buf);
    snprintf(c->buf + used, sizeof c->buf - used, "%s%.*s:%u", used ? " " : "",
             (int)len, term, (unsigned)freq);
    return c->stop_after && ++c->seen >= c->stop_after;
}

static int collect_match(void *ctx, const char *term, size_t len)
{
    return collect_term(ctx, term, len, 0);
}

static void write_garbage(const char *path, size_t len)
{
    int fd = open(path, O_WRONLY | O_TRUNC);
    unsigned char block[512];
    for (size_t i = 0; i < sizeof block; i++)
        block[i] = (unsigned char)(i * 131u + 7u);
    for (size_t done = 0; fd >= 0 && done < len; done += sizeof block)
        if (write(fd, block, sizeof block) < 0)
            break;
    if (fd >= 0)
        close(fd);
}

/* ------------------------------------------------------------------ */
/* Status strings, NULL safety, handles                                */

TEST(status_strings)
{
    xs_status_t all[] = {XS_OK, XS_NOT_FOUND, XS_LOCKED, XS_CORRUPT, XS_MODIFIED,
                         XS_NO_MEMORY, XS_INVALID, XS_IO, XS_VERSION, XS_ERROR};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        const char *s = xs_status_string(all[i]);
        CHECK(s != NULL && *s != '\0');
        for (size_t j = 0; j < i; j++)
            CHECK(strcmp(s, xs_status_string(all[j])) != 0);
    }
    CHECK(xs_status_string((xs_status_t)999) != NULL);
}

TEST(free_null_is_noop)
{
    xs_db_free(NULL);
    xs_doc_free(NULL);
    xs_query_free(NULL);
    xs_mset_free(NULL);
    CHECK_STR(xs_db_error(NULL), "");
    CHECK(xs_db_close(NULL) == XS_INVALID);
    CHECK(xs_mset_size(NULL) == 0);
    CHECK(xs_query_is_empty(NULL) == 1);
}

TEST(unopened_and_wrong_mode_handles)
{
    char *dir = tmpdir_new();
    const char *path = in_dir(dir, "db", 0);
    xs_db_t *db = xs_db_new();
    uint32_t n;
    xs_mset_t *m = NULL;
    xs_query_t *q = T("x");

    /* Unopened. */
    CHECK(xs_db_doccount(db, &n) == XS_INVALID);
    CHECK(strlen(xs_db_error(db)) > 0);
    CHECK(xs_db_commit(db) == XS_INVALID);
    CHECK(xs_db_search(db, q, NULL, &m) == XS_INVALID && m == NULL);
    CHECK(xs_db_close(db) == XS_OK); /* nothing to close */
    xs_db_free(db);

    CHECK(make_corpus(path));

    /* A reader refuses writer-only operations. */
    db = open_db(path, XS_DB_READ);
    xs_doc_t *doc = xs_doc_new();
    CHECK(db != NULL);
    CHECK(xs_db_begin(db) == XS_INVALID);
    CHECK(xs_db_commit(db) == XS_INVALID);
    CHECK(xs_db_replace_doc(db, "Q9", doc, NULL) == XS_INVALID);
    CHECK(xs_db_delete_docs(db, "Q1") == XS_INVALID);
    CHECK(xs_db_set_metadata(db, "k", "v") == XS_INVALID);
    CHECK(strlen(xs_db_error(db)) > 0);
    CHECK(xs_db_doccount(db, &n) == XS_OK && n == 5);
    CHECK_STR(xs_db_error(db), "");
    /* A handle is opened once. */
    CHECK(xs_db_open(db, path, XS_DB_READ) == XS_INVALID);
    CHECK(xs_db_close(db) == XS_OK);
    CHECK(xs_db_close(db) == XS_OK); /* twice is fine */
    CHECK(xs_db_doccount(db, &n) == XS_INVALID);
    CHECK(xs_db_open(db, path, XS_DB_READ) == XS_INVALID);
    xs_db_free(db);

    /* A writer refuses reader-only operations. */
    db = open_db(path, XS_DB_WRITE);
    CHECK(db != NULL);
    CHECK(xs_db_reopen(db) == XS_INVALID);
    CHECK(xs_db_doccount(db, &n) == XS_OK && n == 5); /* reading is fine */
    xs_db_free(db);

    /* Bad arguments. */
    db = xs_db_new();
    CHECK(xs_db_open(db, NULL, XS_DB_READ) == XS_INVALID);
    xs_db_free(db);
    db = xs_db_new();
    CHECK(xs_db_open(db, path, (xs_db_mode_t)42) == XS_INVALID);
    xs_db_free(db);

    xs_query_free(q);
    xs_doc_free(doc);
    tmpdir_free(dir);
}

/* ------------------------------------------------------------------ */
/* Writing and reading                                                 */

TEST(create_commit_read)
{
    char *dir = tmpdir_new();
    const char *path = in_dir(dir, "db", 0);
    CHECK(make_corpus(path));

    xs_db_t *db = open_db(path, XS_DB_READ);
    uint32_t n = 0;
    int exists = -1;
    char *data = NULL;
    size_t len = 0;
    CHECK(db != NULL);
    CHECK(xs_db_doccount(db, &n) == XS_OK && n == 5);
    CHECK(xs_db_termfreq(db, "quick", &n) == XS_OK && n == 3);
    CHECK(xs_db_termfreq(db, "zebra", &n) == XS_OK && n == 0);
    CHECK(xs_db_termfreq(db, "XCb", &n) == XS_OK && n == 2);
    CHECK(xs_db_termfreq(db, "", &n) == XS_INVALID);
    CHECK(xs_db_term_exists(db, "fox", &exists) == XS_OK && exists == 1);
    CHECK(xs_db_term_exists(db, "zebra", &exists) == XS_OK && exists == 0);
    CHECK(xs_db_term_exists(db, "Q3", &exists) == XS_OK && exists == 1);
    CHECK_STR(xs_db_error(db), "");

    CHECK(xs_db_get_data(db, 3, &data, &len) == XS_OK);
    CHECK(data && len == 5 && memcmp(data, "doc 3", 6) == 0);
    free(data);
    CHECK(xs_db_get_value(db, 4, 1, &data, &len) == XS_OK);
    CHECK(data && len == 4 && strcmp(data, "2005") == 0);
    free(data);
    CHECK(xs_db_get_value(db, 4, 7, &data, &len) == XS_OK); /* unset slot */
    CHECK(data && len == 0 && data[0] == '\0');
    free(data);

    CHECK(xs_db_get_data(db, 99, &data, &len) == XS_NOT_FOUND);
    CHECK(data == NULL && strlen(xs_db_error(db)) > 0);
    CHECK(xs_db_get_value(db, 99, 0, &data, &len) == XS_NOT_FOUND);
    CHECK(xs_db_get_data(db, 0, &data, &len) == XS_INVALID);

    xs_db_free(db);
    tmpdir_free(dir);
}

TEST(scratch_database)
{
    /* Written like any database, only without syncing its commits. */
    char *dir = tmpdir_new();
    const char *path = in_dir(dir, "scratch", 0);
    xs_db_t *w = open_db(path, XS_DB_SCRATCH);
    CHECK(w != NULL);
    CHECK(add_doc(w, "Q1", "scratch words", "a", "2001", "doc 1") == 1);
    CHECK(xs_db_commit(w) == XS_OK && xs_db_close(w) == XS_OK);
    xs_db_free(w);
    w = open_db(path, XS_DB_SCRATCH); /* opens an existing one too */
    CHECK(w && add_doc(w, "Q2", "more words", "b", "2002", "doc 2") == 2);
    CHECK(xs_db_commit(w) == XS_OK && xs_db_close(w) == XS_OK);
    xs_db_free(w);
    xs_db_t *db = open_db(path, XS_DB_READ);
    uint32_t n = 0;
    CHECK(db && xs_db_doccount(db, &n) == XS_OK && n == 2);
    CHECK(xs_db_termfreq(db, "words", &n) == XS_OK && n == 2);
    xs_db_free(db);
    tmpdir_free(dir);
}

TEST(record_slot)
{
    /* A document's record is its value in the record slot when it has
     * one there, else its data: the records of older documents read as
     * before. */
    char *dir = tmpdir_new();
    const char *path = in_dir(dir, "db", 0);
    xs_db_t *w = open_db(path, XS_DB_CREATE);
    static const char *const ids[] = { "Qold", "Qnew", "Qboth" };
    for (size_t i = 0; w && i < 3; i++) {
        xs_doc_t *doc = xs_doc_new();
        CHECK(doc && xs_doc_add_posting(doc, "ord", 1, 1) == XS_OK);
        if (i != 1)
            CHECK(xs_doc_set_data(doc, "in data", 7) == XS_OK);
        if (i != 0)
            CHECK(xs_doc_set_value(doc, 20, "in value", 8) == XS_OK);
        CHECK(xs_db_replace_doc(w, ids[i], doc, NULL) == XS_OK);
        xs_doc_free(doc);
    }
    CHECK(w && xs_db_commit(w) == XS_OK && xs_db_close(w) == XS_OK);
    xs_db_free(w);
    xs_db_t *db = open_db(path, XS_DB_READ);
    char *data;
    size_t len;
    static const char *const plain[] = { "in data", "", "in data" };
    static const char *const slot[] = { "in data", "in value", "in value" };
    for (int pass = 0; db && pass < 2; pass++) {
        const char *const *want = pass ? slot : plain;
        for (uint32_t id = 1; id <= 3; id++) {
            CHECK(xs_db_get_data(db, id, &data, &len) == XS_OK);
            CHECK_STR(data, want[id - 1]);
            CHECK(len == strlen(want[id - 1]));
            free(data);
        }
        xs_query_t *q = T("ord");
        xs_search_opts_t o;
        xs_search_opts_init(&o);
        xs_mset_t *m = NULL;
        CHECK(xs_db_search(db, q, &o, &m) == XS_OK && xs_mset_size(m) == 3);
        for (size_t i = 0; m && i < xs_mset_size(m); i++) {
            uint32_t id;
            xs_mset_hit(m, i, &id, NULL, NULL);
            CHECK_STR(xs_mset_data(m, i, &len), want[id - 1]);
        }
        xs_mset_free(m);
        xs_query_free(q);
        xs_db_set_record_slot(db, 20);
    }
    xs_db_set_record_slot(db, XS_NO_SLOT);
    CHECK(xs_db_get_data(db, 2, &data, &len) == XS_OK && len == 0);
    free(data);
    xs_db_free(db);
    tmpdir_free(dir);
}

TEST(missing_table)
{
    /* An empty database lacks docdata and positions; one with documents
     * has them, and a deleted one is named (Xapian would read it as
     * empty). */
    char *dir = tmpdir_new();
    const char *path = in_dir(dir, "db", 0);
    CHECK(xs_missing_table(path, 1) == NULL);         /* no database */
    CHECK(xs_missing_table("/dev/null", 1) == NULL);  /* not a directory */
    xs_db_t *w = open_db(path, XS_DB_CREATE);
    CHECK(w && xs_db_commit(w) == XS_OK && xs_db_close(w) == XS_OK);
    xs_db_free(w);
    CHECK(xs_missing_table(path, 1) == NULL);
    CHECK(make_corpus(path));
    CHECK(xs_missing_table(path, 1) == NULL);
    /* Documents that keep their record in a value have no docdata.glass:
     * asked without the data, its absence is no damage. */
    CHECK(unlink(in_dir(path, "docdata.glass", 1)) == 0);
    CHECK(xs_missing_table(path, 0) == NULL);
    CHECK_STR(xs_missing_table(path, 1), "docdata.glass");
    static const char *const tables[] = { "position.glass", "termlist.glass", "postlist.glass" };
    for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
        CHECK(unlink(in_dir(path, tables[i], 1)) == 0);
        const char *missing = xs_missing_table(path, 0);
        CHECK(missing && strcmp(missing, tables[i]) == 0);
    }
    tmpdir_free(dir);
}

TEST(each_term_prefix)
{
    char *dir = tmpdir_new();
    const char *path = in_dir(dir, "db", 0);
    CHECK(make_corpus(path));
    xs_db_t *db = open_db(path, XS_DB_READ);

    struct collect c = {{0}, 0, 0};
    CHECK(xs_db_each_term(db, "XC", collect_term, &c) == XS_OK);
    CHECK_STR(c.buf, "XCa:2 XCb:2 XCc:1");

    memset(&c, 0, sizeof c);
    CHECK(xs_db_each_term(db, "qu", collect_term, &c) == XS_OK);
    CHECK_STR(c.buf, "quick:3 quickly:1");

    memset(&c, 0, sizeof c);
    c.stop_after = 2;
    CHECK(xs_db_each_term(db, "Q", collect_term, &c) == XS_OK);
    CHECK_STR(c.buf, "Q1:1 Q2:1");

    memset(&c, 0, sizeof c);
    CHECK(xs_db_each_term(db, "nothing", collect_term, &c) == XS_OK);
    CHECK_STR(c.buf, "");
    CHECK(xs_db_each_term(db, NULL, collect_term, &c) == XS_INVALID);

    xs_db_free(db);
    tmpdir_free(dir);
}

/* The walk without frequencies gives the same terms, stops alike, and
 * refuses what xs_db_each_term() refuses. */
TEST(each_term_name)
{
    char *dir = tmpdir_new();
    const char *path = in_dir(dir, "db", 0);
    CHECK(make_corpus(path));
    xs_db_t *db = open_db(path, XS_DB_READ);

    struct collect c = {{0}, 0, 0};
    CHECK(xs_db_each_term_name(db, "qu", collect_match, &c) == XS_OK);
    CHECK_STR(c.buf, "quick:0 quickly:0");

    memset(&c, 0, sizeof c);
    c.stop_after = 2;
    CHECK(xs_db_each_term_name(db, "Q", collect_match, &c) == XS_OK);
    CHECK_STR(c.buf, "Q1:0 Q2:0");

    CHECK(xs_db_each_term_name(db, NULL, collect_match, &c) == XS_INVALID);
    CHECK(xs_db_each_term_name(db, "Q", NULL, &c) == XS_INVALID);

    xs_db_free(db);
    tmpdir_free(dir);
}

TEST(replace_by_idterm)
{
    char *dir = tmpdir_new();
    const char *path = in_dir(dir, "db", 0);
    xs_db_t *db = open_db(path, XS_DB_CREATE);
    uint32_t id1, id2, id3, n;
    char *data = NULL;
    size_t len;

    id1 = add_doc(db, "Qa", "red apple", "a", "2000", "first");
    id2 = add_doc(db, "Qa", "green pear", "b", "2001", "second");
    CHECK(id1 != 0 && id1 == id2);
    CHECK(xs_db_doccount(db, &n) == XS_OK && n == 1);
    CHECK(xs_db_termfreq(db, "apple", &n) == XS_OK && n == 0);
    CHECK(xs_db_termfreq(db, "pear", &n) == XS_OK && n == 1);
    CHECK(xs_db_termfreq(db, "XCa", &n) == XS_OK && n == 0);
    CHECK(xs_db_get_data(db, id1, &data, &len) == XS_OK);
    CHECK_STR(data, "second");
    free(data);

    /* One xs_doc written under two ids: each stored document carries only
     * its own id term, and the caller's document is left as it was. */
    xs_doc_t *doc = xs_doc_new();
    CHECK(xs_doc_add_term(doc, "shared", 1) == XS_OK);
    CHECK(xs_db_replace_doc(db, "Qb", doc, &id2) == XS_OK);
    CHECK(xs_db_replace_doc(db, "Qc", doc, &id3) == XS_OK);
    CHECK(id2 != id3 && id2 != id1);
    CHECK(xs_db_termfreq(db, "Qb", &n) == XS_OK && n == 1);
    CHECK(xs_db_termfreq(db, "Qc", &n) == XS_OK && n == 1);
    CHECK(xs_db_termfreq(db, "shared", &n) == XS_OK && n == 2);
    /* An id term the document already has is kept. */
    CHECK(xs_doc_add_boolean(doc, "Qd") == XS_OK);
    CHECK(xs_db_replace_doc(db, "Qd", doc, NULL) == XS_OK);
    CHECK(xs_db_replace_doc(db, "Qe", doc, NULL) == XS_OK);
    CHECK(xs_db_termfreq(db, "Qd", &n) == XS_OK && n == 2);
    CHECK(xs_db_doccount(db, &n) == XS_OK && n == 5);
    xs_doc_free(doc);

    CHECK(xs_db_replace_doc(db, "", NULL, NULL) == XS_INVALID);
    CHECK(xs_db_commit(db) == XS_OK);
    xs_db_free(db);
    tmpdir_free(dir);
}

/* A stored document loaded, edited and stored under another id equals
 * the original in every term, position, value and byte of data, except
 * for the edits (indexer/reuse.c copies renamed files' passages so). */
TEST(load_edit_copy_doc)
{
    char *dir = tmpdir_new();
    const char *path = in_dir(dir, "db", 0);
    xs_db_t *db = open_db(path, XS_DB_CREATE);
    xs_doc_t *doc = xs_doc_new();
    uint32_t id1 = 0, id2 = 0;
    CHECK(xs_doc_add_posting(doc, "møte", 1, 1) == XS_OK);
    CHECK(xs_doc_add_posting(doc, "møte", 7, 1) == XS_OK);
    CHECK(xs_doc_add_posting(doc, "Zmøt", 1, 1) == XS_OK);
    CHECK(xs_doc_add_term(doc, "Ititle", 3) == XS_OK);
    CHECK(xs_doc_add_boolean(doc, "Fold") == XS_OK);
    CHECK(xs_doc_add_boolean(doc, "Lnb") == XS_OK);
    CHECK(xs_doc_set_value(doc, 0, "/a/old.txt", 10) == XS_OK);
    CHECK(xs_doc_set_value(doc, 5, "\0\1\2", 3) == XS_OK);
    CHECK(xs_doc_set_data(doc, "z\0\0\0\3abc", 8) == XS_OK);
    CHECK(xs_db_replace_doc(db, "Qold-1", doc, &id1) == XS_OK);
    xs_doc_free(doc);

    uint32_t *ids = NULL;
    size_t n = 99;
    CHECK(xs_db_docids(db, "Fold", &ids, &n) == XS_OK && n == 1 && ids && ids[0] == id1);
    free(ids);
    CHECK(xs_db_docids(db, "Fnone", &ids, &n) == XS_OK && n == 0 && ids == NULL);
    CHECK(xs_db_docids(db, "", &ids, &n) == XS_INVALID);

    xs_doc_t *copy = NULL;
    CHECK(xs_db_load_doc(db, id1, &copy) == XS_OK && copy);
    CHECK(xs_doc_remove_term(copy, "Fold") == XS_OK);
    CHECK(xs_doc_remove_term(copy, "Qold-1") == XS_OK);
    CHECK(xs_doc_remove_term(copy, "absent") == XS_OK);
    CHECK(xs_doc_add_boolean(copy, "Fnew") == XS_OK);
    CHECK(xs_doc_set_value(copy, 0, "/b/new.txt", 10) == XS_OK);
    CHECK(xs_db_replace_doc(db, "Qnew-1", copy, &id2) == XS_OK);
    xs_doc_free(copy);
    CHECK(id2 != 0 && id2 != id1);

    char *a = NULL, *b = NULL;
    CHECK(xs_db_describe_doc(db, id1, &a) == XS_OK && a);
    CHECK(xs_db_describe_doc(db, id2, &b) == XS_OK && b);
    CHECK(a && strstr(a, "møte 2 1,7\n") && strstr(a, "Ititle 3\n") && strstr(a, "Fold 0\n"));
    CHECK(a && strstr(a, "value 5 000102\n") && strstr(a, "data 8 "));
    /* The copy: same but for the file term, id term and path. */
    CHECK(b && strstr(b, "møte 2 1,7\n") && strstr(b, "Zmøt 1 1\n") && strstr(b, "Ititle 3\n"));
    CHECK(b && strstr(b, "Fnew 0\n") && !strstr(b, "Fold") && strstr(b, "Qnew-1 0\n") && !strstr(b, "Qold"));
    CHECK(b && strstr(b, "Lnb 0\n") && strstr(b, "value 5 000102\n"));
    const char *da = a ? strstr(a, "data ") : NULL, *db_ = b ? strstr(b, "data ") : NULL;
    CHECK(da && db_ && strcmp(da, db_) == 0);
    free(a);
    free(b);
    CHECK(xs_db_load_doc(db, 9999, &copy) == XS_NOT_FOUND && copy == NULL);
    CHECK(xs_db_load_doc(db, 0, &copy) == XS_INVALID);
    CHECK(xs_doc_remove_term(NULL, "x") == XS_INVALID);
    CHECK(xs_db_commit(db) == XS_OK);
    xs_db_free(db);
    tmpdir_free(dir);
}

TEST(delete_docs_by_term)
{
    char *dir = tmpdir_new();
    const char *path = in_dir(dir, "db", 0);
    CHECK(make_corpus(path));
    xs_db_t *db = open_db(path, XS_DB_WRITE);
    uint32_t n;
    CHECK(xs_db_delete_docs(db, "XCb") == XS_OK);
    CHECK(xs_db_delete_docs(db, "nosuchterm") == XS_OK);
    CHECK(xs_db_commit(db) == XS_OK);
    xs_db_free(db);

    db = open_db(path, XS_DB_READ);
    CHECK(xs_db_doccount(db, &n) == XS_OK && n == 3);
    CHECK(xs_db_termfreq(db, "dog", &n) == XS_OK && n == 1);
    char *data = NULL;
    size_t len;
    CHECK(xs_db_get_data(db, 3, &data, &len) == XS_NOT_FOUND);
    xs_db_free(db);
    tmpdir_free(dir);
}

TEST(document_arguments)
{
    xs_doc_t *doc = xs_doc_new();
    char longterm[XS_MAX_TERM + 2];
    memset(longterm, 'x', sizeof longterm - 1);
    longterm[sizeof longterm - 1] = '\0';
    CHECK(doc != NULL);
    CHECK(xs_doc_add_posting(doc, longterm, 1, 1) == XS_INVALID);
    longterm[XS_MAX_TERM] = '\0';
    CHECK(xs_doc_add_posting(doc, longterm, 1, 1) == XS_OK);
    CHECK(xs_doc_add_posting(doc, "word", 0, 1) == XS_INVALID);
    CHECK(xs_doc_add_posting(doc, "", 1, 1) == XS_INVALID);
    CHECK(xs_doc_add_term(doc, NULL, 1) == XS_INVALID);
    CHECK(xs_doc_add_boolean(NULL, "Xx") == XS_INVALID);
    CHECK(xs_doc_set_value(doc, 0, NULL, 3) == XS_INVALID);
    CHECK(xs_doc_set_value(doc, 0xffffffffu, "v", 1) == XS_INVALID);
    CHECK(xs_doc_set_data(doc, NULL, 0) == XS_OK);
    CHECK(xs_doc_set_data(doc, "a\0b", 3) == XS_OK);
    xs_doc_free(doc);
}

TEST(binary_data_and_values)
{
    char *dir = tmpdir_new();
    const char *path = in_dir(dir, "db", 0);
    xs_db_t *db = open_db(path, XS_DB_CREATE);
    xs_doc_t *doc = xs_doc_new();
    static const char blob[] = {'a', '\0', 'b', '\xff'};
    uint32_t id = 0;
    char *out = NULL;
    size_t len = 0;
    CHECK(xs_doc_set_data(doc, blob, sizeof blob) == XS_OK);
    CHECK(xs_doc_set_value(doc, 3, blob, sizeof blob) == XS_OK);
    CHECK(xs_db_replace_doc(db, "Qbin", doc, &id) == XS_OK);
    CHECK(xs_db_get_data(db, id, &out, &len) == XS_OK);
    CHECK(len == sizeof blob && memcmp(out, blob, len) == 0 && out[len] == '\0');
    free(out);
    CHECK(xs_db_get_value(db, id, 3, &out, &len) == XS_OK);
    CHECK(len == sizeof blob && memcmp(out, blob, len) == 0);
    free(out);
    xs_doc_free(doc);
    xs_db_free(db);
    tmpdir_free(dir);
}

/* ------------------------------------------------------------------ */
/* Transactions and durability                                         */

TEST(transaction_commit_persists)
{
    char *dir = tmpdir_new();
    const char *path = in_dir(dir, "db", 0);
    CHECK(make_corpus(path));
    xs_db_t *w = open_db(path, XS_DB_WRITE);
    uint32_t n;
    CHECK(xs_db_begin(w) == XS_OK);
    CHECK(add_doc(w, "Q6", "new words", "d", "2006", "doc 6") != 0);
    CHECK(add_doc(w, "Q7", "more words", "d", "2007", "doc 7") != 0);
    CHECK(xs_db_commit_transaction(w) == XS_OK);

    /* Unflushed: a reader does not see it before xs_db_commit(). */
    xs_db_t *r = open_db(path, XS_DB_READ);
    CHECK(xs_db_doccount(r, &n) == XS_OK && n == 5);
    CHECK(xs_db_commit(w) == XS_OK);
    CHECK(xs_db_reopen(r) == XS_OK);
    CHECK(xs_db_doccount(r, &n) == XS_OK && n == 7);
    CHECK(xs_db_termfreq(r, "words", &n) == XS_OK && n == 2);
    xs_db_free(r);
    xs_db_free(w);
    tmpdir_free(dir);
}

/* What a reader derived from the index (the query engine's body names)
 * is read again only when the generation says the revision may have
 * moved: not after a reopen that found no commit, always after one that
 * did. */
TEST(reopen_generation)
{
    char *dir = tmpdir_new();
    const char *path = in_dir(dir, "db", 0);
    CHECK(make_corpus(path));
    xs_db_t *r = open_db(path, XS_DB_READ);
    unsigned long g = xs_db_generation(r);
    CHECK(xs_db_reopen(r) == XS_OK);
    CHECK(xs_db_generation(r) == g);
    xs_db_t *w = open_db(path, XS_DB_WRITE);
    CHECK(add_doc(w, "Q6", "new words", "d", "2006", "doc 6") != 0);
    CHECK(xs_db_commit(w) == XS_OK);
    CHECK(xs_db_reopen(r) == XS_OK);
    CHECK(xs_db_generation(r) != g);
    g = xs_db_generation(r);
    CHECK(xs_db_reopen(r) == XS_OK);
    CHECK(xs_db_generation(r) == g);
    xs_db_free(w);
    xs_db_free(r);
    tmpdir_free(dir);
}

TEST(transaction_cancel_discards)
{
    char *dir = tmpdir_new();
    const char *path = in_dir(dir, "db", 0);
    CHECK(make_corpus(path));
    xs_db_t *w = open_db(path, XS_DB_WRITE);
    uint32_t n;
    CHECK(xs_db_begin(w) == XS_OK);
    CHECK(add_doc(w, "Q6", "new words", "d", "2006", "doc 6") != 0);
    CHECK(xs_db_delete_docs(w, "Q1") == XS_OK);
    CHECK(xs_db_doccount(w, &n) == XS_OK && n == 5); /* +1 -1 */
    CHECK(xs_db_cancel_transaction(w) == XS_OK);
    CHECK(xs_db_doccount(w, &n) == XS_OK && n == 5);
    CHECK(xs_db_termfreq(w, "words", &n) == XS_OK && n == 0);
    int exists = 0;
    CHECK(xs_db_term_exists(w, "Q1", &exists) == XS_OK && exists == 1);

    /* The writer stays usable after a cancel. */
    CHECK(xs_db_begin(w) == XS_OK);
    CHECK(add_doc(w, "Q8", "kept", "d", "2008", "doc 8") != 0);
    CHECK(xs_db_commit_transaction(w) == XS_OK);
    CHECK(xs_db_commit(w) == XS_OK);
    xs_db_free(w);

    xs_db_t *r = open_db(path, XS_DB_READ);
    CHECK(xs_db_doccount(r, &n) == XS_OK && n == 6);
    CHECK(xs_db_termfreq(r, "kept", &n) == XS_OK && n == 1);
    CHECK(xs_db_termfreq(r, "words", &n) == XS_OK && n == 0);
    xs_db_free(r);
    tmpdir_free(dir);
}

TEST(transaction_misuse_is_invalid)
{
    char *dir = tmpdir_new();
    xs_db_t *w = open_db(in_dir(dir, "db", 0), XS_DB_CREATE);
    CHECK(xs_db_commit_transaction(w) == XS_INVALID);
    CHECK(xs_db_cancel_transaction(w) == XS_INVALID);
    CHECK(xs_db_begin(w) == XS_OK);
    CHECK(xs_db_begin(w) == XS_INVALID);
    CHECK(strlen(xs_db_error(w)) > 0);
    CHECK(xs_db_commit(w) == XS_INVALID);
    CHECK(strlen(xs_db_error(w)) > 0);
    CHECK(xs_db_commit_transaction(w) == XS_OK);
    CHECK(xs_db_commit(w) == XS_OK);
    CHECK_STR(xs_db_error(w), "");
    xs_db_free(w);
    tmpdir_free(dir);
}

TEST(close_discards_uncommitted)
{
    char *dir = tmpdir_new();
    const char *path = in_dir(dir, "db", 0);
    CHECK(make_corpus(path));
    uint32_t n;

    /* Changes outside a transaction, never committed. */
    xs_db_t *w = open_db(path, XS_DB_WRITE);
    CHECK(add_doc(w, "Q6", "lost words", "d", "2006", "doc 6") != 0);
    CHECK(xs_db_delete_docs(w, "Q1") == XS_OK);
    CHECK(xs_db_set_metadata(w, "lost", "yes") == XS_OK);
    CHECK(xs_db_close(w) == XS_OK);
    xs_db_free(w);

    /* Changes inside an open transaction. */
    w = open_db(path, XS_DB_WRITE);
    CHECK(xs_db_begin(w) == XS_OK);
    CHECK(add_doc(w, "Q7", "lost words", "d", "2007", "doc 7") != 0);
    xs_db_free(w); /* free closes */

    xs_db_t *r = open_db(path, XS_DB_READ);
    char *v = NULL;
    CHECK(xs_db_doccount(r, &n) == XS_OK && n == 5);
    CHECK(xs_db_termfreq(r, "lost", &n) == XS_OK && n == 0);
    CHECK(xs_db_termfreq(r, "Q1", &n) == XS_OK && n == 1);
    CHECK(xs_db_get_metadata(r, "lost", &v) == XS_OK);
    CHECK_STR(v, "");
    free(v);
    xs_db_free(r);
    tmpdir_free(dir);
}

TEST(metadata_round_trip)
{
    char *dir = tmpdir_new();
    const char *path = in_dir(dir, "db", 0);
    xs_db_t *w = open_db(path, XS_DB_CREATE);
    char *v = NULL;
    CHECK(xs_db_set_metadata(w, "schema", "3") == XS_OK);
    CHECK(xs_db_set_metadata(w, "lang", "nb da") == XS_OK);
    CHECK(xs_db_set_metadata(w, "", "x") == XS_INVALID);
    CHECK(xs_db_get_metadata(w, "schema", &v) == XS_OK); /* writer sees its own */
    CHECK_STR(v, "3");
    free(v);
    CHECK(xs_db_commit(w) == XS_OK);
    xs_db_free(w);

    xs_db_t *r = open_db(path, XS_DB_READ);
    CHECK(xs_db_get_metadata(r, "lang", &v) == XS_OK);
    CHECK_STR(v, "nb da");
    free(v);
    CHECK(xs_db_get_metadata(r, "unset", &v) == XS_OK);
    CHECK_STR(v, "");
    free(v);
    CHECK(xs_db_get_metadata(r, NULL, &v) == XS_INVALID && v == NULL);
    uint32_t n = 99;
    CHECK(xs_db_count_metadata(r, "", &n) == XS_OK && n == 2);
    CHECK(xs_db_count_metadata(r, "la", &n) == XS_OK && n == 1);
    CHECK(xs_db_count_metadata(r, "none:", &n) == XS_OK && n == 0);
    CHECK(xs_db_count_metadata(r, "", NULL) == XS_INVALID);
    xs_db_free(r);
    tmpdir_free(dir);
}

/* Collects synonyms joined by ','. */
static int join_syn(void *ctx, const char *syn, size_t len)
{
    char *buf = ctx;
    size_t n = strlen(buf);
    snprintf(buf + n, 256 - n, "%s%.*s", n ? "," : "", (int)len, syn);
    return 0;
}

TEST(synonym_round_trip)
{
    char *dir = tmpdir_new();
    const char *path = in_dir(dir, "db", 0);
    xs_db_t *w = open_db(path, XS_DB_CREATE);
    char buf[256] = "";
    CHECK(xs_db_add_synonym(w, "Xsyktom", "Zsygdom") == XS_OK);
    CHECK(xs_db_add_synonym(w, "Xsyktom", "Zsykdom") == XS_OK);
    CHECK(xs_db_add_synonym(w, "Xsyktom", "Zsygdom") == XS_OK); /* a set */
    CHECK(xs_db_add_synonym(w, "", "Zx") == XS_INVALID);
    CHECK(xs_db_add_synonym(w, "Xa", NULL) == XS_INVALID);
    CHECK(xs_db_each_synonym(w, "Xsyktom", join_syn, buf) == XS_OK); /* writer sees its own */
    CHECK_STR(buf, "Zsygdom,Zsykdom");
    CHECK(xs_db_commit(w) == XS_OK);
    xs_db_free(w);

    xs_db_t *r = open_db(path, XS_DB_READ);
    buf[0] = '\0';
    CHECK(xs_db_each_synonym(r, "Xsyktom", join_syn, buf) == XS_OK);
    CHECK_STR(buf, "Zsygdom,Zsykdom");
    /* The copy in metadata a remote shard is read through. */
    char *copy = NULL;
    CHECK(xs_db_get_metadata(r, "syn:Xsyktom", &copy) == XS_OK);
    CHECK_STR(copy ? copy : "", "Zsygdom\nZsykdom");
    free(copy);
    buf[0] = '\0';
    CHECK(xs_db_each_synonym(r, "Xnone", join_syn, buf) == XS_OK);
    CHECK_STR(buf, "");
    CHECK(xs_db_add_synonym(r, "Xa", "Zb") != XS_OK); /* a reader cannot write */
    CHECK(xs_db_each_synonym(r, NULL, join_syn, buf) == XS_INVALID);
    xs_db_free(r);
    tmpdir_free(dir);
}

/* An index written before the copy of its synonyms existed (the copy and
 * its mark removed) gets the copy at its writer's next commit, though no
 * synonym is added: a remote search reads the synonyms from it. */
TEST(synonym_copy_at_commit)
{
    char *dir = tmpdir_new();
    const char *path = in_dir(dir, "db", 0);
    xs_db_t *w = open_db(path, XS_DB_CREATE);
    CHECK(xs_db_add_synonym(w, "Xsyktom", "Zsygdom") == XS_OK);
    CHECK(xs_db_set_metadata(w, "syn:Xsyktom", "") == XS_OK);
    CHECK(xs_db_set_metadata(w, "referat.synonyms", "") == XS_OK);
    CHECK(xs_db_commit(w) == XS_OK);
    xs_db_free(w);
    char *v = NULL;
    w = open_db(path, XS_DB_WRITE);
    CHECK(xs_db_get_metadata(w, "referat.synonyms", &v) == XS_OK);
    CHECK_STR(v ? v : "?", "");
    free(v);
    CHECK(xs_db_commit(w) == XS_OK);
    xs_db_free(w);
    xs_db_t *r = open_db(path, XS_DB_READ);
    v = NULL;
    CHECK(xs_db_get_metadata(r, "referat.synonyms", &v) == XS_OK);
    CHECK_STR(v ? v : "", "1");
    free(v);
    v = NULL;
    CHECK(xs_db_get_metadata(r, "syn:Xsyktom", &v) == XS_OK);
    CHECK_STR(v ? v : "", "Zsygdom");
    free(v);
    xs_db_free(r);
    tmpdir_free(dir);
}

/* ------------------------------------------------------------------ */
/* Queries and searching                                               */

TEST(query_construction)
{
    xs_query_t *none = xs_query_none(), *all = xs_query_all(), *t = T("a");
    CHECK(xs_query_is_empty(none) == 1);
    CHECK(xs_query_is_empty(all) == 0);
    CHECK(xs_query_is_empty(t) == 0);
    xs_query_t *empty = xs_query_combine(XS_OP_OR, NULL, 0, 0);
    CHECK(empty != NULL && xs_query_is_empty(empty));
    char *desc = xs_query_describe(t);
    CHECK(desc != NULL && strstr(desc, "a") != NULL);
    free(desc);

    CHECK(xs_query_term(NULL, 1, 0) == NULL);
    CHECK(xs_query_term("", 1, 0) == NULL);
    xs_query_t *with_null[2] = {t, NULL};
    CHECK(xs_query_combine(XS_OP_AND, with_null, 2, 0) == NULL);
    CHECK(xs_query_combine((xs_op_t)99, &t, 1, 0) == NULL);
    CHECK(xs_query_combine(XS_OP_AND, NULL, 2, 0) == NULL);
    CHECK(xs_query_scale(t, -1) == NULL);
    CHECK(xs_query_scale(t, NAN) == NULL);
    CHECK(xs_query_scale(NULL, 1) == NULL);
    CHECK(xs_query_wildcard(NULL, 0, 0) == NULL);

    /* Combining copies references: the parts can go first. */
    xs_query_t *both = xs_query_combine(XS_OP_AND, (xs_query_t *[]){t, all}, 2, 0);
    xs_query_free(t);
    xs_query_free(all);
    desc = xs_query_describe(both);
    CHECK(desc != NULL && strstr(desc, "AND") != NULL);
    free(desc);
    xs_query_free(both);
    xs_query_free(none);
    xs_query_free(empty);
}

TEST(search_term)
{
    char *dir = tmpdir_new();
    const char *path = in_dir(dir, "db", 0);
    CHECK(make_corpus(path));
    xs_db_t *db = open_db(path, XS_DB_READ);
    xs_mset_t *m = NULL;
    xs_query_t *q = T("quick");

    CHECK(xs_db_search(db, q, NULL, &m) == XS_OK);
    CHECK(xs_mset_size(m) == 3 && xs_mset_estimated(m) == 3);
    uint32_t id, rank;
    double w0, w1;
    xs_mset_hit(m, 0, &id, &rank, &w0);
    CHECK(id == 4 && rank == 0); /* wdf 2 */
    xs_mset_hit(m, 1, NULL, &rank, &w1);
    CHECK(rank == 1 && w0 > w1 && w1 > 0);
    size_t len;
    CHECK_STR(xs_mset_data(m, 0, &len), "doc 4");
    CHECK(len == 5);
    CHECK(xs_mset_data(m, 9, &len) == NULL && len == 0);
    xs_mset_free(m);
    xs_query_free(q);

    CHECK_STR(hits(db, T("zebra"), NULL, 0), "");
    CHECK_STR(hits(db, xs_query_all(), NULL, 1), "1 2 3 4 5");
    CHECK_STR(hits(db, xs_query_none(), NULL, 1), "");
    CHECK(xs_db_search(db, NULL, NULL, &m) == XS_INVALID && m == NULL);
    xs_db_free(db);
    tmpdir_free(dir);
}

TEST(search_boolean_operators)
{
    char *dir = tmpdir_new();
    const char *path = in_dir(dir, "db", 0);
    CHECK(make_corpus(path));
    xs_db_t *db = open_db(path, XS_DB_READ);

    CHECK_STR(hits(db, Q2(XS_OP_AND, T("quick"), T("fox"), 0), NULL, 1), "1 2");
    CHECK_STR(hits(db, Q2(XS_OP_OR, T("lazy"), T("and"), 0), NULL, 1), "3 5");
    CHECK_STR(hits(db, Q2(XS_OP_AND_NOT, T("quick"), T("fox"), 0), NULL, 1), "4");
    CHECK_STR(hits(db, Q2(XS_OP_FILTER, T("dog"), T("XCb"), 0), NULL, 1), "3 4");
    CHECK_STR(hits(db, Q2(XS_OP_SYNONYM, T("lazy"), T("runs"), 0), NULL, 1), "3 4");

    /* AND_MAYBE: matches of the first; the second only adds weight. */
    CHECK_STR(hits(db, Q2(XS_OP_AND_MAYBE, T("fox"), T("brown"), 0), NULL, 1), "1 2 5");
    CHECK_STR(hits(db, Q2(XS_OP_AND_MAYBE, T("fox"), T("brown"), 0), NULL, 0), "1 2 5");

    /* FILTER does not change weights; AND does. */
    double wf = weight_of(db, Q2(XS_OP_FILTER, T("dog"), T("XCb"), 0), NULL, 3);
    double wt = weight_of(db, T("dog"), NULL, 3);
    double wa = weight_of(db, Q2(XS_OP_AND, T("dog"), T("lazy"), 0), NULL, 3);
    CHECK(wf > 0 && fabs(wf - wt) < 1e-9 && wa > wt);

    /* Three subqueries. */
    xs_query_t *subs[3] = {T("dog"), T("lazy"), T("runs")};
    CHECK_STR(hits(db, xs_query_combine(XS_OP_AND_NOT, subs, 3, 0), NULL, 1), "5");
    for (int i = 0; i < 3; i++)
        xs_query_free(subs[i]);

    xs_db_free(db);
    tmpdir_free(dir);
}

TEST(search_phrase_and_near)
{
    char *dir = tmpdir_new();
    const char *path = in_dir(dir, "db", 0);
    CHECK(make_corpus(path));
    xs_db_t *db = open_db(path, XS_DB_READ);

    /* Order matters for PHRASE: "quick brown" is only in doc 1. */
    CHECK_STR(hits(db, Q2(XS_OP_PHRASE, T("quick"), T("brown"), 0), NULL, 1), "1");
    CHECK_STR(hits(db, Q2(XS_OP_PHRASE, T("brown"), T("quick"), 0), NULL, 1), "2");
    /* "the ... fox" with a gap needs a wider window. */
    CHECK_STR(hits(db, Q2(XS_OP_PHRASE, T("the"), T("fox"), 0), NULL, 1), "2");
    CHECK_STR(hits(db, Q2(XS_OP_PHRASE, T("the"), T("fox"), 4), NULL, 1), "1 2");
    /* NEAR ignores order. */
    CHECK_STR(hits(db, Q2(XS_OP_NEAR, T("brown"), T("quick"), 2), NULL, 1), "1 2");
    CHECK_STR(hits(db, Q2(XS_OP_NEAR, T("dog"), T("quick"), 2), NULL, 1), "4");
    CHECK_STR(hits(db, Q2(XS_OP_NEAR, T("lazy"), T("quickly"), 2), NULL, 1), "");
    CHECK_STR(hits(db, Q2(XS_OP_NEAR, T("lazy"), T("quickly"), 4), NULL, 1), "3");
    xs_db_free(db);
    tmpdir_free(dir);
}

TEST(search_scale)
{
    char *dir = tmpdir_new();
    const char *path = in_dir(dir, "db", 0);
    CHECK(make_corpus(path));
    xs_db_t *db = open_db(path, XS_DB_READ);

    xs_query_t *dog = T("dog");
    double w1 = weight_of(db, T("dog"), NULL, 5);
    double w3 = weight_of(db, xs_query_scale(dog, 3), NULL, 5);
    CHECK(w1 > 0 && fabs(w3 - 3 * w1) < 1e-9);
    double w0 = weight_of(db, xs_query_scale(dog, 0), NULL, 5);
    CHECK(w0 == 0);
    xs_query_free(dog);

    /* "lazy" (doc 3) and "runs" (doc 4) tie; scaling one side of the OR
     * decides which ranks first. */
    CHECK_STR(hits(db, Q2(XS_OP_OR, T("lazy"), T("runs"), 0), NULL, 0), "3 4");
    xs_query_t *lazy = T("lazy"), *runs = T("runs");
    CHECK_STR(hits(db, Q2(XS_OP_OR, xs_query_scale(lazy, 0.5), T("runs"), 0), NULL, 0), "4 3");
    CHECK_STR(hits(db, Q2(XS_OP_OR, T("lazy"), xs_query_scale(runs, 2), 0), NULL, 0), "4 3");
    CHECK_STR(hits(db, Q2(XS_OP_OR, T("lazy"), xs_query_scale(runs, 0.5), 0), NULL, 0), "3 4");
    xs_query_free(lazy);
    xs_query_free(runs);
    xs_db_free(db);
    tmpdir_free(dir);
}

TEST(search_value_range)
{
    char *dir = tmpdir_new();
    const char *path = in_dir(dir, "db", 0);
    CHECK(make_corpus(path));
    xs_db_t *w = open_db(path, XS_DB_WRITE);
    xs_doc_t *doc = xs_doc_new(); /* doc 6: no values at all */
    CHECK(xs_doc_add_term(doc, "novalue", 1) == XS_OK);
    CHECK(xs_db_replace_doc(w, "Q6", doc, NULL) == XS_OK);
    CHECK(xs_db_commit(w) == XS_OK);
    xs_doc_free(doc);
    xs_db_free(w);

    xs_db_t *db = open_db(path, XS_DB_READ);
    CHECK_STR(hits(db, xs_query_value_range(1, "2002", "2004"), NULL, 1), "2 3 5");
    CHECK_STR(hits(db, xs_query_value_range(1, "2004", NULL), NULL, 1), "4 5");
    CHECK_STR(hits(db, xs_query_value_range(1, NULL, "2001"), NULL, 1), "1");
    CHECK_STR(hits(db, xs_query_value_range(1, NULL, NULL), NULL, 1), "1 2 3 4 5");
    CHECK_STR(hits(db, xs_query_value_range(1, "", "2002"), NULL, 1), "1 3");
    CHECK_STR(hits(db, xs_query_value_range(1, "2005", "2001"), NULL, 1), "");
    CHECK_STR(hits(db, xs_query_value_range(0, "b", "b"), NULL, 1), "3 4");
    /* As a filter on a term query. */
    CHECK_STR(hits(db, Q2(XS_OP_FILTER, T("fox"), xs_query_value_range(1, "2002", NULL), 0),
                   NULL, 1), "2 5");
    xs_db_free(db);
    tmpdir_free(dir);
}

TEST(search_wildcard)
{
    char *dir = tmpdir_new();
    const char *path = in_dir(dir, "db", 0);
    CHECK(make_corpus(path));
    xs_db_t *db = open_db(path, XS_DB_READ);
    /* "quick" (3 docs) and "quickly" (1 doc). */
    CHECK_STR(hits(db, xs_query_wildcard("quick", 0, 0), NULL, 1), "1 2 3 4");
    CHECK_STR(hits(db, xs_query_wildcard("quick", 0, 1), NULL, 1), "1 2 3 4");
    /* max_expansion 1 keeps the most frequent expansion. */
    CHECK_STR(hits(db, xs_query_wildcard("quick", 1, 0), NULL, 1), "1 2 4");
    CHECK_STR(hits(db, xs_query_wildcard("quickl", 1, 1), NULL, 1), "3");
    CHECK_STR(hits(db, xs_query_wildcard("zz", 0, 0), NULL, 1), "");
    CHECK_STR(hits(db, xs_query_wildcard("XC", 0, 0), NULL, 1), "1 2 3 4 5");
    /* Ties on frequency (XCa and XCb: 2 docs each) go to byte order. */
    CHECK_STR(hits(db, xs_query_wildcard("XC", 1, 0), NULL, 1), "1 2");
    CHECK_STR(hits(db, xs_query_wildcard("XC", 2, 1), NULL, 1), "1 2 3 4");

    /* OR weighs each expansion as its own term; SYNONYM as one term, so
     * rare "quickly" (doc 3) counts for less in the synonym. */
    double w_or = weight_of(db, xs_query_wildcard("quick", 0, 0), NULL, 3);
    double w_syn = weight_of(db, xs_query_wildcard("quick", 0, 1), NULL, 3);
    double w_term = weight_of(db, T("quickly"), NULL, 3);
    CHECK(w_or > 0 && fabs(w_or - w_term) < 1e-9);
    CHECK(w_syn > 0 && w_syn < w_or - 1e-6);

    /* Inside other operators, scaled, and in a phrase. */
    xs_query_t *wild = xs_query_wildcard("quick", 1, 0);
    xs_query_t *scaled = xs_query_scale(wild, 2);
    double w_scaled = weight_of(db, Q2(XS_OP_AND, scaled, T("dog"), 0), NULL, 4);
    double w_plain = weight_of(db, Q2(XS_OP_AND, T("quick"), T("dog"), 0), NULL, 4);
    CHECK(w_scaled > w_plain && w_plain > 0);
    CHECK_STR(hits(db, Q2(XS_OP_PHRASE, xs_query_wildcard("bro", 0, 0), T("fox"), 0), NULL, 1), "1");
    CHECK_STR(hits(db, Q2(XS_OP_PHRASE, xs_query_wildcard("zz", 0, 0), T("fox"), 0), NULL, 1), "");
    CHECK_STR(hits(db, Q2(XS_OP_PHRASE, Q2(XS_OP_OR, xs_query_wildcard("bro", 0, 0), T("lazy"), 0),
                          T("fox"), 0), NULL, 1), "1");
    xs_query_t *and = Q2(XS_OP_AND, T("brown"), T("lazy"), 0), *fox = T("fox");
    CHECK(xs_query_combine(XS_OP_PHRASE, (xs_query_t *[]){and, fox}, 2, 0) == NULL);
    xs_query_free(and);
    xs_query_free(fox);
    CHECK_STR(hits(db, Q2(XS_OP_NEAR, xs_query_wildcard("do", 0, 1), T("fox"), 3), NULL, 1), "5");
    char *desc = xs_query_describe(wild);
    CHECK(desc != NULL && strstr(desc, "quick") != NULL);
    free(desc);
    CHECK_STR(hits(db, Q2(XS_OP_PHRASE, wild, T("brown"), 0), NULL, 1), "1"); /* frees wild */
    xs_db_free(db);
    tmpdir_free(dir);
}

TEST(search_collapse_sort_offset)
{
    char *dir = tmpdir_new();
    const char *path = in_dir(dir, "db", 0);
    CHECK(make_corpus(path));
    xs_db_t *db = open_db(path, XS_DB_READ);
    xs_search_opts_t o;

    /* Collapsing on the category value: one hit per category. */
    xs_search_opts_init(&o);
    o.collapse_slot = 0;
    xs_mset_t *m = NULL;
    xs_query_t *q = xs_query_all();
    CHECK(xs_db_search(db, q, &o, &m) == XS_OK);
    CHECK(xs_mset_size(m) == 3);
    char seen[4] = "";
    for (size_t i = 0; i < xs_mset_size(m) && i < 3; i++)
        seen[i] = xs_mset_value(m, i, 0, NULL)[0];
    CHECK(strchr(seen, 'a') && strchr(seen, 'b') && strchr(seen, 'c'));
    xs_mset_free(m);
    xs_query_free(q);

    /* Sorting by year, both ways. */
    xs_search_opts_init(&o);
    o.sort_slot = 1;
    CHECK_STR(hits(db, xs_query_all(), &o, 0), "1 3 2 5 4");
    o.sort_reverse = 1;
    CHECK_STR(hits(db, xs_query_all(), &o, 0), "4 5 2 3 1");

    /* Offset and limit; ranks count from the start of the whole list. */
    o.sort_reverse = 0;
    o.offset = 1;
    o.limit = 2;
    q = xs_query_all();
    CHECK(xs_db_search(db, q, &o, &m) == XS_OK);
    CHECK(xs_mset_size(m) == 2 && xs_mset_estimated(m) == 5);
    uint32_t id, rank;
    xs_mset_hit(m, 0, &id, &rank, NULL);
    CHECK(id == 3 && rank == 1);
    xs_mset_hit(m, 1, &id, &rank, NULL);
    CHECK(id == 2 && rank == 2);
    xs_mset_free(m);
    xs_query_free(q);
    o.offset = 10;
    CHECK_STR(hits(db, xs_query_all(), &o, 0), "");
    o.offset = 0;
    o.limit = 0;
    CHECK_STR(hits(db, xs_query_all(), &o, 0), "");

    xs_db_free(db);
    tmpdir_free(dir);
}

TEST(normalised_weights)
{
    char *dir = tmpdir_new();
    const char *plain_path = in_dir(dir, "plain", 0);
    CHECK(make_corpus(plain_path));
    /* The corpus's mean length is 19 / 5 = 3.8 words: as pivot, the
     * normalised weights are BM25's with b, to the rounding. */
    const xs_norm_t norm = { 3.8, 0.75, 0.5, 100000, 0 };
    const char *norm_path = in_dir(dir, "norm", 1);
    CHECK(make_corpus_norm(norm_path, &norm));
    xs_db_t *plain = open_db(plain_path, XS_DB_READ), *normed = open_db(norm_path, XS_DB_READ);
    xs_search_opts_t classic, scaled;
    xs_search_opts_init(&classic);
    classic.bm25_k1 = 1.2;
    classic.bm25_b = 0.75;
    scaled = classic;
    scaled.bm25_b = 0;
    scaled.wdf_scale = norm.scale;
    CHECK_STR(hits(plain, T("quick"), &classic, 0), "4 1 2");
    CHECK_STR(hits(normed, T("quick"), &scaled, 0), "4 1 2");
    for (uint32_t id = 1; id <= CORPUS_N; id++) {
        double a = weight_of(plain, Q2(XS_OP_OR, T("quick"), T("dog"), 0), &classic, id);
        double b = weight_of(normed, Q2(XS_OP_OR, T("quick"), T("dog"), 0), &scaled, id);
        CHECK(a > 0 && fabs(a - b) < 1e-4 * a);
    }
    /* Positions and boolean terms are kept. */
    CHECK_STR(hits(normed, Q2(XS_OP_PHRASE, T("quick"), T("brown"), 0), &scaled, 0), "1");
    CHECK_STR(hits(normed, Q2(XS_OP_FILTER, T("dog"), T("XCb"), 0), &scaled, 1), "3 4");
    char *text = NULL;
    CHECK(xs_db_describe_doc(normed, 1, &text) == XS_OK && text && strstr(text, "XCa 0\n"));
    free(text);
    /* Without the scale, or with b as well, the index is misweighed:
     * the latter is refused. */
    scaled.bm25_b = 0.75;
    xs_mset_t *m = NULL;
    xs_query_t *q = T("quick");
    CHECK(xs_db_search(normed, q, &scaled, &m) == XS_INVALID && m == NULL);
    xs_query_free(q);
    xs_db_free(plain);
    xs_db_free(normed);

    /* A wdf can fall: n = 4 for a document of length 4 at pivot 1 and
     * b 1, so "quick" (wdf 3) keeps round(3 / 4) = 1 and its positions. */
    xs_doc_t *doc = xs_doc_new();
    CHECK(xs_doc_add_posting(doc, "quick", 1, 1) == XS_OK && xs_doc_add_posting(doc, "quick", 2, 1) == XS_OK);
    CHECK(xs_doc_add_posting(doc, "quick", 4, 1) == XS_OK && xs_doc_add_posting(doc, "fox", 3, 1) == XS_OK);
    const xs_norm_t low = { 1, 1, 0.5, 1, 0 };
    uint32_t len = 0;
    CHECK(xs_doc_normalise(doc, &low, &len) == XS_OK && len == 4);
    const char *path = in_dir(dir, "low", 2);
    xs_db_t *db = open_db(path, XS_DB_CREATE);
    uint32_t id = 0;
    CHECK(db && xs_db_replace_doc(db, "Q1", doc, &id) == XS_OK && id == 1);
    CHECK(xs_db_describe_doc(db, 1, &text) == XS_OK && text);
    CHECK(text && strstr(text, "quick 1 1,2,4\n") && strstr(text, "fox 1 3\n"));
    free(text);
    xs_db_free(db);

    /* A discount leaves wdf out of the length: "quick" (wdf 3) and "fox"
     * with 3 of their 4 discounted are a document of length 1, n = 1, so
     * the wdf stay. */
    xs_doc_t *disc = xs_doc_new();
    CHECK(xs_doc_add_term(disc, "quick", 3) == XS_OK && xs_doc_add_term(disc, "fox", 1) == XS_OK);
    const xs_norm_t some = { 1, 1, 0.5, 1, 3 }, all = { 1, 1, 0.5, 1, 99 };
    CHECK(xs_doc_normalise(disc, &some, &len) == XS_OK && len == 1);
    CHECK(xs_doc_normalise(disc, &all, &len) == XS_OK && len == 0);
    xs_doc_free(disc);

    /* Parameters out of range. */
    const xs_norm_t bad[] = { { 0, 0.75, 0.5, 32, 0 }, { 100, 1.5, 0.5, 32, 0 }, { 100, 0.75, -1, 32, 0 },
                              { 100, 0.75, 0.5, 0, 0 }, { NAN, 0.75, 0.5, 32, 0 } };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CHECK(xs_doc_normalise(doc, &bad[i], NULL) == XS_INVALID);
    CHECK(xs_doc_normalise(doc, NULL, NULL) == XS_INVALID);
    CHECK(xs_doc_normalise(NULL, &norm, NULL) == XS_INVALID);
    xs_doc_free(doc);
    tmpdir_free(dir);
}

/* Ties ordered by the tie slots over a whole tie group, however long:
 * 5,000 passages of equal weight, two to a file (slot 0), numbered (slot
 * 1) against the document order, so that the tie order is the reverse of
 * Xapian's.  A page past the start of the group needs the group's
 * smallest keys, which lie at its end in document order. */
TEST(search_stable_ties_whole_group)
{
    enum { N = 5000 };
    char *dir = tmpdir_new();
    const char *path = in_dir(dir, "db", 0);
    xs_db_t *db = open_db(path, XS_DB_SCRATCH);
    int added = db != NULL;
    for (unsigned i = 0; added && i < N; i++) {
        char id[16], file[24], passage[16];
        snprintf(id, sizeof id, "Q%u", i);
        snprintf(file, sizeof file, "%016x", (N - i) / 2);
        snprintf(passage, sizeof passage, "%05u", N - i);
        added = add_doc(db, id, "sak", file, passage, "") == i + 1;
    }
    CHECK(added && xs_db_commit(db) == XS_OK);
    static const uint32_t pages[][2] = { { 0, 10 }, { 28, 3 }, { 95, 20 }, { 4990, 10 } };
    for (size_t p = 0; added && p < sizeof pages / sizeof pages[0]; p++) {
        xs_search_opts_t o;
        xs_search_opts_init(&o);
        o.offset = pages[p][0];
        o.limit = pages[p][1];
        o.tie_slot = 0;
        o.tie_slot2 = 1;
        xs_query_t *q = T("sak");
        xs_mset_t *m = NULL;
        int ok = xs_db_search(db, q, &o, &m) == XS_OK && xs_mset_size(m) == o.limit;
        /* By file, then passage: the document ids from N down. */
        for (size_t k = 0; ok && k < o.limit; k++) {
            uint32_t docid, rank;
            xs_mset_hit(m, k, &docid, &rank, NULL);
            ok = docid == N - (o.offset + k) && rank == o.offset + k;
            if (!ok)
                printf("#   offset %u, hit %zu: docid %u, rank %u\n", o.offset, k, docid, rank);
        }
        CHECK(ok);
        xs_mset_free(m);
        xs_query_free(q);
    }
    xs_db_free(db);
    tmpdir_free(dir);
}

/* Runs Q (split when HEAVY, as xs_db_search_split) with O into *M;
 * XS_OK or the failure. */
static xs_status_t search_maybe_split(xs_db_t *db, xs_query_t *q, xs_query_t *heavy, xs_query_t *light,
                                      const xs_search_opts_t *o, xs_mset_t **m)
{
    return heavy ? xs_db_search_split(db, q, heavy, light, o, m) : xs_db_search(db, q, o, m);
}

/* 1 when Q's hits with O are the same split (HEAVY, LIGHT) and whole:
 * the same documents in the same order, bitwise the same weights. */
static int split_same(xs_db_t *db, xs_query_t *q, xs_query_t *heavy, xs_query_t *light, const xs_search_opts_t *o,
                      int *fewer)
{
    xs_mset_t *whole = NULL, *split = NULL;
    int ok = search_maybe_split(db, q, NULL, NULL, o, &whole) == XS_OK &&
             search_maybe_split(db, q, heavy, light, o, &split) == XS_OK &&
             xs_mset_size(whole) == xs_mset_size(split);
    for (size_t k = 0; ok && k < xs_mset_size(whole); k++) {
        uint32_t d1, d2, r1, r2;
        double w1, w2;
        xs_mset_hit(whole, k, &d1, &r1, &w1);
        xs_mset_hit(split, k, &d2, &r2, &w2);
        ok = d1 == d2 && r1 == r2 && w1 == w2;
        if (!ok)
            printf("#   offset %u, hit %zu: %u (%.17g) whole, %u (%.17g) split\n", o->offset, k, d1, w1, d2, w2);
    }
    /* The split's estimate is of its candidates: fewer when it ran so. */
    *fewer = ok && xs_mset_estimated(split) < xs_mset_estimated(whole);
    xs_mset_free(whole);
    xs_mset_free(split);
    return ok;
}

TEST(search_split_same_hits)
{
    enum { N = 8000 };
    char *dir = tmpdir_new();
    const char *path = in_dir(dir, "db", 0);
    xs_db_t *db = open_db(path, XS_DB_SCRATCH);
    int added = db != NULL;
    /* "felles" in nine passages of ten (a long list, a small weight),
     * "sjelden" in one of twenty, "middels" in one of twelve, each up to
     * three times, in passages of different lengths; the tie values
     * give many passages the same weight. */
    const xs_norm_t norm = { .pivot = 8, .b = 0.75, .min_normlen = 0.5, .scale = 32, .discount = 0 };
    for (unsigned i = 0; added && i < N; i++) {
        char id[16], text[200] = "", file[24], passage[16];
        snprintf(id, sizeof id, "Q%u", i);
        for (unsigned r = 0; r <= i % 3; r++) {
            if (i % 20 == 0)
                strcat(text, "sjelden ");
            if (i % 12 == 0)
                strcat(text, "middels ");
        }
        for (unsigned f = 0; f < 1 + i % 7; f++)
            strcat(text, i % 10 ? "felles " : "annet ");
        snprintf(file, sizeof file, "%08x", i / 5);
        snprintf(passage, sizeof passage, "%05u", i % 5);
        added = add_doc_norm(db, id, text, file, passage, "", &norm) == i + 1;
    }
    CHECK(added && xs_db_commit(db) == XS_OK);
    xs_query_t *parts[3] = { T("sjelden"), T("middels"), NULL };
    xs_query_t *common = T("felles");
    parts[2] = xs_query_scale(common, 0.3);
    xs_query_t *q = xs_query_combine(XS_OP_OR, parts, 3, 0);
    xs_query_t *heavy = xs_query_combine(XS_OP_OR, parts, 2, 0);
    xs_query_t *light = xs_query_combine(XS_OP_OR, parts + 2, 1, 0);
    xs_query_t *less_q = Q2(XS_OP_AND_NOT, xs_query_combine(XS_OP_OR, parts, 3, 0), T("middels"), 0);
    xs_query_t *less_heavy = Q2(XS_OP_AND_NOT, xs_query_combine(XS_OP_OR, parts, 2, 0), T("middels"), 0);
    static const uint32_t pages[][2] = { { 0, 10 }, { 7, 3 }, { 40, 20 }, { 600, 10 } };
    int split_seen = 0;
    for (size_t p = 0; added && p < sizeof pages / sizeof pages[0]; p++)
        for (int ties = 0; ties < 2; ties++)
            for (int scaled = 0; scaled < 2; scaled++) {
                xs_search_opts_t o;
                xs_search_opts_init(&o);
                o.offset = pages[p][0];
                o.limit = pages[p][1];
                o.tie_slot = ties ? 0 : -1;
                o.tie_slot2 = ties ? 1 : -1;
                if (scaled) {
                    o.bm25_b = 0;
                    o.wdf_scale = norm.scale;
                }
                int fewer = 0, fewer_less = 0;
                CHECK(split_same(db, q, heavy, light, &o, &fewer));
                CHECK(split_same(db, less_q, less_heavy, light, &o, &fewer_less));
                split_seen += fewer + fewer_less;
            }
    /* Ranked by date, the split has nothing to gain: the whole search. */
    xs_search_opts_t o;
    xs_search_opts_init(&o);
    o.sort_slot = 1;
    int fewer = 1;
    CHECK(split_same(db, q, heavy, light, &o, &fewer) && !fewer);
    CHECK(split_seen > 0);
    for (size_t i = 0; i < 3; i++)
        xs_query_free(parts[i]);
    xs_query_free(common);
    xs_query_free(q);
    xs_query_free(heavy);
    xs_query_free(light);
    xs_query_free(less_q);
    xs_query_free(less_heavy);
    xs_db_free(db);
    tmpdir_free(dir);
}

TEST(search_bm25_parameters)
{
    char *dir = tmpdir_new();
    const char *path = in_dir(dir, "db", 0);
    CHECK(make_corpus(path));
    xs_db_t *db = open_db(path, XS_DB_READ);
    xs_search_opts_t o;
    xs_search_opts_init(&o);
    CHECK(o.limit == 10 && o.collapse_slot == -1 && o.sort_slot == -1);
    CHECK(o.bm25_k1 == 1 && o.bm25_k2 == 0 && o.bm25_k3 == 1);
    CHECK(o.bm25_b == 0.5 && o.bm25_min_normlen == 0.5 && o.wdf_scale == 0);

    double base = weight_of(db, T("quick"), &o, 4);
    double same = weight_of(db, T("quick"), NULL, 4);
    o.bm25_k1 = 2;
    double k1 = weight_of(db, T("quick"), &o, 4);
    o.bm25_k1 = 1;
    o.bm25_b = 1;
    double b = weight_of(db, T("quick"), &o, 4);
    CHECK(base > 0 && fabs(base - same) < 1e-12);
    CHECK(k1 > 0 && fabs(k1 - base) > 1e-6);
    CHECK(b > 0 && fabs(b - base) > 1e-6);
    /* k1 = 0 ignores wdf: docs 1 and 4 (same length) weigh the same. */
    o.bm25_k1 = 0;
    o.bm25_b = 0.5;
    double w1 = weight_of(db, T("quick"), &o, 1), w4 = weight_of(db, T("quick"), &o, 4);
    CHECK(w1 > 0 && fabs(w1 - w4) < 1e-9);

    /* Out-of-range parameters are refused, not clamped. */
    xs_mset_t *m = NULL;
    xs_query_t *q = T("quick");
    o.bm25_k1 = -1;
    CHECK(xs_db_search(db, q, &o, &m) == XS_INVALID && m == NULL);
    CHECK(strlen(xs_db_error(db)) > 0);
    o.bm25_k1 = 1;
    o.bm25_b = 1.5;
    CHECK(xs_db_search(db, q, &o, &m) == XS_INVALID && m == NULL);
    o.bm25_b = NAN;
    CHECK(xs_db_search(db, q, &o, &m) == XS_INVALID && m == NULL);
    o.bm25_b = 0.5;
    o.min_weight = -1;
    CHECK(xs_db_search(db, q, &o, &m) == XS_INVALID && m == NULL);

    /* A minimum weight keeps exactly the hits that reach it. */
    xs_search_opts_init(&o);
    CHECK(o.min_weight == 0);
    CHECK(xs_db_search(db, q, &o, &m) == XS_OK && xs_mset_size(m) >= 2);
    size_t all = xs_mset_size(m);
    uint32_t docid, rank;
    double top, low;
    xs_mset_hit(m, 0, &docid, &rank, &top);
    xs_mset_hit(m, all - 1, &docid, &rank, &low);
    xs_mset_free(m);
    CHECK(top > low);
    o.min_weight = top;
    CHECK(xs_db_search(db, q, &o, &m) == XS_OK);
    CHECK(xs_mset_size(m) >= 1 && xs_mset_size(m) < all);
    for (size_t i = 0; i < xs_mset_size(m); i++) {
        double w;
        xs_mset_hit(m, i, &docid, &rank, &w);
        CHECK(w >= top);
    }
    xs_mset_free(m);
    xs_query_free(q);
    xs_db_free(db);
    tmpdir_free(dir);
}

TEST(mset_deferred_fetch)
{
    char *dir = tmpdir_new();
    const char *path = in_dir(dir, "db", 0);
    CHECK(make_corpus(path));
    xs_db_t *db = open_db(path, XS_DB_READ);
    xs_search_opts_t o;
    xs_search_opts_init(&o);
    CHECK(o.defer_fetch == 0);
    o.sort_slot = 1; /* by year: docs 1, 2, 4 for "quick" */
    o.defer_fetch = 1;
    xs_query_t *q = T("quick");
    xs_mset_t *m = NULL;
    CHECK(xs_db_search(db, q, &o, &m) == XS_OK && xs_mset_size(m) == 3);
    size_t len = 99;
    uint32_t id;
    /* Nothing read yet: the hit itself is known, its data and values not. */
    xs_mset_hit(m, 0, &id, NULL, NULL);
    CHECK(id == 1);
    CHECK_STR(xs_mset_data(m, 0, &len), "");
    CHECK(len == 0);
    CHECK_STR(xs_mset_value(m, 0, 1, NULL), "");
    CHECK(xs_mset_fetch(db, m, 0) == XS_OK);
    CHECK_STR(xs_mset_data(m, 0, &len), "doc 1");
    CHECK(len == 5);
    CHECK_STR(xs_mset_value(m, 0, 1, NULL), "2001");
    CHECK(xs_mset_fetch(db, m, 0) == XS_OK); /* read once */
    CHECK_STR(xs_mset_data(m, 1, NULL), ""); /* the others still not */
    CHECK(xs_mset_fetch(db, m, 3) == XS_INVALID);
    CHECK(xs_mset_fetch(db, NULL, 0) == XS_INVALID);
    /* Some slots only: the data and those values; the rest read as "" until
     * the hit is read whole. */
    const uint32_t year_only[] = { 1, 1, 9 };
    CHECK(xs_mset_fetch_slots(db, m, 1, year_only, 3) == XS_OK);
    CHECK_STR(xs_mset_data(m, 1, NULL), "doc 2");
    CHECK_STR(xs_mset_value(m, 1, 1, NULL), "2003");
    CHECK_STR(xs_mset_value(m, 1, 0, NULL), "");
    CHECK(xs_mset_fetch_slots(db, m, 1, NULL, 0) == XS_OK); /* already read: kept */
    CHECK_STR(xs_mset_value(m, 1, 1, NULL), "2003");
    CHECK(xs_mset_fetch(db, m, 1) == XS_OK);
    CHECK(xs_mset_value(m, 1, 0, NULL)[0] != '\0');
    CHECK_STR(xs_mset_value(m, 1, 1, NULL), "2003");
    CHECK(xs_mset_fetch_slots(db, m, 2, NULL, 0) == XS_OK); /* no values at all */
    CHECK_STR(xs_mset_data(m, 2, NULL), "doc 4");
    CHECK_STR(xs_mset_value(m, 2, 1, NULL), "");
    CHECK(xs_mset_fetch_slots(db, m, 7, year_only, 1) == XS_INVALID);

    /* Deleted after the search: the reader, reopened, is told so. */
    xs_db_t *w = open_db(path, XS_DB_WRITE);
    CHECK(w && xs_db_delete_docs(w, "Q2") == XS_OK && xs_db_commit(w) == XS_OK);
    xs_db_free(w);
    CHECK(xs_db_reopen(db) == XS_OK);
    xs_mset_free(m);
    m = NULL;
    CHECK(xs_db_search(db, q, &o, &m) == XS_OK && xs_mset_size(m) == 2);
    w = open_db(path, XS_DB_WRITE);
    CHECK(w && xs_db_delete_docs(w, "Q4") == XS_OK && xs_db_commit(w) == XS_OK);
    xs_db_free(w);
    CHECK(xs_db_reopen(db) == XS_OK);
    CHECK(xs_mset_fetch(db, m, 1) == XS_NOT_FOUND);
    CHECK(xs_mset_fetch_slots(db, m, 1, year_only, 1) == XS_NOT_FOUND);
    CHECK(xs_mset_fetch(db, m, 0) == XS_OK);
    CHECK_STR(xs_mset_data(m, 0, NULL), "doc 1");
    xs_mset_free(m);
    xs_query_free(q);
    xs_db_free(db);
    tmpdir_free(dir);
}

TEST(mset_metadata_read_with_hits)
{
    char *dir = tmpdir_new();
    const char *path = in_dir(dir, "db", 0);
    CHECK(make_corpus(path));
    xs_db_t *w = open_db(path, XS_DB_WRITE);
    CHECK(w && xs_db_set_metadata(w, "cat:a", "alpha") == XS_OK &&
          xs_db_set_metadata(w, "cat:b", "beta") == XS_OK && xs_db_commit(w) == XS_OK);
    xs_db_free(w);
    xs_db_t *db = open_db(path, XS_DB_READ);
    xs_search_opts_t o;
    xs_search_opts_init(&o);
    CHECK(o.hit_meta_prefix == NULL && o.hit_meta_slot == -1);
    o.sort_slot = 1; /* by year: docs 1 (a), 2 (a), 4 (b) for "quick" */
    xs_query_t *quick = T("quick"), *dog = T("dog");
    xs_mset_t *plain = NULL, *eager = NULL, *deferred = NULL, *none = NULL;
    /* Not asked for: never read. */
    CHECK(xs_db_search(db, quick, &o, &plain) == XS_OK && xs_mset_size(plain) == 3);
    CHECK(xs_mset_metadata(plain, 0, NULL) == NULL);
    CHECK(xs_mset_fetch_metadata(db, plain, 0) == XS_OK && xs_mset_metadata(plain, 0, NULL) == NULL);
    o.hit_meta_prefix = "cat:";
    o.hit_meta_slot = 0;
    CHECK(xs_db_search(db, quick, &o, &eager) == XS_OK && xs_mset_size(eager) == 3);
    size_t len = 0;
    CHECK_STR(xs_mset_metadata(eager, 0, &len), "alpha");
    CHECK(len == 5);
    CHECK_STR(xs_mset_metadata(eager, 2, NULL), "beta");
    CHECK(xs_mset_metadata(eager, 3, NULL) == NULL);
    /* No entry: read, and empty. */
    CHECK(xs_db_search(db, dog, &o, &none) == XS_OK && xs_mset_size(none) == 3);
    CHECK_STR(xs_mset_metadata(none, 1, &len), ""); /* doc 5, in c */
    CHECK(len == 0);
    o.defer_fetch = 1;
    CHECK(xs_db_search(db, quick, &o, &deferred) == XS_OK && xs_mset_size(deferred) == 3);
    CHECK(xs_mset_metadata(deferred, 0, NULL) == NULL);
    CHECK(xs_mset_fetch_metadata(db, deferred, 0) == XS_OK);
    CHECK_STR(xs_mset_metadata(deferred, 0, NULL), "alpha");
    CHECK(xs_mset_fetch_metadata(db, deferred, 9) == XS_INVALID);

    /* A writer removes file a's entry and document 1; once the reader
     * has reopened, the entries read with the hits are those of the
     * revision searched, where a later read finds none. */
    w = open_db(path, XS_DB_WRITE);
    CHECK(w && xs_db_set_metadata(w, "cat:a", "") == XS_OK && xs_db_delete_docs(w, "Q1") == XS_OK &&
          xs_db_commit(w) == XS_OK);
    xs_db_free(w);
    CHECK(xs_db_reopen(db) == XS_OK);
    CHECK_STR(xs_mset_metadata(eager, 0, NULL), "alpha");
    CHECK_STR(xs_mset_metadata(eager, 1, NULL), "alpha");
    CHECK_STR(xs_mset_metadata(deferred, 0, NULL), "alpha");
    char *v = NULL;
    CHECK(xs_db_doc_metadata(db, 2, "cat:a", &v) == XS_OK && v && !*v);
    free(v);
    /* Read after the reopen: the document gone is said so. */
    CHECK(xs_mset_fetch_metadata(db, deferred, 2) == XS_OK);
    CHECK_STR(xs_mset_metadata(deferred, 2, NULL), "beta");
    xs_mset_t *again = NULL;
    CHECK(xs_db_search(db, quick, &o, &again) == XS_OK && xs_mset_size(again) == 2);
    xs_mset_free(again);
    w = open_db(path, XS_DB_WRITE);
    CHECK(w && xs_db_delete_docs(w, "Q2") == XS_OK && xs_db_commit(w) == XS_OK);
    xs_db_free(w);
    CHECK(xs_db_reopen(db) == XS_OK);
    CHECK(xs_mset_fetch_metadata(db, deferred, 1) == XS_NOT_FOUND);
    CHECK(xs_mset_metadata(deferred, 1, NULL) == NULL);

    xs_mset_free(plain);
    xs_mset_free(eager);
    xs_mset_free(deferred);
    xs_mset_free(none);
    xs_query_free(quick);
    xs_query_free(dog);
    xs_db_free(db);
    tmpdir_free(dir);
}

TEST(mset_values_and_matching_terms)
{
    char *dir = tmpdir_new();
    const char *path = in_dir(dir, "db", 0);
    CHECK(make_corpus(path));
    xs_db_t *db = open_db(path, XS_DB_READ);
    /* Query positions 1..3 give the order of matching terms. */
    xs_query_t *subs[3] = {xs_query_term("zebra", 1, 1), xs_query_term("quick", 1, 2),
                           xs_query_term("fox", 1, 3)};
    xs_query_t *q = xs_query_combine(XS_OP_OR, subs, 3, 0), *q2;
    xs_mset_t *m = NULL;
    xs_search_opts_t o;
    xs_search_opts_init(&o);
    o.sort_slot = 1; /* doc 1 first */
    CHECK(xs_db_search(db, q, &o, &m) == XS_OK);
    CHECK(xs_mset_size(m) == 4);

    size_t len = 99;
    uint32_t id;
    xs_mset_hit(m, 0, &id, NULL, NULL);
    CHECK(id == 1);
    CHECK_STR(xs_mset_value(m, 0, 0, &len), "a");
    CHECK(len == 1);
    CHECK_STR(xs_mset_value(m, 0, 1, &len), "2001");
    CHECK(len == 4);
    CHECK_STR(xs_mset_value(m, 0, 2, &len), ""); /* unset */
    CHECK(len == 0);
    CHECK(xs_mset_value(m, 17, 0, NULL) == NULL);

    struct collect c = {{0}, 0, 0};
    CHECK(xs_mset_matching_terms(db, m, 0, collect_match, &c) == XS_OK);
    CHECK_STR(c.buf, "quick:0 fox:0"); /* query order */
    memset(&c, 0, sizeof c);
    c.stop_after = 1;
    CHECK(xs_mset_matching_terms(db, m, 0, collect_match, &c) == XS_OK);
    CHECK_STR(c.buf, "quick:0");
    CHECK(xs_mset_matching_terms(db, m, 4, collect_match, &c) == XS_INVALID);
    xs_mset_free(m);

    /* Terms a wildcard expanded to are reported. */
    xs_query_t *wq = Q2(XS_OP_OR, xs_query_wildcard("quick", 0, 0), T("lazy"), 0);
    CHECK(xs_db_search(db, wq, &o, &m) == XS_OK && xs_mset_size(m) == 4);
    memset(&c, 0, sizeof c);
    CHECK(xs_mset_matching_terms(db, m, 0, collect_match, &c) == XS_OK); /* doc 1 */
    CHECK_STR(c.buf, "quick:0");
    memset(&c, 0, sizeof c);
    CHECK(xs_mset_matching_terms(db, m, 1, collect_match, &c) == XS_OK); /* doc 3 */
    CHECK_STR(c.buf, "lazy:0 quickly:0");
    xs_mset_free(m);
    xs_query_free(wq);

    /* Without query positions, byte order. */
    q2 = Q2(XS_OP_OR, T("quick"), T("fox"), 0);
    CHECK(xs_db_search(db, q2, &o, &m) == XS_OK);
    memset(&c, 0, sizeof c);
    CHECK(xs_mset_matching_terms(db, m, 0, collect_match, &c) == XS_OK);
    CHECK_STR(c.buf, "fox:0 quick:0");
    xs_mset_free(m);
    xs_query_free(q2);

    CHECK(xs_db_search(db, q, &o, &m) == XS_OK);

    /* The hit's document deleted since. */
    xs_db_t *w = open_db(path, XS_DB_WRITE);
    CHECK(xs_db_delete_docs(w, "Q1") == XS_OK && xs_db_commit(w) == XS_OK);
    xs_db_free(w);
    CHECK(xs_db_reopen(db) == XS_OK);
    CHECK(xs_mset_matching_terms(db, m, 0, collect_match, &c) == XS_NOT_FOUND);
    CHECK(xs_mset_matching_terms(db, m, 1, collect_match, &c) == XS_OK);

    /* Hits outlive the database handle. */
    xs_db_free(db);
    CHECK_STR(xs_mset_data(m, 0, NULL), "doc 1");
    CHECK_STR(xs_mset_value(m, 3, 1, NULL), "2005");

    for (int i = 0; i < 3; i++)
        xs_query_free(subs[i]);
    xs_query_free(q);
    xs_mset_free(m);
    tmpdir_free(dir);
}

static int collect_pos(void *ctx, uint32_t pos)
{
    char *buf = ctx;
    size_t n = strlen(buf);
    snprintf(buf + n, 64 - n, "%s%u", n ? " " : "", (unsigned)pos);
    return 0;
}

TEST(term_positions)
{
    char *dir = tmpdir_new();
    const char *path = in_dir(dir, "db", 0);
    CHECK(make_corpus(path));
    xs_db_t *db = open_db(path, XS_DB_READ);
    char buf[64] = "";
    /* Doc 4 is "quick dog runs quick". */
    CHECK(xs_db_positions(db, 4, "quick", collect_pos, buf) == XS_OK);
    CHECK_STR(buf, "1 4");
    buf[0] = '\0';
    CHECK(xs_db_positions(db, 4, "fox", collect_pos, buf) == XS_OK);
    CHECK_STR(buf, "");
    CHECK(xs_db_positions(db, 4, "XCb", collect_pos, buf) == XS_OK); /* boolean: no positions */
    CHECK_STR(buf, "");
    CHECK(xs_db_positions(db, 0, "quick", collect_pos, buf) == XS_INVALID);
    CHECK(xs_db_positions(db, 4, "", collect_pos, buf) == XS_INVALID);
    CHECK(xs_db_positions(db, 4, "quick", NULL, buf) == XS_INVALID);
    xs_db_free(db);
    tmpdir_free(dir);
}

TEST(term_wdfs)
{
    char *dir = tmpdir_new();
    const char *path = in_dir(dir, "db", 0);
    CHECK(make_corpus(path));
    xs_db_t *db = open_db(path, XS_DB_READ);
    /* Doc 4 is "quick dog runs quick". */
    const char *terms[] = { "quick", "dog", "fox", "XCb", "quick" };
    uint32_t wdf[5];
    uint64_t len = 0;
    CHECK(xs_db_wdfs(db, 4, terms, 5, wdf, &len) == XS_OK);
    CHECK(wdf[0] == 2 && wdf[1] == 1 && wdf[2] == XS_ABSENT && wdf[4] == 2);
    CHECK(wdf[3] == 0); /* boolean: present, wdf 0 */
    CHECK(len >= 4); /* and the words of any other term */
    CHECK(xs_db_wdfs(db, 0, terms, 5, wdf, &len) == XS_INVALID);
    CHECK(xs_db_wdfs(db, 4, terms, 5, NULL, &len) == XS_INVALID);
    CHECK(xs_db_wdfs(db, 99, terms, 5, wdf, NULL) == XS_NOT_FOUND);
    xs_db_free(db);
    tmpdir_free(dir);
}

static int collect_count(void *ctx, const char *value, size_t len, uint32_t count)
{
    char *buf = ctx;
    size_t n = strlen(buf);
    snprintf(buf + n, 64 - n, "%s%.*s=%u", n ? " " : "", (int)len, value, (unsigned)count);
    return 0;
}

TEST(count_values_over_match_set)
{
    char *dir = tmpdir_new();
    const char *path = in_dir(dir, "db", 0);
    CHECK(make_corpus(path));
    xs_db_t *db = open_db(path, XS_DB_READ);
    char buf[64] = "";
    xs_query_t *q = xs_query_term("dog", 1, 0); /* docs 3, 4, 5: categories b, b, c */
    CHECK(xs_db_count_values(db, q, 0, collect_count, buf) == XS_OK);
    CHECK_STR(buf, "b=2 c=1");
    buf[0] = '\0';
    CHECK(xs_db_count_values(db, q, 9, collect_count, buf) == XS_OK); /* no such values */
    CHECK_STR(buf, "");
    CHECK(xs_db_count_values(db, NULL, 0, collect_count, buf) == XS_INVALID);
    xs_query_free(q);
    xs_db_free(db);
    tmpdir_free(dir);
}

TEST(count_distinct_over_match_set)
{
    char *dir = tmpdir_new();
    const char *path = in_dir(dir, "db", 0);
    CHECK(make_corpus(path));
    xs_db_t *db = open_db(path, XS_DB_READ);
    uint32_t n = 0, d = 0;
    int exact = 0;
    xs_query_t *q = xs_query_term("dog", 1, 0); /* docs 3, 4, 5: categories b, b, c */
    CHECK(xs_db_count_distinct(db, q, 0, 0, &n, &d, &exact) == XS_OK);
    CHECK(n == 3 && d == 2 && exact);
    CHECK(xs_db_count_distinct(db, q, 0, 3, &n, &d, &exact) == XS_OK); /* a cap not reached */
    CHECK(n == 3 && d == 2 && exact);
    /* Capped at 2 of 3: an estimate, the values of the two counted
     * (b, b) scaled to it, never more than the matches. */
    CHECK(xs_db_count_distinct(db, q, 0, 2, &n, &d, &exact) == XS_OK);
    CHECK(!exact && n >= 2 && d >= 1 && d <= n);
    CHECK(xs_db_count_distinct(db, q, 9, 0, &n, &d, &exact) == XS_OK); /* no such values: matches all the same */
    CHECK(n == 3 && d == 0 && exact);
    xs_query_t *none = xs_query_term("cat", 1, 0);
    CHECK(xs_db_count_distinct(db, none, 1, 1, &n, &d, &exact) == XS_OK);
    CHECK(n == 0 && d == 0 && exact);
    CHECK(xs_db_count_distinct(db, NULL, 0, 0, &n, &d, &exact) == XS_INVALID);
    CHECK(xs_db_count_distinct(db, q, 0, 0, NULL, &d, &exact) == XS_INVALID);
    xs_query_free(none);
    xs_query_free(q);
    xs_db_free(db);
    tmpdir_free(dir);
}

/* The file id of passage I of make_files' index: 16 hex digits (63
 * files: passages 10 apart share none), every 10th passage a longer id
 * (3 files), every 25th none. */
static size_t file_id(unsigned i, char *buf)
{
    if (i % 25 == 0)
        return 0;
    if (i % 10 == 0)
        return (size_t)snprintf(buf, 32, "long-file-id-%07u", i / 10 % 3);
    return (size_t)snprintf(buf, 32, "%016x", 0xfeed0000u + i % 70);
}

/* Creates at PATH passages FROM..TO-1 of files with several passages
 * each (file_id), every one with the word "ord"; returns 1 on success. */
static int make_files(const char *path, unsigned from, unsigned to)
{
    xs_db_t *db = open_db(path, XS_DB_CREATE);
    int ok = db != NULL;
    for (unsigned i = from; ok && i < to; i++) {
        char id[32], fid[32];
        xs_doc_t *doc = xs_doc_new();
        size_t len = file_id(i, fid);
        snprintf(id, sizeof id, "Q%u", i);
        /* With a record, as a passage has: a shard without docdata.glass
         * is refused as damaged. */
        ok = doc && xs_doc_add_posting(doc, "ord", 1, 1) == XS_OK && xs_doc_set_data(doc, id, strlen(id)) == XS_OK &&
             (len == 0 || xs_doc_set_value(doc, 7, fid, len) == XS_OK) &&
             xs_db_replace_doc(db, id, doc, NULL) == XS_OK;
        xs_doc_free(doc);
    }
    ok = ok && xs_db_commit(db) == XS_OK && xs_db_close(db) == XS_OK;
    xs_db_free(db);
    return ok;
}

/* The distinct file ids among passages 1..N, counted the slow way. */
static uint32_t distinct_files(unsigned n)
{
    uint32_t d = 0;
    for (unsigned i = 1; i <= n; i++) {
        char a[32], b[32];
        size_t la = file_id(i, a);
        unsigned j = 1;
        while (j < i && !(file_id(j, b) == la && memcmp(a, b, la) == 0))
            j++;
        d += la > 0 && j == i;
    }
    return d;
}

/* A shard list of the local indexes A and B, opened; NULL on failure. */
static xs_db_t *open_shard_pair(const char *a, const char *b)
{
    const char *specs[] = { a, b };
    xs_db_t *db = xs_db_new();
    if (db && xs_db_open_shards(db, specs, 2, 1000, 0) != XS_OK) {
        xs_db_free(db);
        return NULL;
    }
    return db;
}

TEST(count_distinct_several_passages_per_file)
{
    char *dir = tmpdir_new();
    const char *one = in_dir(dir, "one", 0), *a = in_dir(dir, "a", 1), *b = in_dir(dir, "b", 2);
    CHECK(make_files(one, 1, 301) && make_files(a, 1, 151) && make_files(b, 151, 301));
    xs_query_t *q = xs_query_term("ord", 1, 0);
    uint32_t n = 0, d = 0;
    int exact = 0;
    /* 300 passages of 63 + 3 files: more than the set's first table. */
    xs_db_t *db = open_db(one, XS_DB_READ);
    CHECK(xs_db_count_distinct(db, q, 7, 0, &n, &d, &exact) == XS_OK);
    CHECK(n == 300 && d == distinct_files(300) && d == 66 && exact);
    /* Capped at 40 passages: an estimate made from their 38 files. */
    CHECK(xs_db_count_distinct(db, q, 7, 40, &n, &d, &exact) == XS_OK);
    CHECK(!exact && distinct_files(40) == 38 && d >= 38 && d <= n);
    xs_db_free(db);
    /* The same passages in two local shards: the same counts. */
    CHECK((db = open_shard_pair(a, b)) != NULL);
    CHECK(xs_db_count_distinct(db, q, 7, 0, &n, &d, &exact) == XS_OK);
    CHECK(n == 300 && d == 66 && exact);
    xs_db_free(db);
    /* Values that differ only in a trailing NUL are two. */
    const char *nul = in_dir(dir, "nul", 3);
    db = open_db(nul, XS_DB_CREATE);
    for (unsigned i = 0; db && i < 3; i++) {
        char id[8];
        xs_doc_t *doc = xs_doc_new();
        snprintf(id, sizeof id, "Q%u", i);
        CHECK(xs_doc_add_posting(doc, "ord", 1, 1) == XS_OK &&
              xs_doc_set_value(doc, 7, "ab\0", i == 1 ? 3 : 2) == XS_OK &&
              xs_db_replace_doc(db, id, doc, NULL) == XS_OK);
        xs_doc_free(doc);
    }
    CHECK(db && xs_db_commit(db) == XS_OK);
    CHECK(xs_db_count_distinct(db, q, 7, 0, &n, &d, &exact) == XS_OK);
    CHECK(n == 3 && d == 2 && exact);
    xs_db_free(db);
    xs_query_free(q);
    tmpdir_free(dir);
}

/* Creates at PATH files FROM..TO-1 of 5 passages each, a file's
 * passages neighbours as the indexer adds them; the passages of the even
 * files have both "x" and "y".  Returns 1 on success. */
static int make_neighbours(const char *path, unsigned from, unsigned to)
{
    xs_db_t *db = open_db(path, XS_DB_CREATE);
    int ok = db != NULL;
    for (unsigned f = from; ok && f < to; f++)
        for (unsigned p = 1; ok && p <= 5; p++) {
            char id[32], fid[32];
            xs_doc_t *doc = xs_doc_new();
            snprintf(id, sizeof id, "Q%u-%u", f, p);
            snprintf(fid, sizeof fid, "%016x", 0xf11e0000u + f);
            ok = doc && xs_doc_add_posting(doc, "ord", p, 1) == XS_OK && xs_doc_set_data(doc, id, strlen(id)) == XS_OK &&
                 (f % 2 || (xs_doc_add_posting(doc, "x", p, 1) == XS_OK &&
                            xs_doc_add_posting(doc, "y", p, 1) == XS_OK)) &&
                 xs_doc_set_value(doc, 7, fid, 16) == XS_OK && xs_db_replace_doc(db, id, doc, NULL) == XS_OK;
            xs_doc_free(doc);
        }
    ok = ok && xs_db_commit(db) == XS_OK && xs_db_close(db) == XS_OK;
    xs_db_free(db);
    return ok;
}

/* A costly count made over every eighth block of document ids: the
 * passages found there scaled, the same figures on every run and over
 * shards; past the cap scaled by the ids reached (one local database
 * only); not sampled when the count is cheap or the sample too thin. */
TEST(count_sample_scales_a_fixed_share)
{
    char *dir = tmpdir_new();
    const char *path = in_dir(dir, "db", 0), *a = in_dir(dir, "a", 1), *b = in_dir(dir, "b", 2);
    CHECK(make_neighbours(path, 0, 800) && make_neighbours(a, 0, 400) && make_neighbours(b, 400, 800));
    xs_db_t *db = open_db(path, XS_DB_READ);
    xs_query_t *pair[2] = { xs_query_term("x", 1, 0), xs_query_term("y", 1, 0) };
    xs_query_t *q = xs_query_combine(XS_OP_AND, pair, 2, 0); /* 2,000 of 4,000 passages, 400 files */
    xs_query_t *one = xs_query_term("Q3-1", 1, 0);
    uint32_t n = 0, d = 0, n2 = 0, d2 = 0;
    int sampled = 0;
    CHECK(xs_db_count_sample(db, q, NULL, 7, 0, 1, &n, &d, &sampled) == XS_OK);
    CHECK(sampled && n >= 1800 && n <= 2200 && d >= 1 && d <= n);
    CHECK(xs_db_count_sample(db, q, NULL, 7, 10000, 1, &n2, &d2, &sampled) == XS_OK);
    CHECK(sampled && n2 == n && d2 == d);
    n = d = 7;
    CHECK(xs_db_count_sample(db, q, NULL, 7, 0, 2000, &n, &d, &sampled) == XS_OK); /* cheap: not sampled */
    CHECK(!sampled && n == 7 && d == 7);
    /* Past the cap the sample's matches among the ids up to the last
     * seen, scaled by the sampled ids up to it. */
    CHECK(xs_db_count_sample(db, q, NULL, 7, 150, 1, &n2, &d2, &sampled) == XS_OK);
    CHECK(sampled && n2 >= 1800 && n2 <= 2200 && d2 <= n2);
    /* Stopped at 50: too few to scale, but not few. */
    CHECK(xs_db_count_sample(db, q, NULL, 7, 50, 1, &n, &d, &sampled) == XS_OK);
    CHECK(sampled == 0);
    /* The sample searched whole and too few to scale: few, nothing set. */
    n = d = 7;
    CHECK(xs_db_count_sample(db, one, NULL, 7, 0, 0, &n, &d, &sampled) == XS_OK);
    CHECK(sampled == -1 && n == 7 && d == 7);
    CHECK(xs_db_count_sample(db, NULL, NULL, 7, 0, 0, &n, &d, &sampled) == XS_INVALID);
    CHECK(xs_db_count_sample(db, q, NULL, 7, 0, 0, &n, NULL, &sampled) == XS_INVALID);
    xs_db_free(db);
    /* Each shard sampled by its own ids: as close. */
    CHECK((db = open_shard_pair(a, b)) != NULL);
    CHECK(xs_db_count_sample(db, q, NULL, 7, 0, 1, &n, &d, &sampled) == XS_OK);
    CHECK(sampled && n >= 1800 && n <= 2200 && d >= 1 && d <= n);
    CHECK(xs_db_count_sample(db, q, NULL, 7, 150, 1, &n, &d, &sampled) == XS_OK); /* past the cap: as before */
    CHECK(!sampled);
    xs_db_free(db);
    xs_query_free(one);
    xs_query_free(q);
    xs_query_free(pair[0]);
    xs_query_free(pair[1]);
    tmpdir_free(dir);
}

/* Adds passage ID of file F with words x and y and file id F in slot 7. */
static int add_passage_of(xs_db_t *db, const char *id, unsigned f)
{
    char fid[32];
    snprintf(fid, sizeof fid, "%016x", 0xf11e0000u + f);
    xs_doc_t *doc = xs_doc_new();
    int ok = doc && xs_doc_add_posting(doc, "x", 1, 1) == XS_OK && xs_doc_add_posting(doc, "y", 2, 1) == XS_OK &&
             xs_doc_set_data(doc, id, strlen(id)) == XS_OK && xs_doc_set_value(doc, 7, fid, 16) == XS_OK &&
             xs_db_replace_doc(db, id, doc, NULL) == XS_OK;
    xs_doc_free(doc);
    return ok;
}

/* The meetings of x AND y through READER (which may use runs): matches
 * and distinct file ids, all counted. */
static int count_pair(xs_db_t *reader, uint32_t *n, uint32_t *d)
{
    xs_query_t *pair[2] = { xs_query_term("x", 1, 0), xs_query_term("y", 1, 0) };
    xs_query_t *q = xs_query_combine(XS_OP_AND, pair, 2, 0);
    int exact = 0, ok = q && xs_db_count_distinct(reader, q, 7, 0, n, d, &exact) == XS_OK && exact;
    xs_query_free(q);
    xs_query_free(pair[0]);
    xs_query_free(pair[1]);
    return ok;
}

/* The runs of a slot's values that a writer stores: the distinct values
 * counted through them are those the values give, also with a file's
 * passages apart (one replaced by a passage added at the end) and one
 * deleted; runs that do not hold for the index (made up, or stamped by
 * another commit) are passed over, and a document without the value
 * leaves no runs. */
TEST(value_runs_count_as_the_values_do)
{
    char *dir = tmpdir_new();
    const char *path = in_dir(dir, "db", 0);
    CHECK(make_neighbours(path, 0, 40)); /* 200 passages of 40 files; 20 files hold x and y */
    xs_db_t *w = open_db(path, XS_DB_WRITE);
    CHECK(w && xs_db_delete_docs(w, "Q2-3") == XS_OK && add_passage_of(w, "Q2-3b", 2) &&
          xs_db_delete_docs(w, "Q4-1") == XS_OK && add_passage_of(w, "Q40-1", 40));
    CHECK(xs_db_set_metadata(w, "stamp", "s1") == XS_OK);
    CHECK(xs_db_store_value_runs(w, 7, "runs", "stamp") == XS_OK && xs_db_commit(w) == XS_OK);
    char *entry = NULL;
    CHECK(xs_db_get_metadata(w, "runs", &entry) == XS_OK && strncmp(entry, "runs 1 7 200 201 42 41 s1\n", 26) == 0);
    xs_db_t *plain = open_db(path, XS_DB_READ), *r = open_db(path, XS_DB_READ);
    CHECK(plain && r && xs_db_use_value_runs(r, 7, "runs", "stamp") == XS_OK);
    uint32_t n = 0, d = 0, n2 = 0, d2 = 0;
    CHECK(count_pair(plain, &n, &d) && n == 100 && d == 21);
    CHECK(count_pair(r, &n2, &d2) && n2 == n && d2 == d);
    /* Read, not passed over: runs made up to say every passage is of one file. */
    char *line = entry ? strchr(entry, '\n') : NULL;
    CHECK(line && xs_db_set_metadata(w, "runs", "runs 1 7 200 201 1 1 s1\n\002") == XS_OK && xs_db_commit(w) == XS_OK);
    CHECK(xs_db_reopen(r) == XS_OK && count_pair(r, &n2, &d2) && n2 == 100 && d2 == 1);
    /* Another commit's stamp (a writer that left the runs as they were). */
    CHECK(xs_db_set_metadata(w, "stamp", "s2") == XS_OK && xs_db_commit(w) == XS_OK);
    CHECK(xs_db_reopen(r) == XS_OK && count_pair(r, &n2, &d2) && n2 == 100 && d2 == 21);
    /* Counts made up, stamp right: passed over. */
    CHECK(xs_db_set_metadata(w, "runs", "runs 1 7 199 201 1 1 s2\n\002") == XS_OK && xs_db_commit(w) == XS_OK);
    CHECK(xs_db_reopen(r) == XS_OK && count_pair(r, &n2, &d2) && d2 == 21);
    /* A number past 32 bits (4294967497 wraps to 201): passed over. */
    CHECK(xs_db_set_metadata(w, "runs", "runs 1 7 200 4294967497 1 1 s2\n\002") == XS_OK && xs_db_commit(w) == XS_OK);
    CHECK(xs_db_reopen(r) == XS_OK && count_pair(r, &n2, &d2) && d2 == 21);
    /* The same numbers as written: read (the made-up single run). */
    CHECK(xs_db_set_metadata(w, "runs", "runs 1 7 200 201 1 1 s2\n\002") == XS_OK && xs_db_commit(w) == XS_OK);
    CHECK(xs_db_reopen(r) == XS_OK && count_pair(r, &n2, &d2) && d2 == 1);
    /* A passage without the value: no runs. */
    xs_doc_t *doc = xs_doc_new();
    CHECK(doc && xs_doc_add_posting(doc, "x", 1, 1) == XS_OK && xs_db_replace_doc(w, "Qnone", doc, NULL) == XS_OK);
    xs_doc_free(doc);
    free(entry);
    entry = NULL;
    CHECK(xs_db_store_value_runs(w, 7, "runs", "stamp") == XS_OK && xs_db_get_metadata(w, "runs", &entry) == XS_OK &&
          entry[0] == '\0');
    CHECK(xs_db_store_value_runs(w, 7, "", "stamp") == XS_INVALID && xs_db_use_value_runs(r, 7, NULL, NULL) == XS_INVALID);
    free(entry);
    xs_db_free(w);
    xs_db_free(plain);
    xs_db_free(r);
    tmpdir_free(dir);
}

/* Adds passage P of file F as ID: word x, the file id in slot 7, a value
 * of the file's in slot 11 ("y" and the file number modulo 4) and one of
 * the passage's in slot 15 ("s" and its number modulo 3; none for the
 * fifth). */
static int add_facet_passage(xs_db_t *db, const char *id, unsigned f, unsigned p)
{
    char fid[32], y[8], sec[8];
    xs_doc_t *doc = xs_doc_new();
    snprintf(fid, sizeof fid, "%016x", 0xf11e0000u + f);
    snprintf(y, sizeof y, "y%u", f % 4);
    snprintf(sec, sizeof sec, "s%u", p % 3);
    int ok = doc && xs_doc_add_posting(doc, "x", p, 1) == XS_OK && xs_doc_set_value(doc, 7, fid, 16) == XS_OK &&
             xs_doc_set_value(doc, 11, y, strlen(y)) == XS_OK &&
             (p == 5 || xs_doc_set_value(doc, 15, sec, strlen(sec)) == XS_OK) &&
             xs_db_replace_doc(db, id, doc, NULL) == XS_OK;
    xs_doc_free(doc);
    return ok;
}

/* Five passages each of 40 files; file 2's third passage comes again at
 * the end (its file's passages apart), file 4's first is deleted, and
 * the runs are stored. */
static int make_facets(const char *path)
{
    xs_db_t *db = open_db(path, XS_DB_CREATE);
    int ok = db != NULL;
    for (unsigned f = 0; ok && f < 40; f++)
        for (unsigned p = 1; ok && p <= 5; p++) {
            char id[32];
            snprintf(id, sizeof id, "Q%u-%u", f, p);
            ok = add_facet_passage(db, id, f, p);
        }
    ok = ok && xs_db_delete_docs(db, "Q2-3") == XS_OK && add_facet_passage(db, "Q2-3", 2, 3) &&
         xs_db_delete_docs(db, "Q4-1") == XS_OK && xs_db_store_value_runs(db, 7, "runs", NULL) == XS_OK &&
         xs_db_commit(db) == XS_OK && xs_db_close(db) == XS_OK;
    xs_db_free(db);
    return ok;
}

static int facet_line(void *ctx, size_t i, const char *value, size_t len, uint32_t count)
{
    char *out = ctx;
    size_t n = strlen(out);
    snprintf(out + n, 4096 - n, "%zu:%.*s=%u ", i, (int)len, value, count);
    return 0;
}

static int value_line(void *ctx, const char *value, size_t len, uint32_t count)
{
    char *out = ctx;
    size_t n = strlen(out);
    snprintf(out + n, 4096 - n, "%c:%.*s=%u ", out[4095], (int)len, value, count);
    return 0;
}

/* The three slots' counts of x through xs_db_count_facets into OUT
 * (4,096 bytes), of passages (PER XS_NO_SLOT) or files (PER 7). */
static int facets_of(xs_db_t *db, uint32_t per, char *out)
{
    static const uint32_t slots[] = { 11, 15, 7 };
    static const int constant[] = { 1, 0, 0 };
    xs_query_t *x = xs_query_term("x", 1, 0);
    out[0] = '\0';
    int ok = x && xs_db_count_facets(db, x, 3, slots, constant, per, facet_line, out, NULL, NULL, NULL) == XS_OK;
    xs_query_free(x);
    return ok;
}

/* The same, slot by slot with xs_db_count_values or xs_db_count_groups. */
static int counts_of(xs_db_t *db, uint32_t per, char *out)
{
    static const uint32_t slots[] = { 11, 15, 7 };
    xs_query_t *x = xs_query_term("x", 1, 0);
    int ok = x != NULL;
    out[0] = '\0';
    for (size_t i = 0; ok && i < 3; i++) {
        out[4095] = (char)('0' + i);
        ok = (per == XS_NO_SLOT ? xs_db_count_values(db, x, slots[i], value_line, out)
                                : xs_db_count_groups(db, x, slots[i], per, value_line, out)) == XS_OK;
    }
    xs_query_free(x);
    return ok;
}

/* Facets counted in one pass through the runs (a value of a file's read
 * once a run) are those of a pass per slot, for passages and for files,
 * with a file's passages apart and one deleted; without runs the one call
 * counts as the others do. */
TEST(count_facets_through_runs)
{
    char *dir = tmpdir_new();
    const char *path = in_dir(dir, "db", 0);
    CHECK(make_facets(path));
    xs_db_t *plain = open_db(path, XS_DB_READ), *r = open_db(path, XS_DB_READ);
    int hold = 0;
    CHECK(plain && r && xs_db_use_value_runs(r, 7, "runs", NULL) == XS_OK && xs_db_value_runs_hold(r, &hold) == XS_OK &&
          hold);
    static char a[4096], b[4096], c[4096];
    uint32_t pers[] = { XS_NO_SLOT, 7 };
    for (size_t k = 0; k < 2; k++) {
        CHECK(counts_of(plain, pers[k], a) && facets_of(r, pers[k], b) && facets_of(plain, pers[k], c));
        CHECK(strcmp(a, b) == 0 && strcmp(a, c) == 0);
        if (strcmp(a, b) != 0)
            printf("#   per %u:\n#   %s\n#   %s\n", pers[k], a, b);
    }
    /* The figures themselves: 199 passages of 40 files; y0 holds files
     * 0, 4, ..., 36, less file 4's first passage; s1 the first and fourth
     * passages, less that one. */
    CHECK(facets_of(r, XS_NO_SLOT, b) && strstr(b, "0:y0=49 0:y1=50 0:y2=50 0:y3=50 1:s0=40 1:s1=79 1:s2=40 "));
    CHECK(facets_of(r, 7, b) && strstr(b, "0:y0=10 0:y1=10 0:y2=10 0:y3=10 1:s0=40 1:s1=40 1:s2=40 "));
    CHECK(xs_db_count_facets(r, NULL, 0, NULL, NULL, XS_NO_SLOT, facet_line, b, NULL, NULL, NULL) == XS_INVALID);
    /* The one pass counts the matches and their groups as well. */
    static const uint32_t year[] = { 11 };
    xs_query_t *x = xs_query_term("x", 1, 0);
    uint32_t matches = 0, groups = 0;
    int counted = 0;
    b[0] = '\0';
    CHECK(xs_db_count_facets(r, x, 1, year, NULL, XS_NO_SLOT, facet_line, b, &matches, &groups, &counted) == XS_OK &&
          counted && matches == 199 && groups == 40);
    CHECK(xs_db_count_facets(plain, x, 1, year, NULL, XS_NO_SLOT, facet_line, b, &matches, &groups, &counted) == XS_OK &&
          !counted);
    xs_query_free(x);
    xs_db_free(plain);
    xs_db_free(r);
    tmpdir_free(dir);
}

/* Past the cap, the meetings are scaled by the share of the documents
 * the matches counted come from, not by Xapian's estimate of the matches,
 * which for x OR y (always together) counts many twice. */
TEST(count_distinct_estimate_past_cap)
{
    char *dir = tmpdir_new();
    const char *path = in_dir(dir, "db", 0), *a = in_dir(dir, "a", 1), *b = in_dir(dir, "b", 2);
    CHECK(make_neighbours(path, 0, 60) && make_neighbours(a, 0, 30) && make_neighbours(b, 30, 60));
    xs_db_t *db = open_db(path, XS_DB_READ);
    xs_query_t *pair[2] = { xs_query_term("x", 1, 0), xs_query_term("y", 1, 0) };
    xs_query_t *q = xs_query_combine(XS_OP_OR, pair, 2, 0);
    uint32_t n = 0, d = 0;
    int exact = 0;
    CHECK(xs_db_count_distinct(db, q, 7, 0, &n, &d, &exact) == XS_OK);
    CHECK(n == 150 && d == 30 && exact);
    /* 50 matches: the 10 even files of documents 1..95 of 300. */
    CHECK(xs_db_count_distinct(db, q, 7, 50, &n, &d, &exact) == XS_OK);
    CHECK(!exact && d == 31);
    xs_db_free(db);
    /* Over two local shards the matcher takes one shard after the other,
     * so the matches counted are not those of the first documents: the
     * estimate is Xapian's again, at least the files counted. */
    CHECK((db = open_shard_pair(a, b)) != NULL);
    CHECK(xs_db_count_distinct(db, q, 7, 0, &n, &d, &exact) == XS_OK);
    CHECK(n == 150 && d == 30 && exact);
    CHECK(xs_db_count_distinct(db, q, 7, 50, &n, &d, &exact) == XS_OK);
    CHECK(!exact && d >= 10 && d <= n);
    xs_db_free(db);
    xs_query_free(q);
    for (size_t i = 0; i < 2; i++)
        xs_query_free(pair[i]);
    tmpdir_free(dir);
}

TEST(count_groups_over_match_set)
{
    char *dir = tmpdir_new();
    const char *path = in_dir(dir, "db", 0);
    CHECK(make_corpus(path));
    xs_db_t *db = open_db(path, XS_DB_READ);
    char buf[64] = "";
    xs_query_t *q = xs_query_term("quick", 1, 0); /* docs 1, 2, 4: categories a, a, b */
    /* Grouped by their own category, the two a's are one group. */
    CHECK(xs_db_count_groups(db, q, 0, 0, collect_count, buf) == XS_OK);
    CHECK_STR(buf, "a=1 b=1");
    buf[0] = '\0';
    /* By year, each is a group; without a group value, each is its own. */
    CHECK(xs_db_count_groups(db, q, 0, 1, collect_count, buf) == XS_OK);
    CHECK_STR(buf, "a=2 b=1");
    buf[0] = '\0';
    CHECK(xs_db_count_groups(db, q, 0, 9, collect_count, buf) == XS_OK);
    CHECK_STR(buf, "a=2 b=1");
    CHECK(xs_db_count_groups(db, NULL, 0, 1, collect_count, buf) == XS_INVALID);
    xs_query_free(q);
    xs_db_free(db);
    tmpdir_free(dir);
}

static int collect_meta(void *ctx, const char *key, size_t klen, const char *value, size_t vlen)
{
    char *buf = ctx;
    size_t n = strlen(buf);
    snprintf(buf + n, 128 - n, "%s%.*s=%.*s", n ? " " : "", (int)klen, key, (int)vlen, value);
    return 0;
}

TEST(metadata_iteration)
{
    char *dir = tmpdir_new();
    const char *path = in_dir(dir, "db", 0);
    xs_db_t *db = open_db(path, XS_DB_CREATE);
    CHECK(xs_db_set_metadata(db, "file:b", "2") == XS_OK);
    CHECK(xs_db_set_metadata(db, "file:a", "1") == XS_OK);
    CHECK(xs_db_set_metadata(db, "other", "x") == XS_OK);
    char buf[128] = "";
    /* A writer sees what it has not committed yet. */
    CHECK(xs_db_each_metadata(db, "file:", collect_meta, buf) == XS_OK);
    CHECK_STR(buf, "file:a=1 file:b=2");
    CHECK(xs_db_commit(db) == XS_OK);
    xs_db_free(db);
    db = open_db(path, XS_DB_READ);
    buf[0] = '\0';
    CHECK(xs_db_each_metadata(db, "", collect_meta, buf) == XS_OK);
    CHECK_STR(buf, "file:a=1 file:b=2 other=x");
    CHECK(xs_db_each_metadata(db, "x", collect_meta, NULL) == XS_OK);
    CHECK(xs_db_each_metadata(db, "x", NULL, NULL) == XS_INVALID);
    xs_db_free(db);
    tmpdir_free(dir);
}

TEST(search_on_writer_sees_pending)
{
    char *dir = tmpdir_new();
    const char *path = in_dir(dir, "db", 0);
    CHECK(make_corpus(path));
    xs_db_t *w = open_db(path, XS_DB_WRITE);
    CHECK(add_doc(w, "Q6", "quick pending", "d", "2006", "doc 6") == 6);
    CHECK_STR(hits(w, T("pending"), NULL, 1), "6");
    CHECK_STR(hits(w, T("quick"), NULL, 1), "1 2 4 6");
    struct collect c = {{0}, 0, 0};
    CHECK(xs_db_each_term(w, "pend", collect_term, &c) == XS_OK);
    CHECK_STR(c.buf, "pending:1");
    xs_db_free(w);
    tmpdir_free(dir);
}

/* ------------------------------------------------------------------ */
/* Error paths                                                         */

TEST(open_missing_is_not_found)
{
    char *dir = tmpdir_new();
    xs_db_t *db = xs_db_new();
    CHECK(xs_db_open(db, in_dir(dir, "missing", 0), XS_DB_READ) == XS_NOT_FOUND);
    CHECK(strlen(xs_db_error(db)) > 0);
    xs_db_free(db);

    db = xs_db_new();
    CHECK(xs_db_open(db, in_dir(dir, "missing", 0), XS_DB_WRITE) == XS_NOT_FOUND);
    CHECK(strlen(xs_db_error(db)) > 0);
    xs_db_free(db);

    /* An existing directory that holds no database. */
    db = xs_db_new();
    CHECK(xs_db_open(db, dir, XS_DB_READ) == XS_NOT_FOUND);
    xs_db_free(db);

    /* A file that is not a database. */
    const char *file = in_dir(dir, "file", 1);
    FILE *f = fopen(file, "w");
    if (f) {
        fputs("not a database\n", f);
        fclose(f);
    }
    db = xs_db_new();
    CHECK(xs_db_open(db, file, XS_DB_READ) == XS_CORRUPT);
    xs_db_free(db);

    /* CREATE whose parent directory is missing. */
    db = xs_db_new();
    CHECK(xs_db_open(db, in_dir(dir, "no/such/db", 2), XS_DB_CREATE) == XS_IO);
    CHECK(strlen(xs_db_error(db)) > 0);
    xs_db_free(db);
    tmpdir_free(dir);
}

TEST(second_writer_is_locked)
{
    char *dir = tmpdir_new();
    const char *path = in_dir(dir, "db", 0);
    xs_db_t *w1 = open_db(path, XS_DB_CREATE);
    xs_db_t *w2 = xs_db_new();
    CHECK(w1 != NULL);
    CHECK(xs_db_open(w2, path, XS_DB_WRITE) == XS_LOCKED);
    CHECK(strlen(xs_db_error(w2)) > 0);
    xs_db_free(w2);
    /* Readers are not blocked by the writer. */
    xs_db_t *r = open_db(path, XS_DB_READ);
    CHECK(r != NULL);
    xs_db_free(r);
    /* Closing releases the lock. */
    CHECK(xs_db_close(w1) == XS_OK);
    w2 = open_db(path, XS_DB_WRITE);
    CHECK(w2 != NULL);
    xs_db_free(w2);
    xs_db_free(w1);
    tmpdir_free(dir);
}

/* Opens PATH for reading and searches it; returns the first failure. */
static xs_status_t open_and_search(const char *path, char *msg, size_t msglen)
{
    xs_db_t *db = xs_db_new();
    xs_query_t *q = T("quick");
    xs_mset_t *m = NULL;
    xs_status_t st = xs_db_open(db, path, XS_DB_READ);
    if (st == XS_OK)
        st = xs_db_search(db, q, NULL, &m);
    snprintf(msg, msglen, "%s", xs_db_error(db));
    xs_mset_free(m);
    xs_query_free(q);
    xs_db_free(db);
    return st;
}

TEST(corrupt_database)
{
    char *dir = tmpdir_new();
    char msg[256];
    const char *a = in_dir(dir, "a", 0), *b = in_dir(dir, "b", 1);
    CHECK(make_corpus(a));
    CHECK(make_corpus(b));

    write_garbage(in_dir(a, "postlist.glass", 2), 8192);
    CHECK(open_and_search(a, msg, sizeof msg) == XS_CORRUPT);
    CHECK(strlen(msg) > 0);
    printf("#   garbage postlist: %s\n", msg);

    write_garbage(in_dir(b, "iamglass", 2), 300);
    CHECK(open_and_search(b, msg, sizeof msg) == XS_CORRUPT);
    CHECK(strlen(msg) > 0);
    printf("#   garbage iamglass: %s\n", msg);

    xs_db_t *w = xs_db_new();
    CHECK(xs_db_open(w, b, XS_DB_WRITE) == XS_CORRUPT);
    xs_db_free(w);
    tmpdir_free(dir);
}

TEST(permission_denied_is_io)
{
    if (geteuid() == 0) {
        printf("#   skipped: root ignores file permissions\n");
        return;
    }
    char *dir = tmpdir_new();
    const char *path = in_dir(dir, "db", 0);
    CHECK(make_corpus(path));
    CHECK(chmod(path, 0) == 0);
    xs_db_t *db = xs_db_new();
    CHECK(xs_db_open(db, path, XS_DB_READ) == XS_IO);
    CHECK(strlen(xs_db_error(db)) > 0);
    xs_db_free(db);
    CHECK(chmod(path, 0700) == 0);
    tmpdir_free(dir);
}

/* A reader opened before two commits reads blocks the writer has since
 * reused, and Xapian reports DatabaseModifiedError (as in Xapian's own
 * databasemodified1 test).  The search must reopen and succeed, and it
 * can only count the new documents if it did reopen.  (With the retry
 * count set to 0 in xs_private.h, this test fails.) */
TEST(stale_reader_search_retries)
{
    char *dir = tmpdir_new();
    const char *path = in_dir(dir, "db", 0);
    xs_db_t *w = open_db(path, XS_DB_CREATE);
    xs_doc_t *doc = xs_doc_new();
    const uint32_t N = 500;
    uint32_t n = 0;
    CHECK(xs_doc_add_term(doc, "abc", 1) == XS_OK);
    CHECK(xs_doc_add_term(doc, "def", 1) == XS_OK);
    CHECK(xs_doc_add_term(doc, "ghi", 1) == XS_OK);
    CHECK(xs_doc_set_data(doc, "cargo", 5) == XS_OK);
    CHECK(xs_db_set_metadata(w, "m:a", "1") == XS_OK);
    for (uint32_t i = 0; i < N; i++) {
        char id[16];
        snprintf(id, sizeof id, "Q%u", (unsigned)i);
        CHECK(xs_db_replace_doc(w, id, doc, NULL) == XS_OK);
    }
    CHECK(xs_db_commit(w) == XS_OK);

    xs_db_t *r = open_db(path, XS_DB_READ);
    xs_db_t *r_tf = open_db(path, XS_DB_READ);
    xs_db_t *r_terms = open_db(path, XS_DB_READ);
    xs_db_t *r_data = open_db(path, XS_DB_READ);
    xs_db_t *r_meta = open_db(path, XS_DB_READ);
    xs_db_t *r_nmeta = open_db(path, XS_DB_READ);
    CHECK(xs_db_doccount(r, &n) == XS_OK && n == N);

    CHECK(xs_db_set_metadata(w, "m:b", "2") == XS_OK);
    CHECK(xs_db_replace_doc(w, "Qnew1", doc, NULL) == XS_OK);
    CHECK(xs_db_commit(w) == XS_OK);
    CHECK(xs_db_replace_doc(w, "Qnew2", doc, NULL) == XS_OK);
    CHECK(xs_db_commit(w) == XS_OK);
    CHECK(xs_db_replace_doc(w, "Qnew3", doc, NULL) == XS_OK); /* uncommitted */

    xs_search_opts_t o;
    xs_search_opts_init(&o);
    o.check_at_least = 10000; /* exact count */
    xs_mset_t *m = NULL;
    xs_query_t *q = T("abc");
    CHECK(xs_db_search(r, q, &o, &m) == XS_OK);
    CHECK(xs_mset_estimated(m) == N + 2);
    CHECK_STR(xs_mset_data(m, 0, NULL), "cargo");
    CHECK(xs_db_doccount(r, &n) == XS_OK && n == N + 2);
    xs_mset_free(m);
    xs_query_free(q);

    /* The other reading functions retry too: each reader below would
     * otherwise answer from the old revision (or fail). */
    CHECK(xs_db_termfreq(r_tf, "abc", &n) == XS_OK && n == N + 2);
    struct collect c = {{0}, 0, 0};
    CHECK(xs_db_each_term(r_terms, "a", collect_term, &c) == XS_OK);
    CHECK_STR(c.buf, "abc:502");
    char *data = NULL;
    size_t len = 0;
    CHECK(xs_db_get_data(r_data, N + 2, &data, &len) == XS_OK);
    CHECK_STR(data, "cargo");
    free(data);
    /* Xapian 1.4 leaks the cursor of a metadata key walk that meets the
     * error as it starts (tests/lsan.supp): this case is where the
     * leak checker would say so. */
    char meta[128] = "";
    CHECK(xs_db_each_metadata(r_meta, "m:", collect_meta, meta) == XS_OK);
    CHECK_STR(meta, "m:a=1 m:b=2");
    CHECK(xs_db_count_metadata(r_nmeta, "m:", &n) == XS_OK && n == 2);
    xs_db_free(r_meta);
    xs_db_free(r_nmeta);
    xs_db_free(r_tf);
    xs_db_free(r_terms);
    xs_db_free(r_data);

    xs_doc_free(doc);
    xs_db_free(r);
    xs_db_free(w);
    tmpdir_free(dir);
}

/* ------------------------------------------------------------------ */
/* Maintenance                                                         */

TEST(compact_database)
{
    char *dir = tmpdir_new();
    const char *src = in_dir(dir, "src", 0), *dst = in_dir(dir, "dst", 1);
    char *err = (char *)"unset";
    uint32_t n;
    CHECK(make_corpus(src));

    CHECK(xs_compact(src, dst, &err) == XS_OK && err == NULL);
    xs_db_t *db = open_db(dst, XS_DB_READ);
    CHECK(db != NULL);
    CHECK(xs_db_doccount(db, &n) == XS_OK && n == 5);
    CHECK_STR(hits(db, Q2(XS_OP_PHRASE, T("quick"), T("brown"), 0), NULL, 1), "1");
    xs_db_free(db);

    /* Onto an existing directory. */
    CHECK(xs_compact(src, dst, &err) == XS_INVALID);
    CHECK(err != NULL && strlen(err) > 0);
    free(err);
    CHECK(xs_compact(src, dir, NULL) == XS_INVALID);

    /* From nowhere. */
    CHECK(xs_compact(in_dir(dir, "missing", 2), in_dir(dir, "dst2", 3), &err) == XS_NOT_FOUND);
    CHECK(err != NULL);
    free(err);
    CHECK(xs_compact(NULL, dst, NULL) == XS_INVALID);

    /* A writer holding SRC does not prevent compaction. */
    xs_db_t *w = open_db(src, XS_DB_WRITE);
    CHECK(xs_compact(src, in_dir(dir, "dst3", 3), NULL) == XS_OK);
    xs_db_free(w);
    tmpdir_free(dir);
}

/* Writes database PATH holding one document and, for each of 20 keys
 * "k0".."k19", the value TAG + the key's number; between them keys of its
 * own ("k3-TAG"), a different run for each tag, and "only" + TAG. */
static int make_tagged(const char *path, const char *tag)
{
    xs_db_t *w = open_db(path, XS_DB_CREATE);
    int ok = w && add_doc(w, tag, "some words", "a", "2001", tag) == 1;
    for (int i = 0; ok && i < 20; i++) {
        char key[32], value[32];
        snprintf(key, sizeof key, "k%d", i);
        snprintf(value, sizeof value, "%s%d", tag, i);
        ok = xs_db_set_metadata(w, key, value) == XS_OK;
        snprintf(key, sizeof key, "k%d-%.8s", i, tag);
        if (ok && (i * 7 + tag[0]) % 3 == 0)
            ok = xs_db_set_metadata(w, key, value) == XS_OK;
    }
    char only[32];
    snprintf(only, sizeof only, "only%s", tag);
    ok = ok && xs_db_set_metadata(w, only, tag) == XS_OK;
    ok = ok && xs_db_commit(w) == XS_OK && xs_db_close(w) == XS_OK;
    xs_db_free(w);
    return ok;
}

TEST(compact_many_first_source)
{
    /* Xapian's own merge hands a shared key's values over in heap order,
     * which with a handful of sources is not the sources' order. */
    enum { N = 8 };
    char *dir = tmpdir_new();
    char paths[N][1024], tag[N][2];
    for (int i = 0; i < N; i++) {
        snprintf(tag[i], sizeof tag[i], "%c", 'A' + i);
        snprintf(paths[i], sizeof paths[i], "%s", in_dir(dir, tag[i], 0));
        CHECK(make_tagged(paths[i], tag[i]));
    }
    for (int rot = 0; rot < N; rot++) {
        const char *order[N];
        for (int i = 0; i < N; i++)
            order[i] = paths[(rot + i) % N];
        char name[16];
        snprintf(name, sizeof name, "m%d", rot);
        const char *dst = in_dir(dir, name, 1);
        CHECK(xs_compact_many(order, N, dst, NULL) == XS_OK);
        xs_db_t *db = open_db(dst, XS_DB_READ);
        uint32_t n = 0;
        CHECK(db && xs_db_doccount(db, &n) == XS_OK && n == N);
        /* A key held by every source: the first source's value. */
        for (int i = 0; db && i < 20; i++) {
            char key[16], want[32], *v = NULL;
            snprintf(key, sizeof key, "k%d", i);
            snprintf(want, sizeof want, "%s%d", tag[rot], i);
            CHECK(xs_db_get_metadata(db, key, &v) == XS_OK);
            CHECK_STR(v, want);
            free(v);
        }
        /* A key held by one source is kept. */
        char *v = NULL;
        CHECK(db && xs_db_get_metadata(db, "onlyB", &v) == XS_OK);
        CHECK_STR(v, "B");
        free(v);
        xs_db_free(db);
    }
    const char *none[] = { paths[0] };
    CHECK(xs_compact_many(none, 0, in_dir(dir, "empty", 1), NULL) == XS_INVALID);
    tmpdir_free(dir);
}

TEST(sortable_round_trip)
{
    const double vals[] = {-1e10, -2.5, -1, 0, 1e-300, 0.5, 1, 3, 2024, 1e300};
    char prev[XS_SORTABLE_MAX];
    size_t prevlen = 0;
    for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) {
        char buf[XS_SORTABLE_MAX];
        size_t len = xs_sortable_serialise(vals[i], buf);
        CHECK(len > 0 && len <= XS_SORTABLE_MAX);
        CHECK(xs_sortable_unserialise(buf, len) == vals[i]);
        if (i > 0) {
            /* Byte order follows numeric order. */
            size_t common = len < prevlen ? len : prevlen;
            int cmp = memcmp(prev, buf, common);
            CHECK(cmp < 0 || (cmp == 0 && prevlen < len));
        }
        memcpy(prev, buf, len);
        prevlen = len;
    }
    CHECK(xs_sortable_serialise(1, NULL) == 0);
}

int main(void)
{
    RUN(status_strings);
    RUN(free_null_is_noop);
    RUN(unopened_and_wrong_mode_handles);
    RUN(create_commit_read);
    RUN(scratch_database);
    RUN(record_slot);
    RUN(missing_table);
    RUN(each_term_prefix);
    RUN(each_term_name);
    RUN(replace_by_idterm);
    RUN(load_edit_copy_doc);
    RUN(delete_docs_by_term);
    RUN(document_arguments);
    RUN(binary_data_and_values);
    RUN(transaction_commit_persists);
    RUN(reopen_generation);
    RUN(transaction_cancel_discards);
    RUN(transaction_misuse_is_invalid);
    RUN(close_discards_uncommitted);
    RUN(metadata_round_trip);
    RUN(query_construction);
    RUN(search_term);
    RUN(search_boolean_operators);
    RUN(search_phrase_and_near);
    RUN(search_scale);
    RUN(search_value_range);
    RUN(search_wildcard);
    RUN(search_collapse_sort_offset);
    RUN(search_stable_ties_whole_group);
    RUN(search_split_same_hits);
    RUN(search_bm25_parameters);
    RUN(normalised_weights);
    RUN(mset_deferred_fetch);
    RUN(mset_metadata_read_with_hits);
    RUN(mset_values_and_matching_terms);
    RUN(term_positions);
    RUN(term_wdfs);
    RUN(count_values_over_match_set);
    RUN(count_distinct_over_match_set);
    RUN(count_distinct_several_passages_per_file);
    RUN(count_distinct_estimate_past_cap);
    RUN(count_sample_scales_a_fixed_share);
    RUN(value_runs_count_as_the_values_do);
    RUN(count_facets_through_runs);
    RUN(count_groups_over_match_set);
    RUN(metadata_iteration);
    RUN(search_on_writer_sees_pending);
    RUN(open_missing_is_not_found);
    RUN(second_writer_is_locked);
    RUN(corrupt_database);
    RUN(permission_denied_is_io);
    RUN(stale_reader_search_retries);
    RUN(compact_database);
    RUN(compact_many_first_source);
    RUN(synonym_round_trip);
    RUN(synonym_copy_at_commit);
    RUN(sortable_round_trip);
    return tap_done();
}
