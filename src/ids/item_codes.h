#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace gensr::ids {

// Semantic IDs: each item spelled by `levels` quantiser codes, then one more code that numbers
// the items sharing those (0 for the first in item order), so every item's codes are unique.
struct ItemCodes {
  std::vector<std::string> item_ids;
  std::int64_t levels = 0;                   // quantiser levels L; each item has L + 1 codes
  std::vector<std::int32_t> codebook_sizes;  // per quantiser level, after clamping
  std::vector<std::int32_t> codes;           // row-major items x (L + 1)

  std::int64_t num_items() const { return static_cast<std::int64_t>(item_ids.size()); }
  std::int64_t width() const { return levels + 1; }
  const std::int32_t* row(std::int64_t i) const { return codes.data() + i * width(); }
};

// Item indices ordered by their first `depth` codes, items with equal codes in item order; runs
// of equal codes are the groups sharing a prefix. (Sorting keeps memory at O(items) where a map
// of prefixes would hold a vector per item.)
std::vector<std::int64_t> order_by_prefix(const ItemCodes& c, std::int64_t depth);
bool same_prefix(const ItemCodes& c, std::int64_t a, std::int64_t b, std::int64_t depth);

// Fills the last code of every row from the first L (which must be set).
void number_shared_codes(ItemCodes& c);

}  // namespace gensr::ids
