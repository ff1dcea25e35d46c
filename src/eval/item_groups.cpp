#include "eval/item_groups.h"

namespace gensr {

ItemGroups::ItemGroups(const std::vector<std::vector<std::int32_t>>& groups, std::int64_t num_items)
    : postings_(static_cast<std::size_t>(num_items)),
      groups_(static_cast<std::int64_t>(groups.size())) {
  for (std::size_t g = 0; g < groups.size(); ++g)
    for (std::int32_t item : groups[g]) {
      auto& p = postings_[static_cast<std::size_t>(item)];
      // Groups arrive in order, so a repeat inside one group is always at the back.
      if (p.empty() || p.back() != static_cast<std::int32_t>(g))
        p.push_back(static_cast<std::int32_t>(g));
    }
}

std::int64_t ItemGroups::together(std::int32_t a, std::int32_t b) const {
  const auto n = static_cast<std::int32_t>(postings_.size());
  if (a < 0 || b < 0 || a >= n || b >= n || a == b) return 0;
  const auto& x = postings_[a];
  const auto& y = postings_[b];
  std::int64_t count = 0;
  for (std::size_t i = 0, j = 0; i < x.size() && j < y.size();) {
    if (x[i] < y[j]) {
      ++i;
    } else if (y[j] < x[i]) {
      ++j;
    } else {
      ++count, ++i, ++j;
    }
  }
  return count;
}

}  // namespace gensr
