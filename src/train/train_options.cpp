#include "train/train_options.h"

#include <nlohmann/json.hpp>

namespace gensr {

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
          {"task_mix", o.task_mix < 0 ? nlohmann::json("natural") : nlohmann::json(o.task_mix)},
          {"eval_k", o.eval_k},
          {"eval_batch_size", o.eval_batch_size},
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
