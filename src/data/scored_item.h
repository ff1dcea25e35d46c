#pragma once

#include <cstdint>

namespace gensr {

// One item of a ranking, as decoding returns it and evaluation scores it (the type between
// decode/ and eval/; needs no LibTorch).
struct ScoredItem {
  std::int32_t item;  // item index (token = item_offset + item)
  double score;       // log-probability of the item token at the first decoding step
};

}  // namespace gensr
