// SIM1: Zipf popularity for recommendation, the same popularity shuffled step by step for search.
#define BOOST_TEST_MODULE sim1
#include <boost/test/unit_test.hpp>

#include <map>

#include "sim/sim1.h"

using namespace gensr;
using namespace gensr::sim;
namespace tt = boost::test_tools;

namespace {
Sim1Options small(std::int32_t steps) {
  Sim1Options o;
  o.seed = 5;
  o.items = 20;
  o.users = 50;
  o.history_length = 8;
  o.shuffle_steps = steps;
  return o;
}
double realized(const Dataset& d, const char* key) { return d.info["realized"][key].get<double>(); }
}  // namespace

BOOST_AUTO_TEST_CASE(zipf_distribution_is_proportional_to_inverse_rank) {
  // 1, 1/2, 1/3, 1/4 sum to 25/12 -> 12/25, 6/25, 4/25, 3/25
  const auto p = zipf_distribution(4, 1.0);
  BOOST_TEST(p[0] == 0.48, tt::tolerance(1e-12));
  BOOST_TEST(p[1] == 0.24, tt::tolerance(1e-12));
  BOOST_TEST(p[2] == 0.16, tt::tolerance(1e-12));
  BOOST_TEST(p[3] == 0.12, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(zero_shuffle_steps_give_identical_distributions) {
  const Dataset d = simulate_sim1(small(0));
  BOOST_TEST(realized(d, "distribution_kl_s_r") == 0.0);
  BOOST_TEST(realized(d, "distribution_kl_r_s") == 0.0);
  BOOST_TEST(d.info["rec_popularity"] == d.info["search_popularity"]);
}

BOOST_AUTO_TEST_CASE(kl_divergence_grows_with_shuffle_steps) {
  double previous = 0;
  for (std::int32_t steps : {1, 5, 50}) {
    const Dataset d = simulate_sim1(small(steps));
    const double kl = realized(d, "distribution_kl_s_r");
    BOOST_TEST(kl > previous, "steps " << steps << ": KL " << kl << " after " << previous);
    BOOST_TEST(realized(d, "distribution_kl_r_s") > 0.0);
    previous = kl;
  }
}

BOOST_AUTO_TEST_CASE(a_shuffle_only_permutes_the_search_probabilities) {
  const Dataset d = simulate_sim1(small(10));
  auto r = d.info["rec_popularity"].get<std::vector<double>>();
  auto s = d.info["search_popularity"].get<std::vector<double>>();
  std::sort(r.begin(), r.end());
  std::sort(s.begin(), s.end());
  BOOST_TEST(r == s, tt::per_element());
}

BOOST_AUTO_TEST_CASE(recommendation_data_does_not_depend_on_shuffle_steps) {
  const Dataset a = simulate_sim1(small(0)), b = simulate_sim1(small(30));
  BOOST_REQUIRE_EQUAL(a.interactions.size(), b.interactions.size());
  for (std::size_t i = 0; i < a.interactions.size(); ++i)
    BOOST_REQUIRE_EQUAL(a.interactions[i].item, b.interactions[i].item);
}

BOOST_AUTO_TEST_CASE(both_tasks_get_as_many_training_instances) {
  const Dataset d = simulate_sim1(small(0));
  const auto& c = d.info["counts"];
  BOOST_TEST(c["rec_train_instances"].get<int>() == 50 * (8 - 3));
  BOOST_TEST(c["search_train_instances"].get<int>() == 50 * (8 - 3));
  BOOST_TEST(c["queries"]["valid"].get<int>() == 50);
  BOOST_TEST(c["queries"]["test"].get<int>() == 50);
}

BOOST_AUTO_TEST_CASE(every_query_has_one_relevant_item_and_an_explicit_split) {
  const Dataset d = simulate_sim1(small(3));
  BOOST_TEST(d.qrels.size() == d.queries.size());
  for (const Query& q : d.queries) BOOST_REQUIRE(q.split != Split::kUnset);
}

BOOST_AUTO_TEST_CASE(generic_query_text_is_one_text_for_all_queries) {
  Sim1Options o = small(0);
  o.generic_query_text = true;
  const Dataset d = simulate_sim1(o);
  for (const Query& q : d.queries) BOOST_REQUIRE_EQUAL(q.text, "find an item");
}

BOOST_AUTO_TEST_CASE(training_counts_follow_the_zipf_popularity) {
  Sim1Options o = small(0);
  o.users = 400;
  const Dataset d = simulate_sim1(o);
  std::map<std::int32_t, int> count;
  for (const Interaction& in : d.interactions) ++count[in.item];
  BOOST_TEST(count[0] > count[1]);
  BOOST_TEST(count[1] > count[5]);
  // the same distribution on both sides: the add-one smoothed training KL is small
  BOOST_TEST(d.info["realized"]["training_popularity"]["kl_s_r"].get<double>() < 0.05);
}

BOOST_AUTO_TEST_CASE(the_same_seed_gives_the_same_dataset) {
  const Dataset a = simulate_sim1(small(7)), b = simulate_sim1(small(7));
  BOOST_TEST(a.info.dump() == b.info.dump());
  BOOST_REQUIRE_EQUAL(a.queries.size(), b.queries.size());
  for (std::size_t i = 0; i < a.queries.size(); ++i)
    BOOST_REQUIRE_EQUAL(a.queries[i].text, b.queries[i].text);
  for (std::size_t i = 0; i < a.qrels.size(); ++i)
    BOOST_REQUIRE_EQUAL(a.qrels[i].item, b.qrels[i].item);
}

BOOST_AUTO_TEST_CASE(another_seed_gives_another_dataset) {
  Sim1Options o = small(7);
  o.seed = 6;
  BOOST_TEST(simulate_sim1(small(7)).info.dump() != simulate_sim1(o).info.dump());
}

BOOST_AUTO_TEST_CASE(sample_keeps_that_fraction_of_users_and_training_queries) {
  Sim1Options o = small(0);
  o.sample = 0.6;
  const Dataset d = simulate_sim1(o);
  BOOST_TEST(d.user_ids.size() == 30u);
  BOOST_TEST(d.info["counts"]["queries"]["train"].get<int>() == 150);  // 0.6 * 250
  BOOST_TEST(d.info["counts"]["queries"]["test"].get<int>() == 50);
  BOOST_TEST(d.info["realized"]["sample"]["rec_train_fraction_kept"].get<double>() == 0.6,
             tt::tolerance(1e-12));
}
