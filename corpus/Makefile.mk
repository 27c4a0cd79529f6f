## corpus: tools for looking at the text of minutes.
## referat-analyze prints the analyzer's tokens and terms (golden tests).
noinst_PROGRAMS += corpus/referat-analyze
corpus_referat_analyze_SOURCES = corpus/analyze.c
corpus_referat_analyze_LDADD = $(ANA_LIBS)
