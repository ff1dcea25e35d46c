#include "eval/run_ranking.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "util/error.h"

namespace gensr {

RunRankings rank_run(const std::vector<RunEntry>& run, const std::string& path,
                     const std::vector<std::string>& query_ids,
                     const std::vector<std::string>& item_ids, const std::string& queries_what) {
  std::unordered_map<std::string, std::size_t> query_index, item_index;
  for (std::size_t i = 0; i < query_ids.size(); ++i) query_index.emplace(query_ids[i], i);
  for (std::size_t i = 0; i < item_ids.size(); ++i) item_index.emplace(item_ids[i], i);

  std::vector<std::vector<const RunEntry*>> per_query(query_ids.size());
  std::vector<std::unordered_set<std::string>> seen(query_ids.size());
  for (const RunEntry& e : run) {
    const auto q = query_index.find(e.query);
    if (q == query_index.end())
      throw InputError(path, e.line, "qid", "'" + e.query + "' is not one of " + queries_what);
    if (!item_index.count(e.item))
      throw InputError(path, e.line, "docid", "'" + e.item + "' is not an item of the data");
    if (!seen[q->second].insert(e.item).second)
      throw InputError(path, e.line, "docid",
                       "'" + e.item + "' is listed twice for query '" + e.query + "'");
    per_query[q->second].push_back(&e);
  }
  RunRankings out;
  out.items.resize(query_ids.size());
  out.scores.resize(query_ids.size());
  for (std::size_t q = 0; q < per_query.size(); ++q) {
    auto& entries = per_query[q];
    std::sort(entries.begin(), entries.end(), [](const RunEntry* a, const RunEntry* b) {
      if (a->score != b->score) return a->score > b->score;
      return a->item > b->item;
    });
    for (const RunEntry* e : entries) {
      out.items[q].push_back(static_cast<std::int32_t>(item_index.at(e->item)));
      out.scores[q].push_back(e->score);
    }
  }
  return out;
}

}  // namespace gensr
