// xs_query.cc - query trees.  Constructors return NULL for invalid
// arguments and when out of memory; xs::guard_ptr catches the rest.

#include "xs_private.h"

#include <cstdlib>
#include <cstring>

namespace {

xs_query *
wrap(Xapian::Query q)
{
    return new xs_query{std::move(q)};
}

bool
to_xapian_op(const xs_op_t *opp, Xapian::Query::op *out)
{
    // C callers may pass any int; reading an out-of-range value through
    // the C++ enum type is undefined, so look at its bytes as an int.
    int op;
    std::memcpy(&op, opp, sizeof op);
    switch (op) {
    case XS_OP_AND: *out = Xapian::Query::OP_AND; return true;
    case XS_OP_OR: *out = Xapian::Query::OP_OR; return true;
    case XS_OP_AND_NOT: *out = Xapian::Query::OP_AND_NOT; return true;
    case XS_OP_FILTER: *out = Xapian::Query::OP_FILTER; return true;
    case XS_OP_AND_MAYBE: *out = Xapian::Query::OP_AND_MAYBE; return true;
    case XS_OP_SYNONYM: *out = Xapian::Query::OP_SYNONYM; return true;
    case XS_OP_PHRASE: *out = Xapian::Query::OP_PHRASE; return true;
    case XS_OP_NEAR: *out = Xapian::Query::OP_NEAR; return true;
    }
    return false;
}

} // namespace

extern "C" xs_query_t *
xs_query_term(const char *term, uint32_t wqf, uint32_t pos)
{
    return xs::guard_ptr([&]() -> xs_query * {
        // Xapian reads the empty term as "match everything": callers
        // wanting that say xs_query_all().
        if (!term || !*term)
            return nullptr;
        return wrap(Xapian::Query(term, wqf, pos));
    });
}

extern "C" xs_query_t *
xs_query_combine(xs_op_t op, xs_query_t *const *subs, size_t n, uint32_t window)
{
    return xs::guard_ptr([&]() -> xs_query * {
        Xapian::Query::op xop;
        if (!to_xapian_op(&op, &xop) || (n && !subs))
            return nullptr;
        std::vector<Xapian::Query> qs;
        qs.reserve(n);
        for (size_t i = 0; i < n; ++i) {
            if (!subs[i])
                return nullptr;
            qs.push_back(subs[i]->q);
        }
        // Xapian takes window 0 as "number of subqueries", as xs.h says.
        return wrap(Xapian::Query(xop, qs.begin(), qs.end(), window));
    });
}

extern "C" xs_query_t *
xs_query_scale(const xs_query_t *sub, double factor)
{
    return xs::guard_ptr([&]() -> xs_query * {
        if (!sub || !(factor >= 0)) // NaN fails too
            return nullptr;
        return wrap(Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, sub->q, factor));
    });
}

extern "C" xs_query_t *
xs_query_value_range(uint32_t slot, const char *lo, const char *hi)
{
    return xs::guard_ptr([&]() -> xs_query * {
        if (slot == Xapian::BAD_VALUENO)
            return nullptr;
        // Stored values are never empty (Xapian treats "" as unset), so
        // "\0" is a lower bound below every stored value.  Using it for an
        // open lower end keeps documents without a value out of every
        // range, where Xapian would match all documents for VALUE_GE "".
        std::string low = lo && *lo ? std::string(lo) : std::string(1, '\0');
        if (!hi)
            return wrap(Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, low));
        return wrap(Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot, low, hi));
    });
}

extern "C" xs_query_t *
xs_query_wildcard(const char *prefix, uint32_t max_expansion, int as_synonym)
{
    return xs::guard_ptr([&]() -> xs_query * {
        if (!prefix)
            return nullptr;
        // LIMIT_MOST_FREQUENT keeps the most useful expansions instead of
        // failing the whole query when a prefix is too broad.  It reads a
        // limit of 0 literally (no terms at all), whereas LIMIT_ERROR
        // takes 0 as "unlimited", which is what xs.h promises.
        int flags = max_expansion ? Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT
                                  : Xapian::Query::WILDCARD_LIMIT_ERROR;
        return wrap(Xapian::Query(Xapian::Query::OP_WILDCARD, prefix, max_expansion, flags,
                                  as_synonym ? Xapian::Query::OP_SYNONYM
                                             : Xapian::Query::OP_OR));
    });
}

extern "C" xs_query_t *
xs_query_all(void)
{
    return xs::guard_ptr([] { return wrap(Xapian::Query::MatchAll); });
}

extern "C" xs_query_t *
xs_query_none(void)
{
    return xs::guard_ptr([] { return wrap(Xapian::Query::MatchNothing); });
}

extern "C" int
xs_query_is_empty(const xs_query_t *q)
{
    return !q || q->q.empty();
}

extern "C" char *
xs_query_describe(const xs_query_t *q)
{
    return xs::guard_ptr([&]() -> char * {
        if (!q)
            return nullptr;
        return xs::dup_bytes(q->q.get_description());
    });
}

extern "C" void
xs_query_free(xs_query_t *q)
{
    delete q;
}
