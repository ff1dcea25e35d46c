#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace gensr {

struct AnalyseOptions {
  std::string joint, single;  // eval output folders (their run.trec) or run files
  std::string data;           // prepared folder both were evaluated on
  std::string task;           // rec | search
  std::string split = "test";
  std::int64_t k = 0;  // 0: the K of the joint evaluation's summary.json
  std::string out;
};

// `gensr-eval analyse`: the paper's Tables 6-8 for a joint model against a single-task one
// (definitions in docs/evaluation.md); writes analysis.json and analysis.md into `out`.
nlohmann::json analyse_runs(const AnalyseOptions& opt);

}  // namespace gensr
