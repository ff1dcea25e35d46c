#pragma once

#include <cstdint>
#include <vector>

#include <ATen/Tensor.h>

namespace gensr {

// Encoder inputs as the model takes them: token ids (EOS included) right-padded with pad (0)
// to the longest input, [B, S] int64 ids and mask (1 = token, 0 = padding) on the CPU.
void collate_inputs(const std::vector<std::vector<std::int32_t>>& inputs, at::Tensor& input_ids,
                    at::Tensor& attention_mask);

}  // namespace gensr
