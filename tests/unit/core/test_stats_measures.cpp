// Table 3's formulas against values worked out by hand (the working is in the comments).
#define BOOST_TEST_MODULE stats_measures
#include <boost/test/unit_test.hpp>

#include "stats/measures.h"
#include "util/error.h"

using namespace gensr::stats;
namespace tt = boost::test_tools;

BOOST_AUTO_TEST_CASE(gini_of_one_two_three_four_is_a_quarter) {
  // (-3*1 - 1*2 + 1*3 + 3*4) / (4 * 10) = 10 / 40
  BOOST_TEST(gini({1, 2, 3, 4}) == 0.25, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(gini_sorts_the_counts_first) {
  BOOST_TEST(gini({4, 1, 3, 2}) == 0.25, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(gini_of_one_item_holding_everything_is_n_minus_one_over_n) {
  // sorted 0,0,0,5: 3*5 / (4*5) = 0.75
  BOOST_TEST(gini({0, 5, 0, 0}) == 0.75, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(gini_of_equal_counts_is_zero) {
  BOOST_TEST(gini({3, 3, 3}) == 0.0, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(gini_of_nothing_is_zero) {
  BOOST_TEST(gini({}) == 0.0);
  BOOST_TEST(gini({0, 0}) == 0.0);
}

BOOST_AUTO_TEST_CASE(add_one_smoothing_adds_one_to_every_count) {
  // {0,1,2} -> {1,2,3} / 6
  const auto p = add_one_distribution({0, 1, 2});
  BOOST_REQUIRE_EQUAL(p.size(), 3u);
  BOOST_TEST(p[0] == 1.0 / 6, tt::tolerance(1e-12));
  BOOST_TEST(p[1] == 2.0 / 6, tt::tolerance(1e-12));
  BOOST_TEST(p[2] == 3.0 / 6, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(kl_divergence_matches_hand_values_both_ways) {
  // KL(p||q) = 0.5 ln(0.5/0.25) + 0.5 ln(0.5/0.75) = 0.5 (0.693147 - 0.405465)
  BOOST_TEST(kl_divergence({0.5, 0.5}, {0.25, 0.75}) == 0.1438410362, tt::tolerance(1e-9));
  // KL(q||p) = 0.25 ln(0.5) + 0.75 ln(1.5) = -0.173287 + 0.304099
  BOOST_TEST(kl_divergence({0.25, 0.75}, {0.5, 0.5}) == 0.1308120360, tt::tolerance(1e-9));
}

BOOST_AUTO_TEST_CASE(kl_divergence_of_a_distribution_with_itself_is_zero) {
  BOOST_TEST(kl_divergence({0.2, 0.3, 0.5}, {0.2, 0.3, 0.5}) == 0.0);
}

BOOST_AUTO_TEST_CASE(kl_divergence_skips_items_with_zero_probability_in_p) {
  // only the first term: 1 * ln(1 / 0.5) = ln 2
  BOOST_TEST(kl_divergence({1.0, 0.0}, {0.5, 0.5}) == 0.6931471806, tt::tolerance(1e-9));
}

BOOST_AUTO_TEST_CASE(kl_divergence_rejects_zero_in_q_where_p_is_positive) {
  BOOST_CHECK_THROW(kl_divergence({0.5, 0.5}, {1.0, 0.0}), gensr::Error);
}

BOOST_AUTO_TEST_CASE(kolmogorov_distance_orders_items_by_recommendation_popularity) {
  // r = {0.2, 0.5, 0.3} -> order items 1, 2, 0. CDF_r .5 .8 1, CDF_s (.2 .3 .5 reordered)
  // .2 .5 1 -> max |diff| = 0.3
  BOOST_TEST(kolmogorov_distance({0.5, 0.2, 0.3}, {0.2, 0.5, 0.3}) == 0.3, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(kolmogorov_distance_breaks_ties_by_item_index) {
  // r = {.25, .25, .5}: order 2, 0, 1 -> CDF_r .5 .75 1, CDF_s .4 .9 1 -> 0.15 (the order 2, 1, 0
  // would give CDF_s .4 .5 1 and 0.25)
  BOOST_TEST(kolmogorov_distance({0.5, 0.1, 0.4}, {0.25, 0.25, 0.5}) == 0.15, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(kolmogorov_distance_of_equal_distributions_is_zero) {
  BOOST_TEST(kolmogorov_distance({0.1, 0.9}, {0.1, 0.9}) == 0.0);
}
