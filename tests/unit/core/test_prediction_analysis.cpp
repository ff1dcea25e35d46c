#define BOOST_TEST_MODULE prediction_analysis
#include <boost/test/unit_test.hpp>

#include "eval/item_groups.h"
#include "eval/prediction_analysis.h"

using gensr::AnalysisQuery;
using gensr::ItemGroups;
using gensr::PairKind;
namespace tt = boost::test_tools;

namespace {

// Items 0..5. Rec training sequences U0 {0 1 2}, U1 {1 2 3}, U2 {4 5}; search training
// queries Q0 {0 2}, Q1 {2 3}, Q2 {0 4}, Q3 {2 3}.
struct Data {
  ItemGroups rec{{{0, 1, 2}, {1, 2, 3}, {4, 5}}, 6};
  ItemGroups search{{{0, 2}, {2, 3}, {0, 4}, {2, 3}}, 6};
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(analyses, Data)

BOOST_AUTO_TEST_CASE(item_groups_count_the_groups_holding_both_items) {
  BOOST_TEST(rec.together(1, 2) == 2);
  BOOST_TEST(rec.together(2, 1) == 2);
  BOOST_TEST(rec.together(0, 3) == 0);
  BOOST_TEST(search.together(2, 3) == 2);
  BOOST_TEST(search.together(2, 2) == 0);  // not a pair
  const ItemGroups repeats({{1, 1, 2}}, 3);
  BOOST_TEST(repeats.together(1, 2) == 1);  // a repeat in one group counts once
}

// The paper's example: history {1, 2}, target 3; 2 queries have {1, 3} relevant and 3 have
// {2, 3}: 5 matches.
BOOST_AUTO_TEST_CASE(history_to_target_matches_follow_the_papers_example) {
  const ItemGroups queries({{1, 3}, {1, 3, 9}, {2, 3}, {2, 3}, {3, 2}, {1, 2}}, 10);
  AnalysisQuery q;
  q.history = {1, 2, 1};  // a repeated history item counts once
  q.relevant = {3};
  BOOST_TEST(gensr::history_target_query_matches(q, queries) == 5);
}

// The paper's example: relevant {1, 3, 5} co-occurring 3, 4 and 2 times: (3 + 4 + 2) / 3.
BOOST_AUTO_TEST_CASE(relevant_pair_cooccurrence_follows_the_papers_example) {
  std::vector<std::vector<std::int32_t>> users;
  for (int i = 0; i < 3; ++i) users.push_back({1, 3});
  for (int i = 0; i < 4; ++i) users.push_back({1, 5});
  for (int i = 0; i < 2; ++i) users.push_back({3, 5});
  AnalysisQuery q;
  q.relevant = {1, 3, 5};
  BOOST_TEST(gensr::relevant_pair_cooccurrence(q, ItemGroups(users, 6)) == 3.0);
}

BOOST_AUTO_TEST_CASE(mean_predicted_popularity_averages_per_instance_then_over_instances) {
  BOOST_TEST(gensr::mean_predicted_popularity({{0, 1}, {2}, {}}, {10, 20, 5}) == 10.0);
}

BOOST_AUTO_TEST_CASE(pairs_are_redundant_in_both_tasks_and_non_redundant_only_in_the_other) {
  // Target task rec: (0 2) is in U0 and Q0; (1 2) only in rec; (0 4) only in search.
  BOOST_TEST((gensr::classify_pair(0, 2, rec, search) == PairKind::kRedundant));
  BOOST_TEST((gensr::classify_pair(1, 2, rec, search) == PairKind::kNeither));
  BOOST_TEST((gensr::classify_pair(0, 4, rec, search) == PairKind::kNonRedundant));
  // Target task search: (1 2) is now the non-redundant one.
  BOOST_TEST((gensr::classify_pair(1, 2, search, rec) == PairKind::kNonRedundant));
}

// Rec instances (K = 2):
//   I0 history {0 1} -> 2; pairs (0 2) redundant, (1 2) neither; 1 query match; single [2 5],
//      joint [2 5] (identical), recall 1 and 1.
//   I1 history {1} -> 3; pair (1 3) neither; 0 matches; single [0 1], joint [3 0]: 0 and 1.
//   I2 history {4} -> 0; pair (0 4) non-redundant; 1 match; single [5 4], joint [0 5]: 0, 1.
// Search popularity 2 0 3 2 1 0: single 1.5, 1, 0.5 -> 1.0; joint 1.5, 2, 1 -> 1.5.
BOOST_AUTO_TEST_CASE(rec_analysis_by_hand) {
  const std::vector<AnalysisQuery> qs = {
      {{2}, {0, 1}, {2, 5}, {2, 5}}, {{3}, {1}, {0, 1}, {3, 0}}, {{0}, {4}, {5, 4}, {0, 5}}};
  const auto a = gensr::analyse_predictions(true, qs, rec, search, {2, 0, 3, 2, 1, 0}, 2);
  BOOST_TEST(a.popularity_single == 1.0, tt::tolerance(1e-12));
  BOOST_TEST(a.popularity_joint == 1.5, tt::tolerance(1e-12));
  BOOST_TEST(a.differing == 2);
  BOOST_TEST(a.identical == 1);
  BOOST_TEST(a.measure_differing == 0.5, tt::tolerance(1e-12));
  BOOST_TEST(a.measure_identical == 1.0, tt::tolerance(1e-12));
  BOOST_TEST(a.measure_all == 2.0 / 3, tt::tolerance(1e-12));
  BOOST_TEST(a.redundant.pairs == 1);
  BOOST_TEST(a.redundant.instances == 1);
  BOOST_TEST(a.redundant.recall_single == 1.0);
  BOOST_TEST(a.redundant.recall_joint == 1.0);
  BOOST_TEST(a.non_redundant.pairs == 1);
  BOOST_TEST(a.non_redundant.instances == 1);
  BOOST_TEST(a.non_redundant.recall_single == 0.0);
  BOOST_TEST(a.non_redundant.recall_joint == 1.0);
  const auto json = gensr::analysis_json(a, true);
  BOOST_TEST(json["table6"]["delta"].get<double>() == 0.5, tt::tolerance(1e-12));
  BOOST_TEST(json["table7"]["delta"].get<double>() == -0.5, tt::tolerance(1e-12));
}

// Search queries (K = 2):
//   T0 relevant {0 2 3}: pairs (0 2) redundant (Q0, U0), (0 3) neither, (2 3) redundant (Q1,
//      U1); rec co-occurrences 1, 0, 1 -> 2/3; single [0 5] recall 1/3, joint [0 2] 2/3.
//   T1 relevant {4}: no pair, left out of Tables 7 and 8.
//   T2 relevant {1 2}: (1 2) in rec (U0, U1) only -> non-redundant; co-occurrence 2;
//      single [1 0] recall 1/2, joint [2 1] 1.
// Rec popularity 5 1 1 1 1 1: single 3, 1, 3 -> 7/3; joint 3, 1, 1 -> 5/3.
BOOST_AUTO_TEST_CASE(search_analysis_by_hand) {
  const std::vector<AnalysisQuery> qs = {
      {{0, 2, 3}, {}, {0, 5}, {0, 2}}, {{4}, {}, {1, 2}, {1, 2}}, {{1, 2}, {}, {1, 0}, {2, 1}}};
  const auto a = gensr::analyse_predictions(false, qs, rec, search, {5, 1, 1, 1, 1, 1}, 2);
  BOOST_TEST(a.popularity_single == 7.0 / 3, tt::tolerance(1e-12));
  BOOST_TEST(a.popularity_joint == 5.0 / 3, tt::tolerance(1e-12));
  BOOST_TEST(a.differing == 2);
  BOOST_TEST(a.identical == 0);
  BOOST_TEST(a.measure_differing == 4.0 / 3, tt::tolerance(1e-12));
  BOOST_TEST(a.redundant.pairs == 2);
  BOOST_TEST(a.redundant.instances == 1);
  BOOST_TEST(a.redundant.recall_single == 1.0 / 3, tt::tolerance(1e-12));
  BOOST_TEST(a.redundant.recall_joint == 2.0 / 3, tt::tolerance(1e-12));
  BOOST_TEST(a.non_redundant.pairs == 1);
  BOOST_TEST(a.non_redundant.recall_single == 0.5);
  BOOST_TEST(a.non_redundant.recall_joint == 1.0);
}

BOOST_AUTO_TEST_SUITE_END()
