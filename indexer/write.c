/* write.c - one source file's passages into the index.
 *
 * A file's old passages are deleted and its new ones added inside one
 * transaction, so a reader (or a crash) sees the file either before or
 * after the change, never half of it.  Each passage's language is guessed
 * on its own text and falls back to the file's, so an English abstract
 * inside Norwegian minutes is stemmed as English.
 */
#include "idx.h"

#include "minutes/mnt.h"
#include "passage/psg.h"
#include "casenum.h"
#include "schema.h"
#include "testhook.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void idx_file_id(const char *path, char out[17])
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        h ^= *p;
        h *= 0x100000001b3ull;
    }
    snprintf(out, 17, "%016llx", (unsigned long long)h);
}

/* Pairs of strings kept for the writer, each "first\0second" in one
 * allocation. */
typedef struct {
    char **v;
    size_t n, cap;
} pairs_t;

/* A file analysed into documents, not yet written (idx.h). */
struct idx_prepared {
    char fileid[17];
    xs_doc_t **docs;           /* passage documents, numbered 1..ndocs */
    size_t ndocs;
    pairs_t acro;              /* learned acronyms: abbreviation, full name */
    pairs_t syn;               /* skeleton or key, stem; sorted and unique once prepared */
    idx_file_stats_t stats;
    size_t text_len;
    int oom;
};

/* Adds the pair FIRST, SECOND to P; 1 when out of memory. */
static int pairs_add(pairs_t *p, const char *first, const char *second)
{
    if (p->n == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 16;
        char **v = realloc(p->v, cap * sizeof *v);
        if (!v)
            return 1;
        p->v = v;
        p->cap = cap;
    }
    size_t fl = strlen(first), sl = strlen(second);
    char *pair = malloc(fl + sl + 2);
    if (!pair)
        return 1;
    memcpy(pair, first, fl + 1);
    memcpy(pair + fl + 1, second, sl + 1);
    p->v[p->n++] = pair;
    return 0;
}

/* The second string of a pair. */
static const char *pair_second(const char *pair)
{
    return pair + strlen(pair) + 1;
}

static void pairs_free(pairs_t *p)
{
    for (size_t i = 0; i < p->n; i++)
        free(p->v[i]);
    free(p->v);
}

static int cmp_pair(const void *a, const void *b)
{
    const char *x = *(char *const *)a, *y = *(char *const *)b;
    int c = strcmp(x, y);
    return c ? c : strcmp(pair_second(x), pair_second(y));
}

/* Sorts P and drops repeats: a file repeats its words. */
static void pairs_unique(pairs_t *p)
{
    if (p->n == 0)
        return;
    qsort(p->v, p->n, sizeof *p->v, cmp_pair);
    size_t k = 1;
    for (size_t i = 1; i < p->n; i++) {
        if (cmp_pair(&p->v[i], &p->v[k - 1]) == 0)
            free(p->v[i]);
        else
            p->v[k++] = p->v[i];
    }
    p->n = k;
}

typedef struct {
    xs_doc_t *doc;
    idx_prepared_t *pf;
    xs_status_t st;
    /* The word's own stem as indexed ("Z" + stem, or the bare word when
     * that is its stem), the first STEM term at position stem_pos. */
    char stem[XS_MAX_TERM + 1];
    uint32_t stem_pos;
    uint32_t url_wdf;   /* wdf of the words of URLs and e-mail addresses */
} term_sink_t;


static int add_term(void *ctx, const ana_term_t *t)
{
    term_sink_t *s = ctx;
    /* A stem that is the word itself ("Zsak" for "sak") says nothing the
     * exact term does not: a query's stems include the bare stem
     * (lib/query/build.c), so it is left out (a twelfth fewer postings). */
    int bare = t->kind == ANA_TERM_STEM && t->token && t->len - 1 == t->token->word_len &&
               memcmp(t->term + 1, t->token->word, t->len - 1) == 0;
    if (t->kind == ANA_TERM_STEM && s->stem_pos != t->pos && t->len <= XS_MAX_TERM) {
        memcpy(s->stem, t->term + bare, t->len + 1 - (size_t)bare);
        s->stem_pos = t->pos;
    }
    if (bare)
        return 0;
    /* A folding skeleton ("V...") or Norwegian-Danish key ("X...") is not
     * posted: it is recorded once per index as a synonym of the word's own
     * stem, and a query expands it to the stems it stands for.  The
     * passage still matches (it holds the stem), for a quarter fewer
     * postings to write and store (docs/index-format.md). */
    if ((t->kind == ANA_TERM_FOLDED || t->kind == ANA_TERM_CROSS) && s->stem_pos == t->pos) {
        if (pairs_add(&s->pf->syn, t->term, s->stem)) {
            s->st = XS_NO_MEMORY;
            return 1;
        }
        return 0;
    }
    /* Positions serve phrases (exact words) and highlighting of what the
     * stored text cannot re-derive (repairs, compound parts, expansions).
     * Stems, folding skeletons and the Norwegian-Danish key are
     * re-derived by the highlighter and never in a phrase, so they get
     * no positions: half the position data, the same weights (wdf and
     * document length do not change). */
    int positional = t->kind != ANA_TERM_STEM && t->kind != ANA_TERM_FOLDED && t->kind != ANA_TERM_CROSS;
    /* A compound part seen in its word is found there by the highlighter
     * (ana_part_visible): its positions were a quarter of all position
     * data.  Parts hidden by OCR damage keep theirs. */
    if (t->kind == ANA_TERM_COMPOUND && t->token &&
        ana_part_visible(t->token->word, t->token->word_len, t->term, t->len))
        positional = 0;
    /* The commonest function words are phrase gaps (ana_is_gap_word). */
    if (t->kind == ANA_TERM_EXACT && ana_is_gap_word(t->term, t->len))
        positional = 0;
    xs_status_t st = positional ? xs_doc_add_posting(s->doc, t->term, t->pos, 1)
                                : xs_doc_add_term(s->doc, t->term, 1);
    if (st == XS_OK && t->token && (t->token->flags & ANA_TOK_URL))
        s->url_wdf++;
    /* A term too long for Xapian is dropped, not fatal: it cannot be
     * searched for anyway. */
    if (st != XS_OK && st != XS_INVALID) {
        s->st = st;
        return 1;
    }
    return 0;
}

xs_status_t idx_set_number(xs_doc_t *doc, uint32_t slot, double v)
{
    char buf[XS_SORTABLE_MAX];
    size_t n = xs_sortable_serialise(v, buf);
    return xs_doc_set_value(doc, slot, buf, n);
}

static xs_status_t set_string(xs_doc_t *doc, uint32_t slot, const char *s)
{
    return xs_doc_set_value(doc, slot, s, strlen(s));
}

/* Builds the Xapian document for passage P (number NUM) of PATH. */
/* Adds PREFIX + each term of TEXT (kinds in KINDS, a bit per kind) to DOC:
 * as boolean terms, or with wdf 1 and no position. */
typedef struct {
    xs_doc_t *doc;
    const char *prefix;
    unsigned kinds;
    int boolean;
    xs_status_t st;
} prefixed_t;

static int add_prefixed(void *ctx, const ana_term_t *t)
{
    prefixed_t *p = ctx;
    if (!(p->kinds & (1u << t->kind)))
        return 0;
    /* A stem is stored bare after the prefix ("I" + stem); a folding
     * skeleton keeps its "V" ("BV" + skeleton), as lib/query/fields.c asks. */
    int stem = t->term[0] == 'Z';
    const char *term = t->term + stem;
    size_t len = t->len - (size_t)stem;
    char buf[XS_MAX_TERM + 1];
    if (strlen(p->prefix) + len > XS_MAX_TERM)
        return 0;
    snprintf(buf, sizeof buf, "%s%.*s", p->prefix, (int)len, term);
    xs_status_t st = p->boolean ? xs_doc_add_boolean(p->doc, buf) : xs_doc_add_term(p->doc, buf, 1);
    if (st != XS_OK && st != XS_INVALID) {
        p->st = st;
        return 1;
    }
    return 0;
}

static xs_status_t add_text_terms(ana_t *ana, xs_doc_t *doc, ana_lang_t lang, const char *text,
                                  const char *prefix, unsigned kinds, int boolean)
{
    prefixed_t p = { doc, prefix, kinds, boolean, XS_OK };
    if (text && *text)
        ana_analyze(ana, ANA_MODE_DOCUMENT, lang, text, strlen(text), 1, add_prefixed, &p);
    return p.st;
}

#define KIND(k) (1u << (k))

/* Adds REFERAT_HEADING_WDF (schema.h) to each word and stem of a heading
 * (ana_term_t), which the passage's text holds once already, as its own
 * analysis posted them: exact words but the phrase gap words, stems but
 * those that are the word itself, and OCR repairs. */
static int add_heading(void *ctx, const ana_term_t *t)
{
    prefixed_t *p = ctx;
    int bare = t->kind == ANA_TERM_STEM && t->token && t->len - 1 == t->token->word_len &&
               memcmp(t->term + 1, t->token->word, t->len - 1) == 0;
    if (!(p->kinds & (1u << t->kind)) || bare ||
        (t->kind == ANA_TERM_EXACT && ana_is_gap_word(t->term, t->len)))
        return 0;
    xs_status_t st = xs_doc_add_term(p->doc, t->term, REFERAT_HEADING_WDF);
    if (st != XS_OK && st != XS_INVALID) {
        p->st = st;
        return 1;
    }
    return 0;
}

/* Weighs the words of heading TEXT (LEN bytes) up in DOC (add_heading). */
static xs_status_t add_heading_terms(ana_t *ana, xs_doc_t *doc, ana_lang_t lang, const char *text, size_t len)
{
    prefixed_t p = { doc, "", KIND(ANA_TERM_EXACT) | KIND(ANA_TERM_STEM) | KIND(ANA_TERM_REPAIRED), 0, XS_OK };
    ana_analyze(ana, ANA_MODE_DOCUMENT, lang, text, len, 1, add_heading, &p);
    return p.st;
}

/* The sections of ITEM that passage P overlaps, as marks in its text
 * (psg_section_mark_t), into *MARKS (malloc()ed, caller frees): a hit
 * shows the section of its matched words, not only the passage's first.
 * Text before the first section (the item's heading) is in none.
 * Returns the count, or (size_t)-1 when out of memory. */
static size_t section_marks(const mnt_item_t *item, const psg_passage_t *p, psg_section_mark_t **marks)
{
    size_t n = 0;
    if (!(*marks = malloc((item->nsections + 1) * sizeof **marks)))
        return (size_t)-1;
    for (size_t j = 0; j < item->nsections; j++) {
        const mnt_section_t *sec = &item->sections[j];
        if (sec->end <= p->start || sec->start >= p->end)
            continue;
        size_t at = sec->start > p->start ? psg_text_offset(p, sec->start) : 0;
        if (n == 0 && at > 0)
            (*marks)[n++] = (psg_section_mark_t){ 0, "" };
        /* A section that begins where the one before does (a label line
         * alone at the passage's end) replaces it. */
        if (n > 0 && (*marks)[n - 1].at == at)
            n--;
        (*marks)[n++] = (psg_section_mark_t){ at, mnt_section_name(sec->kind) };
    }
    return n;
}

/* Adds to DOC, if it fits a term, PREFIX + A + ":" + B (B may be NULL). */
static xs_status_t add_body_term(xs_doc_t *doc, const char *prefix, const char *a, size_t an,
                                 const char *b, size_t bn)
{
    char buf[XS_MAX_TERM + 1];
    int k = b ? snprintf(buf, sizeof buf, "%s%.*s%c%.*s", prefix, (int)an, a, BODY_SEP, (int)bn, b)
              : snprintf(buf, sizeof buf, "%s%.*s", prefix, (int)an, a);
    if (k < 0 || (size_t)k >= sizeof buf)
        return XS_OK; /* too long for a term: the body is found by its other words */
    xs_status_t st = xs_doc_add_boolean(doc, buf);
    return st == XS_INVALID ? XS_OK : st;
}

/* Adds the canonical form of one body word (PFX_BODY_CANON), and when
 * it is a repair, the written spelling that leads to it (PFX_BODY_SEEN). */
static int body_word(void *ctx, const char *word, size_t wlen, const char *canon, size_t clen)
{
    prefixed_t *p = ctx;
    char folded[ANA_MAX_WORD + 1];
    size_t fn = ana_name_word(word, wlen, folded, sizeof folded);
    p->st = add_body_term(p->doc, PFX_BODY_CANON, canon, clen, NULL, 0);
    if (p->st == XS_OK && (fn != clen || memcmp(folded, canon, clen) != 0))
        p->st = add_body_term(p->doc, PFX_BODY_SEEN, folded, fn, canon, clen);
    return p->st != XS_OK;
}

/* The body's identity (format 6, schema.h): its key in SLOT_BODY_KEY,
 * for facets, its canonical words for body:, and its spelling here, from
 * which a query picks the key's best spelling across the index.  A body
 * without a key (no word in it) keeps SLOT_BODY, which facets count when
 * no matching passage has a key (lib/query/facets.c); a body with one
 * needs no SLOT_BODY, which nothing else reads: 32.7 MB of the 500 MB
 * bench index (docs/performance.md, "Index size"). */
static xs_status_t body_identity(ana_t *ana, xs_doc_t *doc, const char *body)
{
    /* A body is at most 200 bytes (lib/minutes); a repair at most
     * doubles a word ("d" -> "å"). */
    char key[512], proper[1024];
    prefixed_t p = { doc, PFX_BODY_CANON, 0, 1, XS_OK };
    size_t kn = ana_name_key(ana, body, strlen(body), key, sizeof key, proper, sizeof proper, body_word, &p);
    if (p.st != XS_OK)
        return p.st;
    if (kn == 0)
        return set_string(doc, SLOT_BODY, body);
    xs_status_t st = set_string(doc, SLOT_BODY_KEY, key);
    return st != XS_OK ? st : add_body_term(doc, PFX_BODY_NAME, key, kn, proper, strlen(proper));
}

/* A URL's words count 1 / URL_LENGTH_SHARE of their wdf toward the
 * passage's length (passage_doc). */
#define URL_LENGTH_SHARE 4

/* Room for an item's title and a sub-item's (lib/minutes: 300 bytes
 * each at most) and the dash between them. */
#define TITLE_BYTES 640

/* The meeting and agenda-item fields of a passage (schema.h): terms and
 * the values that filters, sorting and facets read, and in REC, what
 * its hit shows (DATE, 16 bytes, holds REC's date; TITLE, TITLE_BYTES,
 * its title; *MARKS, the section marks, malloc()ed for the caller to
 * free). */
static xs_status_t structure_fields(ana_t *ana, const mnt_minutes_t *m, const psg_passage_t *p,
                                    ana_lang_t lang, xs_doc_t *doc, psg_record_t *rec, char *date,
                                    char *title, psg_section_mark_t **marks)
{
    xs_status_t st = XS_OK;
    char buf[64];
    if (m->date.year > 0) {
        snprintf(date, 16, "%04d%02d%02d", m->date.year, m->date.month, m->date.day);
        rec->date = date;
        rec->date_source = m->date.from_filename ? "filename" : "text";
        if ((st = set_string(doc, SLOT_DATE, date)) != XS_OK)
            return st;
        snprintf(buf, sizeof buf, "%04d", m->date.year);
        if ((st = set_string(doc, SLOT_YEAR, buf)) != XS_OK)
            return st;
        snprintf(buf, sizeof buf, PFX_YEAR "%04d", m->date.year);
        if ((st = xs_doc_add_boolean(doc, buf)) != XS_OK)
            return st;
    }
    if (m->body && m->body[0]) {
        rec->body = m->body;
        /* Exact, repaired and folded forms: body:"Senterrådet" must match
         * "Senterrddet" and "Senterradet". */
        st = add_text_terms(ana, doc, lang, m->body, PFX_BODY,
                            KIND(ANA_TERM_EXACT) | KIND(ANA_TERM_REPAIRED) | KIND(ANA_TERM_FOLDED), 1);
        if (st != XS_OK || (st = body_identity(ana, doc, m->body)) != XS_OK)
            return st;
    }
    const mnt_item_t *item = mnt_item_at(m, p->start);
    if (item) {
        /* A sub-item's passage is titled by the item and the sub-item
         * ("Orienteringer – b. Status for ..."), and both titles are
         * searchable from it. */
        const mnt_subitem_t *sub = mnt_subitem_at(item, p->start);
        rec->title = item->title;
        if (sub) {
            snprintf(title, TITLE_BYTES, "%s \xe2\x80\x93 %s", item->title, sub->title);
            rec->title = title;
        }
        if (item->case_no[0]) {
            rec->case_no = item->case_no;
            if ((st = set_string(doc, SLOT_CASE, item->case_no)) != XS_OK)
                return st;
            /* An item named by its meeting (casenum.h) has no heading
             * or mentions to rank against: its term weighs nothing
             * (boolean), so the passage's length and every other query's
             * scores stay as they were, and case: lists the item's
             * passages in file order. */
            snprintf(buf, sizeof buf, PFX_CASE "%s", item->case_no);
            st = referat_case_dated(item->case_no) ? xs_doc_add_boolean(doc, buf)
                                                   : xs_doc_add_term(doc, buf, 1);
            if (st != XS_OK)
                return st;
        }
        /* The title is searchable from each of the item's passages, in its
         * own space ("I" + stem) that queries weigh below the passage's
         * own words. */
        st = add_text_terms(ana, doc, lang, item->title, PFX_TITLE,
                            KIND(ANA_TERM_STEM) | KIND(ANA_TERM_REPAIRED), 0);
        /* The sub-item's words without its letter or number ("b."). */
        const char *words = sub ? strchr(sub->title, ' ') : NULL;
        if (st == XS_OK && words)
            st = add_text_terms(ana, doc, lang, words + 1, PFX_TITLE,
                                KIND(ANA_TERM_STEM) | KIND(ANA_TERM_REPAIRED), 0);
        /* The heading line itself, where the passage holds it. */
        if (st == XS_OK && item->title_start >= p->start && item->title_start < p->end)
            st = add_heading_terms(ana, doc, lang, item->title, strlen(item->title));
        if (st == XS_OK && words && sub->title_start >= p->start && sub->title_start < p->end)
            st = add_heading_terms(ana, doc, lang, words + 1, strlen(words + 1));
        if (st != XS_OK)
            return st;
        size_t n = section_marks(item, p, marks);
        if (n == (size_t)-1)
            return XS_NO_MEMORY;
        rec->sections = *marks;
        rec->nsections = n;
    }
    /* Every section the passage overlaps is searchable; the value slot
     * names the first. */
    int first = 1;
    for (size_t j = 0; item && j < item->nsections; j++) {
        const mnt_section_t *sec = &item->sections[j];
        if (sec->end <= p->start || sec->start >= p->end)
            continue;
        if (first) {
            rec->section = mnt_section_name(sec->kind);
            if ((st = set_string(doc, SLOT_SECTION, rec->section)) != XS_OK)
                return st;
        }
        first = 0;
        snprintf(buf, sizeof buf, PFX_SECTION "%s", mnt_section_name(sec->kind));
        if ((st = xs_doc_add_boolean(doc, buf)) != XS_OK)
            return st;
        if (mnt_section_is_decision(sec->kind) && (st = xs_doc_add_boolean(doc, TERM_DECISION)) != XS_OK)
            return st;
    }
    return XS_OK;
}

/* REC and passage P's text, as DOC's record (psg_record_pack) in
 * SLOT_RECORD: not its data, which Xapian would try to compress again
 * (schema.h, format 7). */
static xs_status_t set_record(xs_doc_t *doc, const psg_record_t *rec, const psg_passage_t *p)
{
    char *data;
    size_t data_len;
    psg_status_t ps = psg_record_pack(rec, p->text, p->text_len, &data, &data_len);
    if (ps != PSG_OK)
        return ps == PSG_NO_MEMORY ? XS_NO_MEMORY : XS_INVALID;
    /* The test suite builds an index of format 6's layout so. */
    xs_status_t st = referat_test_env("REFERAT_TEST_RECORD_IN_DATA") ? xs_doc_set_data(doc, data, data_len)
                                                                      : xs_doc_set_value(doc, SLOT_RECORD, data, data_len);
    free(data);
    return st;
}

/* 1 when passage P is an agenda list: inside the list the minutes parser
 * found (whose entries may carry lines of their own, "Ansvarlig: ...",
 * "Tid: 10.05-11.00", that hide it from the passage's own look), or
 * looking like one (psg_is_agenda: minutes without a parsed list). */
static int is_agenda(const mnt_minutes_t *m, const psg_passage_t *p)
{
    if (m && m->agenda_end > m->agenda_start && p->start >= m->agenda_start && p->start < m->agenda_end)
        return 1;
    return psg_is_agenda(p->text, p->text_len);
}

static xs_status_t passage_doc(ana_t *ana, idx_prepared_t *pf, const idx_source_t *src, ana_lang_t doclang,
                               const mnt_minutes_t *mnt, const psg_passage_t *p, uint32_t num,
                               xs_doc_t *doc, ana_lang_t *lang_out)
{
    ana_lang_t lang = ana_guess_lang(p->text, p->text_len);
    if (lang == ANA_LANG_UNKNOWN)
        lang = doclang;
    *lang_out = lang;
    term_sink_t sink = { .doc = doc, .pf = pf, .st = XS_OK, .stem_pos = 0 };
    if (ana_analyze(ana, ANA_MODE_DOCUMENT, lang, p->text, p->text_len, 1, add_term, &sink) == 0 &&
        p->text_len > 0)
        return sink.st != XS_OK ? sink.st : XS_NO_MEMORY;

    char term[64];
    xs_status_t st;
    snprintf(term, sizeof term, PFX_FILE "%s", pf->fileid);
    if ((st = xs_doc_add_boolean(doc, term)) != XS_OK)
        return st;
    snprintf(term, sizeof term, PFX_LANG "%s", ana_lang_code(lang));
    if ((st = xs_doc_add_boolean(doc, term)) != XS_OK)
        return st;
    if (is_agenda(mnt, p) && (st = xs_doc_add_boolean(doc, TERM_AGENDA)) != XS_OK)
        return st;
    /* What the hit shows goes into the document data with the text:
     * showing a hit is then one read, where a value is one per slot (16
     * of them cost ten times the text's read).  Offsets are into the file
     * as stored on disk, byte-order mark included.  The path is in the
     * file's record (META_FILE + file id), once for all its passages. */
    char date[16], title[TITLE_BYTES];
    psg_record_t rec = { .passage = num,
                         .start = idx_source_offset(src, p->start),
                         .end = idx_source_offset(src, p->end),
                         .line = p->line,
                         .page = p->page,
                         .lang = ana_lang_code(lang),
                         .pages = p->pages,
                         .npages = p->npages };
    psg_section_mark_t *marks = NULL;
    st = mnt ? structure_fields(ana, mnt, p, lang, doc, &rec, date, title, &marks) : XS_OK;
    if (st == XS_OK)
        st = set_record(doc, &rec, p);
    free(marks);
    if (st != XS_OK)
        return st;
    if ((st = set_string(doc, SLOT_LANG, ana_lang_code(lang))) != XS_OK ||
        (st = set_string(doc, SLOT_FILEID, pf->fileid)) != XS_OK)
        return st;
    /* Weights normalised by the passage's length now, once, so that no
     * search reads a passage length (format 5, schema.h); the mark of
     * this format ends an upgrade (finish_upgrade).  A link's words
     * (ten or more for a SharePoint address, each with its stem) count a
     * quarter toward the length, so that links beside a paragraph do not
     * bury its words. */
    const xs_norm_t norm = { REFERAT_NORM_PIVOT, REFERAT_NORM_B, REFERAT_NORM_MIN, REFERAT_NORM_SCALE,
                             sink.url_wdf - sink.url_wdf / URL_LENGTH_SHARE };
    if ((st = xs_doc_add_boolean(doc, TERM_NORMALISED)) != XS_OK ||
        (st = xs_doc_add_boolean(doc, TERM_FORMAT)) != XS_OK ||
        (st = xs_doc_normalise(doc, &norm, NULL)) != XS_OK)
        return st;
    return XS_OK;
}

/* Sets metadata KEY to VALUE unless it is set already. */
static xs_status_t set_once(xs_db_t *db, const char *key, const char *value)
{
    char *old = NULL;
    xs_status_t st = xs_db_get_metadata(db, key, &old);
    if (st == XS_OK && old[0] == '\0')
        st = xs_db_set_metadata(db, key, value);
    free(old);
    return st;
}

static int fail_db(xs_db_t *db, xs_status_t st, char *reason)
{
    snprintf(reason, IDX_REASON, "index write failed: %s (%s)", xs_status_string(st), xs_db_error(db));
    return (int)st;
}

void idx_prepared_free(idx_prepared_t *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->ndocs; i++)
        xs_doc_free(p->docs[i]);
    free(p->docs);
    pairs_free(&p->acro);
    pairs_free(&p->syn);
    free(p);
}

const idx_file_stats_t *idx_prepared_stats(const idx_prepared_t *p)
{
    return &p->stats;
}

size_t idx_prepared_text_len(const idx_prepared_t *p)
{
    return p->text_len;
}

/* Keeps one "Full Name (ABBR)" pair, normalized, for the writer. */
static int keep_acronym(void *ctx, const char *abbr, size_t alen, const char *name, size_t nlen)
{
    idx_prepared_t *p = ctx;
    char ka[64], kn[200];
    if (ana_normalize_key(abbr, alen, ka, sizeof ka) == 0 ||
        ana_normalize_key(name, nlen, kn, sizeof kn) == 0 || strchr(ka, ' '))
        return 0;
    if (pairs_add(&p->acro, ka, kn))
        return p->oom = 1;
    return 0;
}

int idx_prepare_file(ana_t *ana, const char *path, const idx_source_t *src, idx_prepared_t **out,
                     char *reason)
{
    *out = NULL;
    const char *text = src->text + src->bom;
    size_t len = src->len - src->bom;
    idx_prepared_t *pf = calloc(1, sizeof *pf);
    if (!pf) {
        snprintf(reason, IDX_REASON, "out of memory");
        return (int)XS_NO_MEMORY;
    }
    pf->text_len = src->len;
    idx_file_id(path, pf->fileid);
    /* The structure decides where passages may not run on (agenda
     * items), and runs of encoded or binary data inside a text file are
     * blanked in the passage's text, so neither indexed nor stored; a
     * passage of nothing else is left out (mnt_passages), and a file of
     * nothing else is refused before anything is written, so what the
     * index holds of it stays. */
    mnt_minutes_t *mnt = NULL;
    psg_list_t *list = NULL;
    psg_left_out_t left;
    if (mnt_passages(text, len, path, &mnt, &list, &left) != PSG_OK) {
        idx_prepared_free(pf);
        snprintf(reason, IDX_REASON, "out of memory while splitting into passages");
        return (int)XS_NO_MEMORY;
    }
    pf->stats.junk_runs = (uint32_t)left.runs;
    pf->stats.junk_bytes = left.bytes;
    size_t npsg = psg_list_count(list);
    if (npsg == 0 && left.passages > 0) {
        psg_list_free(list);
        mnt_free(mnt);
        idx_prepared_free(pf);
        snprintf(reason, IDX_REASON, "no text: only encoded or binary-looking data (%zu bytes with "
                 "almost no spaces or words)", len);
        return IDX_WRITE_NOT_TEXT;
    }
    ana_lang_t doclang = ana_guess_lang(text, len);
    pf->stats.lang = doclang;
    xs_status_t st = XS_OK;
    if (npsg > 0 && !(pf->docs = calloc(npsg, sizeof *pf->docs)))
        st = XS_NO_MEMORY;
    for (size_t i = 0; st == XS_OK && i < npsg; i++) {
        const psg_passage_t *p = psg_list_get(list, i);
        xs_doc_t *doc = xs_doc_new();
        if (!doc) {
            st = XS_NO_MEMORY;
            break;
        }
        ana_lang_t lang;
        /* Passage numbers run on without gaps where junk was left out. */
        st = passage_doc(ana, pf, src, doclang, mnt, p, (uint32_t)i + 1, doc, &lang);
        if (st == XS_OK)
            pf->docs[pf->ndocs++] = doc;
        else
            xs_doc_free(doc);
    }
    psg_list_free(list);
    mnt_free(mnt);
    if (st == XS_OK) {
        ana_find_acronyms(text, len, keep_acronym, pf);
        if (pf->oom)
            st = XS_NO_MEMORY;
    }
    if (st != XS_OK) {
        idx_prepared_free(pf);
        snprintf(reason, IDX_REASON, "analysing failed: %s", xs_status_string(st));
        return (int)st;
    }
    pairs_unique(&pf->syn);
    pf->stats.passages = (uint32_t)pf->ndocs;
    *out = pf;
    return 0;
}

/* Writes passage I (from 0) of PF under its id term. */
static xs_status_t put_passage(xs_db_t *db, const idx_prepared_t *pf, size_t i)
{
    char idterm[64];
    snprintf(idterm, sizeof idterm, PFX_ID "%s-%zu", pf->fileid, i + 1);
    return xs_db_replace_doc(db, idterm, pf->docs[i], NULL);
}

/* Writes PF's passages over the file's old ones (FILETERM: its file
 * term), each in place under its id term, not deleted and added again:
 * Xapian then rewrites only the postings that differ, and an edit
 * changes a passage or two of a file's twenty (most of a nightly run's
 * changed files; docs/performance.md, "The nightly run").  The old
 * passages past the new count go after.  Should the file still hold
 * other passages than these (ids not numbered from 1 on), they all go
 * and the passages are written afresh. */
static xs_status_t replace_passages(xs_db_t *db, const idx_prepared_t *pf, const char *fileterm)
{
    xs_status_t st = XS_OK;
    for (size_t i = 0; st == XS_OK && i < pf->ndocs; i++)
        st = put_passage(db, pf, i);
    for (size_t i = pf->ndocs + 1; st == XS_OK; i++) {
        char idterm[64];
        int exists = 0;
        snprintf(idterm, sizeof idterm, PFX_ID "%s-%zu", pf->fileid, i);
        if ((st = xs_db_term_exists(db, idterm, &exists)) != XS_OK || !exists)
            break;
        st = xs_db_delete_docs(db, idterm);
    }
    uint32_t held = 0;
    if (st == XS_OK)
        st = xs_db_termfreq(db, fileterm, &held);
    if (st == XS_OK && held != pf->ndocs) {
        st = xs_db_delete_docs(db, fileterm);
        for (size_t i = 0; st == XS_OK && i < pf->ndocs; i++)
            st = put_passage(db, pf, i);
    }
    return st;
}

int idx_write_prepared(xs_db_t *db, const idx_prepared_t *pf, char *reason)
{
    char term[64];
    snprintf(term, sizeof term, PFX_FILE "%s", pf->fileid);
    xs_status_t st = xs_db_begin(db);
    if (st != XS_OK)
        return fail_db(db, st, reason);
    st = replace_passages(db, pf, term);
    /* Acronyms learned from "Full Name (ABBR)", both ways (schema.h); the
     * first definition seen is kept. */
    for (size_t i = 0; st == XS_OK && i < pf->acro.n; i++) {
        const char *abbr = pf->acro.v[i], *name = pair_second(abbr);
        char key[300];
        snprintf(key, sizeof key, META_ACRO "%s", abbr);
        st = set_once(db, key, name);
        if (st == XS_OK) {
            snprintf(key, sizeof key, META_ACRONAME "%s", name);
            st = set_once(db, key, abbr);
        }
    }
    /* Skeletons and keys as synonyms of stems (see add_term).  Never
     * removed with a file: a synonym whose stem is no longer indexed
     * expands to a term that matches nothing. */
    for (size_t i = 0; st == XS_OK && i < pf->syn.n; i++)
        st = xs_db_add_synonym(db, pf->syn.v[i], pair_second(pf->syn.v[i]));
    if (st != XS_OK) {
        int rc = fail_db(db, st, reason);
        xs_db_cancel_transaction(db);
        return rc;
    }
    st = xs_db_commit_transaction(db);
    if (st != XS_OK)
        return fail_db(db, st, reason);
    return 0;
}
