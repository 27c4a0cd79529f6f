/* main.c - referat-serve: the index behind an HTTP JSON API.
 *
 *   referat-serve --db DIR [--listen ADDR:PORT] [--threads N] [--timeout S] [--verbose]
 *
 * Options, a check that DIR is an index this program reads, the server
 * started, its address printed as the first line of standard output,
 * then the main thread waits for SIGTERM or SIGINT (blocked in every
 * thread and taken with sigwait, so no work happens in a signal handler)
 * and stops the server with the requests under way finished.
 *
 * Exit status: 0 after a signal, 1 when the index or the address cannot
 * be used, 2 for a usage error.
 */
#include "srv.h"

#include <getopt.h>
#include <limits.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define EXIT_INDEX 1
#define EXIT_USAGE 2

static const char *prog = "referat-serve";

static void usage(FILE *out)
{
    fprintf(out,
            "usage: %s --db DIR [--listen ADDR:PORT] [--threads N] [--timeout S] [--verbose]\n"
            "Serves the referat index in DIR over HTTP as a JSON API (docs/api.md).\n"
            "  -d, --db DIR          the index directory (made by referat-index); repeated,\n"
            "                        or a shard list file: several searched as one\n"
            "  -l, --listen ADDR:PORT  where to listen (default 127.0.0.1:8080); port 0\n"
            "                        picks a free port; any address but loopback must be\n"
            "                        named here ([::1]:8080, 0.0.0.0:8080)\n"
            "  -t, --threads N       worker threads (default: the number of CPUs, 1-64)\n"
            "      --timeout S       close a connection idle for S seconds (default 10)\n"
            "  -v, --verbose         a line per request on standard error\n"
            "  -h, --help            this help\n"
            "The first line of standard output names the address bound.\n"
            "Exit status: 0 stopped by SIGTERM or SIGINT, 1 the index or the address\n"
            "cannot be used, 2 usage error.\n",
            prog);
}

/* Reads a count from 1 to MAX for option NAME. */
static int parse_count(const char *v, const char *name, unsigned max, unsigned *out)
{
    char *end;
    unsigned long n = v[0] >= '0' && v[0] <= '9' ? strtoul(v, &end, 10) : 0;
    if (!(v[0] >= '0' && v[0] <= '9') || *end || n < 1 || n > max) {
        fprintf(stderr, "%s: %s takes a number from 1 to %u, not '%s'\n", prog, name, max, v);
        return -1;
    }
    *out = (unsigned)n;
    return 0;
}

/* A --listen address, resolved. */
typedef struct {
    struct sockaddr_storage addr;
    size_t addrlen;
    char host[270]; /* as a URL names it: "127.0.0.1", "[::1]", "example.org" */
    int any_host;   /* a wildcard address */
} listen_t;

/* Reads "ADDR:PORT" ("127.0.0.1:8080", "[::1]:0", "localhost:8080",
 * "0.0.0.0:8080") into *l; a name is resolved, an IPv4 address
 * preferred.  -1 with a message on standard error. */
static int parse_listen(const char *spec, listen_t *l)
{
    const char *colon = strrchr(spec, ':');
    char host[260];
    size_t hlen = colon ? (size_t)(colon - spec) : 0;
    const char *port = colon ? colon + 1 : "";
    int v6 = hlen >= 2 && spec[0] == '[' && spec[hlen - 1] == ']';
    int port_ok = port[0] && strspn(port, "0123456789") == strlen(port) && strlen(port) <= 5 &&
                  atoi(port) <= 65535;
    if (!colon || hlen == 0 || hlen >= sizeof host || !port_ok || (!v6 && memchr(spec, ':', hlen))) {
        fprintf(stderr, "%s: --listen takes ADDR:PORT (127.0.0.1:8080, [::1]:8080, 0.0.0.0:0), "
                "not '%s'\n", prog, spec);
        return -1;
    }
    memcpy(host, spec + v6, hlen - 2 * v6);
    host[hlen - 2 * v6] = '\0';
    struct addrinfo hints = { 0 }, *res = NULL, *pick = NULL;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICSERV;
    int gai = getaddrinfo(host, port, &hints, &res);
    if (gai != 0) {
        fprintf(stderr, "%s: --listen %s: %s\n", prog, spec, gai_strerror(gai));
        return -1;
    }
    for (struct addrinfo *a = res; a && !pick; a = a->ai_next)
        if (a->ai_family == AF_INET)
            pick = a;
    if (!pick)
        pick = res;
    memcpy(&l->addr, pick->ai_addr, pick->ai_addrlen);
    l->addrlen = pick->ai_addrlen;
    freeaddrinfo(res);
    snprintf(l->host, sizeof l->host, "%s%s%s", v6 ? "[" : "", host, v6 ? "]" : "");
    l->any_host = (l->addr.ss_family == AF_INET &&
                   ((struct sockaddr_in *)&l->addr)->sin_addr.s_addr == htonl(INADDR_ANY)) ||
                  (l->addr.ss_family == AF_INET6 &&
                   IN6_IS_ADDR_UNSPECIFIED(&((struct sockaddr_in6 *)&l->addr)->sin6_addr));
    return 0;
}

/* The worker threads: one per CPU, 1 to 64. */
static unsigned default_threads(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 64 ? 64 : (unsigned)n;
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "db", required_argument, NULL, 'd' },
        { "listen", required_argument, NULL, 'l' },
        { "threads", required_argument, NULL, 't' },
        { "timeout", required_argument, NULL, 'T' },
        { "verbose", no_argument, NULL, 'v' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const char *db = NULL, *more[64], *listen_spec = "127.0.0.1:8080";
    unsigned threads = default_threads(), timeout = 10;
    int verbose = 0, c;
    size_t nmore = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":d:l:t:vh", longopts, NULL)) != -1) {
        switch (c) {
        case 'd':
            /* Repeated: more indexes searched with the first as one. */
            if (db && nmore == sizeof more / sizeof more[0]) {
                fprintf(stderr, "%s: more than 65 --db (list the shards in a file)\n", prog);
                return EXIT_USAGE;
            }
            if (db)
                more[nmore++] = optarg;
            else
                db = optarg;
            break;
        case 'l': listen_spec = optarg; break;
        case 't':
            if (parse_count(optarg, "--threads", 64, &threads) != 0)
                return EXIT_USAGE;
            break;
        case 'T':
            if (parse_count(optarg, "--timeout", 3600, &timeout) != 0)
                return EXIT_USAGE;
            break;
        case 'v': verbose = 1; break;
        case 'h': usage(stdout); return 0;
        case ':':
            fprintf(stderr, "%s: %s needs a value (see --help)\n", prog, argv[optind - 1]);
            return EXIT_USAGE;
        default:
            fprintf(stderr, "%s: unknown option %s (see --help)\n", prog, argv[optind - 1]);
            return EXIT_USAGE;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "%s: unexpected argument '%s' (see --help)\n", prog, argv[optind]);
        return EXIT_USAGE;
    }
    if (!db) {
        fprintf(stderr, "%s: --db DIR is required (see --help)\n", prog);
        return EXIT_USAGE;
    }
    listen_t l;
    if (parse_listen(listen_spec, &l) != 0)
        return EXIT_USAGE;

    char err[512], *index = realpath(db, NULL);
    if (srv_index_check(index ? index : db, more, nmore, err, sizeof err) != 0) {
        fprintf(stderr, "%s: %s\n", prog, err);
        free(index);
        return EXIT_INDEX;
    }
    /* Blocked before any thread starts, so that every thread inherits
     * the mask and only sigwait below takes the signals. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);

    srv_http_opts_t o = { index, (struct sockaddr *)&l.addr, l.addrlen, listen_spec, l.host,
                          l.any_host, threads, timeout, verbose };
    srv_http_t *h = srv_ctx_init(index ? index : db, more, nmore) == 0 ? srv_http_start(&o, err, sizeof err)
                                             : (snprintf(err, sizeof err, "out of memory"), NULL);
    if (!h) {
        fprintf(stderr, "%s: %s\n", prog, err);
        free(index);
        return EXIT_INDEX;
    }
    printf("%s: listening on http://%s/\n", prog, srv_http_address(h));
    fflush(stdout);
    int sig = 0;
    while (sigwait(&stop, &sig) != 0)
        ;
    if (verbose)
        fprintf(stderr, "%s: %s: finishing the requests under way\n", prog, strsignal(sig));
    srv_http_stop(h);
    free(index);
    return 0;
}
