/* test_srv.c - referat-serve's request parsers: paths and query strings
 * decoded strictly (server/url.c), /api/search's parameters read and
 * checked (server/params.c), and the JSON error body (server/json.c). */
#include "../../server/srv.h"
#include "tap.h"

#include <stdlib.h>

/* Paths that decode, and what they decode to. */
static const struct {
    const char *raw, *path;
} good_paths[] = {
    { "/", "/" },
    { "/api/health", "/api/health" },
    { "/api/%68ealth", "/api/health" },
    { "/api/case/19%2F2023", "/api/case/19/2023" },
    { "/api/item/r%C3%A5d", "/api/item/råd" },
    { "/a+b", "/a+b" },           /* '+' is a space only in a query string */
    { "/.well-known", "/.well-known" },
    { "/a..b/c.", "/a..b/c." },
};

/* Paths refused, each with a part of its reason. */
static const struct {
    const char *raw, *why;
} bad_paths[] = {
    { "", "start with '/'" },
    { "api/health", "start with '/'" },
    { "http://x/api/health", "start with '/'" },
    { "*", "start with '/'" },
    { "/../etc/passwd", "segment" },
    { "/api/health/../../etc/passwd", "segment" },
    { "/%2e%2e%2fetc%2fpasswd", "segment" },
    { "/%2E%2E/etc/passwd", "segment" },
    { "//etc/passwd", "segment" },
    { "/api//health", "segment" },
    { "/api/health/", "segment" },
    { "/./api/health", "segment" },
    { "/api/health/.", "segment" },
    { "/api/health%00", "NUL" },
    { "/api/health%00/x", "NUL" },
    { "/%c0%af", "UTF-8" },          /* overlong '/' */
    { "/%c0%ae%c0%ae/", "UTF-8" },   /* overlong '.' */
    { "/%e0%80%af", "UTF-8" },       /* overlong, three bytes */
    { "/%ed%a0%80", "UTF-8" },       /* a surrogate */
    { "/%ff", "UTF-8" },
    { "/%c3", "UTF-8" },             /* cut short */
    { "/%", "percent escape" },
    { "/%2", "percent escape" },
    { "/%zz", "percent escape" },
    { "/%%32%65", "percent escape" },
};

TEST(paths_decode)
{
    char err[SRV_ERR];
    for (size_t i = 0; i < sizeof good_paths / sizeof good_paths[0]; i++) {
        char *p = NULL;
        int rc = srv_path_decode(good_paths[i].raw, strlen(good_paths[i].raw), &p, err, sizeof err);
        CHECK(rc == 0);
        CHECK_STR(p, good_paths[i].path);
        free(p);
    }
}

TEST(bad_paths_refused)
{
    for (size_t i = 0; i < sizeof bad_paths / sizeof bad_paths[0]; i++) {
        char *p = (char *)"unset", err[SRV_ERR] = "";
        int rc = srv_path_decode(bad_paths[i].raw, strlen(bad_paths[i].raw), &p, err, sizeof err);
        if (rc != -1 || p != NULL || !strstr(err, bad_paths[i].why))
            printf("#   %s: rc %d, err '%s'\n", bad_paths[i].raw, rc, err);
        CHECK(rc == -1 && p == NULL && strstr(err, bad_paths[i].why));
    }
}

/* A NUL byte in the raw bytes is refused as one encoded is. */
TEST(raw_nul_refused)
{
    char *p, err[SRV_ERR];
    CHECK(srv_percent_decode("/a\0b", 4, 0, &p, NULL, err, sizeof err) == -1 && !p);
}

TEST(query_strings)
{
    srv_params_t p;
    char err[SRV_ERR];
    CHECK(srv_params_parse("q=ventetid+for%20MR&limit=5&&docs&x=", &p, err, sizeof err) == 0);
    CHECK(p.n == 4);
    CHECK_STR(srv_params_get(&p, "q"), "ventetid for MR");
    CHECK_STR(srv_params_get(&p, "limit"), "5");
    CHECK_STR(srv_params_get(&p, "docs"), "");
    CHECK_STR(srv_params_get(&p, "x"), "");
    CHECK(srv_params_get(&p, "offset") == NULL);
    srv_params_free(&p);
    CHECK(srv_params_parse(NULL, &p, err, sizeof err) == 0 && p.n == 0);
    CHECK(srv_params_parse("", &p, err, sizeof err) == 0 && p.n == 0);
    CHECK(srv_params_parse("q=a%3Db%26c", &p, err, sizeof err) == 0);
    CHECK_STR(srv_params_get(&p, "q"), "a=b&c");
    srv_params_free(&p);
    CHECK(srv_params_parse("q=s%C3%B8knad", &p, err, sizeof err) == 0);
    CHECK_STR(srv_params_get(&p, "q"), "søknad");
    srv_params_free(&p);
}

static const struct {
    const char *qs, *why;
} bad_queries[] = {
    { "q=a%00b", "NUL" },
    { "q=%c0%af", "UTF-8" },
    { "q=%fe", "UTF-8" },
    { "q=%4", "percent escape" },
    { "q%00=x", "NUL" },
    { "=x", "without a name" },
    { "limit=1&limit=1000", "twice" },
    { "q=a&q=b", "twice" },
};

TEST(bad_query_strings_refused)
{
    for (size_t i = 0; i < sizeof bad_queries / sizeof bad_queries[0]; i++) {
        srv_params_t p;
        char err[SRV_ERR] = "";
        int rc = srv_params_parse(bad_queries[i].qs, &p, err, sizeof err);
        if (rc != -1 || !strstr(err, bad_queries[i].why))
            printf("#   %s: rc %d, err '%s'\n", bad_queries[i].qs, rc, err);
        CHECK(rc == -1 && p.n == 0 && p.v == NULL && strstr(err, bad_queries[i].why));
    }
}

/* Parses QS as /api/search's parameters: 0 or -1 (ERR set). */
static int search(const char *qs, srv_search_t *s, char *err, size_t cap)
{
    static srv_params_t p; /* kept until the next call: s->q points into it */
    srv_params_free(&p);
    if (!s)
        return 0;
    if (srv_params_parse(qs, &p, err, cap) != 0)
        return -1;
    return srv_search_parse(&p, s, err, cap);
}

TEST(search_parameters)
{
    srv_search_t s;
    char err[SRV_ERR];
    CHECK(search("q=rehabilitering", &s, err, sizeof err) == 0);
    CHECK_STR(s.q, "rehabilitering");
    CHECK(s.limit == 10 && s.offset == 0 && s.sort == SRV_SORT_RELEVANCE && !s.docs && !s.facets &&
          !s.timeline);
    CHECK(search("q=body%3ANKRS+ventetid&limit=0&offset=20&sort=date&docs=1&timeline=1"
                 "&facets=year,body,,section,lang,case,year",
                 &s, err, sizeof err) == 0);
    CHECK_STR(s.q, "body:NKRS ventetid");
    CHECK(s.limit == 0 && s.offset == 20 && s.sort == SRV_SORT_DATE && s.docs == 1 && s.timeline == 1);
    CHECK(s.facets == (SRV_FACET_YEAR | SRV_FACET_BODY | SRV_FACET_SECTION | SRV_FACET_LANG |
                       SRV_FACET_CASE));
    CHECK(search("q=a&limit=100&offset=9900&docs=0&sort=relevance", &s, err, sizeof err) == 0);
    CHECK(s.limit == 100 && s.offset == 9900 && !s.docs);
    CHECK(search("q=a&sort=oldest", &s, err, sizeof err) == 0 && s.sort == SRV_SORT_OLDEST);
    CHECK_STR(srv_facet_name(SRV_FACET_SECTION), "section");
    CHECK(srv_facet_name(1u << 5) == NULL && srv_facet_name(3) == NULL);
}

static const struct {
    const char *qs, *why;
} bad_searches[] = {
    { "", "q is missing" },
    { "limit=5", "q is missing" },
    { "q=", "q is missing" },
    { "q=+%20%09", "q is missing" },
    { "q=a&limit=", "limit must be" },
    { "q=a&limit=-1", "limit must be" },
    { "q=a&limit=+5", "limit must be" },
    { "q=a&limit=5x", "limit must be" },
    { "q=a&limit=101", "limit must be" },
    { "q=a&limit=99999999999999999999999", "limit must be" },
    { "q=a&offset=10001", "offset must be" },
    { "q=a&offset=9991", "offset + limit" },
    { "q=a&sort=newest", "sort must be" },
    { "q=a&docs=yes", "docs must be" },
    { "q=a&docs=", "docs must be" },
    { "q=a&timeline=2", "timeline must be" },
    { "q=a&facets=year,colour", "unknown facet 'colour'" },
    { "q=a&limt=5", "unknown parameter 'limt'" },
};

TEST(bad_search_parameters_refused)
{
    for (size_t i = 0; i < sizeof bad_searches / sizeof bad_searches[0]; i++) {
        srv_search_t s;
        char err[SRV_ERR] = "";
        int rc = search(bad_searches[i].qs, &s, err, sizeof err);
        if (rc != -1 || !strstr(err, bad_searches[i].why))
            printf("#   %s: rc %d, err '%s'\n", bad_searches[i].qs, rc, err);
        CHECK(rc == -1 && strstr(err, bad_searches[i].why));
    }
    search(NULL, NULL, NULL, 0); /* frees the parameters kept */
}

/* An export takes a search's q, sort, docs and partial, read and refused
 * the same way, and no page: limit, offset, facets and timeline are 400s. */
TEST(export_parameters)
{
    static srv_params_t p;
    srv_search_t s;
    char err[SRV_ERR] = "";
    static const struct {
        const char *qs, *why; /* why: NULL for accepted */
    } v[] = {
        { "q=ventetid&sort=oldest&docs=1", NULL },
        { "q=ventetid", NULL },
        { "q=ventetid&limit=5", "unknown parameter 'limit' (known: q, sort, docs, partial)" },
        { "q=ventetid&partial=1", NULL },
        { "q=ventetid&partial=yes", "partial must be 0 or 1" },
        { "q=ventetid&offset=5", "unknown parameter 'offset'" },
        { "q=ventetid&facets=year", "unknown parameter 'facets'" },
        { "q=ventetid&timeline=1", "unknown parameter 'timeline'" },
        { "q=", "q is missing" },
        { "q=a&sort=newest", "sort must be" },
        { "q=a&docs=2", "docs must be" },
    };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        srv_params_free(&p);
        err[0] = '\0';
        int rc = srv_params_parse(v[i].qs, &p, err, sizeof err) == 0 ? srv_export_parse(&p, &s, err, sizeof err)
                                                                      : -2;
        if (v[i].why ? rc != -1 || !strstr(err, v[i].why) : rc != 0)
            printf("#   %s: rc %d, err '%s'\n", v[i].qs, rc, err);
        CHECK(v[i].why ? rc == -1 && strstr(err, v[i].why) : rc == 0);
    }
    srv_params_free(&p);
    CHECK(srv_params_parse("q=a+b&sort=date&docs=1", &p, err, sizeof err) == 0 &&
          srv_export_parse(&p, &s, err, sizeof err) == 0);
    CHECK_STR(s.q, "a b");
    CHECK(s.sort == SRV_SORT_DATE && s.docs == 1 && !s.facets && !s.timeline);
    srv_params_free(&p);
}

/* The routes of one id or case take partial alone. */
TEST(partial_parameters)
{
    static srv_params_t p;
    char err[SRV_ERR] = "";
    int partial = -1;
    CHECK(srv_params_parse("", &p, err, sizeof err) == 0 && srv_partial_parse(&p, &partial, err, sizeof err) == 0 &&
          partial == 0);
    srv_params_free(&p);
    CHECK(srv_params_parse("partial=1", &p, err, sizeof err) == 0 &&
          srv_partial_parse(&p, &partial, err, sizeof err) == 0 && partial == 1);
    srv_params_free(&p);
    CHECK(srv_params_parse("partial=2", &p, err, sizeof err) == 0 &&
          srv_partial_parse(&p, &partial, err, sizeof err) == -1 && strstr(err, "partial must be 0 or 1"));
    srv_params_free(&p);
    CHECK(srv_params_parse("x=1", &p, err, sizeof err) == 0 &&
          srv_partial_parse(&p, &partial, err, sizeof err) == -1 && strstr(err, "unknown parameter 'x'"));
    srv_params_free(&p);
}

TEST(error_body)
{
    srv_reply_t r = { 0 };
    CHECK(srv_reply_error(&r, 400, "bad \"q\"\n\xff") == 0);
    CHECK(r.status == 400);
    CHECK_STR(r.body, "{\"error\":\"bad \\\"q\\\"\\n\\ufffd\"}\n");
    CHECK(r.len == strlen(r.body));
    free(r.body);
}

int main(void)
{
    RUN(paths_decode);
    RUN(bad_paths_refused);
    RUN(raw_nul_refused);
    RUN(query_strings);
    RUN(bad_query_strings_refused);
    RUN(search_parameters);
    RUN(bad_search_parameters_refused);
    RUN(export_parameters);
    RUN(partial_parameters);
    RUN(error_body);
    return tap_done();
}
