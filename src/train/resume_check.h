#pragma once

#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace gensr {

// One option that defines a run whose value differs between a checkpoint and this run.
struct OptionChange {
  std::string flag;     // e.g. "--batch-size"
  std::string saved;    // the checkpoint's value, as a command line spells it
  std::string current;  // this run's value
};

// The run-defining options (data order, model, optimisation and schedule) whose values differ
// between `saved`, a checkpoint's training config (Trainer's meta JSON), and `current`. Keys
// absent from `saved` (checkpoints written before the key existed) are not compared.
std::vector<OptionChange> run_defining_changes(const nlohmann::json& saved,
                                               const nlohmann::json& current);

// Throws UsageError naming every change, each with both values, when resuming `checkpoint`
// (whose training config is the text `saved_json`) with `current` would continue another run.
void check_resume_options(const std::string& checkpoint, const std::string& saved_json,
                          const nlohmann::json& current);

}  // namespace gensr
