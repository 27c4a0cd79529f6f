## server: referat-serve, the HTTP JSON API (docs/api.md).
bin_PROGRAMS += referat-serve
referat_serve_SOURCES = server/main.c server/srv.h server/http.c server/routes.c \
	server/context.c server/json.c server/url.c server/params.c lib/schema.h
referat_serve_LDADD = lib/libqry.a $(REFERAT_LIBS) $(MHD_LIBS)
referat_serve_CFLAGS = $(AM_CFLAGS) -pthread
referat_serve_LDFLAGS = $(AM_LDFLAGS) -pthread
referat_serve_LINK = $(CXXLINK)

# The request parsers on their own: no index, no libmicrohttpd.
check_PROGRAMS += tests/unit/test_srv
tests_unit_test_srv_SOURCES = tests/unit/test_srv.c tests/unit/tap.h server/srv.h server/url.c \
	server/params.c server/json.c lib/query/fieldtab.c
tests_unit_test_srv_LDADD = $(ANA_LIBS)

# The raw-request helper of tests/e2e/serve.sh.
EXTRA_DIST += tests/helpers/http-raw.py tests/helpers/same-hits.py
