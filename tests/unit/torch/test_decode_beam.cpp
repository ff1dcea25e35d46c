#define BOOST_TEST_MODULE decode_beam
#include <boost/test/unit_test.hpp>

#include <ATen/ATen.h>
#include <cmath>
#include <functional>
#include <set>

#include "decode/decoder.h"
#include "decode/decoding.h"
#include "decode/item_trie.h"
#include "decode/t5_scorer.h"
#include "decode/topk.h"
#include "model/t5.h"
#include "model/t5_retrieval.h"
#include "util/error.h"

using gensr::Decoding;
using Prefix = std::vector<std::int32_t>;

namespace {

// A scorer from a plain function (query, prefix) -> log-probs, so the search logic is tested
// without a model. It keeps each row's prefix and follows the parents the search hands it.
class FunctionScorer : public gensr::NextTokenScorer {
 public:
  using Fn = std::function<std::vector<float>(std::int64_t, const Prefix&)>;
  FunctionScorer(std::int64_t queries, Fn fn) : queries_(queries), fn_(std::move(fn)) {}
  std::int64_t num_queries() const override { return queries_; }
  at::Tensor start(std::int64_t beams) override {
    beams_ = beams;
    prefixes_.assign(static_cast<std::size_t>(queries_ * beams), {});
    return scores();
  }
  at::Tensor next(const std::vector<std::int64_t>& parents,
                  const std::vector<std::int64_t>& tokens) override {
    std::vector<Prefix> next(parents.size());
    for (std::size_t r = 0; r < parents.size(); ++r) {
      next[r] = prefixes_[parents[r]];
      next[r].push_back(static_cast<std::int32_t>(tokens[r]));
    }
    prefixes_ = std::move(next);
    return scores();
  }

 private:
  at::Tensor scores() const {
    std::vector<at::Tensor> rows;
    for (std::size_t r = 0; r < prefixes_.size(); ++r)
      rows.push_back(at::tensor(fn_(static_cast<std::int64_t>(r) / beams_, prefixes_[r])));
    return at::stack(rows);
  }
  std::int64_t queries_, beams_ = 1;
  Fn fn_;
  std::vector<Prefix> prefixes_;
};

std::vector<float> probs_to_log(std::vector<float> p) {
  for (auto& x : p) x = std::log(x);
  return p;
}

// Multi-token IDs over a 14-token vocabulary (0 pad, 1 EOS): A = [10 11], B = [10 12],
// C = [13 11], D = [13]. Token 5 is likely but never part of an ID.
gensr::SequenceItemIds multi_token_ids() {
  return gensr::SequenceItemIds({{10, 11}, {10, 12}, {13, 11}, {13}});
}

std::vector<float> multi_token_model(std::int64_t, const Prefix& prefix) {
  std::vector<float> p(14, 0.01f);
  if (prefix.empty()) {
    p[5] = 0.4f, p[10] = 0.3f, p[13] = 0.2f;
  } else if (prefix == Prefix{10}) {
    p[11] = 0.5f, p[12] = 0.25f, p[5] = 0.25f;
  } else if (prefix == Prefix{13}) {
    p[11] = 0.1f, p[1] = 0.6f, p[5] = 0.3f;
  } else {
    p[1] = 0.3f, p[5] = 0.7f;  // after a complete ID EOS is forced whatever the model says
  }
  return probs_to_log(p);
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_trie_allows_exactly_the_continuations_of_valid_ids) {
  const auto ids = multi_token_ids();
  const gensr::ItemTrie trie(ids, 1);
  BOOST_TEST(trie.allowed({}) == (Prefix{10, 13}));
  BOOST_TEST(trie.allowed({10}) == (Prefix{11, 12}));
  BOOST_TEST(trie.allowed({13}) == (Prefix{1, 11}));  // D ends here, C goes on
  BOOST_TEST(trie.allowed({10, 11}) == (Prefix{1}));
  BOOST_TEST(trie.allowed({5}).empty());
  BOOST_TEST(trie.allowed({13, 1}).empty());
  const gensr::ItemTrie atomic(gensr::AtomicItemIds(4, 3), 1);
  BOOST_TEST(atomic.allowed({}) == (Prefix{4, 5, 6}));
  BOOST_TEST(atomic.allowed({6}) == (Prefix{1}));
}

// Sequence probabilities: A = .3 × .5 = .15, D = .2 × .6 = .12 (EOS after [13] is a real
// choice, 11 being valid too), B = .3 × .25 = .075, C = .2 × .1 = .02; token 5, the most likely
// token at every step, never appears.
BOOST_AUTO_TEST_CASE(trie_constrained_beam_returns_only_valid_distinct_items_by_probability) {
  FunctionScorer scorer(2, multi_token_model);
  const auto ids = multi_token_ids();
  const auto out = gensr::beam_decode_items(Decoding::kBeam, scorer, ids, 4);
  BOOST_REQUIRE_EQUAL(out.size(), 2u);
  for (const auto& q : out) {
    BOOST_REQUIRE_EQUAL(q.items.size(), 4u);
    BOOST_TEST(q.items[0].item == 0);
    BOOST_TEST(q.items[1].item == 3);
    BOOST_TEST(q.items[2].item == 1);
    BOOST_TEST(q.items[3].item == 2);
    BOOST_TEST(q.items[0].score == std::log(0.15), boost::test_tools::tolerance(1e-5));
    BOOST_TEST(q.items[1].score == std::log(0.12), boost::test_tools::tolerance(1e-5));
    BOOST_TEST(q.items[3].score == std::log(0.02), boost::test_tools::tolerance(1e-5));
  }
}

// Over multi-token IDs the diverse groups search the trie: token 5, the most likely token at
// every step, never appears, every hypothesis spells an item, and the list (topped up from a
// constrained beam where groups met on one item) has K valid distinct items.
BOOST_AUTO_TEST_CASE(diverse_over_multi_token_ids_searches_the_trie_and_gives_k_distinct_items) {
  const auto ids = std::make_shared<gensr::SequenceItemIds>(multi_token_ids());
  for (const bool fill : {false, true}) {
    FunctionScorer scorer(2, multi_token_model);
    const auto out = gensr::make_decoder({"diverse", 4, fill, false}, ids)->decode(scorer, {});
    BOOST_REQUIRE_EQUAL(out.size(), 2u);
    for (const auto& q : out) {
      BOOST_TEST(q.not_items == 0);
      BOOST_TEST(q.hypotheses == 4);
      BOOST_TEST(static_cast<std::int64_t>(q.items.size()) - q.filled + q.repeats == 4);
      BOOST_TEST(q.items[0].item == 0);  // A, the most probable ID, leads the first group
      std::set<std::int32_t> distinct;
      for (const auto& s : q.items) {
        BOOST_TEST(s.item >= 0);
        BOOST_TEST(s.item < 4);
        distinct.insert(s.item);
      }
      BOOST_TEST(distinct.size() == q.items.size());
      if (fill) BOOST_TEST(q.items.size() == 4u);
    }
  }
}

BOOST_AUTO_TEST_CASE(constrained_beam_equals_topk_for_atomic_ids) {
  // Ten items at tokens 10..19; scores differ per query; EOS after an item has an arbitrary
  // model log-prob that must not matter.
  auto fn = [](std::int64_t q, const Prefix& prefix) {
    std::vector<float> v(20);
    for (int t = 0; t < 20; ++t)
      v[t] = -0.1f * static_cast<float>((t * 7 + q * 3 + static_cast<int>(prefix.size()) * 5) % 23);
    return v;
  };
  FunctionScorer scorer(3, fn);
  const gensr::AtomicItemIds ids(10, 10);
  const auto out = gensr::beam_decode_items(Decoding::kBeam, scorer, ids, 5);
  for (std::int64_t q = 0; q < 3; ++q) {
    const auto first = fn(q, {});
    std::vector<std::int32_t> order(10);
    for (int i = 0; i < 10; ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(),
                     [&](int a, int b) { return first[10 + a] > first[10 + b]; });
    BOOST_REQUIRE_EQUAL(out[q].items.size(), 5u);
    for (int r = 0; r < 5; ++r) {
      BOOST_TEST(out[q].items[r].item == order[r]);
      BOOST_TEST(out[q].items[r].score == static_cast<double>(first[10 + order[r]]),
                 boost::test_tools::tolerance(1e-6));
    }
  }
}

// K = 4: two groups of two beams, penalty 0.25. Step 1: group 0 takes items 0 and 1 (tokens 4,
// 5 at -1.0, -1.05); group 1 sees them at -1.25, -1.30 and takes token 6 (-1.2) and token 4
// (-1.25). Step 2: EOS (-0.1) ends every beam: scores / length 2 = -0.55, -0.575 (group 0),
// -0.65, -0.675 (group 1); not done, as the best candidate -1.1 / 3 beats -0.575. Step 3: the
// best candidate, EOS after [4 2] at -5.0, gives -5.0 / 4 < -0.575: both groups are done. Item 0
// comes twice; the repeat is dropped and counted.
BOOST_AUTO_TEST_CASE(diverse_beam_search_follows_hf_group_beam_search_by_hand) {
  auto fn = [](std::int64_t, const Prefix& prefix) {
    std::vector<float> v(8, -9.0f);
    if (prefix.empty()) {
      v = {-9.0f, -3.0f, -2.5f, -4.0f, -1.0f, -1.05f, -1.2f, -1.28f};
    } else if (prefix.back() >= 4) {
      v[1] = -0.1f, v[2] = -3.0f;
    } else {
      v[1] = -1.0f;
    }
    return v;
  };
  FunctionScorer scorer(1, fn);
  const gensr::AtomicItemIds ids(4, 4);
  const auto hyps = gensr::group_beam_search(scorer, gensr::diverse_config(4));
  BOOST_REQUIRE_EQUAL(hyps[0].size(), 4u);
  BOOST_TEST(hyps[0][0].tokens == (Prefix{4}));
  BOOST_TEST(hyps[0][0].score == -0.55, boost::test_tools::tolerance(1e-5));
  BOOST_TEST(hyps[0][1].tokens == (Prefix{5}));
  BOOST_TEST(hyps[0][1].score == -0.575, boost::test_tools::tolerance(1e-5));
  BOOST_TEST(hyps[0][2].tokens == (Prefix{6}));
  BOOST_TEST(hyps[0][2].score == -0.65, boost::test_tools::tolerance(1e-5));
  BOOST_TEST(hyps[0][3].tokens == (Prefix{4}));
  BOOST_TEST(hyps[0][3].score == -0.675, boost::test_tools::tolerance(1e-5));
  const auto items = gensr::items_from_hypotheses(hyps[0], ids);
  BOOST_REQUIRE_EQUAL(items.items.size(), 3u);
  BOOST_TEST(items.items[2].item == 2);
  BOOST_TEST(items.repeats == 1);
  BOOST_TEST(items.not_items == 0);
}

BOOST_AUTO_TEST_CASE(hypotheses_that_spell_no_item_are_dropped_and_counted) {
  const gensr::AtomicItemIds ids(4, 4);
  const std::vector<gensr::Hypothesis> hyps = {{{}, -0.1, true},       {{5}, -0.2, true},
                                               {{2}, -0.3, true},      {{5, 6}, -0.4, true},
                                               {{6}, -INFINITY, true}, {{7}, -0.5, false}};
  const auto out = gensr::items_from_hypotheses(hyps, ids);
  BOOST_REQUIRE_EQUAL(out.items.size(), 2u);
  BOOST_TEST(out.items[0].item == 1);
  BOOST_TEST(out.items[1].item == 3);  // cut at max_length but spelling item 3: kept
  BOOST_TEST(out.not_items == 4);
  BOOST_TEST(out.hypotheses == 6);
}

BOOST_AUTO_TEST_CASE(short_lists_are_topped_up_to_k_with_unseen_items_of_the_exact_top_k) {
  gensr::DecodedItems d;
  d.items = {{7, -0.5}, {3, -0.9}};
  // The exact top-K holds 3 (already there), then 5 and 1: those fill the two free places.
  gensr::fill_to_k(d, {{3, -0.1}, {5, -0.2}, {1, -0.3}, {9, -0.4}}, 4);
  BOOST_REQUIRE_EQUAL(d.items.size(), 4u);
  BOOST_TEST(d.items[0].item == 7);
  BOOST_TEST(d.items[1].item == 3);
  BOOST_TEST(d.items[2].item == 5);
  BOOST_TEST(d.items[3].item == 1);
  BOOST_TEST(d.filled == 2);
  gensr::fill_to_k(d, {{2, 0.0}}, 4);  // already K items: nothing changes
  BOOST_TEST(d.items.size() == 4u);
  BOOST_TEST(d.filled == 2);
}

BOOST_AUTO_TEST_CASE(bad_decoding_requests_are_usage_errors) {
  BOOST_CHECK_THROW(gensr::parse_decoding("greedy"), gensr::UsageError);
  BOOST_CHECK_THROW(gensr::check_decoding(Decoding::kDiverse, 5, 100), gensr::UsageError);
  BOOST_CHECK_THROW(gensr::check_decoding(Decoding::kTopK, 101, 100), gensr::UsageError);
  BOOST_CHECK_NO_THROW(gensr::check_decoding(Decoding::kDiverse, 6, 100));
  try {
    gensr::check_decoding(Decoding::kDiverse, 5, 100);
  } catch (const gensr::UsageError& e) {
    BOOST_TEST(std::string(e.what()).find("even --k") != std::string::npos, e.what());
  }
}

BOOST_AUTO_TEST_CASE(a_tiny_t5_gives_the_same_items_by_beam_and_topk) {
  gensr::T5Config c = gensr::t5_preset("tiny");
  c.vocab_size = 60;
  at::manual_seed(5);
  gensr::T5 model(c);
  model->eval();
  const std::vector<std::vector<std::int32_t>> inputs = {{5, 9, 1}, {7, 22, 31, 1}, {3, 1}};
  const auto top = gensr::top_k_items(*model, inputs, 40, 20, 6, false);
  gensr::T5Scorer scorer(*model, inputs, false);
  const auto beam =
      gensr::beam_decode_items(Decoding::kBeam, scorer, gensr::AtomicItemIds(40, 20), 6);
  for (std::size_t q = 0; q < inputs.size(); ++q) {
    BOOST_REQUIRE_EQUAL(beam[q].items.size(), 6u);
    for (int r = 0; r < 6; ++r) {
      BOOST_TEST(beam[q].items[r].item == top[q][r].item);
      BOOST_TEST(beam[q].items[r].score == top[q][r].score, boost::test_tools::tolerance(1e-5));
    }
  }
  gensr::T5Scorer diverse_scorer(*model, inputs, false);
  const auto diverse =
      gensr::beam_decode_items(Decoding::kDiverse, diverse_scorer, gensr::AtomicItemIds(40, 20), 6);
  for (const auto& q : diverse) {
    BOOST_TEST(q.hypotheses == 6);
    BOOST_TEST(q.items.size() + q.not_items + q.repeats == 6u);
  }
}

BOOST_AUTO_TEST_CASE(topk_leaves_out_excluded_items_and_keeps_the_order_of_the_rest) {
  gensr::T5Config c = gensr::t5_preset("tiny");
  c.vocab_size = 60;
  at::manual_seed(5);
  gensr::T5 model(c);
  model->eval();
  const std::vector<std::vector<std::int32_t>> inputs = {{5, 9, 1}, {7, 22, 31, 1}};
  const auto all = gensr::top_k_items(*model, inputs, 40, 20, 20, false);
  // Query 0 excludes its first and third best items, query 1 nothing.
  const std::vector<std::vector<std::int32_t>> exclude = {{all[0][0].item, all[0][2].item}, {}};
  gensr::T5Retrieval view(model);
  const auto kept = gensr::top_k_items(view, inputs, 40, 20, 6, false, &exclude);
  BOOST_REQUIRE_EQUAL(kept[0].size(), 6u);
  const std::vector<std::size_t> expected = {1, 3, 4, 5, 6, 7};
  for (std::size_t r = 0; r < 6; ++r) {
    BOOST_TEST(kept[0][r].item == all[0][expected[r]].item);
    BOOST_TEST(kept[0][r].score == all[0][expected[r]].score, boost::test_tools::tolerance(1e-6));
    BOOST_TEST(kept[1][r].item == all[1][r].item);
  }
  // Fewer items left than K: the list is short, never padded with excluded ones.
  std::vector<std::vector<std::int32_t>> most(2);
  for (int i = 0; i < 17; ++i) most[0].push_back(i);
  const auto short_list = gensr::top_k_items(view, inputs, 40, 20, 6, false, &most);
  BOOST_TEST(short_list[0].size() == 3u);
  for (const auto& s : short_list[0]) BOOST_TEST(s.item >= 17);
  BOOST_TEST(short_list[1].size() == 6u);
}
