#pragma once

#include <map>
#include <string>

#include "eval/metrics.h"

namespace gensr {

// A per_query.tsv of gensr-eval (`slice query_id recall ndcg mrr`): slice -> query -> metrics.
using PerQueryTable = std::map<std::string, std::map<std::string, QueryMetrics>>;

// Reads one; a malformed line or a query listed twice in a slice is an InputError with the line.
PerQueryTable read_per_query_tsv(const std::string& path);

}  // namespace gensr
