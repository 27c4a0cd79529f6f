/* referat-query - rank passages of a referat index for a query.
 *
 *   referat-query --db DIR [--limit N] [--offset N] [--json] [--] QUERY...
 *
 * parse -> build (shared analysis pipeline) -> search (BM25) -> for each
 * hit: unpack the stored text, find what to highlight, print.
 *
 * Exit codes: 0 success (with or without hits); 1 the index cannot be
 * read; 2 usage error or malformed query.
 */
#include "qry.h"

#include "schema.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define EXIT_INDEX 1
#define EXIT_USAGE 2
#define MAX_LIMIT 10000

/* Agenda lists and the other passages are searched apart (agenda.c)
 * while offset + limit is at most this; deeper pages would hold twice
 * that many hits in memory. */
#define AGENDA_SPLIT_MAX 1000

/* BM25 for passages: passages are of similar length, so the classic
 * Robertson/Lucene settings (k1 1.2, b 0.75) suit them better than
 * Xapian's document defaults.  An index of format 5 or 6 applied b when
 * it was written (schema.h). */
#define BM25_K1 1.2
#define BM25_B REFERAT_NORM_B

static const char *prog = "referat-query";

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: %s --db DIR [options] [--] QUERY...\n"
            "Rank the passages of index DIR for QUERY.  Options may come anywhere;\n"
            "after --, all is query (for words such as -budsjett: -- sak -budsjett).\n"
            "\n"
            "  --db DIR        the index directory (required)\n"
            "  -n, --limit N   show at most N hits (default 10)\n"
            "      --offset N  skip the first N hits (for paging)\n"
            "      --json      print JSON Lines, one object per hit\n"
            "      --color WHEN  bold highlights: auto (default), always, never\n"
            "      --synonyms FILE  synonym groups (default: the installed synonyms.txt)\n"
            "      --sort date      newest meetings first (default: relevance)\n"
            "      --docs           the best passage per meeting only\n"
            "      --facets LIST    counts by year, body, section, lang, case (comma-separated)\n"
            "      --timeline       hits per year as a bar chart (JSON with --json)\n"
            "      --bm25 K1,B      BM25 parameters (default 1.2,0.75; format 5, 6: K1 only)\n"
            "  -h, --help      show this help\n"
            "\n"
            "Query: words (stemmed for Norwegian and Danish), \"quoted phrases\",\n"
            "AND / OR / NOT (capitals), -word, word* (prefix), ( ) grouping;\n"
            "fields: year:2023 date:2023-01..2024-06 body:\"Fagrådet\" lang:nb|da\n"
            "case:22/2023 section:vedtak\n",
            prog);
}

static int parse_count(const char *s, const char *what, unsigned max, unsigned *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || *end || end == s || v < 0 || (unsigned long)v > max) {
        fprintf(stderr, "%s: %s must be a whole number from 0 to %u, not '%s'\n", prog, what, max, s);
        return -1;
    }
    *out = (unsigned)v;
    return 0;
}

/* 1 when ARG, where an option may stand, is a negated query word rather
 * than options: "-budsjett", "-drift" (not --db rift), "-nedleggelse"
 * (not --limit edleggelse).  Options given in short form are -h and -d
 * or -n with their value, joined ("-n5") only by a value that is not a
 * word. */
static int negated_word(const char *arg)
{
    if (arg[0] != '-' || arg[1] == '\0' || arg[1] == '-' || arg[2] == '\0')
        return 0;
    if (arg[1] != 'd' && arg[1] != 'n')
        return 1;
    for (const char *c = arg + 2; *c; c++)
        if (!isalpha((unsigned char)*c) && !((unsigned char)*c & 0x80))
            return 0;
    return 1;
}

/* Joins the query arguments with spaces. */
static char *join_args(int argc, char **argv)
{
    size_t n = 1;
    for (int i = 0; i < argc; i++)
        n += strlen(argv[i]) + 1;
    char *q = malloc(n);
    if (!q)
        return NULL;
    q[0] = '\0';
    for (int i = 0; i < argc; i++) {
        if (i)
            strcat(q, " ");
        strcat(q, argv[i]);
    }
    return q;
}

/* PATH relative to the working directory when it lies below it. */
static const char *display_path(const char *path, const char *cwd)
{
    size_t n = cwd ? strlen(cwd) : 0;
    if (n > 1 && strncmp(path, cwd, n) == 0 && path[n] == '/')
        return path + n + 1;
    return path;
}

static double number_value(const xs_mset_t *m, size_t i, uint32_t slot)
{
    size_t len;
    const char *v = xs_mset_value(m, i, slot, &len);
    return len ? xs_sortable_unserialise(v, len) : 0.0;
}

/* Loads the synonyms: PATH when given (an error if unreadable), else the
 * installed default, else the source tree's copy; none is fine. */
static int load_synonyms(const char *path, qry_synonyms_t **out)
{
    char err[QRY_ERROR];
    *out = NULL;
    if (path && *path) {
        if (!(*out = qry_synonyms_load(path, err))) {
            fprintf(stderr, "%s: %s\n", prog, err);
            return -1;
        }
        return 0;
    }
    static const char *const defaults[] = { REFERAT_PKGDATADIR "/synonyms.txt",
                                            REFERAT_SRCDATADIR "/synonyms.txt" };
    for (size_t i = 0; i < 2; i++)
        if (access(defaults[i], R_OK) == 0 && (*out = qry_synonyms_load(defaults[i], err)))
            return 0;
    return 0;
}

/* 1 when DIR holds what a first build leaves until it is done, said
 * here.  With no database (SCHEMA NULL): the work directory of a build in
 * shards (indexer/bulk.c), which moves its index in at the end.  With a
 * database of format SCHEMA: none ("") beside the indexer's lock, as a
 * build by one writer records its format with its first commit. */
static int first_build_unfinished(const char *dir, const char *schema)
{
    char path[4096];
    struct stat sb;
    if (schema && schema[0] != '\0')
        return 0;
    snprintf(path, sizeof path, "%s/%s", dir, schema ? REFERAT_LOCK_FILE : REFERAT_BULK_DIR);
    if (stat(path, &sb) != 0)
        return 0;
    fprintf(stderr, "%s: no index at %s yet: its first build has not finished (if no "
            "referat-index is running, run it again)\n", prog, dir);
    return 1;
}

/* 1 when a table of the index at DIR is missing (xs_missing_table): said
 * here, with what repairs it. */
static int table_missing(const char *dir)
{
    const char *table = xs_missing_table(dir);
    if (!table)
        return 0;
    fprintf(stderr, "%s: index %s is damaged: its table %s is missing; %s\n", prog, dir, table,
            referat_table_rebuilt(table) ? "the next referat-index run over its files rebuilds it"
                                         : "index its files into a new directory");
    return 1;
}

/* Opens the index at DIR; *normalised tells whether its weights were
 * normalised by passage length when written (formats 5 and 6, schema.h). */
static int open_index(xs_db_t *db, const char *dir, int *normalised)
{
    struct stat sb;
    if (stat(dir, &sb) == 0 && !S_ISDIR(sb.st_mode)) {
        fprintf(stderr, "%s: --db %s is not an index directory\n", prog, dir);
        return EXIT_INDEX;
    }
    xs_status_t st = xs_db_open(db, dir, XS_DB_READ);
    if (st == XS_NOT_FOUND) {
        if (!first_build_unfinished(dir, NULL))
            fprintf(stderr, "%s: no index at %s (build one with: referat-index --db %s MINUTES-DIR)\n",
                    prog, dir, access(dir, F_OK) == 0 ? "NEW-INDEX-DIR" : dir);
        return EXIT_INDEX;
    }
    if (table_missing(dir))
        return EXIT_INDEX;
    if (st != XS_OK) {
        fprintf(stderr, "%s: cannot open index %s: %s: %s\n", prog, dir, xs_status_string(st),
                xs_db_error(db));
        return EXIT_INDEX;
    }
    char *schema = NULL;
    st = xs_db_get_metadata(db, REFERAT_SCHEMA_KEY, &schema);
    if (st != XS_OK) {
        fprintf(stderr, "%s: cannot read index %s: %s\n", prog, dir, xs_db_error(db));
        return EXIT_INDEX;
    }
    int rc = 0;
    if (strcmp(schema, REFERAT_SCHEMA) != 0 && !referat_schema_older(schema)) {
        if (!first_build_unfinished(dir, schema))
            fprintf(stderr, "%s: %s is not a referat index of format %s (found '%s'); reindex it\n",
                    prog, dir, REFERAT_SCHEMA, schema);
        rc = EXIT_INDEX;
    }
    *normalised = referat_schema_normalised(schema);
    free(schema);
    return rc;
}

/* The path in the record of file FILEID (META_FILE, docs/index-format.md:
 * "1 size mtime ctime dev ino crc path"), malloc()ed; NULL when there is
 * none. */
static char *recorded_path(xs_db_t *db, const char *fileid)
{
    char key[64], *v = NULL, *path = NULL;
    if (!fileid || !*fileid || strlen(fileid) > 32)
        return NULL;
    snprintf(key, sizeof key, META_FILE "%s", fileid);
    if (xs_db_get_metadata(db, key, &v) == XS_OK) {
        const char *p = referat_record_path(v, strlen(v));
        if (p && *p)
            path = strdup(p);
    }
    free(v);
    return path;
}

/* Prints HIT, of M, at RANK (from 0), scored by its weight. */
static int print_hit(ana_t *ana, const qry_terms_t *hl, xs_db_t *db, const qry_bodies_t *bodies,
                     const xs_mset_t *m, const qry_ranked_t *hit, unsigned rank, int partial,
                     const char *cwd, int json, int bold)
{
    size_t i = hit->index;
    uint32_t docid = hit->docid;
    size_t dlen;
    const char *data = xs_mset_data(m, i, &dlen);
    /* What the hit shows: the record packed with the text (format 4),
     * else values (older passages). */
    psg_record_t rec = { 0 };
    char *text = NULL;
    size_t tlen = 0;
    int recorded_fields = psg_is_record(data, dlen);
    psg_status_t ps = recorded_fields ? psg_record_unpack(data, dlen, &rec, &text, &tlen)
                                      : psg_unpack(data, dlen, &text, &tlen);
    size_t pathlen;
    /* The file's record names it (format 2: a value). */
    const char *path = xs_mset_value(m, i, SLOT_PATH, &pathlen);
    char *recorded = pathlen ? NULL : recorded_path(db, xs_mset_value(m, i, SLOT_FILEID, NULL));
    if (recorded)
        path = recorded;
    if (ps != PSG_OK) {
        fprintf(stderr, "%s: passage %u of the index is damaged (%s); reindex its file, %s, with "
                "referat-index --full\n", prog, docid, psg_status_string(ps),
                path && *path ? path : "which has no record");
        psg_record_clear(&rec);
        free(recorded);
        return -1;
    }
    if (!recorded_fields) {
        rec.passage = (uint32_t)number_value(m, i, SLOT_PASSAGE);
        rec.start = (size_t)number_value(m, i, SLOT_START);
        rec.end = (size_t)number_value(m, i, SLOT_END);
        rec.line = (uint32_t)number_value(m, i, SLOT_LINE);
        rec.page = (uint32_t)number_value(m, i, SLOT_PAGE);
        rec.lang = xs_mset_value(m, i, SLOT_LANG, NULL);
        rec.date = xs_mset_value(m, i, SLOT_DATE, NULL);
        rec.date_source = xs_mset_value(m, i, SLOT_DATE_SOURCE, NULL);
        rec.body = xs_mset_value(m, i, SLOT_BODY, NULL);
        rec.title = xs_mset_value(m, i, SLOT_TITLE, NULL);
        rec.case_no = xs_mset_value(m, i, SLOT_CASE, NULL);
        rec.section = xs_mset_value(m, i, SLOT_SECTION, NULL);
    }
    const char *lang = rec.lang && rec.lang[0] ? rec.lang : "und";
    psg_span_t *spans = NULL;
    size_t ns = qry_highlight(ana, hl, db, docid, ana_lang_from_code(lang), text, tlen, &spans);
    if (ns == (size_t)-1)
        ns = 0;
    char date[16] = "";
    const char *dv = rec.date ? rec.date : "";
    if (strlen(dv) == 8) {
        /* "YYYYMMDD" with 00 for an unknown month or day. */
        if (strcmp(dv + 4, "0000") == 0)
            snprintf(date, sizeof date, "%.4s", dv);
        else if (strcmp(dv + 6, "00") == 0)
            snprintf(date, sizeof date, "%.4s-%.2s", dv, dv + 4);
        else
            snprintf(date, sizeof date, "%.4s-%.2s-%.2s", dv, dv + 4, dv + 6);
    }
    /* The body by its name (format 6), the same in every hit of it. */
    const char *body = qry_body_name(bodies, xs_mset_value(m, i, SLOT_BODY_KEY, NULL));
    qry_hit_t h = {
        .rank = rank + 1,
        .partial = partial,
        .score = hit->weight,
        .path = path,
        .display = display_path(path, cwd),
        .passage = rec.passage,
        .start = rec.start,
        .end = rec.end,
        .line = rec.line,
        .lang = lang,
        .text = text,
        .text_len = tlen,
        .spans = spans,
        .nspans = ns,
        .date = date,
        .date_source = rec.date_source ? rec.date_source : "",
        .body = body ? body : rec.body ? rec.body : "",
        .body_text = rec.body ? rec.body : "",
        .title = rec.title ? rec.title : "",
        .case_no = rec.case_no ? rec.case_no : "",
    };
    qry_locate(&h, &rec, hl);
    if (json)
        qry_print_json(stdout, &h);
    else
        qry_print_text(stdout, &h, bold);
    free(spans);
    free(text);
    free(recorded);
    psg_record_clear(&rec);
    return 0;
}

/* Says why no hit was shown for QS: nothing matches, or --limit 0 asked
 * for none, or the page lies past the last hit (PQ's offset). */
static void say_empty(xs_db_t *db, const qry_page_query_t *pq, const char *qs, int docs)
{
    uint32_t n = 0;
    if (qry_page_total(db, pq, &n) < 0 || n == 0) {
        fprintf(stderr, "%s: no passage matches '%.80s'\n", prog, qs);
        return;
    }
    const char *what = docs ? (n == 1 ? "meeting" : "meetings") : (n == 1 ? "passage" : "passages");
    const char *verb = n == 1 ? "matches" : "match";
    if (pq->limit == 0)
        fprintf(stderr, "%s: %u %s %s '%.80s' (--limit 0 shows none)\n", prog, n, what, verb, qs);
    else
        fprintf(stderr, "%s: no hits on this page: %u %s %s '%.80s' (offset %u)\n", prog, n, what,
                verb, qs, pq->offset);
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        { "db", required_argument, NULL, 'd' },
        { "limit", required_argument, NULL, 'n' },
        { "offset", required_argument, NULL, 'o' },
        { "json", no_argument, NULL, 'j' },
        { "color", required_argument, NULL, 'c' },
        { "synonyms", required_argument, NULL, 's' },
        { "sort", required_argument, NULL, 'S' },
        { "docs", no_argument, NULL, 'D' },
        { "facets", required_argument, NULL, 'F' },
        { "timeline", no_argument, NULL, 'T' },
        { "bm25", required_argument, NULL, 'B' },
        { "help", no_argument, NULL, 'h' },
        { "version", no_argument, NULL, 'V' },
        { NULL, 0, NULL, 0 },
    };
    const char *dir = NULL, *synonyms_path = getenv("REFERAT_SYNONYMS");
    unsigned limit = 10, offset = 0;
    int json = 0, color = -1, sort_date = 0, docs = 0, timeline = 0;
    const char *facets = NULL;
    double bm25_k1 = BM25_K1, bm25_b = BM25_B;
    /* Options may come anywhere, as in GNU tools: the words between them
     * (returned in order, '-' in the option string) make the query, and
     * "--" ends the options.  The words gather at the front of argv, in
     * elements getopt has read already. */
    char **words = argv + 1;
    int nwords = 0, c;
    opterr = 0;
    for (;;) {
        const char *unknown = NULL;
        if (optind < argc && negated_word(argv[optind])) {
            unknown = argv[optind];
            c = '?';
        } else if ((c = getopt_long(argc, argv, "-:d:n:h", opts, NULL)) == -1) {
            break;
        }
        switch (c) {
        case 1: words[nwords++] = optarg; break;
        case ':':
            fprintf(stderr, "%s: option %s needs a value\n", prog, argv[optind - 1]);
            usage(stderr);
            return EXIT_USAGE;
        case '?':
            /* A query word such as "-budsjett" (NOT budsjett) lands here.
             * No element holds two short options, so getopt has read the
             * whole of the one it refuses. */
            if (!unknown)
                unknown = argv[optind - 1];
            fprintf(stderr, "%s: unknown option %s (%s)\n", prog, unknown,
                    unknown[1] == '-' ? "see --help" : "to search for it, put -- before the query");
            return EXIT_USAGE;
        case 'd': dir = optarg; break;
        case 'n':
            if (parse_count(optarg, "--limit", MAX_LIMIT, &limit) < 0)
                return EXIT_USAGE;
            break;
        case 'o':
            if (parse_count(optarg, "--offset", INT_MAX / 2, &offset) < 0)
                return EXIT_USAGE;
            break;
        case 'j': json = 1; break;
        case 's': synonyms_path = optarg; break;
        case 'S':
            if (strcmp(optarg, "date") == 0)
                sort_date = 1;
            else if (strcmp(optarg, "relevance") != 0) {
                fprintf(stderr, "%s: --sort takes relevance or date, not '%s'\n", prog, optarg);
                return EXIT_USAGE;
            }
            break;
        case 'D': docs = 1; break;
        case 'F': {
            char buf[256];
            snprintf(buf, sizeof buf, "%s", optarg);
            for (char *save = NULL, *f = strtok_r(buf, ",", &save); f; f = strtok_r(NULL, ",", &save))
                if (qry_facet_slot(f) < 0) {
                    fprintf(stderr, "%s: unknown facet '%s' (use year, body, section, lang, case)\n", prog, f);
                    return EXIT_USAGE;
                }
            facets = optarg;
            break;
        }
        case 'T': timeline = 1; break;
        case 'B':
            if (sscanf(optarg, "%lf,%lf", &bm25_k1, &bm25_b) != 2 || bm25_k1 < 0 || bm25_b < 0 ||
                bm25_b > 1) {
                fprintf(stderr, "%s: --bm25 takes K1,B (for example 1.2,0.75), not '%s'\n", prog, optarg);
                return EXIT_USAGE;
            }
            break;
        case 'c':
            if (strcmp(optarg, "always") == 0)
                color = 1;
            else if (strcmp(optarg, "never") == 0)
                color = 0;
            else if (strcmp(optarg, "auto") == 0)
                color = -1;
            else {
                fprintf(stderr, "%s: --color takes auto, always or never, not '%s'\n", prog, optarg);
                return EXIT_USAGE;
            }
            break;
        case 'h': usage(stdout); return 0;
        case 'V': printf("%s %s\n", prog, PACKAGE_VERSION); return 0;
        default: usage(stderr); return EXIT_USAGE;
        }
    }
    if (!dir || !*dir) {
        fprintf(stderr, "%s: --db DIR is required\n", prog);
        usage(stderr);
        return EXIT_USAGE;
    }
    while (optind < argc)
        words[nwords++] = argv[optind++]; /* after "--" */
    if (nwords == 0) {
        fprintf(stderr, "%s: no query given\n", prog);
        usage(stderr);
        return EXIT_USAGE;
    }
    if (color < 0)
        color = isatty(STDOUT_FILENO) && !getenv("NO_COLOR");

    char *typed = join_args(nwords, words);
    /* A query that is not UTF-8 (a Latin-1 terminal) would match only by
     * accident: say so, and where. */
    size_t bad = typed ? ana_utf8_check(typed, strlen(typed)) : 0;
    if (typed && bad != strlen(typed)) {
        fprintf(stderr, "%s: bad query: not valid UTF-8 (byte %zu of %zu; is the terminal set to "
                        "UTF-8?)\n", prog, bad + 1, strlen(typed));
        free(typed);
        return EXIT_USAGE;
    }
    char *qs = typed ? qry_normalize_cases(typed) : NULL;
    free(typed);
    char err[QRY_ERROR];
    qnode_t *tree = qs ? qry_parse(qs, err) : NULL;
    if (!tree) {
        fprintf(stderr, "%s: bad query '%.80s': %s\n", prog, qs ? qs : "", qs ? err : "out of memory");
        free(qs);
        return EXIT_USAGE;
    }
    ana_t *ana = ana_new();
    xs_db_t *db = xs_db_new();
    qry_terms_t hl = { 0 };
    qry_synonyms_t *syn = NULL;
    xs_query_t *q = NULL, *items_q = NULL, *agenda_q = NULL; /* the latter two: agenda.c */
    qry_page_t page = { 0 };
    int rc = 0, normalised = 0;
    if (!ana || !db) {
        fprintf(stderr, "%s: out of memory\n", prog);
        rc = EXIT_INDEX;
        goto out;
    }
    if ((rc = open_index(db, dir, &normalised)) != 0)
        goto out;
    if (normalised && bm25_b != REFERAT_NORM_B) {
        fprintf(stderr, "%s: --bm25: the index at %s applied b = %.2f to its passages when it was "
                "written; only K1 can change (--bm25 %g,%.2f)\n", prog, dir, REFERAT_NORM_B, bm25_k1,
                REFERAT_NORM_B);
        rc = EXIT_USAGE;
        goto out;
    }
    if (load_synonyms(synonyms_path, &syn) < 0) {
        rc = EXIT_USAGE;
        goto out;
    }
    if (qry_expand(tree, db, syn) < 0) {
        fprintf(stderr, "%s: out of memory\n", prog);
        rc = EXIT_INDEX;
        goto out;
    }
    q = qry_build(db, ana, tree, &hl, err);
    if (!q) {
        fprintf(stderr, "%s: bad query '%.80s': %s\n", prog, qs, err);
        rc = EXIT_USAGE;
        goto out;
    }
    /* Agenda lists name every item but answer none: they keep their match
     * but at QRY_AGENDA_WEIGHT of their score, below the items.  Ranked by
     * relevance, the passages that are agenda lists and those that are not
     * are searched apart and merged (agenda.c); sorted by date, collapsed,
     * or paged deep, one query scales them (and runs its postings twice). */
    size_t want = (size_t)offset + limit;
    int split = !sort_date && !docs && want <= AGENDA_SPLIT_MAX;
    xs_query_t *agenda = xs_query_term(TERM_AGENDA, 1, 0);
    if (agenda) {
        xs_query_t *pair[2] = { q, agenda };
        items_q = xs_query_combine(XS_OP_AND_NOT, pair, 2, 0);
        agenda_q = xs_query_combine(XS_OP_FILTER, pair, 2, 0);
    }
    xs_query_free(agenda);
    if (!items_q || !agenda_q) {
        fprintf(stderr, "%s: out of memory\n", prog);
        rc = EXIT_INDEX;
        goto out;
    }
    if (!split) {
        xs_query_t *low = xs_query_scale(agenda_q, QRY_AGENDA_WEIGHT);
        xs_query_t *both[2] = { items_q, low };
        xs_query_t *ranked = low ? xs_query_combine(XS_OP_OR, both, 2, 0) : NULL;
        xs_query_free(low);
        if (ranked) {
            xs_query_free(q);
            q = ranked;
        }
    }
    qry_page_query_t pq = { q, items_q, agenda_q, tree, ana, { 0 }, split, offset, limit };
    xs_search_opts_init(&pq.so);
    pq.so.bm25_k1 = bm25_k1;
    pq.so.bm25_b = bm25_b;
    pq.so.bm25_min_normlen = REFERAT_NORM_MIN;
    if (normalised) {
        /* The index applied b (schema.h): no passage lengths to read. */
        pq.so.bm25_b = 0;
        pq.so.wdf_scale = REFERAT_NORM_SCALE;
    }
    if (sort_date) {
        /* Newest meeting first; relevance orders passages of one date. */
        pq.so.sort_slot = SLOT_DATE;
        pq.so.sort_reverse = 1;
    }
    if (docs)
        pq.so.collapse_slot = SLOT_FILEID; /* the best passage per meeting */
    xs_status_t st;
    if (qry_page_run(db, &pq, &page, &st) < 0) {
        fprintf(stderr, "%s: out of memory\n", prog);
        rc = EXIT_INDEX;
        goto out;
    }
    if (st != XS_OK) {
        fprintf(stderr, "%s: search in %s failed: %s: %s\n", prog, dir, xs_status_string(st),
                xs_db_error(db));
        rc = EXIT_INDEX;
        goto out;
    }
    char *cwd = getcwd(NULL, 0);
    /* Without it hits show their bodies as written. */
    qry_bodies_t *bodies = page.count + xs_mset_size(page.m2) ? qry_bodies_new(db) : NULL;
    for (size_t j = page.first; j < page.first + page.count; j++) {
        qry_ranked_t h = page.order ? page.order[j] : qry_ranked(page.m, j, 1.0, 0);
        if (print_hit(ana, &hl, db, bodies, h.agenda ? page.ma : page.m, &h,
                      page.order ? (unsigned)j : h.rank, 0, cwd, json, color) < 0)
            rc = EXIT_INDEX;
    }
    for (size_t i = 0; page.m2 && i < xs_mset_size(page.m2); i++) {
        qry_ranked_t h = qry_ranked(page.m2, i, 1.0, 0);
        if (print_hit(ana, &hl, db, bodies, page.m2, &h, page.total + h.rank, 1, cwd, json, color) < 0)
            rc = EXIT_INDEX;
    }
    qry_bodies_free(bodies);
    free(cwd);
    if (page.count + xs_mset_size(page.m2) == 0 && !json && (limit > 0 || (!facets && !timeline)))
        say_empty(db, &pq, qs, docs);
    if ((facets && qry_print_facets(stdout, db, q, facets, docs, json) < 0) ||
        (timeline && qry_print_timeline(stdout, db, q, docs, json) < 0)) {
        fprintf(stderr, "%s: counting in %s failed: %s\n", prog, dir, xs_db_error(db));
        rc = EXIT_INDEX;
    }
    fflush(stdout);
out:
    qry_synonyms_free(syn);
    qry_page_clear(&page);
    xs_query_free(q);
    xs_query_free(items_q);
    xs_query_free(agenda_q);
    qry_terms_free(&hl);
    xs_db_free(db);
    ana_free(ana);
    qry_node_free(tree);
    free(qs);
    return rc;
}
