#pragma once

#include <cstdint>
#include <vector>

#include "data/scored_item.h"

namespace gensr {

class NextTokenScorer;
class RetrievalModel;
class T5Impl;

// `topk` decoding (DESIGN.md "Decoding"): with atomic IDs and decoding constrained to valid
// IDs (an item token, then EOS) the first step decides the item, so the exact top-K over the
// item-token log-probs of that step (NextTokenScorer::item_log_probs) is the answer of
// constrained beam search. Returns, per query of the scorer, the K best distinct items, best
// first. `exclude` (optional, one list per query) holds items never to return, e.g. a user's
// history: a list may then be shorter than K when fewer items remain.
std::vector<std::vector<ScoredItem>> top_k_items(
    NextTokenScorer& scorer, std::int64_t item_offset, std::int64_t num_items, std::int64_t k,
    const std::vector<std::vector<std::int32_t>>* exclude = nullptr);

// The same for encoder inputs (token ids, EOS included) of any RetrievalModel (for SASRec, one
// item is one step: its next-item log-probabilities), or of a bare T5.
std::vector<std::vector<ScoredItem>> top_k_items(
    RetrievalModel& model, const std::vector<std::vector<std::int32_t>>& inputs,
    std::int64_t item_offset, std::int64_t num_items, std::int64_t k, bool bf16,
    const std::vector<std::vector<std::int32_t>>* exclude = nullptr);
std::vector<std::vector<ScoredItem>> top_k_items(
    T5Impl& model, const std::vector<std::vector<std::int32_t>>& inputs, std::int64_t item_offset,
    std::int64_t num_items, std::int64_t k, bool bf16);

}  // namespace gensr
