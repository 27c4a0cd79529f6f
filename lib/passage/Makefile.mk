## lib/passage: passages from minutes, zlib storage, snippets.
noinst_LIBRARIES += lib/libpsg.a
lib_libpsg_a_SOURCES = lib/passage/psg.h lib/passage/psg_private.h \
	lib/passage/psg_dict.h lib/passage/dict.c \
	lib/passage/split.c lib/passage/store.c lib/passage/record.c lib/passage/snippet.c lib/passage/junk.c

check_PROGRAMS += tests/unit/test_psg
tests_unit_test_psg_SOURCES = tests/unit/test_psg.c tests/unit/tap.h
tests_unit_test_psg_LDADD = lib/libpsg.a $(ZLIB_LIBS)
