## lib/minutes: the structure of minutes (meeting, date, items, sections).
noinst_LIBRARIES += lib/libmnt.a
lib_libmnt_a_SOURCES = lib/minutes/mnt.h
