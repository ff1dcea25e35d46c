#include "baselines/baseline_run.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <unordered_map>

#include "baselines/item_text.h"
#include "baselines/popularity.h"
#include "baselines/transitions.h"
#include "data/dataset.h"
#include "data/prepared.h"
#include "eval/run_file.h"
#include "util/error.h"
#include "util/provenance.h"

namespace gensr {

namespace {

Task task_of(const std::string& task) {
  if (task == "rec") return Task::kRec;
  if (task == "search") return Task::kSearch;
  throw UsageError("--task must be rec or search, not '" + task + "'");
}

Split split_of(const std::string& split) {
  if (split == "valid") return Split::kValid;
  if (split == "test") return Split::kTest;
  throw UsageError("--split must be valid or test, not '" + split + "'");
}

std::string popularity_task(const BaselineOptions& opt) {
  const std::string p = opt.popularity.empty() ? opt.task : opt.popularity;
  if (p != "rec" && p != "search")
    throw UsageError("--popularity must be rec or search, not '" + p + "'");
  return p;
}

bool removes_history(const BaselineOptions& opt) {
  return opt.task == "rec" && opt.kind != "bm25" && !opt.keep_history;
}

// The dataset folder `gensr-data prepare --data DIR` was given, as PREPARED/options.json says.
std::string recorded_dataset(const std::string& prepared) {
  std::ifstream in(prepared + "/options.json");
  if (!in) return "";
  try {
    const auto j = nlohmann::json::parse(in);
    if (j.contains("data") && j["data"].is_string()) return j["data"].get<std::string>();
  } catch (const nlohmann::json::exception&) {
  }
  return "";
}

// History of a rec instance: the whole sequence before its target, oldest first (not only the
// `max_history` items the model sees: a history item is one whatever its age).
std::vector<std::int32_t> history_of(const PreparedData& d, const RecInstance& r) {
  const auto first = d.seq_items.begin() + d.seq_offsets[static_cast<std::size_t>(r.seq)];
  return std::vector<std::int32_t>(first, first + r.end);
}

std::vector<std::int32_t> sorted_unique(std::vector<std::int32_t> v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

}  // namespace

std::string default_tag(const BaselineOptions& opt) {
  const std::string hist = removes_history(opt) ? "-nohist" : "";
  if (opt.kind == "pop") return (popularity_task(opt) == "rec" ? "Pop_R" : "Pop_S") + hist;
  if (opt.kind == "transitions") return opt.keep_history ? "Transitions+hist" : "Transitions";
  if (opt.kind == "bm25")
    return opt.fill ? std::string("BM25+") + (popularity_task(opt) == "rec" ? "Pop_R" : "Pop_S")
                    : "BM25";
  throw UsageError("unknown baseline '" + opt.kind + "' (pop, transitions or bm25)");
}

nlohmann::json run_baseline(const BaselineOptions& opt) {
  const Task task = task_of(opt.task);
  const Split split = split_of(opt.split);
  const std::string tag = opt.tag.empty() ? default_tag(opt) : opt.tag;
  if (tag.find_first_of(" \t\n") != std::string::npos)
    throw UsageError("--tag must not contain whitespace (TREC run files are space-separated)");
  if (opt.kind == "transitions" && task != Task::kRec)
    throw UsageError("the transition recommender answers rec queries only (--task rec)");
  if (opt.kind == "bm25" && task != Task::kSearch)
    throw UsageError("BM25 needs query text: --task search");
  if (opt.k < 1) throw UsageError("--k must be at least 1");
  if (opt.out.empty()) throw UsageError("--out is required");

  const PreparedData data = read_prepared(opt.data);
  if (opt.k > data.num_items())
    throw UsageError("--k " + std::to_string(opt.k) + " is larger than the catalogue (" +
                     std::to_string(data.num_items()) + " items)");
  const std::size_t k = static_cast<std::size_t>(opt.k);
  const std::string pop_task = popularity_task(opt);
  const PopularityRanker popularity(pop_task == "rec" ? data.popularity_rec
                                                      : data.popularity_search);
  const std::vector<EvalQuery> queries = data.eval_queries(task, split);
  const auto& instances = split == Split::kTest ? data.rec_test : data.rec_valid;
  if (task == Task::kRec && instances.size() != queries.size())
    throw Error("run_baseline: rec evaluation queries and instances disagree");

  nlohmann::json summary = provenance("gensr-baseline-run", 1);
  summary["kind"] = opt.kind;
  summary["tag"] = tag;
  summary["data"] = opt.data;
  summary["fingerprint"] = data.fingerprint;
  summary["task"] = opt.task;
  summary["split"] = opt.split;
  summary["k"] = opt.k;
  summary["popularity"] = pop_task;
  summary["remove_history"] = removes_history(opt);

  std::vector<RankedList> lists(queries.size());
  if (opt.kind == "pop") {
    const RankedList shared = popularity.rank(k);
    for (std::size_t q = 0; q < queries.size(); ++q)
      lists[q] = removes_history(opt)
                     ? popularity.rank(k, sorted_unique(history_of(data, instances[q])))
                     : shared;
  } else if (opt.kind == "transitions") {
    const TransitionCounts counts = TransitionCounts::from_training(data);
    TransitionOptions t;
    t.window = opt.window;
    t.decay = opt.decay;
    t.remove_history = !opt.keep_history;
    for (std::size_t q = 0; q < queries.size(); ++q)
      lists[q] = rank_by_transitions(counts, popularity, history_of(data, instances[q]), k, t);
    summary["transitions"] = {
        {"pairs", counts.total()}, {"window", opt.window}, {"decay", opt.decay}};
  } else if (opt.kind == "bm25") {
    std::string raw_dir = opt.dataset.empty() ? recorded_dataset(opt.data) : opt.dataset;
    if (raw_dir.empty() || !std::filesystem::exists(raw_dir))
      throw UsageError("bm25 needs --dataset RAW, the dataset folder " + opt.data +
                       " was prepared from" +
                       (raw_dir.empty() ? ""
                                        : " (" + raw_dir +
                                              ", recorded in its options.json, "
                                              "does not exist here)"));
    const Dataset raw = read_dataset(raw_dir);
    check_prepared_from(raw, raw_dir, data, opt.data);
    const Bm25Index index(item_documents(raw, data), opt.bm25);
    const std::vector<std::string> texts = query_texts(raw, data);
    std::unordered_map<std::string, std::size_t> query_index;
    for (std::size_t i = 0; i < data.query_ids.size(); ++i) query_index[data.query_ids[i]] = i;
    std::size_t empty = 0;
    for (std::size_t q = 0; q < queries.size(); ++q) {
      lists[q] = index.search(texts[query_index.at(queries[q].id)], k);
      if (lists[q].empty()) ++empty;
      if (opt.fill) popularity.fill(lists[q], k);
    }
    summary["dataset"] = raw_dir;
    summary["bm25"] = {{"k1", opt.bm25.k1},
                       {"b", opt.bm25.b},
                       {"k3", opt.bm25.k3},
                       {"min_normlen", opt.bm25.min_normlen},
                       {"documents", index.num_documents()},
                       {"terms", index.num_terms()},
                       {"average_length", index.average_length()},
                       {"clamped_idf_terms", index.clamped_idf_terms()},
                       {"queries_without_match", empty},
                       {"fill", opt.fill}};
  } else {
    throw UsageError("unknown baseline '" + opt.kind + "' (pop, transitions or bm25)");
  }

  std::vector<RunEntry> entries;
  std::size_t listed = 0;
  for (std::size_t q = 0; q < queries.size(); ++q) {
    for (std::size_t r = 0; r < lists[q].size(); ++r)
      entries.push_back({queries[q].id, data.item_ids[static_cast<std::size_t>(lists[q][r].item)],
                         static_cast<int>(r + 1), lists[q][r].score});
    listed += lists[q].size();
  }
  write_run(opt.out, entries, tag);
  summary["run"] = opt.out;
  summary["queries"] = queries.size();
  summary["mean_items_per_query"] =
      queries.empty() ? 0.0 : static_cast<double>(listed) / static_cast<double>(queries.size());
  return summary;
}

}  // namespace gensr
