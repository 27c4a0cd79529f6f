/* tap.h - a tiny table-free test harness printing TAP.
 *
 * Each TEST() function is one test case.  CHECK() records a failure with
 * its location and carries on, so one run reports every broken check.
 * make check runs each test program under the TAP driver; tests/run counts
 * the "ok"/"not ok" lines (tests/Makefile.mk).
 *
 *   TEST(utf8_invalid) { CHECK(ana_utf8_check("\xff", 1) == 0); }
 *   int main(void) { RUN(utf8_invalid); return tap_done(); }
 */
#ifndef REFERAT_TAP_H
#define REFERAT_TAP_H

#include <stdio.h>
#include <string.h>

static int tap_count, tap_failed, tap_case_failed;

#define TEST(name) static void name(void)

#define CHECK(cond)                                                        \
    do {                                                                   \
        if (!(cond)) {                                                     \
            tap_case_failed = 1;                                           \
            printf("#   %s:%d: check failed: %s\n", __FILE__, __LINE__,    \
                   #cond);                                                 \
        }                                                                  \
    } while (0)

/* Compares two NUL-terminated strings and shows both on failure. */
#define CHECK_STR(got, want)                                               \
    do {                                                                   \
        const char *tap_g_ = (got), *tap_w_ = (want);                      \
        if (!tap_g_ || strcmp(tap_g_, tap_w_) != 0) {                      \
            tap_case_failed = 1;                                           \
            printf("#   %s:%d: %s: got \"%s\", want \"%s\"\n", __FILE__,   \
                   __LINE__, #got, tap_g_ ? tap_g_ : "(null)", tap_w_);    \
        }                                                                  \
    } while (0)

#define RUN(name)                                                          \
    do {                                                                   \
        tap_case_failed = 0;                                               \
        name();                                                            \
        tap_count++;                                                       \
        if (tap_case_failed) tap_failed++;                                 \
        printf("%s %d - %s\n", tap_case_failed ? "not ok" : "ok",          \
               tap_count, #name);                                          \
        fflush(stdout);                                                    \
    } while (0)

static inline int tap_done(void)
{
    printf("1..%d\n", tap_count);
    return tap_failed ? 1 : 0;
}

#endif /* REFERAT_TAP_H */
