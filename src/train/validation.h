#pragma once

#include <cstdint>
#include <vector>

#include "data/prepared.h"

namespace gensr {

class Communicator;
class RetrievalModel;

struct RecallResult {
  double recall = 0;         // mean Recall@K over the queries (0 when there are none)
  std::int64_t queries = 0;  // queries evaluated over all ranks
};

// Recall@K by exact top-K over the item-token logits of the first decoding step, which with
// atomic IDs decides the item (DESIGN.md "Decoding"; SASRec: its next-item logits); with
// semantic IDs by trie-constrained beam search of width K. The queries
// are ranked as gensr-eval ranks them (rank_queries: fixed batches dealt to the ranks, gathered on
// rank 0), rank 0 scores them in query order and broadcasts the result, so every rank gets the
// same result at any number of ranks.
RecallResult recall_at_k(RetrievalModel& model, const PreparedData& data,
                         const std::vector<EvalQuery>& queries, std::int64_t k,
                         std::int64_t queries_per_batch, bool bf16, Communicator& comm);

}  // namespace gensr
