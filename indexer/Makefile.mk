## indexer: referat-index.
bin_PROGRAMS += referat-index
referat_index_SOURCES = indexer/main.c indexer/idx.h indexer/walk.c \
	indexer/source.c indexer/write.c lib/schema.h
referat_index_LDADD = $(REFERAT_LIBS)
referat_index_LINK = $(CXXLINK)
