#include "eval/evaluate_checkpoint.h"

#include <algorithm>
#include <filesystem>
#include <sstream>

#include "ckpt/checkpoint.h"
#include "ckpt/exported_model.h"
#include "ckpt/run_dir.h"
#include "data/prepared.h"
#include "decode/decoder.h"
#include "decode/rank_queries.h"
#include "dist/communicator.h"
#include "eval/report.h"
#include "model/device.h"
#include "model/retrieval_model.h"
#include "model/t5_retrieval.h"
#include "util/atomic_file.h"
#include "util/error.h"
#include "util/provenance.h"

namespace gensr {

namespace {

// The model of a checkpoint file, or of an HF folder as gensr-eval export writes, with its
// parameters; either must be of `data` (same prepared data, or for a folder the same items).
std::shared_ptr<RetrievalModel> load_eval_model(const std::string& path, const PreparedData& data) {
  if (is_hf_folder(path)) return std::make_shared<T5Retrieval>(load_exported_t5(path, data));
  const CheckpointMeta meta = read_checkpoint_meta(path);
  check_fingerprint(path, meta, data.fingerprint);
  std::shared_ptr<RetrievalModel> model =
      model_from_config_json(nlohmann::json::parse(meta.model_config_json), path + ":/config");
  load_model(path, model->module());
  return model;
}

}  // namespace

nlohmann::json evaluate_checkpoint(const EvalOptions& opt, Communicator& comm) {
  const Task task = parse_task(opt.task);
  const Split split = parse_eval_split(opt.split);
  const Decoding decoding = parse_decoding(opt.decoding);
  if (opt.k < 1) throw UsageError("--k must be at least 1");
  if (opt.queries_per_batch < 1) throw UsageError("--queries-per-batch must be at least 1");
  const c10::Device device = resolve_device(opt.device, comm.local_rank());
  const PreparedData data = read_prepared(opt.data);
  check_decoding(decoding, opt.k, data.num_items());

  const std::shared_ptr<RetrievalModel> model = load_eval_model(opt.checkpoint, data);
  // Beam searches walk a decoder; a reference recommender only scores the next item.
  auto* t5 = dynamic_cast<T5Retrieval*>(model.get());
  if (t5 == nullptr && task != Task::kRec)
    throw UsageError(opt.checkpoint + " is a " + model->arch() +
                     " recommender: it reads item histories and cannot answer --task " + opt.task);
  if (t5 == nullptr && decoding != Decoding::kTopK)
    throw UsageError(opt.checkpoint + " is a " + model->arch() + " recommender: --decoding " +
                     opt.decoding +
                     " needs a generative T5; use --decoding topk (one item is "
                     "one step for it, so topk is its exact answer)");
  if (opt.exclude_history && (task != Task::kRec || decoding != Decoding::kTopK))
    throw UsageError("--exclude-history needs --task rec and --decoding topk");
  const std::unique_ptr<Decoder> decoder =
      make_decoder({opt.decoding, opt.k, opt.fill_to_k, opt.exclude_history}, item_ids_of(data));
  model->module().to(device);
  model->module().eval();

  const std::vector<EvalQuery> queries = data.eval_queries(task, split);
  const std::vector<DecodedItems> decoded =
      rank_queries(*model, *decoder, queries, comm, {opt.queries_per_batch, opt.bf16, 0});
  if (comm.rank() != 0) return nlohmann::json::object();

  std::vector<std::vector<ScoredItem>> ranked;
  std::int64_t not_items = 0, repeats = 0, filled = 0, short_queries = 0, items = 0;
  for (const DecodedItems& d : decoded) {
    not_items += d.not_items;
    repeats += d.repeats;
    filled += d.filled;
    const auto count = static_cast<std::int64_t>(d.items.size());
    if (count < opt.k) ++short_queries;
    items += count;
    ranked.push_back(d.items);
  }

  nlohmann::json summary = provenance("gensr-eval-summary", 1);
  summary["checkpoint"] = opt.checkpoint;
  summary["data"] = opt.data;
  summary["split"] = opt.split;
  summary["decoding"] = decoder->name();
  summary["exclude_history"] = opt.exclude_history;
  summary["ranks"] = comm.size();
  summary["device"] = device.str();  // rank 0's
  summary["distinct_items"] = {
      {"mean_per_query", queries.empty() ? 0.0 : static_cast<double>(items) / queries.size()},
      {"queries_with_fewer_than_k", short_queries},
      {"dropped_hypotheses_not_items", not_items},
      {"dropped_repeated_items", repeats},
      {"filled_from_topk", filled}};
  return write_eval_report(opt.out, data, task, queries, ranked, static_cast<int>(opt.k),
                           std::move(summary));
}

std::string evaluate_learning_curve(const EvalOptions& opt, Communicator& comm) {
  if (!std::filesystem::is_directory(opt.checkpoint))
    throw UsageError("--all-checkpoints needs a run directory, got " + opt.checkpoint);
  const RunDir run(opt.checkpoint);
  const std::vector<std::int64_t> steps = run.step_checkpoints();
  if (steps.empty())
    throw InputError(run.checkpoints_path(), 0, "file", "no step-N.h5 checkpoints");
  std::ostringstream tsv;
  tsv << "step\trecall\tndcg\tmrr\n";
  for (const std::int64_t step : steps) {
    EvalOptions one = opt;
    one.checkpoint = run.step_checkpoint_path(step);
    one.out = opt.out + "/step-" + std::to_string(step);
    const nlohmann::json summary = evaluate_checkpoint(one, comm);
    if (comm.rank() != 0) continue;
    const auto& all = summary["metrics"]["all"];
    tsv << step << '\t' << all["recall"].get<double>() << '\t' << all["ndcg"].get<double>() << '\t'
        << all["mrr"].get<double>() << '\n';
  }
  if (comm.rank() != 0) return {};
  write_file_atomic(opt.out + "/curve.tsv", tsv.str());
  return tsv.str();
}

}  // namespace gensr
