#include "data/query_set.h"

#include <algorithm>

namespace gensr {

std::int32_t QuerySet::intern(const std::string& text) {
  const auto [it, inserted] = index_.emplace(text, static_cast<std::int32_t>(texts_.size()));
  if (inserted) {
    texts_.push_back(text);
    items_.emplace_back();
  }
  return it->second;
}

QuerySet::Kept QuerySet::write_to(Dataset& d, std::size_t min_items, std::size_t max_items,
                                  const std::vector<std::int32_t>& item_map) {
  Kept kept;
  for (std::size_t q = 0; q < texts_.size(); ++q) {
    std::vector<std::int32_t>& items = items_[q];
    if (!item_map.empty()) {
      for (auto& i : items) i = item_map[i];
      items.erase(std::remove(items.begin(), items.end(), -1), items.end());
    }
    std::sort(items.begin(), items.end());
    items.erase(std::unique(items.begin(), items.end()), items.end());
    if (items.size() < min_items) {
      ++kept.too_few;
    } else if (max_items > 0 && items.size() > max_items) {
      ++kept.too_many;
    } else {
      const auto index = static_cast<std::int32_t>(d.queries.size());
      d.queries.push_back({"q" + std::to_string(index + 1), texts_[q], Split::kUnset});
      for (std::int32_t i : items) d.qrels.push_back({index, i, 1});
      kept.qrels += items.size();
    }
    std::vector<std::int32_t>().swap(items);  // free as we go: qrels now hold the data
  }
  kept.queries = d.queries.size();
  return kept;
}

}  // namespace gensr
