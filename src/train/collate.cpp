#include "train/collate.h"

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

Batch collate(const PreparedData& data, const std::vector<InstanceRef>& instances) {
  Batch b;
  std::vector<std::vector<std::int32_t>> inputs;
  b.labels = at::empty({static_cast<std::int64_t>(instances.size()), 2}, at::kLong);
  auto labels = b.labels.accessor<std::int64_t, 2>();
  std::int64_t row = 0;
  for (const InstanceRef& ref : instances) {
    std::int32_t item;
    if (ref.task == Task::kRec) {
      const RecInstance& r = data.rec_train[ref.index];
      inputs.push_back(data.rec_input(r));
      item = data.seq_items[data.seq_offsets[r.seq] + r.end];
    } else {
      const SearchInstance& s = data.search_train[ref.index];
      inputs.push_back(data.search_input(s.query));
      item = s.item;
    }
    labels[row][0] = data.item_token(item);
    labels[row][1] = kEosToken;
    b.tasks.push_back(ref.task);
    ++row;
  }
  collate_inputs(inputs, b.input_ids, b.attention_mask);
  return b;
}

}  // namespace gensr
