#pragma once

// SASRec (Kang & McAuley, ICDM 2018) as a reference recommender trained by gensr's trainer:
// item embeddings shared by input and output, learned absolute positions, causal
// self-attention blocks over the history (pre-LN), trained with full-softmax cross-entropy
// over all items at the newest position (Klenitskiy & Vasilev, RecSys 2023). No MPI here.

#include <cstdint>
#include <string>

#include <ATen/Tensor.h>
#include <torch/nn/module.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/embedding.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/normalization.h>
#include <torch/nn/pimpl.h>
#include <nlohmann/json_fwd.hpp>

#include "model/retrieval_model.h"

namespace gensr {

// Sizes of a SASRec. Defaults are the common MovieLens setting (hidden 64, 2 blocks, dropout
// 0.2, one head; the original's max length 200 is the prepared data's max_history here).
struct SASRecConfig {
  long num_items = 0;    // catalogue size; item i is embedding row i + 1, row 0 pads
  long item_offset = 0;  // token id of item 0 in the prepared data's inputs
  long max_length = 50;  // positions: the prepared data's max_history
  long hidden = 64;
  long num_blocks = 2;
  long num_heads = 1;
  double dropout_rate = 0.2;
  double layer_norm_epsilon = 1e-8;  // the original's
};

// JSON with "model_type": "sasrec" (checkpoint /config and config.json); from_json fills absent
// sizes with the defaults and throws InputError(source, 0, key, problem) on a wrong type.
nlohmann::json sasrec_config_to_json(const SASRecConfig& config);
SASRecConfig sasrec_config_from_json(const nlohmann::json& json, const std::string& source);
// Throws UsageError when sizes are inconsistent (non-positive, hidden not divisible by heads).
void validate(const SASRecConfig& config);

class SASRecAttentionImpl : public torch::nn::Module {
 public:
  SASRecAttentionImpl(long hidden, long heads, double dropout);
  // x [B, T, d]; bias [B, 1, T, T] additive (causal and key padding) -> [B, T, d].
  at::Tensor forward(const at::Tensor& x, const at::Tensor& bias);
  torch::nn::Linear q{nullptr}, k{nullptr}, v{nullptr}, o{nullptr};
  long heads;
  double dropout;
};
TORCH_MODULE(SASRecAttention);

// Pre-LN block: x + drop(attention(LN(x))), then x + drop(FFN(LN(x))), FFN = w_2 drop(relu(w_1)).
class SASRecBlockImpl : public torch::nn::Module {
 public:
  explicit SASRecBlockImpl(const SASRecConfig& config);
  at::Tensor forward(const at::Tensor& x, const at::Tensor& bias);
  torch::nn::LayerNorm attention_layer_norm{nullptr};
  SASRecAttention attention{nullptr};
  torch::nn::LayerNorm ffn_layer_norm{nullptr};
  torch::nn::Linear w_1{nullptr}, w_2{nullptr};
  double dropout;
};
TORCH_MODULE(SASRecBlock);

class SASRecImpl : public torch::nn::Module, public RetrievalModel {
 public:
  // Initialises as the widely used PyTorch port does (Xavier-normal matrices and embeddings,
  // zero biases, unit norms); draws from LibTorch's default generator.
  explicit SASRecImpl(const SASRecConfig& config);
  const SASRecConfig& config() const { return config_; }

  // Input tokens (item tokens then EOS, right-padded, as PreparedData::rec_input makes them;
  // tokens that are not items are dropped) -> embedding rows [B, T], left-padded with 0 so the
  // newest item is last; the most recent max_length items are kept, T = the longest history of
  // the batch (at least 1).
  at::Tensor history_rows(const at::Tensor& input_ids, const at::Tensor& attention_mask) const;
  // rows [B, T] -> hidden states [B, T, hidden] after the final LayerNorm; position t depends
  // on rows[:, 0..t] only.
  at::Tensor encode(const at::Tensor& rows);
  // Hidden states [..., hidden] -> item logits [..., num_items] (float32 or wider).
  at::Tensor item_logits(const at::Tensor& hidden);

  const char* arch() const override { return "sasrec"; }
  torch::nn::Module& module() override { return *this; }
  // Cross-entropy over all items of the next item (labels[:, 0]) at the newest position.
  at::Tensor instance_losses(const at::Tensor& input_ids, const at::Tensor& attention_mask,
                             const at::Tensor& labels) override;
  std::int64_t targets_per_instance(std::int64_t) const override { return 1; }
  at::Tensor item_log_probs(const at::Tensor& input_ids, const at::Tensor& attention_mask,
                            std::int64_t item_offset, std::int64_t num_items) override;

  torch::nn::Embedding item_embedding{nullptr};
  torch::nn::Embedding position_embedding{nullptr};
  torch::nn::ModuleList blocks{nullptr};
  torch::nn::LayerNorm final_layer_norm{nullptr};

 private:
  at::Tensor last_hidden(const at::Tensor& input_ids, const at::Tensor& attention_mask);
  SASRecConfig config_;
};
TORCH_MODULE(SASRec);

}  // namespace gensr
