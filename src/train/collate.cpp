#include "train/collate.h"

#include <algorithm>

#include <ATen/ATen.h>

#include "data/prepared.h"

namespace gensr {

Batch collate(const PreparedData& data, const std::vector<InstanceRef>& instances) {
  Batch b;
  std::vector<std::vector<std::int32_t>> inputs;
  std::vector<std::vector<std::int32_t>> targets;
  std::size_t longest = 1;
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
    targets.emplace_back();
    data.append_item_tokens(item, targets.back());
    targets.back().push_back(kEosToken);
    longest = std::max(longest, targets.back().size());
    b.label_tokens.push_back(static_cast<std::int64_t>(targets.back().size()));
    b.tasks.push_back(ref.task);
  }
  b.labels =
      at::full({static_cast<std::int64_t>(instances.size()), static_cast<std::int64_t>(longest)},
               kPadToken, at::kLong);
  auto labels = b.labels.accessor<std::int64_t, 2>();
  for (std::size_t r = 0; r < targets.size(); ++r)
    for (std::size_t t = 0; t < targets[r].size(); ++t)
      labels[static_cast<std::int64_t>(r)][static_cast<std::int64_t>(t)] = targets[r][t];
  collate_inputs(inputs, b.input_ids, b.attention_mask);
  return b;
}

}  // namespace gensr
