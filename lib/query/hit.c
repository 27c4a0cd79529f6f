/* hit.c - a hit decoded: its record (or, in older formats, its values),
 * its file's path, its body's name, what to highlight, where its snippet
 * comes from, and the snippet.  Front-ends print what this fills in and
 * decode nothing themselves. */
#include "qry_private.h"

#include "schema.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What a hit owns: its strings point into these. */
typedef struct {
    psg_record_t rec;
    char *text;
    psg_span_t *spans;
    char *path;
    char *body;
    char *snippet;
    char *values[8]; /* an older passage's strings, from values */
} hit_own_t;

void qry_hit_clear(qry_hit_t *h)
{
    hit_own_t *o = h ? h->own : NULL;
    if (!o)
        return;
    psg_record_clear(&o->rec);
    free(o->text);
    free(o->spans);
    free(o->path);
    free(o->body);
    free(o->snippet);
    for (size_t i = 0; i < sizeof o->values / sizeof o->values[0]; i++)
        free(o->values[i]);
    free(o);
    h->own = NULL;
}

/* The path in file record V (LEN bytes), malloc()ed; NULL when none. */
static char *path_of_record(const char *v, size_t len)
{
    const char *p = len ? referat_record_path(v, len) : NULL;
    return p && *p ? strdup(p) : NULL;
}

char *qry_recorded_path(xs_db_t *db, uint32_t docid, const char *fileid)
{
    char key[64], *v = NULL, *path = NULL;
    if (!fileid || !*fileid || strlen(fileid) > 32)
        return NULL;
    snprintf(key, sizeof key, META_FILE "%s", fileid);
    if (xs_db_doc_metadata(db, docid, key, &v) == XS_OK)
        path = path_of_record(v, strlen(v));
    free(v);
    return path;
}

void qry_with_file_records(xs_search_opts_t *so)
{
    so->hit_meta_prefix = META_FILE;
    so->hit_meta_slot = SLOT_FILEID;
}

/* The path in the file record read with hit I of M, malloc()ed, else
 * qry_recorded_path's. */
static char *hit_path(xs_db_t *db, const xs_mset_t *m, size_t i, uint32_t docid, const char *fileid)
{
    size_t len;
    const char *v = xs_mset_metadata(m, i, &len);
    return v ? path_of_record(v, len) : qry_recorded_path(db, docid, fileid);
}

static double number_value(const xs_mset_t *m, size_t i, uint32_t slot)
{
    size_t len;
    const char *v = xs_mset_value(m, i, slot, &len);
    return len ? xs_sortable_unserialise(v, len) : 0.0;
}

/* "YYYYMMDD", with 00 for an unknown month or day, as ISO 8601 into OUT
 * (16 bytes): "2023-11-15", "2023-11" or "2023"; "" for anything else. */
static void iso_date(const char *dv, char *out)
{
    out[0] = '\0';
    if (!dv || strlen(dv) != 8)
        return;
    if (strcmp(dv + 4, "0000") == 0)
        snprintf(out, 16, "%.4s", dv);
    else if (strcmp(dv + 6, "00") == 0)
        snprintf(out, 16, "%.4s-%.2s", dv, dv + 4);
    else
        snprintf(out, 16, "%.4s-%.2s-%.2s", dv, dv + 4, dv + 6);
}

static const char *or_empty(const char *s)
{
    return s ? s : "";
}

/* Value SLOT of hit I of M, kept by O (the hit outlives M). */
static const char *value(const xs_mset_t *m, size_t i, uint32_t slot, hit_own_t *o, size_t k)
{
    size_t len;
    const char *v = xs_mset_value(m, i, slot, &len);
    return (o->values[k] = strndup(v ? v : "", v ? len : 0)) ? o->values[k] : "";
}

/* An older passage has what it shows in values. */
static void record_from_values(const xs_mset_t *m, size_t i, hit_own_t *o)
{
    psg_record_t *rec = &o->rec;
    rec->passage = (uint32_t)number_value(m, i, SLOT_PASSAGE);
    rec->start = (size_t)number_value(m, i, SLOT_START);
    rec->end = (size_t)number_value(m, i, SLOT_END);
    rec->line = (uint32_t)number_value(m, i, SLOT_LINE);
    rec->page = (uint32_t)number_value(m, i, SLOT_PAGE);
    rec->lang = value(m, i, SLOT_LANG, o, 0);
    rec->date = value(m, i, SLOT_DATE, o, 1);
    rec->date_source = value(m, i, SLOT_DATE_SOURCE, o, 2);
    rec->body = value(m, i, SLOT_BODY, o, 3);
    rec->title = value(m, i, SLOT_TITLE, o, 4);
    rec->case_no = value(m, i, SLOT_CASE, o, 5);
    rec->section = value(m, i, SLOT_SECTION, o, 6);
}

int qry_hit_decode(ana_t *ana, const qry_terms_t *hl, xs_db_t *db, qry_bodies_t *bodies,
                   const xs_mset_t *m, size_t i, uint32_t docid, qry_hit_t *h)
{
    hit_own_t *o = calloc(1, sizeof *o);
    if (!o)
        return -1;
    h->own = o;
    h->docid = docid;
    size_t dlen, tlen = 0;
    const char *data = xs_mset_data(m, i, &dlen);
    /* What the hit shows: the record packed with the text (format 4),
     * else values (older passages). */
    int recorded_fields = psg_is_record(data, dlen);
    psg_status_t ps = recorded_fields ? psg_record_unpack(data, dlen, &o->rec, &o->text, &tlen)
                                      : psg_unpack(data, dlen, &o->text, &tlen);
    /* The file's record names it (format 2: a value). */
    size_t pathlen;
    const char *fileid = xs_mset_value(m, i, SLOT_FILEID, NULL);
    const char *path = xs_mset_value(m, i, SLOT_PATH, &pathlen);
    o->path = pathlen ? strndup(path, pathlen) : hit_path(db, m, i, docid, fileid);
    h->path = or_empty(o->path);
    h->date_source = h->body = h->body_text = h->title = h->case_no = "";
    h->lang = h->text = h->section = h->passage_section = h->snippet = h->damage = "";
    if (ps != PSG_OK) {
        h->damaged = 1;
        h->damage = psg_status_string(ps);
        return 1;
    }
    if (!recorded_fields)
        record_from_values(m, i, o);
    const psg_record_t *rec = &o->rec;
    if (fileid && *fileid)
        snprintf(h->id, sizeof h->id, "%s-%u", fileid, rec->passage);
    h->passage = rec->passage;
    h->start = rec->start;
    h->end = rec->end;
    h->line = rec->line;
    h->lang = rec->lang && rec->lang[0] ? rec->lang : "und";
    h->text = o->text ? o->text : "";
    h->text_len = tlen;
    size_t ns = qry_highlight(ana, hl, db, docid, ana_lang_from_code(h->lang), o->text, tlen, rec->title,
                              &o->spans);
    h->spans = o->spans;
    h->nspans = ns == (size_t)-1 ? 0 : ns;
    iso_date(rec->date, h->date);
    /* The body by its name (format 6), the same in every hit of it. */
    const char *body = qry_body_name(bodies, xs_mset_value(m, i, SLOT_BODY_KEY, NULL));
    if (body && !(o->body = strdup(body)))
        return -1;
    h->date_source = or_empty(rec->date_source);
    h->body = o->body ? o->body : or_empty(rec->body);
    h->body_text = or_empty(rec->body);
    h->title = or_empty(rec->title);
    h->case_no = or_empty(rec->case_no);
    qry_locate(h, rec, hl);
    if (!(o->snippet = qry_hit_snippet(h, "", "")))
        return -1;
    h->snippet = o->snippet;
    return 0;
}

char *qry_hit_snippet(const qry_hit_t *h, const char *open, const char *close)
{
    return psg_snippet_in(h->text, h->text_len, h->lo, h->hi, h->spans, h->nspans, QRY_SNIPPET_BYTES,
                          open, close);
}

/* 1 when HL asks for section NAME. */
static int asked(const qry_terms_t *hl, const char *name)
{
    for (size_t i = 0; i < hl->ns; i++)
        if (strcmp(hl->sections[i], name) == 0)
            return 1;
    return 0;
}

/* The highlights of H inside [LO, HI). */
static size_t spans_in(const qry_hit_t *h, size_t lo, size_t hi)
{
    size_t c = 0;
    for (size_t i = 0; i < h->nspans; i++)
        c += h->spans[i].start >= lo && h->spans[i].end <= hi;
    return c;
}

void qry_locate(qry_hit_t *h, const psg_record_t *rec, const qry_terms_t *hl)
{
    h->lo = 0;
    h->hi = h->text_len;
    h->passage_section = rec->section ? rec->section : "";
    h->passage_page = rec->page;
    /* Of the asked sections in the passage, the one with the most
     * highlights (the first of equals). */
    int placed = 0;
    size_t best = 0;
    for (size_t i = 0; hl->ns && i < rec->nsections; i++) {
        if (!asked(hl, rec->sections[i].name))
            continue;
        size_t lo = rec->sections[i].at;
        size_t hi = i + 1 < rec->nsections ? rec->sections[i + 1].at : h->text_len;
        size_t c = spans_in(h, lo, hi);
        if (!placed || c > best) {
            h->lo = lo;
            h->hi = hi;
            best = c;
        }
        placed = 1;
    }
    /* The labels follow the snippet's first highlight, else its start in
     * the asked section; a snippet of neither is the passage's start, and
     * shows the passage's labels. */
    size_t f = psg_snippet_focus(h->spans, h->nspans, h->lo, h->hi, QRY_SNIPPET_BYTES);
    size_t at = f < h->nspans ? h->spans[f].start : h->lo;
    if (f < h->nspans || placed) {
        h->section = psg_record_section_at(rec, at);
        h->page = psg_record_page_at(rec, at);
    } else {
        h->section = h->passage_section;
        h->page = h->passage_page;
    }
}
