#include "model/collate_inputs.h"

#include <algorithm>

#include <ATen/ATen.h>

#include "data/prepared.h"

namespace gensr {

void collate_inputs(const std::vector<std::vector<std::int32_t>>& inputs, at::Tensor& input_ids,
                    at::Tensor& attention_mask) {
  std::size_t longest = 1;
  for (const auto& in : inputs) longest = std::max(longest, in.size());
  const auto rows = static_cast<std::int64_t>(inputs.size());
  const auto cols = static_cast<std::int64_t>(longest);
  input_ids = at::full({rows, cols}, kPadToken, at::kLong);
  attention_mask = at::zeros({rows, cols}, at::kLong);
  auto ids = input_ids.accessor<std::int64_t, 2>();
  auto mask = attention_mask.accessor<std::int64_t, 2>();
  for (std::int64_t r = 0; r < rows; ++r)
    for (std::size_t c = 0; c < inputs[r].size(); ++c) {
      ids[r][c] = inputs[r][c];
      mask[r][c] = 1;
    }
}

}  // namespace gensr
