#define BOOST_TEST_MODULE popularity
#include <boost/test/unit_test.hpp>

#include "baselines/popularity.h"
#include "unit/baselines/ranked_items.h"

using gensr::PopularityRanker;
using gensr::RankedList;
using gensr::test::items;

BOOST_AUTO_TEST_CASE(ranks_by_count_with_ties_broken_by_item_index) {
  const PopularityRanker pop({2, 5, 0, 5, 1});
  const RankedList top = pop.rank(4);
  BOOST_TEST(items(top) == (std::vector<std::int32_t>{1, 3, 0, 4}),
             boost::test_tools::per_element());
  // An empty list's scores are the counts themselves.
  BOOST_TEST(top[0].score == 5.0);
  BOOST_TEST(top[1].score == 5.0);
  BOOST_TEST(top[2].score == 2.0);
  BOOST_TEST(top[3].score == 1.0);
}

BOOST_AUTO_TEST_CASE(excluded_items_such_as_a_history_are_skipped) {
  const PopularityRanker pop({2, 5, 0, 5, 1});
  BOOST_TEST(items(pop.rank(3, {1, 4})) == (std::vector<std::int32_t>{3, 0, 2}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(k_beyond_the_catalogue_lists_every_item_once) {
  const PopularityRanker pop({2, 5, 0});
  BOOST_TEST(pop.rank(10).size() == 3u);
}

BOOST_AUTO_TEST_CASE(fill_adds_missing_popular_items_below_the_last_score_in_popularity_order) {
  const PopularityRanker pop({2, 5, 0, 5, 1});
  RankedList list = {{4, 0.75}, {3, 0.5}};
  pop.fill(list, 5, {0});
  BOOST_TEST(items(list) == (std::vector<std::int32_t>{4, 3, 1, 2}),
             boost::test_tools::per_element());
  // Fill scores: last - 1 + count / (max + 1): below 0.5 and in popularity order.
  BOOST_TEST(list[2].score == 0.5 - 1.0 + 5.0 / 6.0);
  BOOST_TEST(list[3].score == 0.5 - 1.0 + 0.0 / 6.0);
  for (std::size_t i = 1; i < list.size(); ++i) BOOST_TEST(list[i].score < list[i - 1].score);
}

BOOST_AUTO_TEST_CASE(fill_leaves_a_full_list_alone) {
  const PopularityRanker pop({2, 5});
  RankedList list = {{0, 1.0}};
  pop.fill(list, 1);
  BOOST_TEST(list.size() == 1u);
  BOOST_TEST(list[0].item == 0);
}
