#include "ids/ppmi.h"

#include <cmath>
#include <vector>

namespace gensr::ids {

SparseMatrix ppmi(const SparseMatrix& counts) {
  std::vector<double> row_sum(static_cast<std::size_t>(counts.rows), 0.0);
  std::vector<double> col_sum(static_cast<std::size_t>(counts.cols), 0.0);
  double total = 0;
  for (std::int64_t r = 0; r < counts.rows; ++r)
    for (std::int64_t e = counts.offsets[r]; e < counts.offsets[r + 1]; ++e) {
      row_sum[r] += counts.values[e];
      col_sum[counts.indices[e]] += counts.values[e];
      total += counts.values[e];
    }

  SparseMatrix m;
  m.rows = counts.rows;
  m.cols = counts.cols;
  m.offsets.reserve(static_cast<std::size_t>(counts.rows + 1));
  for (std::int64_t r = 0; r < counts.rows; ++r) {
    for (std::int64_t e = counts.offsets[r]; e < counts.offsets[r + 1]; ++e) {
      if (!(counts.values[e] > 0)) continue;
      const double pmi =
          std::log(counts.values[e] * total / (row_sum[r] * col_sum[counts.indices[e]]));
      if (pmi <= 0) continue;
      m.indices.push_back(counts.indices[e]);
      m.values.push_back(static_cast<float>(pmi));
    }
    m.offsets.push_back(static_cast<std::int64_t>(m.values.size()));
  }
  return m;
}

}  // namespace gensr::ids
