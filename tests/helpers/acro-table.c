/* acro-table - test helper: prints an index's table of learned acronyms
 * and full names (schema.h, REFERAT_ACRONYMS_KEY).
 *
 *   acro-table DB           the table walked from the acro:/acroname: records
 *   acro-table --stored DB  the table referat-index stored ("" when none)
 *
 * tests/e2e/acrotab.sh compares the two after each kind of run. */
#include "query/acrotab.h"
#include "schema.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    int stored = argc == 3 && strcmp(argv[1], "--stored") == 0;
    if (argc != 2 && !stored) {
        fprintf(stderr, "usage: acro-table [--stored] DB\n");
        return 2;
    }
    xs_db_t *db = xs_db_new();
    char *table = NULL;
    xs_status_t st = db ? xs_db_open(db, argv[argc - 1], XS_DB_READ) : XS_NO_MEMORY;
    if (st == XS_OK)
        st = stored ? xs_db_get_metadata(db, REFERAT_ACRONYMS_KEY, &table) : qry_acronyms_table(db, &table);
    if (st != XS_OK) {
        fprintf(stderr, "acro-table: %s: %s\n", xs_status_string(st), db ? xs_db_error(db) : "");
        xs_db_free(db);
        return 1;
    }
    fputs(table, stdout);
    free(table);
    xs_db_free(db);
    return 0;
}
