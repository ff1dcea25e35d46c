#include "train/optimizer.h"

#include <sstream>
#include <type_traits>

#include <ATen/ATen.h>
#include <torch/nn/module.h>
#include <torch/optim/adamw.h>

#include "util/error.h"
#include "util/h5.h"

namespace gensr {

namespace {

// HF Trainer's rule: no weight decay on layer-norm weights nor on parameters whose name
// contains "bias" (in T5 that is relative_attention_bias, which HF therefore leaves undecayed).
bool decays(const std::string& name) {
  return name.find("layer_norm") == std::string::npos && name.find("bias") == std::string::npos;
}

bool is_position_bias(const std::string& name) {
  return name.find("relative_attention_bias") != std::string::npos;
}

// The token embedding and the untied LM head: one row per item.
bool is_token_matrix(const std::string& name) {
  return name == "shared.weight" || name == "lm_head.weight";
}

// LibTorch keys an optimizer's per-parameter state by the address of the parameter's impl: as
// text up to 2.0, as the pointer itself since.
using StateKey =
    std::decay_t<decltype(std::declval<const torch::optim::Optimizer&>().state())>::key_type;
template <typename Key = StateKey>  // a template, so that the branch not taken is not compiled
Key state_key(const at::Tensor& p) {
  if constexpr (std::is_same_v<Key, std::string>) {
    std::ostringstream text;
    text << p.unsafeGetTensorImpl();
    return text.str();
  } else {
    return p.unsafeGetTensorImpl();
  }
}

}  // namespace

TrainingOptimizer::TrainingOptimizer(torch::nn::Module& model, const TrainOptions& o)
    : model_(model) {
  const bool bias_group = o.position_bias_lr_scale != 1.0;
  const bool token_group = o.embedding_lr_scale != 1.0;
  std::vector<at::Tensor> decay, no_decay, position_bias, tokens;
  for (const auto& p : model.named_parameters(true)) {
    if (bias_group && is_position_bias(p.key()))
      position_bias.push_back(p.value());
    else if (token_group && is_token_matrix(p.key()))
      tokens.push_back(p.value());
    else
      (decays(p.key()) ? decay : no_decay).push_back(p.value());
  }
  auto options = [&](double wd) {
    return torch::optim::AdamWOptions(o.lr)
        .betas(std::make_tuple(o.beta1, o.beta2))
        .eps(o.eps)
        .weight_decay(wd);
  };
  std::vector<torch::optim::OptimizerParamGroup> groups;
  groups.emplace_back(decay, std::make_unique<torch::optim::AdamWOptions>(options(o.weight_decay)));
  lr_scale_ = {1.0};
  if (!no_decay.empty()) {
    groups.emplace_back(no_decay, std::make_unique<torch::optim::AdamWOptions>(options(0.0)));
    lr_scale_.push_back(1.0);
  }
  if (!position_bias.empty()) {
    groups.emplace_back(position_bias, std::make_unique<torch::optim::AdamWOptions>(options(0.0)));
    lr_scale_.push_back(o.position_bias_lr_scale);
  }
  if (!tokens.empty()) {
    groups.emplace_back(tokens,
                        std::make_unique<torch::optim::AdamWOptions>(options(o.weight_decay)));
    lr_scale_.push_back(o.embedding_lr_scale);
  }
  adamw_ = std::make_unique<torch::optim::AdamW>(groups, options(o.weight_decay));
}

TrainingOptimizer::~TrainingOptimizer() = default;

void TrainingOptimizer::set_lr(double lr) {
  auto& groups = adamw_->param_groups();
  for (std::size_t g = 0; g < groups.size(); ++g)
    static_cast<torch::optim::AdamWOptions&>(groups[g].options()).lr(lr * lr_scale_.at(g));
}

void TrainingOptimizer::zero_grad() { adamw_->zero_grad(); }
void TrainingOptimizer::step() { adamw_->step(); }

OptimizerStateWriter TrainingOptimizer::writer() const {
  return adamw_state_writer(model_, *adamw_);
}

void TrainingOptimizer::load(const std::string& checkpoint) {
  load_adamw_state(checkpoint, model_, *adamw_);
}

OptimizerStateWriter adamw_state_writer(torch::nn::Module& model,
                                        const torch::optim::Optimizer& optimizer) {
  return [&model, &optimizer](h5::File& f) {
    f.ensure_group("/optimizer");
    std::int64_t step = 0;
    const auto& states = optimizer.state();
    for (const auto& p : model.named_parameters(/*recurse=*/true)) {
      const auto it = states.find(state_key(p.value()));
      if (it == states.end()) continue;  // never stepped (no gradient yet)
      const auto& s = static_cast<const torch::optim::AdamWParamState&>(*it->second);
      write_checkpoint_tensor(f, "/optimizer/" + p.key() + "/exp_avg", s.exp_avg());
      write_checkpoint_tensor(f, "/optimizer/" + p.key() + "/exp_avg_sq", s.exp_avg_sq());
      step = std::max<std::int64_t>(step, s.step());
    }
    f.set_attr("/optimizer", "step", step);
  };
}

void load_adamw_state(const std::string& checkpoint, torch::nn::Module& model,
                      torch::optim::Optimizer& optimizer) {
  const h5::File f = open_checkpoint(checkpoint);
  if (!f.exists("/optimizer"))
    throw InputError(checkpoint, 0, "/optimizer", "the checkpoint holds no optimizer state");
  const std::int64_t step = f.attr_int("/optimizer", "step");
  auto& states = optimizer.state();
  states.clear();
  for (const auto& p : model.named_parameters(/*recurse=*/true)) {
    const std::string group = "/optimizer/" + p.key();
    if (!f.exists(group)) continue;
    auto s = std::make_unique<torch::optim::AdamWParamState>();
    s->step(step);
    s->exp_avg(at::zeros_like(p.value(), at::MemoryFormat::Preserve));
    s->exp_avg_sq(at::zeros_like(p.value(), at::MemoryFormat::Preserve));
    read_checkpoint_tensor(f, group + "/exp_avg", s->exp_avg());
    read_checkpoint_tensor(f, group + "/exp_avg_sq", s->exp_avg_sq());
    states[state_key(p.value())] = std::move(s);
  }
}

}  // namespace gensr
