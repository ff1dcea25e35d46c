#pragma once

#include <string>
#include <vector>

#include "ids/sparse_matrix.h"

namespace gensr {
class TextAnalyser;
}

namespace gensr::ids {

// Raw term counts, documents x terms, with the baselines' analysis (stop words, Porter stems:
// the terms BM25 indexes). Terms are numbered in order of first occurrence.
SparseMatrix term_counts(const std::vector<std::string>& documents, const TextAnalyser& analyser);

// TF-IDF rows of unit length: (1 + ln tf) ln(N / df), N the documents with any term. Terms in
// fewer than `min_df` documents link no two items, so they are dropped (with terms in every
// document, whose idf is 0) and the remaining columns renumbered in their order.
SparseMatrix tfidf(const SparseMatrix& counts, std::int64_t min_df = 2);

}  // namespace gensr::ids
