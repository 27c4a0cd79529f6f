/* url.c - the path and query string of a request, decoded strictly.
 *
 * The server reads the request target as the client sent it
 * (libmicrohttpd's URI log callback) rather than libmicrohttpd's decoded
 * path, which ends at an encoded NUL: "/api/health%00x" would read as
 * "/api/health".  Everything a route sees has been through here: valid
 * UTF-8 without NUL, and a path without empty or dot segments.
 */
#include "srv.h"

#include "analysis/ana.h"

#include <stdlib.h>
#include <string.h>

int srv_percent_decode(const char *s, size_t len, int plus, char **out, size_t *outlen, char *err,
                       size_t cap)
{
    *out = NULL;
    char *d = malloc(len + 1);
    if (!d)
        return -2;
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == '%') {
            int hi = i + 2 < len ? ana_hex_digit((unsigned char)s[i + 1]) : -1;
            int lo = i + 2 < len ? ana_hex_digit((unsigned char)s[i + 2]) : -1;
            if (hi < 0 || lo < 0) {
                snprintf(err, cap, "bad percent escape at byte %zu", i + 1);
                free(d);
                return -1;
            }
            c = (char)(hi * 16 + lo);
            i += 2;
        } else if (c == '+' && plus) {
            c = ' ';
        }
        if (c == '\0') {
            snprintf(err, cap, "a NUL byte in the request");
            free(d);
            return -1;
        }
        d[n++] = c;
    }
    d[n] = '\0';
    size_t bad = ana_utf8_check(d, n);
    if (bad < n) {
        snprintf(err, cap, "invalid UTF-8 in the request (decoded byte %zu)", bad + 1);
        free(d);
        return -1;
    }
    *out = d;
    if (outlen)
        *outlen = n;
    return 0;
}

int srv_path_decode(const char *s, size_t len, char **path, char *err, size_t cap)
{
    *path = NULL;
    if (len == 0 || s[0] != '/') {
        snprintf(err, cap, "the path must start with '/'");
        return -1;
    }
    char *p;
    size_t n;
    int rc = srv_percent_decode(s, len, 0, &p, &n, err, cap);
    if (rc != 0)
        return rc;
    /* Each segment after a '/' (the root "/" alone has one, empty). */
    for (size_t i = 0; n > 1 && i < n; i++) {
        if (p[i] != '/')
            continue;
        size_t e = i + 1;
        while (e < n && p[e] != '/')
            e++;
        size_t seg = e - i - 1;
        if (seg == 0 || (seg == 1 && p[i + 1] == '.') ||
            (seg == 2 && p[i + 1] == '.' && p[i + 2] == '.')) {
            snprintf(err, cap, "the path holds an empty, '.' or '..' segment");
            free(p);
            return -1;
        }
    }
    *path = p;
    return 0;
}

void srv_params_free(srv_params_t *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->n; i++) {
        free(p->v[i].name);
        free(p->v[i].value);
    }
    free(p->v);
    p->v = NULL;
    p->n = 0;
}

const char *srv_params_get(const srv_params_t *p, const char *name)
{
    for (size_t i = 0; i < p->n; i++)
        if (strcmp(p->v[i].name, name) == 0)
            return p->v[i].value;
    return NULL;
}

/* Decodes one "name=value" piece of LEN bytes at S and appends it. */
static int add_param(srv_params_t *out, const char *s, size_t len, char *err, size_t cap)
{
    const char *eq = memchr(s, '=', len);
    size_t nlen = eq ? (size_t)(eq - s) : len;
    srv_param_t prm = { NULL, NULL };
    int rc = srv_percent_decode(s, nlen, 1, &prm.name, NULL, err, cap);
    if (rc == 0)
        rc = eq ? srv_percent_decode(eq + 1, len - nlen - 1, 1, &prm.value, NULL, err, cap)
                : ((prm.value = strdup("")) ? 0 : -2);
    if (rc == 0 && prm.name[0] == '\0') {
        snprintf(err, cap, "a parameter without a name");
        rc = -1;
    }
    if (rc == 0 && srv_params_get(out, prm.name)) {
        snprintf(err, cap, "parameter '%.40s' given twice", prm.name);
        rc = -1;
    }
    srv_param_t *v = rc == 0 ? realloc(out->v, (out->n + 1) * sizeof *v) : NULL;
    if (rc == 0 && !v)
        rc = -2;
    if (rc != 0) {
        free(prm.name);
        free(prm.value);
        return rc;
    }
    out->v = v;
    out->v[out->n++] = prm;
    return 0;
}

int srv_params_parse(const char *qs, srv_params_t *out, char *err, size_t cap)
{
    out->v = NULL;
    out->n = 0;
    if (!qs)
        return 0;
    while (*qs) {
        size_t len = strcspn(qs, "&");
        int rc = len ? add_param(out, qs, len, err, cap) : 0;
        if (rc != 0) {
            srv_params_free(out);
            return rc;
        }
        qs += len;
        if (*qs == '&')
            qs++;
    }
    return 0;
}
