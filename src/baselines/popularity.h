#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "baselines/ranked_item.h"

namespace gensr {

// The paper's Pop_R / Pop_S: items by their number of training instances in one task
// (`PreparedData::popularity_rec` / `popularity_search`), most popular first, ties by item
// index so that every run is reproducible.
class PopularityRanker {
 public:
  explicit PopularityRanker(std::vector<std::int64_t> counts);

  // The k most popular items that are not in `excluded` (sorted item indices, e.g. a user's
  // history), scored by their counts.
  RankedList rank(std::size_t k, const std::vector<std::int32_t>& excluded = {}) const;

  // Tops `list` up to k items with the most popular items that it lacks and that are not in
  // `excluded` (sorted). Each added item scores one below the list's last score plus
  // count / (max count + 1), so it ranks below everything already listed and the fill keeps
  // popularity order.
  void fill(RankedList& list, std::size_t k, const std::vector<std::int32_t>& excluded = {}) const;

  const std::vector<std::int32_t>& order() const { return order_; }
  std::int64_t count(std::int32_t item) const { return counts_[static_cast<std::size_t>(item)]; }

 private:
  std::vector<std::int64_t> counts_;
  std::vector<std::int32_t> order_;
  std::int64_t max_count_ = 0;
};

}  // namespace gensr
