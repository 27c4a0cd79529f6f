/* reuse.c - a renamed, moved or copied file is not analysed again.
 *
 * Every indexed file leaves a hint in the index metadata: its size and
 * content checksum point to its path (schema.h, META_CONTENT).  When the
 * walk meets a path the index does not know, and a file with the same
 * size and checksum is indexed already, that file's passages are copied
 * under the new path: the stored terms, positions, values and text are
 * kept, and only what names the file changes (path, file id, passage id
 * terms).  The copy is exactly what analysing the file
 * would have produced, with one exception this file guards against: a
 * meeting date taken from the file name.  If the new name would give
 * another date, the file is analysed after all.
 *
 * The old path, if it is gone, is removed afterwards by the usual prune,
 * so a move is a copy plus a removal and a crash between the two loses
 * nothing.
 */
#include "idx.h"

#include "minutes/mnt.h"
#include "passage/psg.h"
#include "schema.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void content_key(uint64_t size, uint32_t crc, char *key, size_t cap)
{
    snprintf(key, cap, META_CONTENT "%" PRIu64 "-%08" PRIx32, size, crc);
}

xs_status_t idx_content_set(xs_db_t *db, const char *path, const idx_stamp_t *s)
{
    char key[64];
    content_key(s->size, s->crc, key, sizeof key);
    return xs_db_set_metadata(db, key, path);
}

void idx_content_forget(xs_db_t *db, const char *path, const idx_stamp_t *s)
{
    char key[64], *v = NULL;
    content_key(s->size, s->crc, key, sizeof key);
    if (xs_db_get_metadata(db, key, &v) == XS_OK && strcmp(v, path) == 0)
        xs_db_set_metadata(db, key, "");
    free(v);
}

char *idx_content_find(xs_db_t *db, const char *path, const idx_stamp_t *s)
{
    char key[64], *hint = NULL;
    content_key(s->size, s->crc, key, sizeof key);
    if (xs_db_get_metadata(db, key, &hint) != XS_OK)
        return NULL;
    idx_stamp_t old;
    /* The hint is trusted only when the file it names is indexed with
     * these very contents. */
    if (!hint[0] || strcmp(hint, path) == 0 || idx_record_get(db, hint, &old) != 0 ||
        old.size != s->size || old.crc != s->crc) {
        free(hint);
        return NULL;
    }
    return hint;
}

/* The stored value SLOT of DOCID as a string ("" when unset). */
static int value_is(xs_db_t *db, uint32_t docid, uint32_t slot, const char *want)
{
    char *v = NULL;
    size_t n = 0;
    if (xs_db_get_value(db, docid, slot, &v, &n) != XS_OK)
        return 0;
    int same = n == strlen(want) && memcmp(v, want, n) == 0;
    free(v);
    return same;
}

/* The passage number and date source ("text", "filename" or "") stored
 * with DOCID, in its display record (format 4) or in values (older
 * passages).  0 when they cannot be read. */
static int stored_fields(xs_db_t *db, uint32_t docid, unsigned *num, char *source, size_t cap)
{
    char *data = NULL, *v = NULL;
    size_t len = 0, n = 0;
    int ok = 0;
    if (xs_db_get_data(db, docid, &data, &len) != XS_OK)
        return 0;
    if (psg_is_record(data, len)) {
        psg_record_t rec;
        char *text;
        size_t tlen;
        if (psg_record_unpack(data, len, &rec, &text, &tlen) == PSG_OK) {
            *num = rec.passage;
            snprintf(source, cap, "%s", rec.date_source);
            ok = 1;
            free(text);
        }
        psg_record_clear(&rec);
    } else if (xs_db_get_value(db, docid, SLOT_PASSAGE, &v, &n) == XS_OK) {
        *num = n ? (unsigned)xs_sortable_unserialise(v, n) : 0;
        free(v);
        v = NULL;
        if (xs_db_get_value(db, docid, SLOT_DATE_SOURCE, &v, &n) == XS_OK) {
            snprintf(source, cap, "%.*s", (int)n, v);
            ok = 1;
        }
    }
    free(v);
    free(data);
    return ok;
}

/* 1 when the meeting date the minutes parser gives SRC under the name
 * PATH is the one stored with DOCID. */
static int same_date(xs_db_t *db, uint32_t docid, const char *path, const idx_source_t *src)
{
    mnt_minutes_t *m = mnt_parse(src->text + src->bom, src->len - src->bom, path);
    if (!m)
        return 0;
    char date[16] = "", year[8] = "";
    const char *source = "";
    if (m->date.year > 0) {
        snprintf(date, sizeof date, "%04d%02d%02d", m->date.year, m->date.month, m->date.day);
        snprintf(year, sizeof year, "%04d", m->date.year);
        source = m->date.from_filename ? "filename" : "text";
    }
    mnt_free(m);
    unsigned num;
    char stored[16];
    return value_is(db, docid, SLOT_DATE, date) && value_is(db, docid, SLOT_YEAR, year) &&
           stored_fields(db, docid, &num, stored, sizeof stored) && strcmp(stored, source) == 0;
}

/* Rewrites what names the file in one copied passage and stores it. */
static xs_status_t copy_passage(xs_db_t *db, uint32_t docid, const char *oldid, const char *newid)
{
    xs_doc_t *doc = NULL;
    xs_status_t st = xs_db_load_doc(db, docid, &doc);
    if (st != XS_OK)
        return st;
    unsigned num = 0;
    char source[16];
    if (!stored_fields(db, docid, &num, source, sizeof source) || num == 0)
        st = XS_CORRUPT;
    char term[64];
    if (st == XS_OK) {
        snprintf(term, sizeof term, PFX_FILE "%s", oldid);
        st = xs_doc_remove_term(doc, term);
    }
    if (st == XS_OK) {
        snprintf(term, sizeof term, PFX_ID "%s-%u", oldid, num);
        st = xs_doc_remove_term(doc, term);
    }
    if (st == XS_OK) {
        snprintf(term, sizeof term, PFX_FILE "%s", newid);
        st = xs_doc_add_boolean(doc, term);
    }
    /* Passages written before the path moved to the file record carry
     * it as a value: cleared, or it would name the old file. */
    if (st == XS_OK)
        st = xs_doc_set_value(doc, SLOT_PATH, "", 0);
    if (st == XS_OK)
        st = xs_doc_set_value(doc, SLOT_FILEID, newid, strlen(newid));
    if (st == XS_OK) {
        snprintf(term, sizeof term, PFX_ID "%s-%u", newid, num);
        st = xs_db_replace_doc(db, term, doc, NULL);
    }
    xs_doc_free(doc);
    return st;
}

int idx_reuse_file(xs_db_t *db, const char *old, const char *path, const idx_source_t *src,
                   uint32_t *passages, char *reason)
{
    char oldid[17], newid[17], term[64];
    idx_file_id(old, oldid);
    idx_file_id(path, newid);
    snprintf(term, sizeof term, PFX_FILE "%s", oldid);
    uint32_t *ids = NULL;
    size_t n = 0;
    xs_status_t st = xs_db_docids(db, term, &ids, &n);
    if (st != XS_OK) {
        snprintf(reason, IDX_REASON, "index read failed: %s", xs_db_error(db));
        return -1;
    }
    if (n == 0 || !same_date(db, ids[0], path, src)) {
        free(ids);
        return 1;
    }
    if ((st = xs_db_begin(db)) != XS_OK) {
        free(ids);
        snprintf(reason, IDX_REASON, "index write failed: %s", xs_db_error(db));
        return -1;
    }
    snprintf(term, sizeof term, PFX_FILE "%s", newid);
    st = xs_db_delete_docs(db, term);
    for (size_t i = 0; st == XS_OK && i < n; i++)
        st = copy_passage(db, ids[i], oldid, newid);
    free(ids);
    if (st == XS_OK)
        st = xs_db_commit_transaction(db);
    else {
        snprintf(reason, IDX_REASON, "index write failed: %s (%s)", xs_status_string(st), xs_db_error(db));
        xs_db_cancel_transaction(db);
        return -1;
    }
    if (st != XS_OK) {
        snprintf(reason, IDX_REASON, "index write failed: %s", xs_db_error(db));
        return -1;
    }
    *passages = (uint32_t)n;
    return 0;
}
