#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "eval/run_file.h"

namespace gensr {

// The rankings a TREC run gives a known set of queries, as item indices.
struct RunRankings {
  std::vector<std::vector<std::int32_t>> items;  // per query, best first
  std::vector<std::vector<double>> scores;       // the run's scores, same order
};

// Orders each query's entries as trec_eval does (score descending, ties by docno descending)
// and maps ids to indices: `query_ids` are the evaluated queries (their order is kept),
// `item_ids` the catalogue. A query or item id that is not among them, or an item listed twice
// for one query, is an InputError naming `path` and the entry's line; `queries_what` says which
// query set was expected (e.g. "the test queries of task rec"). Queries absent from the run get
// empty rankings.
RunRankings rank_run(const std::vector<RunEntry>& run, const std::string& path,
                     const std::vector<std::string>& query_ids,
                     const std::vector<std::string>& item_ids, const std::string& queries_what);

}  // namespace gensr
