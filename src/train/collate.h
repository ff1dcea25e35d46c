#pragma once

#include <cstdint>
#include <vector>

#include <ATen/Tensor.h>

#include "model/collate_inputs.h"
#include "train/sampler.h"

namespace gensr {

struct PreparedData;

// A micro-batch as the model takes it (all int64 on the CPU).
struct Batch {
  at::Tensor input_ids;       // [B, S], padded with pad (0)
  at::Tensor attention_mask;  // [B, S], 1 = token, 0 = padding
  at::Tensor labels;          // [B, T] = the item's tokens then EOS, padded with pad (0)
  std::vector<std::int64_t> label_tokens;  // tokens of each row's label, EOS included
  std::vector<Task> tasks;                 // task of each row
  std::int64_t size() const { return static_cast<std::int64_t>(tasks.size()); }
};

// Builds the model inputs of training instances (S = the longest input in the batch).
Batch collate(const PreparedData& data, const std::vector<InstanceRef>& instances);

}  // namespace gensr
