#include "baselines/popularity.h"

#include <algorithm>
#include <numeric>
#include <unordered_set>

namespace gensr {

PopularityRanker::PopularityRanker(std::vector<std::int64_t> counts) : counts_(std::move(counts)) {
  order_.resize(counts_.size());
  std::iota(order_.begin(), order_.end(), 0);
  std::stable_sort(order_.begin(), order_.end(), [&](std::int32_t a, std::int32_t b) {
    return counts_[static_cast<std::size_t>(a)] > counts_[static_cast<std::size_t>(b)];
  });
  if (!counts_.empty()) max_count_ = *std::max_element(counts_.begin(), counts_.end());
}

RankedList PopularityRanker::rank(std::size_t k, const std::vector<std::int32_t>& excluded) const {
  RankedList list;
  fill(list, k, excluded);
  return list;
}

void PopularityRanker::fill(RankedList& list, std::size_t k,
                            const std::vector<std::int32_t>& excluded) const {
  if (list.size() >= k) return;
  std::unordered_set<std::int32_t> listed;
  for (const RankedItem& r : list) listed.insert(r.item);
  // An empty list takes the counts themselves as scores: Pop's run file then shows them.
  const bool below = !list.empty();
  const double last = below ? list.back().score : 0.0;
  for (const std::int32_t item : order_) {
    if (list.size() >= k) break;
    if (listed.count(item) || std::binary_search(excluded.begin(), excluded.end(), item)) continue;
    const double c = static_cast<double>(count(item));
    list.push_back({item, below ? last - 1.0 + c / (static_cast<double>(max_count_) + 1.0) : c});
  }
}

}  // namespace gensr
