#include "ids/training_matrices.h"

#include <algorithm>

#include "baselines/item_text.h"
#include "baselines/text_analysis.h"
#include "ids/cooccurrence.h"
#include "ids/ppmi.h"
#include "ids/tfidf.h"

namespace gensr::ids {

SparseMatrix collaborative_matrix(const RecSplits& rec, std::int64_t items, int window) {
  // A training instance's history and target are items[0, end]; the longest one per sequence
  // is its training prefix.
  std::vector<std::int32_t> lengths(rec.sequences.size(), 0);
  for (const RecInstance& r : rec.train)
    lengths[static_cast<std::size_t>(r.seq)] =
        std::max(lengths[static_cast<std::size_t>(r.seq)], r.end + 1);
  return ppmi(cooccurrence_counts(rec.sequences, lengths, items, window));
}

SparseMatrix textual_matrix(const Dataset& d, const SearchSplits& search) {
  return tfidf(term_counts(item_documents(d, search), TextAnalyser()));
}

}  // namespace gensr::ids
