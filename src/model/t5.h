#pragma once

// The T5 encoder-decoder (flan-T5 / T5 v1.1 form) with HF's parameter names, cached
// incremental decoding and the sequence-to-sequence loss.

#include <cstdint>
#include <vector>

#include <ATen/Tensor.h>
#include <c10/core/Device.h>
#include <torch/nn/module.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/pimpl.h>

#include "model/t5_config.h"
#include "model/t5_layers.h"

namespace gensr {

// Keys and values a decoder keeps between steps, one entry per decoder layer. Self-attention
// entries grow by one position per step; cross-attention entries are computed once from the
// encoder output. All tensors are [rows, heads, length, d_kv] except cross_bias [rows,1,1,S].
struct DecoderCache {
  std::vector<at::Tensor> self_key, self_value, cross_key, cross_value;
  at::Tensor cross_bias;
  long length = 0;  // decoder positions already consumed

  // Keeps rows `index` (a long tensor of row numbers, repeats allowed) of every tensor, as
  // beam search needs after choosing which hypotheses survive; also expands a batch to beams.
  void reorder(const at::Tensor& index);
  long rows() const;
};

// The stack of encoder or decoder blocks plus the final norm. The token embedding is not
// part of a stack: the model owns it once (HF's encoder/decoder.embed_tokens are aliases).
class T5StackImpl : public torch::nn::Module {
 public:
  T5StackImpl(const T5Config& config, bool is_decoder);
  torch::nn::ModuleList block{nullptr};
  t5::LayerNorm final_layer_norm{nullptr};
  bool is_decoder;
  double dropout;
};
TORCH_MODULE(T5Stack);

class T5Impl : public torch::nn::Module {
 public:
  // Builds the model and initialises it as HF does for training from scratch (draws from
  // LibTorch's default generator: seed it first for reproducible weights).
  explicit T5Impl(const T5Config& config);

  const T5Config& config() const { return config_; }

  // input_ids, attention_mask: [B, S] (mask 1 = token, 0 = padding) -> hidden [B, S, d_model].
  at::Tensor encode(const at::Tensor& input_ids, const at::Tensor& attention_mask);
  // Teacher-forced decoding: decoder_input_ids [B, T] -> logits [B, T, vocab].
  at::Tensor decode(const at::Tensor& decoder_input_ids, const at::Tensor& encoder_hidden,
                    const at::Tensor& encoder_mask);
  // encode + decode.
  at::Tensor forward(const at::Tensor& input_ids, const at::Tensor& attention_mask,
                     const at::Tensor& decoder_input_ids);

  // Mean cross-entropy over target tokens. labels [B, T] hold the target ids padded with
  // pad_token_id or -100 (both ignored); the decoder input is shift_right(labels).
  at::Tensor loss(const at::Tensor& input_ids, const at::Tensor& attention_mask,
                  const at::Tensor& labels);
  // Same, summed rather than averaged, for callers that average over a larger batch.
  at::Tensor loss_sum(const at::Tensor& input_ids, const at::Tensor& attention_mask,
                      const at::Tensor& labels);

  // Incremental decoding: start_decoding computes the cross-attention keys/values once;
  // each decode_step feeds tokens [B] (or [B, n]) and returns the logits of the last one,
  // [B, vocab]. The first step feeds decoder_start_token_id.
  DecoderCache start_decoding(const at::Tensor& encoder_hidden, const at::Tensor& encoder_mask);
  at::Tensor decode_step(DecoderCache& cache, const at::Tensor& tokens);

  // Resizes the shared embedding and the LM head to new_rows. Rows 0..keep_rows-1 keep their
  // values; every other row is the mean of those rows plus N(0, (noise * std)^2) noise, std
  // being the standard deviation of the kept rows' values (DESIGN.md "Tokens"). Draws from
  // LibTorch's default generator.
  void resize_token_embeddings(long new_rows, long keep_rows, double noise = 0.01);

  // HF's _init_weights (initializer_factor from the config).
  void init_weights();
  // Redraws the embedding (and the untied LM head) from N(0, std^2). HF's N(0, 1) suits
  // Adafactor's relative steps; under AdamW's fixed step sizes rows of scale 1 move slowly.
  void init_embeddings(double std);

  t5::Embedding shared{nullptr};
  T5Stack encoder{nullptr};
  T5Stack decoder{nullptr};
  t5::Linear lm_head{nullptr};  // null when tied

 private:
  at::Tensor run_decoder(const at::Tensor& decoder_input_ids, const at::Tensor& encoder_hidden,
                         const at::Tensor& cross_bias, DecoderCache* cache);
  at::Tensor project_to_vocab(const at::Tensor& hidden);
  T5Config config_;
};
TORCH_MODULE(T5);

// The device of the model's parameters (they all live on one): where its inputs must be made.
c10::Device model_device(const T5Impl& model);

// HF's _shift_right: [start, labels[:, :-1]] with -100 replaced by pad.
at::Tensor shift_right(const at::Tensor& labels, long decoder_start_token_id, long pad_token_id);

// labels with pad_token_id replaced by -100, the ignore index of the loss.
at::Tensor ignore_padding(const at::Tensor& labels, long pad_token_id);

// Number of target tokens the loss counts (labels neither pad nor -100).
int64_t count_target_tokens(const at::Tensor& labels, long pad_token_id);

// Parameter count of a model with these sizes (embedding counted once), from arithmetic.
int64_t t5_parameter_count(const T5Config& config);

}  // namespace gensr
