/* record-bytes: what the display record's meeting and item fields cost
 * in a referat index's document data (docs/performance.md, "Index size",
 * issue 19).  Each passage's data is unpacked and packed again with
 * the fields a passage shares with its meeting (body, date, its source,
 * language) and its agenda item (title, case) left empty, as they would
 * be if they were stored once per file or item.  A study tool, built
 * against a configured build directory:
 *
 *     g++ -O2 -Ilib/passage -o /tmp/record-bytes scripts/record-bytes.cc \
 *         build/lib/libpsg.a -lxapian -lz
 *     /tmp/record-bytes DB */
#include <xapian.h>

#include "psg.h"

#include <cstdio>
#include <cstdlib>

int main(int argc, char **argv)
{
    if (argc != 2) {
        std::fprintf(stderr, "usage: record-bytes DB\n");
        return 2;
    }
    try {
        Xapian::Database db(argv[1]);
        unsigned long long n = 0, bad = 0;
        double stored = 0, without = 0, text_only = 0;
        for (auto p = db.postlist_begin(""); p != db.postlist_end(""); ++p) {
            Xapian::Document doc = db.get_document(*p);
            std::string data = doc.get_value(18); /* SLOT_RECORD: format 7 */
            if (data.empty())
                data = doc.get_data();
            psg_record_t r;
            char *text = nullptr;
            size_t len = 0;
            if (psg_record_unpack(data.data(), data.size(), &r, &text, &len) != PSG_OK) {
                bad++;
                continue;
            }
            n++;
            stored += double(data.size());
            psg_record_t shared = r;
            shared.body = shared.title = shared.case_no = shared.date = shared.date_source = shared.lang = "";
            char *out = nullptr;
            size_t out_len = 0;
            if (psg_record_pack(&shared, text, len, &out, &out_len) == PSG_OK)
                without += double(out_len);
            std::free(out);
            if (psg_pack(text, len, &out, &out_len) == PSG_OK)
                text_only += double(out_len);
            std::free(out);
            std::free(text);
            psg_record_clear(&r);
        }
        std::printf("passages\t%llu\t(not records: %llu)\n", n, bad);
        std::printf("stored_MB\t%.1f\n", stored / 1e6);
        std::printf("without_meeting_item_fields_MB\t%.1f\n", without / 1e6);
        std::printf("text_alone_MB\t%.1f\n", text_only / 1e6);
    } catch (const Xapian::Error &e) {
        std::fprintf(stderr, "record-bytes: %s\n", e.get_description().c_str());
        return 1;
    }
    return 0;
}
