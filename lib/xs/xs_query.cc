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
//
// A SYNONYM of three or more terms is rebuilt for the database too, as
// nested SYNONYMs of two (see synonym_tree): Xapian 1.4 weighs a SYNONYM
// by a term frequency it estimates through a tree of ORs that each
// sub-database shapes by its own term frequencies, so over shards the
// weight depended on the split.

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

// The term frequency Xapian 1.4 estimates for the OR of two subtrees
// estimated at L and R in N documents, as OrPostList::get_termfreq_est()
// and get_termfreq_est_using_stats() compute it (matcher/orpostlist.cc):
// the two taken as independent, rounded to a whole count.
Xapian::doccount
or_estimate(Xapian::doccount l, Xapian::doccount r, Xapian::doccount n)
{
    if (n == 0)
        return 0;
    double lest = static_cast<double>(l);
    double rest = static_cast<double>(r);
    double est = lest + rest - (lest * rest / n);
    return static_cast<Xapian::doccount>(est + 0.5);
}

// SYNONYM(TERMS) (leaf terms) for D, as nested SYNONYMs of two in the
// very tree Xapian 1.4 would build for the flat SYNONYM in one database
// holding D's documents.  Xapian weighs a SYNONYM by the term frequency
// of its OR tree, estimated node by node from the merged statistics and
// rounded at each node, so the estimate depends on the tree's shape; and
// each sub-database builds that tree (OrContext::postlist() in
// api/queryinternal.cc, like a Huffman tree) from its own term
// frequencies, so shards that hold a group's terms in other proportions
// built other trees and weighed the group differently (up to 1 % in the
// scores).  A SYNONYM inside a SYNONYM is a plain OR node (QuerySynonym
// with factor 0), and the OR of two is the same estimate whichever side
// is larger, so the tree given here is the tree every sub-database uses.
// It is built as OrContext::postlist() builds its own, with the same
// heap operations on D's term frequencies (one database's are its own),
// so on one index the weights stay what the flat SYNONYM gave.
// FREQS, when not empty, holds each term's frequency in D, as a wildcard's
// expansion read them (over a remote shard each get_termfreq is a round
// trip: a wildcard of 500 terms cost 500 of them).
Xapian::Query
synonym_tree(const Xapian::Database &d, const std::vector<Xapian::Query> &terms,
             const std::vector<Xapian::doccount> &freqs = {})
{
    if (terms.size() < 3)
        return Xapian::Query(Xapian::Query::OP_SYNONYM, terms.begin(), terms.end());
    struct Node {
        Xapian::doccount est;
        Xapian::Query q;
    };
    std::vector<Node> pls;
    pls.reserve(terms.size());
    for (size_t i = 0; i < terms.size(); i++)
        pls.push_back(Node{freqs.empty() ? d.get_termfreq(*terms[i].get_terms_begin()) : freqs[i], terms[i]});
    const Xapian::doccount n = d.get_doccount();
    // ComparePostListTermFreqAscending: the least frequent on top.
    auto cmp = [](const Node &a, const Node &b) { return a.est > b.est; };
    std::make_heap(pls.begin(), pls.end(), cmp);
    while (true) {
        Node r = pls.front();
        std::pop_heap(pls.begin(), pls.end(), cmp);
        pls.pop_back();
        const Node &l = pls.front();
        Node pl{or_estimate(l.est, r.est, n), Xapian::Query(Xapian::Query::OP_SYNONYM, l.q, r.q)};
        if (pls.size() == 1)
            return pl.q;
        std::pop_heap(pls.begin(), pls.end(), cmp);
        pls.back() = pl;
        std::push_heap(pls.begin(), pls.end(), cmp);
    }
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
    std::vector<Xapian::doccount> freqs;
    qs.reserve(terms.size());
    freqs.reserve(terms.size());
    for (const Term &t : terms) {
        qs.emplace_back(t.name);
        freqs.push_back(t.freq);
    }
    if (as_synonym)
        return synonym_tree(d, qs, freqs);
    return Xapian::Query(Xapian::Query::OP_OR, qs.begin(), qs.end());
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
        bool terms = xop == Xapian::Query::OP_SYNONYM && n >= 3 && !expands;
        for (size_t i = 0; terms && i < n; ++i)
            terms = qs[i].get_type() == Xapian::Query::LEAF_TERM;
        if (terms) {
            r->expand = [qs](const Xapian::Database &d) { return synonym_tree(d, qs); };
        } else if (expands) {
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
