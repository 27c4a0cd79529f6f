// xs_search.cc - running a query and holding its hits.

#include "xs_private.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <iterator>
#include <map>
#include <memory>
#include <set>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

namespace {

// Copies what a caller may ask about a hit out of DOC: its record (the
// value in RECORD_SLOT when there is one there, else the data:
// xs_db_set_record_slot), and every value (ALL) or those of the N slots
// at SLOTS (Xapian reads each slot apart, about as costly as the data
// each).
void
read_hit(xs_hit &h, const Xapian::Document &doc, Xapian::valueno record_slot, bool all,
         const uint32_t *slots = nullptr, size_t n = 0)
{
    std::string data = xs::record_of(doc, record_slot);
    std::vector<std::pair<Xapian::valueno, std::string>> values;
    if (!all) {
        std::vector<uint32_t> sorted(slots, slots + n);
        std::sort(sorted.begin(), sorted.end());
        sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
        for (uint32_t s : sorted) {
            std::string v = doc.get_value(s);
            if (!v.empty())
                values.emplace_back(s, std::move(v));
        }
    } else {
        for (Xapian::ValueIterator v = doc.values_begin(); v != doc.values_end(); ++v)
            values.emplace_back(v.get_valueno(), *v);
    }
    h.data = std::move(data);
    h.values = std::move(values);
    h.fetched = true;
    h.all_values = all;
}

// H's value in SLOT as read, or null when it is not among the values
// read (unset, or not read).
const std::string *
value_read(const xs_hit &h, Xapian::valueno slot)
{
    auto v = std::lower_bound(h.values.begin(), h.values.end(), slot,
                              [](const std::pair<Xapian::valueno, std::string> &e, Xapian::valueno s) {
                                  return e.first < s;
                              });
    return v != h.values.end() && v->first == slot ? &v->second : nullptr;
}

// Reads the metadata entry that M asks for with hit H (hit_meta_prefix)
// from D, DB's open database.  H's value in the slot is the one read
// with H; only when H's values were not all read is it read from the
// document (a round trip to a remote shard).
void
read_meta(xs_db *db, Xapian::Database &d, const xs_mset &m, xs_hit &h)
{
    const Xapian::valueno slot = static_cast<Xapian::valueno>(m.meta_slot);
    const std::string *v = value_read(h, slot);
    const std::string value = v ? *v : h.all_values ? std::string() : d.get_document(h.docid).get_value(slot);
    h.meta = value.empty() ? std::string() : xs::doc_metadata(db, d, h.docid, m.meta_prefix + value);
    h.meta_read = true;
}

// M, found in D (DB's open database) with options O, with the metadata
// entry O asks for read for each hit read: in the same attempt as the
// search, so from the same revision.
std::unique_ptr<xs_mset>
with_meta(xs_db *db, Xapian::Database &d, const xs_search_opts_t &o, std::unique_ptr<xs_mset> m)
{
    if (!o.hit_meta_prefix || o.hit_meta_slot < 0)
        return m;
    m->meta_prefix = o.hit_meta_prefix;
    m->meta_slot = o.hit_meta_slot;
    for (xs_hit &h : m->hits)
        if (h.fetched)
            read_meta(db, d, *m, h);
    return m;
}

// Relative difference below which two weights are the same weight.  A
// passage's weight is a sum of its matching parts' weights, which Xapian
// adds in an order each sub-database chooses by its own term frequencies
// (MultiAndPostList sorts its parts so, OrContext::postlist() shapes its
// tree so: api/queryinternal.cc, matcher/multiandpostlist.cc); the same
// doubles added in another order differ in their last bits (about 1e-16
// relative each addition), so over shards a weight equal in one index
// may come out a hair higher or lower and swap two hits.
const double SAME_WEIGHT = 1e-12;

// 1 when hits A and B tie: the same weight, as SAME_WEIGHT says (and
// equal sort keys, when sorted by value; not when BY_KEY, where the sort
// key is the tie slot's value, keyed_ties()).
bool
ties(const Xapian::MSetIterator &a, const Xapian::MSetIterator &b, bool by_key)
{
    const double wa = a.get_weight(), wb = b.get_weight();
    return std::fabs(wa - wb) <= SAME_WEIGHT * std::max(std::fabs(wa), std::fabs(wb)) &&
           (by_key || a.get_sort_key() == b.get_sort_key());
}

// 1 when the matcher may order ties by their tie key itself
// (set_sort_by_relevance_then_key, tie_key()): ranked by relevance, with
// hits to return (a count's weights are all 0, and reading values per
// match would only slow it), over one local database (Xapian's remote
// protocol carries no key maker).  One database weighs the same parts
// of two passages into bitwise the same sum (its postlist tree is built
// once, and the matcher's pruning only swaps the two sides of a sum), so
// its ties are exact; over several, SAME_WEIGHT's near-ties are ordered
// by weight in the matcher and the window alone finds them.
bool
keyed_ties(const Xapian::Database &d, bool remote, const xs_search_opts_t &o)
{
    return o.tie_slot >= 0 && o.sort_slot < 0 && o.limit > 0 && d.size() == 1 && !remote;
}

// 1 when hit A (ranked before B by the matcher) stays before B in the
// tie order: they do not tie, or (BY_KEY) they weigh exactly the same
// and the matcher put them in the order of their different files.  Hits
// past B then cannot come before A either.
bool
settled(const Xapian::MSetIterator &a, const Xapian::MSetIterator &b, bool by_key)
{
    return !ties(a, b, by_key) ||
           (by_key && a.get_weight() == b.get_weight() && a.get_sort_key() < b.get_sort_key());
}

// What orders ties between files (the matcher's sort key under BY_KEY):
// the tie date newest first, when there is one, then the tie slot.
// MultiValueKeyMaker ends every value but the last unambiguously, so two
// keys compare as their values do, one after the other.
void
tie_key(const xs_search_opts_t &o, Xapian::MultiValueKeyMaker &key)
{
    if (o.tie_date_slot >= 0)
        key.add_value(static_cast<Xapian::valueno>(o.tie_date_slot), true);
    key.add_value(static_cast<Xapian::valueno>(o.tie_slot));
}

// The stable keys of the tied hits V[A, B), in KEYS: tie_key() and the
// second tie slot's value, read from each document; under BY_KEY the
// matcher's sort key (tie_key()) when it tells them all apart, no
// document read.
void
tie_keys(const std::vector<Xapian::MSetIterator> &v, size_t a, size_t b, const xs_search_opts_t &o,
         bool by_key, std::vector<std::string> &keys)
{
    keys.clear();
    if (by_key) {
        for (size_t k = a; k < b; k++)
            keys.push_back(v[k].get_sort_key());
        std::vector<std::string> sorted(keys);
        std::sort(sorted.begin(), sorted.end());
        if (std::adjacent_find(sorted.begin(), sorted.end()) == sorted.end())
            return;
        keys.clear();
    }
    Xapian::MultiValueKeyMaker by;
    tie_key(o, by);
    for (size_t k = a; k < b; k++) {
        Xapian::Document d = v[k].get_document();
        std::string key = by(d);
        key += '\0';
        if (o.tie_slot2 >= 0)
            key += d.get_value(static_cast<Xapian::valueno>(o.tie_slot2));
        keys.push_back(std::move(key));
    }
}

// The hits of page [offset, offset + limit) with ties ordered by the
// values of the tie slots instead of by document id: Xapian numbers the
// documents of several databases by interleaving them, so its tie order
// changes with the split.  A tie group across an edge of the page must
// be seen whole, so the window asked for reaches PAD hits beyond each
// edge, and grows until no group crosses it.  BY_KEY (keyed_ties()): the
// matcher has ordered exact ties by the first tie slot, so a tie across
// an edge between hits of different files is settled already, and only
// ties within one file widen the window.  MSET receives the window.
std::vector<Xapian::MSetIterator>
page_by_stable_ties(Xapian::Enquire &enquire, const xs_search_opts_t &o, bool by_key, Xapian::MSet &mset)
{
    const Xapian::doccount offset = o.offset, limit = o.limit;
    for (Xapian::doccount pad = 1;; pad *= 8) {
        const Xapian::doccount lo = offset > pad ? offset - pad : 0;
        const Xapian::doccount want = (offset - lo) + limit + pad;
        mset = enquire.get_mset(lo, want, o.check_at_least);
        const Xapian::doccount n = mset.size(), first = offset - lo;
        const Xapian::doccount last = first + limit - 1;
        if (pad < 4096 && n > 0 &&
            ((lo > 0 && first < n && !settled(mset[first - 1], mset[first], by_key) &&
              ties(mset[0], mset[first], by_key)) ||
             (n == want && last < n && first + limit <= n && !(last + 1 < n && settled(mset[last], mset[last + 1], by_key)) &&
              ties(mset[n - 1], mset[last], by_key))))
            continue;
        std::vector<Xapian::MSetIterator> all;
        for (Xapian::MSetIterator i = mset.begin(); i != mset.end(); ++i)
            all.push_back(i);
        // Each run of ties is ordered by its stable keys.
        std::vector<std::string> keys;
        for (size_t a = 0; a < all.size();) {
            size_t b = a + 1;
            while (b < all.size() && ties(all[a], all[b], by_key))
                b++;
            if (b - a > 1) {
                tie_keys(all, a, b, o, by_key, keys);
                std::vector<std::pair<std::string, Xapian::MSetIterator>> keyed;
                for (size_t k = a; k < b; k++)
                    keyed.emplace_back(std::move(keys[k - a]), all[k]);
                std::stable_sort(keyed.begin(), keyed.end(),
                                 [](const auto &x, const auto &y) { return x.first < y.first; });
                for (size_t k = a; k < b; k++)
                    all[k] = keyed[k - a].second;
            }
            a = b;
        }
        std::vector<Xapian::MSetIterator> page;
        for (Xapian::doccount k = first; k < n && k < first + limit; k++)
            page.push_back(all[k]);
        return page;
    }
}

// Sets Q as ENQUIRE's query, weighed as O says (BoolWeight when
// BOOLEAN).  Normalised documents (xs_doc_normalise) hold scale * wdf /
// n: BM25 with b = 0 and k1 * scale weighs them as BM25 with b weighs
// the plain wdf, times (k1 * scale + 1) / (k1 + 1), undone here.
void
weigh(Xapian::Enquire &enquire, const Xapian::Query &q, const xs_search_opts_t &o, bool boolean)
{
    double k1 = o.bm25_k1;
    if (o.wdf_scale > 0) {
        k1 *= o.wdf_scale;
        enquire.set_query(Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q, (o.bm25_k1 + 1) / (k1 + 1)));
    } else {
        enquire.set_query(q);
    }
    if (boolean)
        enquire.set_weighting_scheme(Xapian::BoolWeight());
    else
        enquire.set_weighting_scheme(Xapian::BM25Weight(k1, o.bm25_k2, o.bm25_k3, o.bm25_b, o.bm25_min_normlen));
}

// One attempt at the search; with_retry runs it again after a reopen
// (wildcards are expanded again too: the terms may have changed).
std::unique_ptr<xs_mset>
run_search(Xapian::Database &d, bool remote, const xs_query &query, const xs_search_opts_t &o,
           Xapian::valueno record_slot)
{
    const Xapian::Query q = xs::resolve(query, d);
    Xapian::Enquire enquire(d);
    // A search for no hits is a count (check_at_least): with no weight
    // bound the weights decide nothing, and BM25 for every match was a
    // third of the time of an exact count.
    weigh(enquire, q, o, o.limit == 0 && o.min_weight <= 0);
    if (o.collapse_slot >= 0)
        enquire.set_collapse_key(static_cast<Xapian::valueno>(o.collapse_slot));
    if (o.sort_slot >= 0)
        enquire.set_sort_by_value_then_relevance(static_cast<Xapian::valueno>(o.sort_slot),
                                                 o.sort_reverse != 0);
    const bool by_key = keyed_ties(d, remote, o);
    // The enquire keeps a pointer to its key maker: it lives as long.
    Xapian::MultiValueKeyMaker ties_by;
    if (by_key) {
        tie_key(o, ties_by);
        enquire.set_sort_by_relevance_then_key(&ties_by, false);
    }
    if (o.min_weight > 0)
        enquire.set_cutoff(0, o.min_weight);
    std::unique_ptr<xs_mset> m(new xs_mset);
    m->query = q;
    std::vector<Xapian::MSetIterator> page;
    Xapian::MSet mset;
    if (o.tie_slot >= 0) {
        page = page_by_stable_ties(enquire, o, by_key, mset);
    } else {
        mset = enquire.get_mset(o.offset, o.limit, o.check_at_least);
        for (Xapian::MSetIterator i = mset.begin(); i != mset.end(); ++i)
            page.push_back(i);
    }
    m->estimated = mset.get_matches_estimated();
    m->exact = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
    m->hits.reserve(page.size());
    // Everything a caller may ask about a hit is copied now, while this
    // revision is readable: a later commit can make it unreadable.
    for (size_t k = 0; k < page.size(); k++) {
        const Xapian::MSetIterator &i = page[k];
        xs_hit h;
        h.docid = *i;
        h.rank = o.offset + static_cast<Xapian::doccount>(k);
        h.weight = i.get_weight();
        if (!o.defer_fetch)
            read_hit(h, i.get_document(), record_slot, true);
        m->hits.push_back(std::move(h));
    }
    return m;
}

// OPTS, or the defaults when NULL, checked: Xapian clamps out-of-range
// BM25 parameters silently; a typo in a configuration should be an error
// instead.
xs_search_opts_t
checked_opts(const xs_search_opts_t *opts)
{
    xs_search_opts_t o;
    if (opts)
        o = *opts;
    else
        xs_search_opts_init(&o);
    const double params[] = {o.bm25_k1, o.bm25_k2, o.bm25_k3, o.bm25_b, o.bm25_min_normlen};
    for (double p : params)
        if (!std::isfinite(p) || p < 0)
            xs::fail(XS_INVALID, "BM25 parameters must be finite and >= 0");
    if (o.bm25_b > 1)
        xs::fail(XS_INVALID, "BM25 b must lie in [0, 1]");
    if (o.wdf_scale > 0 && o.bm25_b != 0)
        xs::fail(XS_INVALID, "normalised documents are searched with BM25 b = 0 (b was applied when "
                             "they were written)");
    if (!std::isfinite(o.min_weight) || o.min_weight < 0)
        xs::fail(XS_INVALID, "minimum weight must be finite and >= 0");
    return o;
}

const xs_hit *
hit_at(const xs_mset_t *m, size_t i)
{
    return m && i < m->hits.size() ? &m->hits[i] : nullptr;
}

} // namespace

extern "C" void
xs_search_opts_init(xs_search_opts_t *opts)
{
    if (!opts)
        return;
    opts->offset = 0;
    opts->limit = 10;
    opts->check_at_least = 0;
    opts->bm25_k1 = 1;
    opts->bm25_k2 = 0;
    opts->bm25_k3 = 1;
    opts->bm25_b = 0.5;
    opts->bm25_min_normlen = 0.5;
    opts->collapse_slot = -1;
    opts->sort_slot = -1;
    opts->sort_reverse = 0;
    opts->min_weight = 0;
    opts->defer_fetch = 0;
    opts->wdf_scale = 0;
    opts->tie_slot = -1;
    opts->tie_slot2 = -1;
    opts->tie_date_slot = -1;
    opts->hit_meta_prefix = nullptr;
    opts->hit_meta_slot = -1;
}

extern "C" xs_status_t
xs_db_search(xs_db_t *db, const xs_query_t *q, const xs_search_opts_t *opts, xs_mset_t **out)
{
    return xs::guard(db, [&] {
        if (!out)
            xs::fail(XS_INVALID, "out is NULL");
        *out = nullptr;
        if (!q)
            xs::fail(XS_INVALID, "query is NULL");
        const xs_search_opts_t o = checked_opts(opts);
        Xapian::Database &d = xs::reading(db);
        const bool remote = xs::has_remote(db);
        *out = xs::with_retry(db, [&] {
                   return with_meta(db, d, o, run_search(d, remote, *q, o, db->record_slot));
               }).release();
        return XS_OK;
    });
}

namespace {

// The documents of a sorted list of ids, as a filter (weight 0), on one
// database: over several, the ids the matcher sees are interleaved.
class IdSource : public Xapian::PostingSource {
    std::shared_ptr<const std::vector<Xapian::docid>> ids;
    size_t at = 0;
    bool started = false;

    void start()
    {
        if (!started)
            started = true, at = 0;
    }

  public:
    explicit IdSource(std::shared_ptr<const std::vector<Xapian::docid>> v) : ids(std::move(v)) {}

    void init(const Xapian::Database &) override
    {
        at = 0;
        started = false;
        set_maxweight(0);
    }
    Xapian::doccount get_termfreq_min() const override { return static_cast<Xapian::doccount>(ids->size()); }
    Xapian::doccount get_termfreq_est() const override { return static_cast<Xapian::doccount>(ids->size()); }
    Xapian::doccount get_termfreq_max() const override { return static_cast<Xapian::doccount>(ids->size()); }
    Xapian::docid get_docid() const override { return (*ids)[at]; }
    bool at_end() const override { return started && at >= ids->size(); }
    void next(double) override
    {
        if (started)
            at++;
        start();
    }
    void skip_to(Xapian::docid to, double) override
    {
        start();
        at = static_cast<size_t>(std::lower_bound(ids->begin() + static_cast<std::ptrdiff_t>(at), ids->end(), to) -
                                 ids->begin());
    }
    Xapian::PostingSource *clone() const override { return new IdSource(ids); }
};

// The candidates xs_db_search_split looks at, at most: past them, the
// search is made whole.
const Xapian::doccount SPLIT_CANDIDATES = 4096;

// The first search's hits by HEAVY: when the last of them weighs less
// than the floor, they hold every candidate and the second is not made.
const Xapian::doccount SPLIT_FIRST = 512;

// The split is tried only when LIGHT's postings are at least this share
// of the documents and this many times HEAVY's: at 500 MB the one such
// fallback among the bench's went from 227 to 81 M instructions, and
// those with LIGHT's at 2 to 3 times HEAVY's cost from 10% less to 81%
// more split (docs/performance.md, "The seventh round: the tail").
const double SPLIT_LIGHT_SHARE = 0.25;
const double SPLIT_LIGHT_RATIO = 4;

// The postings of Q's terms in D (each term once), as their frequencies
// say.
double
postings(const Xapian::Database &d, const xs_query &q)
{
    const Xapian::Query r = xs::resolve(q, d);
    double n = 0;
    for (Xapian::TermIterator t = r.get_unique_terms_begin(); t != r.get_unique_terms_end(); ++t)
        n += d.get_termfreq(*t);
    return n;
}

// A relative margin far above a sum's rounding (SAME_WEIGHT's 1e-12 is
// already ten thousand times that) and far below what tells hits apart.
const double SPLIT_MARGIN = 1e-9;

// The ids of the first N of M's hits that weigh at least FLOOR, in
// order of id.
std::shared_ptr<const std::vector<Xapian::docid>>
hit_ids(const xs_mset &m, size_t n, double floor)
{
    auto v = std::make_shared<std::vector<Xapian::docid>>();
    for (size_t i = 0; i < n && i < m.hits.size(); i++)
        if (m.hits[i].weight >= floor)
            v->push_back(m.hits[i].docid);
    std::sort(v->begin(), v->end());
    return v;
}

// Q's hits among the documents IDS, searched as O says.
std::unique_ptr<xs_mset>
search_among(Xapian::Database &d, const Xapian::Query &q, std::shared_ptr<const std::vector<Xapian::docid>> ids,
             const xs_search_opts_t &o, Xapian::valueno record_slot)
{
    IdSource source(std::move(ids));
    const xs_query among{Xapian::Query(Xapian::Query::OP_FILTER, q, Xapian::Query(&source)), nullptr};
    std::unique_ptr<xs_mset> m = run_search(d, false, among, o, record_slot);
    m->query = q;
    return m;
}

// xs_db_search_split's search, or nullptr where it must be made whole.
std::unique_ptr<xs_mset>
run_split(Xapian::Database &d, const xs_query &query, const xs_query &heavy, const xs_query &light,
          const xs_search_opts_t &o, Xapian::valueno record_slot)
{
    const Xapian::doccount want = o.offset + o.limit;
    // 0. Worth it only where LIGHT's lists are most of what Q reads and
    // cover much of the index: else reading HEAVY's twice costs more
    // than LIGHT's once, which Xapian prunes well enough.
    const double light_postings = postings(d, light);
    if (light_postings < SPLIT_LIGHT_SHARE * d.get_doccount() ||
        light_postings < SPLIT_LIGHT_RATIO * postings(d, heavy))
        return nullptr;
    // 1. The best by HEAVY, SPLIT_FIRST of them (or WANT), and the weights
    // in Q of their first WANT: the last of those is at most the WANT-th
    // best of all (THETA).
    xs_search_opts_t h = o;
    h.offset = 0;
    h.limit = std::max(want, SPLIT_FIRST);
    h.tie_slot = h.tie_slot2 = h.tie_date_slot = -1;
    h.defer_fetch = 1;
    std::unique_ptr<xs_mset> first = run_search(d, false, heavy, h, record_slot);
    if (first->hits.size() < want)
        return nullptr;
    const Xapian::Query q = xs::resolve(query, d);
    xs_search_opts_t w = h;
    w.limit = want;
    std::unique_ptr<xs_mset> weighed = search_among(d, q, hit_ids(*first, want, 0), w, record_slot);
    if (weighed->hits.size() < want)
        return nullptr;
    const double theta = weighed->hits.back().weight;
    // 2. LIGHT adds at most its largest weight, so a document outside
    // HEAVY's matches that weigh at least THETA less that much weighs
    // less than THETA in Q (one that HEAVY does not match weighs at most
    // that much): the hits are among those matches, which the first
    // search holds when its last weighs less.
    Xapian::Enquire bound(d);
    weigh(bound, xs::resolve(light, d), o, false);
    const double most = bound.get_mset(0, 0).get_max_possible();
    const double floor = (theta - most * (1 + SPLIT_MARGIN)) * (1 - SPLIT_MARGIN);
    if (!(floor > 0))
        return nullptr;
    if (first->hits.size() == h.limit && !(first->hits.back().weight < floor)) {
        h.limit = SPLIT_CANDIDATES + 1;
        h.min_weight = floor;
        first = run_search(d, false, heavy, h, record_slot);
        if (first->hits.size() > SPLIT_CANDIDATES)
            return nullptr;
    }
    // 3. Q over them: the same weights (a filter adds 0), order and ties.
    return search_among(d, q, hit_ids(*first, first->hits.size(), floor), o, record_slot);
}

} // namespace

extern "C" xs_status_t
xs_db_search_split(xs_db_t *db, const xs_query_t *q, const xs_query_t *heavy, const xs_query_t *light,
                   const xs_search_opts_t *opts, xs_mset_t **out)
{
    return xs::guard(db, [&] {
        if (!out)
            xs::fail(XS_INVALID, "out is NULL");
        *out = nullptr;
        if (!q || !heavy || !light)
            xs::fail(XS_INVALID, "query is NULL");
        const xs_search_opts_t o = checked_opts(opts);
        Xapian::Database &d = xs::reading(db);
        const bool remote = xs::has_remote(db);
        // Ranked by relevance alone, with hits, on one local database.
        const bool split = !remote && d.size() == 1 && o.limit > 0 && o.sort_slot < 0 && o.collapse_slot < 0 &&
                           o.min_weight <= 0;
        *out = xs::with_retry(db, [&] {
                   std::unique_ptr<xs_mset> m = split ? run_split(d, *q, *heavy, *light, o, db->record_slot) : nullptr;
                   return with_meta(db, d, o, m ? std::move(m) : run_search(d, remote, *q, o, db->record_slot));
               }).release();
        return XS_OK;
    });
}

// Reads hit I of M from DB, with every value (ALL) or those of SLOTS.
static xs_status_t
fetch_hit(xs_db_t *db, xs_mset_t *m, size_t i, bool all, const uint32_t *slots, size_t n)
{
    return xs::guard(db, [&] {
        if (!m || i >= m->hits.size())
            xs::fail(XS_INVALID, "no such hit");
        xs_hit &h = m->hits[i];
        if (h.fetched && (h.all_values || !all))
            return XS_OK;
        // No reopen and retry here: the hit belongs to the revision it was
        // found in, and a newer one may hold another document under its
        // id, or none.  The caller searches again (XS_MODIFIED).
        read_hit(h, xs::reading(db).get_document(h.docid), db->record_slot, all, slots, n);
        return XS_OK;
    });
}

extern "C" xs_status_t
xs_mset_fetch(xs_db_t *db, xs_mset_t *m, size_t i)
{
    return fetch_hit(db, m, i, true, nullptr, 0);
}

extern "C" xs_status_t
xs_mset_fetch_slots(xs_db_t *db, xs_mset_t *m, size_t i, const uint32_t *slots, size_t n)
{
    return fetch_hit(db, m, i, false, slots, slots ? n : 0);
}

extern "C" xs_status_t
xs_mset_fetch_metadata(xs_db_t *db, xs_mset_t *m, size_t i)
{
    return xs::guard(db, [&] {
        if (!m || i >= m->hits.size())
            xs::fail(XS_INVALID, "no such hit");
        xs_hit &h = m->hits[i];
        if (m->meta_slot < 0 || h.meta_read)
            return XS_OK;
        // As fetch_hit: from the revision searched, or XS_MODIFIED.
        read_meta(db, xs::reading(db), *m, h);
        return XS_OK;
    });
}

extern "C" size_t
xs_mset_size(const xs_mset_t *m)
{
    return m ? m->hits.size() : 0;
}

extern "C" uint32_t
xs_mset_estimated(const xs_mset_t *m)
{
    return m ? m->estimated : 0;
}

extern "C" int
xs_mset_exact(const xs_mset_t *m)
{
    return m && m->exact;
}

extern "C" void
xs_mset_hit(const xs_mset_t *m, size_t i, uint32_t *docid, uint32_t *rank, double *weight)
{
    // Out of range (a caller bug) reads as an empty hit rather than
    // undefined behaviour.
    const xs_hit *h = hit_at(m, i);
    if (docid)
        *docid = h ? h->docid : 0;
    if (rank)
        *rank = h ? h->rank : 0;
    if (weight)
        *weight = h ? h->weight : 0;
}

extern "C" const char *
xs_mset_data(const xs_mset_t *m, size_t i, size_t *len)
{
    const xs_hit *h = hit_at(m, i);
    if (len)
        *len = h ? h->data.size() : 0;
    return h ? h->data.c_str() : nullptr;
}

extern "C" const char *
xs_mset_metadata(const xs_mset_t *m, size_t i, size_t *len)
{
    const xs_hit *h = hit_at(m, i);
    if (len)
        *len = h && h->meta_read ? h->meta.size() : 0;
    return h && h->meta_read ? h->meta.c_str() : nullptr;
}

extern "C" const char *
xs_mset_value(const xs_mset_t *m, size_t i, uint32_t slot, size_t *len)
{
    const xs_hit *h = hit_at(m, i);
    if (len)
        *len = 0;
    if (!h)
        return nullptr;
    const std::string *v = value_read(*h, slot);
    if (!v)
        return "";
    if (len)
        *len = v->size();
    return v->c_str();
}

extern "C" xs_status_t
xs_mset_matching_terms(xs_db_t *db, const xs_mset_t *m, size_t i, xs_match_term_cb cb, void *ctx)
{
    return xs::guard(db, [&] {
        const xs_hit *h = hit_at(m, i);
        if (!h || !cb)
            xs::fail(XS_INVALID, "no such hit, or callback is NULL");
        Xapian::Database &d = xs::reading(db);
        // Collected first so that a retry cannot hand CB a term twice.
        std::vector<std::string> terms = xs::with_retry(db, [&] {
            Xapian::Enquire enquire(d);
            enquire.set_query(m->query);
            std::vector<std::string> found;
            for (Xapian::TermIterator t = enquire.get_matching_terms_begin(h->docid);
                 t != enquire.get_matching_terms_end(h->docid); ++t)
                found.push_back(*t);
            return found;
        });
        for (const std::string &t : terms)
            if (cb(ctx, t.c_str(), t.size()))
                break;
        return XS_OK;
    });
}

extern "C" void
xs_mset_free(xs_mset_t *m)
{
    delete m;
}

namespace {

// Runs Q over its whole match set with SPY watching, or over its first
// CAP matches (0: all): every match checked, the counts are exact (a spy
// sees only the documents the match looks at).  Unweighted: a spy
// counts, and BM25's weight of every match was a third of the pass.
Xapian::MSet
match_all(Xapian::Database &d, const xs_query_t *q, Xapian::MatchSpy &spy, Xapian::doccount cap = 0)
{
    const Xapian::Query xq = xs::resolve(*q, d);
    Xapian::Enquire enquire(d);
    enquire.set_query(xq);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.add_matchspy(&spy);
    const Xapian::doccount all = d.get_doccount();
    return enquire.get_mset(0, 0, cap > 0 && cap < all ? cap : all);
}

// The distinct groups (values of slot PER) of the matches per value of
// slot SLOT; a match without a group is a group of its own.
class GroupSpy : public Xapian::MatchSpy {
    Xapian::valueno slot, per;

  public:
    std::map<std::string, std::set<std::string>> groups;

    GroupSpy(Xapian::valueno s, Xapian::valueno p) : slot(s), per(p) {}

    void operator()(const Xapian::Document &doc, double) override
    {
        std::string v = doc.get_value(slot);
        if (v.empty())
            return;
        std::string g = doc.get_value(per);
        if (g.empty())
            g = std::string(1, '\0') + std::to_string(doc.get_docid());
        groups[v].insert(std::move(g));
    }
};

// GroupSpy's counts without it: Xapian cannot send a MatchSpy of its
// user's to a remote shard (only its own, ValueCountMatchSpy among them,
// which xapian-tcpsrv knows by name).  The values of SLOT among the
// matches come from a ValueCountMatchSpy, then each value's groups are
// counted as the matches with that value collapsed on PER: one per
// group, and one per match without a group (Xapian collapses only
// documents that have a key), merged across shards by the matcher.  A
// search per value, so only over remote shards.
std::vector<std::pair<std::string, Xapian::doccount>>
count_groups_remote(Xapian::Database &d, const xs_query_t *q, uint32_t slot, uint32_t per)
{
    Xapian::ValueCountMatchSpy values(static_cast<Xapian::valueno>(slot));
    match_all(d, q, values);
    const Xapian::Query xq = xs::resolve(*q, d);
    std::vector<std::pair<std::string, Xapian::doccount>> v;
    for (Xapian::TermIterator t = values.values_begin(); t != values.values_end(); ++t) {
        Xapian::Enquire enquire(d);
        enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, xq,
                                        Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot, *t, *t)));
        enquire.set_weighting_scheme(Xapian::BoolWeight());
        enquire.set_collapse_key(static_cast<Xapian::valueno>(per));
        const Xapian::doccount all = d.get_doccount();
        v.emplace_back(*t, enquire.get_mset(0, all, all).size());
    }
    return v;
}

// A set of non-empty strings kept flat: a value of at most 16 bytes (a
// file id is 16 hex digits) packed in place in 16 (one shorter than 16
// zero-padded with its length in the last byte, one of 16 as it is when
// its last byte is not below 16, so that no two values share a key), found
// by open addressing, with no allocation per value; other values go to a
// node set.  All zero marks an empty place: no value packs to it.  Keys of
// 16 bytes, not 24 with a length of their own: the table of a common
// word's 4,910 meetings grows to 16,384 places, and each page of it a
// one-query process touches is a page fault.
class ValueSet {
    struct Key {
        uint64_t w[2];
        bool operator==(const Key &k) const { return w[0] == k.w[0] && w[1] == k.w[1]; }
        bool empty() const { return (w[0] | w[1]) == 0; }
    };
    std::vector<Key> table = std::vector<Key>(64);
    size_t used = 0;
    std::unordered_set<std::string> longer;

    static size_t place(const Key &k, size_t mask)
    {
        uint64_t h = (k.w[0] ^ (k.w[1] * 0x9e3779b97f4a7c15ULL)) * 0xff51afd7ed558ccdULL;
        return static_cast<size_t>(h ^ (h >> 29)) & mask;
    }

    // Puts K in its place in TABLE unless there; true if it was not.
    static bool put(std::vector<Key> &table, const Key &k)
    {
        const size_t mask = table.size() - 1;
        for (size_t i = place(k, mask);; i = (i + 1) & mask) {
            if (table[i].empty()) {
                table[i] = k;
                return true;
            }
            if (table[i] == k)
                return false;
        }
    }

  public:
    void insert(const std::string &v)
    {
        if (v.empty())
            return;
        const size_t n = v.size();
        if (n > sizeof(Key::w) || (n == sizeof(Key::w) && static_cast<unsigned char>(v[n - 1]) < sizeof(Key::w))) {
            longer.insert(v);
            return;
        }
        Key k = { { 0, 0 } };
        std::memcpy(k.w, v.data(), n);
        if (n < sizeof(Key::w)) {
            const unsigned char len = static_cast<unsigned char>(n);
            std::memcpy(reinterpret_cast<unsigned char *>(k.w) + sizeof(Key::w) - 1, &len, 1);
        }
        if (!put(table, k))
            return;
        // At most half full, so a probe ends soon.
        if (++used * 2 > table.size()) {
            std::vector<Key> bigger(table.size() * 2);
            for (const Key &old : table)
                if (!old.empty())
                    put(bigger, old);
            table.swap(bigger);
        }
    }

    size_t size() const { return used + longer.size(); }
};

// The matches it sees and the distinct non-empty values of one slot
// among them, for a local database.  ValueCountMatchSpy counts the same
// but keeps a count per value in a std::map (a tree insert of a string
// per match: 7 M of palliation's 56 M instructions at 500 MB), where a
// count of distinct values needs only a set; Xapian's remote protocol
// sends only its own spies, so remote shards keep that one.  On one local
// database read by a reader that asked for the slot's value runs
// (xs_db_use_value_runs) it keeps the matches' ids instead, and
// distinct() looks them up in the runs, or reads their values in one
// pass when the runs do not hold.
class DistinctSpy : public Xapian::MatchSpy {
    Xapian::valueno slot;
    bool keep_ids = false;
    std::vector<Xapian::docid> ids;
    bool sorted = false; // IDS sorted since the match (ascending stays as seen)

  public:
    Xapian::doccount total = 0;
    ValueSet values;
    Xapian::docid last = 0; // the last match seen
    bool ascending = true;  // and every one after the one before

    explicit DistinctSpy(Xapian::valueno s) : slot(s) {}
    DistinctSpy(Xapian::valueno s, const xs_db *db, const Xapian::Database &d)
        : slot(s), keep_ids(xs::runs_apply(db, d, s))
    {
    }

    void operator()(const Xapian::Document &doc, double) override
    {
        total++;
        const Xapian::docid did = doc.get_docid();
        ascending = ascending && did > last;
        last = did;
        if (keep_ids)
            ids.push_back(did);
        else if (slot != Xapian::BAD_VALUENO)
            values.insert(doc.get_value(slot));
    }

    // The ids of the matches seen, in ascending order (kept where the
    // runs apply).
    const std::vector<Xapian::docid> &sorted_ids()
    {
        if (!ascending && !sorted) {
            std::sort(ids.begin(), ids.end());
            sorted = true;
        }
        return ids;
    }

    // The distinct values among the matches seen, of D (DB's database).
    Xapian::doccount distinct(xs_db *db, const Xapian::Database &d)
    {
        if (!keep_ids)
            return static_cast<Xapian::doccount>(values.size());
        // Loading the runs (42 KB at 500 MB) costs more than a few value
        // reads: a reader loads them for a count of many matches, then
        // keeps them for its generation.
        xs::ValueRuns &runs = db->runs;
        if ((runs.loaded(db->generation) || ids.size() >= kRunsWorthLoading) && runs.usable(db, d))
            return runs.distinct(ids);
        Xapian::ValueIterator v = d.valuestream_begin(slot);
        for (Xapian::docid did : sorted_ids()) {
            v.skip_to(did);
            if (v == d.valuestream_end(slot))
                break;
            if (v.get_docid() == did)
                values.insert(*v);
        }
        return static_cast<Xapian::doccount>(values.size());
    }

    static constexpr size_t kRunsWorthLoading = 64;
};

// Runs Q over its first CAP matches (0: all) into *TOTAL, the matches
// seen, and *DISTINCT, the distinct values of SLOT among them, with the
// spy that the database can run; returns the match set for its bounds.
// *REACHED receives the last document seen when the matches seen are
// all those of documents 1 to it, else 0: on one local database Xapian's
// matcher goes through the documents in order of their ids, over shards
// one shard after the other (MergePostList), and a remote shard's
// matches are not seen one by one.
Xapian::MSet
count_distinct(xs_db_t *db, Xapian::Database &d, const xs_query_t *q, uint32_t slot, uint32_t cap,
               Xapian::doccount *total, Xapian::doccount *distinct, Xapian::docid *reached)
{
    const Xapian::valueno s = static_cast<Xapian::valueno>(slot);
    *reached = 0;
    if (xs::has_remote(db)) {
        Xapian::ValueCountMatchSpy spy(s);
        Xapian::MSet m = match_all(d, q, spy, cap);
        *total = spy.get_total();
        *distinct = static_cast<Xapian::doccount>(std::distance(spy.values_begin(), spy.values_end()));
        return m;
    }
    DistinctSpy spy(s, db, d);
    Xapian::MSet m = match_all(d, q, spy, cap);
    *total = spy.total;
    *distinct = spy.distinct(db, d);
    if (d.size() == 1 && spy.ascending)
        *reached = spy.last;
    return m;
}

// The ids a sample covers and all the ids, summed over the shards (the
// matcher clones a SampleSource per sub-database and initialises each
// clone on its own shard).
struct SampleShare {
    double sampled = 0, all = 0;
    Xapian::docid block = 0; // a block's ids (the last database's)
};

// The ids among 1..UPTO in the sampled blocks of BLOCK ids each.
Xapian::doccount
sampled_ids(Xapian::docid block, Xapian::docid upto)
{
    Xapian::doccount n = 0;
    for (Xapian::docid start = 1; start <= upto; start += XS_SAMPLE_STRIDE * block)
        n += std::min<Xapian::docid>(block, upto - start + 1);
    return n;
}

// The document ids of every XS_SAMPLE_STRIDE-th block of a database's
// ids, blocks sized so that a database has 64 such, but at least 256
// ids: evenly spaced over the archive (its files are indexed in order,
// so a block is a run of neighbouring files, not a year or a body alone)
// and always the same ones.  A file across a block's edge is counted as
// a whole meeting though only some of its passages are in the sample,
// so the meetings come out too many by about a file's passages over a
// block's (1,429 ids at 500 MB: about 1.5%; with 256, a small archive's
// 7%).  Ids of deleted documents are yielded too; the query it filters
// never matches them.
class SampleSource : public Xapian::PostingSource {
    std::shared_ptr<SampleShare> share;
    Xapian::docid last = 0, did = 0, block = 1;

    // The first sampled id at or after D.
    Xapian::docid settle(Xapian::docid d) const
    {
        const Xapian::docid k = (d - 1) / block;
        return k % XS_SAMPLE_STRIDE == 0 ? d : (k / XS_SAMPLE_STRIDE + 1) * XS_SAMPLE_STRIDE * block + 1;
    }

  public:
    explicit SampleSource(std::shared_ptr<SampleShare> s) : share(std::move(s)) {}

    void init(const Xapian::Database &db) override
    {
        last = db.get_lastdocid();
        block = std::max<Xapian::docid>(256, (last + 64 * XS_SAMPLE_STRIDE - 1) / (64 * XS_SAMPLE_STRIDE));
        did = 0;
        share->sampled += sampled_ids(block, last);
        share->all += last;
        share->block = block;
        set_maxweight(0);
    }
    Xapian::doccount get_termfreq_min() const override { return 0; }
    Xapian::doccount get_termfreq_est() const override { return last / XS_SAMPLE_STRIDE; }
    Xapian::doccount get_termfreq_max() const override { return last; }
    Xapian::docid get_docid() const override { return did; }
    bool at_end() const override { return did > last; }
    void next(double) override { did = settle(did + 1); }
    void skip_to(Xapian::docid to, double) override
    {
        if (to > did)
            did = settle(to);
    }
    Xapian::PostingSource *clone() const override { return new SampleSource(share); }
};

typedef std::vector<std::pair<std::string, Xapian::doccount>> Counts;

// Q's matches per non-empty value of SLOT, in one pass of their own.
Counts
values_pass(Xapian::Database &d, const xs_query_t *q, uint32_t slot)
{
    Xapian::ValueCountMatchSpy spy(static_cast<Xapian::valueno>(slot));
    match_all(d, q, spy);
    Counts v;
    for (Xapian::TermIterator t = spy.values_begin(); t != spy.values_end(); ++t)
        v.emplace_back(*t, t.get_termfreq());
    return v;
}

// The distinct values of PER among Q's matches per value of SLOT, in one
// pass of their own.
Counts
groups_pass(const xs_db *db, Xapian::Database &d, const xs_query_t *q, uint32_t slot, uint32_t per)
{
    if (xs::has_remote(db))
        return count_groups_remote(d, q, slot, per);
    GroupSpy spy(static_cast<Xapian::valueno>(slot), static_cast<Xapian::valueno>(per));
    match_all(d, q, spy);
    Counts v;
    for (const auto &g : spy.groups)
        v.emplace_back(g.first, static_cast<Xapian::doccount>(g.second.size()));
    return v;
}

// Counts per value, the counter of the value last asked for at hand:
// neighbouring matches mostly share theirs.
class Tally {
    std::unordered_map<std::string, size_t> index;
    Counts counts;
    size_t last = SIZE_MAX;

  public:
    // The counter of value V.
    size_t of(const std::string &v)
    {
        if (last != SIZE_MAX && counts[last].first == v)
            return last;
        auto it = index.find(v);
        if (it == index.end()) {
            it = index.emplace(v, counts.size()).first;
            counts.emplace_back(v, 0);
        }
        return last = it->second;
    }
    void add(size_t counter) { counts[counter].second++; }
    // The counts in byte order of the values.
    Counts sorted()
    {
        std::sort(counts.begin(), counts.end());
        return std::move(counts);
    }
};

// What values_pass (GROUPS false) or groups_pass with PER the runs' slot
// (GROUPS true) count, for the matches IDS (ascending) through RUNS: a
// value read per match, and the group of a match (its run's value) looked
// up, not read.  CONSTANT: SLOT's value is the same for every document of
// a group (a meeting's year or body), and is read once per run met.
Counts
count_by_runs(Xapian::Database &d, const xs::ValueRuns &runs, const std::vector<Xapian::docid> &ids,
              Xapian::valueno slot, bool constant, bool groups)
{
    Tally tally;
    Xapian::ValueIterator v = d.valuestream_begin(slot);
    const Xapian::ValueIterator end = d.valuestream_end(slot);
    std::vector<uint64_t> seen;         // groups counted, for a constant slot
    std::unordered_set<uint64_t> pairs; // (counter, group) counted, for another
    if (groups && constant)
        seen.resize((runs.values + 63) / 64);
    size_t at = 0, run = SIZE_MAX, counter = SIZE_MAX; // the last match's run and counter
    for (Xapian::docid did : ids) {
        const size_t r = runs.run_of(did, &at);
        if (r == SIZE_MAX)
            continue;
        if (constant && r == run) {
            if (counter != SIZE_MAX && !groups)
                tally.add(counter);
            continue;
        }
        run = r;
        counter = SIZE_MAX;
        if (v != end)
            v.skip_to(did);
        if (v == end || v.get_docid() != did)
            continue; // no value
        counter = tally.of(*v);
        if (!groups) {
            tally.add(counter);
            continue;
        }
        const uint32_t g = runs.number(r);
        if (constant) {
            uint64_t &w = seen[g / 64];
            const uint64_t bit = uint64_t(1) << (g % 64);
            if (!(w & bit))
                tally.add(counter);
            w |= bit;
        } else if (pairs.insert(uint64_t(counter) << 32 | g).second) {
            tally.add(counter);
        }
    }
    return tally.sorted();
}

// Passes COUNTS to CB until it asks to stop.
xs_status_t
report(const std::vector<std::pair<std::string, Xapian::doccount>> &counts, xs_count_cb cb, void *ctx)
{
    for (const auto &c : counts)
        if (cb(ctx, c.first.data(), c.first.size(), c.second))
            break;
    return XS_OK;
}

} // namespace

extern "C" xs_status_t
xs_db_count_values(xs_db_t *db, const xs_query_t *q, uint32_t slot, xs_count_cb cb, void *ctx)
{
    return xs::guard(db, [&] {
        if (!q || !cb)
            xs::fail(XS_INVALID, "query or callback is NULL");
        Xapian::Database &d = xs::reading(db);
        auto counts = xs::with_retry(db, [&] { return values_pass(d, q, slot); });
        return report(counts, cb, ctx);
    });
}

extern "C" xs_status_t
xs_db_count_distinct(xs_db_t *db, const xs_query_t *q, uint32_t slot, uint32_t cap, uint32_t *matches,
                     uint32_t *distinct, int *exact)
{
    return xs::guard(db, [&] {
        if (!q || !matches || !distinct || !exact)
            xs::fail(XS_INVALID, "query or count is NULL");
        Xapian::Database &d = xs::reading(db);
        auto counts = xs::with_retry(db, [&]() -> std::tuple<Xapian::doccount, Xapian::doccount, bool> {
            Xapian::doccount total, n;
            Xapian::docid reached;
            Xapian::MSet m = count_distinct(db, d, q, slot, cap, &total, &n, &reached);
            // Every match seen: bounds that meet are not enough (a term's
            // frequency is exact before its postings are read).
            bool all = total == m.get_matches_upper_bound();
            if (all || total == 0)
                return std::make_tuple(total, n, all);
            // The values of the matches counted, as many more in the rest
            // as the rest is larger: of the documents when the matches
            // counted are those of the first REACHED (a file's passages
            // are neighbours, so the values seen are mostly not met
            // again); else of the matches, by Xapian's estimate, which
            // for words with several spellings or a phrase is often
            // twice or half the truth (a median error of 20% against 3%
            // over the bench's capped meeting counts at 500 MB).
            Xapian::doccount est = m.get_matches_estimated();
            double share = reached ? static_cast<double>(reached) / d.get_lastdocid()
                                   : static_cast<double>(total) / est;
            double scaled = static_cast<double>(n) / share;
            return std::make_tuple(est, static_cast<Xapian::doccount>(std::min<double>(scaled, est)), all);
        });
        *matches = std::get<0>(counts);
        *distinct = std::get<1>(counts);
        *exact = std::get<2>(counts);
        return XS_OK;
    });
}

extern "C" xs_status_t
xs_db_count_sample(xs_db_t *db, const xs_query_t *q, const xs_query_t *bound, uint32_t slot, uint32_t cap,
                   uint32_t above, uint32_t *matches, uint32_t *distinct, int *sampled)
{
    return xs::guard(db, [&] {
        if (!q || !matches || !distinct || !sampled)
            xs::fail(XS_INVALID, "query or count is NULL");
        *sampled = 0;
        if (xs::has_remote(db))
            return XS_OK;
        Xapian::Database &d = xs::reading(db);
        auto counts = xs::with_retry(db, [&]() -> std::tuple<Xapian::doccount, Xapian::doccount, int> {
            // The bound comes from the terms' frequencies: no match is
            // looked for.
            const Xapian::Query xq = xs::resolve(*q, d);
            Xapian::Enquire bounds(d);
            bounds.set_query(bound ? xs::resolve(*bound, d) : xq);
            bounds.set_weighting_scheme(Xapian::BoolWeight());
            const Xapian::doccount most = bounds.get_mset(0, 0, Xapian::doccount(0)).get_matches_upper_bound();
            if (most <= above)
                return std::make_tuple(0u, 0u, 0);
            auto share = std::make_shared<SampleShare>();
            SampleSource source(share);
            Xapian::Enquire enquire(d);
            enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, xq, Xapian::Query(&source)));
            enquire.set_weighting_scheme(Xapian::BoolWeight());
            DistinctSpy spy(slot == XS_NO_SLOT ? Xapian::BAD_VALUENO : static_cast<Xapian::valueno>(slot), db, d);
            enquire.add_matchspy(&spy);
            const Xapian::doccount all = d.get_doccount();
            Xapian::MSet m = enquire.get_mset(0, 0, cap > 0 && cap < all ? cap : all);
            // Every match of the sample seen and too few to scale: the
            // matches are few, which the caller may count as it searches.
            if (spy.total < XS_SAMPLE_MIN && share->sampled > 0 && spy.total == m.get_matches_upper_bound())
                return std::make_tuple(0u, 0u, -1);
            if (spy.total < XS_SAMPLE_MIN || share->sampled <= 0)
                return std::make_tuple(0u, 0u, 0);
            double scale = share->all / share->sampled;
            // Stopped at CAP (a common word: its sample would hold tens of
            // thousands): on one local database the matches come in
            // order of their ids, so those seen are the sample's among
            // ids 1 to the last seen, scaled by the sampled ids up to it
            // (as xs_db_count_distinct scales its meetings), which saves
            // counting CAP matches again without the sample.  Over shards
            // the caller counts as before.
            if (spy.total != m.get_matches_upper_bound()) {
                if (d.size() != 1 || !spy.ascending)
                    return std::make_tuple(0u, 0u, 0);
                scale = share->all / sampled_ids(share->block, spy.last);
            }
            return std::make_tuple(static_cast<Xapian::doccount>(std::lround(spy.total * scale)),
                                   static_cast<Xapian::doccount>(std::lround(spy.distinct(db, d) * scale)), 1);
        });
        if (std::get<2>(counts) > 0) {
            *matches = std::get<0>(counts);
            *distinct = std::get<1>(counts);
        }
        *sampled = std::get<2>(counts);
        return XS_OK;
    });
}

extern "C" xs_status_t
xs_db_count_groups(xs_db_t *db, const xs_query_t *q, uint32_t slot, uint32_t per, xs_count_cb cb,
                   void *ctx)
{
    return xs::guard(db, [&] {
        if (!q || !cb)
            xs::fail(XS_INVALID, "query or callback is NULL");
        Xapian::Database &d = xs::reading(db);
        auto counts = xs::with_retry(db, [&] { return groups_pass(db, d, q, slot, per); });
        return report(counts, cb, ctx);
    });
}

extern "C" xs_status_t
xs_db_count_facets(xs_db_t *db, const xs_query_t *q, size_t n, const uint32_t *slots, const int *constant,
                   uint32_t per, xs_facet_cb cb, void *ctx, uint32_t *matches, uint32_t *groups, int *counted)
{
    return xs::guard(db, [&] {
        if (!q || !cb || (n && !slots))
            xs::fail(XS_INVALID, "query, slots or callback is NULL");
        if (counted)
            *counted = 0;
        Xapian::Database &d = xs::reading(db);
        xs::ValueRuns &runs = db->runs;
        auto counts = xs::with_retry(db, [&] {
            std::vector<Counts> all(n);
            // One pass for every slot where the runs hold and group by
            // PER; else a pass per slot, as the counts of one slot make.
            const bool one = n > 0 && (per == XS_NO_SLOT || per == runs.slot) && xs::runs_apply(db, d, runs.slot) &&
                             runs.usable(db, d);
            if (!one) {
                for (size_t i = 0; i < n; i++)
                    all[i] = per == XS_NO_SLOT ? values_pass(d, q, slots[i]) : groups_pass(db, d, q, slots[i], per);
                return std::make_tuple(all, 0u, 0u, false);
            }
            DistinctSpy spy(runs.slot, db, d); // keeps the matches' ids
            match_all(d, q, spy);
            const std::vector<Xapian::docid> &ids = spy.sorted_ids();
            for (size_t i = 0; i < n; i++)
                all[i] = count_by_runs(d, runs, ids, static_cast<Xapian::valueno>(slots[i]), constant && constant[i],
                                       per != XS_NO_SLOT);
            return std::make_tuple(all, spy.total, spy.distinct(db, d), true);
        });
        if (std::get<3>(counts) && matches && groups && counted) {
            *matches = std::get<1>(counts);
            *groups = std::get<2>(counts);
            *counted = 1;
        }
        const std::vector<Counts> &all = std::get<0>(counts);
        for (size_t i = 0; i < n; i++)
            for (const auto &c : all[i])
                if (cb(ctx, i, c.first.data(), c.first.size(), c.second))
                    return XS_OK;
        return XS_OK;
    });
}
