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

## referat-gen writes synthetic minutes of any size (Norwegian and Danish,
## OCR and PDF damage) for speed and scale measurements; corpus/gen is the
## wrapper that finds the built program (README.md, "The generator").
noinst_PROGRAMS += corpus/referat-gen
corpus_referat_gen_SOURCES = corpus/gen.c corpus/gen_text.c corpus/gen_words.c corpus/gen_words.h
EXTRA_DIST += corpus/gen
# The script is a source, never made from corpus/gen.c by make's built-in rule.
corpus/gen: ;
