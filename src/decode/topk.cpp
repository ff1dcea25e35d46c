#include "decode/topk.h"

#include <cmath>
#include <limits>

#include <ATen/ATen.h>
#include <torch/autograd.h>

#include "decode/model_scorer.h"
#include "decode/next_token_scorer.h"
#include "model/t5_retrieval.h"
#include "util/error.h"

namespace gensr {

std::vector<std::vector<ScoredItem>> top_k_items(
    NextTokenScorer& scorer, std::int64_t item_offset, std::int64_t num_items, std::int64_t k,
    const std::vector<std::vector<std::int32_t>>* exclude) {
  if (k > num_items)
    throw UsageError("K = " + std::to_string(k) + " is larger than the catalogue (" +
                     std::to_string(num_items) + " items)");
  std::vector<std::vector<ScoredItem>> out;
  const std::int64_t queries = scorer.num_queries();
  if (queries == 0) return out;
  torch::NoGradGuard no_grad;
  at::Tensor logp = scorer.item_log_probs(item_offset, num_items);
  if (exclude != nullptr) {
    std::vector<std::int64_t> rows, cols;
    for (std::size_t b = 0; b < exclude->size(); ++b)
      for (std::int32_t item : (*exclude)[b]) {
        rows.push_back(static_cast<std::int64_t>(b));
        cols.push_back(item);
      }
    const auto index = [&](std::vector<std::int64_t>& v) {
      return at::tensor(v, at::kLong).to(logp.device());
    };
    if (!rows.empty())
      logp = logp.index_put(
          {index(rows), index(cols)},
          at::scalar_tensor(-std::numeric_limits<double>::infinity(), logp.options()));
  }
  const auto best = logp.topk(k, /*dim=*/1, /*largest=*/true, /*sorted=*/true);
  // One copy of the K best per query to the host.
  const at::Tensor values = std::get<0>(best).to(at::kCPU, at::kDouble).contiguous();
  const at::Tensor index = std::get<1>(best).to(at::kCPU).contiguous();
  const double* v = values.data_ptr<double>();
  const std::int64_t* ix = index.data_ptr<std::int64_t>();
  out.resize(static_cast<std::size_t>(queries));
  for (std::int64_t b = 0; b < queries; ++b)
    for (std::int64_t j = 0; j < k; ++j)
      if (std::isfinite(v[b * k + j]))  // excluded items score -inf
        out[b].push_back({static_cast<std::int32_t>(ix[b * k + j]), v[b * k + j]});
  return out;
}

std::vector<std::vector<ScoredItem>> top_k_items(
    RetrievalModel& model, const std::vector<std::vector<std::int32_t>>& inputs,
    std::int64_t item_offset, std::int64_t num_items, std::int64_t k, bool bf16,
    const std::vector<std::vector<std::int32_t>>* exclude) {
  if (k > num_items)
    throw UsageError("K = " + std::to_string(k) + " is larger than the catalogue (" +
                     std::to_string(num_items) + " items)");
  if (inputs.empty()) return {};
  const auto scorer = make_scorer(model, inputs, bf16);
  return top_k_items(*scorer, item_offset, num_items, k, exclude);
}

std::vector<std::vector<ScoredItem>> top_k_items(
    T5Impl& model, const std::vector<std::vector<std::int32_t>>& inputs, std::int64_t item_offset,
    std::int64_t num_items, std::int64_t k, bool bf16) {
  // A non-owning view: the caller owns the model for the length of the call.
  T5Retrieval view(T5(std::shared_ptr<T5Impl>(&model, [](T5Impl*) {})));
  return top_k_items(view, inputs, item_offset, num_items, k, bf16);
}

}  // namespace gensr
