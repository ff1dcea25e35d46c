#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "data/prepared.h"
#include "data/scored_item.h"

namespace gensr {

// Parses --split of an evaluation: test or valid (UsageError on anything else).
Split parse_eval_split(const std::string& split);

// Writes one evaluation's outputs into `out`: run.trec (strictly decreasing scores), qrels.trec,
// per_query.tsv (slice, query_id, recall, ndcg, mrr) and summary.json + summary.md with
// Recall/NDCG/MRR@K on All, Head and Torso. `ranked[q]` is the ranking of `queries[q]`, best
// first (it may hold fewer than K items). `summary` carries the caller's fields (what was
// evaluated, options); metrics are added and the whole summary is returned.
nlohmann::json write_eval_report(const std::string& out, const PreparedData& data, Task task,
                                 const std::vector<EvalQuery>& queries,
                                 const std::vector<std::vector<ScoredItem>>& ranked, int k,
                                 nlohmann::json summary);

}  // namespace gensr
