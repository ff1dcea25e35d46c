#pragma once

#include <cstdint>
#include <vector>

namespace gensr {

// One item of a baseline's ranked list (best first; scores are made strictly decreasing when the
// run file is written).
struct RankedItem {
  std::int32_t item;
  double score;
};

using RankedList = std::vector<RankedItem>;

}  // namespace gensr
