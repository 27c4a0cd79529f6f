/* referat-query - rank passages of a referat index for a query.
 *
 *   referat-query --db DIR [--limit N] [--offset N] [--json|--csv] [--] QUERY...
 *   referat-query --db DIR --item ID
 *
 * Options -> the query library (lib/query/query.h: open the index, search,
 * decode a page of hits, count) -> print (output.c).
 *
 * Exit codes: 0 success (with or without hits); 1 the index cannot be
 * read; 2 usage error or malformed query.
 */
#include "output.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define EXIT_INDEX 1
#define EXIT_USAGE 2
#define EXIT_SHARD_DOWN 74 /* EX_IOERR: a shard unreachable or timed out */
#define MAX_DBS 64
#define MAX_LIMIT 10000

static const char *prog = "referat-query";

/* The query fields' examples after "fields:", wrapped as the help text
 * wraps. */
static void print_field_examples(FILE *out)
{
    size_t col = 7;
    fputs("fields:", out);
    for (size_t i = 0; i < qry_nfields; i++) {
        size_t w = strlen(qry_fields[i].example);
        if (col + 1 + w > 72) {
            fputs("\n", out);
            col = 0;
        } else {
            fputs(" ", out);
            col++;
        }
        fputs(qry_fields[i].example, out);
        col += w;
    }
    fputs("\n", out);
}

static void usage(FILE *out)
{
    char facets[128];
    qry_facet_names(", ", facets, sizeof facets);
    fprintf(out,
            "Usage: %s --db DIR [options] [--] QUERY...\n"
            "Rank the passages of index DIR for QUERY.  Options may come anywhere;\n"
            "after --, all is query (for words such as -budsjett: -- sak -budsjett).\n"
            "\n"
            "  --db DIR        the index directory (required); repeated, or a shard list\n"
            "                  file, several indexes (local or remote) searched as one\n"
            "      --partial   answer from the shards that are up, naming the others\n"
            "  -n, --limit N   show at most N hits (default 10)\n"
            "      --offset N  skip the first N hits (for paging)\n"
            "      --json      print JSON Lines, one object per hit\n"
            "      --csv       print CSV (RFC 4180): body, date, case, item, section, page,\n"
            "                  text, path\n"
            "      --item ID   the whole agenda item of passage ID (--json's \"id\"), in order\n"
            "      --color WHEN  bold highlights: auto (default), always, never\n"
            "      --synonyms FILE  synonym groups (default: the installed synonyms.txt)\n"
            "      --sort date      newest meetings first (default: relevance)\n"
            "      --sort oldest    oldest meetings first (a precedent trail in order)\n"
            "      --docs           the best passage per meeting only\n"
            "      --facets LIST    counts by %s (comma-separated)\n"
            "      --timeline       hits per year as a bar chart (JSON with --json)\n"
            "      --bm25 K1,B      BM25 parameters (default 1.2,0.75; format 5, 6: K1 only)\n"
            "      --explain        first print how the query was understood: words kept\n"
            "                       and dropped, expansions, boosts, the Xapian query\n"
            "  -h, --help      show this help\n"
            "\n"
            "Query: words (stemmed for Norwegian and Danish), \"quoted phrases\",\n"
            "AND / OR / NOT (capitals), -word, word* (prefix), ( ) grouping;\n",
            prog, facets);
    print_field_examples(out);
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

/* "WORD: did you mean SUGGESTION?" for each of the N unmatched WORDS
 * near a word E's index has. */
static void say_suggestions(qry_engine_t *e, char *const *words, size_t n)
{
    char best[QRY_SUGGEST_BYTES];
    for (size_t i = 0; i < n; i++)
        if (qry_suggest(e, words[i], best, sizeof best) == QRY_OK && best[0])
            fprintf(stderr, "%s: %s: did you mean %s?\n", prog, words[i], best);
}

/* For --json when nothing matched TYPED: one line
 * {"unmatched":[...],"suggestions":[...]} after the (no) hits, when some
 * unmatched word is near a word E's index has; nothing otherwise, so the
 * output stays hits only. */
static void print_json_suggestions(qry_engine_t *e, const char *typed)
{
    char **words = NULL, *buf = NULL;
    size_t n = 0, found = 0, len = 0;
    FILE *f = NULL;
    if (qry_unmatched(e, typed, NULL, &words, &n) == QRY_OK && n > 0 &&
        (f = open_memstream(&buf, &len)) != NULL) {
        fputs("{\"unmatched\":[", f);
        for (size_t i = 0; i < n; i++) {
            fputs(i ? "," : "", f);
            qry_json_string(f, words[i], strlen(words[i]));
        }
        fputs("],\"suggestions\":", f);
        qry_status_t st = qry_json_suggestions(f, e, words, n, &found);
        fputs("}\n", f);
        if (fclose(f) == 0 && st == QRY_OK && found > 0)
            fputs(buf, stdout);
    }
    free(buf);
    qry_words_free(words);
}

/* Says that nothing matches QS (typed as TYPED), naming the words that
 * no passage of E's index has, those to change, and the words the index
 * has near them. */
static void say_no_match(qry_engine_t *e, const char *qs, const char *typed)
{
    char **words = NULL;
    size_t n = 0;
    fprintf(stderr, "%s: no passage matches '%.80s'", prog, qs);
    if (qry_unmatched(e, typed, NULL, &words, &n) == QRY_OK && n > 0) {
        fprintf(stderr, " (no passage has the word%s ", n == 1 ? "" : "s");
        for (size_t i = 0; i < n; i++)
            fprintf(stderr, "%s%s", i ? ", " : "", words[i]);
        fputs(")", stderr);
    }
    fputs("\n", stderr);
    say_suggestions(e, words, n);
    qry_words_free(words);
}

/* Names on standard error each shard a partial answer of E lacks (left
 * out at the open, or failed during the search). */
static void say_missing(const qry_engine_t *e)
{
    for (const char *m = qry_engine_missing(e), *nl; *m; m = nl + 1) {
        nl = strchr(m, '\n');
        fprintf(stderr, "%s: --partial: shard %.*s is unreachable: its passages are missing, and counts "
                "are not exact\n", prog, (int)(nl - m), m);
    }
}

/* Says why no hit was shown for R (QS typed as TYPED): nothing matches,
 * or --limit 0 asked for none, or the page lies past the last hit (at
 * OFFSET). */
static void say_empty(qry_engine_t *e, const qry_result_t *r, const char *typed, unsigned limit,
                      unsigned offset, int docs)
{
    uint32_t n = r->total;
    const char *qs = r->query;
    if (n == 0) {
        say_no_match(e, qs, typed);
        return;
    }
    /* Past the count's cap, the estimate. */
    const char *about = r->total_exact ? "" : "about ";
    const char *what = docs ? (n == 1 ? "meeting" : "meetings") : (n == 1 ? "passage" : "passages");
    const char *verb = n == 1 ? "matches" : "match";
    if (limit == 0)
        fprintf(stderr, "%s: %s%u %s %s '%.80s' (--limit 0 shows none)\n", prog, about, n, what, verb, qs);
    else
        fprintf(stderr, "%s: no hits on this page: %s%u %s %s '%.80s' (offset %u)\n", prog, about, n,
                what, verb, qs, offset);
}

enum { FORMAT_TEXT, FORMAT_JSON, FORMAT_CSV };

/* Prints R's hits in FORMAT; 1 when one was damaged (said on stderr). */
static int print_hits(const qry_result_t *r, int format, int bold)
{
    char *cwd = getcwd(NULL, 0);
    int damaged = 0;
    for (size_t i = 0; i < r->nhits; i++) {
        const qry_hit_t *h = &r->hits[i];
        if (h->damaged) {
            fprintf(stderr, "%s: passage %u of the index is damaged (%s); reindex its file, %s, with "
                    "referat-index --full\n", prog, h->docid, h->damage,
                    h->path[0] ? h->path : "which has no record");
            damaged = 1;
        } else if (format == FORMAT_JSON) {
            qry_print_json(stdout, h);
        } else if (format == FORMAT_CSV) {
            qry_csv_hit(stdout, h, NULL);
        } else {
            qry_print_text(stdout, h, display_path(h->path, cwd), bold);
        }
    }
    free(cwd);
    return damaged;
}

/* The exit status for a failure of the library: an unknown id is the
 * user's, as a bad query is. */
static int exit_status(qry_status_t st)
{
    return st == QRY_BAD_QUERY || st == QRY_BAD_OPTION || st == QRY_NOT_FOUND ? EXIT_USAGE
           : st == QRY_SHARD_DOWN                                              ? EXIT_SHARD_DOWN
                                                                               : EXIT_INDEX;
}

/* The summary under a page of text hits: how many passages have all the
 * words, in how many meetings, and which of the hits the page shows. */
static void print_summary(const qry_result_t *r, unsigned offset)
{
    size_t shown = 0;
    for (size_t i = 0; i < r->nhits; i++)
        shown += !r->hits[i].partial;
    /* Past the count's cap, estimates (of at least the cap's passages). */
    const char *about = r->counted_exact ? "" : "about ";
    if (r->counted)
        printf("%s%u %s in %s%u %s %s %s", about, r->passages, r->passages == 1 ? "passage" : "passages",
               about, r->meetings, r->meetings == 1 ? "meeting" : "meetings",
               r->passages == 1 ? "has" : "have",
               r->sentence ? "words of the question" : "all the words");
    else
        printf("about %u %s match", r->total, r->unit);
    if (shown)
        printf("; shown: %u-%zu", offset + 1, offset + shown);
    if (shown < r->nhits)
        printf("%s%zu with some of them", shown ? ", then " : "; shown: ", r->nhits - shown);
    printf("\n");
}

/* Prints the agenda item of passage ID in FORMAT; returns the exit status. */
static int print_item(qry_engine_t *e, const char *id, int format, int bold)
{
    qry_result_t *r = NULL;
    qry_status_t st = qry_item(e, id, &r);
    if (st != QRY_OK) {
        fprintf(stderr, "%s: %s\n", prog, qry_engine_error(e));
        return exit_status(st);
    }
    /* A partial answer says so, shard by shard, before it is given: the
     * shards left out at the open and those that failed in the search. */
    say_missing(e);
    if (format == FORMAT_CSV)
        qry_csv_header(stdout, NULL);
    int rc = print_hits(r, format, bold) ? EXIT_INDEX : 0;
    qry_result_free(r);
    return rc;
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        { "db", required_argument, NULL, 'd' },
        { "limit", required_argument, NULL, 'n' },
        { "offset", required_argument, NULL, 'o' },
        { "json", no_argument, NULL, 'j' },
        { "csv", no_argument, NULL, 'C' },
        { "item", required_argument, NULL, 'I' },
        { "color", required_argument, NULL, 'c' },
        { "synonyms", required_argument, NULL, 's' },
        { "sort", required_argument, NULL, 'S' },
        { "docs", no_argument, NULL, 'D' },
        { "facets", required_argument, NULL, 'F' },
        { "timeline", no_argument, NULL, 'T' },
        { "bm25", required_argument, NULL, 'B' },
        { "partial", no_argument, NULL, 'P' },
        { "explain", no_argument, NULL, 'E' },
        { "help", no_argument, NULL, 'h' },
        { "version", no_argument, NULL, 'V' },
        { NULL, 0, NULL, 0 },
    };
    const char *dir = NULL, *synonyms_path = getenv("REFERAT_SYNONYMS");
    const char *dbs[MAX_DBS];
    size_t ndbs = 0;
    unsigned limit = 10, offset = 0;
    int json = 0, csv = 0, color = -1, docs = 0, timeline = 0, explain = 0;
    qry_sort_t sort = QRY_SORT_RELEVANCE;
    const char *item = NULL;
    const char *facets = NULL;
    qry_engine_opts_t eo;
    qry_search_opts_t so;
    qry_engine_opts_init(&eo);
    qry_search_opts_init(&so);
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
        case 'd':
            if (ndbs == MAX_DBS) {
                fprintf(stderr, "%s: more than %d --db (list the shards in a file)\n", prog, MAX_DBS);
                return EXIT_USAGE;
            }
            dir = dbs[ndbs++] = optarg;
            break;
        case 'P': eo.partial = 1; break;
        case 'E': explain = 1; break;
        case 'n':
            if (parse_count(optarg, "--limit", MAX_LIMIT, &limit) < 0)
                return EXIT_USAGE;
            break;
        case 'o':
            if (parse_count(optarg, "--offset", INT_MAX / 2, &offset) < 0)
                return EXIT_USAGE;
            break;
        case 'j': json = 1; break;
        case 'C': csv = 1; break;
        case 'I': item = optarg; break;
        case 's': synonyms_path = optarg; break;
        case 'S':
            if (strcmp(optarg, "date") == 0)
                sort = QRY_SORT_DATE;
            else if (strcmp(optarg, "oldest") == 0)
                sort = QRY_SORT_OLDEST;
            else if (strcmp(optarg, "relevance") == 0)
                sort = QRY_SORT_RELEVANCE;
            else {
                fprintf(stderr, "%s: --sort takes relevance, date or oldest, not '%s'\n", prog, optarg);
                return EXIT_USAGE;
            }
            break;
        case 'D': docs = 1; break;
        case 'F': {
            char buf[256];
            snprintf(buf, sizeof buf, "%s", optarg);
            for (char *save = NULL, *f = strtok_r(buf, ",", &save); f; f = strtok_r(NULL, ",", &save))
                if (!qry_facet(f)) {
                    char names[128];
                    qry_facet_names(", ", names, sizeof names);
                    fprintf(stderr, "%s: unknown facet '%s' (use %s)\n", prog, f, names);
                    return EXIT_USAGE;
                }
            facets = optarg;
            break;
        }
        case 'T': timeline = 1; break;
        case 'B':
            if (sscanf(optarg, "%lf,%lf", &eo.bm25_k1, &eo.bm25_b) != 2 || eo.bm25_k1 < 0 ||
                eo.bm25_b < 0 || eo.bm25_b > 1) {
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
    if (json && csv) {
        fprintf(stderr, "%s: --json and --csv exclude each other\n", prog);
        return EXIT_USAGE;
    }
    if (csv && explain) {
        fprintf(stderr, "%s: --csv prints hits only; --explain prints as text or --json\n", prog);
        return EXIT_USAGE;
    }
    if (csv && (facets || timeline)) {
        fprintf(stderr, "%s: --csv prints hits only; --facets and --timeline print as text or "
                "--json\n", prog);
        return EXIT_USAGE;
    }
    if (item && nwords > 0) {
        fprintf(stderr, "%s: --item ID prints an agenda item, and takes no query\n", prog);
        return EXIT_USAGE;
    }
    if (nwords == 0 && !item) {
        fprintf(stderr, "%s: no query given\n", prog);
        usage(stderr);
        return EXIT_USAGE;
    }
    if (color < 0)
        color = isatty(STDOUT_FILENO) && !getenv("NO_COLOR");
    int format = json ? FORMAT_JSON : csv ? FORMAT_CSV : FORMAT_TEXT;

    char *typed = item ? NULL : join_args(nwords, words);
    char err[QRY_ERROR_BYTES];
    /* The query's syntax first: a bad query is the user's, whatever the
     * index. */
    qry_status_t st = item ? QRY_OK : typed ? qry_check(typed, err) : QRY_NO_MEMORY;
    if (st != QRY_OK) {
        fprintf(stderr, "%s: %s\n", prog, typed ? err : "bad query '': out of memory");
        free(typed);
        return EXIT_USAGE;
    }
    char *emsg = NULL;
    eo.synonyms = synonyms_path;
    dir = dbs[0];
    eo.more = dbs + 1;
    eo.nmore = ndbs - 1;
    qry_engine_t *e = qry_engine_open(dir, &eo, &st, &emsg);
    if (!e) {
        fprintf(stderr, "%s: %s\n", prog, emsg ? emsg : "out of memory");
        free(emsg);
        free(typed);
        return exit_status(st);
    }
    if (item) {
        say_missing(e);
        int rc = print_item(e, item, format, color);
        qry_engine_free(e);
        return rc;
    }
    so.offset = offset;
    so.limit = limit;
    so.sort = sort;
    so.docs = docs;
    so.facets = facets;
    so.timeline = timeline;
    /* The terminal's summary counts in passages and meetings, exactly up
     * to qry_count_cap() matches as the server does; with facets or a
     * timeline, which visit every match, to the end. */
    so.exact = so.meetings = format == FORMAT_TEXT;
    so.exact_cap = facets || timeline ? 0 : qry_count_cap();
    qry_result_t *r = NULL;
    int rc = 0;
    qry_explain_t *x = NULL;
    if (explain && (st = qry_explain(e, typed, &x)) != QRY_OK) {
        fprintf(stderr, "%s: %s\n", prog, qry_engine_error(e));
        rc = exit_status(st);
        goto out;
    }
    if (x)
        qry_print_explain(stdout, x, json);
    qry_explain_free(x);
    if ((st = qry_search(e, typed, &so, &r)) != QRY_OK) {
        fprintf(stderr, "%s: %s\n", prog, qry_engine_error(e));
        rc = exit_status(st);
        goto out;
    }
    /* A partial answer says so, shard by shard, before it is given: the
     * shards left out at the open and those that failed in the search. */
    say_missing(e);
    if (format == FORMAT_CSV)
        qry_csv_header(stdout, NULL);
    if (print_hits(r, format, color))
        rc = EXIT_INDEX;
    if (r->nhits && format == FORMAT_TEXT)
        print_summary(r, offset);
    if (r->nhits == 0 && !json && (limit > 0 || (!facets && !timeline)))
        say_empty(e, r, typed, limit, offset, docs);
    if (r->nhits == 0 && json && limit > 0 && offset == 0)
        print_json_suggestions(e, typed);
    if (facets)
        qry_print_facets(stdout, r, json);
    if (r->timeline)
        qry_print_timeline(stdout, r, json);
    if (r->count_failed) {
        fprintf(stderr, "%s: %s\n", prog, qry_engine_error(e));
        rc = EXIT_INDEX;
    }
    fflush(stdout);
out:
    qry_result_free(r);
    qry_engine_free(e);
    free(typed);
    return rc;
}
