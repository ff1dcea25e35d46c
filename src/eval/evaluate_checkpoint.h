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
  std::string decoding = "topk";         // topk | beam | diverse (DESIGN.md "Decoding")
  std::int64_t queries_per_batch = 256;  // decoded together; the unit dealt to ranks
  bool fill_to_k = true;  // top short beam/diverse lists up to K from the exact top-K
  // rec, topk: never return an item of the user's sequence before the target (as the Pop-nohist
  // and transition baselines do; a MovieLens user rates a movie once).
  bool exclude_history = false;
  bool bf16 = false;
  std::string device = "auto";  // auto | cpu | cuda | cuda:N (model/device.h)
  std::string out;              // output folder (written by rank 0)
};

// Evaluates one checkpoint on one task and split: loads the model (refusing a checkpoint made
// from other prepared data; opt.checkpoint may also be an exported HF folder of the data's
// items) onto opt.device, shards the queries over the ranks in whole fixed
// batches (batch b to rank b mod n, so results do not depend on the number of ranks), decodes the
// top-K items, gathers on rank 0 and writes there (beam and diverse decoding may return fewer than
// K distinct valid items; unless fill_to_k is off they are topped up from the exact top-K, and the
// summary counts what was dropped and filled): run.trec (TREC run, strictly decreasing scores),
// qrels.trec, per_query.tsv, summary.json and summary.md (Recall/NDCG/MRR@K for All, Head and
// Torso). Returns the summary on rank 0 (an empty object elsewhere).
nlohmann::json evaluate_checkpoint(const EvalOptions& opt, Communicator& comm);

// Evaluates every RUN_DIR/checkpoints/step-N.h5 of the run directory opt.checkpoint into
// opt.out/step-N and writes opt.out/curve.tsv (step, then Recall/NDCG/MRR of All); returns the
// TSV text on rank 0.
std::string evaluate_learning_curve(const EvalOptions& opt, Communicator& comm);

}  // namespace gensr
