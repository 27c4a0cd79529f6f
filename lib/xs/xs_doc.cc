// xs_doc.cc - building documents, writing and deleting them, and reading
// a stored document's data and values.

#include "xs_private.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <new>

namespace {

xs_doc *
check_doc(xs_doc *doc)
{
    if (!doc)
        xs::fail(XS_INVALID, "document is NULL");
    return doc;
}

void
check_slot(uint32_t slot)
{
    if (slot == Xapian::BAD_VALUENO)
        xs::fail(XS_INVALID, "value slot out of range");
}

void
check_docid(uint32_t docid)
{
    if (docid == 0)
        xs::fail(XS_INVALID, "docid 0 is never valid");
}

bool
has_term(const Xapian::Document &doc, const std::string &term)
{
    Xapian::TermIterator t = doc.termlist_begin();
    t.skip_to(term);
    return t != doc.termlist_end() && *t == term;
}

} // namespace

extern "C" xs_doc_t *
xs_doc_new(void)
{
    return xs::guard_ptr([] { return new xs_doc; });
}

extern "C" void
xs_doc_free(xs_doc_t *doc)
{
    delete doc;
}

extern "C" xs_status_t
xs_doc_add_posting(xs_doc_t *doc, const char *term, uint32_t pos, uint32_t wdfinc)
{
    return xs::guard_nodb([&] {
        check_doc(doc);
        xs::check_term(term, "term");
        if (pos == 0)
            xs::fail(XS_INVALID, "positions start at 1");
        doc->doc.add_posting(term, pos, wdfinc);
        return XS_OK;
    });
}

extern "C" xs_status_t
xs_doc_add_term(xs_doc_t *doc, const char *term, uint32_t wdfinc)
{
    return xs::guard_nodb([&] {
        check_doc(doc);
        xs::check_term(term, "term");
        doc->doc.add_term(term, wdfinc);
        return XS_OK;
    });
}

extern "C" xs_status_t
xs_doc_add_boolean(xs_doc_t *doc, const char *term)
{
    return xs::guard_nodb([&] {
        check_doc(doc);
        xs::check_term(term, "term");
        doc->doc.add_boolean_term(term);
        return XS_OK;
    });
}

extern "C" xs_status_t
xs_doc_normalise(xs_doc_t *doc, const xs_norm_t *norm, uint32_t *length)
{
    return xs::guard_nodb([&] {
        check_doc(doc);
        if (!norm || !(norm->pivot > 0) || !std::isfinite(norm->pivot) || !(norm->b >= 0) ||
            norm->b > 1 || !(norm->min_normlen >= 0) || !std::isfinite(norm->min_normlen) ||
            norm->scale == 0)
            xs::fail(XS_INVALID, "normalisation parameters out of range");
        Xapian::Document &d = doc->doc;
        // Read first: the document is changed below.
        std::vector<std::pair<std::string, Xapian::termcount>> weighted;
        uint64_t len = 0;
        for (Xapian::TermIterator t = d.termlist_begin(); t != d.termlist_end(); ++t)
            if (t.get_wdf() > 0) {
                weighted.emplace_back(*t, t.get_wdf());
                len += t.get_wdf();
            }
        len -= std::min<uint64_t>(len, norm->discount);
        const double n = 1 - norm->b + norm->b * std::max(len / norm->pivot, norm->min_normlen);
        for (const auto &w : weighted) {
            const double target = std::max(1.0, std::round(double(norm->scale) * w.second / n));
            const Xapian::termcount want =
                target < 0xFFFFFFFF ? static_cast<Xapian::termcount>(target) : 0xFFFFFFFF;
            if (want > w.second) {
                d.add_term(w.first, want - w.second);
            } else if (want < w.second) {
                // No way to lower a wdf but to add the term again.
                std::vector<Xapian::termpos> pos;
                Xapian::TermIterator t = d.termlist_begin();
                t.skip_to(w.first);
                for (Xapian::PositionIterator p = t.positionlist_begin(); p != t.positionlist_end(); ++p)
                    pos.push_back(*p);
                d.remove_term(w.first);
                for (Xapian::termpos p : pos)
                    d.add_posting(w.first, p, 0);
                d.add_term(w.first, want);
            }
        }
        if (length)
            *length = len < 0xFFFFFFFF ? static_cast<uint32_t>(len) : 0xFFFFFFFF;
        return XS_OK;
    });
}

extern "C" xs_status_t
xs_doc_set_value(xs_doc_t *doc, uint32_t slot, const void *value, size_t len)
{
    return xs::guard_nodb([&] {
        check_doc(doc);
        check_slot(slot);
        if (!value && len)
            xs::fail(XS_INVALID, "value is NULL");
        doc->doc.add_value(slot, len ? std::string(static_cast<const char *>(value), len)
                                     : std::string());
        return XS_OK;
    });
}

extern "C" xs_status_t
xs_doc_set_data(xs_doc_t *doc, const void *data, size_t len)
{
    return xs::guard_nodb([&] {
        check_doc(doc);
        if (!data && len)
            xs::fail(XS_INVALID, "data is NULL");
        doc->doc.set_data(len ? std::string(static_cast<const char *>(data), len)
                              : std::string());
        return XS_OK;
    });
}

extern "C" xs_status_t
xs_doc_remove_term(xs_doc_t *doc, const char *term)
{
    return xs::guard_nodb([&] {
        check_doc(doc);
        xs::check_term(term, "term");
        if (has_term(doc->doc, term))
            doc->doc.remove_term(term);
        return XS_OK;
    });
}

extern "C" xs_status_t
xs_db_load_doc(xs_db_t *db, uint32_t docid, xs_doc_t **doc)
{
    return xs::guard(db, [&] {
        if (!doc)
            xs::fail(XS_INVALID, "output pointer is NULL");
        *doc = nullptr;
        check_docid(docid);
        Xapian::Database &d = xs::reading(db);
        std::unique_ptr<xs_doc> out(new xs_doc);
        xs::with_retry(db, [&] {
            // A stored document is read lazily; building a fresh one from
            // its parts detaches it from the database, so the copy stays
            // valid whatever is written next.
            Xapian::Document src = d.get_document(docid);
            Xapian::Document copy;
            for (Xapian::TermIterator t = src.termlist_begin(); t != src.termlist_end(); ++t) {
                const std::string term = *t;
                Xapian::termcount wdf = t.get_wdf();
                Xapian::termcount npos = 0;
                for (Xapian::PositionIterator p = t.positionlist_begin(); p != t.positionlist_end(); ++p) {
                    copy.add_posting(term, *p, 0);
                    npos++;
                }
                // add_posting(…, 0) adds no wdf: restore the stored wdf
                // exactly (boolean terms have wdf 0).
                if (wdf > 0)
                    copy.add_term(term, wdf);
                else if (npos == 0)
                    copy.add_boolean_term(term);
            }
            for (Xapian::ValueIterator v = src.values_begin(); v != src.values_end(); ++v)
                copy.add_value(v.get_valueno(), *v);
            copy.set_data(src.get_data());
            out->doc = copy;
            return 0;
        });
        *doc = out.release();
        return XS_OK;
    });
}

extern "C" xs_status_t
xs_db_docids(xs_db_t *db, const char *term, uint32_t **ids, size_t *n)
{
    return xs::guard(db, [&] {
        if (!ids || !n)
            xs::fail(XS_INVALID, "output pointer is NULL");
        *ids = nullptr;
        *n = 0;
        xs::check_term(term, "term");
        Xapian::Database &d = xs::reading(db);
        std::vector<uint32_t> v = xs::with_retry(db, [&] {
            std::vector<uint32_t> r;
            for (Xapian::PostingIterator p = d.postlist_begin(term); p != d.postlist_end(term); ++p)
                r.push_back(*p);
            return r;
        });
        if (!v.empty()) {
            uint32_t *out = static_cast<uint32_t *>(std::malloc(v.size() * sizeof *out));
            if (!out)
                throw std::bad_alloc();
            std::copy(v.begin(), v.end(), out);
            *ids = out;
            *n = v.size();
        }
        return XS_OK;
    });
}

extern "C" xs_status_t
xs_db_describe_doc(xs_db_t *db, uint32_t docid, char **text)
{
    return xs::guard(db, [&] {
        if (!text)
            xs::fail(XS_INVALID, "output pointer is NULL");
        *text = nullptr;
        check_docid(docid);
        Xapian::Database &d = xs::reading(db);
        std::string out = xs::with_retry(db, [&] {
            static const char hex[] = "0123456789abcdef";
            std::string r;
            Xapian::Document doc = d.get_document(docid);
            for (Xapian::TermIterator t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
                r += *t;
                r += ' ';
                r += std::to_string(t.get_wdf());
                char sep = ' ';
                for (Xapian::PositionIterator p = t.positionlist_begin(); p != t.positionlist_end(); ++p) {
                    r += sep;
                    r += std::to_string(*p);
                    sep = ',';
                }
                r += '\n';
            }
            for (Xapian::ValueIterator v = doc.values_begin(); v != doc.values_end(); ++v) {
                r += "value " + std::to_string(v.get_valueno()) + ' ';
                for (unsigned char c : *v) {
                    r += hex[c >> 4];
                    r += hex[c & 15];
                }
                r += '\n';
            }
            const std::string data = doc.get_data();
            unsigned long crc = 0xffffffffUL;
            for (unsigned char c : data) {
                crc ^= c;
                for (int k = 0; k < 8; k++)
                    crc = (crc >> 1) ^ (0xedb88320UL & (0UL - (crc & 1)));
            }
            r += "data " + std::to_string(data.size()) + ' ' + std::to_string(crc ^ 0xffffffffUL) + '\n';
            return r;
        });
        *text = xs::dup_bytes(out);
        return XS_OK;
    });
}

extern "C" xs_status_t
xs_db_replace_doc(xs_db_t *db, const char *idterm, xs_doc_t *doc, uint32_t *docid)
{
    return xs::guard(db, [&] {
        check_doc(doc);
        xs::check_term(idterm, "id term");
        Xapian::WritableDatabase &w = xs::writing(db);
        // The stored document must carry IDTERM, but DOC stays the
        // caller's (it may be reused for another id), so IDTERM is added
        // only for the duration of the write.  Xapian documents share
        // their contents when copied, hence no copy.
        const std::string id(idterm);
        Xapian::Document &d = doc->doc;
        struct RemoveOnExit {
            Xapian::Document *doc;
            const std::string *term;
            ~RemoveOnExit()
            {
                if (!doc)
                    return;
                try {
                    doc->remove_term(*term);
                } catch (...) {
                    // Cannot happen: the term was just added.
                }
            }
        } remove_on_exit{nullptr, &id};
        if (!has_term(d, id)) {
            d.add_boolean_term(id);
            remove_on_exit.doc = &d;
        }
        Xapian::docid did = w.replace_document(id, d);
        if (docid)
            *docid = did;
        return XS_OK;
    });
}

extern "C" xs_status_t
xs_db_delete_docs(xs_db_t *db, const char *term)
{
    return xs::guard(db, [&] {
        xs::check_term(term, "term");
        xs::writing(db).delete_document(term);
        return XS_OK;
    });
}

extern "C" xs_status_t
xs_db_get_data(xs_db_t *db, uint32_t docid, char **data, size_t *len)
{
    return xs::guard(db, [&] {
        if (!data || !len)
            xs::fail(XS_INVALID, "output pointer is NULL");
        *data = nullptr;
        *len = 0;
        check_docid(docid);
        Xapian::Database &d = xs::reading(db);
        std::string s = xs::with_retry(db, [&] { return xs::record_of(d.get_document(docid), db->record_slot); });
        *data = xs::dup_bytes(s);
        *len = s.size();
        return XS_OK;
    });
}

extern "C" xs_status_t
xs_db_get_value(xs_db_t *db, uint32_t docid, uint32_t slot, char **value, size_t *len)
{
    return xs::guard(db, [&] {
        if (!value || !len)
            xs::fail(XS_INVALID, "output pointer is NULL");
        *value = nullptr;
        *len = 0;
        check_docid(docid);
        check_slot(slot);
        Xapian::Database &d = xs::reading(db);
        std::string s = xs::with_retry(db, [&] { return d.get_document(docid).get_value(slot); });
        *value = xs::dup_bytes(s);
        *len = s.size();
        return XS_OK;
    });
}

extern "C" xs_status_t
xs_db_positions(xs_db_t *db, uint32_t docid, const char *term, xs_pos_cb cb, void *ctx)
{
    return xs::guard(db, [&] {
        if (!term || !*term || !cb)
            xs::fail(XS_INVALID, "empty term or no callback");
        check_docid(docid);
        Xapian::Database &d = xs::reading(db);
        // Collect first, call back after: a retry must not repeat calls.
        std::vector<Xapian::termpos> pos = xs::with_retry(db, [&] {
            std::vector<Xapian::termpos> v;
            for (auto it = d.positionlist_begin(docid, term); it != d.positionlist_end(docid, term); ++it)
                v.push_back(*it);
            return v;
        });
        for (Xapian::termpos p : pos)
            if (cb(ctx, p))
                break;
        return XS_OK;
    });
}

extern "C" xs_status_t
xs_db_wdfs(xs_db_t *db, uint32_t docid, const char *const *terms, size_t n, uint32_t *wdf, uint64_t *length)
{
    return xs::guard(db, [&] {
        if ((n > 0 && !terms) || !wdf)
            xs::fail(XS_INVALID, "terms or wdf is NULL");
        check_docid(docid);
        Xapian::Database &d = xs::reading(db);
        std::map<std::string, std::vector<size_t>> wanted;
        for (size_t i = 0; i < n; i++) {
            if (!terms[i])
                xs::fail(XS_INVALID, "a term is NULL");
            wanted[terms[i]].push_back(i);
        }
        // The whole list in one pass: a remote shard sends it in one
        // reply, where skip_to would gain nothing.
        uint64_t len = xs::with_retry(db, [&] {
            uint64_t sum = 0;
            for (size_t i = 0; i < n; i++)
                wdf[i] = XS_ABSENT;
            for (Xapian::TermIterator t = d.termlist_begin(docid); t != d.termlist_end(docid); ++t) {
                sum += t.get_wdf();
                auto w = wanted.find(*t);
                if (w != wanted.end())
                    for (size_t i : w->second)
                        wdf[i] = t.get_wdf();
            }
            return sum;
        });
        if (length)
            *length = len;
        return XS_OK;
    });
}
