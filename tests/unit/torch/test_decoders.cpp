#define BOOST_TEST_MODULE decoders
#include <boost/test/unit_test.hpp>

#include <functional>

#include <ATen/ATen.h>

#include "decode/decoder.h"
#include "decode/next_token_scorer.h"
#include "decode/rank_queries.h"
#include "dist/in_memory.h"
#include "model/t5.h"
#include "model/t5_retrieval.h"
#include "util/error.h"

// The decoding strategies as objects (decode/decoder.h) and rank_queries, the one loop that
// shards queries over ranks for gensr-eval and the trainer's validation.

using namespace gensr;

namespace {

// First-step log-probs from a table [queries, vocab]: enough for top-K, which takes one step.
class TableScorer final : public NextTokenScorer {
 public:
  explicit TableScorer(at::Tensor logp) : logp_(std::move(logp)) {}
  std::int64_t num_queries() const override { return logp_.size(0); }
  at::Tensor start(std::int64_t beams) override { return logp_.repeat_interleave(beams, 0); }
  at::Tensor next(const std::vector<std::int64_t>&, const std::vector<std::int64_t>&) override {
    throw Error("TableScorer: one step only");
  }

 private:
  at::Tensor logp_;
};

// A strategy that returns only each query's item 0 (a beam search that came up short).
class OneItem final : public Decoder {
 public:
  const char* name() const override { return "one"; }
  std::vector<DecodedItems> decode(NextTokenScorer& scorer, const QueryBatch&) const override {
    return std::vector<DecodedItems>(static_cast<std::size_t>(scorer.num_queries()),
                                     DecodedItems{{{0, -9.0}}, 1, 0, 0, 0});
  }
};

// Vocabulary of 2 text tokens then 5 items; query q prefers item (q + j) % 5 at rank j.
at::Tensor table(std::int64_t queries) {
  at::Tensor t = at::full({queries, 7}, -20.0f);
  for (std::int64_t q = 0; q < queries; ++q)
    for (std::int64_t j = 0; j < 5; ++j) t[q][2 + (q + j) % 5] = -1.0f - j;
  return t;
}

std::vector<std::int32_t> items_of(const DecodedItems& d) {
  std::vector<std::int32_t> out;
  for (const auto& s : d.items) out.push_back(s.item);
  return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(topk_takes_the_best_item_columns_of_the_scorer_s_first_step) {
  TableScorer scorer(table(2));
  const auto out = TopKDecoder(3, 2, 5).decode(scorer, {});
  BOOST_TEST(items_of(out[0]) == (std::vector<std::int32_t>{0, 1, 2}),
             boost::test_tools::per_element());
  BOOST_TEST(items_of(out[1]) == (std::vector<std::int32_t>{1, 2, 3}),
             boost::test_tools::per_element());
  BOOST_TEST(out[0].items[1].score == -2.0);
  BOOST_TEST(out[0].hypotheses == 3);
}

BOOST_AUTO_TEST_CASE(topk_excluding_history_skips_the_query_s_history_only_when_asked) {
  TableScorer scorer(table(2));
  QueryBatch batch{{{}, {}}, {{0, 2}, {}}};
  BOOST_TEST(items_of(TopKDecoder(3, 2, 5, true).decode(scorer, batch)[0]) ==
                 (std::vector<std::int32_t>{1, 3, 4}),
             boost::test_tools::per_element());
  BOOST_TEST(items_of(TopKDecoder(3, 2, 5, false).decode(scorer, batch)[0]) ==
                 (std::vector<std::int32_t>{0, 1, 2}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(fill_to_k_tops_a_short_list_up_from_the_exact_top_k_and_counts_it) {
  TableScorer scorer(table(2));
  const FillToK fill(std::make_unique<OneItem>(), 3, std::make_unique<TopKDecoder>(3, 2, 5));
  BOOST_TEST(std::string(fill.name()) == "one");
  const auto out = fill.decode(scorer, {});
  // Query 1: item 0 from the strategy, then its exact best 1, 2.
  BOOST_TEST(items_of(out[1]) == (std::vector<std::int32_t>{0, 1, 2}),
             boost::test_tools::per_element());
  BOOST_TEST(out[1].filled == 2);
  // Query 0: its exact best is item 0, already there, so 1 and 2 are filled.
  BOOST_TEST(items_of(out[0]) == (std::vector<std::int32_t>{0, 1, 2}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(make_decoder_builds_each_strategy_by_name_and_refuses_what_does_not_fit) {
  const auto ids = std::make_shared<AtomicItemIds>(2, 5);
  BOOST_TEST(std::string(make_decoder({"topk", 4, true, false}, ids)->name()) == "topk");
  BOOST_TEST(std::string(make_decoder({"beam", 4, true, false}, ids)->name()) == "beam");
  BOOST_TEST(std::string(make_decoder({"diverse", 4, false, false}, ids)->name()) == "diverse");
  BOOST_CHECK_THROW(make_decoder({"greedy", 4, true, false}, ids), UsageError);
  BOOST_CHECK_THROW(make_decoder({"diverse", 3, true, false}, ids), UsageError);
  BOOST_CHECK_THROW(make_decoder({"topk", 6, true, false}, ids), UsageError);
  BOOST_CHECK_THROW(make_decoder({"beam", 4, true, true}, ids), UsageError);
}

BOOST_AUTO_TEST_CASE(make_decoder_refuses_topk_for_semantic_ids_and_builds_the_beams) {
  const auto ids = std::make_shared<SequenceItemIds>(
      std::vector<std::vector<std::int32_t>>{{10, 20}, {10, 21}, {11, 20}, {11, 21}});
  try {
    make_decoder({"topk", 2, true, false}, ids);
    BOOST_FAIL("topk was accepted for semantic IDs");
  } catch (const UsageError& e) {
    BOOST_TEST(std::string(e.what()).find("--decoding beam") != std::string::npos);
  }
  BOOST_TEST(std::string(make_decoder({"beam", 4, true, false}, ids)->name()) == "beam");
  BOOST_TEST(std::string(make_decoder({"diverse", 4, true, false}, ids)->name()) == "diverse");
}

// Sharding: fixed batches dealt to the ranks give every number of ranks the same rankings.
BOOST_AUTO_TEST_CASE(rank_queries_gives_the_same_rankings_on_one_to_four_ranks) {
  T5Config c = t5_preset("tiny");
  c.vocab_size = 60;
  at::manual_seed(5);
  T5Retrieval model{T5(c)};
  model.module().eval();
  std::vector<EvalQuery> queries;
  for (int q = 0; q < 7; ++q)
    queries.push_back({"q" + std::to_string(q), {5 + q, 9, 1 + (q % 3 == 0 ? 0 : 30)}, {}, {}});
  for (auto& q : queries) q.input.push_back(1);
  for (const char* decoding : {"topk", "diverse"}) {
    const auto decoder =
        make_decoder({decoding, 6, true, false}, std::make_shared<AtomicItemIds>(40, 20));
    std::vector<DecodedItems> one;
    run_in_memory(1, [&](Communicator& comm) {
      one = rank_queries(model, *decoder, queries, comm, {2, false, 0});
    });
    BOOST_TEST_REQUIRE(one.size() == queries.size());
    for (int n : {2, 3, 4}) {
      std::vector<std::vector<DecodedItems>> got(static_cast<std::size_t>(n));
      run_in_memory(n, [&](Communicator& comm) {
        got[comm.rank()] = rank_queries(model, *decoder, queries, comm, {2, false, n - 1});
      });
      for (int r = 0; r < n - 1; ++r) BOOST_TEST(got[r].empty());
      const auto& root = got[n - 1];
      BOOST_TEST_REQUIRE(root.size() == queries.size());
      for (std::size_t q = 0; q < queries.size(); ++q) {
        BOOST_TEST(items_of(root[q]) == items_of(one[q]), boost::test_tools::per_element());
        BOOST_TEST(root[q].filled == one[q].filled);
        BOOST_TEST(root[q].repeats == one[q].repeats);
        for (std::size_t j = 0; j < one[q].items.size(); ++j)
          BOOST_TEST(root[q].items[j].score == one[q].items[j].score);
      }
    }
  }
}
