#pragma once

#include <cstdint>

#include "data/dataset.h"

// SIM2 (paper section 5, hypothesis H2, search helping recommendation): items fall in clusters
// whose members co-occur in user histories, and `query_match` sets the share of each item's
// queries that carry its cluster's one shared text (the rest get random texts of their own).
namespace gensr::sim {

struct Sim2Options {
  std::uint64_t seed = 42;
  std::int32_t clusters = 5;
  std::int32_t cluster_size = 6;
  std::int32_t users = 300;
  std::int32_t history_length = 10;
  double query_match = 1.0;  // 0..1
  // Training queries per item; 0: round(users * (length - 3) / items), as many search training
  // instances as recommendation ones. Every item also gets one valid and one test query.
  std::int32_t train_queries_per_item = 0;
  std::int32_t query_words = 4;
  double sample = 1.0;
};

Dataset simulate_sim2(const Sim2Options& opt);

}  // namespace gensr::sim
