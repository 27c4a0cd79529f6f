/* psg_private.h - internals of lib/passage shared between its files and
 * its unit tests; not part of the public interface. */
#ifndef REFERAT_PSG_PRIVATE_H
#define REFERAT_PSG_PRIVATE_H

#include <stddef.h>

/* 1 when the N bytes at S begin an agenda-item heading line
 * ("Sak 19/2023 ...", "Sak 24 /2023", "sak11/2022", "3) ..."). */
int psg_is_heading(const char *s, size_t n);

#endif
