#include "train/validation.h"

#include <algorithm>

#include <torch/nn/module.h>

#include "data/prepared.h"
#include "decode/topk.h"
#include "dist/communicator.h"
#include "eval/metrics.h"
#include "model/retrieval_model.h"
#include "train/sampler.h"

namespace gensr {

RecallResult recall_at_k(RetrievalModel& model, const PreparedData& data,
                         const std::vector<EvalQuery>& queries, std::int64_t k,
                         std::int64_t batch_size, bool bf16, Communicator& comm) {
  const bool was_training = model.module().is_training();
  model.module().eval();
  const auto [begin, end] =
      even_slice(static_cast<std::int64_t>(queries.size()), comm.rank(), comm.size());
  const std::int64_t top = std::min<std::int64_t>(k, data.num_items());
  double sums[2] = {0, static_cast<double>(end - begin)};  // recall sum, queries
  for (std::int64_t first = begin; first < end; first += batch_size) {
    const std::int64_t last = std::min(end, first + batch_size);
    std::vector<std::vector<std::int32_t>> inputs;
    for (std::int64_t q = first; q < last; ++q) inputs.push_back(queries[q].input);
    const auto ranked = top_k_items(model, inputs, data.item_offset, data.num_items(), top, bf16);
    for (std::int64_t row = 0; row < last - first; ++row) {
      std::vector<std::int32_t> items;
      for (const ScoredItem& s : ranked[row]) items.push_back(s.item);
      sums[0] += score_ranking(items, queries[first + row].relevant, static_cast<int>(top)).recall;
    }
  }
  comm.all_reduce(sums, 2, ReduceOp::kSum);
  if (was_training) model.module().train();
  RecallResult r;
  r.queries = static_cast<std::int64_t>(sums[1]);
  r.recall = r.queries > 0 ? sums[0] / sums[1] : 0.0;
  return r;
}

}  // namespace gensr
