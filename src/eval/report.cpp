#include "eval/report.h"

#include <filesystem>
#include <iomanip>
#include <sstream>

#include "eval/metrics.h"
#include "eval/run_file.h"
#include "util/atomic_file.h"
#include "util/error.h"

namespace gensr {

namespace {
std::string fixed(double x) {
  std::ostringstream s;
  s << std::fixed << std::setprecision(4) << x;
  return s.str();
}
}  // namespace

Split parse_eval_split(const std::string& split) {
  if (split == "test") return Split::kTest;
  if (split == "valid") return Split::kValid;
  throw UsageError("--split must be test or valid, got '" + split + "'");
}

nlohmann::json write_eval_report(const std::string& out, const PreparedData& data, Task task,
                                 const std::vector<EvalQuery>& queries,
                                 const std::vector<std::vector<ScoredItem>>& ranked, int k,
                                 nlohmann::json summary) {
  std::filesystem::create_directories(out);
  std::vector<RunEntry> run;
  std::vector<QrelEntry> qrels;
  std::vector<RankedQuery> scored;
  for (std::size_t q = 0; q < queries.size(); ++q) {
    RankedQuery rq{queries[q].id, {}, queries[q].relevant};
    for (std::size_t r = 0; r < ranked[q].size(); ++r) {
      rq.ranked.push_back(ranked[q][r].item);
      run.push_back({queries[q].id, data.item_ids[ranked[q][r].item], static_cast<int>(r + 1),
                     ranked[q][r].score});
    }
    for (auto item : queries[q].relevant) qrels.push_back({queries[q].id, data.item_ids[item], 1});
    scored.push_back(std::move(rq));
  }
  write_run(out + "/run.trec", run, "gensr");
  write_qrels(out + "/qrels.trec", qrels);

  const auto& popularity = task == Task::kRec ? data.popularity_rec : data.popularity_search;
  const std::vector<SliceScores> slices = score_slices(scored, head_items(popularity), k);
  {
    AtomicTextFile f(out + "/per_query.tsv");
    f.out() << "slice\tquery_id\trecall\tndcg\tmrr\n";
    for (int s = 0; s < 3; ++s)
      for (std::size_t i = 0; i < slices[s].per_query.size(); ++i) {
        const auto& m = slices[s].per_query[i];
        f.out() << slice_name(static_cast<Slice>(s)) << '\t' << slices[s].query_ids[i] << '\t'
                << m.recall << '\t' << m.ndcg << '\t' << m.mrr << '\n';
      }
    f.commit();
  }
  summary["data_fingerprint"] = data.fingerprint;
  summary["task"] = task_name(task);
  summary["k"] = k;
  std::ostringstream md;
  md << "| slice | queries | Recall@" << k << " | NDCG@" << k << " | MRR@" << k
     << " |\n|---|---|---|---|---|\n";
  for (int s = 0; s < 3; ++s) {
    const auto& sl = slices[s];
    const std::string name = slice_name(static_cast<Slice>(s));
    summary["metrics"][name] = {{"queries", sl.per_query.size()},
                                {"recall", sl.mean_recall()},
                                {"ndcg", sl.mean_ndcg()},
                                {"mrr", sl.mean_mrr()}};
    md << "| " << name << " | " << sl.per_query.size() << " | " << fixed(sl.mean_recall()) << " | "
       << fixed(sl.mean_ndcg()) << " | " << fixed(sl.mean_mrr()) << " |\n";
  }
  write_file_atomic(out + "/summary.json", summary.dump(2) + "\n");
  write_file_atomic(out + "/summary.md", md.str());
  return summary;
}

}  // namespace gensr
