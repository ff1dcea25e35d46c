#include "train/validation.h"

#include <algorithm>
#include <map>

#include <ATen/ATen.h>

#include "data/prepared.h"
#include "dist/communicator.h"
#include "model/t5.h"
#include "train/autocast.h"
#include "train/collate.h"

namespace gensr {

std::vector<EvalQuery> validation_queries(const PreparedData& data, Task task) {
  std::vector<EvalQuery> out;
  if (task == Task::kRec) {
    for (const RecInstance& r : data.rec_valid)
      out.push_back({data.rec_input(r), {data.seq_items[data.seq_offsets[r.seq] + r.end]}});
    return out;
  }
  std::map<std::int32_t, std::size_t> slot;  // query -> its entry, in order of appearance
  for (const SearchInstance& s : data.search_valid) {
    auto [it, fresh] = slot.emplace(s.query, out.size());
    if (fresh) out.push_back({data.search_input(s.query), {}});
    auto& rel = out[it->second].relevant;
    if (std::find(rel.begin(), rel.end(), s.item) == rel.end()) rel.push_back(s.item);
  }
  return out;
}

RecallResult recall_at_k(T5Impl& model, const PreparedData& data,
                         const std::vector<EvalQuery>& queries, std::int64_t k,
                         std::int64_t batch_size, bool bf16, Communicator& comm) {
  const bool was_training = model.is_training();
  model.eval();
  at::NoGradGuard no_grad;
  const auto [begin, end] =
      even_slice(static_cast<std::int64_t>(queries.size()), comm.rank(), comm.size());
  const std::int64_t top = std::min<std::int64_t>(k, data.num_items());
  double sums[2] = {0, static_cast<double>(end - begin)};  // recall sum, queries
  for (std::int64_t first = begin; first < end; first += batch_size) {
    const std::int64_t last = std::min(end, first + batch_size);
    std::vector<std::vector<std::int32_t>> inputs;
    for (std::int64_t q = first; q < last; ++q) inputs.push_back(queries[q].input);
    at::Tensor ids, mask;
    collate_inputs(inputs, ids, mask);
    const at::Tensor start =
        at::full({last - first, 1}, model.config().decoder_start_token_id, at::kLong);
    at::Tensor logits;
    {
      AutocastGuard autocast(bf16);
      logits = model.forward(ids, mask, start);
    }
    const at::Tensor items =
        logits.select(1, 0).narrow(1, data.item_offset, data.num_items()).to(at::kFloat);
    const at::Tensor best = std::get<1>(items.topk(top, 1)).contiguous();
    auto acc = best.accessor<std::int64_t, 2>();
    for (std::int64_t row = 0; row < last - first; ++row) {
      const auto& rel = queries[first + row].relevant;
      std::int64_t hits = 0;
      for (std::int64_t j = 0; j < top; ++j)
        hits += std::count(rel.begin(), rel.end(), static_cast<std::int32_t>(acc[row][j])) > 0;
      sums[0] += static_cast<double>(hits) / static_cast<double>(rel.size());
    }
  }
  comm.all_reduce(sums, 2, ReduceOp::kSum);
  if (was_training) model.train();
  RecallResult r;
  r.queries = static_cast<std::int64_t>(sums[1]);
  r.recall = r.queries > 0 ? sums[0] / sums[1] : 0.0;
  return r;
}

}  // namespace gensr
