#include "train/validation.h"

#include <algorithm>

#include <torch/nn/module.h>

#include "data/prepared.h"
#include "decode/decoder.h"
#include "decode/rank_queries.h"
#include "dist/communicator.h"
#include "eval/metrics.h"
#include "model/retrieval_model.h"

namespace gensr {

RecallResult recall_at_k(RetrievalModel& model, const PreparedData& data,
                         const std::vector<EvalQuery>& queries, std::int64_t k,
                         std::int64_t queries_per_batch, bool bf16, Communicator& comm) {
  const bool was_training = model.module().is_training();
  model.module().eval();
  const std::int64_t top = std::min<std::int64_t>(k, data.num_items());
  // topk is the exact answer of constrained decoding only for atomic IDs; for semantic IDs a
  // constrained beam of width K returns K distinct valid items.
  const std::unique_ptr<Decoder> decoder =
      make_decoder({data.semantic_ids() ? "beam" : "topk", top, false, false}, item_ids_of(data));
  const std::vector<DecodedItems> ranked =
      rank_queries(model, *decoder, queries, comm, {queries_per_batch, bf16, 0});
  double sums[2] = {0, static_cast<double>(queries.size())};  // recall sum, queries
  if (comm.rank() == 0)
    for (std::size_t q = 0; q < queries.size(); ++q) {
      std::vector<std::int32_t> items;
      for (const ScoredItem& s : ranked[q].items) items.push_back(s.item);
      sums[0] += score_ranking(items, queries[q].relevant, static_cast<int>(top)).recall;
    }
  comm.broadcast(sums, sizeof sums, 0);
  if (was_training) model.module().train();
  RecallResult r;
  r.queries = static_cast<std::int64_t>(sums[1]);
  r.recall = r.queries > 0 ? sums[0] / sums[1] : 0.0;
  return r;
}

}  // namespace gensr
