#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace gensr {

// Retrieval metrics of one query (or one recommendation instance) over a ranked list of item
// indices, with trec_eval's definitions: relevant means relevance >= 1, so callers pass the
// relevant items only. Queries with no relevant item must be skipped by the caller.
struct QueryMetrics {
  double recall = 0;  // |top-K ∩ relevant| / |relevant|           (trec_eval recall_K)
  double ndcg = 0;    // binary gains, log2(rank + 1) discount    (trec_eval ndcg_cut_K)
  double mrr = 0;     // 1 / rank of the first relevant item in the top K, else 0
};

QueryMetrics score_ranking(const std::vector<std::int32_t>& ranked,
                           const std::vector<std::int32_t>& relevant, int k);

// Head = the top 1% most popular items of the evaluated task's training data (at least one
// item; ties broken by item index), Torso = the rest (DESIGN.md "Metrics").
std::vector<bool> head_items(const std::vector<std::int64_t>& popularity, double share = 0.01);

enum class Slice { kAll = 0, kHead = 1, kTorso = 2 };
const char* slice_name(Slice s);

// Per-query metrics of one slice: All counts every relevant item; Head (Torso) only the
// relevant Head (Torso) items, leaving out queries that have none.
struct SliceScores {
  std::vector<std::string> query_ids;
  std::vector<QueryMetrics> per_query;
  double mean_recall() const;
  double mean_ndcg() const;
  double mean_mrr() const;
};

struct RankedQuery {
  std::string id;
  std::vector<std::int32_t> ranked;    // top-K predictions, best first
  std::vector<std::int32_t> relevant;  // relevant items (relevance >= 1)
};

// Scores every query on All, Head and Torso.
std::vector<SliceScores> score_slices(const std::vector<RankedQuery>& queries,
                                      const std::vector<bool>& is_head, int k);

}  // namespace gensr
