#pragma once

// The pieces of a T5 v1.1 / flan-T5 stack as torch::nn modules whose registered names are
// HF's (q, k, v, o, relative_attention_bias, layer_norm, wi_0, wi_1, wo, SelfAttention,
// EncDecAttention, DenseReluDense, layer), so that named_parameters() equals HF's state dict.
// Only t5.cpp and tests need this header; users of the model include model/t5.h.

#include <memory>

#include <ATen/Tensor.h>
#include <torch/nn/module.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/pimpl.h>

#include "model/t5_config.h"

namespace gensr {
namespace t5 {

// HF's T5Attention._relative_position_bucket: maps key_position - query_position to a bucket.
// Bidirectional (encoder): half the buckets for keys after the query. Causal (decoder): only
// keys at or before the query get distinct buckets. Each half has num_buckets/2 (or /4 when
// bidirectional) exact buckets for small distances, the rest logarithmic up to max_distance.
// The log is computed in float32 as HF does, so boundary cases match HF exactly.
at::Tensor relative_position_bucket(const at::Tensor& relative_position, bool bidirectional,
                                    long num_buckets, long max_distance);

// Additive mask value for masked keys (HF uses the dtype's lowest finite value).
double masked_bias();

// [B, S] 1/0 attention mask -> [B, 1, 1, S] additive bias (0 keep, masked_bias() drop).
at::Tensor key_padding_bias(const at::Tensor& attention_mask, at::ScalarType dtype);

// A bias-free linear map: weight [out, in], as nn.Linear(bias=False).
class LinearImpl : public torch::nn::Module {
 public:
  LinearImpl(long in_features, long out_features);
  at::Tensor forward(const at::Tensor& x);
  at::Tensor weight;
};
TORCH_MODULE(Linear);

// A lookup table: weight [rows, dim], as nn.Embedding.
class EmbeddingImpl : public torch::nn::Module {
 public:
  EmbeddingImpl(long rows, long dim);
  at::Tensor forward(const at::Tensor& ids);
  at::Tensor weight;
};
TORCH_MODULE(Embedding);

// RMSNorm without bias or mean subtraction; the variance is computed in float32.
class LayerNormImpl : public torch::nn::Module {
 public:
  LayerNormImpl(long dim, double eps);
  at::Tensor forward(const at::Tensor& x);
  at::Tensor weight;
  double eps;
};
TORCH_MODULE(LayerNorm);

// Keys and values of one attention, [batch, heads, length, d_kv].
struct KeyValue {
  at::Tensor key;
  at::Tensor value;
};

// Multi-head attention without 1/sqrt(d_kv) scaling. The first layer of a stack owns the
// relative position bias table.
class AttentionImpl : public torch::nn::Module {
 public:
  AttentionImpl(const T5Config& config, bool has_relative_attention_bias, bool bidirectional);
  KeyValue project(const at::Tensor& source);
  // bias is added to the scores: position bias plus masks, broadcastable to [B, H, Tq, Tk].
  at::Tensor attend(const at::Tensor& x, const KeyValue& kv, const at::Tensor& bias);
  // Position bias [1, heads, query_length, key_length] for queries at positions
  // query_offset .. query_offset + query_length - 1 and keys at 0 .. key_length - 1.
  at::Tensor compute_bias(long query_length, long key_length, long query_offset);

  Linear q{nullptr}, k{nullptr}, v{nullptr}, o{nullptr};
  Embedding relative_attention_bias{nullptr};

 private:
  at::Tensor split_heads(const at::Tensor& x) const;
  long num_heads_, d_kv_, num_buckets_, max_distance_;
  bool bidirectional_;
  double dropout_;
};
TORCH_MODULE(Attention);

// layer.0 of every block: pre-norm self-attention with a residual.
class SelfAttentionLayerImpl : public torch::nn::Module {
 public:
  SelfAttentionLayerImpl(const T5Config& config, bool has_relative_attention_bias,
                         bool bidirectional);
  // With a cache, the new keys/values are appended to *cache and attention sees all of them.
  at::Tensor forward(const at::Tensor& h, const at::Tensor& bias, KeyValue* cache = nullptr);
  Attention SelfAttention{nullptr};
  LayerNorm layer_norm{nullptr};

 private:
  double dropout_;
};
TORCH_MODULE(SelfAttentionLayer);

// layer.1 of decoder blocks: pre-norm attention over the encoder output.
class CrossAttentionLayerImpl : public torch::nn::Module {
 public:
  explicit CrossAttentionLayerImpl(const T5Config& config);
  at::Tensor forward(const at::Tensor& h, const KeyValue& encoder_kv, const at::Tensor& bias);
  Attention EncDecAttention{nullptr};
  LayerNorm layer_norm{nullptr};

 private:
  double dropout_;
};
TORCH_MODULE(CrossAttentionLayer);

// Gated tanh-GELU feed-forward: wo(dropout(gelu(wi_0 x) * wi_1 x)).
class DenseGatedActDenseImpl : public torch::nn::Module {
 public:
  explicit DenseGatedActDenseImpl(const T5Config& config);
  at::Tensor forward(const at::Tensor& x);
  Linear wi_0{nullptr}, wi_1{nullptr}, wo{nullptr};

 private:
  double dropout_;
};
TORCH_MODULE(DenseGatedActDense);

// Last layer of every block: pre-norm feed-forward with a residual.
class FeedForwardLayerImpl : public torch::nn::Module {
 public:
  explicit FeedForwardLayerImpl(const T5Config& config);
  at::Tensor forward(const at::Tensor& h);
  DenseGatedActDense DenseReluDense{nullptr};
  LayerNorm layer_norm{nullptr};

 private:
  double dropout_;
};
TORCH_MODULE(FeedForwardLayer);

// One block: layer = [self-attention, (cross-attention,) feed-forward].
class BlockImpl : public torch::nn::Module {
 public:
  BlockImpl(const T5Config& config, bool is_decoder, bool has_relative_attention_bias);
  at::Tensor forward_encoder(const at::Tensor& h, const at::Tensor& bias);
  at::Tensor forward_decoder(const at::Tensor& h, const at::Tensor& self_bias, KeyValue* self_cache,
                             const KeyValue& encoder_kv, const at::Tensor& cross_bias);

  torch::nn::ModuleList layer{nullptr};
  SelfAttentionLayer self_attention{nullptr};
  CrossAttentionLayer cross_attention{nullptr};  // decoder only
  FeedForwardLayer feed_forward{nullptr};
};
TORCH_MODULE(Block);

}  // namespace t5
}  // namespace gensr
