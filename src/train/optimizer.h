#pragma once

// gensr-train's optimizer (DESIGN.md "Training defaults"): AdamW over up to four parameter
// groups, each with its multiplier of the scheduled learning rate, and its state in
// checkpoints as /optimizer/<parameter name>/{exp_avg,exp_avg_sq} with the step as an
// attribute of /optimizer (docs/training.md "Checkpoints").

#include <memory>
#include <string>
#include <vector>

#include "ckpt/checkpoint.h"
#include "train/train_options.h"

namespace torch::nn {
class Module;
}
namespace torch::optim {
class Optimizer;
class AdamW;
}  // namespace torch::optim

namespace gensr {

class TrainingOptimizer {
 public:
  // The groups: decayed weights, undecayed ones (HF Trainer's rule: layer norms and "bias"
  // parameters), and, each only when its --*-lr-scale is not 1, the relative position biases
  // (undecayed) and the token embedding with the untied LM head (decayed).
  TrainingOptimizer(torch::nn::Module& model, const TrainOptions& options);
  ~TrainingOptimizer();
  TrainingOptimizer(const TrainingOptimizer&) = delete;
  TrainingOptimizer& operator=(const TrainingOptimizer&) = delete;

  // Gives every group `lr` times its multiplier.
  void set_lr(double lr);
  void zero_grad();
  void step();

  // For write_checkpoint, and back from a checkpoint `write` wrote.
  OptimizerStateWriter writer() const;
  void load(const std::string& checkpoint);

  const std::vector<double>& lr_scales() const { return lr_scale_; }

 private:
  torch::nn::Module& model_;
  std::unique_ptr<torch::optim::AdamW> adamw_;
  std::vector<double> lr_scale_;  // of each parameter group
};

// The state of any AdamW over `model`'s parameters, in the layout above. Loading needs the
// parameter names and shapes to match; it throws InputError naming the parameter otherwise,
// and when the checkpoint holds no optimizer state.
OptimizerStateWriter adamw_state_writer(torch::nn::Module& model,
                                        const torch::optim::Optimizer& optimizer);
void load_adamw_state(const std::string& checkpoint, torch::nn::Module& model,
                      torch::optim::Optimizer& optimizer);

}  // namespace gensr
