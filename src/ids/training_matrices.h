#pragma once

#include <cstdint>

#include "data/splits.h"
#include "ids/sparse_matrix.h"

// The item x feature matrices that item embeddings factorise, built from training data only:
// validation and test targets never shape an item's ID.
namespace gensr::ids {

// PPMI of item co-occurrence within `window` positions in each user's training prefix (the
// items before the validation and test targets).
SparseMatrix collaborative_matrix(const RecSplits& rec, std::int64_t items, int window);

// TF-IDF of each item's title and training queries (baselines/item_text.h).
SparseMatrix textual_matrix(const Dataset& d, const SearchSplits& search);

}  // namespace gensr::ids
