#include "eval/analyse.h"

#include <filesystem>
#include <fstream>

#include "data/prepared.h"
#include "eval/prediction_analysis.h"
#include "eval/report.h"
#include "eval/run_ranking.h"
#include "util/atomic_file.h"
#include "util/error.h"
#include "util/provenance.h"

namespace gensr {

namespace {

std::string run_path(const std::string& path) {
  return std::filesystem::is_directory(path) ? path + "/run.trec" : path;
}

// The K of an evaluation folder's summary.json, 0 when there is none.
std::int64_t summary_k(const std::string& path) {
  if (!std::filesystem::is_directory(path)) return 0;
  std::ifstream in(path + "/summary.json");
  if (!in) return 0;
  try {
    return nlohmann::json::parse(in).value("k", std::int64_t{0});
  } catch (const nlohmann::json::exception& e) {
    throw InputError(path + "/summary.json", 0, "json", e.what());
  }
}

// Items grouped by user training sequence: each sequence's items up to its last training
// target (the last two items are never in training).
std::vector<std::vector<std::int32_t>> rec_training_groups(const PreparedData& d) {
  std::vector<std::int32_t> last(d.seq_users.size(), -1);
  for (const auto& r : d.rec_train) last[r.seq] = std::max(last[r.seq], r.end);
  std::vector<std::vector<std::int32_t>> groups;
  for (std::size_t s = 0; s < last.size(); ++s) {
    if (last[s] < 0) continue;
    const auto begin = d.seq_items.begin() + d.seq_offsets[s];
    groups.emplace_back(begin, begin + last[s] + 1);
  }
  return groups;
}

// Items grouped by training query: its relevant items.
std::vector<std::vector<std::int32_t>> search_training_groups(const PreparedData& d) {
  std::vector<std::vector<std::int32_t>> groups(d.query_ids.size());
  for (const auto& s : d.search_train) groups[s.query].push_back(s.item);
  return groups;
}

}  // namespace

nlohmann::json analyse_runs(const AnalyseOptions& opt) {
  const Task task = parse_task(opt.task);
  const Split split = parse_eval_split(opt.split);
  const bool rec = task == Task::kRec;
  std::int64_t k = opt.k > 0 ? opt.k : summary_k(opt.joint);
  if (k < 1) throw UsageError("--k is needed when --joint is not an eval output folder");
  const PreparedData data = read_prepared(opt.data);
  const std::vector<EvalQuery> queries = data.eval_queries(task, split);
  std::vector<std::string> ids;
  for (const auto& q : queries) ids.push_back(q.id);
  const std::string what = "the " + opt.split + " queries of task " + opt.task + " in " + opt.data;
  const std::string joint_file = run_path(opt.joint), single_file = run_path(opt.single);
  const RunRankings joint = rank_run(read_run(joint_file), joint_file, ids, data.item_ids, what);
  const RunRankings single = rank_run(read_run(single_file), single_file, ids, data.item_ids, what);

  const std::vector<RecInstance>& rec_instances =
      split == Split::kTest ? data.rec_test : data.rec_valid;
  if (rec && rec_instances.size() != queries.size())
    throw Error("analyse: the rec evaluation queries do not match the rec instances");
  std::vector<AnalysisQuery> analysed(queries.size());
  for (std::size_t i = 0; i < queries.size(); ++i) {
    analysed[i].relevant = queries[i].relevant;
    analysed[i].single = single.items[i];
    analysed[i].joint = joint.items[i];
    if (rec) {
      const auto& r = rec_instances[i];
      const auto begin = data.seq_items.begin() + data.seq_offsets[r.seq];
      analysed[i].history.assign(begin, begin + r.end);
    }
  }
  const ItemGroups rec_groups(rec_training_groups(data), data.num_items());
  const ItemGroups search_groups(search_training_groups(data), data.num_items());
  const PredictionAnalysis a =
      analyse_predictions(rec, analysed, rec_groups, search_groups,
                          rec ? data.popularity_search : data.popularity_rec, static_cast<int>(k));

  nlohmann::json out = provenance("gensr-eval-analysis", 1);
  out["joint"] = opt.joint;
  out["single"] = opt.single;
  out["data"] = opt.data;
  out["data_fingerprint"] = data.fingerprint;
  out["task"] = opt.task;
  out["split"] = opt.split;
  out["k"] = k;
  out["queries"] = queries.size();
  out.update(analysis_json(a, rec));
  std::filesystem::create_directories(opt.out);
  write_file_atomic(opt.out + "/analysis.json", out.dump(2) + "\n");
  write_file_atomic(opt.out + "/analysis.md",
                    "Joint = " + opt.joint + ", single = " + opt.single + ", task " + opt.task +
                        ", K = " + std::to_string(k) + "\n\n" + analysis_markdown(a, rec));
  return out;
}

}  // namespace gensr
