/* item-docs: copy a referat index into one Xapian document per agenda
 * item instead of one per passage, to measure what that layout would
 * weigh and cost (docs/performance.md, "Documents per agenda item,
 * measured", issue 19's last point).  A study tool, not part of the build:
 *
 *     g++ -O2 -o /tmp/item-docs scripts/item-docs.cc -lxapian
 *     /tmp/item-docs [--passages] SRC OUT
 *
 * An item is a run of neighbouring passages of one file with one case
 * value (slot 14: a case number or an item's name; the passages before
 * a file's first item are one more).  Its document holds the union of
 * its passages' terms: wdfs summed, each passage's positions moved past
 * the one before it by ITEM_POSITION_GAP so that no phrase spans two
 * passages, boolean terms kept boolean; the values and the document
 * data of its first passage (so that referat-query and referat-serve
 * read it as they read a passage); every metadata key and synonym of SRC.
 * With --passages each passage is copied alone, the same way: the
 * baseline for the write time.  Prints the documents written and the
 * seconds spent reading and writing (CPU, this thread). */
#include <xapian.h>

#include <cstdio>
#include <cstring>
#include <ctime>
#include <map>
#include <string>
#include <vector>

namespace {

const Xapian::termpos ITEM_POSITION_GAP = 1000;
const Xapian::valueno SLOT_FILEID = 7, SLOT_CASE = 14;

double cpu_now()
{
    timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

/* One item being gathered: its terms, wdfs and positions. */
struct Item {
    struct Term {
        Xapian::termcount wdf = 0;
        std::vector<Xapian::termpos> pos;
    };
    std::map<std::string, Term> terms;
    Xapian::Document first;
    Xapian::termpos base = 0, top = 0;
    unsigned passages = 0;

    void add(const Xapian::Document &d)
    {
        if (passages++ == 0)
            first = d;
        for (auto t = d.termlist_begin(); t != d.termlist_end(); ++t) {
            Term &x = terms[*t];
            x.wdf += t.get_wdf();
            for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) {
                x.pos.push_back(base + *p);
                if (base + *p > top)
                    top = base + *p;
            }
        }
        base = top + ITEM_POSITION_GAP;
        top = base;
    }

    Xapian::Document build() const
    {
        Xapian::Document d;
        for (const auto &t : terms) {
            if (t.second.pos.empty()) {
                d.add_term(t.first, t.second.wdf);
                continue;
            }
            /* add_posting adds 1 to the wdf for each position; the rest
             * (a heading's extra weight, normalisation) comes after. */
            for (Xapian::termpos p : t.second.pos)
                d.add_posting(t.first, p, 0);
            d.add_term(t.first, t.second.wdf);
        }
        for (auto v = first.values_begin(); v != first.values_end(); ++v)
            d.add_value(v.get_valueno(), *v);
        d.set_data(first.get_data());
        return d;
    }

    void clear()
    {
        terms.clear();
        base = top = 0;
        passages = 0;
    }
};

} // namespace

int main(int argc, char **argv)
{
    bool passages = argc > 1 && std::strcmp(argv[1], "--passages") == 0;
    int a = passages ? 2 : 1;
    if (a + 2 != argc) {
        std::fprintf(stderr, "usage: item-docs [--passages] SRC OUT\n");
        return 2;
    }
    try {
        Xapian::Database db(argv[a]);
        Xapian::WritableDatabase out(argv[a + 1], Xapian::DB_CREATE);
        double reading = 0, writing = 0;
        unsigned long docs = 0, seen = 0;
        Item item;
        std::string file, kase;
        auto flush = [&]() {
            if (item.passages == 0)
                return;
            double t0 = cpu_now();
            Xapian::Document d = item.build();
            reading += cpu_now() - t0;
            t0 = cpu_now();
            out.add_document(d);
            if (++docs % 20000 == 0)
                out.commit();
            writing += cpu_now() - t0;
            item.clear();
        };
        for (auto p = db.postlist_begin(""); p != db.postlist_end(""); ++p) {
            double t0 = cpu_now();
            Xapian::Document d = db.get_document(*p);
            std::string f = d.get_value(SLOT_FILEID), c = d.get_value(SLOT_CASE);
            reading += cpu_now() - t0;
            if (passages || f != file || c != kase)
                flush();
            file = f;
            kase = c;
            t0 = cpu_now();
            item.add(d);
            reading += cpu_now() - t0;
            seen++;
        }
        flush();
        double t0 = cpu_now();
        for (auto k = db.metadata_keys_begin(); k != db.metadata_keys_end(); ++k)
            out.set_metadata(*k, db.get_metadata(*k));
        for (auto k = db.synonym_keys_begin(); k != db.synonym_keys_end(); ++k)
            for (auto t = db.synonyms_begin(*k); t != db.synonyms_end(*k); ++t)
                out.add_synonym(*k, *t);
        out.commit();
        writing += cpu_now() - t0;
        std::printf("%lu passages -> %lu documents; reading %.1f s, writing %.1f s (CPU)\n", seen, docs,
                    reading, writing);
    } catch (const Xapian::Error &e) {
        std::fprintf(stderr, "item-docs: %s\n", e.get_description().c_str());
        return 1;
    }
    return 0;
}
