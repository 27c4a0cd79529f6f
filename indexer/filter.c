/* filter.c - running an external converter (pdftotext) safely.
 *
 * A PDF is converted by a child process, never in our own address space,
 * and the child is treated as hostile (poppler has hung and crashed on
 * damaged files): it runs in its own process group with a CPU and an
 * address-space limit, stdin from /dev/null and stderr discarded; its
 * output is read with a wall-time deadline and a size cap; past either,
 * the whole group is killed, so no grandchild outlives it.
 */
#include "idx.h"

#include "testhook.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* In the child: limits, descriptors, exec.  Never returns. */
static void child(const char *const argv[], int out_fd, const idx_filter_limits_t *lim)
{
    setpgid(0, 0);
    struct rlimit as = { lim->max_memory, lim->max_memory };
    struct rlimit cpu = { lim->max_seconds, lim->max_seconds + 1 };
    setrlimit(RLIMIT_AS, &as);
    setrlimit(RLIMIT_CPU, &cpu);
    int nul = open("/dev/null", O_RDWR);
    if (nul >= 0) {
        dup2(nul, 0);
        dup2(nul, 2);
    }
    dup2(out_fd, 1);
    execvp(argv[0], (char *const *)argv);
    _exit(127);
}

idx_filter_limits_t idx_filter_limits(unsigned seconds)
{
    idx_filter_limits_t lim = { seconds, (size_t)1 << 30, IDX_MAX_FILE_BYTES };
    const char *t = referat_test_env("REFERAT_FILTER_TIMEOUT");
    if (t && atoi(t) > 0)
        lim.max_seconds = (unsigned)atoi(t);
    return lim;
}

int idx_run_filter(const char *const argv[], const idx_filter_limits_t *lim, char **out, size_t *out_len,
                   char *reason)
{
    *out = NULL;
    *out_len = 0;
    int fds[2];
    if (pipe(fds) != 0) {
        snprintf(reason, IDX_REASON, "cannot start %s: %s", argv[0], strerror(errno));
        return -1;
    }
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        snprintf(reason, IDX_REASON, "cannot start %s: %s", argv[0], strerror(errno));
        return -1;
    }
    if (pid == 0) {
        close(fds[0]);
        child(argv, fds[1], lim);
    }
    setpgid(pid, pid); /* also from here, so the group exists before we may kill it */
    close(fds[1]);
    fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK);

    size_t cap = 65536, len = 0;
    char *buf = malloc(cap);
    double deadline = now_s() + (double)lim->max_seconds;
    const char *why = NULL;
    while (buf) {
        double left = deadline - now_s();
        if (left <= 0) {
            why = "took too long";
            break;
        }
        struct pollfd p = { fds[0], POLLIN, 0 };
        int r = poll(&p, 1, (int)(left * 1000) + 1);
        if (r < 0 && errno == EINTR)
            continue;
        if (r == 0)
            continue;
        if (len + 1 >= cap) {
            if (cap >= lim->max_output) {
                why = "produced too much text";
                break;
            }
            size_t ncap = cap * 2 > lim->max_output ? lim->max_output : cap * 2;
            char *nb = realloc(buf, ncap);
            if (!nb) {
                why = "out of memory";
                break;
            }
            buf = nb;
            cap = ncap;
        }
        ssize_t n = read(fds[0], buf + len, cap - 1 - len);
        if (n < 0 && (errno == EAGAIN || errno == EINTR))
            continue;
        if (n <= 0)
            break; /* end of output */
        len += (size_t)n;
    }
    close(fds[0]);
    if (why || !buf)
        kill(-pid, SIGKILL);
    int status = 0;
    /* The child may still be finishing after closing its output. */
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    /* Whatever the child left in its group goes too. */
    kill(-pid, SIGKILL);
    if (!buf) {
        snprintf(reason, IDX_REASON, "%s: out of memory", argv[0]);
        return -1;
    }
    if (why) {
        free(buf);
        snprintf(reason, IDX_REASON, "%s %s (limits: %u s, %zu MB of text); skipped", argv[0], why,
                 lim->max_seconds, lim->max_output >> 20);
        return -1;
    }
    if (WIFSIGNALED(status)) {
        free(buf);
        snprintf(reason, IDX_REASON, "%s crashed (signal %d)", argv[0], WTERMSIG(status));
        return -1;
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
        free(buf);
        *out_len = (size_t)WEXITSTATUS(status);
        return 1; /* the caller names the exit status */
    }
    buf[len] = '\0';
    *out = buf;
    *out_len = len;
    return 0;
}
