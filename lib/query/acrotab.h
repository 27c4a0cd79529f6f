/* acrotab.h - the learned acronyms and full names as one metadata entry
 * (schema.h, REFERAT_ACRONYMS_KEY), written by referat-index so that the
 * query engine reads them in one get instead of walking and folding
 * every record per process (lib/query/expand.c). */
#ifndef REFERAT_QRY_ACROTAB_H
#define REFERAT_QRY_ACROTAB_H

#include "xs/xs.h"

/* Walks the learned names of DB (open for writing; what it holds before
 * its next commit), and sets the stored table to them, stamped with the
 * referat.last_run that commit will hold, when it differs: so the table
 * changes in the commit that changes the names, and a reader takes it
 * only when no commit came after.  An index with a name the table cannot
 * hold (a tab or newline) gets no table (readers then walk the names).
 * Returns an xs status (DB's error). */
xs_status_t qry_acronyms_store(xs_db_t *db);

/* The table of DB's learned names as qry_acronyms_store() would store it,
 * into *TABLE (malloc()ed, caller frees; "" for none): a line "1 <n>
 * <referat.last_run>", then per name, sorted by folded key, "<fold> TAB <kind> TAB <key> TAB
 * <value>" (kind 0 an acro: record, 1 an acroname:).  An xs status. */
xs_status_t qry_acronyms_table(xs_db_t *db, char **table);

#endif /* REFERAT_QRY_ACROTAB_H */
