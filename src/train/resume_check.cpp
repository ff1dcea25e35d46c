#include "train/resume_check.h"

#include <nlohmann/json.hpp>

#include "util/error.h"

namespace gensr {

namespace {

using Json = nlohmann::json;

struct Defining {
  const char* key;   // in to_json(TrainOptions)
  const char* flag;  // gensr-train's option
};

// What makes a resumed run the run it continues. Compared: what fixes the data order
// (tasks, per-item cap, task mix, seed, batch size, epochs), the model (--arch, T5 preset,
// config file, import, SASRec sizes, parameter dtype, dropout, recipe, tying, initialisation,
// label smoothing), the optimiser (and the position biases' learning-rate scale), the
// learning-rate schedule (which spans epochs x steps per epoch), and eval-k, whose recall
// picks best.h5 across the epochs.
// Not compared, as they leave the result unchanged by design or only change how it is
// computed or recorded: the number of ranks and --accumulation (the global batch is split over
// them), --threads, --device, --bf16 (an autocast speed choice, as the device: parameters and
// moments stay in --dtype, and a run moved to hardware without fast bfloat16 may drop it),
// --bucket-mb, --valid-queries-per-batch (once --eval-batch-size), logging and checkpoint
// frequency, --keep-checkpoints,
// --max-steps (raised to go on), fault injection, and --data / --out, which may move (the data
// fingerprint is checked on its own).
// Two columns by hand: past 20 entries clang-format would put one a line.
// clang-format off
constexpr Defining kDefining[] = {
    {"tasks", "--tasks"},           {"max_per_item", "--max-per-item"},
    {"max_per_item_tasks", "--max-per-item-tasks"},
    {"task_mix", "--task-mix"},     {"seed", "--seed"},
    {"batch_size", "--batch-size"}, {"epochs", "--epochs"},
    {"model", "--model"},           {"model_config", "--model-config"},
    {"init_from", "--init-from"},   {"dtype", "--dtype"},
    {"dropout", "--dropout"},       {"lr", "--lr"},
    {"schedule", "--schedule"},     {"warmup_steps", "--warmup-steps"},
    {"beta1", "--beta1"},           {"beta2", "--beta2"},
    {"eps", "--adam-eps"},          {"weight_decay", "--weight-decay"},
    {"clip_norm", "--clip-norm"},   {"eval_k", "--eval-k"},
    {"arch", "--arch"},             {"sasrec", "--sasrec-*"},
    {"recipe", "--recipe"},         {"tie_embeddings", "--tie-embeddings"},
    {"embedding_init_std", "--embedding-init-std"},
    {"label_smoothing", "--label-smoothing"},
    {"position_bias_lr_scale", "--position-bias-lr-scale"},
    {"embedding_lr_scale", "--embedding-lr-scale"},
};
// clang-format on

std::string spelled(const Json& v) {
  if (!v.is_string()) return v.dump();
  const auto& s = v.get_ref<const std::string&>();
  return s.empty() ? "(none)" : s;
}

std::string options(const std::vector<OptionChange>& changes, bool saved) {
  std::string s;
  for (const OptionChange& c : changes)
    s += (s.empty() ? "" : " ") + c.flag + " " + (saved ? c.saved : c.current);
  return s;
}

}  // namespace

std::vector<OptionChange> run_defining_changes(const Json& saved, const Json& current) {
  std::vector<OptionChange> changes;
  if (!saved.is_object() || !current.is_object()) return changes;
  for (const Defining& d : kDefining) {
    const auto s = saved.find(d.key), c = current.find(d.key);
    // nlohmann's == compares numbers by value across integer, unsigned and float.
    if (s == saved.end() || c == current.end() || *s == *c) continue;
    changes.push_back({d.flag, spelled(*s), spelled(*c)});
  }
  return changes;
}

void check_resume_options(const std::string& checkpoint, const std::string& saved_json,
                          const Json& current) {
  const Json saved = Json::parse(saved_json, nullptr, /*allow_exceptions=*/false);
  const auto changes = run_defining_changes(saved, current);
  if (changes.empty()) return;
  throw UsageError(checkpoint + " was trained with " + options(changes, true) +
                   "; this run asks for " + options(changes, false) +
                   ": resume with the same values, or train into a new --out (or pass "
                   "--no-resume to start afresh)");
}

}  // namespace gensr
