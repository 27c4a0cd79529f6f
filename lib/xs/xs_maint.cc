// xs_maint.cc - maintenance (compaction) and sortable value encoding.

#include "xs_private.h"

#include <cerrno>
#include <cmath>
#include <cstring>
#include <sys/stat.h>

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
            Xapian::Database all;
            for (size_t i = 0; i < n; i++) {
                if (!srcs[i] || !*srcs[i])
                    xs::fail(XS_INVALID, "empty source path");
                all.add_database(Xapian::Database(srcs[i]));
            }
            // Xapian's default Compactor keeps the first source's value of
            // a duplicated metadata key, silently.
            all.compact(dst);
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
