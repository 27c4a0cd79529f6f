## lib/query: the query pipeline as a library (query.h): parse, expand,
## build, search a page, decode its hits, count facets; no printing.
noinst_LIBRARIES += lib/libqry.a
lib_libqry_a_SOURCES = lib/query/query.h lib/query/qry_private.h \
	lib/query/engine.c lib/query/hit.c lib/query/lookup.c lib/query/parse.c lib/query/build.c \
	lib/query/highlight.c lib/query/case.c lib/query/fieldtab.c lib/query/expand.c lib/query/understand.c lib/query/fields.c \
	lib/query/body.c lib/query/facets.c lib/query/agenda.c lib/query/rerank.c lib/query/page.c lib/query/json.c \
	lib/query/csv.c lib/query/unmatched.c lib/query/explain.c lib/query/suggest.c lib/query/spellcache.c lib/query/acrotab.h lib/schema.h
lib_libqry_a_CPPFLAGS = $(AM_CPPFLAGS) -DREFERAT_PKGDATADIR='"$(pkgdatadir)"' \
	-DREFERAT_SRCDATADIR='"$(abs_top_srcdir)/data"'

# The parser is tested on its own: it needs no index.
check_PROGRAMS += tests/unit/test_qry
tests_unit_test_qry_SOURCES = tests/unit/test_qry.c tests/unit/tap.h lib/query/parse.c \
	lib/query/case.c lib/query/fieldtab.c lib/query/qry_private.h lib/casenum.h
tests_unit_test_qry_LDADD =

# The library on an index built by referat-index (REFERAT_BUILDDIR).
check_PROGRAMS += tests/unit/test_qlib
tests_unit_test_qlib_SOURCES = tests/unit/test_qlib.c tests/unit/tap.h
tests_unit_test_qlib_LDADD = lib/libqry.a $(REFERAT_LIBS)
tests_unit_test_qlib_LINK = $(CXXLINK)
