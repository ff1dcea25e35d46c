#include "eval/metrics.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <unordered_set>

namespace gensr {

QueryMetrics score_ranking(const std::vector<std::int32_t>& ranked,
                           const std::vector<std::int32_t>& relevant, int k) {
  QueryMetrics m;
  if (relevant.empty()) return m;
  const std::unordered_set<std::int32_t> rel(relevant.begin(), relevant.end());
  const std::size_t depth = std::min<std::size_t>(ranked.size(), static_cast<std::size_t>(k));
  double hits = 0, dcg = 0;
  for (std::size_t r = 0; r < depth; ++r) {
    if (!rel.count(ranked[r])) continue;
    hits += 1;
    dcg += 1.0 / std::log2(static_cast<double>(r) + 2.0);
    if (m.mrr == 0) m.mrr = 1.0 / static_cast<double>(r + 1);
  }
  double ideal = 0;
  const std::size_t ideal_depth = std::min<std::size_t>(rel.size(), static_cast<std::size_t>(k));
  for (std::size_t r = 0; r < ideal_depth; ++r)
    ideal += 1.0 / std::log2(static_cast<double>(r) + 2.0);
  m.recall = hits / static_cast<double>(rel.size());
  m.ndcg = ideal > 0 ? dcg / ideal : 0;
  return m;
}

std::vector<bool> head_items(const std::vector<std::int64_t>& popularity, double share) {
  std::vector<std::int32_t> order(popularity.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::int32_t a, std::int32_t b) { return popularity[a] > popularity[b]; });
  const std::size_t n = std::max<std::size_t>(
      1, static_cast<std::size_t>(std::ceil(share * static_cast<double>(popularity.size()))));
  std::vector<bool> head(popularity.size(), false);
  for (std::size_t i = 0; i < std::min(n, order.size()); ++i) head[order[i]] = true;
  return head;
}

const char* slice_name(Slice s) {
  switch (s) {
    case Slice::kAll:
      return "all";
    case Slice::kHead:
      return "head";
    case Slice::kTorso:
      return "torso";
  }
  return "?";
}

namespace {
double mean_of(const std::vector<QueryMetrics>& v, double QueryMetrics::*field) {
  if (v.empty()) return 0;
  double s = 0;
  for (const auto& m : v) s += m.*field;
  return s / static_cast<double>(v.size());
}
}  // namespace

double SliceScores::mean_recall() const { return mean_of(per_query, &QueryMetrics::recall); }
double SliceScores::mean_ndcg() const { return mean_of(per_query, &QueryMetrics::ndcg); }
double SliceScores::mean_mrr() const { return mean_of(per_query, &QueryMetrics::mrr); }

std::vector<SliceScores> score_slices(const std::vector<RankedQuery>& queries,
                                      const std::vector<bool>& is_head, int k) {
  std::vector<SliceScores> out(3);
  for (const auto& q : queries) {
    if (q.relevant.empty()) continue;
    std::vector<std::int32_t> head, torso;
    for (auto item : q.relevant) (is_head[item] ? head : torso).push_back(item);
    out[0].query_ids.push_back(q.id);
    out[0].per_query.push_back(score_ranking(q.ranked, q.relevant, k));
    if (!head.empty()) {
      out[1].query_ids.push_back(q.id);
      out[1].per_query.push_back(score_ranking(q.ranked, head, k));
    }
    if (!torso.empty()) {
      out[2].query_ids.push_back(q.id);
      out[2].per_query.push_back(score_ranking(q.ranked, torso, k));
    }
  }
  return out;
}

}  // namespace gensr
