/* index-bytes: where the bytes of a referat index go, by term prefix and
 * by value slot (docs/performance.md, "Index size", issue 19).  A study
 * tool, not part of the build:
 *
 *     g++ -O2 -o /tmp/index-bytes scripts/index-bytes.cc -lxapian
 *     /tmp/index-bytes [--positions N] DB
 *
 * Glass stores a term's postings as (docid gap, wdf) varints, each
 * (term, passage) position list under a key that spells the term and the
 * docid, and each passage's termlist as its terms with the prefix they
 * share with the one before; the tool adds up those encodings per prefix
 * (an estimate: B-tree item overhead and chunk headers are counted as a
 * few bytes each) and prints them beside the real table sizes, so the
 * shares can be scaled to them.  Position lists are read for every Nth
 * posting of a positional term (--positions N, default 1) and scaled.
 * For the terms that belong to a meeting or an agenda item it also
 * counts how many files hold each (the postings one per file would
 * need), and for every term how many agenda items (one per item).  Prints tab-separated tables on stdout. */
#include <xapian.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <sys/stat.h>
#include <unordered_set>
#include <vector>

namespace {

/* Bytes of an unsigned varint as glass's pack_uint writes it. */
unsigned varint_len(unsigned long long v)
{
    unsigned n = 1;
    while (v >= 128) {
        v >>= 7;
        n++;
    }
    return n;
}

/* A term's prefix: referat's prefixes are upper-case ASCII letters and
 * words never begin with one (docs/index-format.md); BC, BM, BN are
 * two letters; the T terms are told apart by name. */
std::string prefix_of(const std::string &t)
{
    if (t.empty() || t[0] < 'A' || t[0] > 'Z')
        return "(word)";
    if (t[0] == 'B' && t.size() > 1 && (t[1] == 'C' || t[1] == 'M' || t[1] == 'N'))
        return t.substr(0, 2);
    if (t[0] == 'T')
        return t.compare(0, 2, "Tf") == 0 ? "Tf*" : t;
    return t.substr(0, 1);
}

struct Counts {
    unsigned long long terms = 0, postings = 0, wdf = 0;
    double post_bytes = 0;        /* postlist: gaps and wdfs, plus per-term key */
    unsigned long long positional = 0; /* postings that have positions */
    double positions = 0, pos_bytes = 0; /* scaled from the sampled lists */
    double tl_bytes = 0;          /* termlist entries */
    unsigned long long files = 0; /* (term, file) pairs: postings one per file */
    unsigned long long items = 0; /* (term, item) pairs: postings one per item */
};

/* Bits glass's interpolative coding takes for a sorted list, roughly:
 * each position between its neighbours costs log2 of the room left. */
double interpolative_bits(const std::vector<Xapian::termpos> &p)
{
    if (p.size() < 2)
        return 0;
    double span = double(p.back() - p.front() + 1);
    return double(p.size() - 2) * (std::log2(span / double(p.size())) + 1.0);
}

off_t file_size(const std::string &path)
{
    struct stat st;
    return stat(path.c_str(), &st) == 0 ? st.st_size : 0;
}

/* Prefixes whose terms describe the meeting or the agenda item, not
 * the passage's own words. */
bool per_file_prefix(const std::string &p)
{
    return p == "I" || p == "C" || p == "H" || p == "B" || p == "BC" || p == "BM" ||
           p == "BN" || p == "Y" || p == "L" || p == "F" || p == "S" || p == "Tf*" ||
           p == "Tnorm" || p == "Tagenda";
}

} // namespace

int main(int argc, char **argv)
{
    unsigned sample = 1;
    int a = 1;
    if (a + 1 < argc && std::strcmp(argv[a], "--positions") == 0) {
        sample = unsigned(std::atoi(argv[a + 1]));
        a += 2;
    }
    if (a + 1 != argc || sample == 0) {
        std::fprintf(stderr, "usage: index-bytes [--positions N] DB\n");
        return 2;
    }
    std::string path = argv[a];
    try {
        Xapian::Database db(path);
        Xapian::docid last = db.get_lastdocid();
        /* Each passage's file, from the file id value (slot 7). */
        std::vector<unsigned> file_of(last + 1, 0);
        std::map<std::string, unsigned> file_ids;
        for (auto v = db.valuestream_begin(7); v != db.valuestream_end(7); ++v) {
            auto ins = file_ids.emplace(*v, unsigned(file_ids.size() + 1));
            file_of[v.get_docid()] = ins.first->second;
        }
        /* Each passage's agenda item: its file and its case or item
         * name (slot 14; the passages of a file outside any item count
         * as one item). */
        std::vector<unsigned> item_of(last + 1, 0);
        std::map<std::pair<unsigned, std::string>, unsigned> item_ids;
        for (auto p = db.postlist_begin(""); p != db.postlist_end(""); ++p) {
            auto key = std::make_pair(file_of[*p], db.get_document(*p).get_value(14));
            auto ins = item_ids.emplace(key, unsigned(item_ids.size() + 1));
            item_of[*p] = ins.first->second;
        }
        std::map<std::string, Counts> by;
        for (auto t = db.allterms_begin(); t != db.allterms_end(); ++t) {
            std::string term = *t;
            Counts &c = by[prefix_of(term)];
            c.terms++;
            /* The first chunk's key spells the term; each chunk of about
             * 2 KB repeats it with a docid. */
            double bytes = double(term.size()) + 8;
            Xapian::docid prev = 0;
            unsigned long long n = 0;
            bool want_files = per_file_prefix(prefix_of(term));
            /* Only words, compound parts and item headings have positions. */
            std::string pf = prefix_of(term);
            bool positional = pf == "(word)" || pf == "K" || pf == "H";
            std::unordered_set<unsigned> files;
            unsigned last_file = 0, last_item = 0;
            unsigned long long items = 0;
            for (auto p = db.postlist_begin(term); p != db.postlist_end(term); ++p, ++n) {
                Xapian::docid d = *p;
                Xapian::termcount w = p.get_wdf();
                bytes += varint_len(d - prev - 1) + varint_len(w);
                prev = d;
                c.wdf += w;
                /* An item's passages are consecutive documents. */
                if (item_of[d] != last_item) {
                    last_item = item_of[d];
                    items++;
                }
                if (want_files && file_of[d] != last_file) {
                    last_file = file_of[d];
                    files.insert(last_file);
                }
                if (positional && n % sample == 0) {
                    std::vector<Xapian::termpos> pos(p.positionlist_begin(), p.positionlist_end());
                    if (!pos.empty()) {
                        /* Key: the term, a terminator, the docid (about 3
                         * bytes); tag: the last position, the count and
                         * the coded list; B-tree item header: 4. */
                        double b = double(term.size()) + 1 + 3 + 4 + varint_len(pos.back()) +
                                   (pos.size() > 1 ? varint_len(pos.size()) + varint_len(pos.front()) : 0) +
                                   std::ceil(interpolative_bits(pos) / 8);
                        c.positional += sample;
                        c.positions += double(pos.size()) * sample;
                        c.pos_bytes += b * sample;
                    }
                }
            }
            bytes += double(n / 200) * (term.size() + 8);
            c.postings += n;
            c.post_bytes += bytes;
            c.files += files.size();
            c.items += items;
        }
        /* Termlists: each entry the length of the prefix it shares with
         * the term before, the rest's length, the rest, and its wdf. */
        unsigned long long docs = 0;
        for (auto p = db.postlist_begin(""); p != db.postlist_end(""); ++p) {
            docs++;
            std::string prev;
            for (auto t = db.termlist_begin(*p); t != db.termlist_end(*p); ++t) {
                const std::string &term = *t;
                size_t common = 0;
                while (common < prev.size() && common < term.size() && prev[common] == term[common])
                    common++;
                by[prefix_of(term)].tl_bytes +=
                    2 + double(term.size() - common) + varint_len(t.get_wdf());
                prev = term;
            }
        }
        std::printf("# %s: %llu passages, %zu files\n", path.c_str(), docs, file_ids.size());
        std::printf("# tables (MB):");
        for (const char *tb : { "postlist", "termlist", "position", "docdata", "synonym", "spelling" }) {
            off_t s = file_size(path + "/" + tb + ".glass");
            if (s)
                std::printf(" %s %.1f", tb, double(s) / 1e6);
        }
        std::printf("\n");
        std::printf("prefix\tterms\tpostings\tpost_MB_est\tpositional\tpositions\tpos_MB_est\ttermlist_MB_est\tfiles\titems\n");
        Counts sum;
        for (const auto &kv : by) {
            const Counts &c = kv.second;
            std::printf("%s\t%llu\t%llu\t%.1f\t%llu\t%.0f\t%.1f\t%.1f\t%llu\t%llu\n", kv.first.c_str(),
                        c.terms, c.postings, c.post_bytes / 1e6, c.positional, c.positions,
                        c.pos_bytes / 1e6, c.tl_bytes / 1e6, c.files, c.items);
            sum.terms += c.terms;
            sum.postings += c.postings;
            sum.post_bytes += c.post_bytes;
            sum.positional += c.positional;
            sum.positions += c.positions;
            sum.pos_bytes += c.pos_bytes;
            sum.tl_bytes += c.tl_bytes;
            sum.items += c.items;
        }
        std::printf("total\t%llu\t%llu\t%.1f\t%llu\t%.0f\t%.1f\t%.1f\t\t%llu\n", sum.terms, sum.postings,
                    sum.post_bytes / 1e6, sum.positional, sum.positions, sum.pos_bytes / 1e6,
                    sum.tl_bytes / 1e6, sum.items);
        /* Values: glass keeps each slot's values in chunks of the
         * postlist table (docid gap, length, bytes) and each passage's
         * set of slots in the termlist table. */
        std::printf("slot\tvalues\tvalue_bytes\tMB_est\n");
        for (Xapian::valueno s = 0; s < 32; s++) {
            unsigned long long n = 0;
            double bytes = 0;
            Xapian::docid prev = 0;
            for (auto v = db.valuestream_begin(s); v != db.valuestream_end(s); ++v) {
                n++;
                bytes += varint_len(v.get_docid() - prev) + varint_len((*v).size()) + (*v).size();
                prev = v.get_docid();
            }
            if (n)
                std::printf("%u\t%llu\t%.0f\t%.1f\n", s, n, bytes, bytes / 1e6);
        }
        /* User metadata (file records, content hints, syn: copies,
         * acronyms) lives in the postlist table too. */
        std::map<std::string, std::pair<unsigned long long, double>> meta;
        for (auto k = db.metadata_keys_begin(); k != db.metadata_keys_end(); ++k) {
            std::string key = *k;
            size_t colon = key.find(':');
            auto &m = meta[colon == std::string::npos ? key : key.substr(0, colon + 1)];
            m.first++;
            m.second += double(key.size() + db.get_metadata(key).size() + 6);
        }
        std::printf("metadata\tkeys\tMB_est\n");
        for (const auto &kv : meta)
            std::printf("%s\t%llu\t%.1f\n", kv.first.c_str(), kv.second.first, kv.second.second / 1e6);
        unsigned long long data = 0;
        for (auto p = db.postlist_begin(""); p != db.postlist_end(""); ++p)
        {
            Xapian::Document doc = db.get_document(*p);
            data += doc.get_data().size() + doc.get_value(18).size(); /* format 7: SLOT_RECORD */
        }
        std::printf("# document data: %.1f MB in %llu passages (%.0f bytes each)\n", double(data) / 1e6,
                    docs, docs ? double(data) / double(docs) : 0.0);
    } catch (const Xapian::Error &e) {
        std::fprintf(stderr, "index-bytes: %s: %s\n", path.c_str(), e.get_description().c_str());
        return 1;
    }
    return 0;
}
