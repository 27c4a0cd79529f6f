// xs_maint.cc - maintenance (compaction) and sortable value encoding.

#include "xs_private.h"

#include <cerrno>
#include <cmath>
#include <cstring>
#include <sys/stat.h>
#include <vector>

namespace {

// Xapian's compaction hands over the values of a metadata key that
// several sources hold in no particular order (its merge queue ties on
// the key), and its default keeps whichever comes first.  The first
// source holding the key decides instead, so merging shards written in
// order keeps what one writer that saw them in that order would have.
class FirstSourceWins : public Xapian::Compactor {
  public:
    explicit FirstSourceWins(const std::vector<Xapian::Database> &sources) : sources_(sources) {}

    std::string resolve_duplicate_metadata(const std::string &key, size_t num_tags,
                                           const std::string tags[]) override
    {
        // Glass passes its table's key: the user's key after a two-byte
        // marker.
        const std::string user = key.compare(0, 2, std::string("\0\xc0", 2)) == 0 ? key.substr(2) : key;
        // A copy of a synonym set (xs_db_add_synonym) is the union of
        // the sources', as Xapian merges their synonym tables.
        if (user.compare(0, std::strlen(xs::kSynonymKey), xs::kSynonymKey) == 0) {
            std::set<std::string> all;
            for (const Xapian::Database &db : sources_) {
                std::vector<std::string> v = xs::split_synonyms(db.get_metadata(user));
                all.insert(v.begin(), v.end());
            }
            return xs::join_synonyms(all);
        }
        for (const Xapian::Database &db : sources_) {
            std::string value = db.get_metadata(user);
            if (!value.empty())
                return value;
        }
        return num_tags ? tags[0] : std::string();
    }

  private:
    const std::vector<Xapian::Database> &sources_;
};

} // namespace

extern "C" xs_status_t
xs_compact_many(const char *const *srcs, size_t n, const char *dst, char **error)
{
    if (error)
        *error = nullptr;
    std::string message;
    xs_status_t status = xs::guard_nodb(
        [&] {
            if (!srcs || n == 0 || !dst || !*dst)
                xs::fail(XS_INVALID, "no source, or an empty destination path");
            // Xapian would happily write into an existing directory,
            // mixing its files with whatever is there.
            struct stat st;
            if (lstat(dst, &st) == 0)
                xs::fail(XS_INVALID, std::string(dst) + ": destination already exists");
            if (errno != ENOENT)
                xs::fail(XS_IO, std::string(dst) + ": " + std::strerror(errno));
            std::vector<Xapian::Database> sources;
            Xapian::Database all;
            for (size_t i = 0; i < n; i++) {
                if (!srcs[i] || !*srcs[i])
                    xs::fail(XS_INVALID, "empty source path");
                sources.emplace_back(srcs[i]);
                all.add_database(sources.back());
            }
            FirstSourceWins resolve(sources);
            all.compact(dst, 0, 0, resolve);
            return XS_OK;
        },
        &message);
    if (status != XS_OK && error) {
        // When even this copy fails, the status alone has to do.
        *error = xs::guard_ptr([&] { return xs::dup_bytes(message); });
    }
    return status;
}

extern "C" xs_status_t
xs_compact(const char *src, const char *dst, char **error)
{
    return xs_compact_many(&src, 1, dst, error);
}

extern "C" size_t
xs_sortable_serialise(double value, char *out)
{
    if (!out)
        return 0;
    try {
        // At most 9 bytes, which std::string keeps inline, so this does
        // not allocate; the catch only keeps that a library detail.
        std::string s = Xapian::sortable_serialise(value);
        std::memcpy(out, s.data(), s.size());
        return s.size();
    } catch (...) {
        return 0;
    }
}

extern "C" double
xs_sortable_unserialise(const char *value, size_t len)
{
    if (!value && len)
        return NAN;
    try {
        return Xapian::sortable_unserialise(std::string(value ? value : "", len));
    } catch (...) {
        // Only an absurdly long (invalid) input could fail to copy.
        return NAN;
    }
}

namespace {

bool file_exists(const std::string &path)
{
    struct stat st;
    return stat(path.c_str(), &st) == 0;
}

} // namespace

extern "C" const char *
xs_missing_table(const char *path, int with_data)
{
    static const char *const always[] = { "postlist.glass", "termlist.glass" };
    const char *const with_documents[] = { "position.glass", with_data ? "docdata.glass" : nullptr };
    const char *missing = nullptr;
    xs::guard_nodb([&] {
        const std::string dir = std::string(path) + "/";
        if (!file_exists(dir + "iamglass"))
            return XS_OK;
        for (const char *table : always)
            if (!file_exists(dir + table)) {
                missing = table;
                return XS_OK;
            }
        // The documents are counted only when a document table is
        // missing: opening the index a second time costs every query of
        // referat-query seven file opens and their first reads.
        for (const char *table : with_documents)
            if (table && !file_exists(dir + table)) {
                if (Xapian::Database(path).get_doccount() > 0)
                    missing = table;
                return XS_OK;
            }
        return XS_OK;
    });
    return missing;
}
