#include "train/trainer.h"

#include <chrono>
#include <cmath>
#include <csignal>
#include <filesystem>
#include <iostream>
#include <limits>
#include <sstream>

#include <ATen/ATen.h>
#include <c10/core/GradMode.h>
// clip_grad.h uses torch::Tensor without including its definition: types.h must come first.
#include <torch/types.h>

#include <torch/nn/utils/clip_grad.h>
#include <nlohmann/json.hpp>

#include "ckpt/checkpoint.h"
#include "ckpt/run_dir.h"
#include "ckpt/run_dir_lock.h"
#include "data/prepared.h"
#include "dist/bucket_sync.h"
#include "dist/communicator.h"
#include "model/autocast.h"
#include "model/device.h"
#include "model/sasrec.h"
#include "model/t5.h"
#include "model/t5_retrieval.h"
#include "model/threads.h"
#include "train/collate.h"
#include "train/init_from.h"
#include "train/optimizer.h"
#include "train/resume_check.h"
#include "train/rng_state.h"
#include "train/run_log.h"
#include "train/schedule.h"
#include "train/stop_signal.h"
#include "train/validation.h"
#include "util/error.h"
#include "util/heap.h"
#include "util/provenance.h"

namespace gensr {

namespace {

using Json = nlohmann::json;

T5Config model_config(const TrainOptions& o, const PreparedData& data) {
  T5Config c = !o.init_from.empty()     ? init_from_config(o.init_from, data)
               : o.model_config.empty() ? t5_preset(o.model)
                                        : read_t5_config(o.model_config);
  c.vocab_size = data.vocab_size();
  c.dropout_rate = o.dropout;
  if (o.init_from.empty()) c.tie_word_embeddings = o.tie_embeddings;
  validate(c);
  return c;
}

SASRecConfig sasrec_config(const TrainOptions& o, const PreparedData& data) {
  if (data.semantic_ids())
    throw UsageError(
        "--arch sasrec scores one token per item; this data was prepared with "
        "--item-ids (semantic IDs): use --arch t5, or prepare it without --item-ids");
  SASRecConfig c;
  c.num_items = data.num_items();
  c.item_offset = data.item_offset;
  c.max_length = data.max_history;
  c.hidden = o.sasrec_hidden;
  c.num_blocks = o.sasrec_blocks;
  c.num_heads = o.sasrec_heads;
  c.dropout_rate = o.dropout;
  validate(c);
  return c;
}

// The transport of the gradient buckets follows where the parameters live: MPI for CPU,
// NCCL for CUDA.
std::unique_ptr<GradientBuckets> make_buckets(torch::nn::Module& model, const TrainOptions& o,
                                              Communicator& comm) {
  const std::vector<at::Tensor> params = model.parameters();
  const int device = params.front().is_cuda() ? params.front().get_device() : -1;
  const auto cap = static_cast<std::size_t>(o.bucket_mb * 1024 * 1024);
  return std::make_unique<GradientBuckets>(params, cap, make_flat_all_reduce(comm, device));
}

// Rank 0's initial parameters on every rank (they agree already when seeded alike; this makes
// it a guarantee). Once, before training: through the host, which MPI can always read.
void broadcast_parameters(torch::nn::Module& model, Communicator& comm) {
  if (comm.size() == 1) return;
  c10::NoGradGuard no_grad;
  for (auto& p : model.parameters()) {
    at::Tensor host = p.to(at::kCPU).contiguous();
    comm.broadcast(host.data_ptr(), static_cast<std::size_t>(host.numel() * host.element_size()),
                   0);
    if (!host.is_same(p)) p.copy_(host);
  }
}

// Loss sums and target-token counts of one step, per task.
struct StepLoss {
  double sum[2] = {0, 0};
  double tokens[2] = {0, 0};
  double total_sum() const { return sum[0] + sum[1]; }
  double total_tokens() const { return tokens[0] + tokens[1]; }
  void add(const StepLoss& o) {
    for (int t = 0; t < 2; ++t) sum[t] += o.sum[t], tokens[t] += o.tokens[t];
  }
};

// What a "train" line of log.jsonl sums over: the steps since the previous line.
struct LogInterval {
  StepLoss loss;
  std::int64_t instances = 0;
  std::int64_t first_step = 0;
  double allreduce_mark = 0;  // GradientBuckets::seconds() at the start
  std::chrono::steady_clock::time_point start;
  void restart(std::int64_t step, double allreduce_seconds) {
    *this = LogInterval{};
    first_step = step;
    allreduce_mark = allreduce_seconds;
    start = std::chrono::steady_clock::now();
  }
};

class Trainer {
 public:
  Trainer(const PreparedData& data, const TrainOptions& o, Communicator& comm)
      : data_(data),
        o_(o),
        comm_(comm),
        run_dir_(o.out_dir),
        sampler_(training_instances(data, o.tasks, o.max_per_item, o.seed, o.max_per_item_tasks),
                 o.seed, o.batch_size, o.task_mix),
        sasrec_(o.arch == "sasrec"),
        config_(sasrec_ ? T5Config{} : model_config(o, data)),
        sasrec_config_(sasrec_ ? sasrec_config(o, data) : SASRecConfig{}),
        device_(resolve_device(o.device, comm.local_rank())) {}

  // One epoch after another, each ended by validation and a checkpoint, until the last epoch,
  // --max-steps or a stop signal.
  TrainSummary run() {
    start();
    while (state_.epoch < o_.epochs) {
      if (!train_epoch()) break;
      end_epoch();
      if (reached_max_steps() && state_.epoch < o_.epochs) {
        summary_.stopped_early = true;
        break;
      }
    }
    return finish();
  }

 private:
  void start();
  bool train_epoch();
  void train_step();
  StepLoss step(const std::vector<InstanceRef>& global_batch, double* grad_norm);
  void log_interval(double lr, double grad_norm);
  void end_epoch();
  TrainSummary finish();
  void build_model(bool resuming);
  void save(bool update_best);
  Json config_json() const;
  Json meta_json() const;
  Json model_json() const;
  torch::nn::Module& module() { return model_->module(); }
  bool stop_agreed();
  bool reached_max_steps() const { return o_.max_steps > 0 && state_.global_step >= o_.max_steps; }
  double allreduce_seconds() const { return buckets_ ? buckets_->seconds() : 0.0; }
  double scheduled() const {
    return scheduled_lr(o_.schedule, o_.lr, state_.global_step, o_.warmup_steps, total_steps_);
  }
  void inject_fault() const;

  const PreparedData& data_;
  const TrainOptions& o_;
  Communicator& comm_;
  RunDir run_dir_;
  Sampler sampler_;
  bool sasrec_;
  T5Config config_;  // of a T5 (--arch t5)
  SASRecConfig sasrec_config_;
  c10::Device device_;
  std::shared_ptr<RetrievalModel> model_;
  std::unique_ptr<TrainingOptimizer> optimizer_;
  TrainerState state_;
  std::int64_t total_steps_ = 0;
  std::int64_t last_saved_step_ = -1;
  std::unique_ptr<RunDirLock> lock_;
  std::unique_ptr<RunLog> log_;
  std::unique_ptr<Progress> progress_;
  LogInterval interval_;
  std::unique_ptr<GradientBuckets> buckets_;
  TrainSummary summary_;
};

// Rank 0 takes the run directory; a resume is checked against the checkpoint before any work;
// the model starts from the checkpoint, an import or a seeded initialisation; then config.json
// and the log.
void Trainer::start() {
  set_intra_op_threads(o_.threads);
  keep_freed_memory();
  total_steps_ = o_.epochs * sampler_.steps_per_epoch();
  summary_.total_steps = total_steps_;
  // Initialisation draws from the CPU generator on every device, so a GPU run starts from the
  // weights a CPU run starts from.
  seed_generators(mix_seed({o_.seed, 0x1417}), device_);
  if (comm_.rank() == 0) lock_ = run_dir_.create_and_lock();  // rank 0 alone writes the folder
  const std::string latest = run_dir_.latest_checkpoint_path();
  const bool resuming = o_.resume && std::filesystem::exists(latest);
  if (resuming) {  // refused before any work when the checkpoint is of other data or options
    const CheckpointMeta meta = read_checkpoint_meta(latest);
    check_fingerprint(latest, meta, data_.fingerprint);
    check_resume_options(latest, meta.training_config_json, meta_json());
  }
  build_model(resuming);
  optimizer_ = std::make_unique<TrainingOptimizer>(module(), o_);
  if (resuming) {
    load_model(latest, module());
    optimizer_->load(latest);
    state_ = read_trainer_state(latest);
    set_cpu_rng_state(state_.rng_state);
    last_saved_step_ = state_.global_step;
    summary_.resumed = true;
  } else {
    broadcast_parameters(module(), comm_);
  }
  // One rank has nothing to sum (and a CUDA build without NCCL may still train on one GPU).
  if (comm_.size() > 1) buckets_ = make_buckets(module(), o_, comm_);
  if (comm_.rank() == 0) {
    run_dir_.start(config_json().dump(2) + "\n");
    log_ =
        std::make_unique<RunLog>(run_dir_.log_path(), summary_.resumed ? state_.global_step : -1);
  }
  progress_ = std::make_unique<Progress>(state_.global_step, total_steps_);
  interval_.restart(state_.global_step, 0);
}

// A resume continues from latest.h5, so the imported weights matter only for a fresh start.
void Trainer::build_model(bool resuming) {
  if (sasrec_) {
    model_ = SASRec(sasrec_config_).ptr();
  } else {
    T5 t5 = !resuming && !o_.init_from.empty() ? init_from_model(o_.init_from, data_, o_.dropout)
                                               : T5(config_);
    if (o_.embedding_init_std > 0) t5->init_embeddings(o_.embedding_init_std);
    model_ = std::make_shared<T5Retrieval>(t5, o_.label_smoothing);
  }
  module().to(device_, o_.dtype == "float64" ? at::kDouble : at::kFloat);
}

// Steps to the end of the epoch; false when a stop signal or --max-steps ended it early (with
// a checkpoint).
bool Trainer::train_epoch() {
  while (state_.position < sampler_.size()) {
    if (stop_agreed()) {
      save(false);
      summary_.preempted = true;
      if (comm_.rank() == 0)
        log_->write(
            {{"type", "stop"}, {"step", state_.global_step}, {"signal", summary_.stop_signal}});
      return false;
    }
    inject_fault();
    if (reached_max_steps()) {
      save(false);
      summary_.stopped_early = true;
      return false;
    }
    train_step();
  }
  ++state_.epoch;
  state_.position = 0;
  return true;
}

void Trainer::train_step() {
  const auto batch = sampler_.global_batch_at(state_.epoch, state_.position);
  double grad_norm = 0;
  const StepLoss loss = step(batch, &grad_norm);
  const double lr = scheduled();  // of the step just taken
  ++state_.global_step;
  state_.position += static_cast<std::int64_t>(batch.size());
  summary_.losses.push_back(loss.total_sum() / loss.total_tokens());
  interval_.loss.add(loss);
  interval_.instances += static_cast<std::int64_t>(batch.size());

  const bool epoch_done = state_.position >= sampler_.size();
  if (state_.global_step % o_.log_every == 0 || epoch_done) log_interval(lr, grad_norm);
  if (!epoch_done && o_.checkpoint_every > 0 && state_.global_step % o_.checkpoint_every == 0)
    save(false);
}

StepLoss Trainer::step(const std::vector<InstanceRef>& global_batch, double* grad_norm) {
  const std::vector<InstanceRef> mine =
      Sampler::rank_slice(global_batch, comm_.rank(), comm_.size());
  std::vector<Batch> micro;
  double tokens = 0;
  for (int a = 0; a < o_.accumulation; ++a) {
    const auto [b, e] =
        even_slice(static_cast<std::int64_t>(mine.size()), a, static_cast<int>(o_.accumulation));
    if (b == e) continue;
    micro.push_back(collate(data_, {mine.begin() + b, mine.begin() + e}));
    Batch& m = micro.back();
    for (std::int64_t n : m.label_tokens)
      tokens += static_cast<double>(model_->targets_per_instance(n));
    m.input_ids = m.input_ids.to(device_);
    m.attention_mask = m.attention_mask.to(device_);
    m.labels = m.labels.to(device_);
  }
  // The mean is over the global batch's target tokens, so that a partial last batch is
  // averaged by its true size and N ranks compute what one rank would.
  const double global_tokens = comm_.all_reduce(tokens, ReduceOp::kSum);

  seed_generators(mix_seed({o_.seed, 0xd0d0, static_cast<std::uint64_t>(state_.global_step),
                            static_cast<std::uint64_t>(comm_.rank())}),
                  device_);
  optimizer_->set_lr(scheduled());
  module().train();
  optimizer_->zero_grad();
  StepLoss loss;
  for (const Batch& b : micro) {
    // Gradients of earlier micro-batches only accumulate; the last one's backward starts the
    // all-reduce of each bucket as its gradients become final.
    if (buckets_ && &b == &micro.back()) buckets_->arm();
    at::Tensor per_instance;
    {
      AutocastGuard autocast(o_.bf16, device_.type());
      per_instance = model_->instance_losses(b.input_ids, b.attention_mask, b.labels);
    }
    (per_instance.sum() / global_tokens).backward();
    const at::Tensor values = per_instance.detach().to(at::kCPU, at::kDouble).contiguous();
    const double* v = values.data_ptr<double>();
    for (std::int64_t r = 0; r < b.size(); ++r) {
      const int t = static_cast<int>(b.tasks[r]);
      loss.sum[t] += v[r];
      loss.tokens[t] += static_cast<double>(model_->targets_per_instance(b.label_tokens[r]));
    }
  }
  comm_.all_reduce(loss.sum, 2, ReduceOp::kSum);
  comm_.all_reduce(loss.tokens, 2, ReduceOp::kSum);
  const double mean = loss.total_sum() / loss.total_tokens();
  if (!std::isfinite(mean))
    throw Error("training loss is not finite at step " + std::to_string(state_.global_step + 1) +
                " (epoch " + std::to_string(state_.epoch + 1) + "); lower --lr or check the data");
  // Each rank's loss is already divided by the global number of target tokens, so the sum
  // over ranks is the gradient of the global mean; clipping sees the summed gradient.
  if (buckets_) buckets_->sum_gradients();
  const double max_norm = o_.clip_norm > 0 ? o_.clip_norm : std::numeric_limits<double>::infinity();
  *grad_norm = torch::nn::utils::clip_grad_norm_(module().parameters(), max_norm);
  optimizer_->step();
  return loss;
}

// One "train" line of log.jsonl (and the progress line) for the steps since the last one.
void Trainer::log_interval(double lr, double grad_norm) {
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - interval_.start).count();
  const double rate = static_cast<double>(interval_.instances) / std::max(seconds, 1e-9);
  const StepLoss& loss = interval_.loss;
  const double mean = loss.total_sum() / loss.total_tokens();
  if (comm_.rank() == 0) {
    Json r = {{"type", "train"},
              {"step", state_.global_step},
              {"epoch", static_cast<double>(state_.global_step) /
                            static_cast<double>(sampler_.steps_per_epoch())},
              {"loss", mean},
              {"lr", lr},
              {"grad_norm", grad_norm},
              {"instances_per_s", rate}};
    const auto steps = static_cast<double>(state_.global_step - interval_.first_step);
    r["step_s"] = seconds / steps;
    r["allreduce_s"] = (allreduce_seconds() - interval_.allreduce_mark) / steps;
    for (Task t : o_.tasks) {
      const int i = static_cast<int>(t);
      r[std::string("loss_") + task_name(t)] =
          loss.tokens[i] > 0 ? Json(loss.sum[i] / loss.tokens[i]) : Json();
    }
    log_->write(r);
    if (o_.progress) progress_->report(state_.global_step, state_.epoch, o_.epochs, mean, rate);
  }
  interval_.restart(state_.global_step, allreduce_seconds());
}

// SIGUSR1/SIGTERM may reach one rank only (or ranks at different moments): the ranks agree at
// the step boundary, so all stop after the same step and rank 0's checkpoint is everyone's.
bool Trainer::stop_agreed() {
  const auto mine = static_cast<std::int64_t>(stop_signal_number());
  summary_.stop_signal = comm_.size() > 1 ? comm_.all_reduce(mine, ReduceOp::kMax) : mine;
  return summary_.stop_signal != 0;
}

// --fail-at-step / --kill-at-step: lets tests check that one failing rank ends the whole job
// with its rank named instead of leaving the others waiting.
void Trainer::inject_fault() const {
  if (comm_.rank() != o_.fail_rank) return;
  const std::int64_t next = state_.global_step + 1;
  const std::string where =
      "rank " + std::to_string(comm_.rank()) + " at step " + std::to_string(next);
  if (o_.fail_at_step == next) throw Error("fault injection (--fail-at-step): " + where);
  if (o_.kill_at_step == next) {
    std::cerr << "gensr-train: fault injection (--kill-at-step): SIGKILL to " << where << std::endl;
    std::raise(SIGKILL);
  }
}

Json Trainer::meta_json() const {
  Json j = to_json(o_);
  j["world_size"] = comm_.size();
  j["device_used"] = device_.str();
  j["global_batch"] = sampler_.global_batch();
  j["steps_per_epoch"] = sampler_.steps_per_epoch();
  j["total_steps"] = total_steps_;
  j["training_instances"] = sampler_.size();
  j["rec_instances_per_epoch"] = sampler_.per_epoch(Task::kRec);
  j["search_instances_per_epoch"] = sampler_.per_epoch(Task::kSearch);
  return j;
}

Json Trainer::model_json() const {
  return sasrec_ ? sasrec_config_to_json(sasrec_config_) : t5_config_to_hf_json(config_);
}

Json Trainer::config_json() const {
  Json j;
  j["training"] = meta_json();
  j["intra_op_threads"] = set_intra_op_threads(0);
  if (!o_.program_options_json.empty()) j["options"] = Json::parse(o_.program_options_json);
  j["model"] = model_json();
  j["data"] = {{"fingerprint", data_.fingerprint},
               {"item_offset", data_.item_offset},
               {"items", data_.num_items()},
               {"rec_train", data_.rec_train.size()},
               {"search_train", data_.search_train.size()}};
  j["provenance"] = provenance("gensr-train-config", 1);
  return j;
}

void Trainer::save(bool update_best) {
  if (last_saved_step_ == state_.global_step && !update_best) return;
  state_.world_size = comm_.size();
  state_.rng_state = cpu_rng_state();
  if (comm_.rank() == 0) {
    CheckpointMeta meta;
    meta.model_config_json = model_json().dump();
    meta.training_config_json = meta_json().dump();
    meta.item_offset = data_.item_offset;
    meta.data_fingerprint = data_.fingerprint;
    meta.items = data_.item_ids;
    meta.tokenizer = data_.tokenizer;
    if (last_saved_step_ != state_.global_step)
      write_checkpoint(run_dir_.step_checkpoint_path(state_.global_step), module(),
                       optimizer_->writer(), state_, meta);
    run_dir_.publish_checkpoint(state_.global_step, update_best, o_.keep_checkpoints);
  }
  last_saved_step_ = state_.global_step;
}

// Validation recall of every trained task; best.h5 follows their mean (or the last epoch when
// a task has no validation instances).
void Trainer::end_epoch() {
  Json record = {
      {"type", "valid"}, {"step", state_.global_step}, {"epoch", state_.epoch}, {"k", o_.eval_k}};
  Json recall = Json::object();
  double sum = 0;
  bool all_have_queries = true;
  for (Task t : o_.tasks) {
    const auto queries = data_.eval_queries(t, Split::kValid);
    if (queries.empty()) {
      all_have_queries = false;
      record["note"] = std::string(task_name(t)) +
                       " has no validation instances; best.h5 follows the last epoch";
      continue;
    }
    const RecallResult r =
        recall_at_k(*model_, data_, queries, o_.eval_k, o_.valid_queries_per_batch, o_.bf16, comm_);
    recall[task_name(t)] = r.recall;
    sum += r.recall;
  }
  record["valid_recall"] = recall;
  bool best = true;
  if (all_have_queries) {
    const double mean = sum / static_cast<double>(o_.tasks.size());
    record["valid_mean_recall"] = mean;
    summary_.valid_recall.push_back(mean);
    best = mean > state_.best_metric;
    if (best) state_.best_metric = mean;
  }
  if (best) state_.best_step = state_.global_step;
  record["best"] = best;
  save(best);
  if (comm_.rank() == 0) log_->write(record);
  ++summary_.epochs_done;
}

TrainSummary Trainer::finish() {
  summary_.global_step = state_.global_step;
  summary_.best_metric = state_.best_metric;
  comm_.barrier();
  return summary_;
}

}  // namespace

TrainSummary train(const PreparedData& data, const TrainOptions& options, Communicator& comm) {
  validate(options, data);
  Trainer trainer(data, options, comm);
  return trainer.run();
}

}  // namespace gensr
