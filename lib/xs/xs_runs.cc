// xs_runs.cc - value runs: which documents share a slot's value, kept in
// one metadata entry, so that a count of distinct values among many
// matches reads no value at all.
//
// Why: referat counts the meetings among a query's matches, the distinct
// file ids (a value slot) of its passages.  Glass reads a document's value
// by finding its chunk of about a hundred values in the B-tree and
// decoding the chunk up to the document: about 2,800 instructions a match
// at 500 MB, two thirds of a one-word count (docs/performance.md, "The
// fourth round, continued").  The passages of a file are written
// together, so their ids are neighbours, and the ids of a whole index fall
// into few runs that share a value: 41,667 runs for the 731,237 passages
// of the 500 MB bench, 42 KB stored, read in one metadata get and looked
// up with a binary search.
//
// The entry (docs/index-format.md) is a line of text, then the runs:
//
//   "runs 1 <slot> <doccount> <span> <runs> <values> <stamp>\n"
//   per run: varint(gap << 1 | again) [varint(value number + 1) if again]
//
// SPAN is the database's last document id less its first live one; GAP a
// run's first id less the previous run's (the first run's less the id
// before the first live one); a run whose value first appears takes the
// next value number, from 0, one seen before (a file whose passages were
// replaced and appended at the end) names its number.  Neither a gap nor
// a number written is 0, so the entry holds no NUL byte.  Runs cover the live documents in order of
// their ids; ids of deleted documents between them fall into the run
// before, which no match ever names.
//
// It is written only when every live document has a value in the slot,
// and read only while its counts and its stamp (the value of a metadata
// key the writer names, referat's last run) match the database's: a
// writer that changes the documents without writing the runs (an older
// program) changes them.  Compaction that prunes ids before the first
// live one keeps the span; one that closes gaps inside does not, and the
// runs are then passed over.

#include "xs_private.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <string>
#include <unordered_map>

namespace {

void
put_varint(std::string &out, uint64_t v)
{
    while (v >= 128) {
        out += static_cast<char>((v & 127) | 128);
        v >>= 7;
    }
    out += static_cast<char>(v);
}

// The varint at *P before LIM, moving *P past it; false when it does not
// end before LIM or is longer than 32 bits need.
bool
get_varint(const char **p, const char *lim, uint32_t *v)
{
    uint64_t r = 0;
    for (int shift = 0; *p < lim && shift < 35; shift += 7) {
        const unsigned char c = static_cast<unsigned char>(*(*p)++);
        r |= static_cast<uint64_t>(c & 127) << shift;
        if (!(c & 128)) {
            if (r > UINT32_MAX)
                return false;
            *v = static_cast<uint32_t>(r);
            return true;
        }
    }
    return false;
}

// The first live document's id, 0 in an empty database.
Xapian::docid
first_live(const Xapian::Database &d)
{
    Xapian::PostingIterator p = d.postlist_begin("");
    return p == d.postlist_end("") ? 0 : *p;
}

// The header's five numbers after "runs 1 " in HEAD, each a decimal that
// fits 32 bits, and where the stamp after them begins; false otherwise.
bool
parse_head(const std::string &head, uint32_t n[5], size_t *stamp)
{
    const char *p = head.c_str();
    if (head.compare(0, 7, "runs 1 ") != 0)
        return false;
    p += 7;
    for (int i = 0; i < 5; i++) {
        uint64_t v = 0;
        const char *digits = p;
        while (*p >= '0' && *p <= '9' && p - digits < 10)
            v = v * 10 + static_cast<uint64_t>(*p++ - '0');
        if (p == digits || *p++ != ' ' || v > UINT32_MAX)
            return false;
        n[i] = static_cast<uint32_t>(v);
    }
    *stamp = static_cast<size_t>(p - head.c_str());
    return true;
}

std::string
stamp_of(const Xapian::Database &d, const std::string &stamp_key)
{
    return stamp_key.empty() ? std::string() : d.get_metadata(stamp_key);
}

// The entry for SLOT of D, or "" when a live document has no value there
// or the stamp would not fit on the line.
std::string
encode(const Xapian::Database &d, Xapian::valueno slot, const std::string &stamp)
{
    if (stamp.find('\n') != std::string::npos)
        return std::string();
    std::unordered_map<std::string, uint32_t> numbers;
    std::string body, last;
    Xapian::docid first = 0, start = 0;
    Xapian::doccount walked = 0, runs = 0;
    for (Xapian::ValueIterator v = d.valuestream_begin(slot); v != d.valuestream_end(slot); ++v) {
        const Xapian::docid did = v.get_docid();
        std::string value = *v;
        if (walked++ == 0)
            start = (first = did) - 1;
        else if (value == last)
            continue;
        const uint64_t gap = did - start;
        start = did;
        runs++;
        auto seen = numbers.find(value);
        if (seen == numbers.end()) {
            put_varint(body, gap << 1);
            numbers.emplace(value, static_cast<uint32_t>(numbers.size()));
        } else {
            put_varint(body, gap << 1 | 1);
            put_varint(body, uint64_t(seen->second) + 1);
        }
        last = std::move(value);
    }
    if (walked == 0 || walked != d.get_doccount() || first != first_live(d))
        return std::string();
    char head[160];
    snprintf(head, sizeof head, "runs 1 %u %u %u %u %zu ", static_cast<unsigned>(slot), walked,
             d.get_lastdocid() - first, runs, numbers.size());
    return head + stamp + "\n" + body;
}

} // namespace

bool
xs::ValueRuns::load(const Xapian::Database &d)
{
    starts.clear();
    numbers.clear();
    values = 0;
    const std::string entry = d.get_metadata(key);
    const size_t eol = entry.find('\n');
    if (eol == std::string::npos)
        return false;
    const std::string head = entry.substr(0, eol);
    uint32_t n[5];
    size_t stamp;
    if (!parse_head(head, n, &stamp))
        return false;
    const uint32_t s = n[0], count = n[1], span = n[2], runs = n[3], nvalues = n[4];
    if (s != slot || count != d.get_doccount() || runs == 0 || runs > count || nvalues > runs ||
        head.compare(stamp, std::string::npos, stamp_of(d, stamp_key)) != 0)
        return false;
    const Xapian::docid first = first_live(d), lastdocid = d.get_lastdocid();
    if (first == 0 || lastdocid - first != span)
        return false;
    const char *p = entry.data() + eol + 1, *lim = entry.data() + entry.size();
    // Decoded straight into place: at 500 MB this is 41,667 runs, read
    // by every referat-query process that counts many matches.
    starts.resize(runs);
    uint64_t start = first - 1;
    uint32_t fresh = 0;
    unsigned i;
    for (i = 0; i < runs; i++) {
        uint32_t code, n;
        if (p < lim && !(*p & 0x80))
            code = static_cast<unsigned char>(*p++);
        else if (!get_varint(&p, lim, &code))
            break;
        if (code >> 1 == 0 || (i == 0 && code >> 1 != 1) || (start += code >> 1) > lastdocid)
            break;
        starts[i] = static_cast<Xapian::docid>(start);
        if (!(code & 1)) {
            n = fresh++;
            if (!numbers.empty())
                numbers[i] = n;
            continue;
        }
        if (!get_varint(&p, lim, &n) || n == 0 || --n >= fresh)
            break;
        // The first value that comes back: until here run I held value I.
        if (numbers.empty()) {
            numbers.resize(runs);
            for (uint32_t k = 0; k < i; k++)
                numbers[k] = k;
        }
        numbers[i] = n;
    }
    if (i < runs || p != lim || fresh != nvalues) {
        starts.clear();
        numbers.clear();
        return false;
    }
    values = nvalues;
    return true;
}

bool
xs::ValueRuns::usable(xs_db *db, const Xapian::Database &d)
{
    if (loaded_generation != db->generation || !tried) {
        tried = true;
        loaded_generation = db->generation;
        valid = load(d);
    }
    return valid;
}

size_t
xs::ValueRuns::run_of(Xapian::docid did, size_t *at) const
{
    size_t i = *at < starts.size() ? *at : 0;
    // Matches come in ascending order, most in the run of the match
    // before: that one is tried first, then those after it.
    if (did >= starts[i] && (i + 1 == starts.size() || did < starts[i + 1]))
        return i;
    auto from = did >= starts[i] ? starts.begin() + static_cast<std::ptrdiff_t>(i) : starts.begin();
    auto run = std::upper_bound(from, starts.end(), did);
    if (run == starts.begin())
        return SIZE_MAX;
    return *at = static_cast<size_t>(run - starts.begin()) - 1;
}

Xapian::doccount
xs::ValueRuns::distinct(const std::vector<Xapian::docid> &dids) const
{
    std::vector<uint64_t> seen((values + 63) / 64);
    Xapian::doccount n = 0;
    size_t at = 0;
    for (Xapian::docid did : dids) {
        const size_t run = run_of(did, &at);
        if (run == SIZE_MAX)
            continue;
        const uint32_t v = number(run);
        uint64_t &w = seen[v / 64];
        const uint64_t bit = uint64_t(1) << (v % 64);
        n += (w & bit) == 0;
        w |= bit;
    }
    return n;
}

bool
xs::runs_apply(const xs_db *db, const Xapian::Database &d, uint32_t slot)
{
    return slot != UINT32_MAX && db->runs.slot == slot && db->mode == XS_DB_READ && d.size() == 1 &&
           !xs::has_remote(db);
}

extern "C" xs_status_t
xs_db_use_value_runs(xs_db_t *db, uint32_t slot, const char *key, const char *stamp_key)
{
    return xs::guard(db, [&] {
        if (!key || !key[0])
            xs::fail(XS_INVALID, "value runs' key is empty");
        db->runs = xs::ValueRuns();
        db->runs.slot = slot;
        db->runs.key = key;
        db->runs.stamp_key = stamp_key ? stamp_key : "";
        return XS_OK;
    });
}

extern "C" xs_status_t
xs_db_store_value_runs(xs_db_t *db, uint32_t slot, const char *key, const char *stamp_key)
{
    return xs::guard(db, [&] {
        if (!key || !key[0])
            xs::fail(XS_INVALID, "value runs' key is empty");
        Xapian::WritableDatabase &w = xs::writing(db);
        const std::string entry =
            encode(w, static_cast<Xapian::valueno>(slot), stamp_of(w, stamp_key ? stamp_key : ""));
        // "" deletes the key: readers then read the values.
        if (w.get_metadata(key) != entry)
            w.set_metadata(key, entry);
        return XS_OK;
    });
}

extern "C" xs_status_t
xs_db_value_runs_hold(xs_db_t *db, int *hold)
{
    return xs::guard(db, [&] {
        if (!hold)
            xs::fail(XS_INVALID, "hold is NULL");
        Xapian::Database &d = xs::reading(db);
        *hold = xs::with_retry(db, [&] { return xs::runs_apply(db, d, db->runs.slot) && db->runs.usable(db, d); });
        return XS_OK;
    });
}
