## server: referat-serve, the HTTP JSON API (docs/api.md).
bin_PROGRAMS += referat-serve
referat_serve_SOURCES = server/main.c server/srv.h server/http.c server/routes.c \
	server/context.c server/json.c server/url.c server/params.c server/page.c lib/schema.h
nodist_referat_serve_SOURCES = server/assets.c
referat_serve_CPPFLAGS = $(AM_CPPFLAGS) -I$(srcdir)/server
referat_serve_LDADD = lib/libqry.a $(REFERAT_LIBS) $(MHD_LIBS)
referat_serve_CFLAGS = $(AM_CFLAGS) -pthread
referat_serve_LDFLAGS = $(AM_LDFLAGS) -pthread
referat_serve_LINK = $(CXXLINK)

# The request parsers on their own: no index, no libmicrohttpd.
check_PROGRAMS += tests/unit/test_srv
tests_unit_test_srv_SOURCES = tests/unit/test_srv.c tests/unit/tap.h server/srv.h server/url.c \
	server/params.c server/json.c lib/query/fieldtab.c
tests_unit_test_srv_LDADD = $(ANA_LIBS)

# The helpers of tests/e2e/serve.sh (raw requests) and shards.sh (hits compared).
EXTRA_DIST += tests/helpers/http-raw.py tests/helpers/same-hits.py tests/helpers/cutproxy.py

# The page (web/, docs/architecture.md): the one list of its files, each
# embedded in referat-serve by server/embed.sh and served at /NAME
# (index.html at /).  A file added to web/ is served once it is named here.
WEB_FILES = web/index.html web/app.css web/app.js web/api.js web/dom.js web/i18n.js web/item.js \
	web/search.js web/state.js web/timeline.js web/trail.js web/favicon.svg
EXTRA_DIST += $(WEB_FILES) server/embed.sh
BUILT_SOURCES += server/assets.c
CLEANFILES += server/assets.c
server/assets.c: $(WEB_FILES) $(srcdir)/server/embed.sh
	$(AM_V_GEN)$(MKDIR_P) server && \
	$(SHELL) $(srcdir)/server/embed.sh $(srcdir) $(WEB_FILES) >$@-t && mv -f $@-t $@
