// xs_error.cc - the one place where C++ exceptions become xs_status_t.

#include "xs_private.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <new>
#include <stdexcept>

extern "C" const char *
xs_status_string(xs_status_t status)
{
    switch (xs::enum_value(status)) {
    case XS_OK: return "success";
    case XS_NOT_FOUND: return "not found";
    case XS_LOCKED: return "database locked by another writer";
    case XS_CORRUPT: return "database corrupt or not a Xapian database";
    case XS_MODIFIED: return "database modified while reading";
    case XS_NO_MEMORY: return "out of memory";
    case XS_INVALID: return "invalid argument or operation";
    case XS_IO: return "input/output error";
    case XS_VERSION: return "unsupported database version";
    case XS_ERROR: return "error";
    case XS_NETWORK: return "shard unreachable";
    }
    return "unknown status";
}

extern "C" const char *
xs_db_error(const xs_db_t *db)
{
    if (!db || db->last_status == XS_OK)
        return "";
    // The message could not be stored (out of memory): say what we can.
    if (db->error.empty())
        return xs_status_string(db->last_status);
    return db->error.c_str();
}

namespace xs {

void
fail(xs_status_t status, const std::string &message)
{
    throw Failure{status, message};
}

namespace {

// Xapian keeps the errno behind an error private and exposes only its
// strerror() text, so recognise the file system errors by that text.
xs_status_t
status_from_errno_text(const Xapian::Error &e)
{
    const char *text = e.get_error_string();
    if (!text)
        return XS_OK;
    if (std::strcmp(text, std::strerror(ENOMEM)) == 0)
        return XS_NO_MEMORY;
    static const int io_errors[] = {
        EACCES, EPERM, EROFS, ENOSPC, EDQUOT, EIO, EMFILE, ENFILE, EFBIG,
    };
    for (int err : io_errors)
        if (std::strcmp(text, std::strerror(err)) == 0)
            return XS_IO;
    return XS_OK;
}

// The status for a Xapian error class, before looking at its errno.
xs_status_t
status_from_xapian(const Xapian::Error &e, xs_status_t by_class)
{
    xs_status_t by_errno = status_from_errno_text(e);
    return by_errno != XS_OK ? by_errno : by_class;
}

xs_status_t
classify(std::string *message)
{
    auto say = [message](const std::string &text) {
        if (message)
            *message = text;
    };
    try {
        throw;
    } catch (const Failure &f) {
        say(f.message);
        return f.status;
    } catch (const Xapian::DatabaseLockError &e) {
        say(e.get_description());
        return XS_LOCKED;
    } catch (const Xapian::DatabaseModifiedError &e) {
        say(e.get_description());
        return XS_MODIFIED;
    } catch (const Xapian::DatabaseCorruptError &e) {
        say(e.get_description());
        return XS_CORRUPT;
    } catch (const Xapian::DatabaseVersionError &e) {
        say(e.get_description());
        return XS_VERSION;
    } catch (const Xapian::DatabaseNotFoundError &e) {
        say(e.get_description());
        return status_from_xapian(e, XS_NOT_FOUND);
    } catch (const Xapian::DatabaseOpeningError &e) {
        // The path exists but Xapian cannot make sense of it (e.g. a
        // plain file that is not a stub database).
        say(e.get_description());
        return status_from_xapian(e, XS_CORRUPT);
    } catch (const Xapian::DatabaseCreateError &e) {
        say(e.get_description());
        return status_from_xapian(e, XS_IO);
    } catch (const Xapian::DatabaseClosedError &e) {
        say(e.get_description());
        return XS_INVALID;
    } catch (const Xapian::DocNotFoundError &e) {
        say(e.get_description());
        return XS_NOT_FOUND;
    } catch (const Xapian::NetworkError &e) {
        // NetworkTimeoutError included: a remote shard down or too slow.
        say(e.get_description());
        return XS_NETWORK;
    } catch (const Xapian::LogicError &e) {
        // InvalidArgumentError, InvalidOperationError, UnimplementedError
        // (e.g. a PHRASE over subqueries it cannot handle): all mean the
        // caller asked for something Xapian will not do.
        say(e.get_description());
        return XS_INVALID;
    } catch (const Xapian::Error &e) {
        say(e.get_description());
        return status_from_xapian(e, XS_ERROR);
    } catch (const std::bad_alloc &) {
        say("out of memory");
        return XS_NO_MEMORY;
    } catch (const std::exception &e) {
        say(e.what());
        return XS_ERROR;
    } catch (...) {
        say("unknown C++ exception");
        return XS_ERROR;
    }
}

} // namespace

xs_status_t
classify_current_exception(std::string *message) noexcept
{
    try {
        return classify(message);
    } catch (...) {
        // Building the message itself failed, which only allocation can.
        if (message)
            message->clear();
        return XS_NO_MEMORY;
    }
}

xs_status_t
record_current_exception(xs_db *db) noexcept
{
    db->last_status = classify_current_exception(&db->error);
    return db->last_status;
}

void
check_term(const char *term, const char *what)
{
    if (!term || !*term)
        fail(XS_INVALID, std::string(what) + " is empty");
    if (std::strlen(term) > XS_MAX_TERM)
        fail(XS_INVALID, std::string(what) + " longer than " +
                             std::to_string(XS_MAX_TERM) + " bytes");
}

char *
dup_bytes(const std::string &s)
{
    char *p = static_cast<char *>(std::malloc(s.size() + 1));
    if (!p)
        throw std::bad_alloc();
    std::memcpy(p, s.data(), s.size());
    p[s.size()] = '\0';
    return p;
}

} // namespace xs
