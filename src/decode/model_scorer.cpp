#include "decode/model_scorer.h"

#include <ATen/ATen.h>
#include <torch/autograd.h>

#include "decode/t5_scorer.h"
#include "model/autocast.h"
#include "model/collate_inputs.h"
#include "model/t5_retrieval.h"
#include "util/error.h"

namespace gensr {

namespace {

// The first step of any RetrievalModel: its item log-probabilities.
class ItemOnlyScorer final : public NextTokenScorer {
 public:
  ItemOnlyScorer(RetrievalModel& model, const std::vector<std::vector<std::int32_t>>& inputs,
                 bool bf16)
      : model_(model), inputs_(inputs), bf16_(bf16) {}
  std::int64_t num_queries() const override { return static_cast<std::int64_t>(inputs_.size()); }
  at::Tensor start(std::int64_t) override { throw refuse(); }
  at::Tensor next(const std::vector<std::int64_t>&, const std::vector<std::int64_t>&) override {
    throw refuse();
  }
  at::Tensor item_log_probs(std::int64_t item_offset, std::int64_t num_items) override {
    torch::NoGradGuard no_grad;
    const c10::Device device = module_device(model_.module());
    at::Tensor ids, mask;
    collate_inputs(inputs_, ids, mask);
    ids = ids.to(device);
    mask = mask.to(device);
    AutocastGuard autocast(bf16_, device.type());
    return model_.item_log_probs(ids, mask, item_offset, num_items);
  }

 private:
  UsageError refuse() const {
    return UsageError(std::string("a ") + model_.arch() +
                      " model scores only the next item: it cannot be beam searched");
  }
  RetrievalModel& model_;
  std::vector<std::vector<std::int32_t>> inputs_;
  bool bf16_;
};

}  // namespace

std::unique_ptr<NextTokenScorer> make_scorer(RetrievalModel& model,
                                             const std::vector<std::vector<std::int32_t>>& inputs,
                                             bool bf16) {
  if (auto* t5 = dynamic_cast<T5Retrieval*>(&model))
    return std::make_unique<T5Scorer>(*t5->t5(), inputs, bf16);
  return std::make_unique<ItemOnlyScorer>(model, inputs, bf16);
}

}  // namespace gensr
