/* http.c - referat-serve's HTTP layer on libmicrohttpd: the listening
 * socket, the thread pool and its limits, and for each request the
 * checks every route shares (size, Host, path, parameters), the route,
 * and the headers every response carries.
 *
 * Every request is answered at the first call of the access handler,
 * before any body is read: no route takes a body, so one announced
 * larger than the limits is a 413 and any other is never read
 * (libmicrohttpd then closes the connection after the response).
 */
#include "srv.h"

#include <microhttpd.h>

#include <errno.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* Connections at once, in all and from one address, and the memory each
 * may use for its request: enough for a URL a little over 100 KB to be
 * read whole and refused with our own 414 (a longer request line gets
 * libmicrohttpd's own 414; 128 KB reads up to about 120 KB).  No more:
 * libmicrohttpd zeroes the whole pool after every request of a
 * keep-alive connection, and at 256 KB that was 2% of a search's
 * instructions. */
#define MAX_CONNECTIONS 64
#define MAX_PER_IP 32
#define CONNECTION_MEMORY (128 * 1024)

/* Every response carries these: no script or frame from elsewhere (the
 * page's own files need neither inline script nor inline style), no
 * content sniffing, no referrer.  Nothing is cached but the page's
 * files, which are checked with their ETag before each use. */
static const char *const always[][2] = {
    { "Content-Security-Policy", "default-src 'self'; object-src 'none'; frame-ancestors 'none'" },
    { "X-Content-Type-Options", "nosniff" },
    { "Referrer-Policy", "no-referrer" },
};

/* The Host header values accepted (DNS rebinding): the listen address
 * and the loopback names, each with the port. */
#define MAX_HOSTS 5

struct srv_http {
    struct MHD_Daemon *d;
    int fd;                /* the listening socket */
    srv_site_t site;
    int verbose;
    unsigned timeout;
    int any_host;          /* a wildcard address: the Host is not checked */
    char hosts[MAX_HOSTS][300];
    size_t nhosts;
    char address[300];     /* "127.0.0.1:8080", as bound */
    atomic_int stopping;   /* 1 once SIGTERM came: responses close their connection */
    atomic_int in_flight;  /* requests begun and not yet completed */
};

/* One request: the target as the client sent it. */
typedef struct {
    char *target;   /* NULL when too long (or out of memory) */
    int too_long;   /* longer than SRV_MAX_URL: 414 */
    double t0;      /* when its request line arrived */
    int status;     /* the status answered (0: not yet), for the access log */
    char method[16];
    char shown[128]; /* the target for the access log, printable */
} request_t;

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/* The target as the log shows it: printable ASCII, other bytes as \xNN,
 * cut short. */
static void printable(const char *s, char *out, size_t cap)
{
    size_t n = 0;
    for (; *s && n + 5 < cap; s++) {
        unsigned char c = (unsigned char)*s;
        if (c >= 0x20 && c < 0x7f && c != '\\')
            out[n++] = (char)c;
        else
            n += (size_t)snprintf(out + n, cap - n, "\\x%02x", c);
    }
    if (*s && n + 4 <= cap)
        n += (size_t)snprintf(out + n, cap - n, "...");
    out[n] = '\0';
}

/* libmicrohttpd calls this with each request line's target, raw, before
 * parsing the headers; what it returns is the request's context. */
static void *request_begin(void *cls, const char *uri, struct MHD_Connection *conn)
{
    (void)conn;
    srv_http_t *h = cls;
    request_t *rq = calloc(1, sizeof *rq);
    if (!rq)
        return NULL;
    atomic_fetch_add(&h->in_flight, 1);
    rq->t0 = now_ms();
    rq->too_long = strlen(uri) > SRV_MAX_URL;
    if (!rq->too_long)
        rq->target = strdup(uri); /* NULL when out of memory: answered 503 */
    printable(uri, rq->shown, sizeof rq->shown);
    return rq;
}

static void request_end(void *cls, struct MHD_Connection *conn, void **con_cls,
                        enum MHD_RequestTerminationCode why)
{
    (void)conn;
    srv_http_t *h = cls;
    request_t *rq = *con_cls;
    if (!rq)
        return;
    if (h->verbose && rq->status)
        fprintf(stderr, "referat-serve: %s %s %d %.1f ms%s\n", rq->method, rq->shown, rq->status,
                now_ms() - rq->t0, why == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " (cut short)");
    free(rq->target);
    free(rq);
    *con_cls = NULL;
    atomic_fetch_sub(&h->in_flight, 1);
}

/* 1 when the request's Host header names this server. */
static int host_ok(const srv_http_t *h, const char *host)
{
    if (h->any_host)
        return 1;
    for (size_t i = 0; i < h->nhosts; i++)
        if (strcasecmp(h->hosts[i], host) == 0)
            return 1;
    return 0;
}

/* 1 when METHOD is GET or HEAD (HEAD is answered as GET; libmicrohttpd
 * drops the body). */
static int get_or_head(const char *method)
{
    return strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
}

/* 1 when the body length the request announces is over the limit for
 * its method (absent is 0; libmicrohttpd refuses a malformed one
 * itself). */
static int body_too_large(struct MHD_Connection *conn, const char *method)
{
    const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    if (!cl)
        return 0;
    unsigned long long n = strtoull(cl, NULL, 10);
    return n > (get_or_head(method) ? SRV_MAX_GET_BODY : SRV_MAX_BODY);
}

/* The checks made as soon as the headers are in, before any body: an
 * answer for the request when one fails (0, or -1 when out of memory),
 * else 1. */
static int refuse_early(srv_http_t *h, struct MHD_Connection *conn, const char *method,
                        const request_t *rq, srv_reply_t *reply)
{
    if (rq->too_long)
        return srv_reply_error(reply, 414, "the URL is too long (at most 8192 bytes)");
    if (!rq->target)
        return -1;
    if (body_too_large(conn, method))
        return srv_reply_error(reply, 413, "the request body is too large (no route takes one)");
    /* A body of unknown length could only be refused once read, and
     * libmicrohttpd cannot answer in the middle of one. */
    if (MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_TRANSFER_ENCODING))
        return srv_reply_error(reply, 411, "a request body needs a Content-Length (no route takes one)");
    const char *host = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST);
    if (!host)
        return srv_reply_error(reply, 400, "the request has no Host header");
    if (!host_ok(h, host))
        return srv_reply_error(reply, 421, "this server does not answer for that Host");
    return 1;
}

/* Answers RQ into *reply: its path and parameters decoded, then the
 * page's file or the route.  -1 when out of memory. */
static int answer(srv_http_t *h, struct MHD_Connection *conn, const char *method, request_t *rq,
                  srv_reply_t *reply, const char **allow)
{
    char err[SRV_ERR];
    const char *q = strchr(rq->target, '?');
    size_t plen = q ? (size_t)(q - rq->target) : strlen(rq->target);
    char *path = NULL;
    srv_params_t params = { NULL, 0 };
    int rc = srv_path_decode(rq->target, plen, &path, err, sizeof err);
    const srv_asset_t *asset = rc == 0 ? srv_asset_find(path) : NULL;
    if (asset) {
        /* The page's query string is the page's to read (its state, a
         * repeated f=, nonsense a user typed): the server ignores it. */
        free(path);
        *allow = "GET, HEAD";
        if (!get_or_head(method))
            return srv_reply_error(reply, 405, "method not allowed (GET and HEAD only)");
        *allow = NULL;
        srv_reply_asset(reply, asset,
                        MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_NONE_MATCH));
        return 0;
    }
    if (rc == 0)
        rc = srv_params_parse(q ? q + 1 : NULL, &params, err, sizeof err);
    if (rc != 0) {
        free(path);
        return rc == -1 ? srv_reply_error(reply, 400, err) : -1;
    }
    int status = 404;
    srv_handler_t handler = srv_route(path, method, &status, allow);
    if (handler)
        rc = handler(&h->site, path, &params, reply);
    else if (status == 405)
        rc = srv_reply_error(reply, 405, "method not allowed (GET and HEAD only)");
    else
        rc = srv_reply_error(reply, 404, "no such route");
    if (status != 405)
        *allow = NULL;
    free(path);
    srv_params_free(&params);
    return rc;
}

/* Queues REPLY (rc: what made it, -1 when out of memory) with the
 * headers every response carries. */
static enum MHD_Result respond(srv_http_t *h, struct MHD_Connection *conn, request_t *rq, int rc,
                               srv_reply_t *reply, const char *allow)
{
    static char no_memory[] = "{\"error\":\"out of memory\"}\n";
    struct MHD_Response *resp = NULL;
    if (rc == 0 && reply->asset)
        resp = MHD_create_response_from_buffer(reply->len, (void *)reply->asset->data,
                                               MHD_RESPMEM_PERSISTENT);
    else if (rc == 0)
        resp = MHD_create_response_from_buffer(reply->len, reply->body, MHD_RESPMEM_MUST_FREE);
    if (!resp) {
        free(reply->body);
        reply->status = 503;
        reply->type = NULL;
        reply->asset = NULL;
        reply->nheaders = 0;
        resp = MHD_create_response_from_buffer(sizeof no_memory - 1, no_memory, MHD_RESPMEM_PERSISTENT);
        if (!resp)
            return MHD_NO;
    }
    for (size_t i = 0; i < sizeof always / sizeof always[0]; i++)
        MHD_add_response_header(resp, always[i][0], always[i][1]);
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
                            reply->type ? reply->type : "application/json; charset=utf-8");
    if (reply->asset) {
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
        MHD_add_response_header(resp, MHD_HTTP_HEADER_ETAG, reply->asset->etag);
    } else {
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    }
    /* A source file (an HTML minute, say) runs nothing and reaches
     * nothing, even when opened in a browser. */
    if (reply->type && !reply->asset)
        MHD_add_response_header(resp, "Content-Security-Policy", "sandbox");
    for (size_t i = 0; i < reply->nheaders; i++)
        MHD_add_response_header(resp, reply->headers[i][0], reply->headers[i][1]);
    if (allow)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, allow);
    if (atomic_load(&h->stopping))
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONNECTION, "close");
    rq->status = reply->status;
    enum MHD_Result r = MHD_queue_response(conn, (unsigned)reply->status, resp);
    MHD_destroy_response(resp);
    return r;
}

/* libmicrohttpd calls this when the headers are in (*upload_data_size
 * 0), with each piece of a body, and once more when the body is done.  A
 * request that fails the early checks is answered at once (the
 * connection then closes); any other at the last call, so that the
 * connection can be kept alive. */
static enum MHD_Result handle(void *cls, struct MHD_Connection *conn, const char *url,
                              const char *method, const char *version, const char *upload_data,
                              size_t *upload_data_size, void **con_cls)
{
    (void)url;
    (void)version;
    (void)upload_data;
    srv_http_t *h = cls;
    request_t *rq = *con_cls;
    if (!rq)
        return MHD_NO; /* out of memory at request_begin: drop the connection */
    srv_reply_t reply = { 0 };
    const char *allow = NULL;
    int rc;
    if (rq->status) {
        *upload_data_size = 0; /* answered already: the rest is dropped */
        return MHD_YES;
    }
    if (!rq->method[0]) {
        snprintf(rq->method, sizeof rq->method, "%s", method);
        if ((rc = refuse_early(h, conn, method, rq, &reply)) <= 0)
            return respond(h, conn, rq, rc, &reply, NULL);
        return MHD_YES;
    }
    if (*upload_data_size > 0) {
        /* A body within the limit: read and dropped. */
        *upload_data_size = 0;
        return MHD_YES;
    }
    rc = answer(h, conn, method, rq, &reply, &allow);
    return respond(h, conn, rq, rc, &reply, allow);
}

/* libmicrohttpd's own messages (a client that broke off, a malformed
 * request it refused itself), with --verbose only: they describe
 * clients, not faults of the server. */
static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    fputs("referat-serve: libmicrohttpd: ", stderr);
    vfprintf(stderr, fmt, ap);
    if (fmt[0] && fmt[strlen(fmt) - 1] != '\n')
        fputc('\n', stderr);
}

/* Fills the accepted Host values: the loopback names and the listen
 * host, each with the port (and without it too on port 80). */
static void set_hosts(srv_http_t *h, const char *listen_host, unsigned port)
{
    const char *names[] = { "localhost", "127.0.0.1", "[::1]", listen_host };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (!names[i] || h->nhosts + 1 >= MAX_HOSTS)
            continue;
        snprintf(h->hosts[h->nhosts++], sizeof h->hosts[0], "%.250s:%u", names[i], port);
        if (port == 80)
            snprintf(h->hosts[h->nhosts++], sizeof h->hosts[0], "%.250s", names[i]);
    }
}

/* Binds and listens on O's address; names it in h->address. */
static int open_socket(srv_http_t *h, const srv_http_opts_t *o, char *err, size_t cap)
{
    h->fd = socket(o->addr->sa_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    struct sockaddr_storage ss;
    socklen_t sl = sizeof ss;
    if (h->fd < 0 || setsockopt(h->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
        bind(h->fd, o->addr, (socklen_t)o->addrlen) != 0 || listen(h->fd, 128) != 0 ||
        getsockname(h->fd, (struct sockaddr *)&ss, &sl) != 0) {
        snprintf(err, cap, "cannot listen on %s: %s", o->listen, strerror(errno));
        return -1;
    }
    unsigned port = ntohs(ss.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&ss)->sin6_port
                                                   : ((struct sockaddr_in *)&ss)->sin_port);
    snprintf(h->address, sizeof h->address, "%s:%u", o->host, port);
    set_hosts(h, o->host, port);
    return 0;
}

srv_http_t *srv_http_start(const srv_http_opts_t *o, char *err, size_t cap)
{
    srv_http_t *h = calloc(1, sizeof *h);
    if (!h) {
        snprintf(err, cap, "out of memory");
        return NULL;
    }
    h->site.index = o->index;
    h->verbose = o->verbose;
    h->timeout = o->timeout;
    h->any_host = o->any_host;
    if (open_socket(h, o, err, cap) != 0) {
        if (h->fd >= 0)
            close(h->fd);
        free(h);
        return NULL;
    }
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | MHD_USE_ITC;
    if (o->addr->sa_family == AF_INET6)
        flags |= MHD_USE_IPv6;
    if (o->verbose)
        flags |= MHD_USE_ERROR_LOG;
    h->d = MHD_start_daemon(flags, 0, NULL, NULL, handle, h,
                            MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
                            MHD_OPTION_STRICT_FOR_CLIENT, 1,
                            MHD_OPTION_LISTEN_SOCKET, (MHD_socket)h->fd,
                            MHD_OPTION_THREAD_POOL_SIZE, o->threads,
                            MHD_OPTION_CONNECTION_TIMEOUT, o->timeout,
                            MHD_OPTION_CONNECTION_LIMIT, (unsigned)MAX_CONNECTIONS,
                            MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)MAX_PER_IP,
                            MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)CONNECTION_MEMORY,
                            MHD_OPTION_URI_LOG_CALLBACK, request_begin, h,
                            MHD_OPTION_NOTIFY_COMPLETED, request_end, h,
                            MHD_OPTION_END);
    if (!h->d) {
        snprintf(err, cap, "cannot start the HTTP server on %s", h->address);
        close(h->fd);
        free(h);
        return NULL;
    }
    return h;
}

const char *srv_http_address(const srv_http_t *h)
{
    return h->address;
}

void srv_http_stop(srv_http_t *h)
{
    if (!h)
        return;
    atomic_store(&h->stopping, 1);
    MHD_socket fd = MHD_quiesce_daemon(h->d);
    /* Requests under way finish (each is answered at once; the bound is
     * for one whose client reads its response slowly); idle kept-alive
     * connections are closed by the stop. */
    double deadline = now_ms() + (h->timeout + 1) * 1e3;
    while (atomic_load(&h->in_flight) > 0 && now_ms() < deadline) {
        struct timespec ts = { 0, 10 * 1000 * 1000 };
        nanosleep(&ts, NULL);
    }
    MHD_stop_daemon(h->d);
    if (fd != MHD_INVALID_SOCKET)
        close(fd);
    free(h);
}
