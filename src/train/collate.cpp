#include "train/collate.h"

#include <ATen/ATen.h>

#include "data/prepared.h"

namespace gensr {

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
