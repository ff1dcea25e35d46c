#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

namespace gensr {

class Communicator;

struct EvalOptions {
  std::string checkpoint;
  std::string data;  // prepared folder
  std::string task;  // rec | search
  std::string split = "test";
  std::int64_t k = 10;
  std::string decoding = "topk";  // topk | beam | diverse (DESIGN.md "Decoding")
  std::int64_t batch_size = 256;
  bool bf16 = false;
  std::string out;  // output folder (written by rank 0)
};

// Evaluates one checkpoint on one task and split: loads the model (refusing a checkpoint made
// from other prepared data), shards the queries over the ranks in whole fixed batches (batch b
// to rank b mod n, so results do not depend on the number of ranks), decodes the top-K items,
// gathers on rank 0 and writes there (beam and diverse decoding may return fewer than K
// distinct valid items; the summary counts them and what was dropped): run.trec (TREC run, strictly
// decreasing scores), qrels.trec, per_query.tsv, summary.json and summary.md (Recall/NDCG/MRR@K for
// All, Head and Torso). Returns the summary on rank 0 (an empty object elsewhere).
nlohmann::json evaluate_checkpoint(const EvalOptions& opt, Communicator& comm);

}  // namespace gensr
