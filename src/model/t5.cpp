#include "model/t5.h"

#include <cmath>
#include <string>

#include <ATen/ATen.h>
#include <c10/core/GradMode.h>

#include "model/dropout.h"
#include "util/error.h"

namespace gensr {

namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

t5::BlockImpl& block_of(T5Stack& stack, size_t i) { return stack->block->at<t5::BlockImpl>(i); }

}  // namespace

void DecoderCache::reorder(const at::Tensor& index) {
  auto keep = [&](at::Tensor& t) {
    if (t.defined()) t = t.index_select(0, index.to(t.device(), at::kLong));
  };
  for (auto* list : {&self_key, &self_value, &cross_key, &cross_value})
    for (at::Tensor& t : *list) keep(t);
  keep(cross_bias);
}

long DecoderCache::rows() const { return cross_bias.defined() ? cross_bias.size(0) : 0; }

T5StackImpl::T5StackImpl(const T5Config& config, bool is_decoder_)
    : is_decoder(is_decoder_), dropout(config.dropout_rate) {
  block = register_module("block", torch::nn::ModuleList());
  const long layers = is_decoder ? config.num_decoder_layers : config.num_layers;
  for (long i = 0; i < layers; ++i) block->push_back(t5::Block(config, is_decoder, i == 0));
  final_layer_norm =
      register_module("final_layer_norm", t5::LayerNorm(config.d_model, config.layer_norm_epsilon));
}

T5Impl::T5Impl(const T5Config& config) : config_(config) {
  validate(config_);
  shared = register_module("shared", t5::Embedding(config_.vocab_size, config_.d_model));
  encoder = register_module("encoder", T5Stack(config_, false));
  decoder = register_module("decoder", T5Stack(config_, true));
  if (!config_.tie_word_embeddings)
    lm_head = register_module("lm_head", t5::Linear(config_.d_model, config_.vocab_size));
  init_weights();
}

void T5Impl::init_weights() {
  c10::NoGradGuard no_grad;
  const double f = config_.initializer_factor;
  const double d_model = config_.d_model;
  const double inner = config_.inner_dim();
  for (auto& item : named_parameters()) {
    const std::string& name = item.key();
    at::Tensor& w = item.value();
    double std = -1;
    if (ends_with(name, "layer_norm.weight")) {
      w.fill_(f);
      continue;
    } else if (name == "shared.weight" || name == "lm_head.weight") {
      std = f;  // Mesh TensorFlow's embedding init; the untied head likewise
    } else if (ends_with(name, ".q.weight")) {
      std = f / std::sqrt(d_model * config_.d_kv);
    } else if (ends_with(name, ".k.weight") || ends_with(name, ".v.weight")) {
      std = f / std::sqrt(d_model);
    } else if (ends_with(name, ".o.weight")) {
      std = f / std::sqrt(inner);
    } else if (ends_with(name, "relative_attention_bias.weight")) {
      std = f / std::sqrt(d_model);
    } else if (ends_with(name, ".wi_0.weight") || ends_with(name, ".wi_1.weight")) {
      std = f / std::sqrt(d_model);
    } else if (ends_with(name, ".wo.weight")) {
      std = f / std::sqrt(static_cast<double>(config_.d_ff));
    } else {
      throw Error("T5 init_weights: no rule for parameter " + name);
    }
    w.normal_(0.0, std);
  }
}

void T5Impl::init_embeddings(double std) {
  c10::NoGradGuard no_grad;
  shared->weight.normal_(0.0, std);
  if (lm_head) lm_head->weight.normal_(0.0, std);
}

at::Tensor T5Impl::encode(const at::Tensor& input_ids, const at::Tensor& attention_mask) {
  const long length = input_ids.size(1);
  at::Tensor h = gensr::dropout(shared(input_ids), encoder->dropout, is_training());
  auto& first = block_of(encoder, 0).self_attention->SelfAttention;
  at::Tensor bias = first->compute_bias(length, length, 0);
  if (attention_mask.defined())
    bias = bias + t5::key_padding_bias(attention_mask, bias.scalar_type());
  for (size_t i = 0; i < encoder->block->size(); ++i)
    h = block_of(encoder, i).forward_encoder(h, bias);
  h = encoder->final_layer_norm(h);
  return gensr::dropout(h, encoder->dropout, is_training());
}

at::Tensor T5Impl::run_decoder(const at::Tensor& ids, const at::Tensor& encoder_hidden,
                               const at::Tensor& cross_bias, DecoderCache* cache) {
  const long length = ids.size(1);
  const long past = cache ? cache->length : 0;
  at::Tensor h = gensr::dropout(shared(ids), decoder->dropout, is_training());
  auto& first = block_of(decoder, 0).self_attention->SelfAttention;
  at::Tensor self_bias = first->compute_bias(length, past + length, past);
  if (length > 1) {
    auto long_opts = at::TensorOptions().dtype(at::kLong).device(self_bias.device());
    at::Tensor query_pos = at::arange(past, past + length, long_opts).unsqueeze(1);
    at::Tensor key_pos = at::arange(past + length, long_opts).unsqueeze(0);
    self_bias = self_bias.masked_fill(key_pos > query_pos, t5::masked_bias());
  }
  for (size_t i = 0; i < decoder->block->size(); ++i) {
    t5::BlockImpl& blk = block_of(decoder, i);
    if (cache) {
      t5::KeyValue self_kv{cache->self_key[i], cache->self_value[i]};
      h = blk.forward_decoder(h, self_bias, &self_kv, {cache->cross_key[i], cache->cross_value[i]},
                              cross_bias);
      cache->self_key[i] = self_kv.key;
      cache->self_value[i] = self_kv.value;
    } else {
      t5::KeyValue encoder_kv = blk.cross_attention->EncDecAttention->project(encoder_hidden);
      h = blk.forward_decoder(h, self_bias, nullptr, encoder_kv, cross_bias);
    }
  }
  h = decoder->final_layer_norm(h);
  h = gensr::dropout(h, decoder->dropout, is_training());
  if (cache) cache->length += length;
  return project_to_vocab(h);
}

at::Tensor T5Impl::project_to_vocab(const at::Tensor& hidden) {
  if (lm_head) return lm_head(hidden);
  // Tied embeddings: Mesh TensorFlow rescales the decoder output before the shared matrix.
  return at::linear(hidden * std::pow(static_cast<double>(config_.d_model), -0.5), shared->weight);
}

at::Tensor T5Impl::decode(const at::Tensor& decoder_input_ids, const at::Tensor& encoder_hidden,
                          const at::Tensor& encoder_mask) {
  at::Tensor cross_bias;
  if (encoder_mask.defined())
    cross_bias = t5::key_padding_bias(encoder_mask, shared->weight.scalar_type());
  return run_decoder(decoder_input_ids, encoder_hidden, cross_bias, nullptr);
}

at::Tensor T5Impl::forward(const at::Tensor& input_ids, const at::Tensor& attention_mask,
                           const at::Tensor& decoder_input_ids) {
  return decode(decoder_input_ids, encode(input_ids, attention_mask), attention_mask);
}

namespace {

at::Tensor token_cross_entropy(const at::Tensor& logits, const at::Tensor& labels, long pad,
                               at::Reduction::Reduction reduction) {
  const at::ScalarType wide = at::promote_types(logits.scalar_type(), at::kFloat);
  at::Tensor flat = logits.reshape({-1, logits.size(-1)}).to(wide);
  at::Tensor target = ignore_padding(labels, pad).reshape({-1});
  return at::cross_entropy_loss(flat, target, {}, reduction, -100);
}

}  // namespace

at::Tensor T5Impl::loss(const at::Tensor& input_ids, const at::Tensor& attention_mask,
                        const at::Tensor& labels) {
  at::Tensor decoder_input =
      shift_right(labels, config_.decoder_start_token_id, config_.pad_token_id);
  at::Tensor logits = forward(input_ids, attention_mask, decoder_input);
  return token_cross_entropy(logits, labels, config_.pad_token_id, at::Reduction::Mean);
}

at::Tensor T5Impl::loss_sum(const at::Tensor& input_ids, const at::Tensor& attention_mask,
                            const at::Tensor& labels) {
  at::Tensor decoder_input =
      shift_right(labels, config_.decoder_start_token_id, config_.pad_token_id);
  at::Tensor logits = forward(input_ids, attention_mask, decoder_input);
  return token_cross_entropy(logits, labels, config_.pad_token_id, at::Reduction::Sum);
}

DecoderCache T5Impl::start_decoding(const at::Tensor& encoder_hidden,
                                    const at::Tensor& encoder_mask) {
  DecoderCache cache;
  const size_t layers = decoder->block->size();
  cache.self_key.resize(layers);
  cache.self_value.resize(layers);
  for (size_t i = 0; i < layers; ++i) {
    t5::KeyValue kv =
        block_of(decoder, i).cross_attention->EncDecAttention->project(encoder_hidden);
    cache.cross_key.push_back(kv.key);
    cache.cross_value.push_back(kv.value);
  }
  // Always defined so that reorder() and rows() see the batch even without padding.
  at::Tensor mask = encoder_mask.defined()
                        ? encoder_mask
                        : at::ones({encoder_hidden.size(0), encoder_hidden.size(1)},
                                   encoder_hidden.options().dtype(at::kLong));
  cache.cross_bias = t5::key_padding_bias(mask, shared->weight.scalar_type());
  return cache;
}

at::Tensor T5Impl::decode_step(DecoderCache& cache, const at::Tensor& tokens) {
  at::Tensor ids = tokens.dim() == 1 ? tokens.unsqueeze(1) : tokens;
  at::Tensor logits = run_decoder(ids, {}, cache.cross_bias, &cache);
  return logits.select(1, -1);
}

void T5Impl::resize_token_embeddings(long new_rows, long keep_rows, double noise) {
  const long old_rows = shared->weight.size(0);
  if (keep_rows <= 0 || keep_rows > old_rows)
    throw UsageError("resize_token_embeddings: keep_rows " + std::to_string(keep_rows) +
                     " must be in 1.." + std::to_string(old_rows));
  if (new_rows < keep_rows)
    throw UsageError("resize_token_embeddings: new_rows " + std::to_string(new_rows) +
                     " is below keep_rows " + std::to_string(keep_rows));
  for (long id : {config_.pad_token_id, config_.eos_token_id, config_.decoder_start_token_id})
    if (id >= keep_rows)
      throw UsageError("resize_token_embeddings: special token " + std::to_string(id) +
                       " would be dropped");
  c10::NoGradGuard no_grad;
  auto resized = [&](const at::Tensor& old) {
    at::Tensor kept = old.slice(0, 0, keep_rows);
    const long fresh_rows = new_rows - keep_rows;
    if (fresh_rows == 0) return kept.clone();
    const double spread = keep_rows > 1 ? kept.std().item<double>() : 0.0;
    at::Tensor fresh = kept.mean(0, /*keepdim=*/true).expand({fresh_rows, old.size(1)}) +
                       at::randn({fresh_rows, old.size(1)}, old.options()) * (noise * spread);
    return at::cat({kept, fresh}, 0);
  };
  // set_data keeps the parameter object registered in the module and changes its shape.
  shared->weight.set_data(resized(shared->weight));
  if (lm_head) lm_head->weight.set_data(resized(lm_head->weight));
  config_.vocab_size = new_rows;
}

c10::Device model_device(const T5Impl& model) { return model.shared->weight.device(); }

at::Tensor shift_right(const at::Tensor& labels, long decoder_start_token_id, long pad_token_id) {
  at::Tensor start = at::full({labels.size(0), 1}, decoder_start_token_id, labels.options());
  at::Tensor shifted = at::cat({start, labels.slice(1, 0, labels.size(1) - 1)}, 1);
  return shifted.masked_fill(shifted == -100, pad_token_id);
}

at::Tensor ignore_padding(const at::Tensor& labels, long pad_token_id) {
  return labels.masked_fill(labels == pad_token_id, -100);
}

int64_t count_target_tokens(const at::Tensor& labels, long pad_token_id) {
  return ((labels != pad_token_id) & (labels != -100)).sum().item<int64_t>();
}

int64_t t5_parameter_count(const T5Config& c) {
  const int64_t d = c.d_model, inner = c.inner_dim();
  const int64_t embedding = c.vocab_size * d;
  const int64_t head = c.tie_word_embeddings ? 0 : c.vocab_size * d;
  const int64_t attention = 3 * d * inner + inner * d;
  const int64_t feed_forward = 3 * d * c.d_ff;
  const int64_t position_bias = c.relative_attention_num_buckets * c.num_heads;
  const int64_t encoder = c.num_layers * (attention + feed_forward + 2 * d) + position_bias + d;
  const int64_t decoder =
      c.num_decoder_layers * (2 * attention + feed_forward + 3 * d) + position_bias + d;
  return embedding + head + encoder + decoder;
}

}  // namespace gensr
