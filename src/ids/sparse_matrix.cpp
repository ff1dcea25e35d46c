#include "ids/sparse_matrix.h"

#include <omp.h>

#include <cmath>

#include "util/error.h"

namespace gensr::ids {

void multiply(const SparseMatrix& a, const std::vector<float>& x, std::int64_t width,
              std::vector<float>& y) {
  y.assign(static_cast<std::size_t>(a.rows * width), 0.0f);
#pragma omp parallel for schedule(dynamic, 1024)
  for (std::int64_t r = 0; r < a.rows; ++r) {
    float* out = &y[static_cast<std::size_t>(r * width)];
    for (std::int64_t e = a.offsets[r]; e < a.offsets[r + 1]; ++e) {
      const float v = a.values[e];
      const float* in = &x[static_cast<std::size_t>(a.indices[e] * width)];
#pragma omp simd
      for (std::int64_t j = 0; j < width; ++j) out[j] += v * in[j];
    }
  }
}

void multiply_transposed(const SparseMatrix& a, const std::vector<float>& y, std::int64_t width,
                         std::vector<float>& z) {
  // A scatter into the rows of Z. Each thread owns a range of them and scans all of A, so no
  // two threads write one row, every row sums in the same order at any thread count, and no
  // transposed copy of A (the largest allocation) is needed.
  z.assign(static_cast<std::size_t>(a.cols * width), 0.0f);
#pragma omp parallel
  {
    const std::int64_t threads = omp_get_num_threads(), t = omp_get_thread_num();
    const std::int64_t first = a.cols * t / threads, last = a.cols * (t + 1) / threads;
    for (std::int64_t r = 0; r < a.rows; ++r) {
      const float* in = &y[static_cast<std::size_t>(r * width)];
      for (std::int64_t e = a.offsets[r]; e < a.offsets[r + 1]; ++e) {
        const std::int64_t c = a.indices[e];
        if (c < first || c >= last) continue;
        const float v = a.values[e];
        float* out = &z[static_cast<std::size_t>(c * width)];
#pragma omp simd
        for (std::int64_t j = 0; j < width; ++j) out[j] += v * in[j];
      }
    }
  }
}

SparseMatrix normalise_rows(SparseMatrix a) {
  for (std::int64_t r = 0; r < a.rows; ++r) {
    double sum = 0;
    for (std::int64_t e = a.offsets[r]; e < a.offsets[r + 1]; ++e)
      sum += static_cast<double>(a.values[e]) * a.values[e];
    if (sum <= 0) continue;
    const auto scale = static_cast<float>(1.0 / std::sqrt(sum));
    for (std::int64_t e = a.offsets[r]; e < a.offsets[r + 1]; ++e) a.values[e] *= scale;
  }
  return a;
}

SparseMatrix side_by_side(const SparseMatrix& a, const SparseMatrix& b) {
  if (a.rows != b.rows)
    throw Error("side_by_side: " + std::to_string(a.rows) + " rows beside " +
                std::to_string(b.rows));
  SparseMatrix m;
  m.rows = a.rows;
  m.cols = a.cols + b.cols;
  m.indices.reserve(a.indices.size() + b.indices.size());
  m.values.reserve(a.values.size() + b.values.size());
  m.offsets.reserve(static_cast<std::size_t>(a.rows + 1));
  for (std::int64_t r = 0; r < a.rows; ++r) {
    for (std::int64_t e = a.offsets[r]; e < a.offsets[r + 1]; ++e) {
      m.indices.push_back(a.indices[e]);
      m.values.push_back(a.values[e]);
    }
    for (std::int64_t e = b.offsets[r]; e < b.offsets[r + 1]; ++e) {
      m.indices.push_back(static_cast<std::int32_t>(a.cols + b.indices[e]));
      m.values.push_back(b.values[e]);
    }
    m.offsets.push_back(static_cast<std::int64_t>(m.values.size()));
  }
  return m;
}

std::int64_t empty_rows(const SparseMatrix& a) {
  std::int64_t n = 0;
  for (std::int64_t r = 0; r < a.rows; ++r) n += a.offsets[r] == a.offsets[r + 1];
  return n;
}

}  // namespace gensr::ids
