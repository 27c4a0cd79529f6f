## lib/xs: the Xapian shim, the only C++ in referat.
noinst_LIBRARIES += lib/libxs.a
lib_libxs_a_SOURCES = lib/xs/xs.h lib/xs/xs_private.h \
	lib/xs/xs_error.cc lib/xs/xs_db.cc lib/xs/xs_doc.cc \
	lib/xs/xs_query.cc lib/xs/xs_search.cc lib/xs/xs_maint.cc \
	lib/xs/xs_shards.cc lib/xs/xs_runs.cc

check_PROGRAMS += tests/unit/test_xs
tests_unit_test_xs_SOURCES = tests/unit/test_xs.c tests/unit/tap.h
tests_unit_test_xs_LDADD = $(XS_LIBS)
tests_unit_test_xs_LINK = $(CXXLINK)
