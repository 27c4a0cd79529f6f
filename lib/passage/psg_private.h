/* psg_private.h - internals of lib/passage shared between its files and
 * its unit tests; not part of the public interface. */
#ifndef REFERAT_PSG_PRIVATE_H
#define REFERAT_PSG_PRIVATE_H

#include <stddef.h>

#include "passage/psg.h"

/* 1 when the N bytes at S begin an agenda-item heading line
 * ("Sak 19/2023 ...", "Sak 24 /2023", "sak11/2022", "3) ..."). */
int psg_is_heading(const char *s, size_t n);

/* Inflates DATA (LEN bytes) as psg_unpack does, whatever its format byte:
 * 'z' without the preset dictionary, any other with it (psg_unpack
 * allows 'z' and 'd'; a display record, PSG_RECORD_MARK). */
psg_status_t psg_inflate(const char *data, size_t len, char **out, size_t *out_len);

#endif
