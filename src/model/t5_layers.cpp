#include "model/t5_layers.h"

#include <cmath>
#include <limits>

#include <ATen/ATen.h>

#include "model/dropout.h"

namespace gensr {
namespace t5 {

at::Tensor relative_position_bucket(const at::Tensor& relative_position, bool bidirectional,
                                    long num_buckets, long max_distance) {
  at::Tensor rel = relative_position.to(at::kLong);
  at::Tensor buckets = at::zeros_like(rel);
  at::Tensor distance;
  if (bidirectional) {
    num_buckets /= 2;
    buckets = buckets + (rel > 0).to(at::kLong) * num_buckets;
    distance = rel.abs();
  } else {
    distance = -rel.clamp_max(0);  // keys after the query all fall into bucket 0
  }
  const long max_exact = num_buckets / 2;
  at::Tensor is_small = distance < max_exact;
  // clamp_min only keeps log(0) out of the branch that where() discards.
  at::Tensor log_ratio = at::log(distance.clamp_min(max_exact).to(at::kFloat) / max_exact) /
                         std::log(static_cast<double>(max_distance) / max_exact);
  at::Tensor large = (log_ratio * (num_buckets - max_exact)).to(at::kLong) + max_exact;
  large = large.clamp_max(num_buckets - 1);
  return buckets + at::where(is_small, distance, large);
}

double masked_bias() { return std::numeric_limits<float>::lowest(); }

at::Tensor key_padding_bias(const at::Tensor& attention_mask, at::ScalarType dtype) {
  double lowest = masked_bias();
  if (dtype == at::kBFloat16) lowest = -3.38e38;  // float's lowest rounds to -inf in bf16
  if (dtype == at::kHalf) lowest = -65504.0;
  at::Tensor keep = attention_mask.to(at::kBool).unsqueeze(1).unsqueeze(1);
  at::Tensor bias = at::zeros(keep.sizes(), attention_mask.options().dtype(dtype));
  return bias.masked_fill(keep.logical_not(), lowest);
}

LinearImpl::LinearImpl(long in_features, long out_features) {
  weight = register_parameter("weight", at::empty({out_features, in_features}));
}

at::Tensor LinearImpl::forward(const at::Tensor& x) { return at::linear(x, weight); }

EmbeddingImpl::EmbeddingImpl(long rows, long dim) {
  weight = register_parameter("weight", at::empty({rows, dim}));
}

at::Tensor EmbeddingImpl::forward(const at::Tensor& ids) { return at::embedding(weight, ids); }

LayerNormImpl::LayerNormImpl(long dim, double eps_) : eps(eps_) {
  weight = register_parameter("weight", at::ones({dim}));
}

at::Tensor LayerNormImpl::forward(const at::Tensor& x) {
  // Variance in at least float32 (HF: always float32; a float64 model keeps float64 here).
  const at::ScalarType wide = at::promote_types(x.scalar_type(), at::kFloat);
  at::Tensor variance = x.to(wide).pow(2).mean(-1, /*keepdim=*/true);
  at::Tensor y = x * at::rsqrt(variance + eps);
  if (weight.scalar_type() == at::kHalf || weight.scalar_type() == at::kBFloat16)
    y = y.to(weight.scalar_type());
  return weight * y;
}

AttentionImpl::AttentionImpl(const T5Config& config, bool has_relative_attention_bias,
                             bool bidirectional)
    : num_heads_(config.num_heads),
      d_kv_(config.d_kv),
      num_buckets_(config.relative_attention_num_buckets),
      max_distance_(config.relative_attention_max_distance),
      bidirectional_(bidirectional),
      dropout_(config.dropout_rate) {
  const long inner = config.inner_dim();
  q = register_module("q", Linear(config.d_model, inner));
  k = register_module("k", Linear(config.d_model, inner));
  v = register_module("v", Linear(config.d_model, inner));
  o = register_module("o", Linear(inner, config.d_model));
  if (has_relative_attention_bias)
    relative_attention_bias =
        register_module("relative_attention_bias", Embedding(num_buckets_, num_heads_));
}

at::Tensor AttentionImpl::split_heads(const at::Tensor& x) const {
  return x.reshape({x.size(0), x.size(1), num_heads_, d_kv_}).transpose(1, 2);
}

KeyValue AttentionImpl::project(const at::Tensor& source) {
  return {split_heads(k(source)), split_heads(v(source))};
}

at::Tensor AttentionImpl::attend(const at::Tensor& x, const KeyValue& kv, const at::Tensor& bias) {
  at::Tensor query = split_heads(q(x));
  // T5 folds the 1/sqrt(d_kv) scaling into the initialisation of q: no scaling here.
  at::Tensor scores = at::matmul(query, kv.key.transpose(-1, -2));
  if (bias.defined()) scores = scores + bias;
  const at::ScalarType wide = at::promote_types(scores.scalar_type(), at::kFloat);
  at::Tensor weights = at::softmax(scores, -1, wide).to(scores.scalar_type());
  weights = gensr::dropout(weights, dropout_, is_training());
  at::Tensor out = at::matmul(weights, kv.value);  // [B, H, Tq, d_kv]
  out = out.transpose(1, 2).reshape({x.size(0), x.size(1), num_heads_ * d_kv_});
  return o(out);
}

at::Tensor AttentionImpl::compute_bias(long query_length, long key_length, long query_offset) {
  const at::Tensor& table = relative_attention_bias->weight;
  auto long_opts = at::TensorOptions().dtype(at::kLong).device(table.device());
  at::Tensor context =
      at::arange(query_offset, query_offset + query_length, long_opts).unsqueeze(1);
  at::Tensor memory = at::arange(key_length, long_opts).unsqueeze(0);
  at::Tensor buckets =
      relative_position_bucket(memory - context, bidirectional_, num_buckets_, max_distance_);
  at::Tensor values = relative_attention_bias(buckets);  // [q, k, heads]
  return values.permute({2, 0, 1}).unsqueeze(0);
}

SelfAttentionLayerImpl::SelfAttentionLayerImpl(const T5Config& config,
                                               bool has_relative_attention_bias, bool bidirectional)
    : dropout_(config.dropout_rate) {
  SelfAttention = register_module("SelfAttention",
                                  Attention(config, has_relative_attention_bias, bidirectional));
  layer_norm = register_module("layer_norm", LayerNorm(config.d_model, config.layer_norm_epsilon));
}

at::Tensor SelfAttentionLayerImpl::forward(const at::Tensor& h, const at::Tensor& bias,
                                           KeyValue* cache) {
  at::Tensor normed = layer_norm(h);
  KeyValue kv = SelfAttention->project(normed);
  if (cache) {
    if (cache->key.defined()) {
      kv.key = at::cat({cache->key, kv.key}, 2);
      kv.value = at::cat({cache->value, kv.value}, 2);
    }
    *cache = kv;
  }
  return h + gensr::dropout(SelfAttention->attend(normed, kv, bias), dropout_, is_training());
}

CrossAttentionLayerImpl::CrossAttentionLayerImpl(const T5Config& config)
    : dropout_(config.dropout_rate) {
  EncDecAttention = register_module("EncDecAttention", Attention(config, false, true));
  layer_norm = register_module("layer_norm", LayerNorm(config.d_model, config.layer_norm_epsilon));
}

at::Tensor CrossAttentionLayerImpl::forward(const at::Tensor& h, const KeyValue& encoder_kv,
                                            const at::Tensor& bias) {
  at::Tensor attended = EncDecAttention->attend(layer_norm(h), encoder_kv, bias);
  return h + gensr::dropout(attended, dropout_, is_training());
}

DenseGatedActDenseImpl::DenseGatedActDenseImpl(const T5Config& config)
    : dropout_(config.dropout_rate) {
  wi_0 = register_module("wi_0", Linear(config.d_model, config.d_ff));
  wi_1 = register_module("wi_1", Linear(config.d_model, config.d_ff));
  wo = register_module("wo", Linear(config.d_ff, config.d_model));
}

at::Tensor DenseGatedActDenseImpl::forward(const at::Tensor& x) {
  at::Tensor gated = at::gelu(wi_0(x), "tanh") * wi_1(x);  // HF's gelu_new
  return wo(gensr::dropout(gated, dropout_, is_training()));
}

FeedForwardLayerImpl::FeedForwardLayerImpl(const T5Config& config) : dropout_(config.dropout_rate) {
  DenseReluDense = register_module("DenseReluDense", DenseGatedActDense(config));
  layer_norm = register_module("layer_norm", LayerNorm(config.d_model, config.layer_norm_epsilon));
}

at::Tensor FeedForwardLayerImpl::forward(const at::Tensor& h) {
  return h + gensr::dropout(DenseReluDense(layer_norm(h)), dropout_, is_training());
}

BlockImpl::BlockImpl(const T5Config& config, bool is_decoder, bool has_relative_attention_bias) {
  layer = register_module("layer", torch::nn::ModuleList());
  self_attention = SelfAttentionLayer(config, has_relative_attention_bias, !is_decoder);
  layer->push_back(self_attention);
  if (is_decoder) {
    cross_attention = CrossAttentionLayer(config);
    layer->push_back(cross_attention);
  }
  feed_forward = FeedForwardLayer(config);
  layer->push_back(feed_forward);
}

at::Tensor BlockImpl::forward_encoder(const at::Tensor& h, const at::Tensor& bias) {
  return feed_forward(self_attention(h, bias));
}

at::Tensor BlockImpl::forward_decoder(const at::Tensor& h, const at::Tensor& self_bias,
                                      KeyValue* self_cache, const KeyValue& encoder_kv,
                                      const at::Tensor& cross_bias) {
  at::Tensor x = self_attention(h, self_bias, self_cache);
  x = cross_attention(x, encoder_kv, cross_bias);
  return feed_forward(x);
}

}  // namespace t5
}  // namespace gensr
