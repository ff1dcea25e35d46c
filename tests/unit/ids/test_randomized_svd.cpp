#define BOOST_TEST_MODULE randomized_svd
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <vector>

#include "ids/randomized_svd.h"
#include "ids/sparse_matrix.h"
#include "util/error.h"
#include "util/random.h"

using namespace gensr;
using namespace gensr::ids;
namespace tt = boost::test_tools;

namespace {

using Dense = std::vector<std::vector<double>>;  // column vectors

// `count` orthonormal vectors of length n (Gram-Schmidt on Gaussian draws, in double).
Dense orthonormal(std::int64_t n, int count, Rng& g) {
  Dense q;
  while (static_cast<int>(q.size()) < count) {
    std::vector<double> v(static_cast<std::size_t>(n));
    for (double& x : v) x = standard_normal(g);
    for (int pass = 0; pass < 2; ++pass)
      for (const auto& u : q) {
        double dot = 0;
        for (std::int64_t i = 0; i < n; ++i) dot += u[i] * v[i];
        for (std::int64_t i = 0; i < n; ++i) v[i] -= dot * u[i];
      }
    double norm = 0;
    for (double x : v) norm += x * x;
    for (double& x : v) x /= std::sqrt(norm);
    q.push_back(v);
  }
  return q;
}

// U diag(s) V^T with random orthonormal U, V, stored densely in CSR.
SparseMatrix planted(std::int64_t rows, std::int64_t cols, const std::vector<double>& s,
                     std::uint64_t seed) {
  Rng g(seed);
  const Dense u = orthonormal(rows, static_cast<int>(s.size()), g);
  const Dense v = orthonormal(cols, static_cast<int>(s.size()), g);
  SparseMatrix a;
  a.rows = rows;
  a.cols = cols;
  for (std::int64_t r = 0; r < rows; ++r) {
    for (std::int64_t c = 0; c < cols; ++c) {
      double x = 0;
      for (std::size_t k = 0; k < s.size(); ++k) x += u[k][r] * s[k] * v[k][c];
      a.indices.push_back(static_cast<std::int32_t>(c));
      a.values.push_back(static_cast<float>(x));
    }
    a.offsets.push_back(a.nonzeros());
  }
  return a;
}

}  // namespace

BOOST_AUTO_TEST_CASE(recovers_the_singular_values_of_a_planted_low_rank_matrix) {
  const std::vector<double> s = {10, 7, 5, 3, 1};
  SvdOptions opt;
  opt.rank = 5;
  const TruncatedSvd svd = randomized_svd(planted(300, 200, s, 3), opt);
  BOOST_REQUIRE_EQUAL(svd.rank, 5);
  for (std::size_t k = 0; k < s.size(); ++k)
    BOOST_TEST(svd.singular_values[k] == s[k], tt::tolerance(1e-4));
}

BOOST_AUTO_TEST_CASE(finds_the_leading_values_when_the_rank_asked_is_below_the_matrix_rank) {
  const std::vector<double> s = {20, 15, 10, 2, 1.5, 1, 0.5};
  SvdOptions opt;
  opt.rank = 3;
  opt.oversample = 5;
  const TruncatedSvd svd = randomized_svd(planted(400, 250, s, 5), opt);
  for (std::size_t k = 0; k < 3; ++k)
    BOOST_TEST(svd.singular_values[k] == s[k], tt::tolerance(1e-3));
}

BOOST_AUTO_TEST_CASE(left_vectors_are_orthonormal_and_reconstruct_the_column_space) {
  SvdOptions opt;
  opt.rank = 4;
  const SparseMatrix a = planted(120, 90, {4, 3, 2, 1}, 11);
  const TruncatedSvd svd = randomized_svd(a, opt);
  for (std::int64_t i = 0; i < 4; ++i)
    for (std::int64_t j = 0; j < 4; ++j) {
      double dot = 0;
      for (std::int64_t r = 0; r < a.rows; ++r)
        dot += static_cast<double>(svd.left[r * 4 + i]) * svd.left[r * 4 + j];
      BOOST_TEST(dot == (i == j ? 1.0 : 0.0), tt::tolerance(1e-4));
    }
  // U U^T A = A for a rank-4 A: every column of A lies in the span of U.
  std::vector<float> ut_a;
  multiply_transposed(a, svd.left, 4, ut_a);  // (A^T U), cols x 4
  double error = 0, norm = 0;
  for (std::int64_t r = 0; r < a.rows; ++r)
    for (std::int64_t c = 0; c < a.cols; ++c) {
      double x = 0;
      for (int k = 0; k < 4; ++k) x += svd.left[r * 4 + k] * ut_a[c * 4 + k];
      const double want = a.values[r * a.cols + c];
      error += (x - want) * (x - want);
      norm += want * want;
    }
  BOOST_TEST(std::sqrt(error / norm) < 1e-4);
}

BOOST_AUTO_TEST_CASE(the_same_seed_gives_the_same_vectors) {
  const SparseMatrix a = planted(80, 60, {5, 4, 3, 2, 1}, 2);
  SvdOptions opt;
  opt.rank = 3;
  opt.seed = 9;
  const TruncatedSvd first = randomized_svd(a, opt), second = randomized_svd(a, opt);
  BOOST_TEST(first.left == second.left, tt::per_element());
  BOOST_TEST(first.singular_values == second.singular_values, tt::per_element());
}

BOOST_AUTO_TEST_CASE(a_rank_beyond_the_matrix_size_is_clamped) {
  SvdOptions opt;
  opt.rank = 64;
  const TruncatedSvd svd = randomized_svd(planted(12, 8, {3, 2, 1}, 4), opt);
  BOOST_TEST(svd.rank == 8);
  BOOST_TEST(svd.left.size() == 12u * 8u);
  BOOST_TEST(svd.singular_values[2] == 1.0, tt::tolerance(1e-4));
  BOOST_TEST(svd.singular_values[7] < 1e-4);
}

BOOST_AUTO_TEST_CASE(an_empty_matrix_or_a_zero_rank_is_a_usage_error) {
  SvdOptions opt;
  BOOST_CHECK_THROW(randomized_svd(SparseMatrix{}, opt), UsageError);
  opt.rank = 0;
  BOOST_CHECK_THROW(randomized_svd(planted(5, 5, {1}, 1), opt), UsageError);
}
