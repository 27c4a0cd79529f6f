// xs_query.cc - query trees.  Constructors return NULL for invalid
// arguments and when out of memory; xs::guard_ptr catches the rest.
//
// Wildcards are expanded by the shim, not by Xapian's OP_WILDCARD: with
// an OR combiner and WILDCARD_LIMIT_MOST_FREQUENT, Xapian 1.4.22 leaks a
// weight object for every expansion it prunes, on every search.  Doing
// the expansion here also makes the expanded terms part of the query that
// was run, so xs_mset_matching_terms() reports them.  A query is a tree of
// values independent of any database, so a query containing a wildcard
// carries an `expand` function that rebuilds it for a given database;
// xs_db_search() calls it through xs::resolve().

#include "xs_private.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <memory>

namespace {

std::unique_ptr<xs_query>
wrap(Xapian::Query q)
{
    return std::unique_ptr<xs_query>(new xs_query{std::move(q), nullptr});
}

// OP is the int read from the caller's xs_op_t (see xs::enum_value).
bool
to_xapian_op(int op, Xapian::Query::op *out)
{
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

// The terms of D starting with PREFIX, the MAX_EXPANSION most frequent
// ones when MAX_EXPANSION is not 0, combined with OR or SYNONYM.  Among
// equally frequent terms the byte-order first win, so the choice does not
// depend on how the terms happen to be laid out.
Xapian::Query
expand_wildcard(const Xapian::Database &d, const std::string &prefix,
                uint32_t max_expansion, bool as_synonym)
{
    struct Term {
        Xapian::doccount freq;
        std::string name;
    };
    std::vector<Term> terms;
    for (Xapian::TermIterator t = d.allterms_begin(prefix); t != d.allterms_end(prefix); ++t)
        terms.push_back(Term{t.get_termfreq(), *t});
    if (max_expansion && terms.size() > max_expansion) {
        auto more_frequent = [](const Term &a, const Term &b) {
            return a.freq != b.freq ? a.freq > b.freq : a.name < b.name;
        };
        std::nth_element(terms.begin(), terms.begin() + (max_expansion - 1), terms.end(),
                         more_frequent);
        terms.resize(max_expansion);
        // Back to byte order, as the query would list them unpruned.
        std::sort(terms.begin(), terms.end(),
                  [](const Term &a, const Term &b) { return a.name < b.name; });
    }
    std::vector<Xapian::Query> qs;
    qs.reserve(terms.size());
    for (const Term &t : terms)
        qs.emplace_back(t.name);
    return Xapian::Query(as_synonym ? Xapian::Query::OP_SYNONYM : Xapian::Query::OP_OR,
                         qs.begin(), qs.end());
}

} // namespace

Xapian::Query
xs::resolve(const xs_query &q, const Xapian::Database &d)
{
    return q.expand ? q.expand(d) : q.q;
}

extern "C" xs_query_t *
xs_query_term(const char *term, uint32_t wqf, uint32_t pos)
{
    return xs::guard_ptr([&]() -> xs_query * {
        // Xapian reads the empty term as "match everything": callers
        // wanting that say xs_query_all().
        if (!term || !*term)
            return nullptr;
        return wrap(Xapian::Query(term, wqf, pos)).release();
    });
}

extern "C" xs_query_t *
xs_query_combine(xs_op_t op, xs_query_t *const *subs, size_t n, uint32_t window)
{
    return xs::guard_ptr([&]() -> xs_query * {
        Xapian::Query::op xop;
        if (!to_xapian_op(xs::enum_value(op), &xop) || (n && !subs))
            return nullptr;
        std::vector<Xapian::Query> qs;
        qs.reserve(n);
        bool expands = false;
        for (size_t i = 0; i < n; ++i) {
            if (!subs[i])
                return nullptr;
            qs.push_back(subs[i]->q);
            expands = expands || subs[i]->expand;
        }
        // Xapian takes window 0 as "number of subqueries", as xs.h says.
        std::unique_ptr<xs_query> r = wrap(Xapian::Query(xop, qs.begin(), qs.end(), window));
        if (expands) {
            std::vector<xs_query> parts;
            parts.reserve(n);
            for (size_t i = 0; i < n; ++i)
                parts.push_back(*subs[i]);
            r->expand = [parts, xop, window](const Xapian::Database &d) {
                std::vector<Xapian::Query> resolved;
                resolved.reserve(parts.size());
                for (const xs_query &p : parts)
                    resolved.push_back(xs::resolve(p, d));
                return Xapian::Query(xop, resolved.begin(), resolved.end(), window);
            };
        }
        return r.release();
    });
}

extern "C" xs_query_t *
xs_query_scale(const xs_query_t *sub, double factor)
{
    return xs::guard_ptr([&]() -> xs_query * {
        if (!sub || !(factor >= 0)) // NaN fails too
            return nullptr;
        std::unique_ptr<xs_query> r =
            wrap(Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, sub->q, factor));
        if (sub->expand) {
            xs_query part = *sub;
            r->expand = [part, factor](const Xapian::Database &d) {
                return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, xs::resolve(part, d),
                                     factor);
            };
        }
        return r.release();
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
            return wrap(Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, low)).release();
        return wrap(Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot, low, hi)).release();
    });
}

extern "C" xs_query_t *
xs_query_wildcard(const char *prefix, uint32_t max_expansion, int as_synonym)
{
    return xs::guard_ptr([&]() -> xs_query * {
        if (!prefix)
            return nullptr;
        // Q only stands in for the expansion (searches always expand), in
        // descriptions and emptiness tests: a leaf "PREFIX*".  Xapian's
        // own OP_WILDCARD would not do, as Xapian 1.4 refuses it under
        // PHRASE and NEAR, which accept the expanded OR of terms.
        std::unique_ptr<xs_query> r = wrap(Xapian::Query(std::string(prefix) + '*'));
        std::string pattern(prefix);
        bool synonym = as_synonym != 0;
        r->expand = [pattern, max_expansion, synonym](const Xapian::Database &d) {
            return expand_wildcard(d, pattern, max_expansion, synonym);
        };
        return r.release();
    });
}

extern "C" xs_query_t *
xs_query_all(void)
{
    return xs::guard_ptr([] { return wrap(Xapian::Query::MatchAll).release(); });
}

extern "C" xs_query_t *
xs_query_none(void)
{
    return xs::guard_ptr([] { return wrap(Xapian::Query::MatchNothing).release(); });
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
