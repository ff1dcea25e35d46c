#define BOOST_TEST_MODULE sparse_matrix
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <vector>

#include "ids/sparse_matrix.h"

using namespace gensr::ids;
namespace tt = boost::test_tools;

namespace {

// [[1 0 2]
//  [0 0 0]
//  [0 3 4]]
SparseMatrix example() {
  SparseMatrix a;
  a.rows = a.cols = 3;
  a.offsets = {0, 2, 2, 4};
  a.indices = {0, 2, 1, 2};
  a.values = {1, 2, 3, 4};
  return a;
}

}  // namespace

BOOST_AUTO_TEST_CASE(multiply_and_its_transpose_match_the_dense_products) {
  const std::vector<float> x = {1, 2, 3, 4, 5, 6};  // 3 x 2, row-major
  std::vector<float> y, z;
  multiply(example(), x, 2, y);
  BOOST_TEST(y == std::vector<float>({11, 14, 0, 0, 29, 36}), tt::per_element());
  multiply_transposed(example(), x, 2, z);  // A^T X
  BOOST_TEST(z == std::vector<float>({1, 2, 15, 18, 22, 28}), tt::per_element());
}

BOOST_AUTO_TEST_CASE(normalise_rows_gives_unit_rows_and_leaves_empty_rows_empty) {
  const SparseMatrix n = normalise_rows(example());
  BOOST_TEST(n.values[0] == 1 / std::sqrt(5.0f), tt::tolerance(1e-6f));
  BOOST_TEST(n.values[2] == 0.6f, tt::tolerance(1e-6f));
  BOOST_TEST(n.values[3] == 0.8f, tt::tolerance(1e-6f));
  BOOST_TEST(empty_rows(n) == 1);
}

BOOST_AUTO_TEST_CASE(side_by_side_shifts_the_second_blocks_columns) {
  const SparseMatrix m = side_by_side(example(), example());
  BOOST_TEST(m.cols == 6);
  BOOST_TEST(m.offsets == std::vector<std::int64_t>({0, 4, 4, 8}), tt::per_element());
  BOOST_TEST(m.indices == std::vector<std::int32_t>({0, 2, 3, 5, 1, 2, 4, 5}), tt::per_element());
}
