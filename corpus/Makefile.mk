## corpus: tools for looking at the text of minutes.
## referat-analyze prints the analyzer's tokens and terms (golden tests).
noinst_PROGRAMS += corpus/referat-analyze
corpus_referat_analyze_SOURCES = corpus/analyze.c
corpus_referat_analyze_LDADD = $(ANA_LIBS)

## referat-passages writes each passage of a file as a file of its own,
## split exactly as referat-index splits it (eval/ indexes them with Omega).
noinst_PROGRAMS += corpus/referat-passages
corpus_referat_passages_SOURCES = corpus/passages.c
corpus_referat_passages_LDADD = lib/libmnt.a lib/libpsg.a $(ZLIB_LIBS)
