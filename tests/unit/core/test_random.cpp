#define BOOST_TEST_MODULE random
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <set>

#include "sim/stream.h"
#include "util/random.h"

using namespace gensr;
using namespace gensr::sim;

BOOST_AUTO_TEST_CASE(uniform_below_stays_in_range_and_hits_every_value) {
  Rng g = make_stream(7, Stream::kRec);
  std::set<std::uint64_t> seen;
  for (int i = 0; i < 1000; ++i) {
    const auto x = uniform_below(g, 6);
    BOOST_REQUIRE_LT(x, 6u);
    seen.insert(x);
  }
  BOOST_TEST(seen.size() == 6u);
}

BOOST_AUTO_TEST_CASE(the_same_seed_and_stream_give_the_same_numbers) {
  Rng a = make_stream(3, Stream::kText), b = make_stream(3, Stream::kText);
  for (int i = 0; i < 10; ++i) BOOST_TEST(a() == b());
}

BOOST_AUTO_TEST_CASE(different_streams_of_one_seed_differ) {
  Rng a = make_stream(3, Stream::kText), b = make_stream(3, Stream::kRec);
  BOOST_TEST(a() != b());
}

BOOST_AUTO_TEST_CASE(choose_distinct_returns_k_distinct_values_below_n) {
  Rng g = make_stream(1, Stream::kMatch);
  const auto v = choose_distinct(10, 4, g);
  BOOST_TEST(v.size() == 4u);
  const std::set<std::int32_t> s(v.begin(), v.end());
  BOOST_TEST(s.size() == 4u);
  BOOST_TEST(*s.rbegin() < 10);
  BOOST_TEST(*s.begin() >= 0);
}

BOOST_AUTO_TEST_CASE(shuffle_permutes) {
  Rng g = make_stream(1, Stream::kShuffle);
  std::vector<int> v = {0, 1, 2, 3, 4, 5, 6, 7};
  shuffle(v, g);
  const std::set<int> s(v.begin(), v.end());
  BOOST_TEST(s.size() == 8u);
}

BOOST_AUTO_TEST_CASE(draw_from_cdf_never_draws_a_zero_weight_item) {
  Rng g = make_stream(1, Stream::kSearch);
  const auto cdf = cumulative({0.0, 1.0, 0.0, 3.0});
  int counts[4] = {0, 0, 0, 0};
  for (int i = 0; i < 2000; ++i) ++counts[draw_from_cdf(cdf, g)];
  BOOST_TEST(counts[0] == 0);
  BOOST_TEST(counts[2] == 0);
  BOOST_TEST(counts[3] > counts[1]);
}

BOOST_AUTO_TEST_CASE(standard_normal_has_mean_zero_and_variance_one) {
  Rng g(7);
  double sum = 0, sum_sq = 0;
  const int n = 200000;
  for (int i = 0; i < n; ++i) {
    const double x = standard_normal(g);
    sum += x;
    sum_sq += x * x;
  }
  BOOST_TEST(std::abs(sum / n) < 0.01);
  BOOST_TEST(std::abs(sum_sq / n - 1.0) < 0.01);
}
