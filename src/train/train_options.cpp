#include "train/train_options.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "data/prepared.h"
#include "util/error.h"

namespace gensr {

void validate(const TrainOptions& o) {
  if (o.out_dir.empty()) throw UsageError("--out: a run directory is required");
  if (o.tasks.empty()) throw UsageError("--tasks: no task to train");
  if (o.epochs <= 0) throw UsageError("--epochs must be positive");
  if (o.batch_size <= 0) throw UsageError("--batch-size must be positive");
  if (o.accumulation <= 0) throw UsageError("--accumulation must be positive");
  if (o.lr <= 0) throw UsageError("--lr must be positive");
  if (o.schedule != "linear" && o.schedule != "constant")
    throw UsageError("--schedule: expected linear or constant, got '" + o.schedule + "'");
  if (o.task_mix >= 0 && !(o.task_mix > 0 && o.task_mix < 1))
    throw UsageError("--task-mix: the share of search instances must lie strictly between 0 and 1");
  if (o.task_mix >= 0 && o.tasks.size() < 2)
    throw UsageError("--task-mix needs training instances of both tasks (--tasks rec,search)");
  if (o.max_per_item < 0) throw UsageError("--max-per-item must be >= 0");
  if (!o.max_per_item_tasks.empty() && o.max_per_item == 0)
    throw UsageError(
        "--max-per-item-tasks names the tasks --max-per-item caps: give --max-per-item");
  for (Task t : o.max_per_item_tasks)
    if (std::find(o.tasks.begin(), o.tasks.end(), t) == o.tasks.end())
      throw UsageError(std::string("--max-per-item-tasks: ") + task_name(t) +
                       " is not a trained task (--tasks " + tasks_string(o.tasks) + ")");
  if (o.eval_k <= 0) throw UsageError("--eval-k must be positive");
  if (o.valid_queries_per_batch <= 0)
    throw UsageError("--valid-queries-per-batch must be positive");
  if (o.log_every <= 0) throw UsageError("--log-every must be positive");
  if (o.dropout < 0 || o.dropout >= 1) throw UsageError("--dropout must be in [0, 1)");
  if (o.label_smoothing < 0 || o.label_smoothing >= 1)
    throw UsageError("--label-smoothing must be in [0, 1)");
  if (o.embedding_init_std < 0) throw UsageError("--embedding-init-std must be >= 0");
  if (!(o.position_bias_lr_scale > 0))
    throw UsageError("--position-bias-lr-scale must be positive");
  if (!(o.embedding_lr_scale > 0)) throw UsageError("--embedding-lr-scale must be positive");
  if (o.dtype != "float32" && o.dtype != "float64")
    throw UsageError("--dtype: expected float32 or float64, got '" + o.dtype + "'");
  if (o.dtype == "float64" && o.bf16) throw UsageError("--bf16 needs --dtype float32");
  if (!(o.bucket_mb > 0)) throw UsageError("--bucket-mb must be positive");
  if (!o.init_from.empty() && (o.model_given || !o.model_config.empty()))
    throw UsageError("--init-from takes the model sizes from " + o.init_from +
                     "/config.json; drop --model / --model-config");
  if (!o.init_from.empty() && (o.tie_embeddings || o.embedding_init_std > 0))
    throw UsageError(
        "--tie-embeddings and --embedding-init-std shape a model trained from scratch; "
        "--init-from takes both from the imported model");
  if (o.arch != "t5" && o.arch != "sasrec")
    throw UsageError("--arch: expected t5 or sasrec, got '" + o.arch + "'");
  if (o.arch == "sasrec") {
    // SASRec reads item histories only: it has no text input to answer queries with.
    if (o.tasks != std::vector<Task>{Task::kRec})
      throw UsageError("--arch sasrec trains recommendation only: use --tasks rec");
    if (o.model_given)
      throw UsageError(
          "--model sets a T5's sizes; SASRec's are --sasrec-hidden, --sasrec-blocks and "
          "--sasrec-heads");
    if (!o.init_from.empty() || !o.model_config.empty())
      throw UsageError(
          "--arch sasrec: --init-from and --model-config describe a T5; SASRec's "
          "sizes are --sasrec-hidden, --sasrec-blocks and --sasrec-heads");
    if (o.recipe != "paper")
      throw UsageError("--recipe shapes the generative T5; SASRec takes its own options");
  }
}

void validate(const TrainOptions& o, const PreparedData& data) {
  validate(o);
  for (Task t : o.tasks) {
    const bool empty = t == Task::kRec ? data.rec_train.empty() : data.search_train.empty();
    if (empty)
      throw UsageError(std::string("--tasks: the prepared data has no ") + task_name(t) +
                       " training instances");
  }
}

std::string tasks_string(const std::vector<Task>& tasks) {
  std::string s;
  for (Task t : tasks) s += (s.empty() ? "" : ",") + std::string(task_name(t));
  return s;
}

nlohmann::json to_json(const TrainOptions& o) {
  return {{"data", o.data_dir},
          {"out", o.out_dir},
          {"tasks", tasks_string(o.tasks)},
          {"model", o.model},
          {"model_config", o.model_config},
          {"init_from", o.init_from},
          {"recipe", o.recipe},
          {"tie_embeddings", o.tie_embeddings},
          {"embedding_init_std", o.embedding_init_std},
          {"label_smoothing", o.label_smoothing},
          {"position_bias_lr_scale", o.position_bias_lr_scale},
          {"embedding_lr_scale", o.embedding_lr_scale},
          {"epochs", o.epochs},
          {"batch_size", o.batch_size},
          {"accumulation", o.accumulation},
          {"lr", o.lr},
          {"beta1", o.beta1},
          {"beta2", o.beta2},
          {"eps", o.eps},
          {"weight_decay", o.weight_decay},
          {"schedule", o.schedule},
          {"warmup_steps", o.warmup_steps},
          {"clip_norm", o.clip_norm},
          {"dropout", o.dropout},
          {"seed", o.seed},
          {"threads", o.threads},
          {"bf16", o.bf16},
          {"dtype", o.dtype},
          {"device", o.device},
          {"bucket_mb", o.bucket_mb},
          {"max_per_item", o.max_per_item},
          // "all" whether the capped tasks were left out or all named, so neither a change of
          // --tasks nor spelling the default out refuses a resume.
          {"max_per_item_tasks",
           o.max_per_item_tasks.empty() || o.max_per_item_tasks.size() >= o.tasks.size()
               ? std::string("all")
               : tasks_string(o.max_per_item_tasks)},
          {"task_mix", o.task_mix < 0 ? nlohmann::json("natural") : nlohmann::json(o.task_mix)},
          {"eval_k", o.eval_k},
          {"valid_queries_per_batch", o.valid_queries_per_batch},
          {"checkpoint_every", o.checkpoint_every},
          {"keep_checkpoints", o.keep_checkpoints},
          {"log_every", o.log_every},
          {"max_steps", o.max_steps},
          {"arch", o.arch},
          {"sasrec", o.arch != "sasrec" ? nlohmann::json()
                                        : nlohmann::json{{"hidden", o.sasrec_hidden},
                                                         {"blocks", o.sasrec_blocks},
                                                         {"heads", o.sasrec_heads}}}};
}

}  // namespace gensr
