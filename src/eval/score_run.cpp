#include "eval/score_run.h"

#include "data/prepared.h"
#include "eval/report.h"
#include "eval/run_ranking.h"
#include "util/error.h"
#include "util/provenance.h"

namespace gensr {

nlohmann::json score_run_file(const ScoreRunOptions& opt) {
  const Task task = parse_task(opt.task);
  const Split split = parse_eval_split(opt.split);
  if (opt.k < 1) throw UsageError("--k must be at least 1");
  const PreparedData data = read_prepared(opt.data);
  const std::vector<EvalQuery> queries = data.eval_queries(task, split);
  std::vector<std::string> ids;
  for (const auto& q : queries) ids.push_back(q.id);
  const RunRankings rankings =
      rank_run(read_run(opt.run), opt.run, ids, data.item_ids,
               "the " + opt.split + " queries of task " + opt.task + " in " + opt.data);
  std::vector<std::vector<ScoredItem>> ranked(queries.size());
  for (std::size_t q = 0; q < queries.size(); ++q)
    for (std::size_t r = 0; r < rankings.items[q].size() && r < static_cast<std::size_t>(opt.k);
         ++r)
      ranked[q].push_back({rankings.items[q][r], rankings.scores[q][r]});

  nlohmann::json summary = provenance("gensr-eval-summary", 1);
  summary["run"] = opt.run;
  summary["data"] = opt.data;
  summary["split"] = opt.split;
  summary["decoding"] = "run file";
  return write_eval_report(opt.out, data, task, queries, ranked, static_cast<int>(opt.k),
                           std::move(summary));
}

}  // namespace gensr
