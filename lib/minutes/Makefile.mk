## lib/minutes: the structure of minutes (meeting, date, items, sections).
noinst_LIBRARIES += lib/libmnt.a
lib_libmnt_a_SOURCES = lib/minutes/mnt.h lib/minutes/mnt_private.h \
	lib/minutes/text.c lib/minutes/date.c lib/minutes/header.c \
	lib/minutes/agenda.c lib/minutes/sections.c lib/minutes/pages.c \
	lib/minutes/mnt.c lib/minutes/breaks.c

check_PROGRAMS += tests/unit/test_mnt
tests_unit_test_mnt_SOURCES = tests/unit/test_mnt.c tests/unit/tap.h
tests_unit_test_mnt_LDADD = lib/libmnt.a
