#define BOOST_TEST_MODULE transitions
#include <boost/test/unit_test.hpp>

#include "baselines/transitions.h"
#include "data/prepared.h"
#include "unit/baselines/ranked_items.h"
#include "util/error.h"

using gensr::PopularityRanker;
using gensr::RankedList;
using gensr::TransitionCounts;
using gensr::TransitionOptions;
using gensr::test::items;

namespace {

// Three users' sequences split as the paper does (training targets are items 2..t-2, 1-based;
// t-1 is validation, t is test):
//   u1: 0 1 2 3 4   u2: 0 1 2 5 3   u3: 1 2 0 5 4
gensr::PreparedData three_users() {
  gensr::PreparedData d;
  d.item_ids = {"a", "b", "c", "d", "e", "f"};
  d.seq_items = {0, 1, 2, 3, 4, 0, 1, 2, 5, 3, 1, 2, 0, 5, 4};
  d.seq_offsets = {0, 5, 10, 15};
  d.seq_users = {"u1", "u2", "u3"};
  for (std::int32_t s = 0; s < 3; ++s) {
    d.rec_train.push_back({s, 1});
    d.rec_train.push_back({s, 2});
    d.rec_valid.push_back({s, 3});
    d.rec_test.push_back({s, 4});
  }
  return d;
}

// Counts: 0->1 x3, 0->2 x1, 1->2 x2, 1->3 x1, 2->4 x4. Popularity: 0:5 1:1 2:1 3:2 4:0 5:3.
TransitionCounts hand_counts() {
  std::vector<std::pair<std::int32_t, std::int32_t>> pairs = {
      {0, 1}, {1, 2}, {0, 1}, {2, 4}, {0, 2}, {1, 3}, {2, 4}, {0, 1}, {1, 2}, {2, 4}, {2, 4}};
  return TransitionCounts(6, pairs);
}
const PopularityRanker kPopularity({5, 1, 1, 2, 0, 3});

}  // namespace

BOOST_AUTO_TEST_CASE(counts_consecutive_pairs) {
  const TransitionCounts c = hand_counts();
  BOOST_TEST(c.count(0, 1) == 3);
  BOOST_TEST(c.count(0, 2) == 1);
  BOOST_TEST(c.count(1, 2) == 2);
  BOOST_TEST(c.count(2, 4) == 4);
  BOOST_TEST(c.count(1, 0) == 0);
  BOOST_TEST(c.count(5, 4) == 0);
  BOOST_TEST(c.total() == 11);
}

BOOST_AUTO_TEST_CASE(training_counts_never_see_a_validation_or_test_target) {
  const TransitionCounts c = TransitionCounts::from_training(three_users());
  // Training pairs: (0,1) (1,2) of u1, (0,1) (1,2) of u2, (1,2) (2,0) of u3.
  BOOST_TEST(c.count(0, 1) == 2);
  BOOST_TEST(c.count(1, 2) == 3);
  BOOST_TEST(c.count(2, 0) == 1);
  BOOST_TEST(c.total() == 6);
  // The pairs ending in a validation or test target are not counted.
  BOOST_TEST(c.count(2, 3) == 0);  // u1 valid
  BOOST_TEST(c.count(3, 4) == 0);  // u1 test
  BOOST_TEST(c.count(2, 5) == 0);  // u2 valid
  BOOST_TEST(c.count(5, 3) == 0);  // u2 test
  BOOST_TEST(c.count(0, 5) == 0);  // u3 valid
  BOOST_TEST(c.count(5, 4) == 0);  // u3 test
}

BOOST_AUTO_TEST_CASE(recent_items_vote_with_decaying_weights) {
  // History 3, 1, 0 (0 most recent): 0 gives 1:+3 2:+1 (weight 1); 1 gives 2:+2 3:+1 (weight
  // 1/2); 3 has no successors. Scores 1:3, 2:2, 3:0.5.
  TransitionOptions opt;
  opt.remove_history = false;
  const RankedList list = gensr::rank_by_transitions(hand_counts(), kPopularity, {3, 1, 0}, 3, opt);
  BOOST_TEST(items(list) == (std::vector<std::int32_t>{1, 2, 3}), boost::test_tools::per_element());
  BOOST_TEST(list[0].score == 3.0);
  BOOST_TEST(list[1].score == 2.0);
  BOOST_TEST(list[2].score == 0.5);
}

BOOST_AUTO_TEST_CASE(the_window_limits_the_voting_items) {
  // Only 0 votes: 1:3, 2:1; then popularity fills (0 is the most popular).
  TransitionOptions opt;
  opt.remove_history = false;
  opt.window = 1;
  const RankedList list = gensr::rank_by_transitions(hand_counts(), kPopularity, {3, 1, 0}, 3, opt);
  BOOST_TEST(items(list) == (std::vector<std::int32_t>{1, 2, 0}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(the_decay_can_reorder_candidates) {
  // History 2, 1: 1 (last) gives 2:+2 3:+1; 2 gives 4:+4 * decay. With decay 1/2 item 2 and
  // item 4 tie at 2 (item 2 is more popular); with decay 1 item 4 leads with 4.
  TransitionOptions opt;
  opt.remove_history = false;
  BOOST_TEST(items(gensr::rank_by_transitions(hand_counts(), kPopularity, {2, 1}, 2, opt)) ==
                 (std::vector<std::int32_t>{2, 4}),
             boost::test_tools::per_element());
  opt.decay = 1.0;
  BOOST_TEST(items(gensr::rank_by_transitions(hand_counts(), kPopularity, {2, 1}, 2, opt)) ==
                 (std::vector<std::int32_t>{4, 2}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(history_items_are_removed_and_popularity_fills_the_list) {
  // Scores 1:3, 2:2, 3:0.5; history {0, 1, 3} leaves 2; the fill takes 5 (3), then 4 (0),
  // skipping history items and 2.
  const RankedList list =
      gensr::rank_by_transitions(hand_counts(), kPopularity, {3, 1, 0}, 3, TransitionOptions{});
  BOOST_TEST(items(list) == (std::vector<std::int32_t>{2, 5, 4}), boost::test_tools::per_element());
  BOOST_TEST(list[0].score == 2.0);
  BOOST_TEST(list[1].score < list[0].score);
  BOOST_TEST(list[2].score < list[1].score);
}

BOOST_AUTO_TEST_CASE(bad_window_or_decay_is_a_usage_error) {
  TransitionOptions opt;
  opt.window = 0;
  BOOST_CHECK_THROW(gensr::rank_by_transitions(hand_counts(), kPopularity, {0}, 3, opt),
                    gensr::UsageError);
  opt.window = 3;
  opt.decay = 0.0;
  BOOST_CHECK_THROW(gensr::rank_by_transitions(hand_counts(), kPopularity, {0}, 3, opt),
                    gensr::UsageError);
}
