/* xs_private.h - internals shared by the xs_*.cc files (C++ only).
 *
 * The C entry points are thin: each one runs its body through a guard
 * (xs::guard and friends below), which is the single place that turns a
 * C++ exception into an xs_status_t.  Bodies report their own argument
 * and state errors by throwing xs::Failure, so the guard handles every
 * failure the same way.
 */
#ifndef REFERAT_XS_PRIVATE_H
#define REFERAT_XS_PRIVATE_H

#include "xs.h"

#include <xapian.h>

#include <cstring>
#include <functional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace xs {

/* The runs of documents that share a slot's value, read from the metadata
 * entry a writer stored (xs_runs.cc, xs_db_use_value_runs), for counting
 * the distinct values among many matches without reading them. */
struct ValueRuns {
    uint32_t slot = UINT32_MAX; /* XS_NO_SLOT: none asked for */
    std::string key, stamp_key;
    /* Loaded for this generation of the reader, and whether they hold. */
    bool tried = false, valid = false;
    unsigned long loaded_generation = 0;
    std::vector<Xapian::docid> starts; /* each run's first document */
    std::vector<uint32_t> numbers;     /* each run's value number; empty: the run's own */
    uint32_t values = 0;               /* distinct values */

    /* Whether the runs hold for D, the database of DB as it is now
     * (loaded once a generation); ask only where they apply (xs::runs_apply). */
    bool usable(xs_db *db, const Xapian::Database &d);
    /* Whether they were loaded for GENERATION of the reader (held or not). */
    bool loaded(unsigned long generation) const { return tried && loaded_generation == generation; }
    /* The distinct values among documents DIDS (ascending is fastest). */
    Xapian::doccount distinct(const std::vector<Xapian::docid> &dids) const;
    /* The run that holds document DID, searched from run *AT on when DID
     * is not before it (the run of the id before, for ascending ids), and
     * left in *AT; SIZE_MAX for an id before the first run. */
    size_t run_of(Xapian::docid did, size_t *at) const;
    /* The number of RUN's value, from 0 to values - 1. */
    uint32_t number(size_t run) const
    {
        return numbers.empty() ? static_cast<uint32_t>(run) : numbers[run];
    }

  private:
    bool load(const Xapian::Database &d);
};

} // namespace xs

struct xs_db {
    enum class State { unopened, open, closed };

    State state = State::unopened;
    xs_db_mode_t mode = XS_DB_READ;

    /* Exactly one is in use while open: rdb for XS_DB_READ, wdb otherwise. */
    Xapian::Database rdb;
    Xapian::WritableDatabase wdb;

    /* A writer keeps an unflushed Xapian transaction open at all times
     * (see xs_db.cc): that is what lets xs_db_close() discard changes
     * that were never committed.  xapian_txn says whether it is open now. */
    bool xapian_txn = false;
    /* Between xs_db_begin() and its commit/cancel. */
    bool user_txn = false;
    /* Bumped each time a reader may have moved to another revision
     * (xs_db_generation). */
    unsigned long generation = 0;

    /* The synonym table's copy in metadata is known to be whole (see
     * xs_db_add_synonym). */
    bool synonyms_mirrored = false;

    /* Opened with xs_db_open_shards(): each index searched, opened on its
     * own (so that each can be checked and named), and rdb the
     * combination of them all.  Empty for xs_db_open(). */
    struct Shard {
        std::string name;   /* as given, or "LIST:LINE: remote HOST:PORT" */
        Xapian::Database db;
        bool remote;        /* its synonyms are read from metadata (xs_db.cc) */
        /* Opens the shard again, as it was opened (same timeouts). */
        std::function<Xapian::Database()> open;
        /* Left out by a partial reconnect (xs::reconnect): DB is empty. */
        bool down = false;
    };
    std::vector<Shard> shards;
    std::string left_out; /* shards a partial open left out, a line each */
    std::string missing;  /* those and the shards down, a line each */
    bool partial = false; /* a shard that fails may be left out */
    /* The value slot that holds each document's record, or
     * Xapian::BAD_VALUENO for the document data (xs_db_set_record_slot). */
    Xapian::valueno record_slot = Xapian::BAD_VALUENO;
    /* The shards were opened again after a network error since the last
     * xs_db_reopen() (a server's request begins with one): a second
     * network error fails instead of reconnecting again. */
    bool reconnected = false;

    /* xs_db_use_value_runs(): kept across opens, loaded per generation. */
    xs::ValueRuns runs;

    /* Outcome of the last call on this handle, for xs_db_error(). */
    xs_status_t last_status = XS_OK;
    std::string error;
};

struct xs_doc {
    Xapian::Document doc;
};

struct xs_query {
    /* The tree as built; a wildcard is a leaf "PREFIX*" here, fit only
     * for descriptions and emptiness tests. */
    Xapian::Query q;
    /* Set when the tree holds a wildcard: rebuilds Q against a database
     * with each wildcard expanded to explicit terms (see xs_query.cc). */
    std::function<Xapian::Query(const Xapian::Database &)> expand;
};

/* A hit copied out of the Xapian MSet, so that it stays valid however the
 * database changes afterwards. */
struct xs_hit {
    Xapian::docid docid = 0;
    Xapian::doccount rank = 0;
    double weight = 0;
    std::string data;
    /* (slot, value) in ascending slot order, as Xapian iterates them. */
    std::vector<std::pair<Xapian::valueno, std::string>> values;
    bool fetched = false;    /* data read (xs_mset_fetch, xs_mset_fetch_slots) */
    bool all_values = false; /* and every value, not just some slots */
    /* The metadata entry the search asked for with each hit
     * (hit_meta_prefix), read with it: meta_read says it was. */
    std::string meta;
    bool meta_read = false;
};

struct xs_mset {
    std::vector<xs_hit> hits;
    Xapian::doccount estimated = 0;
    /* Xapian knows the number of matches exactly (its bounds meet). */
    bool exact = false;
    /* The query run (wildcards expanded), for xs_mset_matching_terms(). */
    Xapian::Query query;
    /* Read with each hit: metadata META_PREFIX + its value in META_SLOT
     * (xs_search_opts_t's hit_meta_prefix and hit_meta_slot; -1: none). */
    std::string meta_prefix;
    int meta_slot = -1;
};

namespace xs {

/* DOC's record: its value in SLOT when there is one (xs_db_set_record_slot),
 * else its data. */
inline std::string record_of(const Xapian::Document &doc, Xapian::valueno slot)
{
    if (slot != Xapian::BAD_VALUENO) {
        std::string v = doc.get_value(slot);
        if (!v.empty())
            return v;
    }
    return doc.get_data();
}

/* A failure detected by the shim itself (bad argument, wrong state). */
struct Failure {
    xs_status_t status;
    std::string message;
};

[[noreturn]] void fail(xs_status_t status, const std::string &message);

/* Maps the exception currently being handled to a status and, when
 * MESSAGE is not null, a description.  Call only from inside a catch
 * block.  Never throws. */
xs_status_t classify_current_exception(std::string *message) noexcept;

/* Records the current exception as DB's last error; returns its status. */
xs_status_t record_current_exception(xs_db *db) noexcept;

/* Runs BODY (returning xs_status_t) for an entry point taking DB. */
template <typename F>
xs_status_t guard(xs_db *db, F &&body) noexcept
{
    if (!db)
        return XS_INVALID;
    db->last_status = XS_OK;
    db->error.clear();
    try {
        return body();
    } catch (...) {
        return record_current_exception(db);
    }
}

/* Runs BODY for an entry point without a database handle.  MESSAGE, when
 * not null, receives the description of a failure. */
template <typename F>
xs_status_t guard_nodb(F &&body, std::string *message = nullptr) noexcept
{
    try {
        return body();
    } catch (...) {
        return classify_current_exception(message);
    }
}

/* Runs BODY returning a pointer; any failure gives nullptr. */
template <typename F>
auto guard_ptr(F &&body) noexcept -> decltype(body())
{
    try {
        return body();
    } catch (...) {
        return nullptr;
    }
}

/* The open database of DB, for reading (readers and writers alike). */
Xapian::Database &reading(xs_db *db);

/* The open writable database of DB; XS_INVALID for readers.  Makes sure
 * the writer's standing transaction is open before any change. */
Xapian::WritableDatabase &writing(xs_db *db);

/* How many times a reader is reopened and an operation retried when
 * Xapian reports its snapshot as modified by a writer's commits. */
constexpr int kModifiedRetries = 3;

/* Xapian's remote protocol cannot read a synonym table, so the writer
 * keeps each term's synonyms in metadata too, under kSynonymKey + term
 * (sorted, a '\n' between them); kSynonymsMirrored is set once the copy
 * holds the whole table (docs/index-format.md). */
constexpr const char *kSynonymKey = "syn:";
constexpr const char *kSynonymsMirrored = "referat.synonyms";

/* A kSynonymKey value as its synonyms, and back. */
std::vector<std::string> split_synonyms(const std::string &v);
std::string join_synonyms(const std::set<std::string> &syns);

/* Opens every shard of DB again, from its list and with its timeouts,
 * after a network error (a connection dropped, a server restarted, an
 * idle connection closed by xapian-tcpsrv), and makes rdb of them anew.
 * A shard that cannot be opened fails with XS_NETWORK naming it, or with
 * DB->partial is left out (named in DB->missing) while one opens. */
void reconnect(xs_db *db);

/* Brings DB's reader to the newest revision (Database::reopen) and counts
 * a new generation when it moved.  A reopen that races a writer's commit
 * can read one revision's version file and then blocks the writer has
 * already reused (DatabaseModifiedError, or DatabaseCorruptError): it is
 * tried again, as opening is, up to kModifiedRetries times. */
void reopen_reader(xs_db *db);

/* Runs OP (which must be safe to run again from scratch) and returns its
 * result.  On a reader, DatabaseModifiedError reopens the database and
 * runs OP again, up to kModifiedRetries times, then lets the error go.
 * Over shards, a NetworkError opens the shards again (xs::reconnect) and
 * runs OP again, once between two xs_db_reopen() calls. */
template <typename F>
auto with_retry(xs_db *db, F &&op) -> decltype(op())
{
    for (int retries = 0;; ++retries) {
        try {
            return op();
        } catch (const Xapian::DatabaseModifiedError &) {
            /* A writer only ever sees its own revision. */
            if (db->mode != XS_DB_READ || retries == kModifiedRetries)
                throw;
        } catch (const Xapian::NetworkError &) {
            if (db->shards.empty() || db->reconnected)
                throw;
            reconnect(db);
            continue;
        }
        reopen_reader(db);
    }
}

/* The int a C caller stored in enum argument E.  C lets any int of the
 * enum's size through, but in C++ loading an out-of-range value as the
 * enum type is undefined, so enum arguments are read as their bytes and
 * checked as ints. */
template <typename E>
int enum_value(const E &e) noexcept
{
    static_assert(sizeof(E) == sizeof(int), "C enums are int-sized");
    int v;
    std::memcpy(&v, &e, sizeof v);
    return v;
}

/* The query to run for Q on D: Q itself, or Q with its wildcards
 * expanded against D. */
Xapian::Query resolve(const xs_query &q, const Xapian::Database &d);

/* 1 when one of DB's shards is remote (xapian-tcpsrv or xapian-progsrv). */
bool has_remote(const xs_db *db);

/* Whether DB's value runs (xs_db_use_value_runs) may serve counts of SLOT
 * on D: asked for SLOT, and D one local database read by a reader (a
 * writer's documents change under the runs, and over shards the ids
 * interleave).  Whether they hold is ValueRuns::usable's question. */
bool runs_apply(const xs_db *db, const Xapian::Database &d, uint32_t slot);

/* Metadata KEY of DB (whose open database is D): over shards, the first
 * shard's value that is not empty. */
std::string metadata(xs_db *db, Xapian::Database &d, const std::string &key);

/* Metadata KEY of the shard that holds document DOCID of DB (open as
 * D), else metadata(DB, D, KEY). */
std::string doc_metadata(xs_db *db, Xapian::Database &d, Xapian::docid docid, const std::string &key);

/* The metadata keys starting with PREFIX, of every shard, in order. */
std::vector<std::string> metadata_keys(xs_db *db, Xapian::Database &d, const std::string &prefix);

/* Validates a term argument: non-empty and at most XS_MAX_TERM bytes. */
void check_term(const char *term, const char *what);

/* malloc()ed copy of S with a NUL byte after it; throws std::bad_alloc. */
char *dup_bytes(const std::string &s);

} // namespace xs

#endif /* REFERAT_XS_PRIVATE_H */
