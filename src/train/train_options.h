#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "train/sampler.h"

namespace gensr {

struct PreparedData;

// Everything gensr-train resolves from its options. Defaults are the paper's settings with HF
// Trainer's defaults where the paper is silent (DESIGN.md "Training defaults").
struct TrainOptions {
  std::string data_dir;  // PREPARED (recorded in config.json)
  std::string out_dir;   // RUN_DIR
  std::vector<Task> tasks{Task::kRec, Task::kSearch};
  // t5 (the generative model) | sasrec (reference recommender, --tasks rec only; its sizes
  // below, its positions the data's max_history).
  std::string arch = "t5";
  std::int64_t sasrec_hidden = 64;
  std::int64_t sasrec_blocks = 2;
  std::int64_t sasrec_heads = 1;
  std::string model = "tiny";  // preset name (model/t5_config.h)
  // --model was given: it then conflicts with --init-from and --arch sasrec, which set the
  // sizes otherwise (the preset's default name alone does not).
  bool model_given = false;
  std::string model_config;  // HF config.json replacing the preset
  // HF T5 folder (model.safetensors + config.json) to start from instead of a random
  // initialisation; its config.json gives the model sizes. Used only when starting afresh.
  std::string init_from;
  // The named preset the other options started from (train/recipe.h): "paper" or "scratch".
  std::string recipe = "paper";
  // One item/text embedding for the encoder input and the output layer (T5's tied form, whose
  // decoder output is rescaled by d_model^-1/2); from scratch only.
  bool tie_embeddings = false;
  // Standard deviation of the initial embedding (and untied LM head) rows; 0: HF's 1.0 (times
  // initializer_factor). From scratch only.
  double embedding_init_std = 0;
  double label_smoothing = 0;  // of the cross-entropy over the vocabulary
  // Multiplier of the learning rate of T5's relative position biases. From scratch they start
  // near 0 and must grow to several units before attention can pick out a position (the
  // newest history item, next to EOS); at AdamW's ~lr per step that takes thousands of steps.
  double position_bias_lr_scale = 1;
  // Multiplier of the learning rate of the token embedding and the untied LM head. Their rows
  // start at HF's scale 1 and AdamW moves each by ~lr per step, only in steps where its item
  // occurs: a rare item's row barely leaves its random start in a few epochs.
  double embedding_lr_scale = 1;
  std::int64_t epochs = 5;
  std::int64_t batch_size = 128;  // global: over all ranks and accumulation steps
  std::int64_t accumulation = 1;  // micro-batches per optimizer step on each rank
  double lr = 0.002;
  double beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
  double weight_decay = 0.01;       // not on layer-norm weights nor "bias" parameters (HF)
  std::string schedule = "linear";  // linear (to 0) | constant, both after the warm-up
  std::int64_t warmup_steps = 0;
  double clip_norm = 1.0;  // <= 0: no clipping
  double dropout = 0.1;
  std::uint64_t seed = 42;
  int threads = 0;                // intra-op threads (0: LibTorch's choice)
  bool bf16 = false;              // bfloat16 autocast for forward/backward
  std::string dtype = "float32";  // parameter dtype: float32 | float64 (tests of exactness)
  std::string device = "auto";    // auto | cpu | cuda | cuda:N (model/device.h)
  double bucket_mb = 25;          // cap of one gradient all-reduce bucket (MiB)
  std::int64_t fail_at_step = 0;  // fault injection: throw on fail_rank before this step
  std::int64_t kill_at_step = 0;  // fault injection: SIGKILL fail_rank before this step
  int fail_rank = 0;
  std::int64_t max_per_item = 0;         // cap of training instances per target item and task
  std::vector<Task> max_per_item_tasks;  // the tasks max_per_item caps (empty: every task)
  double task_mix = -1;  // share of search instances per epoch of Gen_R+S (< 0: natural mix)
  std::int64_t eval_k = 10;
  std::int64_t valid_queries_per_batch = 256;  // decoded together in validation
  std::int64_t checkpoint_every = 0;           // steps; 0: only at the end of each epoch
  std::int64_t keep_checkpoints = 3;           // step-*.h5 files kept (latest/best are separate)
  std::int64_t log_every = 10;                 // steps between log.jsonl lines and progress lines
  std::int64_t max_steps = 0;        // > 0: stop (with a checkpoint) after this global step
  bool resume = true;                // continue from RUN_DIR/latest.h5 when present
  bool progress = true;              // rank-0 progress line on stderr
  std::string program_options_json;  // the program's resolved options, saved in config.json
};

// The one check of gensr-train's options: throws UsageError naming the option (as gensr-train
// spells it) when a value is out of range or options exclude each other. gensr-train calls it
// right after parsing, before reading any data.
void validate(const TrainOptions& options);
// The same, and every task to train has training instances in `data` (train() calls this).
void validate(const TrainOptions& options, const PreparedData& data);

nlohmann::json to_json(const TrainOptions& opt);
std::string tasks_string(const std::vector<Task>& tasks);

}  // namespace gensr
