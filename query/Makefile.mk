## query: referat-query, a thin front-end over lib/query.
bin_PROGRAMS += referat-query
referat_query_SOURCES = query/main.c query/output.c query/output.h
referat_query_LDADD = lib/libqry.a $(REFERAT_LIBS)
referat_query_LINK = $(CXXLINK)

# The default synonyms, user-editable once installed.
dist_pkgdata_DATA = data/synonyms.txt
