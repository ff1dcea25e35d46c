#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "eval/per_query_table.h"
#include "eval/significance.h"

namespace gensr {

// One metric on one slice, system B against system A over the same queries.
struct MetricComparison {
  std::string slice;   // all | head | torso (as in the tables)
  std::string metric;  // recall | ndcg | mrr
  PairedTTest test;    // mean_a, mean_b, t, df, two-sided p, relative improvement of B over A
};

// Paired two-sided t-tests of every metric on every slice the tables have (All, Head, Torso
// first, then any other slice in name order). Both tables must hold the same slices and, per
// slice, the same queries: otherwise a UsageError names the first differing query.
std::vector<MetricComparison> compare_tables(const PerQueryTable& a, const PerQueryTable& b,
                                             const std::string& a_name, const std::string& b_name);

nlohmann::json comparison_json(const std::vector<MetricComparison>& rows, double alpha);
// A Markdown table: slice, metric, queries, A, B, relative improvement, p, significance mark.
std::string comparison_markdown(const std::vector<MetricComparison>& rows,
                                const std::string& a_name, const std::string& b_name, double alpha);

}  // namespace gensr
