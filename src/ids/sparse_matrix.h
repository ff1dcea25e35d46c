#pragma once

#include <cstdint>
#include <vector>

namespace gensr::ids {

// A sparse matrix in compressed rows (CSR): row r holds the columns `cols[offsets[r] ..
// offsets[r+1])`, ascending, with their values. Item matrices (items x items, items x terms)
// of a 2.26M-item catalogue only fit this way.
struct SparseMatrix {
  std::int64_t rows = 0;
  std::int64_t cols = 0;
  std::vector<std::int64_t> offsets{0};
  std::vector<std::int32_t> indices;
  std::vector<float> values;

  std::int64_t nonzeros() const { return static_cast<std::int64_t>(values.size()); }
};

// Y = A X, where X is dense row-major cols x width and Y rows x width.
void multiply(const SparseMatrix& a, const std::vector<float>& x, std::int64_t width,
              std::vector<float>& y);
// Z = A^T Y, where Y is dense row-major rows x width and Z cols x width.
void multiply_transposed(const SparseMatrix& a, const std::vector<float>& y, std::int64_t width,
                         std::vector<float>& z);

// Each non-empty row scaled to unit Euclidean norm, so that blocks built from different
// signals weigh the same per item when placed side by side.
SparseMatrix normalise_rows(SparseMatrix a);
// [A | B]: the same rows, B's columns after A's.
SparseMatrix side_by_side(const SparseMatrix& a, const SparseMatrix& b);

// Rows with no stored value (items without any signal in the matrix).
std::int64_t empty_rows(const SparseMatrix& a);

}  // namespace gensr::ids
