#include "decode/next_token_scorer.h"

#include <ATen/ATen.h>

namespace gensr {

at::Tensor NextTokenScorer::item_log_probs(std::int64_t item_offset, std::int64_t num_items) {
  return start(1).narrow(1, item_offset, num_items);
}

}  // namespace gensr
