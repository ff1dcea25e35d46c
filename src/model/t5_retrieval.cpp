#include "model/t5_retrieval.h"

#include <ATen/ATen.h>

namespace gensr {

at::Tensor T5Retrieval::instance_losses(const at::Tensor& input_ids,
                                        const at::Tensor& attention_mask,
                                        const at::Tensor& labels) {
  const T5Config& c = model_->config();
  const at::Tensor decoder_input = shift_right(labels, c.decoder_start_token_id, c.pad_token_id);
  const at::Tensor logits = model_->forward(input_ids, attention_mask, decoder_input);
  const bool narrow = logits.scalar_type() == at::kBFloat16 || logits.scalar_type() == at::kHalf;
  const at::Tensor per_token =
      at::cross_entropy_loss(
          (narrow ? logits.to(at::kFloat) : logits).reshape({-1, logits.size(-1)}),
          ignore_padding(labels, c.pad_token_id).reshape({-1}), {}, at::Reduction::None, -100,
          label_smoothing_)
          .view({labels.size(0), -1});
  return per_token.sum(1);
}

at::Tensor T5Retrieval::item_log_probs(const at::Tensor& input_ids,
                                       const at::Tensor& attention_mask, std::int64_t item_offset,
                                       std::int64_t num_items) {
  const at::Tensor hidden = model_->encode(input_ids, attention_mask);
  DecoderCache cache = model_->start_decoding(hidden, attention_mask);
  const at::Tensor start =
      at::full({input_ids.size(0)}, model_->config().decoder_start_token_id,
               at::TensorOptions().dtype(at::kLong).device(input_ids.device()));
  const at::Tensor logits = model_->decode_step(cache, start).to(at::kFloat);
  return at::log_softmax(logits, -1).narrow(1, item_offset, num_items);
}

}  // namespace gensr
