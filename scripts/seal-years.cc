/* seal-years: split a referat index into one shard per meeting year, the
 * closed years written without termlists (Xapian's DB_NO_TERMLIST), to
 * measure what sealed year shards would weigh (docs/performance.md,
 * "Index size", issue 19).  A study tool, not part of the build:
 *
 *     g++ -O2 -o /tmp/seal-years scripts/seal-years.cc -lxapian
 *     /tmp/seal-years [--keep-termlists] [--one-closed] SRC OUTDIR
 *
 * writes OUTDIR/y<YEAR> for each year, or with --one-closed all closed
 * years in OUTDIR/closed (the newest year, and passages without a year,
 * in OUTDIR/current, with termlists) and OUTDIR/shards,
 * a shard list for referat-query --db.  Each shard gets what one
 * referat-index run over its files would write: its passages in their
 * order, the file records of its files, the synonym pairs whose stems
 * it holds (and their syn: copies), and the other metadata.  Compact
 * each shard afterwards with xapian-compact to compare sizes. */
#include <xapian.h>

#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <sys/stat.h>
#include <vector>

int main(int argc, char **argv)
{
    bool keep = false, one = false;
    int a = 1;
    for (; a < argc && argv[a][0] == '-'; a++)
        if (std::strcmp(argv[a], "--keep-termlists") == 0)
            keep = true;
        else if (std::strcmp(argv[a], "--one-closed") == 0)
            one = true;
        else
            break;
    if (a + 2 != argc) {
        std::fprintf(stderr, "usage: seal-years [--keep-termlists] [--one-closed] SRC OUTDIR\n");
        return 2;
    }
    std::string src = argv[a], out = argv[a + 1];
    try {
        Xapian::Database db(src);
        /* The year of each file (slot 7 file id, slot 11 year). */
        std::map<std::string, std::string> year_of_file;
        std::string newest;
        for (auto p = db.postlist_begin(""); p != db.postlist_end(""); ++p) {
            Xapian::Document d = db.get_document(*p);
            std::string y = d.get_value(11);
            year_of_file.emplace(d.get_value(7), y);
            if (y > newest)
                newest = y;
        }
        ::mkdir(out.c_str(), 0755);
        std::map<std::string, std::unique_ptr<Xapian::WritableDatabase>> shards;
        auto shard = [&](const std::string &year) -> Xapian::WritableDatabase & {
            std::string name = year.empty() || year == newest ? "current" : one ? "closed" : "y" + year;
            auto it = shards.find(name);
            if (it == shards.end()) {
                int flags = Xapian::DB_CREATE;
                if (name != "current" && !keep)
                    flags |= Xapian::DB_NO_TERMLIST;
                it = shards.emplace(name, std::make_unique<Xapian::WritableDatabase>(out + "/" + name, flags)).first;
            }
            return *it->second;
        };
        unsigned long n = 0;
        for (auto p = db.postlist_begin(""); p != db.postlist_end(""); ++p) {
            Xapian::Document d = db.get_document(*p);
            shard(d.get_value(11)).add_document(d);
            if (++n % 50000 == 0)
                for (auto &s : shards)
                    s.second->commit();
        }
        /* Metadata: a file's records go with its passages (the path is the
         * record's last field; content: hints name a path); the rest to
         * every shard. */
        std::map<std::string, std::string> year_of_path;
        for (auto k = db.metadata_keys_begin("file:"); k != db.metadata_keys_end("file:"); ++k) {
            std::string v = db.get_metadata(*k);
            size_t sp = 0;
            for (int f = 0; f < 7 && sp != std::string::npos; f++)
                sp = v.find(' ', sp + 1);
            auto y = year_of_file.find((*k).substr(5));
            if (sp != std::string::npos && y != year_of_file.end())
                year_of_path[v.substr(sp + 1)] = y->second;
        }
        for (auto k = db.metadata_keys_begin(); k != db.metadata_keys_end(); ++k) {
            const std::string key = *k, v = db.get_metadata(key);
            if (key.compare(0, 5, "file:") == 0 || key.compare(0, 7, "failed:") == 0) {
                auto y = year_of_file.find(key.substr(key.find(':') + 1));
                if (y != year_of_file.end())
                    shard(y->second).set_metadata(key, v);
            } else if (key.compare(0, 8, "content:") == 0) {
                auto y = year_of_path.find(v);
                if (y != year_of_path.end())
                    shard(y->second).set_metadata(key, v);
            } else if (key.compare(0, 4, "syn:") == 0) {
                continue; /* below, with the synonym table */
            } else {
                for (auto &s : shards)
                    s.second->set_metadata(key, v);
            }
        }
        for (auto &s : shards)
            s.second->commit();
        /* Synonyms: a pair goes where its stem is posted. */
        for (auto &s : shards) {
            Xapian::WritableDatabase &w = *s.second;
            for (auto k = db.synonym_keys_begin(); k != db.synonym_keys_end(); ++k) {
                std::string held;
                for (auto t = db.synonyms_begin(*k); t != db.synonyms_end(*k); ++t)
                    if (w.term_exists(*t)) {
                        w.add_synonym(*k, *t);
                        held += (held.empty() ? "" : "\n") + *t;
                    }
                if (!held.empty() && !db.get_metadata("syn:" + *k).empty())
                    w.set_metadata("syn:" + *k, held);
            }
            w.commit();
        }
        std::FILE *list = std::fopen((out + "/shards").c_str(), "w");
        if (!list) {
            std::perror(out.c_str());
            return 1;
        }
        for (auto &s : shards) {
            s.second->close();
            std::fprintf(list, "auto %s\n", s.first.c_str());
        }
        std::fclose(list);
        std::printf("%zu shards, %lu passages\n", shards.size(), n);
    } catch (const Xapian::Error &e) {
        std::fprintf(stderr, "seal-years: %s\n", e.get_description().c_str());
        return 1;
    }
    return 0;
}
