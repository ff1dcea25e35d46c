#include "evaluate/evaluate.h"

#include <cstring>
#include <filesystem>
#include <iomanip>
#include <sstream>

#include "ckpt/checkpoint.h"
#include "data/prepared.h"
#include "decode/topk.h"
#include "dist/communicator.h"
#include "eval/metrics.h"
#include "eval/run_file.h"
#include "model/t5.h"
#include "model/t5_config.h"
#include "util/atomic_file.h"
#include "util/error.h"
#include "util/provenance.h"

namespace gensr {

namespace {

template <class T>
void put(std::string& buf, const T& x) {
  buf.append(reinterpret_cast<const char*>(&x), sizeof x);
}
template <class T>
T take(const std::string& buf, std::size_t& pos) {
  T x;
  std::memcpy(&x, buf.data() + pos, sizeof x);
  pos += sizeof x;
  return x;
}

std::string fixed(double x) {
  std::ostringstream s;
  s << std::fixed << std::setprecision(4) << x;
  return s.str();
}

}  // namespace

nlohmann::json evaluate_checkpoint(const EvalOptions& opt, Communicator& comm) {
  if (opt.task != "rec" && opt.task != "search")
    throw UsageError("--task must be rec or search, got '" + opt.task + "'");
  if (opt.split != "test" && opt.split != "valid")
    throw UsageError("--split must be test or valid, got '" + opt.split + "'");
  if (opt.k < 1) throw UsageError("--k must be at least 1");
  const PreparedData data = read_prepared(opt.data);
  const CheckpointMeta meta = read_checkpoint_meta(opt.checkpoint);
  check_fingerprint(opt.checkpoint, meta, data.fingerprint);
  if (opt.k > data.num_items())
    throw UsageError("--k " + std::to_string(opt.k) + " is larger than the catalogue (" +
                     std::to_string(data.num_items()) + " items)");

  T5 model(t5_config_from_hf_json(nlohmann::json::parse(meta.model_config_json),
                                  opt.checkpoint + ":/config"));
  load_model(opt.checkpoint, *model);
  model->eval();

  const std::vector<EvalQuery> queries =
      data.eval_queries(opt.task == "rec" ? Task::kRec : Task::kSearch,
                        opt.split == "test" ? Split::kTest : Split::kValid);
  const std::int64_t batches =
      (static_cast<std::int64_t>(queries.size()) + opt.batch_size - 1) / opt.batch_size;
  std::string mine;
  for (std::int64_t b = comm.rank(); b < batches; b += comm.size()) {
    const std::size_t begin = static_cast<std::size_t>(b * opt.batch_size);
    const std::size_t end =
        std::min(queries.size(), begin + static_cast<std::size_t>(opt.batch_size));
    std::vector<std::vector<std::int32_t>> inputs;
    for (std::size_t q = begin; q < end; ++q) inputs.push_back(queries[q].input);
    const auto top =
        top_k_items(*model, inputs, data.item_offset, data.num_items(), opt.k, opt.bf16);
    for (std::size_t i = 0; i < top.size(); ++i) {
      put(mine, static_cast<std::int64_t>(begin + i));
      for (const auto& s : top[i]) {
        put(mine, s.item);
        put(mine, s.score);
      }
    }
  }
  const std::vector<std::string> parts = comm.gather(mine, 0);
  if (comm.rank() != 0) return nlohmann::json::object();

  std::vector<std::vector<ScoredItem>> ranked(queries.size());
  for (const auto& part : parts) {
    std::size_t pos = 0;
    while (pos < part.size()) {
      const auto q = take<std::int64_t>(part, pos);
      for (std::int64_t j = 0; j < opt.k; ++j) {
        const auto item = take<std::int32_t>(part, pos);
        ranked[q].push_back({item, take<double>(part, pos)});
      }
    }
  }

  std::filesystem::create_directories(opt.out);
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
  write_run(opt.out + "/run.trec", run, "gensr");
  write_qrels(opt.out + "/qrels.trec", qrels);

  const auto& popularity = opt.task == "rec" ? data.popularity_rec : data.popularity_search;
  const std::vector<SliceScores> slices =
      score_slices(scored, head_items(popularity), static_cast<int>(opt.k));
  {
    AtomicTextFile f(opt.out + "/per_query.tsv");
    f.out() << "slice\tquery_id\trecall\tndcg\tmrr\n";
    for (int s = 0; s < 3; ++s)
      for (std::size_t i = 0; i < slices[s].per_query.size(); ++i) {
        const auto& m = slices[s].per_query[i];
        f.out() << slice_name(static_cast<Slice>(s)) << '\t' << slices[s].query_ids[i] << '\t'
                << m.recall << '\t' << m.ndcg << '\t' << m.mrr << '\n';
      }
    f.commit();
  }
  nlohmann::json summary = provenance("gensr-eval-summary", 1);
  summary["checkpoint"] = opt.checkpoint;
  summary["data"] = opt.data;
  summary["data_fingerprint"] = data.fingerprint;
  summary["task"] = opt.task;
  summary["split"] = opt.split;
  summary["k"] = opt.k;
  summary["decoding"] = "topk";
  summary["ranks"] = comm.size();
  std::ostringstream md;
  md << "| slice | queries | Recall@" << opt.k << " | NDCG@" << opt.k << " | MRR@" << opt.k
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
  write_file_atomic(opt.out + "/summary.json", summary.dump(2) + "\n");
  write_file_atomic(opt.out + "/summary.md", md.str());
  return summary;
}

}  // namespace gensr
