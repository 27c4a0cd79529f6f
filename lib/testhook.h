/* testhook.h - settings read from the environment by the test suite only:
 * fault injection (REFERAT_TEST_KILL), smaller limits that make a case
 * quick (REFERAT_COMMIT_EVERY, REFERAT_BULK_MIN_BYTES,
 * REFERAT_BULK_SHARD_BYTES, REFERAT_FILTER_TIMEOUT, REFERAT_COUNT_CAP,
 * REFERAT_EXPORT_CAP), fake converters in
 * place of the real ones (REFERAT_PDFTOTEXT, REFERAT_PDFTOPPM,
 * REFERAT_TESSERACT), the query's unsplit stem lists
 * (REFERAT_NO_SPLIT) and records written as document data, the layout of
 * format 6 and older (REFERAT_TEST_RECORD_IN_DATA).  A program built without ./configure
 * --enable-test-hooks reads none of them: a nightly run cannot be killed,
 * slowed or handed another converter by a stray variable.  (The settings
 * meant for people, REFERAT_THREADS, REFERAT_LEXICON and
 * REFERAT_SYNONYMS, are read with getenv() as ever.)
 */
#ifndef REFERAT_TESTHOOK_H
#define REFERAT_TESTHOOK_H

#include <stdlib.h>

/* The test setting NAME from the environment, or NULL: always NULL in a
 * build without test hooks. */
static inline const char *referat_test_env(const char *name)
{
#ifdef REFERAT_TEST_HOOKS
    return getenv(name);
#else
    (void)name;
    return NULL;
#endif
}

/* MAX, or less when the test setting NAME says so: a cap that a small
 * corpus can reach in a test (REFERAT_COUNT_CAP, REFERAT_EXPORT_CAP). */
static inline unsigned referat_test_cap(const char *name, unsigned max)
{
    const char *v = referat_test_env(name);
    unsigned long n = v ? strtoul(v, NULL, 10) : 0;
    return n > 0 && n < max ? (unsigned)n : max;
}

#endif /* REFERAT_TESTHOOK_H */
