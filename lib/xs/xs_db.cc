// xs_db.cc - opening and closing databases, transactions, commits,
// statistics, term lists and metadata.
//
// Writers and the standing transaction
// ------------------------------------
// Xapian commits pending changes when a WritableDatabase is closed or
// destroyed, and every 10000 changes on its own, unless a transaction is
// open; cancelling an unflushed transaction discards every change since
// the last commit.  xs.h promises that only xs_db_commit() makes changes
// durable and that xs_db_close() discards the rest, so a writer always
// keeps one unflushed transaction open ("the standing transaction"):
//
//   open            begin_transaction(false)
//   xs_db_commit    commit_transaction(); commit(); begin_transaction(false)
//   xs_db_close     cancel_transaction(); close()
//
// xs_db_begin() and friends only mark the caller's transaction: Xapian
// cannot nest transactions, and the standing one already keeps the
// changes unflushed.  Cancelling it has to cancel the standing
// transaction, which, as in Xapian, discards everything since the last
// commit.

#include "xs_private.h"

#include <set>

#include <chrono>
#include <new>
#include <thread>

namespace xs {

Xapian::Database &
reading(xs_db *db)
{
    if (db->state != xs_db::State::open)
        fail(XS_INVALID, "database is not open");
    if (db->mode == XS_DB_READ)
        return db->rdb;
    return db->wdb;
}

Xapian::WritableDatabase &
writing(xs_db *db)
{
    if (db->state != xs_db::State::open)
        fail(XS_INVALID, "database is not open");
    if (db->mode == XS_DB_READ)
        fail(XS_INVALID, "database is open read-only");
    // Restores the standing transaction should an earlier commit have
    // failed between ending it and starting the next one.
    if (!db->xapian_txn) {
        db->wdb.begin_transaction(false);
        db->xapian_txn = true;
    }
    return db->wdb;
}

} // namespace xs

namespace {

// Drops the Xapian objects (which releases the write lock) and marks the
// handle closed.  Assigning an empty Database cannot throw in practice,
// and Xapian's destructors swallow their own errors.
void
release(xs_db *db) noexcept
{
    db->state = xs_db::State::closed;
    db->xapian_txn = false;
    db->user_txn = false;
    db->runs.tried = false;
    try {
        db->shards.clear();
        db->rdb = Xapian::Database();
        db->wdb = Xapian::WritableDatabase();
    } catch (...) {
    }
}

// The handle ends up closed however the close itself went.
struct ReleaseOnExit {
    xs_db *db;
    ~ReleaseOnExit() { release(db); }
};

} // namespace

extern "C" xs_db_t *
xs_db_new(void)
{
    return new (std::nothrow) xs_db;
}

namespace {

// A reader that opens, or reopens, while a writer commits can read the
// version file of one revision and then blocks the writer has already
// reused for the next: Xapian reports that as a modified or even a
// corrupt database.  Reading again reads the newest revision; a database
// that is really damaged fails every time, and the last error is
// reported.  Runs READ until it gets through, kModifiedRetries more times
// at most.
template <typename F>
auto
past_commits(F &&read) -> decltype(read())
{
    for (int attempt = 0;; ++attempt) {
        try {
            return read();
        } catch (const Xapian::DatabaseModifiedError &) {
            if (attempt == xs::kModifiedRetries)
                throw;
        } catch (const Xapian::DatabaseCorruptError &) {
            if (attempt == xs::kModifiedRetries)
                throw;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
}

} // namespace

void
xs::reopen_reader(xs_db *db)
{
    if (past_commits([&] { return db->rdb.reopen(); }))
        db->generation++;
}

extern "C" xs_status_t
xs_db_open(xs_db_t *db, const char *path, xs_db_mode_t mode)
{
    return xs::guard(db, [&] {
        if (db->state != xs_db::State::unopened)
            xs::fail(XS_INVALID, "handle already opened once");
        if (!path || !*path)
            xs::fail(XS_INVALID, "empty database path");
        // Read as an int: C callers may pass any value (xs::enum_value).
        switch (xs::enum_value(mode)) {
        case XS_DB_READ:
            db->rdb = past_commits([&] { return Xapian::Database(path); });
            break;
        case XS_DB_WRITE:
        case XS_DB_CREATE:
        case XS_DB_SCRATCH:
            // Never DB_RETRY_LOCK: a second writer fails with XS_LOCKED
            // at once instead of waiting.
            db->wdb = Xapian::WritableDatabase(
                path, mode == XS_DB_WRITE    ? Xapian::DB_OPEN
                      : mode == XS_DB_CREATE ? Xapian::DB_CREATE_OR_OPEN
                                             : Xapian::DB_CREATE_OR_OPEN | Xapian::DB_NO_SYNC);
            db->wdb.begin_transaction(false);
            db->xapian_txn = true;
            break;
        default:
            xs::fail(XS_INVALID, "unknown open mode");
        }
        db->mode = mode;
        db->state = xs_db::State::open;
        db->generation++;
        return XS_OK;
    });
}

extern "C" xs_status_t
xs_db_close(xs_db_t *db)
{
    return xs::guard(db, [&] {
        if (db->state != xs_db::State::open)
            return XS_OK;
        ReleaseOnExit release_on_exit{db};
        if (db->mode == XS_DB_READ) {
            db->rdb.close();
            return XS_OK;
        }
        // Cancelling discards every uncommitted change; with nothing
        // pending, the commit close() does when no transaction is open
        // writes nothing.
        if (!db->xapian_txn)
            db->wdb.begin_transaction(false);
        db->xapian_txn = false;
        db->wdb.cancel_transaction();
        db->wdb.close();
        return XS_OK;
    });
}

extern "C" void
xs_db_free(xs_db_t *db)
{
    if (!db)
        return;
    (void)xs_db_close(db);
    delete db;
}

extern "C" xs_status_t
xs_db_reopen(xs_db_t *db)
{
    return xs::guard(db, [&] {
        xs::reading(db);
        if (db->mode != XS_DB_READ)
            xs::fail(XS_INVALID, "reopen is for readers; a writer is always current");
        /* A new request may open the shards again after a network error,
         * and tries again the shards that were down: those a partial open
         * left out only by opening anew (XS_NETWORK), those left out
         * since by opening the shards again. */
        db->reconnected = false;
        if (!db->left_out.empty())
            xs::fail(XS_NETWORK, "shards left out when opened:\n" + db->left_out);
        bool down = false;
        for (const xs_db::Shard &s : db->shards)
            down = down || s.down;
        if (down) {
            xs::reconnect(db);
            db->reconnected = false;
        } else {
            xs::reopen_reader(db);
        }
        return XS_OK;
    });
}

extern "C" unsigned long
xs_db_generation(const xs_db_t *db)
{
    return db->generation;
}

extern "C" xs_status_t
xs_db_begin(xs_db_t *db)
{
    return xs::guard(db, [&] {
        xs::writing(db);
        if (db->user_txn)
            xs::fail(XS_INVALID, "a transaction is already in progress");
        db->user_txn = true;
        return XS_OK;
    });
}

extern "C" xs_status_t
xs_db_commit_transaction(xs_db_t *db)
{
    return xs::guard(db, [&] {
        xs::writing(db);
        if (!db->user_txn)
            xs::fail(XS_INVALID, "no transaction in progress");
        // The changes stay pending in the standing transaction until the
        // next xs_db_commit().
        db->user_txn = false;
        return XS_OK;
    });
}

extern "C" xs_status_t
xs_db_cancel_transaction(xs_db_t *db)
{
    return xs::guard(db, [&] {
        Xapian::WritableDatabase &w = xs::writing(db);
        if (!db->user_txn)
            xs::fail(XS_INVALID, "no transaction in progress");
        db->user_txn = false;
        db->xapian_txn = false;
        db->synonyms_mirrored = false; // the copy may have gone with it
        w.cancel_transaction();
        w.begin_transaction(false);
        db->xapian_txn = true;
        return XS_OK;
    });
}

namespace {

// Copies the whole synonym table of W into metadata, once per index (an
// index written before the copy existed gets it from its next writer:
// at its next commit, or its first synonym added).  At a commit (not
// ADDING) an index without synonyms is left without the mark: it has
// nothing to copy.
void
mirror_synonyms(xs_db *db, Xapian::WritableDatabase &w, bool adding)
{
    if (db->synonyms_mirrored)
        return;
    if (!adding && w.synonym_keys_begin() == w.synonym_keys_end())
        return;
    if (w.get_metadata(xs::kSynonymsMirrored).empty()) {
        for (Xapian::TermIterator k = w.synonym_keys_begin(); k != w.synonym_keys_end(); ++k) {
            std::set<std::string> syns(w.synonyms_begin(*k), w.synonyms_end(*k));
            w.set_metadata(xs::kSynonymKey + *k, xs::join_synonyms(syns));
        }
        w.set_metadata(xs::kSynonymsMirrored, "1");
    }
    db->synonyms_mirrored = true;
}

} // namespace

extern "C" xs_status_t
xs_db_commit(xs_db_t *db)
{
    return xs::guard(db, [&] {
        Xapian::WritableDatabase &w = xs::writing(db);
        if (db->user_txn)
            xs::fail(XS_INVALID, "cannot commit inside a transaction");
        mirror_synonyms(db, w, false);
        // Ending an unflushed transaction writes nothing; commit() does.
        // If commit() throws, xs::writing() restarts the standing
        // transaction on the next change, and close still discards.
        w.commit_transaction();
        db->xapian_txn = false;
        w.commit();
        w.begin_transaction(false);
        db->xapian_txn = true;
        return XS_OK;
    });
}

extern "C" xs_status_t
xs_db_doccount(xs_db_t *db, uint32_t *count)
{
    return xs::guard(db, [&] {
        if (!count)
            xs::fail(XS_INVALID, "count is NULL");
        Xapian::Database &d = xs::reading(db);
        *count = xs::with_retry(db, [&] { return d.get_doccount(); });
        return XS_OK;
    });
}

extern "C" xs_status_t
xs_db_value_freq(xs_db_t *db, uint32_t slot, uint32_t *freq)
{
    return xs::guard(db, [&] {
        if (!freq)
            xs::fail(XS_INVALID, "freq is NULL");
        Xapian::Database &d = xs::reading(db);
        *freq = xs::with_retry(db, [&] { return d.get_value_freq(slot); });
        return XS_OK;
    });
}

extern "C" xs_status_t
xs_db_termfreq(xs_db_t *db, const char *term, uint32_t *freq)
{
    return xs::guard(db, [&] {
        if (!freq)
            xs::fail(XS_INVALID, "freq is NULL");
        xs::check_term(term, "term");
        Xapian::Database &d = xs::reading(db);
        *freq = xs::with_retry(db, [&] { return d.get_termfreq(term); });
        return XS_OK;
    });
}

extern "C" xs_status_t
xs_db_term_exists(xs_db_t *db, const char *term, int *exists)
{
    return xs::guard(db, [&] {
        if (!exists)
            xs::fail(XS_INVALID, "exists is NULL");
        xs::check_term(term, "term");
        Xapian::Database &d = xs::reading(db);
        *exists = xs::with_retry(db, [&] { return d.term_exists(term); }) ? 1 : 0;
        return XS_OK;
    });
}

namespace {

// The walk of xs_db_each_term() and xs_db_each_term_name(), whose
// callback (HAS_CB when there is one) DELIVER(t, term) calls with the
// term at T; nonzero stops.
template <typename Deliver>
xs_status_t each_term(xs_db_t *db, const char *prefix, bool has_cb, Deliver &&deliver)
{
    return xs::guard(db, [&] {
        if (!prefix || !has_cb)
            xs::fail(XS_INVALID, "prefix or callback is NULL");
        Xapian::Database &d = xs::reading(db);
        // A retry must not hand CB a term twice, so it resumes after the
        // last term delivered (in the newer revision).
        std::string last;
        bool delivered_any = false;
        xs::with_retry(db, [&] {
            Xapian::TermIterator t = d.allterms_begin(prefix);
            const Xapian::TermIterator end = d.allterms_end(prefix);
            if (delivered_any) {
                t.skip_to(last);
                if (t != end && *t == last)
                    ++t;
            }
            for (; t != end; ++t) {
                std::string term = *t;
                int stop = deliver(t, term);
                last = std::move(term);
                delivered_any = true;
                if (stop)
                    break;
            }
        });
        return XS_OK;
    });
}

} // namespace

extern "C" xs_status_t
xs_db_each_term(xs_db_t *db, const char *prefix, xs_term_cb cb, void *ctx)
{
    return each_term(db, prefix, cb != nullptr, [&](const Xapian::TermIterator &t, const std::string &term) {
        return cb(ctx, term.c_str(), term.size(), t.get_termfreq());
    });
}

extern "C" xs_status_t
xs_db_each_term_name(xs_db_t *db, const char *prefix, xs_name_cb cb, void *ctx)
{
    return each_term(db, prefix, cb != nullptr, [&](const Xapian::TermIterator &, const std::string &term) {
        return cb(ctx, term.c_str(), term.size());
    });
}

extern "C" xs_status_t
xs_db_set_metadata(xs_db_t *db, const char *key, const char *value)
{
    return xs::guard(db, [&] {
        if (!key || !*key || !value)
            xs::fail(XS_INVALID, "metadata key is empty or value is NULL");
        xs::writing(db).set_metadata(key, value);
        return XS_OK;
    });
}

extern "C" xs_status_t
xs_db_get_metadata(xs_db_t *db, const char *key, char **value)
{
    return xs::guard(db, [&] {
        if (!value)
            xs::fail(XS_INVALID, "value is NULL");
        *value = nullptr;
        if (!key || !*key)
            xs::fail(XS_INVALID, "metadata key is empty");
        Xapian::Database &d = xs::reading(db);
        std::string v = xs::with_retry(db, [&] { return xs::metadata(db, d, key); });
        *value = xs::dup_bytes(v);
        return XS_OK;
    });
}

extern "C" xs_status_t
xs_db_each_metadata(xs_db_t *db, const char *prefix, xs_metadata_cb cb, void *ctx)
{
    return xs::guard(db, [&] {
        if (!cb)
            xs::fail(XS_INVALID, "callback is NULL");
        const std::string pfx = prefix ? prefix : "";
        Xapian::Database &d = xs::reading(db);
        // Collected first, so a retry after a reopen never repeats calls.
        auto pairs = xs::with_retry(db, [&] {
            std::vector<std::pair<std::string, std::string>> v;
            for (std::string &k : xs::metadata_keys(db, d, pfx)) {
                std::string value = xs::metadata(db, d, k);
                v.emplace_back(std::move(k), std::move(value));
            }
            return v;
        });
        for (const auto &p : pairs)
            if (cb(ctx, p.first.data(), p.first.size(), p.second.data(), p.second.size()))
                break;
        return XS_OK;
    });
}

extern "C" xs_status_t
xs_db_count_metadata(xs_db_t *db, const char *prefix, uint32_t *count)
{
    return xs::guard(db, [&] {
        if (!count)
            xs::fail(XS_INVALID, "count is NULL");
        *count = 0;
        const std::string pfx = prefix ? prefix : "";
        Xapian::Database &d = xs::reading(db);
        // Keys only: the values are never read.
        *count = xs::with_retry(db, [&] {
            uint32_t n = 0;
            if (!db->shards.empty())
                return static_cast<uint32_t>(xs::metadata_keys(db, d, pfx).size());
            for (Xapian::TermIterator k = d.metadata_keys_begin(pfx); k != d.metadata_keys_end(pfx); ++k)
                n++;
            return n;
        });
        return XS_OK;
    });
}

std::vector<std::string>
xs::split_synonyms(const std::string &v)
{
    std::vector<std::string> out;
    for (std::string::size_type a = 0; a < v.size();) {
        std::string::size_type b = v.find('\n', a);
        if (b == std::string::npos)
            b = v.size();
        out.push_back(v.substr(a, b - a));
        a = b + 1;
    }
    return out;
}

std::string
xs::join_synonyms(const std::set<std::string> &syns)
{
    std::string v;
    for (const std::string &s : syns) {
        if (!v.empty())
            v += '\n';
        v += s;
    }
    return v;
}


extern "C" xs_status_t
xs_db_add_synonym(xs_db_t *db, const char *term, const char *synonym)
{
    return xs::guard(db, [&] {
        if (!term || !*term || !synonym || !*synonym)
            xs::fail(XS_INVALID, "synonym term is empty or NULL");
        if (std::strchr(synonym, '\n'))
            xs::fail(XS_INVALID, "synonym holds a newline");
        Xapian::WritableDatabase &w = xs::writing(db);
        mirror_synonyms(db, w, true);
        // The copy a remote reader sees (xs_db_each_synonym), which holds
        // every pair of the synonym table once mirrored.  A pair already
        // there is not given to Xapian again: add_synonym() would rewrite
        // and recompress the term's whole entry, and nearly every pair a
        // nightly run finds is one an earlier run recorded (a third of
        // its instructions at 50 MB went there).
        const std::string key = xs::kSynonymKey + std::string(term);
        std::vector<std::string> old = xs::split_synonyms(w.get_metadata(key));
        std::set<std::string> syns(old.begin(), old.end());
        if (!syns.insert(synonym).second)
            return XS_OK;
        w.add_synonym(term, synonym);
        w.set_metadata(key, xs::join_synonyms(syns));
        return XS_OK;
    });
}

extern "C" xs_status_t
xs_db_each_synonym(xs_db_t *db, const char *term, xs_synonym_cb cb, void *ctx)
{
    return xs::guard(db, [&] {
        if (!cb || !term)
            xs::fail(XS_INVALID, "term or callback is NULL");
        Xapian::Database &d = xs::reading(db);
        const bool remote = xs::has_remote(db);
        // Collected first, so a retry after a reopen never repeats calls.
        auto syns = xs::with_retry(db, [&] {
            if (!remote)
                return std::vector<std::string>(d.synonyms_begin(term), d.synonyms_end(term));
            // Xapian reads no synonyms over its remote protocol: the
            // union of every shard's, a remote one's from its metadata,
            // in byte order as Xapian merges local ones.
            std::set<std::string> all;
            for (xs_db::Shard &s : db->shards) {
                if (!s.remote) {
                    all.insert(s.db.synonyms_begin(term), s.db.synonyms_end(term));
                    continue;
                }
                const std::string copy = s.db.get_metadata(xs::kSynonymKey + std::string(term));
                std::vector<std::string> v = xs::split_synonyms(copy);
                all.insert(v.begin(), v.end());
            }
            return std::vector<std::string>(all.begin(), all.end());
        });
        for (const auto &s : syns)
            if (cb(ctx, s.data(), s.size()))
                break;
        return XS_OK;
    });
}
