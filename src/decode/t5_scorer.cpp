#include "decode/t5_scorer.h"

#include <ATen/ATen.h>
#include <torch/autograd.h>

#include "model/autocast.h"
#include "model/collate_inputs.h"
#include "model/t5.h"

namespace gensr {

T5Scorer::T5Scorer(T5Impl& model, const std::vector<std::vector<std::int32_t>>& inputs, bool bf16)
    : model_(model),
      inputs_(inputs),
      queries_(static_cast<std::int64_t>(inputs.size())),
      bf16_(bf16) {}

T5Scorer::~T5Scorer() = default;

at::Tensor T5Scorer::start(std::int64_t beams) {
  torch::NoGradGuard no_grad;
  const auto long_on = at::TensorOptions().dtype(at::kLong).device(model_device(model_));
  at::Tensor ids, mask;
  collate_inputs(inputs_, ids, mask);
  ids = ids.to(long_on.device());
  mask = mask.to(long_on.device());
  AutocastGuard autocast(bf16_, long_on.device().type());
  const at::Tensor hidden = model_.encode(ids, mask);
  cache_ = std::make_unique<DecoderCache>(model_.start_decoding(hidden, mask));
  cache_->reorder(at::arange(queries_, long_on).repeat_interleave(beams));
  const at::Tensor first =
      at::full({queries_ * beams}, model_.config().decoder_start_token_id, long_on);
  return at::log_softmax(model_.decode_step(*cache_, first).to(at::kFloat), -1);
}

at::Tensor T5Scorer::next(const std::vector<std::int64_t>& parents,
                          const std::vector<std::int64_t>& tokens) {
  torch::NoGradGuard no_grad;
  const auto long_on = at::TensorOptions().dtype(at::kLong).device(model_device(model_));
  AutocastGuard autocast(bf16_, long_on.device().type());
  cache_->reorder(at::tensor(parents, long_on));
  const at::Tensor step = at::tensor(tokens, long_on);
  return at::log_softmax(model_.decode_step(*cache_, step).to(at::kFloat), -1);
}

}  // namespace gensr
