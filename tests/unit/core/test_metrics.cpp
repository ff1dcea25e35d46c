#define BOOST_TEST_MODULE metrics
#include <boost/test/unit_test.hpp>
#include <cmath>

#include "eval/metrics.h"

namespace tt = boost::test_tools;

BOOST_AUTO_TEST_CASE(recall_ndcg_and_mrr_of_a_hand_worked_ranking) {
  // Relevant {7, 9, 4}; ranked 3 7 5 9 with K = 3: only 7 (rank 2) is in the top 3.
  const auto m = gensr::score_ranking({3, 7, 5, 9}, {7, 9, 4}, 3);
  BOOST_TEST(m.recall == 1.0 / 3.0, tt::tolerance(1e-12));
  // DCG = 1/log2(3); ideal DCG over min(3, K) = 1 + 1/log2(3) + 1/log2(4).
  const double ideal = 1.0 + 1.0 / std::log2(3.0) + 0.5;
  BOOST_TEST(m.ndcg == (1.0 / std::log2(3.0)) / ideal, tt::tolerance(1e-12));
  BOOST_TEST(m.mrr == 0.5, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(a_single_relevant_item_at_rank_one_scores_one) {
  const auto m = gensr::score_ranking({5, 1, 2}, {5}, 10);
  BOOST_TEST(m.recall == 1.0);
  BOOST_TEST(m.ndcg == 1.0, tt::tolerance(1e-12));
  BOOST_TEST(m.mrr == 1.0);
}

BOOST_AUTO_TEST_CASE(items_beyond_k_do_not_count) {
  const auto m = gensr::score_ranking({1, 2, 3}, {3}, 2);
  BOOST_TEST(m.recall == 0.0);
  BOOST_TEST(m.ndcg == 0.0);
  BOOST_TEST(m.mrr == 0.0);
}

BOOST_AUTO_TEST_CASE(head_is_the_top_one_percent_by_popularity_with_at_least_one_item) {
  std::vector<std::int64_t> pop(250, 1);
  pop[17] = 50;
  pop[3] = 40;
  pop[99] = 40;  // ties broken by item index: 3 before 99
  const auto head = gensr::head_items(pop);
  // ceil(0.01 * 250) = 3 items.
  BOOST_TEST(std::count(head.begin(), head.end(), true) == 3);
  BOOST_TEST(head[17]);
  BOOST_TEST(head[3]);
  BOOST_TEST(head[99]);
  const auto one = gensr::head_items({0, 5, 1});
  BOOST_TEST(one == (std::vector<bool>{false, true, false}));
}

BOOST_AUTO_TEST_CASE(head_and_torso_count_only_their_own_relevant_items) {
  const std::vector<bool> head{true, false, false, false};
  const std::vector<gensr::RankedQuery> queries{
      {"q1", {0, 2}, {0, 1}},  // head item 0 found, torso item 1 missed
      {"q2", {3, 1}, {1}},     // torso only
      {"q3", {0}, {}},         // no relevant item: skipped everywhere
  };
  const auto s = gensr::score_slices(queries, head, 2);
  BOOST_TEST(s[0].query_ids == (std::vector<std::string>{"q1", "q2"}));
  BOOST_TEST(s[0].mean_recall() == (0.5 + 1.0) / 2);
  BOOST_TEST(s[1].query_ids == (std::vector<std::string>{"q1"}));
  BOOST_TEST(s[1].mean_recall() == 1.0);
  BOOST_TEST(s[2].query_ids == (std::vector<std::string>{"q1", "q2"}));
  BOOST_TEST(s[2].mean_recall() == 0.5);
  BOOST_TEST(s[2].mean_mrr() == 0.25);
}
