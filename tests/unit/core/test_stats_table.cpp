// One Table 3 row computed from a small hand-made dataset and its splits; every expected value is
// worked out by hand in the comments.
#define BOOST_TEST_MODULE stats_table
#include <boost/test/unit_test.hpp>

#include "stats/table.h"

using namespace gensr;
namespace tt = boost::test_tools;

namespace {

// Items 0..5. Rec: user 0 = [0,1,2,3], user 1 = [4,1,0,2,3] (a third user was dropped).
// Training targets (positions 2..t-2): user 0 -> item 1; user 1 -> items 1, 0.
// Search: q0 (train) -> {0, 1}, q1 (train) -> {5} (relevance 2), q2 (test) -> {2},
// q3 (train) -> {3} with relevance 0, so not relevant.
struct Fixture {
  Dataset d;
  RecSplits rec;
  SearchSplits search;
  Fixture() {
    for (const char* id : {"A", "B", "C", "D", "E", "F"}) {
      d.item_index[id] = static_cast<std::int32_t>(d.item_ids.size());
      d.item_ids.push_back(id);
      d.item_titles.push_back("");
    }
    rec.sequences = {{0, 1, 2, 3}, {4, 1, 0, 2, 3}};
    rec.sequence_user = {0, 1};
    rec.dropped_users = 1;
    d.user_ids = {"u0", "u1", "u2"};
    for (std::int32_t u = 0; u < 2; ++u)
      for (std::size_t t = 0; t < rec.sequences[u].size(); ++t)
        d.interactions.push_back({u, rec.sequences[u][t], static_cast<std::int64_t>(t)});
    d.interactions.push_back({2, 0, 0});
    rec.train = {{0, 1}, {1, 1}, {1, 2}};
    rec.valid = {{0, 2}, {1, 3}};
    rec.test = {{0, 3}, {1, 4}};

    d.queries = {{"q0", "a b", Split::kTrain},
                 {"q1", "c", Split::kTrain},
                 {"q2", "d", Split::kTest},
                 {"q3", "e", Split::kTrain}};
    d.qrels = {{0, 0, 1}, {0, 1, 1}, {1, 5, 2}, {2, 2, 1}, {3, 3, 0}};
    search.query_split = {Split::kTrain, Split::kTrain, Split::kTest, Split::kTrain};
    search.train = {{0, 0}, {0, 1}, {1, 5}};
    search.test = {{2, 2}};
  }
};

}  // namespace

BOOST_FIXTURE_TEST_CASE(recommendation_columns_count_the_kept_users, Fixture) {
  const auto s = stats::dataset_stats("toy", d, rec, search);
  BOOST_REQUIRE(s.rec);
  BOOST_TEST(s.rec->items == 5);
  BOOST_TEST(s.rec->users == 2);
  BOOST_TEST(s.rec->interactions == 9);
  BOOST_TEST(s.rec->density == 0.9, tt::tolerance(1e-12));  // 9 / (2 * 5)
  BOOST_TEST(s.rec->dropped_users == 1);
  BOOST_TEST(s.rec->train_instances == 3);
}

BOOST_FIXTURE_TEST_CASE(recommendation_gini_is_over_training_popularity_of_its_items, Fixture) {
  // counts of items 0..4: {1, 2, 0, 0, 0}; sorted 0,0,0,1,2 -> (2*1 + 4*2) / (5 * 3) = 2/3
  const auto s = stats::dataset_stats("toy", d, rec, search);
  BOOST_TEST(s.rec->gini == 2.0 / 3, tt::tolerance(1e-12));
}

BOOST_FIXTURE_TEST_CASE(search_columns_count_relevant_qrels_only, Fixture) {
  const auto s = stats::dataset_stats("toy", d, rec, search);
  BOOST_REQUIRE(s.search);
  BOOST_TEST(s.search->items == 4);    // 0, 1, 2, 5
  BOOST_TEST(s.search->queries == 3);  // q3 has no relevant item
  BOOST_TEST(s.search->avg_relevant == 4.0 / 3, tt::tolerance(1e-12));
  BOOST_TEST(s.search->train_instances == 3);
  // counts of items 0,1,2,5: {1,1,0,1}; sorted 0,1,1,1 -> (-1 + 1 + 3) / (4 * 3) = 0.25
  BOOST_TEST(s.search->gini == 0.25, tt::tolerance(1e-12));
}

BOOST_FIXTURE_TEST_CASE(comparison_uses_the_union_of_trained_items_add_one_smoothed, Fixture) {
  // union {0, 1, 5}: R counts {1,2,0} -> {2,3,1}/6, S counts {1,1,1} -> {1,1,1}/3.
  // KL(S||R) = 1/3 (ln 1 + ln(2/3) + ln 2) = ln(4/3) / 3
  // KL(R||S) = 1/2 ln(3/2) + 1/6 ln(1/2)
  // KS: order 1, 0, 5: CDF_R .5 .8333 1, CDF_S .3333 .6667 1 -> 1/6
  const auto s = stats::dataset_stats("toy", d, rec, search);
  BOOST_REQUIRE(s.comparison);
  BOOST_TEST(s.comparison->union_items == 3);
  BOOST_TEST(s.comparison->kl_s_r == 0.0958940242, tt::tolerance(1e-9));
  BOOST_TEST(s.comparison->kl_r_s == 0.0872080240, tt::tolerance(1e-9));
  BOOST_TEST(s.comparison->ks == 1.0 / 6, tt::tolerance(1e-12));
}

BOOST_FIXTURE_TEST_CASE(a_dataset_without_queries_has_no_search_columns, Fixture) {
  d.queries.clear();
  d.qrels.clear();
  const auto s = stats::dataset_stats("rec only", d, rec, SearchSplits{});
  BOOST_TEST(s.rec.has_value());
  BOOST_TEST(!s.search.has_value());
  BOOST_TEST(!s.comparison.has_value());
  BOOST_TEST(stats::stats_markdown({s}).find(
                 "| rec only | 5 | 2 | 0.90000 | 0.6667 | - | - | - | - | - | - | - |") !=
             std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(json_names_every_column, Fixture) {
  const auto j = stats::to_json(stats::dataset_stats("toy", d, rec, search));
  BOOST_TEST(j["rec"]["density"].get<double>() == 0.9, tt::tolerance(1e-12));
  BOOST_TEST(j["search"]["avg_relevant_per_query"].get<double>() == 4.0 / 3, tt::tolerance(1e-12));
  BOOST_TEST(j["comparison"]["ks_distance"].get<double>() == 1.0 / 6, tt::tolerance(1e-12));
}
