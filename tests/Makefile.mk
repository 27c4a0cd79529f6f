## tests: every unit program and end-to-end script is a test of its own,
## run by automake's TAP driver, so that `make check TESTS=tests/e2e/cli.sh`
## reruns one and `make -j2 check` runs two at a time.  tests/run (the
## README's count, "N passed, N failed") runs `make check` and reads the
## drivers' results, and fails a test program or script missing here.
UNIT_TESTS = tests/unit/test_ana tests/unit/test_fmt tests/unit/test_lex tests/unit/test_mnt \
	tests/unit/test_psg tests/unit/test_qlib tests/unit/test_qry tests/unit/test_srv tests/unit/test_xs
E2E_TESTS = tests/e2e/acrotab.sh tests/e2e/badinput.sh tests/e2e/meeting_runs.sh tests/e2e/browser.sh tests/e2e/bulk.sh tests/e2e/cli.sh tests/e2e/concurrent.sh \
	tests/e2e/crash.sh tests/e2e/diskfull.sh tests/e2e/formats.sh tests/e2e/formats_doc.sh \
	tests/e2e/fuzz.sh tests/e2e/gen.sh tests/e2e/golden.sh tests/e2e/gzip.sh \
	tests/e2e/incremental.sh tests/e2e/nordic.sh tests/e2e/ocr.sh tests/e2e/passages.sh tests/e2e/passages_rank.sh \
	tests/e2e/pdf.sh tests/e2e/query_lib.sh tests/e2e/querycost.sh tests/e2e/ranking.sh \
	tests/e2e/count_sample.sh tests/e2e/serve.sh tests/e2e/serve_live.sh tests/e2e/serve_page.sh tests/e2e/serve_page_api.sh \
	tests/e2e/serve_search.sh tests/e2e/shards.sh tests/e2e/shards_cost.sh tests/e2e/shards_fail.sh tests/e2e/spelling.sh tests/e2e/structure.sh tests/e2e/trust_body.sh tests/e2e/trust_case.sh \
	tests/e2e/trust_cron.sh tests/e2e/trust_index.sh tests/e2e/trust_junk.sh \
	tests/e2e/trust_query.sh tests/e2e/trust_section.sh tests/e2e/understand.sh
TESTS = $(UNIT_TESTS) $(E2E_TESTS)
# File by file: a folder in EXTRA_DIST would also take the build's logs
# (tests/e2e/*.log, *.trs) into the tarball.
EXTRA_DIST += $(E2E_TESTS) tests/e2e/words_indexed.py tests/lsan.supp \
	tests/e2e/spelling/2025-02-11-styregruppe-referat.txt tests/e2e/spelling/2025-03-05-fagradet-referat.txt
# The browser tests (tests/e2e/browser.sh): node_modules is installed by
# npm ci from the lockfile, never shipped.
EXTRA_DIST += tests/browser/package.json tests/browser/package-lock.json tests/browser/run.mjs \
	tests/browser/corpus.mjs

# The browser tests' screenshots, for review.
clean-local:
	rm -rf screenshots

# The scripts find the programs and the sources through these; the
# sanitizers report leaks and stop at undefined behaviour.  The leak
# checker passes over the leaks inside libraries that tests/lsan.supp
# names, and only those.
AM_TESTS_ENVIRONMENT = REFERAT_BUILDDIR='$(abs_top_builddir)'; REFERAT_SRCDIR='$(abs_top_srcdir)'; \
	ASAN_OPTIONS=$${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}; \
	UBSAN_OPTIONS=$${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}; \
	LSAN_OPTIONS=$${LSAN_OPTIONS:-suppressions=$(abs_top_srcdir)/tests/lsan.supp}; \
	export REFERAT_BUILDDIR REFERAT_SRCDIR ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS;
# Standard error is read with the output, as tests/run has always read it.
LOG_DRIVER = env AM_TAP_AWK='$(AWK)' $(SHELL) $(top_srcdir)/build-aux/tap-driver.sh
AM_LOG_DRIVER_FLAGS = --merge
TEST_EXTENSIONS = .sh
SH_LOG_DRIVER = $(LOG_DRIVER)
AM_SH_LOG_DRIVER_FLAGS = --merge
SH_LOG_COMPILER = $(SHELL)

# The tests, for tests/run.
print-tests:
	@echo $(TESTS)
.PHONY: print-tests

# What make distcheck runs from the unpacked tarball (scripts/test.sh
# passes them as TESTS) instead of the whole suite a third time: every
# unit program, and the end-to-end tests that read what the tarball
# ships (the sample minutes, the golden answers, the format fixtures and
# make-pdf.py, the fuzz corpora, the page's files, the manual pages).
# That every tracked file is shipped at all is distcheck-hook's check
# (Makefile.am); the whole suite has run twice on the checkout by then.
DISTCHECK_TESTS = $(UNIT_TESTS) tests/e2e/cli.sh tests/e2e/golden.sh tests/e2e/formats.sh \
	tests/e2e/formats_doc.sh tests/e2e/pdf.sh tests/e2e/fuzz.sh tests/e2e/serve_page.sh
print-distcheck-tests:
	@echo $(DISTCHECK_TESTS)
.PHONY: print-distcheck-tests
