#define BOOST_TEST_MODULE splits
#include <boost/test/unit_test.hpp>
#include <set>
#include <tuple>

#include "data/dataset.h"
#include "data/splits.h"

using namespace gensr;

namespace {

struct Event {
  std::string user, item;
  std::int64_t timestamp;
};
struct Judgement {
  std::string query, item;
  std::int32_t relevance;
};

// Builds a dataset as the reader would: users interned in first-seen order of `events`.
Dataset make(const std::vector<std::string>& items, const std::vector<Event>& events,
             const std::vector<Query>& queries = {},
             const std::vector<Judgement>& judgements = {}) {
  Dataset d;
  for (const auto& i : items) d.add_item(i);
  std::unordered_map<std::string, std::int32_t> users;
  for (const Event& e : events) {
    const auto [it, inserted] = users.emplace(e.user, static_cast<std::int32_t>(users.size()));
    if (inserted) d.user_ids.push_back(e.user);
    d.interactions.push_back({it->second, d.item_index.at(e.item), e.timestamp});
  }
  d.queries = queries;
  for (const Judgement& j : judgements) {
    std::int32_t q = 0;
    while (d.queries.at(q).id != j.query) ++q;
    d.qrels.push_back({q, d.item_index.at(j.item), j.relevance});
  }
  return d;
}

using Pairs = std::vector<std::pair<std::int32_t, std::int32_t>>;
Pairs pairs(const std::vector<RecInstance>& v) {
  Pairs p;
  for (const auto& x : v) p.emplace_back(x.seq, x.end);
  return p;
}
Pairs pairs(const std::vector<SearchInstance>& v) {
  Pairs p;
  for (const auto& x : v) p.emplace_back(x.query, x.item);
  return p;
}

// The worked example of the recommendation protocol, interactions in file order:
//   u1 has 6 items: A@5 B@1 C@3 D@3 E@9 F@7 -> by time B C D A F E (C before D: file order)
//   u2 has 3 items -> dropped (fewer than 4)
//   u3 has 4 items: A@4 B@2 E@2 F@8        -> by time B E A F       (B before E: file order)
Dataset worked_example() {
  return make({"A", "B", "C", "D", "E", "F", "G"}, {{"u1", "A", 5},
                                                    {"u2", "G", 1},
                                                    {"u1", "B", 1},
                                                    {"u3", "A", 4},
                                                    {"u1", "C", 3},
                                                    {"u2", "A", 2},
                                                    {"u3", "B", 2},
                                                    {"u1", "D", 3},
                                                    {"u3", "E", 2},
                                                    {"u1", "E", 9},
                                                    {"u2", "B", 3},
                                                    {"u1", "F", 7},
                                                    {"u3", "F", 8}});
}
enum : std::int32_t { A, B, C, D, E, F, G };

}  // namespace

BOOST_AUTO_TEST_CASE(sequences_are_time_ordered_with_ties_in_file_order) {
  SplitOptions opt;
  opt.require_seen_targets = false;
  const RecSplits s = split_recommendation(worked_example(), opt);
  BOOST_REQUIRE(s.sequences.size() == 2u);
  BOOST_TEST(s.sequences[0] == (std::vector<std::int32_t>{B, C, D, A, F, E}));
  BOOST_TEST(s.sequences[1] == (std::vector<std::int32_t>{B, E, A, F}));
  BOOST_TEST(s.sequence_user == (std::vector<std::int32_t>{0, 2}));  // u1, u3
}

BOOST_AUTO_TEST_CASE(users_with_fewer_than_four_items_are_dropped_and_counted) {
  SplitOptions opt;
  opt.require_seen_targets = false;
  const RecSplits s = split_recommendation(worked_example(), opt);
  BOOST_TEST(s.dropped_users == 1);
  for (std::int32_t u : s.sequence_user) BOOST_TEST(u != 1);  // u2
}

BOOST_AUTO_TEST_CASE(split_rule_on_the_worked_example) {
  SplitOptions opt;
  opt.require_seen_targets = false;
  const RecSplits s = split_recommendation(worked_example(), opt);
  // u1 (t = 6): test predicts item 6 (E) from 1..5, valid item 5 (F) from 1..4, train targets
  // items 4, 3, 2 (A, D, C). u3 (t = 4): test F, valid A, train item 2 (E).
  BOOST_TEST(pairs(s.test) == (Pairs{{0, 5}, {1, 3}}));
  BOOST_TEST(pairs(s.valid) == (Pairs{{0, 4}, {1, 2}}));
  BOOST_TEST(pairs(s.train) == (Pairs{{0, 3}, {0, 2}, {0, 1}, {1, 1}}));
  BOOST_TEST(s.dropped_eval_instances == 0);
}

BOOST_AUTO_TEST_CASE(require_seen_targets_drops_exactly_the_unseen_rec_targets) {
  const RecSplits s = split_recommendation(worked_example());  // require_seen_targets = true
  // Training targets are {A, D, C, E}. Valid: F (u1) unseen, A (u3) seen. Test: E (u1) seen,
  // F (u3) unseen.
  BOOST_TEST(pairs(s.valid) == (Pairs{{1, 2}}));
  BOOST_TEST(pairs(s.test) == (Pairs{{0, 5}}));
  BOOST_TEST(pairs(s.train) == (Pairs{{0, 3}, {0, 2}, {0, 1}, {1, 1}}));
  BOOST_TEST(s.dropped_eval_instances == 2);
}

BOOST_AUTO_TEST_CASE(min_items_is_an_option) {
  SplitOptions opt;
  opt.require_seen_targets = false;
  opt.min_items = 3;
  const RecSplits s = split_recommendation(worked_example(), opt);
  BOOST_TEST(s.dropped_users == 0);
  BOOST_TEST(s.sequence_user == (std::vector<std::int32_t>{0, 1, 2}));
  // u2 (G@1 A@2 B@3) gives test and valid instances but no training instance.
  BOOST_TEST(pairs(s.valid) == (Pairs{{0, 4}, {1, 1}, {2, 2}}));
  BOOST_TEST(s.train.size() == 4u);
}

namespace {

// `n` queries without a split, query k relevant to item k.
Dataset unset_queries(int n) {
  std::vector<std::string> items;
  std::vector<Query> queries;
  std::vector<Judgement> judgements;
  for (int k = 0; k < n; ++k) {
    items.push_back("i" + std::to_string(k));
    queries.push_back({"q" + std::to_string(k), "text", Split::kUnset});
    judgements.push_back({"q" + std::to_string(k), "i" + std::to_string(k), 1});
  }
  return make(items, {}, queries, judgements);
}

SplitOptions no_filter(std::uint64_t seed) {
  SplitOptions opt;
  opt.seed = seed;
  opt.require_seen_targets = false;
  return opt;
}

}  // namespace

BOOST_AUTO_TEST_CASE(seeded_query_split_is_reproducible) {
  const Dataset d = unset_queries(200);
  const SearchSplits a = split_search(d, no_filter(7));
  const SearchSplits b = split_search(d, no_filter(7));
  const SearchSplits c = split_search(d, no_filter(8));
  BOOST_TEST((a.query_split == b.query_split));
  BOOST_TEST(pairs(a.test) == pairs(b.test));
  BOOST_TEST((a.query_split != c.query_split));
}

BOOST_AUTO_TEST_CASE(seeded_query_split_has_80_10_10_sizes_and_disjoint_sets) {
  const SearchSplits s = split_search(unset_queries(200), no_filter(3));
  BOOST_TEST(s.train.size() == 160u);
  BOOST_TEST(s.valid.size() == 20u);
  BOOST_TEST(s.test.size() == 20u);
  std::set<std::int32_t> seen;
  for (const auto* part : {&s.train, &s.valid, &s.test})
    for (const SearchInstance& x : *part) BOOST_TEST(seen.insert(x.query).second);
  BOOST_TEST(seen.size() == 200u);
  for (std::size_t q = 0; q < s.query_split.size(); ++q)
    BOOST_TEST((s.query_split[q] != Split::kUnset));
}

BOOST_AUTO_TEST_CASE(seeded_query_split_rounds_evaluation_sets_down) {
  // Validation and test take floor(m / 10) each; training takes the rest.
  const SearchSplits s = split_search(unset_queries(19), no_filter(1));
  BOOST_TEST(s.train.size() == 17u);
  BOOST_TEST(s.valid.size() == 1u);
  BOOST_TEST(s.test.size() == 1u);
}

BOOST_AUTO_TEST_CASE(seeded_query_split_is_pinned_across_versions) {
  // Fisher-Yates over std::mt19937_64, whose output the standard fixes, so a dataset's split
  // never changes with the compiler or the standard library. Recorded from this version.
  const SearchSplits s = split_search(unset_queries(10), no_filter(42));
  std::string got;
  for (Split x : s.query_split) got += split_name(x)[1];  // r(ain), a(lid), e(st)
  BOOST_TEST(got == "rrrrraerrr");
}

BOOST_AUTO_TEST_CASE(given_query_splits_are_kept_and_only_unset_ones_are_drawn) {
  Dataset d = unset_queries(20);
  d.queries[0].split = Split::kTest;
  d.queries[1].split = Split::kValid;
  d.queries[2].split = Split::kTrain;
  const SearchSplits s = split_search(d, no_filter(5));
  BOOST_TEST((s.query_split[0] == Split::kTest));
  BOOST_TEST((s.query_split[1] == Split::kValid));
  BOOST_TEST((s.query_split[2] == Split::kTrain));
  // 17 unset queries: 15 / 1 / 1, plus the three given.
  BOOST_TEST(s.train.size() == 16u);
  BOOST_TEST(s.valid.size() == 2u);
  BOOST_TEST(s.test.size() == 2u);
}

BOOST_AUTO_TEST_CASE(query_with_k_relevant_items_yields_k_instances) {
  const Dataset d =
      make({"a", "b", "c"}, {}, {{"q1", "x", Split::kTrain}, {"q2", "y", Split::kTrain}},
           {{"q2", "c", 1}, {"q1", "b", 2}, {"q1", "c", 0}, {"q1", "a", 1}});
  const SearchSplits s = split_search(d, no_filter(0));
  // Grouped by query in queries.tsv order, then qrels.tsv order; relevance 0 is not relevant.
  BOOST_TEST(pairs(s.train) == (Pairs{{0, 1}, {0, 0}, {1, 2}}));
}

BOOST_AUTO_TEST_CASE(query_without_relevant_items_yields_no_instance) {
  const Dataset d = make({"a", "b"}, {}, {{"q1", "x", Split::kTrain}, {"q2", "y", Split::kTest}},
                         {{"q1", "a", 1}, {"q2", "a", 0}, {"q2", "b", -1}});
  const SearchSplits s = split_search(d, no_filter(0));
  BOOST_TEST(s.train.size() == 1u);
  BOOST_TEST(s.test.empty());
  BOOST_TEST(s.dropped_eval_instances == 0);
}

BOOST_AUTO_TEST_CASE(require_seen_targets_drops_exactly_the_unseen_search_targets) {
  const Dataset d =
      make({"a", "b", "c"}, {},
           {{"t1", "x", Split::kTrain}, {"v1", "y", Split::kValid}, {"e1", "z", Split::kTest}},
           {{"t1", "a", 1},
            {"t1", "b", 1},
            {"v1", "c", 1},
            {"v1", "a", 1},
            {"e1", "b", 1},
            {"e1", "c", 1}});
  const SearchSplits s = split_search(d);  // require_seen_targets = true
  BOOST_TEST(pairs(s.train) == (Pairs{{0, 0}, {0, 1}}));
  BOOST_TEST(pairs(s.valid) == (Pairs{{1, 0}}));
  BOOST_TEST(pairs(s.test) == (Pairs{{2, 1}}));
  BOOST_TEST(s.dropped_eval_instances == 2);
}

BOOST_AUTO_TEST_CASE(keep_shared_items_keeps_items_of_both_tasks_and_reindexes) {
  // a: rec + relevant qrel (kept); b: rec only; c: rec + a relevance-0 qrel only; d: rec +
  // relevant qrel (kept); e: search only.
  const Dataset d =
      make({"a", "b", "c", "d", "e"},
           {{"u2", "c", 1}, {"u1", "b", 2}, {"u3", "d", 3}, {"u1", "a", 4}, {"u3", "a", 5}},
           {{"q1", "one", Split::kTrain},
            {"q2", "two", Split::kTest},
            {"q3", "three", Split::kValid},
            {"q4", "four", Split::kUnset}},
           {{"q1", "a", 1},
            {"q1", "c", 0},
            {"q2", "e", 1},
            {"q3", "d", 2},
            {"q3", "b", 0},
            {"q4", "e", 1},
            {"q4", "a", 0}});
  const Dataset s = keep_shared_items(d);

  BOOST_TEST(s.item_ids == (std::vector<std::string>{"a", "d"}));
  BOOST_TEST(s.item_titles.size() == 2u);
  BOOST_TEST(s.item_index.at("d") == 1);
  // u2 lost its only interaction; the others are re-interned in first-seen order.
  BOOST_TEST(s.user_ids == (std::vector<std::string>{"u3", "u1"}));
  BOOST_REQUIRE(s.interactions.size() == 3u);
  const auto as_tuple = [](const Interaction& x) {
    return std::make_tuple(x.user, x.item, x.timestamp);
  };
  BOOST_TEST((as_tuple(s.interactions[0]) == std::make_tuple(0, 1, std::int64_t{3})));
  BOOST_TEST((as_tuple(s.interactions[1]) == std::make_tuple(1, 0, std::int64_t{4})));
  BOOST_TEST((as_tuple(s.interactions[2]) == std::make_tuple(0, 0, std::int64_t{5})));
  // q2 and q4 have no relevant shared item left.
  BOOST_REQUIRE(s.queries.size() == 2u);
  BOOST_TEST(s.queries[0].id == "q1");
  BOOST_TEST(s.queries[1].id == "q3");
  BOOST_TEST((s.queries[1].split == Split::kValid));
  BOOST_REQUIRE(s.qrels.size() == 2u);
  BOOST_TEST(s.qrels[0].query == 0);
  BOOST_TEST(s.qrels[0].item == 0);
  BOOST_TEST(s.qrels[1].query == 1);
  BOOST_TEST(s.qrels[1].item == 1);
  BOOST_TEST(s.qrels[1].relevance == 2);
}
