#pragma once

#include <cstdint>
#include <vector>

namespace gensr {

// Groups of items (a user's training interactions, a training query's relevant items) kept as
// postings, item -> sorted group numbers, so that the number of groups holding both of two
// items costs one merge of their postings instead of a table of every pair.
class ItemGroups {
 public:
  ItemGroups(const std::vector<std::vector<std::int32_t>>& groups, std::int64_t num_items);
  // Groups that contain both a and b (a != b); 0 for an item outside the catalogue.
  std::int64_t together(std::int32_t a, std::int32_t b) const;
  std::int64_t num_groups() const { return groups_; }

 private:
  std::vector<std::vector<std::int32_t>> postings_;
  std::int64_t groups_;
};

}  // namespace gensr
