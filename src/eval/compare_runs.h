#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace gensr {

struct CompareOptions {
  std::string a, b;  // eval output folders or their per_query.tsv files
  double alpha = 0.05;
  std::string out;
};

// `gensr-eval compare A B`: paired two-sided t-tests (B against A) per metric and slice over
// the queries both were evaluated on, with relative improvements; writes compare.json and
// compare.md into `out` and returns both. Folders whose summary.json say they evaluated
// different data, tasks, splits or K are refused.
struct CompareResult {
  nlohmann::json json;
  std::string markdown;
};
CompareResult compare_evaluations(const CompareOptions& opt);

}  // namespace gensr
