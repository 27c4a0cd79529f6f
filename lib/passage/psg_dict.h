/* psg_dict.h - the preset deflate dictionary of stored passages (format 2,
 * docs/index-format.md), generated into dict.c by scripts/make-dict.py.
 * Read-only, static storage: never freed. */
#ifndef PSG_DICT_H
#define PSG_DICT_H

extern const unsigned char psg_dict[];
extern const unsigned psg_dict_len;

#endif
