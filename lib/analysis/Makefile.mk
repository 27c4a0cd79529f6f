## lib/analysis: UTF-8, tokenizer, normalizers, stemmers, language guess.
noinst_LIBRARIES += lib/libana.a
lib_libana_a_SOURCES = lib/analysis/ana.h lib/analysis/ana_private.h lib/analysis/lexicon.h \
	lib/analysis/utf8.c lib/analysis/json.c lib/analysis/unicode.c lib/analysis/compose.c \
	lib/analysis/tokenize.c lib/analysis/stem.c lib/analysis/lang.c \
	lib/analysis/pipeline.c lib/analysis/fold.c lib/analysis/rejoin.c lib/analysis/ocr.c lib/analysis/acronym.c lib/analysis/normkey.c lib/analysis/name.c \
	lib/analysis/lexicon.c lib/analysis/compound.c lib/analysis/splitcache.c lib/analysis/gap.c \
	lib/analysis/variant.c

check_PROGRAMS += tests/unit/test_ana
tests_unit_test_ana_SOURCES = tests/unit/test_ana.c tests/unit/tap.h
tests_unit_test_ana_LDADD = $(ANA_LIBS)

check_PROGRAMS += tests/unit/test_lex
tests_unit_test_lex_SOURCES = tests/unit/test_lex.c tests/unit/tap.h
tests_unit_test_lex_LDADD = $(ANA_LIBS)
