#pragma once

#include <cstdint>
#include <vector>

#include "ids/sparse_matrix.h"

namespace gensr::ids {

struct SvdOptions {
  std::int64_t rank = 64;
  std::int64_t oversample = 10;  // extra test vectors; the error bound tightens fast with them
  int power_iterations = 2;      // (A A^T)^q sharpens a slowly decaying spectrum
  std::uint64_t seed = 1;
};

// The leading singular values and left singular vectors of A.
struct TruncatedSvd {
  std::int64_t rows = 0;
  std::int64_t rank = 0;                // min(asked rank, rows, cols)
  std::vector<float> left;              // row-major rows x rank, orthonormal columns
  std::vector<double> singular_values;  // descending
};

// Halko, Martinsson & Tropp (2011), algorithms 4.4 and 5.1: a Gaussian test matrix, power
// iterations re-orthonormalised after every product (in float, without it the small singular
// directions drown in rounding), then the SVD of the small projected matrix. Touches A only
// through sparse products; memory is O((rows + cols) x (rank + oversample)). Each left
// vector's sign makes its largest entry positive, so the output is fixed by the seed.
TruncatedSvd randomized_svd(const SparseMatrix& a, const SvdOptions& opt);

}  // namespace gensr::ids
