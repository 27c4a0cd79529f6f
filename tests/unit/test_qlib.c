/* test_qlib.c - unit tests for the query library (lib/query/query.h):
 * engines and their statuses, a search's result data, the field table,
 * and the look-ups by passage id (passage, neighbours, agenda item, case
 * trail, source file, health).
 *
 * The index is built by the build's referat-index ($REFERAT_BUILDDIR)
 * from two small minutes written here, in a mkdtemp() directory removed
 * at the end; without REFERAT_BUILDDIR the index tests are skipped.
 */
#include "query/query.h"
#include "schema.h"
#include "tap.h"
#include "xs/xs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[512], db[600];

static const char minutes1[] =
    "Referat\n\nMøtetema: Styringsgruppemøte, Fagrådet for sjeldne lungesykdommer\n\n"
    "Dato møte: onsdag 08.03.23 kl. 10:00-12:00\n\n"
    "Sak 4/2023 Pustetrening i kommunene\n\nBakgrunn:\n"
    "Flere kommuner ønsker å tilby pustetrening nær pasientenes bosted. Fagrådet har laget en "
    "veileder for oppfølging av pustetrening hjemme, med vekt på enkle øvelser som pasientene "
    "kan gjøre selv hver morgen og kveld.\n\n"
    "Innspill:\nFysioterapeutene ber om et kurs i pustetrening for hjemmetjenesten, og om at "
    "veilederen oversettes til samisk og polsk før sommeren.\n\n"
    "Vedtak: Fagrådet støtter veilederen og ber sekretariatet planlegge kurset.\n\n"
    "Sak 5/2023 Ventelister\n\nBakgrunn:\nVentelistene for utredning har vokst i to regioner.\n";

static const char minutes2[] =
    "Referat\n\nMøtetema: Styringsgruppemøte, Fagrådet for sjeldne lungesykdommer\n\n"
    "Dato møte: onsdag 15.05.24 kl. 10:00-12:00\n\n"
    "Sak 2/2024 Oppfølging av kurset\n\nBakgrunn:\n"
    "Kurset i pustetrening fra sak 4/2023 ble holdt i februar med god oppslutning.\n";

static int write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fputs(text, f);
    return fclose(f);
}

/* Builds the index; 0 when it could. */
static int make_index(void)
{
    const char *build = getenv("REFERAT_BUILDDIR");
    const char *base = getenv("TMPDIR");
    char path[700], cmd[2048];
    if (!build || !*build)
        return -1;
    snprintf(dir, sizeof dir, "%s/test_qlib.XXXXXX", base && *base ? base : "/tmp");
    if (!mkdtemp(dir))
        return -1;
    snprintf(path, sizeof path, "%s/m", dir);
    if (mkdir(path, 0700) != 0)
        return -1;
    snprintf(path, sizeof path, "%s/m/2023-03-08-fagradet-referat.txt", dir);
    if (write_file(path, minutes1) != 0)
        return -1;
    snprintf(path, sizeof path, "%s/m/2024-05-15-fagradet-referat.txt", dir);
    if (write_file(path, minutes2) != 0)
        return -1;
    snprintf(db, sizeof db, "%s/db", dir);
    snprintf(cmd, sizeof cmd, "'%s/referat-index' --quiet --db '%s' '%s/m' >/dev/null 2>&1", build, db, dir);
    return system(cmd) == 0 ? 0 : -1;
}

static qry_engine_t *open_engine(void)
{
    qry_status_t st;
    char *err = NULL;
    qry_engine_t *e = qry_engine_open(db, NULL, &st, &err);
    if (!e)
        printf("#   open: %s: %s\n", qry_status_string(st), err ? err : "");
    free(err);
    return e;
}

TEST(field_table_is_read_by_names_and_facets)
{
    char names[128];
    CHECK(qry_field("year") != NULL);
    CHECK(qry_field("yaer") == NULL);
    CHECK(qry_facet("date") == NULL); /* a field, not a facet */
    CHECK(qry_facet("section") != NULL);
    qry_facet_names(", ", names, sizeof names);
    CHECK_STR(names, "year, body, section, lang, case");
    CHECK(qry_nfields == 6);
}

TEST(check_tells_a_bad_query)
{
    char err[QRY_ERROR_BYTES];
    CHECK(qry_check("pustetrening year:2023", err) == QRY_OK);
    CHECK(qry_check("(pustetrening", err) == QRY_BAD_QUERY);
    CHECK(strncmp(err, "bad query '(pustetrening': ", 27) == 0);
    CHECK(qry_check("caf\xe9", err) == QRY_BAD_QUERY);
    CHECK(strstr(err, "not valid UTF-8") != NULL);
    CHECK_STR(qry_status_string(QRY_BUSY), "index busy");
}

TEST(open_tells_a_missing_index)
{
    qry_status_t st = QRY_OK;
    char *err = NULL, path[700];
    snprintf(path, sizeof path, "%s/none", dir);
    CHECK(qry_engine_open(path, NULL, &st, &err) == NULL);
    CHECK(st == QRY_INDEX_MISSING);
    CHECK(err && strncmp(err, "no index at ", 12) == 0);
    free(err);
    qry_engine_opts_t o;
    qry_engine_opts_init(&o);
    o.bm25_b = 0.5; /* a format-6 index applied b = 0.75 */
    CHECK(qry_engine_open(db, &o, &st, NULL) == NULL);
    CHECK(st == QRY_BAD_OPTION);
    qry_engine_free(NULL);
}

TEST(search_returns_decoded_hits_and_counts)
{
    qry_engine_t *e = open_engine();
    qry_result_t *r = NULL;
    qry_search_opts_t so;
    qry_search_opts_init(&so);
    so.facets = "year,section";
    so.timeline = 1;
    so.exact = 1;
    so.meetings = 1;
    CHECK(e && qry_search(e, "pustetrening", &so, &r) == QRY_OK);
    CHECK(r && r->nhits >= 2);
    if (r && r->nhits >= 2) {
        const qry_hit_t *h = &r->hits[0];
        CHECK(h->rank == 1 && !h->partial && !h->damaged);
        CHECK(strstr(h->path, "fagradet-referat.txt") != NULL);
        CHECK(strlen(h->id) > 2 && strchr(h->id, '-'));
        CHECK(h->nspans > 0 && h->spans[0].end > h->spans[0].start);
        CHECK(strstr(h->snippet, "pustetrening") != NULL);
        CHECK(h->body[0] && h->date[0] == '2');
        CHECK(r->total_exact && r->total == r->nhits);
        CHECK(r->counted && r->meetings == 2 && r->passages == r->total);
        CHECK(r->nfacets == 2 && strcmp(r->facets[0].name, "year") == 0 && r->facets[0].n == 2);
        CHECK(r->timeline && r->first_year == 2023 && r->nyears == 2);
        CHECK(strcmp(r->unit, "passages") == 0);
    }
    qry_result_free(r);
    r = NULL;
    CHECK(e && qry_search(e, "year:20x3 pustetrening", NULL, &r) == QRY_BAD_QUERY && !r);
    CHECK(strstr(qry_engine_error(e), "year:20x3") != NULL);
    CHECK(e && qry_search(e, "pustetrening", NULL, &r) == QRY_OK && r);
    CHECK_STR(qry_engine_error(e), "");
    qry_result_free(r);
    CHECK(e && qry_engine_refresh(e) == QRY_OK);
    qry_engine_free(e);
}

TEST(sort_oldest_reads_a_trail_in_order)
{
    qry_engine_t *e = open_engine();
    qry_result_t *r = NULL;
    qry_search_opts_t so;
    qry_search_opts_init(&so);
    so.sort = QRY_SORT_OLDEST;
    CHECK(e && qry_search(e, "pustetrening", &so, &r) == QRY_OK && r && r->nhits >= 2);
    for (size_t i = 1; r && i < r->nhits; i++)
        CHECK(strcmp(r->hits[i - 1].date, r->hits[i].date) <= 0);
    CHECK(r && r->nhits && strcmp(r->hits[r->nhits - 1].date, "2024-05-15") == 0);
    qry_result_free(r);
    qry_engine_free(e);
}

TEST(passage_by_id_with_neighbours_item_and_source)
{
    qry_engine_t *e = open_engine();
    qry_result_t *r = NULL, *p = NULL, *item = NULL;
    char prev[48], next[48], id[48] = "";
    CHECK(e && qry_search(e, "\"kurs i pustetrening\"", NULL, &r) == QRY_OK && r && r->nhits >= 1);
    if (r && r->nhits)
        snprintf(id, sizeof id, "%s", r->hits[0].id);
    CHECK(e && qry_passage(e, id, &p, prev, next) == QRY_OK && p && p->nhits == 1);
    CHECK(p && strcmp(p->hits[0].id, id) == 0 && strcmp(p->hits[0].case_no, "4/2023") == 0);
    CHECK(prev[0] && strcmp(prev, id) != 0);
    CHECK(e && qry_item(e, id, &item) == QRY_OK && item && item->nhits >= 1);
    for (size_t i = 0; item && i < item->nhits; i++) {
        CHECK_STR(item->hits[i].case_no, "4/2023");
        CHECK(i == 0 || item->hits[i - 1].passage < item->hits[i].passage);
    }
    char *path = NULL;
    CHECK(e && qry_source_path(e, id, &path) == QRY_OK && path && strstr(path, "2023-03-08"));
    free(path);
    qry_result_free(p);
    p = NULL;
    CHECK(e && qry_passage(e, "0123456789abcdef-999", &p, NULL, NULL) == QRY_NOT_FOUND && !p);
    CHECK(e && qry_passage(e, "../../etc/passwd", &p, NULL, NULL) == QRY_NOT_FOUND && !p);
    CHECK(e && qry_source_path(e, "x-1", &path) == QRY_NOT_FOUND && !path);
    qry_result_free(item);
    qry_result_free(r);
    qry_engine_free(e);
}

TEST(case_trail_and_health)
{
    qry_engine_t *e = open_engine();
    qry_result_t *r = NULL;
    CHECK(e && qry_case_trail(e, "sak 4-2023", 50, &r) == QRY_OK && r && r->nhits >= 2);
    CHECK(r && r->nhits && strcmp(r->hits[0].case_no, "4/2023") == 0);
    CHECK(r && r->nhits && strcmp(r->hits[r->nhits - 1].date, "2024-05-15") == 0);
    qry_result_free(r);
    r = NULL;
    CHECK(e && qry_case_trail(e, "fire", 50, &r) == QRY_BAD_QUERY && !r);
    qry_health_t h;
    CHECK(e && qry_health(e, &h) == QRY_OK);
    CHECK(e && strcmp(h.format, "7") == 0 && h.files == 2 && h.passages >= 3);
    CHECK(e && h.last_indexed[0] == '2');
    qry_engine_free(e);
}

/* Sets the metadata KEY of the index to VALUE ("" removes it) and
 * commits; 0 when it could. */
static int set_metadata(const char *key, const char *value)
{
    xs_db_t *w = xs_db_new();
    int ok = w && xs_db_open(w, db, XS_DB_WRITE) == XS_OK && xs_db_set_metadata(w, key, value) == XS_OK &&
             xs_db_commit(w) == XS_OK;
    xs_db_free(w);
    return ok ? 0 : -1;
}

TEST(health_reads_the_last_run_and_falls_back_to_the_revision_file)
{
    qry_engine_t *e = open_engine();
    qry_health_t h;
    CHECK(e && set_metadata(REFERAT_LAST_RUN_KEY, "2031-01-02T03:04:05Z") == 0);
    CHECK(e && qry_engine_refresh(e) == QRY_OK && qry_health(e, &h) == QRY_OK);
    CHECK(e && strcmp(h.last_indexed, "2031-01-02T03:04:05Z") == 0);
    CHECK(e && h.files == 2);
    /* An index written before referat-index kept its stamp. */
    CHECK(e && set_metadata(REFERAT_LAST_RUN_KEY, "") == 0);
    CHECK(e && qry_engine_refresh(e) == QRY_OK && qry_health(e, &h) == QRY_OK);
    CHECK(e && strlen(h.last_indexed) == 20 && h.last_indexed[0] == '2' &&
          strcmp(h.last_indexed, "2031-01-02T03:04:05Z") != 0);
    qry_engine_free(e);
}

/* The words that match nothing are named, each once and in order; a
 * word found through a folded or OCR-repaired spelling, through its stem
 * or through an item title is matched; negated words and fields are not
 * words to change. */
TEST(unmatched_words_are_those_no_passage_has)
{
    static const struct {
        const char *query, *unmatched;
    } v[] = {
        { "pustetrening xqzzyv", "xqzzyv" },
        { "xqzzyv pustetrening xqzzyv blorfk", "xqzzyv,blorfk" },
        { "pustetrening ventelister", "" },
        { "Pustetreningen", "" },                /* a stem */
        { "st@tter", "" },                      /* OCR damage of \"støtter\" */
        { "stotter", "" },                      /* folded */
        { "\"kurs i xqzzyv\"", "xqzzyv" },       /* a phrase word by word */
        { "pustetrening -xqzzyv", "" },         /* negated */
        { "xqzz* pustetren*", "xqzz*" },
        { "pustetrening OR blorfk year:2023", "blorfk" },
        { "sak 4/2023", "" },
    };
    qry_engine_t *e = open_engine();
    /* Each query alone, then with its search's result, which spares the
     * searches per word when all the words were needed and found: the
     * same words either way. */
    for (size_t i = 0; e && i < 2 * (sizeof v / sizeof v[0]); i++) {
        size_t q = i % (sizeof v / sizeof v[0]);
        qry_result_t *r = NULL;
        char **w = (char **)1, got[256] = "";
        size_t n = 99;
        if (i >= sizeof v / sizeof v[0])
            CHECK(qry_search(e, v[q].query, NULL, &r) == QRY_OK && r);
        CHECK(qry_unmatched(e, v[q].query, r, &w, &n) == QRY_OK);
        for (size_t k = 0; k < n; k++)
            snprintf(got + strlen(got), sizeof got - strlen(got), "%s%s", k ? "," : "", w[k]);
        CHECK(n > 0 ? w && !w[n] : !w);
        CHECK_STR(got, v[q].unmatched);
        qry_words_free(w);
        qry_result_free(r);
    }
    char **w = NULL;
    size_t n = 0;
    CHECK(e && qry_unmatched(e, "(pustetrening", NULL, &w, &n) == QRY_BAD_QUERY && !w && n == 0);
    qry_words_free(NULL);
    qry_engine_free(e);
}

/* From the file's first passage, next_item walks every item once, in
 * order, to the last (whose next is none); prev_item walks back the same
 * way to the first (whose prev is none). */
TEST(item_neighbours_walk_a_file_both_ways)
{
    qry_engine_t *e = open_engine();
    qry_result_t *r = NULL;
    char firsts[16][48], id[48] = "", prev[48], next[48];
    size_t n = 0;
    CHECK(e && qry_search(e, "\"kurs i pustetrening\"", NULL, &r) == QRY_OK && r && r->nhits >= 1);
    if (r && r->nhits)
        snprintf(id, sizeof id, "%.*s-1", (int)strcspn(r->hits[0].id, "-"), r->hits[0].id);
    qry_result_free(r);
    char last_case[48] = "";
    while (e && id[0] && n < 16) {
        qry_result_t *item = NULL;
        CHECK(qry_item(e, id, &item) == QRY_OK && item && item->nhits > 0);
        CHECK(item && qry_item_neighbours(e, item, prev, next) == QRY_OK);
        CHECK(item && strcmp(item->hits[0].id, id) == 0); /* ids given are first passages */
        if (n == 0)
            CHECK_STR(prev, "");
        else
            CHECK_STR(prev, firsts[n - 1]);
        snprintf(last_case, sizeof last_case, "%s", item ? item->hits[0].case_no : "");
        snprintf(firsts[n++], 48, "%s", id);
        snprintf(id, sizeof id, "%s", next);
        qry_result_free(item);
    }
    /* Sak 5/2023 closes the minutes: its next is none. */
    CHECK(n >= 3 && n < 16);
    CHECK_STR(last_case, "5/2023");
    CHECK(e && qry_item_neighbours(e, NULL, prev, next) == QRY_NOT_FOUND && !prev[0] && !next[0]);
    qry_engine_free(e);
}

/* A word that matches nothing gets the index's nearest word under its
 * first two letters: a letter dropped, added or changed, or two
 * neighbours swapped (one edit for a word of up to five letters, two
 * for a longer one); none when every word is further. */
TEST(suggestions_are_the_nearest_words)
{
    static const struct {
        const char *word, *suggestion;
    } v[] = {
        { "pustetrenign", "pustetrening" }, /* two neighbours swapped */
        { "pusttrenig", "pustetrening" },   /* two letters dropped */
        { "kursett", "kurset" },
        { "sammisk", "samisk" },
        { "polks", "polsk" },
        { "polsx", "polsk" },               /* a letter changed */
        { "plosk", "" },                    /* two edits: too many for five letters */
        { "pustetrxxxxg", "" },
        { "sekretariatte", "sekretariatet" },
    };
    qry_engine_t *e = open_engine();
    char best[QRY_SUGGEST_BYTES];
    for (size_t i = 0; e && i < sizeof v / sizeof v[0]; i++) {
        CHECK(qry_suggest(e, v[i].word, best, sizeof best) == QRY_OK);
        if (strcmp(best, v[i].suggestion) != 0)
            printf("#   %s: '%s', not '%s'\n", v[i].word, best, v[i].suggestion);
        CHECK_STR(best, v[i].suggestion);
    }
    qry_engine_free(e);
}

/* Runs the build's referat-index over the minutes again (a new
 * revision); 0 when it could. */
static int reindex(void)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "'%s/referat-index' --quiet --db '%s' '%s/m' >/dev/null 2>&1",
             getenv("REFERAT_BUILDDIR"), db, dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* Adds a meeting of the lung diseases' council on DATE (YYYY-MM-DD) with
 * CASE ("Sak N/YYYY ...") saying TEXT, and indexes it (a new revision);
 * 0 when it could. */
static int add_meeting(const char *date, const char *case_line, const char *text)
{
    char path[700], body[1024];
    snprintf(path, sizeof path, "%s/m/%s-fagradet-referat.txt", dir, date);
    snprintf(body, sizeof body,
             "Referat\n\nMøtetema: Styringsgruppemøte, Fagrådet for sjeldne lungesykdommer\n\n"
             "Dato møte: onsdag %.2s.%.2s.%.2s kl. 10:00-12:00\n\n%s\n\nBakgrunn:\n%s\n",
             date + 8, date + 5, date + 2, case_line, text);
    return write_file(path, body) == 0 ? reindex() : -1;
}

/* The hits of QUERY on E, or -1. */
static int hits_of(qry_engine_t *e, const char *query)
{
    qry_result_t *r = NULL;
    int n = e && qry_search(e, query, NULL, &r) == QRY_OK && r ? (int)r->nhits : -1;
    qry_result_free(r);
    return n;
}

/* An engine remembers which other spellings of a query word the index
 * holds (spellcache.c), and forgets them with the revision: a phrase
 * typed without the Danish letters finds the spellings a later run
 * added, as a new engine does.  (Adds a meeting: run last.) */
TEST(spellings_remembered_are_of_the_revision_searched)
{
    qry_engine_t *e = open_engine();
    CHECK(hits_of(e, "\"sjaeldne boern\"") == 0);
    CHECK(hits_of(e, "\"sjaeldne boern\"") == 0);
    CHECK(add_meeting("2024-09-04", "Sak 7/2024 Samarbeid med Danmark",
                      "Et dansk fagmiljø for sjældne børn ønsker å dele sine øvelser for pustetrening.") == 0);
    CHECK(e && qry_engine_refresh(e) == QRY_OK);
    CHECK(hits_of(e, "\"sjaeldne boern\"") == 1);
    qry_engine_free(e);
    e = open_engine();
    CHECK(hits_of(e, "\"sjaeldne boern\"") == 1);
    qry_engine_free(e);
}

/* Suggestions walk the index's words under a prefix once and keep them
 * (suggest.c), and forget them with the revision: a word a later run
 * added is suggested, as a new engine suggests it.  (Adds a meeting: run
 * last.) */
TEST(suggestions_kept_are_of_the_revision_searched)
{
    char best[QRY_SUGGEST_BYTES];
    qry_engine_t *e = open_engine();
    CHECK(e && qry_suggest(e, "kursledere", best, sizeof best) == QRY_OK);
    CHECK_STR(best, "");
    CHECK(e && qry_suggest(e, "kursett", best, sizeof best) == QRY_OK); /* from the list kept */
    CHECK_STR(best, "kurset");
    CHECK(add_meeting("2024-11-20", "Sak 9/2024 Nytt kurs",
                      "Fagrådet ønsker en kursleder for pustetrening i hver region.") == 0);
    CHECK(e && qry_engine_refresh(e) == QRY_OK);
    CHECK(e && qry_suggest(e, "kursledere", best, sizeof best) == QRY_OK);
    CHECK_STR(best, "kursleder");
    qry_engine_free(e);
    e = open_engine();
    CHECK(e && qry_suggest(e, "kursledere", best, sizeof best) == QRY_OK);
    CHECK_STR(best, "kursleder");
    qry_engine_free(e);
}

int main(void)
{
    RUN(field_table_is_read_by_names_and_facets);
    RUN(check_tells_a_bad_query);
    if (make_index() != 0) {
        printf("# no index (REFERAT_BUILDDIR unset or referat-index failed): skipping the rest\n");
        return tap_done();
    }
    RUN(open_tells_a_missing_index);
    RUN(search_returns_decoded_hits_and_counts);
    RUN(sort_oldest_reads_a_trail_in_order);
    RUN(passage_by_id_with_neighbours_item_and_source);
    RUN(case_trail_and_health);
    RUN(unmatched_words_are_those_no_passage_has);
    RUN(suggestions_are_the_nearest_words);
    RUN(item_neighbours_walk_a_file_both_ways);
    RUN(health_reads_the_last_run_and_falls_back_to_the_revision_file);
    RUN(spellings_remembered_are_of_the_revision_searched);
    RUN(suggestions_kept_are_of_the_revision_searched);
    char cmd[700];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        printf("# could not remove %s\n", dir);
    return tap_done();
}
