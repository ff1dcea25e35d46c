#pragma once

#include "ids/sparse_matrix.h"

namespace gensr::ids {

// Positive pointwise mutual information of a count matrix: max(0, log(C_ab D / (C_a. C_.b)))
// with D the total count and C_a., C_.b the row and column sums; entries that come out zero
// are dropped. Raw counts would let the most popular items dominate every row (Levy &
// Goldberg's factorisation view of word2vec; no context smoothing).
SparseMatrix ppmi(const SparseMatrix& counts);

}  // namespace gensr::ids
