#include "eval/per_query_table.h"

#include <fstream>
#include <sstream>

#include "util/error.h"

namespace gensr {

PerQueryTable read_per_query_tsv(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw InputError(path, 0, "file", "cannot open the per-query table");
  std::string line;
  if (!std::getline(in, line) || line.rfind("slice\tquery_id\trecall\tndcg\tmrr", 0) != 0)
    throw InputError(path, 1, "header", "expected `slice query_id recall ndcg mrr`");
  PerQueryTable table;
  long number = 1;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    std::istringstream fields(line);
    std::string slice, query;
    QueryMetrics m;
    if (!(fields >> slice >> query))
      throw InputError(path, number, "line", "expected `slice query_id recall ndcg mrr`");
    if (!(fields >> m.recall)) throw InputError(path, number, "recall", "not a number");
    if (!(fields >> m.ndcg)) throw InputError(path, number, "ndcg", "not a number");
    if (!(fields >> m.mrr)) throw InputError(path, number, "mrr", "not a number");
    if (!table[slice].emplace(query, m).second)
      throw InputError(path, number, "query_id",
                       "'" + query + "' is listed twice in slice " + slice);
  }
  return table;
}

}  // namespace gensr
