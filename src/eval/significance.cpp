#include "eval/significance.h"

#include <cmath>
#include <limits>

#include "util/error.h"

namespace gensr {

namespace {

// Continued fraction of the incomplete beta by the modified Lentz method.
double beta_continued_fraction(double x, double a, double b) {
  constexpr double kTiny = 1e-300;
  constexpr double kEps = 1e-15;
  double c = 1.0;
  double d = 1.0 - (a + b) * x / (a + 1.0);
  if (std::fabs(d) < kTiny) d = kTiny;
  d = 1.0 / d;
  double h = d;
  for (int m = 1; m <= 10000; ++m) {
    const double m2 = 2.0 * m;
    double num = m * (b - m) * x / ((a + m2 - 1.0) * (a + m2));
    d = 1.0 + num * d;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = 1.0 + num / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1.0 / d;
    h *= d * c;
    num = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1.0));
    d = 1.0 + num * d;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = 1.0 + num / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1.0 / d;
    const double delta = d * c;
    h *= delta;
    if (std::fabs(delta - 1.0) < kEps) break;
  }
  return h;
}

}  // namespace

double regularized_incomplete_beta(double x, double a, double b) {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const double log_front =
      std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + a * std::log(x) + b * std::log1p(-x);
  // The continued fraction converges fast for x < (a+1)/(a+b+2); use the symmetry otherwise.
  if (x < (a + 1.0) / (a + b + 2.0))
    return std::exp(log_front) * beta_continued_fraction(x, a, b) / a;
  return 1.0 - std::exp(log_front) * beta_continued_fraction(1.0 - x, b, a) / b;
}

double student_t_two_sided_p(double t, double df) {
  if (std::isinf(t)) return 0;
  return regularized_incomplete_beta(df / (df + t * t), df / 2.0, 0.5);
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
