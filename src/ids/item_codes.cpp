#include "ids/item_codes.h"

#include <algorithm>
#include <numeric>

namespace gensr::ids {

bool same_prefix(const ItemCodes& c, std::int64_t a, std::int64_t b, std::int64_t depth) {
  return std::equal(c.row(a), c.row(a) + depth, c.row(b));
}

std::vector<std::int64_t> order_by_prefix(const ItemCodes& c, std::int64_t depth) {
  std::vector<std::int64_t> order(static_cast<std::size_t>(c.num_items()));
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::int64_t a, std::int64_t b) {
    return std::lexicographical_compare(c.row(a), c.row(a) + depth, c.row(b), c.row(b) + depth);
  });
  return order;
}

void number_shared_codes(ItemCodes& c) {
  const std::vector<std::int64_t> order = order_by_prefix(c, c.levels);
  std::int32_t number = 0;
  for (std::size_t k = 0; k < order.size(); ++k) {
    number = k > 0 && same_prefix(c, order[k - 1], order[k], c.levels) ? number + 1 : 0;
    c.codes[static_cast<std::size_t>(order[k] * c.width() + c.levels)] = number;
  }
}

}  // namespace gensr::ids
