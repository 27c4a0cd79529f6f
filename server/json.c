/* json.c - response bodies: a memory stream that ana_json_string and
 * fprintf write into, and the error body every refusal shares. */
#include "srv.h"

#include "analysis/ana.h"

#include <stdlib.h>
#include <string.h>

int srv_json_open(srv_json_t *j)
{
    j->buf = NULL;
    j->len = 0;
    j->f = open_memstream(&j->buf, &j->len);
    return j->f ? 0 : -1;
}

int srv_json_close(srv_json_t *j, int status, srv_reply_t *reply)
{
    int bad = ferror(j->f);
    if (fclose(j->f) != 0)
        bad = 1;
    j->f = NULL;
    if (bad) {
        free(j->buf);
        j->buf = NULL;
        return -1;
    }
    reply->status = status;
    reply->body = j->buf;
    reply->len = j->len;
    j->buf = NULL;
    return 0;
}

int srv_reply_error(srv_reply_t *reply, int status, const char *msg)
{
    srv_json_t j;
    if (srv_json_open(&j) != 0)
        return -1;
    fputs("{\"error\":", j.f);
    ana_json_string(j.f, msg, strlen(msg));
    fputs("}\n", j.f);
    return srv_json_close(&j, status, reply);
}
