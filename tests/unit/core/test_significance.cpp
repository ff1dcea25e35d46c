#define BOOST_TEST_MODULE significance
#include <boost/test/unit_test.hpp>
#include <cmath>

#include "eval/significance.h"

namespace tt = boost::test_tools;

// Critical values from the standard t table: P(|T| >= t) = 0.05 two-sided.
BOOST_AUTO_TEST_CASE(two_sided_p_matches_tabulated_critical_values) {
  BOOST_TEST(gensr::student_t_two_sided_p(12.706, 1) == 0.05, tt::tolerance(1e-3));
  BOOST_TEST(gensr::student_t_two_sided_p(2.228, 10) == 0.05, tt::tolerance(1e-3));
  BOOST_TEST(gensr::student_t_two_sided_p(2.042, 30) == 0.05, tt::tolerance(1e-3));
  BOOST_TEST(gensr::student_t_two_sided_p(2.576, 1e7) == 0.01, tt::tolerance(1e-3));
  BOOST_TEST(gensr::student_t_two_sided_p(3.169, 10) == 0.01, tt::tolerance(1e-3));
  BOOST_TEST(gensr::student_t_two_sided_p(0.0, 5) == 1.0, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(paired_test_of_a_hand_worked_example) {
  // Differences 1, 2, 3, 4: mean 2.5, sample sd sqrt(5/3), se = sd / 2, t = 3.873, df 3.
  const auto r = gensr::paired_t_test({1, 1, 1, 1}, {2, 3, 4, 5});
  BOOST_TEST(r.n == 4);
  BOOST_TEST(r.df == 3);
  BOOST_TEST(r.t == 2.5 / (std::sqrt(5.0 / 3.0) / 2.0), tt::tolerance(1e-12));
  // Table: t = 3.182 at p = 0.05 and 5.841 at p = 0.01 for df 3, so 0.01 < p < 0.05.
  BOOST_TEST(r.p_value > 0.01);
  BOOST_TEST(r.p_value < 0.05);
  BOOST_TEST(r.significant());
  BOOST_TEST(r.relative_improvement() == 2.5, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(identical_systems_are_not_significantly_different) {
  const auto r = gensr::paired_t_test({0.1, 0.5, 0.9}, {0.1, 0.5, 0.9});
  BOOST_TEST(r.p_value == 1.0);
  BOOST_TEST(!r.significant());
}

BOOST_AUTO_TEST_CASE(unpaired_inputs_are_refused) {
  BOOST_CHECK_THROW(gensr::paired_t_test({1, 2}, {1}), std::exception);
}
