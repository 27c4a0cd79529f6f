/* worker.c - analysis on a second thread while the main thread writes.
 *
 * Analysis (tokenizing, the Nordic pipeline, building Xapian documents)
 * and writing (Xapian's inversion, commits) each take a large share of an
 * indexing run, and Xapian's writable database belongs to one thread.  So
 * the main thread walks, reads, decides and writes, and one worker
 * analyses: while the main thread writes file N, the worker analyses file
 * N+1.  One job at a time keeps memory bounded (two files' documents at
 * most) and the order of writes the order of the walk.
 *
 * The worker has its own analyzer (ana_t holds per-use buffers and
 * stemmers); the word lists are shared and only read.  A job's source is
 * moved to the worker and freed there; its result goes back with the
 * caller's tag.
 */
#include "idx.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct idx_worker {
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int started, stop;
    int has_job, has_result;
    ana_t *ana;
    /* the job */
    char *path;
    idx_source_t src;
    void *tag;
    /* its result */
    idx_prepared_t *prepared;
    int rc;
    char reason[IDX_REASON];
};

static void *worker_main(void *arg)
{
    idx_worker_t *w = arg;
    pthread_mutex_lock(&w->mu);
    for (;;) {
        while (!w->has_job && !w->stop)
            pthread_cond_wait(&w->cv, &w->mu);
        if (!w->has_job)
            break;
        pthread_mutex_unlock(&w->mu);
        idx_prepared_t *p = NULL;
        char reason[IDX_REASON] = "";
        int rc = idx_prepare_file(w->ana, w->path, &w->src, &p, reason);
        idx_source_clear(&w->src);
        pthread_mutex_lock(&w->mu);
        w->prepared = p;
        w->rc = rc;
        memcpy(w->reason, reason, sizeof reason);
        w->has_job = 0;
        w->has_result = 1;
        pthread_cond_broadcast(&w->cv);
    }
    pthread_mutex_unlock(&w->mu);
    return NULL;
}

idx_worker_t *idx_worker_new(const ana_lexicon_t *lex)
{
    idx_worker_t *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    if (!(w->ana = ana_new())) {
        free(w);
        return NULL;
    }
    ana_set_lexicon(w->ana, lex);
    pthread_mutex_init(&w->mu, NULL);
    pthread_cond_init(&w->cv, NULL);
    if (pthread_create(&w->thread, NULL, worker_main, w) != 0) {
        idx_worker_free(w);
        return NULL;
    }
    w->started = 1;
    return w;
}

int idx_worker_take(idx_worker_t *w, idx_prepared_t **out, int *rc, char *reason, void **tag)
{
    pthread_mutex_lock(&w->mu);
    while (w->has_job)
        pthread_cond_wait(&w->cv, &w->mu);
    int had = w->has_result;
    if (had) {
        *out = w->prepared;
        *rc = w->rc;
        memcpy(reason, w->reason, IDX_REASON);
        *tag = w->tag;
        w->prepared = NULL;
        w->tag = NULL;
        free(w->path);
        w->path = NULL;
        w->has_result = 0;
    }
    pthread_mutex_unlock(&w->mu);
    return had;
}

int idx_worker_submit(idx_worker_t *w, const char *path, idx_source_t *src, void *tag)
{
    char *copy = strdup(path);
    if (!copy)
        return -1;
    pthread_mutex_lock(&w->mu);
    /* The caller takes the previous result first: one job in flight. */
    if (w->has_job || w->has_result) {
        pthread_mutex_unlock(&w->mu);
        free(copy);
        return -1;
    }
    w->path = copy;
    w->src = *src;
    memset(src, 0, sizeof *src);
    w->tag = tag;
    w->has_job = 1;
    pthread_cond_broadcast(&w->cv);
    pthread_mutex_unlock(&w->mu);
    return 0;
}

void idx_worker_free(idx_worker_t *w)
{
    if (!w)
        return;
    if (w->started) {
        pthread_mutex_lock(&w->mu);
        w->stop = 1;
        pthread_cond_broadcast(&w->cv);
        pthread_mutex_unlock(&w->mu);
        pthread_join(w->thread, NULL);
    }
    /* A result nobody took (the run stopped on an error) is dropped. */
    idx_prepared_free(w->prepared);
    idx_source_clear(&w->src);
    free(w->path);
    pthread_cond_destroy(&w->cv);
    pthread_mutex_destroy(&w->mu);
    ana_free(w->ana);
    free(w);
}
