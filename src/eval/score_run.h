#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

namespace gensr {

struct ScoreRunOptions {
  std::string run;   // TREC run file
  std::string data;  // prepared folder
  std::string task;  // rec | search
  std::string split = "test";
  std::int64_t k = 10;
  std::string out;
};

// `gensr-eval score`: the metrics and outputs of a checkpoint evaluation for any TREC run file
// (baselines, other systems) over the same evaluation queries. Returns the summary.
nlohmann::json score_run_file(const ScoreRunOptions& opt);

}  // namespace gensr
