#pragma once

#include <cstdint>
#include <vector>

#include "data/prepared.h"
#include "decode/decoding.h"

namespace gensr {

class Communicator;
class Decoder;
class RetrievalModel;

struct RankOptions {
  std::int64_t queries_per_batch = 256;  // queries decoded together; the unit dealt to ranks
  bool bf16 = false;                     // bf16 autocast
  int root = 0;                          // the rank that gets the results
};

// Decodes `queries` with `decoder` over every rank of `comm`: the queries are cut into fixed
// batches of opt.queries_per_batch, batch b goes to rank b mod n (so the results do not depend on
// the number of ranks), each batch is decoded through make_scorer(model, inputs), and the results
// are gathered on opt.root with a typed gather. Returns there one DecodedItems per query, in
// query order; {} on the other ranks. Used by gensr-eval and by the trainer's validation.
std::vector<DecodedItems> rank_queries(RetrievalModel& model, const Decoder& decoder,
                                       const std::vector<EvalQuery>& queries, Communicator& comm,
                                       const RankOptions& opt = {});

}  // namespace gensr
