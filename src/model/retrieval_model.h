#pragma once

// The seam between the trainer / top-K decoding and a model: what gensr-train and gensr-eval's
// `topk` decoding ask of the generative T5 and of reference recommenders (SASRec) alike, so
// that every model trains through one loop (data order, buckets, checkpoints, resume) and is
// scored by one evaluator.

#include <cstdint>
#include <memory>
#include <string>

#include <ATen/Tensor.h>
#include <c10/core/Device.h>
#include <nlohmann/json_fwd.hpp>

namespace torch::nn {
class Module;
}

namespace gensr {

class RetrievalModel {
 public:
  virtual ~RetrievalModel() = default;

  // "t5" | "sasrec": gensr-train's --arch, and "model_type" of the model's config JSON.
  virtual const char* arch() const = 0;

  // The module whose named parameters are checkpointed, optimised and all-reduced.
  virtual torch::nn::Module& module() = 0;

  // The loss of each instance of a collated batch (train/collate.h: input_ids and
  // attention_mask [B, S], labels [B, T] = the item's tokens then EOS, padded with pad),
  // summed over its targets: [B], in
  // float32 or wider even under bf16 autocast. Called inside the caller's autocast scope.
  virtual at::Tensor instance_losses(const at::Tensor& input_ids, const at::Tensor& attention_mask,
                                     const at::Tensor& labels) = 0;

  // Targets the loss of an instance whose label has `label_tokens` tokens (EOS included) sums
  // over (T5: every label token; SASRec: the next item). The trainer divides a step's loss by
  // the global count of them.
  virtual std::int64_t targets_per_instance(std::int64_t label_tokens) const = 0;

  // Log-probabilities of each item being the answer: [B, num_items] (float32 or wider), item i in
  // column i, from encoder-style inputs (token ids, EOS included, right-padded; mask 1 = token).
  virtual at::Tensor item_log_probs(const at::Tensor& input_ids, const at::Tensor& attention_mask,
                                    std::int64_t item_offset, std::int64_t num_items) = 0;
};

// Where the module's parameters live (all on one device).
c10::Device module_device(const torch::nn::Module& module);

// The model a checkpoint's /config "model" JSON describes: SASRec when its "model_type" is
// "sasrec", else an HF T5 config. Freshly initialised (draws from LibTorch's default
// generator); load the checkpoint's parameters into module() after. Errors name `source`.
std::shared_ptr<RetrievalModel> model_from_config_json(const nlohmann::json& config,
                                                       const std::string& source);

}  // namespace gensr
