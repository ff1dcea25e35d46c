#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "data/dataset.h"

// What every simulator builds before it becomes a gensr::Dataset, and the bookkeeping they share
// (sampling, training-instance counts, the realized values recorded in dataset.json).
namespace gensr::sim {

struct SimQuery {
  std::string text;
  Split split = Split::kTrain;
  std::vector<std::int32_t> relevant;  // item indices, relevance 1
};

struct SimData {
  std::vector<std::string> item_ids;
  std::vector<std::vector<std::int32_t>> histories;  // one per user, oldest first
  std::vector<SimQuery> queries;
};

// Users are u0000.., queries q00000.. in order; a user's timestamps are the positions 0..t-1.
// `info` becomes dataset.json (write_dataset adds the provenance).
Dataset to_dataset(const SimData& s, nlohmann::json info);

// Training instances per item index under the paper's protocol: a history of t >= 4 items gives
// targets at positions 2..t-2 (1-based); a training query gives one per relevant item.
std::vector<std::int64_t> rec_train_counts(const SimData& s);
std::vector<std::int64_t> search_train_counts(const SimData& s);

// `--sample F`: keeps a seeded fraction F of the users (whole sequences, so the rec evaluation
// sets shrink too) and of the training queries (the search evaluation queries are all kept, since
// SIM3 has only one test paraphrase per topic). Returns the counts before and after.
nlohmann::json sample_training(SimData& s, double fraction, std::uint64_t seed);

// Counts of users, interactions, queries per split, qrels and training instances per task.
nlohmann::json counts_json(const SimData& s);

// Table 3's comparison on the generated training counts (the same numbers `gensr-data stats`
// reports): KS distance and KL both ways over the union of items, add-one smoothed.
nlohmann::json training_popularity_json(const SimData& s);

// A text of `words` pseudo-words (consonant-vowel syllables), meaningless by construction.
std::string random_text(std::mt19937_64& g, int words);

// Items named prefix + zero-padded index ("i07"); opaque, so no item id leaks its group.
std::vector<std::string> numbered_ids(const std::string& prefix, std::int32_t n);

}  // namespace gensr::sim
