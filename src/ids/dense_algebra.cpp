#include "ids/dense_algebra.h"

#include <algorithm>
#include <string>

#include "util/error.h"

// Fortran LAPACK / BLAS (OpenBLAS on Debian); the trailing size_t are gfortran's hidden
// lengths of the character arguments.
extern "C" {
void sgelqf_(const int* m, const int* n, float* a, const int* lda, float* tau, float* work,
             const int* lwork, int* info);
void sorglq_(const int* m, const int* n, const int* k, float* a, const int* lda, const float* tau,
             float* work, const int* lwork, int* info);
void dgesvd_(const char* jobu, const char* jobvt, const int* m, const int* n, double* a,
             const int* lda, double* s, double* u, const int* ldu, double* vt, const int* ldvt,
             double* work, const int* lwork, int* info, std::size_t, std::size_t);
void sgemm_(const char* transa, const char* transb, const int* m, const int* n, const int* k,
            const float* alpha, const float* a, const int* lda, const float* b, const int* ldb,
            const float* beta, float* c, const int* ldc, std::size_t, std::size_t);
}

namespace gensr::ids {

namespace {

int fortran_int(std::int64_t v, const char* what) {
  if (v < 0 || v > 2147483647)
    throw Error(std::string("dense algebra: ") + what + " " + std::to_string(v) +
                " exceeds LAPACK's 32-bit sizes");
  return static_cast<int>(v);
}

void check(int info, const char* routine) {
  if (info != 0) throw Error(std::string(routine) + " failed, info " + std::to_string(info));
}

// LQ of the column-major m x n matrix `a` (m <= n): L in its lower triangle, Q in
// Householder form below it and in `tau`.
std::vector<float> lq(float* a, int m, int n) {
  std::vector<float> tau(static_cast<std::size_t>(m));
  int info = 0, query = -1;
  float size = 0;
  sgelqf_(&m, &n, a, &m, tau.data(), &size, &query, &info);
  check(info, "sgelqf");
  std::vector<float> work(static_cast<std::size_t>(size) + 1);
  const int lwork = static_cast<int>(work.size());
  sgelqf_(&m, &n, a, &m, tau.data(), work.data(), &lwork, &info);
  check(info, "sgelqf");
  return tau;
}

}  // namespace

void orthonormalise_columns(std::vector<float>& m, std::int64_t rows, std::int64_t cols) {
  // Column-major, `m` is cols x rows; the rows of its LQ's Q span its rows.
  const int k = fortran_int(cols, "width"), n = fortran_int(rows, "rows");
  if (k > n) throw Error("orthonormalise_columns: more columns than rows");
  const std::vector<float> tau = lq(m.data(), k, n);
  int info = 0, query = -1;
  float size = 0;
  sorglq_(&k, &n, &k, m.data(), &k, tau.data(), &size, &query, &info);
  check(info, "sorglq");
  std::vector<float> work(static_cast<std::size_t>(size) + 1);
  const int lwork = static_cast<int>(work.size());
  sorglq_(&k, &n, &k, m.data(), &k, tau.data(), work.data(), &lwork, &info);
  check(info, "sorglq");
}

std::vector<double> lower_factor(std::vector<float>& bt, std::int64_t cols, std::int64_t width) {
  const int k = fortran_int(width, "width"), n = fortran_int(cols, "columns");
  if (k > n) throw Error("lower_factor: more rows than columns");
  lq(bt.data(), k, n);
  std::vector<double> l(static_cast<std::size_t>(k) * k, 0.0);
  for (int j = 0; j < k; ++j)
    for (int i = j; i < k; ++i)
      l[static_cast<std::size_t>(j) * k + i] = bt[static_cast<std::size_t>(j) * k + i];
  return l;
}

SmallSvd small_svd(std::vector<double> m, std::int64_t n) {
  const int k = fortran_int(n, "size");
  SmallSvd out;
  out.singular_values.resize(static_cast<std::size_t>(k));
  out.left.resize(static_cast<std::size_t>(k) * k);
  int info = 0, query = -1, one = 1;
  double size = 0, vt = 0;
  dgesvd_("A", "N", &k, &k, m.data(), &k, out.singular_values.data(), out.left.data(), &k, &vt,
          &one, &size, &query, &info, 1, 1);
  check(info, "dgesvd");
  std::vector<double> work(static_cast<std::size_t>(size) + 1);
  const int lwork = static_cast<int>(work.size());
  dgesvd_("A", "N", &k, &k, m.data(), &k, out.singular_values.data(), out.left.data(), &k, &vt,
          &one, work.data(), &lwork, &info, 1, 1);
  check(info, "dgesvd");
  return out;
}

std::vector<float> times_leading_columns(const std::vector<float>& q, std::int64_t rows,
                                         std::int64_t n, const std::vector<double>& w,
                                         std::int64_t k) {
  // Column-major, the result is k x rows = W[:, :k]^T (k x n) times Q^T (n x rows).
  const int kk = fortran_int(k, "rank"), nn = fortran_int(n, "width"),
            rr = fortran_int(rows, "rows");
  std::vector<float> wt(w.begin(), w.end());
  std::vector<float> out(static_cast<std::size_t>(rows * k));
  const float one = 1.0f, zero = 0.0f;
  sgemm_("T", "N", &kk, &rr, &nn, &one, wt.data(), &nn, q.data(), &nn, &zero, out.data(), &kk, 1,
         1);
  return out;
}

}  // namespace gensr::ids
