/* page.c - the page's files (web/: index.html, its style sheet and its
 * script modules), embedded in the program by server/embed.sh at build
 * time and served at "/" and "/NAME".  Nothing is read from the file
 * system: a path either names one of the embedded files exactly or is
 * not one of them.
 */
#include "srv.h"

#include <string.h>

const srv_asset_t *srv_asset_find(const char *path)
{
    if (path[0] != '/')
        return NULL;
    const char *name = path[1] ? path + 1 : "index.html";
    for (size_t i = 0; i < srv_nassets; i++)
        if (strcmp(srv_assets[i].name, name) == 0)
            return &srv_assets[i];
    return NULL;
}

const char *srv_asset_type(const srv_asset_t *a)
{
    static const char *const types[][2] = {
        { ".html", "text/html; charset=utf-8" },
        { ".css", "text/css; charset=utf-8" },
        { ".js", "text/javascript; charset=utf-8" },
        { ".svg", "image/svg+xml" },
        { ".json", "application/json; charset=utf-8" },
    };
    const char *dot = strrchr(a->name, '.');
    for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
        if (strcmp(dot, types[i][0]) == 0)
            return types[i][1];
    return "application/octet-stream";
}

/* 1 when the If-None-Match value V ("\"a\", W/\"b\"" or "*") names
 * ETAG.  A weak validator matches too: the comparison is the weak one
 * RFC 9110 prescribes for If-None-Match. */
static int etag_listed(const char *v, const char *etag)
{
    size_t n = strlen(etag);
    while (*v) {
        v += strspn(v, " \t,");
        if (strncmp(v, "W/", 2) == 0)
            v += 2;
        if (*v == '*' || (strncmp(v, etag, n) == 0 && strchr(" \t,", v[n])))
            return 1;
        v += strcspn(v, ",");
    }
    return 0;
}

void srv_reply_asset(srv_reply_t *reply, const srv_asset_t *a, const char *if_none_match)
{
    int same = if_none_match && etag_listed(if_none_match, a->etag);
    reply->status = same ? 304 : 200;
    reply->body = NULL;
    reply->len = same ? 0 : a->len;
    reply->type = srv_asset_type(a);
    reply->asset = a;
}
