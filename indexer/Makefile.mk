## indexer: referat-index.
bin_PROGRAMS += referat-index
referat_index_SOURCES = indexer/main.c indexer/run.h indexer/update.c indexer/open.c indexer/shards.c indexer/idx.h indexer/walk.c \
	indexer/source.c indexer/write.c indexer/state.c indexer/reuse.c indexer/progress.c indexer/scan.c indexer/worker.c indexer/bulk.c indexer/encoding.c indexer/filter.c lib/schema.h \
	indexer/formats.h indexer/html.c indexer/office.c lib/testhook.h
referat_index_LDADD = lib/libqry.a $(REFERAT_LIBS)
# worker.c: analysis on a second thread.
referat_index_CFLAGS = $(AM_CFLAGS) -pthread
referat_index_LDFLAGS = $(AM_LDFLAGS) -pthread
referat_index_LINK = $(CXXLINK)

# HTML, DOCX and ODT conversion and the ZIP reader (tests/unit/test_fmt.c).
check_PROGRAMS += tests/unit/test_fmt
tests_unit_test_fmt_SOURCES = tests/unit/test_fmt.c tests/unit/tap.h \
	indexer/formats.h indexer/idx.h indexer/html.c indexer/office.c indexer/encoding.c
tests_unit_test_fmt_LDADD = $(ANA_LIBS) $(ZLIB_LIBS)

# Test helper: holds an index's write lock (tests/e2e/cli.sh).
check_PROGRAMS += tests/helpers/hold-lock
tests_helpers_hold_lock_SOURCES = tests/helpers/hold-lock.c
tests_helpers_hold_lock_LDADD = $(XS_LIBS)
tests_helpers_hold_lock_LINK = $(CXXLINK)

# Test helper: prints an index's table of learned acronyms, stored or
# walked (tests/e2e/acrotab.sh).
check_PROGRAMS += tests/helpers/acro-table
tests_helpers_acro_table_SOURCES = tests/helpers/acro-table.c
tests_helpers_acro_table_LDADD = lib/libqry.a $(REFERAT_LIBS)
tests_helpers_acro_table_LINK = $(CXXLINK)

# Test helper: the meetings of a word's passages counted through the
# stored runs and by reading each file id (tests/e2e/meeting_runs.sh).
check_PROGRAMS += tests/helpers/meeting-runs
tests_helpers_meeting_runs_SOURCES = tests/helpers/meeting-runs.c
tests_helpers_meeting_runs_LDADD = $(XS_LIBS)
tests_helpers_meeting_runs_LINK = $(CXXLINK)

# Test helper: prints an index's passages in a canonical form, so an
# incrementally updated index can be compared with a clean build exactly.
check_PROGRAMS += tests/helpers/dump-index
tests_helpers_dump_index_SOURCES = tests/helpers/dump-index.c
tests_helpers_dump_index_LDADD = $(XS_LIBS)
tests_helpers_dump_index_LINK = $(CXXLINK)
