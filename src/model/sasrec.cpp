#include "model/sasrec.h"

#include <cmath>
#include <limits>

#include <ATen/ATen.h>
#include <c10/core/GradMode.h>
#include <torch/nn/init.h>
#include <nlohmann/json.hpp>

#include "util/error.h"

namespace gensr {

namespace {

torch::nn::LayerNorm layer_norm(const SASRecConfig& c) {
  return torch::nn::LayerNorm(
      torch::nn::LayerNormOptions({c.hidden}).eps(c.layer_norm_epsilon).elementwise_affine(true));
}

// A finite "minus infinity": a padded position, whose keys are all masked, then attends
// uniformly instead of producing NaN, and real positions give masked keys exactly 0 weight.
double masked_score() { return std::numeric_limits<float>::lowest(); }

}  // namespace

nlohmann::json sasrec_config_to_json(const SASRecConfig& c) {
  return {{"model_type", "sasrec"},
          {"num_items", c.num_items},
          {"item_offset", c.item_offset},
          {"max_length", c.max_length},
          {"hidden", c.hidden},
          {"num_blocks", c.num_blocks},
          {"num_heads", c.num_heads},
          {"dropout_rate", c.dropout_rate},
          {"layer_norm_epsilon", c.layer_norm_epsilon}};
}

SASRecConfig sasrec_config_from_json(const nlohmann::json& j, const std::string& source) {
  if (!j.is_object()) throw InputError(source, 0, "model", "expected a JSON object");
  if (j.value("model_type", std::string()) != "sasrec")
    throw InputError(source, 0, "model_type", "expected \"sasrec\"");
  SASRecConfig c;
  auto integer = [&](const char* key, long& out) {
    if (!j.contains(key)) return;
    if (!j[key].is_number_integer()) throw InputError(source, 0, key, "expected an integer");
    out = j[key].get<long>();
  };
  auto real = [&](const char* key, double& out) {
    if (!j.contains(key)) return;
    if (!j[key].is_number()) throw InputError(source, 0, key, "expected a number");
    out = j[key].get<double>();
  };
  integer("num_items", c.num_items);
  integer("item_offset", c.item_offset);
  integer("max_length", c.max_length);
  integer("hidden", c.hidden);
  integer("num_blocks", c.num_blocks);
  integer("num_heads", c.num_heads);
  real("dropout_rate", c.dropout_rate);
  real("layer_norm_epsilon", c.layer_norm_epsilon);
  return c;
}

void validate(const SASRecConfig& c) {
  auto positive = [](long v, const char* what) {
    if (v <= 0) throw UsageError(std::string("SASRec ") + what + " must be positive");
  };
  positive(c.num_items, "num_items");
  positive(c.max_length, "max_length");
  positive(c.hidden, "hidden size");
  positive(c.num_blocks, "number of blocks");
  positive(c.num_heads, "number of heads");
  if (c.item_offset < 0) throw UsageError("SASRec item_offset must not be negative");
  if (c.hidden % c.num_heads != 0)
    throw UsageError("SASRec hidden size " + std::to_string(c.hidden) +
                     " is not divisible by its " + std::to_string(c.num_heads) + " heads");
  if (c.dropout_rate < 0 || c.dropout_rate >= 1)
    throw UsageError("SASRec dropout must be in [0, 1)");
}

SASRecAttentionImpl::SASRecAttentionImpl(long hidden, long heads_, double dropout_)
    : heads(heads_), dropout(dropout_) {
  q = register_module("q", torch::nn::Linear(hidden, hidden));
  // No key bias: it adds q.b to every score of a query, which softmax ignores, so its gradient
  // is rounding noise that Adam would blow up to full-size steps.
  k = register_module("k", torch::nn::Linear(torch::nn::LinearOptions(hidden, hidden).bias(false)));
  v = register_module("v", torch::nn::Linear(hidden, hidden));
  o = register_module("o", torch::nn::Linear(hidden, hidden));
}

at::Tensor SASRecAttentionImpl::forward(const at::Tensor& x, const at::Tensor& bias) {
  const long b = x.size(0), t = x.size(1), d = x.size(2), dh = d / heads;
  auto split = [&](const at::Tensor& y) { return y.view({b, t, heads, dh}).transpose(1, 2); };
  const at::Tensor query = split(q(x)), key = split(k(x)), value = split(v(x));
  // Scores and softmax in float32 at least (autocast leaves matmuls in bf16).
  const at::Tensor scores =
      at::matmul(query, key.transpose(-1, -2)).to(bias.scalar_type()) / std::sqrt(double(dh)) +
      bias;
  const at::Tensor weights = at::dropout(at::softmax(scores, -1), dropout, is_training());
  const at::Tensor mixed = at::matmul(weights.to(value.scalar_type()), value);
  return o(mixed.transpose(1, 2).reshape({b, t, d}));
}

SASRecBlockImpl::SASRecBlockImpl(const SASRecConfig& c) : dropout(c.dropout_rate) {
  attention_layer_norm = register_module("attention_layer_norm", layer_norm(c));
  attention = register_module("attention", SASRecAttention(c.hidden, c.num_heads, c.dropout_rate));
  ffn_layer_norm = register_module("ffn_layer_norm", layer_norm(c));
  w_1 = register_module("w_1", torch::nn::Linear(c.hidden, c.hidden));
  w_2 = register_module("w_2", torch::nn::Linear(c.hidden, c.hidden));
}

at::Tensor SASRecBlockImpl::forward(const at::Tensor& x, const at::Tensor& bias) {
  const bool train = is_training();
  at::Tensor h = x + at::dropout(attention(attention_layer_norm(x), bias), dropout, train);
  const at::Tensor inner = at::dropout(at::relu(w_1(ffn_layer_norm(h))), dropout, train);
  return h + at::dropout(w_2(inner), dropout, train);
}

SASRecImpl::SASRecImpl(const SASRecConfig& config) : config_(config) {
  validate(config_);
  item_embedding = register_module("item_embedding",
                                   torch::nn::Embedding(config_.num_items + 1, config_.hidden));
  position_embedding = register_module("position_embedding",
                                       torch::nn::Embedding(config_.max_length, config_.hidden));
  blocks = register_module("blocks", torch::nn::ModuleList());
  for (long i = 0; i < config_.num_blocks; ++i) blocks->push_back(SASRecBlock(config_));
  final_layer_norm = register_module("final_layer_norm", layer_norm(config_));

  c10::NoGradGuard no_grad;
  for (auto& p : named_parameters()) {
    const std::string& name = p.key();
    at::Tensor& w = p.value();
    if (name.find("layer_norm") != std::string::npos)
      w.fill_(name.size() > 7 && name.compare(name.size() - 7, 7, ".weight") == 0 ? 1.0 : 0.0);
    else if (w.dim() == 1)
      w.zero_();
    else
      torch::nn::init::xavier_normal_(w);
  }
}

at::Tensor SASRecImpl::history_rows(const at::Tensor& input_ids,
                                    const at::Tensor& attention_mask) const {
  at::Tensor is_item =
      (input_ids >= config_.item_offset) & (input_ids < config_.item_offset + config_.num_items);
  if (attention_mask.defined()) is_item = is_item & (attention_mask != 0);
  // A stable sort brings each row's items to its front in their order (oldest first).
  const at::Tensor order =
      std::get<1>(at::sort(at::logical_not(is_item).to(at::kInt), c10::optional<bool>(true),
                           /*dim=*/1, /*descending=*/false));
  const at::Tensor ids = input_ids.gather(1, order);
  const at::Tensor count = is_item.sum(1);  // [B]
  const long longest = count.numel() > 0 ? count.max().item<long>() : 0;
  const long length = std::max(1L, std::min(longest, config_.max_length));
  // Output position j holds item count - length + j: newest last, oldest ones cut.
  const at::Tensor source =
      count.unsqueeze(1) - length + at::arange(length, count.options()).unsqueeze(0);
  const at::Tensor kept = source >= 0;
  const at::Tensor gathered = ids.gather(1, source.clamp_min(0));
  return at::where(kept, gathered - config_.item_offset + 1, at::zeros_like(gathered));
}

at::Tensor SASRecImpl::encode(const at::Tensor& rows) {
  const long b = rows.size(0), t = rows.size(1);
  const bool train = is_training();
  const auto long_on = rows.options().dtype(at::kLong);
  // Positions count back from the newest item, so it always sits at max_length - 1.
  const at::Tensor positions = at::arange(config_.max_length - t, config_.max_length, long_on);
  const at::Tensor real = rows != 0;  // [B, T]
  at::Tensor h = item_embedding(rows) * std::sqrt(static_cast<double>(config_.hidden)) +
                 position_embedding(positions).unsqueeze(0);
  h = at::dropout(h * real.unsqueeze(-1).to(h.scalar_type()), config_.dropout_rate, train);
  // Causal mask and key padding: position i sees real positions j <= i.
  const at::Tensor query_pos = at::arange(t, long_on).unsqueeze(1);
  const at::Tensor key_pos = at::arange(t, long_on).unsqueeze(0);
  const at::Tensor blocked =
      (key_pos > query_pos).unsqueeze(0) | at::logical_not(real).unsqueeze(1);  // [B, T, T]
  const at::ScalarType score_type = at::promote_types(h.scalar_type(), at::kFloat);
  const at::Tensor bias = at::zeros({b, 1, t, t}, h.options().dtype(score_type))
                              .masked_fill(blocked.unsqueeze(1), masked_score());
  for (std::size_t i = 0; i < blocks->size(); ++i)
    h = blocks->at<SASRecBlockImpl>(i).forward(h, bias);
  return final_layer_norm(h);
}

at::Tensor SASRecImpl::item_logits(const at::Tensor& hidden) {
  // The item rows (not the padding row) of the one embedding shared with the input.
  const at::Tensor items = item_embedding->weight.narrow(0, 1, config_.num_items);
  const at::Tensor logits = at::matmul(hidden, items.t());
  return logits.to(at::promote_types(logits.scalar_type(), at::kFloat));
}

at::Tensor SASRecImpl::last_hidden(const at::Tensor& input_ids, const at::Tensor& attention_mask) {
  return encode(history_rows(input_ids, attention_mask)).select(1, -1);
}

at::Tensor SASRecImpl::instance_losses(const at::Tensor& input_ids,
                                       const at::Tensor& attention_mask, const at::Tensor& labels) {
  const at::Tensor target = labels.select(1, 0) - config_.item_offset;
  return at::cross_entropy_loss(item_logits(last_hidden(input_ids, attention_mask)), target, {},
                                at::Reduction::None);
}

at::Tensor SASRecImpl::item_log_probs(const at::Tensor& input_ids, const at::Tensor& attention_mask,
                                      std::int64_t item_offset, std::int64_t num_items) {
  if (item_offset != config_.item_offset || num_items != config_.num_items)
    throw Error("SASRec: the data's items (offset " + std::to_string(item_offset) + ", " +
                std::to_string(num_items) + " items) are not the model's (offset " +
                std::to_string(config_.item_offset) + ", " + std::to_string(config_.num_items) +
                ")");
  return at::log_softmax(item_logits(last_hidden(input_ids, attention_mask)), -1);
}

}  // namespace gensr
