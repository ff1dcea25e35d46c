#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "decode/next_token_scorer.h"

namespace gensr {

class RetrievalModel;

// The NextTokenScorer of a model for a batch of encoder inputs (token ids, EOS included): a
// T5Scorer for a T5, which every decoder can walk; for a recommender that only scores the next
// item (SASRec) one that answers item_log_probs and refuses start/next (one item is one step).
std::unique_ptr<NextTokenScorer> make_scorer(RetrievalModel& model,
                                             const std::vector<std::vector<std::int32_t>>& inputs,
                                             bool bf16);

}  // namespace gensr
