#pragma once

#include <vector>

namespace gensr {

// Paired two-sided Student t-test over per-query values of two systems on the same queries
// (DESIGN.md "Metrics": alpha 0.05).
struct PairedTTest {
  int n = 0;
  double mean_a = 0, mean_b = 0;
  double t = 0;        // mean difference (b - a) / its standard error
  int df = 0;          // n - 1
  double p_value = 1;  // two-sided; 1 when the differences have no variance and mean zero
  bool significant(double alpha = 0.05) const { return p_value < alpha; }
  // (mean_b - mean_a) / mean_a; 0 when mean_a is 0.
  double relative_improvement() const;
};

PairedTTest paired_t_test(const std::vector<double>& a, const std::vector<double>& b);

// P(|T| >= |t|) for Student's t with df degrees of freedom (Boost.Math's students_t).
double student_t_two_sided_p(double t, double df);

}  // namespace gensr
