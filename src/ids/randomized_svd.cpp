#include "ids/randomized_svd.h"

#include <algorithm>
#include <cmath>

#include "ids/dense_algebra.h"
#include "util/error.h"
#include "util/random.h"

namespace gensr::ids {

namespace {

void fix_signs(std::vector<float>& u, std::int64_t rows, std::int64_t rank) {
  for (std::int64_t c = 0; c < rank; ++c) {
    float largest = 0;
    for (std::int64_t r = 0; r < rows; ++r) {
      const float v = u[static_cast<std::size_t>(r * rank + c)];
      if (std::abs(v) > std::abs(largest)) largest = v;
    }
    if (largest >= 0) continue;
    for (std::int64_t r = 0; r < rows; ++r) u[static_cast<std::size_t>(r * rank + c)] *= -1;
  }
}

}  // namespace

TruncatedSvd randomized_svd(const SparseMatrix& a, const SvdOptions& opt) {
  if (opt.rank < 1) throw UsageError("randomized SVD: the rank must be at least 1");
  if (opt.oversample < 0 || opt.power_iterations < 0)
    throw UsageError("randomized SVD: oversampling and power iterations must be >= 0");
  if (a.rows < 1 || a.cols < 1) throw UsageError("randomized SVD: the matrix is empty");
  const std::int64_t width = std::min({opt.rank + opt.oversample, a.rows, a.cols});

  std::vector<float> z(static_cast<std::size_t>(a.cols * width)), y;
  Rng g(splitmix64(opt.seed));
  for (float& v : z) v = static_cast<float>(standard_normal(g));
  multiply(a, z, width, y);
  orthonormalise_columns(y, a.rows, width);
  for (int i = 0; i < opt.power_iterations; ++i) {
    multiply_transposed(a, y, width, z);
    orthonormalise_columns(z, a.cols, width);
    multiply(a, z, width, y);
    orthonormalise_columns(y, a.rows, width);
  }
  // B = Y^T A, held as B^T = A^T Y; A ~ Y B, so A's left vectors are Y times B's.
  multiply_transposed(a, y, width, z);
  const SmallSvd small = small_svd(lower_factor(z, a.cols, width), width);

  TruncatedSvd out;
  out.rows = a.rows;
  out.rank = std::min(opt.rank, width);
  out.left = times_leading_columns(y, a.rows, width, small.left, out.rank);
  out.singular_values.assign(small.singular_values.begin(),
                             small.singular_values.begin() + out.rank);
  fix_signs(out.left, out.rows, out.rank);
  return out;
}

}  // namespace gensr::ids
