// SIM2: clusters of co-occurring items; --query-match sets how many of an item's queries carry its
// cluster's shared text. The checks recompute everything from the dataset itself.
#define BOOST_TEST_MODULE sim2
#include <boost/test/unit_test.hpp>

#include <map>
#include <set>

#include "sim/sim2.h"
#include "util/error.h"

using namespace gensr;
using namespace gensr::sim;
namespace tt = boost::test_tools;

namespace {

Sim2Options small(double match) {
  Sim2Options o;
  o.seed = 11;
  o.users = 60;
  o.history_length = 10;
  o.train_queries_per_item = 8;  // + 1 valid + 1 test = 10 queries per item
  o.query_match = match;
  return o;
}

std::int32_t cluster_of(std::int32_t item) { return item / 6; }

// For every item, how many of its queries have a text that some other item of its cluster has too.
std::vector<int> shared_queries_per_item(const Dataset& d) {
  std::map<std::string, std::set<std::int32_t>> items_of_text;
  for (const Qrel& r : d.qrels) items_of_text[d.queries[r.query].text].insert(r.item);
  std::vector<int> shared(d.item_ids.size(), 0);
  for (const Qrel& r : d.qrels) {
    const auto& items = items_of_text[d.queries[r.query].text];
    for (std::int32_t other : items)
      if (other != r.item && cluster_of(other) == cluster_of(r.item)) {
        ++shared[r.item];
        break;
      }
  }
  return shared;
}

}  // namespace

BOOST_AUTO_TEST_CASE(full_query_match_gives_all_items_of_a_cluster_one_text) {
  const Dataset d = simulate_sim2(small(1.0));
  std::map<std::int32_t, std::set<std::string>> texts_of_cluster;
  for (const Qrel& r : d.qrels)
    texts_of_cluster[cluster_of(r.item)].insert(d.queries[r.query].text);
  BOOST_TEST(texts_of_cluster.size() == 5u);
  std::set<std::string> all;
  for (const auto& [c, texts] : texts_of_cluster) {
    BOOST_TEST(texts.size() == 1u, "cluster " << c);
    all.insert(*texts.begin());
  }
  BOOST_TEST(all.size() == 5u);  // clusters do not share texts
  BOOST_TEST(d.info["realized"]["query_match"].get<double>() == 1.0);
}

BOOST_AUTO_TEST_CASE(half_query_match_shares_half_of_each_items_queries) {
  const Dataset d = simulate_sim2(small(0.5));
  for (int shared : shared_queries_per_item(d)) BOOST_TEST(shared == 5);
  BOOST_TEST(d.info["realized"]["query_match"].get<double>() == 0.5, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(zero_query_match_shares_no_text) {
  const Dataset d = simulate_sim2(small(0.0));
  std::set<std::string> texts;
  for (const Query& q : d.queries) texts.insert(q.text);
  BOOST_TEST(texts.size() == d.queries.size());
  BOOST_TEST(d.info["realized"]["query_match"].get<double>() == 0.0);
}

BOOST_AUTO_TEST_CASE(histories_are_runs_of_pairs_from_one_cluster) {
  const Dataset d = simulate_sim2(small(1.0));
  std::map<std::int32_t, std::vector<std::int32_t>> seq;
  for (const Interaction& in : d.interactions) seq[in.user].push_back(in.item);
  BOOST_TEST(seq.size() == 60u);
  for (const auto& [u, items] : seq) {
    BOOST_REQUIRE_EQUAL(items.size(), 10u);
    for (std::size_t k = 0; k + 1 < items.size(); k += 2) {
      BOOST_REQUIRE_EQUAL(cluster_of(items[k]), cluster_of(items[k + 1]));
      BOOST_REQUIRE_NE(items[k], items[k + 1]);
    }
  }
}

BOOST_AUTO_TEST_CASE(recommendation_data_does_not_depend_on_query_match) {
  const Dataset a = simulate_sim2(small(0.0)), b = simulate_sim2(small(0.75));
  BOOST_REQUIRE_EQUAL(a.interactions.size(), b.interactions.size());
  for (std::size_t i = 0; i < a.interactions.size(); ++i)
    BOOST_REQUIRE_EQUAL(a.interactions[i].item, b.interactions[i].item);
}

BOOST_AUTO_TEST_CASE(every_item_has_training_valid_and_test_queries) {
  const Dataset d = simulate_sim2(small(0.5));
  std::map<std::int32_t, std::map<Split, int>> per_item;
  for (const Qrel& r : d.qrels) ++per_item[r.item][d.queries[r.query].split];
  BOOST_TEST(per_item.size() == 30u);
  for (auto& [item, splits] : per_item) {
    BOOST_TEST(splits[Split::kTrain] == 8);
    BOOST_TEST(splits[Split::kValid] == 1);
    BOOST_TEST(splits[Split::kTest] == 1);
  }
}

BOOST_AUTO_TEST_CASE(default_training_queries_match_recommendation_training_size) {
  Sim2Options o = small(1.0);
  o.train_queries_per_item = 0;  // 60 users * 7 / 30 items = 14 per item
  const Dataset d = simulate_sim2(o);
  BOOST_TEST(d.info["counts"]["rec_train_instances"].get<int>() == 420);
  BOOST_TEST(d.info["counts"]["search_train_instances"].get<int>() == 420);
}

BOOST_AUTO_TEST_CASE(sample_keeps_that_fraction_of_training_data) {
  Sim2Options o = small(1.0);
  o.sample = 0.65;
  const Dataset d = simulate_sim2(o);
  BOOST_TEST(d.user_ids.size() == 39u);                                // 0.65 * 60
  BOOST_TEST(d.info["counts"]["queries"]["train"].get<int>() == 156);  // 0.65 * 240
  BOOST_TEST(d.info["counts"]["queries"]["test"].get<int>() == 30);
}

BOOST_AUTO_TEST_CASE(the_same_seed_gives_the_same_dataset) {
  const Dataset a = simulate_sim2(small(0.25)), b = simulate_sim2(small(0.25));
  BOOST_TEST(a.info.dump() == b.info.dump());
  for (std::size_t i = 0; i < a.queries.size(); ++i)
    BOOST_REQUIRE_EQUAL(a.queries[i].text, b.queries[i].text);
}

BOOST_AUTO_TEST_CASE(query_match_outside_zero_one_is_a_usage_error) {
  BOOST_CHECK_THROW(simulate_sim2(small(1.5)), UsageError);
}
