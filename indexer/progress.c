/* progress.c - the progress line referat-index shows on a terminal:
 *
 *   referat-index: 1200/5300 files, 84.1/402.7 MB, 3.2 MB/s, ETA 1:39
 *
 * Redrawn in place (carriage return + erase to end of line) at most four
 * times a second, so even a run over many small unchanged files spends
 * nothing on it.  Anything else printed meanwhile first erases the line
 * (idx_progress_clear), so messages never run into it.  Shown only when
 * standard error is a terminal and --quiet is not given: cron's mail and
 * redirected logs never see it.
 */
#include "idx.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

struct idx_progress {
    FILE *out;
    unsigned files, total_files;
    double bytes, total_bytes;
    double start, last_draw;
    int shown;            /* the line is on the screen */
};

static double clock_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

idx_progress_t *idx_progress_new(FILE *out)
{
    idx_progress_t *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->out = out;
    p->start = clock_now();
    p->last_draw = -1;
    return p;
}

void idx_progress_free(idx_progress_t *p)
{
    if (!p)
        return;
    idx_progress_clear(p);
    free(p);
}

void idx_progress_add_total(idx_progress_t *p, unsigned files, double bytes)
{
    if (!p)
        return;
    p->total_files += files;
    p->total_bytes += bytes;
}

void idx_progress_clear(idx_progress_t *p)
{
    if (!p || !p->shown)
        return;
    fputs("\r\033[K", p->out);
    fflush(p->out);
    p->shown = 0;
}

static void draw(idx_progress_t *p, double t)
{
    double mb = 1024.0 * 1024.0;
    double elapsed = t - p->start;
    double rate = elapsed > 0 ? p->bytes / elapsed : 0;
    unsigned files = p->files > p->total_files ? p->files : p->total_files;
    double total = p->bytes > p->total_bytes ? p->bytes : p->total_bytes;
    fprintf(p->out, "\r\033[Kreferat-index: %u/%u files, %.1f/%.1f MB, %.1f MB/s", p->files, files,
            p->bytes / mb, total / mb, rate / mb);
    /* An estimate only once there is a rate to go by. */
    if (rate > 0 && elapsed >= 1.0) {
        double left = (total - p->bytes) / rate;
        unsigned s = left > 359999 ? 359999 : (unsigned)(left + 0.5);
        if (s >= 3600)
            fprintf(p->out, ", ETA %u:%02u:%02u", s / 3600, s / 60 % 60, s % 60);
        else
            fprintf(p->out, ", ETA %u:%02u", s / 60, s % 60);
    }
    fflush(p->out);
    p->shown = 1;
    p->last_draw = t;
}

void idx_progress_step(idx_progress_t *p, double bytes)
{
    if (!p)
        return;
    p->files++;
    p->bytes += bytes;
    double t = clock_now();
    if (p->last_draw < 0 || t - p->last_draw >= 0.25 || p->files == p->total_files)
        draw(p, t);
}
