#include "eval/significance.h"

#include <cmath>
#include <limits>

#include <boost/math/distributions/students_t.hpp>

#include "util/error.h"

namespace gensr {

double student_t_two_sided_p(double t, double df) {
  if (std::isinf(t)) return 0;
  const boost::math::students_t dist(df);
  return 2 * boost::math::cdf(boost::math::complement(dist, std::fabs(t)));
}

double PairedTTest::relative_improvement() const {
  return mean_a == 0 ? 0 : (mean_b - mean_a) / mean_a;
}

PairedTTest paired_t_test(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size())
    throw Error("paired t-test: the systems have " + std::to_string(a.size()) + " and " +
                std::to_string(b.size()) + " values; pairs must match query by query");
  PairedTTest r;
  r.n = static_cast<int>(a.size());
  if (r.n == 0) return r;
  double mean_d = 0;
  for (int i = 0; i < r.n; ++i) {
    r.mean_a += a[i];
    r.mean_b += b[i];
    mean_d += b[i] - a[i];
  }
  r.mean_a /= r.n;
  r.mean_b /= r.n;
  mean_d /= r.n;
  r.df = r.n - 1;
  if (r.n < 2) return r;
  double ss = 0;
  for (int i = 0; i < r.n; ++i) ss += (b[i] - a[i] - mean_d) * (b[i] - a[i] - mean_d);
  const double se = std::sqrt(ss / r.df / r.n);
  if (se == 0) {
    r.t = mean_d == 0 ? 0 : std::copysign(std::numeric_limits<double>::infinity(), mean_d);
    r.p_value = mean_d == 0 ? 1 : 0;
    return r;
  }
  r.t = mean_d / se;
  r.p_value = student_t_two_sided_p(r.t, r.df);
  return r;
}

}  // namespace gensr
