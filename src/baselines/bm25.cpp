#include "baselines/bm25.h"

#include <xapian.h>

#include <map>

#include "baselines/text_analysis.h"
#include "util/error.h"

namespace gensr {

struct Bm25Index::Impl {
  Xapian::WritableDatabase db{std::string(), Xapian::DB_BACKEND_INMEMORY};
  TextAnalyser analyser;
  Bm25Params params;
  std::size_t documents = 0;
};

Bm25Index::Bm25Index(const std::vector<std::string>& documents, const Bm25Params& params)
    : impl_(std::make_unique<Impl>()) {
  if (params.k1 < 0 || params.k3 < 0 || params.b < 0 || params.b > 1 || params.min_normlen < 0)
    throw UsageError("BM25 needs k1 >= 0, k3 >= 0, 0 <= b <= 1 and min_normlen >= 0");
  impl_->params = params;
  impl_->documents = documents.size();
  try {
    for (std::size_t i = 0; i < documents.size(); ++i) {
      Xapian::Document doc;
      // One add_term per token: wdf = term frequency and the document length = the number of
      // indexed tokens, which is what Terrier's tf and document length are.
      for (const std::string& term : impl_->analyser.terms(documents[i])) doc.add_term(term);
      // Document i is docid i + 1, also for an empty document, so ids map back directly.
      impl_->db.replace_document(static_cast<Xapian::docid>(i + 1), doc);
    }
    impl_->db.commit();
  } catch (const Xapian::Error& e) {
    throw Error("building the BM25 index: " + e.get_description());
  }
}

Bm25Index::~Bm25Index() = default;
Bm25Index::Bm25Index(Bm25Index&&) noexcept = default;
Bm25Index& Bm25Index::operator=(Bm25Index&&) noexcept = default;

RankedList Bm25Index::search(std::string_view query, std::size_t k) const {
  RankedList out;
  if (k == 0 || impl_->documents == 0) return out;
  // Query term frequencies feed BM25's k3 factor (k3 + 1) qtf / (k3 + qtf).
  std::map<std::string, Xapian::termcount> qtf;
  for (const std::string& term : impl_->analyser.terms(query)) ++qtf[term];
  if (qtf.empty()) return out;
  std::vector<Xapian::Query> parts;
  for (const auto& [term, count] : qtf) parts.emplace_back(term, count);
  try {
    Xapian::Enquire enquire(impl_->db);
    enquire.set_query(Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end()));
    const Bm25Params& p = impl_->params;
    enquire.set_weighting_scheme(Xapian::BM25Weight(p.k1, 0.0, p.k3, p.b, p.min_normlen));
    enquire.set_docid_order(Xapian::Enquire::ASCENDING);
    const Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(k));
    for (auto it = mset.begin(); it != mset.end(); ++it)
      out.push_back({static_cast<std::int32_t>(*it - 1), it.get_weight()});
  } catch (const Xapian::Error& e) {
    throw Error("BM25 search: " + e.get_description());
  }
  return out;
}

std::size_t Bm25Index::num_documents() const { return impl_->documents; }

double Bm25Index::average_length() const { return impl_->db.get_avlength(); }

std::size_t Bm25Index::num_terms() const {
  std::size_t n = 0;
  for (auto it = impl_->db.allterms_begin(); it != impl_->db.allterms_end(); ++it) ++n;
  return n;
}

std::size_t Bm25Index::clamped_idf_terms() const {
  const double n = static_cast<double>(impl_->db.get_doccount());
  std::size_t clamped = 0;
  for (auto it = impl_->db.allterms_begin(); it != impl_->db.allterms_end(); ++it) {
    const double df = static_cast<double>(it.get_termfreq());
    if ((n - df + 0.5) / (df + 0.5) < 2.0) ++clamped;
  }
  return clamped;
}

}  // namespace gensr
