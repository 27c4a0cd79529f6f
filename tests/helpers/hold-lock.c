/* hold-lock - test helper: holds an index's write lock for a while.
 *
 *   hold-lock DIR SECONDS
 *
 * Opens (creating) DIR for writing, prints "ready" once the lock is held,
 * then sleeps SECONDS and exits, releasing it.  The end-to-end tests use
 * it to check what referat-index does when another writer is busy. */
#include "xs/xs.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: hold-lock DIR SECONDS\n");
        return 2;
    }
    xs_db_t *db = xs_db_new();
    xs_status_t st = db ? xs_db_open(db, argv[1], XS_DB_CREATE) : XS_NO_MEMORY;
    if (st != XS_OK) {
        fprintf(stderr, "hold-lock: %s: %s\n", xs_status_string(st), xs_db_error(db));
        xs_db_free(db);
        return 1;
    }
    printf("ready\n");
    fflush(stdout);
    sleep((unsigned)atoi(argv[2]));
    xs_db_free(db);
    return 0;
}
