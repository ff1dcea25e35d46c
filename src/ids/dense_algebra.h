#pragma once

#include <cstdint>
#include <vector>

// The dense steps of the randomized SVD, each one LAPACK / BLAS call. Tall matrices are
// row-major (rows x cols), which LAPACK sees as their column-major transpose, so an LQ
// factorisation of that view orthonormalises the columns without copying.
namespace gensr::ids {

// Replaces the columns of the row-major rows x cols matrix `m` (rows >= cols) by an
// orthonormal basis of their span (Q of a thin QR).
void orthonormalise_columns(std::vector<float>& m, std::int64_t rows, std::int64_t cols);

// L of the LQ factorisation B = L Q (Q with orthonormal rows), column-major width x width, for
// B (width x cols, cols >= width) given as its transpose, row-major cols x width (= B
// column-major); `bt` is overwritten. B and L share singular values and left vectors.
std::vector<double> lower_factor(std::vector<float>& bt, std::int64_t cols, std::int64_t width);

// Singular values (descending) and left singular vectors (column-major n x n) of the
// column-major n x n matrix `m`.
struct SmallSvd {
  std::vector<double> singular_values;
  std::vector<double> left;
};
SmallSvd small_svd(std::vector<double> m, std::int64_t n);

// Row-major rows x k product Q W[:, :k], where Q is row-major rows x n and W column-major n x n.
std::vector<float> times_leading_columns(const std::vector<float>& q, std::int64_t rows,
                                         std::int64_t n, const std::vector<double>& w,
                                         std::int64_t k);

}  // namespace gensr::ids
