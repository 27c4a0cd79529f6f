// xs_shards.cc - several indexes searched as one: opening each shard on
// its own (local directories, shard list files, remote servers), and the
// metadata that Xapian reads from the first sub-database alone.
//
// Xapian's multi-database merges term statistics, posting lists and
// (for local shards) synonyms across its sub-databases, but get_metadata
// and metadata_keys_begin read only the first one.  referat keeps its
// format, acronyms and file records in metadata, so with shards the shim
// reads them from every shard itself.  Xapian could open a shard list
// file (a stub database) on its own, but then a shard that fails to open
// is not named; here each line is opened apart.

#include "xs_private.h"

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sys/stat.h>

namespace {

// One shard to open: its name for messages, and how to open it.
struct Entry {
    std::string name;
    std::string local;          // a local index directory, or
    std::string host;           // a xapian-tcpsrv's host and port, or
    unsigned port = 0;
    std::string program, args;  // a xapian-progsrv's command
};

bool
is_directory(const std::string &path)
{
    struct stat sb;
    return stat(path.c_str(), &sb) == 0 && S_ISDIR(sb.st_mode);
}

// The shards listed in the file LIST, in Xapian's stub format.
void
read_list(const std::string &list, std::vector<Entry> &out)
{
    std::ifstream in(list);
    if (!in)
        xs::fail(XS_NOT_FOUND, "cannot read shard list " + list + ": " + std::strerror(errno));
    const std::string::size_type slash = list.rfind('/');
    const std::string base = slash == std::string::npos ? "" : list.substr(0, slash + 1);
    std::string line;
    for (unsigned lineno = 1; std::getline(in, line); ++lineno) {
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t'))
            line.pop_back();
        if (line.empty() || line[0] == '#')
            continue;
        Entry e;
        e.name = list + ":" + std::to_string(lineno) + ": " + line;
        std::string::size_type sp = line.find(' ');
        std::string type = sp == std::string::npos ? "" : line.substr(0, sp);
        std::string rest = sp == std::string::npos ? line : line.substr(sp + 1);
        if (type == "remote") {
            std::string::size_type colon = rest.find(':');
            if (colon == 0) {
                std::string::size_type psp = rest.find(' ');
                e.program = rest.substr(1, psp == std::string::npos ? std::string::npos : psp - 1);
                e.args = psp == std::string::npos ? "" : rest.substr(psp + 1);
            } else if (colon != std::string::npos) {
                char *end = nullptr;
                unsigned long port = std::strtoul(rest.c_str() + colon + 1, &end, 10);
                if (colon == 0 || *end != '\0' || port == 0 || port > 65535)
                    xs::fail(XS_INVALID, e.name + ": bad remote shard (want remote HOST:PORT)");
                e.host = rest.substr(0, colon);
                e.port = static_cast<unsigned>(port);
            } else {
                xs::fail(XS_INVALID, e.name + ": bad remote shard (want remote HOST:PORT or remote :PROGRAM ARGS)");
            }
        } else {
            if (type == "auto" || type == "glass")
                line = rest;
            else if (!type.empty() && line.find(' ') != std::string::npos && !is_directory(base + line) &&
                     !is_directory(line))
                xs::fail(XS_INVALID, e.name + ": unknown shard type '" + type + "'");
            e.local = line[0] == '/' ? line : base + line;
        }
        out.push_back(std::move(e));
    }
}

Xapian::Database
open_entry(const Entry &e, unsigned timeout_ms)
{
    if (!e.local.empty()) {
        // A stub inside a stub, or a file, would be opened by Xapian
        // unchecked: a shard is an index directory.
        if (!is_directory(e.local))
            xs::fail(XS_NOT_FOUND, "no index directory at " + e.local);
        // Xapian opens an index that lost its positions, its passages'
        // data or its termlists as if the table were empty: phrases would
        // silently find nothing there, and without postlist.glass its
        // message names no shard's damage.
        if (const char *table = xs_missing_table(e.local.c_str(), 0))
            xs::fail(XS_CORRUPT, std::string("its index is damaged: its table ") + table + " is missing");
        return Xapian::Database(e.local);
    }
    if (!e.host.empty())
        return Xapian::Remote::open(e.host, e.port, timeout_ms, timeout_ms);
    return Xapian::Remote::open(e.program, e.args, timeout_ms);
}

} // namespace

extern "C" xs_status_t
xs_db_open_shards(xs_db_t *db, const char *const *specs, size_t n, unsigned timeout_ms, int partial)
{
    return xs::guard(db, [&] {
        if (db->state != xs_db::State::unopened)
            xs::fail(XS_INVALID, "handle already opened once");
        if (!specs || n == 0)
            xs::fail(XS_INVALID, "no index to open");
        std::vector<Entry> entries;
        for (size_t i = 0; i < n; i++) {
            if (!specs[i] || !*specs[i])
                xs::fail(XS_INVALID, "empty database path");
            struct stat sb;
            if (stat(specs[i], &sb) == 0 && S_ISREG(sb.st_mode)) {
                read_list(specs[i], entries);
            } else {
                Entry e;
                e.name = e.local = specs[i];
                entries.push_back(std::move(e));
            }
        }
        if (entries.empty())
            xs::fail(XS_NOT_FOUND, std::string("shard list ") + specs[0] + " names no shard");
        std::string missing;
        std::vector<xs_db::Shard> shards;
        for (const Entry &e : entries) {
            try {
                std::function<Xapian::Database()> open = [e, timeout_ms] { return open_entry(e, timeout_ms); };
                shards.push_back({e.name, open(), e.local.empty(), open});
            } catch (...) {
                std::string why;
                xs_status_t st = xs::classify_current_exception(&why);
                if (!partial || st == XS_NO_MEMORY)
                    xs::fail(st, "shard " + e.name + ": " + why);
                missing += e.name + "\n";
            }
        }
        if (shards.empty())
            xs::fail(XS_NETWORK, "no shard could be opened:\n" + missing);
        // A remote shard's synonyms are read from their copy in its
        // metadata (xs_db_each_synonym): without the copy (an index
        // written before it was kept), its spellings and OCR expansions
        // would be silently missing.  Refused, partial or not (an empty
        // index has none to miss).
        for (const xs_db::Shard &s : shards)
            if (s.remote && s.db.get_metadata(xs::kSynonymsMirrored).empty() && s.db.get_doccount() > 0)
                xs::fail(XS_VERSION, "shard " + s.name +
                                         ": its index was written before referat kept a copy of its synonyms "
                                         "for remote search; run referat-index --db on it once");
        for (const xs_db::Shard &s : shards)
            db->rdb.add_database(s.db);
        db->shards = std::move(shards);
        db->left_out = missing;
        db->missing = std::move(missing);
        db->partial = partial != 0;
        db->mode = XS_DB_READ;
        db->state = xs_db::State::open;
        db->generation++;
        return XS_OK;
    });
}

extern "C" size_t
xs_db_shard_count(const xs_db_t *db)
{
    return db ? db->shards.size() : 0;
}

extern "C" int
xs_db_has_remote(const xs_db_t *db)
{
    return db && xs::has_remote(db);
}

extern "C" void
xs_db_set_partial(xs_db_t *db, int partial)
{
    if (db)
        db->partial = partial != 0;
}

extern "C" void
xs_db_set_record_slot(xs_db_t *db, uint32_t slot)
{
    if (db)
        db->record_slot = slot == XS_NO_SLOT ? Xapian::BAD_VALUENO : slot;
}

extern "C" const char *
xs_db_shard_name(const xs_db_t *db, size_t i)
{
    return db && i < db->shards.size() ? db->shards[i].name.c_str() : "";
}

extern "C" const char *
xs_db_shard_missing(const xs_db_t *db)
{
    return db ? db->missing.c_str() : "";
}

extern "C" xs_status_t
xs_db_shard_metadata(xs_db_t *db, size_t i, const char *key, char **value)
{
    return xs::guard(db, [&] {
        if (!value || !key || !*key)
            xs::fail(XS_INVALID, "metadata key is empty or value is NULL");
        *value = nullptr;
        xs::reading(db);
        if (i >= db->shards.size())
            xs::fail(XS_INVALID, "no such shard");
        Xapian::Database &d = db->shards[i].db;
        std::string v;
        try {
            v = xs::with_retry(db, [&] {
                /* Left out by a partial reconnect, now or before. */
                if (db->shards[i].down)
                    xs::fail(XS_NETWORK, "down");
                return d.get_metadata(key);
            });
        } catch (...) {
            std::string why;
            xs::fail(xs::classify_current_exception(&why), "shard " + db->shards[i].name + ": " + why);
        }
        *value = xs::dup_bytes(v);
        return XS_OK;
    });
}

extern "C" xs_status_t
xs_db_doc_metadata(xs_db_t *db, uint32_t docid, const char *key, char **value)
{
    return xs::guard(db, [&] {
        if (!value || !key || !*key)
            xs::fail(XS_INVALID, "metadata key is empty or value is NULL");
        if (docid == 0)
            xs::fail(XS_INVALID, "document id 0");
        *value = nullptr;
        Xapian::Database &d = xs::reading(db);
        std::string v = xs::with_retry(db, [&] { return xs::doc_metadata(db, d, docid, key); });
        *value = xs::dup_bytes(v);
        return XS_OK;
    });
}

namespace xs {

std::string
doc_metadata(xs_db *db, Xapian::Database &d, Xapian::docid docid, const std::string &key)
{
    // Xapian interleaves the document ids of the shards it combines, in
    // order: those up (the open database holds no shard down).
    std::vector<xs_db::Shard *> up;
    for (xs_db::Shard &s : db->shards)
        if (!s.down)
            up.push_back(&s);
    std::string own = up.empty() ? std::string() : up[(docid - 1) % up.size()]->db.get_metadata(key);
    return own.empty() ? metadata(db, d, key) : own;
}

void
reconnect(xs_db *db)
{
    db->reconnected = true;
    std::string missing = db->left_out;
    Xapian::Database all;
    for (xs_db::Shard &s : db->shards) {
        try {
            s.db = s.open();
            s.down = false;
            all.add_database(s.db);
        } catch (...) {
            std::string why;
            xs_status_t st = classify_current_exception(&why);
            if (!db->partial || st == XS_NO_MEMORY)
                fail(st, "shard " + s.name + ": " + why);
            s.db = Xapian::Database();
            s.down = true;
            missing += s.name + "\n";
        }
    }
    if (all.size() == 0)
        fail(XS_NETWORK, "no shard could be opened:\n" + missing);
    db->rdb = all;
    db->missing = std::move(missing);
    db->generation++;
}

bool
has_remote(const xs_db *db)
{
    for (const xs_db::Shard &s : db->shards)
        if (s.remote)
            return true;
    return false;
}

std::string
metadata(xs_db *db, Xapian::Database &d, const std::string &key)
{
    if (db->shards.empty())
        return d.get_metadata(key);
    for (xs_db::Shard &s : db->shards) {
        if (s.down)
            continue;
        std::string v = s.db.get_metadata(key);
        if (!v.empty())
            return v;
    }
    return std::string();
}

std::vector<std::string>
metadata_keys(xs_db *db, Xapian::Database &d, const std::string &prefix)
{
    std::vector<std::string> keys;
    if (db->shards.empty()) {
        for (Xapian::TermIterator k = d.metadata_keys_begin(prefix); k != d.metadata_keys_end(prefix); ++k)
            keys.push_back(*k);
        return keys;
    }
    std::set<std::string> all;
    for (xs_db::Shard &s : db->shards)
        for (Xapian::TermIterator k = s.db.metadata_keys_begin(prefix); !s.down && k != s.db.metadata_keys_end(prefix);
             ++k)
            all.insert(*k);
    return std::vector<std::string>(all.begin(), all.end());
}

} // namespace xs
