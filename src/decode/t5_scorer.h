#pragma once

#include <memory>

#include "decode/next_token_scorer.h"

namespace gensr {

class T5Impl;
struct DecoderCache;

// NextTokenScorer over a T5: encodes the inputs once, expands the decoder cache to the beams
// and reorders it (one gather per step) as the search picks surviving rows.
class T5Scorer : public NextTokenScorer {
 public:
  T5Scorer(T5Impl& model, const std::vector<std::vector<std::int32_t>>& inputs, bool bf16);
  ~T5Scorer() override;
  std::int64_t num_queries() const override { return queries_; }
  at::Tensor start(std::int64_t beams) override;
  at::Tensor next(const std::vector<std::int64_t>& parents,
                  const std::vector<std::int64_t>& tokens) override;

 private:
  T5Impl& model_;
  std::vector<std::vector<std::int32_t>> inputs_;
  std::int64_t queries_;
  bool bf16_;
  std::unique_ptr<DecoderCache> cache_;
};

}  // namespace gensr
