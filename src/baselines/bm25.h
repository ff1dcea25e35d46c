#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "baselines/ranked_item.h"

namespace gensr {

// Terrier's BM25 settings (DESIGN.md "Baselines").
struct Bm25Params {
  double k1 = 1.2;
  double b = 0.75;
  double k3 = 8.0;
  // Xapian clamps a document's length / average length from below (default 0.5); Terrier does
  // not, hence 0.
  double min_normlen = 0.0;
};

// BM25 over an in-memory Xapian database: document i is `documents[i]`, analysed by
// TextAnalyser (tokens, stop words, Porter stems), ranked by Xapian::BM25Weight(k1, 0, k3, b,
// min_normlen). Nothing touches the disk, so there is nothing half-written to clean up.
class Bm25Index {
 public:
  explicit Bm25Index(const std::vector<std::string>& documents, const Bm25Params& params = {});
  ~Bm25Index();
  Bm25Index(Bm25Index&&) noexcept;
  Bm25Index& operator=(Bm25Index&&) noexcept;

  // The k best documents (as RankedItem::item = document index), best first, equal scores by
  // index. Documents sharing no term with the query are not returned, as in Terrier.
  RankedList search(std::string_view query, std::size_t k) const;

  std::size_t num_documents() const;
  double average_length() const;  // indexed terms per document
  std::size_t num_terms() const;  // distinct terms
  // Terms so common that Xapian 1.4 replaces Terrier's idf log((N-df+0.5)/(df+0.5)) by
  // log((N-df+0.5)/(df+0.5)/2 + 1) (it does so when the ratio is below 2, i.e. df above about
  // N/3, to keep weights positive); reported so a run can say how far it departs from Terrier.
  std::size_t clamped_idf_terms() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gensr
