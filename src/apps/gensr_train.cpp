// gensr-train: trains Gen_R, Gen_S or Gen_R+S on a prepared dataset.
#include <iostream>

#include "data/prepared.h"
#include "dist/distributed_main.h"
#include "train/recipe.h"
#include "train/stop_signal.h"
#include "train/trainer.h"
#include "util/error.h"
#include "util/options.h"

namespace {

int run(const std::vector<std::string>& args, gensr::Communicator& comm) {
  namespace po = gensr::po;
  gensr::TrainOptions o;
  std::string data, tasks, recipe, capped_tasks;
  gensr::po::options_description desc("gensr-train options");
  // clang-format off
  desc.add_options()
    ("data", po::value<std::string>(&data)->required(), "prepared dataset folder")
    ("tasks", po::value<std::string>(&tasks)->default_value("rec,search"),
     "rec | search | rec,search (Gen_R, Gen_S, Gen_R+S)")
    ("out", po::value<std::string>(&o.out_dir)->required(),
     "run directory (resumed from its latest.h5 when present)")
    ("arch", po::value<std::string>(&o.arch)->default_value(o.arch),
     "t5 (generative retrieval) | sasrec (reference recommender, --tasks rec only)")
    ("model", po::value<std::string>(&o.model)->default_value(o.model),
     "model size: tiny | flan-t5-small | flan-t5-base")
    ("model-config", po::value<std::string>(&o.model_config),
     "HF config.json giving the model sizes (replaces --model)")
    ("init-from", po::value<std::string>(&o.init_from),
     "HF T5 folder (model.safetensors + config.json) to start from: text rows kept, item rows "
     "mean-initialised; its config.json gives the model sizes (not with --model)")
    ("recipe", po::value<std::string>(&recipe)->default_value("paper"),
     "preset of the options below: paper (the paper's settings) | scratch (chosen on validation "
     "for training from a random start; experiments/recipe); options given explicitly win")
    ("tie-embeddings", po::value<bool>(&o.tie_embeddings)->default_value(o.tie_embeddings)
                           ->implicit_value(true),
     "one embedding for inputs and output layer (T5's tied form); from scratch only")
    ("embedding-init-std", po::value<double>(&o.embedding_init_std)
                               ->default_value(o.embedding_init_std),
     "std of the initial embedding / LM head rows (0: HF's 1.0); from scratch only")
    ("label-smoothing", po::value<double>(&o.label_smoothing)->default_value(o.label_smoothing),
     "label smoothing of the cross-entropy")
    ("embedding-lr-scale", po::value<double>(&o.embedding_lr_scale)
                               ->default_value(o.embedding_lr_scale),
     "multiplier of the learning rate of the token embedding and the untied LM head")
    ("position-bias-lr-scale", po::value<double>(&o.position_bias_lr_scale)
                                   ->default_value(o.position_bias_lr_scale),
     "multiplier of the learning rate of the relative position biases")
    ("sasrec-hidden", po::value<std::int64_t>(&o.sasrec_hidden)->default_value(o.sasrec_hidden),
     "--arch sasrec: hidden size (item and position embeddings, attention, FFN)")
    ("sasrec-blocks", po::value<std::int64_t>(&o.sasrec_blocks)->default_value(o.sasrec_blocks),
     "--arch sasrec: self-attention blocks")
    ("sasrec-heads", po::value<std::int64_t>(&o.sasrec_heads)->default_value(o.sasrec_heads),
     "--arch sasrec: attention heads")
    ("epochs", po::value<std::int64_t>(&o.epochs)->default_value(o.epochs), "training epochs")
    ("batch-size", po::value<std::int64_t>(&o.batch_size)->default_value(o.batch_size),
     "global batch: instances per optimizer step over all ranks and accumulation steps")
    ("accumulation", po::value<std::int64_t>(&o.accumulation)->default_value(o.accumulation),
     "micro-batches per optimizer step on each rank")
    ("lr", po::value<double>(&o.lr)->default_value(o.lr), "peak learning rate (AdamW)")
    ("beta1", po::value<double>(&o.beta1)->default_value(o.beta1), "AdamW beta1")
    ("beta2", po::value<double>(&o.beta2)->default_value(o.beta2), "AdamW beta2")
    ("adam-eps", po::value<double>(&o.eps)->default_value(o.eps), "AdamW epsilon")
    ("weight-decay", po::value<double>(&o.weight_decay)->default_value(o.weight_decay),
     "AdamW weight decay (not on layer-norm weights nor *bias* parameters, as HF Trainer)")
    ("schedule", po::value<std::string>(&o.schedule)->default_value(o.schedule),
     "learning-rate schedule after the warm-up: linear (to 0) | constant")
    ("warmup-steps", po::value<std::int64_t>(&o.warmup_steps)->default_value(o.warmup_steps),
     "linear warm-up steps")
    ("clip-norm", po::value<double>(&o.clip_norm)->default_value(o.clip_norm),
     "gradient clipping by global norm (0: off)")
    ("dropout", po::value<double>(&o.dropout)->default_value(o.dropout),
     "dropout rate (--arch sasrec: 0.2 unless given)")
    ("seed", po::value<std::uint64_t>(&o.seed)->default_value(o.seed),
     "seed of initialisation, data order and dropout")
    ("threads", po::value<int>(&o.threads)->default_value(0), "intra-op threads (0: LibTorch's)")
    ("bf16", po::bool_switch(&o.bf16), "bfloat16 autocast")
    ("dtype", po::value<std::string>(&o.dtype)->default_value(o.dtype),
     "parameter dtype: float32 | float64 (float64 checks exactness, e.g. ranks vs one rank)")
    ("device", po::value<std::string>(&o.device)->default_value(o.device),
     "auto (a GPU when one is visible: the rank's local rank modulo the GPUs, else the CPU) | "
     "cpu | cuda | cuda:N")
    ("bucket-mb", po::value<double>(&o.bucket_mb)->default_value(o.bucket_mb),
     "cap of one gradient all-reduce bucket in MiB")
    ("fail-at-step", po::value<std::int64_t>(&o.fail_at_step)->default_value(0),
     "fault injection: rank --fail-rank throws before this step (0: never)")
    ("kill-at-step", po::value<std::int64_t>(&o.kill_at_step)->default_value(0),
     "fault injection: rank --fail-rank raises SIGKILL before this step (0: never)")
    ("fail-rank", po::value<int>(&o.fail_rank)->default_value(0), "the rank of the fault injection")
    ("max-per-item", po::value<std::int64_t>(&o.max_per_item)->default_value(0),
     "at most this many training instances per target item and task (0: all; Figure 4)")
    ("max-per-item-tasks", po::value<std::string>(&capped_tasks),
     "rec | search | rec,search: the tasks --max-per-item caps (default: every trained task; "
     "Figure 4 caps the added task only)")
    ("task-mix", po::value<double>(&o.task_mix),
     "Gen_R+S: share P in (0,1) of search instances in each epoch, by seeded sub/oversampling "
     "of each task (epoch length unchanged; default: the natural mix, every instance once)")
    ("eval-k", po::value<std::int64_t>(&o.eval_k)->default_value(o.eval_k),
     "K of the validation Recall@K after each epoch")
    ("valid-queries-per-batch", po::value<std::int64_t>(&o.valid_queries_per_batch)
                                    ->default_value(o.valid_queries_per_batch),
     "validation queries decoded together (fixed batches are dealt to the ranks)")
    ("eval-batch-size", po::value<std::int64_t>(&o.valid_queries_per_batch),
     "deprecated name of --valid-queries-per-batch")
    ("checkpoint-every", po::value<std::int64_t>(&o.checkpoint_every)->default_value(0),
     "also checkpoint every this many steps (0: only at the end of each epoch)")
    ("keep-checkpoints", po::value<std::int64_t>(&o.keep_checkpoints)->default_value(o.keep_checkpoints),
     "step checkpoints kept in RUN_DIR/checkpoints (0: all)")
    ("log-every", po::value<std::int64_t>(&o.log_every)->default_value(o.log_every),
     "steps between log.jsonl lines and progress lines")
    ("max-steps", po::value<std::int64_t>(&o.max_steps)->default_value(0),
     "stop with a checkpoint after this global step (0: train to the end); the schedule "
     "still spans all epochs")
    ("no-resume", po::bool_switch(), "start afresh even when RUN_DIR/latest.h5 exists")
    ("quiet", po::bool_switch(), "no progress line");
  // clang-format on
  po::variables_map vm;
  if (!gensr::parse_options(args, desc,
                            "usage: gensr-train --data PREPARED --tasks rec|search|rec,search "
                            "--out RUN_DIR [options]",
                            vm, comm.rank() == 0, {{"eval-batch-size", "valid-queries-per-batch"}}))
    return 0;
  o.model_given = !vm["model"].defaulted();
  gensr::apply_recipe(recipe, o, [&](const std::string& flag) {
    return vm.count(flag) > 0 && !vm[flag].defaulted();
  });
  o.data_dir = data;
  o.tasks = gensr::parse_tasks(tasks);
  if (!capped_tasks.empty()) o.max_per_item_tasks = gensr::parse_tasks(capped_tasks);
  o.resume = !vm["no-resume"].as<bool>();
  o.progress = !vm["quiet"].as<bool>();
  o.program_options_json = gensr::options_to_json(vm).dump();
  gensr::validate(o);  // before the data is read, so that a typo fails at once
  const gensr::PreparedData prepared = gensr::read_prepared(data);
  gensr::install_stop_signals();
  const gensr::TrainSummary s = gensr::train(prepared, o, comm);
  if (comm.rank() == 0) {
    std::cout << "gensr-train: " << (s.resumed ? "resumed, " : "") << "step " << s.global_step
              << "/" << s.total_steps << ", " << s.epochs_done << " epoch(s) ended"
              << (s.stopped_early ? ", stopped at --max-steps" : "");
    if (!s.valid_recall.empty())
      std::cout << ", last validation Recall@" << o.eval_k << " " << s.valid_recall.back();
    std::cout << "; checkpoints in " << o.out_dir << std::endl;
  }
  if (s.preempted) {
    if (comm.rank() == 0)
      std::cout << "gensr-train: stopped by signal " << s.stop_signal << " after step "
                << s.global_step << " with a checkpoint; exit " << gensr::kExitRequeue
                << " (requeue)" << std::endl;
    return gensr::kExitRequeue;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  return gensr::distributed_main("gensr-train", gensr::CommOptions{},
                                 [&](gensr::Communicator& comm) { return run(args, comm); });
}
