## fuzz: libFuzzer harnesses, one per input the project parses (fuzz/README.md).
## scripts/fuzz.sh builds them with clang -fsanitize=fuzzer to search for
## crashes; here each is linked with fuzz/replay.c, a main() without
## libFuzzer, so that tests/e2e/fuzz.sh replays the seed corpora and the
## crash reproducers on every `make check`, in the sanitizer build too.
check_PROGRAMS += fuzz/replay-analysis fuzz/replay-minutes fuzz/replay-query

fuzz_replay_analysis_SOURCES = fuzz/replay.c fuzz/fuzz_analysis.c
fuzz_replay_analysis_LDADD = $(ANA_LIBS)

fuzz_replay_minutes_SOURCES = fuzz/replay.c fuzz/fuzz_minutes.c
fuzz_replay_minutes_LDADD = lib/libmnt.a lib/libpsg.a $(ZLIB_LIBS)

# The query parser is linked as tests/unit/test_qry links it.
fuzz_replay_query_SOURCES = fuzz/replay.c fuzz/fuzz_query.c lib/query/parse.c lib/query/case.c \
	lib/query/fieldtab.c lib/query/qry_private.h
fuzz_replay_query_LDADD =

EXTRA_DIST += fuzz/README.md fuzz/corpus fuzz/regress
