// SIM3: topics with paraphrased queries; --pairs-in-qrels sets the share of a user's item pairs
// that are relevant together to some query. The checks recompute the share from the dataset.
#define BOOST_TEST_MODULE sim3
#include <boost/test/unit_test.hpp>

#include <map>
#include <set>

#include "sim/sim3.h"
#include "util/error.h"

using namespace gensr;
using namespace gensr::sim;
namespace tt = boost::test_tools;

namespace {

Sim3Options with_pairs(double share) {
  Sim3Options o;
  o.seed = 3;
  o.users = 400;
  o.pairs_in_qrels = share;
  return o;
}

// The paper's definition: of all item pairs of each user's interactions, the share that appear
// together in some query's relevant set, pooled over users.
double pairs_in_qrels(const Dataset& d) {
  std::map<std::int32_t, std::set<std::int32_t>> relevant;
  for (const Qrel& r : d.qrels)
    if (r.relevance >= 1) relevant[r.query].insert(r.item);
  std::set<std::pair<std::int32_t, std::int32_t>> together;
  for (const auto& [q, items] : relevant)
    for (std::int32_t a : items)
      for (std::int32_t b : items)
        if (a < b) together.insert({a, b});
  std::map<std::int32_t, std::vector<std::int32_t>> seq;
  for (const Interaction& in : d.interactions) seq[in.user].push_back(in.item);
  long inside = 0, all = 0;
  for (const auto& [u, items] : seq)
    for (std::size_t i = 0; i < items.size(); ++i)
      for (std::size_t j = i + 1; j < items.size(); ++j) {
        ++all;
        inside += together.count({std::min(items[i], items[j]), std::max(items[i], items[j])});
      }
  return static_cast<double>(inside) / static_cast<double>(all);
}

}  // namespace

BOOST_AUTO_TEST_CASE(topic_splits_of_five_items_are_the_seven_partitions_of_five) {
  const auto splits = topic_splits(5, 10, 5);
  std::set<std::int64_t> pairs;
  for (const auto& s : splits) pairs.insert(s.pairs_within);
  BOOST_TEST(splits.size() == 7u);
  // 5, 4+1, 3+2, 3+1+1, 2+2+1, 2+1+1+1, 1+1+1+1+1
  BOOST_TEST((pairs == std::set<std::int64_t>{10, 6, 4, 3, 2, 1, 0}));
}

BOOST_AUTO_TEST_CASE(topic_splits_respect_the_items_per_topic_and_topics) {
  for (const auto& s : topic_splits(6, 3, 3)) {
    BOOST_TEST(s.parts.size() <= 3u);
    for (auto p : s.parts) BOOST_TEST(p <= 3);
  }
}

BOOST_AUTO_TEST_CASE(realized_pairs_in_qrels_match_the_asked_share) {
  for (double asked : {0.0, 0.25, 0.5, 0.75, 1.0}) {
    const Dataset d = simulate_sim3(with_pairs(asked));
    const double measured = pairs_in_qrels(d);
    BOOST_TEST(measured == asked, tt::tolerance(0.01) << "asked " << asked);
    BOOST_TEST(d.info["realized"]["pairs_in_qrels"].get<double>() == measured,
               tt::tolerance(1e-12));
  }
}

BOOST_AUTO_TEST_CASE(each_topic_has_four_training_paraphrases_and_one_test) {
  const Dataset d = simulate_sim3(with_pairs(0.5));
  BOOST_TEST(d.queries.size() == 50u);
  std::map<Split, int> splits;
  for (const Query& q : d.queries) ++splits[q.split];
  BOOST_TEST(splits[Split::kTrain] == 40);
  BOOST_TEST(splits[Split::kTest] == 10);
  BOOST_TEST(splits[Split::kValid] == 0);
}

BOOST_AUTO_TEST_CASE(the_paraphrases_of_a_topic_share_its_relevant_items) {
  const Dataset d = simulate_sim3(with_pairs(0.5));
  std::map<std::int32_t, std::set<std::int32_t>> relevant;
  for (const Qrel& r : d.qrels) relevant[r.query].insert(r.item);
  for (std::int32_t t = 0; t < 10; ++t) {
    BOOST_TEST(relevant[t * 5].size() == 5u);
    for (std::int32_t p = 1; p < 5; ++p) BOOST_TEST((relevant[t * 5 + p] == relevant[t * 5]));
  }
}

BOOST_AUTO_TEST_CASE(histories_hold_distinct_items) {
  const Dataset d = simulate_sim3(with_pairs(0.3));
  std::map<std::int32_t, std::set<std::int32_t>> items;
  std::map<std::int32_t, int> length;
  for (const Interaction& in : d.interactions) {
    items[in.user].insert(in.item);
    ++length[in.user];
  }
  for (const auto& [u, n] : length)
    BOOST_REQUIRE_EQUAL(items[u].size(), static_cast<std::size_t>(n));
}

BOOST_AUTO_TEST_CASE(search_data_does_not_depend_on_pairs_in_qrels) {
  const Dataset a = simulate_sim3(with_pairs(0.0)), b = simulate_sim3(with_pairs(1.0));
  BOOST_REQUIRE_EQUAL(a.queries.size(), b.queries.size());
  for (std::size_t i = 0; i < a.queries.size(); ++i)
    BOOST_REQUIRE_EQUAL(a.queries[i].text, b.queries[i].text);
  BOOST_TEST(a.qrels.size() == b.qrels.size());
}

BOOST_AUTO_TEST_CASE(default_users_give_as_many_training_instances_as_search) {
  Sim3Options o;  // 10 topics * 4 paraphrases * 5 items = 200; histories of 5 give 2 each
  const Dataset d = simulate_sim3(o);
  BOOST_TEST(d.user_ids.size() == 100u);
  BOOST_TEST(d.info["counts"]["rec_train_instances"].get<int>() == 200);
  BOOST_TEST(d.info["counts"]["search_train_instances"].get<int>() == 200);
}

BOOST_AUTO_TEST_CASE(an_unreachable_share_is_a_usage_error) {
  Sim3Options o = with_pairs(1.0);
  o.history_length = 8;  // at most (C(5,2) + C(3,2)) / C(8,2) = 13/28 of pairs inside a topic
  BOOST_CHECK_THROW(simulate_sim3(o), UsageError);
}

BOOST_AUTO_TEST_CASE(sample_keeps_the_test_paraphrases) {
  Sim3Options o = with_pairs(1.0);
  o.sample = 0.65;
  const Dataset d = simulate_sim3(o);
  BOOST_TEST(d.info["counts"]["queries"]["train"].get<int>() == 26);
  BOOST_TEST(d.info["counts"]["queries"]["test"].get<int>() == 10);
  BOOST_TEST(d.user_ids.size() == 260u);
}

BOOST_AUTO_TEST_CASE(the_same_seed_gives_the_same_dataset) {
  const Dataset a = simulate_sim3(with_pairs(0.4)), b = simulate_sim3(with_pairs(0.4));
  BOOST_TEST(a.info.dump() == b.info.dump());
  BOOST_REQUIRE_EQUAL(a.interactions.size(), b.interactions.size());
  for (std::size_t i = 0; i < a.interactions.size(); ++i)
    BOOST_REQUIRE_EQUAL(a.interactions[i].item, b.interactions[i].item);
}
