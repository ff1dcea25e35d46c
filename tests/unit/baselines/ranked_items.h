#pragma once

// The item indices of a baseline's ranked list, best first, for comparing with hand-made lists.

#include <cstdint>
#include <vector>

#include "baselines/ranked_item.h"

namespace gensr::test {

inline std::vector<std::int32_t> items(const RankedList& list) {
  std::vector<std::int32_t> out;
  for (const auto& r : list) out.push_back(r.item);
  return out;
}

}  // namespace gensr::test
