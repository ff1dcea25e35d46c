#pragma once

// The generative T5 behind the RetrievalModel seam: the sequence-to-sequence loss over
// [item tokens, EOS] targets and the item-token log-probabilities of the first decoding step.

#include "model/retrieval_model.h"
#include "model/t5.h"

namespace gensr {

class T5Retrieval : public RetrievalModel {
 public:
  // label_smoothing: of the training loss's cross-entropy (gensr-train --label-smoothing).
  explicit T5Retrieval(T5 model, double label_smoothing = 0)
      : model_(std::move(model)), label_smoothing_(label_smoothing) {}

  const char* arch() const override { return "t5"; }
  torch::nn::Module& module() override { return *model_; }
  // Token cross-entropy (logits widened to float32 when autocast made them bf16) summed over
  // the target tokens of each instance.
  at::Tensor instance_losses(const at::Tensor& input_ids, const at::Tensor& attention_mask,
                             const at::Tensor& labels) override;
  std::int64_t targets_per_instance(std::int64_t label_tokens) const override {
    return label_tokens;  // the item's tokens and EOS
  }
  // Log-softmax over the whole vocabulary at the first decoding step (as beam search scores),
  // narrowed to the item tokens: with atomic IDs that step decides the item.
  at::Tensor item_log_probs(const at::Tensor& input_ids, const at::Tensor& attention_mask,
                            std::int64_t item_offset, std::int64_t num_items) override;

  T5& t5() { return model_; }

 private:
  T5 model_;
  double label_smoothing_;
};

}  // namespace gensr
