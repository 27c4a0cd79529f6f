## query: referat-query.
bin_PROGRAMS += referat-query
referat_query_SOURCES = query/main.c query/qry.h query/parse.c query/build.c \
	query/highlight.c query/output.c query/case.c query/expand.c query/fields.c query/body.c query/facets.c query/agenda.c query/page.c lib/schema.h
referat_query_LDADD = $(REFERAT_LIBS)
referat_query_LINK = $(CXXLINK)
referat_query_CPPFLAGS = $(AM_CPPFLAGS) -DREFERAT_PKGDATADIR='"$(pkgdatadir)"' \
	-DREFERAT_SRCDATADIR='"$(abs_top_srcdir)/data"'

# The default synonyms, user-editable once installed.
dist_pkgdata_DATA = data/synonyms.txt

# The parser is tested on its own: it needs no index and no pipeline.
check_PROGRAMS += tests/unit/test_qry
tests_unit_test_qry_SOURCES = tests/unit/test_qry.c tests/unit/tap.h query/parse.c query/case.c query/qry.h lib/casenum.h
tests_unit_test_qry_LDADD =
