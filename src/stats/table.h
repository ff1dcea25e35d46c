#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "data/dataset.h"
#include "data/splits.h"

// One row of the paper's Table 3, computed from a dataset and its splits.
namespace gensr::stats {

struct RecStats {
  std::int64_t items = 0;         // distinct items in the kept users' interactions
  std::int64_t users = 0;         // kept users (>= min_items interactions)
  std::int64_t interactions = 0;  // the kept users' interactions
  double density = 0;             // interactions / (users * items)
  double gini = 0;                // over the training popularity of these items
  std::int64_t train_instances = 0;
  std::int64_t dropped_users = 0;
};

struct SearchStats {
  std::int64_t items = 0;    // distinct items relevant (relevance >= 1) to some query
  std::int64_t queries = 0;  // queries with at least one relevant item, all splits
  double avg_relevant = 0;   // relevant (query, item) pairs / queries
  double gini = 0;           // over the training popularity of these items
  std::int64_t train_instances = 0;
};

// Both popularity distributions over the union of items with a training instance in either task,
// add-one smoothed.
struct Comparison {
  std::int64_t union_items = 0;
  double ks = 0;      // Kolmogorov distance, items ordered by recommendation popularity
  double kl_s_r = 0;  // KL(S || R)
  double kl_r_s = 0;  // KL(R || S)
};

struct DatasetStats {
  std::string name;
  std::optional<RecStats> rec;           // absent when the dataset has no interactions
  std::optional<SearchStats> search;     // absent when it has no queries
  std::optional<Comparison> comparison;  // needs both tasks
};

DatasetStats dataset_stats(const std::string& name, const Dataset& d, const RecSplits& rec,
                           const SearchSplits& search);

nlohmann::json to_json(const DatasetStats& s);

// Table 3 as a Markdown table, one row per dataset, "-" where a task is absent.
std::string stats_markdown(const std::vector<DatasetStats>& rows);

}  // namespace gensr::stats
